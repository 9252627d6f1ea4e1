"""The curator's loop: add a capture, read the report, fix corpus/curation.yaml.

Each mistake a curator can make is tried on a copy of the real, built project, and each
test asserts four things: the message, its `file:line`, the exit code, and that nothing
in corpus/ or docs/ was lost or changed. Line numbers are found in the edited text, never
typed in.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CAPTURES, run_in

FIRST_CAPTURE = "000_63bd1b1bac2b23e5.txt"


@pytest.fixture
def copy(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built project (corpus/ and docs/ as `paper-atlas build` left them)."""
    root = tmp_path / "project"
    for name in ("corpus", "docs", "generator"):
        shutil.copytree(built_site / name, root / name)
    shutil.copy(built_site / "mkdocs.yml", root / "mkdocs.yml")
    return root


def snapshot(root: Path) -> dict[str, str]:
    """A digest of every file under corpus/ and docs/, by path."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("corpus", "docs") for p in sorted((root / folder).rglob("*")) if p.is_file()}


def atlas(root: Path, capsys, *argv: str) -> tuple[int, str]:
    """Run `paper-atlas ARGV` in `root`; its exit status and everything it printed."""
    capsys.readouterr()
    status = run_in(root, *argv)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def line_of(text: str, needle: str, start: int = 0) -> int:
    """The 1-based line of the first line after line `start` that holds `needle`, comments aside."""
    lines = text.splitlines()
    return next(n for n, line in enumerate(lines, start=1)
                if n > start and needle in line and not line.lstrip().startswith("#"))


def edit(root: Path, name: str, change) -> tuple[Path, str]:
    """Change corpus/NAME by `change(text) -> text`; the file and its new text."""
    path = root / "corpus" / name
    text = change(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return path, text


def a_paper(root: Path) -> dict:
    """The first paper of the committed corpus/papers.yaml."""
    return yaml.safe_load((root / "corpus" / "papers.yaml").read_text(encoding="utf-8"))["papers"][0]


def assert_fails_everywhere(root: Path, capsys, where: str, words: str, commands=("ingest", "check", "build")) -> None:
    """Every command exits 1 naming `where` (file:line) with `words`, and changes nothing."""
    before = snapshot(root)
    for command in commands:
        status, out = atlas(root, capsys, command)
        assert status == 1, (command, out)
        assert f"error: {where}: " in out and words in out, (command, out)
        assert "Traceback" not in out
        assert snapshot(root) == before, f"`{command}` changed corpus/ or docs/"


def test_a_second_hide_list_is_an_error_naming_both_lines(copy: Path, capsys) -> None:
    paper = a_paper(copy)
    hidden = paper["sources"][0]
    _, text = edit(copy, "curation.yaml", lambda t: t.replace(
        "hide: []", f"hide:\n  - record: {hidden}\n    reason: not a paper") + "hide: []\n")
    first, again = line_of(text, "hide:"), line_of(text, "hide: []")
    assert_fails_everywhere(copy, capsys, f"corpus/curation.yaml:{again}",
                            f"`hide` is given twice in one mapping (first at line {first}, again at line {again})")


@pytest.mark.parametrize("name, after, again", [
    ("taxonomy.yaml", "    name: 3D vision\n", "    name: Three-D vision\n"),
    ("sources.yaml", f"  - file: {FIRST_CAPTURE}\n", "    file: {FIRST_CAPTURE}\n"),
])
def test_a_repeated_key_in_any_corpus_file_is_an_error(copy: Path, capsys, name: str, after: str, again: str) -> None:
    _, text = edit(copy, name, lambda t: t.replace(after, after + again, 1))
    key = again.split(":")[0].strip()
    first = line_of(text, after.strip())
    assert_fails_everywhere(copy, capsys, f"corpus/{name}:{first + 1}",
                            f"`{key}` is given twice in one mapping (first at line {first}, again at line {first + 1})")


def test_an_unknown_topic_under_topics_fails_ingest_and_check_with_the_nearest_name(copy: Path, capsys) -> None:
    paper = a_paper(copy)
    _, text = edit(copy, "curation.yaml", lambda t: t.replace(
        "topics: []", f"topics:\n  - paper: {paper['id']}\n    add: [3d-visoin]\n    reason: it is 3D"))
    assert_fails_everywhere(copy, capsys, f"corpus/curation.yaml:{line_of(text, 'add: [3d-visoin]')}",
                            "unknown topic `3d-visoin` under `add` (did you mean `3d-vision`?)")


def test_an_unknown_paper_under_topics_fails_ingest_and_check_with_the_nearest_id(copy: Path, capsys) -> None:
    paper = a_paper(copy)
    typo = paper["id"][:-1]
    _, text = edit(copy, "curation.yaml", lambda t: t.replace(
        "topics: []", f"topics:\n  - paper: {typo}\n    add: [survey]\n    reason: a survey"))
    assert_fails_everywhere(copy, capsys, f"corpus/curation.yaml:{line_of(text, f'paper: {typo}')}",
                            f"`{typo}` matches no paper (did you mean `{paper['id']}`?)")


def test_a_misspelt_section_is_named_at_its_own_line_with_the_right_name(copy: Path, capsys) -> None:
    paper = a_paper(copy)
    _, text = edit(copy, "curation.yaml", lambda t: t + f"\n# hide the test record\nhdie:\n"
                                                      f"  - record: {paper['sources'][0]}\n    reason: not a paper\n")
    assert_fails_everywhere(copy, capsys, f"corpus/curation.yaml:{line_of(text, 'hdie:')}",
                            "unknown section `hdie` (did you mean `hide`?)")


def test_every_problem_in_every_file_is_named_in_one_run(copy: Path, capsys) -> None:
    paper = a_paper(copy)
    _, curation = edit(copy, "curation.yaml", lambda t: t.replace("topics: []", (
        f"topics:\n  - paper: {paper['id']}\n    add: [3d-visoin]\n    reason: x\n"
        f"  - paper: {paper['id']}\n    add: [survey]\n    reasn: y\n")).replace(
        "split: []", "split:\n  - records: [nowhere.txt:3, nowhere.txt:9]\n    reason: z"))
    _, taxonomy = edit(copy, "taxonomy.yaml", lambda t: t.replace("    facet: task\n", "    facet: tsak\n", 1).replace(
        "    name: 3D vision\n", "    name: 3D vision\n    colour: red\n", 1))
    _, sources = edit(copy, "sources.yaml", lambda t: t.replace("    year: null\n", "    year: 26\n", 1))
    expected = [
        ("corpus/sources.yaml", line_of(sources, "year: 26"), "`year` must be a four-digit year"),
        ("corpus/curation.yaml", line_of(curation, "nowhere.txt:3"), "nowhere.txt:3 matches no paper record"),
        ("corpus/curation.yaml", line_of(curation, "nowhere.txt:3"), "nowhere.txt:9 matches no paper record"),
        ("corpus/curation.yaml", line_of(curation, "[3d-visoin]"), "unknown topic `3d-visoin`"),
        ("corpus/curation.yaml", line_of(curation, "reasn:"), "unknown key `reasn` in a topics entry "
                                                              "(did you mean `reason`?)"),
        ("corpus/taxonomy.yaml", line_of(taxonomy, "facet: tsak"), "`facet` must be one of task, method, not 'tsak'"),
        ("corpus/taxonomy.yaml", line_of(taxonomy, "colour: red"), "unknown key `colour` in a topic"),
    ]
    before = snapshot(copy)
    for command in ("ingest", "check"):
        status, out = atlas(copy, capsys, command)
        errors = [line for line in out.splitlines() if line.startswith("error: ")]
        assert status == 1 and len(errors) == len(expected), out
        for file, line, words in expected:
            assert any(e.startswith(f"error: {file}:{line}: ") and words in e for e in errors), (file, line, words, out)
        assert f"{len(expected)} errors; nothing was written" in out
        assert snapshot(copy) == before


def test_a_malformed_date_is_reported_as_a_date_at_its_line_and_no_record_is_lost(copy: Path, capsys) -> None:
    capture = copy / "corpus" / "raw" / FIRST_CAPTURE
    lines = capture.read_text(encoding="utf-8").splitlines(keepends=True)
    date_line = next(n for n, line in enumerate(lines, start=1) if re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}\n", line))
    lines[date_line - 1] = "Sept 31, 2025 x\n"  # the same number of lines: every record keeps its place
    capture.write_text("".join(lines), encoding="utf-8")
    before = snapshot(copy)
    status, out = atlas(copy, capsys, "check")
    assert status == 0, out
    assert f"{FIRST_CAPTURE}:{date_line}: warning: malformed date 'Sept 31, 2025 x': `x` follows the date" in out
    assert "September has no day 31" in out and "no abstract" not in out and "rejected: " not in out
    assert out.rstrip().endswith("0 rejected; 0 errors, 1 warning")
    status, out = atlas(copy, capsys, "ingest", "--strict")
    assert status == 1 and f"{FIRST_CAPTURE}:{date_line}: warning: malformed date" in out
    assert snapshot(copy) == before  # papers.yaml unchanged: every record is still read


def test_a_capture_without_a_description_is_a_counted_warning(copy: Path, capsys) -> None:
    def drop_first(text: str) -> str:
        start = text.index(f"  - file: {FIRST_CAPTURE}")
        return text[:start] + text[text.index("  - file: ", start + 1):]
    edit(copy, "sources.yaml", drop_first)
    before = snapshot(copy)
    status, out = atlas(copy, capsys, "check")
    assert status == 0
    assert f"{FIRST_CAPTURE}:1: warning: capture has no entry in corpus/sources.yaml" in out
    assert out.rstrip().endswith("0 errors, 1 warning")
    status, out = atlas(copy, capsys, "ingest", "--strict")
    assert status == 1 and f"{FIRST_CAPTURE}:1: warning: capture has no entry" in out
    assert out.rstrip().endswith("0 errors, 1 warning")
    assert snapshot(copy) == before


def counted(out: str) -> tuple[int, int]:
    """The errors and warnings the (last) summary line claims."""
    found = re.findall(r"(\d+) errors?, (\d+) warnings?$", out, re.MULTILINE)
    assert found, out
    return int(found[-1][0]), int(found[-1][1])


def printed(out: str) -> tuple[int, int]:
    """The errors and warnings printed as `file:line: error|warning: ...` lines."""
    kinds = [m[1] for m in re.finditer(r"^\s*\S+:\d+: (error|warning): ", out, re.MULTILINE)]
    return kinds.count("error"), kinds.count("warning")


def test_the_counts_printed_are_the_lines_printed(copy: Path, capsys) -> None:
    raw = copy / "corpus" / "raw"
    shutil.copy(CAPTURES / "title_without_abstract.txt", raw / "zz_orphans.txt")  # rejections, no description
    text = (raw / FIRST_CAPTURE).read_text(encoding="utf-8")
    (raw / FIRST_CAPTURE).write_text(text.replace("\nJun 30\n", "\nJun 30 2025 at noon\n", 1), encoding="utf-8")
    status, out = atlas(copy, capsys, "check")
    errors, warnings = printed(out)
    assert status == 1 and errors == 1 and warnings >= 3, out  # a stale papers.yaml is the error
    assert counted(out) == (errors, warnings)
    status, out = atlas(copy, capsys, "ingest")
    assert counted(out) == printed(out) == (0, warnings), out
    for command in ("generate", "build", "build"):  # the last finds docs/ up to date, and says so
        status, out = atlas(copy, capsys, command)
        placeholder = out.count(": warning: the site is built for the placeholder address")
        assert placeholder == (command == "build"), out
        assert counted(out) == (0, printed(out)[1]) == (0, warnings + placeholder)


def test_a_forced_split_is_reported_as_coming_from_curation(copy: Path, capsys) -> None:
    papers = yaml.safe_load((copy / "corpus" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    merged = next(p for p in papers if len(p["sources"]) >= 2)
    first, second = merged["sources"][:2]
    _, text = edit(copy, "curation.yaml", lambda t: t.replace(
        "split: []", f"split:\n  - records: [{first}, {second}]\n    reason: two papers of one name"))
    status, out = atlas(copy, capsys, "report")
    assert status == 0
    split = next(line for line in out.splitlines() if "near-duplicate:" in line and merged["id"] in line)
    assert f"same title, but split by hand in corpus/curation.yaml (line {line_of(text, first)}): " \
           f"two papers of one name" in split
    assert "different abstracts" not in split


def test_a_title_conflict_shows_where_the_titles_differ(copy: Path, capsys) -> None:
    papers = yaml.safe_load((copy / "corpus" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    paper = next(p for p in papers if len(p["title"]) > 70 and len(p.get("abstract", "")) > 400)
    words = paper["title"].split()
    retitled = " ".join(words[:-1] + ["Revisited"])
    (copy / "corpus" / "raw" / "zz_retitled.txt").write_text(f"{retitled}\n\n{paper['abstract']}\n", encoding="utf-8")
    status, out = atlas(copy, capsys, "report")
    assert status == 0
    conflict = next(line for line in out.splitlines() if line.startswith(f"  {paper['id']}: title: "))
    assert repr(paper["title"]) in conflict and repr(retitled) in conflict, conflict


def test_topic_fixes_show_in_the_report_and_on_the_paper_page(copy: Path, capsys) -> None:
    paper = a_paper(copy)
    _, text = edit(copy, "curation.yaml", lambda t: t.replace(
        "topics: []", f"topics:\n  - paper: {paper['id']}\n    add: [survey]\n    reason: it surveys the field"))
    status, out = atlas(copy, capsys, "report")
    assert status == 0
    line = line_of(text, "paper: " + paper["id"])
    assert f"  line {line}: {paper['id']}: +survey (it surveys the field)" in out
    assert atlas(copy, capsys, "generate")[0] == 0
    page = (copy / "docs" / "papers" / f"{paper['id']}.md").read_text(encoding="utf-8")
    shown = page.replace("\\", "")  # as the reader sees it: Markdown's escapes undone
    assert "](../topics/survey.md): added by hand in corpus/curation.yaml: it surveys the field" in shown


def test_a_new_capture_is_reported_by_its_new_papers_and_new_merges_only(copy: Path, capsys) -> None:
    from generator.pipeline import read_capture
    from generator.model import Source

    papers = yaml.safe_load((copy / "corpus" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    old = next(p for p in papers if len(p["sources"]) >= 2)  # an existing merge the new capture adds to
    alone = next(p for p in papers if len(p["sources"]) == 1 and len(p.get("abstract", "")) > 300)
    fixture = (CAPTURES / "blank_line_separated.txt").read_text(encoding="utf-8")
    new_titles = [r.title for r in read_capture("f.txt", fixture.encode(), Source("f.txt")).records]
    text = fixture + "".join(f"\n{p['title']}\n\n{p['abstract']}\n" for p in (old, alone))
    (copy / "corpus" / "raw" / "005_new.txt").write_text(text, encoding="utf-8")
    edit(copy, "sources.yaml", lambda t: t + "  - file: 005_new.txt\n    description: a test capture\n"
                                             "    captured: 2026-11-30\n")
    status, out = atlas(copy, capsys, "ingest")
    assert status == 0, out
    assert f"Since corpus/papers.yaml: {len(new_titles)} new papers, 0 gone, 2 new merges" in out
    listed = out.split("New papers (")[1].split("\n\n")[0]
    assert all(f": {title} (005_new.txt:" in listed for title in new_titles)
    merges = out.split("New or changed merges (")[1].split("\n\n")[0].splitlines()[1:]
    assert sorted(line.split(":")[0].strip() for line in merges) == sorted([old["id"], alone["id"]])
    assert all("005_new.txt:" in line and "(new)" in line for line in merges)
    old_merges = sum(1 for p in papers if len(p["sources"]) > 1) - 1
    assert f"{old_merges} earlier merges not shown" in out
    earlier = [ref for p in papers if len(p["sources"]) > 1 and p["id"] != old["id"] for ref in p["sources"]]
    assert not any(re.search(rf"{re.escape(ref)}(?!\d)", out) for ref in earlier), "an earlier merge was reprinted"
    status, again = atlas(copy, capsys, "ingest")
    assert "0 new papers, 0 gone, 0 new merges" in again and "New papers (" not in again
    status, verbose = atlas(copy, capsys, "report", "--verbose")
    assert all(re.search(rf"{re.escape(ref)}(?!\d)", verbose) for ref in earlier)
    (copy / "corpus" / "raw" / "005_new.txt").unlink()
    status, out = atlas(copy, capsys, "report")
    assert f"{len(new_titles)} new papers" not in out and f"0 new papers, {len(new_titles)} gone" in out
    gone = out.split("Papers gone (")[1].split("\n\n")[0]
    assert all(f": {title}" in gone for title in new_titles)


README = Path(__file__).resolve().parent.parent / "README.md"
NEW_LISTING = Path(__file__).resolve().parent / "fixtures" / "curation" / "005_new_listing.txt"


def report_excerpt(out: str) -> str:
    """What the README shows of an ingest report: the counts, what changed, and the summary."""
    blocks = out.rstrip("\n").split("\n\n")
    head = [line for line in blocks[0].splitlines() if line.startswith(("Records: ", "Since corpus/papers.yaml:"))]
    kept = [b for b in blocks[1:] if b.startswith(("New papers (", "Papers gone (", "New or changed merges (")) or
            "earlier merges not shown" in b]
    return "\n\n".join(["\n".join(head), *kept, blocks[-1].strip()])


def readme_block(name: str, command: str, output: str, update: bool) -> None:
    """Check (or with --update-golden, rewrite) the README's block between `<!-- name -->` markers."""
    text = README.read_text(encoding="utf-8")
    start, end = f"<!-- {name} -->\n", f"<!-- /{name} -->"
    assert start in text and end in text, f"README.md has no {name} block"
    block = f"```console\n$ {command}\n{output.rstrip()}\n```\n"
    before, rest = text.split(start, 1)
    current = rest.split(end, 1)[0]
    if update:
        README.write_text(before + start + block + end + rest.split(end, 1)[1], encoding="utf-8")
    else:
        assert current == block, f"README.md's {name} is not what the code prints; rerun with --update-golden"


def test_the_readme_shows_what_the_code_prints(copy: Path, capsys, update_golden: bool) -> None:
    shutil.copy(NEW_LISTING, copy / "corpus" / "raw" / NEW_LISTING.name)
    edit(copy, "sources.yaml", lambda t: t + f"  - file: {NEW_LISTING.name}\n    description: a Hugging Face Papers "
                                             f"listing of three papers\n    captured: 2026-09-30\n")
    status, out = atlas(copy, capsys, "ingest")
    assert status == 0 and "New papers (2)" in out and "(new)" in out, out
    readme_block("report-excerpt", "paper-atlas ingest", report_excerpt(out), update_golden)
    new_record = re.search(rf"\({re.escape(NEW_LISTING.name)}:(\d+)\)", out)[1]
    edit(copy, "curation.yaml", lambda t: t + f"hdie:\n  - record: {NEW_LISTING.name}:{new_record}\n"
                                              f"    reason: not a paper\n")
    before = snapshot(copy)
    status, out = atlas(copy, capsys, "check")
    assert status == 1 and "unknown section `hdie` (did you mean `hide`?)" in out
    assert snapshot(copy) == before
    readme_block("check-excerpt", "paper-atlas check", out, update_golden)
