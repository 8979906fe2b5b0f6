"""S: the record contract (schemas/news-page-record.schema.json), one rule per kind of schema error.

The schema is validated once per record (`SchemaContext.schema_errors`); each rule here reports the errors
of its kind, all of them, each at the exact JSON Pointer of the offending value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from validator.findings import Severity, json_pointer
from validator.rules.base import SchemaContext, Violation, rule
from validator.rules.requirements import RECORD_CONTRACT

if TYPE_CHECKING:
    from validator.schema import SchemaError as ValidationError

_MAX_SHOWN = 60  # a 50 KB body must not end up in a one-line message


# A date and time that would be RFC 3339 but for its missing offset (a space for the T is a common form too).
_NO_OFFSET = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?\Z")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def _field(error: ValidationError) -> str:
    parts = list(error.absolute_path)
    return str(parts[-1]) if parts else "record"


def _errors(ctx: SchemaContext, *keywords: str) -> Iterator[ValidationError]:
    for error in ctx.schema_errors:
        if error.validator in keywords:
            yield error


_HANDLED = {
    "required",
    "type",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "additionalProperties",
    "unevaluatedProperties",
}


@rule(
    "S001",
    "schema-required",
    Severity.ERROR,
    "A field the record contract requires is present",
    scope="schema",
    requirement=RECORD_CONTRACT,
)
def required_field(ctx: SchemaContext) -> Iterator[Violation]:
    """A field that every record must have is missing.

    Required: id, url, title, language, published_at, captured_at, body, footer.
    The path points at the missing field itself.

    Passing: {"id": "a1", "url": "https://www.sc.gov.cn/...", "title": "...", ...all required fields...}
    Failing: a record without "title" -> S001 at /title
    """
    for error in _errors(ctx, "required"):
        for name in error.missing:
            yield Violation(f"required field {name!r} is missing", json_pointer([*error.absolute_path, name]))


@rule(
    "S002",
    "schema-type",
    Severity.ERROR,
    "Every field has the type the record contract gives it",
    scope="schema",
    requirement=RECORD_CONTRACT,
)
def wrong_type(ctx: SchemaContext) -> Iterator[Violation]:
    """A field has the wrong JSON type (for example a number where text is expected).

    Passing: "title": "Expo opens"
    Failing: "title": 42 -> S002 at /title
    """
    for error in _errors(ctx, "type"):
        expected = error.validator_value
        expected_text = " or ".join(expected) if isinstance(expected, list) else str(expected)
        got = _json_type(error.instance)
        yield Violation(f"{_field(error)} must be {expected_text}, got {got}", json_pointer(error.absolute_path))


@rule(
    "S003",
    "schema-format",
    Severity.ERROR,
    "URLs and timestamps are in their standard format",
    scope="schema",
    requirement=RECORD_CONTRACT,
)
def bad_format(ctx: SchemaContext) -> Iterator[Violation]:
    """A value is not in the format the contract names.

    `url` must be an absolute URI (RFC 3986); `published_at` and `captured_at` must be RFC 3339 date-times
    with an offset (`2023-11-22T10:55:00+08:00`, not `2023-11-22 10:55`). The message says whether only the
    offset is missing or the value is no time at all; for a record read from a WARC file, `captured_at` is the
    record's WARC-Date, and the message names it.

    Passing: "published_at": "2023-11-22T10:55:00+08:00"
    Failing: "published_at": "2023-11-22 10:55" -> S003 at /published_at
    """
    for error in _errors(ctx, "format"):
        field = _field(error)
        shown = _shown(error.instance)
        if ctx.warc and list(error.absolute_path) == ["captured_at"]:
            shown += ", the WARC-Date of its WARC record,"
        if error.validator_value != "date-time":
            message = f"{field} {shown} is not a valid {error.validator_value}"
        elif isinstance(error.instance, str) and _NO_OFFSET.match(error.instance):
            message = f"{field} {shown} has no UTC offset: RFC 3339 needs one, such as +08:00 or Z"
        else:
            example = "2023-11-23T01:02:03Z" if ctx.warc else "2023-11-22T10:55:00+08:00"
            message = f"{field} {shown} is not a valid date-time (RFC 3339, such as {example})"
        yield Violation(message, json_pointer(error.absolute_path))


@rule(
    "S004",
    "schema-pattern",
    Severity.ERROR,
    "Identifiers, URLs, language tags and digests have their shape",
    scope="schema",
    requirement=RECORD_CONTRACT,
)
def bad_pattern(ctx: SchemaContext) -> Iterator[Violation]:
    """A text value does not have the shape the contract requires.

    `id`: letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most 128 characters.
    `url`: http or https. `language`: a BCP 47 tag (`zh-CN`, `en`). `content_sha256` and `source.sha256`:
    64 lowercase hex digits. `title`: not only white space.

    Passing: "language": "zh-CN"
    Failing: "language": "Chinese" -> S004 at /language
    """
    for error in _errors(ctx, "pattern"):
        # The property's description says what shape is wanted in words; the regex alone helps few readers.
        wanted = error.schema.get("description") if isinstance(error.schema, dict) else None
        detail = wanted.rstrip(".") if wanted else f"pattern {error.validator_value}"
        yield Violation(
            f"{_field(error)} {_shown(error.instance)} is malformed ({detail})",
            json_pointer(error.absolute_path),
        )


@rule(
    "S005",
    "schema-range",
    Severity.ERROR,
    "Text lengths and numbers are within their limits",
    scope="schema",
    requirement=RECORD_CONTRACT,
)
def out_of_range(ctx: SchemaContext) -> Iterator[Violation]:
    """A value is empty where text is required, or a number is out of range.

    Passing: "title": "Expo opens"
    Failing: "title": "" -> S005 at /title; "source": {"warc_offset": -1} -> S005 at /source/warc_offset
    """
    for error in _errors(ctx, "minLength", "maxLength", "minimum", "maximum"):
        limit = error.validator_value
        text = {
            "minLength": "must not be empty" if limit == 1 else f"must have at least {limit} characters",
            "maxLength": f"must have at most {limit} characters",
            "minimum": f"must be at least {limit}",
            "maximum": f"must be at most {limit}",
        }[str(error.validator)]
        yield Violation(f"{_field(error)} {text}", json_pointer(error.absolute_path))


@rule(
    "S007",
    "schema-unknown-field",
    Severity.WARNING,
    "The record has no fields the contract does not know",
    scope="schema",
    requirement=RECORD_CONTRACT,
)
def unknown_field(ctx: SchemaContext) -> Iterator[Violation]:
    """The record (or its footer or source) has a field the contract does not define.

    A warning, not an error: records evolve, and a producer may add fields before the contract does. It
    also catches typos (`pubished_at`), which then show up as a missing required field too.

    Passing: only contract fields. Failing: "author": "..." -> S007 at /author
    """
    for error in _errors(ctx, "additionalProperties", "unevaluatedProperties"):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        instance = error.instance if isinstance(error.instance, dict) else {}
        for name in instance:
            if name not in known:
                yield Violation(
                    f"unknown field {name!r} is not part of the record contract",
                    json_pointer([*error.absolute_path, name]),
                )


@rule(
    "S099",
    "schema-other",
    Severity.ERROR,
    "The record satisfies every other constraint of the contract",
    scope="schema",
    requirement=RECORD_CONTRACT,
)
def other_schema_error(ctx: SchemaContext) -> Iterator[Violation]:
    """Any schema violation of a kind that S001-S007 do not cover (for example `enum`
    or `minItems` in a future version of the contract), so none is ever dropped.

    Passing: a record the contract accepts.
    Failing: whatever the schema rejects beyond the kinds above, with python-jsonschema's message.
    """
    for error in ctx.schema_errors:
        if error.validator not in _HANDLED:
            yield Violation(f"{error.message[:200]} ({error.validator})", json_pointer(error.absolute_path))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "integer" if isinstance(value, int) else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
