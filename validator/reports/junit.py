"""JUnit XML: one testcase per page, for the test-report views of GitLab, Jenkins and GitHub actions.

    <testsuites name="pav" tests=.. failures=..>
      <testsuite name="pav" package="pav" id="0" tests=.. failures=.. errors="0" skipped="0" time=..
                 timestamp=.. hostname=..>
        <properties> profile, fail-on, pav version, counts </properties>
        <testcase name="PAGE URL or file:line" classname="SITE" file="FILE" time="0">
          <failure type="F101" message="F101 icp-missing: ... (and 2 more)">every finding, one per line</failure>
        </testcase>
        <system-out>the summary line</system-out><system-err/>
      </testsuite>
    </testsuites>

A page fails when it has a finding at or above --fail-on (the exit code's rule): the failure's type is the
worst finding's rule id and its body lists every finding of the page. Findings below --fail-on are listed in
the testcase's <system-out> and the page passes. Every text is made one line (controls shown as escapes).
One <failure> per testcase: the strictest consumers (the Ant schema) allow no more. Testcases are spooled to
a temporary file, since the counts come first.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
from datetime import datetime
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from validator.engine import RecordResult
from validator.findings import Finding, Severity
from validator.i18n import _
from validator.reports import RunInfo, Summary, site_of, worst_first
from validator.reports.escape import printable, xml_text
from validator.reports.text import summary_line
from validator.rules import CATALOG


def _attr(value: object) -> str:
    """A one-line attribute value: controls shown as escapes (`printable`), the rest quoted for XML."""
    return quoteattr(xml_text(printable(str(value))))


def _text(value: str) -> str:
    return escape(xml_text(value))


def _line(finding: Finding) -> str:
    pointer = f" {printable(finding.path)}" if finding.path else ""
    return f"{finding.severity} {printable(finding.rule)}{pointer}: {printable(finding.message)}"


def testcase_name(result: RecordResult) -> str:
    """The page's URL, else where it was read (`file:line`, `file[index]`)."""
    return result.url or str(result.location)


class JUnitReporter:
    lists_passing = True  # a test case per record, passing ones included

    def __init__(self, stream: TextIO, info: RunInfo) -> None:
        self.stream = stream
        self.info = info
        self.threshold = None if info.fail_on == "never" else Severity.parse(info.fail_on)
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in finish
        self.tests = 0
        self.failures = 0
        self.started = datetime.now()

    def add(self, result: RecordResult) -> None:
        self.tests += 1
        attributes = f"name={_attr(testcase_name(result))} classname={_attr(site_of(result))}"
        if result.location.file != "-":
            attributes += f" file={_attr(result.location.file)}"
        if result.location.line is not None:
            attributes += f' line="{result.location.line}"'
        findings = worst_first(result.findings)
        failing = [f for f in findings if self.threshold is not None and f.severity >= self.threshold]
        passing = findings[len(failing) :]
        if not findings:
            self.spool.write(f'    <testcase {attributes} time="0"/>\n')
            return
        self.spool.write(f'    <testcase {attributes} time="0">\n')
        if failing:
            self.failures += 1
            worst = failing[0]
            entry = CATALOG.get(worst.rule)
            label = f"{worst.rule} {entry.name}" if entry else worst.rule
            message = f"{label}: {worst.message}"
            if len(findings) > 1:
                message += _(" (and {count} more)").format(count=len(findings) - 1)
            body = "\n".join(_line(finding) for finding in findings)
            self.spool.write(
                f"      <failure type={_attr(worst.rule)} message={_attr(message)}>{_text(body)}</failure>\n"
            )
        else:
            body = "\n".join(_line(finding) for finding in passing)
            self.spool.write(f"      <system-out>{_text(body)}</system-out>\n")
        self.spool.write("    </testcase>\n")

    def finish(self, summary: Summary, exit_code: int) -> None:
        elapsed = f"{(datetime.now() - self.started).total_seconds():.3f}"
        counts = f'tests="{self.tests}" failures="{self.failures}" errors="0" skipped="0" time="{elapsed}"'
        properties = {
            "pav.version": self.info.tool_version,
            "profile": self.info.profile,
            "records-by-profile": summary.profiles_text(),
            "fail-on": self.info.fail_on,
            "records": summary.records,
            "non-record-inputs": summary.problems,
            "findings": summary.findings,
            "errors": summary.by_severity.get("error", 0),
            "warnings": summary.by_severity.get("warning", 0),
            "info": summary.by_severity.get("info", 0),
            "suppressed-by-baseline": summary.suppressed,
            "partial": str(summary.partial).lower(),
            "exit-code": exit_code,
        }
        write = self.stream.write
        write('<?xml version="1.0" encoding="UTF-8"?>\n')
        write(f'<testsuites name="pav" {counts}>\n')
        write(
            f'  <testsuite name="pav" package="pav" id="0" {counts} '
            f"timestamp={_attr(self.started.strftime('%Y-%m-%dT%H:%M:%S'))} hostname={_attr(_hostname())}>\n"
        )
        write("    <properties>\n")
        for name, value in properties.items():
            write(f"      <property name={_attr(name)} value={_attr(value)}/>\n")
        write("    </properties>\n")
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.stream)
        self.spool.close()
        write(f"    <system-out>{_text(summary_line(summary))}</system-out>\n")
        write("    <system-err/>\n  </testsuite>\n</testsuites>\n")
        self.stream.flush()


def _hostname() -> str:
    try:
        return socket.gethostname() or "localhost"
    except OSError:
        return "localhost"
