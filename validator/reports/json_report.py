"""The JSON report (schemas/pav-report.schema.json): tool, settings, every finding, then the summary.

Findings are written as they arrive and the summary last, so a report of millions of findings streams.
"""

from __future__ import annotations

import json
from typing import TextIO

from validator import __version__
from validator.engine import RecordResult
from validator.reports import Summary

REPORT_FORMAT_VERSION = 1


class JsonReporter:
    def __init__(self, stream: TextIO, profile: str, fail_on: str) -> None:
        self.stream = stream
        self.first = True
        head = {
            "report_format": REPORT_FORMAT_VERSION,
            "tool": {"name": "pav", "version": __version__},
            "profile": profile,
            "fail_on": fail_on,
        }
        self.stream.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "findings": [')

    def add(self, result: RecordResult) -> None:
        for finding in result.findings:
            self.stream.write(("\n  " if self.first else ",\n  ") + json.dumps(finding.to_dict(), ensure_ascii=False))
            self.first = False

    def finish(self, summary: Summary, exit_code: int) -> None:
        tail = json.dumps(summary.to_dict(), ensure_ascii=False)
        self.stream.write(f'{"" if self.first else chr(10)}],\n"summary": {tail},\n"exit_code": {exit_code}}}\n')
        self.stream.flush()
