"""The corpus in the formats other tools read: CSV, BibTeX, Atom, schema.org, the browse data.

All text here is corpus text: each format's own escaping is applied, and nothing
depends on the time of the build, so the same corpus gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid
from typing import Any, Iterable
from xml.sax.saxutils import escape as xml_escape

from .display import display_text, without_unmatched_braces
from .model import Paper, Taxonomy, TopicSummary
from .serialize import paper_record

SITE_NAME = "Paper Atlas"
CSV_FIELDS = ("id", "title", "url", "date", "date_text", "authors", "organization", "upvotes", "arxiv_id",
              "topics", "code_urls", "links", "sources", "abstract", "summary", "author_names", "venue",
              "comments", "repository", "stars", "project_page", "paper_url", "published", "abs_url", "pdf_url",
              "hf_url", "resolved_by", "resolved_on", "repository_status", "repository_stars", "repository_archived",
              "repository_pushed", "repository_checked", "repository_moved_to")
# The fields of one paper's row in data/browse.json, in order. A row is an array rather than
# an object so that the names are not repeated once per paper; browse.js reads a row through
# its own copy of these names (BROWSE_ROW_FIELDS there), and tests/test_browse_schema.py
# checks that the two copies agree.
BROWSE_ROW_FIELDS = ("id", "title", "topics", "code", "date", "upvotes", "captures", "added", "related")
# A spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Stable ids for Atom entries: uuid5 of the paper id in this namespace.
_ATOM_NAMESPACE = uuid.UUID("6f1d2a4e-3c59-4f5e-9b0a-2a7c1f3e8d41")
_BIBTEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_BIBTEX_REPLACEMENT = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                       "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
# XML 1.0 has no way to write most control characters, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def added_order(papers: Iterable[Paper]) -> dict[str, int]:
    """Each paper's place in the order the corpus received it: its first capture file and line."""
    first = sorted((min((s.file, s.line) for s in p.sources), p.id) for p in papers)
    return {paper_id: n for n, (_, paper_id) in enumerate(first)}


EPOCH = dt.date(1970, 1, 1)


def first_seen_order(papers: Iterable[Paper]) -> list[Paper]:
    """Papers by when they entered the corpus, newest first: the newest capture's papers lead,
    each capture's in page order. Papers without sightings keep the order they were added."""
    papers = list(papers)
    order = added_order(papers)

    def key(p: Paper) -> tuple[int, int, int]:
        first = p.first_seen
        return (-first.order if first else 1, first.ref.line if first else 0, order[p.id])
    return sorted(papers, key=key)


def entered(paper: Paper) -> dt.date | None:
    """The day the paper entered the corpus: its first capture's day, else its own date, else None."""
    first = paper.first_seen
    if first is not None and first.captured is not None:
        return first.captured
    return paper.published or paper.date


# -- CSV ---------------------------------------------------------------------

def papers_csv(papers: Iterable[Paper]) -> str:
    """`data/papers.csv`: one row per paper, lists joined by " | ", sorted by id.

    A cell that a spreadsheet would run as a formula (starting with = + - @) gets a
    leading apostrophe, as spreadsheets themselves do for literal text.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for paper in sorted(papers, key=lambda p: p.id):
        row = csv_row(paper)
        writer.writerow([_cell(row[field]) for field in CSV_FIELDS])
    return out.getvalue()


def csv_row(paper: Paper) -> dict[str, str]:
    """The CSV fields of a paper as text, before formula protection: papers.json's record,
    with lists joined and sources written as file:line."""
    record = paper_record(paper)
    record["sources"] = [f"{s['file']}:{s['line']}" for s in record["sources"]]
    return {field: " | ".join(record[field]) if isinstance(record[field], list)
            else "" if record[field] is None else str(record[field]).lower() if isinstance(record[field], bool)
            else str(record[field]) for field in CSV_FIELDS}


def _cell(value: str) -> str:
    """A cell no spreadsheet runs: a formula start gets an apostrophe, and a bare carriage
    return (which the csv module leaves unquoted with "\\n" line ends, so that a spreadsheet
    would start a new row, and maybe a formula, after it) becomes a quoted line break."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if value.startswith(_FORMULA_START) else value


# -- BibTeX ------------------------------------------------------------------

def bibtex_key(paper: Paper) -> str:
    """A citation key made of the paper id's letters and digits: stable, unique, plain ASCII."""
    return re.sub(r"[^a-z0-9]", "", paper.id) or "paper"


def bibtex_entry(paper: Paper) -> str:
    """A `@misc` entry with what is known: title, year and month, arXiv id and URL, code, abstract."""
    fields = [("title", "{" + _bibtex_text(paper.title) + "}")]
    if paper.author_names:
        complete = paper.authors is not None and paper.authors == len(paper.author_names)
        names = [*paper.author_names, *([] if complete else ["others"])]
        fields.append(("author", " and ".join(_bibtex_text(name) for name in names)))
    if paper.venue:
        fields.append(("howpublished", _bibtex_text(paper.venue)))
    day = paper.published or paper.date
    if day:
        fields += [("year", str(day.year)), ("month", day.strftime("%b").lower())]
    if paper.arxiv_id:
        fields += [("eprint", _bibtex(paper.arxiv_id)), ("archivePrefix", "arXiv"),
                   ("url", _bibtex(f"https://arxiv.org/abs/{paper.arxiv_id}"))]
    elif paper.facts is not None and paper.facts.status == "resolved" and paper.facts.url:
        fields.append(("url", _bibtex(paper.facts.url)))
    if paper.repositories:
        fields.append(("note", "Code: " + _bibtex(paper.repositories[0])))
    if paper.abstract:
        fields.append(("abstract", _bibtex_text(paper.abstract)))
    body = ",\n".join(f"  {name} = {{{value}}}" if name != "month" else f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{bibtex_key(paper)},\n{body}\n}}\n"


def papers_bib(papers: Iterable[Paper]) -> str:
    """`data/papers.bib`: every paper's entry, sorted by id."""
    return "\n".join(bibtex_entry(p) for p in sorted(papers, key=lambda p: p.id))


def _bibtex(text: str) -> str:
    """Text as a BibTeX field value, escaped once: LaTeX's special characters escaped, braces
    balanced (BibTeX counts escaped braces too, so a brace without a partner is dropped), one line."""
    text = " ".join(without_unmatched_braces(text).split())
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACEMENT[m.group()], text)


def _bibtex_text(text: str) -> str:
    """Captured prose (a title, an abstract) as a BibTeX value: its LaTeX leftovers first become the
    text a reader sees ("87.7\\%" -> "87.7%"), which is then escaped once ("87.7\\%"), not twice."""
    return _bibtex(display_text(text))


# -- schema.org --------------------------------------------------------------

def scholarly_article(paper: Paper, topic_names: dict[str, str]) -> dict[str, Any]:
    """schema.org `ScholarlyArticle` data for the page head (the page adds its own URL)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "identifier": paper.id,
        "name": paper.title,
        "headline": paper.title[:110],  # search engines cut headlines at 110 characters
        "abstract": paper.abstract,
        "isAccessibleForFree": True,
    }
    if not paper.abstract:
        del data["abstract"]
        if paper.summary:
            data["description"] = paper.summary
    if paper.author_names:
        data["author"] = [{"@type": "Person", "name": name} for name in paper.author_names]
    day = paper.published or paper.date
    if day:
        data["datePublished"] = day.isoformat()
    if paper.topics:
        data["keywords"] = [topic_names.get(t, t) for t in paper.topics]
    # sameAs names the same work elsewhere: its arXiv page, never its code.
    if paper.arxiv_url:
        data["sameAs"] = [paper.arxiv_url]
    elif paper.facts is not None and paper.facts.status == "resolved" and paper.facts.url:
        data["sameAs"] = [paper.facts.url]
    if paper.organization:
        data["sourceOrganization"] = {"@type": "Organization", "name": paper.organization}
    return data


# -- Atom --------------------------------------------------------------------

def atom_feed(papers: list[Paper], title: str, feed_path: str, page_path: str, topic_names: dict[str, str],
              limit: int = 50, site_url: str | None = None) -> str:
    """An Atom feed of papers, newest first by when each entered the corpus (`first_seen_order`).

    Links are absolute under `site_url` when it is given, else relative to the feed's own
    URL (`feed_path`, site-relative). Entries carry no build time: an entry's `updated` is
    the day its paper entered the corpus (its first capture's day, else its own date);
    a paper with no known day at all carries the Unix epoch rather than another's date.
    """
    up = site_url.rstrip("/") + "/" if site_url else "../" * feed_path.count("/")
    ordered = first_seen_order(papers)[:limit]
    newest = max((entered(p) or EPOCH for p in ordered), default=EPOCH)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{_xml(title)}</title>",
        f"  <id>urn:uuid:{uuid.uuid5(_ATOM_NAMESPACE, 'feed:' + feed_path)}</id>",
        f'  <link rel="self" type="application/atom+xml" href="{_xml(up + feed_path)}"/>',
        f'  <link rel="alternate" type="text/html" href="{_xml(up + page_path)}"/>',
        f"  <updated>{_atom_date(newest)}</updated>",
        f"  <author><name>{SITE_NAME}</name></author>",
        f"  <generator>{SITE_NAME}</generator>",
    ]
    for paper in ordered:
        lines += [
            "  <entry>",
            f"    <title>{_xml(paper.title)}</title>",
            f"    <id>urn:uuid:{uuid.uuid5(_ATOM_NAMESPACE, 'paper:' + paper.id)}</id>",
            f'    <link rel="alternate" type="text/html" href="{_xml(up + paper.page_url)}"/>',
            f"    <updated>{_atom_date(entered(paper) or EPOCH)}</updated>",
        ]
        if day := paper.published or paper.date:
            lines.append(f"    <published>{_atom_date(day)}</published>")
        lines += [f'    <category term="{_xml(t)}" label="{_xml(topic_names.get(t, t))}"/>' for t in paper.topics]
        lines += [f'    <link rel="related" href="{_xml(url)}"/>' for url in paper.repositories]
        lines += [f"    <summary>{_xml(paper.text)}</summary>", "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _atom_date(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _xml(text: str) -> str:
    return xml_escape(_NOT_XML.sub("", text), {'"': "&quot;"})


# -- the browse page's data --------------------------------------------------

def capture_labels(captures: list[tuple[str, str]], limit: int = 110) -> list[str]:
    """What the browse page calls each (file, description) capture: the start of its description
    in corpus/sources.yaml ("Hugging Face Papers listing copied as text"), longer where two
    would read the same, and its file name where it has no description or they still do."""
    def cut(text: str, stops: str) -> str:
        head = re.split(f"[{stops}]", text, maxsplit=1)[0].strip()
        return head if len(head) <= limit else head[:limit].rsplit(" ", 1)[0] + "\u2026"

    texts = [" ".join(display_text(description).split()) for _, description in captures]
    first = [cut(t, ":;(.") for t in texts]
    labels = [cut(t, ";.") if label and first.count(label) > 1 else label for t, label in zip(texts, first)]
    return [label if label and labels.count(label) == 1 else (f"{label} ({file})" if label else file)
            for label, (file, _) in zip(labels, captures)]


def browse_json(papers: list[Paper], topics: tuple[TopicSummary, ...], taxonomy: Taxonomy,
                captures: list[str], capture_labels: list[str] | None = None) -> str:
    """`data/browse.json`: what the browse page filters and sorts, as compact as it can be.

    Titles are shown as a reader expects (no LaTeX). Topics and captures are given once
    and referred to by position; each paper is a row of the fields BROWSE_ROW_FIELDS names.
    """
    topic_at = {s.topic.id: n for n, s in enumerate(topics)}
    capture_at = {name: n for n, name in enumerate(captures)}
    ordered = sorted(papers, key=lambda p: (p.title.casefold(), p.id))
    at = {p.id: n for n, p in enumerate(ordered)}
    order = added_order(ordered)
    rows = []
    for p in ordered:
        fields: dict[str, object] = {
            "id": p.id,
            "title": display_text(p.title).strip(),
            "topics": [topic_at[t] for t in p.topics if t in topic_at],  # positions in "topics"
            "code": 1 if p.repositories else 0,
            "date": day.isoformat() if (day := p.published or p.date) else "",
            "upvotes": p.upvotes if p.upvotes is not None else -1,  # -1: not known
            "captures": sorted({capture_at[s.file] for s in p.sources if s.file in capture_at}),  # in "captures"
            "added": order[p.id],  # the order the corpus received the papers in
            "related": [at[r.paper_id] for r in p.related if r.paper_id in at],  # positions, most related first
        }
        rows.append([fields[name] for name in BROWSE_ROW_FIELDS])
    data = {
        "version": 1,
        "facets": [[f.id, f.name] for f in taxonomy.facets],
        "topics": [[s.topic.id, s.topic.name, s.topic.facet] for s in topics],
        "captures": captures,
        "capture_labels": capture_labels or captures,
        "papers": rows,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
