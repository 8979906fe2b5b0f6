"""GitHub Actions annotations: the runner's escaping, worst first, bounded memory, the step summary, auto."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.conftest import valid_record, with_footer, write_jsonl
from validator.engine import RecordResult
from validator.findings import Finding, Location, Severity
from validator.reports import RunInfo, Summary
from validator.reports.github import GitHubReporter, annotation

_COMMAND = re.compile(r"^::(error|warning|notice)(?: (?P<properties>.*?))?::(?P<data>.*)$")


def _unescape_data(text: str) -> str:  # the runner's order: CR, LF, then %
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the Actions runner reads it: properties split at ',' then at the first '='."""
    match = _COMMAND.match(line)
    assert match, line
    properties: dict[str, str] = {}
    for pair in (match["properties"] or "").split(","):
        if pair:
            key, _, value = pair.partition("=")
            properties[key] = _unescape_property(value)
    return match[1], properties, _unescape_data(match["data"])


def test_annotation_round_trips_hostile_text_through_the_runners_parser() -> None:
    message = "100% done\r\nsecond line, a:b ::error::injected %0A"
    file = "pages/we,ird:na%me 页面.jsonl"
    finding = Finding("F102", Severity.ERROR, message, "/footer/icp", "rec,1:2", Location(file, 7))
    line = annotation(finding)
    assert "\n" not in line and "\r" not in line
    command, properties, data = parse_command(line)
    assert command == "error"
    assert properties == {"file": file, "line": "7", "title": "F102"}
    assert data == f"{message} [/footer/icp] (rec,1:2)"


def test_controls_other_than_newlines_are_shown_not_sent() -> None:
    finding = Finding("S007", Severity.WARNING, "a\x1b[31mb\x07", "", None, Location("-"))
    command, properties, data = parse_command(annotation(finding, url="https://www.sc.gov.cn/a"))
    assert (command, properties) == ("warning", {"title": "S007"})  # stdin: no file property
    assert data == "a\\x1b[31mb\\x07 (https://www.sc.gov.cn/a)"


def test_workspace_paths_are_made_relative() -> None:
    finding = Finding("F101", Severity.ERROR, "m", "", None, Location("/home/runner/work/site/pages/a.jsonl", 2))
    _, properties, _ = parse_command(annotation(finding, workspace="/home/runner/work/site"))
    assert properties["file"] == "pages/a.jsonl"


def _result(rule: str, severity: Severity, line: int) -> RecordResult:
    finding = Finding(rule, severity, f"{rule} at {line}", "/x", f"r{line}", Location("a.jsonl", line))
    return RecordResult(finding.location, finding.record_id, (finding,), True)


def test_worst_first_and_only_what_github_shows_is_kept() -> None:
    stream = io.StringIO()
    reporter = GitHubReporter(stream, RunInfo(), environ={})
    summary = Summary()
    severities = [Severity.INFO] * 3 + [Severity.WARNING, Severity.ERROR] * 5000
    for line, severity in enumerate(severities, 1):
        result = _result(
            {Severity.ERROR: "F101", Severity.WARNING: "F203", Severity.INFO: "F105"}[severity], severity, line
        )
        reporter.add(result)
        summary.add(result)
    assert [len(reporter.kept[s]) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)] == [10, 10, 3]
    assert len(reporter.markdown.first_findings()) <= 20  # the summary keeps a bounded selection too
    reporter.finish(summary, 1)
    lines = stream.getvalue().splitlines()
    commands = [parse_command(line) for line in lines if _COMMAND.match(line)]
    assert [c[0] for c in commands] == ["error"] * 10 + ["warning"] * 10 + ["notice"] * 3
    assert [c[1]["line"] for c in commands[:2]] == ["5", "7"]  # the first errors, in input order
    assert lines[-2].startswith("Found 10003 findings (5000 errors, 5000 warnings, 3 info)")
    assert lines[-1].startswith("pav: 4990 error, 4990 warning findings have no annotation")


def test_log_lines_are_fenced_from_command_injection(pav, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    path = write_jsonl(isolated / "a.jsonl", [valid_record(id="x\n::error::injected", title="")])
    run = pav("check", path.name)  # --format auto is the default: github under Actions
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == "::group::pav findings"
    token = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[1])
    assert token
    end = lines.index(f"::{token[1]}::")
    assert all(not line.startswith("::") for line in lines[2:end])  # findings in the log: never commands
    assert lines[2].startswith("a.jsonl:1: error S004 id 'x\\n::error::injected' is malformed")
    assert lines[end + 1] == "::endgroup::"
    commands = [parse_command(line) for line in lines[end + 2 :] if line.startswith("::")]
    assert [(c[0], c[1]["title"]) for c in commands] == [("error", "S004"), ("error", "S005")]
    assert commands[1][2] == "title must not be empty [/title] (x\n::error::injected)"  # as one annotation


def test_step_summary_is_appended(pav, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    summary_file = isolated / "summary.md"
    summary_file.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    path = write_jsonl(isolated / "a.jsonl", [with_footer(icp=None), valid_record(id="w", extra=1)])
    run = pav("check", "--format", "github", path.name)
    assert run.code == 1
    text = summary_file.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n### ❌ pav: 1 error, 1 warning, 0 info")
    assert "| F101 | `icp-missing` | error | 1 |" in text
    assert "| www.sc.gov.cn | 2 | 2 | 1 | 1 | 0 | F101 |" in text


def test_unwritable_step_summary_is_reported_not_fatal(pav, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(isolated / "missing" / "summary.md"))
    path = write_jsonl(isolated / "a.jsonl", [valid_record()])
    run = pav("check", "--format", "github", path.name)
    assert run.code == 0
    assert "cannot append the step summary" in run.out


@pytest.mark.parametrize(("env", "expected"), [({"GITHUB_ACTIONS": "true"}, "github"), ({}, "text")])
def test_auto_format(pav, isolated: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    path = write_jsonl(isolated / "a.jsonl", [valid_record(title="")])
    for args in ([], ["--format", "auto"]):
        out = pav("check", *args, path.name).out
        assert ("::error file=a.jsonl,line=1,title=S005::" in out) == (expected == "github")
        assert out.splitlines()[0].startswith("::group::" if expected == "github" else "a.jsonl:1: error S005")
