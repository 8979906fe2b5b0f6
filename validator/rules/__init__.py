"""The rule catalog. Importing this package registers every rule in `CATALOG` (id -> Rule).

One module per family; adding a rule means adding one decorated function to its module (and its test). The
function takes the context of its scope (`RecordContext`, `FooterContext` or `SchemaContext`; see
`validator.rules.base` for what each holds and why a footer rule cannot read the page).
"""

from __future__ import annotations

from validator.rules import (
    consistency,
    evidence,
    government,
    icp,
    internal,
    public_security,
    reader,
    record,
    schema,
    site,
    site_code,
    units,
)
from validator.rules.base import (
    ALL_PROFILES,
    AUTO,
    CATALOG,
    DEFAULT_PROFILE,
    PROFILE_CHOICES,
    PROFILES,
    FooterContext,
    PageFacts,
    RecordContext,
    Rule,
    SchemaContext,
    SiteContext,
    SiteViolation,
    Violation,
    rule,
)

__all__ = [
    "ALL_PROFILES",
    "AUTO",
    "CATALOG",
    "DEFAULT_PROFILE",
    "PROFILES",
    "PROFILE_CHOICES",
    "FooterContext",
    "PageFacts",
    "RecordContext",
    "Rule",
    "SchemaContext",
    "SiteContext",
    "SiteViolation",
    "Violation",
    "consistency",
    "evidence",
    "government",
    "icp",
    "internal",
    "public_security",
    "reader",
    "record",
    "rule",
    "schema",
    "site",
    "site_code",
    "units",
]
