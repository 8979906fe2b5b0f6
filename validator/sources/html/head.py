"""The page's head: government CMS meta tags, Open Graph and article properties, the canonical URL, and the
"saved from url" comment browsers write into saved pages."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["GOV_META", "SAVED_FROM_WINDOW", "read_head", "saved_from", "strip_site_name"]

# Government CMS meta tags (DOMAIN.md §2), canonical spelling by lowercase name.
GOV_META = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ArticleTitle", "PubDate", "ContentSource")
_GOV_META_BY_LOWER = {name.lower(): name for name in GOV_META}

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->", re.IGNORECASE)
_TITLE_TAIL = re.compile(r"\s*[-_|–—·:]+\s*")


def read_head(root: Any) -> tuple[dict[str, str], dict[str, int], dict[str, str], str | None, list[Any]]:
    """Government meta tags, their lines, Open Graph / article properties, the canonical URL, and the
    scripts, forms and frames (for `script_footer`: one walk of the tree finds them all)."""
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


SAVED_FROM_WINDOW = 4096  # characters


def saved_from(text: str) -> str | None:
    m = _SAVED_FROM.search(text, 0, SAVED_FROM_WINDOW)
    return m.group(1) if m else None


def strip_site_name(title: str, site: str) -> str:
    """ "Article_四川省人民政府网站" -> "Article" when the tail is the SiteName meta."""
    if title.endswith(site) and len(title) > len(site):
        head = title[: -len(site)]
        m = _TITLE_TAIL.search(head)
        if m is not None and m.end() == len(head) and m.start() > 0:
            return head[: m.start()]
    return title
