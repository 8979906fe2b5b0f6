"""The public Python API works without the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

import validator
from tests.conftest import valid_record, write_jsonl
from validator import Finding, Severity, iter_findings, validate_record
from validator.sources import InputError


def test_validate_record_returns_findings_with_all_fields() -> None:
    (finding,) = validate_record(valid_record(title=""))
    assert isinstance(finding, Finding)
    assert (finding.rule, finding.severity, finding.path, finding.record_id) == (
        "S005",
        Severity.ERROR,
        "/title",
        "sc-gov-zh-1",
    )
    assert finding.message == "title must not be empty"


def test_validate_record_profile() -> None:
    record = valid_record()
    del record["footer"]["site_code"]
    assert [f.rule for f in validate_record(record)] == ["F301"]
    assert validate_record(record, profile="news") == []


def test_validate_record_rejects_non_dicts() -> None:
    with pytest.raises(TypeError, match="a record is a dict"):
        validate_record([1, 2])  # type: ignore[arg-type]


def test_iter_findings_is_lazy_and_streams(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [valid_record(title=""), "{", valid_record(title="")])
    stream = iter_findings([path])
    first = next(stream)
    assert (first.rule, first.location.line) == ("S005", 1)
    assert [(f.rule, f.location.line) for f in stream] == [("I002", 2), ("S005", 3)]


def test_iter_findings_raises_on_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(iter_findings([tmp_path / "missing.jsonl"]))


def test_public_names() -> None:
    assert set(validator.__all__) == {
        "Finding",
        "Location",
        "Severity",
        "__version__",
        "iter_findings",
        "validate_record",
    }
    with pytest.raises(AttributeError):
        _ = validator.nonexistent  # type: ignore[attr-defined]
