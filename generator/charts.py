"""Small static SVG charts, drawn at build time: topic sizes and papers by year.

Colours come from CSS classes (see assets/stylesheets/atlas.css), so the charts
follow the light and dark palettes; every chart has a text alternative.
"""

from __future__ import annotations

from html import escape

from .model import TopicSummary

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 290
BAR_WIDTH = 360


def topic_sizes_chart(topics: tuple[TopicSummary, ...], facets: list[tuple[str, list[TopicSummary]]]) -> str:
    """Horizontal bars, one per topic, grouped by facet; each bar links to its topic page."""
    rows: list[tuple[str, str | None, int]] = []  # (label, topic id or None for a facet heading, count)
    for facet_name, summaries in facets:
        rows.append((facet_name, None, 0))
        rows += [(s.topic.name, s.topic.id, len(s.paper_ids))
                 for s in sorted(summaries, key=lambda s: (-len(s.paper_ids), s.topic.name))]
    biggest = max((n for _, tid, n in rows if tid), default=1) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 50
    described = "; ".join(f"{label}: {n} papers" for label, tid, n in rows if tid)
    out = [f'<svg class="pa-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
           f'preserveAspectRatio="xMinYMin meet" aria-labelledby="pa-sizes-title pa-sizes-desc">',
           '<title id="pa-sizes-title">Papers per topic</title>',
           f'<desc id="pa-sizes-desc">{escape(described)}</desc>']
    y = GAP
    for label, tid, n in rows:
        if tid is None:
            out.append(f'<text class="pa-chart-facet" x="0" y="{y + BAR_HEIGHT - 4}">{escape(label)}</text>')
        else:
            bar = max(2, round(BAR_WIDTH * n / biggest))
            out.append(
                f'<a href="topics/{escape(tid)}/"><text class="pa-chart-label" x="{LABEL_WIDTH - 8}" '
                f'y="{y + BAR_HEIGHT - 4}" text-anchor="end">{escape(label)}</text>'
                f'<rect class="pa-chart-bar" x="{LABEL_WIDTH}" y="{y}" width="{bar}" height="{BAR_HEIGHT}" rx="3"/>'
                f'<text class="pa-chart-value" x="{LABEL_WIDTH + bar + 6}" y="{y + BAR_HEIGHT - 4}">{n}</text></a>')
        y += BAR_HEIGHT + GAP
    out.append("</svg>")
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
