"""X: pav's own failures, which the engine reports (validator/engine.py).

Like the reader rules, X001 has no check function: it is in the catalog so it has docs (`pav rules X001`), can
be given another severity, and counts in summaries.
"""

from __future__ import annotations

from validator.findings import Severity
from validator.rules.base import reader_rule

INTERNAL_ERROR = reader_rule(
    "X001",
    "internal-error",
    Severity.ERROR,
    "Every rule ran to completion",
    """A rule raised an unexpected exception on this record: a bug in pav, not in the page. The finding names
    the rule; the other rules and the next records still run. Please report it with the record.
    """,
)
