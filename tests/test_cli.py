"""`pav` end to end: exit codes, formats, stdin, the JSON report against its own schema."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import REPO, SAMPLES, valid_record, write_jsonl
from validator import __version__
from validator.resources import REPORT_SCHEMA, load_schema


@pytest.fixture
def clean_file(isolated: Path) -> Path:
    return write_jsonl(isolated / "clean.jsonl", [valid_record(id="a"), valid_record(id="b")])


@pytest.fixture
def dirty_file(isolated: Path) -> Path:
    return write_jsonl(
        isolated / "dirty.jsonl",
        [valid_record(id="ok"), valid_record(id="bad", title=""), "{broken", valid_record(id="warn", x=1)],
    )


def test_exit_0_when_clean(pav, clean_file: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", str(clean_file))
    assert run.code == 0
    assert run.out.strip() == "No findings: 2 records checked in 1 file. Profiles: gov 2."


def test_exit_1_on_errors_and_text_lines(pav, dirty_file: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", str(dirty_file))
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == f"{dirty_file}:2: error S005 title must not be empty [/title]"
    assert lines[1].startswith(f"{dirty_file}:3: error I002 invalid JSON at column 2:")
    assert lines[2] == f"{dirty_file}:4: warning S007 unknown field 'x' is not part of the record contract [/x]"
    assert (
        lines[3]
        == "Found 3 findings (2 errors, 1 warning) in 2 of 3 records in 1 file, 1 non-record input. Profiles: gov 3."
    )


def test_fail_on_levels(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_jsonl(isolated / "w.jsonl", [valid_record(x=1)])
    assert pav("check", str(path)).code == 0  # only a warning
    assert pav("check", "--fail-on", "warning", str(path)).code == 1
    assert pav("check", "--fail-on", "never", str(path)).code == 0
    bad = write_jsonl(isolated / "e.jsonl", [valid_record(title="")])
    assert pav("check", "--fail-on", "never", str(bad)).code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bogus", "x"], "unrecognized arguments: --bogus"),
        (["check", "missing.jsonl"], "missing.jsonl: no such file or directory"),
        (["check", "--fail-on", "sometimes", "x"], "invalid choice: 'sometimes'"),
        (["check", "--select", "Z9", "x.jsonl"], "unknown rule id, prefix or name 'Z9'"),
        (["check", "--severity", "F101", "x.jsonl"], "--severity expects RULE=LEVEL"),
        (["check", "--severity", "F999=error", "x.jsonl"], "unknown rule id or name 'F999'"),
        (["check", "--format", "xml", "x.jsonl"], "unknown format 'xml'"),
        (["rules", "F999"], "unknown rule id or name 'F999'"),
        (["check", "--config", "nope.toml", "x.jsonl"], "config file nope.toml not found"),
    ],
)
def test_usage_errors_exit_2_with_one_line(pav, isolated: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    write_jsonl(isolated / "x.jsonl", [valid_record()])
    run = pav(*args)
    assert run.code == 2
    assert run.err.count("\n") == 1 and run.err.startswith("pav: error: ")
    assert message in run.err
    assert "Traceback" not in run.err


def test_stdin_input(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    data = (json.dumps(valid_record()) + "\n" + "oops\n" + json.dumps(valid_record(title=""))).encode()
    run = pav("check", "-", stdin=data)
    assert run.code == 1
    assert run.out.splitlines()[:2] == [
        "-:2: error I002 invalid JSON at column 1: Expecting value",
        "-:3: error S005 title must not be empty [/title]",
    ]


def test_json_report_validates_against_its_schema(pav, dirty_file: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", "--format", "json", str(dirty_file))
    report = run.json()
    jsonschema.Draft202012Validator(load_schema(REPORT_SCHEMA)).validate(report)
    assert report["tool"] == {"name": "pav", "version": __version__}
    assert report["exit_code"] == run.code == 1
    assert report["summary"]["by_severity"] == {"error": 2, "warning": 1, "info": 0}
    assert report["summary"]["by_rule"] == {"I002": 1, "S005": 1, "S007": 1}
    assert report["summary"]["records"] == 3 and report["summary"]["problems"] == 1
    first = report["findings"][0]
    fingerprint = first.pop("fingerprint")
    assert first == {
        "rule": "S005",
        "severity": "error",
        "message": "title must not be empty",
        "path": "/title",
        "record_id": "bad",
        "location": {"file": str(dirty_file), "line": 2, "index": None},
        "url": valid_record()["url"],
        "site": "www.sc.gov.cn",
        "profile": "gov",  # under `auto` (the default): a gov.cn page
    }
    assert re.fullmatch("[0-9a-f]{32}", fingerprint)
    assert report["profile"] == "auto" and report["summary"]["by_profile"] == {"gov": 3}
    assert report["partial"] is False
    assert report["summary"]["suppressed"] == report["summary"]["omitted"] == 0
    site = report["summary"]["by_site"]["www.sc.gov.cn"]
    assert (site["pages"], site["pages_with_findings"], site["worst_rule"]) == (3, 2, "S005")
    assert report["summary"]["by_site"]["(unknown)"]["by_rule"] == {"I002": 1}  # the broken line has no site


def test_empty_json_report_is_valid(pav, clean_file: Path) -> None:  # type: ignore[no-untyped-def]
    report = pav("check", "--format", "json", str(clean_file)).json()
    jsonschema.Draft202012Validator(load_schema(REPORT_SCHEMA)).validate(report)
    assert report["findings"] == [] and report["summary"]["findings"] == 0


def test_several_formats_to_files(pav, dirty_file: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", "--format", "text", "--format", f"json={isolated / 'r.json'}", str(dirty_file))
    assert run.code == 1 and "S005" in run.out
    assert json.loads((isolated / "r.json").read_text())["summary"]["findings"] == 3
    run = pav("check", "--format", "json", "--format", "text", str(dirty_file))
    assert run.code == 2 and "only one --format may write to standard output" in run.err


def test_version_schema_and_rules(pav) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        pav("--version")
    assert exit_info.value.code == 0
    schema = json.loads(pav("schema").out)
    assert schema["$id"].endswith("news-page-record.schema.json")
    listing = pav("rules").out
    assert "F102" in listing and "icp-malformed" in listing and "gov, news" in listing
    doc = pav("rules", "f102")
    assert (
        doc.code == 0 and doc.out.startswith("F102 icp-malformed") and "Passing:" in doc.out and "Failing:" in doc.out
    )


def test_console_script_and_module_entry_points(isolated: Path) -> None:
    path = write_jsonl(isolated / "one.jsonl", [valid_record()])
    pav_script = Path(sys.executable).parent / "pav"
    for command in ([str(pav_script)], [sys.executable, "-m", "validator"]):
        done = subprocess.run([*command, "check", str(path)], capture_output=True, text=True, check=False, cwd=isolated)
        assert done.returncode == 0, done.stderr
        assert "No findings" in done.stdout
        version = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
        assert version.stdout.strip() == f"pav {__version__}"


def test_broken_pipe_is_quiet(isolated: Path) -> None:
    records = [valid_record(id=f"r{i}", title="") for i in range(3000)]
    path = write_jsonl(isolated / "many.jsonl", records)
    done = subprocess.run(
        f"{sys.executable} -m validator check {path} | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["check", "package"])
def test_cli_choices_are_the_configuration_s(command: str) -> None:
    # --profile and --fail-on accept what a configuration file accepts, declared once (issue 14).
    import argparse

    from validator.cli import build_parser
    from validator.config import FAIL_ON_CHOICES
    from validator.rules import PROFILE_CHOICES

    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    options = {opt: action for action in subparsers.choices[command]._actions for opt in action.option_strings}
    assert options["--profile"].choices is PROFILE_CHOICES
    assert options["--fail-on"].choices is FAIL_ON_CHOICES
    assert FAIL_ON_CHOICES == ("error", "warning", "info", "never")


@pytest.mark.parametrize("command", ["check", "extract", "report"])
def test_an_unknown_option_points_to_the_subcommand_s_help(pav, isolated: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    write_jsonl(isolated / "x.jsonl", [valid_record()])
    run = pav(command, "-q", "x.jsonl")
    assert run.code == 2
    assert run.err == f"pav: error: unrecognized arguments: -q (see 'pav {command} --help')\n"


def test_check_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from validator.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["check", "--help"])
    assert exited.value.code == 0
    assert " ".join(capsys.readouterr().out.split()).endswith(
        "exit codes: 0 no finding at or above --fail-on (default: error); 1 such findings; 2 usage, configuration "
        "or input error (one line on stderr); 130 interrupted"
    )


def test_a_missing_input_that_reads_like_a_url_gets_the_url_to_give(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", "www.sc.gov.cn/a.shtml")
    assert run.code == 2
    assert run.err == (
        "pav: error: www.sc.gov.cn/a.shtml: no such file or directory (for a web page, give its URL: "
        "https://www.sc.gov.cn/a.shtml)\n"
    )
    assert pav("check", "pages/a.html").err == "pav: error: pages/a.html: no such file or directory\n"
    assert pav("check", "--sitemap", "www.sc.gov.cn/sitemap.xml").err == (
        "pav: error: --sitemap www.sc.gov.cn/sitemap.xml: not an http(s) URL and no such file (for a web page, give "
        "its URL: https://www.sc.gov.cn/sitemap.xml)\n"
    )


def test_rules_are_named_by_id_or_name_and_unknown_ones_echoed_as_given(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    batch = SAMPLES / "records" / "batch.jsonl"
    by_id = pav("check", "--select", "F103,F2", "--format", "json", str(batch)).json()["findings"]
    by_name = pav("check", "--select", "icp-unknown-province,f2", "--format", "json", str(batch)).json()["findings"]
    assert by_name == by_id and {f["rule"] for f in by_id} == {"F103", "F201", "F202", "F203", "F204", "F205"}
    ignored = pav("check", "--ignore", "ICP-Unknown-Province", "--select", "F1", "--format", "json", str(batch))
    assert "F103" not in ignored.json()["summary"]["by_rule"]
    assert (
        pav("check", "--severity", "icp-missing=info", "--select", "F101", str(batch))
        .out.splitlines()[0]
        .endswith("info F101 the footer shows no ICP filing or licence number [/footer/icp]")
    )
    assert pav("rules", "icp-unknown-province").out.startswith("F103 icp-unknown-province")

    run = pav("check", "--select", "icp-unknwon-province", str(batch))
    assert run.code == 2
    assert run.err == (
        "pav: error: command line: --select: unknown rule id, prefix or name 'icp-unknwon-province'; did you mean "
        "F103 (icp-unknown-province) or F105 (icp-ambiguous-province)?\n"
    )
    run = pav("rules", "f1o3")
    assert run.code == 2 and run.err.startswith("pav: error: unknown rule id or name 'f1o3'; did you mean F103 (")
