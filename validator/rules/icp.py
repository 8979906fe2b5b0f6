"""F1: the ICP filing (备案) or licence (许可证) number, MII Order 33 (2005) Art. 13."""

from __future__ import annotations

import re
from collections.abc import Iterator

from validator.findings import Severity
from validator.i18n import _
from validator.provinces import by_psb_abbr
from validator.rules.base import FooterContext, Violation, rule
from validator.rules.footer_common import field_path, or_list, province_name, quote
from validator.rules.requirements import ICP

# 8 digits: 2-digit year + serial (some older ones 6); 10 digits: 4-digit year + 6.
FILING_DIGITS = (6, 8, 10)
LICENCE_DIGITS = (6,)

_SEQUENTIAL = ("0123456789", "1234567890", "9876543210")
# "苏ICP备-10229414": a dash where the digits should follow 备 or 证 at once.
_DASH_BEFORE_DIGITS = re.compile(r"[备证] ?- ?[0-9]")


@rule(
    "F101",
    "icp-missing",
    Severity.ERROR,
    "The footer shows an ICP filing or licence number",
    scope="footer",
    requirement=ICP,
)
def icp_missing(ctx: FooterContext) -> Iterator[Violation]:
    """Every website operated in mainland China must show its ICP filing number (or, for commercial
    services, its ICP licence number) at the bottom of its home page (MII Order 33, Art. 13), and sites
    show it on every page. Reported when neither `footer.icp` nor the raw footer text holds one.

    Passing: "icp": "蜀ICP备13001288号"  /  "icp": "Sichuan ICP No. 13001288"
    Failing: no "icp" and no ICP number in "raw" -> F101 at /footer/icp
    """
    if ctx.parsed_footer.icp is None and ctx.footer_text("icp") is None:
        yield Violation(_("the footer shows no ICP filing or licence number"), "/footer/icp")


@rule("F102", "icp-malformed", Severity.ERROR, "The ICP number is well formed", scope="footer", requirement=ICP)
def icp_malformed(ctx: FooterContext) -> Iterator[Violation]:
    """The ICP number does not have the form `<abbr>ICP备<digits>号[-N]` or `<abbr>ICP证<digits>号`.

    Filing numbers have 6, 8 (2-digit year + serial) or 10 (4-digit year + 6) digits; licence numbers 6.
    The Chinese form says 备 (filing) or 证 (licence) after ICP; an optional `-N` site suffix (N >= 1) follows the
    number. The closing 号 is not required: many real footers leave it out and the number reads the same.
    English editions ("Sichuan ICP No. 13001288", "Sichuan ICP Record No. 2022018075-2") carry no 号.
    Spaces, full-width digits and dash variants are normalised before the check.

    A dash between 备 and the digits (苏ICP备-10229414) is a malformed form of the number shown, not a missing one.

    Passing: 蜀ICP备13001288号, 蜀ICP备13001288, 蜀ICP备2022018075号-2, 京ICP证000006号, Sichuan ICP No. 13001288
    Failing: 蜀ICP备1300128号 (7 digits), 京ICP00000008号 (no 备), 京ICP证00006号 -> F102 at /footer/icp
    """
    number = ctx.parsed_footer.icp
    text = ctx.footer_text("icp")
    if number is None:
        if text is not None:
            yield Violation(_("no ICP number can be read in {text}").format(text=quote(text)), "/footer/icp")
        return
    path = field_path("icp", number.found_in)
    if number.kind == "telecom-licence":
        return  # not an ICP number at all: F106 says what it is
    if not number.digits.isdigit():
        if _is_placeholder(number.digits):
            return  # F104 says it better
        yield Violation(
            _("ICP number {number} has non-digit characters in {digits!r}").format(
                number=quote(number.text), digits=number.digits
            ),
            path,
        )
        return
    allowed = LICENCE_DIGITS if number.kind == "licence" else FILING_DIGITS
    if len(number.digits) not in allowed:
        template = (
            _("ICP licence number {number} has {count} digits; expected {expected}")
            if number.kind == "licence"
            else _("ICP filing number {number} has {count} digits; expected {expected}")
        )
        expected = or_list([str(n) for n in allowed])
        yield Violation(template.format(number=quote(number.text), count=len(number.digits), expected=expected), path)
    if number.language == "zh" and _DASH_BEFORE_DIGITS.search(number.text) is not None:
        yield Violation(
            _("ICP number {number} has a dash between 备 or 证 and its digits").format(number=quote(number.text)),
            path,
        )
    if number.language == "zh" and "备" not in number.text and "证" not in number.text:
        yield Violation(
            _("ICP number {number} lacks 备 (filing) or 证 (licence) after ICP").format(number=quote(number.text)), path
        )
    if number.site_suffix is not None and number.site_suffix < 1:
        yield Violation(
            _("ICP number {number} has site suffix -{suffix}; N starts at 1").format(
                number=quote(number.text), suffix=number.site_suffix
            ),
            path,
        )


@rule(
    "F103",
    "icp-unknown-province",
    Severity.ERROR,
    "The ICP prefix is a real province abbreviation",
    scope="footer",
    requirement=ICP,
)
def icp_unknown_province(ctx: FooterContext) -> Iterator[Violation]:
    """The ICP number starts with a character (or English name) that is not a filing province's.

    ICP abbreviations are not always the licence-plate characters: Sichuan files as 蜀 (not 川), Guizhou as
    黔 (not 贵), Gansu as 陇 (not 甘); Yunnan is 滇. Joke prefixes (萌ICP备, 茶ICP备) are not real filings.

    Passing: 蜀ICP备13001288号, 黔ICP备..., Sichuan ICP No. 13001288
    Failing: 川ICP备13001288号 (should be 蜀), 萌ICP备20230001号 -> F103 at /footer/icp
    """
    number = ctx.parsed_footer.icp
    if number is None or number.provinces:
        return
    path = field_path("icp", number.found_in)
    if not number.prefix:
        yield Violation(_("ICP number {number} shows no province abbreviation").format(number=quote(number.text)), path)
        return
    trap = by_psb_abbr(number.prefix) if number.language == "zh" else None
    if trap is not None and trap.icp_abbr != number.prefix:
        yield Violation(
            _(
                "{prefix!r} is not an ICP abbreviation: {province} files ICP numbers as {abbr}ICP "
                "(e.g. {abbr}ICP备{digits}号)"
            ).format(prefix=number.prefix, province=province_name(trap), abbr=trap.icp_abbr, digits=number.digits),
            path,
        )
    else:
        yield Violation(
            _("ICP prefix {prefix!r} is not a province abbreviation; not a real filing").format(prefix=number.prefix),
            path,
        )


@rule("F104", "icp-placeholder", Severity.ERROR, "The ICP number is not a placeholder", scope="footer", requirement=ICP)
def icp_placeholder(ctx: FooterContext) -> Iterator[Violation]:
    """The ICP number is a template value left in place: XXXXXXXX, 12345678, 00000000, 88888888 ...

    Passing: 蜀ICP备13001288号
    Failing: 蜀ICP备12345678号, 京ICP备XXXXXXXX号 -> F104 at /footer/icp
    """
    number = ctx.parsed_footer.icp
    if number is not None and _is_placeholder(number.digits):
        yield Violation(
            _("ICP number {number} is a placeholder, not a filing").format(number=quote(number.text)),
            field_path("icp", number.found_in),
        )


@rule(
    "F105",
    "icp-ambiguous-province",
    Severity.INFO,
    "The ICP province can be told from its name",
    scope="footer",
    requirement=ICP,
)
def icp_ambiguous_province(ctx: FooterContext) -> Iterator[Violation]:
    """An English edition writes the ICP province as pinyin that fits two provinces: Ji (冀 Hebei or 吉 Jilin),
    Jin (津 Tianjin or 晋 Shanxi), Yu (渝 Chongqing or 豫 Henan). pav does not guess; the province cross-check
    (F501) then uses the other fields only. Write the province name ("Hebei ICP No.") to remove the doubt.

    Passing: Hebei ICP No. 05012345, Min ICP No. 12001234
    Failing: Ji ICP No. 05012345 -> F105 at /footer/icp
    """
    number = ctx.parsed_footer.icp
    if number is not None and len(number.provinces) > 1:
        names = or_list([f"{province_name(p)} ({p.icp_abbr})" for p in number.provinces])
        yield Violation(
            _("ICP prefix {prefix!r} may mean {names}; pav does not guess").format(prefix=number.prefix, names=names),
            field_path("icp", number.found_in),
        )


_MASK_CHARACTERS = frozenset("x*?#")


def _is_placeholder(digits: str) -> bool:
    if not digits:
        return False
    if set(digits.lower()) <= _MASK_CHARACTERS:
        return True
    if not digits.isdigit():
        return False
    return len(set(digits)) == 1 or (len(digits) >= 6 and any(digits in seq for seq in _SEQUENTIAL))


@rule(
    "F106",
    "icp-shows-telecom-licence",
    Severity.WARNING,
    "The ICP number is not replaced by a telecom licence number",
    scope="footer",
    requirement=ICP,
)
def icp_shows_telecom_licence(ctx: FooterContext) -> Iterator[Violation]:
    """Where the ICP filing number belongs ("ICP备案号：…"), the footer shows a value-added telecom business
    licence number instead: the province's licence-plate character, the business category and a dash
    (粤B2-20050235, 黑B2-20131557-16). A licence is not the filing: MII Order 33 asks every site for its ICP
    filing (or ICP licence) number, linked to the MIIT filing system, where visitors can look it up. pav reads
    the licence number (so F101 does not call the footer empty) and says what it is. "B" without the category
    digit (粤B-20050235) is not a licence number's form either.

    Passing: 粤ICP备09001234号 (a licence number may be shown beside it: 增值电信业务经营许可证：粤B2-20090059)
    Failing: ICP备案号：粤B-20050235, ICP(互联网信息服务)备案号 黑B2-20131557-16 -> F106 at /footer/icp
    """
    number = ctx.parsed_footer.icp
    if number is None or number.kind != "telecom-licence":
        return
    abbr = number.province.icp_abbr if number.province is not None else number.prefix
    category = number.text[len(number.prefix) :].split("-", 1)[0].strip()
    odd = (
        _("; {category!r} lacks the business category digit (B1, B2)").format(category=category)
        if category.upper() == "B"
        else ""
    )
    yield Violation(
        _(
            "{number} is a telecom business licence number, not an ICP filing number{odd}: "
            "show the site's ICP filing number ({abbr}ICP备…号) where the ICP number belongs"
        ).format(number=quote(number.text), odd=odd, abbr=abbr),
        field_path("icp", number.found_in),
    )
