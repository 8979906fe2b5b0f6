"""Unit names in the footer: 主办单位 (unit in charge), 承办单位 (organizer), 运行维护单位 (operator).

`parse_unit` reads a name from a field's text (label stripped); `find_units` / `find_unit` find the names in
the whole raw footer; `is_placeholder_unit` and `looks_like_government_body` are the heuristics the unit
rules use.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from validator.footer.normalize import first_char_guard, lower_aligned, normalize
from validator.provinces import ICP_ABBRS, PSB_ABBRS, by_english_name

__all__ = [
    "Role",
    "find_unit",
    "find_units",
    "is_placeholder_unit",
    "looks_like_government_body",
    "parse_unit",
]

Role = Literal["unit_in_charge", "organizer", "operator"]

# All label patterns are lowercase and matched against the lowercase copy of the text (see
# normalize.lower_aligned): a case-insensitive alternation is several times slower.

# Labels by role, Chinese and English, longest first so "主办单位" wins over "主办". In the raw footer the
# short Chinese labels and single English words need a colon, because without one they are ordinary words.
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
        "运行维护单位", "网站运维单位", "运维单位", "运维 ?:",
        "website operation and maintenance", "operation and maintenance", "operated by", "maintained by",
    ),
    # 技术支持 (technical support) is usually a vendor, not the operator: used only when no operator label
    # is found.
    "support": ("技术支持单位", "技术支持 ?:", "technical support ?:", "technical support by"),
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
    r"|技术支持单位|技术支持"
    r"|unit in charge|sponsored by|sponsor|hosted by|host|organi[sz]ed by|organi[sz]er|undertaken by"
    r"|undertaker|website operation and maintenance|operation and maintenance|operated by|maintained by"
    r"|technical support by|technical support)"
    r"(?: ?:|(?=[ \u3400-\u9fff])|$) ?"
)

# Where a unit name ends when more footer text follows it: the next label, a filing number, contact
# details or the copyright line. English words are matched at word starts only (`\b` fails fast inside a
# word, which keeps the search cheap); Chinese labels, and "ICP" which is often glued to Chinese text, sit
# behind a first-character guard.
_STOP_EN = (
    *(alt for alt in _ALL_ROLE_LABELS if alt.isascii()),
    "copyright", "all rights reserved", "e-?mail ?:",
    "website identification code", "site identification code",
    "public security", "internet security", "network security",
    "address ?:", "tel ?:", "telephone ?:", "fax ?:", "postcode ?:", "zip code ?:",
)  # fmt: skip
_STOP_ZH = (
    *(alt for alt in _ALL_ROLE_LABELS if not alt.isascii()),
    "icp", "公网安备", "网站标识[码号]", "公安机关备案", "备案序?号", "版权所有", "©",
    "地址 ?:", "电话 ?:", "联系电话", "邮编 ?:", "邮政编码", "传真 ?:", "联系我们",
)  # fmt: skip
# A filing number glued after a name takes its province abbreviation with it: "…办公厅蜀ICP备…".
_ABBRS = "".join(sorted(ICP_ABBRS | PSB_ABBRS))
_STOP = re.compile(
    rf"\b(?:{'|'.join(_STOP_EN)})"
    + "|"
    + first_char_guard(_STOP_ZH, extra=_ABBRS + "|")
    + rf"(?:[{_ABBRS}] ?(?:icp|公网安备)|{'|'.join(_STOP_ZH)}|\|)"
)
# Separators left around a name once labels and neighbours are cut off.
_EDGE = " |;,:、·/"


def parse_unit(text: str) -> str | None:
    """The unit name a footer field shows, normalised, without its label; None when nothing is left.

    "主办单位：四川省人民政府办公厅" -> "四川省人民政府办公厅";
    "Unit in Charge: General Office of …" -> "General Office of …". Text glued after the name (the next
    label, an ICP number) is cut off.
    """
    norm = normalize(text)
    low = lower_aligned(norm)
    m = _LEADING_LABEL.match(low)
    return _clean(norm, low, m.end() if m is not None else 0)


def find_units(raw: str) -> dict[Role, str | None]:
    """The unit name labelled for each role in the raw footer text (None where no label is found).

    Lines are searched one by one (a line break ends a name); within a line a name ends at the next label,
    filing number or contact detail. The first labelled, non-empty name of a role wins. For the operator,
    技术支持 / "Technical Support" is the fallback.
    """
    found: dict[str, str] = {}
    for line in raw.splitlines():
        norm = normalize(line)
        if not norm:
            continue
        low = lower_aligned(norm)
        for m in _ANY_ROLE_LABEL.finditer(low):
            role = m.lastgroup
            if role is None or role in found:
                continue
            name = _clean(norm, low, m.end())
            if name is not None:
                found[role] = name
        if "unit_in_charge" in found and "organizer" in found and "operator" in found:
            break  # the rest of the footer (numbers, copyright) holds no more names
    return {
        "unit_in_charge": found.get("unit_in_charge"),
        "organizer": found.get("organizer"),
        "operator": found.get("operator") or found.get("support"),
    }


def find_unit(raw: str, role: Role) -> str | None:
    """The name labelled for `role` in the raw footer text, or None (see `find_units`)."""
    return find_units(raw)[role]


def _clean(norm: str, low: str, start: int) -> str | None:
    cut = _STOP.search(low, start)
    if cut is None:
        return norm[start:].strip(_EDGE) or None
    name = norm[start : cut.start()].strip(_EDGE)
    if cut.group().startswith("icp") and " " in name:
        # "China Telecom Sichuan Branch Sichuan ICP No.": the province word belongs to the ICP number.
        head, _, last = name.rpartition(" ")
        if by_english_name(last) is not None:
            name = head.strip(_EDGE)
    return name or None


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
# 3. weaker markers: 委员会, 办公室, 办事处 or a 局/厅/委/署 anywhere, 部/办/处 at the end; Bureau,
#    Department, Commission, Committee, Administration, Office, Council, Court, Agency, Authority;
# 4. a 中心 / Center is a government body only with an administrative level (省/市/县/区/州/盟/旗/乡/镇/国家,
#    Provincial/Municipal/National/State/County/City/Prefecture/District/Government): "四川省大数据中心" and
#    "Sichuan Provincial Big Data Center" (government-run public institutions) count, "XX科技中心" does not.
_ZH_COMPANY = re.compile(r"公司|有限|集团|股份|俱乐部|工作室|商行|事务所")
_ZH_STRONG = re.compile(r"政府|办公厅|人大|人民代表大会|政协|法院|检察院|中共|党委|纪委|监委|管委会")
_ZH_WEAK = re.compile(r"委员会|办公室|办事处|[局厅委署]|[部办处]$")
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
