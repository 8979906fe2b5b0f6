"""The benchmark harness runs end to end (tiny inputs; it measures nothing here, it must just not rot)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from validator.engine import Engine
from validator.sources import iter_source_items


@pytest.mark.slow
def test_bench_quick_run_produces_every_table() -> None:
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--quick"], cwd=REPO, capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr
    for title in (
        "vs check-jsonschema",
        "JSON Lines vs the parse floor",
        "Memory of pav check on a JSON Lines stream",
        "Cores: --jobs 2 vs --jobs 1",
        "One WARC, --jobs 2 vs --jobs 1",
        "HTML pages vs the parse floor",
        "Packages vs bagit-python",
        "Peak memory of pav's processes under the default --jobs",
        "Real pages of tests/corpus",
    ):
        assert title in done.stdout
    results = json.loads((REPO / "bench" / "out" / "results.json").read_text())
    assert set(results) == {
        "schema-peer",
        "parse-floor",
        "jobs",
        "warc-jobs",
        "html-floor",
        "package",
        "memory",
        "memory-processes",
        "corpus",
    }
    assert all(ratio > 0 for result in results.values() for ratio in result["ratios"].values())
    assert results["jobs"]["identical"] is True  # --jobs 2 wrote the same report as --jobs 1
    assert results["warc-jobs"]["identical"] is True  # also on one WARC, cut into ranges
    assert {"pav package (dir)", "pav package --container zip"} <= set(results["package"]["ratios"])
    # Every goal of the issue is printed with its verdict (met or MISSED; the speed is not asserted here).
    assert (
        done.stdout.count("goal >=") >= 9 and done.stdout.count("goal <=") >= 2 + 3 * 2 + 2
    )  # memory; per input, main's peak and change


def test_the_corpus_bench_scores_pav_as_the_corpus_test_does() -> None:
    # bench/corpus.py (pav beside trafilatura and lxml) counts right fields as tests/test_corpus.py does.
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from corpus import run, table
    finally:
        sys.path.pop(0)
    from tests.test_corpus import KNOWN_MISSES, PAGES

    results = run(["pav", "lxml"], rounds=1)
    pav = results["pav"]
    assert pav["pages"] == len(PAGES) == len(list((REPO / "tests" / "corpus" / "pages").glob("*.key.json")))
    # Right on every page but the corpus test's known misses of that field.
    page_ids = {item.id for item in PAGES}
    key_field = {"title": "title", "date": "published_at", "body_start": "body_start", "body_end": "body_end"}
    expected = {
        name: len(PAGES) - sum(1 for (item, missed) in KNOWN_MISSES if item in page_ids and missed == field)
        for name, field in key_field.items()
    }
    assert pav["right"] == expected and pav["failed"] == 0
    assert results["lxml"]["right"]["date"] == 0  # the floor reads no dates
    assert table(results).splitlines()[0].startswith("| tool | title | date (day) |")


def test_generated_records_are_deterministic() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from records import records
    finally:
        sys.path.pop(0)
    first, second = list(records(50)), list(records(50))
    assert first == second and len({r["id"] for r in first}) == 50
    assert any(r["footer"]["icp"] == "川ICP备13001288号" or r.get("title") == "" for r in records(400))


def test_generated_pages_are_deterministic_realistic_and_checked(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from pages import pages, write_pages
    finally:
        sys.path.pop(0)
    first, second = list(pages(8)), list(pages(8))
    assert first == second
    assert all(27_000 <= len(data) <= 33_000 for _, data in first)  # about 30 KB each
    gbk, utf8 = first[0][1], first[1][1]
    assert b"charset=gb2312" in gbk and "主办单位".encode("gbk") in gbk
    assert b"charset=utf-8" in utf8 and "主办单位".encode() in utf8
    # pav reads them as the pages they imitate: every page is a record, and clean pages have no findings.
    write_pages(tmp_path / "pages", 40)
    results = list(Engine().check_items(iter_source_items([str(tmp_path / "pages")])))
    assert len(results) == 40 and all(result.is_record for result in results)
    clean = [result for result in results if not result.findings]
    assert 25 <= len(clean) < 40  # about one page in ten carries a footer defect
