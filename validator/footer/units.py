"""Unit names in the footer: 主办单位 (unit in charge), 承办单位 (organizer), 运行维护单位 (operator), 版权所有
(copyright holder) and 技术支持 (technical support).

`parse_unit` reads a name from a field's text (label stripped); `find_units` / `find_unit` find the names in
the whole raw footer; `is_placeholder_unit` and `looks_like_government_body` are the heuristics the unit
rules use.

Real footers name units three ways, all read here:
- label first: "主办单位：四川省人民政府办公厅", "主办：…", "Sponsored by …", "Hosted by …";
- label last (postfix): "某某市人民政府主办", "共青团中央主办", "…办公室（主办）", "…区委 …区人民政府 主办",
  "…办公室承办", "…版权所有";
- copyright lines: "Copyright © 2004-2024 某某市人民政府 All Rights Reserved", "© 2024 …".
A name ends at the next label (any role's, or a neighbour such as 运行管理, 地址, 电话, 邮箱, 网站地图), a filing
number, a separator or the end of the line. The copyright holder and the technical support are kept apart
from the unit in charge and the operator: they are often other bodies (a newspaper group, a software vendor).
"""

from __future__ import annotations

import functools
import re
from typing import Literal, cast

from validator.footer.fields import UNIT_FIELDS
from validator.footer.normalize import first_char_guard, lower_aligned, normalize
from validator.provinces import ICP_ABBRS, PSB_ABBRS, by_english_name

__all__ = [
    "ROLES",
    "Role",
    "find_unit",
    "find_units",
    "is_placeholder_unit",
    "looks_like_government_body",
    "parse_unit",
]

# The unit fields of the footer (validator/footer/fields.py declares them; a test holds the type to them).
Role = Literal["unit_in_charge", "organizer", "operator", "copyright_holder", "tech_support"]
ROLES = cast(tuple[Role, ...], UNIT_FIELDS)

# All label patterns are lowercase and matched against the lowercase copy of the text (see
# normalize.lower_aligned): a case-insensitive alternation is several times slower.

# Labels in front of a name, by role, Chinese and English, longest first so "主办单位" wins over "主办". In the
# raw footer the short Chinese labels and single English words need a colon, because without one they are
# ordinary words (or a postfix label: "某某市人民政府主办").
_ROLE_LABELS: dict[str, tuple[str, ...]] = {
    "unit_in_charge": (
        "网站主办单位", "主办单位", "主办方 ?:", "主办 ?:",
        "unit in charge", "sponsored by", "hosted by", "sponsor ?:", "host ?:",
    ),
    "organizer": (
        "网站承办单位", "承办单位", "承办方 ?:", "承办 ?:",
        "organi[sz]ed by", "undertaken by", "organi[sz]er ?:", "undertaker ?:",
    ),
    "operator": (
        "运行维护单位", "网站运维单位", "运维单位", "运维 ?:", "运行维护 ?:", "运行管理单位", "运行管理 ?:",
        "网站维护 ?:", "网站运营单位", "运营单位", "运营 ?:",
        "website operation and maintenance", "operation and maintenance", "operated by", "maintained by",
        "operator ?:",
    ),
    "copyright_holder": ("版权所有 ?:", "copyright holder ?:", "copyright owner ?:"),
    "tech_support": (
        "技术支持单位", "技术支持 ?:", "technical support ?:", "technical support by", "technically supported by",
    ),
}  # fmt: skip
_ALL_ROLE_LABELS = [alt for alts in _ROLE_LABELS.values() for alt in alts]
_ANY_ROLE_LABEL = re.compile(
    first_char_guard(_ALL_ROLE_LABELS)
    + "(?:"
    + "|".join(f"(?P<{role}>{'|'.join(alts)})" for role, alts in _ROLE_LABELS.items())
    + ") ?:? ?"
)

# A label at the start of a field's text: any role's, colon optional even for short ones.
_LEADING_LABEL = re.compile(
    r"(?:网站主办单位|主办单位|主办方|主办|网站承办单位|承办单位|承办方|承办|运行维护单位|网站运维单位|运维单位|运维"
    r"|运行维护|运行管理单位|运行管理|网站维护|网站运营单位|运营单位|运营|技术支持单位|技术支持|版权所有"
    r"|unit in charge|sponsored by|sponsor|hosted by|host|organi[sz]ed by|organi[sz]er|undertaken by"
    r"|undertaker|website operation and maintenance|operation and maintenance|operated by|maintained by|operator"
    r"|technical support by|technically supported by|technical support|copyright holder|copyright owner)"
    r"(?: ?:|(?=[ \u3400-\u9fff])|$) ?"
)

# A label after a name (Chinese only): "某某市人民政府主办", "…办公室(主办)", "…版权所有", "…各部门共同维护".
# Not when a colon follows (then it is a label in front of the next name: "主办:…"), when 单位/方 makes it the
# long label, or when a contact word makes it a contact's label ("网站运维邮箱:", "运维电话:"). 维护 is a word
# of sentences too ("网站建设维护相关事宜"): as a label it ends the text or is followed by a space or a sign.
_POSTFIX = re.compile(
    r"\(?(?P<word>主办|承办|协办|运维|运行维护|(?:共同)?维护(?![\u3400-\u9fff])|技术支持|版权所有)\)?"
    r"(?! ?(?:单位|方)? ?:)(?!单位|方|邮箱|电话|热线|信箱|联系|地址)"
)
_POSTFIX_ROLES: dict[str, str] = {
    "主办": "unit_in_charge",
    "承办": "organizer",
    "协办": "organizer",
    "运维": "operator",
    "运行维护": "operator",
    "维护": "operator",
    "共同维护": "operator",
    "技术支持": "tech_support",
    "版权所有": "copyright_holder",
}
# Where the text a postfix label names starts: after the last separator, colon, filing number, other label or
# copyright sign before it.
_NAME_START = re.compile(
    r".*(?:[|;,。:!?©]|号|主办|承办|协办|运维|运行维护|技术支持|版权所有|单位|all rights reserved|copyright|\(c\))",
    re.S,
)
# What the last word of an organisation's name ends with (Chinese): a body, an institution, a company.
_ORG_END = re.compile(
    r"(?:委|政府|局|厅|办|室|部|院|会|中心|中央|社|台|报|网|馆|站|所|处|署|团|队|司|行|校|学|组|科|府|省|市|县|区|州|盟|旗"
    r"|镇|乡|街道|公司|集团|协会|联合会|委员会|研究院|法院|检察院|党校|医院|大学|学院|银行)$"
)
# A copyright line: "Copyright © 2004-2024 <holder>", "© 2024 <holder>", "(c) <holder>".
# ("Copyrights 2016 All Rights Reserved 某某学校": the plural, and the holder after the reservation)
_COPYRIGHT = re.compile(
    r"(?:copyrights?|©|\(c\))(?: ?(?:©|\(c\)))?(?: ?(?:19|20)[0-9]{2}(?: ?[-~至] ?(?:19|20)[0-9]{2})?)?[ ,.]*"
    r"(?:all rights reserved[ ,.]*)?(?:by )?"
)

# Where a unit name ends when more footer text follows it: the next label, a filing number, contact
# details or the copyright line. English words are matched at word starts only (`\b` fails fast inside a
# word, which keeps the search cheap); Chinese labels, and "ICP" which is often glued to Chinese text, sit
# behind a first-character guard.
_STOP_EN = (
    *(alt for alt in _ALL_ROLE_LABELS if alt.isascii()),
    "copyright", "all rights reserved", "e-?mail ?:", "email",
    "website identification code", "site identification code",
    "public security", "internet security", "network security", "icp",
    "address ?:", "add ?:", "tel ?:", "telephone ?:", "phone ?:", "fax ?:", "postcode ?:", "zip code ?:", "zip ?:",
    "contact us", "sitemap", "site map", "privacy", "terms of use", "best viewed",
)  # fmt: skip
_STOP_ZH = (
    *(alt for alt in _ALL_ROLE_LABELS if not alt.isascii()),
    "icp", "公网安 ?备", "公网备", "网站标识[码号]", "网站识别[码号]", "政府网站标识", "公安机关备案", "备案序?号",
    "版权所有", "©",
    "地址 ?:", "电话 ?:", "联系", "咨询电话", "热线", "邮编 ?:", "邮政编码", "传真 ?:", "邮箱", "信箱",
    "网站地图", "网站声明", "隐私", "关于我们", "建议使用", "浏览器", "分辨率", "您是第", "访问量", "访问人数",
    "主管单位", "主管 ?:", "监制", "出品", "承建", "建设单位", "网站建设", "设计制作", "制作单位", "举报", "不良信息",
    "纠错",
    "无障碍", "适老化", "协办", "开办 ?:",
    # 运行管理 (operation management) as a neighbour's label, not as a word inside a name that goes on
    # ("首都之窗运行管理中心": a body's name)
    "运行管理(?![\u3400-\u9fff])",
    # English stops glued to a name ("中国互联网新闻中心Copyright"): no word boundary between them
    "copyright", "all rights reserved",
    # what else a line holding a name says: licences (互联网新闻信息服务许可证, 增值电信业务经营许可证), the
    # filing as a word, the Chinese domain name, the IPv6 badge ("本网站支持IPv6")
    "许可证", "网站备案", "中文域名", "本网站支持", "网站支持 ?ipv6", "支持 ?ipv6",
    # a reuse notice glued after the holder by adjacent spans ("…保障厅未经授权禁止复制或建立镜像")
    "未经(?:授权|许可|同意|书面|本网|本站)",
    "互联网新闻信息服务", "增值电信业务", "视听节目", "网络文化经营", "网络出版服务", "广播电视节目",
)  # fmt: skip
# A filing number glued after a name takes its province abbreviation with it: "…办公厅蜀ICP备…".
_ABBRS = "".join(sorted(ICP_ABBRS | PSB_ABBRS))
_STOP = re.compile(
    rf"\b(?:{'|'.join(_STOP_EN)})"
    + "|"
    + first_char_guard(_STOP_ZH, extra=_ABBRS + "|")
    + rf"(?:[{_ABBRS}] ?(?:icp|公网安 ?备)|{'|'.join(_STOP_ZH)}|\|)"
)
# A bare postfix label inside a name taken after a label ("主办:A市人民政府 B中心承办"): the name ends before
# the postfix group.
_BARE_POSTFIX = re.compile(
    r" ?\(?(?:主办|承办|协办|运维|运行维护|(?:共同)?维护(?![\u3400-\u9fff])|技术支持)\)?(?! ?(?:单位|方)? ?:)"
)
# Separators left around a name once labels and neighbours are cut off.
_EDGE = " |;,:、·/()[]【】〔〕"
# Contact labels a phrase may be glued to ("政务服务便民热线", "网站联系电话"), and a copyright sign or word.
_GLUED_LABEL = re.compile(r"热线|电话|邮箱|信箱|传真|地址")
_COPYRIGHT_SIGN = re.compile(r"©|copyright|\(c\)")
# What a body does, between its name and a postfix label: "…有限公司负责制作维护", "…中心负责运行维护".
_DOING = re.compile(r"负责[\u3400-\u9fff]{0,4}$")
# "版权所有 侵权必究" (all rights reserved, infringers prosecuted): a slogan, naming no holder.
_SLOGAN_AFTER = re.compile(r" ?[,，]? ?(?:侵权|翻印|盗版|违者|转载)必究")
# A copyright sign right before a postfix label, and a site's address after a name.
_SIGN_AT_END = re.compile(f"(?:{_COPYRIGHT_SIGN.pattern}) ?$")
_EMAIL_AT_END = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)
_DOMAIN = re.compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:cn|com|net|org|gov\.cn)", re.IGNORECASE)
# A year or a range of years at either end of a copyright holder's name.
_YEARS_AT_EDGES = re.compile(
    r"^(?:19|20)[0-9]{2}(?: ?[-~至] ?(?:19|20)[0-9]{2})?[ ,.]*|[ ,.]*(?:19|20)[0-9]{2}(?: ?[-~至] ?(?:19|20)[0-9]{2})?$"
)
# The start of a sentence a postfix label ends: "本网站由某某网版权所有", "所有内容为某某网版权所有", "本站由某某主办".
_SENTENCE_HEAD = re.compile(
    r"^(?:本网站|本网|本站|网站)?(?:所有|全部)?(?:内容|信息|文章|作品)?(?:均|皆)?(?:由|为|归|属)"
)


def parse_unit(text: str) -> str | None:
    """The unit name a footer field shows, normalised, without its label; None when nothing is left.

    "主办单位：四川省人民政府办公厅" -> "四川省人民政府办公厅"; "四川省人民政府办公厅主办" -> "四川省人民政府办公厅";
    "Unit in Charge: General Office of …" -> "General Office of …". Text glued after the name (the next
    label, an ICP number) is cut off.
    """
    norm = normalize(text)
    low = lower_aligned(norm)
    m = _LEADING_LABEL.match(low)
    if m is None:
        post = _POSTFIX.search(low)
        if post is not None and post.start() > 0:
            name = _name_before(norm, low, post.start())
            if name is not None:
                return name
    return _clean(norm, low, m.end() if m is not None else 0)


def find_units(raw: str) -> dict[Role, str | None]:
    """The unit name shown for each role in the raw footer text (None where none is found).

    Lines are searched one by one (a line break ends a name); within a line a name ends at the next label,
    filing number or contact detail. The first non-empty name of a role wins, a labelled one before a
    postfix one; a copyright line gives the copyright holder when no 版权所有 label does.
    """
    found: dict[str, str] = {}
    postfix: dict[str, str] = {}
    copyright_line: str | None = None
    lines = raw.splitlines()
    for number, line in enumerate(lines):
        norm = normalize(line)
        if not norm:
            continue
        if " " in norm:
            norm = _unspaced(norm)
        low = lower_aligned(norm)
        for m in _ANY_ROLE_LABEL.finditer(low):
            role = m.lastgroup
            if role is None or role in found:
                continue
            if m.start() == 0 and m.end() >= len(low.rstrip(" :")) and role != "copyright_holder":
                # A label alone on its line ("主办单位" above a list of bodies, one a line): the names follow.
                names = _names_below(lines, number + 1)
                if names is not None:
                    found[role] = names
                continue
            name = _clean(norm, low, m.end())
            # Without a colon a long label may be a word of a sentence ("主办单位承担主体责任"): the name must
            # then look like an organisation's. A "name" without a letter is a telephone number or a date
            # ("技术支持：029-63912478"), not a name the raw footer gives.
            if name is not None and not _has_name(name):
                continue
            if name is not None and (":" in low[m.start() : m.end()] or _looks_like_a_name(name)):
                found[role] = name
        if (
            "主办" in norm
            or "承办" in norm
            or "协办" in norm
            or "运" in norm
            or "维护" in norm
            or "技术支持" in norm
            or "版权所有" in norm
        ):
            for m in _POSTFIX.finditer(low):
                role = _POSTFIX_ROLES[m.group("word")]
                if role == "copyright_holder" and _SLOGAN_AFTER.match(low, m.end()):
                    continue
                if role in postfix or (m.start() == 0 and role != "copyright_holder"):
                    continue
                name = _name_before(norm, low, m.start())
                if name is None and role == "copyright_holder":
                    name = _clean(norm, low, m.end())  # "版权所有 某某市人民政府" (no colon)
                if name is not None:
                    postfix[role] = name
        if copyright_line is None and ("copyright" in low or "©" in low or "(c)" in low):
            mark = _COPYRIGHT.search(low)
            if mark is not None and _BARE_POSTFIX.search(low, mark.end()) is None:
                # ("Copyright 2024 某某县人民政府主办" names the unit in charge, not a copyright holder)
                copyright_line = _clean(norm, low, mark.end())
                if copyright_line is None and mark.start() > 0:
                    # "承办:宣传中心 北京市文化和旅游局 ©2021 京ICP备…": the holder stands before the sign
                    copyright_line = _name_before(norm, low, mark.start())
                if copyright_line is not None:
                    # (a site's address after the holder's name is no part of it: "晋江文学城 www.jjwxc.net")
                    head, space, last = copyright_line.rstrip(".").rpartition(" ")
                    if space and _has_cjk(head) and _DOMAIN.fullmatch(last):
                        copyright_line = head
                    elif space and last.endswith(("网", "网站")) and looks_like_government_body(head):
                        copyright_line = head  # ("河北省文化和旅游厅 河北旅游政务网": the body, then its site's name)
                    copyright_line = copyright_line.rstrip(".") or None
    units: dict[Role, str | None] = {role: found.get(role) or postfix.get(role) for role in ROLES}
    if units["copyright_holder"] is None and copyright_line is not None and _has_name(copyright_line):
        units["copyright_holder"] = copyright_line
    holder = units["copyright_holder"]
    if holder is not None:
        # The years of a copyright are no part of the holder's name: "版权所有 2000-2020 某某公司", "某某社 2010-2018".
        units["copyright_holder"] = _strip_edges(_YEARS_AT_EDGES.sub("", holder)) or None
    return units


# Chinese written letter-spaced, one character and a space at a time ("主 办 单 位：", "人 民 网 股 份 有 限 公 司
# 版 权 所 有"): four characters or more, so two words side by side ("主办 某某局") are not joined.
_LETTER_SPACED = re.compile(r"(?<![\u3400-\u9fff])(?:[\u3400-\u9fff] ){3,}[\u3400-\u9fff](?![\u3400-\u9fff])")


def _unspaced(norm: str) -> str:
    """`norm` with letter-spaced Chinese written solid: labels and names read as usual (the record keeps them
    as shown: `normalize.as_shown`)."""
    return _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), norm)


_NAMES_BELOW = 8  # lines of names a label alone on its line may stand above


def _names_below(lines: list[str], first: int) -> str | None:
    """The names on the lines after a label alone on its line, one a line, up to a line that is no name alone (a
    label, a number, a sentence); None without any."""
    names: list[str] = []
    for line in lines[first : first + _NAMES_BELOW]:
        norm = normalize(line)
        low = lower_aligned(norm)
        if not norm or " " in norm or ":" in norm or _STOP.search(low) or _ANY_ROLE_LABEL.search(low):
            break
        if not _has_cjk(norm) or _ORG_END.search(norm) is None:
            break
        names.append(norm)
    return " ".join(names) or None


def find_unit(raw: str, role: Role) -> str | None:
    """The name shown for `role` in the raw footer text, or None (see `find_units`)."""
    return find_units(raw)[role]


def _clean(norm: str, low: str, start: int) -> str | None:
    cut = _STOP.search(low, start)
    end = len(norm) if cut is None else cut.start()
    bare = _BARE_POSTFIX.search(low, start, end)
    if bare is not None and bare.start() > start:
        # "主办:A市人民政府 B中心承办": B中心 is the organizer's name, A市人民政府 the unit in charge.
        head = norm[start : bare.start()].rstrip(_EDGE)
        before, space, _ = head.rpartition(" ")
        end = start + len(before) if space and before.strip(_EDGE) else bare.start()
    # ("技术支持:某某中心(0795-8819792)": the closing parenthesis belongs to the name)
    name = _strip_edges(norm[start:end])
    if cut is not None and " " in name and norm[cut.start() - 1 : cut.start()] not in (" ", ""):
        head, _, last = name.rpartition(" ")
        if _GLUED_LABEL.match(low, cut.start()) and head.strip(_EDGE):
            # "运行维护:云南网 政务服务便民热线:12345": the words glued to a contact label are the label's own.
            name = head.strip(_EDGE)
    if cut is not None and " " in name and _COPYRIGHT_SIGN.match(low, cut.start()):
        head, _, last = name.rpartition(" ")
        if head.strip(_EDGE) and _ORG_END.search(last) and _looks_like_a_name(head.strip(_EDGE)):
            # "承办:宣传中心 北京市文化和旅游局 ©2021": the name before a copyright sign is the copyright's.
            name = head.strip(_EDGE)
    if cut is not None and cut.group().startswith("icp") and " " in name:
        # "China Telecom Sichuan Branch Sichuan ICP No.": the province word belongs to the ICP number.
        head, _, last = name.rpartition(" ")
        if by_english_name(last) is not None:
            name = head.strip(_EDGE)
    return name or None


def _strip_edges(text: str) -> str:
    """`text` without separators at its ends, but with a closing parenthesis that closes one inside the name
    ("中国知网(CNKI)", "某某中心(0795-8819792)")."""
    name = text.strip(_EDGE)
    if name.count("(") > name.count(")") and text[text.find(name) + len(name) :].startswith(")"):
        name += ")"
    return name


def _name_before(norm: str, low: str, end: int) -> str | None:
    """The name a postfix label at `end` names: the words after the last separator or label, the last one
    with Chinese characters, joined by earlier ones that end like an organisation ("中共某区委 某区人民政府")."""
    sign = _SIGN_AT_END.search(low, 0, end)
    if sign is not None:
        end = sign.start()  # "某某办公室 © 版权所有": the sign stands between the name and its label
    m = _NAME_START.match(low, 0, end)
    start = m.end() if m is not None else 0
    words = norm[start:end].strip(_EDGE).split(" ")
    if not words or not words[-1]:
        return None
    email = _EMAIL_AT_END.search(words[-1])
    if email is not None:
        # A contact e-mail between the name and its label is no part of the name: "某学院xbh1@ruc.edu.cn 版权所有",
        # "某学院 a@b.cn 版权所有".
        words[-1] = words[-1][: email.start()]
        if not words[-1]:
            words = words[:-1]
        if not words or not words[-1]:
            return None
    if not _has_cjk(words[-1]):
        # A name is Chinese, perhaps followed by its site's address, which is no part of it: "松花江网 shjnet.cn
        # 版权所有" names 松花江网.
        if len(words) < 2 or not _has_cjk(words[-2]) or not _DOMAIN.fullmatch(words[-1]):
            return None
        words = words[:-1]
    taken = [words[-1]]
    # After a colon the words before the last are the previous label's name ("主办:A市人民政府 B中心承办").
    earlier = words[:-1] if m is None or low[m.end() - 1] != ":" else []
    for word in reversed(earlier):
        if not _ORG_END.search(word):
            break
        taken.append(word)
    name = _DOING.sub("", " ".join(reversed(taken))).strip(_EDGE)
    head = _SENTENCE_HEAD.match(name)
    if head is not None and head.end() and _has_cjk(name[head.end() :]):
        name = name[head.end() :].strip(_EDGE)
    return name or None


def _looks_like_a_name(name: str) -> bool:
    # An organisation's name: its last word ends like one (Chinese), or it is written in Latin letters.
    last = name.rsplit(" ", 1)[-1]
    return _ORG_END.search(last) is not None or not _has_cjk(name)


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _has_name(text: str) -> bool:
    # A copyright line names someone only if it has a letter or a Chinese character (not "© 2024").
    return any(ch.isalpha() for ch in text)


# --- placeholders ---------------------------------------------------------------------------------------

# Whole values (case-folded, spaces and punctuation removed) that are template text, not a unit name.
# fmt: off
_PLACEHOLDER_VALUES = frozenset((
    "x", "xx", "xxx", "tbd", "tba", "na", "none", "null", "nil", "undefined", "unknown", "example", "sample",
    "test", "testing", "demo", "placeholder", "todo", "lorem", "loremipsum", "yourcompany", "companyname",
    "unitname", "organizationname", "yourorganization",
    "待定", "暂无", "无", "未知", "测试", "示例", "样例", "演示", "模板", "某某", "某单位", "某部门",
    "请输入", "请填写", "空", "单位名称", "主办单位名称", "承办单位名称", "运维单位名称",
))
# fmt: on
_PLACEHOLDER_PATTERNS = re.compile(
    # A run of template characters not inside an English word: "XXX单位", "XX市XX局", "××局", "****", "??".
    r"(?<![a-z])[x×*○□?]{2,}(?![a-z])"
    # A single x glued to Chinese: "x局", "X市人民政府".
    r"|(?<![a-z])x(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])x(?![a-z])"
    r"|某某|请输入|请填写|待补充|待定|lorem ipsum|\{\{|\}\}|\$\{|\{\$|%s"
    # Test/example words alone or with a generic noun: "测试单位", "示例公司", "test company", "Demo Org".
    r"|^(?:测试|示例|样例|演示|test|demo|example|sample)"
    r" ?(?:单位|公司|部门|机构|网站|unit|company|org|organi[sz]ation|department|site|website)?$",
)
_PUNCT_OR_SPACE = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=4096)  # unit names repeat on every page of a site
def is_placeholder_unit(name: str) -> bool:
    """Whether a unit name is template text rather than a real name.

    True for empty or punctuation-only names ("—", "/"), names without any letter or CJK character
    ("12345"), the fixed values XXX, TBD, N/A, none, example, test, 待定, 暂无, 测试, 示例, 某某, 单位名称…,
    runs of template characters ("XXX单位", "××局", "****"), a lone X glued to Chinese ("X市人民政府"), and
    template markers ("{{unit}}", "${name}"). A real name that merely contains 测试 (中国测试技术研究院) is
    not one.
    """
    folded = normalize(name).casefold()
    core = _PUNCT_OR_SPACE.sub("", folded)
    if not core or not any(ch.isalpha() for ch in core):
        return True
    if core in _PLACEHOLDER_VALUES:
        return True
    return _PLACEHOLDER_PATTERNS.search(folded) is not None


# --- government bodies -----------------------------------------------------------------------------------

# Decided here (DOMAIN.md gives no list), checked in this order:
# 1. company words mean "not a government body", whatever else the name says (a government body is never a
#    公司 / Co., Ltd. / Branch, while a company may well be named after a government programme);
# 2. strong markers: 人民政府/政府, 办公厅, 人大/人民代表大会, 政协, 法院, 检察院, 中共, 党委, 纪委, 监委,
#    管委会;
#    Government, General Office, Ministry, People's Congress, CPPCC/Political Consultative, Procuratorate,
#    Communist Party, CPC;
# 3. weaker markers: 委员会, 办公室, 办事处 or a 局/厅/委/署 anywhere, 部/办/处/司 at the end (司: a department
#    of a ministry, 财政部国库司; 公司 is a company word, caught first); Bureau,
#    Department, Commission, Committee, Administration, Office, Council, Court, Agency, Authority;
# 4. a 中心 / Center is a government body only with an administrative level (省/市/县/区/州/盟/旗/乡/镇/国家,
#    Provincial/Municipal/National/State/County/City/Prefecture/District/Government): "四川省大数据中心" and
#    "Sichuan Provincial Big Data Center" (government-run public institutions) count, "XX科技中心" does not.
_ZH_COMPANY = re.compile(r"公司|有限|集团|股份|俱乐部|工作室|商行|事务所")
_ZH_STRONG = re.compile(r"政府|办公厅|人大|人民代表大会|政协|法院|检察院|中共|党委|纪委|监委|管委会")
_ZH_WEAK = re.compile(r"委员会|办公室|办事处|[局厅委署]|[部办处司]$")
_ZH_CENTER = re.compile(r"(?:省|市|县|区|州|盟|旗|乡|镇|国家|自治区).*中心")
_EN_COMPANY = re.compile(
    r"\b(?:co|ltd|limited|inc|corp|corporation|company|llc|plc|branch|group|gmbh)\b", re.IGNORECASE
)
_EN_STRONG = re.compile(
    r"\b(?:government|general office|ministry|people['’]s congress|cppcc|political consultative"
    r"|procuratorate|communist party|cpc)\b",
    re.IGNORECASE,
)
_EN_WEAK = re.compile(
    r"\b(?:bureau|department|commission|committee|administration|office|council|court|agency|authority)\b",
    re.IGNORECASE,
)
_EN_CENTER = re.compile(
    r"\b(?:provincial|municipal|national|state|county|city|prefecture|district|government)\b.*\bcent(?:er|re)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def looks_like_government_body(name: str) -> bool:
    """Whether a unit name looks like a government body (heuristic; see the rules in the comment above).

    "四川省人民政府办公厅", "General Office of Sichuan Provincial People's Government", "四川省大数据中心"
    and "Sichuan Provincial Big Data Center" do; "中国电信股份有限公司四川分公司" and "China Telecom Sichuan
    Branch" do not.
    """
    text = normalize(name)
    if _ZH_COMPANY.search(text) or _EN_COMPANY.search(text):
        return False
    if _ZH_STRONG.search(text) or _EN_STRONG.search(text):
        return True
    if _ZH_WEAK.search(text) or _EN_WEAK.search(text):
        return True
    return _ZH_CENTER.search(text) is not None or _EN_CENTER.search(text) is not None
