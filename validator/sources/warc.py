"""WARC crawls (`.warc`, `.warc.gz`) -> records, streaming with warcio: a multi-GB WARC is never held in memory.

Every `response` record whose HTTP status is 200 and whose Content-Type is HTML (text/html,
application/xhtml+xml; sniffed when missing) becomes a record:

- `url` from WARC-Target-URI, `captured_at` from WARC-Date (as written, RFC 3339 in UTC);
- `source`: `location` = the WARC file, `warc_record_id` = WARC-Record-ID, `warc_offset` = the record's byte
  offset in the file (of its gzip member in a .warc.gz), `media_type` = application/warc and `sha256` = the
  digest of the raw record;
- raw bytes (`SourceRecord.raw`, what an archival package stores) = the WARC record exactly as in the file,
  uncompressed (a .warc.gz member is inflated): headers, HTTP response and payload, a valid one-record WARC.
  The page is extracted from the HTTP payload, de-chunked and decoded (Content-Encoding) by warcio;
- findings carry the WARC file and the record's position in it (`crawl.warc.gz[3]` = its fourth record,
  counting every record); they have no line, because lines of a page inside a WARC are not lines of the file.

Everything else is skipped and counted: requests, metadata, warcinfo, resource, conversion and revisit
records (revisits hold no page, only a pointer to an earlier capture), non-HTML responses, responses with
another status. A page over PAV_MAX_PAGE_BYTES (default 32 MiB) is refused with I011 (its payload is read
no further than the limit). One I007 (info) per file sums them up, so nothing read is dropped silently. A file with no
HTML page at all is also I004. Damage (a truncated gzip member, a record cut short, an unparseable header, a
record without Content-Length) is I008 with the offset where reading stopped; the records read before it are
checked as usual. A record whose bytes do not match its WARC-Block-Digest (or, without one, its
WARC-Payload-Digest) is I008 too, and its page is not checked (its text is not what was captured); reading
goes on with the next record.

warcio's public API is used (ArchiveIterator, the record's headers, `length`, `content_stream()`, `raw_stream`
as a stream, `digest_checker`, the iterator's `get_record_offset()` and `get_record_length()`), with one
exception: warcio 1.8.1 reports two kinds of damage only by writing to sys.stderr (a record not followed by
the blank lines WARC requires, i.e. a wrong Content-Length; a gzip member that stops inflating part-way), with
no exception, return value or attribute to read them from. `_warcio` captures that output around each warcio
call, which is why the iterator is advanced one call at a time: the capture must hold warcio's own work only,
never the page reading or the caller's work between two records.
"""

from __future__ import annotations

import contextlib
import io
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

from validator.findings import Location
from validator.sources import SourceItem
from validator.sources.encoding import charset_of_content_type
from validator.sources.html import html_item, page_too_large
from validator.sources.limits import DEFAULT_MAX_PAGE_BYTES, max_page_bytes
from validator.sources.pages import url_name_hint
from validator.sources.problems import EMPTY, SKIPPED, WARC_DAMAGED

__all__ = ["MAX_PAGE_BYTES", "read_warc"]

WARC_MEDIA_TYPE = "application/warc"
MAX_PAGE_BYTES = DEFAULT_MAX_PAGE_BYTES  # default; PAV_MAX_PAGE_BYTES changes it (see validator.sources.limits)
_HTML_TYPES = frozenset(("text/html", "application/xhtml+xml"))
_GZIP_MAGIC = b"\x1f\x8b"
_RECORD_END = b"\r\n\r\n"


def read_warc(stream: IO[bytes], name: str) -> Iterator[SourceItem]:
    """Every HTML page of a WARC file, then one I007 for what was skipped (and I008 for damage)."""
    from warcio.archiveiterator import ArchiveIterator, UnseekableYetTellable  # type: ignore[import-untyped]

    # A stream that cannot tell its position is wrapped as warcio itself wraps it, so positions can be told.
    source = stream if _tells(stream) else UnseekableYetTellable(stream)
    start = source.tell()
    skipped: Counter[str] = Counter()
    not_html: Counter[str] = Counter()
    index = -1
    pages = 0
    damage: str | None = None
    # check_digests: warcio hashes each record as it is read and compares WARC-Block-Digest/WARC-Payload-Digest
    # (little of the reading time: README, Performance; it finds damage a gzip member's CRC misses, or an
    # uncompressed WARC has no CRC to find).
    iterator = ArchiveIterator(source, check_digests=True)  # reads nothing yet
    records = iter(iterator)
    previous: Any = None
    span: tuple[int, int] | None = None  # (offset, length) of the last record read to its end
    while True:
        try:
            (record, span), warnings = _warcio(name, _advance, iterator, records, previous, span)
        except Exception as error:
            offset = _told(source)
            damage = (
                f"{name} is damaged after {index + 1} record(s), near byte {offset}: the file ends or is corrupt "
                f"there ({_reason(error)})"
            )
            break
        for warning in warnings:
            yield WARC_DAMAGED.finding(warning, Location(name, index=index if index >= 0 else None))
        if previous is not None and _cut_short(previous):
            damage = f"{name} ends inside record {index} ({_uri(previous)}): the record is cut short"
            break
        if record is None:
            end = _leftover(stream, start, span)
            if end is not None:
                damage = (
                    f"{name} has {end[1] - end[0]} bytes after its last complete record (at byte {end[0]}) that are "
                    "not a readable WARC record: the file is truncated or corrupt there"
                )
            break
        if record.format != "warc":
            damage = f"{name} is not a WARC file: it holds a record in another format ({record.format})"
            break
        if record.length is None:
            # WARC requires Content-Length on every record (WARC 1.1 §5.3): without it the record's end is
            # unknown, and warcio would read to the end of the file as if it were this record's.
            uri = _uri(record)
            damage = (
                f"{name} is damaged in record {index + 1}{f' ({uri})' if uri else ''}: it has no valid "
                "Content-Length header, so where it ends is unknown; it was not checked"
            )
            break
        previous = record
        index += 1
        reason = _skip_reason(record, not_html)
        if reason is not None:
            skipped[reason] += 1
            continue
        try:
            payload, warnings = _warcio(name, _payload, record)
            refused = page_too_large(payload, f"{name}[{index}] ({_uri(record)})", Location(name, index=index))
            if refused is not None:
                pages += 1  # a page, refused: I011 accounts for it (and the file is not "without pages")
                yield refused
                continue
            (offset, length), more = _warcio(name, _position, iterator)
        except Exception as error:
            damage = f"{name} is damaged in record {index} ({_uri(record)}): {_reason(error)}"
            break
        for warning in warnings + more:
            yield WARC_DAMAGED.finding(warning, Location(name, index=index))
        if _cut_short(record):
            damage = f"{name} ends inside record {index} ({_uri(record)}): the page is cut short and was not checked"
            previous = None
            break
        pages += 1
        failure = _digest_failure(record)
        if failure is not None:
            yield WARC_DAMAGED.finding(
                f"{name} record {index} ({_uri(record)}) is damaged: {failure}; the page was not checked",
                Location(name, index=index),
            )
            continue
        headers = record.rec_headers
        record_id = headers.get_header("WARC-Record-ID") or ""
        uri = _uri(record)
        content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
        raw = _record_bytes(stream, offset, length)
        source_extra: dict[str, Any] = {"warc_offset": offset}
        if record_id:
            source_extra["warc_record_id"] = record_id
        yield html_item(
            payload,
            location=Location(name, index=index),
            source_location=name,
            id_hint=url_name_hint(uri, "warc"),
            url=uri or None,
            captured_at=headers.get_header("WARC-Date") or None,
            http_charset=charset_of_content_type(content_type),
            raw=raw if raw is not None else payload,
            media_type=WARC_MEDIA_TYPE if raw is not None else (content_type or "text/html"),
            source_extra=source_extra,
            identity=(record_id or f"{name}#{offset}").encode("utf-8", "surrogatepass"),
            with_lines=False,
        )
    if damage is not None:
        read = "; the records before it were checked" if index >= 0 else ""
        yield WARC_DAMAGED.finding(damage + read, Location(name))
    if skipped:
        total = sum(skipped.values())
        parts = []
        for reason, count in sorted(skipped.items(), key=lambda item: (-item[1], item[0])):
            if reason == "non-HTML responses" and not_html:
                kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(not_html.items(), key=lambda i: (-i[1], i[0])))
                parts.append(f"{reason}: {count} ({kinds})")
            else:
                parts.append(f"{reason}: {count}")
        yield SKIPPED.finding(
            f"skipped {total} of {index + 1} WARC records that are not HTML pages: {', '.join(parts)}",
            Location(name),
        )
    if pages == 0 and damage is None:
        yield EMPTY.finding(f"{name} holds no HTML page (no 200 text/html response record)", Location(name))


def _skip_reason(record: Any, not_html: Counter[str]) -> str | None:
    """Why a WARC record is not a page to check, or None when it is one."""
    kind = record.rec_type or "unknown"
    if kind != "response":
        return "revisit records (deduplicated captures)" if kind == "revisit" else f"{kind} records"
    http = record.http_headers
    if http is None:
        return "responses without HTTP headers"
    status = http.get_statuscode() or "?"
    if status != "200":
        return f"responses with HTTP status {status}"
    content_type = http.get_header("Content-Type")
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in _HTML_TYPES:
        return None
    if not mime:
        return None  # no type given: html_item judges the bytes (an empty or non-HTML payload is a finding)
    not_html[mime] += 1
    return "non-HTML responses"


def _payload(record: Any) -> bytes:
    data: bytes = record.content_stream().read(max_page_bytes() + 1)
    return data


def _position(iterator: Any) -> tuple[int, int]:
    return iterator.get_record_offset(), iterator.get_record_length()


def _advance(
    iterator: Any, records: Iterator[Any], previous: Any, span: tuple[int, int] | None
) -> tuple[Any, tuple[int, int] | None]:
    """The next record (None at the end), and where the previous one lies in the file. The previous record is
    read to its end by warcio either way (by `get_record_offset`, or else by `next`), so asking costs nothing."""
    if previous is not None:
        span = _position(iterator)
    return next(records, None), span


def _warcio(name: str, call: Any, *args: Any) -> tuple[Any, list[str]]:
    """Run a warcio call, turning what it prints on stderr (e.g. a wrong Content-Length) into messages.

    warcio has no other way to tell these (see the module docstring). sys.stderr is redirected for the whole
    process, so only warcio's own work runs inside: pav reads a WARC in one thread."""
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        result = call(*args)
    text = captured.getvalue().strip()
    if not text:
        return result, []
    if "Content-Length is invalid" in text:
        offset = next((line.split(":", 1)[1].strip() for line in text.splitlines() if "Offset:" in line), "?")
        message = (
            f"{name}: the record before byte {offset} is not followed by the blank lines WARC requires "
            "(its Content-Length is probably wrong)"
        )
        return result, [message]
    return result, [f"{name}: {' '.join(text.split())}"]


def _record_bytes(stream: IO[bytes], offset: int, length: int) -> bytes | None:
    """The record as stored in the file, inflated when it is a gzip member; None when it cannot be re-read."""
    try:
        # warcio's length of an uncompressed record leaves out the two CRLFs that end it: read them too.
        data = os.pread(stream.fileno(), length + len(_RECORD_END), offset)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None
    if data.startswith(_GZIP_MAGIC):
        try:
            inflater = zlib.decompressobj(wbits=31)
            return inflater.decompress(data[:length]) + inflater.flush()
        except zlib.error:
            return None
    return data if data.endswith(_RECORD_END) else data[:length]


def _leftover(stream: IO[bytes], start: int, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """(end of the last complete record, file size) when bytes are left that warcio could not read as a record.

    The end is where warcio stopped: after the last record's gzip member, or, in an uncompressed WARC, after the
    record and what follows it up to the next line that is not blank (WARC ends a record with two CRLFs; warcio
    takes the rest of the record's last line and every blank line after it as that separator)."""
    try:
        handle = stream.fileno()
        size = os.fstat(handle).st_size
        if span is None:
            end = start  # no record at all
        else:
            offset, length = span
            end = offset + length
            if not os.pread(handle, len(_GZIP_MAGIC), offset).startswith(_GZIP_MAGIC):
                end = _after_separator(handle, end, size)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None
    return (end, size) if size > end else None


_BLANK = b" \t\n\r\x0b\x0c"  # what bytes.rstrip() removes: a line of only these is blank


def _after_separator(handle: int, position: int, size: int) -> int:
    """Where the next record starts, reading the separator as warcio does: the rest of the line at `position`,
    then every blank line."""
    first = True
    while position < size:
        length, blank = _line_at(handle, position, size)
        if not (first or blank):
            break
        position += length
        first = False
    return position


def _line_at(handle: int, position: int, size: int) -> tuple[int, bool]:
    """The length of the line starting at `position` (its newline included), and whether it is blank."""
    length, blank = 0, True
    while position + length < size:
        block = os.pread(handle, 65536, position + length)
        if not block:
            break
        cut = block.find(b"\n")
        part = block if cut < 0 else block[: cut + 1]
        length += len(part)
        blank = blank and not part.strip(_BLANK)
        if cut >= 0:
            break
    return length, blank


def _cut_short(record: Any) -> bool:
    """Whether the file ended before the record's Content-Length was read (an uncompressed WARC cut off): its
    raw stream, read to its end by warcio, holds fewer bytes than the record's length."""
    return isinstance(record.length, int) and record.raw_stream.tell() < record.length


def _digest_failure(record: Any) -> str | None:
    """Why the record's bytes are not the bytes its writer hashed, or None (digests match, or none written).

    The block digest covers the whole record block and decides. A payload digest alone decides only when the
    record has no block digest: writers disagree on whether it covers a chunked payload as sent or de-chunked
    (iipc/warc-specifications#23), so a failed payload digest beside a matching block digest is no damage."""
    checker = getattr(record, "digest_checker", None)
    if checker is None or checker.passed is not False:
        return None
    problems = [str(problem) for problem in checker.problems]
    block = record.rec_headers.get_header("WARC-Block-Digest")
    if any(problem.startswith("block digest failed") for problem in problems):
        return f"its bytes do not match its WARC-Block-Digest ({block})"
    payload = record.rec_headers.get_header("WARC-Payload-Digest")
    if not block and any(problem.startswith("payload digest failed") for problem in problems):
        return f"its payload does not match its WARC-Payload-Digest ({payload})"
    return None


def _tells(stream: IO[bytes]) -> bool:
    try:
        stream.tell()
    except Exception:  # as warcio's own check
        return False
    return True


def _told(source: Any) -> str:
    """The position reading reached in the file, for messages ("?" when it cannot be told)."""
    try:
        return str(source.tell())
    except Exception:
        return "?"


def _uri(record: Any) -> str:
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    return uri.strip().strip("<>")


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."
