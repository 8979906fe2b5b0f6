"""The HTML report: one self-contained file, hostile content escaped, usable at 100,000 findings.

(The browser behaviour, filters and chart drawn, is tested in a real Chromium: test_reports_html_browser.py.)
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import time
import tracemalloc
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from tests.conftest import SAMPLES, valid_record, with_footer, write_jsonl
from validator.engine import RecordResult
from validator.findings import Finding, Location, Severity, json_pointer
from validator.reports import RunInfo, Summary
from validator.reports.html import HtmlReporter
from validator.rules import CATALOG

HOSTILE_ID = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
HOSTILE_FIELD = "<style>@import url(http://evil.example/x.css)</style>\"'&amp;\x1b[31m\u202e 页脚"
HOSTILE_URL = 'https://www.evil.gov.cn/a?q="><img src=http://evil.example/p.png>'


def _page(html_text: str) -> Any:
    return lxml.html.document_fromstring(html_text)


def _data(document: Any, element_id: str) -> Any:
    (node,) = document.xpath(f'//script[@id="{element_id}"]')
    return json.loads(node.text)


def _external_references(html_text: str, document: Any) -> list[str]:
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("src", "href", "action", "formaction", "poster", "data", "background", "xlink:href"):
            value = (element.get(attribute) or "").strip().lower()
            if value.startswith(("http:", "https:", "//", "ftp:", "data:", "javascript:")):
                found.append(f"<{element.tag} {attribute}={value}>")
    for style in document.xpath("//style") + document.xpath("//*[@style]"):
        text = style.text or style.get("style") or ""
        if re.search(r"@import|url\(", text, re.I):
            found.append(f"style: {text[:60]}")
    for tag in (
        "link",
        "img",
        "iframe",
        "object",
        "embed",
        "audio",
        "video",
        "source",
        "base",
        "meta[@http-equiv='refresh']",
    ):
        found += [f"<{tag}>" for _ in document.xpath(f"//{tag}")]
    return found


@pytest.fixture
def hostile_report(pav, isolated: Path) -> str:  # type: ignore[no-untyped-def]
    pages = write_jsonl(
        isolated / "pages.jsonl",
        [
            valid_record(id=HOSTILE_ID, url=HOSTILE_URL, **{HOSTILE_FIELD: 1}),
            with_footer(icp=None),
            "{broken </script>",
        ],
    )
    run = pav("check", "--format", "html=report.html", pages.name)
    assert run.code == 1
    return (isolated / "report.html").read_text(encoding="utf-8")


def test_self_contained_with_a_strict_content_security_policy(hostile_report: str) -> None:
    document = _page(hostile_report)
    assert _external_references(hostile_report, document) == []
    (csp,) = document.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp.startswith("default-src 'none'; ")
    scripts = [s for s in document.xpath("//script") if s.get("type") != "application/json"]
    assert len(scripts) == 1  # the report's own script, nothing injected
    (style,) = document.xpath("//style")

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert f"script-src {digest(scripts[0].text)}" in csp and f"style-src {digest(style.text)}" in csp
    assert "unsafe-inline" not in csp


def test_hostile_content_is_data_never_markup(hostile_report: str) -> None:
    document = _page(hostile_report)
    assert document.xpath("//img") == [] and len(document.xpath("//style")) == 1
    assert len(document.xpath("//script")) == 5  # findings, sites, files, requirements (JSON) and the code
    raw_data = hostile_report.split('id="pav-findings">', 1)[1].split("</script>", 1)[0]
    assert "<" not in raw_data and ">" not in raw_data  # nothing in the data can close its element
    rows = _data(document, "pav-findings")
    sites = _data(document, "pav-sites")
    record_ids = {row[8] for row in rows}
    assert HOSTILE_ID in record_ids  # intact, as text
    assert sites[rows[0][2]] == "www.evil.gov.cn"
    assert HOSTILE_URL in {row[9] for row in rows}
    messages = " ".join(row[7] for row in rows)
    assert "页脚" in messages and "\\x1b[31m" in messages and "\x1b" not in messages
    paths = {row[6] for row in rows}
    assert json_pointer([HOSTILE_FIELD.replace("\x1b", "\\x1b").replace("\u202e", "\\u202e")]) in paths


def test_summary_chart_sites_and_docs(pav, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(SAMPLES.parent)
    batch = "samples/records/batch.jsonl"
    run = pav("check", "--format", f"html={isolated / 'r.html'}", "--format", f"json={isolated / 'r.json'}", batch)
    report = json.loads((isolated / "r.json").read_text(encoding="utf-8"))
    document = _page((isolated / "r.html").read_text(encoding="utf-8"))
    assert run.code == 1
    figures = {
        div.get("data-figure"): int(div.findtext("b").replace(",", "")) for div in document.xpath("//div[@data-figure]")
    }
    summary = report["summary"]
    assert figures["records checked"] == summary["records"] == 32
    assert figures["errors"] == summary["by_severity"]["error"] and figures["findings"] == summary["findings"]
    bars = document.xpath('//svg[@class="chart"]//a[@data-filter-rule]')
    assert sorted(bar.get("data-filter-rule") for bar in bars) == sorted(summary["by_rule"])
    widths = [float(bar.xpath(".//rect")[0].get("width")) for bar in bars]
    assert all(width > 0 for width in widths)
    site_rows = document.xpath('//section[@id="sites"]//tbody/tr')
    first = [cell.text_content() for cell in site_rows[0]]
    assert first == ["www.sc.gov.cn", "27", "26", "18", "7", "1", "F101"]
    rows = _data(document, "pav-findings")
    assert len(rows) == summary["findings"]
    assert {row[1] for row in rows} == set(summary["by_rule"])
    # Every rule id in the report links to documentation that is in the file.
    targets = {a.get("href") for a in document.xpath('//a[starts-with(@href, "#rule-")]')}
    assert targets and all(document.xpath(f'//*[@id="{target[1:]}"]') for target in targets)
    doc = document.xpath('//*[@id="rule-F101"]')[0].text_content()
    assert CATALOG["F101"].title in doc and "Failing:" in doc
    assert len(document.xpath('//section[@class="rule-doc"]')) == len(CATALOG)
    options = document.xpath('//select[@id="f-rule"]/option/@value')
    assert options[0] == "" and set(options[1:]) == set(summary["by_rule"])


def test_partial_and_clean_runs(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pages = write_jsonl(isolated / "p.jsonl", [with_footer(icp=None, public_security=None)] * 3)
    pav("check", "--max-findings", "4", "--format", "html=r.html", pages.name)
    document = _page((isolated / "r.html").read_text(encoding="utf-8"))
    (banner,) = document.xpath('//p[@role="alert"]')
    assert "Partial report: --max-findings 4 was reached. 4 of 6 findings are listed" in banner.text_content()
    assert len(_data(document, "pav-findings")) == 4
    clean = write_jsonl(isolated / "c.jsonl", [valid_record()])
    assert pav("check", "--format", "html=c.html", clean.name).code == 0
    document = _page((isolated / "c.html").read_text(encoding="utf-8"))
    assert _data(document, "pav-findings") == []
    assert document.xpath('//span[@class="verdict pass"]')


def _results(count: int) -> list[RecordResult]:
    results = []
    rules = ["F101", "F203", "F105", "S007", "R003"]
    for number in range(count):
        rule = rules[number % len(rules)]
        severity = CATALOG[rule].severity
        location = Location(f"batch-{number % 7}.jsonl", number + 1)
        finding = Finding(rule, severity, f"message {number} 页脚 <b>", "/footer/icp", f"r{number}", location)
        url = f"https://site{number % 300}.gov.cn/page/{number}.html"
        results.append(RecordResult(location, finding.record_id, (finding,), True, url))
    return results


def _render(results: list[RecordResult], path: Path) -> None:
    summary = Summary()
    with path.open("w", encoding="utf-8") as handle:
        reporter = HtmlReporter(handle, RunInfo())
        for result in results:
            summary.add(result)
            reporter.add(result)
        reporter.finish(summary, 1)


def test_100000_findings_make_a_file_of_reasonable_size_quickly(tmp_path: Path) -> None:
    results = _results(100_000)
    path = tmp_path / "big.html"
    started = time.perf_counter()
    _render(results, path)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, elapsed
    size = path.stat().st_size
    assert size < 25_000_000, size  # about 150 bytes a finding: site and file names are stored once
    text = path.read_text(encoding="utf-8")
    rows = json.loads(text.split('id="pav-findings">', 1)[1].split("</script>", 1)[0])
    assert len(rows) == 100_000
    assert len(json.loads(text.split('id="pav-sites">', 1)[1].split("</script>", 1)[0])) == 300
    assert len(json.loads(text.split('id="pav-files">', 1)[1].split("</script>", 1)[0])) == 7


def test_findings_stream_to_a_spool_in_flat_memory(tmp_path: Path) -> None:
    results = _results(20_000)  # built before measuring: growth while adding them is the reporter's own
    summary = Summary()
    tracemalloc.start()
    try:
        with (tmp_path / "r.html").open("w", encoding="utf-8") as handle:
            reporter = HtmlReporter(handle, RunInfo())
            for number, result in enumerate(results):
                summary.add(result)
                reporter.add(result)
                if number == 1000:
                    baseline = tracemalloc.get_traced_memory()[0]
            growth = tracemalloc.get_traced_memory()[0] - baseline
            reporter.finish(summary, 1)
    finally:
        tracemalloc.stop()
    assert growth < 100_000, growth  # 19,000 findings added, a few tens of bytes of counters at most


def test_reporter_writes_nothing_before_finish() -> None:
    stream = io.StringIO()
    reporter = HtmlReporter(stream, RunInfo())
    reporter.add(_results(1)[0])
    assert stream.getvalue() == ""  # rows go to the spool; the page is assembled in finish()
    summary = Summary()
    reporter.finish(summary, 0)
    assert stream.getvalue().startswith("<!DOCTYPE html>") and "message 0 页脚 \\u003cb\\u003e" in stream.getvalue()


def test_severity_levels_in_rows() -> None:
    stream = io.StringIO()
    reporter = HtmlReporter(stream, RunInfo())
    for severity in Severity:
        finding = Finding("S007", severity, "m", "", None, Location("a.jsonl"))
        reporter.add(RecordResult(finding.location, None, (finding,), False))
    reporter.finish(Summary(), 0)
    rows = json.loads(stream.getvalue().split('id="pav-findings">', 1)[1].split("</script>", 1)[0])
    assert [row[0] for row in rows] == [1, 2, 3]
    assert rows[0][4] is None and rows[0][5] is None  # no line, no index
