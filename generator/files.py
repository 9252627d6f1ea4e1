"""All file I/O: reading `corpus/`, writing generated files atomically and only on change."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import yaml

from .config import (Problems, declared_topics, nearest, load_yaml, parse_curation, parse_labels, parse_sources,
                     parse_taxonomy, topic_name_problems)
from .errors import AtlasError, ConfigError
from .escape import visible_controls
from .ids import is_paper_id
from .model import Curation, Diagnostic, Published, Resolved, Severity, Source, SourceRef, Taxonomy, TopicLabels
from .resolved import RESOLVED_YAML, parse_resolved, resolved_yaml

# What a capture may be saved as; the suffix only chooses which files are read (in any
# letter case): the form of each is told by its content.
CAPTURE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".json", ".jsonl", ".xml", ".atom", ".rss", ".bib", ".html",
                              ".htm", ".xhtml", ".mhtml", ".mht"})


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything a person edits under `corpus/`, read once."""

    root: Path
    sources: dict[str, Source]
    captures: tuple[tuple[str, bytes], ...]
    curation: Curation
    taxonomy: Taxonomy
    diagnostics: tuple[Diagnostic, ...]
    published: Published | None  # None when there is no corpus/papers.yaml
    skipped: tuple[Diagnostic, ...] = ()
    resolved: Resolved = Resolved()
    labels: TopicLabels = TopicLabels()


@dataclass(frozen=True, slots=True)
class WriteStats:
    """What a write pass did."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def read_inputs(corpus: Path, noted: Problems | None = None) -> Inputs:
    """Read the captures and the hand-edited YAML files under `corpus`.

    `sources.yaml`, `curation.yaml`, `taxonomy.yaml` and `topic_labels.yaml` are each read
    in full: every problem in them is raised together (`ConfigErrors`), not just the first.
    With `noted`, the problems are noted there instead, and the entries without problems
    read, so that a caller can go on to find more before it raises them all.
    """
    raw_dir = corpus / "raw"
    problems = noted if noted is not None else Problems()
    sources: dict[str, Source] = {}
    curation = Curation(_display(corpus / "curation.yaml"))
    taxonomy: Taxonomy | None = None
    with problems.entry():
        sources = parse_sources(_read_yaml(corpus / "sources.yaml", problems), _display(corpus / "sources.yaml"),
                                problems)
    with problems.entry():
        curation = parse_curation(_read_yaml(corpus / "curation.yaml", problems), curation.file, problems)
    taxonomy_file = corpus / "taxonomy.yaml"
    declared: set[str] = set()
    if not taxonomy_file.exists():
        problems.add(_display(taxonomy_file), None, "is missing; every corpus needs its topics")
    else:
        with problems.entry():
            data = _read_yaml(taxonomy_file, problems)
            declared = declared_topics(data)
            taxonomy = parse_taxonomy(data, _display(taxonomy_file), problems)
    labels_file = corpus / "topic_labels.yaml"
    labels = TopicLabels(_display(labels_file))
    if taxonomy is not None:
        problems.errors += topic_name_problems(curation, taxonomy, declared)
        if labels_file.exists():
            with problems.entry():
                labels = parse_labels(own_text(labels_file), labels.file, taxonomy, problems,
                                      declared)
    if noted is None:
        problems.raise_any()
    names, skipped = _capture_names(raw_dir)
    notes: list[Diagnostic] = []
    for name in names:
        if name not in sources:
            notes.append(Diagnostic(name, 1, "capture has no entry in corpus/sources.yaml: add one saying what it "
                                             "is (its description is shown on the site), and when it was captured "
                                             "(dates without a year stay unresolved)", Severity.WARNING))
    for name in sorted(set(sources) - set(names)):
        notes.append(Diagnostic(_display(corpus / "sources.yaml"), sources[name].line,
                                f"describes {name}, which is not in corpus/raw/{nearest(name, names)}"))
    captures = tuple((name, (raw_dir / name).read_bytes()) for name in names)
    published, note = _published(corpus / "papers.yaml")
    if note:
        notes.append(note)
    return Inputs(corpus, sources, captures, curation, taxonomy or Taxonomy((), ()), tuple(notes), published,
                  tuple(skipped), read_resolved(corpus), labels)


def read_resolved(corpus: Path) -> Resolved:
    """The cache `paper-atlas resolve` wrote; empty when there is none (the site works without it)."""
    return parse_resolved(_read_yaml(corpus / RESOLVED_YAML), _display(corpus / RESOLVED_YAML))


def write_resolved(corpus: Path, resolved: Resolved) -> bool:
    """Write `corpus/resolved.yaml` atomically when it changed; True if written."""
    return write_if_changed(corpus / RESOLVED_YAML, resolved_yaml(resolved))


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _capture_names(raw_dir: Path) -> tuple[list[str], list[Diagnostic]]:
    """The capture files in corpus/raw/, and a note naming every other entry there."""
    names: list[str] = []
    notes: list[Diagnostic] = []
    if not raw_dir.is_dir():
        return names, notes
    if raw_dir.is_symlink():
        return names, [Diagnostic("corpus/raw", 1, "refused: corpus/raw/ is a symbolic link; the captures must be "
                                                   "files in the corpus itself, not a link to somewhere else",
                                  Severity.ERROR)]
    for path in sorted(raw_dir.iterdir(), key=lambda p: p.name):
        shown = f"corpus/raw/{path.name}"
        if _CONTROL.search(path.name):
            notes.append(Diagnostic(visible_controls(shown), 1, "refused: the file name holds control characters (a "
                                                                "terminal or spreadsheet would obey them); rename it",
                                    Severity.ERROR))
        elif path.is_symlink():
            notes.append(Diagnostic(shown, 1, "refused: a symbolic link is never read (it could publish any file the "
                                              "build can read); copy the capture itself into corpus/raw/",
                                    Severity.ERROR))
        elif path.name.startswith("."):
            notes.append(Diagnostic(shown, 1, "skipped: a hidden file is never read as a capture", Severity.INFO))
        elif not path.is_file():
            notes.append(Diagnostic(shown, 1, "skipped: not a file (captures are files directly in corpus/raw/)"))
        elif path.suffix.lower() not in CAPTURE_SUFFIXES:
            readable = ", ".join(sorted(CAPTURE_SUFFIXES))
            notes.append(Diagnostic(shown, 1, f"skipped: `{path.suffix or path.name}` is not a capture suffix; "
                                              f"rename it to one of {readable} (in any letter case)"))
        else:
            names.append(path.name)
    return names, notes


def _published(path: Path) -> tuple[Published | None, Diagnostic | None]:
    """What the committed papers.yaml holds: the id of every record, so published ids never
    change, and every paper's title, so the report can say what is new and what is gone."""
    if not path.exists():
        return None, None
    try:
        # libyaml's parser when PyYAML has it: papers.yaml is large, and line numbers are not needed.
        data = yaml.load(own_text(path), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        published = Published()
        refused = []
        for paper in data.get("papers", []):
            paper_id = str(paper["id"])
            if not is_paper_id(paper_id):  # an id is a file name: `../../README` must never be one
                refused.append(paper_id)
                continue
            published.titles[paper_id] = str(paper.get("title") or "")
            for source in paper.get("sources", []):
                file, _, line = str(source).rpartition(":")
                published.ids[SourceRef(file, int(line))] = paper_id
        if refused:
            more = f" and {len(refused) - 1} more" if len(refused) > 1 else ""
            return published, Diagnostic(_display(path), 1, f"id {refused[0]!r}{more} is not a paper id (a lowercase "
                                                             f"slug such as `vision-transformer`); its records get "
                                                             f"new ids")
        return published, None
    except (yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as err:
        return None, Diagnostic(_display(path), 1, f"could not read the published ids ({err}); "
                                                   f"ids are assigned afresh")


def _read_yaml(path: Path, problems: Problems | None = None) -> object:
    if not path.exists():
        return None
    return load_yaml(own_text(path), _display(path), problems)


def own_text(path: Path) -> str:
    """The text of a file of the corpus; a symbolic link is refused, since it could make the
    site publish any file the build can read."""
    if path.is_symlink():
        raise ConfigError(_display(path), None, "refused: is a symbolic link; corpus files must be files in the "
                                                "corpus itself")
    return path.read_text(encoding="utf-8")


def _display(path: Path) -> str:
    """A path as the user knows it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path) -> str | None:
    """The file's text, or None if it does not exist."""
    return path.read_text(encoding="utf-8") if path.exists() else None


def line_starting(path: Path, start: str) -> int:
    """The line of `path` that starts with `start` (1 when none does or it cannot be read)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, start=1) if line.startswith(start)), 1)


def read_json(path: Path) -> object | None:
    """The JSON the file holds, or None if it is missing, unreadable or not JSON."""
    try:
        value: object = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value


def read_texts(folder: Path, names: Iterable[str]) -> dict[str, str]:
    """Files shipped with the package (the site's scripts and styles), by their names under `folder`."""
    return {name: (folder / name).read_text(encoding="utf-8") for name in names}


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


def write_tree(root: Path, files: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]],
               finish: Callable[[Mapping[str, Path]], Mapping[str, bytes]] | None = None) -> WriteStats:
    """Make `root` hold exactly `files`, all at once: the old tree stays whole until the swap.

    `files` may be a stream of (name, content) pairs: each is written as it comes and not
    kept, so a tree larger than memory can be written. `finish`, given every file written
    (by name, where it now is), returns the last files to add (a stamp of the others).

    The new tree is assembled beside the old one, unchanged files hard-linked (so
    their modification times stay), then swapped in with two renames. A run that
    changes nothing touches nothing. A failure before the swap leaves `root` as it was.
    """
    recover(root)
    existing = _tree(real_root(root))
    staging = staging_for(root)
    shutil.rmtree(staging, ignore_errors=True)
    placed: dict[str, Path] = {}
    written: list[str] = []

    def place(name: str, content: str | bytes) -> None:
        if not name or "\\" in name or any(part in ("", ".", "..") for part in name.split("/")):
            raise AtlasError(str(root), None, f"refused to write {name!r}: a generated file's name must be a plain "
                                              f"relative path inside {root}/")
        if name in placed:
            raise AtlasError(str(root), None, f"refused to write {name!r} twice")
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name in existing and existing[name].stat().st_size == len(data) and existing[name].read_bytes() == data:
            link_or_copy(existing[name], target)
        else:
            target.write_bytes(data)
            os.chmod(target, 0o644)
            written.append(name)
        placed[name] = target

    try:
        for name, content in (files.items() if isinstance(files, Mapping) else files):
            place(name, content)
        for name, content in (finish(dict(placed)) if finish else {}).items():
            place(name, content)
        removed = tuple(sorted(set(existing) - set(placed)))
        if written or removed:
            swap_in(staging, root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteStats(tuple(sorted(written)), len(placed) - len(written), removed)


def real_root(root: Path) -> Path:
    """Where a generated tree really is: a symlinked site/ (to a web root) is replaced where it
    points, so the link stays. A mount point cannot be replaced at all: that is an error."""
    target = Path(os.path.realpath(root)) if root.is_symlink() else root
    if target.exists() and os.path.ismount(target):
        raise AtlasError(str(root), None, "is a mount point: each build replaces it whole, which a mount point "
                                          "cannot be. Mount the folder above it instead, or build here and copy "
                                          "the result to the mount")
    return target


def staging_for(root: Path) -> Path:
    """A fresh folder beside the real tree, on its filesystem, to build the new tree in."""
    target = real_root(root)
    return target.with_name(f".{target.name}.new-{os.getpid()}")


def swap_in(staging: Path, root: Path) -> None:
    """Replace `root` (or, when it is a symlink, the folder it points to) by `staging`.

    Where the system can exchange two names in one step (Linux renameat2), there is never
    a moment without a tree; elsewhere the old tree is renamed away and the new one in.
    """
    target = real_root(root)
    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # the old tree, now under the staging name
        return
    retired = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)


def recover(root: Path) -> None:
    """Clean up after an interrupted swap: put a retired tree back if `root` went missing.

    Only what a process that is no longer running left: another build's staging tree, while
    it runs, is its own.
    """
    target = real_root(root)
    for leftover in sorted(target.parent.glob(f".{target.name}.old-*")):
        if _running(leftover):
            continue
        if not target.exists():
            os.replace(leftover, target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in target.parent.glob(f".{target.name}.new-*"):
        if not _running(leftover):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(leftover: Path) -> bool:
    """Whether the process whose pid ends the name (`.site.new-4242`) is running, and is not us."""
    pid = leftover.name.rpartition("-")[2]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


LOCK_FILE = ".paper-atlas.lock"


@contextlib.contextmanager
def project_lock(root: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the project's lock while writing corpus/papers.yaml, docs/ or site/: a second
    command waits for the first (and `say`s so), rather than both writing one tree."""
    with open(root / LOCK_FILE, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            say(f"another paper-atlas command ({holder}) is writing in {root}; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def tree_content_digest(root: Path, leave_out: str) -> str | None:
    """`content_digest` of the files under root, leaving one out, reading one file at a time
    (site/ is large); None if root is missing."""
    if not root.is_dir():
        return None
    return content_digest({name: path for name, path in _tree(root).items() if name != leave_out})


def _tree(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link to `source` where the filesystem allows, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def tree_digest(*roots: Path) -> str:
    """`content_digest` of every file under the given folders or files, named from their parent;
    a root that does not exist holds nothing, and Python's bytecode caches are left out."""
    found = {}
    for root in roots:
        paths = [root] if root.is_file() else [p for p in _tree(root).values() if "__pycache__" not in p.parts]
        found.update({path.relative_to(root.parent).as_posix(): path for path in paths})
    return content_digest(found)


def content_digest(files: Mapping[str, bytes | Path]) -> str:
    """A digest of a tree given as {relative path: its bytes, or the file holding them}:
    the same for a tree in memory and the tree written out. Files are read one at a time."""
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name]
        digest.update(name.encode() + b"\0" + (data.read_bytes() if isinstance(data, Path) else data) + b"\0")
    return digest.hexdigest()


def read_stamp(path: Path) -> str | None:
    """The build stamp left in a built site, if any."""
    return path.read_text(encoding="utf-8").strip() if path.exists() else None
