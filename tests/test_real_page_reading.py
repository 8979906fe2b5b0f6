"""What real pages broke (issue 12), one test per decision: stray closing tags, div-only articles, polluted
bodies, titles with site names and markup, dates chosen by evidence, declared languages, script-written footers
in frameworks' forms, several footer blocks, and the marks of a government footer. Real lxml, no mocks; the
pages are small but shaped like the real ones in tests/corpus/."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import valid_record
from validator.api import validate_record
from validator.sources.html import PageExtract, extract_html
from validator.sources.html.title import without_site_name

FOOTER = (
    '<div class="footer"><p>主办单位：四川省人民政府办公厅　地址：成都市都司巷2号</p>'
    '<p>网站标识码：5100000062　<a href="https://beian.miit.gov.cn/">蜀ICP备13001288号</a>　'
    '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=51010402000507">川公网安备51010402000507号</a></p>'
    '<span id="_ideConac"></span><script src="https://dcs.conac.cn/js/23/000/0000/60429971/CA23.js"></script>'
    '<script id="_jiucuo_" sitecode="5100000062" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></div>'
)
PARAGRAPHS = (
    "<p>11月22日上午，第十一届中国（绵阳）科技城国际科技博览会在绵阳开幕，主题为“科技引领、创新转化、开放合作”。</p>"
    "<p>约10时55分，邵鸿宣布第十一届中国（绵阳）科技城国际科技博览会开幕。博览会为期四天，展出面积十万平方米。</p>"
)
TITLE = "第十一届中国（绵阳）科技城国际科技博览会开幕"


def page(body: str, *, head: str = "", title: str = TITLE, lang: str = "zh-CN", footer: str = FOOTER) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n{head}\n'
        f"</head>\n<body>\n{body}\n{footer}\n</body>\n</html>\n"
    )


def record_of(extract: PageExtract, **changes: Any) -> dict[str, Any]:
    record = valid_record(
        title=extract.title,
        body=extract.body,
        language=extract.language,
        footer=extract.footer,
        evidence=extract.evidence,
        url="https://www.sc.gov.cn/10462/c102914/2023/11/22/a.shtml",
        published_at=extract.published_at or "2023-11-22T18:30:00+08:00",
    )
    record.pop("content_sha256", None)
    record.update(changes)
    return record


def rules_of(record: dict[str, Any], profile: str = "gov") -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in validate_record(record, profile=profile)]


# --- stray closing tags -----------------------------------------------------------------------------------


@pytest.mark.parametrize("closers", ["</html>", "</body></html>", "</body>", "</BODY>\n</HTML>"])
def test_a_stray_closing_tag_before_the_article_hides_neither_article_nor_footer(closers: str) -> None:
    header = f'<div class="header"><a href="/">四川省人民政府</a></div>{closers}'
    extract = extract_html(page(f'{header}<div class="article"><h1>{TITLE}</h1>{PARAGRAPHS}</div>'))
    assert extract.title == TITLE
    assert (
        extract.body is not None and extract.body.startswith("11月22日上午") and extract.body.endswith("十万平方米。")
    )
    assert extract.footer["icp"] == "蜀ICP备13001288号"
    assert extract.footer["public_security"] == "川公网安备51010402000507号"
    assert extract.footer["site_code"] == "5100000062"


def test_closing_tags_at_the_end_and_scripts_after_them_change_nothing() -> None:
    plain = page(f"<h1>{TITLE}</h1>{PARAGRAPHS}")
    trailing = plain + "<script>var _hmt = _hmt || [];</script>\n"
    assert extract_html(trailing).body == extract_html(plain).body
    assert extract_html(trailing).footer == extract_html(plain).footer


# --- div-only articles ------------------------------------------------------------------------------------


def test_an_article_written_in_divs_is_read() -> None:
    divs = "".join(f"<div>{p[3:-4]}</div>" for p in PARAGRAPHS.split("</p>") if p) + "<div>（张巨峰）</div>"
    sidebar = '<div class="list"><p><a href="/1">热点新闻一</a></p><p><a href="/2">热点新闻二</a></p></div>'
    extract = extract_html(page(f'<h1>{TITLE}</h1><div class="TRS_Editor">{divs}</div>{sidebar}'))
    assert extract.body is not None
    assert extract.body.startswith("11月22日上午") and extract.body.endswith("（张巨峰）")
    assert "热点新闻" not in extract.body


def test_an_article_whose_paragraphs_sit_in_nested_editor_sections_is_read_whole() -> None:
    # Text pasted from a WeChat editor (a Beijing commission's page): each paragraph in its own anonymous
    # <section>s, nested and side by side, the longest paragraph alone in one of them.
    first, second = (p[3:] for p in PARAGRAPHS.split("</p>") if p)
    long = (
        "调研期间，专家团队针对新高考改革与日常教学的重点和难点问题进行了深入剖析和精准指导，" * 4
        + "提供了切实可行的建议。"
    )
    sections = (
        f"<section><section><section><p>{first}</p></section></section></section>"
        f"<section><section><p>{long}</p></section><section><p>{second}</p></section></section>"
    )
    extract = extract_html(page(f'<h1>{TITLE}</h1><div class="xl_content"><div>{sections}</div></div>'))
    assert extract.body is not None
    assert extract.body.startswith("11月22日上午") and extract.body.endswith("展出面积十万平方米。")
    assert long in extract.body


def test_an_article_broken_by_br_in_one_element_is_read() -> None:
    text = "<br>".join(p[3:-4] for p in PARAGRAPHS.split("</p>") if p)
    extract = extract_html(page(f'<h1>{TITLE}</h1><div id="zoom">{text}</div>'))
    assert extract.body is not None and extract.body.splitlines()[0].startswith("11月22日上午")


def test_paragraphs_holding_only_scripts_or_selects_are_no_article() -> None:
    noise = "<div class='box'>" + "<p><select><option>" + "选项" * 200 + "</option></select></p>" * 3 + "</div>"
    divs = "".join(f"<div>{p[3:-4]}</div>" for p in PARAGRAPHS.split("</p>") if p)
    extract = extract_html(page(f'{noise}<h1>{TITLE}</h1><div class="content">{divs}</div>'))
    assert extract.body is not None and extract.body.startswith("11月22日上午")


# --- polluted bodies --------------------------------------------------------------------------------------


def test_boilerplate_around_the_article_is_left_out() -> None:
    article = (
        '<div class="article">'
        "<p>当前位置：首页 > 政务公开 > 正文</p>"
        "<p>索 引 号：11220000013544357T/2022-00426</p><p>发文机关：四川省人民政府</p><p>成文日期：2023年11月20日</p>"
        "<p>原标题：科博会开幕</p><p>图集</p><p>【新春走基层】</p><p>本报记者 王建宏 张文攀</p>"
        "<p>展会现场。新华社记者 李明 摄</p>"
        f"{PARAGRAPHS}"
        "<p>视频加载中...</p><p>+1</p>"
        "<p>《 人民日报 》（ 2024年05月10日 04 版）</p><p>（责编：萧潇、张妍）</p>"
        "<p>相关阅读</p><p>四川召开新闻发布会</p><p>成都举办博览会</p><p>【纠错】</p><p>扫一扫在手机打开当前页</p>"
        "</div>"
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{article}"))
    assert extract.body is not None
    lines = extract.body.splitlines()
    assert lines[0].startswith("11月22日上午") and lines[-1].endswith("十万平方米。"), lines
    assert len(lines) == 2


def test_an_article_paragraph_that_names_boilerplate_words_stays() -> None:
    long_line = (
        "记者从四川省人民政府新闻办公室获悉，" + "本次博览会将设置分享会、打印服务和纠错反馈通道，" * 4 + "欢迎参观。"
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1><div>{PARAGRAPHS}<p>{long_line}</p></div>"))
    assert extract.body is not None and extract.body.endswith("欢迎参观。")


def test_notes_after_the_article_and_a_pager_are_left_out() -> None:
    english = (
        "<p>The expo opened in Mianyang on the morning of November 22, with thousands of visitors and exhibitors.</p>"
        "<p>It runs for four days and shows products of more than a thousand companies from home and abroad.</p>"
        "<p>Notes:</p><p>1.Source: China Statistical Summary 2010</p><p>[1] [2] [3]</p>"
    )
    extract = extract_html(page(f"<h1>Expo opens</h1><div>{english}</div>", title="Expo opens", lang="en"))
    assert extract.body is not None and extract.body.endswith("from home and abroad.")


def test_editorial_credit_lines_after_a_commentary_are_left_out() -> None:
    # A news site's commentary: the credits under it, some with letter-spaced labels.
    credits = "<p>总监制：邹 明</p><p>监 制：高明勇</p><p>审 读：崔向升</p><p>策划：某某</p>"
    extract = extract_html(page(f'<h1>{TITLE}</h1><div class="text">{PARAGRAPHS}{credits}</div>'))
    assert extract.body is not None and extract.body.endswith("十万平方米。"), extract.body


def test_a_photo_credit_line_and_a_picture_pager_after_the_text_are_left_out() -> None:
    # A photo story (新华网 channels): the credit in brackets on a line of its own, then the gallery pager.
    tail = "<p>新华社发（刘满仓摄）</p><div class='pager'><a>|&lt;&lt;</a><span>1</span><a>&gt;&gt;|</a></div>"
    extract = extract_html(page(f'<h1>{TITLE}</h1><div id="detail">{PARAGRAPHS}{tail}</div>'))
    assert extract.body is not None and extract.body.endswith("十万平方米。"), extract.body


def test_a_caption_that_says_what_the_photo_shows_stays_with_its_credit() -> None:
    # (a sentence before the credit: the caption is text the page gives, not a credit line)
    tail = "<p>图为开幕式现场。（刘通摄）</p>"
    extract = extract_html(page(f'<h1>{TITLE}</h1><div id="detail">{PARAGRAPHS}{tail}</div>'))
    assert extract.body is not None and extract.body.endswith("（刘通摄）")


def test_a_headline_element_inside_the_article_element_split_by_br_is_no_text() -> None:
    # A ministry's document page: the h1 (lines broken by <br>) and the 文号 line inside the document's element.
    document = (
        '<div id="downloadContent"><h1>关于举办<br>2024年高校文化<br>宣传教育活动的通知</h1>'
        "<p>教思政厅函〔2024〕10号</p><p>各省、自治区、直辖市教育厅（教委）：</p>"
        f"{PARAGRAPHS}<p>教育部办公厅</p><p>2024年5月30日</p></div>"
    )
    extract = extract_html(page(document, title="关于举办2024年高校文化宣传教育活动的通知"))
    assert extract.title == "关于举办2024年高校文化宣传教育活动的通知"
    assert extract.body is not None and extract.body.startswith("教思政厅函〔2024〕10号\n各省"), extract.body


def test_a_document_title_in_its_text_under_the_headline_stays() -> None:
    # A statistics bulletin: the page's h1, then the document repeats its title in red at the top of its text.
    # (on lines of their own, as a CMS writes them: the headline element is told by its source lines)
    red = f'<p><font color="red">{TITLE}</font></p>'
    document = f'<h1>{TITLE}</h1>\n<div class="article-content">\n{red}{PARAGRAPHS}</div>'
    extract = extract_html(page(document))
    assert extract.body is not None and extract.body.startswith(TITLE + "\n11月22日上午"), extract.body


def test_a_second_heading_repeating_the_headline_inside_the_article_is_no_text() -> None:
    # A mobile header shows the headline first; the article's element opens with its own title block.
    article = f'<div class="article-con">\n<div class="art-title">{TITLE}</div>\n{PARAGRAPHS}</div>'
    extract = extract_html(page(f"<h2>{TITLE}</h2>\n{article}"))
    assert extract.body is not None and extract.body.startswith("11月22日上午"), extract.body


def test_a_photo_caption_with_its_credit_is_no_article_text() -> None:
    caption = "<p>Joggers run at Anlong Limestone Resort in Guizhou province. LIU CHAOFU/FOR CHINA DAILY</p>"
    english = "<p>For centuries, the concept of yangsheng has mainly been popular among retirees and the elderly.</p>"
    extract = extract_html(page(f"<h1>Fitness</h1><div>{caption}{english * 2}</div>", title="Fitness", lang="en"))
    assert extract.body is not None and extract.body.startswith("For centuries")


# --- titles -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "site_names", "expected"),
    [
        ("习近平会见某某--时政--人民网", set(), "习近平会见某某"),
        ("某某会议召开_光明网", set(), "某某会议召开"),
        ("岳池县召开会议 - 岳池翔凤网", set(), "岳池县召开会议"),
        ("四川省人民政府办公厅关于印发某某的通知_四川省人民政府网站", set(), "四川省人民政府办公厅关于印发某某的通知"),
        ("工商部门初定SKII广告属于虚假宣传-搜狐财经", set(), "工商部门初定SKII广告属于虚假宣传"),
        ("云南17种产品入选国家绿色制造名单 - 要闻云南 - 云南日报网", set(), "云南17种产品入选国家绿色制造名单"),
        ("标题-某某市人民政府", set(), "标题"),
        ("2023-2024年度工作要点", set(), "2023-2024年度工作要点"),
        ("COVID-19 update - China Daily", set(), "COVID-19 update"),
        ("Mianyang expo opens | Sichuan", {"Sichuan"}, "Mianyang expo opens"),
    ],
)
def test_site_and_section_names_leave_the_title(title: str, site_names: set[str], expected: str) -> None:
    assert without_site_name(title, site_names) == expected


@pytest.mark.parametrize(
    ("head", "title", "body", "expected"),
    [
        # the heading that shows the title wins over <title> and its site name
        ("", f"{TITLE}--要闻--四川在线", f"<h1>{TITLE}</h1>", TITLE),
        # a site's name before the headline
        ("", "TheoryChina - Theoretical Frontiers - Expo Opens in Mianyang", "<h1>Expo Opens in Mianyang</h1>",
         "Expo Opens in Mianyang"),
        # a heading followed by a site name after a space
        ("", "土豆不“土” 土豆无“土” 松花江网", "<h1>松花江网</h1><h2>土豆不“土” 土豆无“土”</h2>",
         "土豆不“土” 土豆无“土”"),
        # markup escaped into <title>
        ("", "&lt;font color=red&gt;科博会开幕&lt;/font&gt;_四川省人民政府网站", "<p>正文</p>", "科博会开幕"),
        # markup inside the ArticleTitle meta tag: the text is kept, the tags are not
        ('<meta name="ArticleTitle" content="为现代化建设凝聚力量<div>——热烈祝贺会议开幕</div>">', "x", "",
         "为现代化建设凝聚力量——热烈祝贺会议开幕"),
        # a sticky top bar repeating the headline is not the article's heading
        ("", TITLE, f'<div class="topNav"><h1>{TITLE}</h1></div><h1>{TITLE}</h1><div>2023-11-22 18:30</div>', TITLE),
        # a document number in brackets after ArticleTitle, shown on its own line under the heading (nfra.gov.cn)
        ('<meta name="ArticleTitle" content="行政处罚信息公开表(金罚决字〔2024〕36号)">', "x",
         '<div class="wenzhang-title">行政处罚信息公开表</div><div>金罚决字〔2024〕36号</div>', "行政处罚信息公开表"),
        # a <title> that is only the site's name, which a logo element also shows, names no article
        ('<meta name="SiteName" content="国家金融监督管理总局"><meta name="ArticleTitle" content="行政处罚信息公开表">',
         "国家金融监督管理总局",
         '<div class="title">国家金融监督管理总局</div><p>行政处罚信息公开表</p>', "行政处罚信息公开表"),
        # the heading showing ArticleTitle wins over an earlier menu entry showing a part of <title>
        ('<meta name="ArticleTitle" content="关于开展安全检查的通知">', "通知公告_某某市人民政府",
         '<span class="title">通知公告</span><div class="article-title">关于开展安全检查的通知</div>',
         "关于开展安全检查的通知"),
        # a portal's menus list a hundred linked titles before the article's own
        ('<meta name="ArticleTitle" content="关于开展安全检查的通知（市政办〔2024〕1号）">', "x",
         "".join(f'<span class="title">菜单{n}</span>' for n in range(150))
         + '<div class="wenzhang-title">关于开展安全检查的通知</div>', "关于开展安全检查的通知"),
    ],
)  # fmt: skip
def test_the_title_is_the_headline_a_reader_sees(head: str, title: str, body: str, expected: str) -> None:
    assert extract_html(page(body + PARAGRAPHS, head=head, title=title)).title == expected


# --- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["科普中国-辟谣文章", "新闻详情 - 某某网", "详情页"])
def test_a_title_that_names_only_the_kind_of_page_gives_way_to_the_headline(label: str) -> None:
    # A detail template whose <title> is the site and the page type; the headline is a block whose class says title.
    nav = '<div class="nav"><div class="nav-title">网站导航菜单</div></div>'
    body = f'{nav}<div class="rumor-title">徒手抓子弹真的存在吗？</div><div class="rumor-content">{PARAGRAPHS}</div>'
    extract = extract_html(page(body, title=label))
    assert extract.title == "徒手抓子弹真的存在吗？"


def test_a_short_title_of_an_article_is_kept() -> None:
    # (a headline that is short but no page type stays the title, even when another block's class says title)
    body = f'<div class="side-title">相关推荐的文章列表</div><div class="content">{PARAGRAPHS}</div>'
    assert extract_html(page(body, title="冬至-某某网")).title == "冬至"


def test_a_visible_date_wins_over_a_pubdate_meta_holding_the_generation_time_and_the_disagreement_is_reported() -> None:
    head = '<meta name="PubDate" content="2022-03-01 09:00">'
    body = f"<h1>{TITLE}</h1><div>发布日期：2017-05-15 10:49　来源：四川省人民政府</div>{PARAGRAPHS}"
    extract = extract_html(page(body, head=head))
    assert extract.published_at == "2017-05-15T10:49:00+08:00"
    assert extract.evidence["published_at_from"] == "text 发布日期"
    assert [(d["from"], d["value"]) for d in extract.evidence["dates"]] == [
        ("text 发布日期", "2017-05-15T10:49:00+08:00"),
        ("meta PubDate", "2022-03-01T09:00:00+08:00"),
    ]
    findings = rules_of(record_of(extract, published_at=extract.published_at))
    assert (
        "R005",
        "the page's publication dates disagree: text 发布日期 says 2017-05-15T10:49:00+08:00 (taken), "
        "meta PubDate says 2022-03-01T09:00:00+08:00",
    ) in findings


def test_the_url_date_outranks_meta_tags_and_sources_of_one_day_agree() -> None:
    url_page = page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", head='<meta name="PubDate" content="2017-05-15 10:49">')
    url_page = url_page.replace(
        "<head>", '<head><link rel="canonical" href="https://www.sc.gov.cn/201705/t20170515_1.html">'
    )
    extract = extract_html(url_page)
    assert extract.published_at == "2017-05-15T10:49:00+08:00"  # the day from the URL, the time from the meta tag
    assert extract.evidence["published_at_from"] == "url (time from meta PubDate)"
    assert not [rule for rule, _ in rules_of(record_of(extract)) if rule == "R005"]


def test_a_page_showing_no_date_gets_none_not_the_date_of_an_event_in_its_text() -> None:
    body = (
        f"<h1>{TITLE}</h1><p>2023年5月1日，省政府召开常务会议，研究部署博览会筹备工作。</p>"
        "<p>会议时间：2023年5月8日 09:00</p><p>报名日期：2023-06-01</p>" + PARAGRAPHS
    )
    extract = extract_html(page(body))
    assert extract.published_at is None
    assert "dates" not in extract.evidence


def test_the_dates_of_an_event_page_under_their_own_labels_are_not_its_publication_date() -> None:
    # An event page (a city portal's 城市活动): the facts under the headline, each label on its own line
    # (<dt>开始时间：</dt><dd>2024-05-08</dd>), give the event's dates; the page's own date is its PubDate meta.
    facts = (
        "<div class='activity_info'><dl><dt>区域：</dt><dd>大兴区</dd></dl>"
        "<dl><dt>开始时间：</dt><dd>2024-05-08</dd></dl><dl><dt>结束时间：</dt><dd>2024-05-10</dd></dl></div>"
    )
    extract = extract_html(
        page(f"<h1>{TITLE}</h1>{facts}{PARAGRAPHS}", head='<meta name="PubDate" content="2024-03-01 16:39">')
    )
    assert extract.published_at == "2024-03-01T16:39:00+08:00"
    assert extract.evidence["published_at_from"] == "meta PubDate"  # (the event's dates are no source)
    assert not [rule for rule, _ in rules_of(record_of(extract)) if rule == "R005"]
    # an unlabelled date under the headline is still the page's
    shown = "<p>2024-05-08 来源：北京市商务局</p>"
    assert extract_html(page(f"<h1>{TITLE}</h1>{shown}{PARAGRAPHS}")).published_at == "2024-05-08T00:00:00+08:00"


def test_json_ld_date_published_is_read() -> None:
    head = (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2023-11-22T10:55:00+08:00"}</script>'
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", head=head))
    assert extract.published_at == "2023-11-22T10:55:00+08:00"
    assert extract.evidence["published_at_from"] == "json-ld datePublished"


@pytest.mark.parametrize(
    ("comment", "published_at", "source"),
    [
        # Founder's news CMS (gmw.cn, china.com.cn, tywb.com.cn): the article's date and time
        ("<!--enpproperty <articleid>37319243</articleid><date>2024-05-13 08:49:21.0</date><author></author>"
         "<title>标题</title><keyword></keyword></enpproperty>-->",
         "2024-05-13T08:49:21+08:00", "comment enpproperty"),
        # an e-paper (tibetdaily.cn): the issue date, at 00:00:00, is a day
        ("<!--enpproperty <date>2022-02-13 00:00:00:0</date><author></author></enpproperty>-->",
         "2022-02-13T00:00:00+08:00", "comment enpproperty"),
        # Founder's e-paper system (newpaper.dahe.cn)
        ("<!--mpproperty <founder-date>\n2022-02-12\n</founder-date>\n<founder-author>\n\n</founder-author>-->",
         "2022-02-12T00:00:00+08:00", "comment mpproperty"),
        # a comment without a date, and og: properties, give none
        ("<!--enpproperty <articleid>1</articleid><author></author></enpproperty>-->", None, None),
        ('<meta property="og:type" content="article"><!-- property <date>2024-01-01</date> -->', None, None),
    ],
)  # fmt: skip
def test_the_date_a_news_cms_writes_into_a_comment_is_read(
    comment: str, published_at: str | None, source: str | None
) -> None:
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}") + comment)
    assert extract.published_at == published_at
    assert extract.evidence.get("published_at_from") == source


def test_a_date_the_page_shows_outranks_the_cms_comment() -> None:
    body = f"<h1>{TITLE}</h1><div>发布时间：2024-05-13 08:49</div>{PARAGRAPHS}"
    extract = extract_html(page(body) + "<!--enpproperty <date>2024-05-12 23:00:00.0</date></enpproperty>-->")
    assert extract.published_at == "2024-05-13T08:49:00+08:00"
    assert [(d["from"], d["value"]) for d in extract.evidence["dates"]] == [
        ("text 发布时间", "2024-05-13T08:49:00+08:00"),
        ("comment enpproperty", "2024-05-12T23:00:00+08:00"),
    ]


# --- language ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected", "evidence", "message"),
    [
        ("zh-CN", "zh-CN", None, None),
        ("utf-8", "zh", {"declared": "utf-8", "valid": False, "detected": "zh"},
         "the page declares language 'utf-8', which is no BCP 47 language tag; pav took 'zh' from its text"),
        ("en", "zh", {"declared": "en", "valid": True, "detected": "zh"},
         "the page declares language 'en' but its text is Chinese ('zh')"),
        ("zh_CN", "zh-CN", None, None),
    ],
)  # fmt: skip
def test_the_declared_language_is_checked_against_bcp47_and_the_text(
    lang: str, expected: str, evidence: dict[str, Any] | None, message: str | None
) -> None:
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", lang=lang))
    assert extract.language == expected
    assert extract.evidence.get("language") == evidence
    r006 = [text for rule, text in rules_of(record_of(extract, language=expected)) if rule == "R006"]
    assert r006 == ([message] if message else [])


# --- footers written by front-end frameworks --------------------------------------------------------------


def test_a_compiled_render_function_footer_is_read_and_judged_not_linked() -> None:
    script = (
        '<div id="app"></div><script>var render=function(){var t=this,e=t.$createElement,n=t._self._c||e;'
        'return n("div",{staticClass:"footer"},[n("p",[t._v("主办单位：中华人民共和国住房和城乡建设部")]),'
        'n("p",[t._v("备案编号：京ICP备10036469号")]),n("p",[t._v("京公网安备11010202000001号")])])}</script>'
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=script))
    assert extract.footer["icp"] == "京ICP备10036469号"
    assert extract.footer["unit_in_charge"] == "中华人民共和国住房和城乡建设部"
    assert extract.evidence["footer_from"] == "script"
    rules = {rule for rule, _ in rules_of(record_of(extract), profile="news")}
    assert {"F601", "F605", "F607"} <= rules and "F101" not in rules


def test_an_i18n_message_object_gives_the_footer_in_the_page_language() -> None:
    script = (
        "<script>const messages={zh:{icp:'蜀ICP备2022018075号-2',psb:'川公网安备51018102000210号'},"
        "en:{icp:'Sichuan ICP Record No. 2022018075-2 | Sichuan Public Security Record No. 51018102000210'}};</script>"
    )
    english = "<p>The expo opened in Mianyang on the morning of November 22, with thousands of visitors.</p>" * 2
    extract = extract_html(page(f"<h1>Expo opens</h1>{english}", lang="en", title="Expo opens", footer=script))
    assert extract.footer["icp"] == "Sichuan ICP Record No. 2022018075-2"
    assert extract.footer["public_security"] == "Sichuan Public Security Record No. 51018102000210"
    chinese = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=script))
    assert chinese.footer["icp"] == "蜀ICP备2022018075号-2"


def test_a_footer_template_built_by_concatenated_strings_is_read_whole() -> None:
    # A provincial portal (Guangdong) keeps its footer in a variable built line by line with `+` and sets it
    # with innerHTML from another script: each literal alone is a piece of markup, the joined string a footer.
    script = (
        "<script>var pcFooterStr = '<div class=\"copyright\">'+\n"
        "'  <span>主办：&nbsp;&nbsp;广东省人民政府办公厅</span>'+\n"
        "'  <span>承办：&nbsp;南方新闻网</span>'+\n"
        "'  <p>联系我们：020-83135078</p>'+\n"
        "'  <p><a href=\"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=44010402001160\">粤公网安备'+\n"
        "'      44010402001160号</a></p>'+\n"
        "'  <p><a href=\"https://beian.miit.gov.cn\">粤ICP备05070829号</a> 网站标识码4400000131</p>'+\n"
        "'</div>';</script><div id=\"footerAnchor\"></div>"
        "<script>document.getElementById('footerAnchor').innerHTML = pcFooterStr;</script>"
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=script))
    assert extract.footer["unit_in_charge"] == "广东省人民政府办公厅"
    assert extract.footer["organizer"] == "南方新闻网"
    assert extract.footer["public_security"] == "粤公网安备 44010402001160号"
    links = extract.evidence["found"]
    assert [item["href"] for item in links["icp"] if item["in"] == "link"] == ["https://beian.miit.gov.cn"]
    assert [item.get("value") for item in links["public_security"] if item["in"] == "link"] == ["44010402001160"]
    rules = {rule for rule, _ in rules_of(record_of(extract))}
    assert "F605" in rules and not rules & {"F401", "F402", "F601", "F607", "F703"}


# --- several footer blocks and unit names -----------------------------------------------------------------


def test_a_unit_named_in_a_second_block_without_numbers_is_read() -> None:
    footer = (
        '<div class="copyright">某某市人民政府主办　某某市人民政府办公室承办　技术支持：某某科技有限公司</div>'
        '<div class="footer"><p>网站标识码：5101000001　<a href="https://beian.miit.gov.cn/">蜀ICP备05001234号</a>'
        "　川公网安备51010402000001号　联系电话：028-12345678</p></div>"
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=footer))
    assert extract.footer["unit_in_charge"] == "某某市人民政府"
    assert extract.footer["organizer"] == "某某市人民政府办公室"
    assert extract.footer["tech_support"] == "某某科技有限公司"
    assert "operator" not in extract.footer  # technical support is not the operator


# --- the marks of a government footer (国办发〔2017〕47号) ------------------------------------------------------


def test_a_full_government_footer_shows_every_mark() -> None:
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}"))
    marks = extract.evidence["marks"]
    assert [item["in"] for item in marks["organ_mark"]] == ["script"]  # (the script is enough: no tree search)
    assert marks["organ_mark"][0]["href"].startswith("https://dcs.conac.cn/")
    assert marks["error_report"][0]["href"] == "https://zfwzgl.www.gov.cn/exposure/jiucuo.js"
    assert marks["contact"][0]["text"] == "地址："
    assert not [rule for rule, _ in rules_of(record_of(extract)) if rule.startswith("F7")]


def test_a_government_footer_without_marks_gets_f701_f702_f703() -> None:
    footer = (
        '<div class="footer"><p>主办单位：四川省人民政府办公厅</p>'
        "<p>蜀ICP备13001288号　川公网安备51010402000507号</p></div>"
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=footer))
    assert "marks" not in extract.evidence
    f7 = [(rule, text) for rule, text in rules_of(record_of(extract)) if rule.startswith("F7")]
    assert f7 == [
        ("F701", "the page shows no Party and government organ website mark (党政机关网站标识: the dcs.conac.cn script "
         "or a bszs.conac.cn badge)"),
        ("F702", "the page offers no error-report entry (我为政府网站找错: the jiucuo.js script or a link to the "
         "error-report service)"),
        ("F703", "the page shows no contact information (联系我们, a telephone number, an e-mail or a postal address)"),
    ]  # fmt: skip
    assert not [rule for rule, _ in rules_of(record_of(extract), profile="news") if rule.startswith("F7")]


def test_a_badge_link_without_the_script_is_the_organ_mark() -> None:
    footer = FOOTER.replace('<script src="https://dcs.conac.cn/js/23/000/0000/60429971/CA23.js"></script>', "")
    footer = footer.replace(
        '<span id="_ideConac"></span>',
        '<a href="http://bszs.conac.cn/sitename?method=show&amp;id=08E6"><img src="red.png" alt="党政机关"></a>',
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=footer))
    assert [(item["in"], item.get("href")) for item in extract.evidence["marks"]["organ_mark"]] == [
        ("link", "http://bszs.conac.cn/sitename?method=show&id=08E6")
    ]


def test_a_hidden_error_report_link_is_not_shown() -> None:
    hidden = FOOTER.replace(
        '<script id="_jiucuo_" sitecode="5100000062" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>',
        '<a style="display:none" href="http://121.43.68.40/exposure/jiucuo.html?site_code=5100000062">我要纠错</a>',
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=hidden))
    assert "error_report" not in extract.evidence["marks"]
    assert [rule for rule, _ in rules_of(record_of(extract)) if rule.startswith("F7")] == ["F702"]


def test_a_phone_number_is_not_found_inside_a_filing_number() -> None:
    footer = '<div class="footer"><p>版权所有：某某研究院</p><p>京ICP备11039383号-6 京 公网安备11010202000010</p></div>'
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=footer))
    assert "contact" not in extract.evidence.get("marks", {})
    # the same footer with a telephone number of its own: found
    with_phone = footer.replace("</div>", "<p>电话：028-86601234</p></div>")
    contact = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=with_phone)).evidence["marks"]["contact"]
    assert [(item["in"], item["text"]) for item in contact] == [("text", "电话：")]


def test_the_button_jiucuo_js_writes_is_the_error_report_entry() -> None:
    # A city portal (Wuhan) copies the button into its footer and defines Link() itself.
    button = '<a onclick="Link(\'4201000003\')" target="_blank"><img src="static/picture/pic01.png" alt=""></a>'
    script = '<script id="_jiucuo_" sitecode="5100000062" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>'
    footer = FOOTER.replace(script, button)
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=footer))
    assert [item["in"] for item in extract.evidence["marks"]["error_report"]] == ["link"]
    assert not [rule for rule, _ in rules_of(record_of(extract)) if rule.startswith("F7")]
    # another function of the same name without a site code is not the button
    other = footer.replace("Link('4201000003')", "Link(this)")
    assert "error_report" not in extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=other)).evidence["marks"]


@pytest.mark.parametrize(
    "hotline",
    [
        # the contact in a block of links and badges beside the block of numbers (Beijing Shunyi)
        '<div class="newFoot_con"><a href="/gywm/">关于我们</a><p>政务服务热线：12345</p></div>',
        # a hotline's label other than 服务热线 (Yunnan, Wuhan), in the block of numbers
        "",
    ],
)
def test_a_hotline_is_contact_information(hotline: str) -> None:
    numbers = (
        '<div class="newFootInfo"><span>主办：某某区人民政府办公室</span><span>政府网站标识码：1101130028</span>'
        '<a href="https://beian.miit.gov.cn/">京ICP备05007181号</a>'
        '<a href="http://www.beian.gov.cn/portal/index.do">京公网安备11011302000001号</a>'
        f"{'' if hotline else '<span>市民热线：027-12345</span>'}</div>"
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=hotline + numbers))
    assert [item["text"] for item in extract.evidence["marks"]["contact"]] == ["服务热线" if hotline else "热线："]
    assert "F703" not in {rule for rule, _ in rules_of(record_of(extract))}


def test_the_site_code_of_an_error_report_link_is_a_copy_of_the_code() -> None:
    # A ministry (the National Ethnic Affairs Commission) shows no code; its error-report link carries one.
    footer = (
        '<div class="footer"><p>版权所有：某某委员会 <a href="https://beian.miit.gov.cn/">京ICP备05048973号</a> '
        "京公网安备 11040102700045号 联系电话：010-12345678</p>"
        '<a href="http://121.43.68.40/exposure/jiucuo.html?site_code=bm08000014&amp;url=x"><img src="zc.png"></a></div>'
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=footer))
    copies = [item for item in extract.evidence["found"]["site_code"] if item["in"] == "attribute"]
    assert [(item["text"], item["value"]) for item in copies] == [("site_code= (a href)", "bm08000014")]
    rules = {rule for rule, _ in rules_of(record_of(extract))}
    assert {"F301", "F606"} <= rules and "F604" not in rules


def test_records_without_evidence_pass_the_mark_rules() -> None:
    assert not [f for f in validate_record(valid_record(), profile="gov") if f.rule.startswith("F7")]


# --- the section a page names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("crumb", "section"),
    [
        # labelled by class or by 当前位置
        ('<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 正文</div>',
         "政务公开"),
        ('<div class="channel-path"><a href="/china/">国内新闻</a><span>&gt;</span><span>正文</span></div>',
         "国内新闻"),
        # a trail of links joined by ">" and its kin, however it is marked
        ('<div class="route"><a href="http://www.people.com.cn/">人民网</a>&gt;&gt;'
         '<a href="http://finance.people.com.cn/">经济·科技</a></div>', "经济·科技"),
        ('<div class="x"><span><a href="http://www.kepu.gov.cn/index.html">中国科普网</a></span><span>&gt;</span>'
         '<span><a href="/politics/index.html">时政新闻</a></span><span>&gt;</span></div>', "时政新闻"),
        ('<p><a href="/">Home</a> » <a href="/society/">Society</a> » Article</p>', "Society"),
        # the site's name alone names no section; nor does a menu
        ('<div class="x"><a href="http://www.news.cn/">新华网</a> &gt; 正文</div>', None),
        ('<ul class="menu"><li><a href="/a/">要闻</a></li><li><a href="/b/">政务</a></li></ul>', None),
        ('<div class="x"><a href="/a/">要闻</a> | <a href="/b/">政务</a></div>', None),
    ],
)  # fmt: skip
def test_the_section_is_what_the_breadcrumb_names(crumb: str, section: str | None) -> None:
    extract = extract_html(page(f"{crumb}<h1>{TITLE}</h1><div class='article'>{PARAGRAPHS}</div>"))
    assert extract.section == section
    assert extract.evidence.get("section_from") == ("breadcrumb" if section else None)


def test_a_columnname_meta_tag_names_the_section_before_the_breadcrumb() -> None:
    crumb = '<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/ywdt/">要闻动态</a></div>'
    head = '<meta name="ColumnName" content="政务公开">'
    extract = extract_html(page(f"{crumb}<h1>{TITLE}</h1>{PARAGRAPHS}", head=head))
    assert (extract.section, extract.evidence["section_from"]) == ("政务公开", "meta ColumnName")


def test_a_script_restyling_a_footer_frame_is_no_error_report_entry() -> None:
    # A city portal (Jinan, Hanweb) keeps its footer in an <iframe> and restyles the frame's content from a
    # script of the page: the script names the entry's span (#_span_jiucuo) but writes no entry.
    footer = (
        '<div class="bottom"><iframe src="/col/col97620/index.html"></iframe></div>'
        "<script>$('.bottom iframe').contents().find('.bottom-bottom span#_span_jiucuo').css({'top': '25px'});</script>"
    )
    extract = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=footer))
    assert "error_report" not in extract.evidence.get("marks", {})
    # a script that writes the entry's script still counts
    writer = (
        footer + "<script>document.write('<script src=\"https://zfwzgl.www.gov.cn/exposure/jiucuo.js\">');</script>"
    )
    marks = extract_html(page(f"<h1>{TITLE}</h1>{PARAGRAPHS}", footer=writer)).evidence["marks"]
    assert [item["in"] for item in marks["error_report"]] == ["script"]
