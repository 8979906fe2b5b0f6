"""R: checks across the fields of the record itself, beyond what a JSON Schema can say."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterator
from datetime import timedelta

from validator.digests import text_sha256
from validator.findings import Severity
from validator.rules.base import RecordContext, Violation, rule
from validator.rules.requirements import PAGE_METADATA
from validator.sources.dates import dates_disagree, source_from_text
from validator.urls import is_government_host

# Clocks of crawlers and CMSs drift; a page stamped a few minutes ahead is not "from the future".
CLOCK_SKEW = timedelta(minutes=10)

_PLACEHOLDER_HOSTS = ("localhost", "example.com", "example.org", "example.net", "example.cn")
_RESERVED_SUFFIXES = (".local", ".localhost", ".test", ".example", ".invalid", ".internal", ".lan")


@rule(
    "R001",
    "captured-before-published",
    Severity.ERROR,
    "The page was not captured before it was published",
    requirement=PAGE_METADATA,
)
def captured_before_published(ctx: RecordContext) -> Iterator[Violation]:
    """`captured_at` is earlier than `published_at`: one of the two timestamps is wrong.

    Both are compared as instants, so offsets count (`10:00+08:00` equals `02:00Z`).

    Passing: published_at 2023-11-22T10:55:00+08:00, captured_at 2023-11-22T12:00:00+08:00
    Failing: captured_at 2023-11-21T09:00:00+08:00 for the same page -> R001 at /captured_at
    """
    published, captured = ctx.record.published_at, ctx.record.captured_at
    if published is not None and captured is not None and captured < published:
        yield Violation(
            f"captured_at {captured.isoformat()} is before published_at {published.isoformat()}",
            "/captured_at",
        )


@rule(
    "R002",
    "content-hash-mismatch",
    Severity.ERROR,
    "content_sha256 is the SHA-256 of the body",
    requirement=PAGE_METADATA,
)
def content_hash_mismatch(ctx: RecordContext) -> Iterator[Violation]:
    """`content_sha256` is present but is not the SHA-256 of `body` encoded as UTF-8.

    Either the body was changed after it was hashed, or the digest was computed over something else (the
    raw HTML, a different encoding). Archives rely on this digest for fixity.

    Passing: content_sha256 = sha256(body.encode("utf-8")).hexdigest()
    Failing: any other 64-hex value -> R002 at /content_sha256
    """
    expected, body = ctx.record.content_sha256, ctx.record.body
    if expected is None or body is None or len(expected) != 64:
        return  # absent, or malformed (S004 reports that)
    actual = text_sha256(body)  # remembered when a page reader has just hashed this body
    if actual != expected.lower():
        yield Violation(
            f"content_sha256 {expected[:12]}... does not match the body (sha256 {actual[:12]}...)",
            "/content_sha256",
        )


@rule(
    "R003",
    "url-host-implausible",
    Severity.WARNING,
    "The page URL's host is plausible for a published site",
    requirement=PAGE_METADATA,
)
def url_host_implausible(ctx: RecordContext) -> Iterator[Violation]:
    """The page URL's host does not look like a public website's, or not like a government portal's.

    Reported when the host is an IP address, `localhost`, a single label, an example or reserved domain
    (`example.com`, `.test`, `.local` ...), which usually means a staging copy was captured. With the `gov`
    profile the host must also be under `gov.cn` or the Chinese top-level domain `.政务`: the State Council's
    guideline for government websites (国办发〔2017〕47号) requires government sites to use them.

    Passing: https://www.sc.gov.cn/10462/c102914/2023/11/22/x.shtml
    Failing: http://192.168.1.20/news/1.html -> R003 at /url;
             with profile gov, https://www.sichuan-news.com/a.html -> R003 at /url
    """
    host = ctx.url_host
    if not host:
        return  # no host to judge: S003/S004 report the URL itself
    problem = _host_problem(host)
    if problem is None and ctx.profile == "gov" and not is_government_host(host):
        problem = "is not under gov.cn or .政务, which government websites are required to use"
    if problem is not None:
        yield Violation(f"URL host {host!r} {problem}", "/url")


@functools.lru_cache(maxsize=4096)  # hosts repeat on every page of a site
def _host_problem(host: str) -> str | None:
    try:
        ipaddress.ip_address(host)
        return "is an IP address, not a site's domain"
    except ValueError:
        pass
    if "." not in host:
        return "is a single-label host name, not a public domain"
    if host in _PLACEHOLDER_HOSTS or host.endswith(tuple("." + h for h in _PLACEHOLDER_HOSTS)):
        return "is an example domain"
    if host.endswith(_RESERVED_SUFFIXES):
        return "is under a reserved or internal domain"
    return None


@rule(
    "R004",
    "published-in-future",
    Severity.WARNING,
    "The publication time is not in the future",
    requirement=PAGE_METADATA,
)
def published_in_future(ctx: RecordContext) -> Iterator[Violation]:
    """`published_at` lies in the future (more than 10 minutes ahead of the checking machine's clock).

    Usually a wrong year or a time zone error in the CMS (a local time labelled as UTC).

    Passing: published_at 2023-11-22T10:55:00+08:00
    Failing: published_at 2099-01-01T00:00:00+08:00 -> R004 at /published_at
    """
    published = ctx.record.published_at
    if published is not None and published > ctx.now + CLOCK_SKEW:
        yield Violation(f"published_at {published.isoformat()} is in the future", "/published_at")


@rule(
    "R005",
    "published-date-disagreement",
    Severity.WARNING,
    "The page's publication date sources agree",
    requires=("evidence",),
    requirement=PAGE_METADATA,
)
def published_date_disagreement(ctx: RecordContext) -> Iterator[Violation]:
    """The page says when it was published in several places (the date it shows under 发布日期, the date in its
    URL, JSON-LD, a news CMS's comment, meta tags such as PubDate or article:published_time) and they disagree
    by more than a day (a month, against a URL that gives only a month). pav takes published_at from the most
    trusted source (see the README: a visible date, then the URL, JSON-LD, the CMS comment, meta tags) and
    lists every source in `evidence.dates`; this finding says the date is uncertain, which an archive's
    metadata must know. A common cause: a CMS writes the time it generated the page into the PubDate meta tag.

    Passing: 发布日期：2017-05-15 10:49 shown, URL …/201705/t20170515_1.html, PubDate 2017-05-15 10:49
    Failing: the same page with <meta name="PubDate" content="2022-03-01 09:00"> -> R005 at /published_at
    """
    evidence = ctx.record.evidence
    if evidence is None or not evidence.dates or not evidence.published_at_from:
        return
    read = (source_from_text(item.source or "", item.value or "", item.precision or "") for item in evidence.dates)
    sources = [source for source in read if source is not None]
    taken_name = evidence.published_at_from.split(" (time from ", 1)[0]
    taken = next((source for source in sources if source.source == taken_name), None)
    if taken is None:
        return
    others = [source for source in sources if source is not taken]
    disagreeing = [source for source in others if dates_disagree(taken, source)]
    if disagreeing:
        said = "; ".join(f"{source.source} says {source.text}" for source in disagreeing)
        yield Violation(
            f"the page's publication dates disagree: {taken.source} says {taken.text} (taken), {said}",
            "/published_at",
        )


@rule(
    "R006",
    "declared-language-wrong",
    Severity.WARNING,
    "The page declares the language it is written in",
    requires=("evidence",),
    requirement=PAGE_METADATA,
)
def declared_language_wrong(ctx: RecordContext) -> Iterator[Violation]:
    """The page declares a language (`<html lang>`, xml:lang or the Content-Language meta tag) that is no BCP 47
    language tag ("utf-8", "gb2312", "cn"), or one its text contradicts (`lang="en"` on a page written in
    Chinese). Screen readers, search engines and archives read the declaration; pav takes the language of the
    text instead and keeps the declaration in `evidence.language`. Only the script is compared (Chinese
    characters or Latin letters), so a page declared "fr" is never contradicted.

    Passing: <html lang="zh-CN"> on a Chinese page
    Failing: <html lang="utf-8">, or <html lang="en"> on a Chinese page -> R006 at /language
    """
    evidence = ctx.record.evidence
    declared = evidence.language if evidence is not None else None
    if declared is None or not declared.declared:
        return
    names = {"zh": "Chinese", "en": "English"}
    taken = f"; pav took {declared.detected!r} from its text" if declared.detected else ""
    if declared.valid is False:
        yield Violation(f"the page declares language {declared.declared!r}, which is no BCP 47 language tag{taken}",
                        "/language")  # fmt: skip
    elif declared.detected:
        yield Violation(
            f"the page declares language {declared.declared!r} but its text is "
            f"{names.get(declared.detected, declared.detected)} ({declared.detected!r})",
            "/language",
        )
