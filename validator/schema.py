"""The record contract: JSON Schema validation of a record, all errors, formats really checked.

Two validators, one verdict. jsonschema-rs (Rust) decides first whether a record is valid at all; only
records it rejects go through python-jsonschema, whose error objects (keyword, path, sub-schema, value)
define the S findings. Most records are valid, so the expensive path runs rarely, and the findings are
exactly python-jsonschema's. tests/test_schema_differential.py holds the two to the same verdict.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from validator.resources import RECORD_SCHEMA, load_schema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

# Formats the contract uses. python-jsonschema only checks a format when the library behind it is installed
# (rfc3339-validator, rfc3986-validator); tests/test_schema_rules.py proves they run.
CHECKED_FORMATS = ("date-time", "uri")


@functools.cache
def _fast_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(RECORD_SCHEMA), validate_formats=True)


@functools.cache
def record_validator() -> Draft202012Validator:
    """The reference validator (python-jsonschema), built once per process."""
    from jsonschema import Draft202012Validator, FormatChecker

    missing = [name for name in CHECKED_FORMATS if name not in FormatChecker.checkers]
    if missing:  # an install without them would pass every bad URI and date silently
        raise RuntimeError(f"format checks unavailable for {missing}: install rfc3339-validator, rfc3986-validator")
    return Draft202012Validator(load_schema(RECORD_SCHEMA), format_checker=FormatChecker(CHECKED_FORMATS))


def is_valid_record(data: Any) -> bool:
    """The fast verdict (jsonschema-rs). False when it cannot judge (the reference validator then decides)."""
    try:
        return bool(_fast_validator().is_valid(data))
    except (UnicodeEncodeError, ValueError):  # lone surrogates cannot cross into Rust strings
        return False


def record_schema_errors(data: Any) -> list[ValidationError]:
    """Every schema error of a record, in document order (not only the first); [] when it is valid."""
    if is_valid_record(data):
        return []
    return reference_schema_errors(data)


def reference_schema_errors(data: Any) -> list[ValidationError]:
    """Every error python-jsonschema finds, whatever the fast gate says (for tests and differential checks)."""
    return sorted(record_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
