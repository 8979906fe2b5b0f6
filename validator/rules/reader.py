"""I: the readers' problems, defined in `validator.sources.problems` and registered here in the catalog.

These rules have no check function: the readers report them. They are in the catalog so they have docs, can be
given another severity, and count in summaries.
"""

from __future__ import annotations

from validator.rules.base import reader_rule
from validator.sources.problems import ALL_PROBLEMS

for _problem in ALL_PROBLEMS:
    reader_rule(_problem.id, _problem.name, _problem.severity, _problem.title, _problem.doc)
