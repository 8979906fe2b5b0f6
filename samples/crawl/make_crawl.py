"""Write the sample crawls from the sample pages (run from the repo root): samples/crawl/sichuan-gov.warc.gz, the
crawl of 2023-11-23, and samples/recrawl/sichuan-gov-2023-12.warc.gz, the same site crawled a month later.

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

The crawl a month later (2023-12-23, `build_december`; the repository's pyproject.toml keeps samples/recrawl/ out of
`pav check samples/`, it is there to be compared with the first: `pav report --compare`) shows the site's web team
at work: the broken link is gone from a1.shtml and the mirror is no longer served (two defects fixed); the 通知公告
section is still not updated (a defect that remains); and the new 要闻动态 article b1.shtml of 2023-12-20 links its
ICP number to the retired MIIT address www.miibeian.gov.cn (F602: a new defect).
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
OUT_DECEMBER = HERE.parent / "recrawl" / "sichuan-gov-2023-12.warc.gz"
BASE = "https://www.sc.gov.cn/10462/10464/10797/2023/11/22/"
DATE = "2023-11-23T01:00:{:02d}Z"
DATE_DECEMBER = "2023-12-23T01:00:{:02d}Z"
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
    return _variant_text(uri, section, date, title, paragraphs, related).encode("gbk")


def _variant_text(uri: str, section: str, date: str, title: str, paragraphs: tuple[str, ...], related: tuple) -> str:  # type: ignore[type-arg]
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
    return f'{head}<div class="TRS_Editor" id="zoom">\n{body}</div>{before}{related_block}{after}'


def _id(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'pav-sample:' + name)}>"


# The December article: a new page whose footer links the ICP number to the retired MIIT address (F602).
NEW_ARTICLE = (
    "https://www.sc.gov.cn/10462/10464/10797/2023/12/20/b1.shtml",
    "要闻动态",
    "2023-12-20 10:30",
    "全省政府网站建设管理工作会议在成都召开",
    (
        "12月20日，全省政府网站建设管理工作会议在成都召开，会议通报了2023年全省政府网站检查情况。",
        "会议要求，各地各部门要对照检查指标逐项整改，确保网站信息准确、链接可用、栏目及时更新。",
    ),
    (("../../11/21/a1.shtml", "四川省科技城建设推进会召开", "2023-11-21"),),
)


def build() -> bytes:
    """The crawl of 2023-11-23 (samples/crawl/sichuan-gov.warc.gz)."""
    page = PAGE.read_bytes()
    pages = [
        (BASE + name, f"/{name}", page, name) for name in ("mianyang-expo-zh.shtml", "mianyang-expo-zh-mirror.shtml")
    ]
    pages += [
        (uri, uri[len("https://www.sc.gov.cn") :], variant(uri, *parts), uri.rsplit("/", 1)[1])
        for uri, *parts in VARIANTS
    ]
    return _crawl(DATE, "sichuan-gov.warc.gz", "", pages, gone=True)


def build_december() -> bytes:
    """The crawl of 2023-12-23 (samples/recrawl/sichuan-gov-2023-12.warc.gz; see the module docstring)."""
    page = PAGE.read_bytes()
    name = "mianyang-expo-zh.shtml"
    pages = [(BASE + name, f"/{name}", page, name)]
    for uri, section, date, title, paragraphs, related in (*VARIANTS, NEW_ARTICLE):
        related = tuple(link for link in related if "gone.shtml" not in link[0])  # the broken link was removed
        text = _variant_text(uri, section, date, title, paragraphs, related)
        if uri == NEW_ARTICLE[0]:
            text = text.replace("https://beian.miit.gov.cn/", "http://www.miibeian.gov.cn/")
        pages.append((uri, uri[len("https://www.sc.gov.cn") :], text.encode("gbk"), uri.rsplit("/", 1)[1]))
    return _crawl(DATE_DECEMBER, "sichuan-gov-2023-12.warc.gz", "2023-12/", pages, gone=False)


def _crawl(date: str, filename: str, prefix: str, pages: list[tuple[str, str, bytes, str]], gone: bool) -> bytes:
    """A WARC of `pages` (URL, request path, bytes, record name), the logo image, and with `gone` a 404 and a revisit
    record; record ids are made from `prefix` and the record names, dates from `date` a second apart."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    second = 0

    def headers(name: str) -> dict[str, str]:
        nonlocal second
        second += 1
        return {"WARC-Date": date.format(second), "WARC-Record-ID": _id(prefix + name)}

    info = writer.create_warcinfo_record(filename, {"software": "pav sample crawl", "format": "WARC File Format 1.0"})
    info.rec_headers.replace_header("WARC-Date", date.format(0))
    info.rec_headers.replace_header("WARC-Record-ID", _id(prefix + "warcinfo"))
    writer.write_record(info)

    for uri, path, body, name in pages:
        request = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", "www.sc.gov.cn")], is_http_request=True)
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
    if not gone:
        return buffer.getvalue()
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
    html = [("Content-Type", "text/html; charset=gb2312"), ("Content-Length", str(len(pages[0][2])))]
    revisit = writer.create_revisit_record(
        BASE + "mianyang-expo-zh.shtml",
        digest="sha1:" + "A" * 32,
        refers_to_uri=BASE + "mianyang-expo-zh.shtml",
        refers_to_date=date.format(3),
        http_headers=StatusAndHeaders("200 OK", html, protocol="HTTP/1.1"),
        warc_headers_dict=headers("revisit"),
    )
    writer.write_record(revisit)
    return buffer.getvalue()


if __name__ == "__main__":
    crawls = ((OUT, build()), (OUT_DECEMBER, build_december()))
    if "--check" in sys.argv:
        sys.exit(0 if all(path.exists() and path.read_bytes() == data for path, data in crawls) else 1)
    for path, data in crawls:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data)} bytes)")
