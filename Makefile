# Dateline: `make demo` runs the whole site, `make test` runs every test.
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint format serve clean-data

.venv/installed: pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -e ".[test]"
	touch $@

node_modules/installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

demo: .venv/installed
	$(PY) -m dateline migrate --noinput -v0
	$(PY) -m dateline collectstatic --noinput -v0
	$(PY) -m dateline load-demo
	@echo "Serving Dateline on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(PY) -m dateline serve --host $(HOST) --port $(PORT)

test: .venv/installed node_modules/installed
	$(PY) -m pytest

lint: .venv/installed
	.venv/bin/ruff check dateline
	.venv/bin/ruff format --check dateline

format: .venv/installed
	.venv/bin/ruff check --fix dateline
	.venv/bin/ruff format dateline

clean-data:
	rm -rf data
