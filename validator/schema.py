"""The record contract: JSON Schema validation of a record, all errors, formats really checked."""

from __future__ import annotations

import functools
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from validator.resources import RECORD_SCHEMA, load_schema

# Formats the contract uses. python-jsonschema only checks a format when the library behind it is installed
# (rfc3339-validator, rfc3986-validator via the `format-nongpl` extra); tests/test_schema_rules.py proves they run.
_CHECKED_FORMATS = ("date-time", "uri")


@functools.cache
def record_validator() -> Draft202012Validator:
    """The compiled validator, built once per process."""
    missing = [name for name in _CHECKED_FORMATS if name not in FormatChecker.checkers]
    if missing:  # an install without the extra would pass every bad URI and date silently
        raise RuntimeError(f"format checks unavailable for {missing}: install jsonschema[format-nongpl]")
    checker = FormatChecker(_CHECKED_FORMATS)
    return Draft202012Validator(load_schema(RECORD_SCHEMA), format_checker=checker)


def record_schema_errors(data: Any) -> list[ValidationError]:
    """Every schema error of a record, in document order (not only the first)."""
    return sorted(record_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
