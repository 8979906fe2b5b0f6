"""F2: the public security filing number (公安机关备案号), MPS Order 33 Art. 12."""

from __future__ import annotations

from collections.abc import Iterator

from validator.findings import Severity
from validator.provinces import by_code
from validator.rules.base import FooterContext, Violation, rule
from validator.rules.footer_common import GOV_NEWS, field_path, quote
from validator.rules.requirements import PUBLIC_SECURITY

DIGITS = 14
LEGACY_DIGITS = 12
# Beijing, Tianjin, Shanghai, Chongqing: the municipal bureau files at the province level, and national media in
# Beijing show 110000 numbers (京公网安备11000002000008号, people.com.cn).
_MUNICIPALITIES = frozenset(("11", "12", "31", "50"))


@rule(
    "F201",
    "public-security-missing",
    Severity.ERROR,
    "The footer shows a public security filing number",
    profiles=GOV_NEWS,
    scope="footer",
    requirement=PUBLIC_SECURITY,
)
def public_security_missing(ctx: FooterContext) -> Iterator[Violation]:
    """Websites must file with the public security organs (MPS Order 33, Art. 12) and show the filing
    number, usually with the badge linking to the national filing system. Required by the `gov` and `news`
    profiles; `minimal` checks the number only when shown.

    Passing: "public_security": "川公网安备51010402000507号"
    Failing: no "public_security" and none in "raw" -> F201 at /footer/public_security
    """
    if ctx.parsed_footer.public_security is None and ctx.footer_text("public_security") is None:
        yield Violation("the footer shows no public security filing number", "/footer/public_security")


@rule(
    "F202",
    "public-security-malformed",
    Severity.ERROR,
    "The public security number is well formed",
    scope="footer",
    requirement=PUBLIC_SECURITY,
)
def public_security_malformed(ctx: FooterContext) -> Iterator[Violation]:
    """The number is not `<abbr>公网安备<14 digits>号`: wrong digit count (12-digit legacy numbers are F203) or
    no digits at all. The closing 号 is not required (many real footers leave it out). Text extraction often
    glues other numbers to it (the seed page's footer text, extracted with its byte count behind it, reads
    5101040200050710897): such a value is reported with its digit count so the glue can be found.

    A space inside the word 公网安备 ("京公网安 备11010202008266号") or its words out of order ("湘公安网备号…")
    break the label: the number is read and checked, and the label reported, so a broken label is never
    mistaken for a missing number (F201).

    Passing: 川公网安备51010402000507号, 川公网安备51010402000507, Sichuan ... Internet Security Record No.
             51010402000507
    Failing: 川公网安备5101040200050710897号 (19 digits), 京公网安 备11010202008266号 (space inside the label) -> F202
    """
    number = ctx.parsed_footer.public_security
    text = ctx.footer_text("public_security")
    if number is None:
        if text is not None:
            yield Violation(f"no public security number can be read in {quote(text)}", "/footer/public_security")
        return
    path = field_path("public_security", number.found_in)
    if number.form == "legacy":
        return  # the old dashed form: F203
    if number.form == "odd-label":
        yield Violation(
            f"public security number {quote(number.text)} has its label's words out of order; write "
            f"{number.prefix}公网安备{number.digits}号",
            path,
        )
    if number.form == "spaced-label":
        yield Violation(
            f"public security number {quote(number.text)} has a space inside the word 公网安备; "
            f"write {number.prefix}公网安备{number.digits}号",
            path,
        )
    if not number.digits.isdigit():
        yield Violation(f"public security number {quote(number.text)} has non-digit characters", path)
        return
    if len(number.digits) not in (DIGITS, LEGACY_DIGITS):
        yield Violation(
            f"public security number {number.digits} has {len(number.digits)} digits; expected {DIGITS}", path
        )


@rule(
    "F203",
    "public-security-legacy",
    Severity.WARNING,
    "The public security number has its current form",
    scope="footer",
    requirement=PUBLIC_SECURITY,
)
def public_security_legacy(ctx: FooterContext) -> Iterator[Violation]:
    """A public security number in an old format still seen on some sites: 12 digits, or the dashed 公网备
    form of the old provincial systems (渝公网备500000012-00013). The current national filing system issues
    14-digit 公网安备 numbers; check that the site's filing is still valid and show the current number.

    Passing: 京公网安备11010202000001号
    Failing: 京公网安备110102000001号, 渝公网备500000012-00013 -> F203
    """
    number = ctx.parsed_footer.public_security
    if number is not None and number.form == "legacy":
        yield Violation(
            f"public security number {quote(number.text)} has the legacy 公网备 form; the national filing system "
            "issues 14-digit 公网安备 numbers",
            field_path("public_security", number.found_in),
        )
    elif number is not None and number.digits.isdigit() and len(number.digits) == LEGACY_DIGITS:
        yield Violation(
            f"public security number {number.digits} has the legacy 12-digit form",
            field_path("public_security", number.found_in),
        )


@rule(
    "F204",
    "public-security-prefix-mismatch",
    Severity.ERROR,
    "The public security prefix agrees with the number's province code",
    scope="footer",
    requirement=PUBLIC_SECURITY,
)
def public_security_prefix_mismatch(ctx: FooterContext) -> Iterator[Violation]:
    """The first two digits are the GB/T 2260 province code and must belong to the province of the prefix:
    11 京, 51 川, 52 贵 (黔 also seen), 62 甘 ... A prefix that is no province's public-security
    abbreviation is reported too (for example 蜀, which is Sichuan's ICP abbreviation, not its police one).

    Passing: 川公网安备51010402000507号, 贵公网安备52010202003658号
    Failing: 川公网安备11010202000001号 (11 is Beijing), 吉公网安备20202020001150号 (20 is no province's code),
             蜀公网安备51010402000507号 -> F204
    """
    number = ctx.parsed_footer.public_security
    if number is None or not number.prefix or not number.digits[:2].isdigit() or number.form == "legacy":
        return  # (old provincial and city systems used other prefixes: 郑公备 is Zhengzhou's)
    path = field_path("public_security", number.found_in)
    if not number.provinces:
        yield Violation(f"prefix {number.prefix!r} is not a province's public-security abbreviation", path)
        return
    by_digits = by_code(number.digits[:2])
    if by_digits is None:
        expected = "/".join(p.code for p in number.provinces)
        yield Violation(
            f"prefix {number.prefix!r} ({'/'.join(p.name_en for p in number.provinces)}) expects province code "
            f"{expected}, but the number starts with {number.digits[:2]}, which is no province's",
            path,
        )
    elif by_digits not in number.provinces:
        shown = "/".join(p.name_en for p in number.provinces)
        yield Violation(
            f"prefix {number.prefix!r} ({shown}) disagrees with province code {number.digits[:2]} "
            f"({by_digits.name_en}, {by_digits.psb_abbr})",
            path,
        )


@rule(
    "F205",
    "public-security-area-code",
    Severity.WARNING,
    "The public security number starts with a plausible area code",
    scope="footer",
    requirement=PUBLIC_SECURITY,
)
def public_security_area_code(ctx: FooterContext) -> Iterator[Violation]:
    """Digits 1-6 are usually the county-level GB/T 2260 code of the filing police office. pav has no full
    county table, so this is a plausibility check only, and never more than a warning (central ministries
    file under 110401, for instance): the first two digits must be a province code, and digits 3-6 must
    not be 0000 (a province is not a filing office), except in the four municipalities (Beijing, Tianjin,
    Shanghai, Chongqing), whose bureaus file at the province level (national media in Beijing show 110000).

    Passing: 51010402000507 (510104, Jinjiang district of Chengdu)
    Failing: 99010402000507 (99 is no province), 51000002000507 -> F205
    """
    number = ctx.parsed_footer.public_security
    if number is None or not number.digits.isdigit() or len(number.digits) < 6:
        return
    path = field_path("public_security", number.found_in)
    area = number.area_code
    if by_code(area[:2]) is None:
        yield Violation(f"area code {area} does not start with a province code ({area[:2]} is none)", path)
    elif area[2:] == "0000" and area[:2] not in _MUNICIPALITIES:
        yield Violation(f"area code {area} names a whole province, not a filing office", path)
