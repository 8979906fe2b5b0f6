"""The engine: rule isolation, severities, streaming results."""

from __future__ import annotations

from collections.abc import Iterator

from tests.conftest import valid_record
from validator.config import Config, Settings
from validator.engine import Engine
from validator.findings import Location, Severity
from validator.rules import CATALOG, FooterContext, RecordContext, SchemaContext, Violation, rule
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
    def count(ctx: FooterContext) -> Iterator[Violation]:
        """Passing: -. Failing: always."""
        calls.append(ctx.footer_text("icp"))
        icp = ctx.parsed_footer.icp
        yield Violation(f"seen {icp.digits if icp else None} under {ctx.profile}", "/footer/icp")

    try:
        engine = Engine(Config(Settings(profile="gov")))
        # Three pages of one site: other ids, URLs and titles, one footer.
        same = [
            valid_record(id=f"r{i}", url=f"https://www.sc.gov.cn/10462/{i}.shtml", title=f"Page {i}") for i in range(3)
        ]
        other = valid_record(id="other")
        other["footer"]["icp"] = "蜀ICP备05070218号"
        results = [engine.check_record(r) for r in [*same, other]]
        assert calls == ["蜀ICP备13001288号", "蜀ICP备05070218号"]  # once per distinct footer
        # Every record still gets the finding, with its own id.
        assert [[(f.rule, f.severity, f.message, f.path, f.record_id) for f in found] for found in results] == [
            [("Z902", Severity.WARNING, "seen 13001288 under gov", "/footer/icp", "r0")],
            [("Z902", Severity.WARNING, "seen 13001288 under gov", "/footer/icp", "r1")],
            [("Z902", Severity.WARNING, "seen 13001288 under gov", "/footer/icp", "r2")],
            [("Z902", Severity.WARNING, "seen 05070218 under gov", "/footer/icp", "other")],
        ]
        # The profile is part of what a footer rule sees, so one footer judged under two profiles (`auto`: a
        # gov.cn page and a news page) is run once for each.
        calls.clear()
        auto = Engine(Config(Settings()))
        gov, news = valid_record(id="gov"), valid_record(id="news", url="https://news.example-daily.com.cn/a.html")
        for record in (gov, news):
            del record["footer"]["site_code"]  # (a site code would make both pages government ones)
        seen = [[(f.rule, f.message) for f in auto.check_record(r) if f.rule == "Z902"] for r in (gov, news, gov)]
        assert seen == [
            [("Z902", "seen 13001288 under gov")],
            [("Z902", "seen 13001288 under news")],
            [("Z902", "seen 13001288 under gov")],
        ]
        assert calls == ["蜀ICP备13001288号", "蜀ICP备13001288号"]
    finally:
        del CATALOG["Z902"]


def test_schema_rules_are_skipped_when_the_fast_gate_passes() -> None:
    calls = []

    @rule("Z903", "test-schema-scope", Severity.ERROR, "counts its calls", scope="schema")
    def count(ctx: SchemaContext) -> Iterator[Violation]:
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
