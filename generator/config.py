"""Validate the hand-edited YAML files under `corpus/` into typed records."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from .errors import ConfigError
from .identifiers import bare_arxiv_id
from .model import Curation, CurationEntry, Facet, Source, SourceRef, Taxonomy, Topic, TopicLabels

LINE_KEY = "__line__"
_REF = re.compile(r"^(?P<file>[^:/\\]+):(?P<line>[1-9]\d*)$")


class _RepeatedKey(yaml.YAMLError):
    """A key given twice in one mapping: YAML keeps the second silently, losing the first."""

    def __init__(self, key: str, first: int, again: int) -> None:
        super().__init__(key)
        self.key, self.first, self.again = key, first, again


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping under `__line__`, and refuses a
    key repeated in one mapping (a second `hide:` would silently replace the first)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    raise _RepeatedKey(key_node.value, seen[key_node.value], line)
                seen[key_node.value] = line
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


def load_yaml(text: str, file: str) -> Any:
    """Parse YAML safely; a syntax error names the file and line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except _RepeatedKey as err:
        raise ConfigError(file, err.again, f"`{err.key}` is given twice in one mapping (first at line {err.first}, "
                                           f"again at line {err.again}); YAML would keep only the second: merge "
                                           f"them into one") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(err, "problem", None) or str(err)
        raise ConfigError(file, line, f"invalid YAML: {problem}") from None


def _entries(data: Any, file: str, key: str) -> list[dict[str, Any]]:
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ConfigError(file, 1, f"expected a mapping with a `{key}:` list at the top")
    entries = data.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(file, data.get(LINE_KEY, 1), f"`{key}` must be a list of mappings")
    return entries


def _check_keys(entry: dict[str, Any], allowed: set[str], file: str, what: str) -> None:
    unknown = sorted(set(entry) - allowed - {LINE_KEY}, key=str)
    if unknown:
        raise ConfigError(file, entry[LINE_KEY], f"unknown key `{unknown[0]}` in {what}; "
                                                 f"allowed keys: {', '.join(sorted(allowed))}")


def parse_sources(data: Any, file: str = "corpus/sources.yaml") -> dict[str, Source]:
    """The captures described in `corpus/sources.yaml`, by file name."""
    sources: dict[str, Source] = {}
    for entry in _entries(data, file, "sources"):
        line = entry[LINE_KEY]
        _check_keys(entry, {"file", "description", "captured", "year", "url", "encoding"}, file, "a source")
        name = entry.get("file")
        if not isinstance(name, str) or not name or "/" in name:
            raise ConfigError(file, line, "`file` must be the name of a capture in corpus/raw/")
        if name in sources:
            raise ConfigError(file, line, f"`{name}` is described twice")
        captured = entry.get("captured")
        if captured is not None and not isinstance(captured, dt.date):
            raise ConfigError(file, line, f"`captured` must be a date YYYY-MM-DD or null, not {captured!r}")
        year = entry.get("year")
        if year is not None and (not isinstance(year, int) or not 1990 <= year <= 2100):
            raise ConfigError(file, line, f"`year` must be a four-digit year or null, not {year!r}")
        for key in ("description", "url", "encoding"):
            if entry.get(key) is not None and not isinstance(entry[key], str):
                raise ConfigError(file, line, f"`{key}` must be text")
        sources[name] = Source(name, entry.get("description") or "", captured, year,
                               entry.get("url"), entry.get("encoding"))
    return sources


def parse_curation(data: Any, file: str = "corpus/curation.yaml") -> Curation:
    """The hand corrections in `corpus/curation.yaml`."""
    if data is not None and not isinstance(data, dict):
        raise ConfigError(file, 1, "expected a mapping with `merge:`, `split:` and `hide:` lists")
    known = {"merge", "split", "hide", "topics", "resolve", LINE_KEY}
    for key in data or {}:
        if key not in known:
            raise ConfigError(file, data[LINE_KEY], f"unknown section `{key}`; use merge, split, hide, topics "
                                                    f"or resolve")
    entries: list[CurationEntry] = []
    for action in ("merge", "split", "hide"):
        for entry in _entries(data, file, action):
            line = entry[LINE_KEY]
            _check_keys(entry, {"records", "record", "reason"}, file, f"a {action} entry")
            raw = entry.get("records", [entry["record"]] if "record" in entry else [])
            if not isinstance(raw, list) or not raw:
                raise ConfigError(file, line, f"a {action} entry needs `records:` (a list of file:line)")
            refs = tuple(_ref(item, file, line) for item in raw)
            if action != "hide" and len(set(refs)) < 2:
                raise ConfigError(file, line, f"a {action} entry needs at least two different records")
            reason = entry.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                raise ConfigError(file, line, f"a {action} entry needs a `reason:` saying why")
            entries.append(CurationEntry(action, refs, reason.strip(), line))
    for entry in _entries(data, file, "topics"):
        entries.append(_topic_entry(entry, file))
    for entry in _entries(data, file, "resolve"):
        entries.append(_resolve_entry(entry, file))
    return Curation(file, tuple(entries))


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
        raise ConfigError(file, line, "`pin` takes one arXiv id")
    ids = tuple(bare_arxiv_id(str(v)) for v in raw)
    if not ids or None in ids:
        bad = next((v for v, i in zip(raw, ids) if i is None), raw)
        raise ConfigError(file, line, f"{bad!r} is not an arXiv id (write it as 2010.11929 or hep-th/9901001)")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(file, line, "a resolve entry needs a `reason:` saying why")
    return CurationEntry(action, (), reason.strip(), line, paper_id=paper, arxiv_ids=ids)  # type: ignore[arg-type]


def _topic_entry(entry: dict[str, Any], file: str) -> CurationEntry:
    """`{paper: <id> | record: <file:line>, add: [...], remove: [...], reason: ...}`."""
    line = entry[LINE_KEY]
    _check_keys(entry, {"paper", "record", "add", "remove", "reason"}, file, "a topics entry")
    if ("paper" in entry) == ("record" in entry):
        raise ConfigError(file, line, "a topics entry names its paper by `paper: <id>` or `record: <file:line>`")
    refs = (_ref(entry["record"], file, line),) if "record" in entry else ()
    paper = entry.get("paper")
    if paper is not None and not isinstance(paper, str):
        raise ConfigError(file, line, "`paper` must be a paper id as in its URL, /papers/<id>/")
    changes = {}
    for key in ("add", "remove"):
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(file, line, f"`{key}` must be a list of topic ids")
        changes[key] = tuple(value)
    if not changes["add"] and not changes["remove"]:
        raise ConfigError(file, line, "a topics entry needs `add:` or `remove:` topic ids")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(file, line, "a topics entry needs a `reason:` saying why")
    return CurationEntry("topics", refs, reason.strip(), line, paper_id=paper,
                         add=changes["add"], remove=changes["remove"])


def _ref(item: Any, file: str, line: int) -> SourceRef:
    m = _REF.match(str(item).strip()) if isinstance(item, str) else None
    if not m:
        raise ConfigError(file, line, f"{item!r} is not a record reference; write it as "
                                      f"`capture-file.txt:LINE`, the line of the record's title")
    return SourceRef(m["file"], int(m["line"]))


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def parse_taxonomy(data: Any, file: str = "corpus/taxonomy.yaml") -> Taxonomy:
    """The facets and topics of `corpus/taxonomy.yaml`, with compiled rules."""
    facets = []
    for entry in _entries(data, file, "facets"):
        _check_keys(entry, {"id", "name", "description"}, file, "a facet")
        fid = _slug(entry, "id", file, "facet")
        facets.append(Facet(fid, _text(entry, "name", file, fid), _text(entry, "description", file, fid)))
    facet_ids = [f.id for f in facets]
    if not facets:
        raise ConfigError(file, 1, "the taxonomy needs a `facets:` list (e.g. task, method)")
    topics: list[Topic] = []
    for entry in _entries(data, file, "topics"):
        line = entry[LINE_KEY]
        _check_keys(entry, {"id", "name", "facet", "includes", "description", "match"}, file, "a topic")
        tid = _slug(entry, "id", file, "topic")
        if any(t.id == tid for t in topics):
            raise ConfigError(file, line, f"topic `{tid}` is defined twice")
        if entry.get("facet") not in facet_ids:
            raise ConfigError(file, line, f"topic `{tid}`: `facet` must be one of {', '.join(facet_ids)}, "
                                          f"not {entry.get('facet')!r}")
        match = entry.get("match") or {}
        if not isinstance(match, dict):
            raise ConfigError(file, line, f"topic `{tid}`: `match` must be a mapping with title/abstract lists")
        _check_keys(match, {"title", "abstract", "exclude", "min_score"}, file, f"topic `{tid}` match")
        min_score = match.get("min_score", 3)
        if not isinstance(min_score, int) or isinstance(min_score, bool) or min_score < 1:
            raise ConfigError(file, match[LINE_KEY], f"topic `{tid}`: `match.min_score` must be a whole number >= 1")
        topics.append(Topic(
            id=tid, name=_text(entry, "name", file, tid), facet=entry["facet"],
            description=_text(entry, "description", file, tid),
            includes=_text(entry, "includes", file, tid) if "includes" in entry else "",
            title=_patterns(match, "title", file, tid), abstract=_patterns(match, "abstract", file, tid),
            exclude=_patterns(match, "exclude", file, tid), min_score=min_score, line=line,
        ))
    if not topics:
        raise ConfigError(file, 1, "the taxonomy needs a `topics:` list")
    return Taxonomy(tuple(facets), tuple(topics))


def _slug(entry: dict[str, Any], key: str, file: str, what: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not _SLUG.match(value):
        raise ConfigError(file, entry[LINE_KEY], f"{what} `{key}` must be a lowercase slug like "
                                                 f"`image-generation`, not {value!r}")
    return value


def _text(entry: dict[str, Any], key: str, file: str, owner: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(file, entry[LINE_KEY], f"`{owner}`: `{key}` must be non-empty text")
    return " ".join(value.split())


def _patterns(match: dict[str, Any], key: str, file: str, owner: str) -> tuple[re.Pattern[str], ...]:
    raw = match.get(key) or []
    if not isinstance(raw, list) or not all(isinstance(p, str) and p for p in raw):
        raise ConfigError(file, match[LINE_KEY], f"topic `{owner}`: `match.{key}` must be a list of patterns")
    compiled = []
    for pattern in raw:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as err:
            raise ConfigError(file, match[LINE_KEY], f"topic `{owner}`: `match.{key}` pattern {pattern!r} "
                                                     f"is not a valid regular expression: {err}") from None
    return tuple(compiled)


def parse_labels(text: str, file: str, taxonomy: Taxonomy) -> TopicLabels:
    """The hand labels of `corpus/topic_labels.yaml`: `papers:` maps a paper id to topic ids.

    Read from YAML nodes, so that each problem is named at its own line.
    """
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 15x faster
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ConfigError(file, mark.line + 1 if mark else None,
                          f"invalid YAML: {getattr(err, 'problem', None) or err}") from None
    if root is None:
        return TopicLabels(file)
    papers = None
    if isinstance(root, yaml.MappingNode):
        papers = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "papers"), None)
    if not isinstance(papers, yaml.MappingNode):
        raise ConfigError(file, (papers or root).start_mark.line + 1,
                          "expected `papers:`, a mapping of paper id to a list of topic ids")
    known = {t.id for t in taxonomy.topics}
    seen: dict[str, int] = {}
    labels = []
    for key, value in papers.value:
        line = key.start_mark.line + 1
        paper_id = key.value if isinstance(key, yaml.ScalarNode) else None
        if not isinstance(paper_id, str) or not _SLUG.match(paper_id):
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
            raise ConfigError(file, line, f"`{paper_id}`: unknown topic `{unknown[0]}`; topics are the ids in "
                                          f"corpus/taxonomy.yaml")
        labels.append((paper_id, tuple(sorted(set(topics))), line))
    return TopicLabels(file, tuple(labels))
