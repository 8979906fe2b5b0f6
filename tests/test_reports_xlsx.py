"""The xlsx report (`--format xlsx=PATH`), read back with openpyxl, an independent reader of the format, and in
a slow test converted by LibreOffice headless, a real office program.

What is held: the sheets and their headers, a finding's row, the autofilter and the frozen header, the Rules and
Run sheets, hostile text (never a formula, no character XML forbids, cut to what a cell holds), many findings
(the row count, a second Findings sheet past a sheet's rows, flat memory), `pav check` and `pav report` as
processes, standard output refused, and a run that breaks off leaving nothing behind.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from tests.conftest import REPO, valid_record, with_footer, write_jsonl
from validator.config import Config
from validator.engine import Engine, RecordResult
from validator.escape import printable
from validator.findings import Finding, Location, Severity
from validator.reports import RunInfo, Summary
from validator.reports.xlsx import FINDINGS_HEADER, MAX_CELL, XlsxReporter, cut_to_cell
from validator.rules import CATALOG
from validator.sources import iter_source_items

SHEETS = ["Scorecard", "Findings", "Rules", "Run"]
# What makes an office program read a text as a formula (OWASP's list for CSV injection), as page text may hold.
FORMULAS = ('=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1,1)")


def rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(path)
    return [tuple(row) for row in workbook[sheet].iter_rows(values_only=True)]


def result(
    message: str = "message",
    *,
    rule: str = "F103",
    site: str = "www.sc.gov.cn",
    url: str | None = "https://www.sc.gov.cn/a.shtml",
    location: Location | None = None,
    path: str = "/footer/icp",
) -> RecordResult:
    location = location or Location("batch.jsonl", 3)
    finding = Finding(
        rule, CATALOG[rule].severity if rule in CATALOG else Severity.ERROR, message, path, None, location
    )
    return RecordResult(location, None, (finding,), True, url, site=site, profile="gov")


def render(path: Path, results: list[RecordResult] | Iterator[RecordResult], **options: Any) -> Summary:
    """Results through the reporter, as a run feeds it: each added, then finish with the summary."""
    summary = Summary()
    with path.open("wb") as handle:
        reporter = XlsxReporter(handle, RunInfo(), **options)
        for item in results:
            summary.add(item)
            reporter.add(item)
        reporter.finish(summary, 1)
    return summary


@pytest.fixture
def dirty(isolated: Path) -> Path:
    return write_jsonl(
        isolated / "dirty.jsonl",
        [with_footer(icp="川ICP备13001288号"), valid_record(title=""), "{broken"],
    )


# --- the workbook of a run -----------------------------------------------------------------------------------------


def test_a_run_writes_the_sheets_a_finding_row_and_filterable_columns(pav, dirty: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", "--format", "xlsx=report.xlsx", dirty.name)
    assert (run.code, run.out, run.err) == (1, "", "")
    workbook = openpyxl.load_workbook(isolated / "report.xlsx")
    assert workbook.sheetnames == SHEETS
    findings = workbook["Findings"]
    table = [tuple(row) for row in findings.iter_rows(values_only=True)]
    header = ("site", "page URL", "rule", "severity", "message", "location", "JSON pointer")
    assert table[0] == FINDINGS_HEADER == header
    assert [row[2] for row in table[1:]] == ["F103", "S005", "I002"]
    assert table[1] == (
        "www.sc.gov.cn",
        valid_record()["url"],
        "F103",
        "error",
        "'川' is not an ICP abbreviation: Sichuan files ICP numbers as 蜀ICP (e.g. 蜀ICP备13001288号)",
        "dirty.jsonl:1",
        "/footer/icp",
    )
    assert table[3][0] == "(unknown)" and table[3][5] == "dirty.jsonl:3"  # a broken line: no site, no URL
    assert table[3][1] is None  # an empty cell, not a text
    assert findings.auto_filter.ref == "A1:G4"
    assert findings.freeze_panes == "A2"
    assert findings.column_dimensions["E"].width > 80  # the message
    assert workbook["Rules"].freeze_panes == "A2" and workbook["Rules"].auto_filter.ref == f"A1:G{len(CATALOG) + 1}"


def test_the_rules_sheet_lists_the_catalog_with_counts_and_the_first_paragraph(
    pav, dirty: Path, isolated: Path
) -> None:  # type: ignore[no-untyped-def]
    pav("check", "--format", "xlsx=report.xlsx", dirty.name)
    table = rows(isolated / "report.xlsx", "Rules")
    assert table[0] == ("id", "name", "severity", "requirement", "title", "findings", "what it checks")
    assert [row[0] for row in table[1:]] == sorted(CATALOG)
    (f103,) = [row for row in table if row[0] == "F103"]
    assert f103 == (
        "F103",
        "icp-unknown-province",
        "error",
        "ICP number shown",
        CATALOG["F103"].title,
        1,
        "The ICP number starts with a character (or English name) that is not a filing province's.",
    )
    (i002,) = [row for row in table if row[0] == "I002"]
    assert i002[3] is None and i002[5] == 1  # a reader problem serves no requirement
    assert {row[0]: row[5] for row in table[1:]}["F101"] == 0


def test_the_scorecard_sheet_is_a_row_per_site_and_a_column_per_requirement(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    other = {"url": "https://www.gansu.gov.cn/a.shtml"}
    records = [
        with_footer(icp="川ICP备13001288号"),  # F103 (error) on one of the two pages of www.sc.gov.cn
        valid_record(id="two", url="https://www.sc.gov.cn/b.shtml"),
        with_footer(site_code=None) | other,  # no site code: a failure of another site
    ]
    write_jsonl(isolated / "sites.jsonl", records)
    run = pav("check", "--format", "xlsx=report.xlsx", "--format", "json=report.json", "sites.jsonl")
    assert run.code == 1, run.err
    workbook = openpyxl.load_workbook(isolated / "report.xlsx")
    sheet = workbook["Scorecard"]
    table = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    scorecard = json.loads((isolated / "report.json").read_text(encoding="utf-8"))["scorecard"]
    titles = tuple(item["title"] for item in scorecard["requirements"])
    assert table[0] == ("site", "pages", "profile", "requirements failed", "errors", "warnings", "info", *titles)
    assert titles[:2] == ("ICP number shown", "ICP number linked correctly")
    rows_by_site = {row[0]: row for row in table[1:] if row[1] is not None}
    assert list(rows_by_site) == [site["site"] for site in scorecard["sites"]]  # worst first, as the JSON report
    sc = rows_by_site["www.sc.gov.cn"]
    assert sc[1:7] == (2, "gov", 1, 1, 0, 0)
    assert sc[7] == "fail: 1 of 2 pages (50%) F103" and set(sc[8:]) == {"pass"}
    icp_cell = sheet.cell(1 + list(rows_by_site).index("www.sc.gov.cn") + 1, 8)
    assert icp_cell.fill.fgColor.rgb.endswith("FFC7CE")  # red: an error
    gansu = rows_by_site["www.gansu.gov.cn"]
    assert gansu[7 + titles.index("Website identification code")].startswith("fail: 1 of 1 page (100%) ")
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == f"A1:{get_column_letter(len(table[0]))}3"
    assert table[-1][0].startswith("pass: no page of the site fails the requirement")  # the legend, below


def test_the_run_sheet_states_the_verdict_and_a_partial_list(pav, dirty: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pav("check", "--format", "xlsx=report.xlsx", "--max-findings", "1", dirty.name)
    facts = dict(rows(isolated / "report.xlsx", "Run"))
    assert facts["findings listed"] == "PARTIAL: 1 of 3 findings listed (--max-findings 1)"
    assert facts["exit code"] == 1 and facts["records"] == 2 and facts["error findings"] == 3
    assert facts["summary"] == (
        "Found 3 findings (3 errors) in 2 of 2 records in 1 file, 1 non-record input. Profiles: gov 2. "
        "PARTIAL: only the first 1 are listed (--max-findings)."
    )
    assert len(rows(isolated / "report.xlsx", "Findings")) == 2  # the header and the one finding listed


def test_the_samples_as_a_process_and_re_rendered_from_the_saved_report(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-m", "validator", "check", "samples/", "--format", f"xlsx={tmp_path / 'out.xlsx'}"]
    command += ["--format", f"json={tmp_path / 'saved.json'}"]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")
    table = rows(tmp_path / "out.xlsx", "Findings")
    assert len(table) == 1 + 44  # the README's figure: 44 findings (7 of them crawl-level)
    batch = str(Path("samples", "records", "batch.jsonl"))
    (row,) = [row for row in table if row[5] == f"{batch}:18"]
    assert row[2:5] == (
        "F103",
        "error",
        "'川' is not an ICP abbreviation: Sichuan files ICP numbers as 蜀ICP (e.g. 蜀ICP备13001288号)",
    )
    again = [sys.executable, "-m", "validator", "report", str(tmp_path / "saved.json")]
    again += ["--format", f"xlsx={tmp_path / 'again.xlsx'}"]
    done = subprocess.run(again, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")
    for sheet in ("Findings", "Scorecard", "Rules"):  # the same rows from the saved report
        assert rows(tmp_path / "again.xlsx", sheet) == rows(tmp_path / "out.xlsx", sheet), sheet


def test_standard_output_is_refused_with_the_format_named(pav, dirty: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    for spec in ("xlsx", "xlsx=-", "XLSX="):
        run = pav("check", "--format", spec, dirty.name)
        assert run.code == 2 and run.out == ""
        assert run.err == (
            "pav: error: --format xlsx writes a binary file, not text for standard output: give its path, "
            "--format xlsx=PATH (e.g. xlsx=report.xlsx)\n"
        )
    assert sorted(p.name for p in isolated.iterdir()) == ["dirty.jsonl"]


def test_a_pipe_gets_the_workbook_written_in_place(pav, dirty: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    # A FIFO is written in place (renaming over it would replace it): the ZIP is then written without seeking.
    os.mkfifo(isolated / "pipe")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append((isolated / "pipe").read_bytes()))
    reader.start()
    assert pav("check", "--format", "xlsx=pipe", dirty.name).code == 1
    reader.join(timeout=60)
    (isolated / "from-pipe.xlsx").write_bytes(received[0])
    assert [row[2] for row in rows(isolated / "from-pipe.xlsx", "Findings")[1:]] == ["F103", "S005", "I002"]


def test_a_run_that_breaks_off_leaves_the_old_workbook_and_no_temporary(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_report_options import report_options_args
    from validator.commands import report_options

    spool = isolated / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))  # where XlsxWriter's sheets are spooled
    old = isolated / "report.xlsx"
    old.write_bytes(b"old workbook")
    records = write_jsonl(isolated / "a.jsonl", [valid_record(title="")])
    args = report_options_args(["xlsx=report.xlsx"])
    with pytest.raises(RuntimeError), report_options.open_session(args, Config()) as session:
        for item in Engine().check_items(iter_source_items([str(records)])):
            session.add(item)
        assert list(spool.iterdir())  # the sheets' spool, while the run goes on
        raise RuntimeError("the run broke before finishing")
    assert old.read_bytes() == b"old workbook"
    assert sorted(p.name for p in isolated.iterdir()) == ["a.jsonl", "report.xlsx", "tmp"]
    assert list(spool.iterdir()) == []  # the spool is gone too


def test_a_finished_run_leaves_no_spool(pav, dirty: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    spool = isolated / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    assert pav("check", "--format", "xlsx=r.xlsx", dirty.name).code == 1
    assert list(spool.iterdir()) == []
    assert zipfile.is_zipfile(isolated / "r.xlsx")


# --- hostile text ----------------------------------------------------------------------------------------------------


def test_text_that_would_be_a_formula_is_a_string_that_stays_one(tmp_path: Path) -> None:
    path = tmp_path / "hostile.xlsx"
    results = [result(text, site=text, url=text, location=Location(text, 1), path=f"/{text}") for text in FORMULAS]
    results.append(result("\tTAB\rCR"))
    results.append(result("12345", url="https://evil.example/x"))  # neither a number nor a link
    render(path, results)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Findings"]
    for row, text in enumerate(FORMULAS, start=2):
        for column in (1, 2, 5):  # site, page URL, message
            cell = sheet.cell(row, column)
            assert cell.value == text and cell.data_type == "s", (row, column, cell.value)
            assert cell.quotePrefix, (row, column)  # stays text when someone edits the cell
        assert sheet.cell(row, 6).value == f"{text}:1" and sheet.cell(row, 6).quotePrefix
        assert sheet.cell(row, 7).value == f"/{text}" and not sheet.cell(row, 7).quotePrefix  # starts with '/'
    tab = sheet.cell(len(FORMULAS) + 2, 5)
    assert tab.value == "\\tTAB\\rCR" and tab.data_type == "s"  # shown as escapes, as in every report for people
    number = sheet.cell(len(FORMULAS) + 3, 5)
    assert number.value == "12345" and number.data_type == "s" and not number.quotePrefix
    assert sheet.cell(len(FORMULAS) + 3, 2).hyperlink is None
    scorecard = workbook["Scorecard"]
    sites = {cell.value: cell for (cell,) in scorecard.iter_rows(min_row=2, max_col=1) if cell.value}
    for text in FORMULAS:  # the site column of the scorecard too
        assert sites[text].data_type == "s" and sites[text].quotePrefix, text
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            assert b"<f>" not in book.read(name) and b"<f " not in book.read(name), name  # no formula anywhere
        xml = book.read("xl/worksheets/sheet2.xml").decode("utf-8")
    assert xml.count('t="inlineStr"') == 7 * (1 + len(results))  # every cell a string


def test_control_characters_and_lone_surrogates_are_shown_as_escapes(tmp_path: Path) -> None:
    controls = "".join(chr(code) for code in range(0x20))
    message = f"a{controls}b \ud800 \udfff \ufffe \u202e x _x0000_ literal"
    path = tmp_path / "controls.xlsx"
    render(path, [result(message, site=f"site{controls}", location=Location("\udcff.html", 2))])
    (_, row) = rows(path, "Findings")
    # `_x0000_` is how the format itself escapes a character, so a literal one is stored escaped, `_x005F_x0000_`
    # (office programs read it back as `_x0000_`: the LibreOffice test below); openpyxl does not decode the
    # escapes of inline strings, so it shows the stored form.
    assert row[4] == printable(message).replace("_x0000_", "_x005F_x0000_")
    assert row[4].startswith("a\\x00\\x01\\x02") and "\\n" in row[4] and "\\ud800 \\udfff \\ufffe \\u202e" in row[4]
    assert row[0] == printable(f"site{controls}") and row[5] == "\\xff.html:2"


def test_a_text_longer_than_a_cell_holds_is_cut_with_a_marker(tmp_path: Path) -> None:
    long = "蜀" * 40_000
    astral = "\U0001f600" * 20_000  # two UTF-16 units each: 40,000 units
    exact = "x" * MAX_CELL
    path = tmp_path / "long.xlsx"
    render(path, [result(long), result(astral), result(exact)])
    (_, first, second, third) = rows(path, "Findings")
    assert len(first[4]) <= MAX_CELL and first[4].startswith("蜀" * 30_000)
    assert first[4].endswith(f"… [cut: {40_000 - first[4].index('…'):,} more characters]")
    units = len(second[4].encode("utf-16-le")) // 2
    assert units <= MAX_CELL and second[4].endswith(" more characters]") and second[4].startswith("\U0001f600" * 16_000)
    assert third[4] == exact  # exactly a cell's worth: kept whole
    assert cut_to_cell("short") == "short"


# --- many findings -------------------------------------------------------------------------------------------------


def many(count: int) -> Iterator[RecordResult]:
    for number in range(count):
        yield result(
            f"message {number} 页脚",
            site=f"site{number % 50}.gov.cn",
            url=f"https://site{number % 50}.gov.cn/{number}.html",
            location=Location(f"batch-{number % 7}.jsonl", number + 1),
        )


def test_many_findings_are_every_row_with_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    tracemalloc.start()
    try:
        render(path, many(2_000))
        _, small_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        render(path, many(20_000))
        _, large_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Ten times the findings, about the same peak: no finding is kept (a kept row would be ~1 KB: +18 MB).
    assert large_peak < small_peak + 2_000_000, (small_peak, large_peak)
    workbook = openpyxl.load_workbook(path, read_only=True)
    findings = workbook["Findings"]
    assert findings.max_row == 20_001
    (last,) = findings.iter_rows(min_row=20_001, values_only=True)
    assert last[4] == "message 19999 页脚"
    with zipfile.ZipFile(path) as book:
        assert '<autoFilter ref="A1:G20001"/>' in book.read("xl/worksheets/sheet2.xml").decode()


def test_past_a_sheets_rows_the_findings_go_on_in_a_second_sheet(tmp_path: Path) -> None:
    path = tmp_path / "rollover.xlsx"
    render(path, many(25), rows_per_sheet=11)  # 10 findings and the header a sheet
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Scorecard", "Findings", "Findings 2", "Findings 3", "Rules", "Run"]
    messages = [
        row[4]
        for name in ("Findings", "Findings 2", "Findings 3")
        for row in workbook[name].iter_rows(min_row=2, values_only=True)
    ]
    assert messages == [f"message {number} 页脚" for number in range(25)]
    assert [workbook[name].auto_filter.ref for name in ("Findings", "Findings 2", "Findings 3")] == [
        "A1:G11",
        "A1:G11",
        "A1:G6",
    ]
    assert workbook["Findings 3"].cell(1, 1).value == "site"  # each sheet has its header


# --- a real office program ------------------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
def test_libreoffice_reads_the_workbook_and_keeps_formulas_as_text(tmp_path: Path) -> None:
    assert SOFFICE, "LibreOffice is not installed (apt-get install libreoffice-calc-nogui; make test-slow does)"
    path = tmp_path / "report.xlsx"
    first = result("'川' is not an ICP abbreviation _x0041_ \x07")  # `_x0041_`: literal text, not an escape of A
    render(path, [first, *(result(text, site=text) for text in FORMULAS)])
    # CSV filter options: comma, double quote, UTF-8 (76), from line 1, ..., sheet -1: every sheet, each to
    # <name>-<sheet>.csv (LibreOffice 7.2 and later).
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",  # never the user's own profile
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{options}",
            "--outdir",
            str(tmp_path / "out"),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    produced = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert produced == [f"report-{name}.csv" for name in sorted(SHEETS)], (produced, done.stdout, done.stderr)
    with (tmp_path / "out" / "report-Findings.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == list(FINDINGS_HEADER)
    assert table[1] == [
        "www.sc.gov.cn",
        "https://www.sc.gov.cn/a.shtml",
        "F103",
        "error",
        "'川' is not an ICP abbreviation _x0041_ \\x07",
        "batch.jsonl:3",
        "/footer/icp",
    ]
    # Not evaluated: `+1+1` would read 2, `=HYPERLINK(...)` "x", had they become formulas.
    assert [row[4] for row in table[2:]] == list(FORMULAS)
    assert [row[0] for row in table[2:]] == list(FORMULAS)
    with (tmp_path / "out" / "report-Scorecard.csv").open(encoding="utf-8", newline="") as handle:
        scorecard = list(csv.reader(handle))
    assert scorecard[0][:3] == ["site", "pages", "profile"] and scorecard[0][7] == "ICP number shown"
    (sc,) = [row for row in scorecard if row[0] == "www.sc.gov.cn"]
    assert sc[1:3] == ["1", "gov"] and sc[7] == "fail: 1 of 1 page (100%) F103"
    with (tmp_path / "out" / "report-Rules.csv").open(encoding="utf-8", newline="") as handle:
        rules = list(csv.reader(handle))
    assert [row[0] for row in rules[1:]] == sorted(CATALOG)
