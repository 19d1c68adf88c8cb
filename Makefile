# jianguan — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
UV := $(shell command -v uv 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/jianguan/web/static/vendor
export UV_PYTHON_DOWNLOADS := never

.PHONY: env assets demo test test-fast lint format browser-deps services clean

$(BIN)/jianguan: pyproject.toml uv.lock
	@command -v uv >/dev/null || $(PYTHON) -m pip install --quiet uv==0.13.8
	uv sync --frozen --python $(PYTHON)
	@touch $@

env: $(BIN)/jianguan assets

# Front-end libraries come from the npm registry and are served locally (no CDN).
assets: $(VENDOR)/echarts.min.js $(VENDOR)/swagger-ui/swagger-ui-bundle.js

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

$(VENDOR)/echarts.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE $(VENDOR)/
	@touch $@

$(VENDOR)/swagger-ui/swagger-ui-bundle.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/swagger-ui
	cp node_modules/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,LICENSE} $(VENDOR)/swagger-ui/
	@touch $@

# Debian's Chromium and CJK fonts for the browser tests (never `playwright install`).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
		echo "installing chromium and fonts-noto-cjk from Debian"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

services:
	@bash scripts/services.sh

demo: env
	$(BIN)/jianguan demo

test: env browser-deps services
	$(BIN)/pytest -q -n 2 --dist loadgroup

test-fast: env
	$(BIN)/pytest -q -m "not slow and not browser"

lint: env
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: env
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var .pytest_cache .mypy_cache .ruff_cache
