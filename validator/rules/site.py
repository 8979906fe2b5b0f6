"""Crawl-level rules (scope "site", the C family): what the pages of one site show together and no page alone.

A crawl is what one run reads: WARC files, folders of saved pages with their URLs, live pages and `--sitemap`
runs. The engine keeps a few facts of each page (`PageFacts`: URL, HTTP status, section, dates, a hash of its
title and text, its links with their lines) and of each answer of the crawl that is not a page (a WARC response
record with a 404 or a redirect, a fetched URL answering 404); `validator.crawl` runs these rules on them once
every input was read, site by site. Only pages read from HTML (files, WARC records, fetched pages) take part:
JSON records and text captures carry no links.

A site is judged only when the run holds at least two of its pages: one page is not a crawl (its links lead to
pages the run did not read, its section's newest page is only the page itself), so checking one page reports
nothing here.

Links (C001, C004). A link is an `<a href>`, resolved against the page's `<base href>` and URL, without its
fragment (`validator.urls.crawl_key`). It is judged when the crawl holds an answer for its target: broken when
every answer for the target is an error (HTTP 4xx or 5xx), or a redirect whose chain (followed inside the crawl,
at most 10 hops) ends in one. A page saved as a file has no status: a link to it works. Links whose target the
crawl does not hold are not fetched (pav touches the network only for the URLs it is given) and are counted per
site in one C004 note.

Sections (C002). A page's section is its ColumnName meta tag, else the last link of its breadcrumb ("当前位置：首页
> 政务公开 > 通知公告"), else the folder of its URL with date folders (2023/11/22, 202311, t20231122) left out. A
section is judged when some of its pages give a publication date and some were crawled (WARC-Date, the fetch time;
a saved file's modification time is no crawl date); the newest publication is compared with the latest capture.

Duplicates (C003). Pages with different URLs whose title and text are the same (after the page reader removed
navigation, footer and white-space differences).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from validator.findings import Severity
from validator.i18n import N_, _, plural
from validator.rules.base import PageFacts, SiteContext, SiteViolation, reader_rule, rule
from validator.rules.requirements import DUPLICATES, LINKS, UPDATES

# The national inspection indicators for government websites: 国务院办公厅秘书局《政府网站与政务新媒体检查指标》
# (国办秘函〔2019〕19号), "栏目不更新": 监测时间点前2周内的动态、要闻类栏目, 以及监测时间点前6个月内的通知公告、
# 政策文件类栏目 ... 未更新. They name no period for other sections: pav's default for them is 1 year.
DEFAULT_SECTION_MAX_AGE: tuple[tuple[str, str], ...] = (
    ("*动态*", "2w"),
    ("*要闻*", "2w"),
    ("*通知*", "6mo"),
    ("*公告*", "6mo"),
    ("*政策*", "6mo"),
    ("*文件*", "6mo"),
    ("*", "1y"),
)
NEVER = "never"
_AGE = re.compile(r"([1-9][0-9]{0,4})(d|w|mo|y)")
MAX_REDIRECTS = 10
TARGETS_REMEMBERED = 4096  # links to pages remembered a site (link_target)
# Where a section's name came from (PageFacts.section_from), marked for the catalog and translated where shown.
_SECTION_SOURCES = (N_("ColumnName"), N_("breadcrumb"), N_("URL path"))
_GOV_NEWS = frozenset(("gov", "news"))


def parse_age(text: str) -> str | None:
    """A section's maximum age as written in the configuration ("14d", "2w", "6mo", "1y", "never"), normalised;
    None when it is not one."""
    text = text.strip().lower()
    if text == NEVER or _AGE.fullmatch(text):
        return text
    return None


def age_text(age: str) -> str:
    """ "2w" -> "2 weeks"."""
    match = _AGE.fullmatch(age)
    if match is None:
        return age
    count, unit = int(match.group(1)), match.group(2)
    if unit == "d":
        return plural(count, "{count} day", "{count} days")
    if unit == "w":
        return plural(count, "{count} week", "{count} weeks")
    if unit == "mo":
        return plural(count, "{count} month", "{count} months")
    return plural(count, "{count} year", "{count} years")


def earliest_allowed(captured: datetime, age: str) -> datetime:
    """The oldest newest-publication a section captured at `captured` may have under `age` (calendar months and
    years: 6mo before 2023-08-31 is 2023-02-28)."""
    match = _AGE.fullmatch(age)
    assert match is not None
    count, unit = int(match.group(1)), match.group(2)
    if unit == "d":
        return captured - timedelta(days=count)
    if unit == "w":
        return captured - timedelta(weeks=count)
    months = count if unit == "mo" else 12 * count
    month0 = captured.year * 12 + captured.month - 1 - months
    year, month = divmod(month0, 12)
    day = min(captured.day, _days_in(year, month + 1))
    return captured.replace(year=year, month=month + 1, day=day)


def _days_in(year: int, month: int) -> int:
    following = datetime(year + (month == 12), month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def section_max_age(section: str, patterns: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """(pattern, age) of the first pattern (the configured ones, then DEFAULT_SECTION_MAX_AGE) matching the section
    name; None when the matching age is "never"."""
    for pattern, age in (*patterns, *DEFAULT_SECTION_MAX_AGE):
        if fnmatch.fnmatchcase(section, pattern):
            return None if age == NEVER else (pattern, age)
    return None


def parse_moment(text: str | None) -> datetime | None:
    """An RFC 3339 date-time of a record (published_at, captured_at), or None."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def link_target(ctx: SiteContext, url: str) -> tuple[str, int | None, tuple[str, ...]] | None:
    """What following a link to `url` inside the crawl ends in: (final URL, its error status or None when it works,
    the redirects on the way); None when the crawl does not say (the target, or a redirect's, is not in it).

    Remembered for the site (`ctx.targets`): every target with answers other than pages, and the first
    TARGETS_REMEMBERED others, pages or outside the crawl (the navigation every page has comes first), not all of
    them: that would grow with the site."""
    known = ctx.targets
    if url in known:
        found: tuple[str, int | None, tuple[str, ...]] | None = known[url]
        return found
    page = ctx.has_page(url)
    if page or url not in ctx.answers:  # no redirect to follow
        found = (url, None, ()) if page else None
        if len(known) < TARGETS_REMEMBERED:
            known[url] = found
        return found
    found = known[url] = _follow(ctx, url)
    return found


def _follow(ctx: SiteContext, url: str) -> tuple[str, int | None, tuple[str, ...]] | None:
    hops: list[str] = []
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        if ctx.has_page(current):
            return current, None, tuple(hops)
        answers = ctx.answers.get(current)
        if not answers:
            return None
        if any(a.status is None or 200 <= a.status < 300 for a in answers):
            return current, None, tuple(hops)
        redirect = next((a for a in answers if a.redirect is not None and 300 <= (a.status or 0) < 400), None)
        if redirect is None:
            errors = [a.status for a in answers if a.status is not None and a.status >= 400]
            return (current, min(errors), tuple(hops)) if errors else None
        hops.append(current)
        assert redirect.redirect is not None
        if redirect.redirect in hops:
            return None  # a redirect loop: no answer
        current = redirect.redirect
    return None


@rule(
    "C001",
    "link-broken",
    Severity.WARNING,
    "Links within the crawl lead to a page",
    _GOV_NEWS,
    scope="site",
    requirement=LINKS,
)
def link_broken(ctx: SiteContext) -> Iterator[SiteViolation]:
    """A link on a page leads to a page of the same crawl that answered with an error (HTTP 4xx or 5xx), directly
    or through redirects.

    The link is an `<a href>` resolved against the page's `<base href>` and URL, without its fragment. Only what the
    crawl holds is judged: a WARC's response records (a 404 record, a 301 with its Location, followed inside the
    crawl), the fetched pages of a live or `--sitemap` run (a page answering 404 is also I009), the pages of a
    folder (saved files have no status: a link to one of them works). Links the crawl does not hold are not
    fetched; C004 counts them. Reported on the page that links, at the line of the link (inside a WARC record,
    the message gives the page's line: the finding's location is the record).

    Fix: correct the link or restore the page it leads to; a page that moved should redirect to its new place.

    Passing: <a href="/10462/10778/list.shtml"> where the crawl holds that URL answered 200 (or a saved file of it)
    Failing: <a href="gone.shtml"> where the crawl's record for gone.shtml answered 404 -> C001 on the linking page
    """
    for page in ctx.pages:
        if not page.is_page:
            continue
        for url, line in page.links:
            target = link_target(ctx, url)
            if target is None or target[1] is None:
                continue
            final, status, hops = target
            via = ""
            if len(hops) > 1:
                via = _(" is redirected ({count} redirects) to {final}, which").format(count=len(hops), final=final)
            elif hops:
                via = _(" is redirected to {final}, which").format(final=final)
            where = ""
            if line is not None and not page.line_in_file:
                where = _(" (line {line} of the page)").format(line=line)
            yield SiteViolation(
                page,
                _(
                    "link to {url}{via} answered HTTP {status} in the crawl{where}: "
                    "a visitor following it finds no page"
                ).format(url=url, via=via, status=status, where=where),
                value=url,
                line=line if page.line_in_file else None,
            )


@rule(
    "C002",
    "section-stale",
    Severity.WARNING,
    "Sections are kept up to date",
    frozenset(("gov",)),
    scope="site",
    requirement=UPDATES,
)
def section_stale(ctx: SiteContext) -> Iterator[SiteViolation]:
    """A section of the site has published nothing for longer than its maximum age, at the time of the crawl.

    A page's section is its ColumnName meta tag, else the last link of its breadcrumb, else its URL's folder (date
    folders left out). The section's newest publication date (published_at of its pages) is compared with the
    latest capture date of its pages read from WARC records (WARC-Date) or fetched (the fetch time). Saved files
    take part with their publication dates but give no capture date: their captured_at is the file's modification
    time, which a copy or a checkout resets, so a section only saved files show is not judged.

    Defaults, from the national inspection indicators for government websites, 国务院办公厅秘书局《政府网站与政
    务新媒体检查指标》(国办秘函〔2019〕19号), 栏目不更新: 动态、要闻类栏目 2 weeks (监测时间点前2周内), 通知公告、
    政策文件类栏目 6 months (监测时间点前6个月内). The indicators give no period for other sections ("应更新但长期未
    更新"): pav uses 1 year. Matched on the section name, first match wins: `*动态*` and `*要闻*` 2w; `*通知*`,
    `*公告*`, `*政策*`, `*文件*` 6mo; `*` 1y. `[section-max-age]` in the configuration puts patterns before these
    (`"*专题*" = "never"` stops judging a section). Reported on the section's newest page.

    A crawl sees only the pages it fetched: a section whose newest pages were not crawled looks older than it is.

    Passing: section 要闻动态, newest page of 2023-11-20, crawled 2023-11-23 (3 days; 2 weeks allowed)
    Failing: section 通知公告, newest page of 2022-12-01, crawled 2023-11-23 -> C002 on that newest page
    """
    sections: dict[str, _Section] = {}  # one entry a section, not its pages (ctx.pages is streamed)
    for page in ctx.pages:  # URL order
        if page.is_page and page.section:
            seen = sections.get(page.section)
            if seen is None:
                seen = sections[page.section] = _Section()
            moment = parse_moment(page.published)
            if moment is not None and (seen.newest_moment is None or moment > seen.newest_moment):
                seen.newest_moment, seen.newest = moment, replace(page, links=())  # the first in URL order
            capture = _capture(page)
            if capture is not None and (seen.captured is None or capture > seen.captured):
                seen.captured = capture
    for section in sorted(sections):
        judged = ctx.max_age(section)
        if judged is None:
            continue
        pattern, age = judged
        seen = sections[section]
        newest_moment, newest, captured = seen.newest_moment, seen.newest, seen.captured
        if newest_moment is None or newest is None or captured is None:
            continue
        if newest_moment >= earliest_allowed(captured, age):
            continue
        days = (captured - newest_moment).days
        yield SiteViolation(
            newest,
            _(
                "section '{section}' ({source}) has published nothing for {days} days: its newest page ({url}) is of "
                "{published}, the crawl of {captured}; sections matching '{pattern}' must be updated within {age} "
                "(国办秘函〔2019〕19号 and [section-max-age])"
            ).format(
                section=section,
                source=_(newest.section_from),
                days=days,
                url=newest.url,
                published=newest_moment.date().isoformat(),
                captured=captured.date().isoformat(),
                pattern=pattern,
                age=age_text(age),
            ),
            path="/published_at",
            value=section,
        )


class _Section:
    """What C002 needs of a section: its newest publication, the first page (URL order) of that date, and its
    latest capture."""

    __slots__ = ("captured", "newest", "newest_moment")

    def __init__(self) -> None:
        self.newest_moment: datetime | None = None
        self.newest: PageFacts | None = None
        self.captured: datetime | None = None


def _capture(page: PageFacts) -> datetime | None:
    """When the page was crawled, if it was read from a WARC record or fetched live. A saved file's captured_at is
    its modification time, which a copy or a checkout resets: no crawl date."""
    return parse_moment(page.captured) if page.status is not None else None


@rule(
    "C003",
    "page-duplicate",
    Severity.INFO,
    "Each page is in the crawl once",
    _GOV_NEWS,
    scope="site",
    requirement=DUPLICATES,
)
def page_duplicate(ctx: SiteContext) -> Iterator[SiteViolation]:
    """A page of the site has the same title, text and footer as another page at a different URL: an archive wants it
    once (and a site serving one article at several URLs splits its links and search results).

    Compared: a hash of what the page reader kept of the page, its title, text and footer (navigation, markup and
    white space left out), so two captures differing only in their template or a visit counter are duplicates.
    Which copy is the page's own: the one at the URL the copies declare as canonical (`<link rel="canonical">`,
    og:url); else the one captured first; else the lowest URL (so the result never depends on the input's order).
    Every other copy is reported, naming it. Captures of one URL (a page crawled twice) are not duplicates.

    Passing: a.shtml and b.shtml with different articles; a.shtml captured twice
    Failing: a.shtml and a-mirror.shtml with the same title, text and footer, both declaring a.shtml canonical ->
    C003 on a-mirror.shtml naming a.shtml
    """
    for group in ctx.duplicate_groups():
        first = _own_copy(group)
        for page in group:
            if page.url != first.url:
                yield SiteViolation(
                    page,
                    _("same title, text and footer as {url}: the page is in the crawl twice, under two URLs").format(
                        url=first.url
                    ),
                    value=first.url,
                )


def _own_copy(group: list[PageFacts]) -> PageFacts:
    """Of pages with the same content, the page's own URL (see C003): declared canonical, else captured first, else
    the lowest URL; `group` is in URL order."""
    declared = {page.canonical for page in group if page.canonical}
    named = [page for page in group if page.url in declared]
    if named:
        return named[0]
    far_future = datetime.max.replace(tzinfo=UTC)
    return min(group, key=lambda page: (parse_moment(page.captured) or far_future, page.url))


LINKS_NOT_JUDGED = reader_rule(
    "C004",
    "links-not-judged",
    Severity.INFO,
    "Links leading outside the crawl",
    """How many links of the site's pages lead to URLs the crawl does not hold, and were therefore not judged by
    C001: pav fetches nothing a run was not given. One note per site, on its first page (lowest URL).

    A note on what the crawl could not judge, as I007 is on what a reader skipped: made by pav (validator.crawl)
    after the site rules, not a check of its own, and no column of the scorecard. Crawl the pages the links lead
    to (or give them to the same run) to have them judged.
    """,
)


def links_not_judged(ctx: SiteContext) -> SiteViolation | None:
    """The C004 note of a site, or None when every link was judged."""
    first: PageFacts | None = None
    pages = total = outside = 0
    for page in ctx.pages:  # streamed: counted, never collected
        if not page.is_page:
            continue
        first = page if first is None else first
        pages += 1
        for url, _line in page.links:
            total += 1
            if link_target(ctx, url) is None:
                outside += 1
    if not outside or first is None:
        return None
    return SiteViolation(
        replace(first, links=()),
        _(
            "{outside} of the {total} links on the {pages} pages of {site} in this crawl lead to pages it does not "
            "hold (or through redirects out of it): not judged by C001"
        ).format(outside=outside, total=total, pages=pages, site=ctx.site),
    )
