"""The output side of `pav check`: format parsing, atomic files, colour and progress on terminals only,
--max-findings, JSON Lines, Markdown, and the summary's counts by site."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import SAMPLES, valid_record, with_footer, write_jsonl
from validator.commands import report_options
from validator.config import Config
from validator.engine import Engine, PassedRecords, RecordResult
from validator.findings import Location
from validator.reports import NO_SITE, DistinctFiles, Summary, site_of
from validator.reports.outputs import OutputError, parse_formats
from validator.reports.progress import Progress
from validator.reports.registry import FORMATS
from validator.resources import REPORT_SCHEMA, load_schema
from validator.rules import PageFacts
from validator.sources import SourceRecord, iter_source_items

REPORT_VALIDATOR = jsonschema.Draft202012Validator(load_schema(REPORT_SCHEMA))


@pytest.fixture
def dirty(isolated: Path) -> Path:
    return write_jsonl(
        isolated / "dirty.jsonl",
        [with_footer(icp=None, public_security=None), valid_record(id="t", title=""), "{broken", valid_record(x=1)],
    )


# --- format parsing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "unknown format 'pdf'"),
        (["--format", "json", "--format", "sarif=-"], "only one --format may write to standard output"),
        (["--format", "json=r", "--format", "html=./r"], "two reports would be written to ./r"),
        (["--max-findings", "0"], "--max-findings expects a whole number of at least 1, got '0'"),
        (["--max-findings", "many"], "--max-findings expects a whole number of at least 1, got 'many'"),
        (["--format", "json=nowhere/r.json"], "cannot write nowhere/r.json: No such file or directory"),
        (["--format", "json=."], "cannot write .: it is a folder"),
        (["--baseline", "none.json"], "baseline none.json not found (create it with --write-baseline none.json)"),
        (["--format", "json=b.json", "--write-baseline", "b.json"], "--write-baseline b.json is also a report's path"),
    ],
)
def test_usage_errors(pav, dirty: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", *args, dirty.name)
    assert run.code == 2
    assert run.err.startswith(f"pav: error: {message}") and run.err.count("\n") == 1
    assert run.out == ""


def test_every_format_to_its_file_in_one_run(pav, dirty: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    names = list(FORMATS)
    args = [arg for name in names for arg in ("--format", f"{name}=out.{name}")]
    run = pav("check", *args, dirty.name)
    assert run.code == 1 and run.out == ""
    assert sorted(p.name for p in isolated.iterdir()) == sorted([f"out.{n}" for n in names] + ["dirty.jsonl"])
    assert (isolated / "out.text").read_text(encoding="utf-8").endswith("1 non-record input. Profiles: gov 3.\n")


# --- atomic destinations --------------------------------------------------------------------------------------


def test_a_failed_run_leaves_no_report_and_keeps_the_old_one(isolated: Path) -> None:
    old = isolated / "report.json"
    old.write_text("old report\n", encoding="utf-8")
    args = report_options_args(["json=report.json", "html=new.html"])
    with pytest.raises(RuntimeError), report_options.open_session(args, Config()) as session:
        for result in Engine().check_items(
            iter_source_items([str(write_jsonl(isolated / "a.jsonl", [valid_record()]))])
        ):
            session.add(result)
        raise RuntimeError("the run broke before finishing")
    assert old.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in isolated.iterdir()) == ["a.jsonl", "report.json"]  # no temporary, no new.html


def test_a_session_left_without_finish_commits_nothing(isolated: Path) -> None:
    with report_options.open_session(report_options_args(["json=r.json"]), Config()):
        pass
    assert list(isolated.iterdir()) == []


def test_reports_replace_atomically_with_the_usual_mode(pav, dirty: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    umask = os.umask(0o022)
    try:
        pav("check", "--format", "json=r.json", dirty.name)
        assert (isolated / "r.json").stat().st_mode & 0o777 == 0o644
        os.chmod(isolated / "r.json", 0o600)
        pav("check", "--format", "json=r.json", dirty.name)  # replacing keeps the file's mode
        assert (isolated / "r.json").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)
    assert [p.name for p in isolated.iterdir() if p.name.startswith(".")] == []


def report_options_args(formats: list[str], **extra: object) -> object:
    import argparse

    return argparse.Namespace(format=formats, baseline=None, write_baseline=None, max_findings=None, **extra)


# --- terminals: colour and progress ---------------------------------------------------------------------------


def _read_all(fd: int, sink: list[bytes]) -> None:
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the other side closed
            return
        if not data:
            return
        sink.append(data)


def _run_with_terminal(
    args: list[str], terminal: str, env: dict[str, str], stdin: bytes | None = None
) -> tuple[bytes, bytes]:
    """Run pav with stdout or stderr on a pseudo-terminal; returns (terminal bytes, other stream bytes)."""
    master, slave = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, terminal: slave}
    process = subprocess.Popen(
        [sys.executable, "-m", "validator", *args],
        stdin=subprocess.PIPE,
        env={**os.environ, **env},
        **streams,  # type: ignore[arg-type]
    )
    os.close(slave)
    captured: list[bytes] = []
    reader = threading.Thread(target=_read_all, args=(master, captured))
    reader.start()
    assert process.stdin is not None
    if stdin is not None:
        half = len(stdin) // 2
        process.stdin.write(stdin[:half])
        process.stdin.flush()
        time.sleep(1.4)  # a slow producer: past the progress line's delay
        process.stdin.write(stdin[half:])
    process.stdin.close()
    other = (process.stderr if terminal == "stdout" else process.stdout).read()  # type: ignore[union-attr]
    process.wait(timeout=60)
    reader.join(timeout=10)
    os.close(master)
    return b"".join(captured), other


def test_colour_on_a_terminal_only_and_never_with_no_color(dirty: Path) -> None:
    env = {"NO_COLOR": "", "GITHUB_ACTIONS": ""}
    coloured, _ = _run_with_terminal(["check", str(dirty)], "stdout", env)
    assert b"\x1b[1;31merror\x1b[0m \x1b[1mF101\x1b[0m" in coloured
    plain, _ = _run_with_terminal(["check", str(dirty)], "stdout", {**env, "NO_COLOR": "1"})
    assert b"\x1b[" not in plain and b": error F101 the footer shows no ICP" in plain
    piped = subprocess.run(
        [sys.executable, "-m", "validator", "check", str(dirty)],
        capture_output=True,
        env={**os.environ, **env},
        check=False,
    )
    assert b"\x1b[" not in piped.stdout and piped.returncode == 1


def test_progress_on_a_terminal_stderr_only(isolated: Path) -> None:
    lines = b"".join(json.dumps(valid_record(id=f"r{i}")).encode() + b"\n" for i in range(400))
    env = {"GITHUB_ACTIONS": ""}
    args = ["check", "--format", f"json={isolated / 'r.json'}", "-"]
    terminal, stdout = _run_with_terminal(args, "stderr", env, stdin=lines)
    assert stdout == b""
    assert re.search(rb"\r\x1b\[Kpav: \d{3} records checked, 0 findings \(\d+ records/s\)", terminal)
    assert terminal.endswith(b"\r\x1b[K")  # erased at the end
    piped = subprocess.run(
        [sys.executable, "-m", "validator", *args],
        input=lines,
        capture_output=True,
        env={**os.environ, **env},
        check=False,
    )
    assert piped.stderr == b""


def test_progress_line_waits_then_redraws_at_most_five_times_a_second() -> None:
    now = [0.0]
    stream = io.StringIO()
    progress = Progress(stream, clock=lambda: now[0])
    result = RecordResult(Location("a"), None, (), True)
    for _ in range(10):
        progress.add(result)
    assert stream.getvalue() == ""  # a short run stays silent
    now[0] = 1.5
    progress.add(result)
    now[0] = 1.6
    progress.add(result)  # too soon to redraw
    now[0] = 1.75
    progress.add(result)
    assert stream.getvalue().count("\r\x1b[K") == 2
    assert stream.getvalue().endswith("13 records checked, 0 findings (7 records/s)")
    progress.close()
    assert stream.getvalue().endswith("\r\x1b[K")
    now[0] = 2.0
    progress.add_passed(1000)  # records counted without a result each (--jobs)
    assert stream.getvalue().endswith("1,013 records checked, 0 findings (506 records/s)")


# --- --max-findings -------------------------------------------------------------------------------------------


def test_max_findings_is_loud_partial_and_keeps_true_counts(pav, dirty: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", "--max-findings", "2", "--format", "json", "--format", "text=out.txt", dirty.name)
    assert run.code == 1
    report = run.json()
    REPORT_VALIDATOR.validate(report)
    assert report["partial"] is True
    assert [f["rule"] for f in report["findings"]] == ["F101", "F201"]
    assert report["summary"]["findings"] == 5 and report["summary"]["omitted"] == 3
    assert report["summary"]["by_rule"] == {"F101": 1, "F201": 1, "I002": 1, "S005": 1, "S007": 1}
    assert run.err.splitlines() == [
        "pav: warning: --max-findings 2 reached at dirty.jsonl:2: later findings are counted but not listed; "
        "the reports are PARTIAL",
        "pav: warning: PARTIAL report: 2 of 5 findings listed (--max-findings 2); the counts and the exit code "
        "cover all of them",
    ]
    text = (isolated / "out.txt").read_text(encoding="utf-8").splitlines()
    assert len(text) == 3
    assert text[-1].endswith("PARTIAL: only the first 2 are listed (--max-findings).")


def test_max_findings_not_reached_is_not_partial(pav, dirty: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", "--max-findings", "5", "--format", "json", dirty.name)
    assert run.json()["partial"] is False and run.err == ""


def test_exit_code_counts_findings_beyond_the_cap(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_jsonl(isolated / "a.jsonl", [valid_record(x=1), valid_record(title="")])  # warning, then error
    run = pav("check", "--max-findings", "1", "--format", "json", path.name)
    assert [f["rule"] for f in run.json()["findings"]] == ["S007"]
    assert run.code == 1  # the unlisted error still fails the run


# --- JSON Lines and Markdown ----------------------------------------------------------------------------------


def test_jsonl_is_one_finding_per_line_as_in_the_json_report(pav, dirty: Path) -> None:  # type: ignore[no-untyped-def]
    lines = pav("check", "--format", "jsonl", dirty.name).out.splitlines()
    report = pav("check", "--format", "json", dirty.name).json()
    assert [json.loads(line) for line in lines] == report["findings"]
    schema = load_schema(REPORT_SCHEMA)
    finding_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/finding"}
    for line in lines:
        jsonschema.Draft202012Validator(finding_schema).validate(json.loads(line))


def test_markdown_summary_tables_and_escaping(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = "a|b\n<img src=x>*`"
    path = write_jsonl(isolated / "a.jsonl", [with_footer(icp=None), valid_record(id="h", **{hostile: 1}), "{"])
    out = pav("check", "--format", "markdown", path.name).out
    assert out.startswith("### ❌ pav: 2 errors, 1 warning, 0 info\n")
    assert "| error | 2 |" in out
    assert "| F101 | `icp-missing` | error | 1 | The footer shows an ICP filing or licence number |" in out
    assert "| www.sc.gov.cn | 2 | 2 | 1 | 1 | 0 | F101 |" in out
    assert "| \\(unknown\\)" not in out and "| (unknown) | 0 | 0 | 1 | 0 | 0 | I002 |" in out
    row = next(line for line in out.splitlines() if "S007" in line and "a.jsonl:2" in line)
    assert row.count(" | ") == 3  # the hostile '|' did not add a cell
    assert "<img" not in out and "&lt;img src=x&gt;" in row and "\\n" in row


def test_markdown_caps_its_tables(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    records = [with_footer(icp=None) | {"id": f"r{i}", "url": f"https://s{i}.gov.cn/a"} for i in range(30)]
    out = pav("check", "--format", "markdown", write_jsonl(isolated / "a.jsonl", records).name).out
    assert "#### Sites with findings (worst 20 of 30)" in out
    assert "#### Findings (20 of 30, worst first)" in out


# --- the summary ----------------------------------------------------------------------------------------------


def test_site_is_host_then_site_code() -> None:
    def result(data: dict[str, object], url: str | None) -> RecordResult:
        return RecordResult(Location("a"), None, (), True, url, SourceRecord(data, Location("a")))

    assert site_of(result({}, "https://WWW.SC.gov.cn:8443/x")) == "www.sc.gov.cn"
    assert site_of(result({"footer": {"site_code": " 5100000062 "}}, None)) == "5100000062"
    assert site_of(result({"footer": {"site_code": "5100000062"}}, "not a url")) == "5100000062"
    assert site_of(result({"footer": "x"}, None)) == NO_SITE
    assert site_of(RecordResult(Location("a"), None, (), False)) == NO_SITE
    unfetched = RecordResult(Location("https://www.cd.gov.cn/x"), None, (), False)  # a live page that failed
    assert site_of(unfetched) == "www.cd.gov.cn"


def test_summary_merge_is_associative_and_equals_one_pass() -> None:
    results = list(Engine().check_items(iter_source_items([str(SAMPLES / "records" / "batch.jsonl")])))
    whole = Summary()
    for result in results:
        whole.add(result)
    parts = []
    for chunk in (results[:7], results[7:20], results[20:]):
        part = Summary()
        for result in chunk:
            part.add(result)
        parts.append(part)
    left = parts[0].merge(parts[1]).merge(parts[2])
    right = parts[0].merge(parts[1].merge(parts[2]))
    assert left.to_dict() == right.to_dict() == whole.to_dict()
    sc = whole.to_dict()["by_site"]["www.sc.gov.cn"]
    assert sc["pages"] == 27 and sc["by_severity"]["error"] == 18 and sc["worst_rule"] == "F101"


def test_files_are_counted_once_however_their_results_arrive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One JSON Lines file cut into partitions (its results, then its passing records as counts, per partition), the
    # same file named twice, a file recurring after others: each counted once, in one pass and in merged parts.
    from validator import parallel

    monkeypatch.setattr(parallel, "BYTES_PER_PARTITION", 3000)
    big = write_jsonl(tmp_path / "big.jsonl", [valid_record(id=f"r{i}", title="" if i % 3 else "t") for i in range(30)])
    small = write_jsonl(tmp_path / "small.jsonl", [valid_record(id="s")])
    inputs = [str(big), str(small), str(big), str(small)]
    parts = list(parallel.partitions(inputs))
    assert len(parts) > 4  # big.jsonl is cut
    whole, pieces = Summary(), []
    for part in parts:
        piece = Summary()
        for result in parallel.check_jobs([part], Config(), 1, counted=True):
            assert not isinstance(result, PageFacts)
            for summary in (whole, piece):
                summary.add_passed(result) if isinstance(result, PassedRecords) else summary.add(result)
        pieces.append(piece)
    assert whole.n_files == 2 and whole.records == 62
    merged = pieces[0]
    for piece in pieces[1:]:
        merged = merged.merge(piece)
    assert merged.n_files == 2 and merged.to_dict() == whole.to_dict()
    assert pieces[-1].merge(pieces[0]).n_files == 2 and pieces[0].merge(Summary()).n_files == 1


def test_the_distinct_files_are_held_as_hashes_in_sorted_runs() -> None:
    names = [f"/crawl/site/{n:06d}/page.html" for n in range(20_000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        files = DistinctFiles()
        for name in names:  # each name twice in a row, and every tenth again later
            files.add(name)
            files.add(name)
        for name in names[::10]:
            files.add(name)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(files) == 20_000
    assert held / len(names) < 24  # 8 bytes a file in the runs, a buffer; a set of the names held ~150
    other = DistinctFiles([*names[:5], "/elsewhere.html"])
    assert len(files.union(other)) == len(other.union(files)) == 20_001
    assert files.union(other) == other.union(files) and files != other


def test_worst_rule_prefers_severity_then_count() -> None:
    from validator.findings import Finding, Severity

    summary = Summary()
    findings = [
        Finding(rule, severity, "m")
        for rule, severity in [("S007", Severity.WARNING)] * 3
        + [("R004", Severity.WARNING), ("F105", Severity.INFO)] * 5
    ]
    summary.add(RecordResult(Location("a"), None, tuple(findings), True, "https://a.gov.cn/"))
    assert summary.by_site["a.gov.cn"].worst_rule() == "R004"  # 5 warnings beat 3; info never wins
    summary.add(RecordResult(Location("a"), None, (Finding("X001", Severity.ERROR, "m"),), True, "https://a.gov.cn/"))
    assert summary.by_site["a.gov.cn"].worst_rule() == "X001"


def test_parse_formats_directly() -> None:
    specs = parse_formats(["JSON=a.json", "text=-", "html=b.html"], environ={})
    assert [(s.name, s.target) for s in specs] == [("json", "a.json"), ("text", None), ("html", "b.html")]
    with pytest.raises(OutputError):
        parse_formats(["auto", "text"], environ={})


def test_reports_to_a_device_are_written_in_place_not_renamed_over_it(pav, isolated, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Renaming a temporary file over /dev/null would replace the device for the whole machine.
    import os
    import stat

    from tests.conftest import valid_record, write_jsonl

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    path = write_jsonl(isolated / "a.jsonl", [valid_record(title="")])
    import threading

    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run = pav("check", "--format", f"json={fifo}", "--format", "json=/dev/null", str(path))
    reader.join(timeout=10)
    assert run.code == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert b'"S005"' in received[0]
