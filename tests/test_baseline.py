"""Baselines: accepted findings are suppressed by fingerprint (rule + page + JSON Pointer + offending value, no
line number, no bytes the finding is not about)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.conftest import SAMPLES, valid_record, with_footer, write_jsonl
from validator.resources import REPORT_SCHEMA, load_schema


def _batch(path: Path, *records: object) -> Path:
    return write_jsonl(path, list(records))


def test_round_trip_only_the_new_defect_fails(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pages = isolated / "pages.jsonl"
    _batch(pages, with_footer(icp=None) | {"id": "old-1"}, valid_record(id="old-2", title=""), valid_record(id="ok"))
    written = pav("check", "--write-baseline", "baseline.json", pages.name)
    assert written.code == 1  # writing a baseline does not hide this run's findings
    entries = json.loads((isolated / "baseline.json").read_text(encoding="utf-8"))["findings"]
    url = valid_record()["url"]
    assert [{k: v for k, v in e.items() if k != "fingerprint"} for e in entries] == [
        {"rule": "F101", "page": f"url:{url}", "path": "/footer/icp", "count": 1,
         "message": "the footer shows no ICP filing or licence number"},
        {"rule": "S005", "page": f"url:{url}", "path": "/title", "count": 1, "message": "title must not be empty"},
    ]  # fmt: skip
    report = pav("check", "--format", "json", pages.name).json()
    assert [e["fingerprint"] for e in entries] == [f["fingerprint"] for f in report["findings"]]

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
    assert [(e["rule"], e["path"]) for e in entries] == [("S005", "/title")]


def test_identity_falls_back_to_url_then_file_and_counts_duplicates(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    no_id = valid_record(title="")
    del no_id["id"]
    pages = _batch(isolated / "p.jsonl", no_id, "{broken", "{broken again")
    pav("check", "--write-baseline", "b.json", pages.name)
    entries = json.loads((isolated / "b.json").read_text(encoding="utf-8"))["findings"]
    assert [(e["rule"], e["page"], e["path"], e["count"]) for e in entries] == [
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
    records = [with_footer(icp=None) | {"id": f"r{i}", "url": f"https://www.sc.gov.cn/r{i}.html"} for i in (3, 1, 2)]
    pages = _batch(isolated / "p.jsonl", *records)
    pav("check", "--write-baseline", "one.json", pages.name)
    _batch(pages, *reversed(records))
    pav("check", "--write-baseline", "two.json", pages.name)
    one = (isolated / "one.json").read_bytes()
    assert one == (isolated / "two.json").read_bytes()
    pages = [json.loads(line.rstrip(b","))["page"] for line in one.splitlines()[1:-1]]
    assert pages == [f"url:https://www.sc.gov.cn/r{i}.html" for i in (1, 2, 3)]


def test_bad_baselines_are_usage_errors(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pages = _batch(isolated / "p.jsonl", valid_record())
    cases = {
        "not json": "is not valid JSON",
        '{"findings": []}': 'is not a pav baseline (no "pav_baseline": 2)',
        '{"pav_baseline": 2, "findings": {}}': "'findings' must be a list",
        '{"pav_baseline": 2, "findings": [{"rule": "F101"}]}': "entry 1 needs a fingerprint",
        '{"pav_baseline": 2, "findings": [{"fingerprint": "ab", "count": true}]}': "entry 1 has a malformed",
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


def _edit(page: Path, old: str, new: str) -> None:
    """Replace text in a GBK sample page, keeping its encoding."""
    text = page.read_bytes().decode("gb18030")
    assert old in text
    page.write_bytes(text.replace(old, new).encode("gb18030"))


def test_editing_a_page_s_article_keeps_its_footer_findings_baselined(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    # A page with a URL (its canonical link), and the same page without one (then the file is its identity).
    page = isolated / "page.html"
    page.write_bytes((SAMPLES / "pages" / "bad-F602-retired-icp-link.html").read_bytes())
    bare = isolated / "bare.html"
    bare.write_bytes(page.read_bytes())
    _edit(bare, '<link rel="canonical"', '<link rel="alternate"')
    first = pav("check", "--format", "json", "--write-baseline", "b.json", page.name, bare.name)
    assert [(f["location"]["file"], f["rule"]) for f in first.json()["findings"]] == [
        ("page.html", "F602"),
        ("bare.html", "F602"),
        ("bare.html", "S001"),  # S001: bare.html has no URL
    ]

    # One word of the article, and a line more above the footer (its evidence moves from line 44 to 45).
    _edit(page, "科技城国际科技博览会在绵阳开幕", "科技城国际科技博览会\n在四川绵阳开幕")
    _edit(bare, "科技城国际科技博览会在绵阳开幕", "科技城国际科技博览会\n在四川绵阳开幕")
    run = pav("check", "--baseline", "b.json", page.name, bare.name)
    assert run.code == 0, run.out
    assert run.out.endswith("3 more suppressed by the baseline.\n")

    # The offending value changed (another retired host): a new finding, though rule, page and pointer are the same.
    _edit(page, "http://www.miibeian.gov.cn/", "http://www.miitbeian.gov.cn/")
    run = pav("check", "--baseline", "b.json", page.name, bare.name)
    assert run.code == 0  # F602 is a warning
    assert [line.split(" ")[2] for line in run.out.splitlines()[:-1]] == ["F602"]
    assert "'http://www.miitbeian.gov.cn/'" in run.out and run.out.startswith("page.html:45:")


def test_a_record_s_new_id_keeps_its_findings_baselined(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    # Records pav extract wrote carry ids derived from the page's bytes: a new capture of the same page has
    # another id. The page is its URL.
    pages = _batch(isolated / "p.jsonl", with_footer(icp="川ICP备13001288号") | {"id": "page-0123456789ab"})
    pav("check", "--write-baseline", "b.json", pages.name)
    _batch(pages, with_footer(icp="川ICP备13001288号") | {"id": "page-ba9876543210", "body": "另一篇文章"})
    run = pav("check", "--select", "F", "--baseline", "b.json", pages.name)
    assert run.code == 0 and run.out.endswith("1 more suppressed by the baseline.\n"), run.out


def test_a_format_1_baseline_is_still_read_and_a_rewrite_suggested(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pages = _batch(isolated / "p.jsonl", with_footer(icp=None) | {"id": "old-1"}, valid_record(id="new", title=""))
    legacy = {"pav_baseline": 1, "findings": [{"rule": "F101", "record": "id:old-1", "path": "/footer/icp"}]}
    (isolated / "old.json").write_text(json.dumps(legacy), encoding="utf-8")
    run = pav("check", "--baseline", "old.json", pages.name)
    assert run.code == 1
    assert [line.split(" ")[2] for line in run.out.splitlines()[:-1]] == ["S005"]
    assert run.err == (
        "pav: note: baseline old.json is in pav's format 1, which knows a page by its record id (pav derives a "
        "page's id from its bytes, so any edit makes its findings new); it is still read: rewrite it with "
        "--baseline old.json --write-baseline old.json\n"
    )
    pav("check", "--baseline", "old.json", "--write-baseline", "old.json", pages.name)
    rewritten = json.loads((isolated / "old.json").read_text(encoding="utf-8"))
    assert rewritten["pav_baseline"] == 2 and [e["rule"] for e in rewritten["findings"]] == ["F101", "S005"]
