"""Checking on every core, and on a cluster: inputs cut into partitions that any worker can check alone.

    partitions(inputs)            -> Partition, Partition, ...        (main process: cheap, streaming)
    validate_partition(partition) -> [RecordResult, ...]             (any worker, any machine)

A partition is a batch of JSON Lines (raw bytes, so workers do the parsing), a whole file (HTML, text, JSON,
WARC), or records already fetched from the network (live pages are fetched in the main process, where the
fetcher's own concurrency and politeness apply). Results come back in partition order, so `--jobs N` gives
the same findings in the same order as `--jobs 1`.
"""

from __future__ import annotations

import copyreg
import io
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from validator.config import Config
from validator.engine import Engine, RecordResult
from validator.findings import Finding, Location
from validator.sources import (
    JSONL_SUFFIXES,
    FetchOptions,
    SourceItem,
    SourceRecord,
    expand_inputs,
    is_url,
    iter_source_items,
)

LINES_PER_PARTITION = 2000
BYTES_PER_PARTITION = 8 * 1024 * 1024


def _reduce_location(location: Location) -> tuple[type[Location], tuple[str, int | None, int | None]]:
    return Location, (location.file, location.line, location.index)


def _reduce_finding(finding: Finding) -> tuple[type[Finding], tuple[Any, ...]]:
    return Finding, (finding.rule, finding.severity, finding.message, finding.path, finding.record_id, finding.location)


# Every result shipped back from a worker carries Locations and Findings: frozen slots dataclasses, whose
# default unpickling (field by field through `fields()`) made the main process spend ~9 us per record on
# unpickling alone, a third of a core with --jobs 2. Rebuilding them through their constructors costs ~1.7 us.
# Registered here (not in validator.findings) because only process and cluster boundaries need it.
copyreg.pickle(Location, _reduce_location)
copyreg.pickle(Finding, _reduce_finding)


@dataclass(frozen=True, slots=True)
class Partition:
    """Work a worker can do without the main process: exactly one of `lines`, `items` or a whole `file`."""

    file: str
    first_line: int = 1
    lines: bytes | None = None  # JSON Lines text starting at `first_line` of `file` (stdin)
    items: tuple[SourceItem, ...] | None = None  # records already read (fetched pages)
    offset: int = 0  # with `length`: a byte range of the JSON Lines file `file`, starting a line
    length: int | None = None


def partitions(
    inputs: Iterable[str], *, stdin: Any = None, sitemaps: tuple[str, ...] = (), fetch: FetchOptions | None = None
) -> Iterator[Partition]:
    """Cut the inputs into partitions, in input order; only JSON Lines are read here, and only split."""
    urls: list[str] = []  # consecutive URLs are fetched together, as in a serial run
    for name in expand_inputs(inputs):
        if is_url(name):
            urls.append(name)
            continue
        if urls:
            yield from _fetched(urls, (), fetch)
            urls = []
        if name == "-":
            yield from _line_batches(name, stdin)
        elif name.lower().endswith(JSONL_SUFFIXES):
            yield from _byte_ranges(name)
        else:
            yield Partition(name)
    if urls or sitemaps:
        yield from _fetched(urls, sitemaps, fetch)


def _fetched(urls: list[str], sitemaps: tuple[str, ...], fetch: FetchOptions | None) -> Iterator[Partition]:
    batch: list[SourceItem] = []
    for item in iter_source_items(urls, sitemaps=sitemaps, fetch=fetch):
        batch.append(item)
        if len(batch) >= 50:
            yield Partition(item.location.file, items=tuple(batch))
            batch = []
    if batch:
        yield Partition(batch[-1].location.file, items=tuple(batch))


def _line_batches(name: str, stdin: Any) -> Iterator[Partition]:
    import sys

    handle = (stdin if stdin is not None else sys.stdin.buffer) if name == "-" else open(name, "rb")  # noqa: SIM115
    try:
        lines: list[bytes] = []
        size = 0
        first = 1
        line_no = 0
        seen_record = False
        for line_no, raw in enumerate(handle, 1):
            lines.append(raw)
            size += len(raw)
            seen_record = seen_record or bool(raw.strip())
            if len(lines) >= LINES_PER_PARTITION or size >= BYTES_PER_PARTITION:
                yield Partition(name, first, b"".join(lines))
                first, lines, size = line_no + 1, [], 0
        if lines:
            yield Partition(name, first, b"".join(lines))
        if not seen_record:
            # Empty (or blank) input: the reader itself reports it, exactly as in a serial run.
            yield Partition(name, 1, b"")
    except OSError:
        yield Partition(name)  # unreadable: the worker's reader reports it (I001)
    finally:
        if name != "-":
            handle.close()


def _byte_ranges(name: str) -> Iterator[Partition]:
    # Only newlines are counted here; the workers read and parse their own ranges. This runs in the main
    # process, which shares the cores with the workers, so it reads into one reused buffer (no 8 MB
    # allocation, page faults and concatenation per block): half the cost of the obvious loop.
    try:
        handle = open(name, "rb")  # noqa: SIM115
    except OSError:
        yield Partition(name)  # the worker's reader reports it (I001)
        return
    with handle:
        buffer = bytearray(BYTES_PER_PARTITION)
        start, position, line = 0, 0, 1  # start: file offset of the partition being built
        seen_record = False
        tail_has_content = False  # the bytes after the last newline so far (a line still being read)
        while True:
            size = handle.readinto(buffer)
            if not size:
                if position > start:  # a last line without a newline
                    seen_record = seen_record or tail_has_content
                    yield Partition(name, line, offset=start, length=position - start)
                break
            end = buffer.rfind(b"\n", 0, size) + 1
            if end:  # else the whole block is inside one long line: read on
                if not seen_record:
                    seen_record = tail_has_content or bool(bytes(buffer[:end]).strip())
                yield Partition(name, line, offset=start, length=position + end - start)
                line += buffer.count(b"\n", 0, end)
                start = position + end
                tail_has_content = False
            if not seen_record and not tail_has_content:
                tail_has_content = bool(bytes(buffer[end:size]).strip())
            position += size
        if not seen_record:
            yield Partition(name, 1, b"")  # empty or blank: the reader reports it, as in a serial run


_ENGINE: Engine | None = None


def _init_worker(config: Config, now: datetime) -> None:
    global _ENGINE
    _ENGINE = Engine(config, now)


def validate_partition(
    partition: Partition, engine: Engine | None = None, keep_raw: bool = False
) -> list[RecordResult]:
    """Check one partition. In a worker process the engine comes from the pool's initializer."""
    engine = engine or _ENGINE or Engine()
    if partition.items is not None:
        items: Iterable[SourceItem] = partition.items
    elif partition.lines is not None or partition.length is not None:
        from validator.sources.json_records import read_jsonl

        lines = _lines_of(partition)
        items = _only_empty_finding(read_jsonl(io.BytesIO(lines), partition.file, partition.first_line), partition)
    else:
        items = iter_source_items([partition.file])
    results = list(engine.check_items(items))
    if keep_raw:
        return results
    # The main process needs findings, not the page bytes: don't ship them back.
    return [_without_raw(result) for result in results]


def _lines_of(partition: Partition) -> bytes:
    if partition.lines is not None:
        return partition.lines
    with open(partition.file, "rb") as handle:
        handle.seek(partition.offset)
        return handle.read(partition.length)


def _only_empty_finding(items: Iterator[SourceItem], partition: Partition) -> Iterator[SourceItem]:
    # A batch of blank lines in the middle of a file is not an empty file: only the marker partition
    # (no lines at all) may report I004.
    for item in items:
        if isinstance(item, SourceRecord) or partition.lines == b"" or item.rule != "I004":
            yield item


def _without_raw(result: RecordResult) -> RecordResult:
    # Reports need findings, URL and site, all on the result itself; the record and its bytes stay here.
    return result if result.source is None else replace(result, source=None)


def check_parallel(
    parts: Iterable[Partition], config: Config, jobs: int, now: datetime | None = None, keep_raw: bool = False
) -> Iterator[RecordResult]:
    """Results of every partition, in order, checked by `jobs` worker processes.

    At most 2 x jobs partitions are in flight, so memory stays flat however large the input.
    """
    engine = Engine(config, now)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(config, engine.now)) as pool:
        pending: deque[Future[list[RecordResult]]] = deque()
        for part in parts:
            pending.append(pool.submit(validate_partition, part, None, keep_raw))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
