# Rembug: `make run` serves the Kota Malang demo, `make test` runs the whole suite. Nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := rembug.settings

.PHONY: install run dev test test-long lint bench bench-replica bench-load messages backup restore verify clean

$(BIN)/.installed: pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

install: $(BIN)/.installed

## The demo's own random secret key, made once and kept in var/ (never committed): the settings refuse to start
## without DJANGO_SECRET_KEY (docs/decisions/0010). A key given in the environment wins. Order-only below, so an
## existing demo is not set up again when its key is first made.
var/secret_key:
	@mkdir -p var
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run dev var/.ready bench messages: export DJANGO_SECRET_KEY ?= $(shell cat var/secret_key 2>/dev/null)
## The address the QR codes of the Berita Acara open and the banner prints: the one served, unless one is given.
run dev: export REMBUG_SITE_URL ?= http://$(HOST):$(PORT)

var/.ready: $(BIN)/.installed | var/secret_key
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	@touch $@

## Set everything up and serve the demo on http://$(HOST):$(PORT) with gunicorn (static files by WhiteNoise).
run: var/.ready | var/secret_key
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py demo_accounts
	$(BIN)/gunicorn rembug.wsgi --bind $(HOST):$(PORT) --workers 3 --access-logfile -

## The autoreloading development server.
dev: var/.ready | var/secret_key
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## The whole test suite on SQLite; set DATABASE_URL=postgres://... to run it on PostgreSQL.
test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

## The long proofs (fuzzing, fault injection, races, backup/restore, the whole-year browser run); CI runs them too.
test-long: $(BIN)/.installed
	$(BIN)/python -m pytest -m long tests

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Long benchmarks (national scale); results are written in bench/*.md.
bench: $(BIN)/.installed | var/secret_key
	$(BIN)/python bench/bench_ranking.py
	$(BIN)/python bench/bench_fitting.py
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rembug_bench} $(BIN)/python bench/bench_regions.py

## A real streaming replica behind the database router (issue 14, point 5): its own primary on 5434 and replica on
## 5435 in a temporary directory (the server on 5432 is left alone), the read-heavy pages through the router, a
## writer reading its own write while the replica's replay is paused. Under 5 minutes; REPLICA_SOURCE_URL=postgres://…
## copies a database already loaded instead of loading the demo. Writes bench/results/replica-<date>.json.
bench-replica: $(BIN)/.installed
	$(BIN)/python bench/replica_demo.py

## Deadline day (issue 14, point 7): Locust plays Kota Malang's 4,278 Ketua RT and 57 operators against gunicorn with
## the production settings on loopback, for LOAD_MINUTES (3); PEAK=1 plays ten times the hour's rate. PostgreSQL
## from BENCH_DATABASE_URL (default rembug_load; the demo is loaded if missing), copied into a PostgreSQL of the bench's
## own on port 5436 whose CPU is counted. Writes bench/results/load-*.json.
LOAD_MINUTES ?= 3
bench-load: $(BIN)/.installed
	$(BIN)/python bench/load/run.py --own-postgres --minutes $(LOAD_MINUTES) $(if $(PEAK),--peak,)

## Refresh the translation catalogues (needs GNU gettext; the compiled .mo files are committed).
messages: $(BIN)/.installed | var/secret_key
	cd rembug && ../$(BIN)/django-admin makemessages -l en --no-obsolete --ignore "*/migrations/*"
	cd rembug && ../$(BIN)/django-admin compilemessages

## The database and the uploaded files in one archive under var/backups/ (SQLite or PostgreSQL by DATABASE_URL).
backup: $(BIN)/.installed
	$(BIN)/python manage.py backup --output var/backups

## Put a backup back (stop the server first): make restore FILE=var/backups/rembug-....tar.gz
restore: $(BIN)/.installed
	@test -n "$(FILE)" || { echo "Sebutkan berkasnya: make restore FILE=var/backups/rembug-....tar.gz"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" --yes

## Recompute the hash chain of every finalized Berita Acara and name any altered record.
verify: $(BIN)/.installed
	$(BIN)/python manage.py verify_records

clean:
	rm -rf var/*.sqlite3* var/.ready var/static
