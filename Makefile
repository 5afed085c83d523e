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

# The live player's hls.js, served from the site's own static files (no CDN).
# Source-map comments are dropped: the maps are not shipped.
HLS_JS := dateline/live/static/live/vendor/hls.min.js
$(HLS_JS): node_modules/installed
	mkdir -p $(@D)
	for f in hls.min.js hls.light.min.js hls.worker.js; do \
	  sed '/^\/\/# sourceMappingURL=/d' node_modules/hls.js/dist/$$f > $(@D)/$$f; done
	cp node_modules/hls.js/LICENSE $(@D)/hls.js-LICENSE.txt

# The login and front page lines printed point at the port the site is served on.
demo: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
demo: .venv/installed $(HLS_JS)
	$(PY) -m dateline migrate --noinput -v0
	$(PY) -m dateline collectstatic --noinput -v0
	$(PY) -m dateline load-demo
	$(PY) -m dateline live demo-channel
	@echo "Serving Dateline on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	@echo "Newsletter mail (no EMAIL_URL set) is written to $${DATELINE_DATA_DIR:-data}/mail/"
	@# With ffmpeg, a test pattern plays on the Live page; without it, Live is off air.
	@if command -v ffmpeg >/dev/null 2>&1; then \
	  $(PY) -m dateline live test-stream --quiet & stream=$$!; \
	  trap 'kill $$stream 2>/dev/null' EXIT INT TERM; \
	else echo "ffmpeg is not installed: the Live page will say the channel is off air."; fi; \
	$(PY) -m dateline serve --host $(HOST) --port $(PORT)

test: .venv/installed node_modules/installed $(HLS_JS)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: .venv/installed
	.venv/bin/ruff check dateline
	.venv/bin/ruff format --check dateline

format: .venv/installed
	.venv/bin/ruff check --fix dateline
	.venv/bin/ruff format dateline

clean-data:
	rm -rf data

# Issue 5's benchmarks (nginx, Varnish, the embedded cache, uncached, a stock
# Wagtail peer, publish-to-visible, a 500-connection spike, 10k articles) in one
# run of a few minutes; writes BENCHMARKS.md. Needs wrk, nginx, varnish, postgresql.
.PHONY: bench
bench: .venv/installed
	$(PY) bench/run.py --scale 10000

# Issue 5 at scale: 10k, 100k and a million articles on a stack of its own
# (about an hour on 2 CPUs); saves bench/scale-results.json, which `make bench`
# puts into BENCHMARKS.md's "At scale" section.
.PHONY: bench-scale
bench-scale: .venv/installed
	$(PY) bench/scale.py --dir /tmp/dateline-scale --steps 10000,100000,1000000
