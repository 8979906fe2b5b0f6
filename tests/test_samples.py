"""`pav check samples/` reports exactly the defects the samples were built to show.

The batch's record ids say what each record shows: `ok-*` is clean, `bad-<RULE>-*` shows exactly one defect,
reported by that rule. Two lines of the batch are broken on purpose (a truncated line, an array).

samples/pages/ holds GBK-encoded HTML pages and a text capture; a page's record id starts with its file name,
so `bad-<RULE>-*.html` shows exactly that defect and the others are clean. samples/crawl/ holds a WARC with four
clean pages and eight records that are not pages (one I007). What only the crawl shows (the crawl-level rules, C)
is asserted on its own: a broken link, a stale section, duplicates, and the links not judged.
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
    crawl_level = []
    for finding in report["findings"]:
        if finding["rule"].startswith("C"):
            crawl_level.append((finding["rule"], finding["location"]["file"], finding["location"]["index"]))
        elif finding["record_id"] is None:
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
    warc_pages = 4
    assert report["summary"]["records"] == len(ids) + 2 + len(pages) + warc_pages
    # The crawl-level findings, in their order (site, rule, page URL). The sample pages folder holds the article
    # under the URLs -2 ... -5 of www.sc.gov.cn, so with the WARC's copies they are duplicates of -3 (the lowest
    # URL of the same title, text and footer); 政务公开 is judged against the WARC's capture date, not the files'.
    warc = "samples/crawl/sichuan-gov.warc.gz"
    assert crawl_level == [
        ("C001", warc, 6),  # a1.shtml links to ../22/gone.shtml, a 404 record
        ("C002", warc, 8),  # 通知公告: newest page of 2023-03-10, crawled 2023-11-23
        ("C003", "samples/pages/bad-F603-security-link-digits.html", None),
        ("C003", "samples/pages/bad-F604-stale-siteidcode.html", None),
        ("C003", warc, 4),  # mianyang-expo-zh-mirror.shtml
        ("C003", warc, 2),  # mianyang-expo-zh.shtml (the pages folder's copy of this URL is the same page)
        ("C004", warc, 6),  # one note for the site, on its lowest URL
    ]


def test_sample_crawl_shows_a_broken_link_a_stale_section_and_a_duplicate(pav, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    run = pav("check", "--format", "json", "samples/crawl/sichuan-gov.warc.gz")
    assert run.code == 0  # warnings and info: nothing at the default --fail-on error
    findings = [f for f in run.json()["findings"] if f["rule"] != "I007"]
    base = "https://www.sc.gov.cn/10462/10464/10797/2023/11/"
    assert [(f["rule"], f["location"]["index"], f["url"]) for f in findings] == [
        ("C001", 6, base + "21/a1.shtml"),
        ("C002", 8, "https://www.sc.gov.cn/10462/10883/2023/3/10/notice-self-check.shtml"),
        ("C003", 4, base + "22/mianyang-expo-zh-mirror.shtml"),  # the mirror, not the page's own URL (canonical)
        ("C004", 6, base + "21/a1.shtml"),
    ]
    assert findings[0]["message"] == (
        f"link to {base}22/gone.shtml answered HTTP 404 in the crawl (line 38 of the page): a visitor following it "
        "finds no page"
    )
    assert "section '通知公告' (ColumnName) has published nothing for 258 days" in findings[1]["message"]
    assert "sections matching '*通知*' must be updated within 6 months" in findings[1]["message"]
    assert findings[2]["message"].startswith(f"same title, text and footer as {base}22/mianyang-expo-zh.shtml:")
    assert findings[3]["message"].startswith("56 of the 60 links on the 4 pages of www.sc.gov.cn")
    summary = run.json()["summary"]
    assert summary["records"] == 4 and summary["records_with_findings"] == 3
    assert summary["by_rule"] == {"C001": 1, "C002": 1, "C003": 1, "C004": 1, "I007": 1}


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
    assert script["build_december"]() == (SAMPLES / "recrawl" / "sichuan-gov-2023-12.warc.gz").read_bytes()


def test_the_crawl_a_month_later_compares_as_the_samples_say(pav, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # samples/recrawl/ is kept out of `pav check samples/` by the repository's [tool.pav] extend-exclude, and is
    # checked when named; compared with the first crawl: two defects fixed, one remaining, one new.
    monkeypatch.chdir(REPO)
    everything = pav("check", "--format", "json", "samples/").json()
    assert not any("recrawl" in f["location"]["file"] for f in everything["findings"])
    december = "samples/recrawl/sichuan-gov-2023-12.warc.gz"
    pav("check", "--format", f"json={tmp_path / 'nov.json'}", "samples/crawl/sichuan-gov.warc.gz")
    pav("check", "--format", f"json={tmp_path / 'dec.json'}", december)
    run = pav("report", "--compare", str(tmp_path / "nov.json"), str(tmp_path / "dec.json"), "--format", "json")
    assert run.code == 0  # the new finding is a warning; the default --fail-on is error
    result = run.json()
    assert [(f["rule"], f["url"].rsplit("/", 1)[1]) for f in result["new_findings"]] == [("F602", "b1.shtml")]
    assert sorted((f["rule"], f["url"].rsplit("/", 1)[1]) for f in result["fixed_findings"]) == [
        ("C001", "a1.shtml"),
        ("C003", "mianyang-expo-zh-mirror.shtml"),
    ]
    assert {rule: counts["remaining"] for rule, counts in result["by_rule"].items() if counts["remaining"]} == {
        "C002": 1,
        "C004": 1,
    }
    assert "I007" not in result["by_rule"]  # notes about each input file are not compared
    gate = pav("report", "--compare", str(tmp_path / "nov.json"), str(tmp_path / "dec.json"), "--fail-on", "warning")
    assert gate.code == 1 and gate.out.splitlines()[-1].startswith("1 new (1 warning), 2 fixed, 2 remaining")


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
