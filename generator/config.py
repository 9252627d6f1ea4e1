"""Validate the hand-edited YAML files under `corpus/` into typed records."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, TypeVar

import yaml

from .errors import AtlasError, ConfigError, ConfigErrors
from .identifiers import bare_arxiv_id
from .links import canonical_code_url
from .model import DEFAULT_MIN_SCORE, Action, Curation, CurationEntry, Facet, Source, SourceRef, Taxonomy, Topic, TopicLabels

LINE_KEY = "__line__"
# `capture.txt:LINE`; a capture's name may hold colons itself (`a:b.txt:12`): the line follows the last.
_REF = re.compile(r"^(?P<file>[^/\\]+):(?P<line>[1-9]\d*)$")
T = TypeVar("T")


class _Line(int):
    """A mapping's first line that also knows the line of each of its keys, so that a
    misspelt key is named at its own line, not at its mapping's."""

    keys: dict[str, int]


def key_line(mapping: dict[str, Any], key: str) -> int:
    """The line of `key` in a mapping read by `load_yaml` (its mapping's line if unknown)."""
    line = mapping.get(LINE_KEY, 1)
    return int(getattr(line, "keys", {}).get(key, line))


def nearest(name: str, names: Iterable[str]) -> str:
    """` (did you mean `x`?)` for the closest of `names`, or nothing when none is close."""
    close = difflib.get_close_matches(name, sorted(set(names)), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


class _Noted(Exception):
    """An entry whose problems are already noted: skip it without noting it again."""


class Problems:
    """Every problem found while reading the corpus files, so that one run names them all:
    a malformed entry is noted and skipped, and reading goes on with the next."""

    def __init__(self) -> None:
        self.errors: list[AtlasError] = []

    def add(self, file: str, line: int | None, message: str) -> None:
        self.errors.append(ConfigError(file, line, message))

    @contextmanager
    def entry(self) -> Iterator[None]:
        """Note a `ConfigError` raised inside, and go on."""
        try:
            yield
        except _Noted:
            pass
        except ConfigErrors as err:
            self.errors.extend(err.errors)
        except ConfigError as err:
            self.errors.append(err)

    def get(self, read: Callable[[], T], default: T) -> T:
        """`read()`, or `default` when it raises a `ConfigError` (which is noted)."""
        with self.entry():
            return read()
        return default

    def raise_any(self) -> None:
        """Raise what was noted: one error as itself, several as `ConfigErrors`, each file's by line."""
        if not self.errors:
            return
        files = {e.file: n for n, e in reversed(list(enumerate(self.errors)))}
        errors = sorted(self.errors, key=lambda e: (files[e.file], e.line or 0))
        raise errors[0] if len(errors) == 1 else ConfigErrors(errors)


class _RepeatedKey(yaml.YAMLError):
    """A key given twice in one mapping: YAML keeps the second silently, losing the first."""

    def __init__(self, key: str, first: int, again: int) -> None:
        super().__init__(key)
        self.key, self.first, self.again = key, first, again


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping and of each of its keys under
    `__line__`, and notes each key repeated in one mapping (a second `hide:` would silently
    replace the first)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated: list[_RepeatedKey] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    self.repeated.append(_RepeatedKey(key_node.value, seen[key_node.value], line))
                else:
                    seen[key_node.value] = line
        mapping = super().construct_mapping(node, deep=deep)
        start = _Line(node.start_mark.line + 1)
        start.keys = {str(k): n for k, n in seen.items()}
        mapping[LINE_KEY] = start
        return mapping


def load_yaml(text: str, file: str, problems: Problems | None = None) -> Any:
    """Parse YAML safely; a syntax error names the file and line, and so does each key
    given twice in one mapping (noted in `problems` when given, else raised)."""
    loader = _LineLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(err, "problem", None) or str(err)
        raise ConfigError(file, line, f"invalid YAML: {problem}") from None
    finally:
        loader.dispose()
    found = problems if problems is not None else Problems()
    for twice in loader.repeated:
        found.add(file, twice.again, f"`{twice.key}` is given twice in one mapping (first at line {twice.first}, "
                                     f"again at line {twice.again}); YAML would keep only the second: merge them "
                                     f"into one")
    if problems is None:
        found.raise_any()
    return data


def _entries(data: Any, file: str, key: str, problems: Problems) -> list[dict[str, Any]]:
    """The list of mappings under `key`; a malformed list is noted and read as empty."""
    if data is None:
        return []
    if not isinstance(data, dict):
        problems.add(file, 1, f"expected a mapping with a `{key}:` list at the top")
        return []
    entries = data.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.add(file, key_line(data, key), f"`{key}` must be a list of mappings")
        return []
    return entries


def _check_keys(entry: dict[str, Any], allowed: set[str], file: str, what: str) -> None:
    """Raise an error for every unknown key, each at its own line, with the nearest allowed key."""
    unknown = sorted(set(entry) - allowed - {LINE_KEY}, key=str)
    if unknown:
        problems = Problems()
        for key in unknown:
            problems.add(file, key_line(entry, str(key)), f"unknown key `{key}` in {what}{nearest(str(key), allowed)}; "
                                                          f"allowed keys: {', '.join(sorted(allowed))}")
        problems.raise_any()


def parse_sources(data: Any, file: str = "corpus/sources.yaml", problems: Problems | None = None) -> dict[str, Source]:
    """The captures described in `corpus/sources.yaml`, by file name.

    Every problem is noted in `problems` when given (the entry is skipped), else raised.
    """
    found = problems if problems is not None else Problems()
    _check_sections(data, ("sources",), file, found)
    sources: dict[str, Source] = {}
    lines: dict[str, int] = {}
    for entry in _entries(data, file, "sources", found):
        with found.entry():
            sources.update(_source(entry, file, lines, found))
    if problems is None:
        found.raise_any()
    return sources


def _source(entry: dict[str, Any], file: str, lines: dict[str, int], found: Problems) -> dict[str, Source]:
    """One source; each of its problems is noted, and the source skipped when it has any."""
    line = entry[LINE_KEY]
    _check_keys(entry, {"file", "description", "captured", "year", "url", "encoding"}, file, "a source")
    name = entry.get("file")
    if not isinstance(name, str) or not name or "/" in name:
        raise ConfigError(file, key_line(entry, "file"), "`file` must be the name of a capture in corpus/raw/")
    if name in lines:
        raise ConfigError(file, line, f"`{name}` is described twice (first at line {lines[name]})")
    lines[name] = line
    before = len(found.errors)
    captured = entry.get("captured")
    if captured is not None and not isinstance(captured, dt.date):
        found.add(file, key_line(entry, "captured"), f"`captured` must be a date YYYY-MM-DD or null, not {captured!r}")
    year = entry.get("year")
    if year is not None and (not isinstance(year, int) or not 1990 <= year <= 2100):
        found.add(file, key_line(entry, "year"), f"`year` must be a four-digit year or null, not {year!r}")
    for key in ("description", "url", "encoding"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            found.add(file, key_line(entry, key), f"`{key}` must be text")
    if len(found.errors) > before:
        raise _Noted
    return {name: Source(name, entry.get("description") or "", captured, year, entry.get("url"),
                         entry.get("encoding"), line)}


CURATION_SECTIONS = ("merge", "split", "hide", "topics", "resolve", "code")


def parse_curation(data: Any, file: str = "corpus/curation.yaml", problems: Problems | None = None) -> Curation:
    """The hand corrections in `corpus/curation.yaml`.

    Every problem is noted in `problems` when given (the entry is skipped), else raised.
    """
    found = problems if problems is not None else Problems()
    if data is not None and not isinstance(data, dict):
        found.add(file, 1, "expected a mapping with `merge:`, `split:` and `hide:` lists")
        data = None
    for key in data or {}:
        if key != LINE_KEY and key not in CURATION_SECTIONS:
            found.add(file, key_line(data, str(key)), f"unknown section `{key}`{nearest(str(key), CURATION_SECTIONS)}; "
                                                      f"the sections are {', '.join(CURATION_SECTIONS)}")
    entries: list[CurationEntry] = []
    for action in ("merge", "split", "hide"):
        for entry in _entries(data, file, action, found):
            with found.entry():
                entries.append(_records_entry(action, entry, file))
    for entry in _entries(data, file, "topics", found):
        with found.entry():
            entries.append(_topic_entry(entry, file))
    for entry in _entries(data, file, "resolve", found):
        with found.entry():
            entries.append(_resolve_entry(entry, file))
    for entry in _entries(data, file, "code", found):
        with found.entry():
            entries.append(_code_entry(entry, file))
    if problems is None:
        found.raise_any()
    return Curation(file, tuple(entries))


def _records_entry(action: str, entry: dict[str, Any], file: str) -> CurationEntry:
    """`{records: [<file:line>, ...] | record: <file:line>, reason: ...}`."""
    line = entry[LINE_KEY]
    _check_keys(entry, {"records", "record", "reason"}, file, f"a {action} entry")
    raw = entry.get("records", [entry["record"]] if "record" in entry else [])
    if not isinstance(raw, list) or not raw:
        raise ConfigError(file, line, f"a {action} entry needs `records:` (a list of file:line)")
    key = "records" if "records" in entry else "record"
    refs = tuple(_ref(item, file, key_line(entry, key)) for item in raw)
    if action != "hide" and len(set(refs)) < 2:
        raise ConfigError(file, line, f"a {action} entry needs at least two different records")
    return CurationEntry(Action(action), refs, _reason(entry, file, f"a {action} entry"), line,
                         key_lines=_key_lines(entry))


def _reason(entry: dict[str, Any], file: str, what: str) -> str:
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(file, entry[LINE_KEY], f"{what} needs a `reason:` saying why")
    return reason.strip()


def _key_lines(entry: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    line = entry[LINE_KEY]
    return tuple(sorted((k, n) for k, n in getattr(line, "keys", {}).items() if n != line))


def _resolve_entry(entry: dict[str, Any], file: str) -> CurationEntry:
    """`{paper: <id>, pin: <arXiv id> | refuse: [<arXiv id>, ...], reason: ...}`."""
    line = entry[LINE_KEY]
    _check_keys(entry, {"paper", "pin", "refuse", "reason"}, file, "a resolve entry")
    paper = entry.get("paper")
    if not isinstance(paper, str) or not paper:
        raise ConfigError(file, line, "a resolve entry names its paper by `paper: <id>`, as in /papers/<id>/")
    if ("pin" in entry) == ("refuse" in entry):
        raise ConfigError(file, line, "a resolve entry has either `pin: <arXiv id>` or `refuse: [<arXiv id>, ...]`")
    action = "pin" if "pin" in entry else "refuse"
    raw = entry[action] if isinstance(entry[action], list) else [entry[action]]
    if action == "pin" and len(raw) != 1:
        raise ConfigError(file, key_line(entry, action), "`pin` takes one arXiv id")
    ids = tuple(bare_arxiv_id(str(v)) for v in raw)
    known = tuple(i for i in ids if i is not None)
    if not ids or len(known) < len(ids):
        bad = next((v for v, i in zip(raw, ids) if i is None), raw)
        raise ConfigError(file, key_line(entry, action), f"{bad!r} is not an arXiv id (write it as 2010.11929 or "
                                                         f"hep-th/9901001)")
    return CurationEntry(Action(action), (), _reason(entry, file, "a resolve entry"), line, paper_id=paper,
                         arxiv_ids=known, key_lines=_key_lines(entry))


def _topic_entry(entry: dict[str, Any], file: str) -> CurationEntry:
    """`{paper: <id> | record: <file:line>, add: [...], remove: [...], reason: ...}`."""
    line = entry[LINE_KEY]
    _check_keys(entry, {"paper", "record", "add", "remove", "reason"}, file, "a topics entry")
    if ("paper" in entry) == ("record" in entry):
        raise ConfigError(file, line, "a topics entry names its paper by `paper: <id>` or `record: <file:line>`")
    refs = (_ref(entry["record"], file, key_line(entry, "record")),) if "record" in entry else ()
    paper = entry.get("paper")
    if paper is not None and not isinstance(paper, str):
        raise ConfigError(file, key_line(entry, "paper"), "`paper` must be a paper id as in its URL, /papers/<id>/")
    changes = {}
    for key in ("add", "remove"):
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(file, key_line(entry, key), f"`{key}` must be a list of topic ids")
        changes[key] = tuple(value)
    if not changes["add"] and not changes["remove"]:
        raise ConfigError(file, line, "a topics entry needs `add:` or `remove:` topic ids")
    return CurationEntry(Action.TOPICS, refs, _reason(entry, file, "a topics entry"), line, paper_id=paper,
                         add=changes["add"], remove=changes["remove"], key_lines=_key_lines(entry))


def declared_topics(data: Any) -> set[str]:
    """The ids the taxonomy's `topics:` entries give, well-formed or not: a topic with a
    problem of its own is still a known name, so that labels using it raise no more errors."""
    entries = data.get("topics") if isinstance(data, dict) else None
    return {e["id"] for e in entries or () if isinstance(e, dict) and isinstance(e.get("id"), str)} \
        if isinstance(entries, list) else set()


def _code_entry(entry: dict[str, Any], file: str) -> CurationEntry:
    """`{paper: <id>, accept: [<code URL>, ...], reason: ...}`: code links the paper's records
    disagree on, accepted by hand."""
    line = entry[LINE_KEY]
    _check_keys(entry, {"paper", "accept", "reason"}, file, "a code entry")
    paper = entry.get("paper")
    if not isinstance(paper, str) or not paper:
        raise ConfigError(file, line, "a code entry names its paper by `paper: <id>`, as in /papers/<id>/")
    urls = entry.get("accept")
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise ConfigError(file, key_line(entry, "accept"), "a code entry needs `accept: [<code URL>, ...]`")
    found = [(u, canonical_code_url(u)) for u in urls]
    canonical = tuple(c for _, c in found if c is not None)
    if len(canonical) < len(found):
        bad = next(u for u, c in found if c is None)
        raise ConfigError(file, key_line(entry, "accept"), f"{bad!r} is not a code repository URL (such as "
                                                           f"https://github.com/owner/name)")
    return CurationEntry(Action.CODE, (), _reason(entry, file, "a code entry"), line, paper_id=paper,
                         add=canonical, key_lines=_key_lines(entry))


def topic_name_problems(curation: Curation, taxonomy: Taxonomy, declared: Iterable[str] = ()) -> list[ConfigError]:
    """An error for every topic id under `topics:` that the taxonomy does not define, at its line
    (ids in `declared` count as defined)."""
    known = sorted({t.id for t in taxonomy.topics} | set(declared))
    errors = []
    for entry in curation.of(Action.TOPICS):
        for key in ("add", "remove"):
            for topic in getattr(entry, key):
                if topic not in known:
                    errors.append(ConfigError(curation.file, entry.line_of(key),
                                              f"unknown topic `{topic}` under `{key}`{nearest(topic, known)}; "
                                              f"topics are the ids in corpus/taxonomy.yaml"))
    return errors


def _ref(item: Any, file: str, line: int) -> SourceRef:
    m = _REF.match(str(item).strip()) if isinstance(item, str) else None
    if not m:
        raise ConfigError(file, line, f"{item!r} is not a record reference; write it as "
                                      f"`capture-file.txt:LINE`, the line of the record's title")
    return SourceRef(m["file"], int(m["line"]))


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # ids in URLs: topics, facets, papers


def parse_taxonomy(data: Any, file: str = "corpus/taxonomy.yaml", problems: Problems | None = None) -> Taxonomy:
    """The facets and topics of `corpus/taxonomy.yaml`, with compiled rules.

    Every problem is noted in `problems` when given (the entry is skipped), else raised.
    """
    found = problems if problems is not None else Problems()
    _check_sections(data, ("facets", "topics"), file, found)
    facets = []
    for entry in _entries(data, file, "facets", found):
        with found.entry():
            _check_keys(entry, {"id", "name", "description"}, file, "a facet")
            fid = _slug(entry, "id", file, "facet")
            facets.append(Facet(fid, _text(entry, "name", file, fid), _text(entry, "description", file, fid)))
    facet_ids = [f.id for f in facets]
    if not facets and not found.errors:
        found.add(file, 1, "the taxonomy needs a `facets:` list (e.g. task, method)")
    topics: list[Topic] = []
    for entry in _entries(data, file, "topics", found):
        with found.entry():
            topics.append(_topic(entry, file, facet_ids, {t.id: t.line for t in topics}, found))
    if not topics and not found.errors:
        found.add(file, 1, "the taxonomy needs a `topics:` list")
    if problems is None:
        found.raise_any()
    return Taxonomy(tuple(facets), tuple(topics))


def _check_sections(data: Any, sections: tuple[str, ...], file: str, found: Problems) -> None:
    """Note every unknown top-level key at its own line, with the nearest section name."""
    for key in data if isinstance(data, dict) else ():
        if key != LINE_KEY and key not in sections:
            found.add(file, key_line(data, str(key)), f"unknown section `{key}`{nearest(str(key), sections)}; "
                                                      f"the sections are {', '.join(sections)}")


def _topic(entry: dict[str, Any], file: str, facet_ids: list[str], defined: dict[str, int], found: Problems) -> Topic:
    """One topic; each of its problems is noted, and the topic skipped when it has any."""
    line = entry[LINE_KEY]
    _check_keys(entry, {"id", "name", "facet", "includes", "description", "match"}, file, "a topic")
    tid = _slug(entry, "id", file, "topic")
    if tid in defined:
        raise ConfigError(file, line, f"topic `{tid}` is defined twice (first at line {defined[tid]})")
    before = len(found.errors)
    if entry.get("facet") not in facet_ids:
        found.add(file, key_line(entry, "facet"), f"topic `{tid}`: `facet` must be one of {', '.join(facet_ids)}, "
                                                  f"not {entry.get('facet')!r}")
    name = found.get(lambda: _text(entry, "name", file, tid), "")
    description = found.get(lambda: _text(entry, "description", file, tid), "")
    includes = found.get(lambda: _text(entry, "includes", file, tid), "") if "includes" in entry else ""
    match = entry.get("match") or {}
    if not isinstance(match, dict):
        raise ConfigError(file, key_line(entry, "match"), f"topic `{tid}`: `match` must be a mapping with "
                                                          f"title/abstract lists")
    found.get(lambda: _check_keys(match, {"title", "abstract", "exclude", "min_score"}, file, f"topic `{tid}` match"),
              None)
    min_score = match.get("min_score", DEFAULT_MIN_SCORE)
    if not isinstance(min_score, int) or isinstance(min_score, bool) or min_score < 1:
        found.add(file, key_line(match, "min_score"), f"topic `{tid}`: `match.min_score` must be a whole number >= 1")
    patterns = {key: _patterns(match, key, file, tid, found) for key in ("title", "abstract", "exclude")}
    if len(found.errors) > before:
        raise _Noted
    return Topic(id=tid, name=name, facet=entry["facet"], description=description, includes=includes,
                 title=patterns["title"], abstract=patterns["abstract"], exclude=patterns["exclude"],
                 min_score=min_score, line=line)


def _slug(entry: dict[str, Any], key: str, file: str, what: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not SLUG.match(value):
        raise ConfigError(file, key_line(entry, key), f"{what} `{key}` must be a lowercase slug like "
                                                      f"`image-generation`, not {value!r}")
    return value


def _text(entry: dict[str, Any], key: str, file: str, owner: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(file, key_line(entry, key), f"`{owner}`: `{key}` must be non-empty text")
    return " ".join(value.split())


def _patterns(match: dict[str, Any], key: str, file: str, owner: str,
              found: Problems) -> tuple[re.Pattern[str], ...]:
    """The compiled patterns of `match.<key>`; every invalid one is noted."""
    raw = match.get(key) or []
    line = key_line(match, key)
    if not isinstance(raw, list) or not all(isinstance(p, str) and p for p in raw):
        found.add(file, line, f"topic `{owner}`: `match.{key}` must be a list of patterns")
        return ()
    compiled = []
    for pattern in raw:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as err:
            found.add(file, line, f"topic `{owner}`: `match.{key}` pattern {pattern!r} is not a valid regular "
                                  f"expression: {err}")
    return tuple(compiled)


def parse_labels(text: str, file: str, taxonomy: Taxonomy, problems: Problems | None = None,
                 declared: Iterable[str] = ()) -> TopicLabels:
    """The hand labels of `corpus/topic_labels.yaml`: `papers:` maps a paper id to topic ids.

    Read from YAML nodes, so that each problem is named at its own line; every problem is
    noted in `problems` when given (the label is skipped), else raised. Ids in `declared`
    count as topics.
    """
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 15x faster
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ConfigError(file, mark.line + 1 if mark else None,
                          f"invalid YAML: {getattr(err, 'problem', None) or err}") from None
    if root is None:
        return TopicLabels(file)
    found = problems if problems is not None else Problems()
    papers = None
    if isinstance(root, yaml.MappingNode):
        named = [(k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "papers"]
        for key, _ in named[1:]:
            found.add(file, key.start_mark.line + 1, f"`papers` is given twice in one mapping (first at line "
                                                     f"{named[0][0].start_mark.line + 1}, again at line "
                                                     f"{key.start_mark.line + 1}); YAML would keep only the second: "
                                                     f"merge them into one")
        papers = named[-1][1] if named else None
    if not isinstance(papers, yaml.MappingNode):
        raise ConfigError(file, (papers or root).start_mark.line + 1,
                          "expected `papers:`, a mapping of paper id to a list of topic ids")
    known = sorted({t.id for t in taxonomy.topics} | set(declared))
    seen: dict[str, int] = {}
    labels = []
    for key, value in papers.value:
        with found.entry():
            labels.append(_label(key, value, file, known, seen))
    if problems is None:
        found.raise_any()
    return TopicLabels(file, tuple(labels))


def _label(key: yaml.Node, value: yaml.Node, file: str, known: list[str],
           seen: dict[str, int]) -> tuple[str, tuple[str, ...], int]:
    line = key.start_mark.line + 1
    paper_id = key.value if isinstance(key, yaml.ScalarNode) else None
    if not isinstance(paper_id, str) or not SLUG.match(paper_id):
        raise ConfigError(file, line, f"a paper id must be a lowercase slug, as in /papers/<id>/, not {paper_id!r}")
    if paper_id in seen:
        raise ConfigError(file, line, f"`{paper_id}` is labelled twice (first at line {seen[paper_id]})")
    seen[paper_id] = line
    items = value.value if isinstance(value, yaml.SequenceNode) else None
    if not items or not all(isinstance(i, yaml.ScalarNode) for i in items):
        raise ConfigError(file, line, f"`{paper_id}`: give a list of topic ids, such as [diffusion, video]")
    topics = tuple(i.value for i in items)
    unknown = [t for t in topics if t not in known]
    if unknown:
        raise ConfigError(file, line, f"`{paper_id}`: unknown topic `{unknown[0]}`{nearest(unknown[0], known)}; "
                                      f"topics are the ids in corpus/taxonomy.yaml")
    return paper_id, tuple(sorted(set(topics))), line
