"""JUnit XML: one testcase per page, valid for the strictest consumers, hostile text survives intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import valid_record, with_footer, write_jsonl
from validator.findings import json_pointer

# The shape JUnit consumers rely on, written for this project from what they read: the Ant formatter's
# attributes (the strictest schema in use requires name, tests, failures, errors, time, timestamp and hostname
# on a suite, name, classname and time on a case, and a type on a failure), Jenkins' extra case attributes
# file and line, and one failure or error per case.
JUNIT_XSD = b"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:simpleType name="nonEmpty"><xs:restriction base="xs:token"><xs:minLength value="1"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="localTimestamp">
    <xs:restriction base="xs:dateTime"><xs:pattern value="\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"/></xs:restriction>
  </xs:simpleType>
  <xs:complexType name="problem">
    <xs:simpleContent>
      <xs:extension base="xs:string">
        <xs:attribute name="type" type="nonEmpty" use="required"/>
        <xs:attribute name="message" type="xs:string" use="required"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>
  <xs:element name="testsuites">
    <xs:complexType>
      <xs:sequence><xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      <xs:attribute name="name" type="xs:string"/>
      <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="failures" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="errors" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
      <xs:attribute name="time" type="xs:decimal"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="testsuite">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="properties">
          <xs:complexType><xs:sequence>
            <xs:element name="property" minOccurs="0" maxOccurs="unbounded">
              <xs:complexType>
                <xs:attribute name="name" type="nonEmpty" use="required"/>
                <xs:attribute name="value" type="xs:string" use="required"/>
              </xs:complexType>
            </xs:element>
          </xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="testcase" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:sequence>
              <xs:choice minOccurs="0">
                <xs:element name="failure" type="problem"/>
                <xs:element name="error" type="problem"/>
                <xs:element name="skipped"/>
              </xs:choice>
              <xs:element name="system-out" type="xs:string" minOccurs="0"/>
            </xs:sequence>
            <xs:attribute name="name" type="nonEmpty" use="required"/>
            <xs:attribute name="classname" type="nonEmpty" use="required"/>
            <xs:attribute name="time" type="xs:decimal" use="required"/>
            <xs:attribute name="file" type="xs:string"/>
            <xs:attribute name="line" type="xs:positiveInteger"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="system-out" type="xs:string"/>
        <xs:element name="system-err" type="xs:string"/>
      </xs:sequence>
      <xs:attribute name="name" type="nonEmpty" use="required"/>
      <xs:attribute name="package" type="xs:string"/>
      <xs:attribute name="id" type="xs:int"/>
      <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="failures" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="errors" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
      <xs:attribute name="time" type="xs:decimal" use="required"/>
      <xs:attribute name="timestamp" type="localTimestamp" use="required"/>
      <xs:attribute name="hostname" type="nonEmpty" use="required"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""
SCHEMA = etree.XMLSchema(etree.fromstring(JUNIT_XSD))
HOSTILE = "</failure><x a='1'>&amp; \"q\" \x00\x1b[31m 川ICP备\n::error::x ]]>"
# Reports show text on one line, controls as escapes; XML could not carry NUL or ESC anyway.
SHOWN = HOSTILE.replace("\x00", "\\x00").replace("\x1b", "\\x1b").replace("\n", "\\n")


def _parse(path: Path) -> etree._Element:
    document = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    SCHEMA.assertValid(document)
    return document.getroot()


@pytest.fixture
def batch(isolated: Path) -> Path:
    return write_jsonl(
        isolated / "batch.jsonl",
        [
            valid_record(id="clean"),
            with_footer(icp=None, public_security=None),  # two errors: F101, F201
            valid_record(id="warn", url="https://www.chengdu.gov.cn/a.html", extra=1),  # a warning only
            "{broken",
            valid_record(id="hostile", url="https://www.evil.gov.cn/p?" + HOSTILE, **{HOSTILE: 1}),
        ],
    )


def test_one_testcase_per_page_validates_and_counts(pav, batch: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("check", "--format", "junit=out.xml", str(batch))
    assert run.code == 1 and run.out == ""
    root = _parse(isolated / "out.xml")
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [
        valid_record()["url"],
        valid_record()["url"],
        "https://www.chengdu.gov.cn/a.html",
        f"{batch}:4",  # a broken line has no URL: its place
        "https://www.evil.gov.cn/p?" + SHOWN,
    ]
    assert [case.get("classname") for case in cases] == [
        "www.sc.gov.cn",
        "www.sc.gov.cn",
        "www.chengdu.gov.cn",
        "(unknown)",
        "www.evil.gov.cn",
    ]
    assert [case.get("line") for case in cases] == ["1", "2", "3", "4", "5"]
    assert {case.get("file") for case in cases} == {str(batch)}
    assert suite.get("tests") == root.get("tests") == "5"
    # The clean page and the warning-only page pass (fail-on error); the others fail.
    failures = [case.find("failure") for case in cases]
    assert [failure is not None for failure in failures] == [False, True, False, True, True]
    assert suite.get("failures") == root.get("failures") == "3"
    assert cases[0].find("system-out") is None and len(cases[0]) == 0
    assert (
        cases[2].findtext("system-out")
        == "warning S007 /extra: unknown field 'extra' is not part of the record contract"
    )


def test_failure_type_is_the_worst_rule_and_body_lists_every_finding(pav, batch: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pav("check", "--format", "junit=out.xml", str(batch))
    failure = _parse(isolated / "out.xml").findall("testsuite/testcase")[1].find("failure")
    assert failure is not None
    assert failure.get("type") == "F101"
    assert failure.get("message") == "F101 icp-missing: the footer shows no ICP filing or licence number (and 1 more)"
    assert (failure.text or "").splitlines() == [
        "error F101 /footer/icp: the footer shows no ICP filing or licence number",
        "error F201 /footer/public_security: the footer shows no public security filing number",
    ]


def test_hostile_text_is_escaped_not_interpreted(pav, batch: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    report = pav("check", "--format", "json", "--fail-on", "warning", str(batch)).json()
    message = next(f["message"] for f in report["findings"] if f["record_id"] == "hostile" and f["rule"] == "S007")
    pav("check", "--format", "junit=out.xml", "--fail-on", "warning", str(batch))
    case = _parse(isolated / "out.xml").findall("testsuite/testcase")[4]
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "S003"  # the hostile URL is no URI: an error, worst
    assert (failure.get("message") or "").startswith("S003 schema-format: url ")
    pointer = json_pointer([SHOWN])
    assert f"warning S007 {pointer}: {message}" in (failure.text or "").splitlines()
    assert len(case) == 1  # no element was injected
    assert case.get("name") == "https://www.evil.gov.cn/p?" + SHOWN


def test_fail_on_never_makes_every_page_pass(pav, batch: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pav("check", "--format", "junit=out.xml", "--fail-on", "never", str(batch))
    root = _parse(isolated / "out.xml")
    assert root.get("failures") == "0"
    assert not root.findall(".//failure")
    assert "F101" in (root.findall("testsuite/testcase")[1].findtext("system-out") or "")


def test_properties_and_summary(pav, batch: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    pav("check", "--format", "junit=out.xml", "--profile", "news", str(batch))
    suite = _parse(isolated / "out.xml").find("testsuite")
    assert suite is not None
    properties = {p.get("name"): p.get("value") for p in suite.iterfind("properties/property")}
    assert properties["profile"] == "news"
    assert properties["exit-code"] == "1"
    assert properties["partial"] == "false"
    assert (suite.findtext("system-out") or "").startswith("Found ")


def test_empty_run_is_a_valid_suite(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_jsonl(isolated / "one.jsonl", [valid_record()])
    assert pav("check", "--format", "junit=out.xml", str(path)).code == 0
    root = _parse(isolated / "out.xml")
    assert (root.get("tests"), root.get("failures")) == ("1", "0")


def test_a_real_junit_parser_reads_the_report(pav, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # junitparser is what many CI integrations build on; it must see pages as cases, rules as failure types.
    from junitparser import Failure, JUnitXml

    from tests.conftest import REPO

    out = tmp_path / "junit.xml"
    run = pav("check", "--format", f"junit={out}", str(REPO / "samples" / "records" / "batch.jsonl"))
    assert run.code == 1
    xml = JUnitXml.fromfile(str(out))
    cases = [case for suite in xml for case in suite]
    failed = [case for case in cases if any(isinstance(r, Failure) for r in case.result)]
    assert len(cases) == 34 and len(failed) == 20
    types = {r.type for case in failed for r in case.result if isinstance(r, Failure)}
    assert {"S001", "F103", "F202", "I002"} <= types
    assert all(case.classname for case in cases)
