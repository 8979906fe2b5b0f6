"""Small helpers the footer rule modules share (not rules themselves)."""

from __future__ import annotations

GOV: frozenset[str] = frozenset({"gov"})
GOV_NEWS: frozenset[str] = frozenset({"gov", "news"})


def field_path(field: str, found_in: str = "field") -> str:
    """JSON Pointer of where a footer value was read from (its own field, or the raw footer text)."""
    return "/footer/raw" if found_in == "raw" else f"/footer/{field}"


def quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
