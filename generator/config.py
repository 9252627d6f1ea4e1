"""Validate the hand-edited YAML files under `corpus/` into typed records."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from .errors import ConfigError
from .model import Curation, CurationEntry, Source, SourceRef

LINE_KEY = "__line__"
_REF = re.compile(r"^(?P<file>[^:/\\]+):(?P<line>[1-9]\d*)$")


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping under `__line__`."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


def load_yaml(text: str, file: str) -> Any:
    """Parse YAML safely; a syntax error names the file and line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
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
    known = {"merge", "split", "hide", LINE_KEY}
    for key in data or {}:
        if key not in known:
            raise ConfigError(file, data[LINE_KEY], f"unknown section `{key}`; use merge, split or hide")
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
    return Curation(file, tuple(entries))


def _ref(item: Any, file: str, line: int) -> SourceRef:
    m = _REF.match(str(item).strip()) if isinstance(item, str) else None
    if not m:
        raise ConfigError(file, line, f"{item!r} is not a record reference; write it as "
                                      f"`capture-file.txt:LINE`, the line of the record's title")
    return SourceRef(m["file"], int(m["line"]))
