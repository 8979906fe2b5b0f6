"""Footer compliance rules (F family): each passes a correct footer and fails a broken one, in Chinese and
English where both exist, including the real-world variants of DOMAIN.md §2."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import REFERENCE, valid_record, with_footer
from validator import Severity, validate_record


def footer_rules(record: dict[str, Any], profile: str = "gov") -> list[tuple[str, str]]:
    return sorted((f.rule, f.path) for f in validate_record(record, profile=profile) if f.rule.startswith("F"))


def footer_findings(record: dict[str, Any], profile: str = "gov") -> list[tuple[str, str, str]]:
    """The F findings of a record with their words: (rule, path, message), in the order reported."""
    return [(f.rule, f.path, f.message) for f in validate_record(record, profile=profile) if f.rule.startswith("F")]


def english(**footer: Any) -> dict[str, Any]:
    record = valid_record(language="en", title="Expo opens")
    record["footer"] = {
        "unit_in_charge": "General Office of Sichuan Provincial People's Government",
        "organizer": "Sichuan Provincial Big Data Center",
        "operator": "China Telecom Sichuan Branch",
        "site_code": "Website Identification Code: 5100000062",
        "icp": "Sichuan ICP No. 13001288",
        "public_security": "Sichuan Public Security Record No. 51010402000507",
    }
    for key, value in footer.items():
        if value is None:
            record["footer"].pop(key)
        else:
            record["footer"][key] = value
    return record


def test_chinese_and_english_editions_pass() -> None:
    assert footer_rules(valid_record()) == []
    assert footer_rules(english()) == []


# --- The seed page (English edition of the Sichuan provincial portal) -----------------------------------


def seed_footer() -> dict[str, str]:
    lines = (REFERENCE / "sichuan-expo-news-page.txt").read_text(encoding="utf-8").split("\n")[-5:]
    return {
        "unit_in_charge": lines[0],
        "organizer": lines[1],
        "operator": lines[2],
        "site_code": lines[3],
        "icp": lines[3],
        "public_security": lines[4],
        "raw": "\n".join(lines),
    }


def test_seed_page_footer_as_shown_passes() -> None:
    # Each field holds the whole footer line as shown (labels, glued fields): the parsers must cope.
    record = valid_record(language="en", title="Expo opens", footer=seed_footer())
    assert footer_rules(record) == []


def test_seed_page_footer_from_raw_only_passes() -> None:
    record = valid_record(language="en", title="Expo opens", footer={"raw": seed_footer()["raw"]})
    assert footer_rules(record) == []


def test_seed_page_glued_security_number_is_malformed() -> None:
    # Text extraction glued the file's byte count (10897) to the 14 digits: 19 digits must be reported.
    footer = seed_footer()
    footer["public_security"] += "10897"
    record = valid_record(language="en", title="Expo opens", footer=footer)
    findings = [f for f in validate_record(record) if f.rule.startswith("F")]
    assert [(f.rule, f.path) for f in findings] == [("F202", "/footer/public_security")]
    assert "5101040200050710897 has 19 digits" in findings[0].message


# --- F1 ICP ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "icp",
    [
        "蜀ICP备13001288号",
        "蜀ICP备2022018075号-2",
        "蜀ICP备2022018075号—2",  # em dash as seen
        "备案号：蜀ICP备13001288号",
        "ICP备案号:蜀ICP备 13001288号",  # space inside, label with ASCII colon
        "蜀ＩＣＰ备１３００１２８８号",  # full-width
        "京ICP证000006号",
        "黔ICP备05001234号",
        "陇ICP备06000123号",
        "滇ICP备05001234号",
        "Sichuan ICP No. 13001288",
        "Sichuan ICP Record No. 2022018075-2",
        "Min ICP No. 12001234",
    ],
)
def test_icp_well_formed_variants_pass(icp: str) -> None:
    record = with_footer(icp=icp)
    if icp[0] in "京黔陇滇M":
        assert [r for r, _ in footer_rules(record) if r != "F501"] == []
    else:
        assert footer_rules(record) == []


def test_icp_missing_both_languages() -> None:
    assert footer_findings(with_footer(icp=None)) == [
        ("F101", "/footer/icp", "the footer shows no ICP filing or licence number")
    ]
    assert footer_rules(english(icp=None)) == [("F101", "/footer/icp")]
    assert ("F101", "/footer/icp") in footer_rules(with_footer(icp="   "), "minimal")


def test_icp_found_in_raw_counts_as_shown() -> None:
    record = with_footer(icp=None, raw="主办单位：四川省人民政府办公厅　蜀ICP备13001288号")
    assert footer_rules(record) == []
    record = with_footer(icp=None, raw="主办单位：四川省人民政府办公厅　川ICP备13001288号")
    assert footer_rules(record) == [("F103", "/footer/raw")]


@pytest.mark.parametrize(
    ("icp", "messages"),
    [
        ("蜀ICP备1300128号", ["ICP filing number '蜀ICP备1300128号' has 7 digits; expected 6, 8 or 10"]),
        ("蜀ICP备130012889号", ["ICP filing number '蜀ICP备130012889号' has 9 digits; expected 6, 8 or 10"]),
        ("蜀ICP备13001288", []),  # 号 is optional
        ("蜀ICP13001288号", ["ICP number '蜀ICP13001288号' lacks 备 (filing) or 证 (licence) after ICP"]),
        # A dash before the digits (a university lab's footer): the number shown, malformed, never "not shown".
        ("蜀ICP备-13001288", ["ICP number '蜀ICP备-13001288' has a dash between 备 or 证 and its digits"]),
        ("蜀ICP证00006号", ["ICP licence number '蜀ICP证00006号' has 5 digits; expected 6"]),
        (
            "Sichuan ICP No. 1300128",
            ["ICP filing number 'Sichuan ICP No. 1300128' has 7 digits; expected 6, 8 or 10"],
        ),
        ("备案中", ["no ICP number can be read in '备案中'"]),
        ("ICP filing pending", ["no ICP number can be read in 'ICP filing pending'"]),
        ("蜀ICP备13001X88号", ["ICP number '蜀ICP备13001X88号' has non-digit characters in '13001X88'"]),
        ("蜀ICP备13001288号-0", ["ICP number '蜀ICP备13001288号-0' has site suffix -0; N starts at 1"]),
        (
            "蜀ICP备1300128号-0",
            [
                "ICP filing number '蜀ICP备1300128号-0' has 7 digits; expected 6, 8 or 10",
                "ICP number '蜀ICP备1300128号-0' has site suffix -0; N starts at 1",
            ],
        ),
    ],
)
def test_icp_malformed(icp: str, messages: list[str]) -> None:
    assert footer_findings(with_footer(icp=icp)) == [("F102", "/footer/icp", m) for m in messages]


def test_icp_plate_character_traps() -> None:
    for wrong, right, province in (("川", "蜀", "Sichuan"), ("贵", "黔", "Guizhou"), ("甘", "陇", "Gansu")):
        findings = [f for f in validate_record(with_footer(icp=f"{wrong}ICP备13001288号")) if f.rule == "F103"]
        assert [f.message for f in findings] == [
            f"{wrong!r} is not an ICP abbreviation: {province} files ICP numbers as {right}ICP "
            f"(e.g. {right}ICP备13001288号)"
        ]


def test_icp_joke_prefix() -> None:
    assert ("F103", "/footer/icp", "ICP prefix '萌' is not a province abbreviation; not a real filing") in (
        footer_findings(with_footer(icp="萌ICP备20230001号"))
    )


def test_icp_unknown_english_province() -> None:
    assert ("F103", "/footer/icp", "ICP prefix 'Atlantis' is not a province abbreviation; not a real filing") in (
        footer_findings(english(icp="Atlantis ICP No. 13001288"))
    )


@pytest.mark.parametrize("icp", ["ICP备13001288号", "备案号：ICP备13001288号"])
def test_icp_without_a_province_abbreviation(icp: str) -> None:
    assert ("F103", "/footer/icp", "ICP number 'ICP备13001288号' shows no province abbreviation") in (
        footer_findings(with_footer(icp=icp))
    )


@pytest.mark.parametrize(
    "icp", ["蜀ICP备12345678号", "蜀ICP备XXXXXXXX号", "蜀ICP备00000000号", "Sichuan ICP No. 88888888"]
)
def test_icp_placeholder(icp: str) -> None:
    assert footer_findings(with_footer(icp=icp)) == [
        ("F104", "/footer/icp", f"ICP number {icp!r} is a placeholder, not a filing")
    ]


def test_icp_ambiguous_pinyin_is_said_not_guessed() -> None:
    record = english(icp="Ji ICP No. 05012345")
    findings = [f for f in validate_record(record) if f.rule.startswith("F")]
    assert [(f.rule, f.severity, f.message) for f in findings] == [
        ("F105", Severity.INFO, "ICP prefix 'Ji' may mean Hebei (冀) or Jilin (吉); pav does not guess")
    ]
    assert footer_rules(english(icp="Hebei ICP No. 05012345")) == [("F501", "/footer")]


# --- F2 public security ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "川公网安备51010402000507号",
        "川公网安备 51010402000507 号",
        "川公网安备　５１０１０４０２０００５０７号",
        "公安机关备案号：川公网安备51010402000507号",
        "Sichuan Public Security Record No. 51010402000507",
        "Sichuan Computer Information Network and Internet Security Record No. 51010402000507",
    ],
)
def test_public_security_variants_pass(number: str) -> None:
    assert footer_rules(with_footer(public_security=number)) == []


def test_public_security_missing_by_profile() -> None:
    record = with_footer(public_security=None)
    assert footer_findings(record, "gov") == [
        ("F201", "/footer/public_security", "the footer shows no public security filing number")
    ]
    assert footer_rules(record, "news") == [("F201", "/footer/public_security")]
    assert footer_rules(record, "minimal") == []
    assert footer_rules(english(public_security=None)) == [("F201", "/footer/public_security")]


@pytest.mark.parametrize(
    ("number", "messages"),
    [
        ("川公网安备5101040200050号", ["public security number 5101040200050 has 13 digits; expected 14"]),
        ("川公网安备5101040200050710897号", ["public security number 5101040200050710897 has 19 digits; expected 14"]),
        ("川公网安备51010402000507", []),  # 号 is optional
        (
            "Sichuan Public Security Record No. 5101040200050",
            ["public security number 5101040200050 has 13 digits; expected 14"],
        ),
        (
            "川公网安备5101040200050",
            ["public security number 5101040200050 has 13 digits; expected 14"],
        ),
        (
            "川公网安备5101040200050X号",
            ["public security number '川公网安备5101040200050X号' has non-digit characters"],
        ),
        ("公网安备待申请", ["no public security number can be read in '公网安备待申请'"]),
    ],
)
def test_public_security_malformed(number: str, messages: list[str]) -> None:
    assert footer_findings(with_footer(public_security=number)) == [
        ("F202", "/footer/public_security", m) for m in messages
    ]


def test_public_security_legacy_is_a_warning() -> None:
    findings = [f for f in validate_record(with_footer(public_security="川公网安备510104000507号"))]
    assert [(f.rule, f.severity, f.message) for f in findings] == [
        ("F203", Severity.WARNING, "public security number 510104000507 has the legacy 12-digit form")
    ]


def test_public_security_prefix_must_agree_with_digits() -> None:
    assert footer_findings(with_footer(public_security="京公网安备51010402000507号")) == [
        ("F204", "/footer/public_security", "prefix '京' (Beijing) disagrees with province code 51 (Sichuan, 川)")
    ]
    assert footer_findings(english(public_security="Beijing Public Security Record No. 51010402000507")) == [
        (
            "F204",
            "/footer/public_security",
            "prefix 'Beijing' (Beijing) disagrees with province code 51 (Sichuan, 川)",
        )
    ]
    # 蜀 is Sichuan's ICP abbreviation, not its public-security one.
    assert footer_findings(with_footer(public_security="蜀公网安备51010402000507号")) == [
        ("F204", "/footer/public_security", "prefix '蜀' is not a province's public-security abbreviation")
    ]
    # Guizhou: 贵 and 黔 are both seen.
    gz = {"icp": "黔ICP备05001234号", "site_code": "5200000001"}
    assert footer_rules(with_footer(public_security="贵公网安备52010202003658号", **gz)) == []
    assert footer_rules(with_footer(public_security="黔公网安备52010202003658号", **gz)) == []


def test_public_security_area_code_plausibility() -> None:
    assert footer_findings(with_footer(public_security="川公网安备51000002000507号")) == [
        ("F205", "/footer/public_security", "area code 510000 names a whole province, not a filing office")
    ]
    findings = validate_record(with_footer(public_security="公网安备99010402000507号"))
    assert [(f.rule, f.severity, f.message) for f in findings if f.rule == "F205"] == [
        ("F205", Severity.WARNING, "area code 990104 does not start with a province code (99 is none)")
    ]


# --- F3 site code ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "5100000062",
        "网站标识码：5100000062",
        "网站标识码5100000062",
        "网站标识号:5100000062",
        "Website Identification Code: 5100000062",
        "５１００００００６２",
    ],
)
def test_site_code_variants_pass(code: str) -> None:
    assert footer_rules(with_footer(site_code=code)) == []


def test_department_site_code_passes() -> None:
    record = with_footer(
        site_code="网站标识码bm01000001",
        icp="京ICP备05070218号",
        public_security="京公网安备11010202000001号",
    )
    assert footer_rules(record) == []


def test_site_code_missing_only_for_gov() -> None:
    assert footer_findings(with_footer(site_code=None), "gov") == [
        ("F301", "/footer/site_code", "the footer shows no website identification code (网站标识码)")
    ]
    assert footer_rules(with_footer(site_code=None), "news") == []
    assert footer_rules(english(site_code=None)) == [("F301", "/footer/site_code")]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("510000006", "website identification code '510000006' has 9 digits; expected 10, or bm + 8 digits"),
        ("51000000621", "website identification code '51000000621' has 11 digits; expected 10, or bm + 8 digits"),
        ("bm0100001", "website identification code 'bm0100001' has 7 digits after bm; expected 8"),
        ("bm010000012", "website identification code 'bm010000012' has 9 digits after bm; expected 8"),
        # Ten digits, but 99 and 01 are no province's code (issue 14: it said "neither 10 digits nor ...").
        ("9900000001", "website identification code '9900000001' starts with 99, which is no province code"),
        ("0100000001", "website identification code '0100000001' starts with 01, which is no province code"),
        ("1900000000", "website identification code '1900000000' starts with 19, which is no province code"),
        (
            "网站标识码：51000000XX",
            "website identification code '51000000XX' has characters other than digits ('X'); "
            "expected 10 digits, or bm + 8 digits",
        ),
        (
            "网站标识码：bm0100000x",
            "website identification code 'bm0100000x' has characters other than digits after bm ('x'); "
            "expected 8 digits",
        ),
        ("网站标识码：待申请", "no website identification code can be read in '网站标识码：待申请'"),
    ],
)
def test_site_code_malformed(code: str, message: str) -> None:
    findings = footer_findings(with_footer(site_code=code))
    assert [finding for finding in findings if finding[0] == "F302"] == [("F302", "/footer/site_code", message)]


# --- F4 units ----------------------------------------------------------------------------------------------


def test_units_missing_by_profile_and_severity() -> None:
    record = with_footer(unit_in_charge=None, organizer=None, operator=None)
    findings = {f.rule: f.severity for f in validate_record(record)}
    assert findings == {"F401": Severity.ERROR, "F402": Severity.WARNING, "F403": Severity.INFO}
    assert footer_rules(record, "news") == []
    assert footer_rules(english(unit_in_charge=None)) == [("F401", "/footer/unit_in_charge")]


def test_unit_labels_are_stripped() -> None:
    record = with_footer(unit_in_charge="主办单位：四川省人民政府办公厅", organizer="承办：四川省大数据中心")
    assert footer_rules(record) == []
    assert (
        footer_rules(english(unit_in_charge="Sponsor: General Office of Sichuan Provincial People's Government")) == []
    )


def test_label_only_counts_as_missing() -> None:
    assert footer_rules(with_footer(unit_in_charge="主办单位：")) == [("F401", "/footer/unit_in_charge")]


@pytest.mark.parametrize("name", ["XXX单位", "某某单位", "待定", "TBD", "N/A", "—"])
def test_placeholder_units(name: str) -> None:
    assert footer_rules(with_footer(organizer=name)) == [("F404", "/footer/organizer")]
    assert ("F404", "/footer/unit_in_charge") in footer_rules(with_footer(unit_in_charge=name))


def test_unit_in_charge_must_look_governmental_on_gov_sites() -> None:
    record = with_footer(unit_in_charge="成都云端网络科技有限公司")
    assert footer_rules(record) == [("F405", "/footer/unit_in_charge")]
    assert footer_rules(record, "news") == []
    assert footer_rules(english(unit_in_charge="China Telecom Sichuan Branch")) == [("F405", "/footer/unit_in_charge")]


# --- F5 consistency ----------------------------------------------------------------------------------------


def test_province_mismatch_is_a_warning() -> None:
    findings = validate_record(with_footer(icp="京ICP备05070218号"))
    assert [(f.rule, f.path, f.severity) for f in findings] == [("F501", "/footer", Severity.WARNING)]
    assert "Beijing" in findings[0].message and "Sichuan" in findings[0].message
    assert footer_rules(with_footer(site_code="1304000009")) == [("F501", "/footer")]


def test_department_site_code_is_left_out_of_the_comparison() -> None:
    assert footer_rules(with_footer(site_code="bm01000001")) == []


def test_label_language_mismatch_is_info() -> None:
    zh_footer = valid_record(language="en", title="Expo opens")
    findings = validate_record(zh_footer)
    assert [(f.rule, f.path, f.severity) for f in findings] == [("F502", "/language", Severity.INFO)]
    assert footer_rules(english(), "gov") == []
    mixed = english()
    mixed["language"] = "zh-CN"
    assert footer_rules(mixed) == [("F502", "/language")]


# --- Real-world footer shapes ------------------------------------------------------------------------------


def test_fields_glued_with_no_separator_in_raw() -> None:
    raw = "网站标识码bm01000001　京ICP备05070218号京公网安备11010202000001号"
    record = valid_record(
        footer={
            "unit_in_charge": "中华人民共和国国务院办公厅",
            "organizer": "中国政府网运行中心",
            "operator": "国家信息中心",
            "raw": raw,
        }
    )
    assert footer_rules(record) == []


def test_same_footer_twice_desktop_and_mobile() -> None:
    once = (
        "主办单位：四川省人民政府办公厅 承办单位：四川省大数据中心 运维单位：中国电信四川分公司 "
        "网站标识码：5100000062 蜀ICP备13001288号 川公网安备51010402000507号"
    )
    record = valid_record(footer={"raw": once + "\n" + once})
    assert footer_rules(record) == []


def test_text_extraction_noise_between_numbers() -> None:
    raw = "网站标识码：5100000062 Image 10 蜀ICP备13001288号 Image 11 川公网安备51010402000507号"
    record = with_footer(site_code=None, icp=None, public_security=None, raw=raw)
    assert footer_rules(record) == []
