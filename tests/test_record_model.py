"""The pydantic models and the JSON Schema describe the same record: the two cannot drift."""

from __future__ import annotations

import types
import typing
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from tests.conftest import valid_record
from validator.record import Evidence, Footer, Found, GovMeta, NewsPageRecord, Occurrence, Source
from validator.resources import RECORD_SCHEMA, load_schema

_JSON_TYPES = {str: "string", int: "integer", datetime: "string"}


def _model_types(model: type[BaseModel]) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        is_union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
        args = typing.get_args(annotation) if is_union else (annotation,)
        kinds = set()
        for arg in args:
            if typing.get_origin(arg) is typing.Annotated:
                arg = typing.get_args(arg)[0]  # StrictInt = Annotated[int, Strict()]
            if arg is type(None):
                continue
            kinds.add("object" if isinstance(arg, type) and issubclass(arg, BaseModel) else _JSON_TYPES[arg])
        result[name] = kinds
    return result


def _schema_types(schema: dict[str, Any]) -> dict[str, set[str]]:
    result = {}
    for name, prop in schema["properties"].items():
        declared = prop["type"]
        result[name] = {t for t in ([declared] if isinstance(declared, str) else declared) if t != "null"}
    return result


def test_record_fields_match_schema() -> None:
    schema = load_schema(RECORD_SCHEMA)
    assert _model_types(NewsPageRecord) == _schema_types(schema)


def test_nested_models_match_schema() -> None:
    schema = load_schema(RECORD_SCHEMA)
    assert _model_types(Footer) == _schema_types(schema["properties"]["footer"])
    assert _model_types(Source) == _schema_types(schema["properties"]["source"])


def _evidence_types(model: type[BaseModel]) -> dict[str, set[str]]:
    # Like _model_types, for the evidence models: lists are "array", fields are named by their alias ("in").
    result: dict[str, set[str]] = {}
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        args = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) else ()
        kinds = set()
        for arg in args or (annotation,):
            if typing.get_origin(arg) is typing.Annotated:
                arg = typing.get_args(arg)[0]
            if arg is type(None):
                continue
            if typing.get_origin(arg) is list:
                kinds.add("array")
            elif isinstance(arg, type) and issubclass(arg, BaseModel):
                kinds.add("object")
            else:
                kinds.add(_JSON_TYPES[arg])
        result[info.alias or name] = kinds
    return result


def test_evidence_models_match_schema() -> None:
    schema = load_schema(RECORD_SCHEMA)
    evidence = schema["properties"]["evidence"]
    assert _evidence_types(Evidence) == _schema_types(evidence)
    assert _evidence_types(GovMeta) == _schema_types(evidence["properties"]["meta"])
    assert _evidence_types(Found) == _schema_types(evidence["properties"]["found"])
    assert _evidence_types(Occurrence) == _schema_types(schema["$defs"]["occurrence"])


def test_every_schema_property_is_documented() -> None:
    schema = load_schema(RECORD_SCHEMA)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" and schema["$id"]

    def walk(node: dict[str, Any], where: str) -> None:
        for name, prop in node.get("properties", {}).items():
            assert prop.get("title") and prop.get("description"), f"{where}/{name} lacks title or description"
            walk(prop, f"{where}/{name}")

    walk(schema, "")
    for name, definition in schema.get("$defs", {}).items():
        assert definition.get("title") and definition.get("description"), f"$defs/{name}"
        walk(definition, f"$defs/{name}")


def test_model_reads_a_valid_record_typed() -> None:
    record = NewsPageRecord.from_data(valid_record())
    assert record.footer is not None and record.footer.icp == "蜀ICP备13001288号"
    assert record.published_at is not None and record.published_at.utcoffset() is not None


def test_model_never_raises_and_drops_bad_values() -> None:
    record = NewsPageRecord.from_data(
        {
            "id": 5,
            "published_at": "2023-11-22T10:55:00",
            "captured_at": 1700000000,
            "footer": "x",
            "source": {"warc_offset": "12"},
            "unknown": 1,
        }
    )
    assert record.id is None and record.published_at is None and record.captured_at is None
    assert record.footer is None and record.source is not None and record.source.warc_offset is None
