"""Readers for JSON records: `.jsonl` (one record per line) and `.json` (one record, or an array of them).

Both stream. A JSON array is split element by element with `JSONDecoder.raw_decode` over a sliding buffer,
so a file of a million records is never held in memory at once; every record keeps its line number.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from collections.abc import Iterator
from typing import IO

from validator.findings import Finding, Location
from validator.i18n import _
from validator.sources import SourceItem, SourceRecord
from validator.sources.limits import bounded_lines, max_line_bytes, size_text
from validator.sources.problems import BAD_ENCODING, EMPTY, INVALID_JSON, NOT_AN_OBJECT, TOO_LARGE

CHUNK_SIZE = 1 << 20
JSON_MEDIA_TYPE = "application/json"
_WHITESPACE = " \t\n\r"
_DECODER = json.JSONDecoder()


def read_jsonl(stream: IO[bytes], name: str, first_line: int = 1) -> Iterator[SourceItem]:
    """One record per non-blank line; a broken line becomes a finding and reading goes on.

    `first_line` numbers the stream's first line when it is a slice of a larger file (parallel workers).
    """
    records = 0
    limit = max_line_bytes()
    for line_no, (line, length) in enumerate(bounded_lines(stream, limit), first_line):
        if line is None:  # a line over the limit was skipped without holding it in memory
            records += 1
            yield TOO_LARGE.finding(
                _(
                    "line {line} is {size}; pav reads JSON Lines lines of up to {limit} bytes (PAV_MAX_LINE_BYTES): "
                    "not checked"
                ).format(line=line_no, size=size_text(length), limit=limit),
                Location(name, line=line_no),
            )
            continue
        raw = line
        if line_no == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw or raw.isspace():  # same test as `not raw.strip()` (ASCII whitespace) without copying the line
            continue
        records += 1
        location = Location(name, line=line_no)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield BAD_ENCODING.finding(
                _("line {line} is not valid UTF-8 (byte 0x{byte:02x} at column {column})").format(
                    line=line_no, byte=raw[error.start], column=error.start + 1
                ),
                location,
            )
            continue
        yield _record_or_finding(text, location, raw)
    if records == 0:
        yield EMPTY.finding(_("{name} holds no records").format(name=_shown_name(name)), Location(name))


def _record_or_finding(text: str, location: Location, raw: bytes | None = None) -> SourceItem:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        where = (
            _("column {column}").format(column=error.colno)
            if location.line is not None
            else _("line {line}, column {column}").format(line=error.lineno, column=error.colno)
        )
        message = error.msg.removesuffix(" at")  # json says "Invalid control character at" (Python's English)
        return INVALID_JSON.finding(
            _("invalid JSON at {where}: {message}").format(where=where, message=message), location
        )
    except RecursionError:
        return INVALID_JSON.finding(_("invalid JSON: nested too deeply to read"), location)
    if not isinstance(value, dict):
        return NOT_AN_OBJECT.finding(
            _("expected a JSON object (a record), got {kind}").format(kind=_json_kind(value)), location
        )
    return SourceRecord(value, location, raw if raw is not None else text.encode("utf-8"), JSON_MEDIA_TYPE)


class _TextBuffer:
    """Decoded text of a byte stream, read chunk by chunk, tracking the line number of `text[0]`."""

    def __init__(self, stream: IO[bytes], head: bytes = b"") -> None:
        self._stream = stream
        self._head = head  # bytes already read from the stream: the first chunk
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        self.text = ""
        self.line = 1
        self.eof = False

    def more(self) -> bool:
        """Append the next chunk; False at end of stream. Raises UnicodeDecodeError on bad bytes."""
        if self.eof:
            return False
        chunk, self._head = (self._head, b"") if self._head else (self._stream.read(CHUNK_SIZE), b"")
        self.eof = not chunk
        self.text += self._decoder.decode(chunk, final=self.eof)
        return bool(chunk) or bool(self.text)

    def skip_whitespace(self, pos: int) -> int:
        """Position of the next non-blank character, reading more as needed (len(text) at end)."""
        while True:
            while pos < len(self.text) and self.text[pos] in _WHITESPACE:
                pos += 1
            if pos < len(self.text) or not self.more():
                return pos

    def line_at(self, pos: int) -> int:
        return self.line + self.text.count("\n", 0, pos)

    def drop(self, pos: int) -> int:
        """Forget text before `pos` (keeps memory flat); returns the new position (0)."""
        self.line += self.text.count("\n", 0, pos)
        self.text = self.text[pos:]
        return 0


def read_json_file(stream: IO[bytes], name: str) -> Iterator[SourceItem]:
    """A `.json` file: one record (an object) or an array of records, streamed element by element."""
    head = read_head(stream, CHUNK_SIZE + 1)
    if len(head) <= CHUNK_SIZE:
        record = _small_record(head, name)
        if record is not None:
            yield record
            return
    buffer = _TextBuffer(stream, head)
    try:
        yield from _read_json(buffer, name)
    except UnicodeDecodeError as error:
        line = buffer.line_at(len(buffer.text))
        yield BAD_ENCODING.finding(
            _("{name} is not valid UTF-8 near line {line} ({reason}); the rest was not read").format(
                name=_shown_name(name), line=line, reason=error.reason
            ),
            Location(name, line=line),
        )


def read_head(stream: IO[bytes], limit: int) -> bytes:
    """`stream.read(limit)`: the first `limit` bytes, or all of them when there are fewer.

    A regular file's size is known: asking for just over it spares allocating (and shrinking) a buffer of
    `limit` bytes, which for a record of a few KB costs more than reading it (README, Performance; one file per
    record is how most tools write records). A file that grew since its size was taken is read on to `limit`."""
    try:
        status = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return stream.read(limit)
    if not stat.S_ISREG(status.st_mode) or status.st_size + 1 >= limit:
        return stream.read(limit)
    data = stream.read(status.st_size + 1)
    if len(data) > status.st_size:
        data += stream.read(limit - len(data))
    return data


def _small_record(data: bytes, name: str) -> SourceRecord | None:
    """The record of a whole small file holding one well-formed object (one record per file is how most
    tools write JSON records); None for anything else, which the streaming reader then reads and reports.
    The same record the streaming reader would make, without its chunked decoding and scanning."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text.lstrip(_WHITESPACE).startswith("{"):
        return None
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    # The raw bytes as the streaming reader keeps them: the text as UTF-8, so without a byte order mark.
    raw = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    return SourceRecord(value, Location(name), raw, JSON_MEDIA_TYPE)


def _read_json(buffer: _TextBuffer, name: str) -> Iterator[SourceItem]:
    pos = buffer.skip_whitespace(0)
    if pos >= len(buffer.text):
        yield EMPTY.finding(_("{name} holds no records").format(name=_shown_name(name)), Location(name))
        return
    if buffer.text[pos] != "[":
        while buffer.more():
            pass
        item = _record_or_finding(buffer.text, Location(name))
        if not isinstance(item, Finding) or item.rule != INVALID_JSON.id:
            yield item
            return
        value_end = _whole_value_end(buffer.text, pos)
        if value_end is not None:
            line = buffer.line_at(value_end)
            yield INVALID_JSON.finding(
                _("invalid JSON: extra data after the record at line {line}").format(line=line),
                Location(name, line=line),
            )
        else:
            yield item
        return
    index = 0
    pos += 1
    while True:
        pos = buffer.skip_whitespace(pos)
        if pos >= len(buffer.text):
            yield _truncated(buffer, name, pos, index)
            return
        if buffer.text[pos] == "]" and index == 0:
            yield EMPTY.finding(
                _("{name} is an empty array: no records").format(name=_shown_name(name)), Location(name)
            )
            return
        pos = buffer.drop(pos)
        location = Location(name, line=buffer.line, index=index)
        while True:
            try:
                value, end = _DECODER.raw_decode(buffer.text, pos)
                if end == len(buffer.text) and buffer.more():
                    continue  # a bare scalar cut at the chunk boundary ("12" of "1234"): read on
                break
            except json.JSONDecodeError as error:
                if buffer.more():
                    continue
                yield INVALID_JSON.finding(
                    _(
                        "invalid JSON in array element {index}: {message} (line {line}); the rest of the file was "
                        "not read"
                    ).format(index=index, message=error.msg, line=buffer.line_at(error.pos)),
                    location,
                )
                return
            except RecursionError:
                yield INVALID_JSON.finding(
                    _(
                        "invalid JSON in array element {index}: nested too deeply; the rest of the file was not read"
                    ).format(index=index),
                    location,
                )
                return
        if isinstance(value, dict):
            yield SourceRecord(value, location, buffer.text[pos:end].encode("utf-8"), JSON_MEDIA_TYPE)
        else:
            yield NOT_AN_OBJECT.finding(
                _("array element {index} is {kind}, not a record").format(index=index, kind=_json_kind(value)), location
            )
        index += 1
        pos = buffer.skip_whitespace(end)
        if pos < len(buffer.text) and buffer.text[pos] == ",":
            pos += 1
            continue
        if pos < len(buffer.text) and buffer.text[pos] == "]":
            rest = buffer.skip_whitespace(pos + 1)
            if rest < len(buffer.text):
                line = buffer.line_at(rest)
                yield INVALID_JSON.finding(
                    _("invalid JSON: extra data after the array at line {line}").format(line=line),
                    Location(name, line=line),
                )
            return
        if pos >= len(buffer.text):
            yield _truncated(buffer, name, pos, index)
            return
        line = buffer.line_at(pos)
        yield INVALID_JSON.finding(
            _(
                "invalid JSON: expected ',' or ']' after array element {index} at line {line}; "
                "the rest of the file was not read"
            ).format(index=index - 1, line=line),
            Location(name, line=line),
        )
        return


def _truncated(buffer: _TextBuffer, name: str, pos: int, index: int) -> SourceItem:
    line = buffer.line_at(pos)
    return INVALID_JSON.finding(
        _("invalid JSON: the array ends without ']' after {count} element(s) (truncated file?)").format(count=index),
        Location(name, line=line),
    )


def _whole_value_end(text: str, pos: int) -> int | None:
    """End of the first complete JSON value at `pos`, if the text starts with one (then the rest is extra)."""
    try:
        _, end = _DECODER.raw_decode(text, pos)
    except (json.JSONDecodeError, RecursionError):
        return None
    while end < len(text) and text[end] in _WHITESPACE:
        end += 1
    return end


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, list):
        return _("an array")
    return _("an object")


def _shown_name(name: str) -> str:
    return "standard input" if name == "-" else name
