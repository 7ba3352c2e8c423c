"""A static SVG line chart drawn in Python (no script), for the ethnic-groups view. Every text is escaped."""

from __future__ import annotations

from html import escape

from kzgraph.viz.render import PALETTE


def line_chart(series: dict[str, dict[int, float]], *, width: int = 560, height: int = 260, unit: str = "%") -> str:
    """One line per series (name -> {year: value}); years on x, values on a log-free linear y axis."""
    years = sorted({y for points in series.values() for y in points})
    if not years:
        return ""
    top = max(v for points in series.values() for v in points.values()) or 1.0
    left, right, upper, lower = 40, 150, 12, 28
    w, h = width - left - right, height - upper - lower
    y0, y1 = years[0], years[-1]

    def x(year: int) -> float:
        return left + (year - y0) / max(y1 - y0, 1) * w

    def y(value: float) -> float:
        return upper + h - value / top * h

    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            'font-family="system-ui, sans-serif" font-size="10" role="img" aria-label="Population shares by census">'
        )
    ]
    for i in range(5):
        v = top * i / 4
        out.append(
            f'<line x1="{left}" x2="{left + w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e7ec"/>'
            f'<text x="{left - 4}" y="{y(v) + 3:.1f}" text-anchor="end" fill="#5b6776">{v:.0f}{escape(unit)}</text>'
        )
    for year in years:
        out.append(f'<text x="{x(year):.1f}" y="{upper + h + 14}" text-anchor="middle" fill="#5b6776">{year}</text>')
    ranked = sorted(series.items(), key=lambda kv: (-max(kv[1].values()), kv[0]))
    for i, (name, points) in enumerate(ranked):
        colour = PALETTE[i % len(PALETTE)]
        path = " ".join(
            f"{'M' if j == 0 else 'L'}{x(yr):.1f},{y(v):.1f}" for j, (yr, v) in enumerate(sorted(points.items()))
        )
        title = escape(f"{name}: " + ", ".join(f"{yr} {v:g}{unit}" for yr, v in sorted(points.items())))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.8"><title>{title}</title></path>')
        ly = upper + 4 + i * (h / max(len(ranked), 1))
        last = max(points.items())
        out.append(
            f'<text x="{left + w + 8}" y="{ly + 3:.1f}" fill="{colour}">{escape(name)} ({last[1]:g}{escape(unit)})</text>'
        )
    out.append("</svg>")
    return "".join(out)
