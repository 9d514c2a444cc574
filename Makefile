# dcdsl — two set-up commands work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   ?= designs/superpod-h100-4su.dc

.PHONY: demo test lint typecheck unit bench graphviz chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Graphviz's `dot` draws the SVGs. Installed through apt when we are root; otherwise we say how.
graphviz:
	@if ! command -v dot >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Graphviz (apt-get install graphviz)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null) \
	      || echo "warning: could not install Graphviz; SVG diagrams will be skipped"; \
	  else \
	    echo "warning: Graphviz 'dot' is missing; SVG diagrams will be skipped."; \
	    echo "  install it: sudo apt-get install graphviz   (macOS: brew install graphviz)"; \
	  fi; \
	fi

# Headless Chromium renders report.html in tests/test_report_chromium.py (console errors fail
# it). Debian's `chromium` is installed through apt when we are root; otherwise that test skips.
chromium:
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Chromium (apt-get install chromium)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install Chromium; the report's browser test will be skipped"; \
	  else \
	    echo "warning: Chromium is missing; the report's browser test will be skipped."; \
	    echo "  install it: sudo apt-get install chromium"; \
	  fi; \
	fi

demo: $(STAMP) graphviz
	@$(BIN)/dcc build $(DEMO) -o build/demo; status=$$?; \
	  if [ -f build/demo/report.html ]; then echo "report: $$(pwd)/build/demo/report.html"; fi; \
	  [ $$status -le 1 ]

lint: $(STAMP)
	$(BIN)/ruff check dcdsl tests bench
	$(BIN)/ruff format --check dcdsl tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# The TextMate grammar test runs VS Code's own engine (npm vscode-tmgrammar-test, pinned by
# editors/vscode/package-lock.json). Without npm the test is skipped, with a warning here.
NODE_DEPS := editors/vscode/node_modules/.package-lock.json
$(NODE_DEPS): editors/vscode/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error; \
	else \
	  echo "warning: npm is missing; the TextMate grammar test will be skipped"; \
	fi

unit: $(STAMP) graphviz chromium $(NODE_DEPS)
	$(BIN)/pytest

test: $(STAMP) graphviz lint typecheck unit

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
