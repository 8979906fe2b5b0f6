"""The engine: records in, findings out. Runs the schema and every enabled rule on each record.

    source items --(Engine.check_items)--> RecordResult (one per record or reader problem)

Each record is checked independently, so the engine streams and parallelises; a rule that crashes becomes
an X001 finding for that record and the run goes on.

Messages are made where records are checked (and readers read), in the run's language: the engine makes
`config.lang` current (validator.i18n) before it checks, in whatever process it runs, a worker or a Dask worker.

The crawl-level rules (scope "site") need every page of a site, so they do not run here: with `facts=True` the
engine gives, with each page's result, the few facts they need (`PageFacts`, computed where the page is checked,
in a worker under --jobs), and facts of their own for the answers of a crawl that are not pages; validator.crawl
runs those rules once every input was read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from validator.config import Config, Settings
from validator.digests import text_sha256
from validator.findings import Finding, Location, Severity
from validator.fingerprints import finding_fingerprint, offending_value, page_identity
from validator.footer import FooterTexts
from validator.i18n import _, use_language
from validator.rules import CATALOG, FooterContext, PageFacts, RecordContext, Rule, SchemaContext
from validator.rules.base import AUTO, auto_profile
from validator.rules.internal import INTERNAL_ERROR
from validator.schema import is_valid_record, record_schema_errors
from validator.sources import Answered, SourceItem, SourceRecord
from validator.urls import crawl_key, url_host

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
    # What the crawl-level rules need of the page (only when the engine was asked for them: `Engine(facts=True)`).
    facts: PageFacts | None = None
    # A result of the crawl-level rules (validator.crawl): findings about a page already counted as a record, so
    # the summary counts its findings, not another record or reader problem; `is_record` is then True only on the
    # first such result of a page that had no findings of its own (it now is a record with findings).
    crawl_level: bool = False

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
# Links resolved remembered by a process (`_resolve`), about 300 bytes each: a site's navigation is a few dozen links,
# and links new on every page (related articles) would otherwise fill it (65,536 entries held ~17 MiB a worker).
_RESOLVED_SIZE = 4096
# A link `_targets` joins to the page's origin or folder without urljoin: no leading dot or ?/#, no scheme (":"),
# parameters (";", which urljoin treats by RFC 1808), backslash, white space or control character (and, checked
# beside it, no "/." segment and no "//", which urljoin folds into one).
_PLAIN_LINK = re.compile(r"(?![.?#])[^\s\\:;\x00-\x1f\x7f]+")

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
    site: tuple[tuple[str, int], ...] = ()  # the enabled site rules (run by validator.crawl), severities as ints


class Engine:
    """Checks records under a configuration; rule lists are resolved once per distinct settings."""

    def __init__(self, config: Config | None = None, now: datetime | None = None, *, facts: bool = False) -> None:
        self.config = config or Config()
        self.now = now or datetime.now(UTC)
        self._plans: dict[tuple[Settings, str], _Plan] = {}
        self._resolved: dict[tuple[str, str], str | None] = {}  # (scope, href) -> crawl key (see `_resolve`)
        self.facts = facts
        """Whether `check_items_with_facts` gives what the crawl-level rules need (`PageFacts`): then pages read
        in this process from now on keep their links (validator.sources.html.hrefs), and WARC readers and the
        fetcher report the answers they skip (`Answered`)."""
        if facts:
            from validator.sources import collect_links

            collect_links(True)

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
                _site_checks(settings, enabled),
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
        for result in self.check_items_with_facts(items):
            if isinstance(result, RecordResult):
                yield result

    def check_items_with_facts(self, items: Iterable[SourceItem]) -> Iterator[RecordResult | PageFacts]:
        """`check_items`, and with `facts` what the crawl-level rules need: each page's result carries its
        `PageFacts`, and each answer of the crawl that is not a page (`Answered`: a 404, a redirect) is given as
        facts of its own."""
        use_language(self.config.lang)  # before the first item is read: readers make their messages in it too
        for item in items:
            if isinstance(item, Answered):
                if self.facts:
                    answered = self._answer_facts(item)
                    if answered is not None:
                        yield answered
                continue
            if isinstance(item, SourceRecord):
                data, location = item.data, item.location
                findings, context = self._check(data, location, item.field_lines)
                if item.notes:  # reader findings about this record (I006): reported with it
                    findings = self._notes(item) + findings
                url = context.record.url
                site = context.url_host or site_of_record(None, data, location)
                facts = self._page_facts(item, url, site, context.profile, bool(findings)) if self.facts else None
                yield RecordResult(
                    location, _record_id(data), tuple(findings), True, url, item, site, context.profile, facts
                )
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

    def _page_facts(
        self, item: SourceRecord, url: str | None, site: str, profile: str, has_findings: bool
    ) -> PageFacts | None:
        """The page's facts for the crawl-level rules: only pages read from HTML (they have links) with a URL."""
        links = item.links
        key = crawl_key(url) if url and links is not None else None
        if key is None:
            return None
        data, location = item.data, item.location
        settings = self.config.settings_for(location.file, url)
        checks = self._plan(settings, profile).site
        base = self._resolve(links.base, key) if links.base else key
        resolved = self._targets(links.hrefs, base or key)
        section, section_from = _section(data.get("section"), key, data.get("evidence"))
        source = data.get("source")
        in_warc = isinstance(source, dict) and "warc_offset" in source
        # A page read from a saved file has no HTTP status (None: links to it work); one read from a WARC record or
        # fetched live answered 200 (other answers are `Answered`).
        return PageFacts(
            site,
            key,
            200 if in_warc or location.file.startswith(("http://", "https://")) else None,
            (location.file, location.line, location.index),
            record_id=_record_id(data),
            page=page_identity(data, location),
            profile=profile,
            section=section,
            section_from=section_from,
            published=_text(data.get("published_at")),
            captured=_text(data.get("captured_at")),
            content=_content_hash(data),
            links=tuple(resolved.items()),
            checks=checks,
            line_in_file=not in_warc and location.index is None,
            has_findings=has_findings,
            # Not memoised: a page's canonical URL is its own, and would fill the memo with one entry a page.
            canonical=crawl_key(links.canonical, key) if links.canonical else None,
        )

    def _targets(self, hrefs: tuple[tuple[str, int | None], ...], base: str) -> dict[str, int | None]:
        """Where a page's links lead (crawl keys, each once, with the line of its first link), resolved against
        `base` (a crawl key). A plain link, an absolute path or a relative name with nothing to resolve (see
        `_PLAIN_LINK`), is joined to the page's origin or folder as crawl_key would join it (tests/test_site_rules.py
        holds the two equal), without urljoin's parsing: most links of a page are plain, and many are new to the
        memo (a page's related articles); the others go through `_resolve`."""
        origin = base[: base.find("/", base.find("//") + 2)]
        folder = base[: base.rfind("/") + 1]
        folder_plain = "?" not in folder and "#" not in folder
        plain = _PLAIN_LINK.fullmatch
        resolved: dict[str, int | None] = {}
        for href, line in hrefs:
            target: str | None = None
            if plain(href) and "/." not in href and "//" not in href:
                path = href.partition("#")[0]
                if path[-1:] != "?":  # crawl_key drops an empty query
                    if href[0] == "/":
                        target = origin + path
                    elif folder_plain:
                        target = folder + path
            if target is None:
                target = self._resolve(href, base)
            if target is not None and target not in resolved:
                resolved[target] = line
        return resolved

    def _resolve(self, href: str, base: str) -> str | None:
        """`crawl_key(href, base)`, memoised: a site's pages share most of their links (navigation, footer), and
        resolving one costs tens of microseconds. A link's target depends on the page's origin only (an absolute
        path), on nothing (a URL with a scheme), else on the page's folder (a relative path) or whole URL (a query
        or an empty link)."""
        if "://" in href[:10] or href.startswith("//"):
            scope = ""
        elif href.startswith("/"):
            scope = base[: base.find("/", base.find("//") + 2)]
        elif href.startswith(("?", "#")) or not href:
            scope = base
        else:
            scope = base[: base.rfind("/") + 1]
        memo = self._resolved
        key = (scope, href)
        if key in memo:
            return memo[key]
        if len(memo) >= _RESOLVED_SIZE:
            memo.clear()
        target = memo[key] = crawl_key(href, base)
        return target

    def _answer_facts(self, item: Answered) -> PageFacts | None:
        key = crawl_key(item.url)
        if key is None:
            return None
        redirect = crawl_key(item.redirect, key) if item.redirect else None
        where = item.location
        return PageFacts(url_host(key), key, item.status, (where.file, where.line, where.index), redirect, False)

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


# Folders of a URL that are dates, not sections: 2023, 11, 22, 202311, 20231122, t20231122 (TRS CMS).
_DATE_FOLDER = re.compile(r"t?(?:\d{1,2}|\d{4}|\d{6}|\d{8})")


def _section(meta: Any, url: str, evidence: Any = None) -> tuple[str | None, str]:
    """A page's section for the crawl-level rules, and where it was read (see validator.rules.site): the record's
    section (the page reader's: its ColumnName meta tag, else its breadcrumb, as its evidence says), else the URL's
    folders."""
    if isinstance(meta, str) and meta.strip():
        read_from = evidence.get("section_from") if isinstance(evidence, dict) else None
        return meta.strip(), "breadcrumb" if read_from == "breadcrumb" else "ColumnName"
    path = urlsplit(url).path
    folders = [part for part in path.split("/")[:-1] if part and not _DATE_FOLDER.fullmatch(part)]
    return "/" + "".join(f"{part}/" for part in folders), "URL path"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _content_hash(data: dict[str, Any]) -> str | None:
    """A hash of what the page reader kept of the page: title, text and footer (None without text: empty pages are
    not duplicates of each other). Navigation and markup are left out, so the same article served at two URLs
    hashes the same; a page whose footer differs is another page. The body enters by its SHA-256, which the reader
    has already computed for `content_sha256` (validator.digests remembers it): hashing a page's text again cost
    as much as the rest of its crawl facts. The reader writes the body one paragraph a line, white space folded,
    so two copies of one article give the same body."""
    body = data.get("body")
    if not isinstance(body, str) or not body.strip():
        return None
    title = data.get("title")
    title = title if isinstance(title, str) else ""
    footer = data.get("footer")
    parts = [" ".join(title.split()), text_sha256(body)]
    if isinstance(footer, dict):
        parts += (f"{name}={' '.join(str(value).split())}" for name, value in sorted(footer.items()))
    text = "\x1f".join(parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _site_checks(settings: Settings, enabled: list[Planned]) -> tuple[tuple[str, int], ...]:
    """The crawl-level rules enabled for a page, with their severities: the site rules, and the C004 note (made by
    validator.crawl, not a check: `enabled` leaves it out)."""
    from validator.rules.site import LINKS_NOT_JUDGED

    checks = [(entry.id, int(severity)) for entry, severity in enabled if entry.scope == "site"]
    note = CATALOG[LINKS_NOT_JUDGED]
    if checks and settings.is_enabled(note):
        checks.append((note.id, int(settings.severity_of(note))))
    return tuple(checks)
