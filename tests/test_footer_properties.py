"""Property tests: the parsers never raise, and well-formed numbers survive format -> parse, also when
written the way real pages write them (spaces, full-width digits, U+3000, dash variants)."""

from __future__ import annotations

from typing import Literal

from hypothesis import given, settings
from hypothesis import strategies as st

from validator.footer import (
    IcpNumber,
    PublicSecurityNumber,
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
from validator.provinces import PROVINCES, Province, by_english
from validator.record import Footer

EXAMPLES = settings(max_examples=200, deadline=None)

# Characters the parsers care about, so random text often comes close to a real number.
DOMAIN_ALPHABET = (
    "蜀川京黔贵陇甘萌ICPicp备证号公网安备案序机关主办承运维单位标识码网站"
    "0123456789０１２３XxbmBM -—－–:：.。 \u3000\n"
    "SichuanJiMinNoRecordLicenseSecurityPublicWebsiteIdentificationCodeImage"
)
domain_text = st.text(alphabet=DOMAIN_ALPHABET, max_size=80)
any_text = st.text(max_size=200)

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SEPARATORS = st.sampled_from(["", " ", "\u3000", "  ", " \u3000"])
INNER_SPACES = st.sampled_from([" ", "\u3000"])  # a space inside a digit run
DASHES = st.sampled_from(["-", "—", "－", "–", "‑", "―"])
provinces = st.sampled_from(PROVINCES)


def digit_strings(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


@st.composite
def spaced_digits(draw: st.DrawFn, digits: str) -> str:
    """`digits` cut into groups separated by one space or U+3000, as some pages write them."""
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=3))) if len(digits) > 1 else []
    groups, last = [], 0
    for cut in [*cuts, len(digits)]:
        groups.append(digits[last:cut])
        last = cut
    out = groups[0]
    for group in groups[1:]:
        out += draw(INNER_SPACES) + group
    return out


@st.composite
def icp_numbers(draw: st.DrawFn) -> IcpNumber:
    province = draw(provinces)
    kind: Literal["filing", "licence"] = draw(st.sampled_from(["filing", "licence"]))
    length = 6 if kind == "licence" else draw(st.sampled_from([6, 8, 10]))
    digits = draw(digit_strings(length))
    suffix = draw(st.none() | st.integers(1, 99)) if kind == "filing" else None
    return IcpNumber("", province.icp_abbr, (province,), kind, digits, suffix, True, "zh")


@st.composite
def psb_numbers(draw: st.DrawFn) -> PublicSecurityNumber:
    province = draw(provinces)
    digits = province.code + draw(digit_strings(12))
    return PublicSecurityNumber("", province.psb_abbr, (province,), digits, True, "zh")


# --- (a) never raise -------------------------------------------------------------------------------------


@EXAMPLES
@given(st.one_of(any_text, domain_text))
def test_parsers_never_raise(text: str) -> None:
    norm = normalize(text)
    assert isinstance(norm, str)
    squeezed = squeeze_number_spaces(norm)
    assert squeezed.replace(" ", "") == norm.replace(" ", "")  # only spaces are removed
    for found_in in ("field", "raw"):
        numbers = (parse_icp(text, found_in), parse_public_security(text, found_in), parse_site_code(text, found_in))
        for number in numbers:
            # A number is read from the text (as normalised) and says where it was read.
            assert number is None or (number.found_in == found_in and number.text and number.text in norm)
    for unit in (parse_unit(text), find_unit(text, "unit_in_charge"), find_unit(text, "operator")):
        assert unit is None or (unit.strip() == unit != "")  # a name, never blank or padded
    assert isinstance(is_placeholder_unit(text), bool)
    assert isinstance(looks_like_government_body(text), bool)
    assert label_language(text) in ("zh", "en", None)
    assert all(isinstance(province, Province) for province in by_english(text))


@EXAMPLES
@given(st.one_of(any_text, domain_text), st.one_of(any_text, domain_text), st.none() | domain_text)
def test_parse_footer_never_raises(a: str, b: str, c: str | None) -> None:
    fields = {
        "icp": a,
        "public_security": b,
        "site_code": c,
        "unit_in_charge": a,
        "organizer": c,
        "operator": b,
    }
    # A field with text is parsed from that text alone, as its own parser reads it (no raw footer here).
    parsed = parse_footer(Footer.model_validate(fields))
    assert parsed.icp == parse_icp(a)
    assert parsed.public_security == parse_public_security(b)
    assert parsed.site_code == (parse_site_code(c) if c is not None else None)
    assert parsed.label_language in ("zh", "en", None)
    # Absent fields are looked for in the raw footer: what is found there says so and is part of it.
    raw = a + "\n" + b
    from_raw = parse_footer(Footer.model_validate({"raw": raw}))
    for number in (from_raw.icp, from_raw.public_security, from_raw.site_code):
        assert number is None or (number.found_in == "raw" and number.text in normalize(raw))


@EXAMPLES
@given(any_text)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@EXAMPLES
@given(st.one_of(any_text, domain_text))
def test_parsed_numbers_are_consistent(text: str) -> None:
    icp = parse_icp(text)
    if icp is not None:
        assert icp.digits and " " not in icp.digits
        assert icp.text and icp.text in normalize(text)
        assert len(icp.provinces) != 1 or icp.province is icp.provinces[0]
    psb = parse_public_security(text)
    if psb is not None:
        assert psb.digits and " " not in psb.digits
        assert psb.text and psb.text in normalize(text)


# --- (b) round trips -------------------------------------------------------------------------------------


def _icp_fields(number: IcpNumber) -> tuple[object, ...]:
    return (number.prefix, number.provinces, number.kind, number.digits, number.site_suffix, number.has_hao)


@EXAMPLES
@given(icp_numbers())
def test_icp_canonical_round_trip(number: IcpNumber) -> None:
    parsed = parse_icp(number.format())
    assert parsed is not None
    assert _icp_fields(parsed) == _icp_fields(number)
    assert parsed.language == "zh"
    assert parsed.format() == number.format()


@EXAMPLES
@given(icp_numbers(), st.data())
def test_icp_round_trip_as_pages_write_it(number: IcpNumber, data: st.DataObject) -> None:
    def sep() -> str:
        return data.draw(SEPARATORS)

    digits = data.draw(spaced_digits(number.digits))
    icp = data.draw(st.sampled_from(["ICP", "icp", "ＩＣＰ"]))
    mark = "证" if number.kind == "licence" else "备"
    text = f"{number.prefix}{sep()}{icp}{sep()}{mark}{sep()}{digits}{sep()}号"
    if number.site_suffix is not None:
        text += f"{sep()}{data.draw(DASHES)}{sep()}{number.site_suffix}"
    if data.draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    context = data.draw(st.sampled_from(["{}", "备案号：{}", "ICP备案号:{}", "{}\u3000川公网安备51010402000507号"]))
    parsed = parse_icp(context.format(text))
    assert parsed is not None, text
    assert _icp_fields(parsed) == _icp_fields(number)


@EXAMPLES
@given(icp_numbers(), st.data())
def test_icp_english_round_trip(number: IcpNumber, data: st.DataObject) -> None:
    province: Province = number.provinces[0]
    label = "License" if number.kind == "licence" else data.draw(st.sampled_from(["", "Record ", "Filing "]))
    name = data.draw(st.sampled_from([province.name_en, province.name_en.upper(), *province.pinyin]))
    suffix = f"-{number.site_suffix}" if number.site_suffix is not None else ""
    text = f"{name} ICP {label}No. {number.digits}{suffix}"
    parsed = parse_icp(text)
    assert parsed is not None, text
    assert (parsed.kind, parsed.digits, parsed.site_suffix, parsed.language) == (
        number.kind,
        number.digits,
        number.site_suffix,
        "en",
    )
    assert parsed.prefix == name
    assert parsed.provinces == by_english(name)
    assert province in parsed.provinces


@EXAMPLES
@given(psb_numbers())
def test_public_security_canonical_round_trip(number: PublicSecurityNumber) -> None:
    parsed = parse_public_security(number.format())
    assert parsed is not None
    assert (parsed.prefix, parsed.provinces, parsed.digits, parsed.has_hao, parsed.language) == (
        number.prefix,
        number.provinces,
        number.digits,
        True,
        "zh",
    )
    assert parsed.digits[:2] == number.provinces[0].code


@EXAMPLES
@given(psb_numbers(), st.data())
def test_public_security_round_trip_as_pages_write_it(number: PublicSecurityNumber, data: st.DataObject) -> None:
    def sep() -> str:
        return data.draw(SEPARATORS)

    digits = data.draw(spaced_digits(number.digits))
    text = f"{number.prefix}公网安备{sep()}{digits}{sep()}号"
    if data.draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    context = data.draw(
        st.sampled_from(["{}", "公安机关备案号：{}", "蜀ICP备13001288号{}", "网站标识码bm01000001\u3000{}"])
    )
    parsed = parse_public_security(context.format(text))
    assert parsed is not None, text
    assert (parsed.prefix, parsed.provinces, parsed.digits, parsed.has_hao) == (
        number.prefix,
        number.provinces,
        number.digits,
        True,
    )


@EXAMPLES
@given(psb_numbers(), st.data())
def test_public_security_english_round_trip(number: PublicSecurityNumber, data: st.DataObject) -> None:
    province = number.provinces[0]
    phrase = data.draw(
        st.sampled_from(
            [
                "{} Public Security Record No. {}",
                "{} Internet Security Record No. {}",
                "{} Computer Information Network and Internet Security Record No. {}",
                "{} Public Security Network Record No. {}",
            ]
        )
    )
    parsed = parse_public_security(phrase.format(province.name_en, number.digits))
    assert parsed is not None
    assert (parsed.prefix, parsed.provinces, parsed.digits, parsed.language) == (
        province.name_en,
        (province,),
        number.digits,
        "en",
    )


@EXAMPLES
@given(provinces, digit_strings(8), st.data())
def test_regional_site_code_round_trip(province: Province, rest: str, data: st.DataObject) -> None:
    value = province.code + rest
    label = data.draw(st.sampled_from(["网站标识码", "网站标识号", "政府网站标识码", "Website Identification Code"]))
    colon = data.draw(st.sampled_from(["", ":", "：", ": ", " ", "\u3000"]))
    shown = value.translate(FULL_WIDTH) if data.draw(st.booleans()) else value
    tail = data.draw(st.sampled_from(["", " 蜀ICP备13001288号", "京ICP备05070218号", " Sichuan ICP No. 13001288"]))
    code = parse_site_code(f"{label}{colon}{shown}{tail}")
    assert code is not None
    assert (code.value, code.kind, code.province) == (value, "regional", province)


@EXAMPLES
@given(digit_strings(8), st.sampled_from(["bm", "BM"]), st.data())
def test_department_site_code_round_trip(rest: str, bm: str, data: st.DataObject) -> None:
    value = bm + rest
    label = data.draw(st.sampled_from(["网站标识码", "网站标识码：", "Website Identification Code: ", ""]))
    code = parse_site_code(label + value)
    assert code is not None
    assert (code.value, code.kind, code.province) == (value, "department", None)
