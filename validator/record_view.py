"""What rules and packages read of a record: the fields of `NewsPageRecord`, each projected when it is read.

Rules run on every record of a batch and most read three or four fields. Building the pydantic model for each
record cost more than all the record rules together, and importing pydantic and building the models delayed
every run's first record (README, Performance); so this module does not import pydantic. Text fields are read from
the JSON object directly, the nested footer, source and evidence objects are projected by hand into frozen
dataclasses with the model's fields, and RFC 3339 timestamps are parsed with `datetime.fromisoformat`; only
an unusual timestamp goes through the model's own validator (pydantic, imported then). The pydantic models in
validator/record.py stay the typed public API and the reference: tests/test_record_model.py holds every
field of the view equal to the model's on fuzzed records.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, make_dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from validator.footer.fields import FIELD_NAMES as FOOTER_FIELD_NAMES

if TYPE_CHECKING:
    from pydantic import TypeAdapter

# RFC 3339 date-times that datetime.fromisoformat reads exactly as pydantic does (upper-case T and Z, at most
# microseconds); every other text takes the model's validator.
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)")


_T = TypeVar("_T")


@functools.cache
def _adapter(name: str) -> TypeAdapter[Any]:
    from validator.record import field_adapter

    return field_adapter(name)


@functools.lru_cache(maxsize=4096)  # crawl times and publication times repeat across a batch
def _instant(text: str) -> datetime | None:
    if _RFC3339.fullmatch(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass  # 24:00, day 31 of a short month, offsets past 23:59: the model decides; it reads a leap
            # second (23:59:60 UTC, valid by the schema) as second 59 of that minute (validator/record.py)
    value: datetime | None = _adapter("published_at").validate_python(text)
    return value


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


# `Footer` of the model: the footer fields as the page shows them, one per entry of the declaration in
# validator/footer/fields.py.
if TYPE_CHECKING:

    class FooterView:
        """`Footer` of the model: the footer fields as the page shows them."""

        def __init__(self, *texts: str | None) -> None: ...
        def __getattr__(self, name: str) -> str | None: ...  # every field is text or None

else:
    FooterView = make_dataclass(
        "FooterView", [(name, "str | None") for name in FOOTER_FIELD_NAMES], frozen=True, slots=True
    )
    FooterView.__doc__ = "`Footer` of the model: the footer fields as the page shows them."


@dataclass(frozen=True, slots=True)
class SourceView:
    """`Source` of the model: provenance."""

    location: str | None
    media_type: str | None
    warc_record_id: str | None
    warc_offset: int | None
    sha256: str | None
    charset: str | None
    charset_from: str | None


def _int(value: object) -> int | None:
    return value if type(value) is int else None  # an integer, not a boolean (StrictInt)


def _source(value: object) -> SourceView | None:
    if not isinstance(value, dict):
        return None
    get = value.get
    return SourceView(
        _str(get("location")),
        _str(get("media_type")),
        _str(get("warc_record_id")),
        _int(get("warc_offset")),
        _str(get("sha256")),
        _str(get("charset")),
        _str(get("charset_from")),
    )


def _footer(value: object) -> FooterView | None:
    if not isinstance(value, dict):
        return None
    return FooterView(*(_str(value.get(name)) for name in FOOTER_FIELD_NAMES))


@dataclass(frozen=True, slots=True)
class OccurrenceView:
    """`Occurrence` of the model: one place a filing number was found in a page."""

    found_in: str | None  # "in" in the record
    text: str | None
    href: str | None
    value: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class FoundView:
    """`Found` of the model: every place each filing number was found."""

    icp: list[OccurrenceView] | None
    public_security: list[OccurrenceView] | None
    site_code: list[OccurrenceView] | None


@dataclass(frozen=True, slots=True)
class GovMetaView:
    """`GovMeta` of the model: government CMS meta tags, as written."""

    SiteName: str | None
    SiteDomain: str | None
    SiteIDCode: str | None
    ColumnName: str | None
    ArticleTitle: str | None
    PubDate: str | None
    ContentSource: str | None


@dataclass(frozen=True, slots=True)
class DateSourceView:
    """`DateSource` of the model: one place the page says when it was published."""

    source: str | None  # "from" in the record
    value: str | None
    precision: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class DeclaredLanguageView:
    """`DeclaredLanguage` of the model: a declared language pav did not take."""

    declared: str | None
    valid: bool | None
    detected: str | None


@dataclass(frozen=True, slots=True)
class MarksView:
    """`Marks` of the model: where the page shows the organ website mark, the error-report entry, contact."""

    organ_mark: list[OccurrenceView] | None
    error_report: list[OccurrenceView] | None
    contact: list[OccurrenceView] | None


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """`Evidence` of the model, projected by hand: every page pav reads carries evidence, and validating it
    through pydantic cost time on every page, plus loading pydantic in every process that checks pages."""

    format: str | None
    footer_from: str | None
    section_from: str | None
    published_at_from: str | None
    dates: list[DateSourceView] | None
    language: DeclaredLanguageView | None
    meta: GovMetaView | None
    found: FoundView | None
    marks: MarksView | None


def _occurrences(value: object) -> list[OccurrenceView] | None:
    if not isinstance(value, list):
        return None
    return [  # anything but an object in the list is dropped (the schema reports it)
        OccurrenceView(
            _str(item.get("in")),
            _str(item.get("text")),
            _str(item.get("href")),
            _str(item.get("value")),
            _int(item.get("line")),
        )
        for item in value
        if isinstance(item, dict)
    ]


def _dates(value: object) -> list[DateSourceView] | None:
    if not isinstance(value, list):
        return None
    return [
        DateSourceView(
            _str(item.get("from")), _str(item.get("value")), _str(item.get("precision")), _int(item.get("line"))
        )
        for item in value
        if isinstance(item, dict)
    ]


def _language(value: object) -> DeclaredLanguageView | None:
    if not isinstance(value, dict):
        return None
    valid = value.get("valid")
    return DeclaredLanguageView(
        _str(value.get("declared")), valid if type(valid) is bool else None, _str(value.get("detected"))
    )


def _evidence(value: object) -> EvidenceView | None:
    if not isinstance(value, dict):
        return None
    meta, found, marks = value.get("meta"), value.get("found"), value.get("marks")
    return EvidenceView(
        _str(value.get("format")),
        _str(value.get("footer_from")),
        _str(value.get("section_from")),
        _str(value.get("published_at_from")),
        _dates(value.get("dates")),
        _language(value.get("language")),
        GovMetaView(*(_str(meta.get(name)) for name in GovMetaView.__slots__)) if isinstance(meta, dict) else None,
        FoundView(*(_occurrences(found.get(name)) for name in FoundView.__slots__))
        if isinstance(found, dict)
        else None,
        MarksView(*(_occurrences(marks.get(name)) for name in MarksView.__slots__))
        if isinstance(marks, dict)
        else None,
    )


class RecordView:
    """The fields of `NewsPageRecord`, each projected from the raw record when a rule reads it: text fields
    anew on each access (a dict lookup), the footer, source and evidence views once."""

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

    def _nested_view(self, name: str, project: Callable[[object], _T]) -> _T:
        nested = self._nested
        if name in nested:
            return cast(_T, nested[name])
        value = nested[name] = project(self._data.get(name))
        return value

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
    def source(self) -> SourceView | None:
        return self._nested_view("source", _source)

    @property
    def footer(self) -> FooterView | None:
        return self._nested_view("footer", _footer)

    @property
    def evidence(self) -> EvidenceView | None:
        return self._nested_view("evidence", _evidence)
