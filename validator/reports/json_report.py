"""The JSON report (schemas/pav-report.schema.json): tool, settings, every finding, the summary, the site scorecard.

Findings are written as they arrive, one per line, and the summary last, so a report of millions of
findings streams (and `pav report` reads it back the same way).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from validator.engine import RecordResult
from validator.findings import Finding
from validator.fingerprints import fingerprint_of
from validator.reports import RunInfo, Summary, site_of
from validator.reports.escape import encodable

REPORT_FORMAT_VERSION = 1


def finding_dict(finding: Finding, result: RecordResult, site: str) -> dict[str, Any]:
    """A finding as the JSON and JSON Lines reports write it."""
    item = finding.to_dict()
    item["url"] = result.url
    item["site"] = site
    item["fingerprint"] = fingerprint_of(finding, result.url)
    if result.profile:
        item["profile"] = result.profile
    return item


def dumps(value: Any) -> str:
    """Compact JSON, CJK kept readable, lone surrogates written as their JSON escapes."""
    return encodable(json.dumps(value, ensure_ascii=False))


class JsonReporter:
    def __init__(self, stream: TextIO, info: RunInfo) -> None:
        self.stream = stream
        self.first = True
        head = {
            "report_format": REPORT_FORMAT_VERSION,
            "tool": {"name": "pav", "version": info.tool_version},
            "profile": info.profile,
            "fail_on": info.fail_on,
        }
        self.stream.write(dumps(head)[:-1] + ', "findings": [')

    def add(self, result: RecordResult) -> None:
        if not result.findings:
            return
        site = site_of(result)
        for finding in result.findings:
            self.stream.write(("\n  " if self.first else ",\n  ") + dumps(finding_dict(finding, result, site)))
            self.first = False

    def finish(self, summary: Summary, exit_code: int) -> None:
        from validator.reports.scorecard import build_scorecard

        tail = dumps(summary.to_dict())
        scorecard = dumps(build_scorecard(summary).to_dict())
        self.stream.write(
            f'{"" if self.first else chr(10)}],\n"summary": {tail},\n"scorecard": {scorecard},\n'
            f'"partial": {dumps(summary.partial)},\n"exit_code": {exit_code}}}\n'
        )
        self.stream.flush()
