"""A page's links, for the crawl-level checks (`validator.rules.site`): every `<a href>` with its source line, the
`<base href>`, and the last section of the breadcrumb.

Read only when a run asks for it (`validator.sources.collecting()`: `pav check` with a crawl-level rule enabled),
from the tree the page reader has already parsed, so a run without those rules pays nothing.

What is kept is small: the links' raw hrefs (resolved against the page's URL by the engine, which knows it), each
with the line of its first occurrence, without `javascript:`, `mailto:`, `tel:` and fragment-only links, and at
most MAX_LINKS of them per page (a page with more is a link farm, not a page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from validator.sources.html.tree import clean, element_text

__all__ = ["MAX_LINKS", "PageLinks", "page_links"]

MAX_LINKS = 2000
_NOT_PAGES = ("javascript:", "mailto:", "tel:", "#", "data:", "about:")
# Class or id words of a breadcrumb ("当前位置：首页 > 政务公开 > 正文"): crumbs, breadcrumb, position, location,
# and the pinyin initials Chinese CMS templates use (dqwz: 当前位置, mbx: 面包屑).
_CRUMB_WORDS = ("crumb", "position", "location", "dqwz", "mbx", "weizhi")


@dataclass(frozen=True, slots=True)
class PageLinks:
    """The links of one page: `hrefs` as written, with the line of their first occurrence; `base` the `<base
    href>`; `breadcrumb` the text of the breadcrumb's last link (the section the page is in), if any."""

    hrefs: tuple[tuple[str, int | None], ...] = ()
    base: str | None = None
    breadcrumb: str | None = None
    canonical: str | None = None  # <link rel="canonical"> or og:url: which URL of a page served twice is its own


def page_links(root: Any, canonical: str | None = None, breadcrumb: bool = True) -> PageLinks:
    """The links of a parsed page (plain lxml.etree elements); `canonical` as the head reader found it; the
    breadcrumb's section when `breadcrumb` (a page whose ColumnName meta tag names its section needs none)."""
    seen: dict[str, int | None] = {}
    skipped: set[str] = set()  # hrefs already judged not to be pages (a page repeats its javascript: links too)
    for el in root.iter("a"):
        href = el.get("href")
        if not href or href in seen or href in skipped:  # most repeats are exact: judged once
            continue
        raw, href = href, href.strip()
        if not href or href.lower().startswith(_NOT_PAGES) or href in seen:
            skipped.add(raw)
            continue
        seen[href] = el.sourceline
        if len(seen) >= MAX_LINKS:
            break
    head = next(root.iterchildren("head"), None)  # <base> belongs in the head: not a walk of the whole page
    base_el = next(head.iter("base"), None) if head is not None else None
    base = (base_el.get("href") or "").strip() or None if base_el is not None else None
    return PageLinks(tuple(seen.items()), base, _breadcrumb(root) if breadcrumb else None, canonical)


_CRUMB_SEARCH = 400  # elements looked at: a breadcrumb sits above the article, not after 400 blocks of the page


def _breadcrumb(root: Any) -> str | None:
    for count, el in enumerate(root.iter("div", "nav", "p", "span", "ol", "ul")):
        if count >= _CRUMB_SEARCH:
            break
        ident, cls = el.get("id"), el.get("class")
        marks = f"{cls} {ident}".lower() if ident or cls else ""
        if not (marks and any(word in marks for word in _CRUMB_WORDS)):
            text = el.text
            if not text or ("当前位置" not in text and "您的位置" not in text):
                continue
        anchors = [clean(element_text(a)) for a in el.iter("a")]
        anchors = [text for text in anchors if text and text not in ("首页", "网站首页", "Home")]
        if anchors:
            return anchors[-1][:100]
    return None
