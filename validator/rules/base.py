"""What a rule is, and the catalog every rule registers itself in.

A rule is one small function decorated with `@rule(...)`: it receives a `RecordContext` and yields
`Violation`s. Its stable id, default severity, title and the profiles it belongs to are given to the
decorator; its docstring is its documentation (`pav rules ID` prints it). Adding a rule touches one module
of this package plus its test. Rule ids group by prefix so users can select families:

    I  input       (reader problems: unreadable file, broken JSON line)
    S  schema      (the record contract in schemas/news-page-record.schema.json)
    R  record      (cross-field checks on the record itself)
    F1 ICP number, F2 public security number, F3 site identification code,
    F4 responsible units, F5 footer consistency
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from validator.findings import Severity
from validator.footer import FooterTexts, ParsedFooter, footer_texts, parse_footer_texts
from validator.record_view import RecordView

if TYPE_CHECKING:
    from validator.schema import SchemaError

PROFILES: tuple[str, ...] = ("gov", "news", "minimal")
ALL_PROFILES: frozenset[str] = frozenset(PROFILES)
# `auto` picks gov or news for each record (see `auto_profile`); a rule belongs to concrete profiles only.
AUTO = "auto"
PROFILE_CHOICES: tuple[str, ...] = (AUTO, *PROFILES)
DEFAULT_PROFILE = AUTO


@dataclass(frozen=True, slots=True)
class Violation:
    """What a rule reports: a message and the JSON Pointer of the offending value."""

    message: str
    path: str = ""


class RecordContext:
    """One record as rules see it: the raw JSON object plus lazily computed views shared by all rules.

    Each view is computed at most once per record, and only if some enabled rule asks for it. (Plain slots
    rather than functools.cached_property, which takes a lock on every first read in Python 3.11: this runs
    for every record.)
    """

    __slots__ = ("_footer", "_footer_texts", "_schema_errors", "_url_host", "data", "now", "profile", "record")

    def __init__(
        self,
        data: dict[str, Any],
        profile: str = DEFAULT_PROFILE,
        now: datetime | None = None,
        schema_errors: list[SchemaError] | None = None,  # known already (another validator's, in tests)
    ):
        self.data = data
        self.profile = profile
        self.now = now or datetime.now(UTC)
        self.record = RecordView(data)
        """The record's typed fields (those of `NewsPageRecord`), each projected when read."""
        self._footer: ParsedFooter | None = None
        self._footer_texts: FooterTexts | bool | None = False  # False: not computed yet
        self._schema_errors = schema_errors
        self._url_host: str | None = None

    @property
    def schema_errors(self) -> list[SchemaError]:
        if self._schema_errors is None:
            from validator.schema import record_schema_errors

            self._schema_errors = record_schema_errors(self.data)
        return self._schema_errors

    @property
    def footer_texts(self) -> FooterTexts | None:
        """The footer's texts (None: no footer object); hashable, the key of per-footer work."""
        if self._footer_texts is False:
            self._footer_texts = footer_texts(self.data.get("footer"))
        return self._footer_texts  # type: ignore[return-value]

    @property
    def url_host(self) -> str:
        """The page URL's host, lowercased ("" when there is no URL or no host): rules and the per-site
        summary both need it."""
        if self._url_host is None:
            url = self.record.url
            self._url_host = url_host(url) if url else ""
        return self._url_host

    @property
    def footer(self) -> ParsedFooter:
        if self._footer is None:
            self._footer = parse_footer_texts(self.footer_texts)
        return self._footer


# Government hosts: gov.cn and its subdomains, and the Chinese .政务 top-level domain (as written or punycode).
_GOV_HOST = re.compile(r"(?:^|\.)(?:gov\.cn|政务|xn--zfr164b)$")


def auto_profile(ctx: RecordContext) -> str:
    """The profile `auto` gives a record: `gov` when its URL's host is a government one (under gov.cn, or .政务)
    or the page carries what only government sites carry (a SiteIDCode meta tag, the Party and government organ
    website mark, the government error-report entry, a website identification code in the footer), else
    `news`. Decided per record, so one crawl of several sites is judged site by site."""
    if _GOV_HOST.search(ctx.url_host):
        return "gov"
    evidence = ctx.record.evidence
    if evidence is not None:
        if evidence.meta is not None and evidence.meta.SiteIDCode:
            return "gov"
        marks = evidence.marks
        if marks is not None and (marks.organ_mark or marks.error_report):
            return "gov"
    return "gov" if ctx.footer.site_code is not None else "news"


_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(\[[^\]/?#]*\]|[^:/?#]*)")


def url_host(url: str) -> str:
    """The host of an absolute URL, lowercased, without a final dot or IPv6 brackets ("" when none).

    A regex rather than urllib.parse.urlsplit: this runs once per record and urlsplit costs ten times more.
    """
    match = _AUTHORITY.match(url)
    if match is None:
        return ""
    return match.group(1).strip("[]").rstrip(".").lower()


Check = Callable[[RecordContext], Iterator[Violation]]

# What a rule reads, so the engine can skip or share work (the rule promises to read nothing else):
#   "schema"  only ctx.schema_errors: not run at all when the fast schema gate passes the record
#   "footer"  only the footer (ctx.footer, ctx.record.footer) and ctx.profile: run once per distinct footer
#             and profile, the result shared by every page of the site that shows that footer
#   "record"  anything: run on every record
Scope = Literal["record", "footer", "schema"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A catalog entry. `check` is None for rules reported by the readers (the I family)."""

    id: str
    name: str
    severity: Severity
    title: str
    profiles: frozenset[str]
    check: Check | None
    doc: str = field(default="", repr=False)
    scope: Scope = "record"
    requires: tuple[str, ...] = ()  # record fields without which the rule has nothing to say (see `rule`)

    def applies_to(self, profile: str) -> bool:
        return profile in self.profiles


CATALOG: dict[str, Rule] = {}


def _register(entry: Rule) -> None:
    if entry.id in CATALOG:
        raise RuntimeError(f"duplicate rule id {entry.id}")
    CATALOG[entry.id] = entry


def rule(
    id: str,
    name: str,
    severity: Severity,
    title: str,
    profiles: frozenset[str] = ALL_PROFILES,
    scope: Scope = "record",
    requires: tuple[str, ...] = (),
) -> Callable[[Check], Check]:
    """Register a record rule: `@rule("F101", "icp-missing", Severity.ERROR, "ICP number is shown")`.

    `requires` names top-level record fields the rule cannot judge without: when one is absent or null the
    engine does not run the rule at all (the rule promises it would report nothing; a catalog test holds it
    to that).
    """

    if requires and scope != "record":
        raise ValueError(f"rule {id}: requires= applies to record-scoped rules only")  # the engine skips only those

    def decorate(check: Check) -> Check:
        doc = _dedent(check.__doc__)
        _register(Rule(id, name, severity, title, frozenset(profiles), check, doc, scope, tuple(requires)))
        return check

    return decorate


def reader_rule(id: str, name: str, severity: Severity, title: str, doc: str) -> str:
    """Register a rule that the input readers report (no record to run on); returns its id."""
    _register(Rule(id, name, severity, title, ALL_PROFILES, None, _dedent(doc)))
    return id


def _dedent(doc: str | None) -> str:
    import inspect

    return inspect.cleandoc(doc or "")
