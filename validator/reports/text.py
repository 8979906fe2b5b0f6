"""The default report: one line per finding (`file:line: severity RULE message [json-path]`), a summary.

A WARC record has no line to open: its location is its position in the file and the page's URL,
`crawl.warc.gz[7] (https://www.sc.gov.cn/a.shtml): warning F602 …`.

Colour (severity and rule id) only when asked for: the caller decides (a terminal, and NO_COLOR unset).
Every message goes through `printable`, so a hostile page cannot break a line or send terminal escapes.
"""

from __future__ import annotations

from typing import TextIO

from validator.engine import RecordResult
from validator.findings import Finding, Severity
from validator.reports import Summary, where_text
from validator.reports.escape import printable
from validator.sources import is_url

_RESET = "\x1b[0m"
_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_BOLD, _DIM = "\x1b[1m", "\x1b[2m"


class TextReporter:
    def __init__(self, stream: TextIO, colour: bool = False) -> None:
        self.stream = stream
        self.colour = colour

    def add(self, result: RecordResult) -> None:
        # A live page fetched from another URL than the one asked for (redirects): both are shown.
        moved = redirected_to(result)
        for finding in result.findings:
            line = finding_line(finding, self.colour, result.url)
            if moved is not None and finding.location.file == result.location.file:
                line += f" (redirected to {printable(moved)})"
            self.stream.write(line + "\n")

    def finish(self, summary: Summary, exit_code: int) -> None:
        self.stream.write(summary_line(summary) + "\n")
        self.stream.flush()


def redirected_to(result: RecordResult) -> str | None:
    """The final URL of a live page when it differs from the URL asked for (the location), else None."""
    asked = result.location.file
    if result.is_record and result.url and result.url != asked and is_url(asked):
        return result.url
    return None


def finding_line(finding: Finding, colour: bool = False, url: str | None = None) -> str:
    """`file:line: severity RULE message [pointer]`; a WARC record's location carries its page URL (`where_text`)."""
    location = printable(where_text(finding, url))
    message = printable(finding.message)
    pointer = f" [{printable(finding.path)}]" if finding.path else ""
    rule = printable(finding.rule)  # a saved JSON report (`pav report`) may hold any text there
    if not colour:
        return f"{location}: {finding.severity} {rule} {message}{pointer}"
    severity = f"{_COLOURS[finding.severity]}{finding.severity}{_RESET}"
    pointer = f"{_DIM}{pointer}{_RESET}" if pointer else ""
    return f"{location}: {severity} {_BOLD}{rule}{_RESET} {message}{pointer}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 and word != 'info' else ''}"


def summary_line(summary: Summary) -> str:
    files = _plural(summary.n_files, "file")
    records = _plural(summary.records, "record")
    unread = f", {_plural(summary.problems, 'non-record input')}" if summary.problems else ""
    if not summary.findings:
        line = f"No findings: {records} checked in {files}{unread}."
    else:
        counts = ", ".join(
            _plural(summary.by_severity[name], name)
            for name in ("error", "warning", "info")
            if summary.by_severity.get(name)
        )
        line = (
            f"Found {_plural(summary.findings, 'finding')} ({counts}) in "
            f"{summary.records_with_findings} of {records} in {files}{unread}."
        )
    if summary.by_profile:
        line += f" Profiles: {printable(summary.profiles_text())}."
    if summary.suppressed:
        line += f" {summary.suppressed} more suppressed by the baseline."
    if summary.partial:
        line += f" PARTIAL: only the first {summary.reported} are listed (--max-findings)."
    return line
