"""Attacks on the build itself, each tried as an attacker would: a pull request that adds a
symbolic link, edits corpus/papers.yaml, or names a capture to break a CSV or a terminal.

Every test here failed before its fix.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_in
from generator.errors import AtlasError
from generator.files import write_tree

SECRET = "SECRET-0451-pwn"


def secret_capture(where: Path) -> Path:
    """A file outside the project that would read as a paper listing, were it read."""
    where.write_text(f"{SECRET} Transformer for Everything\n\nWe present the {SECRET} transformer, which leaks "
                     f"whatever file it was read from into every page of the site that publishes it.\n",
                     encoding="utf-8")
    return where


def files_holding(root: Path, text: str) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.is_file() and not p.is_symlink() and text.encode() in p.read_bytes()]


def test_a_symlinked_capture_is_refused_and_never_read(project: Path, tmp_path_factory, capsys) -> None:
    secret = secret_capture(tmp_path_factory.mktemp("outside") / "secret.txt")
    os.symlink(secret, project / "corpus" / "raw" / "p.txt")
    assert run_in(project, "ingest") == 1
    assert run_in(project, "build") == 1
    out = capsys.readouterr()
    assert "corpus/raw/p.txt:1: error: refused: a symbolic link is never read" in out.out + out.err
    assert files_holding(project, SECRET) == []  # not in papers.yaml, docs/ or site/


@pytest.mark.parametrize("name", ["curation.yaml", "sources.yaml", "taxonomy.yaml", "topic_labels.yaml"])
def test_a_symlinked_corpus_file_is_refused(project: Path, tmp_path_factory, capsys, name: str) -> None:
    target = project / "corpus" / name
    moved = tmp_path_factory.mktemp("outside") / name
    target.rename(moved)
    os.symlink(moved, target)
    assert run_in(project, "check") == 1
    err = capsys.readouterr().err
    assert f"error: corpus/{name}: refused: is a symbolic link" in err


def test_a_symlinked_raw_folder_is_refused(project: Path, tmp_path_factory, capsys) -> None:
    outside = tmp_path_factory.mktemp("outside")
    secret_capture(outside / "000_x.txt")
    raw = project / "corpus" / "raw"
    raw.rename(outside / "raw-moved")
    os.symlink(outside, raw)
    assert run_in(project, "ingest") == 1
    assert "corpus/raw:1: error: refused: corpus/raw/ is a symbolic link" in capsys.readouterr().out
    assert files_holding(project, SECRET) == []


BAD_IDS = ["../../README", "../../../x", "index", "/etc/x", "a/b", "Upper-Case", "a--b", ""]


def test_ids_read_back_from_papers_yaml_never_name_a_path(project: Path, capsys) -> None:
    papers = project / "corpus" / "papers.yaml"
    lines = papers.read_text(encoding="utf-8").splitlines(keepends=True)
    at = [n for n, line in enumerate(lines) if line.startswith("- id: ")][: len(BAD_IDS)]
    for n, bad in zip(at, BAD_IDS):
        lines[n] = f"- id: {bad!r}\n"
    papers.write_text("".join(lines), encoding="utf-8")
    readme = b"the project's own README\n"
    (project / "README.md").write_bytes(readme)
    outside = {p for p in project.rglob("*") if "docs" not in p.relative_to(project).parts}
    escapes = [path for bad in BAD_IDS if ".." in bad
               if not (path := (project / "docs" / "papers" / f"{bad}.md").resolve()).exists()]
    assert run_in(project, "generate") == 0
    out = capsys.readouterr()
    assert f"corpus/papers.yaml:1: warning: id {BAD_IDS[0]!r} and {len(BAD_IDS) - 1} more is not a paper id" \
        in out.out + out.err
    assert (project / "README.md").read_bytes() == readme
    assert {p for p in project.rglob("*") if "docs" not in p.relative_to(project).parts} == outside
    assert not any(path.exists() for path in escapes)
    pages = sorted(p.name for p in (project / "docs" / "papers").iterdir())
    papers = sum(line.startswith("- id: ") for line in lines)
    assert pages.count("index.md") == 1 and len(pages) == papers + 1  # every paper has its page, the index its own
    assert all(p == "index.md" or p.removesuffix(".md").islower() for p in pages)


@pytest.mark.parametrize("name", ["../escape.md", "papers/../../x.md", "/abs.md", "a//b.md", "a\\b.md", "./a.md", ""])
def test_write_tree_refuses_a_name_outside_its_root(tmp_path: Path, name: str) -> None:
    with pytest.raises(AtlasError, match="refused to write"):
        write_tree(tmp_path / "docs", {"index.md": "ok", name: "escaped"})
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_title_that_slugs_to_a_reserved_name_gets_a_page_of_its_own() -> None:
    from generator.ids import assign_ids, is_paper_id
    from generator.model import Record, SourceRef

    groups = tuple((Record(SourceRef("a.txt", n), title, "An abstract."),) for n, title in
                   enumerate(["Index", "INDEX!", "A Paper"], start=1))
    ids = assign_ids(groups, [g[0].title for g in groups])
    assert "index" not in ids and len(set(ids)) == 3 and all(is_paper_id(i) for i in ids)
