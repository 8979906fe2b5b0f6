"""Text that XML 1.0 can hold.

XML 1.0 allows TAB, LF, CR and the characters from U+0020 except the surrogates and U+FFFE/U+FFFF. A record
may hold others (a NUL in a title, a lone surrogate from a JSON escape, a form feed in a footer). Each is
replaced by U+FFFD, and every replacement is remembered per field, so the package can say what it changed
(PREMIS event "metadata modification" and compliance.xml <textRepairs>); the original bytes are kept
untouched in representations/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOT_XML_CLASS = "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"  # a character XML 1.0 cannot hold
_NOT_XML = re.compile(NOT_XML_CLASS)
REPLACEMENT = "\ufffd"


@dataclass(frozen=True, slots=True)
class Repair:
    """Characters replaced in one field."""

    field: str  # a JSON Pointer into the record, or a name such as "source location"
    code_points: tuple[str, ...]  # distinct, in order of first appearance, as "U+0000"
    count: int


class XmlText:
    """Cleans text for XML and keeps the list of repairs (one entry per field, however often it is used)."""

    def __init__(self) -> None:
        self._repairs: dict[str, Repair] = {}

    def __call__(self, value: str, field: str) -> str:
        if _NOT_XML.search(value) is None:
            return value
        found = _NOT_XML.findall(value)
        if field not in self._repairs:
            points = tuple(dict.fromkeys(f"U+{ord(char):04X}" for char in found))
            self._repairs[field] = Repair(field, points, len(found))
        return _NOT_XML.sub(REPLACEMENT, value)

    @property
    def repairs(self) -> tuple[Repair, ...]:
        return tuple(self._repairs.values())


def is_xml_text(value: str) -> bool:
    return _NOT_XML.search(value) is None


def tag_value(value: str) -> str:
    """A bag-info.txt value: one line, no control characters, encodable as UTF-8."""
    cleaned = _NOT_XML.sub(REPLACEMENT, value)
    return " ".join(cleaned.split())
