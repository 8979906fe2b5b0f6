"""F3: the government website identification code (网站标识码), 国办发〔2017〕47号."""

from __future__ import annotations

from collections.abc import Iterator

from validator.findings import Severity
from validator.rules.base import FooterContext, Violation, rule
from validator.rules.footer_common import GOV, field_path, quote
from validator.rules.requirements import SITE_CODE


@rule(
    "F301",
    "site-code-missing",
    Severity.ERROR,
    "A government site shows its website identification code",
    profiles=GOV,
    scope="footer",
    requirement=SITE_CODE,
)
def site_code_missing(ctx: FooterContext) -> Iterator[Violation]:
    """Every government website is registered and gets a 10-character identification code, which it must
    show in its footer (网站标识码). Only the `gov` profile requires it.

    Passing: "site_code": "5100000062"  /  "Website Identification Code: 5100000062"
    Failing: no "site_code" and none in "raw" -> F301 at /footer/site_code
    """
    if ctx.parsed_footer.site_code is None and ctx.footer_text("site_code") is None:
        yield Violation("the footer shows no website identification code (网站标识码)", "/footer/site_code")


@rule(
    "F302",
    "site-code-malformed",
    Severity.ERROR,
    "The website identification code is well formed",
    scope="footer",
    requirement=SITE_CODE,
)
def site_code_malformed(ctx: FooterContext) -> Iterator[Violation]:
    """The code is neither regional (10 digits, the first two a province code: 5100000062 Sichuan,
    1304000009 Handan) nor a State Council department's (`bm` + 8 digits: bm01000001 = www.gov.cn).
    No official regex is published; these shapes are inferred from real sites (DOMAIN.md §2).

    Passing: 5100000062, bm01000001
    Failing: 510000006 (9 digits), 9900000001 (99 is no province) -> F302 at /footer/site_code
    """
    code = ctx.parsed_footer.site_code
    text = ctx.footer_text("site_code")
    if code is None:
        if text is not None:
            yield Violation(f"no website identification code can be read in {quote(text)}", "/footer/site_code")
        return
    path = field_path("site_code", code.found_in)
    if code.kind == "unknown" or (code.kind == "regional" and code.province is None):
        yield Violation(f"website identification code {code.value!r} {_shape_problem(code.value)}", path)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _shape_problem(value: str) -> str:
    """What keeps `value` from being a regional code (10 digits from a province code) or a department's code
    (bm + 8 digits), in words naming the part that is wrong."""
    if value[:2].lower() == "bm":
        rest = value[2:]
        if rest and not _digits(rest):
            others = "".join(sorted({c for c in rest if not _digits(c)}))
            return f"has characters other than digits after bm ({others!r}); expected 8 digits"
        return f"has {len(rest)} digits after bm; expected 8"
    if not _digits(value):
        others = "".join(sorted({c for c in value if not _digits(c)}))
        return f"has characters other than digits ({others!r}); expected 10 digits, or bm + 8 digits"
    if len(value) != 10:
        return f"has {len(value)} digits; expected 10, or bm + 8 digits"
    return f"starts with {value[:2]}, which is no province code"
