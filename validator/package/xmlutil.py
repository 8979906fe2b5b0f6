"""Small lxml helpers shared by the document builders and the verifier."""

from __future__ import annotations

from lxml import etree


def safe_parser() -> etree.XMLParser:
    """How pav parses XML: no network, no entity expansion, no DTD loading, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def qname(namespace: str, local: str) -> str:
    return f"{{{namespace}}}{local}"


def sub(parent: etree._Element, tag: str, content: str | None = None, /, **attributes: str) -> etree._Element:
    """A child element with optional text content and attributes (keywords, Clark names allowed)."""
    element = etree.SubElement(parent, tag, attributes)
    if content is not None:
        element.text = content
    return element


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
