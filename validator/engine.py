"""The engine: records in, findings out. Runs the schema and every enabled rule on each record.

    source items --(Engine.check_items)--> RecordResult (one per record or reader problem)

Each record is checked independently, so the engine streams and parallelises; a rule that crashes becomes
an X001 finding for that record and the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from validator.config import Config, Settings
from validator.findings import Finding, Location, Severity
from validator.rules import CATALOG, RecordContext, Rule
from validator.rules.input import INTERNAL_ERROR
from validator.sources import SourceItem, SourceRecord


@dataclass(frozen=True, slots=True)
class RecordResult:
    """The outcome for one record (or one input that could not become a record)."""

    location: Location
    record_id: str | None
    findings: tuple[Finding, ...]
    is_record: bool  # False for a reader problem (broken line, empty file)
    url: str | None = None
    source: SourceRecord | None = None  # the record as read (data, raw bytes), for sinks such as packages


class Engine:
    """Checks records under a configuration; rule lists are resolved once per distinct settings."""

    def __init__(self, config: Config | None = None, now: datetime | None = None) -> None:
        self.config = config or Config()
        self.now = now or datetime.now(UTC)
        self._plans: dict[Settings, list[tuple[Rule, Severity]]] = {}

    def _plan(self, settings: Settings) -> list[tuple[Rule, Severity]]:
        plan = self._plans.get(settings)
        if plan is None:
            plan = [(entry, settings.severity_of(entry)) for entry in settings.enabled_rules() if entry.check]
            self._plans[settings] = plan
        return plan

    def check_record(
        self, data: dict[str, Any], location: Location | None = None, field_lines: Mapping[str, int] | None = None
    ) -> list[Finding]:
        """All findings of one record, in rule-id order.

        With `field_lines` (JSON Pointer -> source line), a finding about a value found on a known line of
        the source points at that line; other findings keep the record's location.
        """
        location = location or Location("<memory>")
        settings = self.config.settings_for(location.file)
        context = RecordContext(data, settings.profile, self.now)
        record_id = _record_id(data)
        findings: list[Finding] = []
        for entry, severity in self._plan(settings):
            assert entry.check is not None
            try:
                for violation in entry.check(context):
                    findings.append(Finding(entry.id, severity, violation.message, violation.path, record_id, location))
            except Exception as error:  # a bug in one rule must not stop the run
                findings.append(
                    Finding(
                        INTERNAL_ERROR,
                        settings.severity_of(CATALOG[INTERNAL_ERROR]),
                        f"rule {entry.id} ({entry.name}) failed: {type(error).__name__}: {error}",
                        "",
                        record_id,
                        location,
                    )
                )
        return findings

    def check_items(self, items: Iterable[SourceItem]) -> Iterator[RecordResult]:
        """Stream results for source items: records are checked, reader findings passed through."""
        for item in items:
            if isinstance(item, SourceRecord):
                findings = self.check_record(item.data, item.location, item.field_lines)
                url = item.data.get("url")
                yield RecordResult(
                    item.location,
                    _record_id(item.data),
                    tuple(findings),
                    True,
                    url if isinstance(url, str) else None,
                    item,
                )
            else:
                settings = self.config.settings_for(item.location.file)
                entry = CATALOG[item.rule]
                if not settings.is_enabled(entry):
                    # Still accounted for: the summary counts reader problems even when their rule is ignored.
                    yield RecordResult(item.location, None, (), False)
                    continue
                severity = settings.severity_of(entry)
                finding = item if severity == item.severity else _with_severity(item, severity)
                yield RecordResult(item.location, None, (finding,), False)


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    return Finding(finding.rule, severity, finding.message, finding.path, finding.record_id, finding.location)


def _record_id(data: dict[str, Any]) -> str | None:
    value = data.get("id")
    return value if isinstance(value, str) and value else None
