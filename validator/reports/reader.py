"""Reading a saved JSON report back (`pav report`), streaming: a report of a million findings is never held.

The report is one JSON object whose `findings` array can be huge. `iter_report` walks the object with an
incremental decoder: every top-level value but `findings` is decoded whole (they are small), and the findings
are decoded one element at a time, from a buffer that holds a little more than one finding. Any layout
works (pav's own one-finding-per-line, a pretty-printed or minified copy, keys in any order).

`scan` reads the whole report once, checking every finding, and returns what the reporters need before the
findings (settings, summary, exit code); `iter_results` then streams the findings again, grouped back into
one `RecordResult` per record (consecutive findings of the same record).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from validator.engine import RecordResult
from validator.findings import Finding, Location, Severity
from validator.reports import NO_SITE, RunInfo, Summary
from validator.sources import SourceRecord

CHUNK = 1 << 16
FINDING_LIMIT = 1 << 22  # no finding is 4 MiB long: past that, a decoding error is real, not a short read
_WHITESPACE = " \t\n\r"


class ReportError(Exception):
    """The file is not a readable pav JSON report."""


class _Stream:
    """Incremental JSON values out of a text stream."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()
        self.consumed = 0  # characters dropped from the buffer's front, for error positions

    def _fill(self, size: int = CHUNK) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(size)
        if not chunk:
            self.eof = True
            return False
        if self.pos > CHUNK:
            self.consumed += self.pos
            self.buffer = self.buffer[self.pos :]
            self.pos = 0
        self.buffer += chunk
        return True

    def where(self) -> str:
        return f"character {self.consumed + self.pos + 1}"

    def peek(self) -> str:
        """The next non-blank character, not consumed ('' at the end)."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise ReportError(f"expected {char!r} at {self.where()}, found {found or 'the end of the file'!r}")
        self.pos += 1

    def value(self, limit: int | None = None) -> Any:
        """The next JSON value. Reads on while the value is incomplete, doubling what it reads so a large value
        is decoded a few times, not once per chunk; `limit` bounds the size of a value (a malformed one would
        otherwise be read to the end of the file before the error shows)."""
        self.peek()
        size = CHUNK
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if (limit is None or len(self.buffer) - self.pos <= limit) and self._fill(size):
                    size *= 2
                    continue
                raise ReportError(f"invalid JSON at {self.where()}: {error.msg}") from None
            # A number or literal that ends at the buffer's end may go on in the next chunk.
            if end == len(self.buffer) and self._fill(size):
                continue
            self.pos = end
            return value


def iter_report(handle: TextIO) -> Iterator[tuple[str, Any]]:
    """(key, value) for each member of the report object; for `findings`, ("finding", element) per element."""
    stream = _Stream(handle)
    first = stream.peek()
    if first != "{":
        raise ReportError(not_a_report(first))
    stream.expect("{")
    if stream.peek() == "}":
        stream.pos += 1
        return
    while True:
        key = stream.value()
        if not isinstance(key, str):
            raise ReportError(f"expected a member name at {stream.where()}")
        stream.expect(":")
        if key == "findings" and stream.peek() == "[":
            stream.pos += 1
            if stream.peek() == "]":
                stream.pos += 1
            else:
                while True:
                    yield "finding", stream.value(FINDING_LIMIT)
                    separator = stream.peek()
                    stream.pos += 1
                    if separator == "]":
                        break
                    if separator != ",":
                        raise ReportError(f"expected ',' or ']' in findings at {stream.where()}")
            yield "findings", None
        else:
            yield key, stream.value()
        separator = stream.peek()
        stream.pos += 1
        if separator == "}":
            break
        if separator != ",":
            raise ReportError(f"expected ',' or '}}' at {stream.where()}")
    if stream.peek():
        raise ReportError(f"unexpected data after the report at {stream.where()}")


def not_a_report(first: str) -> str:
    """Why a file that does not start with '{' is no JSON report, and what it looks like instead."""
    wanted = "not a pav JSON report (pav report re-renders what `pav check --format json=FILE` writes)"
    if not first:
        return f"{wanted}: the file is empty"
    if first == "<":
        return f"{wanted}: this looks like HTML or XML; to check a page, run `pav check` on it"
    if first == "[":
        return f"{wanted}: this is a JSON array; to check records, run `pav check` on them"
    return f"{wanted}: it starts with {first!r}, where a JSON report starts with '{{'"


@dataclass(frozen=True)
class SavedReport:
    info: RunInfo
    summary: Summary
    exit_code: int
    findings: int


def parse_finding(item: Any, number: int) -> tuple[Finding, str | None, str, str]:
    """A finding of the report (the `number`th, for errors), its page URL, site and the profile that judged its
    record; ReportError when it is malformed."""
    try:
        location = item["location"]
        finding = Finding(
            item["rule"],
            Severity.parse(item["severity"]),
            item["message"],
            item.get("path", ""),
            item.get("record_id"),
            Location(location["file"], location.get("line"), location.get("index")),
            _fingerprint(item.get("fingerprint")),
        )
    except (TypeError, KeyError, AttributeError, ValueError) as error:
        raise ReportError(f"finding {number} is malformed ({type(error).__name__}: {error})") from None
    for name, value in (("rule", finding.rule), ("message", finding.message), ("path", finding.path)):
        if not isinstance(value, str):
            raise ReportError(f"finding {number}: {name} must be a string")
    url, site, profile = item.get("url"), item.get("site"), item.get("profile")
    return (
        finding,
        url if isinstance(url, str) else None,
        site if isinstance(site, str) else NO_SITE,
        profile if isinstance(profile, str) else "",
    )


def _fingerprint(value: Any) -> str:
    """The saved fingerprint, kept when the report is re-rendered ("" when absent: then it is recomputed)."""
    return value if isinstance(value, str) and len(value) == 32 else ""


def scan(handle: TextIO) -> SavedReport:
    """Read a whole report, checking every finding; keep everything but the findings."""
    head: dict[str, Any] = {}
    count = 0
    for key, value in iter_report(handle):
        if key == "finding":
            count += 1
            parse_finding(value, count)
        elif key != "findings":
            head[key] = value
    return saved_report(head, count)


def saved_report(head: dict[str, Any], count: int) -> SavedReport:
    """The settings, summary and exit code of a report from its members other than `findings`, checked."""
    if head.get("report_format") != 1 or not isinstance(head.get("tool"), dict) or head["tool"].get("name") != "pav":
        raise ReportError("not a pav JSON report (expected report_format 1 and tool pav)")
    summary = head.get("summary")
    if not isinstance(summary, dict):
        raise ReportError("the report has no summary (was it cut short?)")
    try:
        parsed = Summary.from_dict(summary)
    except (TypeError, ValueError, AttributeError) as error:
        raise ReportError(f"the report's summary is malformed: {error}") from None
    exit_code = head.get("exit_code")
    if exit_code not in (0, 1):
        raise ReportError("the report has no exit_code 0 or 1")
    info = RunInfo(
        profile=str(head.get("profile", "auto")),
        fail_on=str(head.get("fail_on", "error")),
        tool_version=str(head["tool"].get("version", "?")),
    )
    return SavedReport(info, parsed, exit_code, count)


def iter_results(handle: TextIO) -> Iterator[RecordResult]:
    """The report's findings as results, one per record (consecutive findings of one record and place)."""
    group: list[Finding] = []
    group_key: tuple[Any, ...] | None = None
    site = NO_SITE
    url: str | None = None
    profile = ""
    number = 0
    for key, value in iter_report(handle):
        if key != "finding":
            continue
        number += 1
        finding, finding_url, finding_site, finding_profile = parse_finding(value, number)
        current = (finding.location, finding.record_id, finding_url, finding_site, finding_profile)
        if current != group_key and group:
            yield _result(group, url, site, profile)
            group = []
        group_key, url, site, profile = current, finding_url, finding_site, finding_profile
        group.append(finding)
    if group:
        yield _result(group, url, site, profile)


def _result(findings: list[Finding], url: str | None, site: str, profile: str = "") -> RecordResult:
    first = findings[0]
    is_record = not all(finding.rule.startswith("I") for finding in findings)
    # Reporters find the site from the URL's host, else footer.site_code: give them a record that says it.
    source = None
    if site != NO_SITE:
        source = SourceRecord({"footer": {"site_code": site}}, first.location)
    return RecordResult(first.location, first.record_id, tuple(findings), is_record, url, source, "", profile)
