"""Small helpers the footer rule modules share (not rules themselves)."""

from __future__ import annotations

from collections.abc import Sequence

from validator.i18n import CHINESE, _, current_language
from validator.provinces import Province

GOV: frozenset[str] = frozenset({"gov"})
GOV_NEWS: frozenset[str] = frozenset({"gov", "news"})


def field_path(field: str, found_in: str = "field") -> str:
    """JSON Pointer of where a footer value was read from (its own field, or the raw footer text)."""
    return "/footer/raw" if found_in == "raw" else f"/footer/{field}"


def or_list(items: Sequence[str]) -> str:
    """ "6 or 8", "6, 8 or 10" (in Chinese "6、8 或 10")."""
    if len(items) == 1:
        return items[0]
    return _("{items} or {last}").format(items=_(", ").join(items[:-1]), last=items[-1])


def province_name(province: Province) -> str:
    """The province's name in the current language: "Sichuan", "四川"."""
    return province.name_zh if current_language() == CHINESE else province.name_en


def quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
