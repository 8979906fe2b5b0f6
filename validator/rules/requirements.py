"""What the regulations ask of a site, as the columns of the site scorecard: each rule serves one requirement.

An inspector's scorecard has one row per site and one column per requirement (ICP number shown, unit in charge,
the organ website mark ...), not one per rule. A rule names its requirement in its `@rule(..., requirement=...)`,
so a rule added later shows up in the scorecard under its requirement without any report code changing; a
requirement registered here with `requirement(...)` becomes a new column the same way. Reader problems (the I
family) and internal errors (X001) serve none: they say what pav could not read, not what a site lacks.

The order is the order of the columns: the footer's filing numbers first (as a footer shows them), then the
responsible units, the marks of a government page, then the record's own contract and metadata.
"""

from __future__ import annotations

from dataclasses import dataclass

from validator.i18n import _


@dataclass(frozen=True, slots=True)
class Requirement:
    """One column of the scorecard: a stable id (used in JSON keys), its title, and its place among the columns."""

    id: str
    title: str
    order: int


REQUIREMENTS: dict[str, Requirement] = {}


def requirement(id: str, title: str, order: int) -> str:
    """Register a requirement; returns its id (what `@rule(..., requirement=...)` takes)."""
    if id in REQUIREMENTS:
        raise RuntimeError(f"duplicate requirement id {id}")
    REQUIREMENTS[id] = Requirement(id, title, order)
    return id


ICP = requirement("icp", "ICP number shown", 10)
ICP_LINK = requirement("icp-link", "ICP number linked correctly", 20)
PUBLIC_SECURITY = requirement("public-security", "Public security number shown and linked", 30)
SITE_CODE = requirement("site-code", "Website identification code", 40)
UNIT_IN_CHARGE = requirement("unit-in-charge", "Unit in charge", 50)
ORGANIZER_OPERATOR = requirement("organizer-operator", "Organizer and operator", 60)
ORGAN_MARK = requirement("organ-mark", "Party and government organ website mark", 70)
ERROR_REPORT = requirement("error-report", "Error-report entry", 80)
CONTACT = requirement("contact", "Contact information", 90)
FOOTER_CONSISTENCY = requirement("footer-consistency", "Footer consistent with itself and the page", 100)
RECORD_CONTRACT = requirement("record-contract", "Record contract", 110)
PAGE_METADATA = requirement("page-metadata", "Page metadata", 120)
# What a crawl of the site shows and no page alone (the crawl-level rules, validator.rules.site).
LINKS = requirement("links", "Links lead to pages", 130)
UPDATES = requirement("updates", "Sections kept up to date", 140)
DUPLICATES = requirement("duplicates", "Each page once", 150)


def ordered() -> list[Requirement]:
    """Every registered requirement in column order."""
    return sorted(REQUIREMENTS.values(), key=lambda entry: (entry.order, entry.id))


def requirement_title(item: Requirement) -> str:
    """The requirement's title in the run's language (the registry keeps the English one, the msgid)."""
    return _(item.title)
