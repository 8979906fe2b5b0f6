"""F6 rules on page evidence (links, scripts, meta tags), on records with `evidence` and end to end from HTML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import valid_record
from validator import validate_record
from validator.engine import Engine
from validator.schema import record_schema_errors
from validator.sources import SourceRecord, iter_source_items

ICP_LINK = {"in": "link", "href": "https://beian.miit.gov.cn/", "text": "蜀ICP备13001288号", "line": 40}
PSB_LINK = {
    "in": "link",
    "href": "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=51010402000507",
    "value": "51010402000507",
    "line": 40,
}


def with_evidence(found: dict[str, list[dict[str, Any]]], fmt: str = "html", **footer: Any) -> dict[str, Any]:
    record = valid_record()
    for key, value in footer.items():
        if value is None:
            record["footer"].pop(key, None)
        else:
            record["footer"][key] = value
    record["evidence"] = {"format": fmt, "footer_from": "structure", "found": found}
    return record


def text(value: str) -> dict[str, Any]:
    return {"in": "text", "text": value, "value": value, "line": 40}


def good_found() -> dict[str, list[dict[str, Any]]]:
    return {
        "icp": [text("13001288"), dict(ICP_LINK)],
        "public_security": [text("51010402000507"), dict(PSB_LINK)],
        "site_code": [text("5100000062"), {"in": "meta", "text": "SiteIDCode", "value": "5100000062", "line": 8}],
    }


def f6(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f.rule, f.path, f.message) for f in validate_record(record) if f.rule.startswith("F6")]


def test_complete_evidence_passes_and_validates_against_the_schema() -> None:
    record = with_evidence(good_found())
    assert f6(record) == []
    assert record_schema_errors(record) == []


def test_records_without_evidence_pass_every_f6_rule() -> None:
    record = valid_record()
    record["footer"].pop("site_code")
    assert f6(record) == []


def test_f601_icp_shown_but_not_linked() -> None:
    found = good_found()
    found["icp"] = [text("13001288")]
    assert f6(with_evidence(found)) == [
        (
            "F601",
            "/footer/icp",
            "ICP number '蜀ICP备13001288号' is shown but not linked to the MIIT filing system (https://beian.miit.gov.cn/)",
        )
    ]
    assert f6(with_evidence(found, fmt="text")) == []  # a text capture has no links to judge


def test_f601_icp_linked_elsewhere() -> None:
    found = good_found()
    found["icp"][1]["href"] = "https://icp.example.com/query"
    ((rule, path, message),) = f6(with_evidence(found))
    assert (rule, path) == ("F601", "/evidence/found/icp/1")
    assert "links to 'https://icp.example.com/query', not to the MIIT filing system" in message


@pytest.mark.parametrize(
    "href",
    [
        "http://www.miibeian.gov.cn/",
        "http://miibeian.gov.cn",
        "http://www.miibeian.gov.cn/state/outPortal/loginPortal.action",
        "https://beian.miit.gov.cn/state/outPortal/loginPortal.action",
        "http://www.miitbeian.gov.cn/",
        "https://www.beian.miit.gov.cn/",
    ],
)
def test_f602_retired_host(href: str) -> None:
    found = good_found()
    found["icp"][1]["href"] = href
    assert [(rule, path) for rule, path, _ in f6(with_evidence(found))] == [("F602", "/evidence/found/icp/1")]


def test_f602_documents_every_retired_host() -> None:
    from validator.rules import CATALOG
    from validator.urls import RETIRED_MIIT_HOSTS

    assert all(host in " ".join(CATALOG["F602"].doc.split()) for host in RETIRED_MIIT_HOSTS)


def test_f603_public_security_link_digits_differ() -> None:
    found = good_found()
    found["public_security"][1]["value"] = "51010402000570"
    assert f6(with_evidence(found)) == [
        (
            "F603",
            "/evidence/found/public_security/1",
            "the public security link carries 51010402000570, but the footer shows 51010402000507 "
            "('http://www.beian.gov.cn/portal/registerSystemInfo?recordc...')",
        )
    ]
    found["public_security"][1]["value"] = "5101 0402000507"  # a stray space, seen in the wild
    assert f6(with_evidence(found)) == []


def test_f604_site_code_copies_differ() -> None:
    found = good_found()
    found["site_code"][1]["value"] = "5100000026"
    found["site_code"].append({"in": "attribute", "text": "sitecode", "value": "BM01000001"})
    found["site_code"].append({"in": "attribute", "text": "sitecode", "value": "5100000062"})
    assert f6(with_evidence(found)) == [
        (
            "F604",
            "/evidence/found/site_code/1",
            "the SiteIDCode meta tag says '5100000026', but the footer shows site code '5100000062'",
        ),
        (
            "F604",
            "/evidence/found/site_code/2",
            "the sitecode says 'BM01000001', but the footer shows site code '5100000062'",
        ),
    ]


def test_f604_compares_without_case() -> None:
    found = good_found()
    found["site_code"] = [text("bm01000001"), {"in": "meta", "text": "SiteIDCode", "value": "BM01000001"}]
    assert f6(with_evidence(found, site_code="bm01000001")) == []


def test_f605_numbers_only_in_script() -> None:
    found = good_found()
    found["icp"][0]["in"] = "script"
    found["site_code"][0]["in"] = "script"
    assert [(rule, path) for rule, path, _ in f6(with_evidence(found))] == [
        ("F605", "/footer/icp"),
        ("F605", "/footer/site_code"),
    ]


def test_f606_number_only_in_a_link_or_meta() -> None:
    found = good_found()
    found["public_security"] = [dict(PSB_LINK)]
    found["site_code"] = [{"in": "meta", "text": "SiteIDCode", "value": "5100000062"}]
    record = with_evidence(found, public_security=None, site_code=None)
    assert f6(record) == [
        (
            "F606",
            "/evidence/found/public_security/0",
            "the page shows no public security number, but a link target carries '51010402000507': "
            "show it in the footer",
        ),
        (
            "F606",
            "/evidence/found/site_code/0",
            "the page shows no website identification code, but a meta tag carries '5100000062': show it in the footer",
        ),
    ]
    rules = {f.rule for f in validate_record(record)}
    assert {"F201", "F301"} <= rules  # the footer rules still say the numbers are missing


def test_f607_public_security_not_linked() -> None:
    found = good_found()
    found["public_security"] = [text("51010402000507")]
    assert f6(with_evidence(found)) == [
        (
            "F607",
            "/footer/public_security",
            "public security number '川公网安备51010402000507号' is not linked to the national filing system "
            "(www.beian.gov.cn or beian.mps.gov.cn)",
        )
    ]


def test_malformed_evidence_never_crashes() -> None:
    for evidence in ("x", [], {"found": "x"}, {"found": {"icp": "x"}}, {"found": {"icp": [1, None, {"in": 5}]}}):
        record = valid_record(evidence=evidence)
        findings = validate_record(record)
        assert not any(f.rule == "X001" for f in findings)
        assert any(f.rule.startswith("S") for f in findings)  # the schema says what is wrong


# --- end to end: from a page, and the record round trip --------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>标题</title>
<meta name="SiteIDCode" content="5100000063">
<link rel="canonical" href="https://www.sc.gov.cn/a.shtml">
<meta name="PubDate" content="2023-11-22 10:55">
</head>
<body>
<h1>标题</h1>
<div class="content"><p>正文内容，足够长的正文内容，足够长的正文内容，足够长的正文内容。</p></div>
<div class="footer">
<p>主办单位：四川省人民政府办公厅　承办单位：四川省大数据中心　运维单位：中国电信股份有限公司四川分公司</p>
<p>网站标识码：5100000062　<a href="http://www.miibeian.gov.cn/">蜀ICP备13001288号</a></p>
<p>川公网安备51010402000507号</p>
</div>
</body>
</html>
"""


def test_page_findings_point_at_their_lines(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated / "page.html").write_text(PAGE, encoding="utf-8")
    out = pav("check", "--select", "F6", "page.html").out
    assert out.splitlines()[:3] == [
        "page.html:15: warning F602 the ICP link points to 'http://www.miibeian.gov.cn/', a retired address of the "
        "MIIT filing system; link to https://beian.miit.gov.cn/ [/evidence/found/icp/1]",
        "page.html:6: warning F604 the SiteIDCode meta tag says '5100000063', but the footer shows site code "
        "'5100000062' [/evidence/found/site_code/1]",
        "page.html:16: info F607 public security number '川公网安备51010402000507号' is not linked to the national "
        "filing system (www.beian.gov.cn or beian.mps.gov.cn) [/footer/public_security]",
    ]


def test_a_stored_record_gives_the_same_findings_as_the_page(isolated: Path) -> None:
    # What `pav extract` will rely on: the record alone carries everything the rules read.
    (isolated / "page.html").write_text(PAGE, encoding="utf-8")
    (item,) = iter_source_items(["page.html"])
    assert isinstance(item, SourceRecord)
    engine = Engine()
    direct = [(f.rule, f.path, f.message) for f in engine.check_record(item.data, item.location, item.field_lines)]
    stored = json.loads(json.dumps(item.data, ensure_ascii=False))
    again = [(f.rule, f.path, f.message) for f in engine.check_record(stored)]
    assert direct == again
    assert {"F602", "F604", "F607"} <= {rule for rule, _, _ in direct}
    assert record_schema_errors(stored) == []
