"""`pav extract` writes records that check exactly like the pages they came from."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tests.conftest import REPO, SAMPLES


def findings_by_record(report: dict[str, object]) -> Counter[tuple[str, str, str, str]]:
    # Compared without locations (a page line becomes a JSON Lines line) and without reader notices.
    return Counter(
        (f["record_id"], f["rule"], f["path"], f["message"])  # type: ignore[index]
        for f in report["findings"]  # type: ignore[attr-defined]
        # Reader problems, and the crawl-level findings (they need the pages' links, which records do not carry).
        if not f["rule"].startswith(("I", "C"))  # type: ignore[index]
    )


def test_extracted_records_check_like_the_pages(pav, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    inputs = ["samples/pages", "samples/crawl", "samples/records/sichuan-expo-en.json"]
    out = tmp_path / "records.jsonl"
    run = pav("extract", *inputs, "-o", str(out))
    assert run.code == 0, run.err
    assert "pav extract: 11 records; 1 input gave no record" in run.err  # the crawl's skipped records (I007)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 11 and all(isinstance(json.loads(line), dict) for line in lines)

    direct = pav("check", "--format", "json", *inputs).json()
    stored = pav("check", "--format", "json", str(out)).json()
    assert findings_by_record(stored) == findings_by_record(direct)
    assert sum(findings_by_record(direct).values()) >= 6  # the F6 evidence rules survive the round trip


def test_extract_to_stdout_and_reader_problems_to_stderr(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated / "page.html").write_bytes(
        '<html lang="zh-CN"><head><title>通知</title></head><body><p>正文</p>'
        "<div class=footer>蜀ICP备13001288号</div></body></html>".encode("gb18030")
    )
    (isolated / "broken.jsonl").write_text('{"id": "a"}\n{oops\n')
    run = pav("extract", str(isolated))
    assert run.code == 1  # I002 is an error
    records = [json.loads(line) for line in run.out.splitlines()]
    assert [r.get("title") for r in records] == [None, "通知"] and records[0] == {"id": "a"}
    assert "broken.jsonl:2: error I002 invalid JSON" in run.err


def test_extract_missing_input_is_a_usage_error(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("extract", "nope.html", "-o", "out.jsonl")
    assert run.code == 2 and "nope.html: no such file" in run.err
    assert not (isolated / "out.jsonl").exists()


def test_sample_text_capture_and_html_edition_extract_the_same_footer(pav, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    run = pav(
        "extract", str(SAMPLES / "pages" / "sichuan-expo-zh.html"), str(SAMPLES / "pages" / "sichuan-expo-zh.txt")
    )
    html, text = (json.loads(line) for line in run.out.splitlines())
    for field in ("icp", "public_security", "site_code"):
        assert html["footer"][field] and text["footer"][field]
    assert html["title"] == text["title"]


def test_output_dash_is_standard_output(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    # As `--format json=-` is: `-o -` writes to stdout, and no file named '-' appears.
    (isolated / "page.html").write_bytes((SAMPLES / "pages" / "sichuan-expo-zh.html").read_bytes())
    run = pav("extract", "page.html", "-o", "-")
    assert run.code == 0
    assert [json.loads(line)["source"]["location"] for line in run.out.splitlines()] == ["page.html"]
    assert not (isolated / "-").exists()
