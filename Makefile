# Two entry points for a newcomer: `make run` and `make test`. Both are idempotent.
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/granskaren.db
PORT ?= 8000

.PHONY: run test test-fast lint bench docs

$(VENV)/.runtime: pyproject.toml
	scripts/system-deps.sh run
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	scripts/system-deps.sh test
	$(PY) -m pip install -q -e ".[test]"
	touch $@

# Imports the bundled sample corpus (unchanged files are skipped) and starts the web service.
run: $(VENV)/.runtime
	$(VENV)/bin/auditor import corpus_samples/files --manifest corpus_samples/manifest.yaml --db $(DB) --create
	@echo "Granskaren startar på http://127.0.0.1:$(PORT)/ (avsluta med Ctrl+C)"
	$(VENV)/bin/auditor serve --db $(DB) --port $(PORT)

# axe-core, the accessibility checker the browser tests inject into every page (test-only, never served)
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
$(AXE): $(VENV)/.test
	@command -v npm >/dev/null || { echo "npm saknas: installera Node.js (npm) för tillgänglighetstesterna" >&2; exit 1; }
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/node axe-core@4
	touch $@

test: $(VENV)/.test $(AXE)
	$(PY) -m pytest -q

# The tests without those marked slow (each over ~10 s): for the edit-test loop; `make test` runs them all.
test-fast: $(VENV)/.test $(AXE)
	$(PY) -m pytest -q -m "not slow"

# ruff (pyflakes rules and import order) over the repository and mypy over auditor/, as pyproject.toml sets them.
lint: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# docs/checklista.md, the checklist's wording for a domain expert, from checklist_17.yaml (a test checks they agree)
docs: $(VENV)/.runtime
	$(VENV)/bin/auditor checklist docs > docs/checklista.md.tmp
	mv docs/checklista.md.tmp docs/checklista.md

bench: $(VENV)/.test
	$(PY) bench/run_all.py
