"""The page's language: the declared tag when it is a language tag the text agrees with, else the text's.

`<html lang>` (or xml:lang, or the Content-Language meta tag) is checked against the IANA language subtag
registry (BCP 47, with the `langcodes` library): "utf-8", "gb2312" or "cn" are no language tags and are not
taken. A valid tag is compared with the script of the page's text: a page declared "en" whose text is Chinese
(or "zh" whose text is English) is taken in the language of its text, and the declaration is kept in the
evidence (`evidence.language`), where rule R006 reports it. Only the script can be told from the text, and
only English and the CJK-script languages are compared with it: a page declared "fr" is not contradicted.
"zh_CN" (common, not BCP 47) is read as "zh-CN".
"""

from __future__ import annotations

import functools
from typing import Any

from validator.sources.pages import detect_language

__all__ = ["Language", "is_language_tag", "read_language"]

# Languages written in the scripts `detect_language` calls "zh" (CJK ideographs and other three-byte scripts),
# and those it calls "en" (Latin letters): a declared language of one group contradicts text of the other.
_CJK_SCRIPT = frozenset(("zh", "ja", "ko", "yue", "wuu", "lzh", "cmn", "hak", "nan", "gan", "hsn", "cjy", "bo", "ii"))
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TAG_MAX = 64  # characters: longer is no language tag pav takes
_DECLARED_KEPT = 100  # characters of a declared value kept in the evidence (and R006's message)


class Language:
    """What was read: the record's language, and the declaration when it was not taken as it is."""

    __slots__ = ("declared", "detected", "line", "value")

    def __init__(self, value: str | None, line: int | None, declared: str | None, detected: str | None) -> None:
        self.value = value
        self.line = line
        self.declared = declared
        self.detected = detected

    def evidence(self) -> dict[str, Any] | None:
        """`evidence.language`: the declared tag and why it was not taken, or None when it was taken."""
        if self.declared is None or self.value == _normal(self.declared):
            return None
        declared = self.declared if len(self.declared) <= _DECLARED_KEPT else self.declared[:_DECLARED_KEPT] + "…"
        item: dict[str, Any] = {"declared": declared, "valid": is_language_tag(_normal(self.declared))}
        if self.detected is not None:
            item["detected"] = self.detected
        return item


def read_language(root: Any, meta_language: str | None, sample: str) -> Language:
    """The language of a page: its declared tag (<html lang>, xml:lang, else the Content-Language meta tag)
    unless that is no language tag or its text contradicts it; then the text's ("zh" or "en")."""
    raw = root.get("lang") or root.get(_XML_LANG)
    line = root.sourceline
    if not (raw and raw.strip()) and meta_language:
        raw, line = meta_language.split(",")[0], None
    declared = raw.strip() if raw and raw.strip() else None
    detected = detect_language(sample)
    if declared is None:
        return Language(detected, None, None, detected)
    tag = _normal(declared)
    if not is_language_tag(tag):
        return Language(detected, None, declared, detected)
    primary = tag.split("-", 1)[0].lower()
    if (primary in _CJK_SCRIPT and detected == "en") or (primary == "en" and detected == "zh"):
        return Language(detected, None, declared, detected)
    return Language(tag, line, declared, detected)


def _normal(tag: str) -> str:
    return tag.strip().replace("_", "-")


# Tags Chinese government and news sites declare on nearly every page, known valid without the registry:
# importing langcodes (its registry tables) is a large part of a one-page run's start-up (README, Performance:
# start-up). Lowercase (tags are case-insensitive); tests/test_html_fast_paths.py holds each to langcodes.
COMMON_TAGS = frozenset(
    ("zh", "zh-cn", "zh-hans", "zh-hans-cn", "zh-tw", "zh-hk", "zh-hant", "zh-hant-tw", "zh-hant-hk", "en",
     "en-us", "en-gb")
)  # fmt: skip


def is_language_tag(tag: str) -> bool:
    """Whether `tag` is a valid BCP 47 language tag (IANA registry subtags, well-formed)."""
    if not tag or len(tag) > _TAG_MAX or not tag.isascii():
        return False  # (before the cache: a page's 100,000-character "tag" is not kept in it)
    return tag.lower() in COMMON_TAGS or _registered(tag)


@functools.lru_cache(maxsize=512)  # a site declares one or two tags on every page
def _registered(tag: str) -> bool:
    import langcodes  # (imported on first use: a page run that declares no language never pays for it)

    try:
        return bool(langcodes.tag_is_valid(tag))
    except (ValueError, LookupError):
        return False
