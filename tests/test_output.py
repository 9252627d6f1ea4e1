"""Output that survives crashes and reruns: whole trees or nothing, stable ids, no needless writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CAPTURES, make_project, run_in
from generator import files, pipeline, render, site as site_build
from generator.errors import AtlasError

pytestmark = pytest.mark.slow  # the module's site is a real MkDocs build


run = run_in


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root with its bytes and modification time."""
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("output"))
    assert run(root, "ingest") == 0 and run(root, "build") == 0
    return root


def test_a_crash_while_rendering_leaves_docs_and_site_intact(site: Path, monkeypatch) -> None:
    before = (snapshot(site / "docs"), snapshot(site / "site"))
    calls = 0

    def years_chart_that_breaks(summary):
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("simulated crash in the middle of rendering")
        return ""

    monkeypatch.setattr(render.charts, "years_chart", years_chart_that_breaks)
    with pytest.raises(RuntimeError, match="simulated crash"):
        pipeline.generate(pipeline.ingest(site / "corpus"), site / "docs")
    assert (snapshot(site / "docs"), snapshot(site / "site")) == before


def test_a_crash_while_writing_leaves_docs_intact(site: Path, monkeypatch) -> None:
    before = snapshot(site / "docs")
    corpus = pipeline.ingest(site / "corpus")
    pages = render.render_site(pipeline.enrich(pipeline.complete(corpus)))
    pages["index.md"] += "\nchanged\n"  # something must change, or nothing is written at all
    real_write = Path.write_bytes
    calls = 0

    def write_that_breaks(self, data):
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OSError("simulated disk failure in the middle of writing")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_that_breaks)
    with pytest.raises(OSError, match="simulated disk failure"):
        files.write_tree(site / "docs", pages)
    assert snapshot(site / "docs") == before
    assert not list(site.glob(".docs.*")), "the half-written tree was left behind"


def test_a_failed_build_leaves_the_previous_site(site: Path) -> None:
    before = snapshot(site / "site")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    try:
        (site / "mkdocs.yml").write_text(config.replace("  - About: about.md", "  - About: missing.md"),
                                         encoding="utf-8")
        with pytest.raises(AtlasError, match="site/ is unchanged"):
            site_build.build(site)
    finally:
        (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert snapshot(site / "site") == before
    assert not list(site.glob(".site.*"))


def test_an_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    """Killed between the two renames: the old tree is put back, the new one dropped."""
    (tmp_path / ".site.old-99").mkdir()
    (tmp_path / ".site.old-99" / "index.html").write_text("old", encoding="utf-8")
    (tmp_path / ".site.new-99").mkdir()
    files.recover(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_rerun_on_an_unchanged_corpus_touches_nothing(site: Path, capsys) -> None:
    before = (snapshot(site / "docs"), snapshot(site / "site"), snapshot(site / "corpus"))
    assert run(site, "ingest") == 0 and run(site, "build") == 0
    assert "site/ is up to date" in capsys.readouterr().out
    assert (snapshot(site / "docs"), snapshot(site / "site"), snapshot(site / "corpus")) == before


def test_an_unchanged_rerun_skips_the_work_and_a_changed_input_or_output_redoes_it(tmp_path: Path, capsys) -> None:
    root = make_project(tmp_path)
    assert run(root, "ingest") == 0 and run(root, "generate") == 0
    before = snapshot(root / "docs")
    capsys.readouterr()
    assert run(root, "generate") == 0
    assert "docs/ is up to date" in capsys.readouterr().out
    assert snapshot(root / "docs") == before
    # A generated page removed or edited by hand is noticed, and put back as it was.
    (root / "docs" / "about.md").unlink()
    (root / "docs" / "index.md").write_text("edited by hand", encoding="utf-8")
    assert run(root, "generate") == 0
    assert "2 written" in capsys.readouterr().out
    assert {name: data for name, (data, _) in snapshot(root / "docs").items()} == \
        {name: data for name, (data, _) in before.items()}
    # A changed input is noticed too.
    taxonomy = root / "corpus" / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert run(root, "generate") == 0
    assert "up to date" not in capsys.readouterr().out


def test_removing_a_capture_removes_exactly_the_pages_only_it_supported(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    assert run(root, "ingest") == 0 and run(root, "generate") == 0
    papers = json.loads((root / "docs" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    gone = "001_b39fd0e98a85424d.txt"
    only_there = {f"papers/{p['id']}.md" for p in papers if {s["file"] for s in p["sources"]} == {gone}}
    assert only_there
    before = set(snapshot(root / "docs"))
    (root / "corpus" / "raw" / gone).unlink()
    assert run(root, "ingest") == 0 and run(root, "generate") == 0
    assert before - set(snapshot(root / "docs")) == only_there


def test_adding_a_capture_changes_no_existing_id(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    assert run(root, "ingest") == 0
    before = {p.id: set(p.sources) for p in pipeline.ingest(root / "corpus").papers}
    existing = pipeline.ingest(root / "corpus").papers[0]
    # Sorts before every capture, and holds a paper whose title collides with an existing one.
    (root / "corpus" / "raw" / "000_aaa_new.txt").write_text(
        f"{existing.title}\n\nA different paper that happens to share the title. It is not a duplicate.\n\n"
        "An Unrelated New Paper\n\nSomething else entirely. It gets a fresh id.\n", encoding="utf-8")
    after = {p.id: set(p.sources) for p in pipeline.ingest(root / "corpus").papers}
    for paper_id, sources in before.items():
        assert paper_id in after and sources <= after[paper_id], paper_id
    new = set(after) - set(before)
    assert len(new) == 2 and all(len(i) <= 64 for i in new)


@pytest.mark.parametrize("name, data, warning", [
    ("utf16.txt", "\ufeffA UTF-16 Paper\r\n\r\nAn abstract in UTF-16. It decodes.\r\n".encode("utf-16-le"), None),
    ("bom.txt", b"\xef\xbb\xbfA BOM Paper\n\nAn abstract after a BOM. It decodes.\n", None),
    ("cp1252.txt", "Caf\u00e9 Paper\n\nAn abstract in Windows\u20111252 \u2013 with dashes. It decodes.\n"
     .encode("cp1252", errors="replace"), "Windows-1252"),
])
def test_encodings_work_end_to_end(tmp_path: Path, capsys, name: str, data: bytes, warning: str | None) -> None:
    root = make_project(tmp_path)
    for capture in (root / "corpus" / "raw").iterdir():
        capture.unlink()
    (root / "corpus" / "topic_labels.yaml").unlink()  # labels of papers no longer there would warn
    (root / "corpus" / "raw" / name).write_bytes(data)
    (root / "corpus" / "sources.yaml").write_text(f"sources:\n  - file: {name}\n", encoding="utf-8")
    assert run(root, "ingest") == 0
    out = capsys.readouterr().out
    assert "1 records: 1 papers" in out
    assert (warning or "warning") in out if warning else "warning:" not in out


def test_a_fifty_megabyte_capture_works(tmp_path: Path) -> None:
    record = ("Paper Number {i} On Efficient Transformers\n\nWe study efficient transformers, number {i}. "
              + "This sentence gives the abstract a realistic length. " * 28 + "\n\n")
    data = "".join(record.format(i=i) for i in range(32_000)).encode()
    assert len(data) > 50_000_000
    capture = pipeline.read_capture("big.txt", data, pipeline.Source("big.txt"))
    assert len(capture.records) == 32_000 and capture.rejections == () and capture.diagnostics == ()


def test_a_capture_with_one_five_megabyte_line_works(tmp_path: Path, capsys) -> None:
    root = make_project(tmp_path)
    shutil.copy(CAPTURES / "blank_line_separated.txt", root / "corpus" / "raw" / "zz_long.txt")
    with (root / "corpus" / "raw" / "zz_long.txt").open("a", encoding="utf-8") as f:
        f.write("\n" + "x" * 5_000_000 + "\n")
    assert run(root, "ingest") == 0
    assert "zz_long.txt:19: warning: line is 5,000,000 characters long" in capsys.readouterr().out
