"""The page's head: government CMS meta tags, Open Graph and article properties, the canonical URL, and the
"saved from url" comment browsers write into saved pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DATE_PROPERTIES", "GOV_META", "SAVED_FROM_WINDOW", "Head", "read_head", "saved_from"]

# Government CMS meta tags (DOMAIN.md §2), canonical spelling by lowercase name.
GOV_META = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ArticleTitle", "PubDate", "ContentSource")
_GOV_META_BY_LOWER = {name.lower(): name for name in GOV_META}

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->", re.IGNORECASE)


# Properties of the head read besides the government tags (lowercase names): titles, URL, site names, and the
# publication dates news CMSs write (modification dates are not publication dates and are not read).
DATE_PROPERTIES = (
    "article:published_time",
    "og:published_time",
    "og:release_date",
    "firstpublishedtime",
    "publishdate",
    "publish_date",
    "publish-date",
    "publication_date",
    "published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "release_date",
)
_PROPERTIES = frozenset(("og:title", "og:url", "og:site_name", "content-language", *DATE_PROPERTIES))


@dataclass
class Head:
    """What the page's head (and the rest of the tree, for scripts) says of the page."""

    meta: dict[str, str] = field(default_factory=dict)  # government CMS tags, by canonical name
    properties: dict[str, str] = field(default_factory=dict)  # _PROPERTIES, by lowercase name
    lines: dict[str, int] = field(default_factory=dict)  # source line of each of both
    canonical: str | None = None
    scripts: list[Any] = field(default_factory=list)  # <script>, <form>, <iframe> elements, in document order
    title: Any | None = None  # the first <title> element


def read_head(root: Any) -> Head:
    """Government meta tags, Open Graph / article properties, the canonical URL, the <title> element, and the
    scripts, forms and frames (for `script_footer`: one walk of the tree finds them all)."""
    head = Head()
    meta, properties, lines, scripts = head.meta, head.properties, head.lines, head.scripts
    gov = _GOV_META_BY_LOWER
    for el in root.iter("meta", "link", "script", "form", "iframe", "title"):  # (each kind keeps its own order)
        tag = el.tag
        if tag != "meta" and tag != "link":
            if tag == "title":
                if head.title is None:
                    head.title = el
                continue
            scripts.append(el)
            continue
        if tag == "link":
            if head.canonical is None:
                rel = el.get("rel")
                if rel and "canonical" in rel.lower().split():
                    href = (el.get("href") or "").strip()
                    if href.lower().startswith(("http://", "https://")):
                        head.canonical = href
            continue
        content = el.get("content")
        if content is None:
            continue
        name = el.get("name") or el.get("property") or el.get("itemprop") or el.get("http-equiv")
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
        elif low in _PROPERTIES and low not in properties:
            properties[low] = content
            lines[low] = el.sourceline
    if properties.get("og:url") and not properties["og:url"].lower().startswith(("http://", "https://")):
        del properties["og:url"]
    return head


SAVED_FROM_WINDOW = 4096  # characters


def saved_from(text: str) -> str | None:
    m = _SAVED_FROM.search(text, 0, SAVED_FROM_WINDOW)
    return m.group(1) if m else None
