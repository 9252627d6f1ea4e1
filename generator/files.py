"""All file I/O: reading `corpus/`, writing generated files atomically and only on change."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .config import load_yaml, parse_curation, parse_sources, parse_taxonomy
from .model import Curation, Diagnostic, Severity, Source, Taxonomy

CAPTURE_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything a person edits under `corpus/`, read once."""

    root: Path
    sources: dict[str, Source]
    captures: tuple[tuple[str, bytes], ...]
    curation: Curation
    taxonomy: Taxonomy
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class WriteStats:
    """What a write pass did."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def read_inputs(corpus: Path) -> Inputs:
    """Read the captures, `sources.yaml` and `curation.yaml` under `corpus`."""
    raw_dir = corpus / "raw"
    sources = parse_sources(_read_yaml(corpus / "sources.yaml"), _display(corpus / "sources.yaml"))
    curation = parse_curation(_read_yaml(corpus / "curation.yaml"), _display(corpus / "curation.yaml"))
    taxonomy_file = corpus / "taxonomy.yaml"
    if not taxonomy_file.exists():
        raise ConfigError(_display(taxonomy_file), None, "is missing; every corpus needs its topics")
    taxonomy = parse_taxonomy(_read_yaml(taxonomy_file), _display(taxonomy_file))
    names = sorted(p.name for p in raw_dir.iterdir()
                   if p.is_file() and p.suffix in CAPTURE_SUFFIXES and not p.name.startswith(".")) \
        if raw_dir.is_dir() else []
    notes: list[Diagnostic] = []
    for name in names:
        if name not in sources:
            notes.append(Diagnostic(name, 1, "capture has no entry in corpus/sources.yaml; add one "
                                             "(dates without a year stay unresolved)", Severity.INFO))
    for name in sorted(set(sources) - set(names)):
        notes.append(Diagnostic("corpus/sources.yaml", 1, f"describes {name}, which is not in corpus/raw/"))
    captures = tuple((name, (raw_dir / name).read_bytes()) for name in names)
    return Inputs(corpus, sources, captures, curation, taxonomy, tuple(notes))


def _read_yaml(path: Path) -> object:
    if not path.exists():
        return None
    return load_yaml(path.read_text(encoding="utf-8"), _display(path))


def _display(path: Path) -> str:
    """A path as the user knows it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path) -> str | None:
    """The file's text, or None if it does not exist."""
    return path.read_text(encoding="utf-8") if path.exists() else None


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write atomically, and only when the content differs; True if written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def write_tree(root: Path, files: dict[str, str | bytes]) -> WriteStats:
    """Make `root` hold exactly `files`: write what changed, remove what is no longer made."""
    written = [name for name, content in sorted(files.items()) if write_if_changed(root / name, content)]
    removed: list[str] = []
    if root.is_dir():
        for path in sorted(root.rglob("*"), reverse=True):
            name = path.relative_to(root).as_posix()
            if path.is_file() and name not in files:
                path.unlink()
                removed.append(name)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return WriteStats(tuple(written), len(files) - len(written), tuple(sorted(removed)))
