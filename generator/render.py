"""Render the corpus into the Markdown pages and data files of the site, in memory."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple
from urllib.parse import quote_plus, urlsplit

import jinja2
import yaml
from markupsafe import Markup, escape

from . import charts, exports, report, serialize
from .serialize import SAFE_DUMPER
from .display import display_text
from .escape import finalize, href, markdown_text, visible_controls
from .links import HOST_NAMES, repo_key
from .names import short_label
from .model import Corpus, Mention, Paper, SourceRef, TopicSummary
from .workers import map_in_order

PACKAGE = Path(__file__).resolve().parent
NEWEST_ON_HOME = 8
CODE_ON_HOME = 8
HOST_ICONS = {"github.com": ":fontawesome-brands-github:", "gitlab.com": ":fontawesome-brands-gitlab:",
              "bitbucket.org": ":fontawesome-brands-bitbucket:"}
ASSET_DIR = PACKAGE / "assets"
ASSETS = ("stylesheets/atlas.css", "javascripts/atlas.js", "javascripts/search.js", "javascripts/browse.js",
          "javascripts/readinglist.js")


# -- What the templates are given: named records, so that a template reads `row.paper`, not `row[1]`.

class Segment(NamedTuple):
    """A piece of an abstract or description, and the paper it names, if it is a link."""

    text: str
    paper_id: str | None


class GraphRow(NamedTuple):
    """A topic graph in words: a paper's number, the paper, and the numbers of those it is linked to."""

    number: int
    paper: Paper
    linked: list[int]


class FacetTopics(NamedTuple):
    """A facet of the taxonomy by name, and the summaries of its topics."""

    name: str
    topics: list[TopicSummary]


class CodeLink(NamedTuple):
    paper: Paper
    url: str


class TopicCode(NamedTuple):
    """The code links of one topic's papers on one host."""

    topic_name: str
    links: list[CodeLink]


class HostCode(NamedTuple):
    """A code host by name, and its code links by topic."""

    host: str
    topics: list[TopicCode]


class CaptureRow(NamedTuple):
    file: str
    read: int
    rejected: int
    description: str
    form: str


class Statistic(NamedTuple):
    label: str
    value: int | str


class DisputedLink(NamedTuple):
    """A code link one record gives and the paper's other records contradict: not shown."""

    paper: Paper
    url: str
    ref: SourceRef


@dataclass(frozen=True, slots=True)
class PageLink:
    """A link to a page about the paper elsewhere, with its Material icon shortcode."""

    label: str
    url: str
    icon: str = ""


@dataclass(frozen=True, slots=True)
class CodeButton:
    """A code repository's button: where it goes, its stars, and any flag GitHub gave."""

    url: str
    label: str
    host: str
    icon: str
    stars: str  # shown on the button: "★ 11.3k as of 2026-01-02 (+1,200 since ...)"
    stars_title: str  # its tooltip, in full
    flag: str  # "archived", "renamed", "missing", or ""
    flag_title: str


@dataclass(frozen=True, slots=True)
class Authors:
    """The author line: the first names shown, all of them behind "and N more"."""

    first: str
    all: str
    more: int  # names beyond those shown first
    tail: str  # " et al." or " and N more not listed", when the listing shows only some
    count: int


# Pure, and called some 30 times a page, many of them on the same texts (a paper's title on each
# page that lists it as related, topic names, "Related papers"): each text is escaped once.
@functools.lru_cache(maxsize=1 << 16)
def _text(value: str) -> Markup:
    return markdown_text(display_text(value))


def environment() -> jinja2.Environment:
    """The template environment: strict about undefined names and unescaped text."""
    env = jinja2.Environment(
        # By file, not by package name: a folder named "generator" in the working directory
        # (a project's theme overrides) must not shadow this package's templates.
        loader=jinja2.FileSystemLoader(PACKAGE / "templates"),
        undefined=jinja2.StrictUndefined,
        # Output is Markdown; `text` escapes for Markdown and HTML at once, and `finalize` refuses a
        # raw string. Autoescape is on because Jinja returns the output of a macro (_macros.md.j2) as
        # markup only to a page that autoescapes; HTML escaping leaves escaped text and slugs alone.
        autoescape=True,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["text"] = lambda value: _text(str(value))
    # Exactly as captured (file names, provenance), with control and bidi characters shown, not obeyed.
    env.filters["raw_text"] = lambda value: markdown_text(visible_controls(str(value)))
    env.filters["href"] = href
    env.filters["first_sentence"] = first_sentence
    env.filters["verbatim"] = verbatim
    return env


def _search_facts(paper: Paper, topic_names: dict[str, str]) -> Markup:
    """What the search dialog shows and filters by, for Pagefind: hidden elements it reads.

    Meta (shown with a result): the year, the topics, whether there is code. Filters: kind
    (papers are ranked before the site's own pages), topic, year, code. Every value is
    HTML-escaped.
    """
    day = paper.published or paper.date
    # One key per attribute: Pagefind 1.5 reads a "key:value, key:value" meta attribute as one
    # value of its first key (the dialog showed "Video · 3D vision, year:2025" as the topics).
    # No ":" in a value either, which would read as the end of a key.
    names = [topic_names.get(t, t).replace(":", " ") for t in paper.topics]
    has_code = bool(paper.repositories)  # as browse, the topic tables and the counts have it
    meta = [f"topics:{' · '.join(names)}"] if names else []
    if day:
        meta.append(f"year:{day.year}")
    if has_code:
        meta.append("code:code")
    # Filters as attributes, not text: the text of an element would be indexed as words of the page.
    values = [("kind", "paper"), *(("topic", name) for name in names),
              *([("year", str(day.year))] if day else []), ("code", "with code" if has_code else "without code")]
    parts = [f'<span data-pagefind-filter="{escape(key)}:{escape(value)}"></span>' for key, value in values]
    parts += [f'<span data-pagefind-meta="{escape(item)}"></span>' for item in meta]
    return Markup(f'<div class="pa-search-facts" hidden>{"".join(parts)}</div>')


def verbatim(value: object) -> Markup:
    """One line of an indented code block: shown exactly as written, so it must stay one line."""
    text = str(value)
    if "\n" in text or "\r" in text:
        raise ValueError(f"a code block line holds a line break: {text[:60]!r}")
    return Markup(text)


def first_sentence(text: str) -> str:
    """The opening sentence of a description or abstract."""
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


# Paper pages rendered (and handed on to be written) at a time: memory holds one batch of
# pages, not the site; each batch is large enough to be worth a pool (`workers.POOL_MIN`).
PAGE_BATCH = 4000


def render_site(corpus: Corpus, site_url: str | None = None, jobs: int = 1) -> dict[str, str]:
    """Every generated file under `docs/`, by path, as text (`render_pages`, all at once)."""
    return dict(render_pages(corpus, site_url, jobs))


def render_pages(corpus: Corpus, site_url: str | None = None, jobs: int = 1) -> Iterator[tuple[str, str]]:
    """Every generated file under `docs/` as (path, text), one batch of paper pages at a time;
    feeds link absolutely under `site_url`. The site's own scripts and styles (`ASSETS`) are
    copied beside them by the caller. Paper pages are rendered on up to `jobs` processes."""
    env = environment()
    papers = sorted(corpus.papers, key=lambda p: p.id)
    by_id = {p.id: p for p in papers}
    topic_names = {s.topic.id: s.topic.name for s in corpus.topics}
    mentioned_by = _mentioned_by(papers)
    common = {"by_id": by_id, "topic_names": topic_names}
    pages: dict[str, str] = {}
    paper_template = env.get_template("paper.md.j2")

    def paper_page(paper: Paper) -> str:
        return paper_template.render(
            paper=paper, meta=_meta_parts(paper), front_matter=_paper_front_matter(paper, topic_names),
            abstract=_segments(paper.abstract, paper.mentions), mentioned_by=mentioned_by[paper.id],
            code=_code_buttons(paper), links=_other_links(paper), authors=_authors(paper), dates=_dates(paper),
            paper_links=_paper_links(paper), search_links=_search_links(paper),  # shown where there are no paper links
            popularity=_popularity(paper), search_facts=_search_facts(paper, topic_names),
            # No corpus text in attributes: the script reads the id from the URL, the title from the page.
            save_box=Markup('<div class="pa-save"></div>'),
            bibtex=exports.bibtex_entry(paper).splitlines(), **common)

    for start in range(0, len(papers), PAGE_BATCH):
        batch = papers[start:start + PAGE_BATCH]
        yield from zip((f"papers/{p.id}.md" for p in batch), map_in_order(paper_page, batch, jobs))
    pages["papers/index.md"] = env.get_template("papers_index.md.j2").render(
        papers=sorted(papers, key=lambda p: (p.title.casefold(), p.id)), **common)
    facets = _facets(corpus)
    for summary in corpus.topics:
        graph = charts.graph_of(summary, by_id)
        pages[f"topics/{summary.topic.id}.md"] = env.get_template("topic.md.j2").render(
            s=summary, description=_segments(summary.topic.description, summary.description_mentions),
            papers=[by_id[i] for i in summary.paper_ids], year_chart=Markup(charts.years_chart(summary)),
            graph=Markup(charts.topic_graph(summary.topic.name, *graph, by_id,
                                            lambda p: short_label(display_text(p.title), 34))),
            graph_nodes=_graph_rows(*graph, by_id), **common)
        pages[f"feed-{summary.topic.id}.xml"] = exports.atom_feed(
            [by_id[i] for i in summary.paper_ids], f"{exports.SITE_NAME}: {summary.topic.name}",
            f"feed-{summary.topic.id}.xml", f"topics/{summary.topic.id}/", topic_names, site_url=site_url)
    pages["topics/index.md"] = env.get_template("topics_index.md.j2").render(facets=facets, **common)
    pages["code/index.md"] = env.get_template("code.md.j2").render(hosts=_code_by_host(papers, corpus.topics),
                                                                  with_code=[p for p in papers if p.repositories],
                                                                  **common)
    counts = report.counts(corpus)
    with_code = [p for p in papers if p.repositories]
    pages["reading-list.md"] = env.get_template("reading_list.md.j2").render(**common)
    pages["index.md"] = env.get_template("home.md.j2").render(
        counts=counts, facets=facets, newest=_newest(papers), captures=len(corpus.captures),
        with_code=with_code, code_examples=_code_examples(with_code),
        sizes_chart=Markup(charts.topic_sizes_chart(corpus.topics, facets)), **common)
    pages["about.md"] = env.get_template("about.md.j2").render(
        counts=counts, captures=_capture_rows(corpus), rejections=corpus.rejections,
        near_duplicates=corpus.near_duplicates, merges=corpus.merges, stats=_statistics(corpus),
        disputed=[DisputedLink(p, url, ref) for p in papers for url, ref in p.disputed_code], **common)
    pages["browse.md"] = env.get_template("browse.md.j2").render(**common)
    # At the site root: Material fetches a sitemap.xml next to every rel="alternate" link.
    pages["feed.xml"] = exports.atom_feed(papers, f"{exports.SITE_NAME}: all papers", "feed.xml", "", topic_names,
                                          site_url=site_url)
    pages["data/papers.json"] = serialize.papers_json(papers, site_url)
    pages["data/papers.csv"] = exports.papers_csv(papers)
    pages["data/papers.bib"] = exports.papers_bib(papers)
    pages["data/browse.json"] = exports.browse_json(papers, corpus.topics, corpus.taxonomy,
                                                    [c.file for c in corpus.captures],
                                                    exports.capture_labels([(c.file, c.description)
                                                                            for c in corpus.captures]))
    yield from pages.items()


def _segments(text: str, mentions: tuple[Mention, ...] | list[Mention]) -> list[Segment]:
    """Text cut at each mention into pieces, each linked to the paper it names or to none."""
    out: list[Segment] = []
    at = 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < at:
            continue
        out.append(Segment(text[at:m.start], None))
        out.append(Segment(text[m.start:m.end], m.paper_id))
        at = m.end
    out.append(Segment(text[at:], None))
    return [segment for segment in out if segment.text]


def _graph_rows(nodes: list[str], edges: dict[tuple[str, str], float],
                by_id: dict[str, Paper]) -> list[GraphRow]:
    """A topic graph in words, for readers who cannot see the drawing."""
    if len(nodes) < 2:
        return []
    number = {pid: n for n, pid in enumerate(nodes, start=1)}
    return [GraphRow(number[pid], by_id[pid], sorted(number[b if a == pid else a] for a, b in edges if pid in (a, b)))
            for pid in nodes]


def _mentioned_by(papers: list[Paper]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = defaultdict(list)
    for paper in papers:
        for target in paper.mentioned_ids:
            result[target].append(paper.id)
    return result


AUTHORS_SHOWN = 8
SERVICE_NAMES = {"arxiv": "arXiv", "huggingface": "Hugging Face", "semanticscholar": "Semantic Scholar",
                 "github": "GitHub", "curation": "pinned in corpus/curation.yaml"}


def _meta_parts(paper: Paper) -> list[str]:
    parts = []
    if not paper.author_names and paper.authors is not None:
        parts.append(f"{paper.authors} author{'s' if paper.authors != 1 else ''}")
    if paper.venue:
        parts.append(paper.venue)
    if paper.organization:
        parts.append(paper.organization)
    return parts


def _authors(paper: Paper) -> Authors | None:
    """The author names: the first eight shown, the rest behind "and N more"."""
    names = paper.author_names
    if not names:
        return None
    total = paper.authors if paper.authors is not None and paper.authors >= len(names) else None
    unlisted = total - len(names) if total is not None else 0
    if total is None:
        tail = " et al." if len(names) <= AUTHORS_SHOWN else ""  # the capture may show only the first few
    else:
        tail = f" and {unlisted} more not listed" if unlisted else ""
    return Authors(first=", ".join(names[:AUTHORS_SHOWN]), all=", ".join(names), more=len(names) - AUTHORS_SHOWN,
                   tail=tail, count=total or len(names))


def _dates(paper: Paper) -> list[str]:
    """The publication date (a service's, else the capture's) and the day a capture first saw the paper."""
    parts = []
    if paper.published:
        service = SERVICE_NAMES.get(paper.facts.source or "", paper.facts.source) if paper.facts else ""
        parts.append(f"published {paper.published.isoformat()} ({service})")
        if paper.date_text and paper.date != paper.published:
            parts.append(f"the listing shows {paper.date_text}")
    elif paper.date:
        parts.append(f"published {paper.date.isoformat()}")
    elif paper.date_text:
        parts.append(f"published {paper.date_text} (year not known)")
    first = paper.first_seen
    if first is not None and first.captured is not None:
        parts.append(f"first captured {first.captured.isoformat()}")
    return parts


def _popularity(paper: Paper) -> str:
    """Upvotes as the latest capture saw them, and the change since the first capture that counted them."""
    counted = [s for s in paper.seen if s.upvotes is not None]
    if not counted:
        return f"{paper.upvotes} upvote{'s' if paper.upvotes != 1 else ''}" if paper.upvotes is not None else ""
    latest, earliest = counted[-1], counted[0]
    n = latest.upvotes or 0
    text = f"{n} upvote{'s' if n != 1 else ''}" + (f" on {latest.captured.isoformat()}" if latest.captured else "")
    if latest is not earliest and latest.upvotes != earliest.upvotes:
        change = (latest.upvotes or 0) - (earliest.upvotes or 0)
        since = f"since {earliest.captured.isoformat()}" if earliest.captured else "since an earlier capture"
        text += f" ({change:+d} {since})"
    return text


def _paper_links(paper: Paper) -> list[PageLink]:
    """Where the paper itself is: its arXiv abstract and PDF, its Hugging Face page, or a service's page."""
    links = []
    if paper.arxiv_url and paper.pdf_url:
        links += [PageLink("arXiv abstract", paper.arxiv_url, ":simple-arxiv:"),
                  PageLink("PDF", paper.pdf_url, ":material-file-pdf-box:")]
    if paper.hf_url:
        links.append(PageLink("Hugging Face", paper.hf_url, ":simple-huggingface:"))
    if not paper.arxiv_id and paper.facts is not None and paper.facts.status == "resolved" and paper.facts.url:
        links.append(PageLink(SERVICE_NAMES.get(paper.facts.source or "", "Paper page"), paper.facts.url,
                              ":simple-semanticscholar:" if paper.facts.source == "semanticscholar"
                              else ":material-file-document-outline:"))
    return links


def _search_links(paper: Paper) -> list[PageLink]:
    """Searches for the paper's title, for a paper no service has been matched to."""
    q = quote_plus(paper.title)
    quoted = quote_plus(f'"{paper.title}"')
    return [
        PageLink("arXiv", f"https://arxiv.org/search/?query={q}&searchtype=title"),
        PageLink("Hugging Face Papers", f"https://huggingface.co/papers?q={q}"),
        PageLink("Semantic Scholar", f"https://www.semanticscholar.org/search?q={q}"),
        PageLink("Google Scholar", f"https://scholar.google.com/scholar?q={quoted}"),
    ]


# A page's meta description: search engines show about 160 characters; a little more leaves them the cut.
DESCRIPTION_MAX = 200


def _paper_front_matter(paper: Paper, topic_names: dict[str, str]) -> Markup:
    """YAML front matter, dumped safely: it can never close itself or inject keys."""
    description = " ".join(first_sentence(display_text(paper.text)).split())[:DESCRIPTION_MAX]
    data = {
        "description": "".join(ch for ch in description if ch not in "<>&\"'`{}\\"),
        "atlas_topics": [{"id": t.topic, "name": topic_names.get(t.topic, t.topic), "reason": t.reason}
                         for t in paper.tags],
        "schema": exports.scholarly_article(paper, topic_names),  # JSON-LD in the page head (theme/main.html)
    }
    return Markup(yaml.dump(data, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000).strip())


def _other_links(paper: Paper) -> tuple[str, ...]:
    """Project pages and demos: the abstract's links, and the capture's project page."""
    if paper.project_page and paper.project_page not in paper.links:
        return (paper.project_page, *paper.links)
    return paper.links


def _code_buttons(paper: Paper) -> list[CodeButton]:
    """A button per code repository, with its stars as of their date and any flag GitHub gave."""
    facts = {repo_key(f.url): f for f in paper.repository_facts}
    seen = [s for s in paper.seen if s.stars is not None]
    captured = seen[-1] if seen else None
    buttons = []
    for url in paper.repositories:
        known = facts.get(repo_key(url))
        stars, as_of, flag, day, change = None, "", "", None, ""
        if known is not None and known.stars is not None:
            stars, as_of, day = known.stars, f"on GitHub on {known.checked.isoformat()}", known.checked
        elif url == paper.code_url and paper.stars is not None:
            stars = captured.stars if captured else paper.stars
            day = captured.captured if captured else None
            as_of = f"in the listing captured {day.isoformat()}" if day else "when the listing was captured"
            first = seen[0] if seen else None
            if first is not None and captured is not None and first is not captured and first.stars != stars:
                since = f"since {first.captured.isoformat()}" if first.captured else "since an earlier capture"
                change = f"{(stars or 0) - (first.stars or 0):+,d} {since}"
        target = url
        if known is not None and known.status == "missing":
            flag = f"missing on GitHub on {known.checked.isoformat()}"
        elif known is not None and known.status == "renamed" and known.moved_to:
            target, flag = known.moved_to, f"renamed: now {_repo_path(known.moved_to)}"
        if known is not None and known.archived:
            flag = "archived: read-only, no longer maintained"
        buttons.append(_code_button(target, stars, as_of, flag, day, change))
    return buttons


def _repo_path(url: str) -> str:
    return "/".join(urlsplit(url).path.strip("/").split("/")[:2])


def _code_button(url: str, stars: int | None = None, as_of: str = "", flag: str = "",
                 checked: dt.date | None = None, change: str = "") -> CodeButton:
    parts = urlsplit(url)
    host = parts.hostname or ""
    short = "" if stars is None else f"★ {_short_count(stars)}"
    if short and checked is not None:
        short += f" as of {checked.isoformat()}"
    if short and change:
        short += f" ({change})"
    return CodeButton(url=url, label=_repo_path(url), host=HOST_NAMES.get(host, host),
                      icon=HOST_ICONS.get(host, ":material-source-repository:"), stars=short,
                      stars_title="" if stars is None else f"{stars:,} stars {as_of}".strip(),
                      flag=flag.split(":")[0] if flag else "", flag_title=flag)


def _short_count(n: int) -> str:
    """11300 as "11.3k", as listing pages print star counts."""
    if n >= 1000:
        return f"{n / 1000:.1f}".rstrip("0").rstrip(".") + "k"
    return str(n)


def _facets(corpus: Corpus) -> list[FacetTopics]:
    return [FacetTopics(f.name, [s for s in corpus.topics if s.topic.facet == f.id]) for f in corpus.taxonomy.facets]


def _code_by_host(papers: list[Paper], topics: tuple[TopicSummary, ...]) -> list[HostCode]:
    """The code links by host, the host with the most first; on each, by topic, each paper under its first topic."""
    names = {s.topic.id: s.topic.name for s in topics}
    order = {s.topic.id: n for n, s in enumerate(topics)}
    untagged = len(order)  # papers without a topic come after every topic
    grouped: dict[str, dict[str, list[CodeLink]]] = defaultdict(lambda: defaultdict(list))
    for paper in sorted(papers, key=lambda p: (p.title.casefold(), p.id)):
        for url in paper.repositories:
            host = HOST_NAMES.get(urlsplit(url).hostname or "", urlsplit(url).hostname or "")
            primary = min(paper.topics, key=lambda t: order.get(t, untagged), default="")
            grouped[host][primary].append(CodeLink(paper, url))
    result = []
    for host in sorted(grouped, key=lambda h: (-sum(len(v) for v in grouped[h].values()), h)):
        sections = sorted(grouped[host].items(), key=lambda kv: order.get(kv[0], untagged))
        result.append(HostCode(host, [TopicCode(names.get(t, "Other papers"), items) for t, items in sections]))
    return result


def _code_examples(with_code: list[Paper]) -> list[Paper]:
    """Papers with code to show on the home page: the most upvoted, then the newest."""
    return sorted(with_code, key=lambda p: (-(p.upvotes or 0), -(p.date or dt.date.min).toordinal(),
                                            p.id))[:CODE_ON_HOME]


def _newest(papers: list[Paper]) -> list[Paper]:
    dated = [p for p in papers if p.date]
    return sorted(dated, key=lambda p: (p.date or dt.date.min, p.id), reverse=True)[:NEWEST_ON_HOME]


def _statistics(corpus: Corpus) -> list[Statistic]:
    papers = corpus.papers
    n = len(papers) or 1
    rows: list[tuple[str, int | str]] = [
        ("papers", len(papers)),
        ("topics", len(corpus.topics)),
        ("papers with a code repository", sum(1 for p in papers if p.repositories)),
        ("papers with a project page or other link", sum(1 for p in papers if p.links)),
        ("papers with a known date", sum(1 for p in papers if p.published or p.date)),
        ("papers with an author count", sum(1 for p in papers if p.authors is not None)),
        ("papers with an arXiv id", sum(1 for p in papers if p.arxiv_id)),
        ("papers matched by paper-atlas resolve", _resolved_by(papers)),
        ("papers resolve left for a person to decide (candidates in corpus/resolved.yaml)",
         sum(1 for p in papers if p.facts and p.facts.status == "unresolved")),
        ("code repositories checked on GitHub", len({f.url for p in papers for f in p.repository_facts})),
        ("papers without a topic", sum(1 for p in papers if not p.tags)),
        ("links between papers named in abstracts", sum(len(p.mentioned_ids) for p in papers)),
        ("average topics per paper", f"{sum(len(p.tags) for p in papers) / n:.1f}"),
    ]
    return [Statistic(label, value) for label, value in rows]


def _resolved_by(papers: tuple[Paper, ...]) -> str:
    """How many papers a service matched, and which services: "120 (arXiv 100, Hugging Face 20)"."""
    by: dict[str, int] = defaultdict(int)
    for p in papers:
        if p.facts is not None and p.facts.status == "resolved":
            by[SERVICE_NAMES.get(p.facts.source or "", p.facts.source or "?")] += 1
    total = sum(by.values())
    if not total:
        return "0 (run make resolve to fill in ids, authors and dates from open APIs)"
    return f"{total} ({', '.join(f'{name} {n}' for name, n in sorted(by.items(), key=lambda kv: (-kv[1], kv[0])))})"


def _capture_rows(corpus: Corpus) -> list[CaptureRow]:
    """Each capture: its records read, those rejected, its description and the form it was read as."""
    return [CaptureRow(c.file, len(c.records) + len(c.rejections), len(c.rejections),
                       c.description or "not described", c.form or "unreadable") for c in corpus.captures]
