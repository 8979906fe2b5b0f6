"""HTML pages (`.html`, `.htm`, `.shtml`, WARC responses, live URLs) -> records, with lxml.

What is read, and from where (trust order left to right):

- title: <meta name="ArticleTitle">, og:title, <title> (a " - SiteName" / "_SiteName" tail cut off), first <h1>;
- published_at: <meta name="PubDate">, article:published_time, else a date in the visible text (a labelled
  one such as 发布时间：2023-11-22 10:55 first, else the first full date from the title's line on); no zone
  means +08:00 (see `validator.sources.pages`);
- section: <meta name="ColumnName">; url (for local files): <link rel="canonical">, og:url, the "saved from
  url" comment browsers write; language: <html lang> ("zh_CN" read as "zh-CN"), else detected from the text;
- body: the text of the element holding most paragraph text (readability-style), without scripts, styles,
  navigation and footer; without paragraphs, the page text outside navigation and footer;
- footer: by structure (the outermost <footer> elements and elements whose id/class says foot, footer,
  bottom, copyright, banquan, dibu) holding a filing label or number; else by content (the last cluster of
  lines with labels of DOMAIN.md §2 and filing numbers, outside the main text, then anywhere); numbers written
  by scripts (document.write / innerHTML templates: the script's string literals, read as HTML) are added;
- evidence: the government meta tags (SiteName, SiteDomain, SiteIDCode, ColumnName, ArticleTitle, PubDate,
  ContentSource) and, per filing number, every place it was found: visible text, script, link (an ICP link
  to beian.miit.gov.cn or a retired host, the recordcode=/code= of the public-security link), meta
  (SiteIDCode) or attribute (the `sitecode` of the jiucuo.js error-report script, siteCode= in URLs).

Every value read remembers its source line (lxml's `sourceline`), handed to the engine as `field_lines` so a
finding on /footer/icp points at the footer's line. Remote resources are never fetched: lxml's HTML parser
loads nothing, and scripts are read as text, never run.

Bounded (see `validator.sources.limits`): a page over PAV_MAX_PAGE_BYTES (32 MiB) is read no further than the
limit and refused, and one with more than PAV_MAX_PAGE_ELEMENTS (1,000,000) `<` is refused before parsing,
both with I011; libxml2 flattens nesting deeper than 255 elements.

Speed matters (millions of pages): one parse into plain lxml.etree elements (lxml.html's element classes
cost a Python call per element), fed the page's own bytes when they are UTF-8 (GB pages are decoded with the
narrowest GB codec that reads them, which gives GB18030's text); one pass over the paragraphs for the main
element and their text, one over the other containers for the footer candidates; the main element's lines
come from its paragraphs when it holds nothing else (most articles), else from a walk; walks of the footer
candidates and the title's surroundings only (child by child, reading ids and classes only where they can
still matter); the whole body is walked only when a fallback needs it. What repeats on every page of a site
(id/class verdicts, footer lines and what is read from them, filing-link URLs, publication dates) is
memoised, with line numbers kept per page. Most of the remaining cost is in C and grows with the text:
parsing, decoding, converting paragraph text out of the tree, folding white space, hashing. On the
benchmark's 30 KB pages reading costs about 2.4 times lxml.html.fromstring on the same bytes (decoding,
hashing and extraction included).
"""

from __future__ import annotations

import codecs
import hashlib
import operator
import os
import re
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import compress
from typing import IO, Any, TypeVar
from urllib.parse import unquote

from lxml import etree

from validator.findings import Finding, Location
from validator.footer import normalize
from validator.sources import SourceItem, SourceRecord
from validator.sources.encoding import Decoded, decode_page
from validator.sources.limits import max_page_bytes, max_page_elements, size_text
from validator.sources.pages import (
    MIIT_HOSTS,
    NUMBER_FIELDS,
    PSB_HOSTS,
    RETIRED_MIIT_HOSTS,
    RETIRED_MIIT_PATH,
    Line,
    NumberHit,
    detect_language,
    file_captured_at,
    find_date,
    footer_cluster,
    has_strong_signal,
    host_and_path,
    make_id,
    parse_date_value,
    read_footer,
    read_numbers,
    record_dict,
)
from validator.sources.problems import EMPTY, PAGE_CHARSET, TOO_LARGE

__all__ = [
    "GOV_META",
    "PageExtract",
    "ParseFailed",
    "charset_notes",
    "extract_html",
    "html_item",
    "page_too_large",
    "read_html_file",
    "read_page_bytes",
]

# Government CMS meta tags (DOMAIN.md §2), canonical spelling by lowercase name.
GOV_META = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ArticleTitle", "PubDate", "ContentSource")
_GOV_META_BY_LOWER = {name.lower(): name for name in GOV_META}

# Plain lxml.etree elements: lxml.html's element classes cost a Python lookup per element (as much as the
# whole parse on a 30 KB page), and nothing here needs their methods.
# A parser must not be shared between threads (live pages are read in fetch workers): one per thread.
_PARSERS = threading.local()


def _parser() -> etree.HTMLParser:
    parser: etree.HTMLParser | None = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.HTMLParser(encoding="utf-8", no_network=True)
    return parser


# Never visible text.
_SKIP = frozenset(
    ("script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg", "math",
     "select", "textarea", "canvas", "audio", "video", "map")
)  # fmt: skip
# Elements that start and end a line of text.
_BLOCK = frozenset(
    ("address", "article", "aside", "blockquote", "body", "br", "center", "dd", "details", "dialog", "dir", "div",
     "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
     "header", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
     "tbody", "tfoot", "thead", "tr", "ul", "caption")
)  # fmt: skip
_CELLS = frozenset(("td", "th"))
# Tags a footer is built from (links, list items, images and inline text are not: skipping them in C keeps the
# search for footer candidates cheap on link-heavy pages).
_CONTAINERS = ("div", "footer", "section", "table", "tbody", "tr", "td", "p", "ul", "dl", "center", "span", "aside")
_CONTAINERS_BUT_P = tuple(tag for tag in _CONTAINERS if tag != "p")
_CHROME_TAGS = frozenset(("nav", "header", "aside"))
# id/class words of footers: foot/footer (not footnote), bottom, copyright, banquan (版权), dibu (底部), ft, bq.
_FOOTER_ATTR = re.compile(r"foot(?!note)|bottom|copyright|banquan|dibu|(?<![a-z])(?:ft|bq|db)(?![a-z])")
# id/class words of navigation and page chrome, left out of the body when no main element is found.
_CHROME_ATTR = re.compile(r"(?<![a-z])(?:nav|menu|header|head|top|topbar|crumbs?|breadcrumbs?|sidebar|share|search)")

# Scripts that write HTML, and the string literals they write it with.
_WRITES = re.compile(r"document\.write|innerHTML|insertAdjacentHTML|\.html\(|\.append\(|\.prepend\(")
_JS_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"|`((?:[^`\\]|\\.)*)`", re.S)
_JS_ESCAPE = re.compile(r"\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|.)", re.S)
_JS_NAME = re.compile(r"[A-Za-z_$][\w$.:/-]*")
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}

_CODE_PARAM = re.compile(r"(?:recordcode|code)=([0-9 ]+)", re.IGNORECASE)
_SITECODE_PARAM = re.compile(r"sitecode=([A-Za-z0-9]+)", re.IGNORECASE)
_URL_ATTRS = {"form": ("action",), "script": ("src",), "iframe": ("src",)}
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->", re.IGNORECASE)
_TITLE_TAIL = re.compile(r"\s*[-_|–—·:]+\s*")
_ANCHOR_TEXT_MAX = 200
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


_UNSEEN: Any = object()  # (an element not looked for yet)


class ParseFailed(Exception):
    """The bytes hold no HTML document at all (empty)."""


@dataclass
class PageExtract:
    """Everything read from one page: record fields, footer, evidence, and where each was found."""

    title: str | None = None
    published_at: str | None = None
    section: str | None = None
    body: str | None = None
    language: str | None = None
    url: str | None = None
    footer: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Zone:
    candidate: int  # index of the structural footer candidate the text is in, -1 outside
    main: bool  # inside the main-text element
    chrome: bool  # inside navigation, header or sidebar


_OUTSIDE = _Zone(-1, False, False)


@dataclass
class _Walk:
    """The visible text of <body> as lines, with the zone of each line."""

    lines: list[Line] = field(default_factory=list)
    zones: list[_Zone] = field(default_factory=list)
    candidates: int = 0


def extract_html(text: str) -> PageExtract:
    """Read a decoded HTML page. Raises ParseFailed when there is no document at all."""
    return _extract(text.encode("utf-8", "surrogatepass"), text)


def _utf8_of(data: bytes, decoded: Decoded) -> bytes:
    """The page as UTF-8 for the parser: the bytes themselves when they were read as UTF-8 without a
    replacement (a strict decode: encoding the text again gives the same bytes), else the text encoded."""
    if decoded.encoding == "utf-8" and not decoded.replaced:
        if decoded.charset_from != "bom":
            return data
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :]
    return decoded.text.encode("utf-8", "surrogatepass")


def _extract(utf8: bytes, text: str) -> PageExtract:
    """Read a page given as UTF-8 bytes (what the parser reads) and as text (for the "saved from" comment)."""
    return _read(_parse(utf8), text)


def _parse(utf8: bytes) -> Any:
    try:
        root: Any = etree.fromstring(utf8, _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ParseFailed(str(error)) from None
    if root is None:
        raise ParseFailed("the page holds no HTML document")
    return root


def _read(root: Any, text: str) -> PageExtract:
    """Read a parsed page; `text` is the page as text, of which the first 4,096 characters are read."""
    out = PageExtract()
    lines = out.field_lines

    meta, meta_lines, og, canonical, scriptish = _head(root)
    body = next(root.iterchildren("body"), None)  # root.find("body"), without ElementPath
    if body is None:
        body = root

    # Title, in order of trust (each read only when the ones before it are missing). The first <h1> is
    # looked for only when a fallback needs it (the title, the date).
    h1: Any = _UNSEEN
    if meta.get("ArticleTitle"):
        out.title = meta["ArticleTitle"]
        _set_line(lines, "/title", meta_lines.get("ArticleTitle"))
    elif og.get("og:title"):
        out.title = og["og:title"]
        _set_line(lines, "/title", meta_lines.get("og:title"))
    else:
        title_el: Any = next(root.iterdescendants("title"), None)  # root.find(".//title")
        title_text = _clean(_text(title_el)) if title_el is not None else ""
        if title_text and meta.get("SiteName"):
            title_text = _strip_site_name(title_text, meta["SiteName"])
        if title_text:
            out.title = title_text
            _set_line(lines, "/title", title_el.sourceline)
        elif (h1 := next(body.iter("h1"), None)) is not None:
            h1_text = _clean(_text(h1))
            if h1_text:
                out.title = h1_text
                _set_line(lines, "/title", h1.sourceline)

    # The page is walked by region (footer candidates, main text, the title's surroundings); the whole body
    # only when a fallback needs it.
    main, candidates, main_paragraphs, main_texts = _scan_body(body)
    whole: list[_Walk] = []

    def full() -> _Walk:
        if not whole:
            whole.append(_walk(body, main))
        return whole[0]

    # Footer: structure, else content (outside the main text, then anywhere).
    footer_lines: list[Line] = []
    seen: set[str] = set()
    for candidate in candidates:
        candidate_lines = _lines(candidate)
        # One search over the joined lines: no signal spans a line break.
        if candidate_lines and has_strong_signal("\n".join([text for text, _ in candidate_lines])):
            for entry in candidate_lines:
                key = _normalized(entry[0])
                if key not in seen:  # the same footer twice (desktop and mobile): one copy of each line
                    seen.add(key)
                    footer_lines.append(entry)
    footer_from = "structure"
    if not footer_lines:
        footer_lines, footer_from = _footer_by_content(full())
        seen = {_normalized(text) for text, _ in footer_lines}

    script_lines, script_links, script_sitecodes, sitecode_params = _scripts(scriptish)
    visible_numbers = read_numbers(footer_lines)
    script_numbers = read_numbers(script_lines) if script_lines else {}
    numbers = dict(script_numbers)
    numbers.update(visible_numbers)
    if not footer_lines and script_lines:
        footer_from = "script"
    if not numbers and not footer_lines:
        # Last resort: filing numbers anywhere in the page text.
        page_numbers = read_numbers(full().lines)
        if page_numbers:
            footer_from = "page"
            wanted = {hit.line for hit in page_numbers.values()}
            footer_lines = [line for line in full().lines if line[1] in wanted]
            visible_numbers = page_numbers
            numbers = dict(page_numbers)
    in_footer = set(footer_lines)
    combined = footer_lines + [line for line in script_lines if _normalized(line[0]) not in seen]
    footer_read = read_footer(combined, numbers)
    out.footer = dict(footer_read.fields)
    if footer_read.raw is not None:
        out.footer["raw"] = footer_read.raw
        _set_line(lines, "/footer", footer_read.first_line)
        _set_line(lines, "/footer/raw", footer_read.first_line)
    for name, line in footer_read.lines.items():
        _set_line(lines, f"/footer/{name}", line)

    # Body: the main element's lines, else every line outside navigation and footer.
    if main is not None:
        body_lines = _main_lines(main, main_paragraphs, main_texts)
        if in_footer:
            # (line numbers first, in C: hashing a paragraph's text to look it up costs more)
            footer_numbers = {number for _, number in in_footer}
            if not footer_numbers.isdisjoint(map(_SECOND, body_lines)):
                body_lines = [line for line in body_lines if line[1] not in footer_numbers or line not in in_footer]
    else:
        page = full()
        body_lines = [
            line
            for line, zone in zip(page.lines, page.zones, strict=True)
            if zone.candidate < 0 and not zone.chrome and line not in in_footer
        ]
    if body_lines:
        out.body = "\n".join([text for text, _ in body_lines])
        _set_line(lines, "/body", body_lines[0][1])

    # Publication date: meta tags, else the text around the title, else the page text.
    published_from = None
    for key, label in (("PubDate", "meta PubDate"), ("article:published_time", "meta article:published_time")):
        raw = meta.get(key) if key in meta else og.get(key)
        if raw:
            value = _date_value(raw)
            if value is not None:
                out.published_at, published_from = value, label
                _set_line(lines, "/published_at", meta_lines.get(key))
                break
    if out.published_at is None:
        if h1 is _UNSEEN:
            h1 = next(body.iter("h1"), None)
        title_line = h1.sourceline if h1 is not None else None
        region = _title_region(h1)
        date = find_date(_lines(region), title_line) if region is not None else None
        if date is None:
            page = full()
            text_lines = [
                line
                for line, zone in zip(page.lines, page.zones, strict=True)
                if zone.candidate < 0 and line not in in_footer
            ]
            date = find_date(text_lines, title_line)
        if date is not None:
            out.published_at, published_from = date[0], "text"
            _set_line(lines, "/published_at", date[1])

    if meta.get("ColumnName"):
        out.section = meta["ColumnName"]
        _set_line(lines, "/section", meta_lines.get("ColumnName"))

    # "zh_CN" (common, not BCP 47) is read as "zh-CN"; a value that is no language tag at all is ignored.
    lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip().replace("_", "-")
    if _LANG_TAG.fullmatch(lang):
        out.language = lang
        _set_line(lines, "/language", root.sourceline)
    else:
        sample = "\n".join(text for text, _ in (body_lines or full().lines)[:60])
        out.language = detect_language((out.title or "") + "\n" + sample)

    out.url = canonical or og.get("og:url") or _saved_from(text)

    # Evidence: where each number was found.
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in NUMBER_FIELDS}
    _add_hits(found, visible_numbers, "text")
    _add_hits(found, script_numbers, "script")
    link_sitecodes: list[dict[str, Any]] = []
    for link in _filing_links(body) + script_links:
        field_name = link.pop("_field")
        (link_sitecodes if field_name == "site_code" else found[field_name]).append(link)
    if meta.get("SiteIDCode"):
        found["site_code"].append(
            _occurrence("meta", text="SiteIDCode", value=meta["SiteIDCode"], line=meta_lines.get("SiteIDCode"))
        )
    found["site_code"].extend(script_sitecodes)
    found["site_code"].extend(link_sitecodes)
    found["site_code"].extend(sitecode_params)
    for name, items in found.items():
        for i, item in enumerate(items):
            _set_line(lines, f"/evidence/found/{name}/{i}", item.get("line"))
    evidence: dict[str, Any] = {"format": "html", "footer_from": footer_from}
    if published_from is not None:
        evidence["published_at_from"] = published_from
    if meta:
        evidence["meta"] = meta
        for name in meta:
            _set_line(lines, f"/evidence/meta/{name}", meta_lines.get(name))
    evidence["found"] = {name: items for name, items in found.items() if items}
    out.evidence = evidence
    return out


# --- head ------------------------------------------------------------------------------------------------


def _head(root: Any) -> tuple[dict[str, str], dict[str, int], dict[str, str], str | None, list[Any]]:
    """Government meta tags, their lines, Open Graph / article properties, the canonical URL, and the
    scripts, forms and frames (for `_scripts`: one walk of the tree finds them all)."""
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    og: dict[str, str] = {}
    canonical_url = None
    scripts: list[Any] = []
    gov = _GOV_META_BY_LOWER
    for el in root.iter("meta", "link", "script", "form", "iframe"):  # (each kind keeps its own order)
        tag = el.tag
        if tag != "meta" and tag != "link":
            scripts.append(el)
            continue
        if tag == "link":
            if canonical_url is None:
                rel = el.get("rel")
                if rel and "canonical" in rel.lower().split():
                    href = (el.get("href") or "").strip()
                    if href.lower().startswith(("http://", "https://")):
                        canonical_url = href
            continue
        content = el.get("content")
        if content is None:
            continue
        name = el.get("name") or el.get("property") or el.get("itemprop")
        if not name:
            continue
        content = " ".join(content.split())
        if not content:
            continue
        low = name.strip().lower()
        canonical = gov.get(low)
        if canonical is not None:
            if canonical not in meta:
                meta[canonical] = content
                lines[canonical] = el.sourceline
        elif low in ("og:title", "og:url", "article:published_time") and low not in og:
            og[low] = content
            lines[low] = el.sourceline
    if og.get("og:url") and not og["og:url"].lower().startswith(("http://", "https://")):
        del og["og:url"]
    return meta, lines, og, canonical_url, scripts


_SAVED_FROM_WINDOW = 4096  # characters


def _saved_from(text: str) -> str | None:
    m = _SAVED_FROM.search(text, 0, _SAVED_FROM_WINDOW)
    return m.group(1) if m else None


def _strip_site_name(title: str, site: str) -> str:
    """ "Article_四川省人民政府网站" -> "Article" when the tail is the SiteName meta."""
    if title.endswith(site) and len(title) > len(site):
        head = title[: -len(site)]
        m = _TITLE_TAIL.search(head)
        if m is not None and m.end() == len(head) and m.start() > 0:
            return head[: m.start()]
    return title


# --- main text and the walk ------------------------------------------------------------------------------


def _scan_body(body: Any) -> tuple[Any | None, list[Any], list[Any], list[str]]:
    """One pass over the body's containers for

    - the main-text element: the element whose <p> children hold the most text (outside footers), None
      without paragraphs;
    - the structural footer candidates: the outermost <footer> elements and elements whose id/class names a
      footer, in document order;
    - the main element's <p> children without child nodes that are no footer candidates, in order, and their
      texts ("" for none), for its walk (converting a paragraph's text out of the tree costs more than
      looking it up): `_main_lines`.

    Paragraphs, most of the containers, are read in a loop of their own; the other containers give the
    candidates, unless a paragraph is one too (rare): then every container is looked at again, in order.
    """
    found = _candidates(body.iter(*_CONTAINERS_BUT_P))
    scores: dict[Any, int] = {}
    footerish: dict[Any, bool] = {}
    paragraphs: dict[Any, tuple[list[Any], list[str]]] = {}  # by parent: the childless paragraphs and texts
    memo, footer_mark = _MARKS, _FOOTERISH
    hit_paragraph = False
    # Paragraphs come in runs under one parent: its score is summed in a local and stored when the parent
    # changes (the order in which parents enter `scores`, which breaks ties, is unchanged).
    run_parent: Any = None
    run_score = 0
    excluded = True
    add_el: Any = None
    add_text: Any = None
    for el in body.iter("p"):
        hit = False
        if el.values():  # (most paragraphs have no attribute at all: one call instead of two)
            ident, cls = el.get("id"), el.get("class")
            if ident is not None or cls is not None:
                marks = memo.get((ident, cls))
                if (_marks(ident, cls) if marks is None else marks) & footer_mark:
                    hit = hit_paragraph = True
        parent = el.getparent()
        if parent is not run_parent:
            if parent is None:
                continue
            if run_score:
                scores[run_parent] = scores.get(run_parent, 0) + run_score
            run_parent, run_score = parent, 0
            verdict = footerish.get(parent)
            if verdict is None:
                verdict = footerish[parent] = _is_footerish(parent) or _is_footerish(parent.getparent())
            excluded = verdict
            if not excluded:
                known = paragraphs.get(parent)
                if known is None:
                    known = paragraphs[parent] = ([], [])
                add_el, add_text = known[0].append, known[1].append
        if excluded:
            continue
        if len(el):
            run_score += len(_text(el).strip())
            continue
        # No child nodes at all (elements, comments): .text is the whole text, read without serialising.
        text = el.text
        if not hit:
            add_el(el)
            add_text(text or "")
        if text:
            run_score += len(text.strip())
    if run_score:
        scores[run_parent] = scores.get(run_parent, 0) + run_score
    if hit_paragraph:
        found = _candidates(body.iter(*_CONTAINERS))
    if scores:
        best, score = max(scores.items(), key=_SECOND)
        if score >= 40:
            els, texts = paragraphs.get(best) or ([], [])
            return best, found, els, texts
    return None, found, [], []


def _candidates(elements: Iterator[Any]) -> list[Any]:
    """The outermost of `elements` (in document order) that are <footer> or have an id/class naming a footer."""
    found: list[Any] = []
    memo, footer_mark = _MARKS, _FOOTERISH
    for el in elements:
        hit = el.tag == "footer"
        if not hit:
            if not el.values():  # (most containers have no attribute at all: one call instead of two)
                continue
            ident, cls = el.get("id"), el.get("class")
            if ident is None and cls is None:
                continue
            marks = memo.get((ident, cls))
            if not (_marks(ident, cls) if marks is None else marks) & footer_mark:
                continue
        if not (found and any(a is found[-1] for a in el.iterancestors())):
            found.append(el)
    return found


_SECOND = operator.itemgetter(1)


def _is_footerish(el: Any) -> bool:
    if el is None:
        return False
    tag = el.tag
    if tag.__class__ is not str:
        return False
    if tag == "footer":
        return True
    return bool(_marks(el.get("id"), el.get("class")) & _FOOTERISH)


# What an element's id/class say (footer, chrome), cached: pages of a site repeat the same few values, and
# the lowercased text and two regex searches cost more than a dict lookup. Long values are not cached.
_FOOTERISH, _CHROMEISH = 1, 2
_MARKS: dict[tuple[str | None, str | None], int] = {}
_MARKS_MAX, _MARKS_KEY_MAX = 4096, 256


def _marks(ident: str | None, cls: str | None) -> int:
    if ident is None and cls is None:
        return 0
    key = (ident, cls)
    marks = _MARKS.get(key)
    if marks is None:
        attrs = f"{ident or ''} {cls or ''}".lower()
        marks = (_FOOTERISH if _FOOTER_ATTR.search(attrs) is not None else 0) | (
            _CHROMEISH if _CHROME_ATTR.search(attrs) is not None else 0
        )
        if len(attrs) <= _MARKS_KEY_MAX:
            if len(_MARKS) >= _MARKS_MAX:
                _MARKS.clear()
            _MARKS[key] = marks
    return marks


def _walk(body: Any, main: Any | None) -> _Walk:
    """Visible lines of <body>: blocks and <br> break lines, table cells are spaced, scripts skipped.

    Each line gets its zone: the structural footer candidate it is in (outermost <footer> or footer-named
    element), whether it is in the main-text element, and whether it is in navigation/header/sidebar.
    This loop runs over every element of every page: it is written for speed (no calls per text piece).
    """
    walk = _Walk()
    lines, zones = walk.lines, walk.zones
    parts: list[str] = []
    part_line = 0
    part_zone = _OUTSIDE
    zone = _OUTSIDE  # the zone of the element being walked
    stack: list[tuple[Any, _Zone]] = []  # elements that changed the zone, with the zone before them
    skip, block, cells, chrome_tags = _SKIP, _BLOCK, _CELLS, _CHROME_TAGS
    iterator = etree.iterwalk(body, events=("start", "end", "comment"))
    for event, el in iterator:
        tag = el.tag
        if event == "start" and tag.__class__ is str:
            if tag in skip:
                iterator.skip_subtree()
                continue
            if tag in block:
                if parts:
                    _flush(parts, part_line, part_zone, lines, zones)
                    parts = []
            elif tag in cells:
                parts.append(" ")
            ident, cls = el.get("id"), el.get("class")
            new = zone
            if el is main:
                new = _Zone(new.candidate, True, new.chrome)
            if ident is not None or cls is not None or tag == "footer" or tag in chrome_tags:
                marks = _marks(ident, cls)
                if new.candidate < 0 and (tag == "footer" or marks & _FOOTERISH):
                    if parts:
                        _flush(parts, part_line, part_zone, lines, zones)
                        parts = []
                    new = _Zone(walk.candidates, new.main, new.chrome)
                    walk.candidates += 1
                if not new.chrome and (tag in chrome_tags or marks & _CHROMEISH):
                    new = _Zone(new.candidate, new.main, True)
            if new is not zone:
                stack.append((el, zone))
                zone = new
            text = el.text
            if text:
                if not parts:
                    part_line, part_zone = el.sourceline or 0, zone
                parts.append(text)
            continue
        if event == "end" and tag not in skip:
            if tag in block:
                if parts:
                    _flush(parts, part_line, part_zone, lines, zones)
                    parts = []
            elif tag in cells:
                parts.append(" ")
            if stack and stack[-1][0] is el:
                if zone.candidate >= 0 and stack[-1][1].candidate < 0 and parts:
                    _flush(parts, part_line, part_zone, lines, zones)
                    parts = []
                zone = stack.pop()[1]
        text = el.tail
        if text:
            if not parts:
                part_line, part_zone = el.sourceline or 0, zone
            parts.append(text)
    if parts:
        _flush(parts, part_line, part_zone, lines, zones)
    return walk


def _lines(top: Any, known: dict[Any, str] | None = None) -> list[Line]:
    """`_walk(top, …).lines` for a region whose zones are not needed (footer candidates, the main element, the
    title's surroundings, script-written fragments): the same lines, cheaper.

    Of the zones only the structural footer candidates change lines (entering and leaving one ends a line),
    and inside a candidate nothing can: ids and classes are read only outside one. Main text and chrome never
    end a line, so they are not tracked. The tree is walked child by child instead of with iterwalk: an
    element without children (most paragraphs, links, cells) is started and ended in one step. The events
    are those of `_walk` (including its handling of comments, entities and processing instructions, and the
    tail of `top` itself). `known` holds the text of childless paragraphs without id or class, already read
    (see `_scan_body`).
    """
    lines: list[Line] = []
    parts: list[str] = []
    part_line = 0
    candidate: Any = None  # the outermost footer candidate being walked, if any
    skip, block, cells, marks, footerish = _SKIP, _BLOCK, _CELLS, _MARKS, _FOOTERISH
    entity = etree.Entity
    stack: list[tuple[Any, str, Iterator[Any]]] = []  # open elements with children: (element, tag, siblings)
    children: Iterator[Any] = iter((top,))
    while True:
        for el in children:
            tag = el.tag
            if tag.__class__ is not str or tag in skip:
                # A skipped element, a comment or an entity reference: only its tail is text (an entity's twice,
                # as _walk reads it at both its events); a processing instruction is no event of _walk at all.
                if tag is not etree.PI:
                    text = el.tail
                    if text:
                        if not parts:
                            part_line = el.sourceline or 0
                        parts.append(text)
                        if tag is entity:
                            parts.append(text)
                continue
            if tag in block:
                if parts:
                    # (usually just the white space between two blocks: no line, nothing to fold)
                    if len(parts) > 1 or not parts[0].isspace():
                        text = " ".join("".join(parts).split())
                        if text:
                            lines.append((text, part_line))
                    parts = []
            elif tag in cells:
                parts.append(" ")
            known_text = known.get(el) if known else None
            if candidate is None and known_text is None:  # (a known paragraph has no id or class)
                ident, cls = el.get("id"), el.get("class")
                if ident is None and cls is None:
                    hit = tag == "footer"
                else:
                    found = marks.get((ident, cls))
                    hit = tag == "footer" or bool((_marks(ident, cls) if found is None else found) & footerish)
                if hit:
                    candidate = el
                    if parts:
                        text = " ".join("".join(parts).split())
                        if text:
                            lines.append((text, part_line))
                        parts = []
            text = el.text if known_text is None else known_text
            if text:
                if not parts:
                    part_line = el.sourceline or 0
                parts.append(text)
            entered = len(el) > 0
            if entered:
                stack.append((el, tag, children))
                children = iter(el)
            break  # walk the children first (the element ends when they are done), or end it now
        else:  # the children of the innermost open element are done: it ends
            if not stack:
                break
            el, tag, children = stack.pop()
            entered = False
        if entered:
            continue
        # The element ends (inline, not a function call: this runs for every element of every region).
        if tag in block:
            if parts:
                text = " ".join("".join(parts).split())
                if text:
                    lines.append((text, part_line))
                parts = []
        elif tag in cells:
            parts.append(" ")
        if el is candidate:
            candidate = None
            if parts:
                text = " ".join("".join(parts).split())
                if text:
                    lines.append((text, part_line))
                parts = []
        text = el.tail
        if text:
            if not parts:
                part_line = el.sourceline or 0
            parts.append(text)
    if parts:
        text = " ".join("".join(parts).split())
        if text:
            lines.append((text, part_line))
    return lines


def _main_lines(main: Any, els: list[Any], texts: list[str]) -> list[Line]:
    """`_lines(main, known)` for the main element, given its childless paragraphs and their texts (see
    `_scan_body`). When those are all its child nodes and it is a block, each paragraph starts and ends a
    line, so every piece of text is a line of its own, in order: the element's text, each paragraph's text
    and tail (at the paragraph's line), the element's tail; no walk is needed."""
    if len(els) != len(main) or main.tag not in _BLOCK:
        return _lines(main, dict(zip(els, texts, strict=True)))
    lines: list[Line] = []
    text = main.text
    if text and not text.isspace():
        lines.append((" ".join(text.split()), main.sourceline or 0))
    tails = "".join(filter(None, map(_TAIL, els)))
    if tails and not tails.isspace():
        for el, text in zip(els, texts, strict=True):  # text between the paragraphs: one line each, in order
            if text:
                text = " ".join(text.split())
                if text:
                    lines.append((text, el.sourceline or 0))
            text = el.tail
            if text and not text.isspace():
                lines.append((" ".join(text.split()), el.sourceline or 0))
    else:  # (the usual case: only line breaks between them) each paragraph's folded text, at its line
        folded = list(map(" ".join, map(str.split, texts)))
        numbers = list(map(_SOURCELINE, els))
        if not all(numbers):  # (a line is None for an element made in code)
            numbers = [number or 0 for number in numbers]
        lines.extend(compress(zip(folded, numbers, strict=True), folded))
    text = main.tail
    if text and not text.isspace():
        lines.append((" ".join(text.split()), main.sourceline or 0))
    return lines


_TAIL = operator.attrgetter("tail")
_SOURCELINE = operator.attrgetter("sourceline")


def _flush(parts: list[str], line: int, zone: _Zone, lines: list[Line], zones: list[_Zone]) -> None:
    # One visible line from the text pieces gathered since the last block boundary (white space folded).
    text = " ".join("".join(parts).split())
    if text:
        lines.append((text, line))
        zones.append(zone)


def _footer_by_content(walk: _Walk) -> tuple[list[Line], str]:
    """The footer's lines by content: the last cluster of footer lines outside the main text, else anywhere."""
    outside = [i for i, zone in enumerate(walk.zones) if not zone.main]
    cluster = footer_cluster([walk.lines[i] for i in outside])
    if cluster:
        return [walk.lines[outside[i]] for i in cluster], "content"
    cluster = footer_cluster(walk.lines)
    if cluster:
        return [walk.lines[i] for i in cluster], "content"
    return [], "none"


def _title_region(h1: Any | None) -> Any | None:
    """The element around the title where the date line usually is (the h1's grandparent, else parent)."""
    if h1 is None:
        return None
    region = h1.getparent()
    if region is None or region.tag in ("body", "html"):
        return None
    grand = region.getparent()
    return grand if grand is not None and grand.tag not in ("body", "html") else region


# --- scripts ---------------------------------------------------------------------------------------------


def _scripts(
    elements: list[Any],
) -> tuple[list[Line], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Footer text written by scripts (as lines), the filing links in it, `sitecode` attributes, and siteCode=
    in the URLs of forms, scripts and frames (site search, error reporting; links: _filing_links), from the
    page's <script>, <form> and <iframe> elements in document order (see `_head`)."""
    lines: list[Line] = []
    links: list[dict[str, Any]] = []
    sitecodes: list[dict[str, Any]] = []
    params: list[dict[str, Any]] = []
    for el in elements:
        tag = el.tag
        for attr in _URL_ATTRS[tag]:
            url = el.get(attr)
            if url and "itecode=" in url.lower():
                m = _SITECODE_PARAM.search(url)
                if m is not None:
                    where = f"siteCode= ({tag} {attr})"
                    params.append(_occurrence("attribute", text=where, href=url, value=m.group(1), line=el.sourceline))
        if tag != "script":
            continue
        code = el.get("sitecode")
        if code and code.strip():
            sitecodes.append(
                _occurrence("attribute", text="sitecode", href=el.get("src"), value=code.strip(), line=el.sourceline)
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
            fragment: Any = etree.fromstring(f"<div>{written}</div>".encode("utf-8", "surrogatepass"), _parser())
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            continue
        if fragment is None:
            continue
        default = next((line for value, line in literals if has_strong_signal(value)), first_line)
        squeezed = [(" ".join(value.split()), line) for value, line in literals]
        for text, _ in _lines(fragment):
            # The line of the literal the text starts in (a literal holds the markup around the text too).
            key = text[:6]
            lines.append((text, next((line for value, line in squeezed if key in value), default)))
        for link in _filing_links(fragment):
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


# --- links and attributes --------------------------------------------------------------------------------


def _filing_links(root: Any) -> list[dict[str, Any]]:
    """Links that are evidence for the ICP or public security number, as occurrences with a `_field` key.

    A link counts when its host is a filing system's (beian.miit.gov.cn, the retired miibeian.gov.cn,
    beian.gov.cn, beian.mps.gov.cn) or when its text shows an ICP or public security number.
    """
    links: list[dict[str, Any]] = []
    for el in root.iter("a"):
        href = el.get("href")
        if not href:
            continue
        low = href.lower()
        # Most links are the site's own relative ones: four searches rule them out (an absolute link holds
        # "//"; the words are searched before stripping, which cannot change whether they occur).
        if "//" not in low and "itecode=" not in low and "beian" not in low and "miit" not in low:
            continue
        href = href.strip()
        low = low.strip()
        if "itecode=" in low:
            m = _SITECODE_PARAM.search(href)
            if m is not None:
                where, line = "siteCode= (a href)", el.sourceline
                code = _occurrence("attribute", text=where, href=href, value=m.group(1), line=line)
                links.append({"_field": "site_code", **code})
        if "beian" in low or "miit" in low:
            host, path = _host_and_path(low)
        elif low.startswith(("http://", "https://", "//")):
            host, path = "", ""  # another site: evidence only if its text shows a filing number
        else:
            continue  # a relative link: site navigation, never a filing system
        text = _clean(el.text if not len(el) else _text(el))  # (no child node: the text is .text)
        if not text:
            text = _clean(" ".join(img.get("alt") or img.get("title") or "" for img in el.iter("img")))
        kind = _link_kind(host, path, text)
        if kind is None:
            continue
        value: str | None = None
        if kind == "public_security":
            value = _record_code(href)
        links.append(
            {
                "_field": kind,
                **_occurrence("link", text=text[:_ANCHOR_TEXT_MAX] or None, href=href, value=value, line=el.sourceline),
            }
        )
    return links


def _link_kind(host: str, path: str, text: str) -> str | None:
    if host in PSB_HOSTS:
        return "public_security"
    if host in MIIT_HOSTS or host in RETIRED_MIIT_HOSTS or path.startswith(RETIRED_MIIT_PATH):
        return "icp"
    if not text:
        return None
    low = text.lower()
    if "公网安备" in text or "security record" in low or "公安" in text:
        return "public_security"
    if "icp" in low:
        return "icp"
    return None


_Value = TypeVar("_Value")


def _memoised(memo: dict[str, _Value], key: str, read: Callable[[str], _Value], longest: int) -> _Value:
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


def _record_code(href: str) -> str | None:
    """The digits of recordcode= (beian.gov.cn) or code= (beian.mps.gov.cn, also in the #fragment)."""
    return _memoised(_CODES, href, _read_record_code, 512)


# A site's public security link is the same on every page: its number is memoised (short URLs only).
_CODES: dict[str, str | None] = {}


def _read_record_code(href: str) -> str | None:
    m = _CODE_PARAM.search(unquote(href))
    if m is None:
        return None
    digits = m.group(1).replace(" ", "")
    return digits or None


# A site's filing links are the same on every page: what their URLs say is memoised (short URLs only).
_HOSTS: dict[str, tuple[str, str]] = {}


def _host_and_path(url: str) -> tuple[str, str]:
    return _memoised(_HOSTS, url, host_and_path, 512)


# --- small helpers ---------------------------------------------------------------------------------------

# A site's pages share few publication dates (a day's articles): what a meta value says is memoised.
_DATES: dict[str, str | None] = {}


def _date_value(raw: str) -> str | None:
    return _memoised(_DATES, raw, parse_date_value, 64)


def _occurrence(
    kind: str, *, text: str | None = None, href: str | None = None, value: str | None = None, line: int | None = None
) -> dict[str, Any]:
    item: dict[str, Any] = {"in": kind}
    if text:
        item["text"] = text
    if href:
        item["href"] = href
    if value:
        item["value"] = value
    if line:
        item["line"] = line
    return item


def _add_hits(found: dict[str, list[dict[str, Any]]], hits: dict[str, NumberHit], kind: str) -> None:
    for name, hit in hits.items():
        found[name].append(_occurrence(kind, text=hit.text, value=hit.value, line=hit.line))


def _text(el: Any) -> str:
    """The text content of an element (what lxml.html's text_content() gives), in C and thread-safe."""
    text: str = etree.tostring(el, method="text", encoding=str, with_tail=False)
    return text


# Footer lines repeat on every page of a site: their normalised form is memoised (short lines only).
_NORMALIZED: dict[str, str] = {}


def _normalized(text: str) -> str:
    norm = _NORMALIZED.get(text)
    if norm is None:
        norm = normalize(text)
        if len(text) <= 400:
            if len(_NORMALIZED) >= 2048:
                _NORMALIZED.clear()
            _NORMALIZED[text] = norm
    return norm


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _set_line(lines: dict[str, int], pointer: str, line: int | None) -> None:
    if line:
        lines[pointer] = line


# --- HTML bytes -> a source item ---------------------------------------------------------------------------


def html_item(
    data: bytes,
    *,
    location: Location,
    source_location: str,
    id_hint: str,
    url: str | None = None,
    captured_at: str | None = None,
    http_charset: str | None = None,
    raw: bytes | None = None,
    media_type: str | None = None,
    source_extra: dict[str, Any] | None = None,
    identity: bytes | None = None,
    with_lines: bool = True,
) -> SourceItem:
    """One HTML page's bytes -> a record (or an I004 finding when there is no document at all).

    `raw`/`media_type` are what the record was made from when that is not the page itself (a WARC record);
    `identity` is what makes the capture unique for its id (default: the bytes). Decoding problems become
    I006 notes attached to the record. `with_lines=False` (WARC) leaves `field_lines` out, because line
    numbers of a page inside a WARC record are not lines of the input file.
    """
    if not data or data.isspace():  # what `not data.strip()` says, without copying the page
        return EMPTY.finding(f"{source_location} is empty: no HTML page", location)
    refused = page_too_large(data, source_location, location)
    if refused is not None:
        return refused
    limit = max_page_elements()
    # Every element takes at least one byte: a page no longer than the limit cannot exceed it (no count).
    if len(data) > limit:
        elements = data.count(b"<")
        if elements > limit:
            return TOO_LARGE.finding(
                f"{source_location} has up to {elements} elements ('<' characters); pav reads pages of up to "
                f"{limit} elements (PAV_MAX_PAGE_ELEMENTS): not checked",
                location,
            )
    decoded = decode_page(data, http_charset)
    notes = charset_notes(decoded, location, source_location)
    charset, charset_from = decoded.encoding, decoded.charset_from
    utf8 = _utf8_of(data, decoded)
    # Of the text only its head is read (the "saved from" comment): the page's text, and its UTF-8 copy once
    # parsed, are let go early, so their memory is reused while still in the cache.
    head = decoded.text[:_SAVED_FROM_WINDOW]
    del decoded
    try:
        root = _parse(utf8)
    except ParseFailed:
        return EMPTY.finding(f"{source_location} holds no HTML document", location)
    del utf8
    page = _read(root, head)
    del root
    sha256 = hashlib.sha256(raw if raw is not None else data).hexdigest()
    source: dict[str, Any] = {
        "location": source_location,
        "media_type": media_type or "text/html",
        "sha256": sha256,
        "charset": charset,
        "charset_from": charset_from,
    }
    if source_extra:
        source.update(source_extra)
    record = record_dict(
        record_id=make_id(
            id_hint,
            identity if identity is not None else data,
            identity_sha256=sha256 if identity is None and raw is None else None,
        ),
        url=url or page.url,
        title=page.title,
        language=page.language,
        published_at=page.published_at,
        captured_at=captured_at,
        section=page.section,
        body=page.body,
        footer=page.footer,
        source=source,
        evidence=page.evidence,
    )
    return SourceRecord(
        record,
        location,
        raw if raw is not None else data,
        media_type or "text/html",
        page.field_lines if with_lines else None,
        notes,
    )


def page_too_large(data: bytes, source_location: str, location: Location, size: int | None = None) -> Finding | None:
    """I011 when a page's bytes (`size`, when more than `data` is known to exist) exceed PAV_MAX_PAGE_BYTES."""
    limit = max_page_bytes()
    size = max(len(data), size or 0)
    if size <= limit:
        return None
    shown = f"more than {size_text(limit)}" if size == limit + 1 else size_text(size)
    return TOO_LARGE.finding(
        f"{source_location} is {shown}; pav reads pages of up to {limit} bytes (PAV_MAX_PAGE_BYTES): not checked",
        location,
    )


def read_page_bytes(stream: IO[bytes]) -> tuple[bytes, int]:
    """At most PAV_MAX_PAGE_BYTES + 1 bytes of a page file, and the file's size (as far as it is known)."""
    limit = max_page_bytes() + 1
    try:
        status = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        status = None
    if status is not None and stat.S_ISREG(status.st_mode) and status.st_size < limit:
        # A regular file's size is known: asking for just over it avoids allocating (and shrinking) a buffer
        # of the whole limit per page, which costs more than reading a 30 KB page. A file that grew since is
        # read on to the limit, as below.
        data = stream.read(status.st_size + 1)
        if len(data) > status.st_size:
            data += stream.read(limit - len(data))
        return data, max(status.st_size, len(data))
    data = stream.read(limit)
    if status is None:
        return data, len(data)
    try:
        size = os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        size = len(data)
    return data, max(size, len(data))


def charset_notes(decoded: Decoded, location: Location, source_location: str) -> tuple[Finding, ...]:
    """I006 notes for a page that lies about its encoding or has undecodable bytes."""
    notes: list[Finding] = []
    if decoded.declaration_wrong:
        notes.append(
            PAGE_CHARSET.finding(
                f"{source_location} declares charset {decoded.declared_label or decoded.declared} but is "
                f"{decoded.encoding}; read as {decoded.encoding}",
                location,
            )
        )
    if decoded.replaced:
        where = f" (first at line {decoded.first_bad_line})" if decoded.first_bad_line else ""
        notes.append(
            PAGE_CHARSET.finding(
                f"{source_location} has {decoded.replaced} byte{'s' if decoded.replaced != 1 else ''} that are not "
                f"valid {decoded.encoding}{where}; replaced with U+FFFD",
                Location(location.file, decoded.first_bad_line, location.index)
                if location.line is None and location.index is None
                else location,
            )
        )
    return tuple(notes)


def read_html_file(stream: IO[bytes], name: str) -> Iterator[SourceItem]:
    """An `.html` / `.htm` / `.shtml` file: one page. captured_at is the file's modification time.

    At most PAV_MAX_PAGE_BYTES (+1) are read: a larger file is I011, never held in memory whole."""
    data, size = read_page_bytes(stream)
    refused = page_too_large(data, name, Location(name), size)
    if refused is not None:
        yield refused
        return
    yield html_item(
        data,
        location=Location(name),
        source_location=name,
        id_hint=os.path.splitext(os.path.basename(name))[0],
        captured_at=file_captured_at(stream),
    )
