"""Charts as inline SVG (Chromium renders them, Thai labels in Sarabun): horizontal bars of scores from 0 to 5.

Colour is never the only signal: each bar carries its score and status in words, and the SVG has a title.
"""

from __future__ import annotations

from django.utils.html import escape

from govkpi.core.thai import format_number

COLOURS = {"achieved": "#1b7a3d", "at_risk": "#a86200", "not_achieved": "#b3261e", "no_data": "#6b6b6b"}
WIDTH, LABEL, BAR, ROW = 640, 250, 250, 26


def score_bars(title: str, rows: list[tuple[str, float | None, str, str]], digits: str = "thai") -> str:
    """``rows``: (label, score 0–5 or None, status, status in words). Returns an ``<svg>`` element."""
    height = ROW * len(rows) + 34
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Sarabun, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(6):
        x = LABEL + BAR * tick / 5
        parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 26}" stroke="#ccc" stroke-width="1"/>')
        label = format_number(tick, 0, digits=digits)
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" fill="#333">{label}</text>')
    for index, (label, score, status, words) in enumerate(rows):
        y = 6 + index * ROW
        short = label if len(label) <= 38 else label[:37] + "…"
        parts.append(f'<text x="{LABEL - 8}" y="{y + 15}" text-anchor="end" fill="#111">{escape(short)}</text>')
        if score is not None:
            width = BAR * max(0.0, min(score, 5.0)) / 5
            colour = COLOURS.get(status, "#6b6b6b")
            parts.append(f'<rect x="{LABEL}" y="{y + 3}" width="{width:.1f}" height="{ROW - 8}" fill="{colour}"/>')
        value = "–" if score is None else format_number(score, 2, digits=digits)
        parts.append(f'<text x="{LABEL + BAR + 8}" y="{y + 15}" fill="#111">{escape(value)} {escape(words)}</text>')
    parts.append("</svg>")
    return "".join(parts)
