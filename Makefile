# civcreate — `make run` (site + worker + beat with demo data) and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install install-dev lock run serve worker beat test test-pg test-browser lint reset clean messages

# requirements.txt: what the site, worker and beat run (locked with hashes);
# requirements-dev.txt: that set plus the test tools. `make lock` recompiles both from *.in.
$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install -q --require-hashes -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

LOCK_FLAGS := -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: install-dev
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) -o requirements-dev.txt requirements-dev.in

var/.migrated: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages -v0 --ignore=.venv 2>/dev/null || true
	$(PY) manage.py seed_demo --scale demo --if-empty
	touch $@

run: var/.migrated
	@bin/run-dev $(HOST) $(PORT)

serve: var/.migrated
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A civcreate worker -l info --concurrency 2

beat: install
	$(VENV)/bin/celery -A civcreate beat -l info

test: $(VENV)/.installed-dev
	$(VENV)/bin/pytest

lint: install-dev
	$(VENV)/bin/ruff check .

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

reset:
	rm -rf var/civcreate.sqlite3* var/.migrated var/celery var/media
	$(MAKE) var/.migrated

clean:
	rm -rf $(VENV) var
