"""Turning docs/ into site/: the MkDocs build and the search index, swapped in whole,
skipped when nothing changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import files, freshness
from .errors import AtlasError


def build(project_dir: Path, strict: bool = True, docs_dir: Path | None = None) -> bool:
    """Run `mkdocs build` and index the result with Pagefind, in a fresh folder swapped in
    as `site/`; False if already up to date.

    The build is skipped when nothing it reads changed (docs/, mkdocs.yml, the theme
    overrides, the tool versions); a failed or interrupted build leaves the previous
    site/ whole.
    """
    site = project_dir / "site"
    docs = docs_dir or project_dir / "docs"
    files.recover(site)
    stamp = freshness.build_stamp(project_dir, docs, strict)
    if _up_to_date(site, stamp):
        return False
    staging = files.staging_for(site)
    # Not --quiet: MkDocs then drops the warnings that --strict counts, and passes anyway.
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file",
               str(project_dir / "mkdocs.yml"), "--site-dir", str(staging)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # the theme's end-of-life banner is not a build message
    try:
        result = subprocess.run(command, cwd=project_dir, env=env, check=False, capture_output=True, text=True)
        messages = [line for line in (result.stdout + result.stderr).splitlines()
                    if not line.startswith("INFO") and line.strip()]
        if result.returncode != 0:
            print("\n".join(messages), file=sys.stderr)
            raise AtlasError("mkdocs.yml", None, f"`mkdocs build` failed with exit code {result.returncode}; "
                                                 f"its messages are above; site/ is unchanged")
        if messages:
            print("\n".join(messages), file=sys.stderr)
        _index_for_search(staging)
        # What it is built from, then what it holds: a file changed or deleted by hand is rebuilt.
        built = files.tree_content_digest(staging, freshness.BUILD_STAMP)
        files.write_if_changed(staging / freshness.BUILD_STAMP, f"{stamp}\n{built}\n")
        files.swap_in(staging, site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def _up_to_date(site: Path, stamp: str) -> bool:
    """Whether site/ was built from these inputs and still holds exactly what that build wrote."""
    recorded = (files.read_stamp(site / freshness.BUILD_STAMP) or "").split("\n")
    return len(recorded) == 2 and recorded[0] == stamp and recorded[1] == files.tree_content_digest(site, freshness.BUILD_STAMP)


def _index_for_search(site: Path) -> None:
    """Write Pagefind's search index into `site/pagefind/` (the parts of each page marked
    `data-pagefind-body` by the theme)."""
    # The heading permalinks ("¶") are not words of the page.
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--exclude-selectors", ".headerlink", "--silent"]
    result = subprocess.run(command, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        print((result.stdout + result.stderr).strip(), file=sys.stderr)
        raise AtlasError("site", None, f"indexing for search (pagefind) failed with exit code "
                                       f"{result.returncode}; its messages are above; site/ is unchanged")
