# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
# Plan 1133 (2016–2020) and the example 2021–2030 plan built from Decision 1520/QĐ-TTg.
PLAN_FILES := targets/plans/laichau-1133-2015.yaml targets/plans/example-laichau-2021-2030.yaml

.PHONY: run setup venv test test-fast bench bench-quick outage-drill messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# XStatic-Bootstrap builds from source and needs setuptools' pkg_resources (setuptools < 81).
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip "setuptools<81" wheel
	$(BIN)/pip install --quiet --no-build-isolation -r requirements.txt
	touch $@

venv: $(VENV)/.installed

setup: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) load_admin_units
	$(MANAGE) load_plan $(PLAN_FILES)
	$(MANAGE) create_periods
	$(MANAGE) seed_demo --with-reports

run: setup
	@echo "Cổng đang chạy tại http://$(HOST)/  (Ctrl+C để dừng)"
	$(MANAGE) runserver $(HOST)

test: venv
	$(BIN)/pytest

test-fast: venv
	$(BIN)/pytest -m "not browser"

# Performance on a synthetic province (docs/performance.md); never part of `make test` or CI.
# PostgreSQL when DATABASE_URL names one (the bench makes its own databases on that server).
bench: venv
	$(MANAGE) bench

bench-quick: venv
	$(MANAGE) bench --institutions 1000 --years 3 --small 200 --repeat 3 --users 20 --duration 20

# PostgreSQL stopped under load and started again, on a cluster of its own (docs/deployment.md).
outage-drill: venv
	$(MANAGE) outage_drill --users 10 --duration 20

# Refresh the English catalogue after changing strings (needs gettext); commit the .po and .mo.
messages: venv
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
