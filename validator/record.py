"""Typed access to a news page record (the contract is `schemas/news-page-record.schema.json`).

The models are a *lenient projection* of a record: the JSON Schema decides what is valid and reports every
violation; these models give rules typed fields (`record.footer.icp`, `record.published_at`) and turn a
field that does not parse into `None` instead of failing, so footer rules still run on a record whose
dates are broken. `tests/test_record_model.py` checks the models against the schema so the two cannot drift.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)


def _none_if_invalid(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # The schema already reported the bad value; rules should see "absent", not crash.
    try:
        return handler(value)
    except ValidationError:
        return None


def _aware_or_none(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # RFC 3339 requires an offset; a naive datetime cannot be compared with an aware one.
    if not isinstance(value, str):
        return None
    try:
        parsed = handler(value)
    except ValidationError:
        return None
    return parsed if isinstance(parsed, datetime) and parsed.tzinfo is not None else None


LenientStr = Annotated[str | None, WrapValidator(_none_if_invalid)]
LenientInt = Annotated[StrictInt | None, WrapValidator(_none_if_invalid)]
LenientDateTime = Annotated[datetime | None, WrapValidator(_aware_or_none)]

_LENIENT = ConfigDict(extra="ignore", frozen=True)


class Footer(BaseModel):
    """The footer fields as the page shows them (text, not yet parsed)."""

    model_config = _LENIENT

    unit_in_charge: LenientStr = Field(None, description="主办单位 / Unit in Charge, Sponsor")
    organizer: LenientStr = Field(None, description="承办单位 / Organizer")
    operator: LenientStr = Field(None, description="运行维护单位 / Website Operation and Maintenance")
    site_code: LenientStr = Field(None, description="网站标识码 / Website Identification Code")
    icp: LenientStr = Field(None, description="ICP filing or licence number as shown")
    public_security: LenientStr = Field(None, description="公安机关备案号 / Public Security Record No.")
    raw: LenientStr = Field(None, description="The whole footer text")


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


def _object_or_none(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    if not isinstance(value, dict):
        return None
    return handler(value)


class Occurrence(BaseModel):
    """One place a filing number was found in a page (see the schema's $defs/occurrence)."""

    model_config = _LENIENT

    found_in: LenientStr = Field(None, alias="in", description="text, script, link, meta or attribute")
    text: LenientStr = None
    href: LenientStr = None
    value: LenientStr = None
    line: LenientInt = None


def _occurrences(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # A list of objects; anything else in it is dropped (the schema reports it), never an exception.
    if not isinstance(value, list):
        return None
    return [Occurrence.model_validate(item) for item in value if isinstance(item, dict)]


Occurrences = Annotated[list[Occurrence] | None, WrapValidator(_occurrences)]


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


class Evidence(BaseModel):
    """What was read from the page itself: footer location, meta tags, where each number was found."""

    model_config = _LENIENT

    format: LenientStr = None
    footer_from: LenientStr = None
    published_at_from: LenientStr = None
    meta: Annotated[GovMeta | None, WrapValidator(_object_or_none)] = None
    found: Annotated[Found | None, WrapValidator(_object_or_none)] = None


def _footer_or_empty(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    if not isinstance(value, dict):
        return None
    return handler(value)


def _source_or_none(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    if not isinstance(value, dict):
        return None
    return handler(value)


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
    source: Annotated[Source | None, WrapValidator(_source_or_none)] = None
    footer: Annotated[Footer | None, WrapValidator(_footer_or_empty)] = None
    evidence: Annotated[Evidence | None, WrapValidator(_object_or_none)] = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> NewsPageRecord:
        """Project any JSON object onto the model; never raises for a dict."""
        return cls.model_validate(data)
