"""HTML pages -> records: every real-world footer shape of DOMAIN.md §2, checked field by field, plus title,
dates, section, body, language, URL, meta tags, links and the lines findings point at. Real lxml, no mocks."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REFERENCE
from validator.findings import Finding
from validator.sources import SourceRecord, iter_source_items
from validator.sources.html import PageExtract, extract_html

ARTICLE = (
    '<div class="article"><h1>第十一届中国（绵阳）科技城国际科技博览会开幕</h1>'
    '<div class="info">发布时间：2023-11-22 18:30 来源：四川省人民政府</div>'
    '<div class="TRS_Editor"><p>11月22日上午，第十一届中国（绵阳）科技城国际科技博览会在绵阳开幕，'
    "主题为“科技引领、创新转化、开放合作”。</p>"
    "<p>约10时55分，邵鸿宣布第十一届中国（绵阳）科技城国际科技博览会开幕。</p></div></div>"
)
NAV = '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>'


def page(footer: str, *, head: str = "", lang: str = "zh-CN", article: str = ARTICLE, nav: str = NAV) -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f'<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n<meta charset="utf-8">\n'
        f"<title>页面标题</title>\n{head}\n</head>\n"
        f"<body>\n{nav}\n{article}\n{footer}\n</body>\n</html>\n"
    )


def fields(extract: PageExtract) -> dict[str, str]:
    return {k: v for k, v in extract.footer.items() if k != "raw"}


def found(extract: PageExtract) -> dict[str, list[tuple[str, str | None]]]:
    return {
        name: [(item["in"], item.get("value")) for item in items]
        for name, items in extract.evidence.get("found", {}).items()
    }


SICHUAN = {
    "unit_in_charge": "四川省人民政府办公厅",
    "organizer": "四川省大数据中心",
    "operator": "中国电信股份有限公司四川分公司",
    "site_code": "5100000062",
    "icp": "蜀ICP备13001288号",
    "public_security": "川公网安备51010402000507号",
}


# --- footer shapes ------------------------------------------------------------------------------------------


def test_footer_in_paragraphs_with_links() -> None:
    footer = (
        '<div id="footer">\n<p>主办单位：四川省人民政府办公厅　承办单位：四川省大数据中心</p>\n'
        "<p>运维单位：中国电信股份有限公司四川分公司</p>\n"
        '<p>网站标识码：5100000062　<a href="https://beian.miit.gov.cn/">蜀ICP备13001288号</a>　'
        '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=51010402000507">'
        '<img src="ga.png">川公网安备51010402000507号</a></p>\n</div>'
    )
    extract = extract_html(page(footer))
    assert fields(extract) == SICHUAN
    assert extract.evidence["footer_from"] == "structure"
    assert found(extract) == {
        "icp": [("text", "13001288"), ("link", None)],
        "public_security": [("text", "51010402000507"), ("link", "51010402000507")],
        "site_code": [("text", "5100000062")],
    }
    link = extract.evidence["found"]["icp"][1]
    assert link["href"] == "https://beian.miit.gov.cn/" and link["text"] == "蜀ICP备13001288号"


def test_footer_in_a_table() -> None:
    footer = (
        '<table class="bottom" width="100%"><tr><td>主办单位：四川省人民政府办公厅</td>'
        "<td>承办单位：四川省大数据中心</td></tr>"
        "<tr><td>运维单位：中国电信股份有限公司四川分公司</td></tr>"
        "<tr><td>网站标识码：</td><td>5100000062</td><td>蜀ICP备13001288号</td></tr>"
        "<tr><td>川公网安备51010402000507号</td></tr></table>"
    )
    extract = extract_html(page(footer))
    assert fields(extract) == SICHUAN
    assert extract.footer["raw"].splitlines()[0] == "主办单位：四川省人民政府办公厅 承办单位：四川省大数据中心"


def test_glued_footer_without_separators() -> None:
    footer = '<div class="foot">网站标识码bm01000001　京ICP备05070218号京公网安备11010202000001号</div>'
    extract = extract_html(page(footer))
    assert fields(extract) == {
        "site_code": "bm01000001",
        "icp": "京ICP备05070218号",
        "public_security": "京公网安备11010202000001号",
    }


def test_spaces_inside_values_and_full_width_digits() -> None:
    footer = (
        '<div class="copyright"><p>京ICP备 05035542号　贵公网安备 52010202003658 号　'
        "网站标识码：５２０００００００１</p></div>"
    )
    extract = extract_html(page(footer))
    assert extract.footer["icp"] == "京ICP备 05035542号"
    assert extract.footer["public_security"] == "贵公网安备 52010202003658 号"
    assert extract.footer["site_code"] == "5200000001"
    assert found(extract)["public_security"] == [("text", "52010202003658")]


def test_footer_written_by_document_write() -> None:
    footer = (
        '<div class="copyright"><script type="text/javascript">\n'
        "document.write('<p>主办：北京市人民政府　网站标识码：1100000088</p>');\n"
        'document.write("<a href=\\"https://beian.miit.gov.cn/\\">京ICP备05060933号</a> " +\n'
        '  "<a href=\\"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010502030143\\">'
        '京公网安备 11010502030143号</a>");\n'
        "</script></div>"
    )
    text = page(footer)
    extract = extract_html(text)
    assert fields(extract) == {
        "unit_in_charge": "北京市人民政府",
        "site_code": "1100000088",
        "icp": "京ICP备05060933号",
        "public_security": "京公网安备 11010502030143号",
    }
    assert extract.evidence["footer_from"] == "script"
    assert found(extract) == {
        "icp": [("script", "05060933"), ("link", None)],
        "public_security": [("script", "11010502030143"), ("link", "11010502030143")],
        "site_code": [("script", "1100000088")],
    }
    lines = text.splitlines()
    assert "1100000088" in lines[extract.field_lines["/footer/site_code"] - 1]
    assert "京ICP备05060933号" in lines[extract.field_lines["/footer/icp"] - 1]


def test_footer_written_by_an_innerhtml_template_with_unicode_escapes() -> None:
    footer = (
        '<div id="ft"></div><script>var f = document.getElementById("ft");\n'
        "f.innerHTML = `<span>\\u4e3b\\u529e\\u5355\\u4f4d\\uff1a贵州省人民政府办公厅</span>"
        "<span>网站标识码：5200000001</span><span>黔ICP备05003017号</span>"
        "<span>贵公网安备 52010202003658 号</span>`;</script>"
    )
    extract = extract_html(page(footer))
    assert fields(extract) == {
        "unit_in_charge": "贵州省人民政府办公厅",
        "site_code": "5200000001",
        "icp": "黔ICP备05003017号",
        "public_security": "贵公网安备 52010202003658 号",
    }
    assert "ft" not in extract.footer["raw"].split("主办")[0]  # getElementById("ft") is code, not text


def test_visible_footer_wins_over_script_and_both_are_evidence() -> None:
    footer = (
        '<div class="footer"><p>蜀ICP备13001288号</p></div>'
        "<script>document.write('<p>蜀ICP备99999999号</p>')</script>"
    )
    extract = extract_html(page(footer))
    assert extract.footer["icp"] == "蜀ICP备13001288号"
    assert found(extract)["icp"] == [("text", "13001288"), ("script", "99999999")]


def test_scripts_that_write_nothing_about_filings_are_ignored() -> None:
    footer = '<div class="footer"><p>蜀ICP备13001288号</p></div><script>document.write("<b>hello</b>")</script>'
    extract = extract_html(page(footer))
    assert "hello" not in extract.footer["raw"]


def test_duplicated_desktop_and_mobile_footer() -> None:
    footer = (
        '<div class="footer pc"><p>主办单位：甘肃省人民政府办公厅</p>'
        "<p>网站标识码：6200000001 陇ICP备05000001号 甘公网安备 62010202000001号</p></div>"
        '<div class="footer mobile"><p>主办单位：甘肃省人民政府办公厅</p><p>陇ICP备05000001号</p></div>'
    )
    extract = extract_html(page(footer))
    assert fields(extract) == {
        "unit_in_charge": "甘肃省人民政府办公厅",
        "site_code": "6200000001",
        "icp": "陇ICP备05000001号",
        "public_security": "甘公网安备 62010202000001号",
    }
    # The repeated unit line is kept once; the mobile-only line is kept.
    assert extract.footer["raw"].count("主办单位") == 1
    assert extract.footer["raw"].splitlines()[-1] == "陇ICP备05000001号"


def test_footer_without_structure_is_found_by_content() -> None:
    footer = (
        '<div class="wrap"><div class="links">友情链接</div>'
        "<div>主办单位：四川省人民政府办公厅　承办单位：四川省大数据中心　"
        "运维单位：中国电信股份有限公司四川分公司</div>"
        "<div>网站标识码：5100000062　蜀ICP备13001288号　川公网安备51010402000507号</div></div>"
    )
    extract = extract_html(page(footer))
    assert fields(extract) == SICHUAN
    assert extract.evidence["footer_from"] == "content"
    assert "友情链接" not in extract.footer["raw"]


def test_public_security_number_only_on_the_badge_link() -> None:
    footer = (
        '<div class="footer"><p>主办单位：四川省人民政府办公厅 网站标识码：5100000062 蜀ICP备13001288号</p>'
        '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=5101 0402000507">'
        '<img src="ga.png" alt=""></a></div>'
    )
    extract = extract_html(page(footer))
    assert "public_security" not in extract.footer  # the page does not show it
    assert found(extract)["public_security"] == [("link", "51010402000507")]  # the stray space is ignored


def test_beian_mps_link_with_code_in_the_fragment() -> None:
    footer = (
        '<div class="footer"><a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143" '
        'rel="noreferrer">京公网安备11010502030143号</a></div>'
    )
    extract = extract_html(page(footer))
    assert found(extract)["public_security"] == [("text", "11010502030143"), ("link", "11010502030143")]


def test_missing_fields_are_left_out() -> None:
    extract = extract_html(page('<div class="footer"><p>Copyright © 2023 版权所有</p></div>'))
    assert fields(extract) == {}
    # (the footer block is found, by its class, though it names no one: a copyright line is a footer's)
    assert extract.evidence["footer_from"] == "structure" and extract.evidence["found"] == {}
    assert extract_html(page("<p>Copyright © 2023 版权所有</p>")).evidence["footer_from"] == "none"


def test_only_some_fields() -> None:
    extract = extract_html(page('<div class="footer"><p>主办单位：某市人民政府 蜀ICP备13001288号</p></div>'))
    assert fields(extract) == {"unit_in_charge": "某市人民政府", "icp": "蜀ICP备13001288号"}


def test_english_footer() -> None:
    footer = (
        '<div class="footer"><p>Unit in Charge: General Office of Sichuan Provincial People’s Government</p>'
        "<p>Organizer: Sichuan Provincial Big Data Center</p>"
        "<p>Website Operation and Maintenance: China Telecom Sichuan Branch</p>"
        "<p>Website Identification Code: 5100000062 "
        '<a href="https://beian.miit.gov.cn/">Sichuan ICP No. 13001288</a></p>'
        "<p>Sichuan Computer Information Network and Internet Security Record No. 51010402000507</p></div>"
    )
    article = "<div><h1>Expo opens</h1><p>On the morning of November 22, the expo opened in Mianyang.</p></div>"
    extract = extract_html(page(footer, lang="en", article=article))
    assert fields(extract) == {
        "unit_in_charge": "General Office of Sichuan Provincial People’s Government",
        "organizer": "Sichuan Provincial Big Data Center",
        "operator": "China Telecom Sichuan Branch",
        "site_code": "5100000062",
        "icp": "Sichuan ICP No. 13001288",
        "public_security": "Sichuan Computer Information Network and Internet Security Record No. 51010402000507",
    }
    assert extract.language == "en"


def test_image_noise_between_numbers() -> None:
    footer = (
        '<div class="footer"><p>网站标识码：5100000062 蜀ICP备13001288号 Image 10 川公网安备51010402000507号</p></div>'
    )
    extract = extract_html(page(footer))
    assert (extract.footer["icp"], extract.footer["public_security"]) == (
        "蜀ICP备13001288号",
        "川公网安备51010402000507号",
    )


def test_filing_numbers_elsewhere_are_a_last_resort() -> None:
    article = '<div class="x"><span>本站备案：蜀ICP备13001288号</span></div>'
    extract = extract_html(page("", article=article))
    assert extract.footer["icp"] == "蜀ICP备13001288号"
    assert extract.evidence["footer_from"] in ("content", "page")


def test_article_mentioning_icp_is_not_the_footer() -> None:
    long = "工业和信息化部要求网站在首页底部显示ICP备案号并链接至备案系统。" * 20
    article = f'<div class="article"><h1>关于ICP备案的通知</h1><div class="content"><p>{long}</p></div></div>'
    footer = '<div class="footer"><p>网站标识码：5100000062 蜀ICP备13001288号</p></div>'
    extract = extract_html(page(footer, article=article))
    assert extract.footer["raw"] == "网站标识码：5100000062 蜀ICP备13001288号"
    assert long[:20] in (extract.body or "")


# --- title, date, section, body, language, url -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "title_tag", "expected"),
    [
        (
            '<meta name="ArticleTitle" content="元标题"><meta property="og:title" content="OG标题">',
            "网页标题",
            "元标题",
        ),
        ('<meta property="og:title" content="OG标题">', "网页标题", "OG标题"),
        ("", "网页标题_四川省人民政府网站", "网页标题"),  # a site name is dropped without the SiteName tag too
        ('<meta name="SiteName" content="四川省人民政府网站">', "网页标题_四川省人民政府网站", "网页标题"),
        ('<meta name="SiteName" content="四川省人民政府网站">', "网页标题 - 四川省人民政府网站", "网页标题"),
        ("", "", "第十一届中国（绵阳）科技城国际科技博览会开幕"),
    ],
)
def test_title_trust_order(head: str, title_tag: str, expected: str) -> None:
    text = page("", head=head).replace("<title>页面标题</title>", f"<title>{title_tag}</title>")
    assert extract_html(text).title == expected


NO_DATE = "<div><h1>第十一届中国（绵阳）科技城国际科技博览会开幕</h1><p>11月22日上午，博览会在绵阳开幕。</p></div>"


@pytest.mark.parametrize(
    ("head", "article", "expected", "origin"),
    [
        ('<meta name="PubDate" content="2023-11-22 10:55">', NO_DATE, "2023-11-22T10:55:00+08:00", "meta PubDate"),
        ('<meta name="pubdate" content="2023-11-22">', NO_DATE, "2023-11-22T00:00:00+08:00", "meta PubDate"),
        (
            '<meta property="article:published_time" content="2023-11-22T02:55:00Z">',
            NO_DATE,
            "2023-11-22T02:55:00+00:00",
            "meta article:published_time",
        ),
        ('<meta name="firstpublishedtime" content="2023-11-22-10:55:00">', NO_DATE, "2023-11-22T10:55:00+08:00",
         "meta firstpublishedtime"),
        ('<meta name="datePublished" content="1700621700">', NO_DATE, "2023-11-22T10:55:00+08:00",
         "meta datepublished"),
        # A visible labelled date is trusted before any meta tag (a CMS's PubDate may be its generation time).
        ('<meta name="PubDate" content="2022-03-01 09:00">', ARTICLE, "2023-11-22T18:30:00+08:00", "text 发布时间"),
        ("", ARTICLE, "2023-11-22T18:30:00+08:00", "text 发布时间"),
        # A visible day without a time takes the time of a meta tag of the same day.
        (
            '<meta name="PubDate" content="2023-11-22 10:55">',
            "<div><h1>标题</h1><div>发布日期：2023-11-22</div><p>正文。</p></div>",
            "2023-11-22T10:55:00+08:00",
            "text 发布日期 (time from meta PubDate)",
        ),
        (
            "",
            "<div><h1>标题</h1><div>2023年11月22日 10:55　来源：新华社</div><p>正文。</p></div>",
            "2023-11-22T10:55:00+08:00",
            "text near the title",
        ),
        (
            "",
            "<div><h1>标题</h1><div>２０２３年１１月２２日</div></div>",
            "2023-11-22T00:00:00+08:00",
            "text near the title",
        ),
        (
            "",
            "<div><h1>Title</h1><p>Published: 2023/11/22 10:55:30</p></div>",
            "2023-11-22T10:55:30+08:00",
            "text Published",
        ),
    ],
)  # fmt: skip
def test_publication_date(head: str, article: str, expected: str | None, origin: str | None) -> None:
    extract = extract_html(page("", head=head, article=article))
    assert extract.published_at == expected
    assert extract.evidence.get("published_at_from") == origin


def test_header_date_above_the_title_is_not_the_publication_date() -> None:
    nav = '<div class="top"><span>今天是2024年1月1日 星期一</span></div>'
    article = "<div class='a'><div class='b'><h1>标题</h1><p>2023-11-22 来源：本站</p><p>正文正文正文。</p></div></div>"
    assert extract_html(page("", nav=nav, article=article)).published_at == "2023-11-22T00:00:00+08:00"


def test_impossible_dates_are_skipped() -> None:
    article = "<div><h1>标题</h1><p>2023-13-45</p><p>2023-02-28</p></div>"
    assert extract_html(page("", article=article)).published_at == "2023-02-28T00:00:00+08:00"


def test_no_date_at_all() -> None:
    extract = extract_html(page("", article="<div><h1>标题</h1><p>没有日期的正文。</p></div>"))
    assert extract.published_at is None and "published_at_from" not in extract.evidence


def test_section_body_and_gov_meta() -> None:
    head = (
        '<meta name="SiteName" content="四川省人民政府网站"><meta name="SiteDomain" content="www.sc.gov.cn">'
        '<meta name="SiteIDCode" content="5100000062"><meta name="ColumnName" content="政务公开">'
        '<meta name="ArticleTitle" content="标题"><meta name="PubDate" content="2023-11-22 18:30">'
        '<meta name="ContentSource" content="四川省人民政府"><meta name="Keywords" content="不记录">'
    )
    footer = '<div class="footer"><p>网站标识码：5100000062 蜀ICP备13001288号</p></div>'
    extract = extract_html(page(footer, head=head))
    assert extract.section == "政务公开"
    assert extract.evidence["meta"] == {
        "SiteName": "四川省人民政府网站",
        "SiteDomain": "www.sc.gov.cn",
        "SiteIDCode": "5100000062",
        "ColumnName": "政务公开",
        "ArticleTitle": "标题",
        "PubDate": "2023-11-22 18:30",
        "ContentSource": "四川省人民政府",
    }
    assert found(extract)["site_code"] == [("text", "5100000062"), ("meta", "5100000062")]
    assert extract.body == (
        "11月22日上午，第十一届中国（绵阳）科技城国际科技博览会在绵阳开幕，主题为“科技引领、创新转化、开放合作”。\n"
        "约10时55分，邵鸿宣布第十一届中国（绵阳）科技城国际科技博览会开幕。"
    )
    assert "首页" not in extract.body and "ICP" not in extract.body


def test_body_without_paragraphs_leaves_out_navigation_and_footer() -> None:
    article = '<div class="content">正文第一行<br>正文第二行</div>'
    footer = '<div class="footer">蜀ICP备13001288号</div>'
    extract = extract_html(page(footer, article=article))
    assert extract.body == "正文第一行\n正文第二行"


@pytest.mark.parametrize(
    ("lang", "article", "expected"),
    [
        ("zh-CN", ARTICLE, "zh-CN"),
        ("en", ARTICLE, "zh"),  # declared English, written in Chinese: the text's language (R006 reports it)
        ("", ARTICLE, "zh"),
        ("zh_CN", ARTICLE, "zh-CN"),
        ("简体中文", ARTICLE, "zh"),
        ("", "<div><h1>Expo opens</h1><p>On the morning of November 22, the expo opened in Mianyang.</p></div>", "en"),
    ],
)
def test_language_from_the_lang_attribute_else_the_text(lang: str, article: str, expected: str) -> None:
    assert extract_html(page("", lang=lang, article=article)).language == expected


def test_url_from_canonical_og_url_or_saved_from_comment() -> None:
    canonical = '<link rel="canonical" href="https://www.sc.gov.cn/a.shtml"><meta property="og:url" content="https://x.gov.cn/b">'
    assert extract_html(page("", head=canonical)).url == "https://www.sc.gov.cn/a.shtml"
    assert (
        extract_html(page("", head='<meta property="og:url" content="https://x.gov.cn/b">')).url == "https://x.gov.cn/b"
    )
    saved = "<!-- saved from url=(0032)https://www.sc.gov.cn/c.shtml -->\n" + page("")
    assert extract_html(saved).url == "https://www.sc.gov.cn/c.shtml"
    assert extract_html(page("", head='<link rel="canonical" href="/relative.html">')).url is None


def test_site_code_copies_in_attributes() -> None:
    footer = (
        '<div class="footer">网站标识码：5100000062</div>'
        '<script id="_jiucuo_" sitecode="5100000062" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>'
        '<form action="https://www.sc.gov.cn/search?siteCode=5100000063"><input name="q"></form>'
        '<a href="https://www.sc.gov.cn/jiucuo?siteCode=5100000064">我要纠错</a>'
    )
    extract = extract_html(page(footer))
    assert found(extract)["site_code"] == [
        ("text", "5100000062"),
        ("attribute", "5100000062"),
        ("attribute", "5100000064"),
        ("attribute", "5100000063"),
    ]


def test_links_elsewhere_only_count_when_their_text_shows_a_number() -> None:
    footer = (
        '<div class="footer"><a href="https://www.example.com/">友情链接</a>'
        '<a href="https://icp.example.com/">蜀ICP备13001288号</a><a href="/about">蜀ICP备</a></div>'
    )
    extract = extract_html(page(footer))
    assert found(extract)["icp"] == [("text", "13001288"), ("link", None)]
    assert extract.evidence["found"]["icp"][1]["href"] == "https://icp.example.com/"


# --- lines -------------------------------------------------------------------------------------------------------


def test_field_lines_point_at_the_source_lines() -> None:
    text = page(
        '<div class="footer">\n<p>主办单位：四川省人民政府办公厅</p>\n<p>网站标识码：5100000062</p>\n'
        '<p><a href="http://www.miibeian.gov.cn/">蜀ICP备13001288号</a></p>\n</div>',
        head='<meta name="ColumnName" content="政务公开">',
    )
    lines = text.splitlines()
    extract = extract_html(text)

    def line_of(pointer: str) -> str:
        return lines[extract.field_lines[pointer] - 1]

    assert "主办单位" in line_of("/footer/unit_in_charge")
    assert "5100000062" in line_of("/footer/site_code")
    assert "蜀ICP备13001288号" in line_of("/footer/icp")
    assert "miibeian" in line_of("/evidence/found/icp/1")
    assert "ColumnName" in line_of("/section")
    assert "<title>" in line_of("/title")


# --- never a crash -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "footer", "footer_from"),
    [
        ("<p>只有一段</p>", {}, "none"),
        ("<html><body></body></html>", {}, "none"),
        (
            "<?xml version='1.0' encoding='gbk'?><html><body><div class='footer'>蜀ICP备13001288号</div></body></html>",
            {"icp": "蜀ICP备13001288号", "raw": "蜀ICP备13001288号"},
            "structure",
        ),
        (  # a script cut off inside its string: what it writes is read, but holds no whole number
            "<html><body><script>document.write('<p>蜀ICP备 '</script><div class='footer'><</div></body></html>",
            {"raw": "蜀ICP备"},
            "script",
        ),
        (
            "<html><body><a href='http://[::1'>蜀ICP备13001288号</a><a href='https://beian.miit.gov.cn:99999/'>x</a></body></html>",
            {"icp": "蜀ICP备13001288号", "raw": "蜀ICP备13001288号x"},
            "content",
        ),
        ("\x00\x01<html>\ufffd</html>", {}, "none"),
    ],
)
def test_odd_markup_does_not_crash(text: str, footer: dict[str, str], footer_from: str) -> None:
    extract = extract_html(text)
    assert extract.footer == footer
    assert extract.evidence["footer_from"] == footer_from


def test_broken_link_addresses_are_kept_as_written() -> None:
    text = "<a href='http://[::1'>蜀ICP备13001288号</a><a href='https://beian.miit.gov.cn:99999/'>x</a>"
    extract = extract_html(f"<html><body>{text}</body></html>")
    assert [(item["in"], item.get("href")) for item in extract.evidence["found"]["icp"]] == [
        ("text", None),
        ("link", "http://[::1"),
        ("link", "https://beian.miit.gov.cn:99999/"),
    ]


def _nested_footer(depth: int) -> str:
    return (
        "<html><body><div class='footer'>"
        + "<div>" * depth
        + "蜀ICP备13001288号"
        + "</div>" * depth
        + "</div></body></html>"
    )


@pytest.mark.parametrize("depth", [250, 1500])
def test_a_deeply_nested_footer_is_read(depth: int) -> None:
    # libxml2 stops reading at 256 levels; a page that reaches that limit is read again with its larger one.
    extract = extract_html(_nested_footer(depth))
    assert extract.footer.get("icp") == "蜀ICP备13001288号"


def test_a_page_nested_past_every_limit_is_reported_not_silently_cut() -> None:
    from validator.findings import Location
    from validator.sources import SourceRecord
    from validator.sources.html import html_item

    item = html_item(_nested_footer(3000).encode(), location=Location("deep.html"), source_location="deep.html",
                     id_hint="deep")  # fmt: skip
    assert isinstance(item, SourceRecord)
    assert "icp" not in item.data["footer"]  # (deeper than libxml2 reads at all)
    assert [(note.rule, note.message) for note in item.notes] == [
        (
            "I011",
            "deep.html is nested more than 2048 elements deep; pav reads pages to that depth: what lies deeper and "
            "after it (perhaps the footer) is not checked",
        )
    ]


FRAGMENTS = [
    '<div class="footer">网站标识码：5100000062</div>',
    "<p>蜀ICP备13001288号</p>",
    '<a href="https://beian.miit.gov.cn/">蜀ICP备13001288号</a>',
    '<a href="http://www.miibeian.gov.cn">ICP</a>',
    '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=">川公网安备</a>',
    '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=1 2 3">公安</a>',
    '<a href="//beian.gov.cn"><img alt=""></a>',
    '<a href="https://x.cn/?siteCode=">x</a>',
    "<script sitecode=' '>document.write('<p>川公网安备51010402000507号</p>')</script>",
    "<script>document.write('\\u0000\\x00 公网安备 ' + \"<a href=''>ICP</a>\")</script>",
    '<meta name="SiteIDCode" content=" ">',
    '<meta name="PubDate" content="not a date">',
    '<meta property="article:published_time" content="2023-02-30T10:00:00">',
    "<h1></h1>",
    "<table><tr><td>主办单位：</td></tr></table>",
    "<footer></footer>",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8), st.sampled_from(["", "zh-CN", "x"]))
def test_extracted_evidence_and_source_always_satisfy_the_contract(parts: list[str], lang: str) -> None:
    from validator.findings import Location
    from validator.schema import record_schema_errors
    from validator.sources.html import html_item

    html = f'<html lang="{lang}"><head>{"".join(p for p in parts if p.startswith("<meta"))}</head><body>'
    html += "".join(p for p in parts if not p.startswith("<meta")) + "</body></html>"
    item = html_item(html.encode("utf-8"), location=Location("x.html"), source_location="x.html", id_hint="x")
    assert isinstance(item, SourceRecord)
    errors = record_schema_errors(item.data)
    # Only what the page lacks (a URL, a date, a title) may be wrong, never what pav wrote.
    assert all(error.validator == "required" for error in errors), [error.message for error in errors]


# --- the seed page, built as HTML ----------------------------------------------------------------------------------


def seed_as_html(seed: str) -> str:
    """An HTML page built around the seed text capture: section, title, paragraphs, footer lines."""
    lines = seed.split("\n")
    section, title = lines[0], lines[1]
    body = [line for line in lines[3:-5] if line.strip()]
    footer = lines[-5:]
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
    footer_html = "\n".join(f"<p>{line}</p>" for line in footer)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f'<meta name="ColumnName" content="{section}">\n</head>\n<body>\n'
        '<div class="nav"><a href="/en/">Home</a></div>\n'
        f'<div class="article">\n<h1>{title}</h1>\n<div class="content">\n{paragraphs}\n</div>\n</div>\n'
        f'<div class="footer">\n{footer_html}\n</div>\n</body>\n</html>\n'
    )


def seed_expected(seed: str) -> dict[str, Any]:
    lines = seed.split("\n")
    return {
        "title": lines[1],
        "section": lines[0],
        "language": "en",
        "footer": {
            "unit_in_charge": "General Office of Sichuan Provincial People’s Government",
            "organizer": "Sichuan Provincial Big Data Center",
            "operator": "China Telecom Sichuan Branch",
            "site_code": "5100000062",
            "icp": "Sichuan ICP No. 13001288",
            "public_security": "Sichuan Computer Information Network and Internet Security Record No. 51010402000507",
            "raw": "\n".join(lines[-5:]),
        },
    }


def test_seed_page_as_html_gives_the_expected_record(tmp_path: Path) -> None:
    seed = (REFERENCE / "sichuan-expo-news-page.txt").read_text(encoding="utf-8")
    path = tmp_path / "seed.html"
    path.write_text(seed_as_html(seed), encoding="utf-8")
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, SourceRecord)
    record = item.data
    expected = seed_expected(seed)
    assert {key: record.get(key) for key in expected} == expected
    paragraphs = [line for line in seed.split("\n")[3:-5] if line.strip()]
    assert record["body"] == "\n".join(" ".join(p.split()) for p in paragraphs)
    assert record["content_sha256"] == hashlib.sha256(record["body"].encode()).hexdigest()
    assert "published_at" not in record and "url" not in record  # the capture has neither
    assert record["footer"]["public_security"].endswith("51010402000507")  # not the glued 19 digits


def test_a_page_file_becomes_a_record_with_provenance(tmp_path: Path) -> None:
    data = page('<div class="footer">蜀ICP备13001288号</div>').encode("utf-8")
    path = tmp_path / "Page One.html"
    path.write_bytes(data)
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, SourceRecord) and not isinstance(item, Finding)
    assert item.raw == data and item.media_type == "text/html"
    assert item.data["id"] == "Page-One-" + hashlib.sha256(data).hexdigest()[:12]
    assert item.data["source"] == {
        "location": str(path),
        "media_type": "text/html",
        "sha256": hashlib.sha256(data).hexdigest(),
        "charset": "utf-8",
        "charset_from": "meta",
    }
    assert item.data["captured_at"].endswith("+08:00")
