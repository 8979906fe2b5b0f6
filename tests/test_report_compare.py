"""`pav report --compare OLD NEW`: two real runs of `pav check` compared, in every format that fits."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import REPO, SAMPLES, valid_record, with_footer, write_jsonl
from validator.escape import unsafe_chars
from validator.fingerprints import finding_fingerprint
from validator.reports.compare import compare
from validator.resources import COMPARE_SCHEMA, load_schema

F602_PAGE = "bad-F602-retired-icp-link.html"
F604_PAGE = "bad-F604-stale-siteidcode.html"
EXPO_PAGE = "sichuan-expo-zh.html"


def validate(data: Any) -> None:
    jsonschema.Draft202012Validator(load_schema(COMPARE_SCHEMA)).validate(data)


@pytest.fixture
def two_runs(pav, isolated: Path) -> Path:  # type: ignore[no-untyped-def]
    """The sample pages checked, then edited and checked again: the F602 defect fixed, a new F604 defect (a stale
    SiteIDCode meta tag) on the expo page, and the F604 page's footer moved two lines down (same finding)."""
    pages = isolated / "pages"
    shutil.copytree(SAMPLES / "pages", pages)
    # The crawl-level rules (C) are left out: the sample pages are copies of one article (C003 duplicates, C004),
    # findings that stay the same across both runs; these tests are about the page-level changes.
    assert (
        pav("check", "--ignore", "C", "--format", "json=old.json", "--write-baseline", "baseline.json", "pages").code
        == 0
    )
    fixed = pages / F602_PAGE
    fixed.write_bytes(fixed.read_bytes().replace(b"http://www.miibeian.gov.cn/", b"https://beian.miit.gov.cn/"))
    broken = pages / EXPO_PAGE
    meta = b'<meta name="SiteIDCode" content="5100000062"'
    assert meta in broken.read_bytes()
    broken.write_bytes(broken.read_bytes().replace(meta, b'<meta name="SiteIDCode" content="5100000099"'))
    moved = pages / F604_PAGE
    head, rest = moved.read_bytes().split(b"\n", 1)
    moved.write_bytes(head + b"\n<!-- moved -->\n<!-- down -->\n" + rest)
    assert pav("check", "--ignore", "C", "--format", "json=new.json", "pages").code == 0
    return isolated


def findings_of(report: Path, rule: str) -> list[dict[str, Any]]:
    return [item for item in json.loads(report.read_text("utf-8"))["findings"] if item["rule"] == rule]


def test_two_runs_compared_as_text(pav, two_runs: Path) -> None:  # type: ignore[no-untyped-def]
    # The moved page's finding changed its line, not its fingerprint.
    (old_f604,) = findings_of(two_runs / "old.json", "F604")
    (moved,) = [item for item in findings_of(two_runs / "new.json", "F604") if F604_PAGE in item["location"]["file"]]
    assert moved["location"]["line"] == old_f604["location"]["line"] + 2
    assert moved["fingerprint"] == old_f604["fingerprint"]

    run = pav("report", "--compare", "old.json", "new.json")
    assert run.code == 0, run.err  # the new finding is a warning; NEW was checked failing on error
    assert run.err == ""
    lines = run.out.splitlines()
    assert lines[0] == "Comparing old.json (report, pav 0.1.0, 6 findings, 6 records)"
    new_at = lines.index("New findings (1, worst first):")
    assert lines[new_at + 1] == (
        f"pages/{EXPO_PAGE}:9: warning F604 the SiteIDCode meta tag says '5100000099', but the footer shows site "
        "code '5100000062' [/evidence/found/site_code/1]"
    )
    fixed_at = lines.index("Fixed findings (1, worst first):")
    assert lines[fixed_at + 1].startswith(f"pages/{F602_PAGE}:44: warning F602 the ICP link points to ")
    assert "  www.sc.gov.cn    1      1          5" in lines
    assert "  F604    1      0          1" in lines
    assert "  F602    0      1          0" in lines
    at = lines.index("Scorecard changes (2 of 12 cells, worst first):")
    assert lines[at + 1 : at + 3] == [
        "  www.sc.gov.cn, Website identification code: fail: 1 of 6 pages (17%), worst F604 -> fail: 2 of 6 pages "
        "(33%), worst F604 (worse)",
        "  www.sc.gov.cn, ICP number linked correctly: fail: 1 of 6 pages (17%), worst F602 -> pass (fixed)",
    ]
    assert lines[-1] == "1 new (1 warning), 1 fixed, 5 remaining; failing on error: nothing new at or above it."


def test_json_comparison_meets_its_schema(pav, two_runs: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("report", "--compare", "old.json", "new.json", "--format", "json")
    data = run.json()
    validate(data)
    assert data["totals"] == {
        "new": 1,
        "fixed": 1,
        "remaining": 5,
        "new_by_severity": {"error": 0, "warning": 1, "info": 0},
        "fixed_by_severity": {"error": 0, "warning": 1, "info": 0, "unknown": 0},
        "failing": 0,
    }
    assert data["by_site"] == {"www.sc.gov.cn": {"new": 1, "fixed": 1, "remaining": 5}}
    assert data["by_rule"]["F605"] == {"new": 0, "fixed": 0, "remaining": 3}
    assert data["old"] == {"file": "old.json", "kind": "report", "tool_version": "0.1.0", "findings": 6, "records": 6}
    (new,) = data["new_findings"]
    assert (new["rule"], new["location"]["file"], new["severity"]) == ("F604", f"pages/{EXPO_PAGE}", "warning")
    (fixed,) = data["fixed_findings"]
    assert (fixed["rule"], fixed["location"], fixed["page"]) == ("F602", {"file": f"pages/{F602_PAGE}", "line": 44,
                                                                          "index": None}, None)  # fmt: skip
    assert data["exit_code"] == 0 and data["fail_on"] == "error"
    scorecard = data["scorecard"]
    assert scorecard["changes"] == {
        "broken": 0, "worse": 1, "added": 0, "fixed": 1, "better": 0, "removed": 0, "changed": 0, "same": 10,
    }  # fmt: skip
    (icp_link,) = [cell for cell in scorecard["cells"] if cell["requirement"] == "icp-link"]
    assert icp_link["old"]["status"] == "fail" and icp_link["old"]["pages_failing"] == 1
    assert icp_link["new"] == {
        "pages": 6, "status": "pass", "pages_failing": 0, "share": 0.0, "worst_rule": None, "severity": None,
    }  # fmt: skip
    assert data["scorecard_note"] == ""


def test_markdown_and_html_to_files(pav, two_runs: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("report", "--compare", "old.json", "new.json", "--format", "markdown=c.md", "--format", "html=c.html")
    assert (run.code, run.out, run.err) == (0, "", "")
    markdown = (two_runs / "c.md").read_text("utf-8")
    assert markdown.startswith("### ✅ pav compare: 1 new (1 warning), 1 fixed, 5 remaining; failing on error")
    assert "| all findings | 1 | 1 | 5 |" in markdown
    assert "| www.sc.gov.cn | 1 | 1 | 5 |" in markdown
    assert f"| warning | F604 | pages/{EXPO_PAGE}:9 /evidence/found/site\\_code/1 |" in markdown
    html = (two_runs / "c.html").read_text("utf-8")
    assert 'data-figure="new"><b>1</b>' in html and 'data-figure="remaining"><b>5</b>' in html
    assert "<h2>New findings (1, worst first)</h2>" in html
    assert "script-src &#x27;none&#x27;" in html and "<script" not in html
    assert "#### Scorecard changes (2 of 12 cells, worst first)" in markdown
    assert (
        "| www.sc.gov.cn | ICP number linked correctly | fail: 1 of 6 pages (17%), worst F602 | pass | fixed |"
    ) in markdown
    assert '<td>pass</td><td class="sev info">fixed</td>' in html


def test_a_baseline_as_old(pav, two_runs: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("report", "--compare", "baseline.json", "new.json", "--format", "json")
    data = run.json()
    validate(data)
    assert data["old"] == {"file": "baseline.json", "kind": "baseline", "tool_version": None, "findings": 6,
                           "records": None}  # fmt: skip
    assert (data["totals"]["new"], data["totals"]["fixed"], data["totals"]["remaining"]) == (1, 1, 5)
    assert data["totals"]["fixed_by_severity"]["unknown"] == 1
    (fixed,) = data["fixed_findings"]
    assert fixed["severity"] is None and fixed["location"] is None
    assert fixed["page"].startswith("url:https://www.sc.gov.cn/") and fixed["site"] == "www.sc.gov.cn"
    assert data["scorecard"] is None and data["scorecard_note"] == "OLD is a baseline, which has no scorecard"
    text = pav("report", "--compare", "baseline.json", "new.json").out
    assert f"{fixed['url']}: F602 the ICP link points to " in text
    assert "Scorecard: not compared (OLD is a baseline, which has no scorecard)." in text.splitlines()


def test_findings_suppressed_by_a_baseline_are_noted(pav, two_runs: Path) -> None:  # type: ignore[no-untyped-def]
    assert (
        pav("check", "--ignore", "C", "--baseline", "baseline.json", "--format", "json=suppressed.json", "pages").code
        == 0
    )
    run = pav("report", "--compare", "old.json", "suppressed.json", "--format", "json")
    assert run.json()["totals"]["fixed"] == 6  # F602 fixed, and the 5 remaining ones suppressed: in neither report
    assert run.err == (
        "pav: note: OLD suppressed 0 findings with a baseline, NEW 5: suppressed findings are in neither report, so "
        "they count as fixed (or new); compare runs with the same baseline\n"
    )


def test_scorecard_cells_broken_and_added(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    write_jsonl(isolated / "a.jsonl", [valid_record()])
    other_site = valid_record(id="cd", url="https://www.cd.gov.cn/a.shtml") | {"title": ""}  # a new site, failing
    write_jsonl(isolated / "b.jsonl", [with_footer(icp="川ICP备13001288号"), other_site])
    pav("check", "--format", "json=old.json", "a.jsonl")
    pav("check", "--format", "json=new.json", "b.jsonl")
    data = pav("report", "--compare", "old.json", "new.json", "--format", "json").json()
    validate(data)
    changed = {(cell["site"], cell["requirement"]): cell["change"] for cell in data["scorecard"]["cells"]}
    assert changed[("www.sc.gov.cn", "icp")] == "broken"
    assert changed[("www.sc.gov.cn", "unit-in-charge")] == "same"
    assert {change for (site, _), change in changed.items() if site == "www.cd.gov.cn"} == {"added"}
    text = pav("report", "--compare", "old.json", "new.json").out
    assert "  www.sc.gov.cn, ICP number shown: pass -> fail: 1 of 1 page (100%), worst F103 (broken)" in text
    # A report of a pav from before the scorecard: the rest is compared, the scorecard is not.
    old = json.loads((isolated / "old.json").read_text("utf-8"))
    del old["scorecard"]
    (isolated / "older.json").write_text(json.dumps(old), "utf-8")
    older = pav("report", "--compare", "older.json", "new.json", "--format", "json").json()
    assert older["scorecard"] is None and older["totals"]["new"] == 2
    assert older["scorecard_note"] == "OLD was written by a pav without the site scorecard"


def test_no_change_and_fail_on(pav, two_runs: Path) -> None:  # type: ignore[no-untyped-def]
    same = pav("report", "--compare", "new.json", "new.json")
    assert same.code == 0
    assert same.out.splitlines()[-1] == "0 new, 0 fixed, 6 remaining; failing on error: nothing new at or above it."
    assert "New findings: none." in same.out and "Fixed findings: none." in same.out
    warned = pav("report", "--compare", "old.json", "new.json", "--fail-on", "warning")
    assert warned.code == 1
    assert warned.out.splitlines()[-1].endswith("failing on warning: 1 new at or above it.")
    assert pav("report", "--compare", "old.json", "new.json", "--fail-on", "never").code == 0
    # The other way round, the fixed F602 warning is new.
    assert (
        pav("report", "--compare", "new.json", "old.json", "--fail-on", "warning", "--format", "json").json()[
            "new_findings"
        ][0]["rule"]
        == "F602"
    )


def test_auto_is_text_on_github_actions_too(pav, two_runs: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = pav("report", "--compare", "old.json", "new.json")
    assert run.out.startswith("Comparing old.json (report,") and "::" not in run.out


def test_default_fail_on_is_the_new_runs(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    write_jsonl(isolated / "a.jsonl", [valid_record()])
    write_jsonl(isolated / "b.jsonl", [with_footer(icp="川ICP备13001288号")])  # F103, an error
    assert pav("check", "--format", "json=old.json", "a.jsonl").code == 0
    assert pav("check", "--format", "json=new.json", "b.jsonl").code == 1
    assert pav("check", "--fail-on", "never", "--format", "json=never.json", "b.jsonl").code == 0
    run = pav("report", "--compare", "old.json", "new.json")
    assert run.code == 1
    assert run.out.splitlines()[-1] == "1 new (1 error), 0 fixed, 0 remaining; failing on error: 1 new at or above it."
    assert pav("report", "--compare", "old.json", "never.json").code == 0  # checked with --fail-on never
    assert pav("report", "--compare", "old.json", "never.json", "--fail-on", "error").code == 1


def test_fingerprints_are_a_multiset(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    broken = with_footer(icp="川ICP备13001288号")  # copies of one page: one fingerprint
    for name, copies in (("two", 2), ("three", 3), ("one", 1)):
        write_jsonl(isolated / f"{name}.jsonl", [broken] * copies)
        pav("check", "--format", f"json={name}.json", f"{name}.jsonl")
    fingerprints = {item["fingerprint"] for item in json.loads((isolated / "three.json").read_text())["findings"]}
    assert len(fingerprints) == 1
    more = pav("report", "--compare", "two.json", "three.json", "--format", "json").json()
    assert (more["totals"]["new"], more["totals"]["remaining"], more["totals"]["fixed"]) == (1, 2, 0)
    assert more["new_findings"][0]["location"]["line"] == 3  # the third copy is the new one
    fewer = pav("report", "--compare", "two.json", "one.json", "--format", "json").json()
    assert (fewer["totals"]["new"], fewer["totals"]["remaining"], fewer["totals"]["fixed"]) == (0, 1, 1)
    assert len(fewer["fixed_findings"]) == 1  # of identical findings, the first OLD lists (they differ in line only)
    assert fewer["fixed_findings"][0]["location"]["line"] == 1
    pav("check", "--write-baseline", "two-baseline.json", "two.jsonl")
    from_baseline = pav("report", "--compare", "two-baseline.json", "three.json", "--format", "json").json()
    assert (from_baseline["totals"]["new"], from_baseline["totals"]["remaining"]) == (1, 2)
    fixed = pav("report", "--compare", "two-baseline.json", "one.json", "--format", "json").json()
    assert fixed["totals"]["fixed"] == 1 and len(fixed["fixed_findings"]) == 1


# -- hostile text --------------------------------------------------------------------------------------------------

HOSTILE = "x\n::error::forged\x1b[31m\u202e##[error]<script>alert(1)</script>=cmd|' /C calc'!A0"


def hostile_report(path: Path, fingerprints: list[str], status: str = "fail") -> Path:
    """A report as `pav check` writes it, every free-text field hostile; its scorecard's one cell has `status`."""
    findings = [
        {
            "rule": "F101",
            "severity": "error",
            "message": f"message {HOSTILE}",
            "path": f"/footer/{HOSTILE}",
            "location": {"file": f"{HOSTILE}.html", "line": 3, "index": None},
            "record_id": HOSTILE,
            "url": f"https://www.sc.gov.cn/{HOSTILE}",
            "site": HOSTILE,
            "fingerprint": fingerprint,
        }
        for fingerprint in fingerprints
    ]
    summary = {"records": 1, "problems": 0, "findings": len(findings), "by_severity": {"error": len(findings)}}
    head = {"report_format": 1, "tool": {"name": "pav", "version": "0"}, "profile": "auto", "fail_on": "error"}
    exit_code = 1 if findings else 0
    scorecard = {
        "requirements": [{"id": f"x-{HOSTILE}", "title": f"title {HOSTILE}"}],
        "sites": [{"site": HOSTILE, "pages": 1, "cells": {f"x-{HOSTILE}": {"status": status, "pages_failing": 1}}}],
    }
    report = {**head, "findings": findings, "summary": summary, "scorecard": scorecard, "exit_code": exit_code}
    path.write_text(json.dumps(report), "utf-8")
    return path


def run_pav(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A real `pav` process with strict UTF-8 streams (a lone surrogate or bad byte would fail it)."""
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env.update(PYTHONIOENCODING="utf-8:strict", PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "validator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_hostile_text_is_escaped_in_every_format(tmp_path: Path) -> None:
    old_print, new_print = "a" * 32, "b" * 32
    hostile_report(tmp_path / "old.json", [old_print], status="pass")
    hostile_report(tmp_path / "new.json", [new_print])
    for name in ("text", "markdown"):
        done = run_pav("report", "--compare", "old.json", "new.json", "--format", name, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        for line in done.stdout.split("\n"):
            assert not unsafe_chars(line) and "##[" not in line and not re.match(r"\s*::", line), line
        assert done.stdout.count("broken") == 1  # the hostile scorecard cell, shown escaped
        if name == "text":
            assert "\\x23#[error]<script>alert(1)</script>=cmd|' /C calc'!A0, title x\\n::error" in done.stdout
            assert "message x\\n::error::forged\\x1b[31m\\u202e\\x23#[error]<script>" in done.stdout
        if name == "markdown":
            assert "<script>" not in done.stdout and "&lt;script&gt;" in done.stdout
    html = run_pav("report", "--compare", "old.json", "new.json", "--format", "html", cwd=tmp_path).stdout
    assert "<script>" not in html and "\x1b" not in html and "\u202e" not in html
    assert "message x\\n::error::forged\\x1b[31m\\u202e\\x23#[error]&lt;script&gt;alert(1)&lt;/script&gt;" in html
    data = json.loads(run_pav("report", "--compare", "old.json", "new.json", "--format", "json", cwd=tmp_path).stdout)
    validate(data)
    assert data["new_findings"][0]["message"] == f"message {HOSTILE}"  # JSON keeps the exact data
    assert data["fixed_findings"][0]["site"] == HOSTILE


# -- what cannot be compared ---------------------------------------------------------------------------------------


def test_files_that_cannot_be_compared_are_usage_errors(pav, two_runs: Path) -> None:  # type: ignore[no-untyped-def]
    def refused(*args: str) -> str:
        run = pav("report", *args)
        assert run.code == 2 and run.out == "", (run.code, run.out, run.err)
        return run.err.strip()

    assert refused("--compare", "gone.json", "new.json") == "pav: error: gone.json: no such file"
    (two_runs / "page.html").write_text("<html></html>", "utf-8")
    assert "page.html: not a pav JSON report (pav report --compare compares" in refused(
        "--compare", "old.json", "page.html"
    )
    (two_runs / "other.json").write_text('{"name": "x", "findings": []}', "utf-8")
    assert refused("--compare", "other.json", "new.json") == (
        "pav: error: other.json: neither a pav JSON report (pav check --format json=FILE) nor a pav baseline "
        "(pav check --write-baseline FILE)"
    )
    (two_runs / "gbk.json").write_bytes('{"名": 1}'.encode("gbk"))
    assert "gbk.json: not UTF-8 text" in refused("--compare", "old.json", "gbk.json")
    old = json.loads((two_runs / "old.json").read_text("utf-8"))
    for item in old["findings"]:
        del item["fingerprint"]
    (two_runs / "before-fingerprints.json").write_text(json.dumps(old), "utf-8")
    assert refused("--compare", "before-fingerprints.json", "new.json") == (
        "pav: error: before-fingerprints.json: finding 1 has no fingerprint: the report was written by a pav from "
        "before fingerprints, and cannot be compared; run this pav's `pav check --format json=FILE` on the old "
        "input again"
    )
    assert refused("--compare", "new.json", "before-fingerprints.json").startswith(
        "pav: error: before-fingerprints.json: finding 1 has no fingerprint"
    )
    legacy = {"pav_baseline": 1, "findings": [{"rule": "F101", "record": "id:a", "path": "/footer/icp", "count": 1}]}
    (two_runs / "legacy.json").write_text(json.dumps(legacy), "utf-8")
    assert "legacy.json: a baseline of format 1 (keyed by record id) has no fingerprints" in refused(
        "--compare", "legacy.json", "new.json"
    )
    assert "baseline.json: a baseline can only be OLD" in refused("--compare", "old.json", "baseline.json")
    assert pav("check", "--ignore", "C", "--max-findings", "1", "--format", "json=partial.json", "pages").code == 0
    assert refused("--compare", "partial.json", "new.json").startswith(
        "pav: error: partial.json: a PARTIAL report (--max-findings): it lists 1 of 6 findings"
    )
    assert refused("--compare", "old.json", "new.json", "--format", "sarif") == (
        "pav: error: format 'sarif' does not fit a comparison (choose from text, json, markdown, html)"
    )
    assert "unknown format 'xlsx2'" in refused("--compare", "old.json", "new.json", "--format", "xlsx2")
    assert "either REPORT or --compare" in refused("old.json", "--compare", "old.json", "new.json")
    assert "--fail-on applies to --compare only" in refused("old.json", "--fail-on", "warning")
    assert "needs REPORT" in refused()


def test_old_or_new_on_standard_input(pav, two_runs: Path) -> None:  # type: ignore[no-untyped-def]
    old = (two_runs / "old.json").read_bytes()
    run = pav("report", "--compare", "-", "new.json", "--format", "json", stdin=old)
    assert (run.json()["totals"]["new"], run.json()["totals"]["fixed"], run.json()["old"]["file"]) == (1, 1, "-")
    assert pav("report", "--compare", "-", "-", stdin=old).err == (
        "pav: error: only one of OLD and NEW may be standard input (-)\n"
    )
    bogus = json.loads((two_runs / "new.json").read_text("utf-8")) | {"fail_on": "sometimes"}
    (two_runs / "bogus.json").write_text(json.dumps(bogus), "utf-8")
    assert pav("report", "--compare", "old.json", "bogus.json").err == (
        "pav: error: bogus.json: fail_on 'sometimes' is not error, warning, info or never\n"
    )


def test_a_failed_comparison_leaves_no_file(pav, two_runs: Path) -> None:  # type: ignore[no-untyped-def]
    assert pav("report", "--compare", "gone.json", "new.json", "--format", "json=c.json").code == 2
    assert not (two_runs / "c.json").exists()


# -- memory ------------------------------------------------------------------------------------------------------------


def test_memory_does_not_grow_with_the_new_findings(tmp_path: Path) -> None:
    """Compared with an empty OLD, 40,000 new findings go to the spool on disk, not into memory."""
    count = 40_000
    hostile_report(tmp_path / "old.json", [])
    prints = [finding_fingerprint("F101", f"url:https://a/{number}", "/footer/icp", "") for number in range(count)]
    hostile_report(tmp_path / "new.json", prints)
    with (tmp_path / "old.json").open(encoding="utf-8") as old, (tmp_path / "new.json").open(encoding="utf-8") as new:
        tracemalloc.start()
        try:
            comparison = compare(old, "old.json", new, "new.json")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    try:
        assert comparison.total.new == count and comparison.new_findings.count == count
        assert peak < 4_000_000, peak  # the findings themselves are over 15 MB of JSON
    finally:
        comparison.close()
