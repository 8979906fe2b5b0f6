"""F5: the footer fields agree with each other and with the record."""

from __future__ import annotations

from collections.abc import Iterator

from validator.findings import Severity
from validator.provinces import Province, by_code
from validator.rules.base import FooterContext, RecordContext, Violation, rule
from validator.rules.requirements import FOOTER_CONSISTENCY


@rule(
    "F501",
    "province-mismatch",
    Severity.WARNING,
    "ICP, public security and site code point to one province",
    scope="footer",
    requirement=FOOTER_CONSISTENCY,
)
def province_mismatch(ctx: FooterContext) -> Iterator[Violation]:
    """The ICP abbreviation, the public security number's province code and the site code's region should
    name the same province. A warning, not an error: a site may file where its operator sits (a ministry's
    portal hosted in Beijing, a company with offices elsewhere). Department site codes (bm...) and ambiguous
    English pinyin (F105) carry no province and are left out of the comparison.

    Passing: 蜀ICP备13001288号 + 川公网安备51010402000507号 + 5100000062 (all Sichuan)
    Failing: 京ICP备05070218号 + 川公网安备51010402000507号 -> F501 at /footer
    """
    footer = ctx.parsed_footer
    seen: list[tuple[str, Province]] = []
    if footer.icp is not None and footer.icp.province is not None:
        seen.append(("ICP number", footer.icp.province))
    if footer.public_security is not None:
        psb = by_code(footer.public_security.digits[:2]) or footer.public_security.province
        if psb is not None:
            seen.append(("public security number", psb))
    if footer.site_code is not None and footer.site_code.province is not None:
        seen.append(("site code", footer.site_code.province))
    if len({province.code for _, province in seen}) > 1:
        listing = ", ".join(f"{what}: {p.name_en}" for what, p in seen)
        yield Violation(f"the footer's filings point to different provinces ({listing})", "/footer")


@rule(
    "F502",
    "label-language-mismatch",
    Severity.INFO,
    "The footer labels are in the page's language",
    requirement=FOOTER_CONSISTENCY,
)
def label_language_mismatch(ctx: RecordContext) -> Iterator[Violation]:
    """The footer's labels (主办单位 / "Unit in Charge", 蜀ICP备 / "Sichuan ICP No.") are in another language
    than the record's `language`: an English edition showing the Chinese footer, or a record whose
    `language` is wrong. Informational.

    Passing: language "en" with "Sichuan ICP No. 13001288"
    Failing: language "en" with "蜀ICP备13001288号" and "主办单位：..." -> F502 at /language
    """
    shown = ctx.parsed_footer.label_language
    language = ctx.record.language
    if shown is None or language is None:
        return
    primary = language.split("-", 1)[0].lower()
    if primary in ("zh", "en") and primary != shown:
        yield Violation(
            f"footer labels are in {'Chinese' if shown == 'zh' else 'English'} but the record's language is "
            f"{language!r}",
            "/language",
        )
