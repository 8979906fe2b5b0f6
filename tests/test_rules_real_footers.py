"""Rule decisions that real footers forced (issue 12), each asserted with its message: where a rule used to give a
false alarm on a real site, and what it says now."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import valid_record, with_footer
from validator.api import validate_record


def _messages(record: dict[str, Any], rule: str, profile: str = "gov") -> list[str]:
    return [f.message for f in validate_record(record, profile=profile) if f.rule == rule]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("京公网安备11000002000008号", []),  # people.com.cn: Beijing's municipal bureau files at province level
        ("沪公网安备31000002000001号", []),
        ("川公网安备51000002000507号", ["area code 510000 names a whole province, not a filing office"]),
    ],
)
def test_f205_accepts_whole_municipality_codes(number: str, expected: list[str]) -> None:
    icp = "京ICP备05070218号" if number.startswith("京") else "沪ICP备05070218号" if number.startswith("沪") else None
    record = with_footer(public_security=number, icp=icp or "蜀ICP备13001288号")
    assert _messages(record, "F205") == expected


def test_f204_says_when_the_number_starts_with_no_province_code() -> None:
    record = with_footer(public_security="吉公网安备20202020001150号", icp="吉ICP备05000001号", site_code=None)
    assert _messages(record, "F204") == [
        "prefix '吉' (Jilin) expects province code 22, but the number starts with 20, which is no province's"
    ]


def test_f204_leaves_old_city_forms_to_f203() -> None:
    record = with_footer(public_security="郑公备：41010029000130")
    assert _messages(record, "F204") == []
    assert _messages(record, "F203") == [
        "public security number '郑公备:41010029000130' has the legacy 公网备 form; the national filing system issues "
        "14-digit 公网安备 numbers"
    ]


def _evidence(**found: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "html", "footer_from": "structure", "found": found}


def test_f604_compares_the_copies_with_each_other_when_no_code_is_shown() -> None:
    meta = {"in": "meta", "text": "SiteIDCode", "value": "5100000062"}
    jiucuo = {"in": "attribute", "text": "sitecode", "value": "5100000063"}
    record = with_footer(site_code=None)
    record["evidence"] = _evidence(site_code=[meta, jiucuo])
    assert _messages(record, "F604") == [
        "the sitecode says '5100000063', but the SiteIDCode meta tag says '5100000062'"
    ]
    record["evidence"] = _evidence(site_code=[meta, dict(jiucuo, value="5100000062")])
    assert _messages(record, "F604") == []


def _dated(taken: str, *sources: tuple[str, str, str]) -> dict[str, Any]:
    dates = [{"from": name, "value": value, "precision": precision} for name, value, precision in sources]
    record = valid_record(published_at="2017-05-15T10:49:00+08:00")
    record["evidence"] = {"format": "html", "published_at_from": taken, "dates": dates}
    return record


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        # a day apart (filed before midnight, published after) is the same date
        ([("text 发布时间", "2017-05-15T10:49:00+08:00", "minute"), ("url", "2017-05-14", "day")], []),
        # a month-only URL of the next month (filed on the 31st) agrees; one two months off does not
        ([("text 发布时间", "2017-05-15T10:49:00+08:00", "minute"), ("url", "2017-06", "month")], []),
        (
            [("text 发布时间", "2017-05-15T10:49:00+08:00", "minute"), ("url", "2017-08", "month")],
            [
                "the page's publication dates disagree: text 发布时间 says 2017-05-15T10:49:00+08:00 (taken), "
                "url says 2017-08"
            ],
        ),
        # a UTC meta time of the same Beijing day agrees
        ([("text 发布时间", "2017-05-15T10:49:00+08:00", "minute"), ("meta article:published_time",
          "2017-05-15T02:49:00+00:00", "minute")], []),
    ],
)  # fmt: skip
def test_r005_tolerates_a_day_and_names_every_disagreeing_source(
    sources: list[tuple[str, str, str]], expected: list[str]
) -> None:
    assert _messages(_dated("text 发布时间", *sources), "R005") == expected


def test_r005_needs_the_source_published_at_was_taken_from() -> None:
    record = _dated(
        "meta PubDate", ("url", "2017-05-15", "day"), ("meta PubDate", "2022-03-01T09:00:00+08:00", "minute")
    )
    assert _messages(record, "R005") == [
        "the page's publication dates disagree: meta PubDate says 2022-03-01T09:00:00+08:00 (taken), "
        "url says 2017-05-15"
    ]
    record["evidence"]["published_at_from"] = "text 发布日期"  # a source the evidence does not list
    assert _messages(record, "R005") == []


def test_r006_reads_only_the_evidence_of_the_declared_language() -> None:
    record = valid_record()
    record["evidence"] = {"format": "html", "language": {"declared": "gb2312", "valid": False}}
    assert _messages(record, "R006") == ["the page declares language 'gb2312', which is no BCP 47 language tag"]
    record["evidence"] = {"format": "html"}
    assert _messages(record, "R006") == []


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ({}, ["F701", "F702", "F703"]),
        ({"organ_mark": [{"in": "element", "text": "_ideConac"}]}, ["F702", "F703"]),
        ({"contact": [{"in": "text", "text": "联系我们"}], "error_report": [{"in": "script"}]}, ["F701"]),
    ],
)
def test_f7_rules_read_the_marks_of_html_pages(marks: dict[str, Any], expected: list[str]) -> None:
    record = valid_record()
    record["evidence"] = {"format": "html", "marks": marks} if marks else {"format": "html"}
    assert [f.rule for f in validate_record(record, profile="gov") if f.rule.startswith("F7")] == expected


def test_a_text_capture_is_judged_on_contact_only() -> None:
    record = valid_record()
    record["evidence"] = {"format": "text"}
    assert [f.rule for f in validate_record(record, profile="gov") if f.rule.startswith("F7")] == ["F703"]
    record["evidence"]["marks"] = {"contact": [{"in": "text", "text": "电话："}]}
    assert [f.rule for f in validate_record(record, profile="gov") if f.rule.startswith("F7")] == []


def test_f401_names_the_copyright_holder_when_only_that_is_shown() -> None:
    record = with_footer(unit_in_charge=None, organizer=None, operator=None, raw="版权所有：浙江省发展和改革委员会")
    assert _messages(record, "F401") == [
        "the footer names no unit in charge (主办单位); "
        "it names only the copyright holder (版权所有) '浙江省发展和改革委员会'"
    ]


def test_f404_checks_the_copyright_holder_and_technical_support_too() -> None:
    record = with_footer(copyright_holder="版权所有：XXX单位", tech_support="技术支持：待定")
    assert _messages(record, "F404") == [
        "copyright holder (版权所有) 'XXX单位' is a placeholder",
        "technical support (技术支持) '待定' is a placeholder",
    ]
