"""A server-side SVG bar chart: the share of the maximum per area, one bar per version."""

from __future__ import annotations

from markupsafe import Markup, escape

BAR_COLOURS = ("#8a9bb0", "#1f4e79")  # baseline grey-blue, revised dark blue (both ≥ 3:1 on white)
ROW, BAR, LABEL_WIDTH, PLOT_WIDTH = 46, 16, 120, 360


def area_chart(series: list[tuple[str, dict[str, dict]]], title: str) -> Markup:
    """`series`: [(label, {area: {"score": n, "max": m}})], at most two (baseline, revised)."""
    areas = list(dict.fromkeys(area for _, values in series for area in values))
    height = 40 + ROW * len(areas)
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for tick in (0, 50, 100):
        x = LABEL_WIDTH + PLOT_WIDTH * tick / 100
        parts.append(f'<line x1="{x}" y1="22" x2="{x}" y2="{height - 8}" class="grid"/>')
        parts.append(f'<text x="{x}" y="14" text-anchor="middle" class="tick">{tick} %</text>')
    for row, area in enumerate(areas):
        y = 28 + ROW * row
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR + 4}" text-anchor="end" class="label">{escape(area)}</text>')
        for index, (label, values) in enumerate(series):
            value = values.get(area)
            if not value or not value["max"]:
                continue
            share = value["score"] / value["max"]
            bar_y = y + index * (BAR + 2)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{max(share * PLOT_WIDTH, 1):.1f}" height="{BAR}" '
                f'fill="{BAR_COLOURS[index % 2]}"><title>{escape(label)}: {escape(area)} '
                f'{value["score"]} av {value["max"]}</title></rect>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + share * PLOT_WIDTH + 6:.1f}" y="{bar_y + BAR - 3}" class="value">'
                f'{value["score"]}/{value["max"]}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
