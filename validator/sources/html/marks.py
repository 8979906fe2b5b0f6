"""What a government footer shows besides numbers and names (国办发〔2017〕47号): the Party and government
organ website mark, the "我为政府网站找错" error-report entry, and contact information.

- organ website mark (党政机关网站标识): the red badge of the organisation-establishment authority, written by
  a script from dcs.conac.cn into `<span id="_ideConac">`, or an image or link to bszs.conac.cn / conac.cn;
- error-report entry: the jiucuo.js script of the government web-site error-report service
  (zfwzgl.www.gov.cn/exposure/jiucuo.js, pucha.kaipuyun.cn), a link to that service, the button jiucuo.js
  itself writes (an element with onclick="Link('<site code>')", also copied into pages as is), or the words
  我为政府网站找错 in the page;
- contact information: 联系我们 / 联系方式 / Contact Us (as a link anywhere, or in the footer), or a telephone
  number, e-mail address or postal address in the footer.

Each is kept as evidence (`evidence.marks`) with where it was found; rules F701-F703 report a government page
without them. The page's bytes are searched first (a few microseconds), so a page without any trace of a
mark costs no walk of the tree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lxml import etree

from validator.sources.html.links import occurrence
from validator.sources.html.tree import clean, element_text
from validator.sources.pages import Line, contact_in

__all__ = ["MARK_NAMES", "read_marks"]

MARK_NAMES = ("organ_mark", "error_report", "contact")

# Words of each mark in the page's bytes (hosts and file names are written in lowercase; the badge's span is
# _ideConac): each a plain substring search, in C, only for the marks not found by cheaper means.
_ORGAN_WORDS = (b"conac", b"_ideConac")
_ERROR_WORDS = (b"jiucuo", b"kaipuyun", b"zfwzgl", "找错".encode(), b"Link(")
_CONTACT_WORDS = ("联系".encode(), b"ontact")

# Scripts and frames come from the head pass (no walk); links, images and the badge's span by XPath, only when
# the page's bytes hold their words.
_ORGAN_SCRIPT = ("conac.cn",)
_ERROR_SCRIPT = ("jiucuo", "zfwzgl.www.gov.cn", "kaipuyun")
_ORGAN = etree.XPath(".//*[@id='_ideConac'] | .//a[contains(@href, 'conac.cn')] | .//img[contains(@src, 'conac')]")
_ERROR = etree.XPath(
    ".//a[contains(@href, 'zfwzgl.www.gov.cn') or contains(@href, 'kaipuyun') or contains(@href, 'jiucuo')"
    " or contains(., '找错')]"
    " | .//img[contains(@src, 'jiucuo') or contains(@alt, '找错')]"
)
# The button jiucuo.js writes: onclick="Link('5100000062')" (its function opening the service for that site).
_ERROR_BUTTONS = etree.XPath(".//*[contains(@onclick, 'Link(')]")
_ERROR_ONCLICK = re.compile(r"(?<![\w.$])Link\(\s*['\"](?:[1-8][0-9]{9}|bm[0-9]{8})['\"]\s*\)")
_CONTACT_LINKS = etree.XPath(".//a[contains(., '联系我们') or contains(., '联系方式') or contains(., 'ontact')]")
# In an inline script the error-report entry is its script's or page's file name or the service's host: a bare
# "jiucuo" is also the id of the entry's span, which a script restyling a footer frame only selects
# (find('span#_span_jiucuo')) without writing any entry.
_SCRIPT_WORDS = {
    "organ_mark": ("conac.cn", "_ideConac"),
    "error_report": ("jiucuo.js", "jiucuo.htm", "zfwzgl.www.gov.cn", "kaipuyun", "找错"),
}


def read_marks(
    root: Any,
    page: bytes,
    footer_lines: Sequence[Line],
    script_texts: Sequence[tuple[str, int]],
    scripts: Sequence[Any] = (),
) -> dict[str, list[dict[str, Any]]]:
    """Where the page shows each mark: {"organ_mark": [occurrence, …], "error_report": […], "contact": […]}
    (marks not found are left out). `script_texts` are the page's inline scripts (text, line): a mark written
    by a script counts, as the browser shows it; `scripts` the page's <script>, <form> and <iframe> elements
    (`Head.scripts`)."""
    marks: dict[str, list[dict[str, Any]]] = {}
    # (the script that writes the badge or the error-report entry is enough; only without one are the page's
    # bytes searched for the words of the others, and the tree only where the bytes hold them)
    organ = [_element(el) for el in _loaded(scripts, _ORGAN_SCRIPT) if not _hidden(el)]
    error = [_element(el) for el in _loaded(scripts, _ERROR_SCRIPT) if not _hidden(el)]
    contact = contact_in(footer_lines)
    if not organ and any(word in page for word in _ORGAN_WORDS):
        organ = [_element(el) for el in _elements(_ORGAN, root) if not _hidden(el)]
        organ += _in_scripts(script_texts, "organ_mark", organ)
    if organ:
        marks["organ_mark"] = organ
    if not error and any(word in page for word in _ERROR_WORDS):
        found = [_element(el) for el in _elements(_ERROR, root) if not _hidden(el)]
        if not found and b"Link(" in page:
            found = [
                _element(el)
                for el in _elements(_ERROR_BUTTONS, root)
                if _ERROR_ONCLICK.search(el.get("onclick") or "") is not None and not _hidden(el)
            ]
        found += _in_scripts(script_texts, "error_report", found)
        if not found and "我为政府网站找错".encode() in page:
            found = [occurrence("text", text="我为政府网站找错")]
        error = found
    if error:
        marks["error_report"] = error
    if not contact and any(word in page for word in _CONTACT_WORDS):
        contact = [_element(el) for el in _elements(_CONTACT_LINKS, root)[:1]]
    if contact:
        marks["contact"] = contact
    return marks


def _hidden(el: Any) -> bool:
    """Whether the element or one around it is hidden by its style (display:none, visibility:hidden): a mark
    nobody sees is not shown. (Stylesheets are not read.)"""
    while el is not None:
        style = el.get("style")
        if style and _HIDDEN.search(style) is not None:
            return True
        el = el.getparent()
    return False


_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _loaded(scripts: Sequence[Any], words: tuple[str, ...]) -> list[Any]:
    """The scripts and frames whose src holds one of `words`."""
    found = []
    for el in scripts:
        if el.tag in ("script", "iframe"):
            src = el.get("src")
            if src and any(word in src for word in words):
                found.append(el)
    return found


def _elements(xpath: etree.XPath, root: Any) -> list[Any]:
    found = xpath(root)
    return found if isinstance(found, list) else []


def _element(el: Any) -> dict[str, Any]:
    tag = el.tag
    href = el.get("src") if tag in ("script", "img") else el.get("href")
    kind = {"script": "script", "a": "link", "img": "image"}.get(tag, "element")
    text = clean(element_text(el))[:80] if tag == "a" else (el.get("alt") or el.get("id") or None)
    return occurrence(kind, text=text or None, href=href.strip() if href else None, line=el.sourceline)


def _in_scripts(
    script_texts: Sequence[tuple[str, int]], mark: str, found: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    if found:
        return []
    words = _SCRIPT_WORDS[mark]
    for text, line in script_texts:
        for word in words:
            if word in text:
                return [occurrence("script", text=word, line=line)]
    return []
