"""R: checks across the fields of the record itself, beyond what a JSON Schema can say."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterator
from datetime import timedelta

from validator.digests import text_sha256
from validator.findings import Severity
from validator.rules.base import RecordContext, Violation, rule

# Clocks of crawlers and CMSs drift; a page stamped a few minutes ahead is not "from the future".
CLOCK_SKEW = timedelta(minutes=10)

_PLACEHOLDER_HOSTS = ("localhost", "example.com", "example.org", "example.net", "example.cn")
_RESERVED_SUFFIXES = (".local", ".localhost", ".test", ".example", ".invalid", ".internal", ".lan")


@rule("R001", "captured-before-published", Severity.ERROR, "The page was not captured before it was published")
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


@rule("R002", "content-hash-mismatch", Severity.ERROR, "content_sha256 is the SHA-256 of the body")
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


@rule("R003", "url-host-implausible", Severity.WARNING, "The page URL's host is plausible for a published site")
def url_host_implausible(ctx: RecordContext) -> Iterator[Violation]:
    """The page URL's host does not look like a public website's, or not like a government portal's.

    Reported when the host is an IP address, `localhost`, a single label, an example or reserved domain
    (`example.com`, `.test`, `.local` ...), which usually means a staging copy was captured. With the `gov`
    profile the host must also be under `gov.cn`: the State Council's guideline for government websites
    (国办发〔2017〕47号) requires government sites to use gov.cn domains.

    Passing: https://www.sc.gov.cn/10462/c102914/2023/11/22/x.shtml
    Failing: http://192.168.1.20/news/1.html -> R003 at /url;
             with profile gov, https://www.sichuan-news.com/a.html -> R003 at /url
    """
    host = ctx.url_host
    if not host:
        return  # no host to judge: S003/S004 report the URL itself
    problem = _host_problem(host)
    if problem is None and ctx.profile == "gov" and not (host == "gov.cn" or host.endswith(".gov.cn")):
        problem = "is not under gov.cn, which government websites are required to use"
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


@rule("R004", "published-in-future", Severity.WARNING, "The publication time is not in the future")
def published_in_future(ctx: RecordContext) -> Iterator[Violation]:
    """`published_at` lies in the future (more than 10 minutes ahead of the checking machine's clock).

    Usually a wrong year or a time zone error in the CMS (a local time labelled as UTC).

    Passing: published_at 2023-11-22T10:55:00+08:00
    Failing: published_at 2099-01-01T00:00:00+08:00 -> R004 at /published_at
    """
    published = ctx.record.published_at
    if published is not None and published > ctx.now + CLOCK_SKEW:
        yield Violation(f"published_at {published.isoformat()} is in the future", "/published_at")
