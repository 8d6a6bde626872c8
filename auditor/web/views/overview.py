"""Län overview (heatmap + inventory figures), kommun page and the comparison of two versions."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from auditor.labels import DOC_TYPE_TITLES, DOC_TYPES, ITEM_IDS
from auditor.store.compare import compare_documents
from auditor.store.documents import current_scores, documents_for_kommun, get_document
from auditor.store.inventory import inventory
from auditor.store.overview import generation, heatmap, lan_names
from auditor.store.places import require_kommun, require_lan
from auditor.store.sql import StoreError
from auditor.store.versions import require_comparable, version_pair
from auditor.web.access import DocumentId, current_user, database, require_reader
from auditor.web.chart import area_chart
from auditor.web.checklist_terms import item_titles, max_total, quality_terms
from auditor.web.heatmap import GROUPINGS, VERSIONS, matrix
from auditor.web.permissions import may_read_document
from auditor.web.templating import render

router = APIRouter()
SO = "samverkansoverenskommelse"
DocType = Literal[DOC_TYPES]  # type: ignore[valid-type]


def not_found(err: StoreError) -> HTTPException:
    return HTTPException(404, str(err))


def overview_data(request: Request, lan: str | None, doc_type: str) -> dict:
    """Heatmap rows and inventory of a län; cached until the store logs a change (or the day turns)."""
    require_reader(request)
    with database(request) as db:
        lans = lan_names(db)
        if lan:
            try:
                lan = require_lan(db, lan)
            except StoreError as err:
                raise not_found(err) from err
        else:  # default: the län with the most documents
            lan = max(lans, key=lambda row: row["documents"])["name"] if lans else None
        stamp = (generation(db), date.today())
        key = (lan, doc_type, *stamp)
        cache = request.app.state.cache
        if key not in cache:
            for stale in [k for k in cache if k[2:] != stamp]:  # figures from before the last change
                cache.pop(stale, None)
            cache[key] = {"lan": lan, "doc_type": doc_type, "lans": lans,
                          "inventory": inventory(db, lan) if lan else None, "kommuner": heatmap(db, lan, doc_type)}
        return cache[key]


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/lan", 303)


@router.get("/lan", response_class=HTMLResponse, include_in_schema=False)
def lan_page(
    request: Request,
    lan: str | None = None,
    typ: DocType = SO,
    visa: Literal["punkter", "omraden"] = "punkter",
    version: Literal["senaste", "baslinje", "forandring"] = "senaste",
    sortera: str = "kommun",
    ordning: Literal["stigande", "fallande"] = "stigande",
):
    data = overview_data(request, lan, typ)
    table = matrix(data["kommuner"], by_area=visa == "omraden", version=version, sort=sortera,
                   descending=ordning == "fallande")
    return render(request, "overview.html", {
        **data, "table": table, "visa": visa, "version": version, "sortera": sortera, "ordning": ordning,
        "versions": VERSIONS, "groupings": GROUPINGS, "item_titles": item_titles(),
        "quality_terms": quality_terms(), "max_total": max_total(typ),
    })


@router.get("/api/overview", tags=["översikt"])
def api_overview(request: Request, lan: str | None = None, doc_type: DocType = SO) -> dict:
    """Inventering och poäng per kommun och punkt (baslinje och senaste version) för ett län."""
    return overview_data(request, lan, doc_type)


def kommun_data(request: Request, name: str) -> dict:
    require_reader(request)
    with database(request) as db:
        try:
            kommun = require_kommun(db, name)
        except StoreError as err:
            raise not_found(err) from err
        documents = documents_for_kommun(db, kommun["id"])
        groups = []
        for doc_type in DOC_TYPES:
            of_type = [d for d in documents if d["doc_type"] == doc_type]
            if not of_type:
                continue
            pair = version_pair(db, kommun["id"], doc_type)
            comparison = compare_documents(db, *pair) if pair else None
            latest = current_scores(db, of_type[-1]["id"])
            groups.append({"doc_type": doc_type, "documents": of_type, "comparison": comparison,
                           "latest_areas": _areas(latest)})
        return {"kommun": kommun["name"], "lan": kommun["lan"], "groups": groups}


def _areas(scores: dict[str, dict]) -> dict[str, dict[str, int]]:
    areas: dict[str, dict[str, int]] = {}
    for row in scores.values():
        if row["applicable"]:
            area = areas.setdefault(row["area"], {"score": 0, "max": 0})
            area["score"] += row["score"]
            area["max"] += row["max"]
    return areas


@router.get("/kommun/{name:path}", response_class=HTMLResponse, include_in_schema=False)
def kommun_page(request: Request, name: str):
    data = kommun_data(request, name)
    for group in data["groups"]:
        label = DOC_TYPE_TITLES[group["doc_type"]]
        comparison = group["comparison"]
        if comparison:
            areas = comparison["areas"]
            names = ("Baslinje", "Reviderad") if comparison["chosen_by"] == "angiven" else ("Äldsta", "Senaste")
            series = [(names[0], {a: {"score": v["baseline"], "max": v["max"]} for a, v in areas.items()}),
                      (names[1], {a: {"score": v["revised"], "max": v["max"]} for a, v in areas.items()})]
            title = f"{label}, {data['kommun']}: andel av maxpoäng per område, {names[0].lower()} och {names[1].lower()}"
        else:
            series = [("Senaste", group["latest_areas"])]
            title = f"{label}, {data['kommun']}: andel av maxpoäng per område, senaste dokumentet"
        group["chart"] = area_chart(series, title)
        group["legend"] = [label for label, _ in series]
    return render(request, "kommun.html", {**data})


@router.get("/api/kommun/{name:path}", tags=["översikt"])
def api_kommun(request: Request, name: str) -> dict:
    """En kommuns dokument per typ och jämförelsen baslinje → reviderad per punkt."""
    return kommun_data(request, name)


def compare_data(request: Request, baseline_id: DocumentId, revised_id: DocumentId) -> dict:
    require_reader(request)
    with database(request) as db:
        try:
            baseline, revised = get_document(db, baseline_id), get_document(db, revised_id)
        except StoreError as err:
            raise not_found(err) from err
        user = current_user(request, db)
        if not (may_read_document(db, user, baseline) and may_read_document(db, user, revised)):
            raise HTTPException(404, "Dokumentet finns inte.")
        try:
            require_comparable(baseline, revised)
        except StoreError as err:
            raise HTTPException(400, str(err)) from err
        comparison = compare_documents(db, baseline, revised)
    order = {item_id: i for i, item_id in enumerate(ITEM_IDS)}
    comparison["items"].sort(key=lambda item: (item["delta"] == 0, -abs(item["delta"]), order[item["id"]]))
    return comparison


@router.get("/jamfor/{baseline_id}/{revised_id}", response_class=HTMLResponse, include_in_schema=False)
def compare_page(request: Request, baseline_id: DocumentId, revised_id: DocumentId):
    return render(request, "compare.html", {"c": compare_data(request, baseline_id, revised_id)})


@router.get("/api/compare/{baseline_id}/{revised_id}", tags=["översikt"])
def api_compare(request: Request, baseline_id: DocumentId, revised_id: DocumentId) -> dict:
    """Två versioner punkt för punkt, ändrade punkter först, med bedömning."""
    return compare_data(request, baseline_id, revised_id)
