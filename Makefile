# Two commands do all the set-up on a fresh machine:
#   make demo   builds the demo site into site/   (make serve: live preview)
#   make test   runs every test, browser tests included
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo serve check lint test test-fast browser-deps bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) build.py build
	@echo "预览：make serve，然后在浏览器打开 http://127.0.0.1:8000/ （不要直接打开 site/index.html：链接会打开文件夹、搜索无法加载；已建好的 site/ 可用 python -m http.server -d site 8000 预览，见 docs/deploy.md）"

serve: $(STAMP)
	$(PY) build.py serve

check: $(STAMP)
	$(PY) build.py check

# Debian's chromium for the browser tests (never a downloaded browser).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; fi; }

# ruff and mypy, as configured in pyproject.toml; `make test` runs them first.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: $(STAMP) browser-deps lint
	$(PY) -m pytest -m "" -q

test-fast: $(STAMP)
	$(PY) -m pytest -q

clean:
	rm -rf site .site-* $(VENV)
