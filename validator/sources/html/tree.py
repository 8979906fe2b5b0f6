"""Parsing a page into a tree, and small helpers on elements and memos that every part of the reader uses."""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from lxml import etree

from validator.footer import normalize
from validator.sources.encoding import Decoded

__all__ = [
    "ParseFailed",
    "clean",
    "element_text",
    "memoised",
    "normalized",
    "parse",
    "parse_page",
    "parser",
    "set_line",
    "utf8_of",
    "without_stray_closers",
]

# Plain lxml.etree elements: lxml.html's element classes cost a Python lookup per element (as much as the
# whole parse on a 30 KB page), and nothing here needs their methods.
# A parser must not be shared between threads (live pages are read in fetch workers): one per thread.
_PARSERS = threading.local()


def _deep_parser() -> etree.HTMLParser:
    # libxml2 stops reading at 256 levels of nesting; XML_PARSE_HUGE (huge_tree) lets it go to 2048. Used only
    # for a page that reached the first limit (the page's bytes and elements are bounded by pav's own limits).
    made: etree.HTMLParser | None = getattr(_PARSERS, "deep", None)
    if made is None:
        made = _PARSERS.deep = etree.HTMLParser(encoding="utf-8", no_network=True, huge_tree=True)
    return made


def parser() -> etree.HTMLParser:
    made: etree.HTMLParser | None = getattr(_PARSERS, "parser", None)
    if made is None:
        made = _PARSERS.parser = etree.HTMLParser(encoding="utf-8", no_network=True)
    return made


class ParseFailed(Exception):
    """The bytes hold no HTML document at all (empty)."""


def utf8_of(data: bytes, decoded: Decoded) -> bytes:
    """The page as UTF-8 for the parser: the bytes themselves when they were read as UTF-8 without a
    replacement (a strict decode: encoding the text again gives the same bytes), else the text encoded."""
    if decoded.encoding == "utf-8" and not decoded.replaced:
        if decoded.charset_from != "bom":
            return data
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :]
    return decoded.text.encode("utf-8", "surrogatepass")


# </body> and </html> tags. (Spaces only, not line breaks, before ">": removing the tag keeps line numbers.)
_CLOSERS = re.compile(rb"</(?:body|html)[ \t]*>", re.IGNORECASE)
# What may follow the first closing tag of a well-formed page: white space and the other closing tags.
_TRAILER = re.compile(rb"(?:\s+|</(?:body|html)[ \t]*>)*")


def without_stray_closers(utf8: bytes) -> bytes:
    """The page without its </body> and </html> tags when content follows the first of them.

    A CMS that includes a header fragment carrying its own closing tags puts `</body></html>` before the
    article. Browsers ignore such a stray tag (HTML5 parses on "in body"); libxml2 does not: after a stray
    </body> the rest becomes a sibling of <body>, and after a stray </html> it is dropped, article and footer
    with it. Without the closing tags libxml2 closes both at the end of the input, as a browser would. A page
    whose closing tags come last is returned as it is (the usual case: one search)."""
    first = _CLOSERS.search(utf8)
    if first is None or _TRAILER.fullmatch(utf8, first.end()) is not None:
        return utf8
    return _CLOSERS.sub(b"", utf8)


# The nesting at which libxml2 stops reading a page (the rest of it is dropped), without and with huge_tree.
_DEPTH_LIMIT, _HUGE_DEPTH_LIMIT = 256, 2048


def parse(utf8: bytes) -> Any:
    """The page's tree. A page nested past libxml2's depth limit is read again with the larger limit."""
    root, _ = parse_page(utf8)
    return root


def parse_page(utf8: bytes) -> tuple[Any, bool]:
    """The page's tree, and whether libxml2 stopped reading it because it is nested more than 2,048 elements
    deep (what lies deeper, and everything after it, is then not in the tree)."""
    page = without_stray_closers(utf8)
    root = _parse_with(page, parser())
    if _depth_of_last(root) < _DEPTH_LIMIT - 1:
        return root, False  # (nearly every page: one walk down the last children, a dozen levels)
    root = _parse_with(page, _deep_parser())
    return root, _depth_of_last(root) >= _HUGE_DEPTH_LIMIT - 1


def _parse_with(page: bytes, html_parser: etree.HTMLParser) -> Any:
    try:
        root: Any = etree.fromstring(page, html_parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ParseFailed(str(error)) from None
    if root is None:
        raise ParseFailed("the page holds no HTML document")
    return root


def _depth_of_last(root: Any) -> int:
    # libxml2 stops at its depth limit: the last element it read is then that deep. (Only the chain of last
    # children is walked.)
    depth = 0
    node = root
    while len(node):
        node = node[-1]
        depth += 1
    return depth


_Value = TypeVar("_Value")


def memoised(memo: dict[str, _Value], key: str, read: Callable[[str], _Value], longest: int) -> _Value:
    """`read(key)`, remembered in `memo` for keys up to `longest` characters (cleared at 1,024 entries): what
    repeats on every page of a site is read once, and one odd long value cannot pin much memory."""
    if key in memo:
        return memo[key]
    value = read(key)
    if len(key) <= longest:
        if len(memo) >= 1024:
            memo.clear()
        memo[key] = value
    return value


def element_text(el: Any) -> str:
    """The text content of an element (what lxml.html's text_content() gives), in C and thread-safe."""
    text: str = etree.tostring(el, method="text", encoding=str, with_tail=False)
    return text


# Footer lines repeat on every page of a site: their normalised form is memoised (short lines only).
_NORMALIZED: dict[str, str] = {}


def normalized(text: str) -> str:
    norm = _NORMALIZED.get(text)
    if norm is None:
        norm = normalize(text)
        if len(text) <= 400:
            if len(_NORMALIZED) >= 2048:
                _NORMALIZED.clear()
            _NORMALIZED[text] = norm
    return norm


def clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def set_line(lines: dict[str, int], pointer: str, line: int | None) -> None:
    if line:
        lines[pointer] = line
