"""The one place that builds the web application: settings, sessions, templates, static files, routes.

    uvicorn --factory auditor.web.app:create_app      or      auditor serve
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from auditor.store.db import open_db
from auditor.web.access import SESSION_SECONDS
from auditor.web.settings import Settings
from auditor.web.templating import STATIC, render, web_templates
from auditor.web.views import ROUTERS

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
log = logging.getLogger(__name__)


def create_app(db_path: str | Path | None = None, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env(db_path)
    if db_path is not None:
        settings = dataclasses.replace(settings, db_path=Path(db_path))
    open_db(settings.db_path).conn.close()  # create or migrate once, not on every request

    app = FastAPI(
        title="Granskaren API",
        description="Granskning av samverkansöverenskommelser och medborgarlöften mot checklistans 17 punkter.",
        docs_url=None,  # FastAPI's own pages load scripts from a CDN; /docs is rendered here instead
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.templates = web_templates(settings)
    app.state.cache = {}
    # set when the server stops: a background import job then leaves its unfinished files for a restart
    app.state.stopping = threading.Event()
    app.router.on_shutdown.append(app.state.stopping.set)
    app.add_middleware(
        SessionMiddleware, secret_key=settings.secret, session_cookie="granskaren_session",
        max_age=SESSION_SECONDS, same_site="lax", https_only=settings.https_only,
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
    _error_handlers(app)
    _declare_error_schema(app)
    return app


def _declare_error_schema(app: FastAPI) -> None:
    """Invalid requests are answered {"detail": "<Swedish message>"} (see `invalid_request`), not with
    FastAPI's list of errors; the OpenAPI description says so, so clients can rely on it."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schemas = generate().get("components", {}).get("schemas", {})
            schemas.pop("ValidationError", None)
            if "HTTPValidationError" in schemas:
                schemas["HTTPValidationError"] = {
                    "title": "Felmeddelande", "type": "object", "required": ["detail"],
                    "properties": {"detail": {"type": "string", "title": "Felet på svenska"}},
                }
        assert app.openapi_schema is not None  # generate() keeps the schema it made
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to change the schema


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "Begäran kunde inte utföras."
        if exc.status_code == 404 and message == "Not Found":
            message = "Sidan finns inte."
        if exc.status_code == 405:
            message = "Metoden stöds inte för denna adress."
        if wants_json(request):
            return JSONResponse({"detail": message}, exc.status_code, headers=exc.headers)
        if exc.status_code == 401 and request.method == "GET":
            return RedirectResponse(f"/logga-in?nasta={request.url.path}", 303)
        return render(request, "error.html", {"status": exc.status_code, "message": message}, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        fields = ", ".join(str(error["loc"][-1]) for error in exc.errors())
        message = f"Ogiltiga eller saknade uppgifter i begäran ({fields})."
        if wants_json(request):
            return JSONResponse({"detail": message}, 422)
        return render(request, "error.html", {"status": 422, "message": message}, 422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("Oväntat fel vid %s", request.url.path)
        message = "Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta förvaltaren av tjänsten."
        if wants_json(request):
            return JSONResponse({"detail": message}, 500)
        return render(request, "error.html", {"status": 500, "message": message}, 500)
