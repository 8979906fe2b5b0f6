"""The xlsx report: a workbook for inspectors, whose results travel as spreadsheets (`--format xlsx=PATH`).

    Scorecard   one row per site (worst first, `validator.reports.scorecard.build_scorecard`): pages, profile,
                requirements failed, findings by severity, then a column per requirement the run asks for:
                `pass`, `not asked`, or `fail: 4 of 10 pages (N%) F101` (the share, the rule to fix first),
                coloured by status and the worst rule's severity; a legend below the rows
    Findings    one row per finding: site, page URL, rule, severity, message, location, JSON pointer
                (autofilter on every column, header row frozen); past Excel's 1,048,576 rows: Findings 2, ...
    Rules       every rule of the catalog: id, name, severity, the requirement it serves, title, findings in
                this run, the first paragraph of its documentation
    Run         pav's version, profile, --fail-on, the counts, the exit code, and whether the list is partial

The writer is XlsxWriter in constant_memory mode (bench/xlsx_writers.py measured it beside openpyxl's write-only
mode: flat memory both, XlsxWriter the faster; the figures are in the README). Each worksheet keeps only its
current row in memory and spools the rows before it to its own temporary file; rows must come in order within a
sheet, but sheets are independent, and the tab order is the order sheets were added. So the Scorecard sheet is
added first and written in `finish` (the summary only exists then), Findings rows are written as results arrive,
and the workbook (a ZIP of the sheets' XML) is assembled into the report file by `close()` in `finish`. Nothing
is kept per finding.

Hostile text (a page's footer quoted in a message, a URL, a file name) is neutralised cell by cell:
- never a formula: every text is written with `write_string` (a string cell, `t="inlineStr"`), and the
  workbook's `strings_to_formulas`, `strings_to_urls` and `strings_to_numbers` are off. A text starting with
  `=`, `+`, `-`, `@`, TAB or CR (OWASP's list for CSV injection) also gets the cell style `quotePrefix`, which is
  what Excel stores for a cell typed as `'=...`: shown as typed, and it stays text when someone edits the cell;
- controls, bidirectional overrides, invisible characters and lone surrogates become visible escapes
  (`validator.escape.printable`, as in every report for people), so no character XML 1.0 forbids reaches the
  file and no text can reorder or hide what the inspector reads;
- a text longer than a cell holds (32,767 UTF-16 units) is cut, ending with `… [cut: N more characters]`.
- a literal `_x0007_` (the form in which the format itself escapes a character) is stored escaped by XlsxWriter
  (`_x005F_x0007_`), so an office program shows it as written, never as the control it would name.
The output is binary, so it is written to a file only (`registry.report_format(..., binary=True)`); like every
report file it is renamed into place only when the run finished (`outputs.AtomicOutput`).
"""

from __future__ import annotations

import tempfile
from typing import Any, BinaryIO

import xlsxwriter

from validator.engine import RecordResult
from validator.reports import SEVERITIES, RunInfo, Summary, limit_text, site_of
from validator.reports.escape import printable
from validator.reports.scorecard import Cell, build_scorecard
from validator.reports.text import summary_line
from validator.rules import CATALOG
from validator.rules.requirements import REQUIREMENTS

FINDINGS_HEADER = ("site", "page URL", "rule", "severity", "message", "location", "JSON pointer")
FINDINGS_WIDTHS = (28, 48, 8, 9, 90, 40, 24)  # characters; constant_memory mode cannot autofit
RULES_HEADER = ("id", "name", "severity", "requirement", "title", "findings", "what it checks")
RULES_WIDTHS = (8, 30, 9, 24, 60, 9, 100)
SCORECARD_HEADER = ("site", "pages", "profile", "requirements failed", "errors", "warnings", "info")
SCORECARD_WIDTHS = (28, 8, 8, 12, 8, 9, 8)  # then a column per requirement
REQUIREMENT_WIDTH = 24
SCORECARD_LEGEND = (
    "pass: no page of the site fails the requirement · fail: pages failing it (share) and the rule to fix first "
    "· not asked: the profile that judged the site's pages does not ask for it"
)

MAX_ROWS = 1_048_576  # rows of a worksheet (Excel 2007 and later), the header included
MAX_CELL = 32_767  # UTF-16 code units of a cell's text
# What makes an office program read a typed or imported text as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def cut_to_cell(text: str) -> str:
    """`text` if a cell holds it, else its start and `… [cut: N more characters]`, within MAX_CELL units."""
    if len(text) <= MAX_CELL // 2 or _utf16_len(text) <= MAX_CELL:  # most texts: no counting of astral characters
        return text
    room = MAX_CELL - 40  # the marker's room (ASCII and one ellipsis: a unit each)
    units = 0
    for position, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > room:
            return f"{text[:position]}… [cut: {len(text) - position:,} more characters]"
    return text  # (not reached: the text was longer than a cell)


def cell_text(value: object) -> str:
    """The text of a cell: printable (no control, bidirectional override or lone surrogate) and short enough."""
    return cut_to_cell(printable(str(value)))


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def scorecard_cell_text(cell: Cell) -> str:
    """`pass`, `not asked`, or `fail: 4 of 10 pages (N%) F101`: the share and the rule to fix first."""
    if cell.status == "fail":
        return f"fail: {cell.share_text()} {cell.worst_rule or ''}".rstrip()
    return "not asked" if cell.status == "not-asked" else "pass"


def cell_style(cell: Cell) -> str:
    """A scorecard cell's colour: its status, and for a failure the worst rule's severity."""
    return f"fail-{cell.severity or 'error'}" if cell.status == "fail" else cell.status


class XlsxReporter:
    """Findings streamed into a constant-memory workbook; the other sheets written at `finish`."""

    def __init__(self, out: BinaryIO, info: RunInfo, *, rows_per_sheet: int = MAX_ROWS) -> None:
        self.info = info
        self.rows_per_sheet = rows_per_sheet  # the header included (smaller in tests)
        # XlsxWriter spools each sheet to a temporary file; they all live here, and go with it even when the run
        # breaks off and `finish` never comes (TemporaryDirectory removes itself when collected or at exit).
        self.spool = tempfile.TemporaryDirectory(prefix="pav-xlsx-")
        self.workbook: Any = xlsxwriter.Workbook(
            out,
            {
                "constant_memory": True,
                "tmpdir": self.spool.name,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.workbook.set_properties({"title": "pav report", "creator": f"pav {info.tool_version}"})
        self.header_style = self.workbook.add_format({"bold": True, "bottom": 1, "bg_color": "#E7E6E6"})
        self.wrapped_header_style = self.workbook.add_format(
            {"bold": True, "bottom": 1, "bg_color": "#E7E6E6", "text_wrap": True, "valign": "top"}
        )
        self.text_style = self.workbook.add_format({"quote_prefix": True})
        self.cell_styles = {  # the scorecard's cells (their texts are pav's own: no formula guard needed)
            name: self.workbook.add_format({"bg_color": colour})
            for name, colour in (
                ("pass", "#C6EFCE"),
                ("fail-error", "#FFC7CE"),
                ("fail-warning", "#FFEB9C"),
                ("fail-info", "#DDEBF7"),
                ("not-asked", "#F2F2F2"),
            )
        }
        self.scorecard = self.workbook.add_worksheet("Scorecard")  # first tab, written in finish
        self.findings_sheets: list[Any] = []
        self.sheet: Any = None  # the Findings sheet being written
        self.row = 0  # its last row written
        self._next_findings_sheet()

    def _next_findings_sheet(self) -> None:
        if self.sheet is not None:
            self._close_findings_sheet()
        number = len(self.findings_sheets) + 1
        self.sheet = self.workbook.add_worksheet("Findings" if number == 1 else f"Findings {number}")
        self.findings_sheets.append(self.sheet)
        self._header(self.sheet, FINDINGS_HEADER, FINDINGS_WIDTHS)
        self.row = 0

    def _close_findings_sheet(self) -> None:
        self.sheet.autofilter(0, 0, self.row, len(FINDINGS_HEADER) - 1)

    def _header(self, sheet: Any, titles: tuple[str, ...], widths: tuple[int, ...], style: Any = None) -> None:
        for column, (title, width) in enumerate(zip(titles, widths, strict=True)):
            sheet.set_column(column, column, width)
            sheet.write_string(0, column, cell_text(title), style or self.header_style)
        sheet.freeze_panes(1, 0)

    def _text(self, sheet: Any, row: int, column: int, value: object) -> None:
        text = cell_text(value)
        if not text:
            return  # an empty cell (no URL, no pointer), not an empty text
        sheet.write_string(row, column, text, self.text_style if looks_like_formula(text) else None)

    def add(self, result: RecordResult) -> None:
        if not result.findings:
            return
        site = site_of(result)
        url = result.url or ""
        for finding in result.findings:
            if self.row == self.rows_per_sheet - 1:
                self._next_findings_sheet()
            self.row += 1
            values = (site, url, finding.rule, finding.severity, finding.message, finding.location, finding.path)
            for column, value in enumerate(values):
                self._text(self.sheet, self.row, column, value)

    def finish(self, summary: Summary, exit_code: int) -> None:
        self._close_findings_sheet()
        self._write_scorecard(summary)
        self._write_rules(summary)
        self._write_run(summary, exit_code)
        try:
            self.workbook.close()  # assembles the sheets into the report file
        finally:
            self.spool.cleanup()

    def discard(self) -> None:
        """The run broke off: no workbook is assembled; the sheets' temporary files are closed and removed."""
        for sheet in self.workbook.worksheets():
            sheet._opt_close()  # XlsxWriter's own step in close(): the sheet's row file (constant_memory)
        self.spool.cleanup()

    def _write_scorecard(self, summary: Summary) -> None:
        scorecard = build_scorecard(summary)
        sheet = self.scorecard
        titles = SCORECARD_HEADER + tuple(item.title for item in scorecard.requirements)
        widths = SCORECARD_WIDTHS + (REQUIREMENT_WIDTH,) * len(scorecard.requirements)
        sheet.set_row(0, 48)  # the requirements' titles, wrapped
        self._header(sheet, titles, widths, style=self.wrapped_header_style)
        sheet.freeze_panes(1, 1)  # the header and the site stay in view across a wide matrix
        row = 0
        for row, site in enumerate(scorecard.rows, start=1):
            counts = summary.by_site.get(site.site)
            self._text(sheet, row, 0, site.site)
            sheet.write_number(row, 1, site.pages)
            self._text(sheet, row, 2, site.profile)
            sheet.write_number(row, 3, site.failing)
            for column, severity in enumerate(SEVERITIES, start=4):
                sheet.write_number(row, column, counts.by_severity.get(severity, 0) if counts else 0)
            for column, cell in enumerate(site.cells, start=len(SCORECARD_HEADER)):
                sheet.write_string(
                    row, column, cell_text(scorecard_cell_text(cell)), self.cell_styles[cell_style(cell)]
                )
        sheet.autofilter(0, 0, row, len(titles) - 1)
        legend = row + 2  # below the filtered rows
        sheet.write_string(legend, 0, cell_text(SCORECARD_LEGEND))

    def _write_rules(self, summary: Summary) -> None:
        sheet = self.workbook.add_worksheet("Rules")
        self._header(sheet, RULES_HEADER, RULES_WIDTHS)
        row = 0
        for row, rule_id in enumerate(sorted(set(CATALOG) | set(summary.by_rule)), start=1):
            entry = CATALOG.get(rule_id)
            self._text(sheet, row, 0, rule_id)
            if entry is None:  # a saved report of another pav version
                self._text(sheet, row, 4, "(not in this version of pav's catalog)")
            else:
                self._text(sheet, row, 1, entry.name)
                self._text(sheet, row, 2, entry.severity)
                requirement = REQUIREMENTS.get(entry.requirement or "")
                self._text(sheet, row, 3, requirement.title if requirement else "")
                self._text(sheet, row, 4, entry.title)
                self._text(sheet, row, 6, entry.doc.split("\n\n", 1)[0].replace("\n", " "))
            sheet.write_number(row, 5, summary.by_rule.get(rule_id, 0))
        sheet.autofilter(0, 0, row, len(RULES_HEADER) - 1)

    def _write_run(self, summary: Summary, exit_code: int) -> None:
        sheet = self.workbook.add_worksheet("Run")
        sheet.set_column(0, 0, 26)
        sheet.set_column(1, 1, 100)
        listed = (
            f"PARTIAL: {summary.reported:,} of {summary.findings:,} findings listed ({limit_text(self.info)})"
            if summary.partial
            else "every finding"
        )
        facts: tuple[tuple[str, object], ...] = (
            ("summary", summary_line(summary)),
            ("findings listed", listed),
            ("exit code", exit_code),
            ("pav version", self.info.tool_version),
            ("profile", self.info.profile),
            ("records by profile", summary.profiles_text()),
            ("fail on", self.info.fail_on),
            ("records", summary.records),
            ("non-record inputs", summary.problems),
            ("files", summary.n_files),
            *((f"{name} findings", summary.by_severity.get(name, 0)) for name in SEVERITIES),
            ("suppressed by the baseline", summary.suppressed),
        )
        for row, (name, value) in enumerate(facts):
            sheet.write_string(row, 0, name, self.header_style)
            if isinstance(value, int):
                sheet.write_number(row, 1, value)
            else:
                self._text(sheet, row, 1, value)
