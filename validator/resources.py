"""Locate the project's own schema files, installed (inside the wheel) or in a source checkout."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent
# A wheel carries schemas/ inside the package (pyproject force-include); a checkout has it beside it.
_CANDIDATES = (_PACKAGE_DIR / "schemas", _PACKAGE_DIR.parent / "schemas")

RECORD_SCHEMA = "news-page-record.schema.json"
REPORT_SCHEMA = "pav-report.schema.json"
COMPARE_SCHEMA = "pav-compare.schema.json"


def schema_path(name: str) -> Path:
    for folder in _CANDIDATES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"schema {name} not found in {', '.join(str(c) for c in _CANDIDATES)}")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    with schema_path(name).open("rb") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded
