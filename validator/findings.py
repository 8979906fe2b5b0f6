"""The unit of output: a `Finding` says which rule a record breaks, where, and how badly.

Modelled on python-jsonschema's error objects: a stable rule id (like `validator`), a message, and a
JSON Pointer `path` into the record, plus where the record came from (file, line, array index or URL).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

# A run's verdict as its exit code: no finding at or above --fail-on, or some (the CLI adds 2, a usage error).
EXIT_OK, EXIT_FINDINGS = 0, 1


class Severity(enum.IntEnum):
    """Ordered so that `max()` gives the worst and `>=` compares against `--fail-on`."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record came from: a file (with JSONL line or JSON array index) or `-` for stdin."""

    file: str
    line: int | None = None
    index: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        elif self.index is not None:
            text += f"[{self.index}]"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "index": self.index}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one record.

    `path` is an RFC 6901 JSON Pointer into the record ("" is the whole record, "/footer/icp" the ICP field).
    `record_id` is the record's `id` when it has a usable one. `fingerprint` is its identity across runs
    (`validator.fingerprints.finding_fingerprint`), set by the engine; "" when the finding was made elsewhere.
    """

    rule: str
    severity: Severity
    message: str
    path: str = ""
    record_id: str | None = None
    location: Location = field(default_factory=lambda: Location("<memory>"))
    fingerprint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "path": self.path,
            "record_id": self.record_id,
            "location": self.location.to_dict(),
        }


def json_pointer(parts: Any) -> str:
    """RFC 6901 pointer from path parts (`["footer", "icp"]` -> `/footer/icp`)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
