# Every install step lives here: CI runs `make test` on a clean checkout with only Python available.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EARK_VENV  := .venv-eark
EARK_STAMP := $(EARK_VENV)/.installed
EARK_VALIDATOR := eark-validator==1.1.3

.PHONY: install demo test test-slow lint bench fuzz clean i18n

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The samples hold defects on purpose: the demo succeeds when the check ran (exit 0 or 1), not when it is clean.
# Then the inspector's view (written to .demo/): the first sample crawl's scorecard as HTML and a spreadsheet, and the
# same site crawled a month later compared with it (two defects fixed, one remaining, one new).
demo: install
	@$(BIN)/pav check samples/; status=$$?; \
	if [ $$status -le 1 ]; then echo "demo: pav check ran (exit $$status; the samples hold defects on purpose)"; else exit $$status; fi
	@mkdir -p .demo
	$(BIN)/pav check samples/crawl/sichuan-gov.warc.gz --fail-on never --format text \
	  --format json=.demo/2023-11.json --format html=.demo/2023-11.html --format xlsx=.demo/2023-11.xlsx
	$(BIN)/pav check samples/recrawl/sichuan-gov-2023-12.warc.gz --fail-on never --format json=.demo/2023-12.json
	$(BIN)/pav report --compare .demo/2023-11.json .demo/2023-12.json --fail-on error
	@echo "demo: reports in .demo/ (2023-11.html: the site scorecard; 2023-11.xlsx: the spreadsheet)"

test: install
	$(BIN)/python -m pytest -q -m "not slow"

# Only the slow tests (.ci/run calls this after `make test`; pytest's "no tests ran" exit 5 is not a failure).
# The browser tests of the HTML report need Debian's chromium, and the xlsx report's test LibreOffice (Calc without
# a GUI; tests/test_reports_xlsx.py converts a workbook with `soffice --headless`): both installed here when missing.
# The E-ARK reference validator judges the packages (tests/test_package_eark.py). It pins lxml 5.1.0 while pav
# needs lxml 6, so it lives in a venv of its own and the tests run it as a subprocess (PAV_EARK_PYTHON).
test-slow: install $(EARK_STAMP)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
	@command -v soffice >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; }
	PAV_EARK_PYTHON=$(abspath $(EARK_VENV))/bin/python $(BIN)/python -m pytest -q -m slow; status=$$?; [ $$status -eq 5 ] && exit 0; exit $$status

$(EARK_STAMP):
	$(PYTHON) -m venv $(EARK_VENV)
	$(EARK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(EARK_VENV)/bin/python -m pip install --quiet '$(EARK_VALIDATOR)'
	touch $(EARK_STAMP)

lint: install
	$(BIN)/ruff check validator tests bench
	$(BIN)/ruff format --check validator tests bench
	$(BIN)/mypy validator

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# The page and record benchmarks, then `pav verify` on the E-ARK corpus beside eark-validator (its own venv, as in
# test-slow) and bagit-python's Bag.validate().
bench: install $(BENCH_STAMP) $(EARK_STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/verify_eark.py --eark-python $(abspath $(EARK_VENV))/bin/python

# Fuzz the readers and the package writer for FUZZ_SECONDS each: the properties of tests/test_properties.py
# as fuzz targets (html, text, warc, package; FUZZ_TARGETS picks some), coverage-guided with atheris when it is
# installed (`$(BIN)/pip install atheris`), else random inputs. A failure is saved in .hypothesis/ and replayed
# by the next local `make test`; keep it as an @example(...) regression test.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?=
fuzz: install
	$(BIN)/python -m tests.test_properties $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(VENV) $(EARK_VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# Reports in Chinese (issue 15): add the texts newly marked with _() to validator/locale/zh_CN/LC_MESSAGES/pav.po
# (untranslated), drop those no longer marked, and compile pav.mo (committed; tests/test_i18n.py checks both).
i18n: install
	$(BIN)/python -m tests.i18n_catalog
