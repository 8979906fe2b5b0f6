"""The default report: one line per finding (`file:line: severity RULE message [json-path]`), a summary."""

from __future__ import annotations

from typing import TextIO

from validator.engine import RecordResult
from validator.reports import Summary


class TextReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def add(self, result: RecordResult) -> None:
        for finding in result.findings:
            pointer = f" [{finding.path}]" if finding.path else ""
            self.stream.write(f"{finding.location}: {finding.severity} {finding.rule} {finding.message}{pointer}\n")

    def finish(self, summary: Summary, exit_code: int) -> None:
        self.stream.write(summary_line(summary) + "\n")
        self.stream.flush()


def summary_line(summary: Summary) -> str:
    files = f"{len(summary.files)} file{'s' if len(summary.files) != 1 else ''}"
    records = f"{summary.records} record{'s' if summary.records != 1 else ''}"
    unread = f", {summary.problems} unreadable input{'s' if summary.problems != 1 else ''}" if summary.problems else ""
    if not summary.findings:
        return f"No findings: {records} checked in {files}{unread}."
    counts = ", ".join(
        f"{summary.by_severity[name]} {name}{'s' if summary.by_severity[name] != 1 and name != 'info' else ''}"
        for name in ("error", "warning", "info")
        if summary.by_severity.get(name)
    )
    return (
        f"Found {summary.findings} finding{'s' if summary.findings != 1 else ''} ({counts}) in "
        f"{summary.records_with_findings} of {records} in {files}{unread}."
    )
