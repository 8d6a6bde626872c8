"""The HTML report: one self-contained page (CSS inline, charts as data-URI PNGs) that prints well."""

from __future__ import annotations

import base64

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from auditor.labels import DOC_TYPE_TITLES, LEVEL_LABELS, page_label
from auditor.reports import charts, wording
from auditor.reports.model import KommunReport, LanReport
from auditor.resources import REPORT_TEMPLATES, resource_path

_ENV = Environment(
    loader=FileSystemLoader(resource_path(REPORT_TEMPLATES)),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,  # a misspelt field fails the report instead of leaving a silent gap
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals.update(w=wording, level_labels=LEVEL_LABELS, type_titles=DOC_TYPE_TITLES, page_label=page_label)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def render_kommun(report: KommunReport) -> str:
    uris = {doc_type: data_uri(png) for doc_type, png in charts.kommun_charts(report).items()}
    return _ENV.get_template("kommun.html").render(r=report, charts=uris)


def render_lan(report: LanReport) -> str:
    uris = {doc_type: {name: data_uri(png) for name, png in figures.items()}
            for doc_type, figures in charts.lan_charts(report).items()}
    return _ENV.get_template("lan.html").render(r=report, charts=uris)
