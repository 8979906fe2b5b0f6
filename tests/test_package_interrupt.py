"""Kill `pav package` part-way through a batch, rerun: every package verifies, none is duplicated or half-written."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import valid_record, write_jsonl
from validator.package.verify import Verifier
from validator.package.writer import BATCH_REPORT

RECORDS = 200


def start(batch: Path, out: Path, cwd: Path, jobs: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "validator", "package", str(batch), "--out", str(out), "--jobs", jobs],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for_packages(out: Path, process: subprocess.Popen[bytes], at_least: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.is_dir() and sum(1 for p in out.iterdir() if not p.name.startswith(".")) >= at_least:
            return
        if process.poll() is not None:
            pytest.fail("pav package finished before it could be interrupted")
        time.sleep(0.005)
    pytest.fail("pav package made no progress")


def complete_packages(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


def workers_of(out: Path) -> list[str]:
    """Processes still running for this output folder (worker processes carry the command line of the run)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if entry.name.isdigit() and str(out).encode() in command:
            found.append(entry.name)
    return found


@pytest.fixture(params=["1", "2"], ids=["serial", "jobs-2"])
def jobs(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def batch(tmp_path: Path, jobs: str) -> Path:
    body = "第十一届中国（绵阳）科技城国际科技博览会开幕。" * 400  # ~10 KB a page: the run takes a while
    digest = hashlib.sha256(body.encode()).hexdigest()
    records = [valid_record(id=f"page-{i:03d}", body=body, content_sha256=digest) for i in range(RECORDS)]
    if jobs == "1":
        return write_jsonl(tmp_path / "batch.jsonl", records)
    folder = tmp_path / "batches"  # one partition a file: the workers' packages arrive while the run goes on
    folder.mkdir()
    for start_at in range(0, RECORDS, 10):
        write_jsonl(folder / f"batch-{start_at:03d}.jsonl", records[start_at : start_at + 10])
    return folder


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_interrupted_run_then_rerun_gives_every_package_once_and_intact(
    batch: Path, tmp_path: Path, how: signal.Signals, jobs: str
) -> None:
    out = tmp_path / "out"
    process = start(batch, out, tmp_path, jobs)
    wait_for_packages(out, process, 20)
    process.send_signal(how)
    code = process.wait(30)
    deadline = time.monotonic() + 10
    while workers_of(out) and time.monotonic() < deadline:  # workers die with the run, even a killed one
        time.sleep(0.05)
    assert workers_of(out) == []
    interrupted = complete_packages(out)
    assert 20 <= len(interrupted) < RECORDS
    verifier = Verifier()
    for package in interrupted:  # whatever is visible is complete
        (report,) = verifier.verify(package)
        assert report.intact, [str(f) for f in report.failures]
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".pav-partial-")]
    if how == signal.SIGTERM:
        assert code == 130
        assert leftovers == []  # a graceful stop removes the package it was writing
        assert "interrupted" in process.stderr.read().decode()  # type: ignore[union-attr]
    assert not (out / BATCH_REPORT).exists()  # a report only for a finished run

    rerun = subprocess.run(
        [sys.executable, "-m", "validator", "package", str(batch), "--out", str(out), "--jobs", jobs],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr.decode()
    packages = complete_packages(out)
    assert [p.name for p in packages] == [f"page-{i:03d}" for i in range(RECORDS)]  # each once, none twice
    assert not any(p.name.startswith(".pav-partial-") for p in out.iterdir())
    report = json.loads((out / BATCH_REPORT).read_text(encoding="utf-8"))
    statuses = [r["status"] for r in report["records"]]
    assert statuses.count("present") == len(interrupted)
    assert statuses.count("packaged") == RECORDS - len(interrupted)
    for package in packages:
        (result,) = verifier.verify(package)
        assert result.intact, (package.name, [str(f) for f in result.failures])
