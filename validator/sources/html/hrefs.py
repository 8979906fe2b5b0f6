"""A page's links, for the crawl-level checks (`validator.rules.site`): every `<a href>` with its source line and the
`<base href>`; and the section its breadcrumb names (`breadcrumb_section`, which the page reader asks for every
page without a ColumnName meta tag: the record's section).

The links are read only when a run asks for them (`validator.sources.collecting()`: `pav check` with a
crawl-level rule enabled), from the tree the page reader has already parsed, so a run without those rules pays
nothing.

What is kept is small: the links' raw hrefs (resolved against the page's URL by the engine, which knows it), each
with the line of its first occurrence, without `javascript:`, `mailto:`, `tel:` and fragment-only links, and at
most MAX_LINKS of them per page (a page with more is a link farm, not a page).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from validator.sources.html.tree import clean, element_text

__all__ = ["MAX_LINKS", "PageLinks", "breadcrumb_section", "page_links"]

MAX_LINKS = 2000
_NOT_PAGES = ("javascript:", "mailto:", "tel:", "#", "data:", "about:")
# Class or id words of a breadcrumb ("当前位置：首页 > 政务公开 > 正文"): crumbs, bread(crumb), position, location,
# path, and the pinyin initials Chinese CMS templates use (dqwz: 当前位置, mbx: 面包屑).
_CRUMB_WORDS = ("crumb", "bread", "position", "location", "path", "dqwz", "mbx", "weizhi")


@dataclass(frozen=True, slots=True)
class PageLinks:
    """The links of one page: `hrefs` as written, with the line of their first occurrence; `base` the `<base
    href>`. (The section the breadcrumb names is the record's, read by the page reader: `breadcrumb_section`.)"""

    hrefs: tuple[tuple[str, int | None], ...] = ()
    base: str | None = None
    canonical: str | None = None  # <link rel="canonical"> or og:url: which URL of a page served twice is its own


def page_links(root: Any, canonical: str | None = None) -> PageLinks:
    """The links of a parsed page (plain lxml.etree elements); `canonical` as the head reader found it."""
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
    return PageLinks(tuple(seen.items()), base, canonical)


_CRUMB_SEARCH = 400  # elements looked at: a breadcrumb sits above the article, not after 400 blocks of the page
_CRUMB_LINKS = 600  # links looked at for a trail of links joined by ">" (a portal's navigation comes first)
# What stands between the links of a trail: ">" and its kin (">>", "»", "›", "→", full-width ＞), white space.
_TRAIL_SEPARATOR = re.compile(r"[\s\u00a0]*(?:[>»›→＞]+|&gt;)[\s\u00a0>»›→＞]*")
# The label a breadcrumb starts with: 当前位置, 您的位置, 您所在的位置, 您现在的位置, 现在位置 ...
_POSITION = re.compile(r"(?:当前|所在|您的|你的|现在)的?位置")
_TRAIL_HEAD = re.compile(r"[\s\u00a0]*(?:[\u3400-\u9fff]{0,4}位置[:：]?)?[\s\u00a0]*")
_NOT_SECTIONS = frozenset(
    ("首页", "网站首页", "主页", "返回首页", "栏目首页", "频道首页", "Home", "HOME", "home", "正文", "详情", "内容")
)


def breadcrumb_section(root: Any) -> str | None:
    """The section a page's breadcrumb names: the text of its last link that is not the home page ("当前位置：首页 >
    政务公开 > 正文" gives 政务公开). A breadcrumb is an element whose id or class names one (crumb, position,
    location and the pinyin initials templates use) or whose text starts 当前位置/您所在的位置 …; else a trail of two
    links or more joined by ">" and its kin, nothing else between them ("人民网>>经济·科技", "首页 » 国内 » 正文")."""
    return _breadcrumb(root) or _trail(root)


def _breadcrumb(root: Any) -> str | None:
    for count, el in enumerate(root.iter("div", "nav", "p", "span", "ol", "ul", "td")):
        if count >= _CRUMB_SEARCH:
            break
        ident, cls = el.get("id"), el.get("class")
        marks = f"{cls} {ident}".lower() if ident or cls else ""
        if not (marks and any(word in marks for word in _CRUMB_WORDS)):
            text = el.text
            if not text or "位置" not in text or _POSITION.search(text) is None:
                continue
        anchors = _sections(el.iter("a"))
        if anchors:
            return anchors[-1][:100]
    return None


_SEPARATOR_CHAR = re.compile(r"[>»›→＞]")


def _trail(root: Any) -> str | None:
    """The section a trail of links joined by ">" names (see `breadcrumb_section`). A trail's links are children of
    one element, or each alone in a child of it (`<span><a>…</a></span><span>&gt;</span>…`). Only a link followed
    by a separator can start one: the others cost a look at their tail."""
    seen: set[Any] = set()  # (the elements themselves: a proxy's id is reused once it is let go)
    separator = _SEPARATOR_CHAR.search
    for count, anchor in enumerate(root.iter("a")):
        if count >= _CRUMB_LINKS:
            break
        tail = anchor.tail
        node = anchor
        if not tail or separator(tail) is None:
            wrapper = anchor.getparent()
            if wrapper is None or len(wrapper) != 1 or (wrapper.text or "").strip():
                continue
            after, following = wrapper.tail, wrapper.getnext()
            if not (after and separator(after)) and not (
                following is not None and following.text and separator(following.text)
            ):
                continue
            node = wrapper  # (each link alone in a span of its own)
        holder = node.getparent()
        if holder is None or holder in seen:
            continue
        seen.add(holder)
        names = _trail_names(holder)
        if names:
            return names[-1][:100]
    return None


_HOME_PATH = re.compile(r"(?:https?:)?(?://[^/?#]*)?/?(?:index|default)?(?:\.s?html?|\.php|\.aspx?|\.jsp)?", re.I)


def _sections(anchors: Iterable[Any]) -> list[str]:
    """The texts of a breadcrumb's links that name sections: not the home page, by its words (首页, Home) or, for
    the first link, by its address (a site's root: "新华网 > 正文" names no section; a later link to a root is a
    channel's, "人民网 >> 经济·科技" at finance.people.com.cn)."""
    names = []
    for index, anchor in enumerate(anchors):
        # (a separator written inside the link, "/ Society"; a year's sub-column, "2024", names no section)
        text = clean(element_text(anchor)).strip(" /|>»›")
        if not text or text in _NOT_SECTIONS or not any(char.isalpha() for char in text):
            continue
        if index == 0 and _HOME_PATH.fullmatch((anchor.get("href") or "").strip()):
            continue
        names.append(text)
    return names


def _trail_names(holder: Any) -> list[str] | None:
    """The links' texts of `holder` when it is a trail: its children are links (or wrappers of one link) and
    separators, at least one ">" between every two links, and nothing else; None otherwise."""
    if _TRAIL_HEAD.fullmatch(holder.text or "") is None:
        return None
    links: list[Any] = []
    between = ""  # what stands since the last link
    for child in holder:
        if not isinstance(child.tag, str):  # a comment
            between += child.tail or ""
            continue
        link = child if child.tag == "a" else (child[0] if len(child) == 1 and child[0].tag == "a" else None)
        if link is None:
            if len(child):
                return None
            between += (child.text or "") + (child.tail or "")
            continue
        if link is not child and ((child.text or "").strip() or (link.tail or "").strip()):
            return None
        if links and _TRAIL_SEPARATOR.fullmatch(between) is None:
            return None
        links.append(link)
        between = child.tail or ""
    # (after the last link: nothing, a separator, or the page itself: "> 正文")
    return (_sections(links) or None) if len(links) >= 2 else None
