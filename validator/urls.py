"""Hosts of URLs, parsed in one place for readers, rules and the engine.

- `url_host`: the host of an absolute URL (a record's `url`, a live input), for the per-site summary, `auto`
  and R003. A regex, not urllib.parse.urlsplit (which is the reference: tests/test_urls.py holds the two equal
  on URLs of RFC 3986's form): it runs once per record, and urlsplit costs more.
- `is_government_host`: gov.cn or .政务, for `auto` and R003 alike;
- `host_and_path`: host and path of a link (`//host/…` and `host/…` accepted too), for the filing links the
  reader finds and the evidence rules judge. urlsplit, remembered: a site's filing links are the same on every
  page, and the reader and the rules ask about the same links.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = [
    "MIIT_HOSTS",
    "PSB_HOSTS",
    "RETIRED_MIIT_HOSTS",
    "RETIRED_MIIT_PATH",
    "host_and_path",
    "is_government_host",
    "url_host",
]

# --- filing systems (DOMAIN.md §2, "Links as evidence"): the hosts the reader and the evidence rules judge links by


# The ICP number should link to the MIIT filing system; retired addresses are still seen.
MIIT_HOSTS = frozenset(("beian.miit.gov.cn",))
# (www.miibeian.gov.cn until about 2014, www.miitbeian.gov.cn until 2019, www.beian.miit.gov.cn until 2020; each
# unreachable since its successor came: see the README's rule notes)
RETIRED_MIIT_HOSTS = frozenset(
    ("www.miibeian.gov.cn", "miibeian.gov.cn", "www.miitbeian.gov.cn", "miitbeian.gov.cn", "www.beian.miit.gov.cn")
)
RETIRED_MIIT_PATH = "/state/outportal/loginportal.action"  # lowercase; the old portal's login page
# The public security number links to the national filing system, with the number in recordcode= or code=.
PSB_HOSTS = frozenset(("www.beian.gov.cn", "beian.gov.cn", "beian.mps.gov.cn", "www.beian.mps.gov.cn"))

_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(\[[^\]/?#]*\]|[^:/?#]*)")


def url_host(url: str) -> str:
    """The host of an absolute URL, lowercased, without a final dot or IPv6 brackets ("" when none)."""
    match = _AUTHORITY.match(url)
    if match is None:
        return ""
    return match.group(1).strip("[]").rstrip(".").lower()


# Government hosts: gov.cn and its subdomains, and the Chinese .政务 top-level domain (as written or punycode).
_GOV_HOST = re.compile(r"(?:^|\.)(?:gov\.cn|政务|xn--zfr164b)$")


def is_government_host(host: str) -> bool:
    """Whether a (lowercase) host is a government one: under gov.cn, or under .政务 (国办发〔2017〕47号)."""
    return _GOV_HOST.search(host) is not None


# Remembered for links up to _MEMO_KEY_MAX characters, at most _MEMO_MAX of them (then forgotten at once): what
# repeats on every page of a site is split once, and no odd long link can pin much memory.
_MEMO_MAX = 1024
_MEMO_KEY_MAX = 512
_MEMO: dict[str, tuple[str, str]] = {}


def host_and_path(url: str) -> tuple[str, str]:
    """Lowercase host and path of a URL ("//host/…" and "host/…" accepted); ("", "") when unparseable."""
    known = _MEMO.get(url)
    if known is not None:
        return known
    split = _split(url)
    if len(url) <= _MEMO_KEY_MAX:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        _MEMO[url] = split
    return split


def _split(url: str) -> tuple[str, str]:
    low = url.strip().lower()
    try:
        parts = urlsplit(low if "//" in low else "//" + low)
        host = parts.hostname or ""
    except ValueError:
        return "", ""
    return host.rstrip("."), parts.path


def crawl_key(url: str, base: str | None = None) -> str | None:
    """The URL a link leads to, as the crawl-level checks compare URLs: resolved against `base` (the page's URL,
    or its <base href> resolved against it), without its fragment, scheme and host lowercased, the default port
    left out, an empty path written "/"; the path and query as written. None for what is not an http(s) URL (a
    mailto:, a javascript: link, a link that cannot be parsed)."""
    from urllib.parse import urljoin, urlunsplit

    try:
        absolute = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(absolute)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            return None
        host = parts.hostname.rstrip(".")
        port = parts.port
    except ValueError:  # a port that is not a number, an unbalanced IPv6 bracket
        return None
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))
