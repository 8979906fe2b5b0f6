"""XML written as text: the package documents in the form lxml's pretty printer gives, without building trees.

The METS, PREMIS, Dublin Core and compliance documents are regular, so they are written from templates:
building them as lxml trees was most of the package's CPU time (README, Performance). The output is
byte for byte what `etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)` gives
for the same tree (tests/test_package_xml.py holds the two together): two-space indentation, `<a/>` for an
element with neither text nor children, `<a></a>` for empty text, libxml2's escapes. As lxml does, a value
that XML cannot hold (a control character, a lone surrogate) raises ValueError instead of being written;
callers clean text with `XmlText` first.
"""

from __future__ import annotations

import re

from validator.package.xmltext import NOT_XML_CLASS

DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"

# One search finds both what needs escaping and what cannot be written at all: the characters XML can hold,
# minus those to escape, as one negated class (a third of the time of an alternation of two classes).
_TEXT_SPECIAL = re.compile("[^\t\n\x20-\x25\x27-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTRIBUTE_SPECIAL = re.compile("[^\x20-\x21\x23-\x25\x27-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_XML = re.compile(NOT_XML_CLASS)
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)


def _refuse(value: str) -> None:
    if _NOT_XML.search(value) is not None:
        raise ValueError(f"text XML cannot hold: {value!r:.80}")


def text(value: str) -> str:
    """Element content, escaped as libxml2 escapes it."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    _refuse(value)
    return value.translate(_TEXT_ESCAPES)


def attribute(value: str) -> str:
    """An attribute value (to go between double quotes), escaped as libxml2 escapes it."""
    if _ATTRIBUTE_SPECIAL.search(value) is None:
        return value
    _refuse(value)
    return value.translate(_ATTRIBUTE_ESCAPES)


def attributes(pairs: tuple[tuple[str, str | None], ...] | list[tuple[str, str | None]]) -> str:
    """` name="value"` for each pair whose value is not None, in order."""
    rendered = ""
    for name, value in pairs:
        if value is not None:
            rendered += f' {name}="{attribute(value)}"'
    return rendered


def leaf(indent: str, tag: str, content: str | None, attrs: str = "") -> str:
    """One line: an element without children (`content` None: no text at all, so `<tag/>`)."""
    if content is None:
        return f"{indent}<{tag}{attrs}/>\n"
    return f"{indent}<{tag}{attrs}>{text(content)}</{tag}>\n"


def finish(parts: list[str]) -> bytes:
    return "".join(parts).encode("utf-8")
