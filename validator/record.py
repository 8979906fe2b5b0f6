"""Typed access to a news page record (the contract is `schemas/news-page-record.schema.json`).

The models are a *lenient projection* of a record: the JSON Schema decides what is valid and reports every
violation; these models give rules typed fields (`record.footer.icp`, `record.published_at`) and turn a
field that does not parse into `None` instead of failing, so footer rules still run on a record whose
dates are broken. `tests/test_record_model.py` checks the models against the schema so the two cannot drift.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    OnErrorOmit,
    StrictBool,
    StrictInt,
    TypeAdapter,
    create_model,
)
from pydantic_core import CoreSchema, core_schema

from validator.footer.fields import FIELDS as FOOTER_DECLARATION


class _NoneIfInvalid:
    """A value that does not validate becomes None: the schema already reported it, rules should see "absent".

    Done in pydantic-core (`on_error="default"`), not in a Python wrap validator: a record has a dozen such
    fields and the model is built for every record, so a Python call per field was much of the model's cost.
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_default_schema(handler(source), default=None, on_error="default")


# A leap second: second 60, which RFC 3339 and the schema's date-time allow at the end of a UTC day (23:59:60Z,
# 07:59:60+08:00). Python's datetime has no second 60: such a time is read as second 59 of the same minute, its
# fraction kept, one second early; so the rules judge every time the schema accepts. Second 60 anywhere else is
# invalid by the schema and reads as absent, like any other invalid time.
_LEAP_SECOND = r"^(\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:)60((?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d))$"


def _as_second_59(text: str) -> str:
    return re.sub(_LEAP_SECOND, r"\g<1>59\g<2>", text)


def _at_the_end_of_a_utc_day(value: datetime) -> datetime:
    offset = value.utcoffset()
    assert offset is not None  # tz_constraint="aware"
    if (value.hour * 3600 + value.minute * 60 - int(offset.total_seconds())) % 86400 != 86340:
        raise ValueError("a leap second is only inserted at 23:59 UTC")
    return value


class _AwareFromText:
    """Only a JSON string is parsed as a date-time (not a number), and it must carry an offset: RFC 3339
    requires one, and a naive datetime cannot be compared with an aware one. A leap second is read as second
    59 (see `_LEAP_SECOND`); the Python functions run only for text ending in second 60."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        aware = core_schema.datetime_schema(tz_constraint="aware")
        leap_second = core_schema.chain_schema(
            [
                core_schema.str_schema(pattern=_LEAP_SECOND),
                core_schema.no_info_plain_validator_function(_as_second_59),
                aware,
                core_schema.no_info_plain_validator_function(_at_the_end_of_a_utc_day),
            ]
        )
        return core_schema.chain_schema(
            [core_schema.str_schema(strict=True), core_schema.union_schema([aware, leap_second], mode="left_to_right")]
        )


LenientStr = Annotated[str | None, _NoneIfInvalid()]
LenientInt = Annotated[StrictInt | None, _NoneIfInvalid()]
LenientBool = Annotated[StrictBool | None, _NoneIfInvalid()]
LenientDateTime = Annotated[datetime | None, _AwareFromText(), _NoneIfInvalid()]

_LENIENT = ConfigDict(extra="ignore", frozen=True)


# The footer fields as the page shows them (text, not yet parsed): one lenient text field per entry of the
# declaration in validator/footer/fields.py, so the list of fields is written once.
if TYPE_CHECKING:

    class Footer(BaseModel):
        """The footer fields as the page shows them (text, not yet parsed)."""

        def __getattr__(self, name: str) -> str | None: ...  # every field is text or None

else:
    Footer = create_model(
        "Footer",
        __config__=_LENIENT,
        __doc__="The footer fields as the page shows them (text, not yet parsed).",
        **{entry.name: (LenientStr, Field(None, description=entry.description)) for entry in FOOTER_DECLARATION},
    )


class Source(BaseModel):
    """Provenance: where the record was made from."""

    model_config = _LENIENT

    location: LenientStr = None
    media_type: LenientStr = None
    warc_record_id: LenientStr = None
    warc_offset: LenientInt = None
    sha256: LenientStr = None
    charset: LenientStr = Field(None, description="Encoding the source bytes were decoded with")
    charset_from: LenientStr = Field(None, description="bom, http, meta, detected or default")


class Occurrence(BaseModel):
    """One place a filing number was found in a page (see the schema's $defs/occurrence)."""

    model_config = _LENIENT

    found_in: LenientStr = Field(None, alias="in", description="text, script, link, meta, attribute, image or element")
    text: LenientStr = None
    href: LenientStr = None
    value: LenientStr = None
    line: LenientInt = None


# A list of objects; anything else in it is dropped (the schema reports it), never an exception.
Occurrences = Annotated[list[OnErrorOmit[Occurrence]] | None, _NoneIfInvalid()]


class Found(BaseModel):
    """Every place each filing number was found."""

    model_config = _LENIENT

    icp: Occurrences = None
    public_security: Occurrences = None
    site_code: Occurrences = None


class GovMeta(BaseModel):
    """Government CMS meta tags, as written."""

    model_config = _LENIENT

    SiteName: LenientStr = None
    SiteDomain: LenientStr = None
    SiteIDCode: LenientStr = None
    ColumnName: LenientStr = None
    ArticleTitle: LenientStr = None
    PubDate: LenientStr = None
    ContentSource: LenientStr = None


class DateSource(BaseModel):
    """One place the page says when it was published (see the schema's $defs/date_source)."""

    model_config = _LENIENT

    source: LenientStr = Field(None, alias="from", description="text <label>, url, json-ld …, meta <name>")
    value: LenientStr = None
    precision: LenientStr = Field(None, description="second, minute, day or month")
    line: LenientInt = None


class DeclaredLanguage(BaseModel):
    """A declared language pav did not take, and why."""

    model_config = _LENIENT

    declared: LenientStr = None
    valid: LenientBool = None
    detected: LenientStr = None


class Marks(BaseModel):
    """Where the page shows the marks of a government footer besides its numbers."""

    model_config = _LENIENT

    organ_mark: Occurrences = None
    error_report: Occurrences = None
    contact: Occurrences = None


class Evidence(BaseModel):
    """What was read from the page itself: footer location, meta tags, where each number was found."""

    model_config = _LENIENT

    format: LenientStr = None
    footer_from: LenientStr = None
    section_from: LenientStr = None
    published_at_from: LenientStr = None
    dates: Annotated[list[OnErrorOmit[DateSource]] | None, _NoneIfInvalid()] = None
    language: Annotated[DeclaredLanguage | None, _NoneIfInvalid()] = None
    meta: Annotated[GovMeta | None, _NoneIfInvalid()] = None
    found: Annotated[Found | None, _NoneIfInvalid()] = None
    marks: Annotated[Marks | None, _NoneIfInvalid()] = None


class NewsPageRecord(BaseModel):
    """One published article page."""

    model_config = _LENIENT

    id: LenientStr = None
    url: LenientStr = None
    title: LenientStr = None
    language: LenientStr = None
    published_at: LenientDateTime = None
    captured_at: LenientDateTime = None
    section: LenientStr = None
    body: LenientStr = None
    content_sha256: LenientStr = None
    source: Annotated[Source | None, _NoneIfInvalid()] = None
    footer: Annotated[Footer | None, _NoneIfInvalid()] = None
    evidence: Annotated[Evidence | None, _NoneIfInvalid()] = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> NewsPageRecord:
        """Project any JSON object onto the model; never raises for a dict."""
        return cls.model_validate(data)


def field_adapter(name: str) -> TypeAdapter[Any]:
    """A validator for one field of `NewsPageRecord`: its type with its lenient validators (pydantic keeps
    Annotated metadata apart from the annotation)."""
    info = NewsPageRecord.model_fields[name]
    annotated: Any = Annotated[info.annotation, *info.metadata]
    return TypeAdapter(annotated)
