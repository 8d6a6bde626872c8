"""The data files installed with the package, found through importlib.resources and never by a path into the
source tree, so an installed wheel finds them as an editable checkout does.

The checklist and the web service's templates and static files live at the top of the repository
(checklist_17.yaml, web/); auditor/_data/ links to them, and pyproject.toml's package-data copies them into
the wheel as auditor/_data/. (setuptools' package-dir mapping would put them there too, but a package mapped
from outside its parent's folder cannot be imported from an editable install.)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

CHECKLIST = "_data/checklist_17.yaml"
WEB_TEMPLATES = "_data/web/templates"
WEB_STATIC = "_data/web/static"
REPORT_TEMPLATES = "reports/templates"


def resource_path(name: str) -> Path:
    """A file or folder of the installed package, `name` relative to the auditor package (one of the above).
    A Path, because Jinja2's and Starlette's loaders and the checklist's modification-time cache need one; the
    package is always installed as files (a wheel or an editable install), never imported from a zip."""
    return Path(str(resources.files("auditor").joinpath(name)))
