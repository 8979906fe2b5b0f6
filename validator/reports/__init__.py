"""Sink stage: shape results for their readers. Every reporter sees results one at a time (streaming)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from validator.engine import RecordResult
from validator.findings import Severity


@dataclass
class Summary:
    """Counts over a run. `merge` is associative, so partial summaries (per worker, per partition) add up."""

    records: int = 0  # records checked
    problems: int = 0  # inputs that could not become a record (broken line, empty file)
    records_with_findings: int = 0
    files: set[str] = field(default_factory=set)
    by_severity: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)

    def add(self, result: RecordResult) -> None:
        self.files.add(result.location.file)
        if result.is_record:
            self.records += 1
            if result.findings:
                self.records_with_findings += 1
        else:
            self.problems += 1
        for finding in result.findings:
            self.by_severity[str(finding.severity)] += 1
            self.by_rule[finding.rule] += 1

    def merge(self, other: Summary) -> Summary:
        return Summary(
            self.records + other.records,
            self.problems + other.problems,
            self.records_with_findings + other.records_with_findings,
            self.files | other.files,
            self.by_severity + other.by_severity,
            self.by_rule + other.by_rule,
        )

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    def worst(self) -> Severity | None:
        present = [Severity.parse(name) for name, count in self.by_severity.items() if count]
        return max(present) if present else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "problems": self.problems,
            "records_with_findings": self.records_with_findings,
            "files": len(self.files),
            "findings": self.findings,
            "by_severity": {name: self.by_severity.get(name, 0) for name in ("error", "warning", "info")},
            "by_rule": dict(sorted(self.by_rule.items())),
        }


class Reporter(Protocol):
    def add(self, result: RecordResult) -> None: ...

    def finish(self, summary: Summary, exit_code: int) -> None: ...
