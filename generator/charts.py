"""Small static charts, drawn at build time: topic sizes (HTML bars) and papers by year (SVG).

Colours come from CSS classes (see assets/stylesheets/atlas.css), so the charts
follow the light and dark palettes; every chart has a text alternative.
"""

from __future__ import annotations

from html import escape
from typing import Callable, Sequence

from .model import Paper, TopicSummary
from .names import short_label


def topic_sizes_chart(topics: tuple[TopicSummary, ...], facets: Sequence[tuple[str, list[TopicSummary]]]) -> str:
    """A bar chart of papers per topic, grouped by facet, as HTML: every bar is a real link.

    HTML rather than SVG, so the bars are ordinary links that keyboards and screen
    readers reach, and that Material's instant navigation can handle.
    """
    biggest = max((len(s.paper_ids) for s in topics), default=1) or 1
    out = ['<div class="pa-bars">']
    for facet_name, summaries in facets:
        out.append(f'<p class="pa-bars-facet">{escape(facet_name)}</p><ul>')
        for s in sorted(summaries, key=lambda s: (-len(s.paper_ids), s.topic.name)):
            n = len(s.paper_ids)
            width = max(1, round(100 * n / biggest))
            out.append(f'<li><a href="topics/{escape(s.topic.id)}/"><span class="pa-bars-label">'
                       f'{escape(s.topic.name)}</span><span class="pa-bars-track"><span class="pa-bars-bar" '
                       f'style="width: {width}%"></span></span><span class="pa-bars-value">{n}'
                       f'<span class="pa-sr-only"> papers</span></span></a></li>')
        out.append("</ul>")
    out.append("</div>")
    return "".join(out)


def years_chart(summary: TopicSummary) -> str:
    """Vertical bars of papers per publication year, or nothing when no date is known."""
    if not summary.by_year:
        return ""
    first, last = summary.by_year[0][0], summary.by_year[-1][0]
    counts = dict(summary.by_year)
    years = list(range(first, last + 1))
    biggest = max(counts.values())
    col, plot_height, top, bottom = 44, 90, 18, 22
    width = max(len(years) * col, 2 * col)
    height = plot_height + top + bottom
    described = ", ".join(f"{y}: {counts.get(y, 0)}" for y in years)
    out = [f'<svg class="pa-chart pa-chart-years" role="img" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" aria-labelledby="pa-years-title pa-years-desc">',
           '<title id="pa-years-title">Papers by publication year</title>',
           f'<desc id="pa-years-desc">{escape(described)}</desc>']
    for n, year in enumerate(years):
        value = counts.get(year, 0)
        bar = round(plot_height * value / biggest) if value else 0
        x = n * col + 8
        out.append(f'<rect class="pa-chart-bar" x="{x}" y="{top + plot_height - bar}" width="{col - 16}" '
                   f'height="{bar}" rx="3"/>')
        if value:
            out.append(f'<text class="pa-chart-value" x="{x + (col - 16) / 2}" y="{top + plot_height - bar - 4}" '
                       f'text-anchor="middle">{value}</text>')
        out.append(f'<text class="pa-chart-label" x="{x + (col - 16) / 2}" y="{height - 6}" '
                   f'text-anchor="middle">{year}</text>')
    out.append("</svg>")
    return "".join(out)


GRAPH_NODES = 10
# Links each paper keeps in the picture: its strongest.
GRAPH_LINKS_PER_NODE = 2


def graph_of(summary: TopicSummary, papers: dict[str, Paper]) -> tuple[list[str], dict[tuple[str, str], float]]:
    """A topic's most central papers and the related-paper links among them.

    The central papers, then the topic papers they are most related to, up to
    GRAPH_NODES; two papers are linked when either lists the other as related.
    """
    in_topic = set(summary.paper_ids)
    nodes = [pid for pid in summary.central if pid in papers]
    pull: dict[str, float] = {}
    for pid in nodes:
        for rel in papers[pid].related:
            if rel.paper_id in in_topic and rel.paper_id not in nodes:
                pull[rel.paper_id] = pull.get(rel.paper_id, 0.0) + rel.score
    nodes += [pid for pid, _ in sorted(pull.items(), key=lambda kv: (-kv[1], kv[0]))][:GRAPH_NODES - len(nodes)]
    every: dict[tuple[str, str], float] = {}
    for pid in nodes:
        for rel in papers[pid].related:
            if rel.paper_id in nodes:
                a, b = sorted((pid, rel.paper_id))
                every[(a, b)] = max(every.get((a, b), 0.0), rel.score)
    # A sparse picture: each paper keeps its strongest links only (the list says the rest).
    keep: set[tuple[str, str]] = set()
    for pid in nodes:
        mine = sorted((e for e in every if pid in e), key=lambda e: (-every[e], e))
        keep.update(mine[:GRAPH_LINKS_PER_NODE])
    return nodes, {e: every[e] for e in sorted(keep)}


def topic_graph(topic_name: str, nodes: list[str], edges: dict[tuple[str, str], float],
                papers: dict[str, Paper], label: Callable[[Paper], str]) -> str:
    """A `graph_of` drawn as an arc diagram: papers in a column, in the list's order, each
    with its whole label beside it, and an arc for each link (thicker: more similar). A
    column reads at any width, a phone's too, where labels around a circle shrink to
    nothing; the layout is fixed, so the same corpus draws the same picture."""
    if len(nodes) < 2:
        return ""
    row, top, node_x, width = 34, 22, 118, 420
    height = top * 2 + row * (len(nodes) - 1)
    y = {pid: top + row * n for n, pid in enumerate(nodes)}
    strongest = max(edges.values(), default=1.0) or 1.0
    labels = distinct_labels([label(papers[pid]) for pid in nodes], [papers[pid].title for pid in nodes])
    # The picture is an image; its links are HTML, laid over the rows. Links inside an
    # SVG break Material's instant navigation (it rewrites every link's href, and an SVG
    # link's href cannot be set). The numbered list after the picture is the text version,
    # with the same links for keyboards and screen readers, so the overlay is for pointers.
    out = [f'<div class="pa-graph-wrap"><svg class="pa-chart pa-graph" role="img" viewBox="0 0 {width} {height}" '
           f'aria-labelledby="pa-graph-title">',
           f'<title id="pa-graph-title">How the central papers of {escape(topic_name)} connect '
           f'(the numbered list below says the same)</title>']
    for (a, b), score in sorted(edges.items()):
        y1, y2 = sorted((y[a], y[b]))
        ry = (y2 - y1) / 2
        rx = min(node_x - 12, ry)
        out.append(f'<path class="pa-graph-edge" d="M{node_x} {y1} A{rx} {ry} 0 0 0 {node_x} {y2}" fill="none" '
                   f'stroke-width="{round(1 + 3 * score / strongest, 1)}"/>')
    hits = []
    for n, pid in enumerate(nodes, start=1):
        paper = papers[pid]
        out.append(f'<g class="pa-graph-node"><circle cx="{node_x}" cy="{y[pid]}" r="11"/>'
                   f'<text class="pa-graph-number" x="{node_x}" y="{y[pid] + 4}" text-anchor="middle">{n}</text>'
                   f'<text class="pa-graph-label" x="{node_x + 18}" y="{y[pid] + 5}">{escape(labels[n - 1])}</text></g>')
        hits.append(f'<a class="pa-graph-hit" href="../../papers/{escape(pid)}/" title="{escape(paper.title)}" '
                    f'style="left: {100 * (node_x - 12) / width:.2f}%; top: {100 * (y[pid] - row / 2) / height:.2f}%; '
                    f'width: {100 * (width - node_x + 12) / width:.2f}%; height: {100 * row / height:.2f}%" '
                    f'tabindex="-1" aria-hidden="true"></a>')
    out.append("</svg>")
    out += hits
    out.append("</div>")
    return "".join(out)


def distinct_labels(labels: list[str], titles: list[str], limit: int = 34) -> list[str]:
    """Labels no two of which read the same: a repeated one becomes its title's start, then
    gets a number."""
    out = [lab if labels.count(lab) == 1 else short_label(t, limit) for lab, t in zip(labels, titles)]
    seen: dict[str, int] = {}
    for n, lab in enumerate(out):
        if out.count(lab) > 1:
            seen[lab] = seen.get(lab, 0) + 1
            out[n] = f"{lab} ({seen[lab]})"
    return out
