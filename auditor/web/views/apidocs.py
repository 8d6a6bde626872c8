"""/docs: the OpenAPI description rendered as a plain page (FastAPI's own docs load scripts from a CDN,
and this service must work offline). The machine-readable description is /openapi.json."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from auditor.web.templating import render

router = APIRouter()


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request):
    schema = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
         "description": op.get("description", ""),
         "parameters": [p["name"] for p in op.get("parameters", [])],
         "body": _body_fields(schema, op)}
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]
    return render(request, "apidocs.html", {"operations": operations, "title": schema["info"]["title"]})


def _body_fields(schema: dict, operation: dict) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    for media in content.values():
        ref = media.get("schema", {}).get("$ref", "")
        body = schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], media.get("schema", {}))
        return list(body.get("properties", {}))
    return []
