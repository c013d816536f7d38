# Familjeguiden – two commands: `make run` and `make test`.
# Everything else here is a step those two share.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app familjeguiden
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test test-next-year setup lock init bench clean lint translations

# Links in e-mails and on the receipt use the address the site is served on
# (make run PORT=8080 gives http://127.0.0.1:8080/...), unless
# FAMILJEGUIDEN_PUBLIC_BASE_URL says otherwise.
run: init
	@echo ""
	@echo "  Familjeguiden körs på http://$(HOST):$(PORT)/"
	@echo "  (stoppa med Ctrl+C)"
	@echo ""
	FAMILJEGUIDEN_PUBLIC_BASE_URL="$${FAMILJEGUIDEN_PUBLIC_BASE_URL:-http://$(HOST):$(PORT)}" \
		$(FLASK) run --host $(HOST) --port $(PORT) --no-reload

test: setup
	@scripts/ensure-chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The tests that work with dates (review dates, response targets, statistics,
# gallring, opening hours), run with the clock a year ahead: a test that only
# passes today fails here. Override DATE_TESTS to run more (or everything).
DATE_TESTS ?= tests/editor tests/inbox tests/questions tests/pages tests/courses tests/test_workdays.py
test-next-year: setup
	FAMILJEGUIDEN_TEST_CLOCK_SHIFT_DAYS=365 $(BIN)/python -m pytest -q $(DATE_TESTS) $(PYTEST_ARGS)

setup: $(STAMP) instance/config.py

# The versions installed are the tested ones in constraints.txt (pip freeze of
# the virtualenv the suite last passed in); pyproject.toml gives the ranges.
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "Familjeguiden behöver Python 3.11 eller senare")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

# Refresh the lock: the newest versions pyproject.toml allows, installed into
# .venv and frozen into constraints.txt. Then run `make test` (and
# `make test-next-year`) and commit constraints.txt only if they pass.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	@echo "# Tested versions of every package (make lock writes this; make setup installs from it)." > constraints.txt
	$(BIN)/python -m pip freeze --exclude-editable >> constraints.txt
	@touch $(STAMP)
	@echo "constraints.txt är uppdaterad: kör make test innan du checkar in den."

instance/config.py: | $(STAMP)
	$(BIN)/python -m familjeguiden.instance instance --demo

init: setup
	$(FLASK) init

bench: setup
	$(BIN)/python bench/page_bench.py
	$(BIN)/python bench/search_bench.py

# Interface strings: extract them from the code and templates, add new ones to
# every catalogue (translators fill them in the .po files), and compile the
# .mo files the app reads. The .mo files are committed, so an installation
# needs no build step; tests/i18n checks they match the .po files.
translations: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -k in_swedish --no-wrap --sort-by-file \
		--project Familjeguiden --copyright-holder Familjeguiden -o familjeguiden/translations/messages.pot .
	$(BIN)/pybabel update -i familjeguiden/translations/messages.pot -d familjeguiden/translations \
		--no-wrap --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile -d familjeguiden/translations --statistics

# Static checks: ruff (style, bugs, flake8-bandit rules) and bandit on the
# application code, failing on any finding of medium or high severity.
lint: setup
	$(BIN)/ruff check familjeguiden tests bench scripts
	$(BIN)/bandit -q -c pyproject.toml -r familjeguiden --severity-level medium

clean:
	rm -rf $(VENV) instance build *.egg-info
