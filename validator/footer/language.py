"""Which language a footer's labels are written in (an English edition should not show Chinese labels)."""

from __future__ import annotations

import re

from validator.footer.normalize import lower_aligned, normalize
from validator.footer.values import Language

__all__ = ["label_language", "label_language_normalized"]

# Chinese labels, and the Chinese number forms (ICP备, 公网安备) which act as labels. Matched, like the English
# ones, against the lowercase copy of the text: a case-insensitive alternation is several times slower.
_ZH = re.compile(r"主办|承办|运行维护单位|运维单位|技术支持|网站标识[码号]|icp ?[备证]|公网安备|公安机关备案|备案序?号")
_EN = re.compile(
    r"\b(?=[uosweitr])(?:unit in charge|sponsor(?:ed by)?|organi[sz](?:er|ed by)|website operation and maintenance"
    r"|operation and maintenance|technical support|(?:website|site) identification code"
    r"|icp(?: (?:record|filing|registration|license|licence|certificate))? no\b|icp filing|record no\b)"
)


def label_language(text: str) -> Language | None:
    """The language ("zh" or "en") most of the footer's labels are in; None when no label is seen or the
    labels are evenly split.

    Counts Chinese labels (主办单位, 网站标识码, ICP备, 公网安备 …) against English ones ("Unit in Charge",
    "ICP No.", "Record No.", "Website Identification Code" …). An even split ("ICP Filing: 京ICP备…", or one
    English ICP number beside a Chinese public-security number) says nothing reliable, hence None.
    """
    return label_language_normalized(normalize(text))


def label_language_normalized(text: str) -> Language | None:
    """`label_language` on text that `normalize` has already produced."""
    low = lower_aligned(text)
    zh = _count(_ZH, low) if not text.isascii() else 0
    en = _count(_EN, low)
    if zh == en:
        return None
    return "zh" if zh > en else "en"


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))
