"""The project installed as a wheel (not editable) finds its checklist, templates and static files: they must be
inside the wheel, not read from the source tree. The build needs no network: no build isolation, no
dependencies installed; the new venv borrows the test venv's packages (setuptools and the runtime ones)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus_samples" / "files" / "akerby_so_2022.pdf"
# what a build reads; the copy keeps the build's own folders (build/, *.egg-info) out of the checkout
BUILD_INPUTS = ("pyproject.toml", "README.md", "auditor", "checklist_17.yaml", "web")
WEB_CHECK = """
from fastapi.testclient import TestClient
from auditor.web.app import create_app
client = TestClient(create_app("db.sqlite"))
page, css = client.get("/checklistan"), client.get("/static/granskaren.css")
assert page.status_code == 200 and "R1 Parter och förankring" in page.text, page.text[:500]
assert css.status_code == 200 and "{" in css.text
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # appended after the venv's own site-packages: the wheel's auditor comes first
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-build-isolation", "--no-index", str(source)], check=True, cwd=tmp)
    shutil.rmtree(source)  # nothing may be read from the copy of the source tree
    return env_dir


@pytest.mark.slow  # builds and installs a wheel: 15-25 s
def test_installed_wheel_scores_and_serves_from_its_own_files(installed, tmp_path):
    scored = subprocess.run([installed / "bin" / "auditor", "score", SAMPLE, "--format", "json"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert scored.returncode == 0, scored.stderr
    assert len(json.loads(scored.stdout)["items"]) == 17
    web = subprocess.run([installed / "bin" / "python", "-c", WEB_CHECK], cwd=tmp_path, capture_output=True,
                         text=True)
    assert web.returncode == 0, web.stderr
    located = subprocess.run([installed / "bin" / "python", "-c", "import auditor; print(auditor.__file__)"],
                             cwd=tmp_path, capture_output=True, text=True, check=True)
    assert Path(located.stdout.strip()).is_relative_to(installed)
