"""Live pages and sitemaps against a real HTTP server on 127.0.0.1 (http.server in a thread): 200, 404, 500
with retries, timeouts, redirects, non-HTML answers, gzip, sitemaps and sitemap indexes, XXE. No other network."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from validator import __version__
from validator.findings import Finding
from validator.sources import FetchOptions, SourceRecord, iter_source_items
from validator.sources.live import address_kind, fetch, page_key

PAGE = (
    '<html lang="zh-CN"><head><meta charset="gbk"><title>{title}</title>'
    '<meta name="PubDate" content="2023-11-22 10:55">'
    '<link rel="stylesheet" href="/style.css"><script src="/app.js"></script></head>\n'
    "<body><h1>{title}</h1><div class='content'><p>{title}的正文，内容足够长，足够长，足够长，足够长。</p>"
    '<img src="/photo.jpg"><iframe src="/frame.html"></iframe></div>\n'
    '<div class="footer">\n<p>主办单位：四川省人民政府办公厅</p>\n<p>网站标识码：5100000062 蜀ICP备13001288号</p>\n'
    '<p><a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=51010402000507">川公网安备51010402000507号</a></p>\n'
    "</div></body></html>"
)


def page_bytes(title: str) -> bytes:
    return PAGE.format(title=title).encode("gbk")


@dataclass
class Site:
    """What the test server serves, and what it was asked."""

    routes: dict[str, Callable[[http.server.BaseHTTPRequestHandler], None]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    agents: list[str] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes, content_type: str = "text/html; charset=gbk", status: int = 200,
            headers: dict[str, str] | None = None) -> None:  # fmt: skip
        def handler(request: http.server.BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                request.send_header(key, value)
            request.end_headers()
            request.wfile.write(body)

        self.routes[path] = handler


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits[self.path] += 1
            state.agents.append(self.headers.get("User-Agent", ""))
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


# The test server is on 127.0.0.1: the pages its sitemaps list and its redirect targets are allowed explicitly.
FAST = FetchOptions(timeout=2.0, retries=2, backoff=0.01, concurrency=4, allow_private=True)
STRICT = FetchOptions(timeout=2.0, retries=0, backoff=0.01, concurrency=4)  # the default: discovered URLs checked


def read(
    urls: list[str], options: FetchOptions = FAST, sitemaps: list[str] | None = None
) -> list[SourceRecord | Finding]:
    return list(iter_source_items(urls, sitemaps=sitemaps or [], fetch=options))


# --- pages -----------------------------------------------------------------------------------------------------


def test_a_live_page_becomes_a_record(site: Site) -> None:
    site.add("/a.shtml", page_bytes("第一篇"))
    (item,) = read([site.url("/a.shtml")])
    assert isinstance(item, SourceRecord)
    data = item.data
    assert data["url"] == site.url("/a.shtml") and data["title"] == "第一篇"
    assert data["footer"]["icp"] == "蜀ICP备13001288号"
    assert data["source"]["location"] == site.url("/a.shtml")
    assert data["source"]["media_type"] == "text/html; charset=gbk"
    assert data["source"]["charset"] == "gb18030" and data["source"]["charset_from"] == "http"
    assert data["captured_at"].endswith("+08:00")
    assert item.raw == page_bytes("第一篇") and item.location.file == site.url("/a.shtml")
    assert item.field_lines is not None and item.field_lines["/footer/icp"] == 5  # the line of the footer's ICP
    # The page's own resources (style, script, image, frame) are never fetched.
    assert set(site.hits) == {"/a.shtml"}
    assert site.agents == [f"pav/{__version__} (+https://pav.dev)"]


def test_404_is_a_finding_not_retried(site: Site) -> None:
    (item,) = read([site.url("/missing")])
    assert isinstance(item, Finding) and item.rule == "I009"
    assert item.message == f"{site.url('/missing')}: HTTP 404 Not Found"
    assert item.location.file == site.url("/missing")
    assert site.hits["/missing"] == 1


def test_500_is_retried_with_backoff_then_succeeds(site: Site) -> None:
    calls = {"n": 0}

    def flaky(request: http.server.BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        if calls["n"] < 3:
            request.send_error(500, "Server Error")
            return
        body = page_bytes("终于")
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=gbk")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    site.routes["/flaky"] = flaky
    (item,) = read([site.url("/flaky")])
    assert isinstance(item, SourceRecord) and item.data["title"] == "终于"
    assert site.hits["/flaky"] == 3


def test_persistent_500_reports_the_attempts(site: Site) -> None:
    site.add("/down", b"oops", "text/plain", status=503, headers={"Retry-After": "0"})
    (item,) = read([site.url("/down")])
    assert isinstance(item, Finding) and item.rule == "I009"
    assert item.message == f"{site.url('/down')}: HTTP 503 Service Unavailable after 3 attempts"
    assert site.hits["/down"] == 3


def test_timeout_is_a_finding(site: Site) -> None:
    def slow(request: http.server.BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        request.send_response(200)
        request.end_headers()

    site.routes["/slow"] = slow
    started = time.monotonic()
    (item,) = read([site.url("/slow")], FetchOptions(timeout=0.3, retries=1, backoff=0.01))
    assert time.monotonic() - started < 0.8
    assert isinstance(item, Finding) and item.rule == "I009"
    # The deadline covers retries: the attempt that timed out used all of it, so none follows.
    assert item.message == f"{site.url('/slow')}: no complete answer within the 0.3 s deadline (--timeout)"
    assert site.hits["/slow"] == 1


def test_slow_drip_body_hits_the_deadline(site: Site) -> None:
    def drip(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", "100000")
        request.end_headers()
        for _ in range(30):
            request.wfile.write(b"<p>x</p>" * 10)
            request.wfile.flush()
            time.sleep(0.05)

    site.routes["/drip"] = drip
    (item,) = read([site.url("/drip")], FetchOptions(timeout=0.4, retries=0))
    assert isinstance(item, Finding) and "timeout" in item.message


def test_redirect_is_followed_and_the_final_url_kept(site: Site) -> None:
    site.add("/new.shtml", page_bytes("新址"))
    site.add("/old", b"", status=301, headers={"Location": "/new.shtml"})
    (item,) = read([site.url("/old")])
    assert isinstance(item, SourceRecord)
    assert item.data["url"] == site.url("/new.shtml")
    assert item.data["source"]["location"] == site.url("/old")
    assert item.location.file == site.url("/old")


def test_redirect_to_another_scheme_is_refused(site: Site) -> None:
    site.add("/ftp", b"", status=302, headers={"Location": "ftp://127.0.0.1/x"})
    (item,) = read([site.url("/ftp")])
    assert isinstance(item, Finding) and item.rule == "I009" and "non-http" in item.message


def test_redirect_loop_is_a_finding(site: Site) -> None:
    site.add("/loop", b"", status=302, headers={"Location": "/loop"})
    (item,) = read([site.url("/loop")], FetchOptions(retries=0, allow_private=True))
    assert isinstance(item, Finding) and item.rule == "I009"


def test_non_html_answer_is_skipped_as_info(site: Site) -> None:
    site.add("/doc.pdf", b"%PDF-1.4", "application/pdf")
    (item,) = read([site.url("/doc.pdf")])
    assert isinstance(item, Finding) and item.rule == "I007" and "application/pdf" in item.message


def test_gzip_encoded_answer(site: Site) -> None:
    site.add("/z.shtml", gzip.compress(page_bytes("压缩")), headers={"Content-Encoding": "gzip"})
    (item,) = read([site.url("/z.shtml")])
    assert isinstance(item, SourceRecord) and item.data["title"] == "压缩"


def test_too_large_answer_is_refused(site: Site) -> None:
    site.add("/big", b"<html>" + b"x" * 5000 + b"</html>")
    (item,) = read([site.url("/big")], FetchOptions(max_bytes=1000, retries=0, allow_private=True))
    assert isinstance(item, Finding) and item.rule == "I009" and "larger than 1000 bytes" in item.message


def test_connection_refused() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused = fetch(f"http://127.0.0.1:{port}/", FetchOptions(retries=1, backoff=0.01))
    assert refused.error == "connection refused" and refused.attempts == 2


def test_concurrent_fetches_keep_input_order(site: Site) -> None:
    for i in range(12):
        delay = (12 - i) * 0.01

        def handler(request: http.server.BaseHTTPRequestHandler, i: int = i, delay: float = delay) -> None:
            time.sleep(delay)
            body = page_bytes(f"第{i}篇")
            request.send_response(200)
            request.send_header("Content-Type", "text/html; charset=gbk")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)

        site.routes[f"/p{i}"] = handler
    found = read([site.url(f"/p{i}") for i in range(12)], FetchOptions(concurrency=5, backoff=0.01))
    assert [item.data["title"] for item in found if isinstance(item, SourceRecord)] == [f"第{i}篇" for i in range(12)]


# --- sitemaps --------------------------------------------------------------------------------------------------


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def urlset(*paths: str, base: str = "") -> bytes:
    entries = "".join(f"<url><loc>{base}{p}</loc><lastmod>2023-11-22</lastmod></url>" for p in paths)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>"
    ).encode()


def test_sitemap_pages_are_checked(site: Site) -> None:
    site.add("/a.shtml", page_bytes("甲"))
    site.add("/b.shtml", page_bytes("乙"))
    site.add("/doc.pdf", b"%PDF", "application/pdf")
    site.add(
        "/sitemap.xml", urlset("/a.shtml", "/b.shtml", "/gone.shtml", "/doc.pdf", base=site.base), "application/xml"
    )
    found = read([], sitemaps=[site.url("/sitemap.xml")])
    assert [(type(i).__name__, i.data["title"] if isinstance(i, SourceRecord) else i.rule) for i in found] == [
        ("SourceRecord", "甲"),
        ("SourceRecord", "乙"),
        ("Finding", "I009"),
        ("Finding", "I007"),
    ]


def test_sitemap_index_with_gzip_and_text_children(site: Site) -> None:
    site.add("/a.shtml", page_bytes("甲"))
    site.add("/b.shtml", page_bytes("乙"))
    site.add("/c.shtml", page_bytes("丙"))
    site.add("/s1.xml.gz", gzip.compress(urlset("/a.shtml", base=site.base)), "application/gzip")
    site.add("/s2.txt", f"{site.base}/b.shtml\n\n{site.base}/c.shtml\n".encode(), "text/plain")
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.base}/s1.xml.gz</loc></sitemap><sitemap><loc>{site.base}/s2.txt</loc></sitemap>"
        f"<sitemap><loc>{site.base}/index.xml</loc></sitemap></sitemapindex>"
    ).encode()
    site.add("/index.xml", index, "application/xml")
    found = read([], sitemaps=[site.url("/index.xml")])
    titles = [i.data["title"] for i in found if isinstance(i, SourceRecord)]
    problems = [i for i in found if isinstance(i, Finding)]
    assert titles == ["甲", "乙", "丙"]
    assert [p.rule for p in problems] == ["I010"] and "a loop" in problems[0].message
    assert site.hits["/index.xml"] == 1


def test_local_sitemap_file(site: Site, tmp_path: Path) -> None:
    site.add("/a.shtml", page_bytes("甲"))
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_bytes(urlset("/a.shtml", base=site.base))
    (item,) = read([], sitemaps=[str(sitemap)])
    assert isinstance(item, SourceRecord) and item.data["title"] == "甲"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html><body>Not a sitemap</body></html>", "its root is <html>"),
        (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>x', "not well-formed XML"),
        (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', "lists no <loc> at all"),
        (b"<urlset><url><loc>javascript:alert(1)</loc></url></urlset>", "not http(s) URLs"),
        (b"just some text\nno urls here\n", "neither an XML sitemap nor a list of URLs"),
    ],
)
def test_broken_sitemaps_are_findings(site: Site, body: bytes, message: str) -> None:
    site.add("/bad.xml", body, "application/xml")
    found = read([], sitemaps=[site.url("/bad.xml")])
    assert [i.rule for i in found if isinstance(i, Finding)] == ["I010"]
    assert message in found[0].message


def test_unreachable_sitemap(site: Site) -> None:
    (item,) = read([], FetchOptions(retries=0), sitemaps=[site.url("/nope.xml")])
    assert isinstance(item, Finding) and item.rule == "I009" and "sitemap" in item.message


def test_sitemap_xxe_is_not_expanded_and_nothing_else_is_fetched(site: Site, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = (
        f'<?xml version="1.0"?>\n<!DOCTYPE urlset [<!ENTITY file SYSTEM "file://{secret}">'
        f'<!ENTITY remote SYSTEM "{site.base}/exfiltrate">]>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site.base}/a.shtml?x=&file;</loc></url><url><loc>&remote;</loc></url></urlset>"
    ).encode()
    site.add("/xxe.xml", body, "application/xml")
    site.add("/a.shtml?x=", page_bytes("甲"))
    found = read([], sitemaps=[site.url("/xxe.xml")])
    assert "/exfiltrate" not in site.hits
    assert not any("TOP-SECRET" in path for path in site.hits)
    assert all("TOP-SECRET" not in str(getattr(i, "data", i)) for i in found)


# --- the command line ------------------------------------------------------------------------------------------


def test_cli_checks_urls_files_and_sitemaps_in_one_run(pav, site: Site, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    site.add("/a.shtml", page_bytes("甲"))
    site.add("/sitemap.xml", urlset("/a.shtml", "/gone", base=site.base), "application/xml")
    (isolated / "local.html").write_bytes(page_bytes("本地"))
    run = pav(
        "check", "--timeout", "2", "--retries", "0", "--concurrency", "2", "--allow-private",
        site.url("/a.shtml"), "local.html", "--sitemap", site.url("/sitemap.xml"),
    )  # fmt: skip
    lines = run.out.splitlines()
    # The footer shows no ICP link: F601, at the footer's line of the fetched page.
    assert f"{site.url('/a.shtml')}:5: warning F601 ICP number '蜀ICP备13001288号' is shown but not linked" in run.out
    assert "local.html:5: warning F601" in run.out
    assert f"{site.url('/gone')}: error I009 {site.url('/gone')}: HTTP 404 Not Found" in lines
    assert run.code == 1
    assert site.hits["/a.shtml"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "no input"),
        (("--timeout", "0", "x.html"), "--timeout"),
        (("--concurrency", "0", "x.html"), "--concurrency"),
        (("--retries", "-1", "x.html"), "--retries"),
        (("--sitemap", "nowhere.xml"), "--sitemap nowhere.xml"),
    ],
)
def test_cli_usage_errors(pav, isolated: Path, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    (isolated / "x.html").write_text("<p>x</p>")
    run = pav("check", *args)
    assert run.code == 2 and message in run.err and "Traceback" not in run.err


# --- deadlines (issue 17): --timeout bounds the whole URL ----------------------------------------------------


@contextlib.contextmanager
def drip_server(answer: Callable[[str], bytes], pause: float) -> Iterator[str]:
    """A raw-socket server on 127.0.0.1 that sends `answer(path)` one byte every `pause` seconds (status line and
    headers included): the per-read socket timeout never fires. Yields its base URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()

    def one(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            request = conn.recv(65536).decode("latin-1")
            path = request.split(" ", 2)[1] if request.count(" ") >= 2 else "/"
            for byte in answer(path):
                if stop.is_set():
                    return
                conn.sendall(bytes([byte]))
                time.sleep(pause)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=one, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()


def test_dripping_status_line_and_headers_end_at_the_deadline() -> None:
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"a" * 200 + b"\r\n\r\n<p>x</p>"
    with drip_server(lambda path: answer, pause=0.02) as base:
        started = time.monotonic()
        (item,) = read([base + "/a.shtml"], FetchOptions(timeout=0.5, retries=2, backoff=0.01))
        took = time.monotonic() - started
    # Before: each of the 3 attempts lasted the whole drip (about 5 s): 15 s in all.
    assert took < 0.5 + 0.4, took
    assert isinstance(item, Finding) and item.rule == "I009"
    assert item.message == f"{base}/a.shtml: no complete answer within the 0.5 s deadline (--timeout)"


def test_redirect_hops_share_the_deadline() -> None:
    def hop(path: str) -> bytes:  # /r0 -> /r1 -> … each hop a short drip well within a per-read timeout
        step = int(path.lstrip("/r") or 0)
        return f"HTTP/1.1 302 Found\r\nLocation: /r{step + 1}\r\nContent-Length: 0\r\n\r\n".encode()

    with drip_server(hop, pause=0.004) as base:
        started = time.monotonic()
        fetched = fetch(base + "/r0", FetchOptions(timeout=0.6, retries=0, allow_private=True))
        took = time.monotonic() - started
    assert took < 0.6 + 0.4, took  # before: 10 hops of ~0.2 s each
    assert fetched.error == "no complete answer within the 0.6 s deadline (--timeout)"


def test_a_retry_never_starts_past_the_deadline(site: Site) -> None:
    site.add("/busy", b"busy", "text/plain", status=503, headers={"Retry-After": "3"})
    started = time.monotonic()
    (item,) = read([site.url("/busy")], FetchOptions(timeout=1.0, retries=2, backoff=0.01))
    assert time.monotonic() - started < 0.8  # before: waited the 3 s Retry-After, then asked again
    assert site.hits["/busy"] == 1
    assert isinstance(item, Finding) and item.message == (
        f"{site.url('/busy')}: HTTP 503 Service Unavailable; not retried: the next attempt would start after "
        "the 1 s deadline (--timeout)"
    )


def test_an_answer_cut_before_its_content_length_is_not_a_page() -> None:
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html><p>cut"
    with drip_server(lambda path: answer, pause=0) as base:
        fetched = fetch(base + "/cut", FetchOptions(timeout=2, retries=0))
    assert fetched.body is None and fetched.error == "the answer ended before its Content-Length"


# --- what pav fetches (issue 17): discovered URLs only from public addresses -----------------------------------


def test_sitemap_pages_at_non_public_addresses_are_refused(site: Site) -> None:
    site.add("/a.shtml", page_bytes("甲"))
    port = site.base.rsplit(":", 1)[1]
    listed = [f"http://{host}:{port}/a.shtml" for host in ("127.0.0.1", "localhost", "0.0.0.0", "[::1]")]
    site.add("/sitemap.xml", urlset(*listed), "application/xml")
    found = read([], STRICT, sitemaps=[site.url("/sitemap.xml")])  # the sitemap itself was named: fetched
    assert site.hits == Counter({"/sitemap.xml": 1})  # no page of it, at whatever name of this machine
    assert [item.rule for item in found] == ["I009"] * 4
    assert found[0].message == (
        f"{listed[0]}: refused: 127.0.0.1 is at 127.0.0.1, a loopback address; pav fetches the pages sitemaps list "
        "and redirect targets only from public addresses (--allow-private allows it)"
    )
    assert "localhost is at " in found[1].message and "a loopback address" in found[1].message
    assert "0.0.0.0 is at 0.0.0.0, a unspecified address" in found[2].message
    assert "::1 is at ::1, a loopback address" in found[3].message
    assert all(item.location.file == url for item, url in zip(found, listed, strict=True))
    # With --allow-private they are fetched (four hosts, so four pages; [::1] has no server listening).
    allowed = read([], FAST, sitemaps=[site.url("/sitemap.xml")])
    assert [isinstance(item, SourceRecord) for item in allowed] == [True, True, True, False]
    assert site.hits["/a.shtml"] == 3 and "refused:" not in allowed[3].message


def test_child_sitemaps_at_non_public_addresses_are_refused(site: Site) -> None:
    site.add("/child.xml", urlset("/a.shtml", base=site.base), "application/xml")
    index = f'<sitemapindex xmlns="{SITEMAP_NS}"><sitemap><loc>{site.base}/child.xml</loc></sitemap></sitemapindex>'
    site.add("/index.xml", index.encode(), "application/xml")
    (item,) = read([], STRICT, sitemaps=[site.url("/index.xml")])
    assert isinstance(item, Finding) and item.rule == "I009" and "a loopback address" in item.message
    assert item.message.startswith(f"sitemap {site.url('/child.xml')}: refused: 127.0.0.1 is at 127.0.0.1")
    assert "/child.xml" not in site.hits


def test_a_named_url_is_fetched_but_not_its_redirect_to_a_private_address(site: Site) -> None:
    site.add("/a.shtml", page_bytes("甲"))
    site.add("/old", b"", status=301, headers={"Location": "/a.shtml"})
    named, moved = read([site.url("/a.shtml"), site.url("/old")], STRICT)
    assert isinstance(named, SourceRecord) and named.data["title"] == "甲"  # named: fetched where it is
    assert isinstance(moved, Finding) and moved.rule == "I009"
    assert moved.message.startswith(
        f"{site.url('/old')} (redirected to {site.url('/a.shtml')}): refused: 127.0.0.1 is at 127.0.0.1, a loopback"
    )
    assert site.hits["/a.shtml"] == 1 and site.hits["/old"] == 1


def test_a_discovered_host_is_resolved_once_and_that_address_connected_to(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the address checked is the address connected to (one resolution per connection)."""
    site.add("/a.shtml", page_bytes("甲"))
    port = site.base.rsplit(":", 1)[1]
    site.add("/sitemap.xml", urlset(f"http://rebind.test:{port}/a.shtml"), "application/xml")
    real = socket.getaddrinfo
    asked: list[str] = []

    def resolver(host: str, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host == "rebind.test":  # a name this resolver answers with loopback
            asked.append(host)
            host = "127.0.0.1"
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    (refused,) = read([], STRICT, sitemaps=[site.url("/sitemap.xml")])
    assert asked == ["rebind.test"] and "rebind.test is at 127.0.0.1, a loopback address" in refused.message
    (page,) = read([], FAST, sitemaps=[site.url("/sitemap.xml")])  # allowed: connected to the address resolved
    assert isinstance(page, SourceRecord) and asked == ["rebind.test", "rebind.test"]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback (inside ::ffff:7f00:1)"),
        ("::ffff:169.254.169.254", "link-local (inside ::ffff:a9fe:a9fe)"),
        ("2002:7f00:1::", "loopback (inside 2002:7f00:1::)"),  # 6to4 of 127.0.0.1
        ("64:ff9b::a00:1", "private (inside 64:ff9b::a00:1)"),  # NAT64 of 10.0.0.1
        ("202.108.22.5", None),
        ("2400:da00::6666", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_cli_refuses_sitemap_pages_on_this_machine_unless_allowed(  # type: ignore[no-untyped-def]
    pav, site: Site, isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("/a.shtml", page_bytes("甲"))
    site.add("/sitemap.xml", urlset("/a.shtml", base=site.base), "application/xml")
    run = pav("check", "--retries", "0", "--sitemap", site.url("/sitemap.xml"))
    assert f"{site.url('/a.shtml')}: error I009 {site.url('/a.shtml')}: refused: 127.0.0.1 is at 127.0.0.1" in run.out
    assert "(--allow-private allows it)" in run.out and site.hits["/a.shtml"] == 0
    allowed = pav("check", "--retries", "0", "--allow-private", "--sitemap", site.url("/sitemap.xml"))
    assert "refused" not in allowed.out and site.hits["/a.shtml"] == 1
    with pytest.raises(SystemExit):
        pav("check", "--help")
    assert "--allow-private" in capsys.readouterr().out


# --- the final URL in the text report (issue 17) ---------------------------------------------------------------


def test_text_report_shows_the_final_url_next_to_the_one_asked(pav, site: Site, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    site.add("/new.shtml", page_bytes("新址"))
    site.add("/old", b"", status=301, headers={"Location": "/new.shtml"})
    site.add("/same.shtml", page_bytes("原址"))
    run = pav("check", "--allow-private", "--select", "F601", site.url("/old"), site.url("/same.shtml"))
    assert run.out.splitlines()[:2] == [
        f"{site.url('/old')}:5: warning F601 ICP number '蜀ICP备13001288号' is shown but not linked to the MIIT "
        f"filing system (https://beian.miit.gov.cn/) [/footer/icp] (redirected to {site.url('/new.shtml')})",
        f"{site.url('/same.shtml')}:5: warning F601 ICP number '蜀ICP备13001288号' is shown but not linked to the MIIT "
        "filing system (https://beian.miit.gov.cn/) [/footer/icp]",
    ]


# --- each page once (issue 17) ---------------------------------------------------------------------------------


def test_a_page_listed_many_times_is_fetched_once(site: Site) -> None:
    site.add("/a.shtml", page_bytes("甲"))
    site.add("/b.shtml", page_bytes("乙"))
    site.add("/a.shtml?x=1", page_bytes("甲"))
    host, port = site.base.removeprefix("http://").split(":")
    same = [f"{site.base}/a.shtml", f"{site.base}/a.shtml#comments", f"HTTP://{host}:{port}/a.shtml"]
    site.add("/s1.xml", urlset(*same, f"{site.base}/b.shtml"), "application/xml")
    site.add("/s2.txt", f"{site.base}/a.shtml\n{site.base}/b.shtml\n{site.base}/a.shtml?x=1\n".encode(), "text/plain")
    index = (
        f'<sitemapindex xmlns="{SITEMAP_NS}"><sitemap><loc>{site.base}/s1.xml</loc></sitemap>'
        f"<sitemap><loc>{site.base}/s2.txt</loc></sitemap></sitemapindex>"
    )
    site.add("/index.xml", index.encode(), "application/xml")
    site.add("/other.xml", urlset("/b.shtml", base=site.base), "application/xml")
    found = read([], FAST, sitemaps=[site.url("/index.xml"), site.url("/other.xml")])
    assert site.hits["/a.shtml"] == 1 and site.hits["/b.shtml"] == 1 and site.hits["/a.shtml?x=1"] == 1
    pages = [item for item in found if isinstance(item, SourceRecord)]
    assert [page.data["title"] for page in pages] == ["甲", "乙", "甲"]  # a.shtml?x=1 is another URL
    skipped = [(i.location.file, i.message) for i in found if isinstance(i, Finding) and i.rule == "I007"]
    assert skipped == [
        (site.url("/index.xml"), f"{site.url('/index.xml')}: 4 page URLs listed again (by its sitemaps, or an earlier "
         "--sitemap) skipped: each page is fetched once"),
        (site.url("/other.xml"), f"{site.url('/other.xml')}: 1 page URL listed again (by its sitemaps, or an earlier "
         "--sitemap) skipped: each page is fetched once"),
    ]  # fmt: skip


def test_a_sitemap_listed_again_under_another_spelling_is_read_once(site: Site) -> None:
    site.add("/a.shtml", page_bytes("甲"))
    host, port = site.base.removeprefix("http://").split(":")
    again = f"HTTP://{host}:{port}/index.xml#again"
    index = (
        f'<sitemapindex xmlns="{SITEMAP_NS}"><sitemap><loc>{site.base}/s.xml</loc></sitemap>'
        f"<sitemap><loc>{again}</loc></sitemap></sitemapindex>"
    )
    site.add("/index.xml", index.encode(), "application/xml")
    site.add("/s.xml", urlset("/a.shtml", base=site.base), "application/xml")
    found = read([], FAST, sitemaps=[site.url("/index.xml")])
    assert site.hits["/index.xml"] == 1 and site.hits["/a.shtml"] == 1
    assert [(type(i).__name__, i.message if isinstance(i, Finding) else "") for i in found] == [
        ("Finding", f"{again} is listed again (a loop); read once"),
        ("SourceRecord", ""),
    ]


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("http://www.sc.gov.cn/a.shtml#top", "http://www.sc.gov.cn/a.shtml", True),
        ("HTTP://WWW.SC.GOV.CN/a.shtml", "http://www.sc.gov.cn/a.shtml", True),
        ("http://www.sc.gov.cn:80/a.shtml", "http://www.sc.gov.cn/a.shtml", True),
        ("https://www.sc.gov.cn:443", "https://www.sc.gov.cn/", True),
        ("http://www.sc.gov.cn/A.shtml", "http://www.sc.gov.cn/a.shtml", False),  # paths are case-sensitive
        ("http://www.sc.gov.cn/a/", "http://www.sc.gov.cn/a", False),
        ("http://www.sc.gov.cn/a?x=1&y=2", "http://www.sc.gov.cn/a?y=2&x=1", False),
        ("https://www.sc.gov.cn/a", "http://www.sc.gov.cn/a", False),
        ("http://www.sc.gov.cn:8080/a", "http://www.sc.gov.cn/a", False),
    ],
)
def test_what_counts_as_the_same_page(one: str, other: str, same: bool) -> None:
    assert (page_key(one) == page_key(other)) is same


# --- SECURITY.md names what is fetched and the real bounds (issue 17) ------------------------------------------


def test_security_policy_names_what_is_fetched_and_the_fetch_bounds() -> None:
    from validator.sources import live

    policy = " ".join((Path(__file__).parent.parent / "SECURITY.md").read_text(encoding="utf-8").split())
    defaults = FetchOptions()
    assert "redirect targets" in policy and "--allow-private" in policy and "DNS rebinding" in policy
    for bound in (
        f"| deadline for one URL (connect, redirects, headers, body, retries) | {defaults.timeout:g} s | `--timeout`",
        f"| redirects followed for one URL | {live._MAX_REDIRECTS} |",
        f"| URLs fetched at the same time | {defaults.concurrency} | `--concurrency`",
        f"| attempts for one URL | 1 + {defaults.retries} retries |",
        f"| bytes of one live answer | {defaults.max_bytes // 2**20} MiB |",
        f"| bytes of one sitemap | {live._MAX_SITEMAP_BYTES // 2**20} MiB |",
        f"| sitemap index nesting | {live._MAX_SITEMAP_DEPTH} levels |",
    ):
        assert bound in policy, bound


# --- https: the same guard around the TLS handshake ------------------------------------------------------------


@pytest.fixture
def tls_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The `site` server behind TLS, with a self-signed certificate for 127.0.0.1 that OpenSSL trusts through
    SSL_CERT_FILE (so pav's default certificate checks run, and pass)."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:TRUE"],
        check=True, capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits[self.path] += 1
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # The handshake in the handler's thread, not in the accepting one (a stuck client must not stop the server).
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    state.base = f"https://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def test_https_pages_are_fetched_and_their_redirects_checked(tls_site: Site) -> None:
    tls_site.add("/a.shtml", page_bytes("加密"))
    tls_site.add("/old", b"", status=301, headers={"Location": "/a.shtml"})
    page, moved = read([tls_site.url("/a.shtml"), tls_site.url("/old")], STRICT)
    assert isinstance(page, SourceRecord) and page.data["title"] == "加密"
    assert isinstance(moved, Finding) and "refused: 127.0.0.1 is at 127.0.0.1, a loopback address" in moved.message
    (allowed,) = read([tls_site.url("/old")], FAST)
    assert isinstance(allowed, SourceRecord) and allowed.data["url"] == tls_site.url("/a.shtml")


def test_a_dripping_tls_handshake_ends_at_the_deadline(tls_site: Site) -> None:
    """A relay passes the server's TLS handshake on one byte at a time: every read gets a byte in time."""
    tls_site.add("/a.shtml", page_bytes("加密"))
    upstream = ("127.0.0.1", int(tls_site.base.rsplit(":", 1)[1]))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)

    def pump(source: socket.socket, sink: socket.socket, pause: float) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                for i in range(len(data)) if pause else [0]:
                    sink.sendall(data[i : i + 1] if pause else data)
                    time.sleep(pause)
        for end in (source, sink):  # one side gone: close both, so neither waits for the other
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def relay() -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = listener.accept()
                server = socket.create_connection(upstream)
                threading.Thread(target=pump, args=(client, server, 0), daemon=True).start()
                threading.Thread(target=pump, args=(server, client, 0.02), daemon=True).start()

    threading.Thread(target=relay, daemon=True).start()
    try:
        started = time.monotonic()
        fetched = fetch(f"https://127.0.0.1:{listener.getsockname()[1]}/a.shtml", FetchOptions(timeout=0.5))
        took = time.monotonic() - started
    finally:
        listener.close()
    assert took < 0.5 + 0.4, took  # before: the handshake alone took (certificate bytes) x 0.02 s, per attempt
    assert fetched.error == "no complete answer within the 0.5 s deadline (--timeout)"


def test_through_a_proxy_discovered_urls_are_checked_as_resolved_here(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With http_proxy set the proxy connects; pav checks the discovered host's addresses as it resolves them, and
    not the proxy's own (the user configured it)."""
    site.add("/a.shtml", page_bytes("甲"))
    site.add("/sitemap.xml", urlset("/a.shtml", base=site.base) + b"\n", "application/xml")
    site.add("/sitemap.txt", f"{site.base}/a.shtml\nhttp://public.test/a.shtml\n".encode(), "text/plain")
    relayed: list[str] = []
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # GET http://host/path -> the answer of host (public.test: the test server)
            relayed.append(self.path)
            target = self.path.replace("http://public.test", site.base)
            try:
                with direct.open(target, timeout=2) as answer:
                    status, body, kind = answer.status, answer.read(), answer.headers.get("Content-Type", "")
            except urllib.error.HTTPError as error:
                status, body, kind = error.code, b"", "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    real = socket.getaddrinfo

    def resolver(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host == "public.test":  # a public address, as this machine's resolver would answer
            return real("202.108.22.5", port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)  # type: ignore[return-value]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    proxy.daemon_threads = True
    threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.server_address[1]}")
    try:
        refused, public = read([], STRICT, sitemaps=[site.url("/sitemap.txt")])
        # The named sitemap and the public page went through the proxy (at 127.0.0.1); the loopback page did not.
        assert relayed == [site.url("/sitemap.txt"), "http://public.test/a.shtml"]
        assert isinstance(refused, Finding) and "127.0.0.1 is at 127.0.0.1, a loopback address" in refused.message
        assert isinstance(public, SourceRecord) and public.data["url"] == "http://public.test/a.shtml"
        (page,) = read([], FAST, sitemaps=[site.url("/sitemap.xml")])
        assert isinstance(page, SourceRecord) and relayed[-1] == site.url("/a.shtml")
    finally:
        proxy.shutdown()
        proxy.server_close()
