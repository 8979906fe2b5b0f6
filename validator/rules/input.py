"""I: the readers' problems (defined in `validator.sources.problems`), and X: pav's own failures.

These rules have no check function: the readers and the engine report them. They are in the catalog so
they have docs, can be given another severity, and count in summaries.
"""

from __future__ import annotations

from validator.findings import Severity
from validator.rules.base import reader_rule
from validator.sources.problems import ALL_PROBLEMS

for _problem in ALL_PROBLEMS:
    reader_rule(_problem.id, _problem.name, _problem.severity, _problem.title, _problem.doc)

INTERNAL_ERROR = reader_rule(
    "X001",
    "internal-error",
    Severity.ERROR,
    "Every rule ran to completion",
    """A rule raised an unexpected exception on this record: a bug in pav, not in the page. The finding names
    the rule; the other rules and the next records still run. Please report it with the record.
    """,
)
