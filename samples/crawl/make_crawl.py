"""Write samples/crawl/sichuan-gov.warc.gz, the sample crawl, from the sample pages (run from the repo root).

    .venv/bin/python samples/crawl/make_crawl.py

The WARC is reproducible byte for byte (fixed dates and record ids, gzip without timestamps):
tests/test_samples.py checks that the committed file is what this script writes. It holds a warcinfo
record, four HTML pages (request + response each), an image, a 404 page and a revisit record, so
`pav check samples/` shows four checked pages and one I007 counting the eight records that are not pages.

The pages are made from samples/pages/sichuan-expo-zh.html (the same clean footer), and show what only a crawl
shows (the crawl-level checks, C001-C004):
- mianyang-expo-zh-mirror.shtml is the article again at another URL: a duplicate (C003);
- the 要闻动态 article a1.shtml links to ../22/gone.shtml, which the crawl answered with 404: a broken link (C001);
- the newest page of the 通知公告 section is of 2023-03-10, eight months before the crawl (2023-11-23): more than
  the 6 months the national inspection indicators allow for such a section (C002).
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


# Pages made from the sample article: (file, section, date, title, paragraphs, related links).
VARIANTS = (
    (
        "https://www.sc.gov.cn/10462/10464/10797/2023/11/21/a1.shtml",
        "要闻动态",
        "2023-11-21 16:05",
        "四川省科技城建设推进会召开",
        (
            "11月21日，四川省科技城建设推进会在绵阳召开，会议总结科技城建设进展，部署下一阶段重点工作。",
            "会议要求，要加快建设科技创新先行区，推动更多科技成果在科技城转移转化。",
        ),
        (
            ("../22/mianyang-expo-zh.shtml", "第十一届中国（绵阳）科技城国际科技博览会开幕", "2023-11-22"),
            ("../22/gone.shtml", "科技城建设推进会议程（已撤下）", "2023-11-20"),
        ),
    ),
    (
        "https://www.sc.gov.cn/10462/10883/2023/3/10/notice-self-check.shtml",
        "通知公告",
        "2023-03-10 09:00",
        "四川省人民政府办公厅关于开展2023年全省政府网站自查工作的通知",
        (
            "各市（州）人民政府，省政府各部门、各直属机构：",
            "为进一步提升政府网站建设管理水平，经省政府同意，决定在全省开展2023年政府网站自查工作。请于3月31日前完成自查。",
        ),
        (),
    ),
)


def variant(uri: str, section: str, date: str, title: str, paragraphs: tuple[str, ...], related: tuple) -> bytes:  # type: ignore[type-arg]
    """The sample article with another URL, section, date, title, text and related links (same header and footer)."""
    text = PAGE.read_bytes().decode("gbk")
    old_title = "第十一届中国（绵阳）科技城国际科技博览会开幕"
    head, rest = text.split('<div class="TRS_Editor" id="zoom">', 1)
    _, rest = rest.split("</div>", 1)
    before, after = rest.split('<div class="related">', 1)
    _, after = after.split("</ul></div>", 1)
    head = head.replace(old_title, title).replace('content="政务公开"', f'content="{section}"')
    head = head.replace("2023-11-22 18:30", date).replace(
        "https://www.sc.gov.cn/10462/10464/10797/2023/11/22/mianyang-expo-zh.shtml", uri
    )
    head = head.replace(
        '<a href="/10462/10778/list.shtml">政务公开</a> &gt; 正文',
        f'<a href="/10462/{section}.shtml">{section}</a> &gt; 正文',
    )
    body = "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)
    links = "".join(f'<li><a href="{href}">{name}</a><span>{day}</span></li>\n' for href, name, day in related)
    related_block = f'<div class="related"><h3>相关链接</h3><ul>\n{links}</ul></div>' if related else ""
    page = f'{head}<div class="TRS_Editor" id="zoom">\n{body}</div>{before}{related_block}{after}'
    return page.encode("gbk")


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

    for uri, *parts in VARIANTS:
        name = uri.rsplit("/", 1)[1]
        body = variant(uri, *parts)
        request = StatusAndHeaders(
            f"GET {uri[len('https://www.sc.gov.cn') :]} HTTP/1.1", [("Host", "www.sc.gov.cn")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(uri, "request", http_headers=request, warc_headers_dict=headers("req-" + name))
        )
        fields = [("Content-Type", "text/html; charset=gb2312"), ("Content-Length", str(len(body)))]
        response = StatusAndHeaders("200 OK", fields, protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=response, warc_headers_dict=headers(name)
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
