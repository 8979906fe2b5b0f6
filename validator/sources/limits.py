"""Resource limits of the readers: what one input may cost before pav refuses it with a finding (I011).

A validator meets files crafted to hurt whoever opens them. Every reader bounds what it holds in memory;
what goes beyond a limit is refused with an I011 finding naming the input, the limit and how to raise it,
and the run goes on. Defaults, and the environment variables that change them (read when a page is read,
so worker processes of --jobs see the same values):

| limit | default | variable |
|---|---|---|
| bytes of one page (an HTML or text file, a WARC response payload) | 32 MiB | PAV_MAX_PAGE_BYTES |
| elements of one HTML page (counted as `<` characters, an upper bound) | 1,000,000 | PAV_MAX_PAGE_ELEMENTS |
| bytes of one JSON Lines line | 64 MiB | PAV_MAX_LINE_BYTES |

Other bounds that are fixed: HTML nesting deeper than 255 elements is flattened by libxml2 (its own limit,
never a crash), a live answer is at most 20 MiB (FetchOptions.max_bytes, I009), a sitemap at most 64 MiB (I010).
A value that is not a positive integer is ignored (the default applies).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO

from validator.i18n import _

__all__ = [
    "DEFAULT_MAX_LINE_BYTES",
    "DEFAULT_MAX_PAGE_BYTES",
    "DEFAULT_MAX_PAGE_ELEMENTS",
    "bounded_lines",
    "max_line_bytes",
    "max_page_bytes",
    "max_page_elements",
    "size_text",
]

DEFAULT_MAX_PAGE_BYTES = 32 * 1024 * 1024
DEFAULT_MAX_PAGE_ELEMENTS = 1_000_000
DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024
_SKIP_CHUNK = 1024 * 1024


def _limit(variable: str, default: int) -> int:
    value = os.environ.get(variable, "").strip().replace("_", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return default


def max_page_bytes() -> int:
    """Largest page read, in bytes (PAV_MAX_PAGE_BYTES, default 32 MiB)."""
    return _limit("PAV_MAX_PAGE_BYTES", DEFAULT_MAX_PAGE_BYTES)


def max_page_elements() -> int:
    """Most elements an HTML page may have (PAV_MAX_PAGE_ELEMENTS, default 1,000,000)."""
    return _limit("PAV_MAX_PAGE_ELEMENTS", DEFAULT_MAX_PAGE_ELEMENTS)


def max_line_bytes() -> int:
    """Longest JSON Lines line, in bytes (PAV_MAX_LINE_BYTES, default 64 MiB)."""
    return _limit("PAV_MAX_LINE_BYTES", DEFAULT_MAX_LINE_BYTES)


def size_text(size: int) -> str:
    """A byte count for people: '33554432 bytes (32.0 MiB)'."""
    if size >= 1024 * 1024:
        return _("{size} bytes ({mib} MiB)").format(size=size, mib=f"{size / (1024 * 1024):.1f}")
    return _("{size} bytes").format(size=size)


def bounded_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[bytes | None, int]]:
    """The lines of a byte stream, never holding more than `limit` + 1 bytes of one line in memory.

    Yields (line, length): a line within the limit as bytes (with its newline, as iterating a binary file
    gives it), or (None, length) for a line longer than the limit, which is read past in 1 MiB chunks and
    dropped; `length` is its full length without the newline. Memory is bounded by about twice `limit`
    (readline joins its buffers), whatever the line's length: a 1 GB line costs no more than a 64 MB one.
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line, len(line.rstrip(b"\r\n"))
            continue
        length = len(line)
        while True:
            chunk = stream.readline(_SKIP_CHUNK)
            if not chunk:
                break
            if chunk.endswith(b"\n"):
                length += len(chunk) - 1
                break
            length += len(chunk)
        yield None, length
