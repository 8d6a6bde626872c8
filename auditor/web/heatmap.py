"""The län heatmap as rows and cells: per item or per area, baseline, latest or change, sorted."""

from __future__ import annotations

from auditor.labels import ITEM_IDS

VERSIONS = {"senaste": "Senaste/reviderad", "baslinje": "Baslinje", "forandring": "Förändring"}
GROUPINGS = {"punkter": "17 punkter", "omraden": "Sex områden"}
NOT_APPLICABLE = {"value": None, "css": "none", "text": "ej"}  # the item does not apply to the type


def area_names(rows: list[dict]) -> list[str]:
    """The areas in checklist order, as named by the stored scores."""
    names: dict[str, None] = {}
    for item_id in ITEM_IDS:
        for row in rows:
            doc = row["latest"] or row["baseline"]
            if doc and item_id in doc["areas"]:
                names.setdefault(doc["areas"][item_id], None)
                break
    return list(names)


def _values(document: dict | None, columns: list[str], by_area: bool) -> dict[str, tuple[int, int]] | None:
    """{column: (score, max)} of one document; None when there is no document."""
    if document is None:
        return None
    if not by_area:
        return {c: (document["scores"][c], document["max"][c]) for c in columns if c in document["scores"]}
    values: dict[str, tuple[int, int]] = {}
    for item_id, score in document["scores"].items():
        area = document["areas"][item_id]
        old = values.get(area, (0, 0))
        values[area] = (old[0] + score, old[1] + document["max"][item_id])
    return values


def matrix(rows: list[dict], *, by_area: bool, version: str, sort: str, descending: bool) -> dict:
    columns = area_names(rows) if by_area else list(ITEM_IDS)
    out = []
    for row in rows:
        latest = _values(row["latest"], columns, by_area)
        baseline = _values(row["baseline"], columns, by_area)
        shown = {"senaste": latest, "baslinje": baseline}.get(version)
        cells: list[dict] = []
        for column in columns:
            if version == "forandring":
                if latest is None or baseline is None:
                    cells.append({"value": None, "css": "none", "text": "–"})
                elif column not in latest or column not in baseline:
                    cells.append(NOT_APPLICABLE)
                else:
                    delta = latest[column][0] - baseline[column][0]
                    css = "up" if delta > 0 else "down" if delta < 0 else "same"
                    cells.append({"value": delta, "css": css, "text": f"{delta:+d}" if delta else "±0"})
            elif shown is None:
                cells.append({"value": None, "css": "none", "text": "–"})  # no document
            elif column not in shown:
                cells.append(NOT_APPLICABLE)
            else:
                score, top = shown[column]
                cells.append({"value": score, "css": _level_css(score, top), "text": f"{score}" if not by_area else f"{score}/{top}"})
        total = _total(latest, baseline, shown, version)
        document = row["latest"] if version != "baslinje" else row["baseline"]
        out.append({"kommun": row["kommun"], "lan": row["lan"], "cells": cells, "total": total,
                    "document_id": document["id"] if document else None})
    return {"columns": columns, "rows": _sorted(out, columns, sort, descending)}


def _level_css(score: int, top: int) -> str:
    share = score / top if top else 0
    return "s2" if share >= 0.75 else "s1" if share >= 0.375 else "s0"


def _total(latest, baseline, shown, version: str) -> int | None:
    if version == "forandring":
        if latest is None or baseline is None:
            return None
        return sum(s for s, _ in latest.values()) - sum(s for s, _ in baseline.values())
    return sum(s for s, _ in shown.values()) if shown else None


def _sorted(rows: list[dict], columns: list[str], sort: str, descending: bool) -> list[dict]:
    """By kommun name, total or a column; kommuner without a value last whichever the direction."""
    if sort == "kommun":
        return sorted(rows, key=lambda row: row["kommun"], reverse=descending)
    index = columns.index(sort) if sort in columns else None

    def value(row):
        return row["total"] if index is None else row["cells"][index]["value"]

    known = sorted((r for r in rows if value(r) is not None), key=lambda r: (value(r), r["kommun"]), reverse=descending)
    return known + sorted((r for r in rows if value(r) is None), key=lambda r: r["kommun"])
