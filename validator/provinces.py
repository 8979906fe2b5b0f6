"""The 31 provincial-level divisions of mainland China, as the footer filing numbers refer to them.

Each province has a GB/T 2260 code (the first two digits of public-security numbers and regional site
codes), an ICP abbreviation (the character before "ICP备") and a public-security abbreviation (the
character before "公网安备"). The two abbreviations differ for three provinces: Sichuan 蜀/川, Guizhou 黔/贵,
Gansu 陇/甘.

English editions write the province name ("Sichuan ICP No.") or the pinyin of an abbreviation ("Min ICP
No."). Pinyin is ambiguous: Ji (冀 Hebei, 吉 Jilin), Jin (津 Tianjin, 晋 Shanxi), Yu (渝 Chongqing, 豫 Henan),
and also Gan (赣 Jiangxi, 甘 Gansu) and Gui (桂 Guangxi, 贵 Guizhou); `by_english` returns every candidate.

All look-ups are dictionaries built once at import: footer parsing calls them for every record.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ENGLISH_NAME_FIRST_WORDS",
    "ICP_ABBRS",
    "PROVINCES",
    "PSB_ABBRS",
    "Province",
    "by_code",
    "by_english",
    "by_english_name",
    "by_icp_abbr",
    "by_psb_abbr",
]


@dataclass(frozen=True, slots=True)
class Province:
    """One provincial-level division (province, autonomous region or municipality)."""

    code: str  # GB/T 2260 two-digit code, e.g. "51"
    icp_abbr: str  # abbreviation in ICP numbers, e.g. "蜀"
    psb_abbr: str  # abbreviation in public-security numbers, e.g. "川"
    name_zh: str  # short Chinese name, e.g. "四川"
    name_en: str  # English name, e.g. "Sichuan" (Shanxi 14 and Shaanxi 61 differ by one letter)
    pinyin: tuple[str, ...]  # pinyin of the ICP and PSB abbreviations as English editions write them


PROVINCES: tuple[Province, ...] = (
    Province("11", "京", "京", "北京", "Beijing", ("Jing",)),
    Province("12", "津", "津", "天津", "Tianjin", ("Jin",)),
    Province("13", "冀", "冀", "河北", "Hebei", ("Ji",)),
    Province("14", "晋", "晋", "山西", "Shanxi", ("Jin",)),
    Province("15", "蒙", "蒙", "内蒙古", "Inner Mongolia", ("Meng",)),
    Province("21", "辽", "辽", "辽宁", "Liaoning", ("Liao",)),
    Province("22", "吉", "吉", "吉林", "Jilin", ("Ji",)),
    Province("23", "黑", "黑", "黑龙江", "Heilongjiang", ("Hei",)),
    Province("31", "沪", "沪", "上海", "Shanghai", ("Hu",)),
    Province("32", "苏", "苏", "江苏", "Jiangsu", ("Su",)),
    Province("33", "浙", "浙", "浙江", "Zhejiang", ("Zhe",)),
    Province("34", "皖", "皖", "安徽", "Anhui", ("Wan",)),
    Province("35", "闽", "闽", "福建", "Fujian", ("Min",)),
    Province("36", "赣", "赣", "江西", "Jiangxi", ("Gan",)),
    Province("37", "鲁", "鲁", "山东", "Shandong", ("Lu",)),
    Province("41", "豫", "豫", "河南", "Henan", ("Yu",)),
    Province("42", "鄂", "鄂", "湖北", "Hubei", ("E",)),
    Province("43", "湘", "湘", "湖南", "Hunan", ("Xiang",)),
    Province("44", "粤", "粤", "广东", "Guangdong", ("Yue",)),
    Province("45", "桂", "桂", "广西", "Guangxi", ("Gui",)),
    Province("46", "琼", "琼", "海南", "Hainan", ("Qiong",)),
    Province("50", "渝", "渝", "重庆", "Chongqing", ("Yu",)),
    Province("51", "蜀", "川", "四川", "Sichuan", ("Shu", "Chuan")),
    Province("52", "黔", "贵", "贵州", "Guizhou", ("Qian", "Gui")),
    Province("53", "滇", "滇", "云南", "Yunnan", ("Dian",)),
    Province("54", "藏", "藏", "西藏", "Tibet", ("Zang",)),
    Province("61", "陕", "陕", "陕西", "Shaanxi", ("Shaan",)),
    Province("62", "陇", "甘", "甘肃", "Gansu", ("Long", "Gan")),
    Province("63", "青", "青", "青海", "Qinghai", ("Qing",)),
    Province("64", "宁", "宁", "宁夏", "Ningxia", ("Ning",)),
    Province("65", "新", "新", "新疆", "Xinjiang", ("Xin",)),
)

# Other English names in official use (the pinyin of the full name), keyed to the province code.
_EXTRA_ENGLISH_NAMES: dict[str, tuple[str, ...]] = {
    "15": ("Nei Mongol", "Neimenggu"),
    "54": ("Xizang",),
}

# Guizhou's public-security numbers are also seen with 黔 (its ICP abbreviation); DOMAIN.md lists both.
_EXTRA_PSB_ABBRS: dict[str, str] = {"黔": "52"}


def _fold(word: str) -> str:
    # Case- and spacing-insensitive key: "inner  MONGOLIA" and "Inner Mongolia" are the same name.
    return " ".join(word.split()).casefold()


_BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}
_BY_ICP: dict[str, Province] = {p.icp_abbr: p for p in PROVINCES}
_BY_PSB: dict[str, Province] = {p.psb_abbr: p for p in PROVINCES}
_BY_PSB.update({abbr: _BY_CODE[code] for abbr, code in _EXTRA_PSB_ABBRS.items()})

_BY_NAME_EN: dict[str, Province] = {_fold(p.name_en): p for p in PROVINCES}
for _code, _names in _EXTRA_ENGLISH_NAMES.items():
    _BY_NAME_EN.update({_fold(n): _BY_CODE[_code] for n in _names})

_by_english_lists: dict[str, list[Province]] = {key: [p] for key, p in _BY_NAME_EN.items()}
for _p in PROVINCES:
    for _py in _p.pinyin:
        _candidates = _by_english_lists.setdefault(_fold(_py), [])
        if _p not in _candidates:
            _candidates.append(_p)
# Tuples in table order (by code), so ambiguous results are stable: Ji -> (Hebei, Jilin).
_BY_ENGLISH: dict[str, tuple[Province, ...]] = {
    key: tuple(sorted(ps, key=lambda p: p.code)) for key, ps in _by_english_lists.items()
}
del _by_english_lists

# First words of the English names that have several ("inner" of Inner Mongolia, "nei" of Nei Mongol), so a
# parser walking words one by one tries a two-word name only where one can start.
ENGLISH_NAME_FIRST_WORDS: frozenset[str] = frozenset(key.split(" ")[0] for key in _BY_NAME_EN if " " in key)

ICP_ABBRS: frozenset[str] = frozenset(_BY_ICP)
PSB_ABBRS: frozenset[str] = frozenset(_BY_PSB)  # includes 黔, which by_psb_abbr accepts for Guizhou


def by_code(code: str) -> Province | None:
    """The province with GB/T 2260 code `code` ("51"), or None."""
    return _BY_CODE.get(code)


def by_icp_abbr(ch: str) -> Province | None:
    """The province whose ICP abbreviation is `ch` ("蜀" -> Sichuan). "川" is not one: it returns None."""
    return _BY_ICP.get(ch)


def by_psb_abbr(ch: str) -> Province | None:
    """The province whose public-security abbreviation is `ch` ("川" -> Sichuan; "贵" and "黔" -> Guizhou)."""
    return _BY_PSB.get(ch)


def by_english(word: str) -> tuple[Province, ...]:
    """Provinces an English word may mean, case-insensitively: the English name or an abbreviation's pinyin.

    Returns () for an unknown word and several provinces for ambiguous pinyin ("Ji" -> Hebei, Jilin).
    Suffixes such as "Province" or "Municipality" are not stripped here; callers strip them.
    """
    # Fast path: a single word (the usual call, from the footer parsers) needs no whitespace folding.
    found = _BY_ENGLISH.get(word.casefold())
    if found is None and not word.isalpha():
        found = _BY_ENGLISH.get(_fold(word))
    return found or ()


def by_english_name(word: str) -> Province | None:
    """The province whose English name (or official alternative such as "Xizang") is `word`; no pinyin."""
    found = _BY_NAME_EN.get(word.casefold())
    if found is None and not word.isalpha():
        found = _BY_NAME_EN.get(_fold(word))
    return found
