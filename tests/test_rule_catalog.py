"""The rule catalog: stable ids, docs with examples, and the README table generated from it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO
from validator.rules import CATALOG, PROFILES
from validator.rules.docs import rules_markdown_table

README_BEGIN = "<!-- rules:begin -->"
README_END = "<!-- rules:end -->"


def test_ids_names_and_titles() -> None:
    names = set()
    for rule_id, entry in CATALOG.items():
        assert re.fullmatch(r"[A-Z][0-9]{3}", rule_id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.name)
        assert entry.name not in names
        names.add(entry.name)
        assert entry.title and entry.doc, rule_id
        assert set(entry.profiles) <= set(PROFILES)


def test_record_rules_document_a_passing_and_a_failing_example() -> None:
    for entry in CATALOG.values():
        if entry.check is not None:
            assert "Passing:" in entry.doc and "Failing:" in entry.doc, entry.id


def test_every_rule_is_exercised_by_a_test() -> None:
    tests_text = "\n".join(
        p.read_text(encoding="utf-8") for p in (REPO / "tests").glob("test_*.py") if p.name != Path(__file__).name
    )
    samples = (REPO / "samples" / "records" / "batch.jsonl").read_text(encoding="utf-8")
    missing = [rid for rid in CATALOG if rid not in tests_text and f"bad-{rid}-" not in samples]
    assert missing == []


def test_readme_rule_table_is_current() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(README_BEGIN) + len(README_BEGIN), readme.index(README_END)
    assert readme[start:end].strip() == rules_markdown_table(), "run: pav rules --format markdown"
