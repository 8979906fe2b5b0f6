"""The engine: records in, findings out. Runs the schema and every enabled rule on each record.

    source items --(Engine.check_items)--> RecordResult (one per record or reader problem)

Each record is checked independently, so the engine streams and parallelises; a rule that crashes becomes
an X001 finding for that record and the run goes on.

Messages are made where records are checked (and readers read), in the run's language: the engine makes
`config.lang` current (validator.i18n) before it checks, in whatever process it runs, a worker or a Dask worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from validator.config import Config, Settings
from validator.findings import Finding, Location, Severity
from validator.fingerprints import finding_fingerprint, offending_value, page_identity
from validator.footer import FooterTexts
from validator.i18n import _, use_language
from validator.rules import CATALOG, FooterContext, RecordContext, Rule, SchemaContext
from validator.rules.base import AUTO, auto_profile
from validator.rules.internal import INTERNAL_ERROR
from validator.schema import is_valid_record, record_schema_errors
from validator.sources import SourceItem, SourceRecord
from validator.urls import url_host

NO_SITE = "(unknown)"  # the site of a reader problem, or of a record with neither URL host nor site code


@dataclass(frozen=True, slots=True)
class RecordResult:
    """The outcome for one record (or one input that could not become a record)."""

    location: Location
    record_id: str | None
    findings: tuple[Finding, ...]
    is_record: bool  # False for a reader problem (broken line, empty file)
    url: str | None = None
    source: SourceRecord | None = None  # the record as read (data, raw bytes), for sinks such as packages
    site: str = ""  # the page URL's host, else footer.site_code, else a live input's host (see site_of_record)
    profile: str = ""  # the profile that judged the record (gov, news or minimal; "" for a reader problem)

    def __post_init__(self) -> None:
        if not self.site:  # computed once here, so reports and parallel workers need not recompute it
            data = self.source.data if self.source is not None else None
            object.__setattr__(self, "site", site_of_record(self.url, data, self.location))


@dataclass(frozen=True, slots=True)
class PassedRecords:
    """`count` records of one input file and site that had no findings: counted, not listed. Worker processes
    send these instead of one result per passing record when no report lists passing records (only JUnit
    does), since building and reporting those results was most of the main process's work under --jobs."""

    file: str
    site: str
    count: int
    profile: str = ""


def site_of_record(url: str | None, data: Any, location: Location) -> str:
    """The site a record belongs to, for per-site summaries: computed once, here, not by every report."""
    host = url_host(url) if url else ""
    if host:
        return host
    if isinstance(data, dict):
        footer = data.get("footer")
        if isinstance(footer, dict):
            code = footer.get("site_code")
            if isinstance(code, str) and code.strip():
                return code.strip()
    if location.file.startswith(("http://", "https://")):
        return url_host(location.file) or NO_SITE
    return NO_SITE


_FOOTER_CACHE_SIZE = 4096

Planned = tuple[Rule, Severity]
Context = FooterContext | SchemaContext  # a RecordContext is a FooterContext too
# What a footer-scoped rule reported for one footer: (rule, severity, message, path); X001 included.
SharedViolation = tuple[str, Severity, str, str]


@dataclass
class _Plan:
    """The enabled rules of one settings object, split by scope (see `validator.rules.base.Scope`)."""

    schema: list[Planned]  # their checks take a SchemaContext
    footer: list[Planned]  # a FooterContext
    record: list[tuple[tuple[str, ...], list[Planned]]]  # a RecordContext; grouped by the fields they require
    internal_error: Severity
    footer_results: dict[FooterTexts | None, list[SharedViolation]]


class Engine:
    """Checks records under a configuration; rule lists are resolved once per distinct settings."""

    def __init__(self, config: Config | None = None, now: datetime | None = None) -> None:
        self.config = config or Config()
        self.now = now or datetime.now(UTC)
        self._plans: dict[tuple[Settings, str], _Plan] = {}

    def _plan(self, settings: Settings, profile: str) -> _Plan:
        plan = self._plans.get((settings, profile))
        if plan is None:
            enabled = [(entry, settings.severity_of(entry)) for entry in settings.enabled_rules(profile) if entry.check]
            plan = _Plan(
                [p for p in enabled if p[0].scope == "schema"],
                [p for p in enabled if p[0].scope == "footer"],
                _by_requirement([p for p in enabled if p[0].scope == "record"]),
                settings.severity_of(CATALOG[INTERNAL_ERROR]),
                {},
            )
            self._plans[(settings, profile)] = plan
        return plan

    def check_record(
        self, data: dict[str, Any], location: Location | None = None, field_lines: Mapping[str, int] | None = None
    ) -> list[Finding]:
        """All findings of one record, in rule-id order.

        With `field_lines` (JSON Pointer -> source line), a finding about a value found on a known line of
        the source points at that line; other findings keep the record's location.
        """
        return self._check(data, location or Location("<memory>"), field_lines)[0]

    def _check(
        self, data: dict[str, Any], location: Location, field_lines: Mapping[str, int] | None
    ) -> tuple[list[Finding], RecordContext]:
        use_language(self.config.lang)  # (a no-op when it is current already: one comparison)
        settings = self.config.settings_for(location.file, data.get("url"))
        context = RecordContext(data, settings.profile, self.now)
        if settings.profile == AUTO:
            context.profile = auto_profile(context)
        plan = self._plan(settings, context.profile)
        found: list[SharedViolation] = []
        if plan.schema and not is_valid_record(data):
            source = data.get("source")
            warc = isinstance(source, dict) and "warc_offset" in source  # captured_at is the WARC-Date
            found += _run(plan.schema, SchemaContext(record_schema_errors(data), warc), plan.internal_error)
        if plan.footer:
            # Shared by every page showing this footer: the plan is the profile's, the key the footer's texts,
            # and footer rules see nothing else (a FooterContext has no record to read).
            key = context.footer_key
            shared = plan.footer_results.get(key)
            if shared is None:
                shared = _run(plan.footer, context.footer_context(), plan.internal_error)
                if len(plan.footer_results) >= _FOOTER_CACHE_SIZE:
                    plan.footer_results.clear()
                plan.footer_results[key] = shared
            found += shared
        for required, planned in plan.record:
            if not required or all(data.get(name) is not None for name in required):
                found += _run(planned, context, plan.internal_error)
        findings: list[Finding] = []
        if not found:
            return findings, context  # most records: nothing to sort or build
        found.sort(key=lambda item: item[0])  # rule-id order, whatever the scope
        record_id = _record_id(data)
        page = page_identity(data, location)
        for rule_id, severity, message, path in found:
            where = location
            if field_lines and path in field_lines:
                where = Location(location.file, field_lines[path], location.index)
            print_ = finding_fingerprint(rule_id, page, path, offending_value(data, path))
            findings.append(Finding(rule_id, severity, message, path, record_id, where, print_))
        return findings, context

    def check_items(self, items: Iterable[SourceItem]) -> Iterator[RecordResult]:
        """Stream results for source items: records are checked, reader findings passed through."""
        use_language(self.config.lang)  # before the first item is read: readers make their messages in it too
        for item in items:
            if isinstance(item, SourceRecord):
                data, location = item.data, item.location
                findings, context = self._check(data, location, item.field_lines)
                if item.notes:  # reader findings about this record (I006): reported with it
                    findings = self._notes(item) + findings
                url = context.record.url
                site = context.url_host or site_of_record(None, data, location)
                yield RecordResult(location, _record_id(data), tuple(findings), True, url, item, site, context.profile)
            else:
                settings = self.config.settings_for(item.location.file, item.location.file)  # a URL's own host
                entry = CATALOG[item.rule]
                if not settings.is_enabled(entry):
                    # Still accounted for: the summary counts reader problems even when their rule is ignored.
                    yield RecordResult(item.location, None, (), False)
                    continue
                severity = settings.severity_of(entry)
                finding = _with_severity(item, severity)
                yield RecordResult(
                    item.location, None, (finding,), False, site=site_of_record(None, None, item.location)
                )

    def _notes(self, item: SourceRecord) -> list[Finding]:
        settings = self.config.settings_for(item.location.file, item.data.get("url"))
        record_id = _record_id(item.data)
        page = page_identity(item.data, item.location)
        notes = []
        for note in item.notes:
            entry = CATALOG[note.rule]
            if settings.is_enabled(entry):
                severity = settings.severity_of(entry)
                key = finding_fingerprint(note.rule, page, note.path, offending_value(item.data, note.path))
                notes.append(Finding(note.rule, severity, note.message, note.path, record_id, note.location, key))
        return notes


def _by_requirement(planned: list[Planned]) -> list[tuple[tuple[str, ...], list[Planned]]]:
    groups: dict[tuple[str, ...], list[Planned]] = {}
    for entry in planned:
        groups.setdefault(entry[0].requires, []).append(entry)
    return list(groups.items())


def _run(plan: list[Planned], context: Context, internal_error: Severity) -> list[SharedViolation]:
    """Run the planned rules on the context of their scope (the plan keeps the scopes apart)."""
    found: list[SharedViolation] = []
    for entry, severity in plan:
        assert entry.check is not None
        try:
            for violation in entry.check(context):
                found.append((entry.id, severity, violation.message, violation.path))
        except Exception as error:  # a bug in one rule must not stop the run
            message = _("rule {rule} ({name}) failed: {error_type}: {error}").format(
                rule=entry.id, name=entry.name, error_type=type(error).__name__, error=error
            )
            found.append((INTERNAL_ERROR, internal_error, message, ""))
    return found


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    """A reader problem under the configured severity, with its fingerprint (the page is its input file)."""
    key = finding_fingerprint(finding.rule, page_identity(None, finding.location), finding.path, "")
    return Finding(finding.rule, severity, finding.message, finding.path, finding.record_id, finding.location, key)


def _record_id(data: dict[str, Any]) -> str | None:
    value = data.get("id")
    return value if isinstance(value, str) and value else None
