"""The engine: rule isolation, severities, streaming results."""

from __future__ import annotations

from collections.abc import Iterator

from tests.conftest import valid_record
from validator.config import Config, Settings
from validator.engine import Engine
from validator.findings import Location, Severity
from validator.rules import CATALOG, RecordContext, Violation, rule
from validator.sources import SourceRecord


def test_a_crashing_rule_becomes_x001_and_other_rules_still_run() -> None:
    @rule("Z901", "test-crash", Severity.ERROR, "crashes on purpose")
    def crash(ctx: RecordContext) -> Iterator[Violation]:
        """Passing: never. Failing: always."""
        raise ZeroDivisionError("boom")
        yield  # pragma: no cover

    try:
        engine = Engine(Config(Settings()))
        findings = engine.check_record(valid_record(title=""), Location("f.jsonl", line=3))
        assert [(f.rule, f.severity) for f in findings] == [
            ("S005", Severity.ERROR),
            ("X001", Severity.ERROR),
        ]
        assert "rule Z901 (test-crash) failed: ZeroDivisionError: boom" in findings[1].message
        assert findings[1].location == Location("f.jsonl", line=3)
        results = list(
            engine.check_items(
                [SourceRecord(valid_record(), Location("a")), SourceRecord(valid_record(), Location("b"))]
            )
        )
        assert [[f.rule for f in r.findings] for r in results] == [["X001"], ["X001"]]
    finally:
        del CATALOG["Z901"]


def test_findings_carry_record_id_and_location() -> None:
    engine = Engine(Config(Settings()))
    (finding,) = engine.check_record(valid_record(title=""), Location("x.json", line=4, index=2))
    assert finding.record_id == "sc-gov-zh-1" and finding.location == Location("x.json", line=4, index=2)
    (finding,) = engine.check_record(valid_record(id=7, title="x"), Location("x.json"))
    assert finding.rule == "S002" and finding.record_id is None


def test_results_stream_one_per_item() -> None:
    engine = Engine(Config(Settings()))

    def items() -> Iterator[SourceRecord]:
        for i in range(3):
            yield SourceRecord(valid_record(id=f"r{i}"), Location("s", line=i + 1))

    stream = engine.check_items(items())
    first = next(stream)
    assert first.record_id == "r0" and first.is_record and first.findings == ()
    assert [r.record_id for r in stream] == ["r1", "r2"]


def test_footer_scoped_rules_run_once_per_distinct_footer() -> None:
    calls: list[str | None] = []

    @rule("Z902", "test-footer-scope", Severity.WARNING, "counts its calls", scope="footer")
    def count(ctx: RecordContext) -> Iterator[Violation]:
        """Passing: -. Failing: always."""
        calls.append(ctx.record.footer.icp if ctx.record.footer else None)
        yield Violation("seen", "/footer/icp")

    try:
        engine = Engine(Config(Settings()))
        same = [valid_record(id=f"r{i}") for i in range(3)]
        other = valid_record(id="other")
        other["footer"]["icp"] = "京ICP备05070218号"
        results = [engine.check_record(r) for r in [*same, other]]
        assert calls == ["蜀ICP备13001288号", "京ICP备05070218号"]
        # Every record still gets its own finding, with its own id.
        assert [[(f.rule, f.record_id) for f in found if f.rule == "Z902"] for found in results] == [
            [("Z902", "r0")],
            [("Z902", "r1")],
            [("Z902", "r2")],
            [("Z902", "other")],
        ]
    finally:
        del CATALOG["Z902"]


def test_schema_rules_are_skipped_when_the_fast_gate_passes() -> None:
    calls = []

    @rule("Z903", "test-schema-scope", Severity.ERROR, "counts its calls", scope="schema")
    def count(ctx: RecordContext) -> Iterator[Violation]:
        """Passing: -. Failing: -."""
        calls.append(len(ctx.schema_errors))
        return iter(())

    try:
        engine = Engine(Config(Settings()))
        engine.check_record(valid_record())
        assert calls == []
        engine.check_record(valid_record(title=""))
        assert calls == [1]
    finally:
        del CATALOG["Z903"]
