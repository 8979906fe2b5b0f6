"""The title: the headline a reader sees, never the site's name, never markup.

Pages give their title in several places, each with its own fault: <title> carries the site and section
names ("…--时政--人民网", "…_光明网", "… - 岳池翔凤网"); the government CMS's ArticleTitle meta tag sometimes
carries markup (a `<div>——…</div>` subtitle); the page's heading is what a reader sees, but a page has many
headings (the site logo, section names, related articles). So, in this order:

1. a heading of the page (h1-h3, or an element whose class or id says "title") whose text is the title that
   <title>, ArticleTitle or og:title give, or a part of it between separators (the headline as shown, without
   the site and section names before or after it), or the title without a bracketed note at its end (a
   document number "(金罚决字〔2024〕36号)" the page shows on a line of its own);
2. the ArticleTitle meta tag, without markup (the text of a `<div>——subtitle</div>` inside it is kept: the
   page shows the subtitle under the headline, and <title> joins them);
3. og:title, then <title>, each without their site-name parts; but when <title> only names the kind of page
   ("科普中国-辟谣文章", "新闻详情"), the first heading longer than it outside bars, menus and sidebars;
4. the first h1.

A site-name part is a trailing part of the title, after a separator (_ | -- " - " " — "), that names the site
(the SiteName meta tag, og:site_name) or reads like a site or section name (…网, …政府, …日报, "News", a short
section name after a long headline). A bare "-" separates only when what follows reads like a site name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from validator.sources.html.head import Head
from validator.sources.html.tree import clean, element_text

__all__ = ["heading_lines", "read_title", "strip_markup", "without_site_name"]

# Markup written into a title (escaped in <title>, or raw in a meta tag's content).
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]{0,300}>")
# Separators of title parts: "_", "|", "｜", "--" (or longer), and " - ", " – ", " — " with spaces around.
_SEPARATOR = re.compile(r"\s*(?:_+|\|+|｜|-{2,}|－{2,})\s*|\s+[-–—－]\s+")
_SEPARATOR_KEPT = re.compile(f"({_SEPARATOR.pattern})")
_SEPARATOR_AT_END = re.compile(f"(?:{_SEPARATOR.pattern})$")
_BARE_DASH = re.compile(r"(?<=\S)[-－](?=\S)")
# What a site or section name reads like.
_SITE_WORDS = re.compile(
    r"(?:网|网站|政府|人民政府|门户|频道|日报|晚报|早报|新闻|在线|电视台|广播|报社|融媒|客户端|中国|中心|官网)$"
    r"|(?:\.com|\.cn|\.net|\.org)|(?i:\b(?:news|daily|online|portal|times|gov|government|network|website)\b)"
)
# A page type a <title> names instead of the article: "辟谣文章", "新闻详情", "详情页", "正文".
_PAGE_LABEL = re.compile(r"(?:详情|正文|文章|内容|资讯|新闻|信息|公告|动态)(?:页|页面)?$")
_SHORT_SECTION = 8  # characters: "时政", "滚动新闻", "要闻云南" after a longer headline are section names
_BRACKETED = re.compile(r"[(（][^()（）]{1,60}[)）]")
_HEADING_TAGS = ("h1", "h2", "h3")
_HEADINGS_MAX = 40
_TITLE_ELEMENTS_MAX = 400  # (a portal page lists hundreds of linked titles in menus before the article's own)
_TITLE_MAX = 300


def read_title(head: Head, body: Any) -> tuple[str, int | None, Any | None] | None:
    """The page's title, the source line it was read from, and the heading element that shows it (None when
    the page shows it in no heading pav found); None without any title."""
    site_names = {name for name in (head.meta.get("SiteName"), head.properties.get("og:site_name")) if name}
    raw_meta = head.meta.get("ArticleTitle")
    meta_title = strip_markup(clean(raw_meta)) if raw_meta else ""
    page_title = strip_markup(clean(element_text(head.title))) if head.title is not None else ""
    og_title = strip_markup(head.properties.get("og:title") or "")
    # In order of trust; a <title> that is only the site's name names no article.
    full_titles = [text for text in (meta_title, og_title, page_title) if text and text not in site_names]
    if full_titles:
        found = _shown_heading(body, full_titles, site_names)
        if found is not None:
            return found
    if meta_title:
        return meta_title, head.lines.get("ArticleTitle"), None
    if og_title:
        return without_site_name(og_title, site_names), head.lines.get("og:title"), None
    if page_title and head.title is not None and _is_page_label(page_title):
        found = _first_headline(body, page_title)
        if found is not None:
            return found
    if page_title and head.title is not None:
        return without_site_name(page_title, site_names), head.title.sourceline, None
    h1 = next(body.iter("h1"), None)
    if h1 is not None:
        text = strip_markup(clean(element_text(h1)))
        if text:
            return text, h1.sourceline, h1
    return None


def _shown_heading(body: Any, titles: list[str], site_names: set[str]) -> tuple[str, int | None, Any] | None:
    """The first heading that shows the most trusted of `titles`, outside a sticky bar or a menu when one does
    (a sticky header repeating the headline comes before the article's own)."""
    best: tuple[tuple[bool, int], tuple[str, int | None, Any]] | None = None  # ((in chrome, title rank), heading)
    for el, text in _headings(body):
        rank = next((r for r, title in enumerate(titles) if _is_part_of(text, title, site_names)), None)
        if rank is None or (best is not None and (False, rank) >= best[0]):
            continue  # (no better than what was found, even outside chrome)
        key = (_in_chrome(el), rank)
        if best is None or key < best[0]:
            best = (key, (text, el.sourceline, el))
            if key == (False, 0):
                break
    return best[1] if best is not None else None


def heading_lines(body: Any, text: str) -> set[int]:
    """The source lines of the headings (h1-h3, elements whose class or id says title) that show `text`: where a
    line of that text is a heading, not a line of the article's own text."""
    wanted = "".join(text.split())
    return {el.sourceline for el, shown in _headings(body) if el.sourceline and "".join(shown.split()) == wanted}


def _is_page_label(title: str) -> bool:
    """Whether a <title> names the kind of page, not its article: short parts only, one of them a page type
    ("科普中国-辟谣文章", "新闻详情 - 某某网", "详情页")."""
    parts = [part.strip() for part in _SEPARATOR.split(title) if part.strip()]
    if len(parts) == 1:
        parts = [part for part in _BARE_DASH.split(title) if part]
    return all(len(part) <= _SHORT_SECTION for part in parts) and any(
        _PAGE_LABEL.search(part) is not None for part in parts
    )


def _first_headline(body: Any, label: str) -> tuple[str, int | None, Any] | None:
    """The first heading outside a bar, menu or sidebar that is longer than the page label <title> gives (the
    article's headline on a page whose <title> names only the kind of page)."""
    for el, text in _headings(body):
        if len(text) > len(label) and not _in_chrome(el) and label not in text:
            return text, el.sourceline, el
    return None


def _is_part_of(heading: str, title: str, site_names: set[str]) -> bool:
    """Whether a heading shows the title: the title itself, or its part before or after a separator
    ("标题_网站", "标题 - 栏目 - 网站", "Site - Section - Headline"), or before a site name after a space
    ("标题 松花江网")."""
    if len(heading) < 4 and heading != title:
        return False
    if title == heading:
        return True
    if title.startswith(heading):
        rest = title[len(heading) :]
        if _SEPARATOR.match(rest) is not None:
            return True
        if _BRACKETED.fullmatch(rest.strip()) is not None:
            # "…信息公开表(金罚决字〔2024〕36号)": a document number or note the page shows on a line of its own
            return True
        # "标题 松花江网", "标题-新华网": a space or a bare dash before a site name
        return rest[:1] in (" ", "-", "－") and _is_site_part(rest[1:], heading, site_names)
    if title.endswith(heading):
        before = title[: -len(heading)]
        return _SEPARATOR.search(before) is not None and _SEPARATOR_AT_END.search(before) is not None
    return False


# Containers that repeat the headline outside the article: a sticky or floating top bar, navigation, a sidebar.
_REPEATS = re.compile(r"nav|menu|sidebar|crumb|fixed|sticky|float|share", re.IGNORECASE)


def _in_chrome(el: Any) -> bool:
    for around in el.iterancestors():
        if around.tag == "nav":
            return True
        ident, cls = around.get("id"), around.get("class")
        if (ident or cls) and _REPEATS.search(f"{ident or ''} {cls or ''}") is not None:
            return True
    return False


def strip_markup(text: str) -> str:
    """Text without the tags written into it ("<font color=red>标题</font>" -> "标题"), white space folded."""
    if "<" not in text:
        return text
    return clean(_TAG.sub("", text))


def without_site_name(title: str, site_names: set[str] | frozenset[str] = frozenset()) -> str:
    """The title without its trailing site and section names (see the module docstring)."""
    pieces = _SEPARATOR_KEPT.split(title)  # [part, separator, part, separator, part, …]
    if len(pieces) == 1:
        pieces = _bare_dash_parts(title, site_names)
        if len(pieces) == 1:
            return title
    first = pieces[0]
    while len(pieces) > 1 and _is_site_part(pieces[-1], first, site_names):
        del pieces[-2:]
    return "".join(pieces).strip() or title


def _bare_dash_parts(title: str, site_names: set[str] | frozenset[str]) -> list[str]:
    # "标题-某某市人民政府": a bare dash separates only a site name at the end.
    dashes = list(_BARE_DASH.finditer(title))
    if not dashes:
        return [title]
    last = dashes[-1]
    head, tail = title[: last.start()], title[last.end() :]
    if (
        tail in site_names
        or _SITE_WORDS.search(tail) is not None
        or (len(tail) <= _SHORT_SECTION and len(head) >= 2 * len(tail) and not any(ch.isdigit() for ch in tail))
    ):
        return [head, last.group(), tail]  # ("…虚假宣传-搜狐财经"; never "COVID-19" or "2023-2024")
    return [title]


def _is_site_part(part: str, first: str, site_names: set[str] | frozenset[str]) -> bool:
    part = part.strip()
    if not part:
        return True
    if part in site_names or any(name in part for name in site_names):
        return True
    if _SITE_WORDS.search(part) is not None:
        return True
    return len(part) <= _SHORT_SECTION and len(first) >= 2 * len(part)


def _headings(body: Any) -> Iterator[tuple[Any, str]]:
    """Headings of the page with their text, most likely first: h1, h2, h3, then elements whose class or id
    says title (found by XPath, in C). A generator: the search stops at the first heading that shows the title,
    and the XPath runs only when no h1-h3 does."""
    count = 0
    for tag in _HEADING_TAGS:
        for el in body.iter(tag):
            text = strip_markup(clean(element_text(el)))
            if text and len(text) <= _TITLE_MAX:
                yield el, text
                count += 1
                if count >= _HEADINGS_MAX:
                    return
    elements = _TITLE_ELEMENTS(body)
    for el in elements if isinstance(elements, list) else []:
        text = strip_markup(clean(element_text(el)))
        if text and len(text) <= _TITLE_MAX:
            yield el, text
            count += 1
            if count >= _TITLE_ELEMENTS_MAX:
                return


# Elements whose class or id says title (title, biaoti, headline), lowercased by XPath's translate().
_LOWER = "translate(@{0}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_TITLE_ELEMENTS = etree.XPath(
    ".//*[self::div or self::p or self::span or self::td or self::strong or self::b or self::font][{}]".format(
        " or ".join(
            f"contains({_LOWER.format(attr)}, '{word}')"
            for attr in ("class", "id")
            for word in ("title", "biaoti", "headline")
        )
    )
)
