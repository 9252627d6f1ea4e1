"""Attacks on the build itself, each tried as an attacker would: a pull request that adds a
symbolic link, edits corpus/papers.yaml, or names a capture to break a CSV or a terminal.

Every test here failed before its fix.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import run_in
from generator.errors import AtlasError
from generator.files import LOCK_FILE, write_tree

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
    outside = {p for p in project.rglob("*") if "docs" not in p.relative_to(project).parts} | {project / LOCK_FILE}
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


def spreadsheet_rows(text: str) -> list[list[str]]:
    """Cells as a spreadsheet splits them: a line break outside quotes, "\\r" too, ends a row."""
    rows, row, cell, quoted, i = [], [], "", False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1: i + 2] == '"':
                cell, i = cell + '"', i + 1
            elif ch == '"':
                quoted = False
            else:
                cell += ch
        elif ch == '"':
            quoted = True
        elif ch == ",":
            row, cell = row + [cell], ""
        elif ch in "\r\n":
            rows, row, cell = rows + [row + [cell]], [], ""
        else:
            cell += ch
        i += 1
    return rows + ([row + [cell]] if row or cell else [])


def test_a_carriage_return_in_a_csv_cell_never_starts_a_formula() -> None:
    from generator.exports import papers_csv
    from generator.model import Paper, SourceRef

    paper = Paper("p", "A Title", "An abstract.", sources=(SourceRef("x\r=cmd|'calc'!A0.txt", 3),))
    rows = spreadsheet_rows(papers_csv([paper]))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row), rows


def test_a_capture_name_with_control_characters_is_refused(project: Path, capsys) -> None:
    (project / "corpus" / "raw" / "x\r=cmd|'calc'!A0.txt").write_text("A Title\n\nAn abstract of it.\n")
    (project / "corpus" / "raw" / "t\x1b]0;pwn\x07.txt").write_text("A Title\n\nAn abstract of it.\n")
    assert run_in(project, "check") == 1
    out = capsys.readouterr().out
    assert "corpus/raw/x\\x0d=cmd|'calc'!A0.txt:1: error: refused: the file name holds control characters" in out
    assert "corpus/raw/t\\x1b]0;pwn\\x07.txt:1: error: refused" in out


def tiny_project(root: Path, captures: dict[str, str]) -> Path:
    """A project whose corpus is the real taxonomy and the given captures."""
    from conftest import CORPUS, make_project

    project = make_project(root)
    shutil.rmtree(project / "corpus" / "raw")
    (project / "corpus" / "raw").mkdir()
    for name in ("papers.yaml", "topic_labels.yaml", "resolved.yaml", "sources.yaml"):
        (project / "corpus" / name).unlink(missing_ok=True)
    for name, text in captures.items():
        (project / "corpus" / "raw" / name).write_text(text, encoding="utf-8")
    assert (CORPUS / "taxonomy.yaml").exists()
    return project


BIDI_NAME = "listing\u202etxt.exe.md"
ESCAPED = "[Upsilon \x1b[2J\x1b]0;pwn\x07Restoration][1]"


def test_control_and_bidi_characters_are_shown_escaped_in_the_terminal_and_on_pages(tmp_path: Path, capsys) -> None:
    reference = (Path(__file__).parent / "fixtures" / "captures" / "markdown_reference_links.md").read_text()
    project = tiny_project(tmp_path, {BIDI_NAME: reference.replace("[Upsilon Restoration][1]", ESCAPED)
                                      .replace("[1]: https", "[\x1b[31m1]: https")})
    for command in ("ingest", "check", "report", "generate"):
        run_in(project, command)
        out = capsys.readouterr()
        shown = out.out + out.err
        assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown, (command, shown)
        assert "listing\\u202etxt.exe.md" in shown
    pages = [p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*.md")]
    assert not any("\u202e" in page or "\x1b" in page for page in pages)
    assert any("listing\\\\u202etxt\\.exe\\.md" in page for page in pages)  # as Markdown escapes it


def test_a_record_in_a_capture_whose_name_holds_a_colon_can_be_curated(tmp_path: Path, capsys) -> None:
    capture = "2024-05-01 12:00 listing.txt"
    project = tiny_project(tmp_path, {capture: "Alpha Net for Images\n\nWe propose Alpha Net, a model of images.\n\n"
                                               "Beta Net for Video\n\nWe propose Beta Net, a model of videos.\n"})
    (project / "corpus" / "curation.yaml").write_text(f"hide:\n  - record: '{capture}:1'\n    reason: not a paper\n")
    assert run_in(project, "ingest") == 0
    papers = (project / "corpus" / "papers.yaml").read_text(encoding="utf-8")
    assert "Beta Net for Video" in papers and "Alpha Net for Images" not in papers


@pytest.mark.parametrize("tail_bytes", [
    range(256),  # anything, NUL included, past the first 64 KB
    [*range(0x80, 0x100), *range(0x20, 0x7F), 0x0A],  # no control byte at all: high bytes, text and line breaks
])
def test_a_binary_tail_after_good_records_becomes_one_error_not_papers(tail_bytes) -> None:
    import random

    from conftest import CORPUS
    from generator.model import Severity, Source
    from generator.pipeline import read_capture

    name = "001_b39fd0e98a85424d.txt"
    good = (CORPUS / "raw" / name).read_bytes()
    assert len(good) > 65536  # the tail starts past the part sniffed for binary content
    choices = list(tail_bytes)
    rng = random.Random(7)
    tail = bytes(rng.choice(choices) for _ in range(200_000))
    before = read_capture(name, good, Source(name))
    after = read_capture(name, good + b"\n" + tail, Source(name))
    assert [r.title for r in after.records] == [r.title for r in before.records]
    assert after.rejections == before.rejections and after.form == before.form
    errors = [d for d in after.diagnostics if d.severity is Severity.ERROR]
    assert len(errors) == 1 and "binary data" in errors[0].message, errors[:3]
    assert len(after.diagnostics) <= len(before.diagnostics) + 2  # counted, not one message per damaged line


def test_a_long_word_before_mentions_costs_linear_time() -> None:
    import time

    from generator.mentions import build_index, find_mentions
    from generator.model import Paper, SourceRef
    from generator.related import vectorize

    def paper(n: int, title: str, abstract: str) -> Paper:
        return Paper(f"p{n}", title, abstract, sources=(SourceRef("a.txt", n),))
    named = [paper(1, "MaskGIT: Masked Generative Image Transformer", "We propose MaskGIT, a masked generative "
                                                                      "image transformer for images."),
             paper(2, "Swin Transformer: Hierarchical Vision Transformer", "We propose Swin Transformer, a "
                                                                           "hierarchical vision transformer.")]

    def seconds(size: int) -> float:
        big = paper(3, "A Paper on Image Transformers", "x" * size + " masked image transformers (MaskGIT) and "
                                                                    "Swin Transformer (Swin) for images")
        papers = [*named, big]
        vectors, index = vectorize(papers), build_index(papers)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            found = find_mentions(papers, vectors, index)
            best = min(best, time.perf_counter() - started)
        assert [m.paper_id for m in found[2]] == ["p1", "p2"]  # the mentions are still found
        return best
    small, large = seconds(11_000), seconds(88_000)
    assert large <= 24 * max(small, 0.002), f"{small:.4f}s at 11 KB, {large:.4f}s at 88 KB: not linear"


def test_a_thousand_versions_of_one_method_link_as_a_chain_not_every_pair() -> None:
    from generator.model import Paper, SourceRef
    from generator.similar import find_similar, link_similar

    n = 1000
    papers = [Paper(f"foonet-v{i}", f"FooNet v{i}: Faster Networks for Images, Part {i}",
                    f"We present version {i} of FooNet, a network for images, faster than version {i - 1}.",
                    sources=(SourceRef("a.txt", i + 1),)) for i in range(n)]
    pairs = [p for p in find_similar(papers, []) if p.kind == "version"]
    assert n - 1 <= len(pairs) < 2 * n  # was n (n - 1) / 2 = 499,500
    linked = {p.id: p for p in link_similar(papers, tuple(pairs))}
    assert max(len(p.versions) for p in linked.values()) == 2
    assert {link.paper_id for link in linked["foonet-v9"].versions} == {"foonet-v8", "foonet-v10"}  # in version order


def test_a_copied_record_with_an_appended_code_link_changes_neither_abstract_nor_code(project: Path, capsys) -> None:
    import yaml

    from generator import pipeline
    from generator.links import split_links

    papers = yaml.safe_load((project / "corpus" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    with_code = next(p for p in papers if split_links(p["abstract"])[0] and len(p["sources"]) == 1)
    without = next(p for p in papers if not split_links(p["abstract"])[0] and len(p["sources"]) == 1
                   and len(p["abstract"]) > 300)
    evil = "https://github.com/evil-org/payload"
    # A name that sorts first, so that "the earliest record" cannot mean the earliest file name.
    capture = "000_000_attack.txt"
    (project / "corpus" / "raw" / capture).write_text("".join(
        f"{p['title']}\n\n{p['abstract']} Code: {evil}\n\n" for p in (with_code, without)), encoding="utf-8")
    assert run_in(project, "check") == 1  # papers.yaml is stale, as it must be after a new capture
    out = capsys.readouterr().out
    for paper in (with_code, without):
        assert re.search(rf"{capture}:\d+: warning: code link {evil} is given by this record of {paper['id']} only",
                         out), out
    corpus = pipeline.enrich(pipeline.complete(pipeline.ingest(project / "corpus")))
    by_id = {p.id: p for p in corpus.papers}
    for paper in (with_code, without):
        merged = by_id[paper["id"]]
        assert len(merged.sources) == 2, "the copy is still merged into the paper"
        assert merged.abstract == paper["abstract"] and evil not in merged.code_urls + merged.links
        assert merged.code_urls == split_links(paper["abstract"])[0]
    assert run_in(project, "generate") == 0
    about = (project / "docs" / "about.md").read_text(encoding="utf-8").replace("\\", "")
    assert "### Disputed code links" in about and about.count(f"{evil}, given only by {capture} line") == 2
    page = (project / "docs" / "papers" / f"{with_code['id']}.md").read_text(encoding="utf-8")
    assert "evil-org" not in page
    (project / "corpus" / "curation.yaml").write_text(
        f"code:\n  - paper: {without['id']}\n    accept: [{evil}]\n    reason: checked by hand\n", encoding="utf-8")
    accepted = {p.id: p for p in pipeline.enrich(pipeline.ingest(project / "corpus")).papers}
    assert evil in accepted[without["id"]].code_urls and evil not in accepted[with_code["id"]].code_urls


def classic_bibtex_fields(entry: str) -> list[str]:
    """The field names classic BibTeX reads from one entry: it counts every brace, escaped or
    not, and a field ends where its braces balance; what follows must be `,` and a new field."""
    m = re.match(r"@\w+\{[^,]*,", entry)
    assert m, entry
    i, names = m.end(), []
    while True:
        while entry[i] in " \n,":
            i += 1
        if entry[i] == "}":
            assert entry[i + 1:].strip() == "", f"text after the entry closed: {entry[i + 1:]!r}"
            return names
        field = re.match(r"([A-Za-z]+)\s*=\s*", entry[i:])
        assert field, f"not a field at {entry[i:i + 40]!r}"
        names.append(field[1].lower())
        i += field.end()
        if entry[i] == "{":
            depth = 0
            while True:
                depth += {"{": 1, "}": -1}.get(entry[i], 0)
                i += 1
                if depth == 0:
                    break
        else:
            i += re.match(r"[^,}\s]+", entry[i:]).end()


@pytest.mark.parametrize("text", ['}}, note = "X"', '\\}\\}, note = {X}', "{", "}", '@misc{evil, title = {x}}',
                                  "a } b { c", '" and @ and %', "\\", "{{{}}}}, url = {http://evil}"])
def test_no_text_closes_a_bibtex_field_early(text: str) -> None:
    from generator.exports import bibtex_entry
    from generator.model import Paper, SourceRef

    paper = Paper("p", f"A Title {text}", f"An abstract {text} ends here.", sources=(SourceRef("a.txt", 1),),
                  author_names=(f"Ann {text}",), authors=1, venue=f"Venue {text}")
    assert classic_bibtex_fields(bibtex_entry(paper)) == ["title", "author", "howpublished", "abstract"]


@pytest.mark.parametrize("url", ["https://github.com/../../x", "https://github.com/%2e%2e/x/y",
                                 "https://github.com/./repo", "https://github.com/owner/repo/../../x",
                                 "https://gitlab.com/.../x"])
def test_a_code_url_with_dot_segments_is_no_code_link(url: str) -> None:
    from generator.links import canonical_code_url, split_links

    assert canonical_code_url(url) is None
    assert split_links(f"Code is at {url} now.")[0] == ()


def test_a_title_of_invisible_characters_is_rejected_at_its_line() -> None:
    from generator.model import Source
    from generator.pipeline import read_capture

    text = ("Good Paper Title\n\nA good abstract, long enough to be one.\n\n\u200b\u200d\u2060\n\nWe present an "
            "abstract whose title is only invisible characters.\n")
    capture = read_capture("a.txt", text.encode(), Source("a.txt"))
    assert [r.title for r in capture.records] == ["Good Paper Title"]
    assert [(j.ref.line, j.reason) for j in capture.rejections] == [(5, "entry with no title")]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_gets_a_hint_to_set_its_encoding(codec: str) -> None:
    from generator.model import Severity, Source
    from generator.pipeline import read_capture

    data = "Good Paper Title\n\nA good abstract, long enough to be one.\n".encode(codec)
    capture = read_capture("a.txt", data, Source("a.txt"))
    assert [(d.severity, d.line) for d in capture.diagnostics] == [(Severity.ERROR, 1)]
    assert f"looks like {codec.upper()} text without a byte order mark; set `encoding: {codec}`" \
        in capture.diagnostics[0].message
    declared = read_capture("a.txt", data, Source("a.txt", encoding=codec))
    assert [r.title for r in declared.records] == ["Good Paper Title"]


# -- builds that run at once, trees replaced by hand, links and mounts --------------------------

def test_a_second_writer_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from generator.files import project_lock

    project = tiny_project(tmp_path, {"a.txt": "Alpha Net for Images\n\nWe propose Alpha Net, a model of images.\n"})
    messages: list[str] = []
    with project_lock(project, messages.append):
        child = subprocess.Popen([sys.executable, "-m", "generator", "generate"], cwd=project,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not (project / "docs").exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.5)
            if time.monotonic() > deadline - 50:  # ten seconds in: still waiting, not writing
                break
        assert child.poll() is None and not (project / "docs").exists(), "the second command did not wait"
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    assert "is writing in" in err and "waiting for it to finish" in err and (project / "docs" / "index.md").exists()
    assert messages == []  # the first holder never waited


def test_recovery_leaves_a_running_builds_staging_tree_alone(tmp_path: Path) -> None:
    import subprocess

    from generator.files import recover

    root = tmp_path / "site"
    root.mkdir()
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        live, dead = tmp_path / f".site.new-{sleeper.pid}", tmp_path / ".site.new-999999999"
        live.mkdir()
        dead.mkdir()
        recover(root)
        assert live.exists() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_symlinked_tree_is_replaced_where_it_points_and_the_link_stays(tmp_path: Path) -> None:
    webroot = tmp_path / "www" / "atlas"
    webroot.mkdir(parents=True)
    (webroot / "old.html").write_text("old")
    link = tmp_path / "project" / "site"
    link.parent.mkdir()
    os.symlink(webroot, link)
    write_tree(link, {"index.html": "new", "papers/a.html": "a"})
    assert link.is_symlink() and os.readlink(link) == str(webroot)
    assert sorted(p.relative_to(webroot).as_posix() for p in webroot.rglob("*") if p.is_file()) == \
        ["index.html", "papers/a.html"]
    leftovers = [p.name for p in (tmp_path / "www").iterdir() if p.name != "atlas"] + \
        [p.name for p in link.parent.iterdir() if p.name != "site"]
    assert leftovers == []


def test_a_mount_point_is_refused_with_what_to_do(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "site"
    root.mkdir()
    real = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == root or real(p))
    with pytest.raises(AtlasError, match="is a mount point: each build replaces it whole"):
        write_tree(root, {"index.html": "new"})


@pytest.mark.parametrize("exchange", [True, False])
def test_a_swap_leaves_one_whole_tree_and_nothing_else(tmp_path: Path, monkeypatch, exchange: bool) -> None:
    from generator import files

    if not exchange:
        monkeypatch.setattr(files, "_exchange", lambda a, b: False)  # systems without renameat2
    else:
        probe_a, probe_b = tmp_path / "a", tmp_path / "b"
        probe_a.mkdir()
        probe_b.mkdir()
        assert files._exchange(probe_a, probe_b), "Linux exchanges two names in one step (renameat2)"
        probe_a.rmdir()
        probe_b.rmdir()
    root = tmp_path / "docs"
    write_tree(root, {"a.md": "1"})
    write_tree(root, {"a.md": "2", "b.md": "3"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]
    assert (root / "a.md").read_text() == "2" and (root / "b.md").read_text() == "3"


def test_an_os_error_is_one_line_with_its_path_not_a_traceback(tmp_path: Path, capsys) -> None:
    project = tiny_project(tmp_path, {"a.txt": "Alpha Net for Images\n\nWe propose Alpha Net, a model of images.\n"})
    # A place no one may write, not even root: the kernel's own /proc.
    assert run_in(project, "generate", "--docs", "/proc/paper-atlas/docs") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.search(r"^error: /proc/paper-atlas\S*: \w", err, re.MULTILINE), err


def test_a_site_file_changed_or_deleted_by_hand_is_rebuilt(built_site: Path, tmp_path: Path, capsys) -> None:
    project = tmp_path / "project"
    for name in ("corpus", "docs", "site", "generator"):
        shutil.copytree(built_site / name, project / name, symlinks=True)
    shutil.copy(built_site / "mkdocs.yml", project / "mkdocs.yml")
    page = next((project / "site" / "papers").glob("*/index.html"))
    kept = page.read_bytes()
    assert run_in(project, "build") == 0 and "site/ is up to date" in capsys.readouterr().out
    page.unlink()
    (project / "site" / "index.html").write_text("defaced")
    assert run_in(project, "build") == 0
    assert "site built in" in capsys.readouterr().out
    assert page.read_bytes() == kept and (project / "site" / "index.html").read_text() != "defaced"


# -- the attacks together, built end to end ------------------------------------------------------

HOSTILE_2 = Path(__file__).parent / "fixtures" / "hostile_corpus_2"
EVIL = "https://github.com/evil-org/payload"
VERSIONS = 300


@pytest.mark.slow
def test_the_attacks_together_are_refused_or_built_harmlessly(tmp_path_factory, capsys) -> None:
    import random

    from conftest import make_project
    from generator.escape import visible_controls

    project = make_project(tmp_path_factory.mktemp("hostile2"), corpus=HOSTILE_2)
    raw = project / "corpus" / "raw"
    # What a fixture cannot hold: long lines, a long word before a mention, a thousand-ish versions.
    (raw / "050_long.txt").write_text("# x" + " " * 99_000 + "#x\n\nA heading made of spaces.\n\nLong Words "
                                      "Before Names\n\n" + "w" * 91_000 + " is what Gamma Net (Gamma Net) and "
                                      "Delta Net (Delta Net) read.\n", encoding="utf-8")
    (raw / "070_versions.txt").write_text("".join(
        f"FooNet v{i}: Faster Networks for Images, Part {i}\n\nWe present version {i} of FooNet, a network for "
        f"images that is faster than version {i - 1} on every benchmark we tried.\n\n" for i in range(VERSIONS)))
    # The fatal ones: a symlink to a file outside, control characters in a name, a binary tail.
    secret = secret_capture(tmp_path_factory.mktemp("outside") / "secret.txt")
    os.symlink(secret, raw / "p.txt")
    (raw / "x\r=cmd|'calc'!A0.txt").write_text("Carriage Return Paper\n\nAn abstract of the carriage return.\n")
    rng = random.Random(16)
    (raw / "060_tail.txt").write_bytes(b"Tail Paper: Good Before Junk\n\nA good abstract before the junk.\n\n" +
                                       bytes(rng.randrange(256) for _ in range(100_000)))
    assert run_in(project, "build") == 1
    out = capsys.readouterr()
    shown = out.out + out.err
    for words in ("corpus/raw/p.txt:1: error: refused: a symbolic link", "corpus/raw/x\\x0d=cmd",
                  "060_tail.txt:", "binary"):
        assert words in shown, (words, shown[-3000:])
    assert not (project / "site").exists()  # the build stops at the errors; docs/ holds only what was read
    assert files_holding(project, SECRET) == []

    for name in ("p.txt", "x\r=cmd|'calc'!A0.txt", "060_tail.txt"):
        (raw / name).unlink()
    assert run_in(project, "ingest") == 0
    papers_yaml = project / "corpus" / "papers.yaml"
    lines = papers_yaml.read_text(encoding="utf-8").splitlines(keepends=True)
    at = [n for n, line in enumerate(lines) if line.startswith("- id: ")]
    lines[at[0]], lines[at[1]] = "- id: ../../README\n", "- id: index\n"
    papers_yaml.write_text("".join(lines), encoding="utf-8")
    (project / "README.md").write_text("the project's README\n")
    capsys.readouterr()
    assert run_in(project, "build") == 0  # strict: MkDocs warns of nothing
    out = capsys.readouterr()
    shown = out.out + out.err
    assert "\x1b" not in shown and "\u202e" not in shown and "\r" not in shown
    assert re.search(rf"000_attack\.txt:\d+: warning: code link {EVIL}", shown)
    assert (project / "README.md").read_text() == "the project's README\n"

    site, docs = project / "site", project / "docs"
    data = json.loads((site / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    by_title = {p["title"]: p for p in data}
    assert all(EVIL not in p["code_urls"] + p["links"] and EVIL not in p["abstract"] for p in data)
    assert by_title["Index"]["id"] != "index" and (docs / "papers" / "index.md").read_text().count("](") > VERSIONS
    assert not any(p["title"].strip() == "" for p in data)
    assert all(len(p["versions"]) <= 3 for p in data)
    assert (site / "about" / "index.html").stat().st_size < 2_000_000
    assert not any(url.startswith("https://github.com/..") for p in data for url in p["code_urls"])
    for entry in (site / "data" / "papers.bib").read_text(encoding="utf-8").split("\n@")[1:]:
        classic_bibtex_fields("@" + entry.strip())
    rows = spreadsheet_rows((site / "data" / "papers.csv").read_text(encoding="utf-8"))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "\x1b" not in text and "\u202e" not in text and SECRET not in text, path
    assert any("listing\\u202etxt.exe.md" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    outside = [p for p in project.rglob("*") if p.relative_to(project).parts[0] not in
               ("corpus", "docs", "site", "generator", "mkdocs.yml", "README.md", LOCK_FILE)]
    assert outside == []
    assert visible_controls("\u202e") == "\\u202e"
