"""The web's templates, shared by the pages the app serves and the self-contained result page that
`auditor score --format html` writes: one set of templates and globals, so the result of one document has
one rendering (`_result.html`).

Templates are looked up first in the deployment's own folder (AUDITOR_TEMPLATES), then in the built-in
ones, so a deployment can override e.g. base.html without touching the package.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from auditor.engine.result import AuditResult
from auditor.labels import DOC_TYPE_TITLES, GOAL_KIND_LABELS, LEVEL_LABELS, page_label
from auditor.resources import WEB_STATIC, WEB_TEMPLATES, resource_path
from auditor.web.access import csrf_token, current_user
from auditor.web.document_view import draft_view
from auditor.web.notices import unread_notices
from auditor.web.settings import Settings

TEMPLATES = resource_path(WEB_TEMPLATES)
STATIC = resource_path(WEB_STATIC)
STYLESHEET = STATIC / "granskaren.css"
GLOBALS = {
    "signed": lambda n: "±0" if not n else f"{n:+d}",
    "level_labels": LEVEL_LABELS,
    "type_labels": DOC_TYPE_TITLES,
    "goal_kinds": GOAL_KIND_LABELS,
    "page_label": page_label,
    "when": lambda stamp: (stamp or "")[:16].replace("T", " "),  # "2026-12-07T10:01:17+00:00" -> "2026-12-07 10:01"
}


def web_templates(settings: Settings) -> Jinja2Templates:
    folders = [settings.template_dir, TEMPLATES] if settings.template_dir else [TEMPLATES]

    def common(request: Request) -> dict:
        user = current_user(request)
        return {"user": user, "csrf_token": csrf_token(request), "unread_notices": unread_notices(request, user),
                "public_read": settings.public_read}

    templates = Jinja2Templates(directory=folders, context_processors=[common])
    templates.env.globals.update(GLOBALS)
    return templates


def render(request: Request, name: str, context: dict | None = None, status_code: int = 200):
    return request.app.state.templates.TemplateResponse(request, name, context or {}, status_code=status_code)


def render_result_page(audited: list[tuple[AuditResult, str]]) -> str:
    """One self-contained page (the web's stylesheet inline, no scripts) with the web's result view of each
    (result, full text) pair, as a self-checked draft is shown."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.globals.update(GLOBALS)
    views = [{"path": result.document.path, "checklist_version": result.checklist_version,
              **draft_view(result.to_dict(), text)} for result, text in audited]
    return env.get_template("result_page.html").render(views=views, style=STYLESHEET.read_text(encoding="utf-8"))
