"""Checking on every core, and on a cluster: inputs cut into partitions that any worker can check alone.

    partitions(inputs)            -> Partition, Partition, ...        (main process: cheap, streaming)
    validate_partition(partition) -> [RecordResult, ...]             (any worker, any machine)

A partition is a batch of JSON Lines (raw bytes, so workers do the parsing), a whole file (HTML, text, JSON,
WARC), a range of records of a big WARC (`pav check` only: its file's closing notes are merged from the
ranges' tallies by `WarcNotes`), or records already fetched from the network (live pages are fetched in the
main process, where the fetcher's own concurrency and politeness apply). Results come back in partition order,
so `--jobs N` gives the same findings in the same order as `--jobs 1`.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import IO, TYPE_CHECKING, Any, TypeVar

from validator.config import Config
from validator.engine import Engine, PassedRecords, RecordResult
from validator.findings import Finding
from validator.rules import PageFacts
from validator.sources import (
    JSONL_SUFFIXES,
    WARC_SUFFIXES,
    FetchOptions,
    SourceItem,
    SourceRecord,
    expand_inputs,
    is_url,
    iter_source_items,
    read_file,
    stdin_kind,
)
from validator.sources.selection import InputOptions
from validator.wire import decode_results, encode_results

if TYPE_CHECKING:
    from concurrent.futures import Future

    from validator.sources.warc import WarcTally

_R = TypeVar("_R")

# Partitions are small enough that the last one leaves a core idle only briefly (with few big partitions, the
# last one runs alone), and big enough that the round trip to a worker is noise (README, Performance).
LINES_PER_PARTITION = 2000
BYTES_PER_PARTITION = 2 * 1024 * 1024
FILES_PER_PARTITION = 256  # a batch of small files: one round trip to a worker instead of 256
AUTO_MIN_BYTES = 8 * 1024 * 1024  # the default --jobs starts workers for inputs this big, or with this many files
AUTO_MIN_FILES = 1024


@dataclass(frozen=True, slots=True)
class Partition:
    """Work a worker can do without the main process: exactly one of `lines`, `items`, a byte range, or whole
    files (`file`, then the `more` files after it)."""

    file: str
    first_line: int = 1
    lines: bytes | None = None  # JSON Lines text starting at `first_line` of `file` (stdin)
    items: tuple[SourceItem, ...] | None = None  # records already read (fetched pages)
    offset: int = 0  # with `length`: a byte range of the JSON Lines file `file`, starting a line
    length: int | None = None
    more: tuple[str, ...] = ()  # whole files read after `file`: small pages travel in batches
    size: int = 0  # bytes of input it holds, about (for the default number of workers)
    # A range of records of the WARC file `file`: bytes `offset` to `offset + length` (to the end when `length` is
    # None), its first record the file's record `warc_first`; `warc_last` for the range the file's notes follow.
    warc_first: int | None = None
    warc_last: bool = False


def partitions(
    inputs: Iterable[str],
    *,
    stdin: Any = None,
    sitemaps: tuple[str, ...] = (),
    fetch: FetchOptions | None = None,
    options: InputOptions | None = None,
    split_warc: bool = False,
) -> Iterator[Partition]:
    """Cut the inputs into partitions, in input order; only JSON Lines are read here, and only split.

    `split_warc`: a WARC file bigger than a partition is cut into ranges of records (`warc_ranges`), for a
    caller that merges their notes (`check_jobs`, `check_dask`: see `WarcNotes`); else it is one partition."""
    options = options or InputOptions()
    urls: list[str] = []  # consecutive URLs are fetched together, as in a serial run
    files: list[str] = []  # consecutive whole files (pages, JSON, WARC), batched up to about 2 MB
    size = 0

    def batch() -> Partition:
        return Partition(files[0], more=tuple(files[1:]), size=size)

    for name in expand_inputs(inputs, options=options):
        if isinstance(name, Finding):  # what the walk could not read or skipped: a partition of its own, in order
            if files:
                yield batch()
                files, size = [], 0
            if urls:
                yield from _fetched(urls, (), fetch)
                urls = []
            yield Partition(name.location.file, items=(name,))
            continue
        if is_url(name):
            if files:
                yield batch()
                files, size = [], 0
            urls.append(name)
            continue
        if urls:
            yield from _fetched(urls, (), fetch)
            urls = []
        if name == "-" and stdin_kind(options) != "jsonl":  # a page, a JSON file or a WARC: read here, as items
            if files:
                yield batch()
                files, size = [], 0
            yield from _stdin_items(stdin, options)
            continue
        if name == "-" or name.lower().endswith(JSONL_SUFFIXES):
            if files:
                yield batch()
                files, size = [], 0
            regular = name != "-" and _is_regular(name)
            own = _own_output(name) if regular else None  # a pipe is read once, by the batches below
            if own is not None:
                yield Partition(name, items=(own,))
            elif regular:
                yield from _byte_ranges(name)
            else:  # standard input, or a pipe or device named .jsonl: read once, in batches of lines
                yield from _line_batches(name, stdin, options)
            continue
        file_size = _size_of(name)
        if split_warc and file_size > BYTES_PER_PARTITION and name.lower().endswith(WARC_SUFFIXES):
            if files:
                yield batch()
                files, size = [], 0
            yield from _warc_ranges(name, file_size)
            continue
        if files and size + file_size > BYTES_PER_PARTITION:
            yield batch()  # a big file starts a batch of its own
            files, size = [], 0
        files.append(name)
        size += file_size
        if size >= BYTES_PER_PARTITION or len(files) >= FILES_PER_PARTITION:
            yield batch()
            files, size = [], 0
    if files:
        yield batch()
    if urls or sitemaps:
        yield from _fetched(urls, sitemaps, fetch)


def _warc_ranges(name: str, file_size: int) -> Iterator[Partition]:
    """A big WARC file as ranges of records, or as one partition when it does not split."""
    from validator.sources.warc import warc_ranges

    ranges = warc_ranges(name, BYTES_PER_PARTITION)
    offset, length, first = next(ranges)
    if length is None:  # one range: the whole file, read as any file is
        yield Partition(name, size=file_size)
        return
    for following in ranges:
        yield Partition(name, offset=offset, length=length, size=length or 0, warc_first=first)
        offset, length, first = following
    yield Partition(name, offset=offset, size=file_size - offset, warc_first=first, warc_last=True)


def _own_output(name: str) -> Finding | None:
    """The reader's I007 for a JSON Lines file pav wrote (a JSON Lines report), else None (also when unreadable:
    its worker reports that)."""
    from validator.sources.selection import OWN_OUTPUT_HEAD, own_output

    try:
        with open(name, "rb") as handle:
            head = handle.read(OWN_OUTPUT_HEAD)
    except OSError:
        return None
    if own_output(head) is None:
        return None
    found = list(read_file(name))  # the reader says it, in its words
    return found[0] if len(found) == 1 and isinstance(found[0], Finding) else None


def _stdin_items(stdin: Any, options: InputOptions) -> Iterator[Partition]:
    import sys

    from validator.sources import read_stdin

    return _item_batches(read_stdin(stdin if stdin is not None else sys.stdin.buffer, options))


def _is_regular(name: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(name).st_mode)
    except OSError:
        return True  # unreadable: the worker's reader reports it (I001)


def _size_of(name: str) -> int:
    try:
        return os.stat(name).st_size
    except OSError:
        return 0  # the worker's reader reports it (I001)


def _fetched(urls: list[str], sitemaps: tuple[str, ...], fetch: FetchOptions | None) -> Iterator[Partition]:
    return _item_batches(iter_source_items(urls, sitemaps=sitemaps, fetch=fetch))


def _item_batches(items: Iterable[SourceItem]) -> Iterator[Partition]:
    """Items read here (standard input, fetched pages) handed to workers in batches of 50."""
    batch: list[SourceItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= 50:
            yield Partition(item.location.file, items=tuple(batch), size=_items_size(batch))
            batch = []
    if batch:
        yield Partition(batch[-1].location.file, items=tuple(batch), size=_items_size(batch))


def _items_size(items: list[SourceItem]) -> int:
    return sum(len(item.raw or b"") for item in items if isinstance(item, SourceRecord))


def _line_batches(name: str, stdin: Any, options: InputOptions) -> Iterator[Partition]:
    import sys

    from validator.sources import peekable, stdin_not_json_lines

    handle = (stdin if stdin is not None else sys.stdin.buffer) if name == "-" else open(name, "rb")  # noqa: SIM115
    shown_stdin = name == "-"
    if name == "-":
        handle = peekable(handle)
        shown = options.stdin_filename or "-"
        problem = stdin_not_json_lines(handle, shown)
        if problem is not None:
            yield Partition(shown, items=(problem,))
            return
        name = shown
    try:
        lines: list[bytes] = []
        size = 0
        first = 1
        line_no = 0
        seen_record = False
        for line_no, raw in enumerate(handle, 1):
            lines.append(raw)
            size += len(raw)
            seen_record = seen_record or bool((raw.removeprefix(codecs.BOM_UTF8) if line_no == 1 else raw).strip())
            if len(lines) >= LINES_PER_PARTITION or size >= BYTES_PER_PARTITION:
                yield Partition(name, first, b"".join(lines), size=size)
                first, lines, size = line_no + 1, [], 0
        if lines:
            yield Partition(name, first, b"".join(lines), size=size)
        if not seen_record:
            # Empty (or blank) input: the reader itself reports it, exactly as in a serial run.
            yield Partition(name, 1, b"")
    except OSError:
        yield Partition(name)  # unreadable: the worker's reader reports it (I001)
    finally:
        if not shown_stdin:
            handle.close()


def _byte_ranges(name: str) -> Iterator[Partition]:
    # Only newlines are counted here; the workers read and parse their own ranges. This runs in the main
    # process, which shares the cores with the workers and is what a user watches in `top`: the file is read
    # through one reused window (`_read_ranges`), so the main process holds BYTES_PER_PARTITION of it at a time
    # however big the file. (Mapping the file was no faster, and every page it touched stayed in the main
    # process's resident set: 1 GB of RSS for a 1 GB file; README, Performance.)
    try:
        handle = open(name, "rb")  # noqa: SIM115
    except OSError:
        yield Partition(name)  # the worker's reader reports it (I001)
        return
    with handle:
        yield from _read_ranges(name, handle)


_NOT_BLANK = re.compile(rb"[^ \t\n\r\x0b\x0c]")  # what bytes.strip() would keep: searched in place, not copied


def _read_ranges(name: str, handle: IO[bytes]) -> Iterator[Partition]:
    # A regular file, a pipe or a device, read into one reused buffer of BYTES_PER_PARTITION bytes (no
    # allocation, page faults and concatenation per block): a partition ends at the last newline of a block,
    # a line longer than a block is read on through, never held.
    buffer = bytearray(BYTES_PER_PARTITION)
    start, position, line = 0, 0, 1  # start: file offset of the partition being built
    seen_record = False
    tail_has_content = False  # the bytes after the last newline so far (a line still being read)
    bom = 0  # how many leading bytes of the file are a byte order mark (not content), however small the blocks
    while True:
        size = handle.readinto(buffer)  # type: ignore[attr-defined]
        skip = 0
        while position + skip == bom < len(codecs.BOM_UTF8) and skip < size and buffer[skip] == codecs.BOM_UTF8[bom]:
            skip, bom = skip + 1, bom + 1
        if 0 < bom < len(codecs.BOM_UTF8) and (not size or position + skip == bom < position + size):
            seen_record = True  # only part of a byte order mark: bytes the reader reports, not a blank file
        if not size:
            if position > start:  # a last line without a newline
                seen_record = seen_record or tail_has_content
                yield Partition(name, line, offset=start, length=position - start, size=position - start)
            break
        end = buffer.rfind(b"\n", 0, size) + 1
        if end:  # else the whole block is inside one long line: read on
            if not seen_record:
                seen_record = tail_has_content or _NOT_BLANK.search(buffer, min(skip, end), end) is not None
            yield Partition(name, line, offset=start, length=position + end - start, size=position + end - start)
            line += _newlines(buffer, 0, end)
            start = position + end
            tail_has_content = False
        if not seen_record and not tail_has_content:
            tail_has_content = _NOT_BLANK.search(buffer, max(skip, end), size) is not None
        position += size
    if not seen_record:
        yield Partition(name, 1, b"")  # empty or blank: the reader reports it, as in a serial run


def _newlines(buffer: bytearray, start: int, end: int) -> int:
    """Newlines in buffer[start:end]. Counting looks at every byte; for records of a few KB, hopping from
    newline to newline with `find` (memchr) is much faster. A sample of the range picks the way."""
    sample = min(end, start + 65536)
    if buffer.count(b"\n", start, sample) * 256 > sample - start:  # short lines: count every byte
        return buffer.count(b"\n", start, end)
    found, position = 0, buffer.find(b"\n", start, end)
    while position >= 0:
        found += 1
        position = buffer.find(b"\n", position + 1, end)
    return found


_ENGINE: Engine | None = None


def _init_worker(config: Config, now: datetime, facts: bool = False) -> None:
    global _ENGINE
    _ENGINE = Engine(config, now, facts=facts)


def validate_partition(
    partition: Partition, engine: Engine | None = None, keep_raw: bool = False
) -> list[RecordResult]:
    """Check one partition. In a worker process the engine comes from the pool's initializer."""
    return list(iter_partition(partition, engine, keep_raw))


def iter_partition(
    partition: Partition, engine: Engine | None = None, keep_raw: bool = False
) -> Iterator[RecordResult]:
    """`validate_partition`, streaming: a partition may be a whole WARC, so records are not held."""
    return _checked(_items(partition), engine, keep_raw)


def check_range(
    partition: Partition, engine: Engine | None = None, keep_raw: bool = False
) -> tuple[list[RecordResult], WarcTally | None]:
    """The results of a partition, and for a range of WARC records its tally (None when the file could not be
    opened: the results are then the reader's finding), for `WarcNotes` to merge."""
    items = _items(partition)
    results = list(_checked(items, engine, keep_raw))
    return results, items.tally if isinstance(items, _WarcRange) else None


def _with_facts(partition: Partition, engine: Engine) -> tuple[list[RecordResult | PageFacts], WarcTally | None]:
    """`check_range` for an engine giving the pages' facts (`Engine(facts=True)`): the results, the facts of the
    answers that are not pages, and the tally."""
    items = _items(partition)
    results = [_without_raw(r) if isinstance(r, RecordResult) else r for r in engine.check_items_with_facts(items)]
    return results, items.tally if isinstance(items, _WarcRange) else None


def _items(partition: Partition) -> Iterable[SourceItem]:
    if partition.warc_first is not None:
        return _WarcRange(partition)
    if partition.items is not None:
        return partition.items
    if partition.lines is not None or partition.length is not None:
        return _jsonl_items(partition)
    return chain.from_iterable(read_file(name) for name in (partition.file, *partition.more))


class _WarcRange:
    """The items of a range of WARC records, then (once read) their tally."""

    def __init__(self, partition: Partition) -> None:
        self.partition = partition
        self.tally: WarcTally | None = None

    def __iter__(self) -> Iterator[SourceItem]:
        from validator.sources.warc import read_warc_range

        p = self.partition
        self.tally = yield from read_warc_range(p.file, p.offset, p.length, p.warc_first or 0)


class WarcNotes:
    """The results of the partitions of a run, in order, made those of reading each WARC file whole: the closing
    notes of a file cut into ranges (I008 damage, I007 skipped records, I004 no page) are made here, once, from
    the tallies of all its ranges, after its last range; ranges after one that stopped at damage are dropped, as a
    serial reading never reaches them. Other partitions pass through unchanged."""

    def __init__(self, engine: Callable[[], Engine]) -> None:
        self._engine = engine
        self._tally: WarcTally | None = None  # of the file's ranges so far; None once its notes are settled
        self._stopped = False

    def add(self, partition: Partition, results: Iterable[_R], tally: WarcTally | None) -> Iterator[_R | RecordResult]:
        from validator.sources.warc import WarcTally, warc_notes

        if partition.warc_first is None:
            yield from results
            return
        if partition.offset == 0:  # a file's first range
            self._tally, self._stopped = WarcTally(), False
        if not self._stopped:
            yield from results
            if tally is None or self._tally is None:  # read by the whole-file reader: its notes are given
                self._tally, self._stopped = None, True
            else:
                self._tally = self._tally.merge(tally)
                self._stopped = tally.damage is not None
        if partition.warc_last and self._tally is not None:
            yield from self._engine().check_items(warc_notes(partition.file, self._tally))
            self._tally = None


def _checked(items: Iterable[SourceItem], engine: Engine | None, keep_raw: bool) -> Iterator[RecordResult]:
    engine = engine or _ENGINE or Engine()
    results = engine.check_items(items)
    if keep_raw:
        yield from results
    else:  # the main process needs findings, not the page bytes: don't ship them back
        for result in results:
            yield _without_raw(result)


def _jsonl_items(partition: Partition) -> Iterator[SourceItem]:
    from validator.sources.json_records import read_jsonl

    if partition.lines is not None:
        stream: IO[bytes] = io.BytesIO(partition.lines)
        yield from _only_empty_finding(read_jsonl(stream, partition.file, partition.first_line), partition)
        return
    # A byte range of the file, read through the line reader's own bound: a line longer than
    # PAV_MAX_LINE_BYTES is measured and skipped (I011), never held whole, as in a serial run.
    with open(partition.file, "rb") as handle:
        handle.seek(partition.offset)
        stream = io.BufferedReader(_Range(handle, partition.length or 0))
        yield from _only_empty_finding(read_jsonl(stream, partition.file, partition.first_line), partition)


class _Range(io.RawIOBase):
    """The next `length` bytes of an open file, as a stream of their own."""

    def __init__(self, handle: IO[bytes], length: int) -> None:
        self._handle = handle
        self._left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: self._left]
        count = self._handle.readinto(view) or 0  # type: ignore[attr-defined]
        self._left -= count
        return count


def _only_empty_finding(items: Iterator[SourceItem], partition: Partition) -> Iterator[SourceItem]:
    # A batch of blank lines in the middle of a file is not an empty file: only the marker partition
    # (no lines at all) may report I004.
    for item in items:
        if not isinstance(item, Finding) or partition.lines == b"" or item.rule != "I004":
            yield item


def _without_raw(result: RecordResult) -> RecordResult:
    # Reports need findings, URL and site, all on the result itself; the record and its bytes stay here.
    if result.source is None:
        return result
    # The constructor, not dataclasses.replace: this runs for every record a worker sends back.
    r = result
    return RecordResult(r.location, r.record_id, r.findings, r.is_record, r.url, None, r.site, r.profile, r.facts)


def pack_partition(
    partition: Partition, engine: Engine | None, keep_raw: bool, counted: bool = False
) -> tuple[bytes | list[RecordResult], WarcTally | None]:
    """What a worker (local or Dask) sends back (see validator.wire): with page bytes for sinks, the results
    pickled as they are, else their encoding, passing records as counts when `counted`; and for a range of WARC
    records, its tally (for `WarcNotes`)."""
    if keep_raw:
        return check_range(partition, engine, keep_raw)
    engine = engine or _ENGINE or Engine()
    if engine.facts:
        results, tally = _with_facts(partition, engine)
        return encode_results(results, counted=counted), tally
    items = _items(partition)
    # (keep_raw: encode_results leaves the source behind itself; no copy of each result without its bytes first)
    payload = encode_results(_checked(items, engine, keep_raw=True), counted=counted)
    return payload, items.tally if isinstance(items, _WarcRange) else None


def _unpacked(payload: bytes | list[RecordResult]) -> list[RecordResult | PassedRecords | PageFacts]:
    return decode_results(payload) if isinstance(payload, bytes) else list(payload)


def _pooled(
    parts: Iterable[Partition],
    config: Config,
    jobs: int,
    now: datetime | None,
    keep_raw: bool,
    counted: bool,
    facts: bool = False,
) -> Iterator[RecordResult | PassedRecords | PageFacts]:
    engine = Engine(config, now, facts=facts)  # (with facts: pages fetched here keep their links)
    notes = WarcNotes(lambda: engine)
    from concurrent.futures import ProcessPoolExecutor  # here: a run that never pools never pays its import

    initargs = (config, engine.now, facts)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=initargs) as pool:
        pending: deque[tuple[Partition, Future[tuple[bytes | list[RecordResult], WarcTally | None]]]] = deque()
        for part in parts:
            pending.append((part, pool.submit(pack_partition, part, None, keep_raw, counted)))
            if len(pending) >= 2 * jobs:
                done, future = pending.popleft()
                yield from _merged(notes, done, future.result())
        while pending:
            done, future = pending.popleft()
            yield from _merged(notes, done, future.result())


def _merged(
    notes: WarcNotes, partition: Partition, outcome: tuple[bytes | list[RecordResult], WarcTally | None]
) -> Iterator[RecordResult | PassedRecords | PageFacts]:
    payload, tally = outcome
    if partition.warc_first is None:
        return iter(_unpacked(payload))
    return notes.add(partition, _unpacked(payload), tally)


def check_parallel(
    parts: Iterable[Partition], config: Config, jobs: int, now: datetime | None = None, keep_raw: bool = False
) -> Iterator[RecordResult]:
    """Results of every partition, in order, checked by `jobs` worker processes.

    At most 2 x jobs partitions are in flight, so memory stays flat however large the input.
    """
    for result in _pooled(parts, config, jobs, now, keep_raw, counted=False):
        assert isinstance(result, RecordResult)
        yield result


def auto_jobs(parts: Iterable[Partition]) -> tuple[Iterator[Partition], int]:
    """The default number of workers: one per core once the input holds AUTO_MIN_BYTES (8 MiB) or
    AUTO_MIN_FILES (1,024) files in more than one partition, else 1: a smaller input is checked before a pool
    would have started. The partitions looked at are handed back with the rest, so nothing is read twice."""
    rest = iter(parts)
    seen: list[Partition] = []
    size = files = 0
    for part in rest:
        seen.append(part)
        size += part.size
        files += 1 + len(part.more) if part.length is None and part.lines is None and part.items is None else 0
        if len(seen) > 1 and (size >= AUTO_MIN_BYTES or files >= AUTO_MIN_FILES):
            return chain(seen, rest), default_jobs()
    return iter(seen), 1


def check_jobs(
    parts: Iterable[Partition],
    config: Config,
    jobs: int,
    now: datetime | None = None,
    *,
    counted: bool = False,
    facts: bool = False,
) -> Iterator[RecordResult | PassedRecords | PageFacts]:
    """What `pav check` runs: `check_parallel`, or with one job the same work in this process.

    `counted`, for reports that do not list passing records: within each partition, the results with
    findings (and reader problems) in order, then the passing records as counts per file and site.
    `facts`: also what the crawl-level rules need (`PageFacts`: on the results, and of their own for answers
    that are not pages), for validator.crawl.
    """
    if jobs > 1:
        yield from _pooled(parts, config, jobs, now, keep_raw=False, counted=counted, facts=facts)
        return
    engine = Engine(config, now, facts=facts)
    notes = WarcNotes(lambda: engine)
    for part in parts:
        if facts and part.warc_first is None:
            yield from _with_facts(part, engine)[0]
        elif facts:
            yield from notes.add(part, *_with_facts(part, engine))
        elif part.warc_first is None:
            yield from iter_partition(part, engine)
        else:
            yield from notes.add(part, *check_range(part, engine))


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
