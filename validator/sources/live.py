"""Live pages: `pav check https://…` and `--sitemap URL`, fetched with the standard library.

- Network is used only for URLs the user gave (and the pages and child sitemaps their sitemaps list). A
  page's own resources (scripts, images, styles, frames) are never fetched: the page is parsed as text.
- `urllib.request` with a `concurrent.futures` thread pool: `--concurrency` pages at a time, results in input
  order, at most twice that many answers waiting, so a sitemap of a million pages streams.
- Each attempt has `--timeout` seconds for the whole answer (connect, headers and body, not per read), and
  answers larger than 20 MiB are refused. Timeouts, connection errors, 429 and 5xx are retried `--retries`
  times with exponential backoff (1 s, 2 s, 4 s …; a Retry-After of up to 30 s is honoured). Redirects are
  followed (up to 10, http and https only); the record's `url` is the final URL, `source.location` the one
  asked for.
- User-Agent `pav/<version> (+https://pav.dev)`, so site operators can tell who is calling.
- A status other than 200, a timeout or a network error is an I009 finding naming the URL; a non-HTML answer
  (a PDF listed in a sitemap) is I007 (info); a broken sitemap is I010. Never a traceback.
- Sitemaps (sitemaps.org protocol): <urlset> pages and <sitemapindex> children (nested up to 3 levels, each
  sitemap fetched once), gzip-compressed sitemaps, and plain-text sitemaps (one URL per line). XML is parsed
  with lxml with entity expansion, DTD loading and network access off (no XXE, no billion laughs).
"""

from __future__ import annotations

import dataclasses
import email.utils
import gzip
import http.client
import io
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from validator import __version__
from validator.findings import Finding, Location
from validator.sources import FetchOptions, SourceItem, is_url
from validator.sources.dates import CHINA, rfc3339
from validator.sources.encoding import charset_of_content_type
from validator.sources.html import html_item
from validator.sources.pages import url_name_hint
from validator.sources.problems import FETCH_FAILED, SITEMAP_INVALID, SKIPPED

__all__ = ["PROJECT_URL", "Fetched", "fetch", "iter_sitemap_pages", "iter_url_pages", "user_agent"]

PROJECT_URL = "https://pav.dev"
_HTML_TYPES = frozenset(("text/html", "application/xhtml+xml"))
_RETRY_STATUS = frozenset((429, 500, 502, 503, 504))
_MAX_RETRY_AFTER = 30.0
_MAX_REDIRECTS = 10
_MAX_SITEMAP_DEPTH = 3
_MAX_SITEMAP_BYTES = 64 * 1024 * 1024  # the protocol allows 50 MB uncompressed
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_CHUNK = 64 * 1024


def user_agent(options: FetchOptions) -> str:
    return options.user_agent or f"pav/{__version__} (+{PROJECT_URL})"


@dataclass(frozen=True, slots=True)
class Fetched:
    """The outcome of fetching one URL: a body (status 200), or an error message."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int | None
    content_type: str | None
    body: bytes | None
    error: str | None  # why there is no usable body
    attempts: int
    fetched_at: datetime


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = _MAX_REDIRECTS

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not is_url(newurl):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http URL {newurl!r}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # Environment proxies are honoured (ProxyHandler is a default handler); no cookies, no auth.
    return urllib.request.build_opener(_Redirects())


class _TooLarge(Exception):
    pass


class _Deadline(Exception):
    pass


def fetch(url: str, options: FetchOptions, *, sleep: Callable[[float], None] = time.sleep) -> Fetched:
    """GET one URL with retries; never raises for network or HTTP problems."""
    opener = _opener()
    attempt = 0
    while True:
        attempt += 1
        fetched_at = datetime.now(UTC)
        retry_after: float | None = None
        try:
            status, final_url, content_type, body = _get(opener, url, options)
            return Fetched(url, final_url, status, content_type, body, None, attempt, fetched_at)
        except urllib.error.HTTPError as error:
            status = error.code
            message = f"HTTP {error.code} {error.reason}".rstrip()
            final_url = error.url or url
            retryable = status in _RETRY_STATUS
            retry_after = _retry_after(error.headers.get("Retry-After") if error.headers else None)
            error.close()
            if not retryable or attempt > options.retries:
                return Fetched(url, final_url, status, None, None, message, attempt, fetched_at)
        except _TooLarge:
            message = f"answer larger than {options.max_bytes} bytes"
            return Fetched(url, url, 200, None, None, message, attempt, fetched_at)
        except (_Deadline, TimeoutError):
            message = f"no complete answer within {options.timeout:g} s (timeout)"
            if attempt > options.retries:
                return Fetched(url, url, None, None, None, message, attempt, fetched_at)
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, ssl.SSLError, OSError) as error:
            message = _network_reason(error)
            if isinstance(error, urllib.error.URLError) and isinstance(error.reason, TimeoutError | socket.timeout):
                message = f"no complete answer within {options.timeout:g} s (timeout)"
            if attempt > options.retries or not _retryable(error):
                return Fetched(url, url, None, None, None, message, attempt, fetched_at)
        except ValueError as error:  # a URL urllib cannot use at all
            return Fetched(url, url, None, None, None, f"unusable URL: {error}", attempt, fetched_at)
        delay = options.backoff * (2 ** (attempt - 1))
        if retry_after is not None:
            delay = max(delay, min(retry_after, _MAX_RETRY_AFTER))
        sleep(delay)


def _get(opener: urllib.request.OpenerDirector, url: str, options: FetchOptions) -> tuple[int, str, str | None, bytes]:
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": user_agent(options),
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip",
        },
    )
    deadline = time.monotonic() + options.timeout
    with opener.open(request, timeout=options.timeout) as response:
        status = response.status
        content_type = response.headers.get("Content-Type")
        encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
        declared = response.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > options.max_bytes:
            raise _TooLarge
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise _Deadline
            chunk = response.read1(_CHUNK)  # what has arrived: the deadline is checked between pieces
            if not chunk:
                break
            size += len(chunk)
            if size > options.max_bytes:
                raise _TooLarge
            chunks.append(chunk)
        body = b"".join(chunks)
        if encoding in ("gzip", "x-gzip"):
            body = _gunzip(body, options.max_bytes)
        return status, response.geturl(), content_type, body


def _gunzip(data: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits=47)  # gzip or zlib header, detected
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise urllib.error.URLError(f"corrupt gzip answer: {error}") from None
    if len(out) > limit:
        raise _TooLarge
    return out


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _retryable(error: BaseException) -> bool:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, ssl.SSLCertVerificationError):
        return False  # a certificate problem does not go away by asking again
    if isinstance(reason, socket.gaierror):
        return reason.errno in (socket.EAI_AGAIN,)  # temporary DNS failure only
    return not isinstance(error, urllib.error.HTTPError)


def _network_reason(error: BaseException) -> str:
    reason: Any = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, socket.gaierror):
        return f"host name cannot be resolved ({reason.strerror or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted ({reason.verify_message or reason})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({reason})"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(error, http.client.IncompleteRead):
        return "the answer ended before its Content-Length"
    if isinstance(error, http.client.HTTPException):
        return f"invalid HTTP answer ({type(error).__name__})"
    text = str(reason) if reason is not None else type(error).__name__
    return " ".join(text.split()) or type(error).__name__


# --- pages -----------------------------------------------------------------------------------------------


def page_item(fetched: Fetched) -> SourceItem:
    """A fetched URL -> a record (HTML), I007 (not HTML) or I009 (no answer)."""
    location = Location(fetched.url)
    if fetched.error is not None or fetched.body is None:
        tries = f" after {fetched.attempts} attempts" if fetched.attempts > 1 else ""
        where = f" (redirected to {fetched.final_url})" if fetched.final_url != fetched.url else ""
        return FETCH_FAILED.finding(f"{fetched.url}{where}: {fetched.error}{tries}", location)
    if fetched.status != 200:
        return FETCH_FAILED.finding(f"{fetched.url}: HTTP {fetched.status}, not 200", location)
    mime = (fetched.content_type or "").split(";", 1)[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return SKIPPED.finding(f"{fetched.url} is {mime}, not an HTML page: skipped", location)
    return html_item(
        fetched.body,
        location=location,
        source_location=fetched.url,
        id_hint=url_name_hint(fetched.final_url, "page"),
        url=fetched.final_url,
        captured_at=rfc3339(fetched.fetched_at.astimezone(CHINA)),
        http_charset=charset_of_content_type(fetched.content_type),
        media_type=fetched.content_type or "text/html",
    )


def iter_url_pages(urls: Iterable[str], options: FetchOptions) -> Iterator[SourceItem]:
    """Fetch URLs concurrently; items in the order of `urls`."""
    yield from _in_order(urls, lambda url: page_item(fetch(url, options)), options.concurrency)


def _in_order(inputs: Iterable[str], work: Callable[[str], SourceItem], workers: int) -> Iterator[SourceItem]:
    """Run `work` on a thread pool, at most 2 x workers pending, yielding results in input order."""
    workers = max(1, workers)
    pending: deque[Future[SourceItem]] = deque()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pav-fetch") as pool:
        try:
            for item in inputs:
                pending.append(pool.submit(work, item))
                while len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:  # the consumer stopped early: do not fetch the rest
                future.cancel()


# --- sitemaps --------------------------------------------------------------------------------------------


def iter_sitemap_pages(sitemaps: Sequence[str], options: FetchOptions) -> Iterator[SourceItem]:
    """Every page every sitemap lists (sitemap indexes followed), fetched and read; findings for broken ones."""
    problems: list[SourceItem] = []

    def urls() -> Iterator[str]:
        seen: set[str] = set()
        for sitemap in sitemaps:
            yield from _sitemap_urls(sitemap, options, seen, problems, 0)

    pages = _in_order(urls(), lambda url: page_item(fetch(url, options)), options.concurrency)
    for item in pages:
        # Problems found while listing come out before the pages fetched after them.
        while problems:
            yield problems.pop(0)
        yield item
    while problems:
        yield problems.pop(0)


def _sitemap_urls(
    sitemap: str, options: FetchOptions, seen: set[str], problems: list[SourceItem], depth: int
) -> Iterator[str]:
    if sitemap in seen:
        problems.append(SITEMAP_INVALID.finding(f"{sitemap} is listed again (a loop); read once", Location(sitemap)))
        return
    seen.add(sitemap)
    body = _sitemap_body(sitemap, options, problems)
    if body is None:
        return
    location = Location(sitemap)
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"<"):
        yield from _text_sitemap(sitemap, body, problems)
        return
    from lxml import etree

    parser_options: dict[str, Any] = {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "huge_tree": False,
        "recover": False,
    }
    root_kind: str | None = None
    broken = False
    locs = bad = 0
    children: list[str] = []
    try:
        context = etree.iterparse(io.BytesIO(body), events=("start", "end"), **parser_options)
        for event, element in context:
            tag = element.tag if isinstance(element.tag, str) else ""
            local = tag.rsplit("}", 1)[-1]
            if event == "start":
                if root_kind is None:
                    root_kind = local
                    if local not in ("urlset", "sitemapindex"):
                        problems.append(
                            SITEMAP_INVALID.finding(
                                f"{sitemap} is not a sitemap: its root is <{local}>, not <urlset> or <sitemapindex>",
                                location,
                            )
                        )
                        return
                continue
            if local != "loc":
                if local in ("url", "sitemap"):
                    element.clear()
                    parent = element.getparent()
                    if parent is not None:
                        while element.getprevious() is not None:
                            del parent[0]
                continue
            value = (element.text or "").strip()
            if not is_url(value):
                bad += 1
                continue
            locs += 1
            if root_kind == "sitemapindex":
                children.append(value)
            else:
                yield value
    except etree.XMLSyntaxError as error:
        broken = True
        message = f"{sitemap} is not well-formed XML: {error}; the pages listed before the error are checked"
        problems.append(SITEMAP_INVALID.finding(message, location))
    if bad:
        problems.append(
            SITEMAP_INVALID.finding(f"{sitemap} has {bad} <loc> value(s) that are not http(s) URLs; skipped", location)
        )
    if root_kind is not None and locs == 0 and not bad and not broken:
        problems.append(SITEMAP_INVALID.finding(f"{sitemap} lists no <loc> at all", location))
    for child in children:
        if depth + 1 >= _MAX_SITEMAP_DEPTH:
            problems.append(
                SITEMAP_INVALID.finding(f"{child} (listed by {sitemap}) is nested too deep; not read", location)
            )
            continue
        yield from _sitemap_urls(child, options, seen, problems, depth + 1)


def _text_sitemap(sitemap: str, body: bytes, problems: list[SourceItem]) -> Iterator[str]:
    text = body.decode("utf-8", "replace")
    count = bad = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if is_url(line):
            count += 1
            yield line
        else:
            bad += 1
    if bad or not count:
        problems.append(
            SITEMAP_INVALID.finding(
                f"{sitemap} is neither an XML sitemap nor a list of URLs ({bad} other line(s))"
                if not count
                else f"{sitemap} has {bad} line(s) that are not http(s) URLs; skipped",
                Location(sitemap),
            )
        )


def _sitemap_body(sitemap: str, options: FetchOptions, problems: list[SourceItem]) -> bytes | None:
    location = Location(sitemap)
    if is_url(sitemap):
        fetched = fetch(sitemap, dataclasses.replace(options, max_bytes=_MAX_SITEMAP_BYTES))
        item = page_item_for_sitemap(fetched)
        if isinstance(item, Finding):
            problems.append(item)
            return None
        body = fetched.body or b""
    else:
        try:
            body = Path(sitemap).read_bytes()
        except OSError as error:
            problems.append(SITEMAP_INVALID.finding(f"cannot read sitemap {sitemap}: {error.strerror}", location))
            return None
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as handle:
                body = handle.read(_MAX_SITEMAP_BYTES + 1)
        except (OSError, EOFError, zlib.error) as error:
            problems.append(SITEMAP_INVALID.finding(f"{sitemap} is a broken gzip file: {error}", location))
            return None
        if len(body) > _MAX_SITEMAP_BYTES:
            problems.append(SITEMAP_INVALID.finding(f"{sitemap} is larger than 64 MiB uncompressed", location))
            return None
    return body


def page_item_for_sitemap(fetched: Fetched) -> SourceItem | None:
    """I009 for a sitemap that could not be fetched, else None."""
    if fetched.error is not None or fetched.body is None or fetched.status != 200:
        tries = f" after {fetched.attempts} attempts" if fetched.attempts > 1 else ""
        reason = fetched.error or f"HTTP {fetched.status}"
        return FETCH_FAILED.finding(f"sitemap {fetched.url}: {reason}{tries}", Location(fetched.url))
    return None
