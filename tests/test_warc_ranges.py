"""A big WARC is cut into ranges of records for --jobs and --engine dask: every range starts at a record, its
findings keep the record indexes of the whole file, and the file's notes (I008 damage, I007 skipped records,
I004 no page) come once, after its last range, merged from all of them, so the report is a serial run's. Real
WARCs written with warcio (damaged by cutting and changing bytes), real worker processes."""

from __future__ import annotations

import concurrent.futures
import gzip
import io
import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.test_warc import Crawl, html_page
from validator import parallel
from validator.config import Config, Settings
from validator.engine import Engine, PassedRecords, RecordResult
from validator.parallel import Partition, WarcNotes, check_jobs, partitions
from validator.reports import Summary
from validator.sources import iter_source_items
from validator.sources.warc import WarcTally, warc_ranges

RANGE_BYTES = 4000  # a few records a range: a crawl of 60 pages is cut into many ranges


def crawl_bytes(path: Path, pages: int = 60) -> bytes:
    """An uncompressed crawl: pages, with requests, revisits, images, a 404 and a warcinfo among them."""
    crawl = Crawl(path)
    crawl.other("warcinfo")
    footer = '<div class="footer"><p>主办单位：四川省人民政府办公厅</p><p>蜀ICP备13001288号</p></div>'
    for i in range(pages):
        crawl.response(f"https://www.sc.gov.cn/p{i}.shtml", html_page(f"第{i}篇", footer=footer if i % 5 else None))  # type: ignore[arg-type]
        if i % 7 == 3:
            crawl.other("request")
        if i % 11 == 5:
            crawl.response(f"https://www.sc.gov.cn/i{i}.png", b"\x89PNG" * 40, "image/png")
        if i % 13 == 8:
            crawl.other("revisit")
        if i % 17 == 9:
            crawl.response(f"https://www.sc.gov.cn/gone{i}", b"not found", status="404 Not Found")
    return crawl.close().read_bytes()


def record_offsets(data: bytes) -> list[int]:
    iterator = ArchiveIterator(io.BytesIO(data))
    offsets = []
    for _ in iterator:
        offsets.append(iterator.get_record_offset())
    return offsets


def as_members(plain: bytes) -> bytes:
    """The uncompressed WARC `plain` as a .warc.gz of one gzip member per record, as crawlers write them."""
    offsets = [*record_offsets(plain), len(plain)]
    return b"".join(gzip.compress(plain[a:b]) for a, b in itertools.pairwise(offsets))


def no_type(plain: bytes, record: int) -> bytes:
    """Record `record` without its WARC-Type (the header renamed, same length): an unknown record, skipped."""
    start = record_offsets(plain)[record]
    at = plain.index(b"WARC-Type:", start)
    return plain[:at] + b"WARC-Xype:" + plain[at + len(b"WARC-Type:") :]


def changed_page(plain: bytes, page: int) -> bytes:
    """A page's text changed: its WARC-Block-Digest no longer matches (I008 for that record; reading goes on)."""
    old = f"第{page}篇的正文".encode()
    at = plain.index(old)
    return plain[:at] + f"第{page + 1}篇的正文".encode()[: len(old)].ljust(len(old), b" ") + plain[at + len(old) :]


def short_length(plain: bytes, record: int) -> bytes:
    """Record `record` with a Content-Length 5 bytes short (warcio says so on stderr; pav reports it)."""
    start = record_offsets(plain)[record]
    at = plain.index(b"Content-Length: ", start) + len(b"Content-Length: ")
    end = plain.index(b"\r\n", at)
    return plain[:at] + str(int(plain[at:end]) - 5).encode() + plain[end:]


def no_pages(path: Path) -> bytes:
    crawl = Crawl(path)
    for i in range(40):
        crawl.response(f"https://www.sc.gov.cn/i{i}.png", b"\x89PNG" * 100, "image/png")
        crawl.other("request")
    return crawl.close().read_bytes()


def flipped(data: bytes, at: float) -> bytes:
    damaged = bytearray(data)
    middle = int(len(data) * at)
    damaged[middle : middle + 40] = bytes(b ^ 0x5A for b in damaged[middle : middle + 40])
    return bytes(damaged)


CASES: dict[str, Callable[[Path], bytes]] = {
    "clean": crawl_bytes,
    "cut-short": lambda p: crawl_bytes(p)[: int(len(crawl_bytes(p)) * 0.7)],
    "bytes-flipped-mid-file": lambda p: flipped(crawl_bytes(p), 0.45),
    "page-changed-mid-file": lambda p: changed_page(crawl_bytes(p), 30),
    "content-length-short-mid-file": lambda p: short_length(crawl_bytes(p), 40),
    "no-record-type-mid-file": lambda p: no_type(crawl_bytes(p), 35),
    "bytes-after-the-last-record": lambda p: crawl_bytes(p) + b"WARC/1.1\r\nWARC-Type: resp",
    "no-pages": no_pages,
}


def write_case(tmp_path: Path, case: str, gz: bool) -> str:
    plain = CASES[case](tmp_path / "plain.warc")
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    if gz and case in ("cut-short", "bytes-flipped-mid-file"):  # damage the compressed file, not the records
        clean = as_members(crawl_bytes(tmp_path / "plain.warc"))
        path.write_bytes(clean[: int(len(clean) * 0.7)] if case == "cut-short" else flipped(clean, 0.45))
    else:
        path.write_bytes(as_members(plain) if gz else plain)
    return str(path)


Row = tuple[object, ...]


def rows(results: list[RecordResult]) -> list[Row]:
    """Everything a report shows of each result: where, which record, its findings with their locations."""
    return [
        (
            r.location.file,
            r.location.line,
            r.location.index,
            r.record_id,
            r.is_record,
            r.url,
            r.site,
            r.profile,
            tuple((f.rule, str(f.severity), f.message, f.path, f.location.index, f.fingerprint) for f in r.findings),
        )
        for r in results
    ]


def serial(path: str) -> list[RecordResult]:
    return list(Engine(Config(Settings())).check_items(iter_source_items([path])))


def split(path: str, monkeypatch: pytest.MonkeyPatch) -> list[Partition]:
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", RANGE_BYTES)
    return list(partitions([path], split_warc=True))


def listed(results: list[RecordResult | PassedRecords]) -> list[RecordResult]:
    assert all(isinstance(r, RecordResult) for r in results)
    return [r for r in results if isinstance(r, RecordResult)]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_ranges_start_at_records_and_carry_their_serial_index(tmp_path: Path, gz: bool) -> None:
    path = write_case(tmp_path, "clean", gz)
    data = Path(path).read_bytes()
    offsets = record_offsets(data)
    ranges = list(warc_ranges(path, RANGE_BYTES))
    assert len(ranges) >= 8
    assert [(offset, first) for offset, _, first in ranges] == [
        (offset, offsets.index(offset)) for offset, _, _ in ranges
    ]
    ends = [offset + length for offset, length, _ in ranges if length is not None]
    assert ends == [offset for offset, _, _ in ranges[1:]]  # they tile the file ...
    assert ranges[-1][1] is None and all(
        length and length >= RANGE_BYTES for _, length, _ in ranges[:-1]
    )  # ... to its end


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_warc_cut_into_ranges_gives_the_serial_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, gz: bool
) -> None:
    path = write_case(tmp_path, case, gz)
    results = serial(path)
    expected = rows(results)
    parts = split(path, monkeypatch)
    assert len(parts) >= 3 and all(part.warc_first is not None for part in parts)
    config = Config(Settings())
    assert rows(listed(list(check_jobs(parts, config, 1)))) == expected  # ranges checked here, one after another
    assert rows(listed(list(check_jobs(parts, config, 2)))) == expected  # by two worker processes
    assert [r for r in results if not r.is_record and r.location.index is None]  # the file's notes are in it


def test_the_cases_hold_what_they_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The report the ranges must reproduce, case by case: damage in a middle range, skipped records, no page.
    def report(case: str, gz: bool) -> tuple[int, list[tuple[str, int | None]], str, int]:
        folder = tmp_path / f"{case}-{gz}"
        folder.mkdir()
        path = write_case(folder, case, gz)
        parts = split(path, monkeypatch)
        results = serial(path)
        notes = [(f.rule, f.location.index) for r in results for f in r.findings if f.rule.startswith("I")]
        last = [f.message for r in results for f in r.findings if f.rule == "I007"]
        return len(parts), notes, last[0] if last else "", sum(r.is_record for r in results)

    parts, notes, skipped, pages = report("clean", True)
    assert parts >= 8 and notes == [("I007", None)] and pages == 60
    assert skipped == (
        "skipped 22 of 82 WARC records that are not HTML pages: request records: 9, non-HTML responses: 5 "
        "(image/png 5), revisit records (deduplicated captures): 4, responses with HTTP status 404: 3, "
        "warcinfo records: 1"
    )
    _, notes, skipped, pages = report("no-record-type-mid-file", False)
    assert pages == 59 and notes == [("I007", None)] and "unknown records: 1" in skipped
    # Bytes changed inside record 37 of an uncompressed WARC: its Content-Length still leads to the next record,
    # so ranges start after it, but warcio stops reading at it, and so must the ranges.
    folder = tmp_path / "stops"
    folder.mkdir()
    path = write_case(folder, "bytes-flipped-mid-file", False)
    parts = split(path, monkeypatch)
    damage = [f.message for r in serial(path) for f in r.findings if f.rule == "I008"]
    assert len(damage) == 1 and " is damaged after 37 record(s), near byte 32768: " in damage[0]
    assert len([part for part in parts if (part.warc_first or 0) > 37]) >= 3  # ranges a serial reading never reaches
    _, notes, _, pages = report("page-changed-mid-file", True)
    assert pages == 59 and notes == [("I008", 42), ("I007", None)]  # that page only: reading went on
    _, notes, _, pages = report("content-length-short-mid-file", False)
    assert pages == 59 and notes == [("I008", 40), ("I008", 40), ("I007", None)]
    _, notes, skipped, pages = report("no-pages", True)
    assert pages == 0 and notes == [("I007", None), ("I004", None)]
    assert (
        skipped == "skipped 80 of 80 WARC records that are not HTML pages: non-HTML responses: 40 (image/png 40), "
        "request records: 40"
    )
    for case in ("cut-short", "bytes-flipped-mid-file", "bytes-after-the-last-record"):
        for gz in (True, False):
            _, notes, _, pages = report(case, gz)
            assert pages > 0 and ("I008", None) in notes, (case, gz)


def test_record_indexes_in_findings_are_those_of_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pav
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    write_case(tmp_path, "clean", True)
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", RANGE_BYTES)
    started: list[object] = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def counting_pool(*args: object, **kwargs: object) -> object:
        started.append(kwargs.get("max_workers"))
        return real_pool(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    one = pav("check", "--jobs", "1", "--select", "F402,I", "crawl.warc.gz").out
    two = pav("check", "--jobs", "2", "--select", "F402,I", "crawl.warc.gz").out
    assert started == [2] and two == one
    # By default (a worker per core once the input is big): one WARC is now worth a pool.
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel, "AUTO_MIN_BYTES", 10 * RANGE_BYTES)
    assert pav("check", "--select", "F402,I", "crawl.warc.gz").out == one and started == [2, 2]
    lines = one.splitlines()
    organizer = "warning F402 the footer names no organizer (承办单位) [/footer/organizer]"
    assert lines[0] == f"crawl.warc.gz[1] (https://www.sc.gov.cn/p0.shtml): {organizer}"
    assert lines[-3] == f"crawl.warc.gz[80] (https://www.sc.gov.cn/p59.shtml): {organizer}"
    assert lines[-2].startswith("crawl.warc.gz: info I007 skipped 22 of 82 WARC records")


def test_counted_mode_under_ranges_gives_the_serial_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_case(tmp_path, "no-record-type-mid-file", True)
    expected = serial(path)
    got = list(check_jobs(split(path, monkeypatch), Config(Settings()), 2, counted=True))
    with_findings = [r for r in got if isinstance(r, RecordResult)]
    assert rows(with_findings) == rows([r for r in expected if r.findings or not r.is_record])
    counted, full = Summary(), Summary()
    for item in got:
        counted.add_passed(item) if isinstance(item, PassedRecords) else counted.add(item)
    for result in expected:
        full.add(result)
    assert counted.to_dict() == full.to_dict()


def test_a_warc_that_is_one_gzip_stream_is_one_partition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "one-stream.warc.gz"
    path.write_bytes(gzip.compress(crawl_bytes(tmp_path / "plain.warc")))
    assert split(str(path), monkeypatch) == [Partition(str(path), size=path.stat().st_size)]
    assert list(warc_ranges(str(path), RANGE_BYTES)) == [(0, None, 0)]


def test_a_warc_not_bigger_than_a_partition_and_package_inputs_are_not_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_case(tmp_path, "clean", True)
    size = Path(path).stat().st_size
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", size)
    assert list(partitions([path], split_warc=True)) == [Partition(path, size=size)]
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", RANGE_BYTES)
    assert list(partitions([path])) == [Partition(path, size=size)]  # pav package: whole files


def test_ranges_after_one_that_stopped_are_dropped_and_notes_come_once() -> None:
    # WarcNotes on its own, with tallies as workers send them: the second range stopped at damage, so the third
    # (which a serial reading never reaches) is dropped, and the notes merge the first two.
    engine = Engine(Config(Settings()))
    notes = WarcNotes(lambda: engine)
    parts = [
        Partition("c.warc", offset=0, length=10, warc_first=0),
        Partition("c.warc", offset=10, length=10, warc_first=3),
        Partition("c.warc", offset=20, warc_first=6, warc_last=True),
    ]
    tallies = [
        WarcTally(2, 2, (("request records", 1),)),
        WarcTally(4, 1, (("request records", 1), ("non-HTML responses", 1)), (("image/png", 1),), "c.warc is damaged"),
        WarcTally(8, 3),
    ]
    out: list[object] = []
    for part, tally, results in zip(parts, tallies, (["a"], ["b"], ["c"]), strict=True):
        out.extend(notes.add(part, results, tally))
    assert out[:2] == ["a", "b"]
    assert [(r.findings[0].rule, r.findings[0].message) for r in out[2:]] == [  # type: ignore[attr-defined]
        ("I008", "c.warc is damaged"),
        (
            "I007",
            "skipped 3 of 5 WARC records that are not HTML pages: request records: 2, non-HTML responses: 1 "
            "(image/png 1)",
        ),
    ]


def test_json_report_of_a_split_warc_is_the_serial_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pav) -> None:  # type: ignore[no-untyped-def]
    path = write_case(tmp_path, "page-changed-mid-file", False)
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", RANGE_BYTES)
    reports = []
    for jobs in ("1", "2"):
        report = tmp_path / f"report{jobs}.json"
        run = pav("check", "--jobs", jobs, "--format", f"json={report}", path)
        data = json.loads(report.read_text())
        reports.append((run.code, data["findings"], data["summary"]))
    assert reports[0] == reports[1] and reports[0][1]


def test_a_warc_that_cannot_be_indexed_or_vanishes_before_its_ranges_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_case(tmp_path, "clean", True)
    ranges = list(warc_ranges(path, RANGE_BYTES))
    real_open = open

    def failing_open(name: object, *args: object, **kwargs: object) -> object:
        if name == path:
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    assert list(warc_ranges(path, RANGE_BYTES)) == [(0, None, 0)]  # one range: its reader reports the problem
    monkeypatch.setattr("builtins.open", real_open)
    # Gone after it was cut into ranges: the first range's reader says so, as a serial run would, and the other
    # ranges and the notes are dropped.
    parts = split(path, monkeypatch)
    assert len(parts) == len(ranges) >= 8
    Path(path).unlink()
    got = listed(list(check_jobs(parts, Config(Settings()), 2)))
    assert [(f.rule, f.message) for r in got for f in r.findings] == [
        ("I001", f"cannot read {path}: No such file or directory")
    ]
