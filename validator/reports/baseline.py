"""Baseline files of accepted findings (`--baseline`, `--write-baseline`), matched by fingerprint.

A finding is matched by its fingerprint (`validator.fingerprints`): rule, page (URL, else the file it was read
from, else the record id), JSON Pointer and the offending value, never a line number or the page's other bytes.
Adding a record above another, reformatting a file, or editing a page's article changes no fingerprint.

A baseline is a multiset: two identical findings (two records sharing an id, two broken lines of one file)
are recorded with count 2, and a third one is new. The file is JSON, sorted, one entry per line, so that its
diff in a pull request shows exactly which findings were accepted or fixed:

    {"pav_baseline": 2, "findings": [
      {"rule": "F101", "page": "url:https://…/a.html", "path": "/footer/icp", "fingerprint": "…", "count": 1,
       "message": "..."}
    ]}

Only `fingerprint` and `count` are matched; `rule`, `page`, `path` and `message` are there for the reviewer.
Baselines of format 1 (entries keyed by rule, record and pointer, the record being its id first) are still read,
by that key; `validator.reports.session.load_baseline` says to rewrite them, since a page's id changes with its
bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import IO, Any

from validator.engine import RecordResult
from validator.findings import Finding
from validator.fingerprints import fingerprint_of
from validator.reports.escape import encodable

BASELINE_FORMAT = 2
LEGACY_FORMAT = 1  # entries keyed by (rule, record identity, JSON Pointer)

LegacyKey = tuple[str, str, str]


class BaselineError(Exception):
    """The baseline file cannot be used (unreadable, not a pav baseline)."""


def legacy_record_identity(record_id: str | None, url: str | None, file: str) -> str:
    """The record part of a format-1 key: its id, else its URL, else the input file."""
    if record_id:
        return f"id:{record_id}"
    if url:
        return f"url:{url}"
    return f"file:{file}"


def legacy_key(finding: Finding, url: str | None) -> LegacyKey:
    return (finding.rule, legacy_record_identity(finding.record_id, url, finding.location.file), finding.path)


class Baseline:
    """Accepted findings: `split` takes matching findings out of a result, consuming their counts."""

    def __init__(self, counts: Counter[str], legacy: Counter[LegacyKey] | None = None) -> None:
        self.remaining = counts
        self.legacy: Counter[LegacyKey] = legacy if legacy is not None else Counter()
        self.format = LEGACY_FORMAT if legacy is not None else BASELINE_FORMAT

    @classmethod
    def load(cls, handle: IO[bytes], name: str) -> Baseline:
        try:
            data = json.load(handle)
        except (ValueError, UnicodeDecodeError) as error:
            raise BaselineError(f"baseline {name} is not valid JSON: {error}") from None
        version = data.get("pav_baseline") if isinstance(data, dict) else None
        if version not in (BASELINE_FORMAT, LEGACY_FORMAT) or isinstance(version, bool):
            raise BaselineError(f'baseline {name} is not a pav baseline (no "pav_baseline": {BASELINE_FORMAT})')
        entries = data.get("findings")
        if not isinstance(entries, list):
            raise BaselineError(f"baseline {name}: 'findings' must be a list")
        if version == LEGACY_FORMAT:
            return cls(Counter(), _legacy_entries(entries, name))
        counts: Counter[str] = Counter()
        for number, entry in enumerate(entries, 1):
            try:
                key = entry["fingerprint"]
                count = entry.get("count", 1)
            except (TypeError, KeyError, AttributeError):
                raise BaselineError(f"baseline {name}: entry {number} needs a fingerprint") from None
            if not isinstance(key, str) or not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise BaselineError(f"baseline {name}: entry {number} has a malformed fingerprint or count")
            counts[key] += count
        return cls(counts)

    def split(self, result: RecordResult) -> tuple[tuple[Finding, ...], int]:
        """The findings of `result` the baseline does not cover, and how many it suppressed."""
        if not result.findings or not (self.remaining or self.legacy):
            return result.findings, 0
        kept: list[Finding] = []
        for finding in result.findings:
            if self.legacy:
                counts: Counter[Any] = self.legacy
                key: Any = legacy_key(finding, result.url)
            else:
                counts, key = self.remaining, fingerprint_of(finding, result.url)
            if counts.get(key, 0) > 0:
                counts[key] -= 1
            else:
                kept.append(finding)
        return tuple(kept), len(result.findings) - len(kept)


def _legacy_entries(entries: list[Any], name: str) -> Counter[LegacyKey]:
    counts: Counter[LegacyKey] = Counter()
    for number, entry in enumerate(entries, 1):
        try:
            key = (entry["rule"], entry["record"], entry["path"])
            count = entry.get("count", 1)
        except (TypeError, KeyError, AttributeError):
            raise BaselineError(f"baseline {name}: entry {number} needs rule, record and path") from None
        if not all(isinstance(part, str) for part in key) or not isinstance(count, int) or count < 1:
            raise BaselineError(f"baseline {name}: entry {number} has a malformed rule, record, path or count")
        counts[key] += count
    return counts


@dataclass
class _Entry:
    rule: str
    page: str
    path: str
    count: int
    message: str


class BaselineWriter:
    """Collects the fingerprints of every finding of a run (memory: one small entry per distinct key)."""

    def __init__(self) -> None:
        self.entries: dict[str, _Entry] = {}

    def add(self, result: RecordResult) -> None:
        for finding in result.findings:
            key = fingerprint_of(finding, result.url)
            entry = self.entries.get(key)
            if entry is None:
                page = f"url:{result.url}" if result.url else f"file:{finding.location.file}"
                self.entries[key] = _Entry(finding.rule, page, finding.path, 1, finding.message)
            else:
                entry.count += 1

    def __len__(self) -> int:
        return sum(entry.count for entry in self.entries.values())

    def write(self, stream: IO[str]) -> None:
        stream.write(f'{{"pav_baseline": {BASELINE_FORMAT}, "findings": [')
        first = True
        order = sorted(self.entries.items(), key=lambda item: (item[1].page, item[1].rule, item[1].path, item[0]))
        for key, entry in order:
            item: dict[str, Any] = {"rule": entry.rule, "page": entry.page, "path": entry.path, "fingerprint": key}
            item["count"] = entry.count
            item["message"] = entry.message
            stream.write(("\n  " if first else ",\n  ") + encodable(json.dumps(item, ensure_ascii=False)))
            first = False
        stream.write(("" if first else "\n") + "]}\n")
