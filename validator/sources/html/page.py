"""One page, bytes to record: decode, parse, read every field (`read_page`), build the record. warc.py, live.py
and text.py hand their pages to `html_item` and share its limits and charset notes."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from typing import IO, Any

from validator.findings import Finding, Location
from validator.i18n import _, ngettext
from validator.sources import SourceItem, SourceRecord, collecting
from validator.sources.encoding import Decoded, decode_page
from validator.sources.html.fields import PageExtract, read_page
from validator.sources.html.head import SAVED_FROM_WINDOW
from validator.sources.html.hrefs import page_links
from validator.sources.html.tree import ParseFailed, parse, parse_page, utf8_of
from validator.sources.limits import max_page_bytes, max_page_elements, size_text
from validator.sources.pages import file_captured_at, make_id, record_dict
from validator.sources.problems import EMPTY, PAGE_CHARSET, TOO_LARGE

__all__ = [
    "PageExtract",
    "charset_notes",
    "extract_html",
    "html_item",
    "page_too_large",
    "read_html_file",
    "read_page",
    "read_page_bytes",
]


def extract_html(text: str) -> PageExtract:
    """Read a decoded HTML page. Raises ParseFailed when there is no document at all."""
    return extract(text.encode("utf-8", "surrogatepass"), text)


def extract(utf8: bytes, text: str) -> PageExtract:
    """Read a page given as UTF-8 bytes (what the parser reads) and as text (for the "saved from" comment)."""
    return read_page(parse(utf8), text, utf8)


def html_item(
    data: bytes,
    *,
    location: Location,
    source_location: str,
    id_hint: str,
    url: str | None = None,
    captured_at: str | None = None,
    http_charset: str | None = None,
    raw: bytes | None = None,
    media_type: str | None = None,
    source_extra: dict[str, Any] | None = None,
    identity: bytes | None = None,
    with_lines: bool = True,
) -> SourceItem:
    """One HTML page's bytes -> a record (or an I004 finding when there is no document at all).

    `raw`/`media_type` are what the record was made from when that is not the page itself (a WARC record);
    `identity` is what makes the capture unique for its id (default: the bytes). Decoding problems become
    I006 notes attached to the record. `with_lines=False` (WARC) leaves `field_lines` out, because line
    numbers of a page inside a WARC record are not lines of the input file.
    """
    if not data or data.isspace():  # what `not data.strip()` says, without copying the page
        return EMPTY.finding(_("{name} is empty: no HTML page").format(name=source_location), location)
    refused = page_too_large(data, source_location, location)
    if refused is not None:
        return refused
    limit = max_page_elements()
    # Every element takes at least one byte: a page no longer than the limit cannot exceed it (no count).
    if len(data) > limit:
        elements = data.count(b"<")
        if elements > limit:
            return TOO_LARGE.finding(
                _(
                    "{name} has up to {elements} elements ('<' characters); pav reads pages of up to {limit} "
                    "elements (PAV_MAX_PAGE_ELEMENTS): not checked"
                ).format(name=source_location, elements=elements, limit=limit),
                location,
            )
    decoded = decode_page(data, http_charset)
    notes = charset_notes(decoded, location, source_location)
    charset, charset_from = decoded.encoding, decoded.charset_from
    utf8 = utf8_of(data, decoded)
    # Of the text only its head is read (the "saved from" comment): the page's text, and its UTF-8 copy once
    # parsed, are let go early, so their memory is reused while still in the cache.
    head = decoded.text[:SAVED_FROM_WINDOW]
    del decoded
    try:
        root, cut = parse_page(utf8)
    except ParseFailed:
        return EMPTY.finding(_("{name} holds no HTML document").format(name=source_location), location)
    if cut:
        notes += (
            TOO_LARGE.finding(
                _(
                    "{name} is nested more than 2048 elements deep; pav reads pages to that depth: what lies "
                    "deeper and after it (perhaps the footer) is not checked"
                ).format(name=source_location),
                location,
            ),
        )
    page = read_page(root, head, utf8)
    links = page_links(root, page.url) if collecting() else None
    del root, utf8
    sha256 = hashlib.sha256(raw if raw is not None else data).hexdigest()
    source: dict[str, Any] = {
        "location": source_location,
        "media_type": media_type or "text/html",
        "sha256": sha256,
        "charset": charset,
        "charset_from": charset_from,
    }
    if source_extra:
        source.update(source_extra)
    record = record_dict(
        record_id=make_id(
            id_hint,
            identity if identity is not None else data,
            identity_sha256=sha256 if identity is None and raw is None else None,
        ),
        url=url or page.url,
        title=page.title,
        language=page.language,
        published_at=page.published_at,
        captured_at=captured_at,
        section=page.section,
        body=page.body,
        footer=page.footer,
        source=source,
        evidence=page.evidence,
    )
    return SourceRecord(
        record,
        location,
        raw if raw is not None else data,
        media_type or "text/html",
        page.field_lines if with_lines else None,
        notes,
        links,
    )


def page_too_large(data: bytes, source_location: str, location: Location, size: int | None = None) -> Finding | None:
    """I011 when a page's bytes (`size`, when more than `data` is known to exist) exceed PAV_MAX_PAGE_BYTES."""
    limit = max_page_bytes()
    size = max(len(data), size or 0)
    if size <= limit:
        return None
    template = (
        _("{name} is more than {size}; pav reads pages of up to {limit} bytes (PAV_MAX_PAGE_BYTES): not checked")
        if size == limit + 1
        else _("{name} is {size}; pav reads pages of up to {limit} bytes (PAV_MAX_PAGE_BYTES): not checked")
    )
    shown = size_text(limit if size == limit + 1 else size)
    return TOO_LARGE.finding(template.format(name=source_location, size=shown, limit=limit), location)


def read_page_bytes(stream: IO[bytes]) -> tuple[bytes, int]:
    """At most PAV_MAX_PAGE_BYTES + 1 bytes of a page file, and the file's size (as far as it is known)."""
    limit = max_page_bytes() + 1
    try:
        status = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        status = None
    if status is not None and stat.S_ISREG(status.st_mode) and status.st_size < limit:
        # A regular file's size is known: asking for just over it avoids allocating (and shrinking) a buffer
        # of the whole limit per page, which costs more than reading a 30 KB page. A file that grew since is
        # read on to the limit, as below.
        data = stream.read(status.st_size + 1)
        if len(data) > status.st_size:
            data += stream.read(limit - len(data))
        return data, max(status.st_size, len(data))
    data = stream.read(limit)
    if status is None:
        return data, len(data)
    try:
        size = os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        size = len(data)
    return data, max(size, len(data))


def charset_notes(decoded: Decoded, location: Location, source_location: str) -> tuple[Finding, ...]:
    """I006 notes for a page that lies about its encoding or has undecodable bytes."""
    notes: list[Finding] = []
    if decoded.declaration_wrong:
        notes.append(
            PAGE_CHARSET.finding(
                _("{name} declares charset {declared} but is {encoding}; read as {encoding}").format(
                    name=source_location, declared=decoded.declared_label or decoded.declared, encoding=decoded.encoding
                ),
                location,
            )
        )
    if decoded.replaced:
        template = (
            ngettext(
                "{name} has {count} byte that is not valid {encoding} (first at line {line}); replaced with U+FFFD",
                "{name} has {count} bytes that are not valid {encoding} (first at line {line}); replaced with U+FFFD",
                decoded.replaced,
            )
            if decoded.first_bad_line
            else ngettext(
                "{name} has {count} byte that is not valid {encoding}; replaced with U+FFFD",
                "{name} has {count} bytes that are not valid {encoding}; replaced with U+FFFD",
                decoded.replaced,
            )
        )
        notes.append(
            PAGE_CHARSET.finding(
                template.format(
                    name=source_location, count=decoded.replaced, encoding=decoded.encoding, line=decoded.first_bad_line
                ),
                Location(location.file, decoded.first_bad_line, location.index)
                if location.line is None and location.index is None
                else location,
            )
        )
    return tuple(notes)


def read_html_file(stream: IO[bytes], name: str) -> Iterator[SourceItem]:
    """An `.html` / `.htm` / `.shtml` file: one page. captured_at is the file's modification time.

    At most PAV_MAX_PAGE_BYTES (+1) are read: a larger file is I011, never held in memory whole."""
    data, size = read_page_bytes(stream)
    refused = page_too_large(data, name, Location(name), size)
    if refused is not None:
        yield refused
        return
    yield html_item(
        data,
        location=Location(name),
        source_location=name,
        id_hint=os.path.splitext(os.path.basename(name))[0],
        captured_at=file_captured_at(stream),
    )
