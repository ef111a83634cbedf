# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv messages run test lint format serve-prod bench-trade load-test screenshots bench

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed messages

# The compiled catalogues (*.mo) are built on every machine from locale/<lang>/LC_MESSAGES/django.po,
# with msgfmt from Debian's gettext.
messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null 2>&1 || { echo "msgfmt not found: the translations need GNU gettext (Debian: apt-get install -y gettext)" >&2; exit 1; }
	@if [ -d locale ]; then DEBUG=$${DEBUG:-1} $(PY) manage.py compilemessages --ignore=$(VENV) -v0; fi

run: venv
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py ensure_admin
	# The worker that sends reminders and notices runs beside the web server and stops with it.
	DEBUG=$${DEBUG:-1} $(PY) manage.py run_huey --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# The browser journeys drive Debian's Chromium: installed here when it is missing (as root, or with sudo
# that asks no password); otherwise the one command to run is printed and the tests do not start.
CHROMIUM_INSTALL := apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
test: venv
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then echo "== installing chromium"; sh -c '$(CHROMIUM_INSTALL)'; \
	  elif sudo -n true 2>/dev/null; then echo "== installing chromium"; sudo sh -c '$(CHROMIUM_INSTALL)'; \
	  else echo "The browser tests need Chromium: run  sudo apt-get install -y chromium" >&2; exit 1; fi; }
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

BENCH_DIR ?= /tmp/cooperation-bench
BENCH_ROWS ?= 1000000

# Import and engine benchmark on a scratch SQLite database, then on a scratch PostgreSQL one.
bench-trade: venv
	rm -rf $(BENCH_DIR) && mkdir -p $(BENCH_DIR)
	DEBUG=1 DATABASE_URL=sqlite:///$(BENCH_DIR)/bench.sqlite3 $(PY) manage.py migrate -v0
	DEBUG=1 DATABASE_URL=sqlite:///$(BENCH_DIR)/bench.sqlite3 $(PY) manage.py bench_trade --rows $(BENCH_ROWS)
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS cooperation_bench" -c "CREATE DATABASE cooperation_bench"
	DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation_bench $(PY) manage.py migrate -v0
	DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation_bench $(PY) manage.py bench_trade --rows $(BENCH_ROWS)

# Production-style serving: gunicorn, static files by whitenoise. Needs SECRET_KEY and ALLOWED_HOSTS
# (and HTTPS=0 if nothing in front terminates TLS); see README.
serve-prod: venv
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn cooperation.wsgi --workers $${WEB_CONCURRENCY:-4} --bind $(HOST):$(PORT) \
		--access-logfile - --graceful-timeout 20 --timeout 60

LOAD_DIR ?= /tmp/cooperation-load
LOAD_SECONDS ?= 30

# The app under gunicorn with concurrent readers and writers and a killed worker, on SQLite then PostgreSQL;
# then two app servers behind nginx on PostgreSQL with a shared Redis cache, a killed worker and Redis stopped.
load-test: venv
	@for program in nginx redis-server; do command -v $$program >/dev/null 2>&1 || test -x /usr/sbin/$$program || \
	  { echo "The two-server run needs $$program: run  sudo apt-get install -y nginx redis-server" >&2; exit 1; }; done
	rm -rf $(LOAD_DIR) && mkdir -p $(LOAD_DIR)
	DEBUG=1 DATABASE_URL=sqlite:///$(LOAD_DIR)/load.sqlite3 $(PY) manage.py migrate -v0
	DEBUG=1 DATABASE_URL=sqlite:///$(LOAD_DIR)/load.sqlite3 $(PY) manage.py load_test --seconds $(LOAD_SECONDS)
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS cooperation_load" -c "CREATE DATABASE cooperation_load"
	DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation_load $(PY) manage.py migrate -v0
	DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation_load $(PY) manage.py load_test --seconds $(LOAD_SECONDS)
	DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation_load $(PY) manage.py load_test --seconds $(LOAD_SECONDS) --servers 2

# Run the browser journeys, then refresh the README's screenshots from what they captured.
screenshots: venv
	$(VENV)/bin/pytest tests/e2e -q
	mkdir -p docs && cp artifacts/docs/*.png docs/

SCALE_DIR ?= /tmp/cooperation-scale

# Every page under gunicorn + wrk on generated data, SQLite then PostgreSQL; the table goes to docs/benchmark.md.
bench: venv
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	rm -rf $(SCALE_DIR) && mkdir -p $(SCALE_DIR) docs
	DEBUG=1 DATABASE_URL=sqlite:///$(SCALE_DIR)/scale.sqlite3 $(PY) manage.py migrate -v0
	DEBUG=1 DATABASE_URL=sqlite:///$(SCALE_DIR)/scale.sqlite3 $(PY) manage.py load_demo -v0
	DEBUG=1 DATABASE_URL=sqlite:///$(SCALE_DIR)/scale.sqlite3 $(PY) manage.py generate_scale
	DEBUG=1 DATABASE_URL=sqlite:///$(SCALE_DIR)/scale.sqlite3 $(PY) manage.py bench_pages --output $(SCALE_DIR)/sqlite.md
	# The performance issue's own measure: one request at a time, one worker, the median against the floor's.
	DEBUG=1 DATABASE_URL=sqlite:///$(SCALE_DIR)/scale.sqlite3 $(PY) manage.py bench_pages --no-refresh \
	  --connections 1 --workers 1 --seconds 3 --output $(SCALE_DIR)/sequential.md
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS cooperation_scale" -c "CREATE DATABASE cooperation_scale"
	DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation_scale $(PY) manage.py migrate -v0
	DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation_scale $(PY) manage.py load_demo -v0
	DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation_scale $(PY) manage.py generate_scale
	DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation_scale $(PY) manage.py bench_pages --output $(SCALE_DIR)/postgresql.md
	# What the visitors' page cache is worth while staff write: a commit every second, the cache on Redis.
	DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation_scale REDIS_URL=redis://127.0.0.1:6379/3 \
	  $(PY) manage.py bench_pages --public-only --no-refresh --write-every 1 --output $(SCALE_DIR)/writes.md
	(echo "# Page benchmark"; echo; echo "Made by \`make bench\` on $$(date -u +%Y-%m-%d), $$(nproc) cores."; echo; \
	  cat $(SCALE_DIR)/sqlite.md; echo; cat $(SCALE_DIR)/postgresql.md; echo; \
	  echo "## One request at a time (SQLite)"; echo; cat $(SCALE_DIR)/sequential.md; echo; \
	  echo "## Visitors' pages with a write every second (PostgreSQL, page cache on Redis)"; echo; \
	  cat $(SCALE_DIR)/writes.md) > docs/benchmark.md
