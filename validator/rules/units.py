"""F4: the responsible units: unit in charge (主办单位), organizer (承办单位), operator (运行维护单位), and the
copyright holder (版权所有) and technical support (技术支持) a footer names."""

from __future__ import annotations

from collections.abc import Iterator

from validator.findings import Severity
from validator.footer.units import is_placeholder_unit, looks_like_government_body
from validator.rules.base import FooterContext, Violation, rule
from validator.rules.footer_common import GOV, quote
from validator.rules.requirements import ORGANIZER_OPERATOR, UNIT_IN_CHARGE

_UNITS = (
    ("unit_in_charge", "unit in charge (主办单位)"),
    ("organizer", "organizer (承办单位)"),
    ("operator", "operator (运行维护单位)"),
    ("copyright_holder", "copyright holder (版权所有)"),
    ("tech_support", "technical support (技术支持)"),
)


@rule(
    "F401",
    "unit-in-charge-missing",
    Severity.ERROR,
    "A government site names its unit in charge",
    profiles=GOV,
    scope="footer",
    requirement=UNIT_IN_CHARGE,
)
def unit_in_charge_missing(ctx: FooterContext) -> Iterator[Violation]:
    """A government website must name the body responsible for it (主办单位, "Unit in Charge", "Sponsored by" or
    "Hosted by" in English editions; also written after the name: 某某市人民政府主办). Required by the `gov`
    profile. The copyright holder (版权所有) is not taken for it, even when it is the same body: the guideline asks
    for the unit in charge by name; the message names the copyright holder when the footer shows one.

    Passing: "unit_in_charge": "General Office of Sichuan Provincial People's Government"
    Failing: no "unit_in_charge" -> F401 at /footer/unit_in_charge
    """
    if ctx.parsed_footer.unit_in_charge is None:
        holder = ctx.parsed_footer.copyright_holder
        shown = f"; it names only the copyright holder (版权所有) {quote(holder)}" if holder else ""
        yield Violation(f"the footer names no unit in charge (主办单位){shown}", "/footer/unit_in_charge")


@rule(
    "F402",
    "organizer-missing",
    Severity.WARNING,
    "A government site names its organizer",
    profiles=GOV,
    scope="footer",
    requirement=ORGANIZER_OPERATOR,
)
def organizer_missing(ctx: FooterContext) -> Iterator[Violation]:
    """Government portals usually name the unit that runs the site for the unit in charge (承办单位,
    "Organizer"). A warning: small sites run by the unit in charge itself may omit it.

    Passing: "organizer": "Sichuan Provincial Big Data Center"
    Failing: no "organizer" -> F402 at /footer/organizer
    """
    if ctx.parsed_footer.organizer is None:
        yield Violation("the footer names no organizer (承办单位)", "/footer/organizer")


@rule(
    "F403",
    "operator-missing",
    Severity.INFO,
    "A government site names its operator",
    profiles=GOV,
    scope="footer",
    requirement=ORGANIZER_OPERATOR,
)
def operator_missing(ctx: FooterContext) -> Iterator[Violation]:
    """Many government portals name the company that operates and maintains the site (运行维护单位,
    "Website Operation and Maintenance"). Informational: no regulation requires it.

    Passing: "operator": "China Telecom Sichuan Branch"
    Failing: no "operator" -> F403 at /footer/operator
    """
    if ctx.parsed_footer.operator is None:
        yield Violation("the footer names no operator (运行维护单位)", "/footer/operator")


@rule(
    "F404",
    "unit-placeholder",
    Severity.ERROR,
    "Responsible units are real names, not placeholders",
    scope="footer",
    requirement=UNIT_IN_CHARGE,
)
def unit_placeholder(ctx: FooterContext) -> Iterator[Violation]:
    """A responsible unit is a template value: XXX, 某某单位, 待定, TBD, N/A, 示例, test, a dash. Checked for the unit
    in charge, organizer and operator, and for the copyright holder and technical support the footer names.

    Passing: "organizer": "四川省大数据中心"
    Failing: "organizer": "XXX单位", "unit_in_charge": "TBD" -> F404 at that field
    """
    footer = ctx.parsed_footer
    for field, label in _UNITS:
        name = getattr(footer, field)
        if name is not None and is_placeholder_unit(name):
            yield Violation(f"{label} {quote(name)} is a placeholder", f"/footer/{field}")


@rule(
    "F405",
    "unit-in-charge-not-government",
    Severity.WARNING,
    "A government site's unit in charge is a government body",
    profiles=GOV,
    scope="footer",
    requirement=UNIT_IN_CHARGE,
)
def unit_in_charge_not_government(ctx: FooterContext) -> Iterator[Violation]:
    """On a government portal the unit in charge must be a government body, not the contractor that built
    the site. A heuristic, hence a warning: the name must contain a word of government (人民政府, 办公厅,
    委员会, 局, 厅, Government, Ministry, Bureau, Commission, General Office ...; see
    `validator.footer.units.looks_like_government_body` for the full list).

    Passing: "General Office of Sichuan Provincial People's Government", "四川省人民政府办公厅"
    Failing: "China Telecom Sichuan Branch", "某某科技有限公司" -> F405 at /footer/unit_in_charge
    """
    name = ctx.parsed_footer.unit_in_charge
    if name is not None and not is_placeholder_unit(name) and not looks_like_government_body(name):
        yield Violation(f"unit in charge {quote(name)} does not look like a government body", "/footer/unit_in_charge")
