"""Baselines: accepted findings are suppressed by fingerprint (rule + record + JSON Pointer, no line number)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.conftest import valid_record, with_footer, write_jsonl
from validator.resources import REPORT_SCHEMA, load_schema


def _batch(path: Path, *records: object) -> Path:
    return write_jsonl(path, list(records))


def test_round_trip_only_the_new_defect_fails(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pages = isolated / "pages.jsonl"
    _batch(pages, with_footer(icp=None) | {"id": "old-1"}, valid_record(id="old-2", title=""), valid_record(id="ok"))
    written = pav("check", "--write-baseline", "baseline.json", pages.name)
    assert written.code == 0  # writing a baseline accepts this run's findings (they are still reported)
    assert written.out.startswith("pages.jsonl:1: error F101 ")
    assert written.err.endswith("pav: wrote 2 findings to the baseline baseline.json (exit 0: they are accepted); "
                                "--baseline baseline.json suppresses them\n")  # fmt: skip
    assert json.loads((isolated / "baseline.json").read_text(encoding="utf-8"))["findings"] == [
        {"rule": "F101", "record": "id:old-1", "path": "/footer/icp", "count": 1,
         "message": "the footer shows no ICP filing or licence number"},
        {"rule": "S005", "record": "id:old-2", "path": "/title", "count": 1, "message": "title must not be empty"},
    ]  # fmt: skip

    accepted = pav("check", "--baseline", "baseline.json", pages.name)
    assert accepted.code == 0
    assert (
        accepted.out
        == "No findings: 3 records checked in 1 file. Profiles: gov 3. 2 more suppressed by the baseline.\n"
    )

    # A new defect, and edits that move the old ones to other lines: only the new one is reported.
    _batch(
        pages,
        valid_record(id="new-page", url="https://www.sc.gov.cn/new.html"),
        valid_record(id="ok"),
        with_footer(public_security=None) | {"id": "new-defect"},
        valid_record(id="old-2", title=""),
        with_footer(icp=None) | {"id": "old-1"},
    )
    run = pav("check", "--baseline", "baseline.json", "--format", "json", pages.name)
    assert run.code == 1
    report = run.json()
    jsonschema.Draft202012Validator(load_schema(REPORT_SCHEMA)).validate(report)
    assert [(f["rule"], f["record_id"]) for f in report["findings"]] == [("F201", "new-defect")]
    assert report["summary"]["suppressed"] == 2 and report["summary"]["findings"] == 1


def test_fixed_findings_leave_the_rewritten_baseline(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pages = _batch(isolated / "p.jsonl", with_footer(icp=None) | {"id": "a"}, valid_record(id="b", title=""))
    pav("check", "--write-baseline", "b.json", pages.name)
    _batch(pages, valid_record(id="a"), valid_record(id="b", title=""))  # a's ICP number was fixed
    run = pav("check", "--baseline", "b.json", "--write-baseline", "b.json", pages.name)  # update in place
    assert run.code == 0
    entries = json.loads((isolated / "b.json").read_text(encoding="utf-8"))["findings"]
    assert [(e["rule"], e["record"]) for e in entries] == [("S005", "id:b")]


def test_identity_falls_back_to_url_then_file_and_counts_duplicates(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    no_id = valid_record(title="")
    del no_id["id"]
    pages = _batch(isolated / "p.jsonl", no_id, "{broken", "{broken again")
    pav("check", "--write-baseline", "b.json", pages.name)
    entries = json.loads((isolated / "b.json").read_text(encoding="utf-8"))["findings"]
    assert [(e["rule"], e["record"], e["path"], e["count"]) for e in entries] == [
        ("I002", "file:p.jsonl", "", 2),
        ("S001", f"url:{no_id['url']}", "/id", 1),
        ("S005", f"url:{no_id['url']}", "/title", 1),
    ]
    _batch(pages, "{broken", no_id, "{a third broken line", "{broken again")  # one more I002 than accepted
    run = pav("check", "--baseline", "b.json", pages.name)
    assert run.code == 1
    assert run.out.splitlines()[0].startswith("p.jsonl:4: error I002")  # the third one, wherever it is
    assert run.out.splitlines()[1].endswith("4 more suppressed by the baseline.")


def test_baseline_file_is_sorted_and_reproducible(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    records = [with_footer(icp=None) | {"id": f"r{i}"} for i in (3, 1, 2)]
    pages = _batch(isolated / "p.jsonl", *records)
    pav("check", "--write-baseline", "one.json", pages.name)
    _batch(pages, *reversed(records))
    pav("check", "--write-baseline", "two.json", pages.name)
    one = (isolated / "one.json").read_bytes()
    assert one == (isolated / "two.json").read_bytes()
    assert [json.loads(line.rstrip(b","))["record"] for line in one.splitlines()[1:-1]] == ["id:r1", "id:r2", "id:r3"]


def test_bad_baselines_are_usage_errors(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pages = _batch(isolated / "p.jsonl", valid_record())
    cases = {
        "not json": "is not valid JSON",
        '{"findings": []}': 'is not a pav baseline (no "pav_baseline": 1)',
        '{"pav_baseline": 1, "findings": {}}': "'findings' must be a list",
        '{"pav_baseline": 1, "findings": [{"rule": "F101"}]}': "entry 1 needs rule, record and path",
        '{"pav_baseline": 1, "findings": [{"rule": "F101", "record": "id:a", "path": "", "count": 0}]}': "entry 1 has",
    }
    for content, message in cases.items():
        (isolated / "b.json").write_text(content, encoding="utf-8")
        run = pav("check", "--baseline", "b.json", pages.name)
        assert run.code == 2 and message in run.err and run.err.count("\n") == 1, content


def test_suppressed_counts_show_in_every_summary(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pages = _batch(isolated / "p.jsonl", with_footer(icp=None), valid_record(id="b", title=""))
    pav("check", "--write-baseline", "b.json", "--select", "F", pages.name)
    args = ["--baseline", "b.json", pages.name]
    assert "1 finding suppressed by the baseline." in pav("check", "--format", "markdown", *args).out
    assert "1 finding suppressed by the baseline" in pav("check", "--format", "html", *args).out
    sarif = json.loads(pav("check", "--format", "sarif", *args).out)
    assert sarif["runs"][0]["properties"]["summary"]["suppressed"] == 1
