"""Source stage: turn inputs (files, folders, stdin) into records, streaming, one at a time.

Readers yield `SourceRecord`s, and `Finding`s of the I family for what cannot become a record (a broken
line, an unreadable file), so nothing read is ever silently dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from validator.findings import Finding, Location

JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUPPORTED_SUFFIXES = JSON_SUFFIXES + JSONL_SUFFIXES


class InputError(Exception):
    """An input the user named cannot be used at all (missing, unsupported type): exit code 2."""


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A parsed value (a record if it is an object), where it came from, and the bytes it was made from.

    `raw` is the original bytes exactly as received (the JSON line or element, the HTML file, the WARC
    record) and `media_type` their type, for archival packages. `field_lines` maps a JSON Pointer of the
    record (e.g. "/footer/icp") to the line of the source where that value was found, so a finding about
    the footer of an HTML page points at the footer's line, not the top of the file.
    """

    data: Any
    location: Location
    raw: bytes | None = None
    media_type: str | None = None
    field_lines: Mapping[str, int] | None = None


SourceItem = SourceRecord | Finding


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Files to read, in a stable order: named files as given, directories recursed (sorted, by suffix)."""
    for name in inputs:
        if name == "-":
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file() or path.exists():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise InputError(
                    f"{name}: unsupported input type {path.suffix or '(none)'!r}; expected "
                    + ", ".join(SUPPORTED_SUFFIXES)
                )
            yield name
        else:
            raise InputError(f"{name}: no such file or directory")


def _walk(folder: Path) -> Iterator[str]:
    # os.walk with sorted names: deterministic order on every file system, hidden folders skipped.
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for filename in sorted(files):
            if filename.lower().endswith(SUPPORTED_SUFFIXES) and not filename.startswith("."):
                yield os.path.join(root, filename)


def iter_source_items(inputs: Iterable[str], stdin: Any = None) -> Iterator[SourceItem]:
    """Every record (or reader finding) of every input, streaming."""
    from validator.sources.json_records import read_json_file, read_jsonl

    for name in expand_inputs(inputs):
        if name == "-":
            import sys

            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_jsonl(stream, "-")
        elif name.lower().endswith(JSONL_SUFFIXES):
            yield from _open_and(name, read_jsonl)
        else:
            yield from _open_and(name, read_json_file)


def _open_and(name: str, reader: Any) -> Iterator[SourceItem]:
    from validator.sources.problems import UNREADABLE

    try:
        handle = open(name, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as error:
        yield UNREADABLE.finding(f"cannot read {name}: {error.strerror}", Location(name))
        return
    with handle:
        try:
            yield from reader(handle, name)
        except OSError as error:
            yield UNREADABLE.finding(f"error while reading {name}: {error.strerror}", Location(name))
