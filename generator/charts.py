"""Small static charts, drawn at build time: topic sizes (HTML bars) and papers by year (SVG).

Colours come from CSS classes (see assets/stylesheets/atlas.css), so the charts
follow the light and dark palettes; every chart has a text alternative.
"""

from __future__ import annotations

from html import escape

from .model import TopicSummary

def topic_sizes_chart(topics: tuple[TopicSummary, ...], facets: list[tuple[str, list[TopicSummary]]]) -> str:
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
