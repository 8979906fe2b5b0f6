"""How pav parses XML (the verifier; the package documents are written as text, see xmlwrite.py)."""

from __future__ import annotations

from lxml import etree


def safe_parser() -> etree.XMLParser:
    """How pav parses XML: no network, no entity expansion, no DTD loading, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
