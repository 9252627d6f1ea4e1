"""The MkDocs build in shards, incremental builds, and the link check that covers both."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import make_project, run_in
from generator import linkcheck, shards, site
from generator.errors import AtlasError
from generator.shards import Markdown


def tree(root: Path) -> dict[str, bytes]:
    """Every file of a built site but Pagefind's index and the build stamp, by path.

    Pagefind names and fills its filter and metadata chunks differently from run to run on the
    same pages (Pagefind/pagefind#638), so its index is compared by what it counts instead.
    """
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] != "pagefind" and p.name != ".paper-atlas-build"}


def indexed_pages(root: Path) -> dict[str, int]:
    entry = json.loads((root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {language: value["page_count"] for language, value in entry["languages"].items()}


def assert_same_site(a: Path, b: Path) -> None:
    left, right = tree(a), tree(b)
    assert sorted(left) == sorted(right)
    assert [name for name in left if left[name] != right[name]] == []
    assert indexed_pages(a) == indexed_pages(b)


# -- Planning ------------------------------------------------------------------------------

def test_a_plan_puts_every_page_in_one_share_and_balances_their_sizes() -> None:
    sizes = {f"papers/p{n}.md": (n * 7919) % 1000 + 1 for n in range(300)} | {"index.md": 5000}
    pages = {name: Markdown(size, "") for name, size in sizes.items()}
    for count in (1, 2, 3, 7):
        plan = shards.plan(pages, count)
        assert len(plan) == count
        assert sorted(name for share in plan for name in share) == sorted(pages)
        loads = [sum(sizes[name] for name in share) for share in plan]
        assert max(loads) - min(loads) <= max(sizes.values())
        assert plan == shards.plan(dict(reversed(list(pages.items()))), count)  # order given does not matter


def test_markdown_pages_are_named_as_mkdocs_names_them(tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("home", encoding="utf-8")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    found = shards.markdown_pages(tmp_path)
    assert sorted(found) == ["index.md", "papers/a.md"]
    assert found["index.md"].size == 4 and len(found["index.md"].digest) == 64


def test_merging_refuses_a_file_two_shards_wrote(tmp_path: Path) -> None:
    for shard in ("a", "b"):
        (tmp_path / shard / "papers" / "x").mkdir(parents=True)
        (tmp_path / shard / "papers" / "x" / "index.html").write_text(shard, encoding="utf-8")
    with pytest.raises(RuntimeError, match="two shards wrote papers/x/index.html"):
        shards.merge(tmp_path / "a", [tmp_path / "b"])


# -- The link check, on sites written by hand ----------------------------------------------

def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_the_link_check_passes_links_that_reach_their_page_and_anchor(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "index.html": '<a href="papers/x/">x</a> <a href="papers/x/#method">m</a> <a href="#top">t</a>'
                      '<h1 id="top">T</h1><link rel="stylesheet" href="assets/main.css">'
                      '<a href="https://arxiv.org/abs/1">off the site</a> <a href="mailto:a@b.c">mail</a>'
                      '<img src="data:image/png;base64,AAAA"><a href="papers/x/index.html#old">by file</a>',
        "papers/x/index.html": '<h2 id="method">M</h2><a name="old"></a><a href="../../">home</a>'
                               '<a href="../y/?q=1">query</a> <a href="../y">no slash</a>',
        "papers/y/index.html": "y",
        "assets/main.css": "",
        "404.html": '<a href="/atlas/papers/">rooted, as MkDocs writes its error page</a>',
    })
    assert linkcheck.check(root) == []


def test_the_link_check_finds_each_kind_of_broken_link(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "index.html": '<a href="papers/gone/">a</a> <a href="papers/x/#nope">b</a> <a href="#nowhere">c</a>'
                      '<a href="/papers/x/">d</a> <a href="../outside/">e</a> <script src="js/missing.js"></script>',
        "papers/x/index.html": '<h2 id="method">M</h2>',
    })
    problems = linkcheck.check(root)
    assert problems == [
        "index.html: links to 'papers/gone/', but papers/gone/index.html is not in the site",
        "index.html: links to 'papers/x/#nope', but papers/x/index.html has no anchor '#nope'",
        "index.html: links to '#nowhere', but index.html has no anchor '#nowhere'",
        "index.html: links to '/papers/x/' from the server's root, which breaks under a sub-path",
        "index.html: links to '../outside/', outside the site",
        "index.html: links to 'js/missing.js', but js/missing.js is not in the site",
    ]


def test_escaped_text_is_not_taken_for_a_link_or_an_anchor(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "index.html": '<p>an abstract saying &lt;a href=&quot;gone/&quot;&gt; and id=&quot;top&quot;</p>'
                      '<a href="#top">t</a>',
    })
    assert linkcheck.check(root) == ["index.html: links to '#top', but index.html has no anchor '#top'"]


def test_the_report_lists_the_first_problems_and_counts_the_rest() -> None:
    problems = [f"p{n}.html: links to 'x'" for n in range(linkcheck.SHOWN + 5)]
    lines = linkcheck.report(problems).splitlines()
    assert lines[:linkcheck.SHOWN] == problems[:linkcheck.SHOWN] and lines[-1] == "... and 5 more"


# -- Real builds ---------------------------------------------------------------------------

def copy_project(source: Path, target: Path, *also: str) -> Path:
    """The project's corpus, docs/, mkdocs.yml and theme (and the folders `also` names)."""
    for name in ("corpus", "docs", "generator", *also):
        shutil.copytree(source / name, target / name)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    return target


def test_a_build_in_three_shards_equals_a_build_in_one(built_site: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(site, "SHARD_MIN_PAGES", 1)
    one = copy_project(built_site, tmp_path / "one")
    three = copy_project(built_site, tmp_path / "three")
    built_one, built_three = site.build(one, jobs=1), site.build(three, jobs=3)
    assert built_one is not None and built_three is not None
    assert (built_one.shards, built_three.shards) == (1, 3)
    assert built_one.rendered == built_three.rendered == len(shards.markdown_pages(one / "docs"))
    assert_same_site(one / "site", three / "site")
    assert_same_site(one / "site", built_site / "site")


def test_a_build_of_more_shards_than_jobs_equals_a_build_in_one(built_site: Path, tmp_path: Path,
                                                                 monkeypatch) -> None:
    """Above SHARD_MAX_PAGES pages, more shards than cores keep each shard's memory down; they
    run `jobs` at a time, here one after another."""
    monkeypatch.setattr(site, "SHARD_MAX_PAGES", 150)
    project = copy_project(built_site, tmp_path / "p")
    built = site.build(project, jobs=1)
    assert built is not None and built.shards >= 3
    assert built.rendered == len(shards.markdown_pages(project / "docs"))
    assert_same_site(project / "site", built_site / "site")


def test_an_incremental_build_equals_a_clean_one(built_site: Path, tmp_path: Path, capsys) -> None:
    """Built without one capture, then with it, then without it again: each build keeps the
    pages whose Markdown did not change, and gives the site a clean build gives."""
    capture = sorted((built_site / "corpus" / "raw").iterdir())[-1]
    project = make_project(tmp_path / "p")
    (project / "corpus" / "raw" / capture.name).unlink()
    assert run_in(project, "ingest") == 0 and run_in(project, "build") == 0
    without = tmp_path / "without"
    shutil.copytree(project / "site", without)

    shutil.copy(capture, project / "corpus" / "raw" / capture.name)
    capsys.readouterr()
    assert run_in(project, "ingest") == 0 and run_in(project, "build") == 0
    out = capsys.readouterr().out
    assert "kept from the last build" in out, out
    assert_same_site(project / "site", built_site / "site")

    (project / "corpus" / "raw" / capture.name).unlink()
    assert run_in(project, "ingest") == 0 and run_in(project, "build") == 0
    assert_same_site(project / "site", without)


def test_a_page_changed_by_hand_in_site_is_built_again(built_site: Path, tmp_path: Path) -> None:
    project = copy_project(built_site, tmp_path / "p", "site")
    assert site.build(project) is None  # up to date
    page = next((project / "site" / "papers").glob("*/index.html"))
    clean = page.read_bytes()
    page.write_text("defaced", encoding="utf-8")
    built = site.build(project)
    assert built is not None and built.kept == 0
    assert page.read_bytes() == clean


def small_project(root: Path, pages: dict[str, str]) -> Path:
    """A project of a few hand-written pages, with a bare Material configuration that checks
    links and anchors as ours does."""
    (root / "mkdocs.yml").write_text(
        "site_name: Small\nsite_url: https://example.org/\nstrict: true\ntheme:\n  name: material\nplugins: []\n"
        "validation:\n  links:\n    anchors: warn\n", encoding="utf-8")
    write_site(root / "docs", pages)
    return root


def cross_linked(anchor: str, target: int = 5) -> dict[str, str]:
    pages = {f"papers/p{n}.md": f"# Paper {n}\n\n## Method\n\nText of paper {n}.\n" for n in range(6)}
    pages["index.md"] = "# Home\n\n" + "".join(f"- [Paper {n}](papers/p{n}.md)\n" for n in range(6))
    pages["papers/p0.md"] += f"\nSee [the method of paper {target}](p{target}.md#{anchor}).\n"
    return pages


def other_shards_page(pages: dict[str, str]) -> int:
    """A paper that two shards put apart from p0 (every choice of target keeps the sizes)."""
    plan = shards.plan({name: Markdown(len(text.encode()), "") for name, text in pages.items()}, 2)
    apart = next(share for share in plan if "papers/p0.md" not in share)
    return next(n for n in range(1, 6) if f"papers/p{n}.md" in apart)


@pytest.mark.slow
def test_an_anchor_on_another_shards_page_is_checked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(site, "SHARD_MIN_PAGES", 1)
    target = other_shards_page(cross_linked("missing"))
    project = small_project(tmp_path, cross_linked("missing", target))
    with pytest.raises(AtlasError, match="1 broken links"):
        site.build(project, jobs=2)
    assert not (project / "site").exists()
    (project / "docs" / "papers" / "p0.md").write_text(cross_linked("method", target)["papers/p0.md"],
                                                       encoding="utf-8")
    built = site.build(project, jobs=2)
    assert built is not None and built.shards == 2


@pytest.mark.slow
def test_a_warning_in_any_shard_fails_the_build(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(site, "SHARD_MIN_PAGES", 1)
    pages = cross_linked("method")
    pages["papers/p3.md"] += "\n[a page that is not there](p9.md)\n"
    project = small_project(tmp_path, pages)
    with pytest.raises(AtlasError, match="`mkdocs build` failed"):
        site.build(project, jobs=3)
    assert "papers/p3.md' contains a link 'p9.md'" in capsys.readouterr().err


# -- Shards built apart (`--shard K/N`, then `--merge-shards`) -----------------------------

def test_shards_built_apart_merge_into_the_site_one_build_gives(built_site: Path, tmp_path: Path, capsys) -> None:
    project = copy_project(built_site, tmp_path / "p")
    for k in (3, 1, 2):  # in any order, as the machines finish
        assert run_in(project, "build", "--shard", f"{k}/3") == 0
        assert f"shard {k} of 3 built" in capsys.readouterr().out
    assert not (project / "site").exists()
    assert run_in(project, "build", "--merge-shards") == 0
    assert "in 3 shards" in capsys.readouterr().out
    assert_same_site(project / "site", built_site / "site")


@pytest.mark.slow
def test_merging_refuses_a_missing_shard_and_a_shard_of_other_pages(tmp_path: Path) -> None:
    project = small_project(tmp_path, cross_linked("method"))
    shards_dir = tmp_path / "shards"
    site.build_shard(project, 1, 2, shards_dir)
    with pytest.raises(AtlasError, match="lacks shard 2/2"):
        site.build(project, shards_from=shards_dir)
    (project / "docs" / "papers" / "p4.md").write_text("# Paper 4, again\n", encoding="utf-8")
    site.build_shard(project, 2, 2, shards_dir)
    with pytest.raises(AtlasError, match="shard 1-of-2 was built from another docs/"):
        site.build(project, shards_from=shards_dir)
    site.build_shard(project, 1, 3, shards_dir)
    with pytest.raises(AtlasError, match=r"more than one split \(2, 3 shards\)"):
        site.build(project, shards_from=shards_dir)
    assert not (project / "site").exists()


def test_a_shard_is_named_k_of_n(capsys) -> None:
    from generator.cli import main

    for bad in ("0/2", "3/2", "2", "a/b", "1/0"):
        with pytest.raises(SystemExit):
            main(["build", "--shard", bad])
        assert "expected K/N" in capsys.readouterr().err


@pytest.mark.slow
def test_the_pages_built_are_those_of_the_docs_folder_given(tmp_path: Path) -> None:
    project = small_project(tmp_path, cross_linked("method"))
    (project / "docs").rename(project / "elsewhere")
    built = site.build(project, docs_dir=project / "elsewhere")
    assert built is not None and built.rendered == 7
    assert (project / "site" / "papers" / "p5" / "index.html").exists()
