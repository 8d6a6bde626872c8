"""The checklist explained: the 17 items with their levels, what lifts them and examples, from the same YAML
the scoring reads; and the words of the overview (its figures, legend and signs)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from auditor.engine.checklist import load_checklist
from auditor.web.checklist_terms import quality_terms
from auditor.web.templating import render

router = APIRouter()


@router.get("/checklistan", response_class=HTMLResponse, include_in_schema=False)
def checklist_page(request: Request):
    checklist = load_checklist()
    areas: dict[str, list] = {}
    for item in checklist.items:
        areas.setdefault(item.area, []).append(item)
    return render(request, "checklist.html", {"areas": areas, "version": checklist.version, "quality_terms": quality_terms()})
