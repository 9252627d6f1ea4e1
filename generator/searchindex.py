"""The search index: Pagefind, in bundles of at most `BUNDLE_PAGES` pages that the browser
merges into one search (Pagefind's `mergeIndex`, in javascripts/search.js).

Why bundles. Measured here with Pagefind 1.5.2, on the site of 10,000 synthetic records copied
ten times (83,900 pages):
- In one index, the indexer peaked at 11.5 GB, and in Chromium a search for "quantization"
  took 9 s, "diffusion transformer" 66 s, and the same with the site's `kind:paper` filter 74 s:
  the search itself, after its downloads (2 MB) were done. At 8,400 pages the same searches take
  0.2 to 0.6 s: a search costs more than ten times as much for ten times the pages.
- In ten bundles of 8,400 pages, indexed one after another in the same 190 s, each indexer
  peaked at 1.4 GB, and the same searches over the merged bundles found the same results in
  1.2 s, 5.7 s and 6.1 s.

A site of up to `BUNDLE_PAGES` searchable pages is one index, written by one Pagefind run over
the whole site, as a site of any size was before. Larger sites are split in page order into
equal bundles; each bundle's pages are hard-linked into a folder of their own, with the same
paths, so Pagefind records the URLs the site has. `BUNDLES_FILE` tells the browser which
bundles to merge with the first.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

from . import files
from .errors import AtlasError

BUNDLE_PAGES = 10_000
INDEX_DIR = "pagefind"
# The bundles after the first, as paths under pagefind/: ["bundle-2/", ...]; [] for one bundle.
BUNDLES_FILE = "atlas-bundles.json"
# The element the theme (main.html) puts around every page's searchable content. Corpus text is
# escaped, so it can spell the attribute's name but never this tag.
BODY_TAG = b"<div data-pagefind-body>"


def index(site: Path, strict: bool = True, limit: int = BUNDLE_PAGES) -> int:
    """Write the search index of `site` into `site/pagefind/`, in as many bundles as `limit`
    pages each needs; the number of bundles. Pagefind's warnings are printed, and with
    `strict` fail the build, as MkDocs' do."""
    out = site / INDEX_DIR
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if p.is_file())
    if len(pages) > limit:
        pages = [name for name in pages if BODY_TAG in (site / name).read_bytes()]
    bundles = split(pages, limit)
    if len(bundles) <= 1:
        _pagefind(site, out, strict)
    else:
        work = site.with_name(site.name + "-search")
        shutil.rmtree(work, ignore_errors=True)
        try:
            for k, bundle in enumerate(bundles, start=1):
                folder = work / str(k)
                for name in bundle:
                    (folder / name).parent.mkdir(parents=True, exist_ok=True)
                    files.link_or_copy(site / name, folder / name)
                _pagefind(folder, out if k == 1 else out / bundle_path(k), strict)
                shutil.rmtree(folder)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    merged = [bundle_path(k) for k in range(2, len(bundles) + 1)]
    (out / BUNDLES_FILE).write_text(json.dumps(merged) + "\n", encoding="utf-8")
    return max(1, len(bundles))


def bundle_path(k: int) -> str:
    """Where bundle `k` (from 2; the first is pagefind/ itself) lives, under pagefind/."""
    return f"bundle-{k}/"


def split(pages: list[str], limit: int) -> list[list[str]]:
    """`pages` in order, cut into the fewest bundles of at most `limit`, as equal as they can be."""
    if not pages:
        return []
    count = math.ceil(len(pages) / limit)
    return [pages[k * len(pages) // count:(k + 1) * len(pages) // count] for k in range(count)]


def _pagefind(source: Path, output: Path, strict: bool) -> None:
    # The heading permalinks ("¶") are not words of the page. `--quiet` prints warnings only.
    command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output),
               "--exclude-selectors", ".headerlink", "--quiet"]
    result = subprocess.run(command, check=False, capture_output=True, text=True)
    said = (result.stdout + result.stderr).strip()
    if said:
        print(said, file=sys.stderr)
    if result.returncode != 0:
        raise AtlasError("site", None, f"indexing for search (pagefind) failed with exit code "
                                       f"{result.returncode}; its messages are above; site/ is unchanged")
    if said and strict:
        raise AtlasError("site", None, "indexing for search (pagefind) warned, and the build is strict; "
                                       "its messages are above; site/ is unchanged")
