"""metadata/descriptive/dc.xml: the page described in Dublin Core.

title, identifier (the page URL), publisher (the unit in charge, 主办单位), contributor (the organizer,
承办单位), dcterms:issued (publication time, typed W3CDTF when it is a valid date-time), language, subject
(the site section), type (DCMI Text) and format (the media type of the original bytes). Fields the record
does not have are left out. The container element is pav's (schemas/pav-dc.xsd); the elements are DCMI's.
"""

from __future__ import annotations

import re

from lxml import etree

from validator.package.capture import Capture, shown
from validator.package.layout import DC_NS, DCTERMS_NS, PAV_DC_NS, XML_NS, XSI_NS
from validator.package.xmltext import XmlText
from validator.package.xmlutil import qname, serialize, sub

_XML_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_PLAIN_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")
_NSMAP = {"pavdc": PAV_DC_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "xsi": XSI_NS}
_XSI_TYPE = qname(XSI_NS, "type")


def build_dc(capture: Capture, text: XmlText) -> bytes:
    root = etree.Element(qname(PAV_DC_NS, "record"), nsmap=_NSMAP)
    data = capture.data
    language = shown(data.get("language"))

    title = shown(data.get("title"))
    if title is not None:
        element = sub(root, qname(DC_NS, "title"), text(title, "/title"))
        if language is not None and _XML_LANG.fullmatch(language):
            element.set(qname(XML_NS, "lang"), language)
    url = capture.url
    if url is not None:
        element = sub(root, qname(DC_NS, "identifier"), text(url, "/url"))
        if _PLAIN_URI.fullmatch(url):
            element.set(_XSI_TYPE, "dcterms:URI")
    footer = capture.footer
    publisher = footer.unit_in_charge
    if publisher:
        sub(root, qname(DC_NS, "publisher"), text(publisher, "/footer/unit_in_charge (parsed)"))
    if footer.organizer:
        sub(root, qname(DC_NS, "contributor"), text(footer.organizer, "/footer/organizer (parsed)"))
    published = capture.record.published_at
    if published is not None:
        sub(root, qname(DCTERMS_NS, "issued"), published.isoformat(), **{_XSI_TYPE: "dcterms:W3CDTF"})
    else:
        published_text = shown(data.get("published_at"))
        if published_text is not None:
            sub(root, qname(DCTERMS_NS, "issued"), text(published_text, "/published_at"))
    if language is not None:
        sub(root, qname(DC_NS, "language"), text(language, "/language"))
    section = shown(data.get("section"))
    if section is not None:
        sub(root, qname(DC_NS, "subject"), text(section, "/section"))
    sub(root, qname(DC_NS, "type"), "Text", **{_XSI_TYPE: "dcterms:DCMIType"})
    sub(root, qname(DC_NS, "format"), capture.media_type, **{_XSI_TYPE: "dcterms:IMT"})
    return serialize(root)
