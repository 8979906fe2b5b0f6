"""What the page readers (HTML, text captures, WARC, live URLs) share: footer lines to footer fields, dates,
language, record ids and the record itself.

A page reader turns its input into *lines* of visible text, each with the source line it came from; the
functions here find the footer among them, read the footer fields with the footer parsers, and build a
record of the contract (`schemas/news-page-record.schema.json`) plus `field_lines` (JSON Pointer -> source
line) so findings point at the line of the page where the value was read.

Decisions (the issue leaves them open):
- Dates: see `validator.sources.dates` (sources, trust order, disagreements). Without a zone they are
  Beijing time (+08:00): the pages are Chinese and China has one time zone with no daylight saving since 1991.
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
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from validator.digests import text_sha256
from validator.footer import (
    find_units,
    normalize,
)
from validator.footer.fields import UNIT_FIELDS
from validator.footer.icp import parse_icp_normalized
from validator.footer.normalize import as_shown
from validator.footer.public_security import parse_public_security_normalized
from validator.footer.site_code import parse_site_code_normalized
from validator.footer.values import IcpNumber
from validator.sources.dates import CHINA, rfc3339

__all__ = [
    "NUMBER_FIELDS",
    "FooterRead",
    "Line",
    "contact_in",
    "detect_language",
    "file_captured_at",
    "footer_cluster",
    "is_footer_line",
    "make_id",
    "read_footer",
    "record_dict",
]

Line = tuple[str, int]  # (visible text of one line, 1-based source line)

NUMBER_FIELDS = ("icp", "public_security", "site_code")

# --- filing systems (DOMAIN.md §2, "Links as evidence"): their hosts live in validator.urls, which the evidence
# rules read without loading the page readers (README, Performance: start-up).


# --- footer signals ---------------------------------------------------------------------------------------

# Matched against the lowercase line. Strong signals are the filings and the unit labels of DOMAIN.md §2;
# weak ones (copyright, address, phone) belong to footers too but also to contact pages.
_STRONG = re.compile(
    r"icp|公 ?网 ?安 ?备|公安网备|公网备|公备 ?:? ?[0-9]|网站(?:标识|识别)[码号]|公安机关备案|公安备案|备案序?号"
    r"|主办单位|承办单位|运行维护单位|运维单位|网站主办"
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


# Contact details as a footer shows them (a telephone number only between other digits' boundaries: the digits
# of a filing number are none; a hotline's label with a colon says a number follows, 12345 has five digits).
_CONTACT = re.compile(
    r"联系我们|联系方式|联系电话|咨询电话|服务热线|热线\s*[:：]|电话\s*[:：]|tel\s*[:：.]|telephone|传真\s*[:：]|fax\s*[:：]|邮箱\s*[:：]"
    r"|e-?mail|[\w.+-]+@[\w-]+\.[\w.-]+|地址\s*[:：]|address\s*[:：]|contact us"
    r"|(?<![\d-])\(?0\d{2,3}\)?[- ]?\d{7,8}(?!\d)",
    re.IGNORECASE,
)


def contact_in(lines: Sequence[Line]) -> list[dict[str, Any]]:
    """Contact information in footer lines, as one evidence occurrence (`evidence.marks.contact`), or []."""
    for text, line in lines:
        m = _CONTACT.search(text)
        if m is not None:
            item: dict[str, Any] = {"in": "text", "text": m.group()}
            if line:
                item["line"] = line
            return [item]
    return []


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
        read = {
            name: (as_shown(text, texts[index] if not fallback else "\n".join(texts)), value, index, fallback)
            for name, (text, value, index, fallback) in _read_numbers(texts).items()
        }
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
        if len(hits) == 3 and _LICENCE not in hits:
            return hits
    hits = _filing_first(hits)
    if len(norms) > 1:
        joined = " ".join(norm for norm in norms if norm)
        found: _NumbersRead = {}
        _read_numbers_in(joined, 0, found)
        for name, (text, value, _, _) in _filing_first(found).items():
            if name not in hits:
                # The first line holding the value; without one (or when that line is unknown), the first line.
                at = _index_of(value, norms)
                hits[name] = (text, value, 0 if at is None else at, True)
    return hits


def _filing_first(hits: _NumbersRead) -> _NumbersRead:
    # An ICP licence (京ICP证…) or telecom licence read before any filing number stands in for it only if the
    # footer shows no filing number (京ICP备…): the filing is what the MIIT system files the site under.
    if "icp" not in hits and _LICENCE in hits:
        hits["icp"] = hits[_LICENCE]
    hits.pop(_LICENCE, None)
    return hits


_LICENCE = "icp licence"  # (a key of the hits being read, never of the result)


def _read_numbers_in(norm: str, index: int, hits: _NumbersRead) -> None:
    if "icp" not in hits:
        icp = parse_icp_normalized(norm, allow_bare=False)
        if icp is not None:
            if icp.kind == "filing":
                hits["icp"] = (icp.text, icp.digits, index, False)
            else:
                filing = _filing_after(norm, icp.text)
                if filing is not None:
                    hits["icp"] = (filing.text, filing.digits, index, False)
                elif _LICENCE not in hits:
                    hits[_LICENCE] = (icp.text, icp.digits, index, False)
    if "public_security" not in hits:
        psb = parse_public_security_normalized(norm, allow_bare=False)
        if psb is not None:
            hits["public_security"] = (psb.text, psb.digits, index, False)
    if "site_code" not in hits:
        site = parse_site_code_normalized(norm, allow_bare=False)
        if site is not None:
            hits["site_code"] = (site.value, site.value, index, False)


def _filing_after(norm: str, licence: str) -> IcpNumber | None:
    # A filing number later on the same line as a licence number: "京ICP证040655号 京ICP备05004340号".
    at = norm.find(licence)
    if at < 0:
        return None
    rest = norm[at + len(licence) :]
    filing = parse_icp_normalized(rest, allow_bare=False) if "icp" in rest.lower() else None
    return filing if filing is not None and filing.kind == "filing" else None


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
            shown = as_shown(name, raw)
            at = _index_of(name, norms)
            if at is None:  # (a letter-spaced name, 人 民 网, is read solid: its line is the one showing it so)
                at = _index_of(shown, texts)
            found.append((role, shown, at))
    return tuple(found)


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
