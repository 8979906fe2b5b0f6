"""WARC crawls: real WARC files written with warcio in the test, checked with provenance; skipped records
counted; truncated and corrupt files give findings for what was read plus an error, never a traceback."""

from __future__ import annotations

import gzip
import io
import re
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from validator.findings import Finding
from validator.sources import SourceRecord, iter_source_items

FOOTER = (
    '<div class="footer"><p>主办单位：四川省人民政府办公厅</p><p>网站标识码：5100000062 '
    '<a href="https://beian.miit.gov.cn/">蜀ICP备13001288号</a> '
    '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=51010402000507">川公网安备51010402000507号</a>'
    "</p></div>"
)


def html_page(title: str, footer: str = FOOTER, charset: str = "utf-8") -> bytes:
    return (
        f'<html lang="zh-CN"><head><meta charset="{charset}"><title>{title}</title>'
        f'<meta name="PubDate" content="2023-11-22 10:55"></head>'
        f"<body><h1>{title}</h1><div class='content'><p>{title}的正文，内容足够长，足够长，足够长，足够长。</p></div>"
        f"{footer}</body></html>"
    ).encode("gbk" if charset == "gbk" else "utf-8")


class Crawl:
    """Write a WARC with warcio, remembering each record's id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = path.open("wb")
        self.writer = WARCWriter(self.handle, gzip=path.name.endswith(".gz"))
        self.ids: list[str] = []

    def response(
        self,
        uri: str,
        payload: bytes,
        content_type: str | None = "text/html; charset=utf-8",
        status: str = "200 OK",
        date: str = "2023-11-23T01:02:03Z",
        extra: list[tuple[str, str]] | None = None,
    ) -> None:
        headers = [("Content-Type", content_type)] if content_type else []
        headers += extra or []
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            uri, "response", payload=io.BytesIO(payload), http_headers=http, warc_headers_dict={"WARC-Date": date}
        )
        self.writer.write_record(record)
        self.ids.append(record.rec_headers.get_header("WARC-Record-ID"))

    def other(self, kind: str, uri: str = "https://www.sc.gov.cn/") -> None:
        if kind == "request":
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "www.sc.gov.cn")], is_http_request=True)
            record = self.writer.create_warc_record(uri, "request", http_headers=http)
        elif kind == "revisit":
            record = self.writer.create_revisit_record(
                uri, digest="sha1:" + "B" * 32, refers_to_uri=uri, refers_to_date="2023-11-22T00:00:00Z"
            )
        elif kind == "warcinfo":
            record = self.writer.create_warcinfo_record("x.warc", {"software": "test"})
        else:
            record = self.writer.create_warc_record(uri, kind, payload=io.BytesIO(b"a: b\r\n"))
        self.writer.write_record(record)
        self.ids.append(record.rec_headers.get_header("WARC-Record-ID"))

    def close(self) -> Path:
        self.handle.close()
        return self.path


def items(path: Path) -> list[SourceRecord | Finding]:
    return list(iter_source_items([str(path)]))


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_several_pages_with_provenance(tmp_path: Path, name: str) -> None:
    crawl = Crawl(tmp_path / name)
    crawl.other("warcinfo")
    for i in range(3):
        crawl.other("request", f"https://www.sc.gov.cn/p{i}.shtml")
        crawl.response(f"https://www.sc.gov.cn/p{i}.shtml", html_page(f"第{i}篇"), date=f"2023-11-23T01:02:0{i}Z")
    path = crawl.close()
    found = items(path)
    records = [item for item in found if isinstance(item, SourceRecord)]
    assert len(records) == 3
    offsets = []
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            offsets.append((record.rec_headers.get_header("WARC-Record-ID"), iterator.get_record_offset()))
    offset_of = dict(offsets)
    for i, item in enumerate(records):
        data = item.data
        assert data["url"] == f"https://www.sc.gov.cn/p{i}.shtml"
        assert data["captured_at"] == f"2023-11-23T01:02:0{i}Z"
        assert data["published_at"] == "2023-11-22T10:55:00+08:00"
        assert data["title"] == f"第{i}篇"
        assert data["footer"]["icp"] == "蜀ICP备13001288号"
        record_id = crawl.ids[2 + 2 * i]
        assert data["source"]["location"] == str(path)
        assert data["source"]["warc_record_id"] == record_id
        assert data["source"]["warc_offset"] == offset_of[record_id]
        assert data["source"]["media_type"] == "application/warc"
        assert item.location.file == str(path) and item.location.index == 2 + 2 * i and item.location.line is None
        assert item.field_lines is None  # lines of a page inside a WARC are not lines of the file
        # raw = the WARC record as stored (inflated): a one-record WARC holding this page.
        assert item.raw is not None and item.raw.startswith(b"WARC/1.0\r\n") and item.raw.endswith(b"\r\n\r\n")
        (again,) = list(ArchiveIterator(io.BytesIO(item.raw)))
        assert again.rec_headers.get_header("WARC-Record-ID") == record_id
    assert len({item.data["id"] for item in records}) == 3
    (skipped,) = [item for item in found if isinstance(item, Finding)]
    assert skipped.rule == "I007"
    assert skipped.message == (
        "skipped 4 of 7 WARC records that are not HTML pages: request records: 3, warcinfo records: 1"
    )


def test_ids_are_stable_across_runs(tmp_path: Path) -> None:
    crawl = Crawl(tmp_path / "a.warc.gz")
    crawl.response("https://www.sc.gov.cn/a.shtml", html_page("一"))
    path = crawl.close()
    first = [i.data["id"] for i in items(path) if isinstance(i, SourceRecord)]
    second = [i.data["id"] for i in items(path) if isinstance(i, SourceRecord)]
    assert first == second and first[0].startswith("a-")


def test_skipped_records_are_counted_by_kind(tmp_path: Path) -> None:
    crawl = Crawl(tmp_path / "mixed.warc.gz")
    crawl.response("https://www.sc.gov.cn/a.shtml", html_page("一"))
    crawl.response("https://www.sc.gov.cn/logo.png", b"\x89PNG", "image/png")
    crawl.response("https://www.sc.gov.cn/b.png", b"\x89PNG", "image/png")
    crawl.response("https://www.sc.gov.cn/s.css", b"body{}", "text/css")
    crawl.response("https://www.sc.gov.cn/gone", b"<html>404</html>", status="404 Not Found")
    crawl.response("https://www.sc.gov.cn/moved", b"", status="301 Moved Permanently")
    crawl.other("revisit", "https://www.sc.gov.cn/a.shtml")
    crawl.other("metadata")
    path = crawl.close()
    found = items(path)
    assert sum(isinstance(i, SourceRecord) for i in found) == 1
    (skipped,) = [i for i in found if isinstance(i, Finding)]
    assert skipped.rule == "I007" and skipped.severity.name == "INFO"
    assert skipped.message == (
        "skipped 7 of 8 WARC records that are not HTML pages: non-HTML responses: 3 (image/png 2, text/css 1), "
        "metadata records: 1, responses with HTTP status 301: 1, responses with HTTP status 404: 1, "
        "revisit records (deduplicated captures): 1"
    )


def test_chunked_gzip_and_gbk_payloads_are_decoded(tmp_path: Path) -> None:
    page = html_page("编码", charset="gbk")
    body = gzip.compress(page)
    chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    crawl = Crawl(tmp_path / "enc.warc.gz")
    crawl.response(
        "https://www.sc.gov.cn/enc.shtml",
        chunked,
        "text/html; charset=GBK",
        extra=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
    )
    (record,) = [i for i in items(crawl.close()) if isinstance(i, SourceRecord)]
    assert record.data["title"] == "编码" and record.data["footer"]["icp"] == "蜀ICP备13001288号"
    assert record.data["source"]["charset"] == "gb18030" and record.data["source"]["charset_from"] == "http"


def test_response_without_content_type_is_judged_by_its_bytes(tmp_path: Path) -> None:
    crawl = Crawl(tmp_path / "untyped.warc")
    crawl.response("https://www.sc.gov.cn/a", html_page("无类型"), content_type=None)
    (record,) = items(crawl.close())
    assert isinstance(record, SourceRecord) and record.data["title"] == "无类型"


@pytest.mark.parametrize("name", ["cut.warc.gz", "cut.warc"])
def test_truncated_warc_checks_what_was_read_and_reports_the_damage(tmp_path: Path, name: str) -> None:
    crawl = Crawl(tmp_path / name)
    for i in range(4):
        crawl.response(f"https://www.sc.gov.cn/p{i}.shtml", html_page(f"第{i}篇"))
    path = crawl.close()
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.6)])
    found = items(path)
    records = [i for i in found if isinstance(i, SourceRecord)]
    assert [r.data["title"] for r in records] == ["第0篇", "第1篇"]
    damage = [i for i in found if isinstance(i, Finding)]
    assert [d.rule for d in damage] == ["I008"]
    assert str(path) in damage[0].message and "the records before it were checked" in damage[0].message


def test_record_without_content_length_is_damage_not_a_page(tmp_path: Path) -> None:
    # Found by `make fuzz`: a corrupted header line left a record without Content-Length; warcio then reads to
    # the end of the file as that record's payload, and a page cut anywhere would have been checked silently.
    crawl = Crawl(tmp_path / "nolength.warc")
    for i in range(3):
        crawl.response(f"https://www.sc.gov.cn/p{i}.shtml", html_page(f"第{i}篇"))
    path = crawl.close()
    data = path.read_bytes()
    second = data.index(b"WARC/1", 1)
    length_at = data.index(b"Content-Length:", second)
    path.write_bytes(data[:length_at] + b"Xontent-Length:" + data[length_at + len(b"Content-Length:") :])
    found = items(path)
    assert [r.data["title"] for r in found if isinstance(r, SourceRecord)] == ["第0篇"]
    (damage,) = [f for f in found if isinstance(f, Finding)]
    assert damage.rule == "I008"
    assert damage.message == (
        f"{path} is damaged in record 1 (https://www.sc.gov.cn/p1.shtml): it has no valid Content-Length header, "
        "so where it ends is unknown; it was not checked; the records before it were checked"
    )


def test_record_whose_bytes_do_not_match_its_block_digest_is_damage(tmp_path: Path) -> None:
    # One changed byte inside a page of an uncompressed WARC (no gzip CRC to catch it): warcio's digest check
    # finds it; that page is not checked (its text is not what was captured), the next one is.
    crawl = Crawl(tmp_path / "changed.warc")
    for i in range(3):
        crawl.response(f"https://www.sc.gov.cn/p{i}.shtml", html_page(f"第{i}篇"))
    path = crawl.close()
    data = path.read_bytes()
    second = data.index("第1篇的正文".encode())
    path.write_bytes(data[:second] + "第7篇的正文".encode() + data[second + len("第1篇的正文".encode()) :])
    found = items(path)
    assert [r.data["title"] for r in found if isinstance(r, SourceRecord)] == ["第0篇", "第2篇"]
    (damage,) = [f for f in found if isinstance(f, Finding)]
    assert (damage.rule, damage.location.index) == ("I008", 1)
    assert "record 1 (https://www.sc.gov.cn/p1.shtml) is damaged: its bytes do not match its WARC-Block-Digest" in (
        damage.message
    )
    assert damage.message.endswith("; the page was not checked")


def test_without_a_block_digest_the_payload_digest_decides(tmp_path: Path) -> None:
    # A writer that records only WARC-Payload-Digest: a changed byte of the page is damage by that digest.
    crawl = Crawl(tmp_path / "payload-only.warc")
    crawl.response("https://www.sc.gov.cn/p0.shtml", html_page("第0篇"))
    path = crawl.close()
    data = path.read_bytes()
    block = data.index(b"WARC-Block-Digest:")
    end = data.index(b"\r\n", block) + 2
    data = data[:block] + data[end:]  # (the header gone; Content-Length counts the block, not the headers)
    page_at = data.index("第0篇的正文".encode())
    path.write_bytes(data[:page_at] + "第9篇的正文".encode() + data[page_at + len("第0篇的正文".encode()) :])
    (damage,) = [f for f in items(path) if isinstance(f, Finding)]
    assert (damage.rule, damage.location.index) == ("I008", 0)
    assert "record 0 (https://www.sc.gov.cn/p0.shtml) is damaged: its payload does not match its " in damage.message
    assert "WARC-Payload-Digest (sha1:" in damage.message
    assert not [record for record in items(path) if isinstance(record, SourceRecord)]


def test_a_payload_digest_alone_that_disagrees_is_not_damage(tmp_path: Path) -> None:
    # Writers disagree on what the payload digest covers (chunked or not); a matching block digest decides.
    crawl = Crawl(tmp_path / "payload.warc")
    crawl.response("https://www.sc.gov.cn/p0.shtml", html_page("第0篇"))
    path = crawl.close()
    data = path.read_bytes()
    start = data.index(b"WARC-Payload-Digest: sha1:") + len(b"WARC-Payload-Digest: sha1:")
    path.write_bytes(data[:start] + b"A" * 32 + data[start + 32 :])
    (record,) = items(path)
    assert isinstance(record, SourceRecord) and record.data["title"] == "第0篇"


def test_garbage_named_warc_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "not.warc"
    path.write_bytes(b"this is not a WARC file\r\n\r\nat all")
    (item,) = items(path)
    assert isinstance(item, Finding) and item.rule == "I008" and "not.warc" in item.message


def test_corrupt_gzip_member_in_the_middle(tmp_path: Path) -> None:
    crawl = Crawl(tmp_path / "mid.warc.gz")
    for i in range(3):
        crawl.response(f"https://www.sc.gov.cn/p{i}.shtml", html_page(f"第{i}篇"))
    path = crawl.close()
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 40] = b"\x00" * 40
    path.write_bytes(bytes(data))
    found = items(path)
    assert any(isinstance(i, Finding) and i.rule == "I008" for i in found)
    assert all(isinstance(i, SourceRecord) or i.rule in ("I007", "I008") for i in found)


def test_warc_without_pages(tmp_path: Path) -> None:
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    (item,) = items(empty)
    assert isinstance(item, Finding) and item.rule == "I004"
    crawl = Crawl(tmp_path / "images.warc.gz")
    crawl.response("https://www.sc.gov.cn/a.png", b"\x89PNG", "image/png")
    found = items(crawl.close())
    assert [i.rule for i in found if isinstance(i, Finding)] == ["I007", "I004"]


def test_large_records_stream(tmp_path: Path) -> None:
    # A 24 MB image between two pages: reading the WARC never holds it in memory.
    crawl = Crawl(tmp_path / "big.warc")
    crawl.response("https://www.sc.gov.cn/a.shtml", html_page("前"))
    crawl.response("https://www.sc.gov.cn/big.bin", b"\x00" * (24 * 1024 * 1024), "application/octet-stream")
    crawl.response("https://www.sc.gov.cn/b.shtml", html_page("后"))
    path = crawl.close()
    tracemalloc.start()
    try:
        titles = [i.data["title"] for i in iter_source_items([str(path)]) if isinstance(i, SourceRecord)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert titles == ["前", "后"]
    assert peak < 4 * 1024 * 1024


def test_warc_findings_name_the_file_and_record(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    crawl = Crawl(isolated / "crawl.warc.gz")
    crawl.other("warcinfo")
    footer = FOOTER.replace("https://beian.miit.gov.cn/", "http://www.miibeian.gov.cn/")
    crawl.response("https://www.sc.gov.cn/a.shtml", html_page("旧链接", footer=footer))
    crawl.close()
    out = pav("check", "crawl.warc.gz").out
    assert (
        "crawl.warc.gz[1] (https://www.sc.gov.cn/a.shtml): warning F602 the ICP link points to "
        "'http://www.miibeian.gov.cn/'" in out
    )
    assert "crawl.warc.gz: info I007 skipped 1 of 2 WARC records" in out


# --- damage warcio tells only on stderr or leaves unread (read through its public API: see warc.py) ---------


def _two_pages(path: Path) -> bytes:
    crawl = Crawl(path)
    for i in range(2):
        crawl.response(f"https://www.sc.gov.cn/p{i}.shtml", html_page(f"第{i}篇"))
    return crawl.close().read_bytes()


def test_a_record_whose_content_length_is_too_short_is_reported_where_it_ends(tmp_path: Path) -> None:
    # Content-Length 5 bytes short: the record's block ends 5 bytes early, and what follows it is no blank line.
    # warcio says so only on stderr; pav reports it (I008, at that record) and reads on.
    path = tmp_path / "short.warc"
    data = _two_pages(path)
    second = data.index(b"WARC/1.", 1)
    at = data.index(b"Content-Length: ", second) + len(b"Content-Length: ")
    end = data.index(b"\r\n", at)
    length = int(data[at:end])
    damaged = data[:at] + str(length - 5).encode() + data[end:]
    path.write_bytes(damaged)
    found = items(path)
    block_end = damaged.index(b"\r\n\r\n", at) + 4 + length - 5
    assert [r.data["title"] for r in found if isinstance(r, SourceRecord)] == ["第0篇"]
    (finding,) = [f for f in found if isinstance(f, Finding) and "blank lines" in f.message]
    assert (finding.rule, finding.location.index) == ("I008", 1)
    assert finding.message == (
        f"{path}: the record before byte {block_end} is not followed by the blank lines WARC requires "
        "(its Content-Length is probably wrong)"
    )


@pytest.mark.parametrize(("name", "blank"), [("tail.warc", b""), ("tail.warc", b"\r\n\r\n"), ("tail.warc.gz", b"")])
def test_bytes_after_the_last_complete_record_are_damage(tmp_path: Path, name: str, blank: bytes) -> None:
    # A third record cut inside its header (a gzip member cut after its first bytes): warcio stops without a word.
    # pav counts the bytes from where reading stopped (the end of the last record and the blank lines after it).
    path = tmp_path / name
    data = _two_pages(path)
    if name.endswith(".gz"):
        second = data.index(b"\x1f\x8b", 1)
        tail = data[second : second + 12]
    else:
        second = data.index(b"WARC/1.", 1)
        tail = data[second : data.index(b"\r\n\r\n", second)]
    path.write_bytes(data + blank + tail)
    found = items(path)
    assert [r.data["title"] for r in found if isinstance(r, SourceRecord)] == ["第0篇", "第1篇"]
    (damage,) = [f for f in found if isinstance(f, Finding)]
    stop = len(data) + len(blank)
    assert damage.rule == "I008" and damage.message == (
        f"{path} has {len(data) + len(blank) + len(tail) - stop} bytes after its last complete record (at byte "
        f"{stop}) that are not a readable WARC record: the file is truncated or corrupt there; the records before "
        "it were checked"
    )


class _Unseekable(io.RawIOBase):
    """A stream that cannot tell its position (a pipe)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._data.readinto(buffer)

    def tell(self) -> int:
        raise OSError("not seekable")


def test_damage_in_a_stream_that_cannot_tell_its_position_names_the_byte(tmp_path: Path) -> None:
    from validator.sources.warc import read_warc

    data = bytearray(_two_pages(tmp_path / "pipe.warc.gz"))
    second = data.index(b"\x1f\x8b", 1)
    data[second + 30 : second + 60] = b"\x00" * 30  # the second gzip member broken
    told = [f for f in read_warc(io.BytesIO(bytes(data)), "x.warc.gz") if isinstance(f, Finding)]
    piped = [f for f in read_warc(_Unseekable(bytes(data)), "x.warc.gz") if isinstance(f, Finding)]  # type: ignore[arg-type]
    assert piped == told and any(f.rule == "I008" and re.search(r"near byte [0-9]+:", f.message) for f in piped)


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "yesterday",
            "captured_at 'yesterday', the WARC-Date of its WARC record, is not a valid date-time (RFC 3339, such as "
            "2023-11-23T01:02:03Z)",
        ),
        (
            "2023-13-45T01:02:03Z",
            "captured_at '2023-13-45T01:02:03Z', the WARC-Date of its WARC record, is not a valid date-time (RFC 3339, "
            "such as 2023-11-23T01:02:03Z)",
        ),
        (
            "2023-11-23T01:02:03",
            "captured_at '2023-11-23T01:02:03', the WARC-Date of its WARC record, has no UTC offset: RFC 3339 needs "
            "one, such as +08:00 or Z",
        ),
    ],
)
def test_a_warc_date_that_is_no_time_is_named(pav, isolated: Path, date: str, message: str) -> None:  # type: ignore[no-untyped-def]
    crawl = Crawl(isolated / "crawl.warc")
    crawl.response("https://www.sc.gov.cn/a.shtml", html_page("标题"), date=date)
    crawl.close()
    run = pav("check", "--select", "S", "crawl.warc")
    where = "crawl.warc[0] (https://www.sc.gov.cn/a.shtml)"
    assert run.out.splitlines()[0] == f"{where}: error S003 {message} [/captured_at]"


def test_warc_findings_show_the_page_url_in_text_markdown_and_html(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    import json
    import subprocess

    from tests.conftest import REPO

    crawl = Crawl(isolated / "crawl.warc.gz")
    crawl.other("warcinfo")
    footer = FOOTER.replace("https://beian.miit.gov.cn/", "http://www.miibeian.gov.cn/")
    crawl.response("https://www.sc.gov.cn/a.shtml", html_page("旧链接", footer=footer))
    crawl.close()
    args = ["check", "--select", "F602", "crawl.warc.gz"]
    where = "crawl.warc.gz[1] (https://www.sc.gov.cn/a.shtml)"
    assert pav(*args).out.startswith(f"{where}: warning F602 the ICP link points to 'http://www.miibeian.gov.cn/'")
    markdown = "| crawl.warc.gz\\[1\\] (https://www.sc.gov.cn/a.shtml) /evidence/found/icp/1 |"  # [ ] escaped
    assert markdown in pav(*args, "--format", "markdown").out
    # The HTML report's rows are drawn by its script: run the script's own `where` on this report's row.
    html = pav(*args, "--format", "html").out
    row = json.loads(re.search(r'id="pav-findings">\[(.*?)\]</script>', html, re.S).group(1))  # type: ignore[union-attr]
    files = json.loads(re.search(r'id="pav-files">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    script = (REPO / "validator" / "reports" / "html_report.js").read_text(encoding="utf-8")
    function = re.search(r"  function where\(row\) \{.*?\n  \}\n", script, re.S).group(0)  # type: ignore[union-attr]
    program = f"var files = {json.dumps(files)};\n{function}\nprocess.stdout.write(where({json.dumps(row)}));"
    shown = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True).stdout
    assert shown == where
