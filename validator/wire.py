"""Results crossing process boundaries (`--jobs` workers, Dask, Spark): every encoding in one place.

Two forms, each for its own traffic:

- `encode_results` / `decode_results`: what a `--jobs` worker sends back for a partition when the page bytes
  stay in the worker (every `pav check`). Plain tuples, marshalled: the main process rebuilds every result, and
  unpickling thousands of small objects cost it more than reporting them; marshal of tuples costs a fraction
  of that. With `counted=True`, records without findings travel as counts per (file, site, profile)
  (`PassedRecords`) instead of one result each.
- pickling, for everything else that crosses a boundary: results with their page bytes (`keep_raw`, for
  package sinks), Dask task results, `validate_partition` inside Spark. The reducers registered here rebuild
  `Location`, `Finding` and `RecordResult` through their constructors: the default pickling of a frozen slots
  dataclass restores field by field through `fields()`, several times slower, and the main process unpickles
  every result. Importing this module (validator.parallel and validator.distributed do) registers them;
  without it, pickling still works, only slower.

tests/test_wire.py holds both to a round trip: decoded equals encoded, for results with and without findings,
reader problems, reader notes, profiles and passed-record counts.
"""

from __future__ import annotations

import copyreg
import marshal
from collections.abc import Iterable
from typing import Any

from validator.engine import PassedRecords, RecordResult
from validator.findings import Finding, Location, Severity
from validator.rules import PageFacts

__all__ = ["decode_results", "encode_results"]

# One result: location (file, line, index), record id, is_record, url, site, profile, then its findings, each
# (rule, severity as int, message, path, record id, location file, line, index, fingerprint).
_Row = tuple[str, int | None, int | None, str | None, bool, str | None, str, str, tuple[tuple[Any, ...], ...]]
_SEVERITIES = {int(level): level for level in Severity}


def encode_results(results: Iterable[RecordResult | PageFacts], *, counted: bool = False) -> bytes:
    """The results as bytes for `decode_results`; their `source` (the record and its bytes) is left behind.

    `counted`: a record without findings is counted per (file, site, profile), not sent; the counts follow the
    other results (see `PassedRecords`). A page's facts for the crawl-level rules (`RecordResult.facts`, and facts
    of their own for answers that are not pages) travel as plain tuples after them, passing records' included."""
    rows: list[_Row] = []
    passed: dict[tuple[str, str, str], int] = {}
    facts: list[tuple[Any, ...]] = []
    for r in results:
        if isinstance(r, PageFacts):
            facts.append(_facts_row(r))
            continue
        if r.facts is not None:
            facts.append(_facts_row(r.facts))
        where = r.location
        if counted and r.is_record and not r.findings:
            key = (where.file, r.site, r.profile)
            passed[key] = passed.get(key, 0) + 1
            continue
        findings = tuple(
            (
                f.rule,
                int(f.severity),
                f.message,
                f.path,
                f.record_id,
                f.location.file,
                f.location.line,
                f.location.index,
                f.fingerprint,
            )
            for f in r.findings
        )
        rows.append((where.file, where.line, where.index, r.record_id, r.is_record, r.url, r.site, r.profile, findings))
    counts = [(file, site, profile, count) for (file, site, profile), count in passed.items()]
    return marshal.dumps((rows, counts, facts) if facts else (rows, counts))


def decode_results(payload: bytes) -> list[RecordResult | PassedRecords | PageFacts]:
    """What `encode_results` encoded, in its order: the results (without `source` or facts), then the counts,
    then the pages' facts."""
    severities = _SEVERITIES
    rows, passed, *more = marshal.loads(payload)
    results: list[RecordResult | PassedRecords | PageFacts] = []
    for file, line, index, record_id, is_record, url, site, profile, found in rows:
        findings = tuple(
            Finding(rule, severities[level], message, path, rid, Location(f_file, f_line, f_index), key)
            for rule, level, message, path, rid, f_file, f_line, f_index, key in found
        )
        location = Location(file, line, index)
        results.append(RecordResult(location, record_id, findings, is_record, url, None, site, profile))
    results.extend(PassedRecords(file, site, count, profile) for file, site, profile, count in passed)
    for row in more[0] if more else ():
        results.append(PageFacts(*row))
    return results


_FACT_FIELDS = PageFacts.__slots__  # the dataclass's fields, in order


def _facts_row(facts: PageFacts) -> tuple[Any, ...]:
    return tuple(getattr(facts, name) for name in _FACT_FIELDS)


# --- pickling: through the constructors ----------------------------------------------------------------------


def _reduce_location(location: Location) -> tuple[type[Location], tuple[str, int | None, int | None]]:
    return Location, (location.file, location.line, location.index)


def _reduce_finding(finding: Finding) -> tuple[type[Finding], tuple[Any, ...]]:
    f = finding
    return Finding, (f.rule, f.severity, f.message, f.path, f.record_id, f.location, f.fingerprint)


def _reduce_result(result: RecordResult) -> tuple[type[RecordResult], tuple[Any, ...]]:
    r = result
    fields = (r.location, r.record_id, r.findings, r.is_record, r.url, r.source, r.site, r.profile)
    return RecordResult, (*fields, r.facts, r.crawl_level)


copyreg.pickle(Location, _reduce_location)
copyreg.pickle(Finding, _reduce_finding)
copyreg.pickle(RecordResult, _reduce_result)
