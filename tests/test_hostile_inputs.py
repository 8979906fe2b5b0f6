"""Hostile and broken inputs (issue 8): never a traceback, a finding naming the input, the run goes on, and
every item read is accounted for in the summary. Every input is generated here; nothing binary is committed.

Each test checks the hostile input followed by a clean page (`zz-good.html`), and asserts the clean page was
checked too: the run went on.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest

from tests.hostile_support import BILLION_LAUGHS_DTD, good_page, http_server, page, run_check, write_warc

GOOD_TITLE = "后续页面"


# --- WARC ------------------------------------------------------------------------------------------------------


def test_truncated_gzip_warc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crawl = write_warc(tmp_path / "crawl.warc.gz", [page(f"第{n}篇").encode() for n in range(3)])
    data = crawl.read_bytes()
    crawl.write_bytes(data[: len(data) - 60])  # the third gzip member is cut
    good = good_page(tmp_path)
    checked = run_check(capsys, tmp_path, str(crawl), str(good))
    assert checked.rules(str(crawl)).count("I008") == 1
    (message,) = checked.messages("I008")
    assert str(crawl) in message and "record 2" in message
    checked.accounted(records=2 + 1, problems=1)  # two pages before the damage, the good page; I008


def test_corrupt_gzip_member_in_the_middle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write_warc(tmp_path / "a.warc.gz", [page("甲").encode()]).read_bytes()
    second = write_warc(tmp_path / "b.warc.gz", [page("乙").encode()]).read_bytes()
    crawl = tmp_path / "crawl.warc.gz"
    # The second member keeps its gzip header but its deflate stream is garbage.
    crawl.write_bytes(first + second[:12] + bytes(range(256)) * 2 + second[-8:])
    good = good_page(tmp_path)
    checked = run_check(capsys, tmp_path, str(crawl), str(good))
    assert "I008" in checked.rules(str(crawl))
    assert all(str(crawl) in m for m in checked.messages("I008"))
    checked.accounted(records=2, problems=1)  # 甲 and the good page; I008


def test_gzip_that_is_not_a_warc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(gzip.compress(b"\x00\xff" * 5000 + b"not a warc at all\r\n\r\n"))
    good = good_page(tmp_path)
    checked = run_check(capsys, tmp_path, str(crawl), str(good))
    assert checked.rules(str(crawl)) == ["I008"] and str(crawl) in checked.messages("I008")[0]
    checked.accounted(records=1, problems=1)


def test_zlib_bomb_named_warc_is_not_inflated_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 64 MB of zeros in a 64 KB gzip member: warcio inflates it chunk by chunk and finds no WARC header.
    crawl = tmp_path / "bomb.warc.gz"
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    crawl.write_bytes(compressor.compress(b"\x00" * (64 * 1024 * 1024)) + compressor.flush())
    checked = run_check(capsys, tmp_path, str(crawl))
    assert checked.rules(str(crawl)) == ["I008"]
    checked.accounted(records=0, problems=1)


def test_warc_with_a_huge_record_is_refused_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAV_MAX_PAGE_BYTES", str(256 * 1024))
    huge = page("巨大", body="<p>" + "很长的正文。" * 100_000 + "</p>").encode()  # ~1.8 MB
    crawl = write_warc(tmp_path / "crawl.warc.gz", [page("前").encode(), huge, page("后").encode()])
    good = good_page(tmp_path)
    checked = run_check(capsys, tmp_path, str(crawl), str(good))
    refused = [f for f in checked.report["findings"] if f["rule"] == "I011"]
    assert len(refused) == 1 and refused[0]["location"] == {"file": str(crawl), "line": None, "index": 1}
    assert str(crawl) in refused[0]["message"] and "PAV_MAX_PAGE_BYTES" in refused[0]["message"]
    checked.accounted(records=3, problems=1)  # 前, 后 and the good page; the refused page


@pytest.mark.slow
def test_warc_with_a_record_over_the_default_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = b"<html><body><p>" + b"x" * (33 * 1024 * 1024) + b"</p></body></html>"
    crawl = write_warc(tmp_path / "crawl.warc", [huge, page("后").encode()], gz=False)
    checked = run_check(capsys, tmp_path, str(crawl))
    assert checked.rules(str(crawl)).count("I011") == 1
    assert "more than 33554432 bytes (32.0 MiB)" in checked.messages("I011")[0]
    checked.accounted(records=1, problems=1)


# --- HTML size and shape ------------------------------------------------------------------------------------------


def test_html_with_a_million_elements_is_refused_by_the_element_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "million.html"
    big.write_bytes(b"<html><body>" + b"<i>" * 1_000_000 + b"</body></html>")  # 3 MB, a million elements
    good = good_page(tmp_path)
    checked = run_check(capsys, tmp_path, str(big), str(good))
    assert checked.rules(str(big)) == ["I011"]
    (message,) = checked.messages("I011")
    assert str(big) in message and "PAV_MAX_PAGE_ELEMENTS" in message and "1000000 elements" in message
    checked.accounted(records=1, problems=1)


def test_html_with_many_elements_below_the_limit_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    many = tmp_path / "many.html"
    many.write_text(page("十万元素", body="<span>字</span>" * 100_000), encoding="utf-8")
    checked = run_check(capsys, tmp_path, str(many))
    assert "I011" not in checked.rules() and checked.summary["records"] == 1
    checked.accounted(records=1, problems=0)


def test_element_limit_is_configurable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAV_MAX_PAGE_ELEMENTS", "50")
    many = tmp_path / "many.html"
    many.write_text(page("元素", body="<b>x</b>" * 60), encoding="utf-8")
    checked = run_check(capsys, tmp_path, str(many), str(good_page(tmp_path)))
    assert checked.rules(str(many)) == ["I011"] and "up to 50 elements" in checked.messages("I011")[0]
    checked.accounted(records=1, problems=1)


def test_deeply_nested_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text(page("深层嵌套", body="<div>" * 100_000 + "底" + "</div>" * 100_000), encoding="utf-8")
    good = good_page(tmp_path)
    checked = run_check(capsys, tmp_path, str(deep), str(good))
    # libxml2 stops reading past its depth limit (2,048 with huge_tree): the page is still a record, read as far
    # as it goes, and the note says that the rest of it is not checked.
    assert checked.summary["records"] == 2
    # The footer after the nest is not in the tree: the note says so, and the footer rules report it missing.
    assert checked.rules(str(deep))[0] == "I011" and "F101" in checked.rules(str(deep))
    assert "nested more than 2048 elements deep" in checked.messages("I011")[0]
    checked.accounted(records=2, problems=0)


@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_page_over_the_byte_limit_is_refused_without_reading_it_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setenv("PAV_MAX_PAGE_BYTES", "65536")
    big = tmp_path / f"big{suffix}"
    big.write_text(page("大页面", body="<p>" + "正文" * 40_000 + "</p>"), encoding="utf-8")
    size = big.stat().st_size
    good = good_page(tmp_path)
    checked = run_check(capsys, tmp_path, str(big), str(good))
    assert checked.rules(str(big)) == ["I011"]
    (message,) = checked.messages("I011")
    assert str(big) in message and f"is {size} bytes" in message and "65536" in message
    checked.accounted(records=1, problems=1)


def test_a_nonsense_limit_keeps_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAV_MAX_PAGE_BYTES", "-5 MB")
    checked = run_check(capsys, tmp_path, str(good_page(tmp_path)))
    checked.accounted(records=1, problems=0)


# --- No network: remote resources, DTDs and entities are never fetched -----------------------------------------


def test_html_with_remote_resources_makes_no_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with http_server() as server:
        base = server.base
        head = (
            f'<link rel="stylesheet" href="{base}/style.css"><script src="{base}/app.js"></script>'
            f'<style>@import url("{base}/import.css"); body {{ background: url({base}/bg.png) }}</style>'
            f'<meta http-equiv="refresh" content="0; url={base}/refresh"><base href="{base}/base/">'
        )
        body = (
            f'<img src="{base}/img.png" srcset="{base}/img2.png 2x"><iframe src="{base}/frame.html"></iframe>'
            f'<object data="{base}/obj.swf"></object><embed src="{base}/embed.swf"><video src="{base}/v.mp4"></video>'
            f'<svg><image href="{base}/svg.png"/></svg><form action="{base}/search?siteCode=5100000062"></form>'
            f"<script>document.write('<img src=\"{base}/written.png\">')</script>"
        )
        remote = tmp_path / "remote.html"
        remote.write_text(page("远程资源", body=body, head=head), encoding="utf-8")
        xhtml = tmp_path / "remote-dtd.html"
        xhtml.write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "{base}/xhtml1-strict.dtd" '
            f'[<!ENTITY remote SYSTEM "{base}/entity.txt"><!ENTITY % param SYSTEM "{base}/param.dtd"> %param;]>\n'
            + page("外部实体", body="<p>&remote;</p>").replace("<html ", '<html xmlns="http://www.w3.org/1999/xhtml" '),
            encoding="utf-8",
        )
        crawl = write_warc(tmp_path / "remote.warc.gz", [remote.read_bytes(), xhtml.read_bytes()])
        checked = run_check(capsys, tmp_path, str(remote), str(xhtml), str(crawl))
        assert sum(server.hits.values()) == 0, dict(server.hits)
    checked.accounted(records=4, problems=0)


def test_external_entities_in_xhtml_are_never_expanded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    xxe = tmp_path / "xxe.html"
    xxe.write_text(
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        + page("实体&xxe;", body="<p>&xxe;</p>"),
        encoding="utf-8",
    )
    checked = run_check(capsys, tmp_path, str(xxe))
    assert "TOP-SECRET-CONTENT" not in checked.out and "TOP-SECRET-CONTENT" not in str(checked.report)
    checked.accounted(records=1, problems=0)


def test_billion_laughs_in_xhtml_is_not_expanded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bomb.html"
    bomb.write_text(
        '<?xml version="1.0"?>' + BILLION_LAUGHS_DTD + page("炸弹&lol9;", body="<p>&lol9;</p>"), encoding="utf-8"
    )
    checked = run_check(capsys, tmp_path, str(bomb))
    assert "lollollol" not in checked.out + str(checked.report) and len(checked.out) < 100_000
    checked.accounted(records=1, problems=0)


def test_sitemap_bombs_and_external_entities(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with http_server() as server:
        server.routes["/a.shtml"] = (page("甲").encode(), "text/html; charset=utf-8")
        server.routes["/b.shtml"] = (page("乙").encode(), "text/html; charset=utf-8")
        server.routes["/secret"] = (b"http://evil.example/", "text/plain")
        server.routes["/evil.dtd"] = (b'<!ENTITY leak "http://evil.example/">', "application/xml-dtd")

        def urlset(*locs: str) -> str:
            urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
            return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'

        bomb = '<?xml version="1.0"?>' + BILLION_LAUGHS_DTD + urlset(f"{server.base}/a.shtml", "&lol9;")
        external = (
            f'<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "{server.base}/evil.dtd" '
            f'[<!ENTITY ext SYSTEM "{server.base}/secret"><!ENTITY file SYSTEM "file:///etc/passwd">]>'
            + urlset(f"{server.base}/b.shtml", "&ext;", "&file;", "&leak;")
        )
        server.routes["/bomb.xml"] = (bomb.encode(), "application/xml")
        server.routes["/external.xml"] = (external.encode(), "application/xml")
        checked = run_check(
            capsys, tmp_path, "--sitemap", f"{server.base}/bomb.xml", "--sitemap", f"{server.base}/external.xml",
            extra=("--allow-private",),  # the listed pages are on 127.0.0.1 too
        )  # fmt: skip
        assert set(server.hits) == {"/bomb.xml", "/external.xml", "/a.shtml", "/b.shtml"}, dict(server.hits)
    assert "lollollol" not in checked.out and "root:" not in checked.out and "evil.example" not in checked.out
    i010 = [f for f in checked.report["findings"] if f["rule"] == "I010"]
    assert i010 and all(f["location"]["file"].endswith(".xml") for f in i010)
    assert checked.summary["records"] == 2  # a.shtml (listed before the bomb) and b.shtml
    checked.accounted(records=2, problems=len(i010))


# --- Encodings ----------------------------------------------------------------------------------------------------


def test_invalid_utf8_is_read_with_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.html"
    broken.write_bytes(page("坏字节").encode()[:-60] + b"\xff\xfe\xc0\xaf\xed\xa0\x80" + page("x").encode()[-60:])
    good = good_page(tmp_path)
    checked = run_check(capsys, tmp_path, str(broken), str(good))
    notes = [f for f in checked.report["findings"] if f["rule"] == "I006" and f["location"]["file"] == str(broken)]
    assert notes and str(broken) in notes[0]["message"] and "U+FFFD" in notes[0]["message"]
    checked.accounted(records=2, problems=0)  # a note on a record, not a lost record


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [("utf-8", "gbk"), ("gb2312", "utf-8"), ("iso-8859-1", "utf-8"), ("x-no-such-charset", "gbk"), ("utf-16", "gbk")],
)
def test_lying_charsets(tmp_path: Path, capsys: pytest.CaptureFixture[str], declared: str, encoding: str) -> None:
    liar = tmp_path / "liar.html"
    liar.write_bytes(page("四川省人民政府关于科技博览会的通知").replace("utf-8", declared).encode(encoding))
    checked = run_check(capsys, tmp_path, str(liar))
    titles = [f for f in checked.report["findings"] if f["rule"] == "S001" and f["path"] == "/title"]
    assert titles == []  # the title was still read
    assert all(str(liar) in m for m in checked.messages("I006"))
    checked.accounted(records=1, problems=0)


def test_lying_charset_in_a_text_capture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capture = tmp_path / "capture.txt"
    capture.write_bytes("四川省人民政府\n通知正文\n".encode("gbk") + b"\xff\xff\xff\n")
    checked = run_check(capsys, tmp_path, str(capture))
    checked.accounted(records=1, problems=0)
    assert all(str(capture) in m for m in checked.messages("I006"))
