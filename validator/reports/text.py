"""The default report: one line per finding (`file:line: severity RULE message [json-path]`), a summary.

A WARC record has no line to open: its location is its position in the file and the page's URL,
`crawl.warc.gz[7] (https://www.sc.gov.cn/a.shtml): warning F602 …`.

Colour (severity and rule id) only when asked for: the caller decides (a terminal, and NO_COLOR unset).
Every message goes through `printable`, so a hostile page cannot break a line or send terminal escapes.

The summary line is in the run's language (validator.i18n); a finding's line keeps its shape in every language
(`file:line: severity RULE message [path]`: the severity word and the rule id are what tools match), only the
message is translated.
"""

from __future__ import annotations

from typing import TextIO

from validator.engine import RecordResult
from validator.findings import Finding, Severity
from validator.i18n import _
from validator.reports import Summary, count_text, where_text
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
                line += _(" (redirected to {url})").format(url=printable(moved))
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


def summary_line(summary: Summary) -> str:
    files = count_text(summary.n_files, "file")
    records = count_text(summary.records, "record")
    unread = _(", {inputs}").format(inputs=count_text(summary.problems, "non-record input")) if summary.problems else ""
    if not summary.findings:
        line = _("No findings: {records} checked in {files}{unread}.").format(
            records=records, files=files, unread=unread
        )
    else:
        counts = _(", ").join(
            count_text(summary.by_severity[name], name)
            for name in ("error", "warning", "info")
            if summary.by_severity.get(name)
        )
        line = _("Found {findings} ({counts}) in {with_findings} of {records} in {files}{unread}.").format(
            findings=count_text(summary.findings, "finding"),
            counts=counts,
            with_findings=summary.records_with_findings,
            records=records,
            files=files,
            unread=unread,
        )
    if summary.by_profile:
        line += _(" Profiles: {profiles}.").format(profiles=printable(summary.profiles_text()))
    if summary.suppressed:
        line += _(" {count} more suppressed by the baseline.").format(count=summary.suppressed)
    if summary.partial:
        line += _(" PARTIAL: only the first {count} are listed (--max-findings).").format(count=summary.reported)
    return line
