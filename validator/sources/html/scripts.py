"""Footer text that scripts write: the string literals of scripts that write HTML (document.write, innerHTML
templates), read as HTML; and the `sitecode` of error-report scripts and siteCode= in URLs of forms, scripts
and frames. Scripts are read as text, never run."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from validator.sources.html.layout import region_lines
from validator.sources.html.links import SITECODE_PARAM, filing_links, occurrence
from validator.sources.html.tree import parser
from validator.sources.pages import Line, has_strong_signal

__all__ = ["script_footer"]

# Scripts that write HTML, and the string literals they write it with.
_WRITES = re.compile(r"document\.write|innerHTML|insertAdjacentHTML|\.html\(|\.append\(|\.prepend\(")
_JS_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"|`((?:[^`\\]|\\.)*)`", re.S)
_JS_ESCAPE = re.compile(r"\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|.)", re.S)
_JS_NAME = re.compile(r"[A-Za-z_$][\w$.:/-]*")
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}

_URL_ATTRS = {"form": ("action",), "script": ("src",), "iframe": ("src",)}


def script_footer(
    elements: list[Any],
) -> tuple[list[Line], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Footer text written by scripts (as lines), the filing links in it, `sitecode` attributes, and siteCode=
    in the URLs of forms, scripts and frames (site search, error reporting; links: filing_links), from the
    page's <script>, <form> and <iframe> elements in document order (see `read_head`)."""
    lines: list[Line] = []
    links: list[dict[str, Any]] = []
    sitecodes: list[dict[str, Any]] = []
    params: list[dict[str, Any]] = []
    for el in elements:
        tag = el.tag
        for attr in _URL_ATTRS[tag]:
            url = el.get(attr)
            if url and "itecode=" in url.lower():
                m = SITECODE_PARAM.search(url)
                if m is not None:
                    where = f"siteCode= ({tag} {attr})"
                    params.append(occurrence("attribute", text=where, href=url, value=m.group(1), line=el.sourceline))
        if tag != "script":
            continue
        code = el.get("sitecode")
        if code and code.strip():
            sitecodes.append(
                occurrence("attribute", text="sitecode", href=el.get("src"), value=code.strip(), line=el.sourceline)
            )
        source = el.text
        if not source or _WRITES.search(source) is None:
            continue
        first_line = el.sourceline or 1
        literals: list[tuple[str, int]] = []  # (text, source line) of each literal that is page text
        for m in _JS_STRING.finditer(source):
            value = _unescape_js(next(g for g in m.groups() if g is not None))
            # Identifier-like literals ("ft" of getElementById("ft"), "text/javascript") are code, not text.
            if _JS_NAME.fullmatch(value) is None:
                literals.append((value, first_line + source.count("\n", 0, m.start())))
        written = "".join(value for value, _ in literals)
        if not written or not has_strong_signal(written):
            continue
        try:
            fragment: Any = etree.fromstring(f"<div>{written}</div>".encode("utf-8", "surrogatepass"), parser())
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            continue
        if fragment is None:
            continue
        default = next((line for value, line in literals if has_strong_signal(value)), first_line)
        squeezed = [(" ".join(value.split()), line) for value, line in literals]
        for text, _ in region_lines(fragment):
            # The line of the literal the text starts in (a literal holds the markup around the text too).
            key = text[:6]
            lines.append((text, next((line for value, line in squeezed if key in value), default)))
        for link in filing_links(fragment):
            anchor = link.get("text") or link.get("href") or ""
            link["line"] = next((line for value, line in squeezed if anchor[:6] and anchor[:6] in value), default)
            links.append(link)
    return lines, links, sitecodes, params


def _unescape_js(text: str) -> str:
    if "\\" not in text:
        return text
    return _JS_ESCAPE.sub(_js_escape, text)


def _js_escape(m: re.Match[str]) -> str:
    esc = m.group(1)
    if esc.startswith("u{"):
        return _chr(int(esc[2:-1], 16))
    if esc.startswith("u") and len(esc) == 5:
        return _chr(int(esc[1:], 16))
    if esc.startswith("x") and len(esc) == 3:
        return chr(int(esc[1:], 16))
    if esc == "\n":
        return ""  # a line continuation
    return _JS_SIMPLE.get(esc, esc)


def _chr(code: int) -> str:
    return chr(code) if code <= 0x10FFFF else "\ufffd"
