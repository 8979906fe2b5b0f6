"""Filing numbers in the odd forms real footers show: read, and reported as what they are (never as missing)."""

from __future__ import annotations

import pytest

from tests.conftest import with_footer
from validator.api import validate_record
from validator.footer import parse_icp, parse_public_security, parse_site_code
from validator.footer.icp import parse_icp_normalized


def _findings(**footer: str | None) -> list[tuple[str, str, str]]:
    return [(f.rule, f.path, f.message) for f in validate_record(with_footer(**footer)) if f.rule.startswith("F")]


# --- public security numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["京公网安 备11010202008266号", "京 公 网 安 备 11010202008266号"])
def test_a_space_inside_the_label_is_read_and_reported_as_malformed_not_missing(text: str) -> None:
    number = parse_public_security(text)
    assert number is not None
    assert (number.prefix, number.digits, number.form) == ("京", "11010202008266", "spaced-label")
    findings = _findings(public_security=text, icp="京ICP备05070218号", site_code="1100000001")
    assert [(rule, path) for rule, path, _ in findings] == [("F202", "/footer/public_security")]
    assert findings[0][2] == (
        f"public security number {text!r} has a space inside the word 公网安备; write 京公网安备11010202008266号"
    )


def test_a_space_between_the_abbreviation_and_the_label_is_only_typography() -> None:
    number = parse_public_security("京 公网安备11010202008266号")
    assert number is not None and (number.prefix, number.form) == ("京", "current")


def test_the_legacy_dashed_form_is_read_and_reported_as_legacy() -> None:
    number = parse_public_security("渝公网备500000012-00013")
    assert number is not None
    assert (number.prefix, number.digits, number.form) == ("渝", "500000012-00013", "legacy")
    findings = _findings(public_security="渝公网备500000012-00013", icp="渝ICP备05003300号", site_code="5000000001")
    assert findings == [
        (
            "F203",
            "/footer/public_security",
            "public security number '渝公网备500000012-00013' has the legacy 公网备 form; the national filing "
            "system issues 14-digit 公网安备 numbers",
        )
    ]


# --- ICP numbers and telecom licences ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown", "suffix"),
    [
        ("ICP(互联网信息服务)备案号 黑B2-20131557-16", "黑B2-20131557-16", 16),
        ("ICP备案号：粤B-20050235", "粤B-20050235", None),
        ("ICP证：京B2-20090059", "京B2-20090059", None),
    ],
)
def test_a_telecom_licence_number_where_the_icp_number_belongs_is_read_as_one(
    text: str, shown: str, suffix: int | None
) -> None:
    number = parse_icp(text)
    assert number is not None
    assert (number.kind, number.text, number.site_suffix) == ("telecom-licence", shown, suffix)


def test_a_telecom_licence_beside_the_filing_number_leaves_the_filing_number_read() -> None:
    number = parse_icp("增值电信业务经营许可证：粤B2-20090059 粤ICP备09001234号")
    assert number is not None and (number.kind, number.digits) == ("filing", "09001234")
    # Under its own label a licence number is no ICP number; in the record's icp field it is read as what it is.
    assert parse_icp_normalized("增值电信业务经营许可证：粤B2-20090059", allow_bare=False) is None
    number = parse_icp("粤B2-20090059")
    assert number is not None and (number.kind, number.digits) == ("telecom-licence", "20090059")


def test_f106_says_what_the_number_is_and_f101_f102_stay_quiet() -> None:
    findings = _findings(icp="ICP备案号：粤B-20050235", public_security="粤公网安备44010602000001号", site_code=None)
    icp = [f for f in findings if f[1] == "/footer/icp"]
    assert icp == [
        (
            "F106",
            "/footer/icp",
            "'粤B-20050235' is a telecom business licence number, not an ICP filing number; 'B' lacks the business "
            "category digit (B1, B2): show the site's ICP filing number (粤ICP备…号) where the ICP number belongs",
        )
    ]
    findings = _findings(icp="ICP(互联网信息服务)备案号 黑B2-20131557-16")
    assert [f[2] for f in findings if f[0] == "F106"] == [
        "'黑B2-20131557-16' is a telecom business licence number, not an ICP filing number: show the site's ICP "
        "filing number (黑ICP备…号) where the ICP number belongs"
    ]


@pytest.mark.parametrize("text", ["蜀 ICP 备13001288号-3", "蜀ICP 备 13001288号-3", "蜀ICP备13001288号-3"])
def test_spaces_around_icp_in_the_label_are_read(text: str) -> None:
    number = parse_icp(text)
    assert number is not None
    assert (number.prefix, number.digits, number.site_suffix, number.kind) == ("蜀", "13001288", 3, "filing")


# --- site codes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["网站识别号", "网站识别码", "网站标识号", "政府网站标识码"])
def test_site_code_labels(label: str) -> None:
    code = parse_site_code(f"{label}：5100000062")
    assert code is not None and (code.value, code.kind) == ("5100000062", "regional")
