"""Find corpus papers named in abstracts, linking a name only when it clearly means that paper.

A short name is not an identity: two methods can share one ("DiT", "SiT"), a paper
can reuse another's name for its own method, and many names of well-known works
are not in the corpus at all. A wrong link is worse than a missing one, so a name
is linked only when its context agrees with one corpus paper and no other.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterator

from .model import Mention, Paper
from .related import Vectors, tokens
from .names import (FIELD_WORDS, GENERIC, Phrases, is_name, title_description, title_head, title_name, version_stem,
                    words_regex)
from .workers import map_in_order

# The mentioning abstract must be at least this similar to the named paper.
MIN_CONTEXT = 0.08
# Below this similarity the two papers must also share a topic.
CLEARLY_SIMILAR = 0.25
# With two candidates for a name, the better must be this many times as similar.
MARGIN = 2.0
# A name claimed by more papers than this is never linked (and not worth resolving).
MAX_OWNERS = 8
# A paper's distinctive name (its title's name, or one it introduces: "dubbed ConvNeXt") needs
# less context: this similarity and a topic in common. Backbones named as baselines
# ("on ViT, DeiT and Swin") sit in papers whose words are otherwise about something else.
DISTINCTIVE_CONTEXT = 0.015
# A lowercase word written in this many papers is a word, not a coined name ("Vision").
COMMON_WORD_PAPERS = 3
# What may follow a name and still name the same work: a model size ("Swin-B", "DiT-XL/2",
# "DiT XL/2"), a release ("CogVideoX-v1.5"), a dimension ("DiT-2D"), the first version itself
# ("EfficientFormerV1"; a "V2" is another paper).
_SUFFIX = (r"(?:-(?:XXL|XL|Ti|Tiny|Small|Base|Large|Huge|Giant|[TSBLMHG])(?:[/-]\d{1,2})?"
           r"|-v\d+(?:\.\d+)?|-\dD| XL/\d{1,2}|[vV]1)")
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "Σ": "Sigma", "σ": "sigma", "Ω": "Omega",
          "λ": "lambda", "μ": "mu"}
# An acronym in parentheses names the paper when the words before it hold this share of the
# title's words ("Sliced Recursive Transformer (SReT)").
ABBREVIATES_TITLE = 0.8
# Longer titles are not looked for in curated text (no one quotes them whole).
LINKED_TITLE_MAX = 300
_NAME_TOKEN = re.compile(r"[A-Za-z0-9][\w.+-]*")
# "our Gaussian mixture mask (GMM)", "namely SiT", "dubbed X": the paper names its own method.
_INTRODUCES = re.compile(
    r"\b(?:namely|dubbed|called|named|termed|coined|denoted(?: as)?|known as|referred to as|"
    r"we (?:propose|present|introduce|call)|our|"
    r"the proposed|this paper proposes|this work proposes)\s+", re.IGNORECASE)
_CONNECTORS = frozenset("our a an the new novel simple model models method approach framework network "
                        "architecture module family series called named dubbed as it".split())
_WORD = re.compile(r"[(\[]?([A-Za-z][\w+-]*)[)\],;:.]{0,2}")
# "Sliced Recursive Transformer (SReT)": up to six words, then a name in parentheses.
_PARENTHESIZED = re.compile(r"\((?P<name>[A-Za-z][\w+-]{1,15})\)")
# Read backwards from the parenthesis, on the reversed text: one anchored match instead of a
# search for six words at every place of the window (see `words_before`).
_WORDS_BEFORE_REVERSED = re.compile(r"(?:\s+[\w-]*[A-Za-z]){1,6}")
# Where those six words are looked for: enough for six long words, and the search stays short.
_WORDS_BEFORE_REACH = 400


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Every usable paper name, the papers that carry it, and each paper's own names."""

    owners: dict[str, tuple[int, ...]]
    pattern: re.Pattern[str] | None
    own: tuple[frozenset[str], ...] = ()
    distinctive: tuple[frozenset[str], ...] = ()  # per paper: its title's name and the names it introduces


def own_names(paper: Paper) -> frozenset[str]:
    """Names the paper gives its own work: its title name and acronyms it introduces."""
    return _own_names(paper.title, paper.abstract)[0]


def _own_names(title: str, abstract: str) -> tuple[frozenset[str], frozenset[str]]:
    """The paper's own names, and those of them that are distinctive: its title's name and the
    names it introduces ("dubbed ConvNeXt"), not acronyms merely spelled out in its abstract."""
    names = set()
    if name := title_name(title):
        names.add(name)
    title_words = set(tokens(title_description(title) or title)) - FIELD_WORDS
    for full, name in _defined(abstract):
        full_words = set(tokens(full)) - FIELD_WORDS
        shared = len(full_words & title_words)
        # "Sliced Recursive Transformer (SReT)" abbreviates the title; "text-to-image (T2I)" does not.
        if _acronym_like(name) and title_words and shared >= ABBREVIATES_TITLE * len(title_words) \
                and shared * 2 >= len(full_words):
            names.add(name)
    introduced = introduced_names(abstract, title)
    names |= introduced
    used = title + " " + abstract
    # "DiTs" also names the singular "DiT"; a plural counts only if the paper writes it ("SiTs").
    own = frozenset(v for n in names if is_name(n) for v in _variants(n)
                    if len(v) <= len(n) or re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", used))
    marked = introduced | ({titled} if (titled := title_name(title)) else set())
    return own, frozenset(v for n in marked for v in _variants(n) if v in own)


def _defined(text: str) -> Iterator[tuple[str, str]]:
    """(words, name) for each "words (NAME)": found from each parenthesis, looking back.

    A regex that tries one to six words at every position of the text costs far more
    than looking back from the few parentheses there are.
    """
    done = 0
    for m in _PARENTHESIZED.finditer(text):
        before = words_before(text, max(done, m.start() - _WORDS_BEFORE_REACH), m.start())
        if before:
            yield before, m["name"]
            done = m.end()


def words_before(text: str, start: int, end: int) -> str | None:
    """What a search for `(?:[A-Za-z][\\w-]*\\s+){1,6}\\Z` in `text[start:end]` finds: the most
    words (up to six, each followed by white space) it ends with; None if it ends otherwise.

    Greedy on the reversed text is the longest match: each word taken whole leaves nothing
    another word could begin with but white space.
    """
    found = _WORDS_BEFORE_REVERSED.match(text[start:end][::-1])
    return text[end - found.end():end] if found else None


def introduced_names(abstract: str, title: str | None = None) -> set[str]:
    """Names an abstract gives its own method: "namely SiT", "our model X (ABBR)", "dubbed X".

    With a title, an acronym after a spelled-out phrase must abbreviate that title:
    "namely Parameter-Efficient Fine-Tuning (PEFT)" names a field, not the paper's method.
    """
    title_words = set(tokens(title)) - FIELD_WORDS if title else set()
    found = set()
    for m in _INTRODUCES.finditer(abstract):
        words = _next_words(abstract, m.end(), 7)
        spelled: list[str] = []
        for n, word in enumerate(words):
            w = _WORD.fullmatch(word)
            if w is None:
                break
            name = w.group(1)
            following = words[n + 1] if n + 1 < len(words) else ""
            # Not the first word of a longer name ("DeepSpeed Inference").
            if _acronym_like(name) and not (following[:1].isupper() and word == name):
                expansion = set(tokens(" ".join(spelled))) - FIELD_WORDS
                shared = len(expansion & title_words)
                if not (title and word.startswith("(") and expansion) \
                        or shared and 2 * shared >= min(len(expansion), len(title_words)):
                    found.add(name)
                break
            if word[-1:] in ",;:.)" and n > 0 or not (name[:1].isupper() or name.lower() in _CONNECTORS):
                break  # "our observation that ... DiTs" is about others' models
            spelled.append(name)
    return found


_NON_SPACE = re.compile(r"\S+")


def _next_words(text: str, at: int, n: int) -> list[str]:
    """`text[at:].split()[:n]`, without copying the rest of the text."""
    return [m.group() for _, m in zip(range(n), _NON_SPACE.finditer(text, at))]


def _acronym_like(name: str) -> bool:
    """MaskGIT, SReT, T2T-ViT, PYRA; not Fine-Tuning or Mixture-of-Experts."""
    return len(name) >= 3 and name not in GENERIC and sum(ch.isupper() for ch in name) >= 2 \
        and any(re.search(r".[A-Z0-9]", part) for part in name.split("-"))


def _variants(name: str) -> set[str]:
    """A name and its plural or singular: DiT and DiTs name the same method."""
    if len(name) > 3 and name.endswith("s") and name[-2].isupper():
        return {name, name[:-1]}
    if name[-1].isupper():
        return {name, name + "s"}
    return {name}


def build_index(papers: list[Paper] | tuple[Paper, ...], jobs: int = 1) -> NameIndex:
    """Index the names of all papers; a name owned by several papers keeps them all.

    A paper's distinctive names are also written as others write them: "Swin Transformers",
    "Swin transformer" and, when "Swin" is no word of the corpus, "Swin"; "PixArt-alpha" for
    "PixArt-α".
    """
    words = Counter(w for p in papers for w in set(_LOWER_WORD.findall(p.abstract)))
    common = {w for w, n in words.items() if n >= COMMON_WORD_PAPERS}
    owners: dict[str, list[int]] = defaultdict(list)

    def names_of(p: Paper) -> tuple[frozenset[str], frozenset[str]]:
        names, marked = _own_names(p.title, p.abstract)
        written = {form for n in marked for form in _written_forms(n, common)}
        return frozenset(names | written), frozenset(marked | written)

    named = map_in_order(names_of, papers, jobs)
    own = [names for names, _ in named]
    distinctive = [marked for _, marked in named]
    for i, names in enumerate(own):
        for name in sorted(names):
            if name not in GENERIC:
                owners[name].append(i)
    if not owners:
        return NameIndex({}, None, tuple(own), tuple(distinctive))
    pattern = words_regex(sorted(owners), r"(?<![\w-])(?P<name>", rf")(?P<suffix>{_SUFFIX})?(?![\w-])")
    return NameIndex({n: tuple(v) for n, v in owners.items()}, pattern, tuple(own), tuple(distinctive))


_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z0-9]+(?![\w-])")


def _written_forms(name: str, common: set[str]) -> set[str]:
    """Other ways papers write a distinctive name."""
    forms = set()
    head, _, last = name.rpartition(" ")
    if head and last in ("Transformer", "Transformers") and len(head.split()) == 1:
        forms |= {f"{head} Transformer", f"{head} Transformers", f"{head} transformer", f"{head} transformers"}
        if is_name(head) and head.lower() not in common and head.lower() not in FIELD_WORDS:
            forms.add(head)
    # Capitals for emphasis ("SWIN-Small", "PIXART"), for names long enough not to become another's.
    bases = {name} | forms
    bases |= {"".join(ch.upper() if ch.isascii() else ch for ch in b) for b in bases
              if sum(ch.isascii() and ch.isalpha() for ch in b) >= 4}
    forms |= bases
    # "PixArt-α" is written "PixArt-alpha", or in LaTeX: "PixArt-\alpha", "PixArt-{\alpha}", "PixArt-$\alpha$".
    spellings: tuple[Callable[[str], str], ...] = (lambda w: w, lambda w: "\\" + w, lambda w: "{\\" + w + "}",
                                                  lambda w: "$\\" + w + "$")
    for spell in spellings:
        forms |= {"".join(spell(_GREEK[ch]) if ch in _GREEK else ch for ch in base) for base in bases}
    return {f for f in forms if f != name and is_name(f)}


def find_mentions(papers: list[Paper], vectors: Vectors, index: NameIndex,
                  jobs: int = 1) -> list[tuple[Mention, ...]]:
    """For each paper, the corpus papers its abstract names, where the name is unambiguous
    (on up to `jobs` processes)."""

    def mentions_of(i: int) -> tuple[Mention, ...]:
        paper = papers[i]
        found: list[Mention] = []
        if index.pattern is not None:
            introduced = introduced_names(paper.abstract) | (index.own[i] if index.own else own_names(paper))
            earlier = _earlier_version(i, paper, papers, index)
            for m in index.pattern.finditer(paper.abstract):
                name = m["name"]
                if name == earlier:
                    found.append(Mention(papers[index.owners[name][0]].id, m.start(), m.end()))
                    continue
                if name in introduced or i in index.owners[name]:
                    continue  # the paper's own method, even if another paper has the name too
                if len(index.owners[name]) > MAX_OWNERS:
                    continue  # a name that many papers give their own work identifies none of them
                target = _resolve(i, name, paper.abstract, m, papers, vectors, index)
                if target is not None:
                    found.append(Mention(papers[target].id, m.start(), m.end()))
        return tuple(found)

    return map_in_order(mentions_of, range(len(papers)), jobs)


def _earlier_version(i: int, paper: Paper, papers: list[Paper], index: NameIndex) -> str | None:
    """The name of this paper's earlier version, when another corpus paper has it: "FiT" in FiTv2."""
    name = title_name(paper.title)
    if not name:
        return None
    stem, versioned = version_stem(name)
    owners = [j for j in index.owners.get(stem, ()) if j != i and title_name(papers[j].title) == stem]
    return stem if versioned and len(owners) == 1 and index.owners[stem][0] == owners[0] else None


def _resolve(i: int, name: str, text: str, m: re.Match[str], papers: list[Paper], vectors: Vectors,
             index: NameIndex) -> int | None:
    scored = sorted(((vectors.cosine(i, j), j) for j in index.owners[name]), reverse=True)
    best_score, best = scored[0]
    topics = set(papers[i].topics)
    # A distinctive name of several words ("Long Range Arena") is rarely two works' name, as "SiT" is.
    spelled = " " in name and len(scored) == 1 and name in index.distinctive[best]
    if best_score < MIN_CONTEXT or len(scored) > 1 and best_score < CLEARLY_SIMILAR:
        # Weak context: only a distinctive name, of the one owner closest in field: it shares more
        # topics with the paper than any other owner, and reads more like it.
        in_field = sorted(((len(topics & set(papers[j].topics)), c, j) for c, j in scored), reverse=True)
        shared, best_score, best = in_field[0]
        if not (shared or spelled) or best_score < DISTINCTIVE_CONTEXT or name not in index.distinctive[best]:
            return None
        if len(in_field) > 1 and in_field[1][0] == shared:
            return None
    elif best_score < CLEARLY_SIMILAR and not topics & set(papers[best].topics) and not spelled:
        return None  # a name in an unrelated field most likely means some other work
    elif len(scored) > 1 and scored[1][0] * MARGIN > best_score:
        return None  # a name two corpus papers share needs clear evidence for one of them
    if _expansion_disagrees(text, m, papers[best]):
        return None
    return best


_SPELLED_OUT = re.compile(r"((?:[A-Za-z][\w-]*\s+){1,5})\($")
_SPELLED_OUT_REACH = 300
_EXPANSION_AFTER = re.compile(r"\s*\(([^)]{3,80})\)")


def _expansion_disagrees(text: str, m: re.Match[str], target: Paper) -> bool:
    """'Diffusion Transformers (DiT)' does not mean a paper about token routing."""
    # Five words before "(": looked for in the few hundred characters there, not the whole text
    # (an anchored search over all of it backtracks through a long word at every position).
    start = max(0, m.start() - _SPELLED_OUT_REACH)
    before = _SPELLED_OUT.search(text, start, m.start())
    if before and start and before.start() == start:
        before = None  # the window cut a word: the words before "(" are longer than any spelled-out name
    after = _EXPANSION_AFTER.match(text, m.end())
    spelled = before.group(1) if before and _spells_out(before.group(1), m.group()) else ""
    expansion = spelled + " " + (after.group(1) if after else "")
    words = set(tokens(expansion)) - FIELD_WORDS
    if not words:
        return False
    return not words & (set(tokens(target.title)) | set(tokens(target.abstract)))


def _spells_out(words: str, name: str) -> bool:
    """Whether words before "(NAME)" spell the name out: "Diffusion Transformers (DiT)", not
    "modern (ConvNeXt)": two of the words start with capitals of the name."""
    capitals = {ch.lower() for ch in name if ch.isupper()}
    return sum(w[0].lower() in capitals for w in words.split()) >= 2


@dataclass(frozen=True, slots=True)
class TitleIndex:
    """Full titles and unambiguous title names ("MaskGIT"), to link in curated text."""

    paper_of: dict[str, str]
    phrases: Phrases
    names: NameIndex
    paper_ids: tuple[str, ...]


def title_index(papers: list[Paper] | tuple[Paper, ...], index: NameIndex) -> TitleIndex:
    """Build once, link many texts."""
    # Full titles are unambiguous; a short name counts only if no other paper has it ("DiT").
    paper_of = {p.title: p.id for p in papers if len(p.title) <= LINKED_TITLE_MAX}
    heads: dict[str, list[str]] = defaultdict(list)
    for p in papers:
        head = title_head(p.title)
        if head is not None and len(head) >= 3:
            heads[head].append(p.id)
    for head, owners in heads.items():
        if len(owners) == 1 and len(index.owners.get(head, ())) <= 1:
            paper_of.setdefault(head, owners[0])
    # At every word start, the longest title that ends at a word boundary.
    return TitleIndex(paper_of, Phrases(list(paper_of)), index, tuple(p.id for p in papers))


def link_names(text: str, titles: TitleIndex) -> list[Mention]:
    """Names in curated text (topic descriptions): exact titles and unambiguous names.

    Longer titles win: "Swin Transformer V2" is linked whole, not as "Swin Transformer".
    """
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def claim(paper_id: str, start: int, end: int) -> None:
        if not any(s < end and start < e for s, e in taken):
            found.append(Mention(paper_id, start, end))
            taken.append((start, end))

    for start, title in sorted(titles.phrases.find(text), key=lambda c: (-len(c[1]), c[0])):
        claim(titles.paper_of[title], start, start + len(title))
    names = titles.names
    if names.pattern is not None:
        for m in names.pattern.finditer(text):
            owners = names.owners[m["name"]]
            if len(owners) == 1:
                claim(titles.paper_ids[owners[0]], m.start(), m.end())
    return sorted(found, key=lambda x: x.start)
