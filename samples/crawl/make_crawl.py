"""Write samples/crawl/sichuan-gov.warc.gz, the sample crawl, from the sample pages (run from the repo root).

    .venv/bin/python samples/crawl/make_crawl.py

The WARC is reproducible byte for byte (fixed dates and record ids, gzip without timestamps):
tests/test_samples.py checks that the committed file is what this script writes. It holds a warcinfo
record, two HTML pages (request + response each), an image, a 404 page and a revisit record, so
`pav check samples/` shows two checked pages and one I007 counting the six records that are not pages.
"""

from __future__ import annotations

import io
import sys
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
PAGE = HERE.parent / "pages" / "sichuan-expo-zh.html"
OUT = HERE / "sichuan-gov.warc.gz"
BASE = "https://www.sc.gov.cn/10462/10464/10797/2023/11/22/"
DATE = "2023-11-23T01:00:{:02d}Z"
# A 1x1 PNG: the image a crawler fetches with the page.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


def _id(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'pav-sample:' + name)}>"


def build() -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    second = 0

    def headers(name: str) -> dict[str, str]:
        nonlocal second
        second += 1
        return {"WARC-Date": DATE.format(second), "WARC-Record-ID": _id(name)}

    info = writer.create_warcinfo_record(
        "sichuan-gov.warc.gz", {"software": "pav sample crawl", "format": "WARC File Format 1.0"}
    )
    info.rec_headers.replace_header("WARC-Date", DATE.format(0))
    info.rec_headers.replace_header("WARC-Record-ID", _id("warcinfo"))
    writer.write_record(info)

    page = PAGE.read_bytes()
    html = [("Content-Type", "text/html; charset=gb2312"), ("Content-Length", str(len(page)))]
    for name in ("mianyang-expo-zh.shtml", "mianyang-expo-zh-mirror.shtml"):
        uri = BASE + name
        request = StatusAndHeaders(f"GET /{name} HTTP/1.1", [("Host", "www.sc.gov.cn")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(uri, "request", http_headers=request, warc_headers_dict=headers("req-" + name))
        )
        response = StatusAndHeaders("200 OK", html, protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri, "response", payload=io.BytesIO(page), http_headers=response, warc_headers_dict=headers(name)
            )
        )

    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png"), ("Content-Length", str(len(PNG)))], "HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            BASE + "logo.png", "response", payload=io.BytesIO(PNG), http_headers=image, warc_headers_dict=headers("png")
        )
    )
    missing = b"<html><body><h1>404 Not Found</h1></body></html>"
    not_found = StatusAndHeaders(
        "404 Not Found", [("Content-Type", "text/html"), ("Content-Length", str(len(missing)))], "HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(
            BASE + "gone.shtml",
            "response",
            payload=io.BytesIO(missing),
            http_headers=not_found,
            warc_headers_dict=headers("404"),
        )
    )
    revisit = writer.create_revisit_record(
        BASE + "mianyang-expo-zh.shtml",
        digest="sha1:" + "A" * 32,
        refers_to_uri=BASE + "mianyang-expo-zh.shtml",
        refers_to_date=DATE.format(3),
        http_headers=StatusAndHeaders("200 OK", html, protocol="HTTP/1.1"),
        warc_headers_dict=headers("revisit"),
    )
    writer.write_record(revisit)
    return buffer.getvalue()


if __name__ == "__main__":
    data = build()
    if "--check" in sys.argv:
        sys.exit(0 if OUT.read_bytes() == data else 1)
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes)")
