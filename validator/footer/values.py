"""Typed values of the footer fields, as the parsers in this package produce them.

A parser is tolerant: it returns a value for anything that looks like the field (so rules can say *what* is
wrong with it) and `None` only when the text holds nothing of the kind. Well-formedness is judged by rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from validator.provinces import Province

Language = Literal["zh", "en"]
FoundIn = Literal["field", "raw"]


@dataclass(frozen=True, slots=True)
class IcpNumber:
    """`<abbr>ICP备<digits>号[-N]` (filing) or `<abbr>ICP证<digits>号` (commercial licence)."""

    text: str  # the normalised text of the number as matched ("Sichuan ICP No. 13001288"), no surroundings
    prefix: str  # as shown: "蜀", "川" (wrong but shown), "Sichuan", "Min", "Ji"
    provinces: tuple[Province, ...]  # () unknown prefix, 1 resolved, >1 ambiguous pinyin (Ji, Jin, Yu)
    # filing 备案, licence ICP证, or telecom-licence: a value-added telecom business licence number (粤B2-20050235)
    # shown where the ICP number belongs
    kind: Literal["filing", "licence", "telecom-licence"]
    digits: str  # the digits as shown, letters kept (XXXXXXXX) so placeholders are visible
    site_suffix: int | None  # the N of "-N"
    has_hao: bool  # "号" present (Chinese form); always False in English editions
    language: Language
    found_in: FoundIn = "field"

    @property
    def province(self) -> Province | None:
        return self.provinces[0] if len(self.provinces) == 1 else None

    def format(self) -> str:
        """Canonical Chinese form, e.g. 蜀ICP备13001288号-2 (prefix as shown when unresolved)."""
        province = self.province
        abbr = province.icp_abbr if province is not None else self.prefix
        suffix = f"-{self.site_suffix}" if self.site_suffix is not None else ""
        if self.kind == "telecom-licence":
            return self.text  # not an ICP number: shown as it is
        mark = "证" if self.kind == "licence" else "备"
        return f"{abbr}ICP{mark}{self.digits}号{suffix}"


@dataclass(frozen=True, slots=True)
class PublicSecurityNumber:
    """`<abbr>公网安备<14 digits>号` (legacy 12 digits)."""

    text: str
    prefix: str  # "川", "京", "Sichuan", "" when no prefix is shown
    provinces: tuple[Province, ...]
    digits: str  # as shown; a legacy form keeps its dash ("500000012-00013")
    has_hao: bool
    language: Language
    found_in: FoundIn = "field"
    # current: <abbr>公网安备<digits>号; spaced-label: a space inside the word 公网安备 ("京公网安 备…");
    # odd-label: its words in another order ("湘公安网备号…"); legacy: an old system's form, 公网备 or a city's
    # 公备, or a dashed number ("渝公网备500000012-00013", "公安机关备案号：15081599004-00001")
    form: Literal["current", "spaced-label", "odd-label", "legacy"] = "current"

    @property
    def province(self) -> Province | None:
        return self.provinces[0] if len(self.provinces) == 1 else None

    def format(self) -> str:
        """Canonical Chinese form, e.g. 川公网安备51010402000507号 (prefix as shown when unresolved)."""
        province = self.province
        abbr = province.psb_abbr if province is not None else self.prefix
        return f"{abbr}公网安备{self.digits}号"

    @property
    def area_code(self) -> str:
        """Digits 1-6: usually a county-level GB/T 2260 code."""
        return self.digits[:6]


@dataclass(frozen=True, slots=True)
class SiteCode:
    """网站标识码: regional `^[1-8]\\d{9}$` (first two digits = province) or department `bm\\d{8}`."""

    text: str
    value: str  # the code as shown, e.g. "5100000062", "bm01000001", "510000006" (malformed)
    kind: Literal["regional", "department", "unknown"]
    province: Province | None  # for regional codes whose first two digits are a province code
    found_in: FoundIn = "field"


@dataclass(frozen=True, slots=True)
class ParsedFooter:
    """Every footer field parsed; `None` where the page shows nothing of that field."""

    icp: IcpNumber | None
    public_security: PublicSecurityNumber | None
    site_code: SiteCode | None
    unit_in_charge: str | None  # normalised unit names (label stripped)
    organizer: str | None
    operator: str | None
    copyright_holder: str | None
    tech_support: str | None
    label_language: Language | None  # language of the labels shown, None when no label is seen
