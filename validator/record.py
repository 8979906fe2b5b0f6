"""Typed access to a news page record (the contract is `schemas/news-page-record.schema.json`).

The models are a *lenient projection* of a record: the JSON Schema decides what is valid and reports every
violation; these models give rules typed fields (`record.footer.icp`, `record.published_at`) and turn a
field that does not parse into `None` instead of failing, so footer rules still run on a record whose
dates are broken. `tests/test_record_model.py` checks the models against the schema so the two cannot drift.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, OnErrorOmit, StrictInt, TypeAdapter
from pydantic.fields import FieldInfo
from pydantic_core import CoreSchema, core_schema


class _NoneIfInvalid:
    """A value that does not validate becomes None: the schema already reported it, rules should see "absent".

    Done in pydantic-core (`on_error="default"`), not in a Python wrap validator: a record has a dozen such
    fields and the model is built for every record, so a Python call per field was half the model's cost.
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_default_schema(handler(source), default=None, on_error="default")


class _AwareFromText:
    """Only a JSON string is parsed as a date-time (not a number), and it must carry an offset: RFC 3339
    requires one, and a naive datetime cannot be compared with an aware one."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.chain_schema(
            [core_schema.str_schema(strict=True), core_schema.datetime_schema(tz_constraint="aware")]
        )


LenientStr = Annotated[str | None, _NoneIfInvalid()]
LenientInt = Annotated[StrictInt | None, _NoneIfInvalid()]
LenientDateTime = Annotated[datetime | None, _AwareFromText(), _NoneIfInvalid()]

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


class Occurrence(BaseModel):
    """One place a filing number was found in a page (see the schema's $defs/occurrence)."""

    model_config = _LENIENT

    found_in: LenientStr = Field(None, alias="in", description="text, script, link, meta or attribute")
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


class Evidence(BaseModel):
    """What was read from the page itself: footer location, meta tags, where each number was found."""

    model_config = _LENIENT

    format: LenientStr = None
    footer_from: LenientStr = None
    published_at_from: LenientStr = None
    meta: Annotated[GovMeta | None, _NoneIfInvalid()] = None
    found: Annotated[Found | None, _NoneIfInvalid()] = None


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


def _field_adapter(info: FieldInfo) -> TypeAdapter[Any]:
    # The field's type with its validators (pydantic keeps Annotated metadata apart from the annotation).
    annotated: Any = Annotated[info.annotation, *info.metadata]
    return TypeAdapter(annotated)


_FIELD_ADAPTERS = {name: _field_adapter(info) for name, info in NewsPageRecord.model_fields.items()}


@functools.lru_cache(maxsize=4096)  # crawl times and publication times repeat across a batch
def _instant(text: str) -> datetime | None:
    value: datetime | None = _FIELD_ADAPTERS["published_at"].validate_python(text)
    return value


class RecordView:
    """The fields of `NewsPageRecord`, each projected from the raw record only when a rule reads it.

    Rules run on every record of a batch and most read three or four fields; building the whole model (the
    body, nested footer and evidence models) cost more than all the record rules together. Each field goes
    through the model's own validator for that field, so the values are the model's (held equal by a test in
    tests/test_record_model.py). Text fields are read anew on each access (a dict lookup); the nested models
    are built once.
    """

    __slots__ = ("_data", "_nested")

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self._nested: dict[str, Any] = {}

    def _text(self, name: str) -> str | None:
        value = self._data.get(name)
        return value if isinstance(value, str) else None

    def _when(self, name: str) -> datetime | None:
        value = self._data.get(name)
        return _instant(value) if isinstance(value, str) else None

    def _model(self, name: str) -> Any:
        nested = self._nested
        if name not in nested:
            value = self._data.get(name)
            nested[name] = None if value is None else _FIELD_ADAPTERS[name].validate_python(value)
        return nested[name]

    @property
    def id(self) -> str | None:
        return self._text("id")

    @property
    def url(self) -> str | None:
        return self._text("url")

    @property
    def title(self) -> str | None:
        return self._text("title")

    @property
    def language(self) -> str | None:
        return self._text("language")

    @property
    def published_at(self) -> datetime | None:
        return self._when("published_at")

    @property
    def captured_at(self) -> datetime | None:
        return self._when("captured_at")

    @property
    def section(self) -> str | None:
        return self._text("section")

    @property
    def body(self) -> str | None:
        return self._text("body")

    @property
    def content_sha256(self) -> str | None:
        return self._text("content_sha256")

    @property
    def source(self) -> Source | None:
        value: Source | None = self._model("source")
        return value

    @property
    def footer(self) -> Footer | None:
        value: Footer | None = self._model("footer")
        return value

    @property
    def evidence(self) -> Evidence | None:
        value: Evidence | None = self._model("evidence")
        return value
