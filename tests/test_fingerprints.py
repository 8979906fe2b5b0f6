"""Fingerprints (validator/fingerprints.py): what a finding's identity is made of, through the real engine."""

from __future__ import annotations

from tests.conftest import valid_record, with_footer
from validator.engine import Engine
from validator.findings import Location
from validator.fingerprints import finding_fingerprint, offending_value, page_identity


def _prints(record: dict[str, object], file: str = "a.jsonl") -> dict[tuple[str, str], str]:
    findings = Engine().check_record(record, Location(file, 1))
    return {(f.rule, f.path): f.fingerprint for f in findings}


def test_a_finding_about_a_whole_section_survives_edits_of_the_section() -> None:
    # F501 points at /footer (its numbers disagree on the province): another public security number of the same
    # province is an edit it is not about.
    before = _prints(with_footer(icp="京ICP备13001288号"))
    after = _prints(with_footer(icp="京ICP备13001288号", public_security="川公网安备51010402000999号"))
    assert before[("F501", "/footer")] == after[("F501", "/footer")]


def test_the_offending_value_is_part_of_the_identity() -> None:
    one = _prints(with_footer(icp="川ICP备13001288号"))[("F103", "/footer/icp")]
    other = _prints(with_footer(icp="川ICP备13009999号"))[("F103", "/footer/icp")]
    assert one != other
    page = page_identity(with_footer(), Location("a.jsonl"))
    assert one == finding_fingerprint("F103", page, "/footer/icp", '"川ICP备13001288号"')


def test_the_page_is_its_url_then_its_file_then_its_id_then_the_input() -> None:
    record = valid_record(source={"location": "pages/a.html"})
    assert page_identity(record, Location("x.jsonl")) == f"url:{record['url']}"
    del record["url"]
    assert page_identity(record, Location("x.jsonl")) == "file:pages/a.html"
    del record["source"]
    assert page_identity(record, Location("x.jsonl")) == f"id:{record['id']}"
    assert page_identity({}, Location("x.jsonl")) == "file:x.jsonl"
    assert page_identity(None, Location("https://www.sc.gov.cn/gone")) == "file:https://www.sc.gov.cn/gone"


def test_positions_in_the_page_are_no_part_of_the_value() -> None:
    entry = {"in": "link", "href": "http://www.miibeian.gov.cn/", "line": 44}
    record = {"evidence": {"found": {"icp": [{"in": "text"}, entry]}}}
    moved = {"evidence": {"found": {"icp": [{"in": "text"}, entry | {"line": 45}]}}}
    value = offending_value(record, "/evidence/found/icp/1")
    assert (
        value
        == '{"href": "http://www.miibeian.gov.cn/", "in": "link"}'
        == offending_value(moved, "/evidence/found/icp/1")
    )
    assert offending_value(record, "/evidence/found/icp/7") == "" and offending_value(record, "") == ""
    assert offending_value({"a/b": {"~": 1}}, "/a~1b/~0") == "1"
