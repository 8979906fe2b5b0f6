"""Filing links: links that are evidence for the ICP or public security number (the filing systems' hosts,
or a link whose text shows a number), the number a public security link carries, and evidence occurrences."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from validator.sources.html.tree import clean, element_text, memoised
from validator.sources.pages import NumberHit
from validator.urls import MIIT_HOSTS, PSB_HOSTS, RETIRED_MIIT_HOSTS, RETIRED_MIIT_PATH, host_and_path

__all__ = ["SITECODE_PARAM", "add_hits", "filing_links", "occurrence", "record_code"]

_CODE_PARAM = re.compile(r"(?:recordcode|code)=([0-9 ]+)", re.IGNORECASE)
# siteCode= of site searches, site_code= of the error-report service's page (…/exposure/jiucuo.html?site_code=…)
SITECODE_PARAM = re.compile(r"site_?code=([A-Za-z0-9]+)", re.IGNORECASE)
_ANCHOR_TEXT_MAX = 200


def filing_links(root: Any) -> list[dict[str, Any]]:
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
        if (
            "//" not in low
            and "itecode=" not in low
            and "ite_code=" not in low
            and "beian" not in low
            and "miit" not in low
        ):
            continue
        href = href.strip()
        low = low.strip()
        if "itecode=" in low or "ite_code=" in low:
            m = SITECODE_PARAM.search(href)
            if m is not None:
                where = "site_code= (a href)" if "_" in m.group() else "siteCode= (a href)"
                line = el.sourceline
                code = occurrence("attribute", text=where, href=href, value=m.group(1), line=line)
                links.append({"_field": "site_code", **code})
        if "beian" in low or "miit" in low:
            host, path = host_and_path(low)
        elif low.startswith(("http://", "https://", "//")):
            host, path = "", ""  # another site: evidence only if its text shows a filing number
        else:
            continue  # a relative link: site navigation, never a filing system
        text = clean(el.text if not len(el) else element_text(el))  # (no child node: the text is .text)
        if not text:
            text = clean(" ".join(img.get("alt") or img.get("title") or "" for img in el.iter("img")))
        kind = _link_kind(host, path, text)
        if kind is None:
            continue
        value: str | None = None
        if kind == "public_security":
            value = record_code(href)
        links.append(
            {
                "_field": kind,
                **occurrence("link", text=text[:_ANCHOR_TEXT_MAX] or None, href=href, value=value, line=el.sourceline),
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


def record_code(href: str) -> str | None:
    """The digits of recordcode= (beian.gov.cn) or code= (beian.mps.gov.cn, also in the #fragment)."""
    return memoised(_CODES, href, read_record_code, 512)


# A site's public security link is the same on every page: its number is memoised (short URLs only).
_CODES: dict[str, str | None] = {}


def read_record_code(href: str) -> str | None:
    m = _CODE_PARAM.search(unquote(href))
    if m is None:
        return None
    digits = m.group(1).replace(" ", "")
    return digits or None


def occurrence(
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


def add_hits(found: dict[str, list[dict[str, Any]]], hits: dict[str, NumberHit], kind: str) -> None:
    for name, hit in hits.items():
        found[name].append(occurrence(kind, text=hit.text, value=hit.value, line=hit.line))
