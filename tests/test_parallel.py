"""Parallel checking gives the same findings, in the same order, as a serial run."""

from __future__ import annotations

import concurrent.futures
import io
import json
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, valid_record, write_jsonl
from validator import parallel
from validator.config import Config, Settings
from validator.engine import Engine, RecordResult
from validator.parallel import Partition, check_parallel, partitions, validate_partition
from validator.sources import iter_source_items


def summary(results: list[RecordResult]) -> list[tuple[str, int | None, int | None, str, str]]:
    return [
        (f.location.file, f.location.line, f.location.index, f.rule, f.message) for r in results for f in r.findings
    ]


def serial(inputs: list[str]) -> list[RecordResult]:
    return list(Engine(Config(Settings())).check_items(iter_source_items(inputs)))


@pytest.fixture
def mixed_inputs(tmp_path: Path) -> list[str]:
    lines: list[object] = []
    for i in range(230):
        if i % 37 == 5:
            lines.append("{broken")
        elif i % 41 == 7:
            lines.append("")
        else:
            lines.append(valid_record(id=f"r{i}", title="" if i % 3 == 0 else f"t{i}"))
    big = write_jsonl(tmp_path / "big.jsonl", lines)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n\n\n")
    (tmp_path / "array.json").write_text(json.dumps([valid_record(id="a", language="??"), valid_record(id="b")]))
    return [
        str(big),
        str(tmp_path / "empty.jsonl"),
        str(tmp_path / "blank.jsonl"),
        str(tmp_path / "array.json"),
        str(REPO / "samples" / "records"),
    ]


def test_two_workers_match_a_serial_run(mixed_inputs: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 3000)  # many partitions, one line longer than that
    config = Config(Settings())
    expected = serial(mixed_inputs)
    got = list(check_parallel(partitions(mixed_inputs), config, jobs=2))
    assert summary(got) == summary(expected)
    assert [r.record_id for r in got] == [r.record_id for r in expected]
    assert sum(1 for r in got for f in r.findings if f.rule == "I004") == 2  # empty.jsonl and blank.jsonl


def test_partitions_of_json_lines_keep_line_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [valid_record(id=f"r{i}") for i in range(7)])
    line_size = len(path.read_bytes()) // 7
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 3 * line_size + 5)  # three lines and a bit
    parts = list(partitions([str(path)]))
    assert [(p.first_line, p.length) for p in parts] == [(1, 3 * line_size), (4, 3 * line_size), (7, line_size)]
    results = [r for p in parts for r in validate_partition(p, Engine())]
    assert [r.location.line for r in results] == list(range(1, 8))


def test_stdin_is_cut_into_line_batches(monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setattr(parallel, "LINES_PER_PARTITION", 2)
    data = b"".join(json.dumps(valid_record(id=f"r{i}", title="")).encode() + b"\n" for i in range(5))
    parts = list(partitions(["-"], stdin=io.BytesIO(data)))
    assert [p.first_line for p in parts] == [1, 3, 5]
    results = list(check_parallel(parts, Config(Settings()), jobs=2))
    assert [(r.record_id, r.location.line) for r in results] == [(f"r{i}", i + 1) for i in range(5)]


def test_raw_bytes_are_not_shipped_back_unless_asked(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [valid_record()])
    (part,) = partitions([str(path)])
    (light,) = validate_partition(part, Engine())
    (full,) = validate_partition(part, Engine(), keep_raw=True)
    assert light.source is None and light.site == "www.sc.gov.cn"
    assert full.source is not None and full.source.raw is not None and full.source.raw.startswith(b"{")


def test_non_json_files_are_whole_partitions(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}")
    assert list(partitions([str(tmp_path / "a.json")])) == [Partition(str(tmp_path / "a.json"), size=2)]


def test_small_files_travel_in_batches_by_count_and_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "FILES_PER_PARTITION", 3)
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 5000)
    names = []
    for i, size in enumerate([10, 10, 10, 10, 6000, 10, 10]):
        path = tmp_path / f"p{i}.json"
        path.write_text(json.dumps(valid_record(id=f"p{i}", title="x" * size)))
        names.append(str(path))
    jsonl = write_jsonl(tmp_path / "z.jsonl", [valid_record(id="z")])
    parts = list(partitions([*names, str(jsonl), names[0]]))
    assert (
        [[p.file, *p.more] for p in parts]
        == [
            names[0:3],  # three files: the count limit
            names[3:4],  # a big file closes the batch before it ...
            names[4:5],  # ... and is a partition of its own
            names[5:7],  # JSON Lines between: the batch ends there
            [str(jsonl)],
            [names[0]],
        ]
    )
    expected = serial([*names, str(jsonl), names[0]])
    assert [r.record_id for r in check_parallel(parts, Config(Settings()), jobs=2)] == [r.record_id for r in expected]


class _NoPool:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started")


def test_auto_checks_small_input_here_and_big_input_on_workers(
    mixed_inputs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Config(Settings())
    expected = serial(mixed_inputs)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    small = [mixed_inputs[3]]  # one JSON file: one partition
    parts, jobs = parallel.auto_jobs(partitions(small))
    assert jobs == 1
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _NoPool)
    assert summary(list(parallel.check_jobs(parts, config, jobs))) == summary(serial(small))  # no pool started
    parts, jobs = parallel.auto_jobs(partitions(mixed_inputs))  # several partitions, but small: no pool
    assert jobs == 1 and summary(list(parallel.check_jobs(parts, config, jobs))) == summary(expected)
    monkeypatch.setattr(parallel, "AUTO_MIN_BYTES", 10_000)
    parts, jobs = parallel.auto_jobs(partitions(mixed_inputs))  # now big enough
    assert jobs == 2
    with pytest.raises(AssertionError, match="worker pool"):
        list(parallel.check_jobs(parts, config, jobs))
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", ProcessPoolExecutor)
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 3000)
    parts, jobs = parallel.auto_jobs(partitions(mixed_inputs))
    got = list(parallel.check_jobs(parts, config, jobs))  # the partitions looked at are not lost
    assert summary(got) == summary(expected) and [r.record_id for r in got] == [r.record_id for r in expected]


def test_results_survive_pickling_unchanged(mixed_inputs: list[str]) -> None:
    # Results cross process (and Dask) boundaries through custom reducers: nothing may be lost on the way.
    import pickle

    expected = serial(mixed_inputs)
    assert pickle.loads(pickle.dumps(expected)) == expected
    results = [r for part in partitions(mixed_inputs) for r in validate_partition(part, Engine())]
    assert pickle.loads(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)) == results
    assert all(r.source is None for r in results)


@pytest.mark.parametrize("block", [1, 7, 64, 1 << 20])
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\n\n",
        b"{}",
        b"{}\n",
        b"{}\n\n{}",
        b"\n\n" + b"x" * 200 + b"\n{}\n",
        b"a\nbb\n" * 40 + b"tail",
        (b"{" + b"x" * 3000 + b"}\n") * 30 + b"\n\n{}",  # long lines: newlines are found, not counted
        b"\xef\xbb\xbf\n\n",  # only a byte order mark: no record
    ],
)
def test_byte_ranges_tile_the_file_and_number_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int, content: bytes
) -> None:
    # Whatever the block size: the ranges cover the file exactly, each starts a line, and first_line is that
    # line's number; a file without any record gets the one marker partition that reports I004.
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", block)
    path = tmp_path / "a.jsonl"
    path.write_bytes(content)
    parts = list(partitions([str(path)]))
    ranges = [p for p in parts if p.length is not None]
    assert b"".join(content[p.offset : p.offset + (p.length or 0)] for p in ranges) == content
    for part in ranges:
        assert part.offset == 0 or content[part.offset - 1 : part.offset] == b"\n"
        assert part.first_line == content.count(b"\n", 0, part.offset) + 1
    markers = [p for p in parts if p.lines == b""]
    assert len(markers) == (0 if content.removeprefix(b"\xef\xbb\xbf").strip() else 1)


def test_range_finding_holds_one_fixed_window_of_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The main process finds the ranges of a JSON Lines file by reading it, whole, through one reused buffer of
    # BYTES_PER_PARTITION bytes: what it holds of the file (and so its resident memory) does not grow with the
    # file, nor with a line many blocks long. Mapping the file instead kept every page it touched resident.
    import tracemalloc

    block = 64 * 1024
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", block)
    record = json.dumps(valid_record(id="r"), ensure_ascii=False).encode() + b"\n"
    content = record * (4 * 1024 * 1024 // len(record)) + b"{" + b"x" * (20 * block) + b"}\n" + record * 100
    path = tmp_path / "big.jsonl"
    path.write_bytes(content)
    requests: list[int] = []
    read: list[int] = []
    buffers: set[int] = set()
    real_open = open

    class Spied(io.BufferedReader):
        def readinto(self, buffer: Any) -> int:  # type: ignore[override]
            requests.append(len(buffer))
            buffers.add(id(buffer))
            count = super().readinto(buffer)
            read.append(count)
            return count

    def spied_open(name: str, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(name, mode, *args, **kwargs)
        return Spied(handle.detach()) if mode == "rb" else handle

    monkeypatch.setattr(parallel, "open", spied_open, raising=False)
    tracemalloc.start()
    try:
        parts = list(partitions([str(path)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sum(p.length or 0 for p in parts) == len(content) and len(parts) > len(content) // (2 * block)
    assert sum(read) == len(content)  # read once, whole
    assert len(buffers) == 1 and set(requests) == {block}  # every read lands in the one window
    assert peak < 2 * block  # a window and change: neither the file (4 MB) nor its long line (1.3 MB) is held


@pytest.mark.parametrize("line", [b"{}\n", b"{" + b"x" * 300 + b"}\n", b"{" + b"x" * 70000 + b"}\n", b"\n"])
def test_newline_counting_agrees_with_count_on_short_and_long_lines(line: bytes) -> None:
    buffer = bytearray(line * 50 + b"{tail")
    for end in (0, 1, len(line), len(buffer) // 2, len(buffer)):
        for start in (0, 1, end // 3):
            assert parallel._newlines(buffer, min(start, end), end) == buffer.count(b"\n", min(start, end), end)


def test_cli_default_uses_the_cores_for_big_input_and_reports_the_same(
    pav, mixed_inputs: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 3000)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel, "AUTO_MIN_BYTES", 10_000)  # the mixed inputs count as big
    started = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def counting_pool(*args: object, **kwargs: object) -> object:
        started.append(kwargs.get("max_workers"))
        return real_pool(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    outputs = {}
    for jobs in ([], ["--jobs", "1"]):
        report = tmp_path / f"report{len(jobs)}.json"
        run = pav("check", *jobs, "--format", f"json={report}", *mixed_inputs)
        outputs[len(jobs)] = (run.code, json.loads(report.read_text())["findings"])
    assert started == [2]  # the default started one pool of one worker per core; --jobs 1 none
    assert outputs[0] == outputs[2] and outputs[0][1]
    run = pav("check", "--format", f"json={tmp_path / 'stdin.json'}", "-", stdin=Path(mixed_inputs[0]).read_bytes())
    assert started == [2] and run.code == 1  # standard input streams through this process


def test_counted_mode_sends_passing_records_as_counts_with_the_same_summary(
    mixed_inputs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from validator.engine import PassedRecords
    from validator.reports import Summary

    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 3000)
    expected = serial(mixed_inputs)
    got = list(parallel.check_jobs(partitions(mixed_inputs), Config(Settings()), jobs=2, counted=True))
    listed = [r for r in got if isinstance(r, RecordResult)]
    passed = [r for r in got if isinstance(r, PassedRecords)]
    assert summary(listed) == summary(expected)  # every finding, in order
    assert passed and all(r.findings for r in listed if r.is_record)  # only records with findings listed
    assert sum(p.count for p in passed) == sum(1 for r in expected if r.is_record and not r.findings)
    counted, full = Summary(), Summary()
    for item in got:
        counted.add_passed(item) if isinstance(item, PassedRecords) else counted.add(item)
    for result in expected:
        full.add(result)
    assert counted.to_dict() == full.to_dict()


def test_junit_under_jobs_still_lists_every_record(pav, mixed_inputs: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reports = {}
    for jobs in ("1", "2"):
        report = tmp_path / f"junit{jobs}.xml"
        pav(
            "check", "--jobs", jobs, "--format", f"junit={report}", "--format", f"text={tmp_path / jobs}", *mixed_inputs
        )
        junit = re.sub(r' (time|timestamp)="[^"]*"', "", report.read_text())  # when it ran, not what it found
        reports[jobs] = (junit, (tmp_path / jobs).read_text())
    assert reports["1"] == reports["2"]  # the text report counts, JUnit lists: both as in a serial run
    assert reports["2"][0].count("<testcase ") > 200


def test_a_pipe_named_jsonl_is_read_once_in_line_batches(tmp_path: Path) -> None:
    # A FIFO cannot be mapped or read twice: it is cut into batches of lines as it is read (no hang).
    import os
    import threading

    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    data = b"".join(json.dumps(valid_record(id=f"r{i}", title="")).encode() + b"\n" for i in range(5))
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))
    writer.start()
    parts = list(partitions([str(fifo)]))
    writer.join(timeout=10)
    assert parts and all(p.lines is not None for p in parts)
    results = list(parallel.check_jobs(parts, Config(Settings()), 1))
    assert [(r.record_id, r.location.line) for r in results] == [(f"r{i}", i + 1) for i in range(5)]


def test_an_input_vanishing_before_a_worker_reads_it_is_an_i001_and_the_run_goes_on(
    pav, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"p{i}.json").write_text(json.dumps(valid_record(id=f"p{i}")))
    real_size_of = parallel._size_of

    def size_then_delete(name: str) -> int:
        size = real_size_of(name)
        if name.endswith("p1.json"):
            os.remove(name)  # gone after the inputs were checked, before a worker opens it
        return size

    import os

    monkeypatch.setattr(parallel, "_size_of", size_then_delete)
    run = pav("check", "--jobs", "2", "--format", "json", str(pages))
    assert run.code == 1 and "Traceback" not in run.err
    report = run.json()
    assert [(f["rule"], f["message"]) for f in report["findings"]] == [
        ("I001", f"cannot read {pages / 'p1.json'}: No such file or directory")
    ]
    assert report["summary"]["records"] == 2


def test_a_too_long_line_in_a_range_is_measured_not_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers read their byte range through the line reader's bound, as a serial run reads the file: the
    # over-long line is I011 with its length, and the records around it are checked.
    monkeypatch.setenv("PAV_MAX_LINE_BYTES", "2000")
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 3000)
    path = write_jsonl(
        tmp_path / "a.jsonl", [valid_record(id="a"), valid_record(id="long", body="x" * 6000), valid_record(id="b")]
    )
    expected = serial([str(path)])
    got = list(check_parallel(partitions([str(path)]), Config(Settings()), jobs=2))
    assert summary(got) == summary(expected)
    assert [f.rule for r in got for f in r.findings if f.rule == "I011"] == ["I011"]
    assert [r.record_id for r in got] == ["a", None, "b"]


def test_crawl_level_findings_under_jobs_match_a_serial_run(
    pav, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # A crawl over several partitions (a WARC cut into ranges of records, a folder in batches of 2 files): the
    # pages' facts come back from the workers (passing pages' too, as counts travel), the site rules run once in
    # the main process, and every report is the serial one: findings, their order, fingerprints and summary.
    from tests.crawl_support import write_crawl, write_folder

    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 1500)
    monkeypatch.setattr(parallel, "FILES_PER_PARTITION", 2)
    warc = write_crawl(tmp_path / "chengdu.warc.gz")
    folder = write_folder(tmp_path / "saved")
    inputs = [str(warc), str(folder), str(REPO / "samples" / "crawl")]
    assert len([p for p in partitions(inputs, split_warc=True) if p.warc_first is not None]) > 2
    reports = {}
    for jobs in ("1", "2"):
        run = pav("check", "--jobs", jobs, "--format", "json", *inputs)
        reports[jobs] = run.json()
    assert reports["1"]["findings"] == reports["2"]["findings"]
    assert reports["1"]["summary"] == reports["2"]["summary"]
    rules = [f["rule"] for f in reports["2"]["findings"] if f["rule"].startswith("C")]
    # chengdu: C001 x3, C002, C003 (the WARC's e.shtml and the folder's copy of e.shtml are one URL: one page),
    # C004; www.sc.gov.cn (samples/crawl): C001, C002, C003, C004.
    assert rules == ["C001", "C001", "C001", "C002", "C003", "C004", "C001", "C002", "C003", "C004"]
