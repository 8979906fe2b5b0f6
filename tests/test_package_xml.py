"""The package documents are written as text (validator/package/xmlwrite.py): exactly what lxml would write."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import SAMPLES, valid_record, write_jsonl
from tests.test_package_jobs import serial
from validator.package import layout, xmlwrite

EMPTY_ELEMENT = re.compile(rb"<([\w:]+)((?: [\w:]+=\"[^\"]*\")*)></\1>")
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


def lxml_bytes(content: str | None, attributes: list[tuple[str, str]]) -> bytes:
    root = etree.Element("{urn:x}root", nsmap={"x": "urn:x"})
    child = etree.SubElement(root, "{urn:x}leaf")
    for name, value in attributes:
        child.set(name, value)
    if content is not None:
        child.text = content
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def text_bytes(content: str | None, attributes: list[tuple[str, str]]) -> bytes:
    rendered = xmlwrite.attributes([(name, value) for name, value in attributes])
    parts = [xmlwrite.DECLARATION, '<x:root xmlns:x="urn:x">\n']
    parts.append(xmlwrite.leaf("  ", "x:leaf", content, rendered))
    parts.append("</x:root>\n")
    return xmlwrite.finish(parts)


@given(st.one_of(st.none(), ANY_TEXT), st.lists(ANY_TEXT, max_size=3))
@example("a&<>\"'\t\n\r é \x85 \u2028 ]]> \U0001f600", ["a&<>\"'\t\n\r é", ""])
@example("", [])
@example("a\x00b", [])
@example("ok", ["\udc80"])
def test_text_and_attributes_are_escaped_as_lxml_escapes_them(content: str | None, values: list[str]) -> None:
    attributes = [(f"a{number}", value) for number, value in enumerate(values)]
    try:
        expected = lxml_bytes(content, attributes)
    except ValueError:  # lxml refuses text XML cannot hold (NUL, controls, lone surrogates): so does xmlwrite
        with pytest.raises(ValueError):
            text_bytes(content, attributes)
        return
    assert text_bytes(content, attributes) == expected


def test_every_package_document_is_what_lxml_writes_for_its_tree(tmp_path: Path) -> None:
    record = valid_record(id="x", title="a & b <c> \"d\" 'e'\r\n\tf \x00 \ud800", section="]]>", url="https://a/?b=&c")
    hostile = write_jsonl(tmp_path / "hostile.jsonl", [json.dumps(record)])  # ASCII JSON: the lone surrogate escaped
    out = tmp_path / "out"
    serial(out, [str(SAMPLES / "records"), str(SAMPLES / "pages"), str(SAMPLES / "crawl"), str(hostile)], "dir")
    documents = [layout.METS_FILE, layout.DC_FILE, layout.PREMIS_FILE, layout.COMPLIANCE_FILE]
    documents += [layout.REPRESENTATION_METS_FILE, layout.REPRESENTATION_PREMIS_FILE]
    checked = 0
    for package in (p for p in out.iterdir() if p.is_dir()):
        for document in documents:
            written = (package / layout.BAG_PAYLOAD / document).read_bytes()
            tree = etree.fromstring(written, etree.XMLParser(resolve_entities=False, no_network=True))
            # Parsing drops the difference between empty text and none: <a></a> comes back as <a/>.
            expected = EMPTY_ELEMENT.sub(rb"<\1\2/>", written)
            assert etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True) == expected
            checked += 1
    assert checked == 6 * 45  # 34 records of the samples, 6 pages, 4 WARC records, the hostile one
