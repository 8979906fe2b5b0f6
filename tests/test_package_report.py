"""batch-report.json: one run writes into a folder at a time, nothing a report recorded is lost (issue 17), and
every report meets schemas/batch-report.schema.json (issue 13).

The concurrency tests run real `pav package` processes (python -m validator), as two shells would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import REPO, SAMPLES, valid_record, write_jsonl
from tests.test_package import package_results, run_pav
from validator.package.writer import BATCH_REPORT, LOCK_FILE, REPORT_HISTORY

SCHEMA = json.loads((REPO / "schemas" / "batch-report.schema.json").read_text(encoding="utf-8"))


def pav(*args: str, stdin: int | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "validator", "package", *args],
        cwd=REPO,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_lock(out: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (out / LOCK_FILE).is_file() and (out / LOCK_FILE).read_text().strip() == str(process.pid):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.01)
    pytest.fail("pav package did not start")


VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def load(path: Path) -> dict[str, Any]:
    """A batch report, validated against its schema (the date-time formats too)."""
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    VALIDATOR.validate(report)
    return report


def packages_of(out: Path) -> set[str]:
    return {p.name for p in out.iterdir() if not p.name.startswith(".") and p.name != BATCH_REPORT}


def recorded(out: Path) -> set[str]:
    """Every package named by the batch report and the earlier reports it kept."""
    names: set[str] = set()
    reports = [out / BATCH_REPORT, *sorted((out / REPORT_HISTORY).glob("*.json"))]
    for path in reports:
        if path.exists():
            names |= {r["package"] for r in load(path)["records"] if "package" in r}
    return names


def records(prefix: str, count: int) -> list[dict[str, Any]]:
    return [valid_record(id=f"{prefix}{n}") for n in range(count)]


def lines(prefix: str, count: int) -> str:
    return "".join(json.dumps(record) + "\n" for record in records(prefix, count))


def test_a_second_run_into_a_folder_in_use_is_refused_and_nothing_recorded_is_lost(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = pav("-", "--out", str(out), stdin=subprocess.PIPE)
    assert first.stdin is not None
    first.stdin.write(lines("first-", 3))
    first.stdin.flush()
    wait_for_lock(out, first)  # the first run is writing into out, and waits for more input

    second = pav(str(SAMPLES / "records"), "--out", str(out), "--fail-on", "never")
    _, err = second.communicate(timeout=120)
    assert second.returncode == 2
    assert f"another `pav package` run (pid {first.pid}) is writing into this folder" in err

    first.stdin.close()
    assert first.wait(timeout=120) == 0, first.communicate()
    first_report = (out / BATCH_REPORT).read_bytes()
    assert [r["record_id"] for r in load(out / BATCH_REPORT)["records"]] == ["first-0", "first-1", "first-2"]
    assert packages_of(out) == {"first-0", "first-1", "first-2"}  # the refused run wrote nothing
    assert not (out / LOCK_FILE).exists()

    # Once the folder is free, the second run goes in; the first run's report is kept, byte for byte.
    again = pav(str(SAMPLES / "records"), "--out", str(out), "--fail-on", "never")
    again.communicate(timeout=300)
    assert again.returncode == 0
    report = load(out / BATCH_REPORT)
    assert report["previous_report"].startswith(f"{REPORT_HISTORY}/")
    assert (out / report["previous_report"]).read_bytes() == first_report
    assert len(packages_of(out)) == 3 + report["summary"]["packaged"] == 3 + 34
    assert recorded(out) == packages_of(out)


def test_two_runs_started_together_lose_no_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    batches = [write_jsonl(tmp_path / f"{name}.jsonl", records(name, 40)) for name in ("a", "b")]
    runs = [pav(str(batch), "--out", str(out), "--fail-on", "never") for batch in batches]
    codes = sorted(run.wait(timeout=300) for run in runs)
    for run in runs:
        run.communicate()
    assert codes in ([0, 0], [0, 2])  # one after the other, or the second refused while the first wrote
    expected = 80 if codes == [0, 0] else 40
    assert len(packages_of(out)) == expected
    assert recorded(out) == packages_of(out)


def test_a_run_killed_outright_leaves_the_folder_usable(tmp_path: Path) -> None:
    out = tmp_path / "out"
    killed = pav("-", "--out", str(out), stdin=subprocess.PIPE)
    wait_for_lock(out, killed)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait(timeout=60)
    killed.communicate()
    assert (out / LOCK_FILE).exists()  # left behind, but no longer locked: the kernel released it
    batch = write_jsonl(tmp_path / "one.jsonl", records("one-", 1))
    after = pav(str(batch), "--out", str(out))
    after.communicate(timeout=120)
    assert after.returncode == 0
    assert packages_of(out) == {"one-0"} and not (out / LOCK_FILE).exists()


@pytest.mark.parametrize(
    "content",
    [b'{"mine": "not a pav report"}', b"not json at all", json.dumps({"tool": {"name": "other"}}).encode()],
)
def test_a_batch_report_pav_did_not_write_is_never_replaced(tmp_path: Path, content: bytes) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / BATCH_REPORT).write_bytes(content)
    batch = write_jsonl(tmp_path / "one.jsonl", records("one-", 1))
    run = pav(str(batch), "--out", str(out))
    _, err = run.communicate(timeout=120)
    assert run.returncode == 2
    assert f"{BATCH_REPORT} is there and is not a pav batch report; pav will not replace it" in err
    assert (out / BATCH_REPORT).read_bytes() == content
    assert sorted(os.listdir(out)) == [BATCH_REPORT]  # nothing written, no lock left


def test_the_schema_is_a_valid_draft_2020_12_schema_that_refuses_what_pav_never_writes() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    location = {"file": "a.jsonl", "line": 1, "index": None}
    skipped = {"status": "skipped", "location": location, "reason": "I002 invalid JSON"}
    assert VALIDATOR.is_valid({**EMPTY, "records": [skipped]})
    assert not VALIDATOR.is_valid({**EMPTY, "records": [{**skipped, "reason": None}]})
    assert not VALIDATOR.is_valid({**EMPTY, "records": [{"status": "packaged", "location": location}]})
    assert not VALIDATOR.is_valid({**EMPTY, "tool": {"name": "other", "version": "1"}})
    assert not VALIDATOR.is_valid({**EMPTY, "finished": "yesterday"})


EMPTY: dict[str, Any] = {
    "tool": {"name": "pav", "version": "0.1.0"},
    "out": "out",
    "container": "dir",
    "only_valid": False,
    "started": "2024-05-01T08:00:00+00:00",
    "records": [],
    "summary": {
        "records": 0,
        "packaged": 0,
        "present": 0,
        "skipped": 0,
        "failed": 0,
        "not_compliant": 0,
        "skip_reasons": {},
        "input_failures": 0,
    },
    "finished": "2024-05-01T08:00:01+00:00",
}


@pytest.mark.parametrize("container", ["dir", "zip"])
def test_every_report_pav_writes_meets_the_schema(tmp_path: Path, container: str) -> None:
    out = tmp_path / "out"
    clean = write_jsonl(tmp_path / "clean.jsonl", [json.dumps(valid_record(id=f"ok-{n}")) for n in range(2)])
    assert run_pav("package", str(clean), "--out", str(out), "--container", container) == 0
    report = load(out / BATCH_REPORT)  # no failure of any kind
    assert {r["status"] for r in report["records"]} == {"packaged"} and "previous_report" not in report
    # The samples: failing pages, broken lines, skipped WARC records; then a rerun finds them present.
    for _ in range(2):
        run_pav("package", str(SAMPLES), "--out", str(out), "--container", container)
        report = load(out / BATCH_REPORT)
    assert {r["status"] for r in report["records"]} == {"present", "skipped"}
    assert {r["verdict"] for r in report["records"] if "verdict" in r} == {"pass", "fail"}
    assert len(list((out / REPORT_HISTORY).glob("*.json"))) == 2
    for kept in (out / REPORT_HISTORY).glob("*.json"):
        load(kept)
    only_valid = tmp_path / "only-valid"
    run_pav("package", str(SAMPLES / "records"), "--out", str(only_valid), "--container", container, "--only-valid")
    assert "--only-valid" in load(only_valid / BATCH_REPORT)["summary"]["skip_reasons"]


def test_a_report_with_a_failed_write_meets_the_schema(tmp_path: Path) -> None:
    # As in test_package.py: --out so deep that the long file name of the first page passes PATH_MAX.
    deep = tmp_path
    while len(str(deep)) < 3700:
        deep = deep / ("d" * 200)
    deep = deep / ("e" * (3960 - len(str(deep)) - 5))
    deep.mkdir(parents=True)
    long_input = write_jsonl(tmp_path / ("long" * 60 + ".jsonl"), [json.dumps(valid_record(id="first"))])
    package_results(deep / "out", [str(long_input)])
    (failed,) = load(deep / "out" / BATCH_REPORT)["records"]
    assert failed["status"] == "failed" and "File name too long" in failed["reason"]
