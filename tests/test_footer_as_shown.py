"""The footer's fields as the page shows them, and where a name ends (the classes of real footers that
tests/corpus showed reading wrong: tests/test_corpus.py::test_footer_fields holds the whole corpus to its keys).

A record's footer is archival metadata: each field holds the text the page shows (full-width parentheses and
colons, ideographic spaces, letter-spaced names), and nothing of what stands beside it (a licence, a badge, the
copyright's years, the sentence around the name). Real lxml, no mocks.
"""

from __future__ import annotations

import pytest

from tests.test_real_page_reading import page, record_of, rules_of
from validator.footer.normalize import as_shown
from validator.footer.units import find_units
from validator.sources.html import extract_html


@pytest.mark.parametrize(
    ("value", "raw", "shown"),
    [
        # full-width parentheses and colons are the page's; NFKC made them ASCII
        ("常州国家高新技术产业开发区(新北区)党政办公室", "主办单位：常州国家高新技术产业开发区（新北区）党政办公室",
         "常州国家高新技术产业开发区（新北区）党政办公室"),
        ("郑公备:41010029000130", "郑公备：41010029000130 网站标识码", "郑公备：41010029000130"),
        # an ideographic space inside a number stays; a line break inside a name is one space, as a browser shows it
        ("京ICP备 05035542号", "京ICP备\u300005035542号", "京ICP备\u300005035542号"),
        ("某某市 人民政府", "主办：某某市\n   人民政府", "某某市 人民政府"),
        # a value already as shown is itself; one the raw text does not hold stands as read
        ("四川省人民政府办公厅", "主办：四川省人民政府办公厅", "四川省人民政府办公厅"),
        ("某某局", "主办：别的单位", "某某局"),
    ],
)  # fmt: skip
def test_a_value_is_given_back_as_the_page_shows_it(value: str, raw: str, shown: str) -> None:
    assert as_shown(value, raw) == shown


def test_a_page_s_footer_keeps_full_width_text_and_its_rules_judge_it_as_before() -> None:
    footer = (
        '<div class="footer"><p>主办单位：常州国家高新技术产业开发区（新北区）党政办公室</p>'
        "<p>网站标识码：3204110001　苏ICP备05003372号　苏公网安备　32041102000123号</p></div>"
    )
    extract = extract_html(page("<h1>标题</h1><p>" + "正文内容。" * 20 + "</p>", footer=footer))
    assert extract.footer["unit_in_charge"] == "常州国家高新技术产业开发区（新北区）党政办公室"
    # (the page's lines fold its white space, U+3000 included, as a browser lays out text)
    assert extract.footer["public_security"] == "苏公网安备 32041102000123号"
    assert extract.footer["icp"] == "苏ICP备05003372号"
    # the rules parse the fields as before: a public security number with its full 14 digits passes
    assert [rule for rule, _ in rules_of(record_of(extract)) if rule.startswith("F2")] == []


@pytest.mark.parametrize(
    ("raw", "role", "name"),
    [
        # English words glued to a Chinese name
        ("版权所有 中国互联网新闻中心Copyright © China.org.cn. All Rights Reserved", "copyright_holder",
         "中国互联网新闻中心"),
        # licences, the filing as a word, the Chinese domain name and the IPv6 badge beside a name
        ("主办：半月谈杂志社 互联网新闻信息服务许可证：1012014004 网站备案：京公网安备11010702001529号",
         "unit_in_charge", "半月谈杂志社"),
        ("主办：某某日报社 增值电信业务经营许可证B1-20060139", "unit_in_charge", "某某日报社"),
        ("承办：内蒙古自治区政务服务局 网站支持IPv6", "organizer", "内蒙古自治区政务服务局"),
        ("版权所有：中国政府网 中文域名：中国政府网.政务", "copyright_holder", "中国政府网"),
        # the copyright's years, before or after the holder, ranges written with - ~ 至
        ("版权所有 2000-2020 上海麟驾艺术品信息有限公司", "copyright_holder", "上海麟驾艺术品信息有限公司"),
        ("Copyright (C) 半月谈杂志社 2010-2018, All Rights Reserved", "copyright_holder", "半月谈杂志社"),
        ("Copyright © 2014～2019 The Paper All rights reserved.", "copyright_holder", "The Paper"),
        ("Copyright © 2014至2024 某某市融媒体中心", "copyright_holder", "某某市融媒体中心"),
        # the sentence a postfix label ends
        ("本网站由南方新闻网版权所有，未经授权禁止复制或建立镜像", "copyright_holder", "南方新闻网"),
        ("所有内容为中国西藏新闻网版权所有，未经授权不得复制转载", "copyright_holder", "中国西藏新闻网"),
        ("本站由某某县人民政府主办", "unit_in_charge", "某某县人民政府"),
        # a parenthesis the name opens, it closes
        ("技术支持：万载县信息中心(0795-8819792) 版权所有：万载县人民政府门户网", "tech_support",
         "万载县信息中心(0795-8819792)"),
        # letter-spaced labels and names
        ("主 办 单 位：某某市人民政府办公室", "unit_in_charge", "某某市人民政府办公室"),
        ("人 民 网 股 份 有 限 公 司 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用", "copyright_holder",
         "人民网股份有限公司"),
        # a copyright sign between a name and its postfix label; a site's address after the name
        ("国家互联网信息办公室 © 版权所有 联系我们", "copyright_holder", "国家互联网信息办公室"),
        # a site's address beside the holder's name is no part of it
        ("松花江网 shjnet.cn 版权所有", "copyright_holder", "松花江网"),
        ("Copyright By 晋江文学城 www.jjwxc.net All rights reserved", "copyright_holder", "晋江文学城"),
        # a contact label's own words; a holder named before the sign; brackets around a number; a slogan
        ("运行维护：云南网 政务服务便民热线：12345", "operator", "云南网"),
        ("主办：北京市文化和旅游局 承办：宣传中心 北京市文化和旅游局 ©2021 京ICP备19055663号-1", "organizer",
         "宣传中心"),
        ("主办：北京市文化和旅游局 承办：宣传中心 北京市文化和旅游局 ©2021 京ICP备19055663号-1", "copyright_holder",
         "北京市文化和旅游局"),
        ("Copyright © 湖北日报 [鄂ICP备12007957-2号] | 湖北日报传媒集团出品", "copyright_holder", "湖北日报"),
        ("纯属虚构 请勿模仿 版权所有 侵权必究 适度阅读", "copyright_holder", None),
        # a government body, then its site's name; a label alone on its line above the bodies' names
        ("Copyright©1997-2022 河北省文化和旅游厅 河北旅游政务网 All Rights Reserved", "copyright_holder",
         "河北省文化和旅游厅"),
        ("主办单位\n中国科学技术协会\n国家卫生健康委员会\n应急管理部\n指导单位：某某办公室", "unit_in_charge",
         "中国科学技术协会 国家卫生健康委员会 应急管理部"),
        ("主办单位\n京ICP备16016202号-1", "unit_in_charge", None),
        # what a body does, between its name and a postfix label
        ("本网站由南方新闻网版权所有 广东南方网络信息科技有限公司负责制作维护", "operator",
         "广东南方网络信息科技有限公司"),
    ],
)  # fmt: skip
def test_a_name_ends_where_the_page_says_something_else(raw: str, role: str, name: str | None) -> None:
    assert find_units(raw)[role] == name  # type: ignore[index]


def test_two_words_side_by_side_are_not_letter_spacing() -> None:
    # (three characters or fewer between spaces are words: "主办 某某局" keeps its label and name apart)
    assert find_units("主办 某某局 承办 某某中心")["unit_in_charge"] is None
    assert find_units("主办：某某局 承办：某某中心") == {
        "unit_in_charge": "某某局",
        "organizer": "某某中心",
        "operator": None,
        "copyright_holder": None,
        "tech_support": None,
    }


def test_a_footer_without_numbers_still_names_its_copyright_holder() -> None:
    """A news site's footer may show no filing number and no unit label: its copyright line is still the footer
    (the holder is read), and the rules judge the page as one without numbers, as before."""
    footer = (
        '<div class="copy-right"><p>Copyright © 1996-2019 SINA Corporation</p>'
        '<p>All Rights Reserved 新浪公司 <a href="/copyright.html">版权所有</a></p></div>'
    )
    extract = extract_html(page("<h1>标题</h1><p>" + "正文内容。" * 20 + "</p>", footer=footer))
    assert extract.footer["copyright_holder"] == "新浪公司"
    assert "icp" not in extract.footer and "public_security" not in extract.footer
    rules = [rule for rule, _ in rules_of(record_of(extract), profile="news")]
    assert "F101" in rules and "F201" in rules


def test_a_letter_spaced_name_is_read_on_its_line() -> None:
    footer = (
        '<div class="footer">\n<p>京ICP备12004265号-13 京公网安备11000002000008号</p>\n'
        "<p>人 民 网 股 份 有 限 公 司 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用</p>\n</div>"
    )
    extract = extract_html(page("<h1>标题</h1><p>" + "正文内容。" * 20 + "</p>", footer=footer))
    assert extract.footer["copyright_holder"] == "人 民 网 股 份 有 限 公 司"
    assert extract.field_lines["/footer/copyright_holder"] == extract.field_lines["/footer/icp"] + 1
