"""The names papers give their methods: the name before a title's colon, its version
suffix, whether a word is a name at all, and a fast regex of many names.

Shared by the stages that need names (tagging, similar papers, mentions, charts), so that
none of them imports another.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

# A version after a method's name: "FiTv2", "TransVG++", "PixArt-α", "Swin Transformer V2", "LLaVA 2".
_VERSION_SUFFIX = re.compile(
    r"(?:[\s\-_]*[vV]\d+(?:\.\d+)?|\s*\+\+|[\s\-]*[α-ωΑ-Ω]|[\s\-]+(?:II|III|IV|[2-9]))$")
# Words of grammar, never part of a method's name, nor evidence that two titles describe one method.
FUNCTION_WORDS = frozenset("a an the of for to toward towards with without via on in and or is are be as at by "
                           "from into it using how what when why not all your you our we can do does".split())
# Words every paper of the field uses: they neither name a method nor tell two methods apart.
FIELD_WORDS = frozenset("transformer transformers vision visual network networks model models learning "
                        "neural deep efficient based".split())
# Acronyms so common that they never identify one paper.
GENERIC = frozenset("""
AI API AP BERT CLIP CNN CNNs CV DETR FID FLOPs FPGA GAN GANs GPT GPU GPUs IoU LLM LLMs LSTM MAE MHSA MLP
MLPs MoE MoEs MSA NAS NLP PSNR PTQ QAT RNN RNNs SAM SOTA SSIM SSM SSMs TPU VAE VAEs ViT ViTs VQA VQ-VAE
GMM LoRA NeRF NeRFs SGD ReLU GELU FFN FFNs KV QKV ImageNet COCO LN BN
""".split())


def words_regex(words: list[str], before: str = "", after: str = "") -> re.Pattern[str]:
    """`before` + a trie-shaped regex of `words` + `after`, compiled.

    A trie nests a group per branch; a pathological word list (each word a prefix of
    the next) nests too deep for the regex compiler, and then a plain alternation,
    longest first, does the same job more slowly.
    """
    try:
        return re.compile(before + trie_pattern(words) + after)
    except RecursionError:
        return re.compile(before + "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")" + after)


_BOUNDARY = re.compile(r"(?<![\w-])")  # where a word may start
_WORD = re.compile(r"\w+")


class Phrases:
    """At each place of a text where a word may start, the longest of many phrases that stands
    there whole: what `words_regex(phrases, r"(?<![\\w-])(?=(", r")(?![\\w-]))")` finds, without
    compiling that regex (16,500 titles of 10,000 records took 5.6 s, timed beside other work, and
    more titles take longer).

    A phrase can match only where the text's first word is the phrase's first word, so phrases
    are looked up by it; for few texts that is far cheaper than one regex of them all.
    """

    def __init__(self, phrases: list[str]) -> None:
        self._by_head: dict[str, list[str]] = {}
        for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
            if phrase:
                self._by_head.setdefault(self._head(phrase, 0), []).append(phrase)

    @staticmethod
    def _head(text: str, at: int) -> str:
        word = _WORD.match(text, at)
        return word.group() if word else text[at]

    def find(self, text: str) -> Iterator[tuple[int, str]]:
        """(start, phrase) for each place, in order."""
        for m in _BOUNDARY.finditer(text):
            at = m.start()
            if at == len(text):
                break
            for phrase in self._by_head.get(self._head(text, at), ()):
                end = at + len(phrase)
                if text.startswith(phrase, at) and not (end < len(text) and (text[end] == "-" or _WORD.match(text, end))):
                    yield at, phrase
                    break


def trie_pattern(words: list[str]) -> str:
    """One regex matching any of `words`, shaped as a trie: it tries only branches that fit.

    An alternation of n literals costs n tries at every position of the text; the trie
    costs the length of the match. Longer words win, as in an alternation sorted by length.
    """
    Trie = dict[str, Any]  # each character to the trie of what may follow; "" marks a word's end
    trie: Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: Trie) -> str:
        end = "" in node
        branches = [chain(ch, child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    def chain(ch: str, node: Trie) -> str:
        # A run of single children is one literal: recursion goes only as deep as the branches.
        run = [ch]
        while len(node) == 1 and "" not in node:
            (ch, node), = node.items()
            run.append(ch)
        return re.escape("".join(run)) + build(node)

    return build(trie)


def title_head(title: str) -> str | None:
    """What stands before a title's first colon, where a paper names its method; None without a colon.

    Every rule about a title's name starts here; they differ in what head they accept.
    """
    head, sep, _ = title.partition(":")
    return head.strip() if sep else None


def title_description(title: str) -> str:
    """What follows a title's first colon: the words that describe the method ("" without a colon)."""
    return title.partition(":")[2].strip()


def title_name(title: str) -> str | None:
    """The method name before a title's colon ("MaskGIT", "Swin Transformer"), if it is one."""
    head = title_head(title)
    if head is None:
        return None
    words = head.split()
    if not 1 <= len(words) <= 3 or "," in head:
        return None
    if any(w.lower() in FUNCTION_WORDS for w in words):
        return None
    return head if is_name(head) else None


def is_name(name: str) -> bool:
    """A word that can name one paper's method: three characters or more, not a common acronym,
    not all lower case."""
    return len(name) >= 3 and name not in GENERIC and name[0].isalnum() and not name.islower()


def method_name(title: str) -> str | None:
    """The method's short name: the part before a colon, when it is short.

    Looser than `title_name` (up to four words, any words): version families are found with
    it. The two rules are kept apart here, in one file, because merging them would change
    which papers link as versions and which names are linked.
    """
    head = title_head(title)
    if not head or len(head.split()) > 4:
        return None
    return head


def version_stem(name: str) -> tuple[str, bool]:
    """The name without a version suffix ('FiTv2' -> 'FiT'), and whether it had one."""
    stem = _VERSION_SUFFIX.sub("", name).strip(" -_")
    return (stem, True) if stem and stem != name else (name, False)


def short_label(title: str, limit: int = 28) -> str:
    """A short label for a paper (a graph node, a reason): the method name before a colon, or the
    title's first words, cut at a word within `limit` characters."""
    head = method_name(title) or title
    if len(head) <= limit:
        return head
    cut = head[:limit].rsplit(" ", 1)[0]
    return (cut or head[:limit]) + "\u2026"
