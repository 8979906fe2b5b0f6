"""The report formats are registered once (validator/reports/registry.py): every registered format writes a
report of a real run and re-renders a saved one, the CLI offers exactly the registry, the README's table is the
registry's, and the reports stage does not reach back into the commands."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from lxml import etree

from tests.conftest import REPO, valid_record, with_footer, write_jsonl
from validator.cli import build_parser
from validator.reports.outputs import OutputError, parse_formats
from validator.reports.registry import AUTO, FORMATS, format_choices, formats_markdown_table, report_format
from validator.resources import REPORT_SCHEMA, load_schema

README_BEGIN = "<!-- formats:begin -->"
README_END = "<!-- formats:end -->"


def _json(text: str) -> None:
    jsonschema.Draft202012Validator(load_schema(REPORT_SCHEMA)).validate(json.loads(text))


def _jsonl(text: str) -> None:
    assert [json.loads(line)["rule"] for line in text.splitlines()] == ["F101", "F201", "S005", "I002"]


def _junit(text: str) -> None:
    root = etree.fromstring(text.encode())
    assert root.tag == "testsuites" and root.get("failures") == "3"


def _sarif(text: str) -> None:
    log = json.loads(text)
    assert log["version"] == "2.1.0"
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["F101", "F201", "S005", "I002"]


def _text(text: str) -> None:
    assert text.endswith("1 non-record input. Profiles: gov 2.\n")
    assert ": error F101 " in text


def _github(text: str) -> None:
    assert "::error file=dirty.jsonl,line=1,title=F101::" in text


def _markdown(text: str) -> None:
    assert text.startswith("### ❌ pav: 4 errors, 0 warnings, 0 info\n")


def _html(text: str) -> None:
    assert text.startswith("<!DOCTYPE html>") and "F101" in text


def _xlsx(path: Path) -> None:
    workbook = openpyxl.load_workbook(path, read_only=True)
    rules = [row[2] for row in workbook["Findings"].iter_rows(min_row=2, values_only=True)]
    assert rules == ["F101", "F201", "S005", "I002"]


# What each format's report of the run below must be. A new format without an entry here fails the test below.
EXPECTED: dict[str, Callable[[str], None]] = {
    "text": _text,
    "json": _json,
    "jsonl": _jsonl,
    "junit": _junit,
    "sarif": _sarif,
    "github": _github,
    "markdown": _markdown,
    "html": _html,
}
# Binary formats (written to files only): what the report file must be.
EXPECTED_FILES: dict[str, Callable[[Path], None]] = {"xlsx": _xlsx}


@pytest.fixture
def dirty(isolated: Path) -> Path:
    return write_jsonl(
        isolated / "dirty.jsonl", [with_footer(icp=None, public_security=None), valid_record(title=""), "{broken"]
    )


def test_every_registered_format_has_its_expectation() -> None:
    assert list(EXPECTED) == [name for name, entry in FORMATS.items() if not entry.binary]
    assert list(EXPECTED_FILES) == [name for name, entry in FORMATS.items() if entry.binary]


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_registered_format_writes_a_report_of_a_real_run(pav, dirty: Path, isolated: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    extension = FORMATS[name].extension or name
    run = pav("check", "--format", f"{name}=report.{extension}", "--format", "json=saved.json", dirty.name)
    assert run.code == 1 and run.out == "" and run.err == ""
    if FORMATS[name].binary:
        EXPECTED_FILES[name](isolated / f"report.{extension}")
        # Re-rendered from the saved JSON report (`pav report`), to a file: standard output is refused.
        again = pav("report", "saved.json", "--format", f"{name}=again.{extension}")
        assert again.code == 1 and again.out == "", again.err
        EXPECTED_FILES[name](isolated / f"again.{extension}")
        refused = pav("report", "saved.json", "--format", name)
        assert refused.code == 2 and refused.out == "" and f"--format {name} writes a binary file" in refused.err
        return
    EXPECTED[name]((isolated / f"report.{extension}").read_text(encoding="utf-8"))
    # The same format re-rendered from the saved JSON report (`pav report`), to standard output.
    again = pav("report", "saved.json", "--format", name)
    assert again.code == 1, again.err
    if name not in ("text", "github", "junit"):  # these name the input files or list passing pages: not saved
        EXPECTED[name](again.out)
    else:
        assert "F101" in again.out


def test_the_cli_offers_exactly_the_registry(pav, dirty: Path) -> None:  # type: ignore[no-untyped-def]
    assert (AUTO, *FORMATS) == format_choices()
    run = pav("check", "--format", "pdf", dirty.name)
    assert run.code == 2
    assert run.err == f"pav: error: unknown format 'pdf' (choose from {', '.join(format_choices())})\n"
    parser = build_parser()
    for command in ("check", "report"):
        subparser = parser._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
        (action,) = [a for a in subparser._actions if a.dest == "format"]
        assert action.help is not None
        assert action.help.startswith(f"report format, repeatable: {', '.join(FORMATS)}, or auto ")
    for name, entry in FORMATS.items():
        second = f"{name.upper()}=s" if entry.binary else name.upper()  # a binary format is never on stdout
        assert [spec.name for spec in parse_formats([f"{name}=r", second], environ={})] == [name, name]
    with pytest.raises(OutputError):
        parse_formats(["pdf"], environ={})


def test_names_and_extensions_are_unique() -> None:
    extensions = [entry.extension for entry in FORMATS.values() if entry.extension]
    assert len(set(extensions)) == len(extensions)
    for name, entry in FORMATS.items():
        assert name == entry.name == name.lower() and entry.description, name
    with pytest.raises(RuntimeError, match="duplicate report format json"):
        report_format("json", "again")(FORMATS["json"].open)
    assert FORMATS["json"].description.startswith("settings")  # the first registration stands
    for bad in ("CSV", "csv=x", " "):  # a name --format could never select
        with pytest.raises(RuntimeError, match="must be lowercase"):
            report_format(bad, "unreachable")(FORMATS["json"].open)
    assert set(FORMATS) == set(format_choices()) - {AUTO}


def test_a_format_registered_later_is_offered_and_accepted() -> None:
    # --format's choices are read when parsed, not copied at import: a format added by a plugin is selectable.
    report_format("later", "a format registered after the CLI was imported")(FORMATS["json"].open)
    try:
        assert "later" in format_choices()
        assert [spec.name for spec in parse_formats(["later=r.out"], environ={})] == ["later"]
    finally:
        del FORMATS["later"]


def test_readme_table_is_the_registry() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(README_BEGIN) + len(README_BEGIN), readme.index(README_END)
    assert readme[start:end].strip() == formats_markdown_table()


def test_reports_and_packages_do_not_import_the_commands() -> None:
    # Data flows one way (sources -> records -> findings -> reports and packages -> commands): a sink that
    # imported the CLI layer would tie the stages to argparse and make import cycles possible.
    for folder in ("reports", "package"):
        for path in sorted((REPO / "validator" / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                for name in names:
                    assert not name.startswith(("validator.commands", "validator.cli")), (path.name, name)
