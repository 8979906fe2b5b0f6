"""`pav check samples/` reports exactly the defects the samples were built to show.

The batch's record ids say what each record shows: `ok-*` is clean, `bad-<RULE>-*` shows exactly one defect,
reported by that rule. Two lines of the batch are broken on purpose (a truncated line, an array).

samples/pages/ holds GBK-encoded HTML pages and a text capture; a page's record id starts with its file name,
so `bad-<RULE>-*.html` shows exactly that defect and the others are clean. samples/crawl/ holds a WARC with two
clean pages and six records that are not pages (one I007).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict

from tests.conftest import REFERENCE, REPO, SAMPLES

BATCH = SAMPLES / "records" / "batch.jsonl"
PAGES = SAMPLES / "pages"
CRAWL = SAMPLES / "crawl" / "sichuan-gov.warc.gz"


def test_samples_report_exactly_their_defects(pav, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    run = pav("check", "--format", "json", "samples")
    assert run.code == 1
    report = run.json()
    by_record: dict[str, set[str]] = defaultdict(set)
    problems = []
    for finding in report["findings"]:
        if finding["record_id"] is None:
            problems.append((finding["location"]["file"], finding["location"]["line"], finding["rule"]))
        else:
            by_record[finding["record_id"]].add(finding["rule"])

    ids = [
        json.loads(line)["id"]
        for line in BATCH.read_text(encoding="utf-8").splitlines()
        if line.startswith("{") and line.endswith("}")
    ]
    assert len(ids) >= 20
    pages = sorted(p.name for p in PAGES.iterdir() if p.suffix in (".html", ".txt"))
    assert len(pages) >= 6
    page_ids = {record_id for record_id in by_record if record_id.startswith(tuple(p.rsplit(".", 1)[0] for p in pages))}
    for record_id in ids + sorted(page_ids):
        match = re.fullmatch(r"bad-([A-Z][0-9]{3})-.*", record_id)
        expected = {match.group(1)} if match else set()
        assert by_record.pop(record_id, set()) == expected, record_id
    assert dict(by_record) == {}  # the two edition records, the clean pages and the crawl's pages are clean
    assert sum(1 for p in pages if p.startswith("bad-")) == len(page_ids)  # every defective page was reported

    lines = BATCH.read_text(encoding="utf-8").splitlines()
    truncated = next(i for i, line in enumerate(lines, 1) if line.startswith('{"id": "truncated-line"'))
    array = next(i for i, line in enumerate(lines, 1) if line.startswith("["))
    assert sorted(problems) == sorted(
        [
            ("samples/records/batch.jsonl", truncated, "I002"),
            ("samples/records/batch.jsonl", array, "I003"),
            ("samples/crawl/sichuan-gov.warc.gz", None, "I007"),
        ]
    )
    warc_pages = 2
    assert report["summary"]["records"] == len(ids) + 2 + len(pages) + warc_pages


def test_page_samples_point_at_the_footer_line(pav, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    out = pav("check", "samples/pages/bad-F602-retired-icp-link.html").out
    page = (PAGES / "bad-F602-retired-icp-link.html").read_bytes().decode("gbk").splitlines()
    line = next(i for i, text in enumerate(page, 1) if "miibeian.gov.cn" in text)
    assert f"samples/pages/bad-F602-retired-icp-link.html:{line}: warning F602 " in out


def test_sample_pages_are_gbk_and_the_clean_page_reads_fully() -> None:
    from validator.sources import SourceRecord, iter_source_items

    data = (PAGES / "sichuan-expo-zh.html").read_bytes()
    data.decode("gbk")  # really GBK, not UTF-8
    assert b"charset=gb2312" in data
    (item,) = iter_source_items([str(PAGES / "sichuan-expo-zh.html")])
    assert isinstance(item, SourceRecord) and item.notes == ()
    record = item.data
    assert record["footer"]["icp"] == "蜀ICP备13001288号"
    assert record["footer"]["site_code"] == "5100000062"
    assert record["footer"]["public_security"] == "川公网安备 51010402000507号"
    assert record["source"]["charset"] == "gb18030" and record["source"]["charset_from"] == "meta"


def test_sample_crawl_is_what_its_script_writes() -> None:
    import runpy

    script = runpy.run_path(str(SAMPLES / "crawl" / "make_crawl.py"))
    assert script["build"]() == CRAWL.read_bytes()


def test_text_report_lines_for_samples(pav, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    out = pav("check", "samples/records/batch.jsonl").out
    assert re.search(
        r"^samples/records/batch\.jsonl:\d+: error F202 public security number 5101040200050710897 "
        r"has 19 digits; expected 14 \[/footer/public_security\]$",
        out,
        re.M,
    )


def test_english_sample_carries_the_seed_pages_real_footer() -> None:
    record = json.loads((SAMPLES / "records" / "sichuan-expo-en.json").read_text(encoding="utf-8"))
    seed = (REFERENCE / "sichuan-expo-news-page.txt").read_bytes()
    text = seed.decode("utf-8")
    assert record["source"]["sha256"] == hashlib.sha256(seed).hexdigest()
    assert record["footer"]["raw"] == "\n".join(text.split("\n")[-5:])
    for value in record["footer"].values():
        assert value in text
    assert record["title"] in text
    assert record["content_sha256"] == hashlib.sha256(record["body"].encode()).hexdigest()
