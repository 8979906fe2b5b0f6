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

A big WARC can be read in ranges of whole records (`warc_ranges` finds where, `read_warc_range` reads one,
validator.parallel hands them to workers): each range gives its pages and findings with the record indexes of
the whole file, and a `WarcTally` instead of the closing notes; `warc_notes` makes the notes from the merged
tallies, so the findings are those of reading the file in one go.

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
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import IO, Any, cast

from validator.findings import Finding, Location
from validator.i18n import N_, _
from validator.sources import Answered, SourceItem, collecting
from validator.sources.encoding import charset_of_content_type
from validator.sources.html import html_item, page_too_large
from validator.sources.limits import DEFAULT_MAX_PAGE_BYTES, max_page_bytes
from validator.sources.pages import url_name_hint
from validator.sources.problems import EMPTY, SKIPPED, WARC_DAMAGED

__all__ = ["MAX_PAGE_BYTES", "WarcTally", "read_warc", "read_warc_range", "warc_notes", "warc_ranges"]

WARC_MEDIA_TYPE = "application/warc"
MAX_PAGE_BYTES = DEFAULT_MAX_PAGE_BYTES  # default; PAV_MAX_PAGE_BYTES changes it (see validator.sources.limits)
_HTML_TYPES = frozenset(("text/html", "application/xhtml+xml"))
_GZIP_MAGIC = b"\x1f\x8b"
_RECORD_END = b"\r\n\r\n"


@dataclass(frozen=True, slots=True)
class WarcTally:
    """What reading some records of a WARC leaves for the file's closing notes: the index of the last record
    read (-1: none), pages seen, records skipped by reason and non-HTML types, and the damage that stopped the
    reading (the whole I008 message), if any. The tallies of consecutive ranges of records add up (`merge`) to
    the tally of reading the file in one go."""

    index: int = -1
    pages: int = 0
    skipped: tuple[tuple[str, int], ...] = ()
    not_html: tuple[tuple[str, int], ...] = ()
    damage: str | None = None

    def merge(self, later: WarcTally) -> WarcTally:
        """This tally followed by the tally of the records after it."""
        return WarcTally(
            max(self.index, later.index),
            self.pages + later.pages,
            tuple((Counter(dict(self.skipped)) + Counter(dict(later.skipped))).items()),
            tuple((Counter(dict(self.not_html)) + Counter(dict(later.not_html))).items()),
            later.damage,
        )


def read_warc(stream: IO[bytes], name: str) -> Iterator[SourceItem]:
    """Every HTML page of a WARC file, then one I007 for what was skipped (and I008 for damage)."""
    tally = yield from read_records(stream, name)
    yield from warc_notes(name, tally)


def read_warc_range(
    name: str, offset: int, length: int | None, first_index: int
) -> Generator[SourceItem, None, WarcTally | None]:
    """The pages of the records in bytes `offset` to `offset + length` of the WARC file `name` (to its end when
    `length` is None), the first of them its record `first_index`, without the file's closing notes: their
    tally is returned, to be merged with the other ranges' (`warc_ranges` finds where ranges may start).
    A file that cannot be opened gives the reader's finding, and None."""
    try:
        handle = open(name, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError:
        from validator.sources import read_file

        yield from read_file(name)  # the reader's own I001
        return None
    with handle:
        handle.seek(offset)
        aligned = cast(IO[bytes], _Aligned(handle))  # a stream as warcio reads one
        return (yield from read_records(aligned, name, first_index, None if length is None else offset + length))


def read_records(
    stream: IO[bytes], name: str, first_index: int = 0, end: int | None = None
) -> Generator[SourceItem, None, WarcTally]:
    """Every HTML page of the WARC records in `stream` (the first one the file's record `first_index`; the
    stream ends at byte `end` of the file, or where the file does), and the tally for the closing notes."""
    from warcio.archiveiterator import ArchiveIterator, UnseekableYetTellable  # type: ignore[import-untyped]

    # A stream that cannot tell its position is wrapped as warcio itself wraps it, so positions can be told.
    source = stream if _tells(stream) else UnseekableYetTellable(stream)
    start = source.tell()
    skipped: Counter[str] = Counter()
    not_html: Counter[str] = Counter()
    index = first_index - 1
    pages = 0
    links_wanted = collecting()  # the crawl-level checks want the answers skipped here (404, 301 ...)
    damage: str | None = None
    # check_digests: warcio hashes each record as it is read and compares WARC-Block-Digest/WARC-Payload-Digest
    # (little of the reading time: README, Performance; it finds damage a gzip member's CRC misses, or an
    # uncompressed WARC has no CRC to find).
    iterator = ArchiveIterator(source, check_digests=True, block_size=_READ_BLOCK)  # reads nothing yet
    records = iter(iterator)
    previous: Any = None
    span: tuple[int, int] | None = None  # (offset, length) of the last record read to its end
    while True:
        try:
            (record, span), warnings = _warcio(name, _advance, iterator, records, previous, span, end)
        except Exception as error:
            offset = _told(source)
            damage = _(
                "{name} is damaged after {count} record(s), near byte {offset}: the file ends or is corrupt there "
                "({reason})"
            ).format(name=name, count=index + 1, offset=offset, reason=_reason(error))
            break
        for warning in warnings:
            yield WARC_DAMAGED.finding(warning, Location(name, index=index if index >= 0 else None))
        if previous is not None and _cut_short(previous):
            damage = _("{name} ends inside record {index} ({url}): the record is cut short").format(
                name=name, index=index, url=_uri(previous)
            )
            break
        if record is None:
            left = _leftover(stream, start, span, end)
            if left is not None:
                damage = _(
                    "{name} has {count} bytes after its last complete record (at byte {offset}) that are not a "
                    "readable WARC record: the file is truncated or corrupt there"
                ).format(name=name, count=left[1] - left[0], offset=left[0])
            break
        if record.format != "warc":
            damage = _("{name} is not a WARC file: it holds a record in another format ({format})").format(
                name=name, format=record.format
            )
            break
        if record.length is None:
            # WARC requires Content-Length on every record (WARC 1.1 §5.3): without it the record's end is
            # unknown, and warcio would read to the end of the file as if it were this record's.
            uri = _uri(record)
            damage = (
                _(
                    "{name} is damaged in record {index} ({url}): it has no valid Content-Length header, so where it "
                    "ends is unknown; it was not checked"
                )
                if uri
                else _(
                    "{name} is damaged in record {index}: it has no valid Content-Length header, so where it ends is "
                    "unknown; it was not checked"
                )
            ).format(name=name, index=index + 1, url=uri)
            break
        previous = record
        index += 1
        reason = _skip_reason(record, not_html)
        if reason is not None:
            skipped[reason] += 1
            if links_wanted:
                answered = _answered(record, Location(name, index=index))
                if answered is not None:
                    yield answered
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
            damage = _("{name} is damaged in record {index} ({url}): {reason}").format(
                name=name, index=index, url=_uri(record), reason=_reason(error)
            )
            break
        for warning in warnings + more:
            yield WARC_DAMAGED.finding(warning, Location(name, index=index))
        if _cut_short(record):
            damage = _("{name} ends inside record {index} ({url}): the page is cut short and was not checked").format(
                name=name, index=index, url=_uri(record)
            )
            previous = None
            break
        pages += 1
        failure = _digest_failure(record)
        if failure is not None:
            yield WARC_DAMAGED.finding(
                _("{name} record {index} ({url}) is damaged: {failure}; the page was not checked").format(
                    name=name, index=index, url=_uri(record), failure=failure
                ),
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
        damage += _("; the records before it were checked") if index >= 0 else ""
    return WarcTally(index, pages, tuple(skipped.items()), tuple(not_html.items()), damage)


def warc_notes(name: str, tally: WarcTally) -> Iterator[Finding]:
    """The closing notes of a WARC file read to its end (or to damage): I008 for the damage, one I007 for what was
    skipped, I004 when it held no page."""
    if tally.damage is not None:
        yield WARC_DAMAGED.finding(tally.damage, Location(name))
    skipped = dict(tally.skipped)
    if skipped:
        not_html = dict(tally.not_html)
        total = sum(skipped.values())
        parts = []
        comma = _(", ")  # (the list's punctuation is the language's too: "，" in Chinese)
        for reason, count in sorted(skipped.items(), key=lambda item: (-item[1], item[0])):
            label = _skip_label(reason)
            if reason == "non-HTML responses" and not_html:
                ranked = sorted(not_html.items(), key=lambda i: (-i[1], i[0]))
                kinds = comma.join(f"{kind} {n}" for kind, n in ranked)
                parts.append(_("{reason}: {count} ({kinds})").format(reason=label, count=count, kinds=kinds))
            else:
                parts.append(_("{reason}: {count}").format(reason=label, count=count))
        yield SKIPPED.finding(
            _("skipped {count} of {total} WARC records that are not HTML pages: {reasons}").format(
                count=total, total=tally.index + 1, reasons=comma.join(parts)
            ),
            Location(name),
        )
    if tally.pages == 0 and tally.damage is None:
        yield EMPTY.finding(
            _("{name} holds no HTML page (no 200 text/html response record)").format(name=name), Location(name)
        )


_SKIP_LABELS = {
    "revisit records (deduplicated captures)": N_("revisit records (deduplicated captures)"),
    "responses without HTTP headers": N_("responses without HTTP headers"),
    "non-HTML responses": N_("non-HTML responses"),
}
_STATUS_REASON = "responses with HTTP status "


def _skip_label(reason: str) -> str:
    """A reason for skipping records (the tally's key, in English: ranges of a file add up by it, and the note
    lists them in its order whatever the language) in the run's language."""
    if reason in _SKIP_LABELS:
        return _(_SKIP_LABELS[reason])
    if reason.startswith(_STATUS_REASON):
        return _("responses with HTTP status {status}").format(status=reason[len(_STATUS_REASON) :])
    if reason.endswith(" records"):
        return _("{kind} records").format(kind=reason[: -len(" records")])
    return reason


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


def _answered(record: Any, location: Location) -> Answered | None:
    """A response record that is not a page to check, as the crawl-level checks need it: URL, HTTP status and
    redirect target (None for other records, and responses without a URL or a status)."""
    http = record.http_headers
    uri = _uri(record)
    if record.rec_type != "response" or http is None or not uri:
        return None
    status = http.get_statuscode() or ""
    if not status.isdigit():
        return None
    redirect = (http.get_header("Location") or "").strip() or None
    return Answered(uri, int(status), location, redirect)


def _payload(record: Any) -> bytes:
    data: bytes = record.content_stream().read(max_page_bytes() + 1)
    return data


def _position(iterator: Any) -> tuple[int, int]:
    return iterator.get_record_offset(), iterator.get_record_length()


def _advance(
    iterator: Any, records: Iterator[Any], previous: Any, span: tuple[int, int] | None, end: int | None
) -> tuple[Any, tuple[int, int] | None]:
    """The next record (None at the end, or once the previous one ends at byte `end`), and where the previous
    one lies in the file. The previous record is read to its end by warcio either way (by `get_record_offset`,
    or else by `next`), so asking costs nothing."""
    if previous is not None:
        span = _position(iterator)
        # A range ends where a record does: its gzip member, or the record and the two CRLFs after it (warcio's
        # length of an uncompressed record leaves them out).
        if end is not None and span[0] + span[1] >= end - len(_RECORD_END):
            return None, span
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
        message = _(
            "{name}: the record before byte {offset} is not followed by the blank lines WARC requires (its "
            "Content-Length is probably wrong)"
        ).format(name=name, offset=offset)
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


def _leftover(
    stream: IO[bytes], start: int, span: tuple[int, int] | None, limit: int | None = None
) -> tuple[int, int] | None:
    """(end of the last complete record, file size) when bytes are left that warcio could not read as a record.

    The end is where warcio stopped: after the last record's gzip member, or, in an uncompressed WARC, after the
    record and what follows it up to the next line that is not blank (WARC ends a record with two CRLFs; warcio
    takes the rest of the record's last line and every blank line after it as that separator)."""
    try:
        handle = stream.fileno()
        size = os.fstat(handle).st_size if limit is None else min(limit, os.fstat(handle).st_size)
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
        return _("its bytes do not match its WARC-Block-Digest ({digest})").format(digest=block)
    payload = record.rec_headers.get_header("WARC-Payload-Digest")
    if not block and any(problem.startswith("payload digest failed") for problem in problems):
        return _("its payload does not match its WARC-Payload-Digest ({digest})").format(digest=payload)
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


class _Aligned(io.RawIOBase):
    """An open file read from its position on in the blocks a reading of the whole file reads: the first read
    stops where that reading has its next one, so from there on warcio reads the same blocks, and the positions
    it tells (which pav's damage messages name) are the same. The range's end is not a limit here: warcio reads
    a block as far as it would, and `read_records` stops at the record that ends the range."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        position = self._handle.tell()
        if position % _READ_BLOCK:
            view = view[: _READ_BLOCK - position % _READ_BLOCK]
        return self._handle.readinto(view) or 0  # type: ignore[attr-defined]

    def tell(self) -> int:
        return self._handle.tell()

    def fileno(self) -> int:
        return self._handle.fileno()


_READ_BLOCK = 16384  # warcio's block size (warcio.archiveiterator.BUFF_SIZE): the ArchiveIterator is given it


# --- where a WARC may be cut into ranges of records (validator.parallel) -------------------------------------

_WARC_HEAD = b"WARC/1."
_HEAD_LIMIT = 65536  # a record header longer than this is read, not split at
_INDEX_BLOCK = 65536  # read and inflated at a time: small, since what follows each member is copied


def warc_ranges(name: str, target: int) -> Iterator[tuple[int, int | None, int]]:
    """Ranges of whole records of the WARC file `name`, about `target` bytes each: (offset, length, index of the
    first record); the last range has no length (it runs to the end of the file, damage and all).

    A range starts only where a reading of the whole file is at the start of a record with nothing carried over:
    in a .warc.gz, at a gzip member that follows members each holding exactly one whole record (its header, a
    Content-Length that counts its block, and the two CRLFs); in a .warc, after a record whose Content-Length
    leads to the two CRLFs and the next record's `WARC/1.`. Where that stops holding (damage, a record spread
    over members, a file that is one gzip stream), no range starts any more: the rest is the last range, read as
    a serial run reads it. gzip members record no length, so a .warc.gz is inflated once here to find them (no
    page is parsed; README, Performance); a .warc is read only at its record headers."""
    starts = _gzip_starts(name) if _is_gzip(name) else _plain_starts(name)
    offset, first = 0, 0
    try:
        for at, index in starts:
            if at - offset >= target:
                yield offset, at - offset, first
                offset, first = at, index
    except OSError:
        pass  # what cannot be read here is read (and reported) by the last range's worker
    yield offset, None, first


def _is_gzip(name: str) -> bool:
    try:
        with open(name, "rb") as handle:
            return handle.read(2) == _GZIP_MAGIC
    except OSError:
        return False


def _one_record(head: bytes, size: int) -> bool:
    """Whether `size` bytes beginning with `head` are exactly one WARC record (the two CRLFs after it included)."""
    length = _block_start_and_length(head)
    return length is not None and sum(length) + len(_RECORD_END) == size


def _block_start_and_length(head: bytes) -> tuple[int, int] | None:
    """Where the block of the record whose header starts `head` begins, and its Content-Length; None when the
    header is not one to split at (not WARC/1.x, too long, no Content-Length or a doubtful one)."""
    if not head.startswith(_WARC_HEAD):
        return None
    header_end = head.find(_RECORD_END)
    if header_end < 0:
        return None
    lengths = [
        line.split(b":", 1)[1].strip()
        for line in head[:header_end].split(b"\r\n")[1:]
        if line.split(b":", 1)[0].strip().lower() == b"content-length"
    ]
    if len(lengths) != 1 or not lengths[0].isdigit():
        return None
    return header_end + len(_RECORD_END), int(lengths[0])


def _gzip_starts(name: str) -> Iterator[tuple[int, int]]:
    """(offset, record index) of each gzip member after the first, while every member holds one whole record."""
    with open(name, "rb") as handle:
        buffered = b""  # bytes read and not inflated yet
        consumed = 0  # the file offset of buffered[0]
        index = 0
        while True:
            inflater = zlib.decompressobj(wbits=31)
            head, size, tail = b"", 0, b""
            while not inflater.eof:
                if not buffered:
                    buffered = handle.read(_INDEX_BLOCK)
                    if not buffered:
                        return  # the file ends inside a member: no more ranges
                try:
                    out = inflater.decompress(buffered, _INDEX_BLOCK)  # output bounded: a huge record is not held
                except zlib.error:
                    return
                rest = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
                consumed += len(buffered) - len(rest)
                buffered = rest
                if len(head) < _HEAD_LIMIT:
                    head += out[: _HEAD_LIMIT - len(head)]
                size += len(out)
                tail = (tail + out[-4:])[-4:]
            if tail != _RECORD_END or not _one_record(head, size):
                return
            index += 1
            if len(buffered) < len(_GZIP_MAGIC):
                buffered += handle.read(_INDEX_BLOCK)
            if not buffered.startswith(_GZIP_MAGIC):
                return  # the end of the file, or bytes no member starts with: the last range reads them
            yield consumed, index


def _plain_starts(name: str) -> Iterator[tuple[int, int]]:
    """(offset, record index) of each record after the first of an uncompressed WARC, found by Content-Length,
    while each record is followed by exactly the two CRLFs and the next record's header."""
    with open(name, "rb") as handle:
        descriptor = handle.fileno()
        offset, index = 0, 0
        while True:
            head = os.pread(descriptor, 4096, offset)
            found = _block_start_and_length(head)
            if found is None and _RECORD_END not in head:
                head = os.pread(descriptor, _HEAD_LIMIT, offset)
                found = _block_start_and_length(head)
            if found is None:
                return
            end = offset + found[0] + found[1]
            after = os.pread(descriptor, len(_RECORD_END) + len(_WARC_HEAD), end)
            if after != _RECORD_END + _WARC_HEAD:
                return  # the end of the file, or damage: the last range reads it
            offset, index = end + len(_RECORD_END), index + 1
            yield offset, index
