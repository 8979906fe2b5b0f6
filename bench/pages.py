# ruff: noqa: E501  (the page template keeps real pages' long lines)
"""Deterministic generator of realistic published pages (about 30 KB, Chinese text, GBK and UTF-8, real footers).

    python bench/pages.py COUNT DIR [--seed N]      # writes DIR/page-00000000.html ...

The shape follows samples/pages/*.html: an XHTML government article page with SiteIDCode meta tags, a long
navigation, the article, related links and a footer carrying the unit in charge, the site code, a linked ICP
number and a linked public security number. Half the pages are GBK (declared gb2312, as many provincial
portals still are), half UTF-8; about one in ten carries a footer defect, as inspection batches do.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

_SENTENCES = [
    "省政府常务会议研究部署进一步优化营商环境工作，要求各地各部门切实抓好政策落实。",
    "会议强调，要坚持以人民为中心的发展思想，持续推进政务公开和政务服务标准化规范化便利化。",
    "近日，省大数据中心完成政务云平台扩容，全省一体化政务服务平台运行平稳。",
    "各市（州）要加强统筹协调，压实工作责任，确保各项任务按时保质完成。",
    "今年以来，全省规模以上工业增加值同比增长，重点项目建设进展顺利，民生保障持续加强。",
    "下一步，将围绕群众急难愁盼问题，推出更多务实举措，让改革发展成果更多更公平惠及人民群众。",
]
# (host, unit in charge, site code, ICP number, public security number, its 14 digits)
_SITES = [
    ("www.sc.gov.cn", "四川省人民政府办公厅", "5100000062", "蜀ICP备13001288号", "川公网安备 51010402000507号"),
    ("www.gov.cn", "中华人民共和国国务院办公厅", "bm01000001", "京ICP备05070218号", "京公网安备 11010202000001号"),
    ("www.guizhou.gov.cn", "贵州省人民政府办公厅", "5200000001", "黔ICP备05001234号-1", "贵公网安备 52010202003658号"),
    ("www.gansu.gov.cn", "甘肃省人民政府办公厅", "6200000001", "陇ICP备06000123号", "甘公网安备 62010202000123号"),
]
# Footer defects real batches carry: a retired ICP link, a wrong province abbreviation, a short site code.
_DEFECTS = ("retired-link", "wrong-abbreviation", "short-site-code")
_NAV = ["首页", "要闻动态", "政务公开", "政务服务", "互动交流", "走进四川", "政策文件", "数据发布", "新闻发布会"]

_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{title}_{unit}</title>
<meta name="SiteName" content="{unit}" />
<meta name="SiteDomain" content="{host}" />
<meta name="SiteIDCode" content="{code}" />
<meta name="ColumnName" content="政务公开" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="{date} 09:30" />
<meta name="ContentSource" content="{unit}" />
<link rel="canonical" href="https://{host}/zwgk/{index}.shtml" />
<link rel="stylesheet" type="text/css" href="/css/common.css" />
<script type="text/javascript" src="/js/jquery.min.js"></script>
</head>
<body>
<div class="top-bar"><div class="w1200"><span class="today">{date}</span><a href="/wza/">无障碍浏览</a> <a href="/en/">English</a></div></div>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{unit}" /></a></div>
<ul class="nav">
{nav}
</ul></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/list.shtml">政务公开</a> &gt; 正文</div>
<div class="w1200 article">
<h1 class="title">{title}</h1>
<div class="info">发布时间：{date} 09:30　来源：{unit}</div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
<div class="share">分享到：<a href="javascript:;" class="wx">微信</a> <a href="javascript:window.print()">打印本页</a></div>
</div>
<div class="related"><h3>相关文章</h3><ul>
{related}
</ul></div>
<div class="footer">
<div class="footer-links"><a href="/about.shtml">关于我们</a> | <a href="/sitemap.shtml">网站地图</a> | <a href="/contact.shtml">联系我们</a></div>
<div class="footer-info">
<p>主办单位：{unit}　承办单位：省大数据中心　运维单位：中国电信股份有限公司</p>
<p>网站标识码：{code}　<a href="{icp_link}" target="_blank">{icp}</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={psb_digits}" target="_blank"><img src="/images/ga.png" alt="公安备案图标" />{psb}</a></p>
<p>地址：成都市都司街2号　邮编：610015</p>
</div>
<div class="footer-badges"><span id="_ideConac"></span><script type="text/javascript" src="https://dcs.conac.cn/js/23/000/0000/60429971/CA230000000604299710004.js"></script>
<script id="_jiucuo_" sitecode="{code}" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></div>
</div>
</body>
</html>
"""


def pages(count: int, seed: int = 20261126, target_bytes: int = 30_000) -> Iterator[tuple[str, bytes]]:
    """(file name, page bytes) for `count` pages; every call with the same arguments yields the same bytes."""
    rng = random.Random(seed)
    for index in range(count):
        host, unit, code, icp, psb = _SITES[index % len(_SITES)]
        gbk = index % 2 == 0
        icp_link = "https://beian.miit.gov.cn/"
        if rng.random() < 0.1:
            defect = rng.choice(_DEFECTS)
            if defect == "retired-link":
                icp_link = "http://www.miibeian.gov.cn/"
            elif defect == "wrong-abbreviation":
                icp = "川" + icp[1:]
            else:
                code = code[:-1]
        date = f"2024-{index % 12 + 1:02d}-{index % 28 + 1:02d}"
        nav = "\n".join(f'<li><a href="/c{n}/list.shtml">{name}</a></li>' for n, name in enumerate(_NAV))
        related = "\n".join(
            f'<li><a href="/zwgk/{index}-{n}.shtml">{rng.choice(_SENTENCES)[:18]}</a><span>{date}</span></li>'
            for n in range(8)
        )
        fields = {
            "charset": "gb2312" if gbk else "utf-8",
            "title": f"关于印发政务公开工作要点的通知（第{index}号）",
            "unit": unit,
            "host": host,
            "code": code,
            "date": date,
            "index": index,
            "nav": nav,
            "related": related,
            "icp": icp,
            "icp_link": icp_link,
            "psb": psb,
            "psb_digits": "".join(ch for ch in psb if ch.isdigit()),
        }
        # Grow the article paragraph by paragraph until the encoded page reaches the target size.
        paragraphs: list[str] = []
        encoding = "gbk" if gbk else "utf-8"
        page = _PAGE.format(body="", **fields).encode(encoding)
        size = len(page)
        while size < target_bytes:
            paragraph = "<p>" + "".join(rng.choice(_SENTENCES) for _ in range(6)) + "</p>"
            paragraphs.append(paragraph)
            size += len(paragraph.encode(encoding)) + 1
        yield f"page-{index:08d}.html", _PAGE.format(body="\n".join(paragraphs), **fields).encode(encoding)


def write_pages(folder: Path, count: int, seed: int = 20261126) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in pages(count, seed):
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    write_pages(args.folder, args.count, args.seed)


if __name__ == "__main__":
    main()
