"""Footer parsers on real-world variants (DOMAIN.md §2 "What real footers look like") and the seed page."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.footer import (
    IcpNumber,
    PublicSecurityNumber,
    SiteCode,
    find_unit,
    is_placeholder_unit,
    label_language,
    looks_like_government_body,
    normalize,
    parse_footer,
    parse_icp,
    parse_public_security,
    parse_site_code,
    parse_unit,
    squeeze_number_spaces,
)
from validator.provinces import by_code
from validator.record import Footer

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
SEED_PAGE = REFERENCE / "sichuan-expo-news-page.txt"


def seed_footer_lines() -> list[str]:
    """The footer of the seed page: its last lines, from "Unit in Charge:" on."""
    lines = SEED_PAGE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Unit in Charge:"))
    return lines[start:]


def footer_of(**fields: str) -> Footer:
    """The record's footer model, built by validation as the engine builds it."""
    return Footer.model_validate(fields)


def codes(number: IcpNumber | PublicSecurityNumber) -> tuple[str, ...]:
    return tuple(p.code for p in number.provinces)


# --- normalize -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("蜀ＩＣＰ备１３００１２８８号", "蜀ICP备13001288号"),
        ("网站标识码bm01000001\u3000京ICP备05070218号", "网站标识码bm01000001 京ICP备05070218号"),
        ("蜀ICP备13001288号—1", "蜀ICP备13001288号-1"),
        ("蜀ICP备13001288号–1", "蜀ICP备13001288号-1"),
        ("蜀ICP备13001288号‑1", "蜀ICP备13001288号-1"),
        ("蜀ICP备13001288号－1", "蜀ICP备13001288号-1"),
        ("蜀ICP备13001288号―1", "蜀ICP备13001288号-1"),
        ("蜀ICP备13001288号−1", "蜀ICP备13001288号-1"),
        ("  a \t\n b\u00a0\u00a0c  ", "a b c"),
        ("1300\u200b1288", "13001288"),
        ("备案号：", "备案号:"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("京ICP备 05035542号", "京ICP备05035542号"),
        ("贵公网安备 52010202003658 号", "贵公网安备52010202003658号"),
        ("1 3001288", "13001288"),
        ("5101 0402 0005 07", "51010402000507"),
        ("Sichuan ICP No. 13001288", "Sichuan ICP No. 13001288"),
    ],
)
def test_squeeze_number_spaces(text: str, expected: str) -> None:
    assert squeeze_number_spaces(text) == expected


# --- ICP -------------------------------------------------------------------------------------------------

# text -> (prefix, province codes, kind, digits, site suffix, has 号, language)
ICP_CASES: list[tuple[str, tuple[str, tuple[str, ...], str, str, int | None, bool, str]]] = [
    ("蜀ICP备13001288号", ("蜀", ("51",), "filing", "13001288", None, True, "zh")),
    ("蜀ICP备13001288号-2", ("蜀", ("51",), "filing", "13001288", 2, True, "zh")),
    ("蜀ICP备2022018075号-2", ("蜀", ("51",), "filing", "2022018075", 2, True, "zh")),
    ("蜀ICP备13001288号—1", ("蜀", ("51",), "filing", "13001288", 1, True, "zh")),
    ("蜀ICP备13001288-2号", ("蜀", ("51",), "filing", "13001288", 2, True, "zh")),
    ("京ICP证000006号", ("京", ("11",), "licence", "000006", None, True, "zh")),
    ("京ICP备 05035542号", ("京", ("11",), "filing", "05035542", None, True, "zh")),
    ("京 ICP 备 0503 5542 号", ("京", ("11",), "filing", "05035542", None, True, "zh")),
    ("蜀ＩＣＰ备１３００１２８８号", ("蜀", ("51",), "filing", "13001288", None, True, "zh")),
    ("京icp备05035542号", ("京", ("11",), "filing", "05035542", None, True, "zh")),
    ("黔ICP备12003456号", ("黔", ("52",), "filing", "12003456", None, True, "zh")),
    ("陇ICP备12003456号", ("陇", ("62",), "filing", "12003456", None, True, "zh")),
    ("滇ICP备12003456号", ("滇", ("53",), "filing", "12003456", None, True, "zh")),
    # Wrong abbreviation kept as shown, so a rule can say "Sichuan files as 蜀".
    ("川ICP备13001288号", ("川", (), "filing", "13001288", None, True, "zh")),
    ("贵ICP备12003456号", ("贵", (), "filing", "12003456", None, True, "zh")),
    ("萌ICP备20201234号", ("萌", (), "filing", "20201234", None, True, "zh")),
    ("茶ICP备20201234号", ("茶", (), "filing", "20201234", None, True, "zh")),
    ("京ICP备XXXXXXXX号", ("京", ("11",), "filing", "XXXXXXXX", None, True, "zh")),
    ("京ICP备12345678号", ("京", ("11",), "filing", "12345678", None, True, "zh")),
    ("蜀ICP备13001288", ("蜀", ("51",), "filing", "13001288", None, False, "zh")),
    ("蜀ICP备1300128号", ("蜀", ("51",), "filing", "1300128", None, True, "zh")),
    # A dash between 备 and the digits (a university lab's footer): the number is read, F102 says it is malformed.
    ("苏ICP备-10229414", ("苏", ("32",), "filing", "10229414", None, False, "zh")),
    # Labels before the number.
    ("备案号：蜀ICP备13001288号", ("蜀", ("51",), "filing", "13001288", None, True, "zh")),
    ("备案号:蜀ICP备13001288号", ("蜀", ("51",), "filing", "13001288", None, True, "zh")),
    ("ICP备案号：蜀ICP备13001288号-1", ("蜀", ("51",), "filing", "13001288", 1, True, "zh")),
    ("ICP备案号蜀ICP备13001288号", ("蜀", ("51",), "filing", "13001288", None, True, "zh")),
    ("备案序号：蜀ICP备13001288号", ("蜀", ("51",), "filing", "13001288", None, True, "zh")),
    ("网站备案号：13001288号", ("", (), "filing", "13001288", None, True, "zh")),
    ("网站ICP备案号：13001288号", ("", (), "filing", "13001288", None, True, "zh")),
    ("中国电信 ICP备13001288号", ("", (), "filing", "13001288", None, True, "zh")),
    # English editions.
    ("Sichuan ICP No. 13001288", ("Sichuan", ("51",), "filing", "13001288", None, False, "en")),
    ("Sichuan ICP No.13001288", ("Sichuan", ("51",), "filing", "13001288", None, False, "en")),
    ("Sichuan ICP No.: 13001288", ("Sichuan", ("51",), "filing", "13001288", None, False, "en")),
    ("Sichuan ICP No. 1 3001288", ("Sichuan", ("51",), "filing", "13001288", None, False, "en")),
    ("Sichuan ICP Record No. 2022018075-2", ("Sichuan", ("51",), "filing", "2022018075", 2, False, "en")),
    ("Sichuan ICP Filing No. 13001288", ("Sichuan", ("51",), "filing", "13001288", None, False, "en")),
    ("Sichuan Province ICP No. 13001288", ("Sichuan", ("51",), "filing", "13001288", None, False, "en")),
    ("Min ICP No. 12001234", ("Min", ("35",), "filing", "12001234", None, False, "en")),
    ("Shu ICP Bei 13001288", ("Shu", ("51",), "filing", "13001288", None, False, "en")),
    ("JI ICP No. 05012345", ("JI", ("13", "22"), "filing", "05012345", None, False, "en")),
    ("Jin ICP No. 05012345", ("Jin", ("12", "14"), "filing", "05012345", None, False, "en")),
    ("Yu ICP No. 05012345", ("Yu", ("41", "50"), "filing", "05012345", None, False, "en")),
    ("Hebei ICP No. 05012345", ("Hebei", ("13",), "filing", "05012345", None, False, "en")),
    ("Inner Mongolia ICP No. 05012345", ("Inner Mongolia", ("15",), "filing", "05012345", None, False, "en")),
    (
        "Guangxi Zhuang Autonomous Region ICP No. 05012345",
        ("Guangxi", ("45",), "filing", "05012345", None, False, "en"),
    ),
    ("Beijing ICP License No. 000006", ("Beijing", ("11",), "licence", "000006", None, False, "en")),
    ("Beijing ICP Licence No. 000006", ("Beijing", ("11",), "licence", "000006", None, False, "en")),
    ("Beijing ICP Certificate No. 000006", ("Beijing", ("11",), "licence", "000006", None, False, "en")),
    ("ICP License No. 000006", ("", (), "licence", "000006", None, False, "en")),
    ("Atlantis ICP No. 12345678", ("Atlantis", (), "filing", "12345678", None, False, "en")),
    ("Copyright ICP No. 12345678", ("", (), "filing", "12345678", None, False, "en")),
    # The number's own form decides the language: a Chinese number behind an English label is "zh".
    ("ICP Filing: 京ICP备05070218号", ("京", ("11",), "filing", "05070218", None, True, "zh")),
    ("ICP License: 京ICP证000006号", ("京", ("11",), "licence", "000006", None, True, "zh")),
    # A field holding only the number.
    ("13001288", ("", (), "filing", "13001288", None, False, "en")),
    ("13001288号-1", ("", (), "filing", "13001288", 1, True, "zh")),
]


@pytest.mark.parametrize(("text", "expected"), ICP_CASES, ids=[c[0] for c in ICP_CASES])
def test_parse_icp(text: str, expected: tuple[str, tuple[str, ...], str, str, int | None, bool, str]) -> None:
    number = parse_icp(text)
    assert number is not None
    got = (
        number.prefix,
        codes(number),
        number.kind,
        number.digits,
        number.site_suffix,
        number.has_hao,
        number.language,
    )
    assert got == expected
    assert number.found_in == "field"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "主办单位：四川省人民政府办公厅",
        "ICP",
        "ICP备案号：",
        "川公网安备51010402000507号",
        "No ICP here",
    ],
)
def test_parse_icp_none(text: str) -> None:
    assert parse_icp(text) is None


def test_icp_text_is_the_normalised_number() -> None:
    number = parse_icp("Website Identification Code: 5100000062 Sichuan ICP No. 13001288")
    assert number is not None
    assert number.text == "Sichuan ICP No. 13001288"
    assert (number.prefix, number.digits) == ("Sichuan", "13001288")
    number = parse_icp("备案号：蜀ＩＣＰ备１３００１２８８号　川公网安备51010402000507号")
    assert number is not None and number.text == "蜀ICP备13001288号"


def test_icp_glued_fields_without_separator() -> None:
    number = parse_icp("网站标识码bm01000001\u3000京ICP备05070218号京公网安备11010202000001号")
    assert number is not None
    assert (number.prefix, number.digits, number.has_hao, number.site_suffix) == (
        "京",
        "05070218",
        True,
        None,
    )
    number = parse_icp("蜀ICP备13001288号-1川公网安备51010402000507号")
    assert number is not None and (number.digits, number.site_suffix) == ("13001288", 1)


def test_icp_image_noise_between_numbers() -> None:
    number = parse_icp("Sichuan ICP No. 13001288Image 10Sichuan Public Security Record No. 51010402000507")
    assert number is not None and number.digits == "13001288"
    number = parse_icp("Image 10蜀ICP备13001288号Image 10")
    assert number is not None and number.digits == "13001288"


def test_icp_neighbouring_number_is_not_joined() -> None:
    # Without 号 closing it, a following 14-digit number is not glued on, however it is spaced.
    number = parse_icp("Sichuan ICP No. 13001288 51010402000507")
    assert number is not None and number.digits == "13001288"
    assert number.text == "Sichuan ICP No. 13001288"


def test_icp_same_footer_twice() -> None:
    footer = "蜀ICP备13001288号 川公网安备51010402000507号"
    once, twice = parse_icp(footer), parse_icp(footer + "\n" + footer)
    assert once is not None and once == twice


def test_icp_found_in_is_passed_through() -> None:
    number = parse_icp("蜀ICP备13001288号", found_in="raw")
    assert number is not None and number.found_in == "raw"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("蜀ICP备13001288号-2", "蜀ICP备13001288号-2"),
        ("蜀 ICP 备 1300 1288 号 — 2", "蜀ICP备13001288号-2"),
        ("京ICP证000006号", "京ICP证000006号"),
        ("Sichuan ICP Record No. 2022018075-2", "蜀ICP备2022018075号-2"),
        ("Gansu ICP No. 12003456", "陇ICP备12003456号"),
        ("Beijing ICP License No. 000006", "京ICP证000006号"),
        ("川ICP备13001288号", "川ICP备13001288号"),  # unresolved: the shown prefix
        ("JI ICP No. 05012345", "JIICP备05012345号"),  # ambiguous: the shown prefix
    ],
)
def test_icp_format(text: str, canonical: str) -> None:
    number = parse_icp(text)
    assert number is not None and number.format() == canonical


def test_icp_province_property() -> None:
    sichuan = parse_icp("蜀ICP备13001288号")
    ambiguous = parse_icp("Ji ICP No. 05012345")
    unknown = parse_icp("川ICP备13001288号")
    assert sichuan is not None and sichuan.province == by_code("51")
    assert ambiguous is not None and ambiguous.province is None and len(ambiguous.provinces) == 2
    assert unknown is not None and unknown.province is None


# --- public security -------------------------------------------------------------------------------------

# text -> (prefix, province codes, digits, has 号, language)
PSB_CASES: list[tuple[str, tuple[str, tuple[str, ...], str, bool, str]]] = [
    ("川公网安备51010402000507号", ("川", ("51",), "51010402000507", True, "zh")),
    ("京公网安备11010202000001号", ("京", ("11",), "11010202000001", True, "zh")),
    ("公网安备11010202000001号", ("", (), "11010202000001", True, "zh")),
    ("贵公网安备 52010202003658 号", ("贵", ("52",), "52010202003658", True, "zh")),
    ("黔公网安备52010202003658号", ("黔", ("52",), "52010202003658", True, "zh")),
    ("甘公网安备62010202000001号", ("甘", ("62",), "62010202000001", True, "zh")),
    ("川公网安备 5101 0402 0005 07号", ("川", ("51",), "51010402000507", True, "zh")),
    ("川公网安备５１０１０４０２０００５０７号", ("川", ("51",), "51010402000507", True, "zh")),
    ("川公网安备51010402000507", ("川", ("51",), "51010402000507", False, "zh")),
    ("川公网安备案号：51010402000507号", ("川", ("51",), "51010402000507", True, "zh")),
    ("公安机关备案号：51010402000507", ("", (), "51010402000507", False, "zh")),
    ("公安机关备案号：川公网安备51010402000507号", ("川", ("51",), "51010402000507", True, "zh")),
    # Wrong abbreviation kept as shown.
    ("蜀公网安备51010402000507号", ("蜀", (), "51010402000507", True, "zh")),
    # Legacy 12 digits and a 19-digit glued number are captured whole for the rules to judge.
    ("京公网安备110102000001号", ("京", ("11",), "110102000001", True, "zh")),
    ("川公网安备5101040200050710897号", ("川", ("51",), "5101040200050710897", True, "zh")),
    ("Security Record No. 5101040200050710897", ("", (), "5101040200050710897", False, "en")),
    ("公网安备XXXXXXXXXXXXXX号", ("", (), "XXXXXXXXXXXXXX", True, "zh")),
    # English editions.
    (
        "Sichuan Public Security Record No. 51010402000507",
        ("Sichuan", ("51",), "51010402000507", False, "en"),
    ),
    (
        "Sichuan Internet Security Record No. 51010402000507",
        ("Sichuan", ("51",), "51010402000507", False, "en"),
    ),
    (
        "Sichuan Computer Information Network and Internet Security Record No. 51010402000507",
        ("Sichuan", ("51",), "51010402000507", False, "en"),
    ),
    (
        "Beijing Public Security Network Record No. 11010202000001",
        ("Beijing", ("11",), "11010202000001", False, "en"),
    ),
    ("Public Security Filing No.: 11010202000001", ("", (), "11010202000001", False, "en")),
    ("Chuan Gong Wang An Bei 51010402000507", ("Chuan", ("51",), "51010402000507", False, "en")),
    ("51010402000507", ("", (), "51010402000507", False, "en")),
    ("51010402000507号", ("", (), "51010402000507", True, "zh")),
]


@pytest.mark.parametrize(("text", "expected"), PSB_CASES, ids=[c[0] for c in PSB_CASES])
def test_parse_public_security(text: str, expected: tuple[str, tuple[str, ...], str, bool, str]) -> None:
    number = parse_public_security(text)
    assert number is not None
    assert (number.prefix, codes(number), number.digits, number.has_hao, number.language) == expected


@pytest.mark.parametrize(
    "text",
    ["", "蜀ICP备13001288号", "Sichuan ICP No. 13001288", "公网安备", "Unit in Charge: General Office"],
)
def test_parse_public_security_none(text: str) -> None:
    assert parse_public_security(text) is None


def test_public_security_glued_after_icp() -> None:
    number = parse_public_security("网站标识码bm01000001\u3000京ICP备05070218号京公网安备11010202000001号")
    assert number is not None
    assert (number.prefix, number.digits, number.text) == (
        "京",
        "11010202000001",
        "京公网安备11010202000001号",
    )
    # Glued to the ICP number's 号 without an abbreviation: 号 is not a province.
    number = parse_public_security("京ICP备05070218号公网安备11010202000001号")
    assert number is not None and (number.prefix, number.digits) == ("", "11010202000001")


def test_public_security_area_code_and_format() -> None:
    number = parse_public_security("黔公网安备52010202003658号")
    assert number is not None
    assert number.area_code == "520102"
    assert number.province == by_code("52")
    assert number.format() == "贵公网安备52010202003658号"


def test_public_security_image_noise() -> None:
    number = parse_public_security("Sichuan Public Security Record No. 51010402000507Image 10")
    assert number is not None and number.digits == "51010402000507"


# --- site identification code -------------------------------------------------------------------------------

# text -> (value, kind, province code or None)
SITE_CASES: list[tuple[str, tuple[str, str, str | None]]] = [
    ("网站标识码：5100000062", ("5100000062", "regional", "51")),
    ("网站标识码:5100000062", ("5100000062", "regional", "51")),
    ("网站标识码 5100000062", ("5100000062", "regional", "51")),
    ("网站标识码5100000062", ("5100000062", "regional", "51")),
    ("网站标识号：1304000009", ("1304000009", "regional", "13")),
    ("政府网站标识码：5100000062", ("5100000062", "regional", "51")),
    ("网站标识码bm01000001", ("bm01000001", "department", None)),
    ("网站标识码：BM01000001", ("BM01000001", "department", None)),
    ("Website Identification Code: 5100000062", ("5100000062", "regional", "51")),
    ("Website Identification Code:5100000062", ("5100000062", "regional", "51")),
    ("website identification code 5100000062", ("5100000062", "regional", "51")),
    ("网站标识码：５１００００００６２", ("5100000062", "regional", "51")),
    ("网站标识码：510000006", ("510000006", "unknown", None)),
    ("网站标识码：51000000621", ("51000000621", "unknown", None)),
    ("网站标识码：9100000062", ("9100000062", "unknown", None)),
    ("网站标识码：1900000000", ("1900000000", "regional", None)),  # shape fits, no province 19
    ("网站标识码：XXXXXXXXXX", ("XXXXXXXXXX", "unknown", None)),
    ("5100000062", ("5100000062", "regional", "51")),
    ("bm01000001", ("bm01000001", "department", None)),
    ("5100 0000 62", ("5100000062", "regional", "51")),
]


@pytest.mark.parametrize(("text", "expected"), SITE_CASES, ids=[c[0] for c in SITE_CASES])
def test_parse_site_code(text: str, expected: tuple[str, str, str | None]) -> None:
    code = parse_site_code(text)
    assert code is not None
    assert (code.value, code.kind, code.province.code if code.province else None) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Glued ICP / public-security numbers must not be read as part of the code.
        ("网站标识码bm01000001\u3000京ICP备05070218号京公网安备11010202000001号", "bm01000001"),
        ("网站标识码bm01000001京ICP备05070218号", "bm01000001"),
        ("Website Identification Code: 5100000062 Sichuan ICP No. 13001288", "5100000062"),
        ("网站标识码：5100000062 蜀ICP备13001288号", "5100000062"),
        ("网站标识码：5100000062 51010402000507", "5100000062"),
        ("网站标识码5100000062Image 10", "5100000062"),
        ("主办单位：四川省人民政府办公厅 网站标识码：5100000062", "5100000062"),
    ],
)
def test_site_code_in_glued_text(text: str, value: str) -> None:
    code = parse_site_code(text)
    assert code is not None and code.value == value


@pytest.mark.parametrize(
    "text",
    ["", "网站标识码：", "Sichuan ICP No. 13001288", "蜀ICP备13001288号", "主办单位：四川省人民政府办公厅"],
)
def test_parse_site_code_none(text: str) -> None:
    assert parse_site_code(text) is None


def test_site_code_text_and_found_in() -> None:
    code = parse_site_code("Website Identification Code: 5100000062 Sichuan ICP No. 13001288", found_in="raw")
    assert code == SiteCode("Website Identification Code: 5100000062", "5100000062", "regional", by_code("51"), "raw")


# --- units -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("主办单位：四川省人民政府办公厅", "四川省人民政府办公厅"),
        ("主办单位:四川省人民政府办公厅", "四川省人民政府办公厅"),
        ("主办单位 四川省人民政府办公厅", "四川省人民政府办公厅"),
        ("主办单位四川省人民政府办公厅", "四川省人民政府办公厅"),
        ("主办：四川省人民政府办公厅", "四川省人民政府办公厅"),
        ("承办单位：四川省大数据中心", "四川省大数据中心"),
        ("承办：四川省大数据中心", "四川省大数据中心"),
        ("运行维护单位：中国电信四川分公司", "中国电信四川分公司"),
        ("运维单位：中国电信四川分公司", "中国电信四川分公司"),
        ("技术支持：中国电信四川分公司", "中国电信四川分公司"),
        ("四川省人民政府办公厅", "四川省人民政府办公厅"),
        (
            "Unit in Charge: General Office of Sichuan Provincial People’s Government",
            "General Office of Sichuan Provincial People’s Government",
        ),
        ("Sponsor: Sichuan Provincial People's Government", "Sichuan Provincial People's Government"),
        ("Sponsored by Sichuan Provincial People's Government", "Sichuan Provincial People's Government"),
        ("Organizer: Sichuan Provincial Big Data Center", "Sichuan Provincial Big Data Center"),
        ("Organizer：Sichuan Provincial Big Data Center", "Sichuan Provincial Big Data Center"),
        ("Website Operation and Maintenance: China Telecom Sichuan Branch", "China Telecom Sichuan Branch"),
        ("  主办单位：　四川省人民政府办公厅　 ", "四川省人民政府办公厅"),
        # Text glued after the name is cut off.
        ("主办单位：四川省人民政府办公厅\u3000承办单位：四川省大数据中心", "四川省人民政府办公厅"),
        ("四川省人民政府办公厅 蜀ICP备13001288号", "四川省人民政府办公厅"),
        ("中共四川省委 四川省人民政府", "中共四川省委 四川省人民政府"),
    ],
)
def test_parse_unit(text: str, expected: str) -> None:
    assert parse_unit(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "主办单位：", "Unit in Charge:", "\u3000"])
def test_parse_unit_empty(text: str) -> None:
    assert parse_unit(text) is None


def test_find_unit_in_chinese_raw_footer() -> None:
    raw = (
        "主办单位：四川省人民政府办公厅　承办单位：四川省大数据中心　运维单位：中国电信四川分公司\n"
        "网站标识码：5100000062　蜀ICP备13001288号　川公网安备51010402000507号"
    )
    assert find_unit(raw, "unit_in_charge") == "四川省人民政府办公厅"
    assert find_unit(raw, "organizer") == "四川省大数据中心"
    assert find_unit(raw, "operator") == "中国电信四川分公司"


def test_technical_support_is_its_own_field_not_the_operator() -> None:
    # A vendor named under 技术支持 is not the operator (运维单位) and never the unit in charge.
    assert find_unit("主办：某市人民政府 技术支持：某某科技有限公司", "tech_support") == "某某科技有限公司"
    assert find_unit("主办：某市人民政府 技术支持：某某科技有限公司", "operator") is None
    assert find_unit("主办：某市人民政府", "operator") is None
    assert find_unit("", "unit_in_charge") is None


@pytest.mark.parametrize(
    "name",
    [
        "XXX",
        "xxx",
        "xxx单位",
        "XX市XX局",
        "X市人民政府",
        "××局",
        "某某",
        "某某单位",
        "待定",
        "TBD",
        "N/A",
        "n/a",
        "示例",
        "example",
        "Example",
        "test",
        "测试",
        "测试单位",
        "Test Company",
        "—",
        "-",
        "...",
        "/",
        "",
        "12345",
        "{{unit}}",
        "${unitName}",
        "请输入单位名称",
        "暂无",
        "无",
        "????",
        "lorem ipsum",
    ],
)
def test_placeholder_units(name: str) -> None:
    assert is_placeholder_unit(name)


@pytest.mark.parametrize(
    "name",
    [
        "四川省人民政府办公厅",
        "General Office of Sichuan Provincial People’s Government",
        "四川省大数据中心",
        "中国测试技术研究院",
        "Xinjiang Uygur Autonomous Region People's Government",
        "Exxon",
        "中国电信四川分公司",
        "China Telecom Sichuan Branch",
        "新疆维吾尔自治区人民政府",
    ],
)
def test_real_units_are_not_placeholders(name: str) -> None:
    assert not is_placeholder_unit(name)


@pytest.mark.parametrize(
    "name",
    [
        "四川省人民政府办公厅",
        "四川省人民政府",
        "国务院办公厅",
        "外交部",
        "北京市统计局",
        "四川省发展和改革委员会",
        "成都市人民代表大会常务委员会",
        "四川省高级人民法院",
        "中共四川省委宣传部",
        "四川省大数据中心",
        "中华人民共和国财政部国库司",  # a department (司) of a ministry
        "General Office of Sichuan Provincial People’s Government",
        "Sichuan Provincial People's Government",
        "Ministry of Foreign Affairs",
        "Beijing Municipal Bureau of Statistics",
        "Sichuan Provincial Development and Reform Commission",
        "Sichuan Provincial Big Data Center",
        "General Office of the State Council",
    ],
)
def test_government_bodies(name: str) -> None:
    assert looks_like_government_body(name)


@pytest.mark.parametrize(
    "name",
    [
        "中国电信股份有限公司四川分公司",
        "中国电信四川分公司",
        "China Telecom Sichuan Branch",
        "某某科技中心",
        "四川日报社",
        "XX俱乐部",
        "ABC Technology Center",
        "Sichuan Daily",
        "四川某某网络科技有限公司",
        "Beijing Government Data Co., Ltd.",
    ],
)
def test_not_government_bodies(name: str) -> None:
    assert not looks_like_government_body(name)


# --- label language --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("主办单位：四川省人民政府办公厅 网站标识码：5100000062 蜀ICP备13001288号", "zh"),
        ("蜀ICP备13001288号", "zh"),
        ("川公网安备51010402000507号", "zh"),
        ("Unit in Charge: General Office of Sichuan Provincial People’s Government", "en"),
        ("Sichuan ICP No. 13001288", "en"),
        ("Sichuan Public Security Record No. 51010402000507", "en"),
        ("Website Identification Code: 5100000062", "en"),
        ("ICP Filing: 京ICP备05070218号", None),  # evenly split: no verdict
        ("Sichuan ICP No. 13001288 川公网安备51010402000507号", None),
        ("Unit in Charge: X ICP Filing: 京ICP备05070218号", "en"),
        ("General Office of Sichuan Provincial People’s Government", None),
        ("四川省人民政府办公厅", None),
        ("", None),
    ],
)
def test_label_language(text: str, expected: str | None) -> None:
    assert label_language(text) == expected


# --- the seed page ---------------------------------------------------------------------------------------


def test_seed_page_footer_lines() -> None:
    lines = seed_footer_lines()
    assert lines[0].startswith("Unit in Charge:")
    assert parse_unit(lines[0]) == "General Office of Sichuan Provincial People’s Government"
    assert parse_unit(lines[1]) == "Sichuan Provincial Big Data Center"
    assert parse_unit(lines[2]) == "China Telecom Sichuan Branch"

    site = parse_site_code(lines[3])
    assert site is not None
    assert (site.value, site.kind, site.province) == ("5100000062", "regional", by_code("51"))

    icp = parse_icp(lines[3])
    assert icp is not None
    assert (icp.prefix, codes(icp), icp.digits, icp.language, icp.has_hao) == (
        "Sichuan",
        ("51",),
        "13001288",
        "en",
        False,
    )
    assert icp.format() == "蜀ICP备13001288号"

    psb = parse_public_security(lines[4])
    assert psb is not None
    assert (psb.prefix, codes(psb), psb.digits, psb.language) == ("Sichuan", ("51",), "51010402000507", "en")
    assert label_language("\n".join(lines)) == "en"


def test_seed_page_footer_as_raw_only() -> None:
    raw = "\n".join(seed_footer_lines())
    parsed = parse_footer(footer_of(raw=raw))
    assert parsed.unit_in_charge == "General Office of Sichuan Provincial People’s Government"
    assert parsed.organizer == "Sichuan Provincial Big Data Center"
    assert parsed.operator == "China Telecom Sichuan Branch"
    assert parsed.site_code is not None and parsed.site_code.value == "5100000062"
    assert parsed.site_code.found_in == "raw"
    assert parsed.icp is not None and parsed.icp.digits == "13001288" and parsed.icp.found_in == "raw"
    assert parsed.public_security is not None
    assert parsed.public_security.digits == "51010402000507" and parsed.public_security.found_in == "raw"
    assert parsed.label_language == "en"


def test_seed_page_with_glued_19_digit_number() -> None:
    # DOMAIN.md: a capture of the seed page reads "Security Record No. 5101040200050710897".
    line = seed_footer_lines()[4].replace("51010402000507", "5101040200050710897")
    psb = parse_public_security(line)
    assert psb is not None and psb.digits == "5101040200050710897"


def test_whole_page_text_is_searched() -> None:
    page = SEED_PAGE.read_text(encoding="utf-8")
    icp, psb, site = parse_icp(page), parse_public_security(page), parse_site_code(page)
    assert icp is not None and icp.digits == "13001288"
    assert psb is not None and psb.digits == "51010402000507"
    assert site is not None and site.value == "5100000062"


# --- parse_footer ----------------------------------------------------------------------------------------


def test_parse_footer_none_and_empty() -> None:
    for footer in (None, footer_of()):
        parsed = parse_footer(footer)
        assert parsed.icp is None and parsed.public_security is None and parsed.site_code is None
        assert parsed.unit_in_charge is None and parsed.organizer is None and parsed.operator is None
        assert parsed.label_language is None


def test_parse_footer_fields() -> None:
    footer = footer_of(
        unit_in_charge="主办单位：四川省人民政府办公厅",
        organizer="承办单位：四川省大数据中心",
        operator="运维单位：中国电信四川分公司",
        site_code="网站标识码：5100000062",
        icp="蜀ICP备13001288号-1",
        public_security="川公网安备 51010402000507号",
        raw="this raw text is not used for fields that are given: 京ICP备05070218号",
    )
    parsed = parse_footer(footer)
    assert parsed.unit_in_charge == "四川省人民政府办公厅"
    assert parsed.organizer == "四川省大数据中心"
    assert parsed.operator == "中国电信四川分公司"
    assert parsed.site_code is not None and parsed.site_code.value == "5100000062"
    assert parsed.site_code.found_in == "field"
    assert parsed.icp is not None
    assert (parsed.icp.prefix, parsed.icp.digits, parsed.icp.site_suffix, parsed.icp.found_in) == (
        "蜀",
        "13001288",
        1,
        "field",
    )
    assert parsed.public_security is not None
    assert (parsed.public_security.digits, parsed.public_security.found_in) == ("51010402000507", "field")
    assert parsed.label_language == "zh"


def test_parse_footer_falls_back_to_raw_for_absent_or_blank_fields() -> None:
    raw = "网站标识码bm01000001\u3000京ICP备05070218号京公网安备11010202000001号"
    parsed = parse_footer(footer_of(icp="  ", raw=raw))
    assert parsed.icp is not None and (parsed.icp.digits, parsed.icp.found_in) == ("05070218", "raw")
    assert parsed.public_security is not None
    assert (parsed.public_security.digits, parsed.public_security.found_in) == ("11010202000001", "raw")
    assert parsed.site_code is not None
    assert (parsed.site_code.value, parsed.site_code.kind, parsed.site_code.found_in) == (
        "bm01000001",
        "department",
        "raw",
    )


def test_parse_footer_does_not_fall_back_when_the_field_has_unreadable_text() -> None:
    parsed = parse_footer(footer_of(icp="备案中", raw="蜀ICP备13001288号"))
    assert parsed.icp is None


def test_parse_footer_raw_bare_number_is_not_a_field() -> None:
    # A raw footer that is only a number says nothing about which field it is.
    parsed = parse_footer(footer_of(raw="13001288"))
    assert parsed.icp is None and parsed.public_security is None and parsed.site_code is None


def test_parse_footer_same_footer_twice() -> None:
    block = "主办单位：北京市人民政府办公厅 网站标识码bm01000001 京ICP备05070218号 京公网安备11010202000001号"
    once = parse_footer(footer_of(raw=block))
    twice = parse_footer(footer_of(raw=block + "\n" + block))
    assert once == twice
    assert once.unit_in_charge == "北京市人民政府办公厅"


def test_parse_footer_full_width_and_ideographic_spaces() -> None:
    raw = (
        "主办单位：四川省人民政府办公厅　网站标识码：５１００００００６２　"
        "蜀ＩＣＰ备１３００１２８８号　川公网安备５１０１０４０２０００５０７号"
    )
    parsed = parse_footer(footer_of(raw=raw))
    assert parsed.unit_in_charge == "四川省人民政府办公厅"
    assert parsed.site_code is not None and parsed.site_code.value == "5100000062"
    assert parsed.icp is not None and parsed.icp.digits == "13001288"
    assert parsed.public_security is not None and parsed.public_security.digits == "51010402000507"


def test_parse_footer_english_fields_with_chinese_number() -> None:
    parsed = parse_footer(footer_of(icp="ICP Filing: 京ICP备05070218号", unit_in_charge="Sponsor: Beijing Government"))
    assert parsed.icp is not None and parsed.icp.language == "zh"
    assert parsed.unit_in_charge == "Beijing Government"
    assert parsed.label_language == "en"
