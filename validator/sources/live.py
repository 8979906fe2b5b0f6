"""Live pages: `pav check https://…` and `--sitemap URL`, fetched with the standard library.

- Network is used only for URLs the user gave (and the pages and child sitemaps their sitemaps list, and the
  redirects of all these). A page's own resources (scripts, images, styles, frames) are never fetched: the page
  is parsed as text.
- What pav discovers itself (sitemap entries, child sitemaps, every redirect target, a named URL's included) is
  fetched only from public addresses: a host at a loopback, private, link-local, unspecified, multicast,
  reserved or otherwise non-global address (IPv4 inside IPv6 judged too) is refused (I009) unless
  `allow_private` (`--allow-private`). The check is made on the address connected to: the host is resolved once
  per connection and that very address is connected to, so DNS rebinding cannot slip between check and connect.
  Through a proxy (environment variables) the proxy connects: pav checks the addresses it resolves itself.
- `urllib.request` with a `concurrent.futures` thread pool: `--concurrency` pages at a time, results in input
  order, at most twice that many answers waiting, so a sitemap of a million pages streams.
- `--timeout` is a deadline for each URL: connect, name resolution, TLS handshake, status line and headers,
  every redirect hop, body and retries. At the deadline a timer shuts the fetch's sockets down, so a server
  dripping its headers a byte a second cannot hold pav past it. Answers larger than 20 MiB are refused, as are
  answers cut before their Content-Length. Timeouts, connection errors, 429 and 5xx are retried `--retries`
  times with exponential backoff (1 s, 2 s, 4 s …; a Retry-After of up to 30 s is honoured), but a retry
  starts only if its wait ends before the deadline. Redirects are followed (up to 10, http and https only);
  the record's `url` is the final URL, `source.location` the one asked for.
- A page listed more than once by the sitemaps of a run (`page_key`: fragment dropped, scheme and host in any
  case, default port) is fetched once; one I007 per --sitemap counts the duplicates skipped.
- User-Agent `pav/<version> (+https://pav.dev)`, so site operators can tell who is calling.
- A status other than 200, a timeout or a network error is an I009 finding naming the URL; a non-HTML answer
  (a PDF listed in a sitemap) is I007 (info); a broken sitemap is I010. Never a traceback.
- Sitemaps (sitemaps.org protocol): <urlset> pages and <sitemapindex> children (nested up to 3 levels, each
  sitemap fetched once), gzip-compressed sitemaps, and plain-text sitemaps (one URL per line). XML is parsed
  with lxml with entity expansion, DTD loading and network access off (no XXE, no billion laughs).
"""

from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import functools
import gzip
import hashlib
import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from validator import __version__
from validator.findings import Finding, Location
from validator.i18n import _, plural
from validator.sources import Answered, FetchOptions, SourceItem, collecting, is_url
from validator.sources.dates import CHINA, rfc3339
from validator.sources.encoding import charset_of_content_type
from validator.sources.html import html_item
from validator.sources.pages import url_name_hint
from validator.sources.problems import FETCH_FAILED, SITEMAP_INVALID, SKIPPED

__all__ = [
    "PROJECT_URL",
    "Fetched",
    "address_kind",
    "fetch",
    "iter_sitemap_pages",
    "iter_url_pages",
    "page_key",
    "user_agent",
]

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
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # a new Request: not named


class _TooLarge(Exception):
    pass


class _Deadline(Exception):
    pass


class _Refused(Exception):
    """A discovered URL (sitemap entry, redirect target) whose host is at an address pav does not fetch."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        super().__init__(host, address, kind)
        self.host, self.address, self.kind = host, address, kind
        self.url = ""  # set by the handler that opened it


# --- addresses -------------------------------------------------------------------------------------------

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def address_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why pav does not fetch a discovered URL at this address ("loopback", "private" …), or None for a public
    one. IPv6 addresses that carry an IPv4 address (IPv4-mapped, 6to4, Teredo, NAT64) are judged by it too."""
    if isinstance(address, ipaddress.IPv6Address):
        inner: ipaddress.IPv4Address | None = address.ipv4_mapped or address.sixtofour
        if inner is None and address.teredo is not None:
            inner = address.teredo[1]
        if inner is None and address in _NAT64:
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            kind = address_kind(inner)
            if kind is not None:
                return f"{kind} (inside {address})"
    for kind, test in (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if test:
            return kind
    return None if address.is_global else "non-public"


# --- one fetch: its deadline and its address check -------------------------------------------------------


class _Guard:
    """The deadline and the address policy of one URL's fetch, shared by its attempts and redirect hops.

    At the deadline a timer shuts down every socket the fetch opened, so no read outlives it however slowly
    the server drips its status line, headers or body; name resolution runs in a helper thread waited for
    only until the deadline. Discovered URLs (`named` False, and every redirect target) connect only to
    addresses checked here, the very addresses connected to, so DNS rebinding between check and connect
    cannot slip through.
    """

    def __init__(self, timeout: float, allow_private: bool) -> None:
        self.deadline = time.monotonic() + timeout
        self.allow_private = allow_private
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                _shutdown(sock)
            else:
                self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)
            self._sockets.clear()

    def close(self) -> None:
        self._timer.cancel()

    def resolve(self, host: str, port: int) -> list[tuple[Any, ...]]:
        """getaddrinfo, waited for until the deadline (a hung resolver is left behind in its daemon thread)."""
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            pass
        else:  # a literal address: nothing to wait for
            return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
        outcome: list[Any] = []
        done = threading.Event()

        def work() -> None:
            try:
                outcome.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
            except Exception as error:  # a resolver's failure is the fetch's, never a crash
                outcome.append(error if isinstance(error, OSError) else OSError(f"name resolution failed: {error}"))
            finally:
                done.set()

        threading.Thread(target=work, name="pav-resolve", daemon=True).start()
        if not done.wait(max(0.0, self.remaining())):
            self.expired = True
            raise _Deadline
        if isinstance(outcome[0], OSError):
            raise outcome[0]
        return list(outcome[0])

    def check(self, host: str, port: int) -> None:
        """Refuse a host any of whose addresses is not public (used when a proxy connects for pav)."""
        for *_rest, sockaddr in self.resolve(host, port):
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            kind = address_kind(address)
            if kind is not None:
                raise _Refused(host, str(address), kind)

    def connect(self, host: str, port: int, checked: bool) -> socket.socket:
        """A connected socket to `host`; with `checked`, only to public addresses (else _Refused)."""
        refused: _Refused | None = None
        error: OSError | None = None
        for family, kind_, proto, _name, sockaddr in self.resolve(host, port):
            if checked:
                address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
                kind = address_kind(address)
                if kind is not None:
                    refused = refused or _Refused(host, str(address), kind)
                    continue
            sock = socket.socket(family, kind_, proto)
            self.watch(sock)
            try:
                sock.settimeout(max(0.001, self.remaining()))
                sock.connect(sockaddr)  # the address checked above, not the name resolved again
            except OSError as failed:
                sock.close()
                error = failed
                continue
            return sock
        if error is not None:
            raise error
        if refused is not None:
            raise refused
        raise OSError(f"no address for {host}")


def _shutdown(sock: socket.socket) -> None:
    """Shut the connection down under whatever thread is reading it: its reads then end at once. For a TLS socket
    the descriptor is shut, not the TLS object (SSLSocket.shutdown would drop it under the reading thread)."""
    with contextlib.suppress(OSError):  # closed already (its descriptor is then -1: never another socket's)
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Connection(http.client.HTTPConnection):
    """An HTTP connection through the fetch's guard: its deadline, and (`checked`) public addresses only."""

    def __init__(self, host: str, *, guard: _Guard, checked: bool, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._guard, self._checked = guard, checked

    def connect(self) -> None:
        self.sock = self._guard.connect(self.host, self.port, self._checked)
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self._tunnel_host:  # type: ignore[attr-defined]
            self._tunnel()  # type: ignore[attr-defined]


class _TLSConnection(_Connection, http.client.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        hostname = self._tunnel_host or self.host  # type: ignore[attr-defined]
        context: ssl.SSLContext = self._context  # type: ignore[attr-defined]
        sock = context.wrap_socket(self.sock, server_hostname=hostname, do_handshake_on_connect=False)
        self._guard.watch(sock)  # the handshake too is bounded by the deadline
        sock.do_handshake()
        self.sock = sock


class _Open:
    """The connection of each request of one fetch: the URL as named is connected to as named (unless it is
    itself a discovered one); every other request (a redirect target) only to public addresses."""

    def __init__(self, guard: _Guard, named: bool) -> None:
        self.guard, self.named = guard, named

    def open(self, handler: urllib.request.AbstractHTTPHandler, connection: type, req: urllib.request.Request,
             **kwargs: Any) -> http.client.HTTPResponse:  # fmt: skip
        checked = not self.guard.allow_private and not (self.named and getattr(req, "pav_named", False))
        proxied = req.has_proxy() or getattr(req, "_tunnel_host", None) is not None
        try:
            if checked and proxied:  # the proxy connects: check the host's addresses as resolved here
                parts = urllib.parse.urlsplit(req.full_url)
                default = 443 if parts.scheme == "https" else 80
                self.guard.check(parts.hostname or "", parts.port or default)
            factory = functools.partial(connection, guard=self.guard, checked=checked and not proxied, **kwargs)
            return handler.do_open(factory, req)
        except _Refused as refused:
            refused.url = req.full_url
            raise


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, how: _Open) -> None:
        super().__init__()
        self._how = how

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self._how.open(self, _Connection, req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, how: _Open) -> None:
        super().__init__()
        self._how = how

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self._how.open(self, _TLSConnection, req, context=self._context)  # type: ignore[attr-defined]


def _opener(how: _Open) -> urllib.request.OpenerDirector:
    # Environment proxies are honoured (ProxyHandler is a default handler); no cookies, no auth.
    return urllib.request.build_opener(_Redirects(), _HTTP(how), _HTTPS(how))


def _timeout_message(options: FetchOptions) -> str:
    return f"no complete answer within the {options.timeout:g} s deadline (--timeout)"


def fetch(
    url: str, options: FetchOptions, *, named: bool = True, sleep: Callable[[float], None] = time.sleep
) -> Fetched:
    """GET one URL with retries, all within `options.timeout` seconds; never raises for network or HTTP problems.

    `named`: the user named this URL (fetched wherever it is); False for a URL pav discovered (a sitemap entry),
    fetched only from a public address unless `options.allow_private`. Redirect targets are always discovered.
    A retry starts only when its backoff ends before the deadline.
    """
    guard = _Guard(options.timeout, options.allow_private)
    try:
        return _fetch(url, options, guard, _opener(_Open(guard, named)), sleep)
    finally:
        guard.close()


def _fetch(
    url: str,
    options: FetchOptions,
    guard: _Guard,
    opener: urllib.request.OpenerDirector,
    sleep: Callable[[float], None],
) -> Fetched:
    attempt = 0
    while True:
        attempt += 1
        fetched_at = datetime.now(UTC)
        retry_after: float | None = None
        final_url = url
        try:
            status, final_url, content_type, body = _get(opener, url, options, guard)
            return Fetched(url, final_url, status, content_type, body, None, attempt, fetched_at)
        except urllib.error.HTTPError as error:
            status = error.code
            message = f"HTTP {error.code} {error.reason}".rstrip()
            final_url = error.url or url
            retryable = status in _RETRY_STATUS
            retry_after = _retry_after(error.headers.get("Retry-After") if error.headers else None)
            error.close()
            if guard.expired:
                return Fetched(url, final_url, None, None, None, _timeout_message(options), attempt, fetched_at)
            if not retryable or attempt > options.retries:
                return Fetched(url, final_url, status, None, None, message, attempt, fetched_at)
        except _TooLarge:
            message = f"answer larger than {options.max_bytes} bytes"
            return Fetched(url, url, 200, None, None, message, attempt, fetched_at)
        except _Refused as refused:
            message = (
                f"refused: {refused.host} is at {refused.address}, a {refused.kind} address; pav fetches the "
                "pages sitemaps list and redirect targets only from public addresses (--allow-private allows it)"
            )
            return Fetched(url, refused.url or url, None, None, None, message, attempt, fetched_at)
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, ssl.SSLError, OSError) as error:
            if guard.expired or _timed_out(error):
                message = _timeout_message(options)
                if guard.expired or guard.remaining() <= 0:
                    return Fetched(url, url, None, None, None, message, attempt, fetched_at)
            else:
                message = _network_reason(error)
            if attempt > options.retries or not _retryable(error):
                return Fetched(url, url, None, None, None, message, attempt, fetched_at)
        except _Deadline:
            return Fetched(url, final_url, None, None, None, _timeout_message(options), attempt, fetched_at)
        except ValueError as error:  # a URL urllib cannot use at all
            message = _timeout_message(options) if guard.expired else f"unusable URL: {error}"
            return Fetched(url, url, None, None, None, message, attempt, fetched_at)
        delay = options.backoff * (2 ** (attempt - 1))
        if retry_after is not None:
            delay = max(delay, min(retry_after, _MAX_RETRY_AFTER))
        if delay >= guard.remaining():  # a retry never starts past the deadline
            message += f"; not retried: the next attempt would start after the {options.timeout:g} s deadline"
            message += " (--timeout)"
            return Fetched(url, final_url, None, None, None, message, attempt, fetched_at)
        sleep(delay)


def _timed_out(error: BaseException) -> bool:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, TimeoutError | socket.timeout)


def _get(
    opener: urllib.request.OpenerDirector, url: str, options: FetchOptions, guard: _Guard
) -> tuple[int, str, str | None, bytes]:
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": user_agent(options),
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip",
        },
    )
    request.pav_named = True  # type: ignore[attr-defined]  # the URL as given; redirects make new requests
    with opener.open(request, timeout=max(0.001, guard.remaining())) as response:
        status = response.status
        content_type = response.headers.get("Content-Type")
        encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
        declared = response.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > options.max_bytes:
            raise _TooLarge
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = response.read1(_CHUNK)  # what has arrived; at the deadline the socket is shut: b""
            if not chunk:
                break
            size += len(chunk)
            if size > options.max_bytes:
                raise _TooLarge
            chunks.append(chunk)
        if guard.expired:
            raise _Deadline
        if response.length:  # the connection ended before the Content-Length: a cut answer, not a page
            raise http.client.IncompleteRead(b"".join(chunks), response.length)
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
        tries = _(" after {count} attempts").format(count=fetched.attempts) if fetched.attempts > 1 else ""
        where = _(" (redirected to {url})").format(url=fetched.final_url) if fetched.final_url != fetched.url else ""
        return FETCH_FAILED.finding(
            _("{url}{where}: {error}{tries}").format(url=fetched.url, where=where, error=fetched.error, tries=tries),
            location,
        )
    if fetched.status != 200:
        return FETCH_FAILED.finding(
            _("{url}: HTTP {status}, not 200").format(url=fetched.url, status=fetched.status), location
        )
    mime = (fetched.content_type or "").split(";", 1)[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return SKIPPED.finding(
            _("{url} is {mime}, not an HTML page: skipped").format(url=fetched.url, mime=mime), location
        )
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


def page_items(fetched: Fetched) -> tuple[SourceItem, ...]:
    """`page_item`, and when a run asks for links (the crawl-level checks) and the server answered with another
    status than 200, that answer (`Answered`: its final URL and status), so links to it are known to be broken. A
    redirect that ended in a page is not recorded as such: the page's record has the final URL, and links to the
    URL asked for are not judged."""
    item = page_item(fetched)
    if fetched.status is not None and fetched.status != 200 and collecting():
        return item, Answered(fetched.final_url, fetched.status, Location(fetched.url))
    return (item,)


def iter_url_pages(urls: Iterable[str], options: FetchOptions) -> Iterator[SourceItem]:
    """Fetch URLs concurrently; items in the order of `urls`."""
    for items in _in_order(urls, lambda url: page_items(fetch(url, options)), options.concurrency):
        yield from items


_Done = TypeVar("_Done")


def _in_order(inputs: Iterable[str], work: Callable[[str], _Done], workers: int) -> Iterator[_Done]:
    """Run `work` on a thread pool, at most 2 x workers pending, yielding results in input order."""
    workers = max(1, workers)
    pending: deque[Future[_Done]] = deque()
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
        pages: set[int] = set()  # 8-byte digests of page_key: about 60 bytes a page, a million pages ~60 MB
        for sitemap in sitemaps:
            duplicates = 0
            for url in _sitemap_urls(sitemap, options, seen, problems, 0):
                key = int.from_bytes(hashlib.blake2b(page_key(url).encode(), digest_size=8).digest(), "big")
                if key in pages:
                    duplicates += 1
                    continue
                pages.add(key)
                yield url
            if duplicates:
                problems.append(
                    SKIPPED.finding(
                        plural(
                            duplicates,
                            "{sitemap}: {count} page URL listed again (by its sitemaps, or an earlier --sitemap) "
                            "skipped: each page is fetched once",
                            "{sitemap}: {count} page URLs listed again (by its sitemaps, or an earlier --sitemap) "
                            "skipped: each page is fetched once",
                            sitemap=sitemap,
                        ),
                        Location(sitemap),
                    )
                )

    pages = _in_order(urls(), lambda url: page_items(fetch(url, options, named=False)), options.concurrency)
    for items in pages:
        # Problems found while listing come out before the pages fetched after them.
        while problems:
            yield problems.pop(0)
        yield from items
    while problems:
        yield problems.pop(0)


def page_key(url: str) -> str:
    """What makes two listed URLs the same page: scheme and host in any case, the default port written or not,
    an empty path or "/", and any fragment. The path and the query are compared as written (a trailing slash,
    the order of parameters, http and https, www or not may be other pages)."""
    parts = urllib.parse.urlsplit(url.strip())
    scheme = parts.scheme.lower()
    userinfo, _, hostport = parts.netloc.rpartition("@")
    host, port = hostport.lower(), ""
    if ":" in host.rsplit("]", 1)[-1]:  # a port (an IPv6 address's colons are inside its brackets)
        host, port = host.rsplit(":", 1)
    if port == {"http": "80", "https": "443"}.get(scheme):
        port = ""
    netloc = (userinfo + "@" if userinfo else "") + host + (":" + port if port else "")
    return urllib.parse.urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _sitemap_urls(
    sitemap: str, options: FetchOptions, seen: set[str], problems: list[SourceItem], depth: int
) -> Iterator[str]:
    key = page_key(sitemap) if is_url(sitemap) else sitemap  # the same sitemap however its URL is spelled
    if key in seen:
        problems.append(
            SITEMAP_INVALID.finding(
                _("{sitemap} is listed again (a loop); read once").format(sitemap=sitemap), Location(sitemap)
            )
        )
        return
    seen.add(key)
    body = _sitemap_body(sitemap, options, problems, named=depth == 0)
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
                                _(
                                    "{sitemap} is not a sitemap: its root is <{root}>, not <urlset> or <sitemapindex>"
                                ).format(sitemap=sitemap, root=local),
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
        message = _("{sitemap} is not well-formed XML: {error}; the pages listed before the error are checked").format(
            sitemap=sitemap, error=error
        )
        problems.append(SITEMAP_INVALID.finding(message, location))
    if bad:
        problems.append(
            SITEMAP_INVALID.finding(
                _("{sitemap} has {count} <loc> value(s) that are not http(s) URLs; skipped").format(
                    sitemap=sitemap, count=bad
                ),
                location,
            )
        )
    if root_kind is not None and locs == 0 and not bad and not broken:
        problems.append(SITEMAP_INVALID.finding(_("{sitemap} lists no <loc> at all").format(sitemap=sitemap), location))
    for child in children:
        if depth + 1 >= _MAX_SITEMAP_DEPTH:
            problems.append(
                SITEMAP_INVALID.finding(
                    _("{child} (listed by {sitemap}) is nested too deep; not read").format(
                        child=child, sitemap=sitemap
                    ),
                    location,
                )
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
                _("{sitemap} is neither an XML sitemap nor a list of URLs ({count} other line(s))").format(
                    sitemap=sitemap, count=bad
                )
                if not count
                else _("{sitemap} has {count} line(s) that are not http(s) URLs; skipped").format(
                    sitemap=sitemap, count=bad
                ),
                Location(sitemap),
            )
        )


def _sitemap_body(sitemap: str, options: FetchOptions, problems: list[SourceItem], *, named: bool) -> bytes | None:
    location = Location(sitemap)
    if is_url(sitemap):
        fetched = fetch(sitemap, dataclasses.replace(options, max_bytes=_MAX_SITEMAP_BYTES), named=named)
        item = page_item_for_sitemap(fetched)
        if isinstance(item, Finding):
            problems.append(item)
            return None
        body = fetched.body or b""
    else:
        try:
            body = Path(sitemap).read_bytes()
        except OSError as error:
            problems.append(
                SITEMAP_INVALID.finding(
                    _("cannot read sitemap {sitemap}: {reason}").format(sitemap=sitemap, reason=error.strerror),
                    location,
                )
            )
            return None
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as handle:
                body = handle.read(_MAX_SITEMAP_BYTES + 1)
        except (OSError, EOFError, zlib.error) as error:
            problems.append(
                SITEMAP_INVALID.finding(
                    _("{sitemap} is a broken gzip file: {error}").format(sitemap=sitemap, error=error), location
                )
            )
            return None
        if len(body) > _MAX_SITEMAP_BYTES:
            problems.append(
                SITEMAP_INVALID.finding(
                    _("{sitemap} is larger than 64 MiB uncompressed").format(sitemap=sitemap), location
                )
            )
            return None
    return body


def page_item_for_sitemap(fetched: Fetched) -> SourceItem | None:
    """I009 for a sitemap that could not be fetched, else None."""
    if fetched.error is not None or fetched.body is None or fetched.status != 200:
        tries = _(" after {count} attempts").format(count=fetched.attempts) if fetched.attempts > 1 else ""
        reason = fetched.error or f"HTTP {fetched.status}"
        return FETCH_FAILED.finding(
            _("sitemap {url}: {reason}{tries}").format(url=fetched.url, reason=reason, tries=tries),
            Location(fetched.url),
        )
    return None
