"""The record contract: JSON Schema validation of a record, all errors, formats really checked.

Two validators, one verdict. jsonschema-rs (Rust) validates every record and lists the errors of the ones it
rejects; python-jsonschema is the reference: it judges what jsonschema-rs cannot take (lone surrogates), and
tests/test_schema_differential.py holds the two to the same verdict and the same findings on the samples,
edge values and fuzzed records. Both kinds of error become a `SchemaError` (keyword, value, sub-schema, path,
instance), the shape the S rules read.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from validator.resources import RECORD_SCHEMA, load_schema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One schema violation, whichever validator found it (named as python-jsonschema names them)."""

    validator: str  # the keyword: "required", "type", "pattern" ...
    validator_value: Any  # the keyword's value in the schema
    schema: Mapping[str, Any]  # the sub-schema holding the keyword
    absolute_path: tuple[str | int, ...]  # where in the record
    instance: Any  # the offending value (for "required": the object missing the field)
    message: str
    missing: tuple[str, ...] = ()  # for "required": the missing field names


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


def record_schema_errors(data: Any) -> list[SchemaError]:
    """Every schema error of a record, in document order (not only the first); [] when it is valid."""
    if is_valid_record(data):
        return []
    try:
        errors = [_from_fast(error) for error in _fast_validator().iter_errors(data)]
    except (UnicodeEncodeError, ValueError):  # lone surrogates cannot cross into Rust strings
        return reference_schema_errors(data)
    return sorted(errors, key=_document_order)


def reference_schema_errors(data: Any) -> list[SchemaError]:
    """Every error python-jsonschema finds (the reference, also for tests and differential checks)."""
    return sorted((_from_reference(e) for e in record_validator().iter_errors(data)), key=_document_order)


def _document_order(error: SchemaError) -> list[str]:
    return [str(part) for part in error.absolute_path]


def _from_reference(error: ValidationError) -> SchemaError:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    missing: tuple[str, ...] = ()
    if error.validator == "required" and isinstance(error.validator_value, list):
        # python-jsonschema reports one error per missing field, naming it first in the message.
        missing = tuple(name for name in error.validator_value if error.message.startswith(repr(name)))
    return SchemaError(
        str(error.validator),
        error.validator_value,
        schema,
        tuple(error.absolute_path),
        error.instance,
        error.message,
        missing,
    )


def _from_fast(error: Any) -> SchemaError:
    keyword = str(error.kind.name)
    schema: Any = load_schema(RECORD_SCHEMA)
    for part in list(error.schema_path)[:-1]:  # the sub-schema holding the keyword
        schema = schema[part] if isinstance(schema, Mapping | list) else {}
    schema = schema if isinstance(schema, Mapping) else {}
    missing = (str(error.kind.property),) if keyword == "required" else ()
    return SchemaError(
        keyword, schema.get(keyword), schema, tuple(error.instance_path), error.instance, str(error.message), missing
    )
