"""metadata/descriptive/dc.xml: the page described in Dublin Core.

title, identifier (the page URL), publisher (the unit in charge, 主办单位), contributor (the organizer,
承办单位), dcterms:issued (publication time, typed W3CDTF when it is a valid date-time), language, subject
(the site section), type (DCMI Text) and format (the media type of the original bytes). Fields the record
does not have are left out. The container element is pav's (schemas/pav-dc.xsd); the elements are DCMI's.
"""

from __future__ import annotations

import re

from validator.package.capture import Capture, shown
from validator.package.layout import DC_NS, DCTERMS_NS, PAV_DC_NS, XSI_NS
from validator.package.xmltext import XmlText
from validator.package.xmlwrite import DECLARATION, attribute, finish, leaf

_XML_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_PLAIN_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")
_ROOT = (
    f'<pavdc:record xmlns:pavdc="{PAV_DC_NS}" xmlns:dc="{DC_NS}" xmlns:dcterms="{DCTERMS_NS}" xmlns:xsi="{XSI_NS}">\n'
)
_I = "  "


def build_dc(capture: Capture, text: XmlText) -> bytes:
    parts = [DECLARATION, _ROOT]
    data = capture.data
    language = shown(data.get("language"))

    title = shown(data.get("title"))
    if title is not None:
        lang = f' xml:lang="{attribute(language)}"' if language is not None and _XML_LANG.fullmatch(language) else ""
        parts.append(leaf(_I, "dc:title", text(title, "/title"), lang))
    url = capture.url
    if url is not None:
        typed = ' xsi:type="dcterms:URI"' if _PLAIN_URI.fullmatch(url) else ""
        parts.append(leaf(_I, "dc:identifier", text(url, "/url"), typed))
    footer = capture.parsed_footer
    publisher = footer.unit_in_charge
    if publisher:
        parts.append(leaf(_I, "dc:publisher", text(publisher, "/footer/unit_in_charge (parsed)")))
    if footer.organizer:
        parts.append(leaf(_I, "dc:contributor", text(footer.organizer, "/footer/organizer (parsed)")))
    published = capture.record.published_at
    if published is not None:
        parts.append(leaf(_I, "dcterms:issued", published.isoformat(), ' xsi:type="dcterms:W3CDTF"'))
    else:
        published_text = shown(data.get("published_at"))
        if published_text is not None:
            parts.append(leaf(_I, "dcterms:issued", text(published_text, "/published_at")))
    if language is not None:
        parts.append(leaf(_I, "dc:language", text(language, "/language")))
    section = shown(data.get("section"))
    if section is not None:
        parts.append(leaf(_I, "dc:subject", text(section, "/section")))
    parts.append(leaf(_I, "dc:type", "Text", ' xsi:type="dcterms:DCMIType"'))
    parts.append(leaf(_I, "dc:format", capture.media_type, ' xsi:type="dcterms:IMT"'))
    parts.append("</pavdc:record>\n")
    return finish(parts)
