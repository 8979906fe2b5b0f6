"""The record contract: every kind of schema error becomes a finding with its own rule id and exact path."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import valid_record
from validator import Severity, validate_record


def schema_findings(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in validate_record(record) if f.rule.startswith("S")]


def test_valid_record_has_no_findings_at_all() -> None:
    assert validate_record(valid_record()) == []


def test_required_fields_each_reported_at_their_own_path() -> None:
    record = valid_record()
    del record["title"], record["url"], record["footer"]
    assert sorted(schema_findings(record)) == [("S001", "/footer"), ("S001", "/title"), ("S001", "/url")]


def test_wrong_type_points_at_the_value() -> None:
    findings = validate_record(valid_record(title=42))
    (finding,) = [f for f in findings if f.rule == "S002"]
    assert finding.path == "/title"
    assert finding.severity is Severity.ERROR
    assert "string" in finding.message and "integer" in finding.message


def test_nested_type_error_path() -> None:
    record = valid_record()
    record["footer"]["icp"] = ["蜀ICP备13001288号"]
    assert ("S002", "/footer/icp") in schema_findings(record)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("published_at", "2023-11-22 10:55"),  # no T, no offset
        ("published_at", "2023-11-22T10:55:00"),  # no offset: RFC 3339 requires one
        ("captured_at", "2023-02-30T10:55:00+08:00"),  # no such day
        ("url", "https://exa mple.com/a b"),  # spaces are not allowed in a URI
    ],
)
def test_format_checks_really_run(field: str, value: str) -> None:
    # python-jsonschema skips formats silently without its format extras; these prove they run.
    assert ("S003", f"/{field}") in schema_findings(valid_record(**{field: value}))


def test_format_accepts_valid_values() -> None:
    record = valid_record(published_at="2023-11-22T02:55:00Z", captured_at="2023-11-22T10:55:00.5+08:00")
    assert schema_findings(record) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "../etc/passwd"),
        ("id", "x" * 129),
        ("url", "ftp://www.sc.gov.cn/a"),
        ("language", "Chinese"),
        ("content_sha256", "ABCDEF" + "0" * 58),
    ],
)
def test_pattern_violations(field: str, value: str) -> None:
    assert ("S004", f"/{field}") in schema_findings(valid_record(**{field: value}))


def test_pattern_on_nested_source_field() -> None:
    record = valid_record(source={"sha256": "not-hex"})
    assert schema_findings(record) == [("S004", "/source/sha256")]


@pytest.mark.parametrize("language", ["zh-CN", "zh-Hans-CN", "en", "en-GB", "zh-cmn-Hans", "yue-HK"])
def test_language_tags_accepted(language: str) -> None:
    assert schema_findings(valid_record(language=language)) == []


def test_empty_title_and_negative_offset_are_range_errors() -> None:
    record = valid_record(title="", source={"warc_offset": -1})
    assert sorted(schema_findings(record)) == [("S005", "/source/warc_offset"), ("S005", "/title")]


def test_unknown_fields_are_warnings_at_each_key() -> None:
    record = valid_record(author="x", tags=[])
    record["footer"]["icp_no"] = "蜀ICP备13001288号"
    findings = [f for f in validate_record(record) if f.rule == "S007"]
    assert sorted(f.path for f in findings) == ["/author", "/footer/icp_no", "/tags"]
    assert {f.severity for f in findings} == {Severity.WARNING}


def test_all_errors_reported_not_only_the_first() -> None:
    record = valid_record(title=1, language="??", published_at="yesterday", url="mailto:x@y")
    del record["body"]
    rules = sorted(rule for rule, _ in schema_findings(record))
    assert rules == ["S001", "S002", "S003", "S004", "S004"]


def test_non_object_footer_is_a_type_error() -> None:
    assert ("S002", "/footer") in schema_findings(valid_record(footer="蜀ICP备13001288号"))


def test_null_footer_fields_are_allowed_by_the_schema() -> None:
    record = valid_record()
    record["footer"]["operator"] = None
    assert schema_findings(record) == []


def test_long_values_are_shortened_in_messages() -> None:
    findings = validate_record(valid_record(published_at="x" * 10_000))
    (finding,) = [f for f in findings if f.rule == "S003"]
    assert len(finding.message) < 200


def test_other_schema_errors_are_never_dropped() -> None:
    # The contract has no enum today; a future one may. S099 reports any kind S001-S007 do not cover.
    from jsonschema import Draft202012Validator

    from validator.rules import CATALOG, SchemaContext
    from validator.rules.schema import other_schema_error

    data = {"kind": "blog", "tags": []}
    schema = {"properties": {"kind": {"enum": ["news", "notice"]}, "tags": {"minItems": 1}}}
    from validator.schema import _from_reference

    errors = Draft202012Validator(schema).iter_errors(data)
    context = SchemaContext([_from_reference(error) for error in errors])
    s099 = CATALOG["S099"]
    assert (s099.check, s099.severity) == (other_schema_error, Severity.ERROR)
    violations = sorted(s099.check(context), key=lambda v: v.path)
    assert [v.path for v in violations] == ["/kind", "/tags"]
    # python-jsonschema's words, then the keyword pav names
    assert violations[0].message.startswith("'blog' is not one of") and violations[0].message.endswith(" (enum)")
    assert violations[1].message.endswith(" (minItems)")


def test_a_date_time_without_offset_is_told_from_one_that_is_no_time() -> None:
    no_offset = [f.message for f in validate_record(valid_record(published_at="2023-11-22 10:55")) if f.rule == "S003"]
    assert no_offset == ["published_at '2023-11-22 10:55' has no UTC offset: RFC 3339 needs one, such as +08:00 or Z"]
    no_time = [f.message for f in validate_record(valid_record(published_at="上周")) if f.rule == "S003"]
    assert no_time == ["published_at '上周' is not a valid date-time (RFC 3339, such as 2023-11-22T10:55:00+08:00)"]
