"""What a rule is, what it sees, and the catalog every rule registers itself in.

A rule is one small function decorated with `@rule(...)`: it receives the context of its scope and yields
`Violation`s. Its stable id, default severity, title and the profiles it belongs to are given to the
decorator; its docstring is its documentation (`pav rules ID` prints it). Adding a rule touches one module
of this package plus its test. Rule ids group by prefix so users can select families:

    I  input       (reader problems: unreadable file, broken JSON line)
    S  schema      (the record contract in schemas/news-page-record.schema.json)
    R  record      (cross-field checks on the record itself)
    F1 ICP number, F2 public security number, F3 site identification code,
    F4 responsible units, F5 footer consistency, F6 evidence of the page, F7 marks of a government footer
    C  crawl       (what the pages of a site show together: broken links, stale sections, duplicates)

A rule's scope says what it reads, and the context it receives holds that and nothing more:

    scope="record"  (default) `RecordContext`: the record (`ctx.record.url`, `ctx.record.evidence` ...),
                    `ctx.url_host`, `ctx.now`, and everything a footer rule sees. Run on every record.
    scope="footer"  `FooterContext`: `ctx.parsed_footer` (the typed values: `ctx.parsed_footer.icp` is an
                    `IcpNumber`), `ctx.footer_text(name)` (a field's text as the record gives it) and
                    `ctx.profile`. Run once per distinct footer and profile; every page showing that footer
                    gets the same findings, so the context has no record, URL or title to read (reading one is
                    an AttributeError, and a type error under mypy). A footer check that needs the page is a
                    record rule.
    scope="schema"  `SchemaContext`: `ctx.schema_errors` only. Run only when the fast schema gate rejects
                    the record.

    scope="site"    `SiteContext`: what the pages of one site in the run show together (`ctx.pages`: a
                    `PageFacts` each, compact: URL, status, section, dates, content hash, links with lines) and
                    what the whole crawl answered (`ctx.answers`, `ctx.has_page`). Run once per site in the main
                    process, after every input was read (a site may span several files); its findings land on
                    the page each `SiteViolation` names. `ctx.pages` is streamed from disk (validator.crawl):
                    iterate it, aggregate, never collect it. The C family (`validator.rules.site`).

Messages and titles are for people, in the run's language (issue 15, validator.i18n): write every `Violation`
message as `_("the footer names no organizer (承办单位)")`, and one with values as
`_("ICP number {number} is a placeholder").format(number=quote(number.text))` (never an f-string inside `_()`: the
template is the msgid, and the English text is exactly what English output shows); the title given to `@rule` is
translated where it is shown (`rule_title`). Then add the Chinese to validator/locale/zh_CN/LC_MESSAGES/pav.po
(`make i18n` adds the new msgids and compiles the .mo); tests/test_i18n.py fails while one lacks its translation.
Terms follow the regulations: ICP备案号, 公安机关备案号, 网站标识码, 主办单位, 承办单位, 运行维护单位.

The parsed footer and the footer's texts have a name each: `parsed_footer` for what pav read from the footer,
`footer_text(name)` for what the record shows (`ctx.record.footer` is the same texts as the record model
has them, blank ones kept; rules read `footer_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, overload

from validator.findings import Severity
from validator.footer import FooterTexts, ParsedFooter, footer_text, footer_texts, parse_footer_texts
from validator.i18n import _
from validator.record_view import RecordView
from validator.rules.requirements import REQUIREMENTS
from validator.urls import is_government_host, url_host

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


_UNSET: Any = object()  # a lazily computed slot not computed yet


class FooterContext:
    """What a footer-scoped rule sees: only what is the same for every page that shows this footer.

    The engine runs footer rules once per distinct footer (its texts) and profile and gives every page showing
    that footer the same findings, so this holds the footer's texts, what pav parsed from them and the profile,
    and nothing of any one page. (`RecordContext` extends it with the record, for record-scoped rules.)
    """

    __slots__ = ("_footer_key", "_parsed_footer", "profile")

    def __init__(
        self, footer_key: FooterTexts | None, profile: str = DEFAULT_PROFILE, parsed_footer: ParsedFooter | None = None
    ) -> None:
        self._footer_key = footer_key
        self.profile = profile
        """The profile judging the page (gov, news or minimal; under `auto`, the one chosen for the record)."""
        self._parsed_footer = parsed_footer

    @property
    def footer_key(self) -> FooterTexts | None:
        """The footer's texts as one hashable value (None: the record has no footer object): the key the
        engine shares footer rules' findings on. Rules read `footer_text(name)` or `parsed_footer`."""
        key: FooterTexts | None = self._footer_key
        return key

    @property
    def parsed_footer(self) -> ParsedFooter:
        """What pav read from the footer: typed filing numbers (`IcpNumber`, `PublicSecurityNumber`, `SiteCode`)
        and unit names, each from its own field or else from the raw footer text (`found_in="raw"`)."""
        parsed = self._parsed_footer
        if parsed is None:
            parsed = self._parsed_footer = parse_footer_texts(self.footer_key)
        return parsed

    def footer_text(self, name: str) -> str | None:
        """The text the record gives for footer field `name` ("icp", "raw", "unit_in_charge" ...), as the page
        shows it; None when the field is absent or blank."""
        value = footer_text(self.footer_key, name)
        return value if value is not None and value.strip() else None


class RecordContext(FooterContext):
    """One record as record-scoped rules see it: the record's fields (`record`), its raw JSON object (`data`),
    the checking time (`now`), and everything a footer rule sees (`parsed_footer`, `footer_text`, `profile`).

    Each view is computed at most once per record, and only if some enabled rule asks for it. (Plain slots
    rather than functools.cached_property, which takes a lock on every first read in Python 3.11: this runs
    for every record.)
    """

    __slots__ = ("_url_host", "data", "now", "record")

    def __init__(self, data: dict[str, Any], profile: str = DEFAULT_PROFILE, now: datetime | None = None) -> None:
        super().__init__(_UNSET, profile)
        self.data = data
        self.now = now or datetime.now(UTC)
        self.record = RecordView(data)
        """The record's typed fields (those of `NewsPageRecord`), each projected when read."""
        self._url_host: str | None = None

    @property
    def footer_key(self) -> FooterTexts | None:
        key: FooterTexts | None = self._footer_key
        if key is _UNSET:
            key = self._footer_key = footer_texts(self.data.get("footer"))
        return key

    @property
    def url_host(self) -> str:
        """The page URL's host, lowercased ("" when there is no URL or no host): rules and the per-site
        summary both need it."""
        if self._url_host is None:
            url = self.record.url
            self._url_host = url_host(url) if url else ""
        return self._url_host

    def footer_context(self) -> FooterContext:
        """This record's footer as footer-scoped rules see it (the parse already made is kept)."""
        return FooterContext(self.footer_key, self.profile, self._parsed_footer)


class SchemaContext:
    """What a schema-scoped rule sees: the record's schema errors, and nothing else (these rules are not run
    when the fast schema gate passes the record, so they must have nothing to say about a valid one)."""

    __slots__ = ("schema_errors", "warc")

    def __init__(self, schema_errors: list[SchemaError], warc: bool = False) -> None:
        self.schema_errors = schema_errors
        """Every error of the record against the record contract, python-jsonschema's kind."""
        self.warc = warc
        """Whether the record was read from a WARC record (its `source` names one): its `captured_at` is then that
        record's WARC-Date, and messages say so."""


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the crawl-level (site) rules need of one page, or of one answer of the crawl that is not a page (a 404,
    a redirect: `is_page` False): small, so a run keeps one per page (memory O(pages + links), never records).

    Made by the engine where the page is checked (a `--jobs` worker, a Dask worker), sent to the main process.
    `url` is the crawl key of the page's URL (`validator.urls.crawl_key`); `status` None for a page with no HTTP
    status (a saved file: it exists, so links to it work); `links` the page's links as crawl keys, each once,
    with the line of its first occurrence (None inside a WARC record, whose page lines are not lines of the file:
    `page_line` has it); `checks` the site rules enabled for this page, with their severities."""

    site: str
    url: str
    status: int | None
    location: tuple[str, int | None, int | None]  # file, line, index of the page
    redirect: str | None = None  # a redirect's target, as a crawl key
    is_page: bool = True
    record_id: str | None = None
    page: str = ""  # the page's identity for fingerprints (`validator.fingerprints.page_identity`)
    profile: str = ""
    section: str | None = None
    section_from: str = ""  # "ColumnName", "breadcrumb" or "URL path"
    published: str | None = None  # RFC 3339
    captured: str | None = None  # RFC 3339
    content: str | None = None  # hash of the page's title and text (None: no text to compare)
    links: tuple[tuple[str, int | None], ...] = ()
    checks: tuple[tuple[str, int], ...] = ()  # (rule id, severity as int)
    line_in_file: bool = True  # whether link lines are lines of `location.file` (False in a WARC)
    has_findings: bool = False  # whether the page had findings of its own (the summary's records_with_findings)
    canonical: str | None = None  # the URL the page declares as its own (canonical, og:url), as a crawl key


@dataclass(frozen=True, slots=True)
class SiteViolation:
    """What a site rule reports: the page it is about (where the finding is listed), the message, the JSON Pointer
    of the record it concerns, the offending value for its fingerprint, and the page's line, if known."""

    page: PageFacts
    message: str
    path: str = ""
    value: str = ""
    line: int | None = None


class SiteContext:
    """What a site-scoped rule sees: one site's pages (`pages`, sorted by URL then location: rules report in that
    order; a sequence that may be read several times, not necessarily a list), every answer of the crawl by URL
    (`answers`, all sites: a link may lead to another site of the crawl), and the maximum age of a section
    (`max_age`, from the configuration).

    This class holds its pages in memory (tests build it from lists); `validator.crawl` gives the rules a
    subclass reading them from its temporary database, whose `answers` hold only the answers that are not pages
    (`has_page` knows the pages) and whose `duplicate_groups` is a query: rules use these methods, never a dict of
    all the pages, so a run's memory does not grow with its pages."""

    __slots__ = ("answers", "max_age", "pages", "site", "targets")

    def __init__(
        self,
        site: str,
        pages: Sequence[PageFacts],
        answers: Mapping[str, Sequence[PageFacts]],
        max_age: Callable[[str], tuple[str, str] | None],
    ) -> None:
        self.site = site
        self.pages = pages
        self.answers = answers
        """URL (crawl key) -> the answers the crawl holds for it, in a stable order (see `has_page` for pages)."""
        self.max_age = max_age
        """Section name -> (matching pattern, age such as "2w", "6mo", "1y"), or None when it is not judged."""
        self.targets: dict[str, Any] = {}
        """Where each link URL that leads to an answer other than a page goes (`validator.rules.site.link_target`),
        remembered for the site: every page links the same navigation, and C001 and the C004 note both ask."""

    def has_page(self, url: str) -> bool:
        """Whether the crawl holds a page (not only an error or a redirect) at `url`."""
        return any(answer.is_page for answer in self.answers.get(url, ()))

    def duplicate_groups(self) -> Iterator[list[PageFacts]]:
        """The site's pages sharing their content hash with pages at other URLs: each group in URL order, the groups
        in the order of their lowest URL (C003)."""
        copies: dict[str, list[PageFacts]] = {}
        for page in self.pages:  # URL order
            if page.is_page and page.content is not None:
                copies.setdefault(page.content, []).append(page)
        for group in copies.values():
            if len({page.url for page in group}) > 1:
                yield group


def auto_profile(ctx: RecordContext) -> str:
    """The profile `auto` gives a record: `gov` when its URL's host is a government one (under gov.cn, or .政务)
    or the page carries what only government sites carry (a SiteIDCode meta tag, the Party and government organ
    website mark, the government error-report entry, a website identification code in the footer), else
    `news`. Decided per record, so one crawl of several sites is judged site by site."""
    if is_government_host(ctx.url_host):
        return "gov"
    evidence = ctx.record.evidence
    if evidence is not None:
        if evidence.meta is not None and evidence.meta.SiteIDCode:
            return "gov"
        marks = evidence.marks
        if marks is not None and (marks.organ_mark or marks.error_report):
            return "gov"
    return "gov" if ctx.parsed_footer.site_code is not None else "news"


RecordCheck = Callable[[RecordContext], Iterator[Violation]]
FooterCheck = Callable[[FooterContext], Iterator[Violation]]
SchemaCheck = Callable[[SchemaContext], Iterator[Violation]]
SiteCheck = Callable[[SiteContext], Iterator[SiteViolation]]
# A catalog entry's check: a RecordCheck, FooterCheck or SchemaCheck, as its scope says (the decorator's
# overloads hold each rule to its scope's type; the engine gives each the context of its scope).
Check = Callable[[Any], Iterator[Any]]  # Violations; SiteViolations for site rules

# What a rule reads, so the engine can skip or share work; each scope's context holds only that (see the module
# docstring): "record" a `RecordContext` (anything; run on every record), "footer" a `FooterContext` (run once
# per distinct footer and profile, the result shared by every page showing that footer), "schema" a
# `SchemaContext` (run only when the fast schema gate rejects the record), "site" a `SiteContext` (run once per
# site after every input was read).
Scope = Literal["record", "footer", "schema", "site"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A catalog entry. `check` is None for rules reported by the readers (the I family); else it takes the
    context of the rule's `scope`."""

    id: str
    name: str
    severity: Severity
    title: str
    profiles: frozenset[str]
    check: Check | None
    doc: str = field(default="", repr=False)
    scope: Scope = "record"
    requires: tuple[str, ...] = ()  # record fields without which the rule has nothing to say (see `rule`)
    requirement: str | None = None  # the scorecard column it serves (validator.rules.requirements); None: I, X

    def applies_to(self, profile: str) -> bool:
        return profile in self.profiles


CATALOG: dict[str, Rule] = {}


def _register(entry: Rule) -> None:
    if entry.id in CATALOG:
        raise RuntimeError(f"duplicate rule id {entry.id}")
    CATALOG[entry.id] = entry


@overload
def rule(
    id: str,
    name: str,
    severity: Severity,
    title: str,
    profiles: frozenset[str] = ...,
    *,
    scope: Literal["footer"],
    requires: tuple[str, ...] = ...,
    requirement: str | None = ...,
) -> Callable[[FooterCheck], FooterCheck]: ...


@overload
def rule(
    id: str,
    name: str,
    severity: Severity,
    title: str,
    profiles: frozenset[str] = ...,
    *,
    scope: Literal["schema"],
    requires: tuple[str, ...] = ...,
    requirement: str | None = ...,
) -> Callable[[SchemaCheck], SchemaCheck]: ...


@overload
def rule(
    id: str,
    name: str,
    severity: Severity,
    title: str,
    profiles: frozenset[str] = ...,
    *,
    scope: Literal["site"],
    requires: tuple[str, ...] = ...,
    requirement: str | None = ...,
) -> Callable[[SiteCheck], SiteCheck]: ...


@overload
def rule(
    id: str,
    name: str,
    severity: Severity,
    title: str,
    profiles: frozenset[str] = ...,
    *,
    scope: Literal["record"] = ...,
    requires: tuple[str, ...] = ...,
    requirement: str | None = ...,
) -> Callable[[RecordCheck], RecordCheck]: ...


def rule(
    id: str,
    name: str,
    severity: Severity,
    title: str,
    profiles: frozenset[str] = ALL_PROFILES,
    *,
    scope: Scope = "record",
    requires: tuple[str, ...] = (),
    requirement: str | None = None,
) -> Callable[[Check], Check]:
    """Register a rule: `@rule("F101", "icp-missing", Severity.ERROR, "ICP number is shown", scope="footer")`.

    The check takes the context of its `scope` (see the module docstring): a `RecordContext` by default, a
    `FooterContext` with `scope="footer"`, a `SchemaContext` with `scope="schema"`; mypy holds a check to the
    type of its scope.

    `requires` names top-level record fields the rule cannot judge without: when one is absent or null the
    engine does not run the rule at all (the rule promises it would report nothing; a catalog test holds it
    to that).

    `requirement` is the id of what the regulations ask that the rule checks (`validator.rules.requirements`):
    the site scorecard's column the rule's findings count in. Every checking rule has one (a catalog test).
    """

    if requirement is not None and requirement not in REQUIREMENTS:
        raise ValueError(
            f"rule {id}: unknown requirement {requirement!r} (register it in validator.rules.requirements)"
        )
    if requires and scope != "record":
        raise ValueError(f"rule {id}: requires= applies to record-scoped rules only")  # the engine skips only those

    def decorate(check: Check) -> Check:
        doc = _dedent(check.__doc__)
        _register(Rule(id, name, severity, title, frozenset(profiles), check, doc, scope, tuple(requires), requirement))
        return check

    return decorate


def rule_title(entry: Rule) -> str:
    """The rule's title in the run's language (the catalog keeps the English one, the msgid)."""
    return _(entry.title)


def reader_rule(id: str, name: str, severity: Severity, title: str, doc: str) -> str:
    """Register a rule that the input readers report (no record to run on); returns its id."""
    _register(Rule(id, name, severity, title, ALL_PROFILES, None, _dedent(doc)))
    return id


def _dedent(doc: str | None) -> str:
    import inspect

    return inspect.cleandoc(doc or "")
