# The two commands a new user needs: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Material prints a banner about MkDocs 2 on every run; this project pins MkDocs < 2.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve preview test check chromium lint format bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

site: $(VENV)/.installed  ## Build the demo site into site/
	$(BIN)/mkdocs build --strict
	@echo
	@echo "The site is in site/. To read it: make preview, then open http://127.0.0.1:8000/"

serve: $(VENV)/.installed  ## Live preview with drafts, rebuilding on every change
	$(BIN)/mkdocs serve

preview: site  ## Serve the built site/ as it will be published
	$(BIN)/python -m http.server --directory site --bind 127.0.0.1 8000

check: $(VENV)/.installed  ## Validate every story, as CI does
	$(BIN)/emptychair check

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

# axe-core for the accessibility tests, pinned by package-lock.json; the tests inject it from node_modules.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's nodejs and npm for the accessibility tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; fi; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(VENV)/.installed-test chromium node_modules/.installed  ## Lint, then the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed-test  ## Build-time and check-time benchmark (see benchmarks/README.md)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site $(VENV) node_modules
