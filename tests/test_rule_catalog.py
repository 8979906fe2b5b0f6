"""The rule catalog: stable ids, docs with examples, and the README table generated from it."""

from __future__ import annotations

import re

from tests.conftest import REPO, valid_record
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
    # A rule's id must occur in what a test asserts (an assert, a helper that asserts, a value reaching one: see
    # tests/assertions.py), not anywhere in the tests' text (a comment or a docstring named S099 before), or
    # name a sample (bad-<RULE>-*), whose findings tests/test_samples.py asserts exactly.
    from tests.assertions import analysis

    samples = (REPO / "samples" / "records" / "batch.jsonl").read_text(encoding="utf-8")
    samples += "\n".join(p.name for p in (REPO / "samples" / "pages").iterdir())
    asserted = analysis().asserted_rule_ids(CATALOG)
    missing = [rid for rid in CATALOG if rid not in asserted and f"bad-{rid}-" not in samples]
    assert missing == []


def test_readme_rule_table_is_current() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(README_BEGIN) + len(README_BEGIN), readme.index(README_END)
    assert readme[start:end].strip() == rules_markdown_table(), "run: pav rules --format markdown"


def test_rules_say_nothing_without_the_fields_they_require() -> None:
    # The engine skips a rule when a field it requires is absent; that is only sound if the rule itself
    # would report nothing then. Checked on every sample page and record, with each required field removed.
    from validator.rules.base import RecordContext
    from validator.sources import SourceRecord, iter_source_items

    inputs = sorted(str(p) for p in (REPO / "samples").rglob("*") if p.suffix in (".html", ".txt", ".json", ".jsonl"))
    records = [item.data for item in iter_source_items(inputs) if isinstance(item, SourceRecord)]
    unlinked = {"in": "text", "text": "蜀ICP备13001288号", "value": "蜀ICP备13001288号"}
    records.append(valid_record(evidence={"format": "html", "found": {"icp": [unlinked]}}))  # F601, F607
    requiring = [entry for entry in CATALOG.values() if entry.requires and entry.check is not None]
    assert len(records) > 30 and {entry.id for entry in requiring} >= {f"F60{n}" for n in range(1, 8)}
    fired = set()
    for data in records:
        for entry in requiring:
            assert entry.check is not None
            fired |= {entry.id for _ in entry.check(RecordContext(data))}
            for name in entry.requires:
                for absent in ({k: v for k, v in data.items() if k != name}, {**data, name: None}):
                    assert list(entry.check(RecordContext(absent))) == [], (entry.id, name, data.get("id"))
    assert fired >= {"F601", "F602", "F603", "F604", "F605", "F607"}  # the samples do exercise them


def test_requires_is_refused_outside_record_scope() -> None:
    import pytest

    from validator.findings import Severity
    from validator.rules.base import rule

    with pytest.raises(ValueError, match="record-scoped"):
        rule("F999", "x", Severity.INFO, "x", scope="footer", requires=("evidence",))


def test_no_module_of_pav_is_named_after_a_builtin() -> None:
    # `from validator.rules import input` hid the builtin input() wherever it was imported (issue 14).
    import builtins

    modules = (REPO / "validator").rglob("*.py")
    assert [str(path.relative_to(REPO)) for path in modules if path.stem in dir(builtins)] == []


def test_the_reader_and_internal_rules_are_registered_by_their_own_modules(pav) -> None:  # type: ignore[no-untyped-def]
    from validator.rules import internal, reader
    from validator.sources.problems import ALL_PROBLEMS

    assert internal.INTERNAL_ERROR == "X001" and CATALOG["X001"].check is None
    doc = pav("rules", "X001")
    assert doc.code == 0 and doc.out.startswith("X001 internal-error  [error; profiles: all (reader)]")
    assert "a bug in pav, not in the page" in doc.out
    assert all(CATALOG[problem.id].check is None for problem in ALL_PROBLEMS)
    assert reader.ALL_PROBLEMS is ALL_PROBLEMS
