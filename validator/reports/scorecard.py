"""The site scorecard: one row per site, one column per requirement the profile asks for, a verdict in each cell.

An inspector sends each site its result; what the site's web team acts on is "which of the regulations' requirements
do we fail, on how many pages, and what to fix first". A cell is

    pass        no page of the site has a finding of a rule serving the requirement
    fail        some pages do: `pages_failing` of `pages` (the share), `worst_rule` the rule to fix first
                (worst severity, then most findings, then lowest id) and `severity` that rule's worst severity
    not-asked   the profile that judged the site's pages does not ask for it (a news site and the organ mark)

Columns come from the rule catalog (`validator.rules.requirements`; each rule names its requirement), restricted to
the requirements the run's enabled rules check (`Summary.asked`), so `--select`/`--ignore` and the profile shape the
table and a rule added later appears without touching any report. A site judged under several profiles (`auto`
decides per page) is asked what any of them asks; its `profile` is the one that judged most of its pages.

Everything is computed from the `Summary` (`SiteCounts.pages_failing`, `by_rule`, `by_profile`), so the scorecard of a
re-rendered report (`pav report`) is the run's own, and a million pages cost nothing more than the summary does.
Sites with no page (reader problems only) have no row: there is nothing of theirs to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from validator.findings import Severity
from validator.reports import SiteCounts, Summary, requirement_of
from validator.rules.requirements import REQUIREMENTS, Requirement, ordered

Status = Literal["pass", "fail", "not-asked"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One site's verdict on one requirement."""

    requirement: str
    status: Status
    pages: int
    pages_failing: int = 0
    worst_rule: str | None = None
    severity: str | None = None  # the worst rule's worst severity at this site ("error", "warning", "info")

    @property
    def share(self) -> float:
        """The share of the site's pages failing the requirement (0.0 to 1.0)."""
        return self.pages_failing / self.pages if self.pages else 0.0

    def share_text(self) -> str:
        """The share as people read it: "4 of 10 pages" and the percentage, rounded; a share below one per cent
        is written as less than one, never as zero."""
        percent = self.share * 100
        shown = "<1%" if 0 < percent < 1 else f"{percent:.0f}%"
        return f"{self.pages_failing:,} of {self.pages:,} page{'s' if self.pages != 1 else ''} ({shown})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "pages_failing": self.pages_failing,
            "share": round(self.share, 4),
            "worst_rule": self.worst_rule,
            "severity": self.severity,
        }


@dataclass(frozen=True, slots=True)
class SiteRow:
    site: str
    pages: int
    profile: str  # the profile that judged most of its pages ("" when the report does not say)
    cells: tuple[Cell, ...]

    def cell(self, requirement: str) -> Cell | None:
        return next((cell for cell in self.cells if cell.requirement == requirement), None)

    @property
    def failing(self) -> int:
        """How many requirements the site fails."""
        return sum(1 for cell in self.cells if cell.status == "fail")


@dataclass(frozen=True, slots=True)
class Scorecard:
    requirements: tuple[Requirement, ...]
    rows: tuple[SiteRow, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON report's `scorecard` (schemas/pav-report.schema.json)."""
        return {
            "requirements": [{"id": item.id, "title": item.title} for item in self.requirements],
            "sites": [
                {
                    "site": row.site,
                    "pages": row.pages,
                    "profile": row.profile,
                    "failing": row.failing,
                    "cells": {cell.requirement: cell.to_dict() for cell in row.cells},
                }
                for row in self.rows
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scorecard:
        """A saved report's scorecard (unknown requirement ids keep the title the report gave them)."""
        requirements = tuple(
            REQUIREMENTS.get(item["id"]) or Requirement(str(item["id"]), str(item.get("title", item["id"])), 10_000)
            for item in data.get("requirements", [])
        )
        rows = []
        for site in data.get("sites", []):
            pages = int(site.get("pages", 0))
            cells = tuple(
                Cell(
                    item.id,
                    (cell := site.get("cells", {}).get(item.id, {})).get("status", "not-asked"),
                    pages,
                    int(cell.get("pages_failing", 0)),
                    cell.get("worst_rule"),
                    cell.get("severity"),
                )
                for item in requirements
            )
            rows.append(SiteRow(str(site.get("site", "")), pages, str(site.get("profile", "")), cells))
        return cls(requirements, tuple(rows))


def build_scorecard(summary: Summary) -> Scorecard:
    """The scorecard of a run, from its summary (see the module docstring)."""
    profiles = [name for name, count in summary.by_profile.items() if count]
    if summary.asked:
        asked_ids = {item for name in (profiles or summary.asked) for item in summary.asked.get(name, ())}
    else:  # a report written before the scorecard existed: every requirement of the catalog
        asked_ids = set(REQUIREMENTS)
    failing_ids = {item for counts in summary.by_site.values() for item, pages in counts.pages_failing.items() if pages}
    columns = tuple(item for item in ordered() if item.id in asked_ids | failing_ids)
    rows = [_row(name, counts, columns, summary.asked) for name, counts in summary.by_site.items() if counts.pages]
    # Worst first: most requirements failed with errors, then most failed, then by name.
    rows.sort(key=lambda row: (-_errors_failing(row), -row.failing, row.site))
    return Scorecard(columns, tuple(rows))


def _row(name: str, counts: SiteCounts, columns: tuple[Requirement, ...], asked: dict[str, list[str]]) -> SiteRow:
    profile = counts.by_profile.most_common(1)[0][0] if counts.by_profile else ""
    if asked and counts.by_profile:
        site_asked: set[str] | None = {item for name in counts.by_profile for item in asked.get(name, ())}
    else:
        site_asked = None  # not known: every column is asked
    cells = []
    for item in columns:
        failing = counts.pages_failing.get(item.id, 0)
        if failing:
            rules = [rule for rule in counts.by_rule if requirement_of(rule) == item.id]
            worst = counts.worst_rule(rules)
            level = counts.rule_severity.get(worst) if worst else None
            cells.append(Cell(item.id, "fail", counts.pages, failing, worst, str(level) if level else None))
        elif site_asked is not None and item.id not in site_asked:
            cells.append(Cell(item.id, "not-asked", counts.pages))
        else:
            cells.append(Cell(item.id, "pass", counts.pages))
    return SiteRow(name, counts.pages, profile, tuple(cells))


def _errors_failing(row: SiteRow) -> int:
    return sum(1 for cell in row.cells if cell.severity == str(Severity.ERROR))
