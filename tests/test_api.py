"""The public Python API works without the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

import validator
from tests.conftest import valid_record, write_jsonl
from tests.crawl_support import HOST, write_crawl
from validator import Finding, Severity, iter_findings, validate_record
from validator.config import Config, ConfigError
from validator.sources import InputError, collecting


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


def _without_site_code() -> dict[str, Any]:
    record = valid_record()
    del record["footer"]["site_code"]  # F301 under the gov profile only
    return record


def test_validate_record_profile_overrides_a_config_with_per_path_tables(tmp_path: Path) -> None:
    # Issue 14: after one call under the gov profile, the derived config shared the original's caches and
    # still answered "gov" for the record.
    config = Config(per_path=(("*", {"ignore": ("F4",)}),), root=tmp_path)
    record = _without_site_code()
    assert [(f.rule, f.message) for f in validate_record(record, config=config)] == [
        ("F301", "the footer shows no website identification code (网站标识码)")
    ]
    assert validate_record(record, config=config, profile="news") == []
    assert [f.rule for f in validate_record(record, config=config)] == ["F301"]  # the config itself is unchanged


def test_profile_overrides_per_path_profiles_as_the_command_line_does(tmp_path: Path) -> None:
    config = Config(per_path=(("*", {"profile": "gov"}),), root=tmp_path)
    path = write_jsonl(tmp_path / "a.jsonl", [_without_site_code()])
    assert [f.rule for f in validate_record(_without_site_code(), config=config)] == ["F301"]
    assert [f.rule for f in iter_findings([path], config=config)] == ["F301"]
    assert validate_record(_without_site_code(), config=config, profile="news") == []
    assert list(iter_findings([path], config=config, profile="news")) == []


def test_iter_findings_honours_profile_when_a_config_is_given(tmp_path: Path) -> None:
    # Issue 14: iter_findings ignored `profile` when a config was given; validate_record honoured it.
    path = write_jsonl(tmp_path / "a.jsonl", [_without_site_code()])
    config = Config(root=tmp_path)
    assert [(f.rule, f.location.line) for f in iter_findings([path], config=config)] == [("F301", 1)]
    assert list(iter_findings([path], config=config, profile="news")) == []
    assert validate_record(_without_site_code(), config=config, profile="news") == []


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ConfigError, match="profile 'bogus' is not one of auto, gov, news, minimal"):
        validate_record(valid_record(), profile="bogus")
    with pytest.raises(ConfigError, match="profile 'bogus' is not one of auto, gov, news, minimal"):
        list(iter_findings([], profile="bogus"))


def test_the_api_docstring_examples_run_and_hold() -> None:
    import doctest

    import validator.api

    results = doctest.testmod(validator.api, optionflags=doctest.ELLIPSIS)
    assert results.failed == 0 and results.attempted >= 4  # the examples of validate_record


def _crawl(findings: Iterable[Finding]) -> list[tuple[str, int | None, str]]:
    return [(f.rule, f.location.index, f.message) for f in findings if f.rule.startswith("C")]


def test_iter_findings_gives_the_crawl_level_findings_pav_check_gives(
    pav: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The crawl-level rules need every page of a site: the API runs them once every input was read, as the command
    does, so the same inputs give the same findings in the same order; `crawl=False` leaves them out."""
    warc = write_crawl(tmp_path / "chengdu.warc.gz")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))  # where the crawl's temporary database goes

    found = list(iter_findings([warc]))
    command = pav("check", "--format", "json", str(warc)).json()["findings"]
    assert [(f.rule, f.location.index, f.message) for f in found] == [
        (f["rule"], f["location"]["index"], f["message"]) for f in command
    ]
    assert [rule for rule, _, _ in _crawl(found)] == ["C001", "C001", "C001", "C002", "C003", "C004"]
    assert _crawl(found)[1] == (
        "C001",
        0,
        f"link to {HOST}/zwgk/ywdt/old.shtml answered HTTP 404 in the crawl (line 10 of the page): a visitor "
        "following it finds no page",
    )
    without = list(iter_findings([warc], crawl=False))
    assert _crawl(without) == []
    assert [f.rule for f in without] == [f.rule for f in found if not f.rule.startswith("C")]
    assert list(scratch.iterdir()) == []  # the database was removed
    assert not collecting()  # pages read after the stream no longer keep their links


def test_a_crawl_stream_closed_early_removes_its_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dropping the stream in the middle of the crawl-level findings (a caller that stops at the first) removes the
    temporary database that was made for them, and pages read afterwards no longer keep their links."""
    folder = tmp_path / "crawls"
    folder.mkdir()
    for index in range(3):  # the same crawl three times: each URL is one page (its first capture)
        write_crawl(folder / f"chengdu-{index}.warc.gz")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    assert [f.rule for f in iter_findings([folder]) if f.rule.startswith("C")].count("C003") == 1
    stream = iter_findings([folder])
    first = next(f for f in stream if f.rule.startswith("C"))
    assert (first.rule, first.location.file) == ("C001", str(folder / "chengdu-0.warc.gz"))
    assert [entry.name[:10] for entry in scratch.iterdir()] == ["pav-crawl-"]  # the database exists now
    stream.close()
    assert list(scratch.iterdir()) == []
    assert not collecting()
