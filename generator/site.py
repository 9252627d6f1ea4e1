"""Turning docs/ into site/: the MkDocs build (in shards), the link check and the search index,
swapped in whole, skipped when nothing changed."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from . import files, freshness, linkcheck, searchindex, shards
from .errors import AtlasError


# Below this many pages one MkDocs process is quicker: each shard pays for starting MkDocs and
# loading the theme (about a second) before its first page.
SHARD_MIN_PAGES = 200
# MkDocs converts every page of a build before it writes any, so a shard holds all its pages'
# HTML at once (a shard of 4,200 paper pages peaked at 290 MB, measured). Above this
# many pages a build has more shards than cores, `jobs` of them running at a time.
SHARD_MAX_PAGES = 10_000


@dataclass(frozen=True)
class Built:
    """What a build did: pages MkDocs rendered (in how many shards), and pages whose last
    output was kept."""

    rendered: int
    kept: int
    shards: int


def build(project_dir: Path, strict: bool = True, docs_dir: Path | None = None, jobs: int = 1,
          shards_from: Path | None = None) -> Built | None:
    """Build docs/ with MkDocs, in up to `jobs` shards at once (`shards`), check every link of
    the result (`linkcheck`), and index it with Pagefind, in a fresh folder swapped in as
    `site/`; None if already up to date.

    Incremental: a page whose Markdown is unchanged since the last build, built with the same
    setting (mkdocs.yml, theme, tool versions), keeps its HTML; MkDocs renders only the rest.
    With `shards_from`, the shards are not built here but taken from that folder, where
    `build_shard` left each (built on other machines, say). The result is the same as a clean
    build's, for any number of jobs or shards. A failed or interrupted build leaves the
    previous site/ whole.
    """
    site = project_dir / "site"
    docs = docs_dir or project_dir / "docs"
    files.recover(site)
    setting = freshness.build_setting(project_dir, strict)
    stamp = freshness.build_stamp(docs, setting)
    previous = _previous_build(site)
    if previous.stamp == stamp and shards_from is None:
        return None
    pages = shards.markdown_pages(docs)
    reusable = previous.pages if previous.setting == setting and shards_from is None else {}
    kept = sorted(name for name, page in pages.items() if name in reusable and reusable[name][0] == page.digest)
    keeping = set(kept)
    changed = {name: page for name, page in pages.items() if name not in keeping}
    prebuilt = _built_shards(shards_from, stamp) if shards_from is not None else []
    count = len(prebuilt) or max(1, min(jobs, len(changed) // SHARD_MIN_PAGES), math.ceil(len(changed) / SHARD_MAX_PAGES))
    staging = files.staging_for(site)
    outputs = [staging] + [staging.with_name(f"{staging.name}-shard{k}") for k in range(1, count)]
    try:
        if prebuilt:
            for shard, output in zip(prebuilt, outputs):
                shutil.copytree(shard, output)
                (output / SHARD_STAMP).unlink()
        else:
            _run_shards(project_dir, docs, {"shares": shards.plan(changed, count), "kept": kept},
                        dict(enumerate(outputs)), strict, jobs)
        shards.merge(staging, outputs[1:])
        built_to = json.loads((staging / shards.PAGE_MAP).read_text(encoding="utf-8"))
        for name in kept:
            # The old site is replaced, never edited in place, so a hard link is safe.
            (staging / built_to[name]).parent.mkdir(parents=True, exist_ok=True)
            files.link_or_copy(site / reusable[name][1], staging / built_to[name])
        broken = linkcheck.check(staging, jobs)
        if broken:
            print(linkcheck.report(broken), file=sys.stderr)
            raise AtlasError("site", None, f"{len(broken)} broken links in the built site, listed above; "
                                           f"site/ is unchanged")
        searchindex.index(staging, strict)
        manifest = {"setting": setting, "pages": {name: [page.digest, built_to[name]] for name, page in pages.items()
                                                  if name in built_to}}
        (staging / shards.PAGE_MAP).write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        # What it is built from, then what it holds: a file changed or deleted by hand is rebuilt.
        built = files.tree_content_digest(staging, freshness.BUILD_STAMP)
        files.write_if_changed(staging / freshness.BUILD_STAMP, f"{stamp}\n{built}\n")
        files.swap_in(staging, site)
    finally:
        for output in outputs:
            shutil.rmtree(output, ignore_errors=True)
    return Built(len(changed), len(kept), count)


SHARD_STAMP = ".paper-atlas-shard"  # in a shard built by `build_shard`: what it was built from


def shard_folder(shards_dir: Path, k: int, n: int) -> Path:
    return shards_dir / f"{k}-of-{n}"


def build_shard(project_dir: Path, k: int, n: int, shards_dir: Path, strict: bool = True,
                docs_dir: Path | None = None) -> Path:
    """Build shard `k` (from 1) of `n` of docs/ into `shards_dir/K-of-N/`, for `build` to
    merge with the others (`shards_from`); its folder. Any machine with the same docs/,
    mkdocs.yml and tools builds the same shard. There is no link check or search index
    yet: both need the whole site."""
    docs = docs_dir or project_dir / "docs"
    stamp = freshness.build_stamp(docs, freshness.build_setting(project_dir, strict))
    out = shard_folder(shards_dir, k, n)
    shutil.rmtree(out, ignore_errors=True)
    _run_shards(project_dir, docs, {"shares": shards.plan(shards.markdown_pages(docs), n), "kept": []}, {k - 1: out},
                strict)
    (out / SHARD_STAMP).write_text(json.dumps({"stamp": stamp, "shard": k, "of": n}) + "\n", encoding="utf-8")
    return out


def _built_shards(shards_dir: Path, stamp: str) -> list[Path]:
    """Every shard of one build in `shards_dir`, in order; raise unless all are there and were
    built from this docs/ with this setting."""
    found = sorted(shards_dir.glob("*-of-*")) if shards_dir.is_dir() else []
    stamps = {path: files.read_json(path / SHARD_STAMP) for path in found}
    counts = sorted({s.get("of") for s in stamps.values() if isinstance(s, dict)}, key=str)
    if not counts or not all(isinstance(s, dict) for s in stamps.values()):
        raise AtlasError(str(shards_dir), None, "holds no shards of a build (folders K-of-N, each with its "
                                                "`.paper-atlas-shard`); build them with `paper-atlas build --shard K/N`")
    if len(counts) > 1 or not isinstance(counts[0], int):
        raise AtlasError(str(shards_dir), None, f"holds shards of more than one split ({', '.join(map(str, counts))} "
                                                f"shards); remove the folders of the old one")
    n = counts[0]
    missing = [f"{k}/{n}" for k in range(1, n + 1) if not (shard_folder(shards_dir, k, n) / SHARD_STAMP).exists()]
    if missing:
        raise AtlasError(str(shards_dir), None, f"lacks shard {', '.join(missing)}")
    stale = [path.name for path, s in stamps.items() if isinstance(s, dict) and s.get("stamp") != stamp]
    if stale:
        raise AtlasError(str(shards_dir), None, f"shard {', '.join(stale)} was built from another docs/, mkdocs.yml "
                                                f"or tool version than this one; build it again")
    return [shard_folder(shards_dir, k, n) for k in range(1, n + 1)]


class _Previous(NamedTuple):
    stamp: str | None  # None when there is no site, or it is not as its build left it
    setting: str | None
    pages: dict[str, list[str]]  # each page: [its Markdown's digest, the file it built to]


def _previous_build(site: Path) -> _Previous:
    """What the last build of site/ was made from, if site/ still holds exactly what it wrote."""
    recorded = (files.read_stamp(site / freshness.BUILD_STAMP) or "").split("\n")
    if len(recorded) != 2 or recorded[1] != files.tree_content_digest(site, freshness.BUILD_STAMP):
        return _Previous(None, None, {})
    manifest = files.read_json(site / shards.PAGE_MAP)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("pages"), dict):
        return _Previous(recorded[0], None, {})
    return _Previous(recorded[0], manifest.get("setting"), manifest["pages"])


def _run_shards(project_dir: Path, docs: Path, plan: dict[str, object], outputs: dict[int, Path],
                strict: bool, jobs: int = 1) -> None:
    """Run the MkDocs builds of the shares `outputs` names (by number, from 0), up to `jobs`
    at once, each into its folder; raise with MkDocs' messages if any fails. Their warnings
    are printed; INFO lines are not."""
    with tempfile.TemporaryDirectory(prefix="paper-atlas-shards-") as tmp:
        plan_file = Path(tmp) / "plan.json"
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # the theme's end-of-life banner is not a build message

        def run(k: int, output: Path) -> tuple[str, int]:
            # Each shard's messages go to a file of its own: a pipe read one shard after another
            # would stall a shard that fills it while an earlier one is still being waited for.
            log = Path(tmp) / f"shard{k}.log"
            with log.open("w", encoding="utf-8") as sink:
                code = subprocess.run(
                    [sys.executable, "-m", "generator.shards", str(project_dir / "mkdocs.yml"), str(docs.resolve()),
                     str(output), str(plan_file), str(k)] + ([] if strict else ["--no-strict"]),
                    cwd=project_dir, env=env, stdout=sink, stderr=subprocess.STDOUT, check=False).returncode
            return log.read_text(encoding="utf-8", errors="replace"), code

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(run, outputs.keys(), outputs.values()))
    messages = [line for text, _ in results for line in text.splitlines()
                if not line.startswith("INFO") and line.strip()]
    if messages:
        print("\n".join(messages), file=sys.stderr)
    failed = [code for _, code in results if code != 0]
    if failed:
        raise AtlasError("mkdocs.yml", None, f"`mkdocs build` failed with exit code {failed[0]}; "
                                             f"its messages are above; site/ is unchanged")
