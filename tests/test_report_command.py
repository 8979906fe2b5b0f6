"""`pav report SAVED.json --format ...`: re-render a JSON report, streaming, in any format."""

from __future__ import annotations

import io
import json
import re
import tracemalloc
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, valid_record, with_footer, write_jsonl
from validator.reports.reader import ReportError, iter_report, iter_results, scan


@pytest.fixture
def saved(pav, isolated: Path) -> Path:  # type: ignore[no-untyped-def]
    pages = write_jsonl(
        isolated / "pages.jsonl",
        [
            with_footer(icp=None, public_security=None),
            valid_record(id="ok"),
            "{broken",
            valid_record(id="w", url="https://www.cd.gov.cn/x", extra=1),
            with_footer(site_code="5100000062") | {"id": "no-url", "url": 7},  # site from the site code
        ],
    )
    assert pav("check", "--format", "json=saved.json", pages.name).code == 1
    return isolated / "saved.json"


def test_json_round_trip_is_exact(pav, saved: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("report", saved.name, "--format", "json")
    assert run.code == 1  # the saved run's exit code
    assert run.json() == json.loads(saved.read_text(encoding="utf-8"))


def test_text_markdown_and_sarif_match_a_direct_run(pav, saved: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("text", "markdown", "jsonl"):
        direct = pav("check", "--format", name, "pages.jsonl").out
        assert pav("report", saved.name, "--format", name).out == direct, name
    direct_sarif = json.loads(pav("check", "--format", "sarif", "pages.jsonl").out)["runs"][0]
    rendered_sarif = json.loads(pav("report", saved.name, "--format", "sarif").out)["runs"][0]
    assert rendered_sarif["results"] == direct_sarif["results"]
    assert rendered_sarif["properties"] == direct_sarif["properties"]


def test_html_and_junit_from_a_saved_report(pav, saved: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("report", saved.name, "--format", "html=report.html", "--format", "junit=report.xml")
    assert run.code == 1 and run.out == "" and run.err == ""
    html = (isolated / "report.html").read_text(encoding="utf-8")
    assert 'data-filter-site="5100000062"' in html  # the site code survived the round trip
    assert 'data-figure="records checked"><b>4</b>' in html
    from lxml import etree

    cases = etree.parse(str(isolated / "report.xml")).getroot().findall("testsuite/testcase")
    # Pages with findings only: the JSON report does not list clean pages.
    assert [case.get("classname") for case in cases] == ["www.sc.gov.cn", "(unknown)", "www.cd.gov.cn", "5100000062"]


def test_reads_any_layout_and_key_order(pav, saved: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(saved.read_text(encoding="utf-8"))
    pretty = isolated / "pretty.json"
    pretty.write_text(json.dumps(data, indent=3, sort_keys=True), encoding="utf-8")  # summary before findings
    minified = isolated / "min.json"
    minified.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    expected = pav("report", saved.name, "--format", "text").out
    assert pav("report", pretty.name, "--format", "text").out == expected
    assert pav("report", minified.name, "--format", "text").out == expected
    assert pav("report", "-", "--format", "text", stdin=saved.read_bytes()).out == expected


def test_streaming_reader_survives_tiny_chunks(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import validator.reports.reader as reader

    monkeypatch.setattr(reader, "CHUNK", 7)  # values and numbers split across every chunk boundary
    text = saved.read_text(encoding="utf-8")
    report = scan(io.StringIO(text))
    assert report.exit_code == 1 and report.findings == 5
    results = list(iter_results(io.StringIO(text)))
    assert [len(r.findings) for r in results] == [2, 1, 1, 1]
    assert [r.findings[0].rule for r in results] == ["F101", "I002", "S007", "S002"]
    assert [r.is_record for r in results] == [True, False, True, True]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "",
            "not a pav JSON report (pav report re-renders what `pav check --format json=FILE` writes): the file is "
            "empty",
        ),
        ("[1, 2]", "this is a JSON array; to check records, run `pav check` on them"),
        ("id,url\n", "it starts with 'i', where a JSON report starts with '{'"),
        ('{"report_format": 1, "findings": [', "invalid JSON"),
        ('{"report_format": 2, "tool": {"name": "pav"}}', "not a pav JSON report"),
        ('{"report_format": 1, "tool": {"name": "pav"}, "findings": [{"rule": 1}]}', "finding 1 is malformed"),
        ('{"report_format": 1, "tool": {"name": "pav"}, "findings": []}', "the report has no summary"),
        ('{"a": 1} trailing', "unexpected data after the report"),
    ],
)
def test_broken_reports_are_usage_errors(pav, isolated: Path, content: str, message: str) -> None:  # type: ignore[no-untyped-def]
    (isolated / "bad.json").write_text(content, encoding="utf-8")
    run = pav("report", "bad.json", "--format", "html=out.html")
    assert run.code == 2 and run.err.count("\n") == 1
    assert run.err.startswith("pav: error: bad.json: ") and message in run.err
    assert not (isolated / "out.html").exists()


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_page_given_to_report_is_told_to_be_html(pav, isolated: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    page = (SAMPLES / "pages" / "sichuan-expo-zh.html").read_bytes().decode("gb18030")
    (isolated / "page.html").write_bytes(page.encode(encoding))
    run = pav("report", "page.html")
    assert run.code == 2
    assert run.err == (
        "pav: error: page.html: not a pav JSON report (pav report re-renders what `pav check --format json=FILE` "
        "writes): this looks like HTML or XML; to check a page, run `pav check` on it\n"
    )


def test_missing_report_is_a_usage_error(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("report", "nope.json")
    assert (run.code, run.err) == (2, "pav: error: nope.json: no such file\n")


def test_large_report_streams_in_flat_memory(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    # 20,000 findings (~8 MB of JSON) re-rendered as JSON Lines: memory must not follow the file's size.
    finding = {
        "rule": "F101", "severity": "error", "message": "the footer shows no ICP filing or licence number " * 4,
        "path": "/footer/icp", "location": {"file": "p.jsonl", "line": 1, "index": None},
        "url": "https://www.sc.gov.cn/a", "site": "www.sc.gov.cn", "fingerprint": "0" * 32,
    }  # fmt: skip
    path = isolated / "big.json"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"report_format": 1, "tool": {"name": "pav", "version": "0"}, "profile": "gov", ')
        handle.write('"fail_on": "error", "findings": [')
        for number in range(20_000):
            item = finding | {
                "record_id": f"r{number}",
                "location": {"file": "p.jsonl", "line": number + 1, "index": None},
            }
            handle.write(("," if number else "") + "\n" + json.dumps(item))
        summary = {"records": 20_000, "findings": 20_000, "by_severity": {"error": 20_000}, "by_rule": {"F101": 20_000}}
        handle.write(f'], "summary": {json.dumps(summary)}, "exit_code": 1}}')
    size = path.stat().st_size
    tracemalloc.start()
    try:
        run = pav("report", path.name, "--format", "jsonl=out.jsonl")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert run.code == 1
    assert sum(1 for _ in (isolated / "out.jsonl").open(encoding="utf-8")) == 20_000
    assert size > 8_000_000 and peak < 2_000_000, (size, peak)


def test_iter_report_yields_members_in_file_order() -> None:
    text = '{"b": [1, {"c": 2}], "findings": [{"x": 1}, {"x": 2}], "a": -12.5e3, "t": true}'
    assert list(iter_report(io.StringIO(text))) == [
        ("b", [1, {"c": 2}]),
        ("finding", {"x": 1}),
        ("finding", {"x": 2}),
        ("findings", None),
        ("a", -12500.0),
        ("t", True),
    ]
    with pytest.raises(ReportError, match=re.escape("expected ',' or ']' in findings")):
        list(iter_report(io.StringIO('{"findings": [1 2]}')))


def test_samples_report_renders_in_every_format(pav, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(SAMPLES.parent)
    pav("check", "--format", f"json={isolated / 's.json'}", "samples/records/batch.jsonl")
    for name in ("text", "json", "jsonl", "junit", "sarif", "github", "markdown", "html"):
        run = pav("report", str(isolated / "s.json"), "--format", f"{name}={isolated / ('out.' + name)}")
        assert run.code == 1 and (isolated / f"out.{name}").stat().st_size > 0, name
