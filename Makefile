# Every install step lives here: CI runs `make test` on a clean checkout with only Python available.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-slow lint bench fuzz clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The samples hold defects on purpose: the demo succeeds when the check ran (exit 0 or 1), not when it is clean.
demo: install
	@$(BIN)/pav check samples/; status=$$?; \
	if [ $$status -le 1 ]; then echo "demo: pav check ran (exit $$status; the samples hold defects on purpose)"; exit 0; fi; \
	exit $$status

test: install
	$(BIN)/python -m pytest -q -m "not slow"

# Only the slow tests (.ci/run calls this after `make test`; pytest's "no tests ran" exit 5 is not a failure).
# The browser tests of the HTML report need Debian's chromium (installed here when missing).
test-slow: install
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
	$(BIN)/python -m pytest -q -m slow; status=$$?; [ $$status -eq 5 ] && exit 0; exit $$status

lint: install
	$(BIN)/ruff check validator tests bench
	$(BIN)/ruff format --check validator tests bench
	$(BIN)/mypy validator

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: install $(BENCH_STAMP)
	$(BIN)/python bench/run.py

# Fuzz the readers and the package writer for FUZZ_SECONDS each: the properties of tests/test_properties.py
# as fuzz targets (html, text, warc, package; FUZZ_TARGETS picks some), coverage-guided with atheris when it is
# installed (`$(BIN)/pip install atheris`), else random inputs. A failure is saved in .hypothesis/ and replayed
# by the next local `make test`; keep it as an @example(...) regression test.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?=
fuzz: install
	$(BIN)/python -m tests.test_properties $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
