"""Text captures (`.txt`) -> records: a page saved as plain text, like ../shared/reference/sichuan-expo-news-page.txt.

The layout such captures have, and how it is read:

    Open Governance                      <- section (a short first line, when the heading has two or more lines)
    The 11th China (Mianyang) ... Opens  <- title (the heading's next line that is not a date or source line)
                                         <- a blank line ends the heading
    On the morning of November 22, ...   <- body: everything between heading and footer
    ...
    Unit in Charge: ...                  <- footer: the last cluster of lines with footer labels and filing
    Website Identification Code: ...        numbers (DOMAIN.md §2), read with the footer parsers
    Sichuan Computer Information ... No. 51010402000507

The date is a labelled or full date in the text (none in the seed capture: its record then lacks
published_at, which the schema reports); a line "URL: https://…" (or 网址/链接/原文链接/Source) gives the URL;
the language is detected from the text; captured_at is the file's modification time. Every field's line
in the file is kept for findings.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from typing import IO, Any

from validator.findings import Location
from validator.i18n import _
from validator.sources import SourceItem, SourceRecord
from validator.sources.dates import find_date
from validator.sources.encoding import decode_text
from validator.sources.html import PageExtract, charset_notes, page_too_large, read_page_bytes
from validator.sources.pages import (
    NUMBER_FIELDS,
    Line,
    contact_in,
    detect_language,
    file_captured_at,
    footer_cluster,
    is_footer_line,
    make_id,
    read_footer,
    record_dict,
)
from validator.sources.problems import EMPTY

__all__ = ["extract_text", "read_text_file"]

TEXT_MEDIA_TYPE = "text/plain"
_MAX_HEADING_LINE = 200
_MAX_SECTION = 40
_URL_LINE = re.compile(
    r"^(?:url|link|source|source url|原文链接|原文地址|网址|链接|来源网址)\s*[:：]\s*(https?://\S+)\s*$", re.IGNORECASE
)
_BARE_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^(?:来源|来源于|source|作者|author|编辑|editor|发布时间|发布日期|published)\s*[:：]", re.I)
_DATE_LIKE = re.compile(r"(?:19|20)\d{2}\s*(?:[-/.年])\s*\d{1,2}")


def extract_text(text: str) -> PageExtract:
    """Read a decoded text capture (see the module docstring)."""
    out = PageExtract()
    lines: list[Line] = [(" ".join(raw.split()), number) for number, raw in enumerate(text.splitlines(), 1)]
    nonblank = [line for line in lines if line[0]]

    url: str | None = None
    url_lines: set[int] = set()
    for value, number in nonblank[:8] + nonblank[-12:]:
        m = _URL_LINE.match(value) or _BARE_URL.match(value)
        if m is not None:
            url = url or (m.group(1) if m.groups() else m.group(0))
            url_lines.add(number)

    cluster = footer_cluster(nonblank)
    footer_lines = [nonblank[i] for i in cluster if nonblank[i][1] not in url_lines]
    footer_numbers = {number for _, number in footer_lines}

    # The heading: the first non-blank lines up to a blank line, when they are short.
    heading: list[Line] = []
    started = False
    for value, number in lines:
        if not value:
            if started:
                break
            continue
        started = True
        if number in footer_numbers or number in url_lines:
            continue
        heading.append((value, number))
    if any(len(value) > _MAX_HEADING_LINE for value, _ in heading) or len(heading) > 4:
        heading = []
    title_line: int | None = None
    candidates = [line for line in heading if not _SOURCE_LINE.match(line[0]) and not _is_date_line(line[0])]
    if len(candidates) >= 2 and len(candidates[0][0]) <= _MAX_SECTION:
        out.section = candidates[0][0]
        out.field_lines["/section"] = candidates[0][1]
        candidates = candidates[1:]
    if candidates:
        out.title, title_line = candidates[0]
        out.field_lines["/title"] = title_line

    heading_numbers = {number for _, number in heading}
    body_lines = [
        (value, number)
        for value, number in lines
        if number not in heading_numbers and number not in footer_numbers and number not in url_lines
    ]
    body = _paragraphs(body_lines)
    if body:
        out.body = body
        out.field_lines["/body"] = next(number for value, number in body_lines if value)

    found = find_date(heading + [line for line in body_lines if line[0]], out.title)
    if found is not None:
        out.published_at = found[0]
        out.field_lines["/published_at"] = found[1]

    language = detect_language((out.title or "") + "\n" + (out.body or ""))
    if language is not None:
        out.language = language
    out.url = url

    footer = read_footer(footer_lines)
    out.footer = dict(footer.fields)
    if footer.raw is not None:
        out.footer["raw"] = footer.raw
        out.field_lines["/footer"] = out.field_lines["/footer/raw"] = footer.first_line or 1
    for name, number in footer.lines.items():
        out.field_lines[f"/footer/{name}"] = number
    evidence_found: dict[str, list[dict[str, Any]]] = {}
    for name in NUMBER_FIELDS:
        hit = footer.numbers.get(name)
        if hit is not None:
            evidence_found[name] = [{"in": "text", "text": hit.text, "value": hit.value, "line": hit.line}]
            out.field_lines[f"/evidence/found/{name}/0"] = hit.line
    out.evidence = {"format": "text", "footer_from": "content" if footer_lines else "none", "found": evidence_found}
    contact = contact_in(footer_lines)
    if contact:  # (the organ website mark and the error-report entry are images and scripts: not in a capture)
        out.evidence["marks"] = {"contact": contact}
    return out


def _is_date_line(value: str) -> bool:
    return len(value) <= 60 and _DATE_LIKE.search(value) is not None and not is_footer_line(value)


def _paragraphs(lines: list[Line]) -> str | None:
    """Body text: the lines as in the capture, runs of blank lines squeezed to one, ends trimmed."""
    out: list[str] = []
    blank = False
    for value, _line in lines:
        if not value:
            blank = bool(out)
            continue
        if blank:
            out.append("")
            blank = False
        out.append(value)
    return "\n".join(out) if out else None


def read_text_file(stream: IO[bytes], name: str) -> Iterator[SourceItem]:
    """A `.txt` text capture: one page (at most PAV_MAX_PAGE_BYTES are read; a larger file is I011)."""
    data, size = read_page_bytes(stream)
    location = Location(name)
    refused = page_too_large(data, name, location, size)
    if refused is not None:
        yield refused
        return
    if not data.strip():
        yield EMPTY.finding(_("{name} is empty: no page text").format(name=name), location)
        return
    decoded = decode_text(data)
    page = extract_text(decoded.text)
    source = {
        "location": name,
        "media_type": f"{TEXT_MEDIA_TYPE}; charset={decoded.encoding}",
        "sha256": hashlib.sha256(data).hexdigest(),
        "charset": decoded.encoding,
        "charset_from": decoded.charset_from,
    }
    record = record_dict(
        record_id=make_id(os.path.splitext(os.path.basename(name))[0], data),
        url=page.url,
        title=page.title,
        language=page.language,
        published_at=page.published_at,
        captured_at=file_captured_at(stream),
        section=page.section,
        body=page.body,
        footer=page.footer,
        source=source,
        evidence=page.evidence,
    )
    notes = charset_notes(decoded, location, name)
    yield SourceRecord(record, location, data, TEXT_MEDIA_TYPE, page.field_lines, notes)
