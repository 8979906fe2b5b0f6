"""Fingerprints of findings, and baseline files of accepted findings (`--baseline`, `--write-baseline`).

A fingerprint names a finding by what it is about, never by where it sits in a file: the rule, the record
(its `id`, else its URL, else the input file for a record with neither or a reader problem) and the JSON
Pointer. Adding a record above another, or reformatting a file, changes no fingerprint.

A baseline is a multiset: two identical findings (two records sharing an id, two broken lines of one file)
are recorded with count 2, and a third one is new. The file is JSON, sorted, one entry per line, so that its
diff in a pull request shows exactly which findings were accepted or fixed:

    {"pav_baseline": 1, "findings": [
      {"rule": "F101", "record": "id:page-17", "path": "/footer/icp", "count": 1, "message": "..."}
    ]}

`message` is there for the reviewer; matching ignores it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import IO, Any

from validator.engine import RecordResult
from validator.findings import Finding
from validator.reports.escape import encodable

BASELINE_FORMAT = 1

Key = tuple[str, str, str]  # (rule, record identity, JSON Pointer)


class BaselineError(Exception):
    """The baseline file cannot be used (unreadable, not a pav baseline)."""


def record_identity(record_id: str | None, url: str | None, file: str) -> str:
    if record_id:
        return f"id:{record_id}"
    if url:
        return f"url:{url}"
    return f"file:{file}"


def finding_key(finding: Finding, url: str | None) -> Key:
    return (finding.rule, record_identity(finding.record_id, url, finding.location.file), finding.path)


def fingerprint(key: Key) -> str:
    """A stable hex digest of a finding key (the same in the JSON report, SARIF and the baseline)."""
    text = "\x1f".join(key)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class Baseline:
    """Accepted findings: `split` takes matching findings out of a result, consuming their counts."""

    def __init__(self, counts: Counter[Key]) -> None:
        self.remaining = counts

    @classmethod
    def load(cls, handle: IO[bytes], name: str) -> Baseline:
        try:
            data = json.load(handle)
        except (ValueError, UnicodeDecodeError) as error:
            raise BaselineError(f"baseline {name} is not valid JSON: {error}") from None
        if not isinstance(data, dict) or data.get("pav_baseline") != BASELINE_FORMAT:
            raise BaselineError(f'baseline {name} is not a pav baseline (no "pav_baseline": {BASELINE_FORMAT})')
        entries = data.get("findings")
        if not isinstance(entries, list):
            raise BaselineError(f"baseline {name}: 'findings' must be a list")
        counts: Counter[Key] = Counter()
        for number, entry in enumerate(entries, 1):
            try:
                key = (entry["rule"], entry["record"], entry["path"])
                count = entry.get("count", 1)
            except (TypeError, KeyError, AttributeError):
                raise BaselineError(f"baseline {name}: entry {number} needs rule, record and path") from None
            if not all(isinstance(part, str) for part in key) or not isinstance(count, int) or count < 1:
                raise BaselineError(f"baseline {name}: entry {number} has a malformed rule, record, path or count")
            counts[key] += count
        return cls(counts)

    def split(self, result: RecordResult) -> tuple[tuple[Finding, ...], int]:
        """The findings of `result` the baseline does not cover, and how many it suppressed."""
        if not result.findings or not self.remaining:
            return result.findings, 0
        kept: list[Finding] = []
        for finding in result.findings:
            key = finding_key(finding, result.url)
            if self.remaining.get(key, 0) > 0:
                self.remaining[key] -= 1
            else:
                kept.append(finding)
        return tuple(kept), len(result.findings) - len(kept)


@dataclass
class _Entry:
    count: int
    message: str


class BaselineWriter:
    """Collects the fingerprint keys of every finding of a run (memory: one small entry per distinct key)."""

    def __init__(self) -> None:
        self.entries: dict[Key, _Entry] = {}

    def add(self, result: RecordResult) -> None:
        for finding in result.findings:
            key = finding_key(finding, result.url)
            entry = self.entries.get(key)
            if entry is None:
                self.entries[key] = _Entry(1, finding.message)
            else:
                entry.count += 1

    def __len__(self) -> int:
        return sum(entry.count for entry in self.entries.values())

    def write(self, stream: IO[str]) -> None:
        stream.write(f'{{"pav_baseline": {BASELINE_FORMAT}, "findings": [')
        first = True
        for key in sorted(self.entries):
            entry = self.entries[key]
            item: dict[str, Any] = {"rule": key[0], "record": key[1], "path": key[2], "count": entry.count}
            item["message"] = entry.message
            stream.write(("\n  " if first else ",\n  ") + encodable(json.dumps(item, ensure_ascii=False)))
            first = False
        stream.write(("" if first else "\n") + "]}\n")
