"""Render the corpus into the Markdown pages and data files of the site, in memory."""

from __future__ import annotations

import datetime as dt

import jinja2

from . import report, serialize
from .escape import finalize, href, markdown_text
from .model import Corpus, Paper

NEWEST_ON_HOME = 12


def environment() -> jinja2.Environment:
    """The template environment: strict about undefined names and unescaped text."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is Markdown; `text` escapes for Markdown and HTML at once
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["text"] = markdown_text
    env.filters["href"] = href
    return env


def render_site(corpus: Corpus) -> dict[str, str]:
    """Every generated file under `docs/`, by path, as text."""
    env = environment()
    papers = sorted(corpus.papers, key=lambda p: p.id)
    by_id = {p.id: p for p in papers}
    pages: dict[str, str] = {}
    for paper in papers:
        pages[f"papers/{paper.id}.md"] = env.get_template("paper.md.j2").render(
            paper=paper, by_id=by_id, meta=_meta_line(paper))
    alphabetical = sorted(papers, key=lambda p: (p.title.casefold(), p.id))
    pages["papers/index.md"] = env.get_template("papers_index.md.j2").render(papers=alphabetical)
    counts = report.counts(corpus)
    pages["index.md"] = env.get_template("home.md.j2").render(
        counts=counts, newest=_newest(papers), with_code=sum(1 for p in papers if p.code_urls))
    pages["about.md"] = env.get_template("about.md.j2").render(
        counts=counts, captures=report.per_capture(corpus), rejections=corpus.rejections,
        near_duplicates=corpus.near_duplicates, by_id=by_id)
    pages["data/papers.json"] = serialize.papers_json(papers)
    return pages


def _meta_line(paper: Paper) -> str:
    parts = []
    if paper.authors is not None:
        parts.append(f"{paper.authors} author{'s' if paper.authors != 1 else ''}")
    if paper.organization:
        parts.append(paper.organization)
    if paper.date:
        parts.append(paper.date.isoformat())
    elif paper.date_text:
        parts.append(f"{paper.date_text} (year unknown)")
    if paper.upvotes is not None:
        parts.append(f"{paper.upvotes} upvote{'s' if paper.upvotes != 1 else ''}")
    if paper.arxiv_id:
        parts.append(f"arXiv {paper.arxiv_id}")
    return " · ".join(parts)


def _newest(papers: list[Paper]) -> list[Paper]:
    dated = [p for p in papers if p.date]
    return sorted(dated, key=lambda p: (p.date or dt.date.min, p.id), reverse=True)[:NEWEST_ON_HOME]
