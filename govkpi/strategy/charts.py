"""The project page's disbursement curve as inline SVG: the cumulative share of the allocation paid by the end of
each quarter (a solid line with round marks) against the cumulative disbursement target (a dashed line with square
marks). Colour and line style both tell them apart, the legend names them in words, and the page's table beside it
gives every figure (the SVG is an image with a title and a description; screen readers read the table)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape

from govkpi.core.thai import format_number

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 280, 48, 48, 16, 64
ACTUAL, TARGET = "#1d4f91", "#7a4b00"


def _x(index: int, count: int) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * index / max(count, 1)


def _y(share: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - max(0.0, min(share, 1.0)))


def disbursement_curve(title: str, description: str, labels: Sequence[str], actual: Sequence[float | None],
                       target: Sequence[float | None], legend: tuple[str, str], digits: str = "arabic") -> str:
    """``labels``: the quarters; ``actual`` and ``target``: cumulative shares 0–1 (None: nothing to draw) at their
    ends. The lines start from 0 at the start of the year."""
    count = len(labels)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="curve" role="img" aria-labelledby="curve-title '
             f'curve-desc" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" focusable="false" '
             f'font-family="Sarabun, sans-serif" font-size="12">',
             f'<title id="curve-title">{escape(title)}</title><desc id="curve-desc">{escape(description)}</desc>']
    for tick in range(0, 101, 25):
        y = _y(tick / 100)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#c8ccd0"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333">'
                     f'{escape(format_number(tick, 0, digits=digits))}%</text>')
    for index, label in enumerate(labels, start=1):
        parts.append(f'<text x="{_x(index, count):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                     f'fill="#333">{escape(label)}</text>')
    for shares, colour, dash, mark in ((target, TARGET, ' stroke-dasharray="6 4"', "square"),
                                       (actual, ACTUAL, "", "circle")):
        points = [(_x(0, count), _y(0))] + [(_x(i, count), _y(s)) for i, s in enumerate(shares, start=1)
                                             if s is not None]
        if len(points) < 2:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
        for x, y in points[1:]:
            if mark == "circle":
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
            else:
                parts.append(f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>')
    y = HEIGHT - 16
    parts.append(f'<line x1="{LEFT}" y1="{y - 4}" x2="{LEFT + 28}" y2="{y - 4}" stroke="{ACTUAL}" stroke-width="2.5"/>'
                 f'<circle cx="{LEFT + 14}" cy="{y - 4}" r="4" fill="{ACTUAL}"/>'
                 f'<text x="{LEFT + 34}" y="{y}" fill="#111">{escape(legend[0])}</text>')
    middle = LEFT + (WIDTH - LEFT - RIGHT) // 2
    parts.append(f'<line x1="{middle}" y1="{y - 4}" x2="{middle + 28}" y2="{y - 4}" stroke="{TARGET}" '
                 f'stroke-width="2.5" stroke-dasharray="6 4"/>'
                 f'<rect x="{middle + 10}" y="{y - 8}" width="8" height="8" fill="{TARGET}"/>'
                 f'<text x="{middle + 34}" y="{y}" fill="#111">{escape(legend[1])}</text>')
    parts.append("</svg>")
    return "".join(parts)
