"""JSON Lines: one finding per line, the same object as in the JSON report, written as it is found.

Nothing else is written (no header, no summary line), so every line is a finding and `jq`, `grep` and log
shippers can consume the stream as it grows. The summary and a partial run are told on stderr/other formats.
"""

from __future__ import annotations

from typing import TextIO

from validator.engine import RecordResult
from validator.reports import Summary, site_of
from validator.reports.json_report import dumps, finding_dict


class JsonLinesReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def add(self, result: RecordResult) -> None:
        if not result.findings:
            return
        site = site_of(result)
        for finding in result.findings:
            self.stream.write(dumps(finding_dict(finding, result, site)) + "\n")

    def finish(self, summary: Summary, exit_code: int) -> None:
        self.stream.flush()
