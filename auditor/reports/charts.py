"""The report charts, drawn with matplotlib (Agg, no display) as PNG bytes that every format embeds."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # before pyplot: reports are drawn on servers without a display

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402

from auditor.labels import ITEM_IDS  # noqa: E402

DPI = 200
VERSION_COLOURS = ("#8a9bb0", "#1f4e79")  # baseline grey-blue, revised dark blue, as on the web pages
LEVEL_COLOURS = ("#e8a09a", "#f2d16b", "#7fbf8e")  # 0 saknas, 1 delvis, 2 uppfyllt
LEVEL_NAMES = ("0 saknas", "1 delvis", "2 uppfyllt")
plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "axes.spines.top": False,
                     "axes.spines.right": False})


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def area_bars(series: list[tuple[str, dict[str, tuple[int, int]]]]) -> bytes:
    """Share of the maximum per area, one bar per version: `series` is [(label, {area: (score, max)})]."""
    areas = list(dict.fromkeys(area for _, values in series for area in values))
    figure, axes = plt.subplots(figsize=(6.4, 0.28 * len(areas) * len(series) + 0.9))
    height = 0.8 / len(series)
    for index, (label, values) in enumerate(series):
        positions = [row + (index - (len(series) - 1) / 2) * height for row in range(len(areas))]
        shares = [100 * values[a][0] / values[a][1] if values.get(a) and values[a][1] else 0 for a in areas]
        bars = axes.barh(positions, shares, height=height * 0.92, color=VERSION_COLOURS[-len(series) + index],
                         label=label)
        for bar, area in zip(bars, areas):
            if values.get(area):
                axes.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2,
                          f"{values[area][0]}/{values[area][1]}", va="center", fontsize=8)
    axes.set_yticks(range(len(areas)), areas)
    axes.invert_yaxis()
    axes.set_xlim(0, 112)
    axes.set_xticks([0, 25, 50, 75, 100], ["0 %", "25 %", "50 %", "75 %", "100 %"])
    axes.set_xlabel("Andel av maxpoängen")
    axes.legend(ncols=len(series), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
    return _png(figure)


def score_heatmap(kommuner: list[str], scores: list[dict[str, int]]) -> bytes:
    """Kommuner × the 17 items, coloured by level; items that do not apply are left white."""
    grid = [[row.get(item_id, float("nan")) for item_id in ITEM_IDS] for row in scores]
    figure, axes = plt.subplots(figsize=(7.2, 0.3 * len(kommuner) + 1.2))
    axes.imshow(grid, cmap=ListedColormap(LEVEL_COLOURS), vmin=-0.5, vmax=2.5, aspect="auto")
    for y, row in enumerate(scores):
        for x, item_id in enumerate(ITEM_IDS):
            if item_id in row:
                axes.text(x, y, str(row[item_id]), ha="center", va="center", fontsize=7)
    axes.set_xticks(range(len(ITEM_IDS)), ITEM_IDS, fontsize=7)
    axes.set_yticks(range(len(kommuner)), kommuner, fontsize=7)
    axes.xaxis.tick_top()
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    return _png(figure)


def item_distribution(distribution: dict[str, dict[str, int]]) -> bytes:
    """Number of kommuner at each level per item (stacked bars): `distribution` is {item: {"0": n, …}}."""
    items = [item_id for item_id in ITEM_IDS if item_id in distribution]
    figure, axes = plt.subplots(figsize=(7.2, 2.8))
    bottom = [0] * len(items)
    for level, (colour, name) in enumerate(zip(LEVEL_COLOURS, LEVEL_NAMES)):
        counts = [distribution[item_id][str(level)] for item_id in items]
        axes.bar(items, counts, bottom=bottom, color=colour, label=name, width=0.75)
        bottom = [b + c for b, c in zip(bottom, counts)]
    axes.set_ylabel("Antal kommuner")
    # matplotlib's stubs type Locator.set_params without the options of the default locator (MaxNLocator)
    axes.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    axes.tick_params(axis="x", labelsize=7)
    axes.legend(ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False, fontsize=8)
    return _png(figure)


def kommun_charts(report) -> dict[str, bytes]:
    """One area chart per document type of a `KommunReport`, keyed by document type."""
    return {
        section.doc_type: area_bars([(version.role, version.areas) for version in section.versions])
        for section in report.sections
    }


def lan_charts(report) -> dict[str, dict[str, bytes]]:
    """Per document type of a `LanReport`: {"heatmap": png, "distribution": png}."""
    charts = {}
    for doc_type, rows in report.heatmaps.items():
        charts[doc_type] = {"heatmap": score_heatmap([row.kommun for row in rows], [row.scores for row in rows])}
        distribution = report.inventory["distribution"][doc_type]
        if distribution:
            charts[doc_type]["distribution"] = item_distribution(distribution)
    return charts
