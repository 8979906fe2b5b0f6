"""`pav check samples/` reports exactly the defects the samples were built to show.

The batch's record ids say what each record shows: `ok-*` is clean, `bad-<RULE>-*` shows exactly one defect,
reported by that rule. Two lines of the batch are broken on purpose (a truncated line, an array).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict

from tests.conftest import REFERENCE, REPO, SAMPLES

BATCH = SAMPLES / "records" / "batch.jsonl"


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
    for record_id in ids:
        match = re.fullmatch(r"bad-([A-Z][0-9]{3})-.*", record_id)
        expected = {match.group(1)} if match else set()
        assert by_record.pop(record_id, set()) == expected, record_id
    assert dict(by_record) == {}  # the two edition records are clean

    lines = BATCH.read_text(encoding="utf-8").splitlines()
    truncated = next(i for i, line in enumerate(lines, 1) if line.startswith('{"id": "truncated-line"'))
    array = next(i for i, line in enumerate(lines, 1) if line.startswith("["))
    assert sorted(problems) == sorted(
        [("samples/records/batch.jsonl", truncated, "I002"), ("samples/records/batch.jsonl", array, "I003")]
    )
    assert report["summary"]["records"] == len(ids) + 2


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
