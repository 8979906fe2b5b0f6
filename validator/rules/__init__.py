"""The rule catalog. Importing this package registers every rule in `CATALOG` (id -> Rule).

One module per family; adding a rule means adding one decorated function to its module (and its test).
"""

from __future__ import annotations

from validator.rules import (
    consistency,
    evidence,
    government,
    icp,
    input,
    public_security,
    record,
    schema,
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
    RecordContext,
    Rule,
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
    "RecordContext",
    "Rule",
    "Violation",
    "consistency",
    "evidence",
    "government",
    "icp",
    "input",
    "public_security",
    "record",
    "rule",
    "schema",
    "site_code",
    "units",
]
