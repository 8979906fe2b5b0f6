"""A small crawl of one government site, written with warcio, that the crawl-level rules (C001-C004) each find
something in: used by tests/test_site_rules.py, tests/test_parallel.py and tests/test_distributed.py.

www.chengdu.gov.cn, crawled 2024-05-21:
- /zwgk/ywdt/2024/05/20/a.shtml (要闻动态) links to /zwgk/ywdt/old.shtml (a 404 record), to /zwgk/c.shtml (a 301
  to /zwgk/d.shtml, a 410 record), to e.shtml (a page), to www.gov.cn (outside the crawl), and to old.shtml again;
- /zwgk/ywdt/2024/05/18/e.shtml and e-copy.shtml: the same article (a duplicate: e-copy.shtml is the lower URL);
- /zwgk/tzgg/2023/11/01/n.shtml (通知公告, of 2023-11-01: more than 6 months before the crawl), with
  <base href="https://www.chengdu.gov.cn/zwgk/"> and a link to c.shtml (so again to the 410).
"""

from __future__ import annotations

import io
from pathlib import Path

HOST = "https://www.chengdu.gov.cn"
CAPTURED = "2024-05-21T02:00:00Z"
FOOTER = (
    '<div class="footer"><p>主办单位：成都市人民政府办公厅　网站标识码：5101000001</p>'
    '<p><a href="https://beian.miit.gov.cn/">蜀ICP备05005339号</a></p></div>'
)


def page(
    url: str,
    title: str,
    section: str,
    date: str,
    text: str,
    links: list[str],
    base: str | None = None,
    canonical: bool = False,
) -> bytes:
    """A government article page; each link on a line of its own (line 10 onwards, in order)."""
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{title}_成都市人民政府</title>",
        f'<meta name="ColumnName" content="{section}">',
        f'<meta name="PubDate" content="{date}">',
        f'<base href="{base}">' if base else "<!-- no base -->",
        f'<link rel="canonical" href="{url}">' if canonical else "<!-- no canonical -->",
        "</head><body>",
        f'<h1>{title}</h1><div class="info">发布时间：{date}</div>',
    ]
    anchors = [f'<p><a href="{href}">链接{i}</a></p>' for i, href in enumerate(links)]
    body = [f'<div id="zoom"><p>{text}</p><p>{text}。特此通知。</p></div>', FOOTER, "</body></html>"]
    return "\n".join(head + anchors + body).encode("utf-8")


PAGES = {
    "/zwgk/ywdt/2024/05/20/a.shtml": (
        "市政府常务会议研究部署城市更新工作",
        "要闻动态",
        "2024-05-20 10:00",
        "5月20日，市政府召开常务会议，研究部署城市更新工作",
        ["/zwgk/ywdt/old.shtml", "/zwgk/c.shtml#part2", "../18/e.shtml", "https://www.gov.cn/", "/zwgk/ywdt/old.shtml"],
        None,
    ),
    "/zwgk/ywdt/2024/05/18/e.shtml": (
        "成都市召开优化营商环境推进会",
        "要闻动态",
        "2024-05-18 09:30",
        "5月18日，成都市召开优化营商环境推进会",
        ["/"],
        None,
    ),
    "/zwgk/ywdt/2024/05/18/e-copy.shtml": (
        "成都市召开优化营商环境推进会",
        "要闻动态",
        "2024-05-18 09:30",
        "5月18日，成都市召开优化营商环境推进会",
        ["/"],
        None,
    ),
    "/zwgk/tzgg/2023/11/01/n.shtml": (
        "成都市人民政府办公厅关于做好2024年元旦春节期间有关工作的通知",
        "通知公告",
        "2023-11-01 15:00",
        "各区（市）县政府，市政府各部门：现就做好元旦春节期间有关工作通知如下",
        ["c.shtml", "#top", "javascript:;"],
        HOST + "/zwgk/",
    ),
}


def crawl_bytes(order: list[str] | None = None) -> bytes:
    """The crawl as a .warc.gz (pages in `order`, default as listed; then the 404, the 301 and the 410)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)

    def response(path: str, status: str, body: bytes, extra: list[tuple[str, str]] = ()) -> None:  # type: ignore[assignment]
        fields = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))), *extra]
        record = writer.create_warc_record(
            HOST + path,
            "response",
            payload=io.BytesIO(body),
            http_headers=StatusAndHeaders(status, fields, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": CAPTURED},
        )
        writer.write_record(record)

    for path in order or list(PAGES):
        title, section, date, text, links, base = PAGES[path]
        response(path, "200 OK", page(HOST + path, title, section, date, text, links, base))
    response("/zwgk/ywdt/old.shtml", "404 Not Found", b"<html><body><h1>404</h1></body></html>")
    response("/zwgk/c.shtml", "301 Moved Permanently", b"", [("Location", "/zwgk/d.shtml")])
    response("/zwgk/d.shtml", "410 Gone", b"<html><body><h1>410</h1></body></html>")
    return buffer.getvalue()


def write_crawl(path: Path, order: list[str] | None = None) -> Path:
    path.write_bytes(crawl_bytes(order))
    return path


def write_folder(folder: Path) -> Path:
    """The crawl's pages as saved files with their URLs (canonical links), no statuses: e.shtml and e-copy.shtml
    are duplicates, links to old.shtml and c.shtml lead outside the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for path, (title, section, date, text, links, base) in PAGES.items():
        name = path.strip("/").replace("/", "_")
        (folder / name).write_bytes(page(HOST + path, title, section, date, text, links, base, canonical=True))
    return folder
