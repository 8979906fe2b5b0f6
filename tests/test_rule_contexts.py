"""What a rule sees is what its scope allows: a footer rule's findings are shared by every page showing the footer,
so its context holds the footer and the profile and nothing of any one page (an AttributeError at run time, a
type error under mypy --strict)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, valid_record
from validator.config import Config, Settings
from validator.engine import Engine
from validator.findings import Severity
from validator.record_view import RecordView
from validator.rules import CATALOG, FooterContext, RecordContext, Violation, rule


@pytest.mark.parametrize("name", ["record", "data", "url_host", "now"])
def test_a_footer_rule_reading_the_record_fails_loudly(name: str) -> None:
    # A footer rule's findings are shared by every page showing the footer: were it to read the page's URL,
    # every such page would get the first page's answer. Its context has no record to read.
    @rule("Z904", "test-footer-reads-record", Severity.WARNING, "reads per-record data", scope="footer")
    def peek(ctx: FooterContext) -> Iterator[Violation]:
        """Passing: -. Failing: -."""
        yield Violation(f"saw {getattr(ctx, name)}", "/url")

    try:
        footer_context = RecordContext(valid_record()).footer_context()
        with pytest.raises(AttributeError, match=f"'FooterContext' object has no attribute '{name}'"):
            list(peek(footer_context))
        with pytest.raises(AttributeError):
            footer_context.record = RecordView(valid_record())  # type: ignore[attr-defined]
        # In a run, the crash is an X001 error on every page, never a finding shared from the first page.
        engine = Engine(Config(Settings()))
        pages = [
            valid_record(id="a", url="https://www.sc.gov.cn/a.html"),
            valid_record(id="b", url="https://www.sc.gov.cn/b.html"),
        ]
        assert [[(f.rule, f.severity, f.message) for f in engine.check_record(page)] for page in pages] == [
            [
                (
                    "X001",
                    Severity.ERROR,
                    "rule Z904 (test-footer-reads-record) failed: AttributeError: "
                    f"'FooterContext' object has no attribute '{name}'",
                )
            ]
        ] * 2
    finally:
        del CATALOG["Z904"]


def test_a_footer_context_holds_only_what_the_footer_key_decides() -> None:
    record = valid_record()
    context = RecordContext(record, profile="gov")
    footer_context = context.footer_context()
    assert type(footer_context) is FooterContext
    assert (footer_context.footer_key, footer_context.profile) == (context.footer_key, "gov")
    assert footer_context.parsed_footer == context.parsed_footer
    assert footer_context.parsed_footer.icp is not None and footer_context.parsed_footer.icp.digits == "13001288"
    assert footer_context.footer_text("icp") == record["footer"]["icp"]
    assert RecordContext(valid_record(footer={"icp": "  ", "raw": "x"})).footer_text("icp") is None  # blank
    assert RecordContext(valid_record(footer="not an object")).footer_key is None


BAD_RULES = """
from collections.abc import Iterator

from validator.findings import Severity
from validator.rules import FooterContext, RecordContext, SchemaContext, Violation, rule


@rule("Z905", "footer-reads-url", Severity.INFO, "x", scope="footer")
def reads_url(ctx: FooterContext) -> Iterator[Violation]:
    yield Violation(ctx.record.url or "", "/url")


@rule("Z906", "footer-typed-as-record", Severity.INFO, "x", scope="footer")
def typed_as_record(ctx: RecordContext) -> Iterator[Violation]:
    yield Violation(ctx.record.url or "", "/url")


@rule("Z907", "schema-reads-footer", Severity.INFO, "x", scope="schema")
def schema_reads_footer(ctx: SchemaContext) -> Iterator[Violation]:
    yield Violation(str(ctx.parsed_footer), "/footer")


@rule("Z908", "record-rule", Severity.INFO, "x")
def record_rule(ctx: RecordContext) -> Iterator[Violation]:
    yield Violation(f"{ctx.record.url} {ctx.parsed_footer.icp} {ctx.footer_text('icp')} {ctx.profile}", "/url")


@rule("Z909", "footer-rule", Severity.INFO, "x", scope="footer")
def footer_rule(ctx: FooterContext) -> Iterator[Violation]:
    yield Violation(f"{ctx.parsed_footer.icp} {ctx.footer_text('icp')} {ctx.profile}", "/footer")
"""


def test_mypy_holds_each_rule_to_its_scope(tmp_path: Path) -> None:
    # The module is type-checked, never imported: its rules are not registered.
    module = tmp_path / "bad_rules.py"
    module.write_text(BAD_RULES, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache")]
    run = subprocess.run([*command, str(module)], cwd=REPO, capture_output=True, text=True, check=False)
    errors = [line.split(": error: ", 1)[1] for line in run.stdout.splitlines() if ": error: " in line]
    assert errors == [
        '"FooterContext" has no attribute "record"  [attr-defined]',
        'Argument 1 has incompatible type "Callable[[RecordContext], Iterator[Violation]]"; expected '
        '"Callable[[FooterContext], Iterator[Violation]]"  [arg-type]',
        '"SchemaContext" has no attribute "parsed_footer"  [attr-defined]',
    ], run.stdout + run.stderr
    assert [int(line.split(":")[1]) for line in run.stdout.splitlines() if ": error: " in line] == [10, 13, 20]
