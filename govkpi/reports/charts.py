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


def score_trend(title: str, points: list[tuple[str, float | None]], digits: str = "thai") -> str:
    """A line of scores (0–5) month by month: ``points`` are (month label, score or None). Each point carries its
    score in words beside it; a month without a score breaks the line."""
    width, left, right, top, plot = 640, 34, 16, 22, 90
    height = top + plot + 34
    step = (width - left - right) / max(len(points), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Sarabun, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(6):
        y = top + plot - plot * tick / 5
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd" '
                     'stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333">'
                     f"{format_number(tick, 0, digits=digits)}</text>")
    line: list[str] = []
    for index, (label, score) in enumerate(points):
        x = left + step * (index + 0.5)
        parts.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" fill="#333">{escape(label)}</text>')
        if score is None:
            if len(line) > 1:
                parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="#0b4f8a" stroke-width="2"/>')
            line = []
            continue
        y = top + plot - plot * max(0.0, min(score, 5.0)) / 5
        line.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#0b4f8a"/>')
        parts.append(f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" fill="#111">'
                     f"{escape(format_number(score, 2, digits=digits))}</text>")
    if len(line) > 1:
        parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="#0b4f8a" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)
