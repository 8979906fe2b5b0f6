"""Small helpers the footer rule modules share (not rules themselves)."""

from __future__ import annotations

from validator.footer import footer_text
from validator.rules.base import RecordContext

GOV: frozenset[str] = frozenset({"gov"})
GOV_NEWS: frozenset[str] = frozenset({"gov", "news"})


def shown_text(ctx: RecordContext, field: str) -> str | None:
    """The footer field's text as given in the record, or None when absent or blank."""
    value = footer_text(ctx.footer_texts, field)  # the Footer model's projection, without building the model
    return value if value is not None and value.strip() else None


def field_path(field: str, found_in: str = "field") -> str:
    """JSON Pointer of where a footer value was read from (its own field, or the raw footer text)."""
    return "/footer/raw" if found_in == "raw" else f"/footer/{field}"


def quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
