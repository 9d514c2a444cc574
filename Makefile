# dcdsl — two set-up commands work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   ?= designs/superpod-h100-4su.dc

.PHONY: demo test test-netbox lint typecheck unit bench bench-peers fuzz graphviz chromium clean schemas

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# apt_install_unless(test, package, what is lost without it): install a Debian package when the
# shell test fails and we are root; otherwise say what to install and what will be skipped.
define apt_install_unless
	@if ! ( $(1) ) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $(2) (apt-get install $(2))"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null) \
	      || echo "warning: could not install $(2); $(3)"; \
	  else \
	    echo "warning: $(2) is missing; $(3)."; \
	    echo "  install it: sudo apt-get install $(2)"; \
	  fi; \
	fi
endef

# apt_install(program, package, what is lost without it): the same when the program is missing.
apt_install = $(call apt_install_unless,command -v $(1),$(2),$(3))

# Graphviz's `dot` draws the SVGs (macOS: brew install graphviz).
graphviz:
	$(call apt_install,dot,graphviz,SVG diagrams will be skipped)

# Headless Chromium renders report.html in tests/test_report_chromium.py (console errors fail
# it); without it that test skips.
chromium:
	$(call apt_install,chromium,chromium,the report's browser test will be skipped)

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

# dcc against a real NetBox 4.x (tests/netbox/run.py, docs/netbox.md): NetBox from PyPI in its
# own Python 3.12+ venv, PostgreSQL and Redis from Debian packages, all in a scratch folder on
# loopback ports and torn down at the end. NetBox's venv and its migrated database are cached in
# NETBOX_CACHE (cold: migrations take minutes; warm: a restore takes seconds). A cold run on a
# machine that already has the cache: make test-netbox NETBOX_CACHE=$$(mktemp -d)
NETBOX_CACHE ?= $(HOME)/.cache/dcdsl-netbox
test-netbox: $(STAMP)
	$(call apt_install_unless,ls /usr/lib/postgresql/*/bin/initdb,postgresql,make test-netbox cannot start PostgreSQL)
	$(call apt_install,redis-server,redis-server,make test-netbox cannot start Redis)
	$(BIN)/python -m pip install --quiet -e '.[netbox]'
	DCDSL_NETBOX_CACHE='$(NETBOX_CACHE)' $(BIN)/python tests/netbox/run.py

# The peers timed beside dcc (bench/peers.py): the `bench` extra, and RacksDB without its
# drawing libraries. A peer that cannot be installed is reported as such in the table.
RACKSDB ?= racksdb==0.7.0
bench-peers: $(STAMP)
	@$(BIN)/python -m pip install --quiet -e '.[bench]' \
	  || echo "warning: the bench extra did not install; its peers are reported as not installed"
	@$(BIN)/python -m pip install --quiet --no-deps '$(RACKSDB)' \
	  || echo "warning: RacksDB did not install; the table says so"

bench: bench-peers
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The long fuzz run (docs/security.md): FUZZ_CASES generated and damaged designs through
# `dcc check`, niced; failing cases land in build/fuzz/crashers/, the figures in build/fuzz/report.json.
FUZZ_CASES ?= 100000
FUZZ_JOBS  ?= 2
fuzz: $(STAMP)
	nice -n 19 $(BIN)/python -m tests.fuzz.run --cases $(FUZZ_CASES) --jobs $(FUZZ_JOBS) --out build/fuzz

# The generated JSON Schema of summary.json (tests/test_summary_schema.py fails when stale).
schemas: $(STAMP)
	$(BIN)/python -m dcdsl.emit.summary_schema > dcdsl/schemas/summary.schema.json

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
