"""Start-up: what a plain `pav check` run never needs is never imported (README, Performance: start-up).

Each run is a fresh interpreter that runs `pav check` on one input and lists `sys.modules`: a module imported at
the top of a module on the run's path, instead of in the function that needs it, shows up here by name.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, valid_record

# Loaded by no plain run of one record or one page: other commands, other inputs, other report formats, the
# TOML parser without a configuration file, and langcodes for a page that declares a common language tag.
NEVER_NEEDED = (
    "difflib",  # suggestions for a misspelt rule
    "tomllib",  # a configuration file (there is none here)
    "langcodes",  # language tags outside validator.sources.html.language.COMMON_TAGS
    "pydantic",  # the typed record model: rules read the record view
    "jsonschema",  # the reference schema validator (jsonschema-rs checks records)
    "warcio",
    "validator.api",
    "validator.record",
    "validator.distributed",
    "validator.package",
    "validator.sources.live",
    "validator.sources.warc",
    "validator.sources.text",
    "validator.reports.reader",
    "validator.reports.html",
    "validator.reports.junit",
    "validator.reports.sarif",
    "validator.reports.json",
    "validator.reports.markdown",
    "validator.reports.github",
    "validator.reports.xlsx",
    "xlsxwriter",
    "validator.rules.docs",
)
# Not needed by a run of one file read whole (a page, a JSON file): the worker pool (multiprocessing imports
# tempfile), and tempfile for report files (none here: text on standard output).
POOL = (
    "validator.parallel",
    "validator.wire",
    "multiprocessing",
    "concurrent.futures.process",
    "pickle",
    "logging",
    "tempfile",
)
# Not needed by a record run: the page readers.
PAGE_READING = ("lxml", "validator.sources.html", "validator.sources.pages", "validator.sources.encoding")

_LIST_MODULES = """
import contextlib, io, json, sys
from validator.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_of_run(folder: Path, *args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LIST_MODULES, "check", *args], cwd=folder, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    assert result["code"] in (0, 1), done.stderr
    return set(result["modules"])


def _imported(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if name in modules or any(m.startswith(name + ".") for m in modules))


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    record = json.dumps(valid_record(), ensure_ascii=False)
    (tmp_path / "x.jsonl").write_text(record + "\n" + record + "\n", encoding="utf-8")
    (tmp_path / "one.json").write_text(record, encoding="utf-8")
    (tmp_path / "page.html").write_bytes((SAMPLES / "pages" / "sichuan-expo-zh.html").read_bytes())
    return tmp_path


def test_a_json_lines_run_imports_nothing_it_never_needs(inputs: Path) -> None:
    modules = _modules_of_run(inputs, "x.jsonl")
    assert "validator.engine" in modules  # (the run did check)
    assert _imported(modules, NEVER_NEEDED + PAGE_READING) == []


def test_a_small_json_lines_run_does_not_load_the_worker_pool(inputs: Path) -> None:
    modules = _modules_of_run(inputs, "x.jsonl")
    assert (
        _imported(modules, tuple(name for name in POOL if name not in ("validator.parallel", "validator.wire"))) == []
    )


def test_a_json_file_run_imports_nothing_it_never_needs(inputs: Path) -> None:
    modules = _modules_of_run(inputs, "one.json")
    assert "validator.engine" in modules
    assert _imported(modules, NEVER_NEEDED + POOL + PAGE_READING) == []


def test_a_page_run_imports_nothing_it_never_needs(inputs: Path) -> None:
    modules = _modules_of_run(inputs, "page.html")
    assert "validator.sources.html" in modules  # (the page was read)
    assert _imported(modules, NEVER_NEEDED + POOL) == []
