"""Unit names as real footers write them: label first, label last (postfix), copyright lines, technical
support, and names that run into the next label. Each case is a form seen on a real government or news page."""

from __future__ import annotations

import pytest

from validator.footer import find_units, parse_unit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Postfix: the label after the name.
        (
            "某某市人民政府主办 某某市人民政府办公室承办",
            {"unit_in_charge": "某某市人民政府", "organizer": "某某市人民政府办公室"},
        ),
        ("共青团中央主办 版权所有", {"unit_in_charge": "共青团中央"}),
        ("北京市海淀区人民政府办公室（主办）", {"unit_in_charge": "北京市海淀区人民政府办公室"}),
        (
            "中共北京市海淀区委 北京市海淀区人民政府 主办 北京市海淀区融媒体中心承办",
            {"unit_in_charge": "中共北京市海淀区委 北京市海淀区人民政府", "organizer": "北京市海淀区融媒体中心"},
        ),
        ("Copyright 2024 某某县人民政府主办", {"unit_in_charge": "某某县人民政府"}),
        # A name that runs into the next label stops there.
        (
            "主办：海淀区人民政府 运行管理:海淀区新闻中心",
            {"unit_in_charge": "海淀区人民政府", "operator": "海淀区新闻中心"},
        ),
        ("主办：A市人民政府 B中心承办", {"unit_in_charge": "A市人民政府", "organizer": "B中心"}),
        # ... but a body whose name holds that label's word is read whole (Beijing's sites: 技术支持 or
        # 运行管理 by the 首都之窗运行管理中心).
        (
            "技术支持：首都之窗运行管理中心 网站标识码：1100000224",
            {"tech_support": "首都之窗运行管理中心"},
        ),
        ("运行管理：首都之窗运行管理中心", {"operator": "首都之窗运行管理中心"}),
        # Copyright lines of other sites (universities, CNKI): the plural "Copyrights" with the holder after "All
        # Rights Reserved", a bracketed abbreviation closing the holder's name, a contact e-mail glued between
        # the holder and 版权所有.
        (
            "Copyrights 2016 All Rights Reserved 中国美术学院附属中等美术学校 浙ICP备05014581号-1",
            {"copyright_holder": "中国美术学院附属中等美术学校"},
        ),
        ("©2022中国知网（CNKI）", {"copyright_holder": "中国知网(CNKI)"}),
        ("中国人民大学艺术学院xbh1@ruc.edu.cn 版权所有", {"copyright_holder": "中国人民大学艺术学院"}),
        ("中国人民大学艺术学院 xbh1@ruc.edu.cn 版权所有", {"copyright_holder": "中国人民大学艺术学院"}),
        # A reuse notice in the next span, glued to the holder's name, is not part of it.
        (
            "版权所有：广东省人力资源和社会保障厅未经授权禁止复制或建立镜像",
            {"copyright_holder": "广东省人力资源和社会保障厅"},
        ),
        # ... but 运行管理 inside a body's name is the name (Beijing's 首都之窗运行管理中心, technical support of
        # the city's site cluster).
        (
            "主办：北京市重大项目建设指挥部办公室 技术支持：首都之窗运行管理中心 网站标识码：1100000224",
            {"unit_in_charge": "北京市重大项目建设指挥部办公室", "tech_support": "首都之窗运行管理中心"},
        ),
        # 运营 (operation) names the operator, as 运维 does (county portals: 主办/承办/运营 on one line).
        (
            "主办：某某县人民政府 承办：某某县人民政府办公室 运营：某某县政务信息化服务中心",
            {
                "unit_in_charge": "某某县人民政府",
                "organizer": "某某县人民政府办公室",
                "operator": "某某县政务信息化服务中心",
            },
        ),
        ("网站运营单位：某某市大数据中心", {"operator": "某某市大数据中心"}),
        (
            "主办单位：某某市人民政府办公室 地址：某某路1号 电话：0818-1234567",
            {"unit_in_charge": "某某市人民政府办公室"},
        ),
        ("主办单位：某某市人民政府 联系邮箱：a@b.cn", {"unit_in_charge": "某某市人民政府"}),
        # Copyright holders and technical support are fields of their own.
        (
            "Copyright © 2004-2024 四川省人民政府办公厅 版权所有 蜀ICP备13001288号",
            {"copyright_holder": "四川省人民政府办公厅"},
        ),
        ("版权所有：人民日报社 技术支持：人民网", {"copyright_holder": "人民日报社", "tech_support": "人民网"}),
        ("版权所有 某某市人民政府 地址：某某路1号", {"copyright_holder": "某某市人民政府"}),
        ("2024 某某市人民政府 版权所有", {"copyright_holder": "某某市人民政府"}),
        (
            "主办：某市人民政府 技术支持：某某科技有限公司",
            {"unit_in_charge": "某市人民政府", "tech_support": "某某科技有限公司"},
        ),
        # English editions.
        ("Copyright © 2024 China Daily. All rights reserved", {"copyright_holder": "China Daily"}),
        (
            "Sponsored by: General Office of the People's Government of X Province",
            {"unit_in_charge": "General Office of the People's Government of X Province"},
        ),
        ("Hosted by Y Municipal People's Government", {"unit_in_charge": "Y Municipal People's Government"}),
        (
            "Organized by: Y Big Data Center | Operated by: Y Telecom",
            {"organizer": "Y Big Data Center", "operator": "Y Telecom"},
        ),
    ],
)
def test_units_in_a_raw_footer(raw: str, expected: dict[str, str]) -> None:
    found = {role: name for role, name in find_units(raw).items() if name}
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("某某市人民政府主办", "某某市人民政府"),
        ("某某市人民政府办公室（主办）", "某某市人民政府办公室"),
        ("某某市大数据中心承办", "某某市大数据中心"),
        ("版权所有：人民日报社", "人民日报社"),
        ("技术支持：某某科技有限公司", "某某科技有限公司"),
        ("Operated by Y Telecom", "Y Telecom"),
        ("运营：某某县政务信息化服务中心", "某某县政务信息化服务中心"),
    ],
)
def test_a_field_holding_a_postfix_or_new_label_gives_the_name(text: str, expected: str) -> None:
    assert parse_unit(text) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "主办单位承担主体责任",  # a sentence about unit duties, not a label
        "© 2024",
        "版权所有",
        "主办",
    ],
)
def test_words_that_name_no_unit_give_none(raw: str) -> None:
    assert {role: name for role, name in find_units(raw).items() if name} == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # A county footer (Heilongjiang) names its operator 运营.
        (
            "主办：某某县人民政府            承办：某某县人民政府办公室    运营：某某县政务信息化服务中心",
            {
                "unit_in_charge": "某某县人民政府",
                "organizer": "某某县人民政府办公室",
                "operator": "某某县政务信息化服务中心",
            },
        ),
        # A city footer (Hebei) names every unit in postfix form, the operator by 维护 ("共同维护": jointly).
        (
            "某某市人民政府办公室主办 某某市发展和改革委员会承办 某某市经济信息中心建设\n"
            "某某市市直各部门共同维护   冀ICP备05000924号-1",
            {
                "unit_in_charge": "某某市人民政府办公室",
                "organizer": "某某市发展和改革委员会",
                "operator": "某某市市直各部门",
            },
        ),
        ("某某县信息中心维护", {"operator": "某某县信息中心"}),
    ],
)
def test_operators_named_by_yunying_or_by_a_postfix_weihu(raw: str, expected: dict[str, str]) -> None:
    assert {role: name for role, name in find_units(raw).items() if name} == expected


@pytest.mark.parametrize(
    "raw",
    [
        "网站技术支持：027-87678380 | 网站运维邮箱：htfw@example.gov.cn",  # a contact's label, not a postfix 运维
        "运维电话：0551-65121322",
        "联系我们：020-83135078（仅受理网站建设维护相关事宜）",  # 维护 as a word of a sentence
    ],
)
def test_labels_of_contacts_and_sentences_name_no_operator(raw: str) -> None:
    assert find_units(raw)["operator"] is None


def test_a_telephone_number_after_a_label_is_no_unit_name() -> None:
    # A real footer (Shaanxi's portal) gives its technical support as a telephone number.
    raw = "主办：陕西省人民政府办公厅 技术支持：029-63912478"
    found = {role: name for role, name in find_units(raw).items() if name}
    assert found == {"unit_in_charge": "陕西省人民政府办公厅"}
