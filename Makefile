# The README's commands. Everything a fresh Debian machine with Python needs is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in SMS, PDFs and QR codes point where `make run` serves (override for a LAN address or a proxy).
PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
export PORTAL_BASE_URL

.PHONY: run test lint bench bench-load install install-dev sysdeps sysdeps-test sysdeps-bench migrate demo worker messages clean backup restore

run: install sysdeps migrate demo
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Starting a Celery worker (REDIS_URL is set)"; \
		$(VENV)/bin/celery -A smedx_portal worker --beat -l info --concurrency 2 & \
		trap "kill $$! 2>/dev/null" EXIT; \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	else \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	fi

# The suite on 2 pytest-xdist workers (each its own test database and Redis database); PYTEST_WORKERS=0 runs it
# in one process.
PYTEST_WORKERS ?= 2
test: install-dev sysdeps-test
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

bench: install-dev sysdeps sysdeps-bench
	$(PY) -m tests.bench

# Only the survey takers' load test: make bench-load USERS=200 SECONDS=60
USERS ?= 200
SECONDS ?= 60
bench-load: install-dev sysdeps
	BENCH_LOAD_USERS=$(USERS) BENCH_LOAD_SECONDS=$(SECONDS) $(PY) -m tests.bench load

worker: install
	$(VENV)/bin/celery -A smedx_portal worker -l info

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# System libraries: WeasyPrint's Pango, a font with Vietnamese glyphs, gettext; Chromium for browser tests.
APT_RUN := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core gettext
sysdeps:
	@missing=""; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -qi "DejaVuSans\|NotoSans" || missing="$$missing fonts-dejavu-core fonts-noto-core"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

sysdeps-test: sysdeps
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Chromium for browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

# The web benchmarks' load client (the same for the portal and the bare app).
sysdeps-bench:
	@if ! command -v wrk >/dev/null; then \
		echo "Installing wrk for the benchmarks"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
	fi

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_criteria
	$(PY) manage.py load_programme_phases

demo: install
	$(PY) manage.py load_demo_data

messages: install
	$(PY) manage.py makemessages -l vi -l en --ignore=.venv --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

# The database (pg_dump) and the media folder, with a manifest of checksums: var/backups/<date-time>/ by default.
BACKUP_DIR ?= var/backups/$(shell date +%Y%m%d-%H%M%S)
backup: install
	$(PY) manage.py backup $(BACKUP_DIR)

# Replaces the database and the media folder with a backup: make restore FROM=var/backups/<date-time>
restore: install
	@test -n "$(FROM)" || { echo "Usage: make restore FROM=var/backups/<folder>"; exit 2; }
	$(PY) manage.py restore $(FROM) --yes

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
