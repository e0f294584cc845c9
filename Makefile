# Solidarités — commandes de développement.
#   make run   : installe tout, migre, charge contenus et données de démonstration, sert sur http://127.0.0.1:8000
#   make test  : installe ce qu'il faut aux tests (Chromium, PostgreSQL) et lance toute la suite, sur SQLite puis PostgreSQL
SHELL := /bin/bash
PYTHON ?= python3.11
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
SOL := $(VENV)/bin/solidarites
# Below the ephemeral ports (32768–60999): a loopback client of the suite in TIME-WAIT on the
# same port would keep PostgreSQL from listening.
PG_PORT ?= 25432
PG_DIR ?= /tmp/solidarites-pg-$(PG_PORT)
PG_URL := postgres://postgres@127.0.0.1:$(PG_PORT)/solidarites
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist), one test file per worker at a time so that a
# file's expensive fixtures (OpenFisca, the access-matrix world, a browser) are built once.
PYTEST_PARALLELE ?= -n auto --dist loadfile
# The 15 slowest tests, printed at the end of each pass (the suite must stay well under 20 min).
PYTEST_DUREES ?= --durations=15
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: run servir install test test-deps lint format test-sqlite test-postgres pg-start pg-stop donnees bench clean

$(UV):
	@command -v $(PYTHON) >/dev/null || PYTHON=python3; \
	$(PYTHON) -m venv $(TOOLS) 2>/dev/null || { bash scripts/apt.sh python3-venv && $(PYTHON) -m venv $(TOOLS); }
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.installe: $(UV) pyproject.toml uv.lock
	@bash scripts/apt.sh libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
	$(UV) sync --frozen --python $$(command -v $(PYTHON) || command -v python3)
	@touch $@

install: $(VENV)/.installe

# Demo data (demo accounts with published passwords) only where asked: `make run` asks for it.
donnees: install
	$(SOL) migrate --noinput
	$(SOL) collectstatic --noinput --verbosity 0
	SOLIDARITES_DEMO=1 $(SOL) charger_contenus

# The job worker (e-mails, reminders, purges, screenings) runs beside the web server and stops
# with it.
run: donnees
	$(SOL) travailleur & travailleur=$$!; trap 'kill $$travailleur 2>/dev/null' EXIT INT TERM; \
	SOLIDARITES_PRECHARGER_OPENFISCA=1 $(SOL) runserver 127.0.0.1:8000

# The production server (Granian) on this machine, with the worker: see docs/exploitation.md.
servir: donnees
	$(SOL) travailleur & travailleur=$$!; trap 'kill $$travailleur 2>/dev/null' EXIT INT TERM; \
	$(SOL) servir --hote 127.0.0.1 --port 8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test-deps:
	@bash scripts/apt.sh chromium postgresql postgresql-contrib

pg-start:
	@bash scripts/pg.sh start $(PG_DIR) $(PG_PORT)

pg-stop:
	@bash scripts/pg.sh stop $(PG_DIR) $(PG_PORT)

test-sqlite: install
	$(VENV)/bin/pytest $(PYTEST_PARALLELE) $(PYTEST_DUREES) $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest $(PYTEST_PARALLELE) $(PYTEST_DUREES) $(PYTEST_ARGS)

# The whole suite on SQLite, then on PostgreSQL; the server is stopped whatever the outcome.
test: install test-deps lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory pg-start
	$(MAKE) --no-print-directory test-postgres; status=$$?; $(MAKE) --no-print-directory pg-stop; exit $$status

bench: donnees
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) $(TOOLS) var
