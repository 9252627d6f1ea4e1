"""Golden tests: the site source rendered from a small fixture corpus, compared file by file.

The fixture corpus in tests/fixtures/golden_corpus/ (two fictional captures, a duplicate
paper with a case difference in its title, abstracts naming each other's methods, code
links) goes through the real pipeline in memory: `ingest`, `complete`, `enrich`, `render_site`. Every
file it produces must equal the committed file of the same path under tests/golden/docs/.

After an intended change to the output, regenerate the golden files, then read their diff
before committing it:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden

This rewrites tests/golden/docs/ from the current output and removes golden files that are
no longer produced.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from conftest import FIXTURES
from generator.pipeline import complete, enrich, ingest
from generator.render import render_site

GOLDEN_CORPUS = FIXTURES / "golden_corpus"
GOLDEN_DOCS = Path(__file__).resolve().parent / "golden" / "docs"
DIFF_LINES = 60
REGENERATE = ".venv/bin/python -m pytest tests/test_golden.py --update-golden"


def golden_paths() -> list[str]:
    """The committed golden files, as paths relative to tests/golden/docs/."""
    if not GOLDEN_DOCS.is_dir():
        return []
    return sorted(p.relative_to(GOLDEN_DOCS).as_posix() for p in GOLDEN_DOCS.rglob("*") if p.is_file())


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # bytes, so line ends are compared exactly


def _rewrite_golden(produced: dict[str, str]) -> None:
    """Make tests/golden/docs/ hold exactly the produced files."""
    for name, text in produced.items():
        target = GOLDEN_DOCS / name
        if not target.exists() or _read(target) != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
    for name in set(golden_paths()) - set(produced):
        (GOLDEN_DOCS / name).unlink()
    for folder in sorted((p for p in GOLDEN_DOCS.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


@pytest.fixture(scope="module")
def produced(update_golden: bool) -> dict[str, str]:
    """Every file the pipeline renders from the fixture corpus; with --update-golden, also saved."""
    # Static assets are copied verbatim from generator/assets/ by pipeline.generate, not rendered.
    files = render_site(enrich(complete(ingest(GOLDEN_CORPUS))))
    if update_golden:
        _rewrite_golden(files)
    return files


def test_produced_paths_equal_golden_paths(produced: dict[str, str]) -> None:
    expected = set(golden_paths())
    actual = set(produced)
    missing, extra = sorted(expected - actual), sorted(actual - expected)
    if missing or extra:
        pytest.fail(f"produced files differ from tests/golden/docs/:\n"
                    f"  golden but no longer produced: {missing}\n"
                    f"  produced but not golden: {extra}\n"
                    f"if the change is intended, run `{REGENERATE}` and review the diff", pytrace=False)


@pytest.mark.parametrize("path", golden_paths())
def test_file_matches_golden(path: str, produced: dict[str, str], update_golden: bool) -> None:
    if update_golden:
        pytest.skip("golden files regenerated")
    if path not in produced:
        pytest.fail(f"{path} is golden but no longer produced; run `{REGENERATE}` if that is intended",
                    pytrace=False)
    expected = _read(GOLDEN_DOCS / path)
    actual = produced[path]
    if actual == expected:
        return
    diff = list(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                     fromfile=f"tests/golden/docs/{path}", tofile=f"produced {path}"))
    shown = "".join(line if line.endswith("\n") else line + "\n" for line in diff[:DIFF_LINES])
    more = f"... {len(diff) - DIFF_LINES} more diff lines\n" if len(diff) > DIFF_LINES else ""
    pytest.fail(f"{path} differs from its golden file:\n{shown}{more}"
                f"if the change is intended, run `{REGENERATE}` and review the diff", pytrace=False)
