"""What the page readers (HTML, text captures, WARC, live URLs) share: footer lines to footer fields, dates,
language, record ids and the record itself.

A page reader turns its input into *lines* of visible text, each with the source line it came from; the
functions here find the footer among them, read the footer fields with the footer parsers, and build a
record of the contract (`schemas/news-page-record.schema.json`) plus `field_lines` (JSON Pointer -> source
line) so findings point at the line of the page where the value was read.

Decisions (the issue leaves them open):
- Dates without a zone are Beijing time (+08:00): the pages are Chinese and China has one time zone with no
  daylight saving since 1991. A date without a time is midnight. Dates are written as RFC 3339.
- Content language detection gives "zh" when CJK ideographs are at least a quarter as many as Latin letters
  (an ideograph carries about a word), else "en"; it cannot tell zh-CN from zh-TW, so it says "zh".
- Record ids are `<slug>-<12 hex>`: a readable slug of the file or URL name and a digest of what identifies
  the capture (the page bytes, or the WARC record id), so the same capture gets the same id on every run and
  every machine.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from validator.digests import text_sha256
from validator.footer import (
    find_units,
    normalize,
)
from validator.footer.icp import parse_icp_normalized
from validator.footer.public_security import parse_public_security_normalized
from validator.footer.site_code import parse_site_code_normalized

__all__ = [
    "CHINA",
    "MIIT_HOSTS",
    "NUMBER_FIELDS",
    "PSB_HOSTS",
    "RETIRED_MIIT_HOSTS",
    "RETIRED_MIIT_PATH",
    "FooterRead",
    "Line",
    "detect_language",
    "file_captured_at",
    "find_date",
    "footer_cluster",
    "host_and_path",
    "is_footer_line",
    "make_id",
    "parse_date_value",
    "read_footer",
    "record_dict",
    "rfc3339",
]

CHINA = timezone(timedelta(hours=8), "CST")

Line = tuple[str, int]  # (visible text of one line, 1-based source line)

NUMBER_FIELDS = ("icp", "public_security", "site_code")
UNIT_FIELDS = ("unit_in_charge", "organizer", "operator")

# --- filing systems (DOMAIN.md §2, "Links as evidence") ----------------------------------------------------

# The ICP number should link to the MIIT filing system; retired addresses are still seen.
MIIT_HOSTS = frozenset(("beian.miit.gov.cn",))
RETIRED_MIIT_HOSTS = frozenset(("www.miibeian.gov.cn", "miibeian.gov.cn", "www.beian.miit.gov.cn"))
RETIRED_MIIT_PATH = "/state/outportal/loginportal.action"  # lowercase; the old portal's login page
# The public security number links to the national filing system, with the number in recordcode= or code=.
PSB_HOSTS = frozenset(("www.beian.gov.cn", "beian.gov.cn", "beian.mps.gov.cn", "www.beian.mps.gov.cn"))


def host_and_path(url: str) -> tuple[str, str]:
    """Lowercase host and path of a URL ("//host/…" and "host/…" accepted); ("", "") when unparseable."""
    low = url.strip().lower()
    try:
        parts = urlsplit(low if "//" in low else "//" + low)
        host = parts.hostname or ""
    except ValueError:
        return "", ""
    return host.rstrip("."), parts.path


# --- footer signals ---------------------------------------------------------------------------------------

# Matched against the lowercase line. Strong signals are the filings and the unit labels of DOMAIN.md §2;
# weak ones (copyright, address, phone) belong to footers too but also to contact pages.
_STRONG = re.compile(
    r"icp|公网安备|网站标识[码号]|公安机关备案|公安备案|备案序?号|主办单位|承办单位|运行维护单位|运维单位|网站主办"
    r"|unit in charge|sponsored by|organi[sz]er ?:|operation and maintenance|identification code"
    r"|security record|public security|internet security"
)
_WEAK = re.compile(
    r"版权所有|copyright|©|all rights reserved|技术支持|主办|承办|联系电话|电话[:：]|地址[:：]|邮编|传真"
    r"|联系我们|网站地图|sponsor|address ?:|tel ?:"
)
# A footer line is short: a paragraph of the article that mentions "ICP" is not one.
_MAX_FOOTER_LINE = 400


def is_footer_line(text: str, strong_only: bool = False) -> bool:
    """Whether a line of visible text looks like part of a footer (labels, filing numbers, copyright)."""
    if len(text) > _MAX_FOOTER_LINE:
        return False
    low = text.lower()
    if _STRONG.search(low) is not None:
        return True
    return not strong_only and _WEAK.search(low) is not None


def has_strong_signal(text: str) -> bool:
    """Whether a text holds a filing number label or a unit label (any length)."""
    return _STRONG.search(text.lower()) is not None


def footer_cluster(lines: Sequence[Line], gap: int = 2) -> list[int]:
    """Indices of the last cluster of footer lines: footer lines separated by at most `gap` other short
    lines, holding at least one strong signal. Empty when there is none.

    Used on text captures (the footer is at the end) and on pages whose footer has no recognisable structure.
    """
    flags = [is_footer_line(text) for text, _ in lines]
    last_strong = next(
        (i for i in range(len(lines) - 1, -1, -1) if flags[i] and is_footer_line(lines[i][0], strong_only=True)),
        None,
    )
    if last_strong is None:
        return []
    start = end = last_strong
    i = last_strong - 1
    skipped = 0
    while i >= 0:
        if flags[i]:
            start, skipped = i, 0
        elif len(lines[i][0]) > 60 or skipped >= gap:
            break
        else:
            skipped += 1
        i -= 1
    i, skipped = last_strong + 1, 0
    while i < len(lines):
        if flags[i]:
            end, skipped = i, 0
        elif len(lines[i][0]) > 60 or skipped >= gap:
            break
        else:
            skipped += 1
        i += 1
    return list(range(start, end + 1))


# --- footer fields ----------------------------------------------------------------------------------------


@dataclass
class NumberHit:
    """A filing number read from one line: the text as matched, its value (digits or code) and the line."""

    text: str
    value: str
    line: int


@dataclass
class FooterRead:
    """Footer fields read from lines, each with the source line it was read on."""

    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, NumberHit] = field(default_factory=dict)
    raw: str | None = None
    first_line: int | None = None


# Footers repeat on every page of a site, so what is read from footer lines is memoised by the lines' text.
# A memo holds line positions as indices into the lines, mapped back to the page's source lines on each call.
_MEMO_MAX = 1024  # entries per memo (cleared when full): a few MB at most
_MEMO_TEXT_MAX = 2048  # characters: longer line lists (a whole page's text) are read without the memo
# name -> (text as matched, value, index of the line, whether a falsy line falls back to the first line's)
_NumbersRead = dict[str, tuple[str, str, int, bool]]
_NUMBERS_MEMO: dict[tuple[str, ...], _NumbersRead] = {}
# (role, unit name, index of the first line holding it or None), in UNIT_FIELDS order
_UnitsRead = tuple[tuple[str, str, int | None], ...]
_UNITS_MEMO: dict[tuple[str, ...], _UnitsRead] = {}


def _memoise(memo: dict[tuple[str, ...], Any], key: tuple[str, ...], value: Any) -> None:
    if sum(map(len, key)) <= _MEMO_TEXT_MAX:
        if len(memo) >= _MEMO_MAX:
            memo.clear()
        memo[key] = value


def read_numbers(lines: Sequence[Line]) -> dict[str, NumberHit]:
    """The ICP, public security and site code numbers in these lines: the first of each, line by line, then
    across lines (a label in one table cell, the number in the next row)."""
    texts = tuple([text for text, _ in lines])
    read = _NUMBERS_MEMO.get(texts)
    if read is None:
        read = _read_numbers(texts)
        _memoise(_NUMBERS_MEMO, texts, read)
    hits: dict[str, NumberHit] = {}
    for name, (text, value, index, fallback) in read.items():
        line = lines[index][1]
        hits[name] = NumberHit(text, value, (line or lines[0][1]) if fallback else line)
    return hits


def _read_numbers(texts: Sequence[str]) -> _NumbersRead:
    hits: _NumbersRead = {}
    norms = [normalize(text) for text in texts]
    for index, norm in enumerate(norms):
        if not norm:
            continue
        _read_numbers_in(norm, index, hits)
        if len(hits) == 3:
            return hits
    if len(norms) > 1:
        joined = " ".join(norm for norm in norms if norm)
        found: _NumbersRead = {}
        _read_numbers_in(joined, 0, found)
        for name, (text, value, _, _) in found.items():
            if name not in hits:
                # The first line holding the value; without one (or when that line is unknown), the first line.
                at = _index_of(value, norms)
                hits[name] = (text, value, 0 if at is None else at, True)
    return hits


def _read_numbers_in(norm: str, index: int, hits: _NumbersRead) -> None:
    if "icp" not in hits:
        icp = parse_icp_normalized(norm, allow_bare=False)
        if icp is not None:
            hits["icp"] = (icp.text, icp.digits, index, False)
    if "public_security" not in hits:
        psb = parse_public_security_normalized(norm, allow_bare=False)
        if psb is not None:
            hits["public_security"] = (psb.text, psb.digits, index, False)
    if "site_code" not in hits:
        site = parse_site_code_normalized(norm, allow_bare=False)
        if site is not None:
            hits["site_code"] = (site.value, site.value, index, False)


def _index_of(needle: str, norms: Iterable[str]) -> int | None:
    if not needle:
        return None
    for index, norm in enumerate(norms):
        if needle in norm:
            return index
    return None


def read_footer(lines: Sequence[Line], numbers: dict[str, NumberHit] | None = None) -> FooterRead:
    """Every footer field in these lines (numbers and unit names), with lines; `raw` is the lines' text.

    `numbers` are the filing numbers when the caller has read them already (from other lines, e.g. the
    visible footer before the script-written one).
    """
    result = FooterRead()
    texts = [text for text, _ in lines if text]
    if not texts and not numbers:
        return result
    if texts:
        result.raw = "\n".join(texts)
        result.first_line = lines[0][1]
    result.numbers = read_numbers(lines) if numbers is None else numbers
    if not texts:
        for name, hit in result.numbers.items():
            result.fields[name] = hit.text if name != "site_code" else hit.value
            result.lines[name] = hit.line
        return result
    for name, hit in result.numbers.items():
        result.fields[name] = hit.text if name != "site_code" else hit.value
        result.lines[name] = hit.line
    key = tuple([text for text, _ in lines])
    read = _UNITS_MEMO.get(key)
    if read is None:
        read = _read_units(result.raw or "", key)
        _memoise(_UNITS_MEMO, key, read)
    for role, name, index in read:
        result.fields[role] = name
        if index is not None:
            result.lines[role] = lines[index][1]
    return result


def _read_units(raw: str, texts: Sequence[str]) -> _UnitsRead:
    """The unit names in a footer's text, each with the index of the first line holding it."""
    units = find_units(raw)
    found: list[tuple[str, str, int | None]] = []
    norms: list[str] | None = None
    for role in UNIT_FIELDS:
        name = units.get(role)  # type: ignore[call-overload]
        if name:
            if norms is None:
                norms = [normalize(text) for text in texts]
            found.append((role, name, _index_of(name, norms)))
    return tuple(found)


# --- dates ------------------------------------------------------------------------------------------------

_D = r"[0-9０-９]"
_DATE = (
    rf"(?P<y>(?:19|20|２０|１９){_D}{{2}})\s*(?:(?P<sep>[-/.．／－])\s*(?P<m>{_D}{{1,2}})\s*(?P=sep)\s*(?P<d>{_D}{{1,2}})"
    rf"|年\s*(?P<m2>{_D}{{1,2}})\s*月\s*(?P<d2>{_D}{{1,2}})\s*日)"
    rf"(?:\s*(?:T|\s)?\s*(?P<H>{_D}{{1,2}})\s*[:：时]\s*(?P<M>{_D}{{2}})\s*分?(?:\s*[:：]\s*(?P<S>{_D}{{2}})\s*秒?)?)?"
)
_DATE_RE = re.compile(_DATE)
# Publication labels, best first; "时间"/"日期"/"Date" alone come after the 发布 ones.
_LABELLED = re.compile(
    r"(?:发布时间|发布日期|发表时间|发文日期|公开日期|更新时间|Published(?: on| at)?|Release Date|Publication Date"
    r"|Date Published|时间|日期|Date|Posted(?: on)?)\s*[:：]?\s*" + _DATE,
    re.IGNORECASE,
)


def _to_datetime(m: re.Match[str]) -> datetime | None:
    groups = m.groupdict()
    try:
        year = int(groups["y"])
        month = int(groups["m"] or groups["m2"])
        day = int(groups["d"] or groups["d2"])
        hour = int(groups["H"]) if groups["H"] else 0
        minute = int(groups["M"]) if groups["M"] else 0
        second = int(groups["S"]) if groups["S"] else 0
        return datetime(year, month, day, hour, minute, second, tzinfo=CHINA)
    except (TypeError, ValueError):
        return None


def rfc3339(moment: datetime) -> str:
    """RFC 3339 text of an aware datetime, e.g. 2023-11-22T10:55:00+08:00 (no sub-seconds)."""
    return moment.isoformat(timespec="seconds")


def parse_date_value(value: str) -> str | None:
    """An RFC 3339 date-time from a meta tag value: ISO 8601 with or without zone ("2023-11-22T10:55:00Z",
    "2023-11-22 10:55"), or the Chinese form ("2023年11月22日 10:55"). No zone means +08:00."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        parsed = None
    if parsed is not None:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=CHINA)
        return rfc3339(parsed)
    m = _DATE_RE.search(value)
    if m is None:
        return None
    moment = _to_datetime(m)
    return rfc3339(moment) if moment is not None else None


def find_date(lines: Sequence[Line], after_line: int | None = None) -> tuple[str, int] | None:
    """The publication date in visible text lines, as (RFC 3339, source line).

    A labelled date (发布时间：2023-11-22 10:55, "Published: …") anywhere wins; else the first full date on or
    after `after_line` (the title's line: dates above it are usually today's date in the page header); else
    the first full date anywhere.
    """
    fallback: tuple[str, int] | None = None
    after: tuple[str, int] | None = None
    for text, line in lines:
        if not any(ch.isdigit() for ch in text):
            continue
        m = _LABELLED.search(text)
        if m is not None:
            moment = _to_datetime(m)
            if moment is not None:
                return rfc3339(moment), line
        if after is None:
            for m in _DATE_RE.finditer(text):
                if m.start() and text[m.start() - 1].isdigit():
                    continue
                moment = _to_datetime(m)
                if moment is None:
                    continue
                found = (rfc3339(moment), line)
                if fallback is None:
                    fallback = found
                if after_line is None or line >= after_line:
                    after = found
                break
    return after or fallback


# --- language ---------------------------------------------------------------------------------------------

_SAMPLE = 1500
# bytes.translate deletes every byte that is not an ASCII letter: counting letters at C speed.
_NOT_LATIN = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def detect_language(text: str) -> str | None:
    """ "zh" or "en" from the share of CJK characters and Latin letters in a sample; None with neither.

    CJK characters are counted as the extra UTF-8 bytes of the sample (two per three-byte character): cheap,
    and full-width punctuation counting as CJK does not change the verdict.
    """
    sample = text[:_SAMPLE]
    encoded = sample.encode("utf-8", "surrogatepass")
    cjk = (len(encoded) - len(sample)) // 2
    latin = len(encoded.translate(None, _NOT_LATIN))
    if cjk == 0 and latin == 0:
        return None
    return "zh" if cjk * 4 >= latin else "en"


# --- capture times -------------------------------------------------------------------------------------


def file_captured_at(stream: Any) -> str | None:
    """captured_at of a page saved as a file: its modification time, in Beijing time.

    A local copy carries no capture time of its own; the time it was written is the best evidence there is
    (copying a file without keeping times loses it). None when the stream is not a file.
    """
    import os

    try:
        mtime = os.fstat(stream.fileno()).st_mtime
    except (AttributeError, OSError, ValueError):
        return None
    return rfc3339(datetime.fromtimestamp(int(mtime), tz=CHINA))


# --- ids and records --------------------------------------------------------------------------------------

_SLUG_DROP = re.compile(r"[^A-Za-z0-9._-]+")
_SLUG_MAX = 48


def url_name_hint(url: str, fallback: str) -> str:
    """The last path segment of a URL without its extension, for record ids ("a.shtml" -> "a"); else the
    host, else `fallback`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return fallback
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    stem = last.rsplit(".", 1)[0] if "." in last else last
    return stem or parts.hostname or fallback


def make_id(hint: str, identity: bytes, *, identity_sha256: str | None = None) -> str:
    """A record id of the contract's shape: `<slug>-<12 hex>` from a name hint and the capture's identity.

    `identity_sha256` is the identity's SHA-256 (hex) when the caller has computed it already (a page's
    bytes are hashed for `source.sha256` too): hashing 30 KB twice is measurable at millions of pages."""
    digest = (identity_sha256 or hashlib.sha256(identity).hexdigest())[:12]
    slug = _SLUG_DROP.sub("-", hint).strip("-._")[:_SLUG_MAX].rstrip("-._")
    return f"{slug}-{digest}" if slug else digest


def record_dict(
    *,
    record_id: str,
    url: str | None,
    title: str | None,
    language: str | None,
    published_at: str | None,
    captured_at: str | None,
    section: str | None,
    body: str | None,
    footer: dict[str, str],
    source: dict[str, Any],
    evidence: dict[str, Any] | None,
) -> dict[str, Any]:
    """A record of the contract, fields that were not found left out (the schema then says what is missing)."""
    record: dict[str, Any] = {"id": record_id}
    for key, value in (
        ("url", url),
        ("title", title),
        ("language", language),
        ("published_at", published_at),
        ("captured_at", captured_at),
        ("section", section),
    ):
        if value is not None:
            record[key] = value
    if body is not None:
        record["body"] = body
        record["content_sha256"] = text_sha256(body)
    record["footer"] = footer
    record["source"] = source
    if evidence is not None:
        record["evidence"] = evidence
    return record
