"""The Dask engine gives the same findings, in the same order, and the same summary as a local run."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES, Run, valid_record, write_jsonl
from validator import parallel
from validator.config import Config, Settings
from validator.engine import Engine, PassedRecords, RecordResult
from validator.parallel import partitions
from validator.reports import Summary
from validator.sources import iter_source_items

distributed = pytest.importorskip("distributed")

from validator.distributed import check_dask  # noqa: E402


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    # Two real worker processes: partitions, configs and results cross a process boundary, as on a cluster.
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
    ) as local:
        yield local


def findings(results: list[RecordResult]) -> list[tuple[str, int | None, int | None, str, str, str]]:
    return [
        (f.location.file, f.location.line, f.location.index, f.rule, str(f.severity), f.message)
        for r in results
        for f in r.findings
    ]


def summary_of(results: list[RecordResult]) -> dict[str, Any]:
    summary = Summary()
    for result in results:
        summary.add(result)
    return summary.to_dict()


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    lines: list[object] = []
    for i in range(120):
        if i % 29 == 3:
            lines.append("{broken")
        else:
            lines.append(valid_record(id=f"r{i}", title="" if i % 4 == 0 else f"t{i}"))
    big = write_jsonl(tmp_path / "big.jsonl", lines)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    return [str(big), str(tmp_path / "empty.jsonl"), str(SAMPLES)]


def test_dask_matches_a_local_run(cluster: Any, inputs: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 4000)  # many JSON Lines partitions
    config = Config(Settings())
    engine = Engine(config)
    local = list(engine.check_items(iter_source_items(inputs)))
    remote = list(check_dask(partitions(inputs), config, scheduler=cluster.scheduler_address, now=engine.now))
    assert findings(remote) == findings(local)
    assert [r.record_id for r in remote] == [r.record_id for r in local]
    assert summary_of(remote) == summary_of(local)
    assert len(remote) > 120 and all(r.source is None for r in remote)  # page bytes stay on the workers


@pytest.mark.parametrize("case", ["clean", "bytes-flipped-mid-file", "cut-short", "no-pages"])
def test_dask_checks_a_warc_cut_into_ranges_as_a_local_run(
    cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    from tests.test_warc_ranges import RANGE_BYTES, rows, write_case

    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", RANGE_BYTES)
    paths = [write_case(tmp_path, case, gz=True), write_case(tmp_path, case, gz=False)]
    config = Config(Settings())
    engine = Engine(config)
    local = list(engine.check_items(iter_source_items(paths)))
    parts = list(partitions(paths, split_warc=True))
    assert len(parts) >= 6 and all(part.warc_first is not None for part in parts)
    remote = list(check_dask(parts, config, scheduler=cluster.scheduler_address, now=engine.now))
    assert rows(remote) == rows(local)
    assert summary_of(remote) == summary_of(local)


def test_merged_partition_summaries_equal_the_run_summary(cluster: Any, inputs: list[str]) -> None:
    # The associative merge: a summary per partition, added up, is the summary of the whole run.
    config = Config(Settings())
    per_partition = []
    for part in partitions(inputs):
        summary = Summary()
        for result in check_dask([part], config, scheduler=cluster.scheduler_address):
            summary.add(result)
        per_partition.append(summary)
    total = Summary()
    for summary in per_partition:
        total = total.merge(summary)
    local = list(Engine(config).check_items(iter_source_items(inputs)))
    assert total.to_dict() == summary_of(local)


def test_cli_engine_dask_writes_the_local_report(cluster: Any, pav: Any, tmp_path: Path) -> None:
    args = ["--format", "json", str(SAMPLES)]
    local: Run = pav("check", *args)
    remote: Run = pav("check", "--engine", "dask", "--scheduler", cluster.scheduler_address, *args)
    assert remote.code == local.code == 1
    assert remote.json()["findings"] == local.json()["findings"]
    assert remote.json()["summary"] == local.json()["summary"]


def test_cli_engine_dask_starts_a_local_cluster(pav: Any, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [valid_record(id=f"r{i}", title="") for i in range(5)])
    local: Run = pav("check", "--format", "text", str(path))
    remote: Run = pav("check", "--engine", "dask", "--jobs", "2", "--format", "text", str(path))
    assert remote.code == local.code == 1
    assert remote.out == local.out and "S005" in remote.out


def test_scheduler_needs_engine_dask(pav: Any) -> None:
    done: Run = pav("check", "--scheduler", "tcp://127.0.0.1:8786", str(SAMPLES / "records"))
    assert done.code == 2 and "--engine dask" in done.err


def test_dask_counted_mode_ships_counts_with_the_findings_and_summary_of_a_serial_run(
    cluster: Any, inputs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As with --jobs: records without findings cross the cluster as counts per file and site, not one result
    # each; the findings, their order and the summary stay those of a serial run.
    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 4000)
    config = Config(Settings())
    engine = Engine(config)
    local = list(engine.check_items(iter_source_items(inputs)))
    got = list(
        check_dask(partitions(inputs), config, scheduler=cluster.scheduler_address, now=engine.now, counted=True)
    )
    listed = [r for r in got if isinstance(r, RecordResult)]
    passed = [r for r in got if isinstance(r, PassedRecords)]
    passing = [r for r in local if r.is_record and not r.findings]
    assert findings(listed) == findings(local)
    assert [r.record_id for r in listed] == [r.record_id for r in local if r.findings or not r.is_record]
    assert len(passing) > 60 and sum(p.count for p in passed) == len(passing)
    assert len(passed) < len(passing) // 2  # counts per partition, file and site, not one per record
    per_file_and_site: Counter[tuple[str, str]] = Counter()
    for p in passed:
        per_file_and_site[p.file, p.site] += p.count
    assert per_file_and_site == Counter((r.location.file, r.site) for r in passing)
    counted = Summary()
    for item in got:
        counted.add_passed(item) if isinstance(item, PassedRecords) else counted.add(item)
    assert counted.to_dict() == summary_of(local)


def test_cli_engine_dask_sends_counts_and_writes_the_serial_report(
    cluster: Any, pav: Any, inputs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `pav check --engine dask` (no report lists passing records): what comes back from the cluster is the
    # failing results plus a few counts, and the report is that of `--jobs 1`, finding for finding.
    from validator import distributed as dask_engine

    received: list[int] = []
    real_unpacked = dask_engine._unpacked

    def counting(payload: Any) -> list[Any]:
        results = real_unpacked(payload)
        received.append(len(results))
        return results

    monkeypatch.setattr(dask_engine, "_unpacked", counting)
    serial_run: Run = pav("check", "--jobs", "1", "--format", f"json={tmp_path / 'serial.json'}", *inputs)
    remote: Run = pav(
        "check",
        "--engine",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
        "--format",
        f"json={tmp_path / 'dask.json'}",
        *inputs,
    )
    serial_report = json.loads((tmp_path / "serial.json").read_text(encoding="utf-8"))
    dask_report = json.loads((tmp_path / "dask.json").read_text(encoding="utf-8"))
    assert remote.code == serial_run.code == 1
    assert dask_report["findings"] == serial_report["findings"] and serial_report["findings"]
    assert dask_report["summary"] == serial_report["summary"]
    summary = serial_report["summary"]
    read = summary["records"] + summary["problems"]
    # big.jsonl's 80-odd passing records came back as one count (as results, 'received' would equal 'read')
    assert read > 150 and sum(received) < read - 60


def test_crawl_level_findings_on_dask_match_a_serial_run(
    cluster: Any, pav: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pages' facts cross the cluster with the results (a WARC cut into ranges, a folder in batches), the site
    # rules run in the main process: the report is that of `--jobs 1`, finding for finding.
    from tests.crawl_support import write_crawl, write_folder

    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 1500)
    monkeypatch.setattr(parallel, "FILES_PER_PARTITION", 2)
    inputs = [str(write_crawl(tmp_path / "chengdu.warc.gz")), str(write_folder(tmp_path / "saved")), str(SAMPLES)]
    serial_run: Run = pav("check", "--jobs", "1", "--format", "json", *inputs)
    remote: Run = pav(
        "check", "--engine", "dask", "--scheduler", cluster.scheduler_address, "--format", "json", *inputs
    )
    assert remote.code == serial_run.code == 1
    assert remote.json()["findings"] == serial_run.json()["findings"]
    assert remote.json()["summary"] == serial_run.json()["summary"]
    rules = [f["rule"] for f in remote.json()["findings"] if f["rule"].startswith("C")]
    assert rules.count("C001") == 4 and rules.count("C002") == 2 and rules.count("C004") == 2
    assert rules.count("C003") == 1 + 4  # chengdu's e.shtml; www.sc.gov.cn's as in tests/test_samples.py
