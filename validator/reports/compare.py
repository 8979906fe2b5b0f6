"""Run-to-run comparison (`pav report --compare OLD NEW`): which findings are new, which were fixed, which remain.

OLD and NEW are saved JSON reports of `pav check --format json=FILE`; OLD may also be a baseline
(`--write-baseline`, format 2). Which one a file is, is read from its content (`report_format` or
`pav_baseline`), never from its name.

Matching. Findings are matched by their fingerprint (`validator.fingerprints`: rule, page, JSON Pointer and the
offending value, never a line number), which the JSON report writes on every finding and a baseline on every
entry. Fingerprints are a multiset, as in `validator.reports.baseline.Baseline`: OLD gives each fingerprint a
count, every NEW finding with that fingerprint consumes one ("remaining"), a NEW finding whose fingerprint has
no count left is "new", and the counts OLD has left over at the end are "fixed". Of two identical findings of
which one was fixed, the comparison lists the one OLD lists first (the two differ at most in their line; knowing
which one "was" fixed would take a second count per fingerprint, for nothing a reader could act on).

The scorecard (`validator.reports.scorecard`) is compared cell by cell, matched by site and requirement, from the
`scorecard` member each report carries (the run's own, as its pav computed it): `CellChange.change` says broken,
worse, added, fixed, better, removed, changed or same, with both cells (status, share, worst rule). A baseline has
no scorecard, nor has a report of a pav from before it: then the findings are compared and the scorecard is not,
and `Comparison.scorecard_note` says why.

What cannot be compared is refused (exit 2) with a message naming the file, never guessed at:
- a report written before fingerprints existed (a finding without one): a coarser key (rule, page, pointer)
  would call a value changed to another wrong value "remaining" and mix badly with fingerprinted findings;
  running `pav check` again on the old input gives a comparable report;
- a baseline of format 1 (keyed by record id, which changes with a page's bytes): rewrite it;
- a partial report (`--max-findings`): the findings it did not list would be called fixed or new;
- a baseline as NEW: it has no severities or locations to report new findings with.

Memory: O(distinct fingerprints of OLD), never the findings. Three streaming passes:
1. OLD: a Counter fingerprint -> count, plus its settings, summary and scorecard;
2. NEW: each finding consumes a count or is new; new findings go to a spool on disk (one per severity, so they
   are listed worst first without sorting), tallies per site, rule and severity are counted on the way;
3. OLD again: the findings whose fingerprint still has a count left are the fixed ones, spooled the same way.
A baseline OLD is passes 1 and 3 over its entries (it holds one entry per distinct fingerprint anyway). The
per-site and per-rule tallies are O(sites x rules). The formats (`validator.reports.compare_formats`) then
read the spools, once per output.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeGuard

from validator.findings import Finding, Location, Severity
from validator.reports import NO_SITE, SEVERITIES, RunInfo, Summary
from validator.reports.baseline import BASELINE_FORMAT, LEGACY_FORMAT
from validator.reports.reader import ReportError, iter_report, parse_finding, saved_report
from validator.reports.scorecard import Cell, Scorecard
from validator.rules.requirements import Requirement
from validator.urls import url_host

COMPARE_FORMAT_VERSION = 1
# Notes about a run's inputs rather than its sites, keyed by the input file: I007 counts what a reader skipped in
# one file (requests, images, a 404), so two crawls in two files would always show it "fixed" in one and "new" in
# the other. They are left out of the comparison (each report still lists its own).
NOT_COMPARED = frozenset({"I007"})
REPORT = "report"
BASELINE = "baseline"


class CompareError(Exception):
    """OLD or NEW cannot be compared; the message names the file and says why."""


@dataclass(frozen=True)
class ListedFinding:
    """A new or fixed finding as the comparison lists it. A finding of a baseline has no severity, location,
    URL or record id (a baseline records none); its `page` is the baseline's page identity (`url:…`, `file:…`)."""

    rule: str
    severity: str | None
    message: str
    path: str
    location: Location | None
    url: str | None
    site: str
    fingerprint: str
    record_id: str | None = None
    page: str | None = None

    @classmethod
    def of(cls, finding: Finding, url: str | None, site: str, fingerprint: str) -> ListedFinding:
        """A finding of a report (`validator.reports.reader.parse_finding`) as the comparison lists it."""
        return cls(
            finding.rule,
            str(finding.severity),
            finding.message,
            finding.path,
            finding.location,
            url,
            site,
            fingerprint,
            finding.record_id,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "location": self.location.to_dict() if self.location else None,
            "url": self.url,
            "site": self.site,
            "fingerprint": self.fingerprint,
            "record_id": self.record_id,
            "page": self.page,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ListedFinding:
        where = data["location"]
        location = Location(where["file"], where["line"], where["index"]) if where else None
        return cls(
            data["rule"],
            data["severity"],
            data["message"],
            data["path"],
            location,
            data["url"],
            data["site"],
            data["fingerprint"],
            data["record_id"],
            data["page"],
        )


class FindingSpool:
    """Listed findings on disk, one temporary file per severity, read back worst first (a baseline's findings,
    which have no severity, last). Memory: nothing but the counts."""

    ORDER: tuple[str | None, ...] = (*SEVERITIES, None)

    def __init__(self) -> None:
        self.files: dict[str | None, TextIO] = {}
        self.count = 0

    def add(self, finding: ListedFinding) -> None:
        spool = self.files.get(finding.severity)
        if spool is None:
            spool = self.files[finding.severity] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        spool.write(json.dumps(finding.to_dict(), ensure_ascii=False) + "\n")
        self.count += 1

    def __iter__(self) -> Iterator[ListedFinding]:
        for severity in self.ORDER:
            spool = self.files.get(severity)
            if spool is None:
                continue
            spool.seek(0)
            for line in spool:
                yield ListedFinding.from_dict(json.loads(line))
            spool.seek(0, 2)

    def first(self, limit: int) -> list[ListedFinding]:
        listed: list[ListedFinding] = []
        for finding in self:
            if len(listed) == limit:
                break
            listed.append(finding)
        return listed

    def close(self) -> None:
        for spool in self.files.values():
            spool.close()


@dataclass
class Change:
    """How many findings are new, fixed and remaining (in one site, of one rule, or in all)."""

    new: int = 0
    fixed: int = 0
    remaining: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"new": self.new, "fixed": self.fixed, "remaining": self.remaining}


@dataclass
class Side:
    """What the comparison says about OLD or NEW: the file as named, its kind and what its head holds."""

    name: str
    kind: str  # REPORT or BASELINE
    findings: int = 0  # findings it lists (a baseline: the sum of its counts)
    info: RunInfo | None = None  # a report's settings
    summary: Summary | None = None  # a report's summary
    scorecard: dict[str, Any] | None = None  # a report's scorecard, when its pav wrote one

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "kind": self.kind,
            "tool_version": self.info.tool_version if self.info else None,
            "findings": self.findings,
            "records": self.summary.records if self.summary else None,
        }


# The change of one scorecard cell, worst first: a requirement newly failed, a failing share grown, a cell new in NEW;
# then the good news; then the rest.
CELL_CHANGES = ("broken", "worse", "added", "fixed", "better", "removed", "changed", "same")


@dataclass(frozen=True)
class CellChange:
    """One site's verdict on one requirement in OLD and in NEW (None: the site or the column is not in that one)."""

    site: str
    requirement: Requirement
    old: Cell | None
    new: Cell | None

    @property
    def change(self) -> str:
        """broken (now failing), fixed (failing no more), worse or better (still failing, a larger or smaller share
        of pages), added or removed (the site or column is in one scorecard only), changed (pass <-> not asked),
        same."""
        old, new = self.old, self.new
        if old is None:
            return "added"
        if new is None:
            return "removed"
        if old.status == new.status:
            if new.status != "fail" or new.share == old.share:
                return "same"
            return "worse" if new.share > old.share else "better"
        if new.status == "fail":
            return "broken"
        return "fixed" if old.status == "fail" else "changed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "requirement": self.requirement.id,
            "change": self.change,
            "old": _cell_dict(self.old),
            "new": _cell_dict(self.new),
        }


def _cell_dict(cell: Cell | None) -> dict[str, Any] | None:
    return None if cell is None else {"pages": cell.pages, **cell.to_dict()}


@dataclass(frozen=True)
class ScorecardChange:
    """The two scorecards side by side: every cell of either, matched by site and requirement."""

    requirements: tuple[Requirement, ...]
    cells: tuple[CellChange, ...]

    def changed(self) -> list[CellChange]:
        """The cells that changed, worst change first, then by site and column."""
        column = {item.id: number for number, item in enumerate(self.requirements)}
        return sorted(
            (cell for cell in self.cells if cell.change != "same"),
            key=lambda cell: (CELL_CHANGES.index(cell.change), cell.site, column[cell.requirement.id]),
        )

    def counts(self) -> dict[str, int]:
        changes = Counter(cell.change for cell in self.cells)
        return {name: changes.get(name, 0) for name in CELL_CHANGES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "requirements": [{"id": item.id, "title": item.title} for item in self.requirements],
            "changes": self.counts(),
            "cells": [cell.to_dict() for cell in self.cells],
        }


def compare_scorecards(old: Scorecard, new: Scorecard) -> ScorecardChange:
    """Match the cells of two scorecards by site and requirement (sites in NEW's order, then those gone)."""
    columns = {item.id: item for item in (*old.requirements, *new.requirements)}
    requirements = tuple(sorted(columns.values(), key=lambda item: (item.order, item.id)))
    old_rows = {row.site: row for row in old.rows}
    new_rows = {row.site: row for row in new.rows}
    sites = [row.site for row in new.rows] + [row.site for row in old.rows if row.site not in new_rows]
    cells = []
    for site in sites:
        old_row, new_row = old_rows.get(site), new_rows.get(site)
        for item in requirements:
            old_cell = old_row.cell(item.id) if old_row else None
            new_cell = new_row.cell(item.id) if new_row else None
            cells.append(CellChange(site, item, old_cell, new_cell))
    return ScorecardChange(requirements, tuple(cells))


@dataclass
class Comparison:
    """The outcome: the two sides, the tallies, and the new and fixed findings (spooled)."""

    old: Side
    new: Side
    fail_on: str
    total: Change = field(default_factory=Change)
    by_site: dict[str, Change] = field(default_factory=dict)
    by_rule: dict[str, Change] = field(default_factory=dict)
    new_by_severity: Counter[str] = field(default_factory=Counter)
    fixed_by_severity: Counter[str] = field(default_factory=Counter)  # a baseline's fixed findings: "unknown"
    new_findings: FindingSpool = field(default_factory=FindingSpool)
    fixed_findings: FindingSpool = field(default_factory=FindingSpool)
    scorecard: ScorecardChange | None = None
    scorecard_note: str = ""  # why there is no scorecard change, when there is none

    def compare_scorecards(self) -> None:
        """The scorecard change, when both sides have a scorecard (a baseline has none, nor has a report of a pav
        from before the scorecard: then `scorecard_note` says which)."""
        scorecards: list[Scorecard] = []
        for side, which in ((self.old, "OLD"), (self.new, "NEW")):
            if side.kind == BASELINE:
                self.scorecard_note = f"{which} is a baseline, which has no scorecard"
                return
            if side.scorecard is None:
                self.scorecard_note = f"{which} was written by a pav without the site scorecard"
                return
            try:
                scorecards.append(Scorecard.from_dict(side.scorecard))
            except (TypeError, ValueError, KeyError, AttributeError) as error:
                reason = f"{type(error).__name__}: {error}"
                raise CompareError(f"{side.name}: its scorecard is malformed ({reason})") from None
        self.scorecard = compare_scorecards(*scorecards)

    def failing(self) -> int:
        """New findings at or above --fail-on (0 with `never`)."""
        if self.fail_on == "never":
            return 0
        threshold = Severity.parse(self.fail_on)
        return sum(count for name, count in self.new_by_severity.items() if Severity.parse(name) >= threshold)

    @property
    def exit_code(self) -> int:
        return 1 if self.failing() else 0

    def count(self, site: str, rule: str, kind: str) -> None:
        for change in (self.total, _entry(self.by_site, site), _entry(self.by_rule, rule)):
            setattr(change, kind, getattr(change, kind) + 1)

    def sites(self) -> list[tuple[str, Change]]:
        """Sites with new findings first (most first), then fixed, then name."""
        return sorted(self.by_site.items(), key=lambda item: (-item[1].new, -item[1].fixed, item[0]))

    def rules(self) -> list[tuple[str, Change]]:
        return sorted(self.by_rule.items(), key=lambda item: (-item[1].new, -item[1].fixed, item[0]))

    def close(self) -> None:
        self.new_findings.close()
        self.fixed_findings.close()


class FingerprintCounts:
    """A multiset of fingerprints, OLD's: fingerprint -> count. Keys are held as their 16 bytes, not their 32 hex
    digits (a million distinct fingerprints, measured with tracemalloc: 112 MB as text keys, 91 MB as bytes); a
    count that reaches zero is removed, so memory goes down as NEW matches OLD."""

    def __init__(self) -> None:
        self.counts: dict[bytes, int] = {}

    def add(self, fingerprint: str, count: int = 1) -> None:
        key = bytes.fromhex(fingerprint)
        self.counts[key] = self.counts.get(key, 0) + count

    def left(self, fingerprint: str) -> int:
        return self.counts.get(bytes.fromhex(fingerprint), 0)

    def take(self, fingerprint: str) -> bool:
        """Consume one count of `fingerprint`; False when it has none left."""
        key = bytes.fromhex(fingerprint)
        count = self.counts.get(key, 0)
        if count <= 0:
            return False
        if count == 1:
            del self.counts[key]
        else:
            self.counts[key] = count - 1
        return True

    def __bool__(self) -> bool:
        return bool(self.counts)


def _entry(table: dict[str, Change], key: str) -> Change:
    change = table.get(key)
    if change is None:
        change = table[key] = Change()
    return change


def _valid_fingerprint(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and len(value) == 32 and all(char in "0123456789abcdef" for char in value)


# -- pass 1: OLD's fingerprints ----------------------------------------------------------------------------------------


@dataclass
class _OldPass:
    counts: FingerprintCounts = field(default_factory=FingerprintCounts)
    head: dict[str, Any] = field(default_factory=dict)
    number: int = 0
    listed: int = 0
    findings_list: bool = False
    report_error: str | None = None  # the first reason a finding is not a report's, if any
    baseline_error: str | None = None  # the first reason an entry is not a baseline's, if any


def read_old(handle: TextIO, name: str) -> tuple[Side, FingerprintCounts]:
    """OLD's side and its fingerprint counts (pass 1). Each element of `findings` is checked both as a report's
    finding and as a baseline's entry, since the members that say which the file is may come after them."""
    state = _OldPass()
    try:
        for key, value in iter_report(handle):
            if key == "finding":
                _old_element(state, value)
            elif key == "findings":
                state.findings_list = value is None  # iter_report streams a list, and hands anything else whole
            else:
                state.head[key] = value
    except ReportError as error:
        raise CompareError(f"{name}: {_not_comparable(str(error))}") from None
    except UnicodeDecodeError:
        raise CompareError(f"{name}: not UTF-8 text, so not a pav JSON report or baseline") from None
    head = state.head
    if not state.findings_list and ("pav_baseline" in head or "report_format" in head):
        raise CompareError(f"{name}: 'findings' must be a list")
    if "pav_baseline" in head:
        version = head["pav_baseline"]
        if version == LEGACY_FORMAT and not isinstance(version, bool):
            raise CompareError(
                f"{name}: a baseline of format 1 (keyed by record id) has no fingerprints to compare; rewrite it "
                f"with `pav check --baseline {name} --write-baseline {name}` on the input it was written for"
            )
        if version != BASELINE_FORMAT or isinstance(version, bool):
            raise CompareError(f'{name}: not a pav baseline of a known format (no "pav_baseline": {BASELINE_FORMAT})')
        if state.baseline_error:
            raise CompareError(f"{name}: {state.baseline_error}")
        return Side(name, BASELINE, state.listed), state.counts
    if "report_format" not in head:
        raise CompareError(
            f"{name}: neither a pav JSON report (pav check --format json=FILE) nor a pav baseline "
            "(pav check --write-baseline FILE)"
        )
    side = _report_side(name, head, state.number)
    if state.report_error:
        raise CompareError(f"{name}: {state.report_error}")
    side.findings = state.listed
    return side, state.counts


def _old_element(state: _OldPass, item: Any) -> None:
    state.number += 1
    number = state.number
    fingerprint = item.get("fingerprint") if isinstance(item, dict) else None
    if isinstance(item, dict) and item.get("rule") in NOT_COMPARED:
        return
    if isinstance(item, dict) and "count" in item:  # a baseline's entry
        count = item["count"]
        if not isinstance(count, int) or isinstance(count, bool) or count < 1 or not _valid_fingerprint(fingerprint):
            state.baseline_error = state.baseline_error or f"entry {number} has a malformed fingerprint or count"
            return
        state.report_error = state.report_error or f"finding {number} is a baseline's entry (it has a count)"
        state.counts.add(fingerprint, count)
        state.listed += count
        return
    if not _valid_fingerprint(fingerprint):
        state.baseline_error = state.baseline_error or f"entry {number} needs a fingerprint"
        state.report_error = state.report_error or _no_fingerprint(number)
        return
    try:
        parse_finding(item, number)
    except ReportError as error:
        state.report_error = state.report_error or str(error)
    state.counts.add(fingerprint)
    state.listed += 1


def _no_fingerprint(number: int) -> str:
    return (
        f"finding {number} has no fingerprint: the report was written by a pav from before fingerprints, and cannot "
        "be compared; run this pav's `pav check --format json=FILE` on the old input again"
    )


def _not_comparable(reason: str) -> str:
    return reason.replace("pav report re-renders", "pav report --compare compares")


def _report_side(name: str, head: dict[str, Any], count: int) -> Side:
    try:
        saved = saved_report(head, count)
    except ReportError as error:
        raise CompareError(f"{name}: {error}") from None
    if saved.summary.partial:
        raise CompareError(
            f"{name}: a PARTIAL report (--max-findings): it lists {saved.summary.reported} of "
            f"{saved.summary.findings} findings, so the others would count as fixed or new; compare reports of "
            "runs without --max-findings"
        )
    scorecard = head.get("scorecard")
    return Side(name, REPORT, count, saved.info, saved.summary, scorecard if isinstance(scorecard, dict) else None)


# -- pass 2: NEW, matched against OLD's counts -------------------------------------------------------------------------


def compare(
    old_handle: TextIO, old_name: str, new_handle: TextIO, new_name: str, fail_on: str | None = None
) -> Comparison:
    """Compare OLD with NEW (both positioned at their start; OLD is read twice). `fail_on` None: NEW's own.
    The caller closes the comparison (its spools); on an error they are closed here."""
    old, remaining = read_old(old_handle, old_name)
    comparison = Comparison(old, Side(new_name, REPORT), fail_on or "error")
    try:
        _match_new(comparison, new_handle, remaining)
        if fail_on is None and comparison.new.info is not None:
            comparison.fail_on = comparison.new.info.fail_on
            if comparison.fail_on != "never" and comparison.fail_on not in SEVERITIES:
                raise CompareError(f"{new_name}: fail_on {comparison.fail_on!r} is not error, warning, info or never")
        old_handle.seek(0)
        _list_fixed(comparison, old_handle, remaining)
        comparison.compare_scorecards()
    except BaseException:
        comparison.close()
        raise
    return comparison


def _match_new(comparison: Comparison, handle: TextIO, remaining: FingerprintCounts) -> None:
    """Pass 2: each finding of NEW consumes a count of OLD's (remaining) or is new (spooled)."""
    name = comparison.new.name
    head: dict[str, Any] = {}
    number = 0
    try:
        for key, value in iter_report(handle):
            if key == "findings":
                continue
            if key != "finding":
                head[key] = value
                continue
            number += 1
            if isinstance(value, dict) and "count" in value and "location" not in value:
                raise CompareError(_baseline_as_new(name))
            finding, url, site, _ = parse_finding(value, number)
            if finding.rule in NOT_COMPARED:
                continue
            fingerprint = value.get("fingerprint")
            if not _valid_fingerprint(fingerprint):
                raise CompareError(f"{name}: {_no_fingerprint(number)}")
            if remaining.take(fingerprint):
                comparison.count(site, finding.rule, "remaining")
                continue
            comparison.count(site, finding.rule, "new")
            comparison.new_by_severity[str(finding.severity)] += 1
            comparison.new_findings.add(ListedFinding.of(finding, url, site, fingerprint))
    except ReportError as error:
        raise CompareError(f"{name}: {_not_comparable(str(error))}") from None
    except UnicodeDecodeError:
        raise CompareError(f"{name}: not UTF-8 text, so not a pav JSON report") from None
    if "pav_baseline" in head:
        raise CompareError(_baseline_as_new(name))
    comparison.new = _report_side(name, head, number)


def _baseline_as_new(name: str) -> str:
    return (
        f"{name}: a baseline can only be OLD (it records no severities or locations); NEW must be a JSON report of "
        "pav check --format json=FILE"
    )


def _list_fixed(comparison: Comparison, handle: TextIO, left_over: FingerprintCounts) -> None:
    number = 0
    for key, value in iter_report(handle):
        if not left_over:
            break
        if key != "finding":
            continue
        number += 1
        fingerprint = value.get("fingerprint") if isinstance(value, dict) else None
        if not _valid_fingerprint(fingerprint) or not left_over.left(fingerprint):
            continue
        if comparison.old.kind == BASELINE:
            for _ in range(int(value["count"])):
                if left_over.take(fingerprint):
                    _add_fixed(comparison, _baseline_finding(value))
            continue
        left_over.take(fingerprint)
        finding, url, site, _ = parse_finding(value, number)
        _add_fixed(comparison, ListedFinding.of(finding, url, site, fingerprint))


def _add_fixed(comparison: Comparison, finding: ListedFinding) -> None:
    comparison.count(finding.site, finding.rule, "fixed")
    comparison.fixed_by_severity[finding.severity or "unknown"] += 1
    comparison.fixed_findings.add(finding)


def _baseline_finding(entry: dict[str, Any]) -> ListedFinding:
    """A baseline's entry as a fixed finding: its site is the host of its page's URL (a page known by its file
    has none a baseline records: NO_SITE)."""
    page = entry.get("page")
    page = page if isinstance(page, str) else ""
    url = page[4:] if page.startswith("url:") else None
    site = (url_host(url) or NO_SITE) if url else NO_SITE

    def text(key: str) -> str:
        value = entry.get(key)
        return value if isinstance(value, str) else ""

    fingerprint = str(entry["fingerprint"])
    message = text("message")
    return ListedFinding(text("rule"), None, message, text("path"), None, url, site, fingerprint, page=page or None)
