"""Sink stage: shape results for their readers. Every reporter sees results one at a time (streaming).

    RecordResult --(Reporter.add)--> a format's output ... --(Reporter.finish(summary, exit_code))--> done

One module per format, each registered once in `registry.py` (name -> reporter, description, extension);
`outputs.py` parses `--format` against that registry and writes files atomically; `session.py` runs the
baseline, the `--max-findings` cap, the summary and the exit code over every open report.

A reporter keeps memory flat: it writes as results arrive, spools to a temporary file when its format needs
the totals first (junit, html), or keeps a bounded selection (github, markdown). The `Summary` holds every
count a report shows (by severity, rule and site), so no reporter has to keep findings to count them.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import TYPE_CHECKING, Any, Protocol

from validator import __version__
from validator.engine import NO_SITE as NO_SITE
from validator.engine import PassedRecords, RecordResult
from validator.findings import Finding, Severity
from validator.i18n import plural
from validator.rules import CATALOG, PROFILES

if TYPE_CHECKING:
    from validator.config import Settings

SEVERITIES = ("error", "warning", "info")  # worst first


def site_of(result: RecordResult) -> str:
    """The site a result belongs to (computed by the engine: see `validator.engine.site_of_record`)."""
    return result.site


def where_text(finding: Finding, url: str | None) -> str:
    """Where a finding is, for people: its location, and for a record located by its position in a crawl (a WARC
    record: `crawl.warc.gz[7]`, no line to open) the page's URL too, so the reader need not open the JSON report."""
    location = finding.location
    if url and location.index is not None and location.line is None:
        return f"{location} ({url})"
    return str(location)


def worst_first(findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
    """Findings ordered worst severity first; input order kept within a severity."""
    return sorted(findings, key=lambda finding: -finding.severity)


@dataclass(frozen=True)
class RunInfo:
    """What every report states about the run that produced it."""

    profile: str = "auto"  # as configured; each record's own is in Summary.by_profile and the findings
    fail_on: str = "error"
    tool_version: str = __version__
    max_findings: int | None = None  # the --max-findings cap, if any


def count_text(count: int, word: str) -> str:
    """ "1 file", "3 files", "2 info" in the run's language ("3 个文件"): `word` is one of file, record, finding,
    non-record input, error, warning, info (each written out, so the catalog's extractor sees it)."""
    if word == "file":
        return plural(count, "{count} file", "{count} files")
    if word == "record":
        return plural(count, "{count} record", "{count} records")
    if word == "finding":
        return plural(count, "{count} finding", "{count} findings")
    if word == "non-record input":
        return plural(count, "{count} non-record input", "{count} non-record inputs")
    if word == "error":
        return plural(count, "{count} error", "{count} errors")
    if word == "warning":
        return plural(count, "{count} warning", "{count} warnings")
    if word == "info":
        return plural(count, "{count} info", "{count} info")
    raise ValueError(f"no counted form for {word!r}")


def limit_text(info: RunInfo) -> str:
    """How a report names the cap that made it partial."""
    return f"--max-findings {info.max_findings}" if info.max_findings else "--max-findings"


@dataclass
class SiteCounts:
    """Counts for one site (host or site code): pages, findings by severity and by rule, and for the scorecard the
    pages failing each requirement and the profiles that judged its pages."""

    pages: int = 0
    pages_with_findings: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    rule_severity: dict[str, Severity] = field(default_factory=dict)  # worst severity seen per rule
    pages_failing: Counter[str] = field(default_factory=Counter)  # requirement id -> pages with a finding of it
    by_profile: Counter[str] = field(default_factory=Counter)  # pages by the profile that judged them

    def merge(self, other: SiteCounts) -> SiteCounts:
        return SiteCounts(
            self.pages + other.pages,
            self.pages_with_findings + other.pages_with_findings,
            self.by_severity + other.by_severity,
            self.by_rule + other.by_rule,
            _max_severities(self.rule_severity, other.rule_severity),
            self.pages_failing + other.pages_failing,
            self.by_profile + other.by_profile,
        )

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    def worst_rule(self, rules: Iterable[str] | None = None) -> str | None:
        """The rule to fix first (of `rules`, else of all): worst severity, then most findings, then lowest id."""
        candidates = [rule for rule in (self.by_rule if rules is None else rules) if self.by_rule.get(rule)]
        if not candidates:
            return None
        return min(candidates, key=lambda rule: (-self.rule_severity.get(rule, 0), -self.by_rule[rule], rule))

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "pages_with_findings": self.pages_with_findings,
            "findings": self.findings,
            "by_severity": {name: self.by_severity.get(name, 0) for name in SEVERITIES},
            "worst_rule": self.worst_rule(),
            "by_rule": dict(sorted(self.by_rule.items())),
            "rule_severity": {rule: str(level) for rule, level in sorted(self.rule_severity.items())},
            "pages_failing": dict(sorted(self.pages_failing.items())),
            "by_profile": dict(sorted(self.by_profile.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SiteCounts:
        return cls(
            int(data.get("pages", 0)),
            int(data.get("pages_with_findings", 0)),
            Counter({k: int(v) for k, v in data.get("by_severity", {}).items() if v}),
            Counter({k: int(v) for k, v in data.get("by_rule", {}).items()}),
            {k: Severity.parse(v) for k, v in data.get("rule_severity", {}).items()},
            Counter({k: int(v) for k, v in data.get("pages_failing", {}).items()}),
            Counter({k: int(v) for k, v in data.get("by_profile", {}).items()}),
        )


class DistinctFiles:
    """The number of distinct file names added, without holding the names (issue 16: a set of them cost the main
    process about 150 bytes a file, 5 MiB at 33,000 pages): each name is held as an 8-byte hash, in sorted arrays.

    Names arrive mostly contiguously (a file's results, then the next file's), so a name equal to the last one
    added costs nothing; the others are buffered, and every BUFFER of them become a sorted run of distinct hashes.
    Runs are merged pairwise as they come (a run is merged into the one before it when that one is at most twice
    its size), so each hash is merged a logarithmic number of times and a run of a million files holds about 20
    runs. The hash is BLAKE2b (the same in every process: summaries merge across workers and Dask partitions); two
    names of one run colliding on 64 bits (odds about n²/2⁶⁵: 3e-8 at a million files) would be counted once.
    """

    BUFFER = 4096

    __slots__ = ("_last", "_pending", "_runs")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._last: str | None = None
        self._pending = array("q")  # hashes added since the last run was made, unsorted, repeats possible
        self._runs: list[array[int]] = []  # sorted runs of distinct hashes, larger first
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        if name == self._last:
            return
        self._last = name
        digest = blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        self._pending.append(int.from_bytes(digest, "little", signed=True))
        if len(self._pending) >= self.BUFFER:
            self._push(_distinct(sorted(self._pending)))
            self._pending = array("q")

    def _push(self, run: array[int]) -> None:
        runs = self._runs
        runs.append(run)
        while len(runs) > 1 and len(runs[-2]) <= 2 * len(runs[-1]):
            last = runs.pop()
            runs[-1] = _distinct(heapq.merge(runs[-1], last))

    def _settled(self) -> array[int]:
        """Every hash added, sorted, each once (the runs merged into one)."""
        if self._pending:
            self._push(_distinct(sorted(self._pending)))
            self._pending = array("q")
        runs = self._runs
        while len(runs) > 1:
            last = runs.pop()
            runs[-1] = _distinct(heapq.merge(runs[-1], last))
        return runs[0] if runs else array("q")

    def union(self, other: DistinctFiles) -> DistinctFiles:
        merged = DistinctFiles()
        merged._runs = [_distinct(heapq.merge(self._settled(), other._settled()))]
        return merged

    def __len__(self) -> int:
        return len(self._settled())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DistinctFiles) and self._settled() == other._settled()

    def __repr__(self) -> str:
        return f"DistinctFiles({len(self)} files)"


def _distinct(ordered: Iterable[int]) -> array[int]:
    """Sorted hashes as an array, each once."""
    kept = array("q")
    last: int | None = None
    for value in ordered:
        if value != last:
            kept.append(value)
            last = value
    return kept


@dataclass
class Summary:
    """Counts over a run. `merge` is associative, so partial summaries (per worker, per partition) add up.

    Findings suppressed by a baseline are not counted as findings (only in `suppressed`); findings beyond
    `--max-findings` are counted everywhere but left out of the reports (`omitted`), so the figures and the
    exit code stay true when the list is partial.
    """

    records: int = 0  # records checked
    problems: int = 0  # inputs that could not become a record (broken line, empty file)
    # Records with findings, the crawl-level rules' included (validator.crawl: they come after every page was
    # counted, about pages already counted, so they add findings and, for a page with no findings of its own, a
    # record with findings; never a record or a problem). A page whose own findings the baseline suppressed all
    # and that has crawl-level findings is not counted here.
    records_with_findings: int = 0
    files: DistinctFiles = field(default_factory=DistinctFiles)  # the names' hashes, for `n_files`
    by_severity: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    suppressed: int = 0  # findings matched by the baseline
    omitted: int = 0  # findings counted but not reported (--max-findings)
    by_site: dict[str, SiteCounts] = field(default_factory=dict)
    rule_severity: dict[str, Severity] = field(default_factory=dict)  # worst severity seen per rule
    file_count: int | None = None  # a re-read report knows the number of files, not their names
    by_profile: Counter[str] = field(default_factory=Counter)  # records by the profile that judged them
    # Per profile, the requirements its enabled rules check (the scorecard's columns; `asked_requirements`).
    asked: dict[str, list[str]] = field(default_factory=dict)

    def add(self, result: RecordResult) -> None:
        self.files.add(result.location.file)
        site = self.by_site.get(key := site_of(result))
        if site is None:
            site = self.by_site[key] = SiteCounts()
        if result.crawl_level:
            # Findings of the crawl-level rules about a page already counted as a record: counted below as findings;
            # the page becomes a record with findings if it had none of its own (`is_record` says so).
            if result.is_record and result.findings:
                self.records_with_findings += 1
                site.pages_with_findings += 1
        elif result.is_record:
            self.records += 1
            site.pages += 1
            if result.profile:
                self.by_profile[result.profile] += 1
                site.by_profile[result.profile] += 1
            if result.findings:
                self.records_with_findings += 1
                site.pages_with_findings += 1
        else:
            self.problems += 1
        if result.findings:
            # A page counts once per requirement it fails, however many of its findings serve it.
            for requirement in {found for item in result.findings if (found := requirement_of(item.rule))}:
                site.pages_failing[requirement] += 1
        for finding in result.findings:
            name = str(finding.severity)
            self.by_severity[name] += 1
            self.by_rule[finding.rule] += 1
            site.by_severity[name] += 1
            site.by_rule[finding.rule] += 1
            if finding.severity > self.rule_severity.get(finding.rule, 0):
                self.rule_severity[finding.rule] = finding.severity
            if finding.severity > site.rule_severity.get(finding.rule, 0):
                site.rule_severity[finding.rule] = finding.severity

    def add_passed(self, passed: PassedRecords) -> None:
        """Count records that had no findings without a result for each (see `PassedRecords`)."""
        self.files.add(passed.file)
        site = self.by_site.get(passed.site)
        if site is None:
            site = self.by_site[passed.site] = SiteCounts()
        self.records += passed.count
        site.pages += passed.count
        if passed.profile:
            self.by_profile[passed.profile] += passed.count
            site.by_profile[passed.profile] += passed.count

    def merge(self, other: Summary) -> Summary:
        sites = dict(self.by_site)
        for name, counts in other.by_site.items():
            sites[name] = sites[name].merge(counts) if name in sites else counts
        return Summary(
            self.records + other.records,
            self.problems + other.problems,
            self.records_with_findings + other.records_with_findings,
            self.files.union(other.files),
            self.by_severity + other.by_severity,
            self.by_rule + other.by_rule,
            self.suppressed + other.suppressed,
            self.omitted + other.omitted,
            sites,
            _max_severities(self.rule_severity, other.rule_severity),
            None if self.file_count is None and other.file_count is None else self.n_files + other.n_files,
            self.by_profile + other.by_profile,
            {**self.asked, **other.asked},
        )

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    @property
    def n_files(self) -> int:
        return self.file_count if self.file_count is not None else len(self.files)

    @property
    def partial(self) -> bool:
        """True when the reports list fewer findings than the run found (--max-findings)."""
        return self.omitted > 0

    @property
    def reported(self) -> int:
        return self.findings - self.omitted

    def worst(self) -> Severity | None:
        present = [Severity.parse(name) for name, count in self.by_severity.items() if count]
        return max(present) if present else None

    def sites_worst_first(self) -> list[tuple[str, SiteCounts]]:
        """Sites ordered by errors, then warnings, then info, then name."""
        return sorted(
            self.by_site.items(),
            key=lambda item: (*(-item[1].by_severity.get(name, 0) for name in SEVERITIES), item[0]),
        )

    def rules_worst_first(self) -> list[tuple[str, int]]:
        """(rule, count) ordered by the rule's worst severity, then count, then id."""
        return sorted(self.by_rule.items(), key=lambda item: (-self.rule_severity.get(item[0], 0), -item[1], item[0]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "problems": self.problems,
            "records_with_findings": self.records_with_findings,
            "files": self.n_files,
            "findings": self.findings,
            "by_severity": {name: self.by_severity.get(name, 0) for name in SEVERITIES},
            "by_rule": dict(sorted(self.by_rule.items())),
            "rule_severity": {rule: str(level) for rule, level in sorted(self.rule_severity.items())},
            "by_site": {name: counts.to_dict() for name, counts in sorted(self.by_site.items())},
            "suppressed": self.suppressed,
            "omitted": self.omitted,
            "by_profile": dict(sorted(self.by_profile.items())),
            "asked": {profile: list(ids) for profile, ids in sorted(self.asked.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        """The summary of a saved JSON report (fields added later default to zero)."""
        return cls(
            records=int(data.get("records", 0)),
            problems=int(data.get("problems", 0)),
            records_with_findings=int(data.get("records_with_findings", 0)),
            by_severity=Counter({k: int(v) for k, v in data.get("by_severity", {}).items() if v}),
            by_rule=Counter({k: int(v) for k, v in data.get("by_rule", {}).items()}),
            suppressed=int(data.get("suppressed", 0)),
            omitted=int(data.get("omitted", 0)),
            by_site={name: SiteCounts.from_dict(value) for name, value in data.get("by_site", {}).items()},
            rule_severity={k: Severity.parse(v) for k, v in data.get("rule_severity", {}).items()},
            file_count=int(data.get("files", 0)),
            by_profile=Counter({k: int(v) for k, v in data.get("by_profile", {}).items()}),
            asked={str(k): [str(r) for r in v] for k, v in data.get("asked", {}).items() if isinstance(v, list)},
        )

    def profiles_text(self) -> str:
        """Which profiles judged the records: "gov 30, news 12" (most first)."""
        return ", ".join(f"{name} {count}" for name, count in self.by_profile.most_common())


_REQUIREMENT_OF: dict[str, str | None] = {}


def requirement_of(rule_id: str) -> str | None:
    """The requirement (scorecard column) a rule's findings count in; None for reader problems and unknown ids."""
    try:
        return _REQUIREMENT_OF[rule_id]
    except KeyError:
        entry = CATALOG.get(rule_id)
        found = _REQUIREMENT_OF[rule_id] = entry.requirement if entry is not None else None
        return found


def asked_requirements(settings: Settings) -> dict[str, list[str]]:
    """Per concrete profile, the requirements the enabled rules of these settings check, in column order."""
    from validator.rules.requirements import ordered

    asked: dict[str, list[str]] = {}
    for profile in PROFILES:
        served = {entry.requirement for entry in settings.enabled_rules(profile) if entry.requirement}
        asked[profile] = [item.id for item in ordered() if item.id in served]
    return asked


def _max_severities(first: dict[str, Severity], second: dict[str, Severity]) -> dict[str, Severity]:
    merged = dict(first)
    for rule, level in second.items():
        if level > merged.get(rule, 0):
            merged[rule] = level
    return merged


class Reporter(Protocol):
    """A report format. One that lists passing records (JUnit: a test case per record) sets a class attribute
    `lists_passing = True`; the others get passing records from local worker processes as counts only. One that
    keeps named temporary files until `finish` (xlsx) defines `discard()`, which the outputs call instead when
    the run breaks off (`outputs.open_outputs`)."""

    def add(self, result: RecordResult) -> None: ...

    def finish(self, summary: Summary, exit_code: int) -> None: ...
