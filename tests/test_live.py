"""Live pages and sitemaps against a real HTTP server on 127.0.0.1 (http.server in a thread): 200, 404, 500
with retries, timeouts, redirects, non-HTML answers, gzip, sitemaps and sitemap indexes, XXE. No other network."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from validator import __version__
from validator.findings import Finding
from validator.sources import FetchOptions, SourceRecord, iter_source_items
from validator.sources.live import fetch

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


FAST = FetchOptions(timeout=2.0, retries=2, backoff=0.01, concurrency=4)


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
    assert time.monotonic() - started < 1.4
    assert isinstance(item, Finding) and item.rule == "I009"
    assert "no complete answer within 0.3 s (timeout) after 2 attempts" in item.message
    assert site.hits["/slow"] == 2


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
    (item,) = read([site.url("/loop")], FetchOptions(retries=0))
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
    (item,) = read([site.url("/big")], FetchOptions(max_bytes=1000, retries=0))
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
        "check", "--timeout", "2", "--retries", "0", "--concurrency", "2",
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
