"""MkDocs in shards: the pages of docs/ split among processes that each build their own share,
merged into one site.

Why this way. MkDocs builds one page at a time in one process, and most of a build is spent
converting and templating pages that do not depend on one another. MkDocs itself offers no
parallel build; what it does offer is a per-file inclusion level, set from a plugin's
`on_files` event. A shard is therefore a plain `mkdocs build` of the same mkdocs.yml and theme
that marks every page outside its share EXCLUDED:
- it still sees every file, so each link is resolved and checked against the whole site
  (a link to another shard's page is logged at INFO, not warned about), and under `--strict`
  every warning still fails the build;
- it does not read the other shards' pages, so it cannot check anchors inside them; the merged
  site's links and anchors are all checked afterwards by `linkcheck`, before it is swapped in;
- the navigation is drawn from mkdocs.yml's `nav:`, whose titles are explicit, so it is the
  same in every shard.

`--dirty` was the other candidate, and it does not do: it logs a warning (which fails
`--strict`), skips reading unchanged pages without excluding them (so their anchors are
unknown), and leaves removed pages' output behind. `exclude_docs` would need one pattern per
page, matched against every file. Plugin events choose the files directly.

The first shard (the primary) also copies the static files and writes the theme's own
templates: `404.html`, and `sitemap.xml`, which lists every page of the site, not only its
share. The others write their pages only. Shards are independent runs of `python -m
generator.shards`, so they can as well run on other machines (`paper-atlas build --shard K/N`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
from pathlib import Path
from typing import Any, Mapping, NamedTuple, Sequence

PAGE_MAP = ".paper-atlas-pages"  # written by the primary: {page's src path: the file it builds to}


class Markdown(NamedTuple):
    size: int
    digest: str


def plan(pages: Mapping[str, Markdown], count: int) -> list[list[str]]:
    """`pages` split into `count` shares of about equal size: largest first, each to the
    lightest share so far (ties to the lower share)."""
    shares: list[list[str]] = [[] for _ in range(max(1, count))]
    loads = [0] * len(shares)
    for name in sorted(pages, key=lambda n: (-pages[n].size, n)):
        lightest = min(range(len(shares)), key=lambda k: (loads[k], k))
        shares[lightest].append(name)
        loads[lightest] += pages[name].size
    return [sorted(share) for share in shares]


def markdown_pages(docs: Path) -> dict[str, Markdown]:
    """Every Markdown page under docs/ (named as MkDocs names them), with its size and digest."""
    found = {}
    for path in sorted(docs.rglob("*.md")):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(docs).as_posix()] = Markdown(len(data), hashlib.sha256(data).hexdigest())
    return found


def _plugin(shares: Sequence[Sequence[str]], kept: Sequence[str], k: int) -> Any:
    """The MkDocs plugin that limits a build to share `k` of `shares` (imported late: MkDocs
    is heavy). `kept` pages are built by none: their last build's output is reused. The
    primary (0) builds every other page no other share names, so that a page the plan did
    not list (a Markdown extension it did not know of) is still built, once."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.structure.pages import Page

    primary = k == 0

    class Shard(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def __init__(self) -> None:
            super().__init__()
            self.mine = frozenset(shares[k])
            self.others = frozenset(name for n, share in enumerate(shares) if n != k for name in share) | set(kept)
            self.site_pages: list[Any] = []

        def on_config(self, config: Any) -> Any:
            if not primary:
                config.theme.static_templates.clear()  # 404.html and sitemap.xml are the primary's
            return config

        def on_files(self, files: Any, config: Any) -> Any:
            from mkdocs.structure.files import set_exclusions
            set_exclusions(files, config)  # MkDocs' own levels first (`exclude_docs`, `not_in_nav`)
            self.site_pages = [f for f in files if f.is_documentation_page() and f.inclusion.is_included()]
            if primary:
                pages = {f.src_uri: f.dest_uri for f in self.site_pages}
                Path(config.site_dir).mkdir(parents=True, exist_ok=True)
                (Path(config.site_dir) / PAGE_MAP).write_text(json.dumps(pages, indent=0, sort_keys=True) + "\n",
                                                              encoding="utf-8")
            for file in files:
                if file.is_documentation_page():
                    theirs = file.src_uri in self.others if primary else file.src_uri not in self.mine
                    if theirs and file.inclusion.is_included():
                        file.inclusion = InclusionLevel.EXCLUDED
                elif not primary:
                    file.inclusion = InclusionLevel.EXCLUDED  # static files are copied by the primary
            return files

        def on_template_context(self, context: Any, template_name: str, config: Any) -> Any:
            if template_name == "sitemap.xml":
                # Every page of the site, as one build would list them; pages of other
                # shards get the unread Page a build gives a page before reading it.
                for file in self.site_pages:
                    if file.page is None:
                        Page(None, file, config)
                context["pages"] = self.site_pages
            return context

    return Shard()


class _Formatter(logging.Formatter):
    """MkDocs' own line format (`WARNING -  message`), which `site.build` filters on."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {record.getMessage()}"


def build_shard(config_file: Path, docs_dir: Path, site_dir: Path, shares: Sequence[Sequence[str]],
                kept: Sequence[str], k: int, strict: bool) -> int:
    """Shard `k`'s `mkdocs build` into `site_dir`; the exit status MkDocs' command would give."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    # Not INFO: a shard logs an INFO line for each link to another shard's page, tens of
    # thousands in a large site, and `site.build` shows warnings only.
    logger.setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir),
                             strict=strict)
        config.plugins["paper-atlas-shard"] = _plugin(shares, kept, k)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as err:
        logger.error(str(err))
        return 1
    return 0


def merge(primary: Path, others: Sequence[Path]) -> None:
    """Move the pages the other shards built into the primary's site. Shards build disjoint
    pages, so a file two shards wrote is a bug, and is refused."""
    for other in others:
        for path in sorted(p for p in other.rglob("*") if p.is_file()):
            name = path.relative_to(other)
            target = primary / name
            if target.exists():
                raise RuntimeError(f"two shards wrote {name.as_posix()}")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        shutil.rmtree(other)


def main(argv: Sequence[str]) -> int:
    """`python -m generator.shards CONFIG DOCS_DIR SITE_DIR PLAN K [--no-strict]`: build shard K
    (counted from 0) of the plan, a JSON object of `shares` (lists of pages) and `kept` pages."""
    config_file, docs_dir, site_dir, plan_file, k = (Path(argv[0]), Path(argv[1]), Path(argv[2]), Path(argv[3]),
                                                     int(argv[4]))
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    return build_shard(config_file, docs_dir, site_dir, plan["shares"], plan["kept"], k, "--no-strict" not in argv[5:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
