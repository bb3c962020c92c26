# The two commands of the README: `make run` and `make test`.
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.geinstalleerd
HOST  ?= 127.0.0.1
PORT  ?= 8000

.PHONY: run test test-snel lint format setup spectral systeem bench schaal paginas belasting traag nginx backup restore serve schermafdrukken

$(PY):
	python3 -m venv $(VENV)

# Reinstall only when a requirements file changed, so a second `make run` starts fast.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# Spectral, the linter of the API's OpenAPI document (tests/api/test_openapi_lint.py), with its
# exact versions from openapi-lint/package-lock.json; again only when that file changed.
SPECTRAL := openapi-lint/node_modules/.bin/spectral
$(SPECTRAL): openapi-lint/package.json openapi-lint/package-lock.json
	cd openapi-lint && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(SPECTRAL)

spectral: $(SPECTRAL)

setup: $(STAMP)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py demo_data

run: setup
	@echo ""
	@echo "  Leerwerkloket Financiering draait op http://$(HOST):$(PORT)/"
	@$(PY) manage.py demo_data --logins
	@echo ""
	@# The background jobs' worker (long list exports) runs beside the server and stops with it.
	$(PY) manage.py db_worker --interval 1 & trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# Production profile: gunicorn with config.settings.production, static files through whitenoise,
# PostgreSQL from DATABASE_URL. The settings refuse to start without SECRET_KEY and ALLOWED_HOSTS.
# Beside gunicorn runs the worker of the background jobs (`manage.py db_worker`; under systemd:
# deploy/systemd/leerwerkloket-worker.service).
WORKERS ?= 3
PROD := DJANGO_SETTINGS_MODULE=config.settings.production
serve: $(STAMP)
	$(PROD) $(PY) manage.py check --deploy --fail-level WARNING
	$(PROD) $(PY) manage.py migrate --noinput
	$(PROD) $(PY) manage.py collectstatic --noinput -v 0
	$(PROD) $(PY) manage.py db_worker --interval 1 & trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	  $(PROD) $(VENV)/bin/gunicorn config.wsgi --config config/gunicorn.conf.py --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile -

# Two workers (pytest-xdist), one per core: the suite with its browser tests in half the time.
# TESTWORKERS=0 runs it in one process. The 25 slowest tests are listed at the end, so CI's log
# says where the suite's time goes.
TESTWORKERS ?= 2
test: $(STAMP) $(SPECTRAL)
	$(PY) -m pytest -n $(TESTWORKERS) --durations=25

# The fast tier, while working: everything but the browser tests and the two large matrices
# (tests/test_toegangsmatrix.py, tests/test_vijandige_invoer.py). `make test` before a merge.
test-snel: $(STAMP) $(SPECTRAL)
	$(PY) -m pytest -n $(TESTWORKERS) -m "not e2e and not matrix"

# The README's screenshots, made again by the browser tests into docs/screenshots/.
schermafdrukken: $(STAMP)
	SCHERMAFDRUKKEN=1 REQUIRE_BROWSER=1 $(PY) -m pytest -q tests/e2e

# Benchmarks against a baseline in the same run; results go in benchmarks/RESULTS.md by hand.
bench: $(STAMP)
	$(PY) benchmarks/export_xlsx.py
	$(PY) benchmarks/import_realisatie.py
	$(PY) benchmarks/import_grens.py
	$(PY) benchmarks/import_bank.py
	$(PY) benchmarks/bommen.py

# Every page's queries and time on PostgreSQL with 35 regions x 10 years, and EXPLAIN ANALYZE of
# the heaviest queries. Makes and drops database lwl_schaal on SCHAAL_SERVER (default
# postgres://postgres@127.0.0.1:5432); ARGS=--houden keeps it, ARGS=--hergebruik measures it again.
schaal: $(STAMP)
	$(PY) benchmarks/schaal.py $(ARGS)

# p50/p95 and the queries of every list and dashboard, for Twente's users and the national user, at
# 35 regions x 10 years, against a baseline page in the same run. Makes and drops lwl_schaal like
# `make schaal`; ARGS=--hergebruik measures a database kept by `make schaal ARGS=--houden`.
paginas: $(STAMP)
	$(PY) benchmarks/paginas.py $(ARGS)

# Load test of `make serve` on PostgreSQL with the 35-region data (makes and drops lwl_belasting;
# BELASTING_PG=postgres://user@host:port for another server). Results go in benchmarks/RESULTS.md.
belasting: $(STAMP)
	$(PY) benchmarks/belasting.py $(ARGS)

# Debian's nginx with the headers-more module, for deploy/nginx/ and make traag (as root; only when missing).
nginx:
	@test -f /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-headers-more-filter >/dev/null)

# A normal request while four slow connections are open: gunicorn alone against nginx in front
# (deploy/nginx/leerwerkloket-proxy.conf), in one run. Results go in benchmarks/RESULTS.md.
traag: $(STAMP) nginx
	$(PY) benchmarks/traag.py $(ARGS)

# A backup of the whole database (history included, sessions not) and the uploaded documents in one
# archive with a manifest (mode 0600), and putting one back after checking all of it:
# make restore FILE=backups/leerwerkloket-....tar.gz. Both run with the production settings, so
# without the production environment (SECRET_KEY, DATABASE_URL, ...) they stop before touching
# anything, instead of falling back to the development database; each names the database first.
backup: $(STAMP)
	$(PROD) $(PY) manage.py backup $(ARGS)

restore: $(STAMP)
	@test -n "$(FILE)" || (echo "Gebruik: make restore FILE=backups/leerwerkloket-....tar.gz" && exit 2)
	$(PROD) $(PY) manage.py restore "$(FILE)" $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# System packages for the whole suite: Debian's chromium for the browser tests and LibreOffice
# (headless Calc) to recalculate the Excel exports, nginx, whose configuration (deploy/nginx/) a
# test checks with `nginx -t`, and Node.js with npm for Spectral (the API's lint). Installs only
# what is missing.
systeem:
	@command -v chromium >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && test -f /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libreoffice-calc-nogui nginx libnginx-mod-http-headers-more-filter $$(command -v npm >/dev/null 2>&1 || echo nodejs npm) >/dev/null)
