"""Parse the ICP filing (备案) or licence (许可证) number out of footer text.

Chinese forms: `蜀ICP备13001288号`, `蜀ICP备13001288号-2`, `京ICP证000006号`, with spaces anywhere between the
parts, lowercase "icp", labels before it ("备案号：", "ICP备案号:"). English editions: "Sichuan ICP No.
13001288", "Sichuan ICP Record No. 2022018075-2", "Min ICP No. …", "ICP License No. …". The parser is
tolerant on purpose: a wrong prefix (川ICP备), a joke prefix (萌ICP备), a placeholder (XXXXXXXX) or a
missing 号 still give an `IcpNumber`, so the rules can say exactly what is wrong.
"""

from __future__ import annotations

import re
from typing import Literal

from validator.footer.normalize import (
    NUMBER_TOKENS,
    cjk_before,
    english_province,
    is_ascii_letter,
    join_number_groups,
    lower_aligned,
    normalize,
    words_before,
)
from validator.footer.values import FoundIn, IcpNumber, Language
from validator.provinces import ICP_ABBRS, PSB_ABBRS, Province, by_icp_abbr, by_psb_abbr

__all__ = ["parse_icp", "parse_icp_normalized"]

# The longest ICP number is 10 digits; space-separated groups are joined only up to that length unless 号
# closes the number.
_MAX_DIGITS = 10

# After the digits: an optional "-N" site suffix, before or (usually) after 号.
_TAIL = (
    r"(?: ?- ?(?P<sfx1>[0-9]{1,3})(?![0-9]))?"
    r"(?P<hao> ?号)?"
    r"(?: ?- ?(?P<sfx2>[0-9]{1,3})(?![0-9]))?"
)

# All patterns are matched against the lowercase copy of the text (see normalize.lower_aligned) and start
# with a literal, which the regex engine finds fast; the province abbreviation or English words before
# the match are looked up by position afterwards.

# `<abbr>ICP备<digits>号`. "ICP备案号：" / "ICP备案序号" is a label, recognised so the number after it is read.
# A dash between 备 and the digits ("苏ICP备-10229414") is a malformed number, still the one shown (F102).
_ICP_ZH = re.compile(r"icp ?(?P<kind>备|证)(?P<label>案序?号)? ?:? ?(?:- ?)?" + NUMBER_TOKENS + _TAIL)
# A bare label and number with no "ICP": "备案号：13001288号" (not after 安/关: that is the public security
# "公安机关备案号" / "公网安备案号").
_ICP_LABEL = re.compile(r"备案序?号 ?:? ?" + NUMBER_TOKENS + _TAIL)
# English: "ICP No.", "ICP Record No.", "ICP License No.". "Bei"/"Zheng" are 备/证 in pinyin; "Prepared" is a
# machine translation of 备. Up to four words before "ICP" may name the province ("Sichuan", "Inner
# Mongolia", "Guangxi Zhuang Autonomous Region").
_ICP_EN = re.compile(
    r"icp(?: (?P<pinyin>bei|zheng|prepared))?"
    r"(?: (?P<label>record|filing|registration|reg\.|license|licence|certificate|permit))?"
    r"(?: ?(?:no\.?|number|#))? ?:? ?" + NUMBER_TOKENS + _TAIL
)
_EN_HEAD_WORDS = 4
# A field holding only the number: "13001288号-1", "13001288".
_ICP_BARE = re.compile(NUMBER_TOKENS + _TAIL)
# A value-added telecom business licence number where the ICP number belongs (after an ICP or 备案 label, or in
# the record's icp field): "ICP备案号：粤B2-20050235",
# "ICP(互联网信息服务)备案号 黑B2-20131557-16": the province's licence-plate character, the business category
# (B1, B2, A…; "B" alone is seen), a dash and 8 digits (4-digit year + 4), sometimes "-N".
_TELECOM = re.compile(
    r"(?P<category>[ab][12]?) ?- ?(?P<digits>[0-9]{8})(?![0-9])(?: ?- ?(?P<sfx1>[0-9]{1,3})(?![0-9]))?(?P<hao> ?号)?"
)

_LICENCE_WORDS = frozenset({"license", "licence", "certificate", "permit", "zheng"})
# Characters that end a label rather than abbreviate a province: "备案号ICP备…" has no prefix.
_NOT_ABBR = frozenset("号码案备证")
# Words an English footer puts before "ICP" that are not a province ("China ICP No.", "Copyright ICP").
_NOT_PREFIX = frozenset(
    ("all", "and", "china", "code", "copyright", "filing", "no", "number", "of", "prc", "record", "reserved",
     "rights", "the", "website")
)  # fmt: skip

Kind = Literal["filing", "licence", "telecom-licence"]
# Licence numbers carry the licence-plate character (川B2-…), ICP numbers their own (蜀ICP备…).
_PLATE_ABBRS = frozenset(PSB_ABBRS | ICP_ABBRS)


def parse_icp(text: str, found_in: FoundIn = "field") -> IcpNumber | None:
    """The first ICP number in `text` (searched, not full-matched), or None when there is none.

    Chinese forms are preferred over English ones when both appear. `language` is the language of the
    number's own form: "ICP Filing: 京ICP备05070218号" is "zh". Unknown prefixes are kept with
    `provinces=()`; ambiguous pinyin ("Ji") gives several provinces.
    """
    return parse_icp_normalized(normalize(text), found_in)


def parse_icp_normalized(text: str, found_in: FoundIn = "field", *, allow_bare: bool = True) -> IcpNumber | None:
    """`parse_icp` on text that `normalize` has already produced (saves normalising twice).

    `allow_bare=False` ignores a text that is nothing but a number (used on the raw footer, where a lone
    number could be anything).
    """
    low = lower_aligned(text)
    if "icp" in low:
        m = _ICP_ZH.search(low)
        if m is not None:
            prefix, start = _chinese_prefix(text, m)
            provinces = _one(by_icp_abbr(prefix)) if prefix else ()
            kind: Kind = "licence" if m.group("kind") == "证" else "filing"
            return _build(m, text, start, prefix, provinces, kind, "zh", found_in)
        for m in _ICP_EN.finditer(low):
            if m.start() and is_ascii_letter(text[m.start() - 1]):
                continue  # "…xICP": not the word ICP
            abbr = text[m.start() - 1] if m.start() else ""
            if abbr in ICP_ABBRS or abbr in PSB_ABBRS:
                # "京ICP00000008号": a Chinese number without 备 (F102 says so)
                return _build(m, text, m.start() - 1, abbr, _one(by_icp_abbr(abbr)), "filing", "zh", found_in)
            prefix, provinces, start = _english_prefix(text, m.start())
            words = {w for w in (m.group("pinyin"), m.group("label")) if w}
            kind = "licence" if words & _LICENCE_WORDS else "filing"
            return _build(m, text, start, prefix, provinces, kind, "en", found_in)
    if "备案" in text:
        for m in _ICP_LABEL.finditer(low):
            if m.start() and text[m.start() - 1] in "安关":
                continue
            return _build(m, text, m.start(), "", (), "filing", "zh", found_in)
    if allow_bare or "icp" in low or "备案" in text:
        for m in _TELECOM.finditer(low):
            at = m.start() - 1
            if at >= 0 and text[at] in _PLATE_ABBRS:
                province = by_psb_abbr(text[at]) or by_icp_abbr(text[at])
                return _build(m, text, at, text[at], _one(province), "telecom-licence", "zh", found_in)
    m = _ICP_BARE.fullmatch(low) if allow_bare else None
    if m is not None:
        language: Language = "zh" if m.group("hao") else "en"
        return _build(m, text, 0, "", (), "filing", language, found_in)
    return None


def _one(province: Province | None) -> tuple[Province, ...]:
    return () if province is None else (province,)


def _chinese_prefix(text: str, m: re.Match[str]) -> tuple[str, int]:
    """The abbreviation before "ICP备" and where the number starts (at the abbreviation, or at "ICP")."""
    at = cjk_before(text, m.start())
    if at is None or text[at] in _NOT_ABBR:
        return "", m.start()
    abbr = text[at]
    # A character one space away, or before the "ICP备案号" label, is only a prefix when it is a real
    # abbreviation: in "中国电信 ICP备…" or "网站ICP备案号：…" the character belongs to the words before.
    spaced = at < m.start() - 1
    if (spaced or m.group("label")) and abbr not in ICP_ABBRS and abbr not in PSB_ABBRS:
        return "", m.start()
    return abbr, at


def _english_prefix(text: str, icp: int) -> tuple[str, tuple[Province, ...], int]:
    base = words_before(text, icp, _EN_HEAD_WORDS)
    head = text[base:icp]
    found = english_province(head, adjacent=True)
    if found is not None:
        start, end, provinces = found
        return head[start:end], provinces, base + start
    words = head.split()
    if words:
        last = words[-1]
        # An unknown capitalised word right before "ICP" is kept as the shown prefix ("Xyz ICP No.") so the
        # rule can name it; ordinary words are not a prefix.
        if last[0].isupper() and 2 <= len(last) <= 12 and last.casefold() not in _NOT_PREFIX:
            return last, (), base + head.rindex(last)
    return "", (), icp


def _build(
    m: re.Match[str],
    text: str,
    start: int,
    prefix: str,
    provinces: tuple[Province, ...],
    kind: Kind,
    language: Language,
    found_in: FoundIn,
) -> IcpNumber:
    # Positions come from the lowercase copy; values are read from the text as shown ("XXXXXXXX").
    d_start, d_end = m.span("digits")
    run = text[d_start:d_end]
    has_hao = m.group("hao") is not None
    digits, consumed = join_number_groups(run, _MAX_DIGITS, whole=has_hao)
    if consumed < len(run):
        # Later groups were another number; what followed them (号, -N) is not this number's.
        return IcpNumber(
            text[start : d_start + consumed], prefix, provinces, kind, digits, None, False, language, found_in
        )
    suffix = m.group("sfx1") or m.groupdict().get("sfx2")
    return IcpNumber(
        text[start : m.end()],
        prefix,
        provinces,
        kind,
        digits,
        int(suffix) if suffix is not None else None,
        has_hao,
        language,
        found_in,
    )
