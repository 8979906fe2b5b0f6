"""Footer text that scripts write: the string literals of scripts that write HTML (document.write, innerHTML
templates), read as HTML; and the `sitecode` of error-report scripts and siteCode= in URLs of forms, scripts
and frames. Scripts are read as text, never run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from validator.sources.html.layout import region_lines
from validator.sources.html.links import SITECODE_PARAM, filing_links, occurrence
from validator.sources.html.tree import parser
from validator.sources.pages import Line, has_strong_signal

__all__ = ["ScriptFooter", "script_footer"]

# Scripts that write HTML, and the string literals they write it with.
_WRITES = re.compile(r"document\.write|innerHTML|insertAdjacentHTML|\.html\(|\.append\(|\.prepend\(")
_JS_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"|`((?:[^`\\]|\\.)*)`", re.S)
_JS_ESCAPE = re.compile(r"\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|.)", re.S)
_JS_NAME = re.compile(r"[A-Za-z_$][\w$.:/-]*")
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}

_URL_ATTRS = {"form": ("action",), "script": ("src",), "iframe": ("src",)}
_HELD_MAX = 2000  # characters: a string longer than a footer is data, not footer text
_JOINED_MAX = 50_000  # characters: a footer template built by `+` with its link lists
_PLUS = re.compile(r"\s*\+\s*")  # between two literals of one concatenated string
_HELD_LINES_MAX = 200  # lines: more than a footer in two languages has; the rest of a hostile script is not read


@dataclass
class ScriptFooter:
    """What the page's scripts, forms and frames say of the footer."""

    lines: list[Line] = field(default_factory=list)  # footer text written by scripts, or in their strings
    links: list[dict[str, Any]] = field(default_factory=list)  # filing links in script-written HTML
    sitecodes: list[dict[str, Any]] = field(default_factory=list)  # `sitecode` attributes of scripts
    params: list[dict[str, Any]] = field(default_factory=list)  # siteCode= in URLs of forms, scripts, frames
    texts: list[tuple[str, int]] = field(default_factory=list)  # inline scripts' text and line (for marks)


def script_footer(elements: list[Any], prefer: str | None = None) -> ScriptFooter:
    """Footer text scripts write or hold, from the page's <script>, <form> and <iframe> elements in document
    order (see `read_head`).

    A script that writes HTML (document.write, innerHTML …) is read as the HTML its string literals make. A
    script that writes nothing but holds footer text in its strings, as front-end frameworks do (an i18n
    message object `icp: 'Sichuan ICP Record No. …'`, a compiled render function `t._v("备案编号：京ICP备…")`),
    gives each string with a filing or unit label as a line; when it holds the footer in two languages, the
    lines in the page's language (`prefer`: "zh" or "en") come first, as only those are shown.
    """
    found = ScriptFooter()
    held: list[Line] = []
    for el in elements:
        tag = el.tag
        for attr in _URL_ATTRS[tag]:
            url = el.get(attr)
            if url and ("itecode=" in url.lower() or "ite_code=" in url.lower()):
                m = SITECODE_PARAM.search(url)
                if m is not None:
                    where = f"siteCode= ({tag} {attr})"
                    found.params.append(
                        occurrence("attribute", text=where, href=url, value=m.group(1), line=el.sourceline)
                    )
        if tag != "script":
            continue
        code = el.get("sitecode")
        if code and code.strip():
            found.sitecodes.append(
                occurrence("attribute", text="sitecode", href=el.get("src"), value=code.strip(), line=el.sourceline)
            )
        source = el.text
        if not source:
            continue
        first_line = el.sourceline or 1
        found.texts.append((source, first_line))
        if _WRITES.search(source) is None:
            if has_strong_signal(source):
                held_lines, held_links = _held_lines(source, first_line)
                held.extend(held_lines)
                found.links.extend(held_links)
            continue
        literals: list[tuple[str, int]] = []  # (text, source line) of each literal that is page text
        for m in _JS_STRING.finditer(source):
            value = _unescape_js(next(g for g in m.groups() if g is not None))
            # Identifier-like literals ("ft" of getElementById("ft"), "text/javascript") are code, not text.
            if _JS_NAME.fullmatch(value) is None:
                literals.append((value, first_line + source.count("\n", 0, m.start())))
        written = "".join(value for value, _ in literals)
        if not written or not has_strong_signal(written):
            continue
        fragment = _fragment(written)
        if fragment is None:
            continue
        default = next((line for value, line in literals if has_strong_signal(value)), first_line)
        squeezed = [(" ".join(value.split()), line) for value, line in literals]
        for text, _ in region_lines(fragment):
            # The line of the literal the text starts in (a literal holds the markup around the text too).
            key = text[:6]
            found.lines.append((text, next((line for value, line in squeezed if key in value), default)))
        for link in filing_links(fragment):
            anchor = link.get("text") or link.get("href") or ""
            link["line"] = next((line for value, line in squeezed if anchor[:6] and anchor[:6] in value), default)
            found.links.append(link)
    if held:
        if prefer is not None:
            held.sort(key=lambda line: _language_of(line[0]) != prefer)  # (stable: page order otherwise)
        found.lines.extend(held)
    return found


def _held_lines(source: str, first_line: int) -> tuple[list[Line], list[dict[str, Any]]]:
    """The strings of a script that writes nothing, each with a filing or unit label, as lines (a string
    holding markup is read as HTML), and the filing links in that markup. Literals joined by `+` are one
    string: a template built line by line ('<p>主办：…</p>'+ newline '<a href=…>粤ICP备…</a>') is read whole."""
    lines: list[Line] = []
    links: list[dict[str, Any]] = []
    for value, line in _joined_literals(source, first_line):
        if len(lines) >= _HELD_LINES_MAX:
            break
        if not has_strong_signal(value):
            continue
        if "<" in value:
            fragment = _fragment(value)
            if fragment is not None:
                lines.extend((text, line) for text, _ in region_lines(fragment))
                for link in filing_links(fragment):
                    link["line"] = line
                    links.append(link)
            continue
        text = " ".join(value.split())
        if text:
            lines.append((text, line))
    return lines[:_HELD_LINES_MAX], links


def _joined_literals(source: str, first_line: int) -> list[tuple[str, int]]:
    """The script's string literals (unescaped) with the source line each starts on, literals joined by `+`
    taken as one. A single literal longer than a footer is data and left out; a joined template may be as
    long as a footer with its link lists (`_JOINED_MAX`)."""
    joined: list[tuple[str, int]] = []
    parts: list[str] = []
    start_line = first_line
    last_end = -1

    def close() -> None:
        value = "".join(parts)
        if len(value) <= (_JOINED_MAX if len(parts) > 1 and "<" in value else _HELD_MAX):
            joined.append((value, start_line))

    line, counted = first_line, 0  # (lines counted as the literals come: one pass over the source)
    for m in _JS_STRING.finditer(source):
        value = _unescape_js(next(g for g in m.groups() if g is not None))
        line += source.count("\n", counted, m.start())
        counted = m.start()
        if parts and _PLUS.fullmatch(source, last_end, m.start()) is not None:
            parts.append(value)
        else:
            if parts:
                close()
            parts, start_line = [value], line
        last_end = m.end()
    if parts:
        close()
    return joined


def _fragment(html: str) -> Any | None:
    try:
        fragment: Any = etree.fromstring(f"<div>{html}</div>".encode("utf-8", "surrogatepass"), parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return fragment


def _language_of(text: str) -> str:
    # The script of a line's letters: CJK when it has any ideograph (labels are Chinese), else Latin.
    return "zh" if any("\u3400" <= ch <= "\u9fff" for ch in text) else "en"


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
