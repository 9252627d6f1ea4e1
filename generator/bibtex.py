"""BibTeX captures: papers from a .bib file, split by bibtexparser and decoded from LaTeX by pylatexenc."""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Iterator

from bibtexparser import model as bib
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc import latex2text, latexwalker, macrospec

from .dates import DateText, month_number, parse_date_value
from .entry import Entry, Reading, preview
from .identifiers import arxiv_id_in, bare_arxiv_id
from .links import canonical_code_url
from .model import Diagnostic, Rejection, Severity, SourceRef

FORM = "BibTeX"
PAPER_TYPES = frozenset({"article", "inproceedings", "conference", "misc", "techreport", "report", "phdthesis",
                         "mastersthesis", "thesis", "unpublished", "online", "electronic", "www", "preprint",
                         "incollection", "book"})
# pylatexenc spends 0.05-0.15 ms per command, brace or `$`, and recurses once per brace level: a
# file may spend this many on decoding; longer or deeper words are flattened (accents dropped).
LATEX_BUDGET, MAX_WORD, MAX_DEPTH = 100_000, 2_000, 32
# bibtexparser spends ~0.1 ms on a block, even a broken one; a 10 MB file of papers has ~30,000.
MAX_BLOCKS, MAX_NOTES = 100_000, 100
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_MACROS = {name.lower(): name for name in _MONTHS}  # BibTeX's own: `month = may` needs no @string
_TYPOGRAPHY = {"---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "!`": "\u00a1", "?`": "\u00bf",
               "~": " "}
_TYPOGRAPHY_RE = re.compile("|".join(re.escape(k) for k in _TYPOGRAPHY))
_BARE = re.compile(r"(?<!\\)([%&#])")  # text in a field, though LaTeX reads % as a comment, & as a tab
_COMMAND = re.compile(r"\\(?:[a-zA-Z]+\*?\s*|([&%_#$])|.)|\$")
_SPECIAL = re.compile(r"[\\$]")
_SPACE = re.compile(r"\s*")
_WORD = re.compile(r"[^\s#{}\",=]+")
_DELIMITER = re.compile(r"[{}\"]")
_RUN_ON = re.compile(r"([A-Za-z][\w:.+-]*)\s*=(.*)", re.DOTALL)
_BLOCK_START = re.compile(r"@\w*[ \t]*[{(]")  # as bibtexparser's splitter finds them
_KEY = re.compile(r"@\s*\w*\s*[{(]\s*([^,\s]*)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTH_WORDS = re.compile(r"[A-Za-z]+|\d+")
_PREPRINT_VENUE = re.compile(r"^\s*(?:arxiv|corr)\b", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.([\w./-]+)", re.IGNORECASE)
_URL_MACRO = re.compile(r"\\url\s*\{([^{}]*)\}")
_TEX_ESCAPE = re.compile(r"\\([_%&#~$])")
_WEB = re.compile(r"https?://", re.IGNORECASE)

# bibtexparser and pylatexenc log each problem they survive; ours are reported as Diagnostics,
# so without a handler of the application's own these would go to stderr a second time.
for _name in ("bibtexparser", "pylatexenc"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


class _NoFileDecoder(latex2text.LatexNodes2Text):  # type: ignore[misc]  # pylatexenc is untyped
    """A LaTeX-to-text decoder that never opens a file, whatever `\\input{...}` a field holds."""

    def read_input_file(self, fn: str) -> str:
        """Nothing: text from a capture must not read files."""
        return ""


# Built once (pylatexenc rebuilds its defaults on every call otherwise), with what titles need:
# \href's two arguments, and the words inside \mbox, \texttt, ... that pylatexenc would drop.
_PARSING = latexwalker.get_default_latex_context_db()
_PARSING.add_context_category("paper-atlas", prepend=True, macros=[macrospec.std_macro("href", False, 2)])
_TEXT_RULES = latex2text.get_default_latex_context_db()
_TEXT_RULES.add_context_category("paper-atlas", prepend=True, macros=[
    *(latex2text.MacroTextSpec(name, discard=False) for name in ("mbox", "textmd", "textsf", "texttt", "textup")),
    *(latex2text.MacroTextSpec(name, text) for name, text in (("url", "%s"), ("TeX", "TeX"), ("LaTeX", "LaTeX"),
                                                               ("S", "\u00a7")))])
_DECODER = _NoFileDecoder(latex_context=_TEXT_RULES, math_mode="text")


def read_bibtex(text: str, file: str) -> Reading:
    """Papers from a BibTeX file: one entry per @article, @inproceedings, @misc, ..."""
    text, cut = _bounded(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), file)
    try:
        # No middleware: bibtexparser's resolve neither `#` nor month macros, and turn one bad value into
        # a failed block that loses its entry; values stay raw and are evaluated below.
        library = parse_string(text, parse_stack=[])
    except Exception as error:  # bibtexparser re-raises what it takes for its own bugs; a capture must not
        return Reading(FORM, (), (), (Diagnostic(file, 1, f"bibtexparser could not split this file ({error!r}); "
                                                          f"nothing was read"),))
    reader = _Reader(file, _macros(library))
    found = [reader.block(block) for block in library.blocks]
    notes = reader.notes[:MAX_NOTES]
    if len(reader.notes) > MAX_NOTES:
        notes.append(Diagnostic(file, notes[-1].line, f"and {len(reader.notes) - MAX_NOTES} more problems "
                                                      f"after this line, not listed"))
    notes += [cut] if cut else []
    entries = tuple(f for f in found if isinstance(f, Entry))
    rejections = tuple(f for f in found if isinstance(f, Rejection))
    if not entries and not rejections:
        notes.append(Diagnostic(file, 1, "no BibTeX entries found (such as @article{key, title = {...}}); "
                                         "is this a .bib file?"))
    return Reading(FORM, entries, rejections, tuple(notes))


def _bounded(text: str, file: str) -> tuple[str, Diagnostic | None]:
    """The text up to its MAX_BLOCKS-th block, and a note if that is not all of it."""
    for count, start in enumerate(_BLOCK_START.finditer(text)):
        if count == MAX_BLOCKS:
            line = text.count("\n", 0, start.start()) + 1
            return text[:start.start()], Diagnostic(file, line, f"more than {MAX_BLOCKS} @-blocks: this one and "
                                                                f"all after it are not read; split the file")
    return text, None


def _macros(library: Library) -> dict[str, str]:
    """The @string macros by lower-case name; a later definition wins, as in bibtexparser."""
    macros: dict[str, str] = {}
    for block in library.blocks:
        string = block.ignore_error_block if isinstance(block, bib.DuplicateBlockKeyBlock) else block
        if isinstance(string, bib.String):
            macros[string.key.lower()] = _evaluate(string.value, macros)[0]
    return macros


class _Reader:
    """Reading one file: its name and macros, the notes made so far and what LaTeX decoding may still cost."""

    def __init__(self, file: str, macros: dict[str, str]) -> None:
        self.file = file
        self.macros = macros
        self.notes: list[Diagnostic] = []
        self.budget = LATEX_BUDGET
        self.decoded: dict[str, str] = {}  # names and venues repeat
        self.line = 1  # of the entry being read, for notes about its text

    def note(self, line: int, message: str, severity: Severity = Severity.WARNING) -> None:
        """Record a diagnostic at a 1-based line."""
        self.notes.append(Diagnostic(self.file, line, message, severity))

    def block(self, block: bib.Block) -> Entry | Rejection | None:
        """The paper a block holds, noting what was wrong with it; None for strings, comments and failures."""
        line = (block.start_line or 0) + 1  # bibtexparser counts lines from 0
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            first = (block.previous_block.start_line or 0) + 1
            if isinstance(block.ignore_error_block, bib.String):
                self.note(line, f"@string {block.key!r} is defined again (first at line {first}); the later "
                                f"value is used", Severity.INFO)
                return None
            self.note(line, f"key {block.key!r} is used again (first at line {first}); read anyway, as keys "
                            f"are not used here", Severity.INFO)
            if block.ignore_error_block is None:
                return None
            block = block.ignore_error_block
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            self.note(line, f"field(s) {', '.join(sorted(block.duplicate_keys))} given twice; the first is "
                            f"used, as BibTeX does", Severity.INFO)
            if block.ignore_error_block is None:
                return None
            block = block.ignore_error_block
        elif isinstance(block, bib.ParsingFailedBlock):
            reason = " ".join((getattr(block.error, "abort_reason", None) or str(block.error)).split())
            key = _KEY.match(block.raw or "")
            self.note(line, f"could not read {repr(key[1]) if key else 'this block'}: {reason}; it is skipped "
                            f"(fix it and rebuild), the entries around it are kept")
            return None
        if not isinstance(block, bib.Entry):
            return None
        if block.entry_type not in PAPER_TYPES:
            self.note(line, f"@{block.entry_type} {block.key!r} is not a kind of paper; skipped", Severity.INFO)
            return None
        return self.entry(block)

    def entry(self, block: bib.Entry) -> Entry | Rejection:
        """One paper from an entry's fields, located at its title."""
        fields, lines = self.fields(block)
        self.line = lines.get("title", (block.start_line or 0) + 1)
        title = self.text(fields.get("title", ""))
        if not title:
            return Rejection(SourceRef(self.file, self.line), f"@{block.entry_type} {block.key!r} has no title")
        names = self.names(fields.get("author", ""))
        url, code_url = _links(fields)
        venue = self.text(fields.get("booktitle") or fields.get("journal") or "")
        issuer = fields.get("institution") or fields.get("organization") or fields.get("school") or ""
        # Only a report's or thesis's: a proceedings paper's organization is its sponsor, not the authors'.
        issued = "report" in block.entry_type or "thesis" in block.entry_type
        return Entry(line=self.line, title=title, abstract=self.text(fields.get("abstract", "")),
                     authors=None if "others" in names else len(names) or None, author_names=names,
                     organization=(self.text(issuer) or None) if issued else None, date=_date(fields),
                     arxiv_id=_arxiv_id(fields), url=url, code_url=code_url,
                     venue=None if _PREPRINT_VENUE.match(venue) else venue or None)

    def fields(self, block: bib.Entry) -> tuple[dict[str, str], dict[str, int]]:
        """Field values and their 1-based lines by lower-case name; a field run on after a missing comma too."""
        fields: dict[str, str] = {}
        lines: dict[str, int] = {}
        pending = deque((f.key, str(f.value), f.start_line + 1) for f in block.fields)
        while pending:
            key, raw, line = pending.popleft()
            value, rest = _evaluate(raw, self.macros)
            if key.lower() not in fields:  # the first of repeated fields wins, as in BibTeX
                fields[key.lower()], lines[key.lower()] = value, line
            if not rest:
                continue
            line += raw.count("\n", 0, len(raw) - len(rest))
            if run_on := _RUN_ON.match(rest):  # `author = {A}` `title = {T}`: one value to the splitter
                pending.appendleft((run_on[1], run_on[2], line))
                self.note(line, f"a comma is missing before {run_on[1]}; read as if it were there")
            else:
                self.note(line, f"{key or 'a field'} has {preview(rest, 40)!r} after its value, which is not read")
        return fields, lines

    def names(self, value: str) -> tuple[str, ...]:
        """ "Last, First and Other, Name and others" as ("First Last", "Name Other", "others")."""
        names: list[str] = []
        for raw in split_multiple_persons_names(value):
            if raw.strip().strip("{}").lower() == "others":
                names.append("others")  # BibTeX's "et al.": the list stops here and is incomplete
                break
            if name := self.text(parse_single_name_into_parts(raw, strict=False).merge_first_name_first):
                names.append(name)
        return tuple(names)

    def text(self, value: str) -> str:
        """LaTeX made plain text: accents and commands decoded, case-protecting braces dropped."""
        if not _SPECIAL.search(value):
            return _plain(value)
        value = " ".join(value.split())
        pieces, done = [], 0
        for start, end in _latex_spans(value):
            if self.budget < 0:  # spent: the rest in one pass, not word by word
                break
            pieces += [_plain(value[done:start]), self.word(value[start:end])]
            done = end
        return " ".join(filter(None, [*pieces, _flattened(value[done:])]))

    def word(self, word: str) -> str:
        """One word of LaTeX decoded by pylatexenc while the file's budget lasts, else flattened."""
        if word in self.decoded:
            return self.decoded[word]
        cost = 1 + sum(map(word.count, "\\${"))  # pylatexenc's time grows with the nodes it makes
        if len(word) > MAX_WORD or word.count("{") > MAX_DEPTH and _depth(word) > MAX_DEPTH:
            self.note(self.line, f"LaTeX of {len(word)} characters, or braces over {MAX_DEPTH} deep: too much "
                                 f"to decode, so its commands and accents are dropped")
            return _flattened(word)
        if cost > self.budget:
            self.note(self.line, "this file has more LaTeX than one reading decodes; from here on accents and "
                                 "commands are dropped")
            self.budget = -1
            return _flattened(word)
        self.budget -= cost
        self.decoded[word] = _decoded(word)
        return self.decoded[word]


def _decoded(word: str) -> str:
    """pylatexenc's text for a word of LaTeX."""
    try:
        text = _DECODER.latex_to_text(_BARE.sub(r"\\\1", word), latex_context=_PARSING)
    except Exception:  # pylatexenc fails on some malformed LaTeX; the words are still worth keeping
        return _flattened(word)
    return " ".join(text.replace("\u00ad", "").split())  # \- is a hyphenation hint, not a character


def _latex_spans(value: str) -> Iterator[tuple[int, int]]:
    """Where the words of `value` (one blank apart) with commands or math are, each widened to close
    its braces and `$`. Found with str.find: a regex for such words backtracks quadratically on long ones."""
    done = 0
    while hit := _SPECIAL.search(value, done):
        start = value.rfind(" ", 0, hit.start()) + 1
        end = _word_end(value, hit.end())
        depth, math = _balance(value[start:end])
        while (depth > 0 or math) and end < len(value):
            after = _word_end(value, end + 1)
            opened, toggled = _balance(value[end:after])
            depth, math, end = depth + opened, math ^ toggled, after
        yield start, end
        done = end


def _word_end(value: str, i: int) -> int:
    end = value.find(" ", i)
    return len(value) if end < 0 else end


def _balance(word: str) -> tuple[int, bool]:
    """How many braces `word` leaves open, and whether it opens or closes math."""
    return word.count("{") - word.count("}"), (word.count("$") - word.count("\\$")) % 2 == 1


def _depth(value: str) -> int:
    """How deeply braces nest in `value`."""
    depth = deepest = 0
    for char in value:
        depth = max(depth + (char == "{") - (char == "}"), 0)
        deepest = max(deepest, depth)
    return deepest


def _plain(value: str) -> str:
    """Text without commands or math: typography (--, ``, ~) as pylatexenc renders it, braces dropped."""
    text = _TYPOGRAPHY_RE.sub(lambda m: _TYPOGRAPHY[m[0]], value) if value else ""
    return " ".join(text.replace("{", "").replace("}", "").split())


def _flattened(value: str) -> str:
    """Text without commands, math signs or braces, for what pylatexenc cannot or may not read."""
    return _plain(_COMMAND.sub(lambda m: m[1] or "", value) if _SPECIAL.search(value) else value)


def _past_space(text: str, at: int) -> int:
    m = _SPACE.match(text, at)
    return m.end() if m else at


def _evaluate(raw: str, macros: dict[str, str]) -> tuple[str, str]:
    """A raw value's text (braced and quoted pieces, numbers and macros joined by `#`), and what follows it."""
    pieces: list[str] = []
    i = _past_space(raw, 0)
    while (end := _piece_end(raw, i)) is not None:
        piece = raw[i:end]
        # An undefined macro stays as its name: BibTeX would print nothing, which tells a reader less.
        pieces.append(piece[1:-1] if piece[0] in "{\"" else macros.get(piece.lower(),
                                                                       _MONTH_MACROS.get(piece.lower(), piece)))
        i = _past_space(raw, end)
        if not raw.startswith("#", i):
            break
        i = _past_space(raw, i + 1)
    return "".join(pieces), raw[i:].rstrip()


def _piece_end(raw: str, i: int) -> int | None:
    """Where the piece at `i` ends: a balanced {...}, a "..." or a bare word; None if there is none."""
    if i >= len(raw) or raw[i] not in "{\"":
        word = _WORD.match(raw, i)
        return word.end() if word else None
    depth = 0
    for mark in _DELIMITER.finditer(raw, i):
        depth += (mark[0] == "{") - (mark[0] == "}")
        if depth == 0 and (mark[0] == "}" if raw[i] == "{" else mark[0] == '"' and mark.start() > i):
            return mark.end()
    return None


def _date(fields: dict[str, str]) -> DateText | None:
    """The date of `year`, `month` (jan, {January}, 1) and `day`, or of a biblatex `date`."""
    year = _YEAR.search(fields.get("year", ""))
    if not year:
        return parse_date_value(_flattened(fields.get("date", "")).split("/")[0])  # "2022-03-04/2022-03-06"
    words = _MONTH_WORDS.findall(_flattened(fields.get("month", "")))
    month = month_number(words[0]) if words else None
    day_text = _flattened(fields.get("day", "")) or (words[1] if len(words) > 1 else "")  # jun # "~12"
    day = int(day_text) if month and day_text.isdigit() and len(day_text) <= 2 else None
    if month is None:
        return DateText(year[0], None, None, int(year[0]))
    shown = f"{_MONTHS[month - 1]} {day}, {year[0]}" if day else f"{_MONTHS[month - 1]} {year[0]}"
    return DateText(shown, month, day, int(year[0]))


def _arxiv_id(fields: dict[str, str]) -> str | None:
    """The arXiv id of an eprint field, an "arXiv preprint arXiv:..." journal, a URL, DOI or note."""
    prefix = _flattened(fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    for key in ("eprint", "arxivid", "arxiv"):
        value = _flattened(fields.get(key, ""))
        if prefix in ("", "arxiv") and (found := bare_arxiv_id(value) or arxiv_id_in(value)):
            return found
    for key in ("journal", "url", "note", "howpublished", "booktitle"):
        if found := arxiv_id_in(fields.get(key)):
            return found
    doi = _ARXIV_DOI.search(f"{fields.get('doi', '')} {fields.get('url', '')}")
    if doi and (found := bare_arxiv_id(doi[1])):
        return found
    # Semantic Scholar and DBLP write journal = {ArXiv} or {CoRR} with volume = {abs/2410.05434}.
    volume = fields.get("volume", "")
    return bare_arxiv_id(volume[4:]) if volume.startswith("abs/") else None


def _links(fields: dict[str, str]) -> tuple[str | None, str | None]:
    """The paper's URL and its code repository's, from url, howpublished, code or github and doi fields."""
    urls = [u for u in (_url(fields.get(k, "")) for k in ("url", "howpublished")) if u]
    code = [u for u in (_url(fields.get(k, "")) for k in ("code", "github", "repository")) if u]
    code_url = next((u for u in code + urls if canonical_code_url(u)), code[0] if code else None)
    url = next((u for u in urls if not canonical_code_url(u)), None)
    doi = _flattened(fields.get("doi", "")).removeprefix("https://doi.org/").removeprefix("doi:")
    return url or (f"https://doi.org/{doi}" if doi.startswith("10.") else None), code_url


def _url(value: str) -> str | None:
    """The address in a URL field: `\\url{...}` unwrapped, TeX escapes and braces removed."""
    wrapped = _URL_MACRO.search(value)
    words = _TEX_ESCAPE.sub(r"\1", wrapped[1] if wrapped else value).replace("{", "").replace("}", "").split()
    return words[0] if words and _WEB.match(words[0]) else None
