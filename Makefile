# District Desk — the two Quick start commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.stamp-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: setup run test test-fast lint typecheck bench screenshots installer translations clean

# System packages come first: on a stock Debian/Ubuntu the venv cannot be created before
# python3-venv is installed.
$(STAMP): pyproject.toml scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[server,test,installer]'
	@rm -f $(VENV)/.stamp-*; touch $(STAMP)

setup: $(STAMP)
	@bash scripts/system-deps.sh

translations: setup
	$(PY) scripts/build_translations.py

## Start the reference server with demo data on loopback and open the client on it.
run: setup translations
	$(PY) scripts/run_demo.py

## Run every test headless (unit, integration, faults, UI, installer smoke).
test: setup translations
	bash scripts/run_tests.sh

lint: setup
	$(VENV)/bin/ruff check app ui server tests bench scripts build_installer.py
	$(VENV)/bin/ruff format --check app ui server tests bench scripts build_installer.py

typecheck: setup
	$(VENV)/bin/mypy

bench: setup
	bash scripts/run_benches.sh

screenshots: setup translations
	$(PY) scripts/screenshots.py

installer: setup translations
	$(PY) build_installer.py

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
