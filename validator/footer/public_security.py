"""Parse the public-security filing number (公安机关备案号) out of footer text.

Chinese forms: `川公网安备51010402000507号`, `公网安备11010202000001号` (no prefix),
`贵公网安备 52010202003658 号`, `公安机关备案号：51010402000507`. English editions: "Sichuan Public Security
Record No. …", "… Internet Security Record No. …", "Sichuan Computer Information Network and Internet
Security Record No. …", "Beijing Public Security Network Record No. …", pinyin "Chuan Gong Wang An Bei …".

Every consecutive digit is captured: a 19-digit glued number (5101040200050710897) reaches the rules whole,
to be reported as malformed rather than silently cut to 14 digits.
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
from validator.footer.values import FoundIn, Language, PublicSecurityNumber
from validator.provinces import ICP_ABBRS, PSB_ABBRS, Province, by_psb_abbr

__all__ = ["parse_public_security", "parse_public_security_normalized"]

# 14 digits (legacy 12); space-separated groups are joined up to 14 unless 号 closes the number.
_MAX_DIGITS = 14

Form = Literal["current", "spaced-label", "odd-label", "legacy"]

_HAO = r"(?P<hao> ?号)?"

# Matched against the lowercase copy of the text, starting at a literal (see icp.py for why).
# `<abbr>公网安备<digits>号`; "公网安备案号：" is the label form of the same thing.
# (Spaces inside the word 公网安备 are read, and reported: "京公网安 备11010202008266号".)
_PSB_ZH = re.compile(r"(?P<word>公 ?网 ?安 ?备)(?P<label>案?号)? ?:? ?" + NUMBER_TOKENS + _HAO)
# The legacy form: "渝公网备500000012-00013" (9 digits, a dash, 5 digits).
# ("郑公备" is the old Zhengzhou city form.)
_PSB_LEGACY = re.compile(r"公网?备(?:案号)? ?:? ?(?P<digits>[0-9]{6,14}(?: ?- ?[0-9]{1,6})?)(?![0-9])" + _HAO)
# A label with the words of 公网安备 in another order: "湘公安网备号43010402000231".
_PSB_ODD = re.compile(r"(?P<word>公安网备)(?P<label>案?号)? ?:? ?" + NUMBER_TOKENS + _HAO)
# After any label, a number followed by a dash and more digits is an old system's dashed form.
_DASHED_TAIL = re.compile(r" ?- ?[0-9]{1,6}(?![0-9])")
_PSB_LABEL = re.compile(r"(?:公安机关|公安部|公安|网安)备案(?:编)?号 ?:? ?" + NUMBER_TOKENS + _HAO)
# English: "Security" (or pinyin "Gong (Wang) An"), up to two more words ("Public Security Network
# Record"), then Record/Filing/Registration/Bei and the number. The province is looked up among the (up to
# eight) words before "Security": "Sichuan Computer Information Network and Internet Security Record No.".
_PSB_EN = re.compile(
    r"(?:security|gong ?(?:wang ?)?an)(?: [a-z]+){0,2}? (?:record|filing|registration|bei)"
    r"(?: ?(?:no\.?|number))? ?:? ?" + NUMBER_TOKENS + _HAO
)
_EN_HEAD_WORDS = 8
_PSB_BARE = re.compile(NUMBER_TOKENS + _HAO)

_NOT_ABBR = frozenset("号码案备证")


def parse_public_security(text: str, found_in: FoundIn = "field") -> PublicSecurityNumber | None:
    """The first public-security filing number in `text` (searched), or None when there is none.

    Chinese forms are preferred over English ones. The prefix is kept as shown ("川", "Sichuan", "" when
    none); `provinces` is () for an unknown prefix. A field holding only digits is read as the number.
    """
    return parse_public_security_normalized(normalize(text), found_in)


def parse_public_security_normalized(
    text: str, found_in: FoundIn = "field", *, allow_bare: bool = True
) -> PublicSecurityNumber | None:
    """`parse_public_security` on text that `normalize` has already produced; see `parse_icp_normalized`."""
    low = lower_aligned(text)
    m = _PSB_ZH.search(low) if "安" in text and "备" in text else None
    if m is not None:
        prefix, start = _chinese_prefix(text, m)
        province = by_psb_abbr(prefix) if prefix else None
        provinces: tuple[Province, ...] = (province,) if province is not None else ()
        form: Form = "spaced-label" if " " in m.group("word") else "current"
        return _build(m, text, start, prefix, provinces, "zh", found_in, form)
    m = _PSB_ODD.search(low) if "公安网备" in text else None
    if m is not None:
        prefix, start = _chinese_prefix(text, m)
        province = by_psb_abbr(prefix) if prefix else None
        return _build(m, text, start, prefix, (province,) if province is not None else (), "zh", found_in, "odd-label")
    m = _PSB_LEGACY.search(low) if "公网备" in text or "公备" in text else None
    if m is not None:
        prefix, start = _chinese_prefix(text, m)
        province = by_psb_abbr(prefix) if prefix else None
        return PublicSecurityNumber(
            text[start : m.end()],
            prefix,
            (province,) if province is not None else (),
            m.group("digits").replace(" ", ""),
            m.group("hao") is not None,
            "zh",
            found_in,
            "legacy",
        )
    if "security" in low or "gong" in low:
        for m in _PSB_EN.finditer(low):
            kw = m.start()
            if kw and is_ascii_letter(text[kw - 1]):
                continue  # "Cybersecurity": not the word
            base = words_before(text, kw, _EN_HEAD_WORDS)
            found = english_province(text[base:kw], adjacent=False)
            if found is None:
                return _build(m, text, kw, "", (), "en", found_in)
            start, end, provinces = found
            return _build(m, text, base + start, text[base + start : base + end], provinces, "en", found_in)
    m = _PSB_LABEL.search(low) if "备案" in text else None
    if m is not None:
        return _build(m, text, m.start(), "", (), "zh", found_in)
    m = _PSB_BARE.fullmatch(low) if allow_bare else None
    if m is not None:
        return _build(m, text, 0, "", (), "zh" if m.group("hao") else "en", found_in)
    return None


def _chinese_prefix(text: str, m: re.Match[str]) -> tuple[str, int]:
    """The abbreviation before "公网安备" and where the number starts (see icp._chinese_prefix)."""
    at = cjk_before(text, m.start())
    if at is None or text[at] in _NOT_ABBR:
        return "", m.start()
    abbr = text[at]
    spaced = at < m.start() - 1
    if (spaced or m.groupdict().get("label")) and abbr not in PSB_ABBRS and abbr not in ICP_ABBRS:
        return "", m.start()
    return abbr, at


def _build(
    m: re.Match[str],
    text: str,
    start: int,
    prefix: str,
    provinces: tuple[Province, ...],
    language: Language,
    found_in: FoundIn,
    form: Form = "current",
) -> PublicSecurityNumber:
    d_start, d_end = m.span("digits")
    run = text[d_start:d_end]
    has_hao = m.group("hao") is not None
    if not has_hao and " " not in run and (tail := _DASHED_TAIL.match(text, d_end)) is not None:
        # "公安机关备案号：15081599004-00001", "京公网安备:110102003042-1": an old system's dashed number
        digits = run + tail.group().replace(" ", "")
        end = tail.end()
        hao = text.startswith("号", end) or text.startswith(" 号", end)
        return PublicSecurityNumber(text[start:end], prefix, provinces, digits, hao, language, found_in, "legacy")
    digits, consumed = join_number_groups(run, _MAX_DIGITS, whole=has_hao)
    if consumed < len(run):
        end = d_start + consumed
        return PublicSecurityNumber(text[start:end], prefix, provinces, digits, False, language, found_in, form)
    return PublicSecurityNumber(text[start : m.end()], prefix, provinces, digits, has_hao, language, found_in, form)
