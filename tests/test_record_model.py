"""The pydantic models and the JSON Schema describe the same record: the two cannot drift."""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from datetime import datetime
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from tests.conftest import SAMPLES, valid_record
from validator.record import Evidence, Footer, Found, GovMeta, NewsPageRecord, Occurrence, Source
from validator.record_view import RecordView
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


def test_nested_values_of_the_wrong_kind_become_none_or_are_dropped() -> None:
    record = NewsPageRecord.from_data(
        {
            "evidence": {
                "found": {"icp": [1, "x", {"in": "text", "line": True}, {"in": 5, "value": "v"}], "site_code": "x"}
            },
            "source": [],
            "footer": {"icp": 3, "raw": "r"},
        }
    )
    assert record.source is None and record.footer is not None
    assert record.footer.icp is None and record.footer.raw == "r"
    assert record.evidence is not None and record.evidence.found is not None
    icp = record.evidence.found.icp
    assert icp is not None and [(o.found_in, o.line, o.value) for o in icp] == [("text", None, None), (None, None, "v")]
    assert record.evidence.found.site_code is None


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["2024-01-01T00:00:00Z", "2024-01-01T00:00:00", "2024-02-30T00:00:00Z", "2024-01-01"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["in", "line", "value", "icp", "raw", "found", "meta", "warc_offset"]), inner, max_size=3
        )
    ),
    max_leaves=10,
)
_FIELDS = sorted(NewsPageRecord.model_fields)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_FIELDS), _JSON, max_size=6))
def test_model_is_a_lenient_projection_of_any_object(data: dict[str, Any]) -> None:
    # Never raises; a field keeps its value when the value has the field's JSON type, else becomes None.
    record = NewsPageRecord.from_data(data)
    for name in _FIELDS:
        value, given_value = getattr(record, name), data.get(name)
        if name in ("published_at", "captured_at"):
            assert value is None or (isinstance(given_value, str) and value.utcoffset() is not None)
        elif name in ("source", "footer", "evidence"):
            assert (value is None) == (not isinstance(given_value, dict))
        else:
            assert value == (given_value if isinstance(given_value, str) else None)


def _plain(value: Any) -> Any:
    """A model or a view (the evidence is projected by hand, into dataclasses) as plain data."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def test_record_view_has_the_model_fields() -> None:
    view_fields = {name for name, value in vars(RecordView).items() if isinstance(value, property)}
    assert view_fields == set(NewsPageRecord.model_fields)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_FIELDS), _JSON, max_size=6))
def test_record_view_reads_what_the_model_reads(data: dict[str, Any]) -> None:
    # Rules read fields through RecordView (projected lazily); the values must be the model's.
    model, view = NewsPageRecord.from_data(data), RecordView(data)
    for name in _FIELDS:
        assert _plain(getattr(view, name)) == _plain(getattr(model, name)), name


def test_record_view_on_records_and_samples() -> None:
    records = [valid_record(), valid_record(published_at="2024-01-01t00:00:00z", footer={"icp": 5})]
    records += [json.loads(p.read_text(encoding="utf-8")) for p in (SAMPLES / "records").glob("*.json")]
    for line in (SAMPLES / "records" / "batch.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            records.append(value)
    assert len(records) > 30
    for data in records:
        model, view = NewsPageRecord.from_data(data), RecordView(data)
        assert [_plain(getattr(view, n)) for n in _FIELDS] == [_plain(getattr(model, n)) for n in _FIELDS], data.get(
            "id"
        )


_TIMESTAMPS = st.builds(
    "{}-{}-{}{}{}:{}:{}{}{}".format,
    st.sampled_from(["2024", "0001", "9999", "1970", "2023"]),
    st.sampled_from(["01", "02", "12", "13", "00"]),
    st.sampled_from(["01", "28", "29", "30", "31", "32", "00"]),
    st.sampled_from(["T", "t", " "]),
    st.sampled_from(["00", "10", "23", "24"]),
    st.sampled_from(["00", "59", "60"]),
    st.sampled_from(["00", "59", "60"]),
    st.sampled_from(["", ".5", ".123456", ".1234567", "."]),
    st.sampled_from(["Z", "z", "+08:00", "-00:00", "+23:59", "+24:00", "+08:60", "+0800", ""]),
)


@settings(max_examples=1500, deadline=None)
@given(_TIMESTAMPS)
def test_record_view_reads_timestamps_as_the_model_does(text: str) -> None:
    # The view parses plain RFC 3339 itself (datetime.fromisoformat) and leaves the rest to the model.
    model = NewsPageRecord.from_data({"published_at": text}).published_at
    view = RecordView({"published_at": text}).published_at
    assert view == model
    assert (view and view.utcoffset()) == (model and model.utcoffset())
    assert (view and view.isoformat()) == (model and model.isoformat())


@settings(max_examples=1500, deadline=None)
@given(_TIMESTAMPS)
@example("2016-12-31T23:59:60Z")
@example("2017-01-01T07:59:60.123456+08:00")
def test_every_timestamp_valid_by_the_schema_is_read(text: str) -> None:
    # Schema and rules mean the same by a timestamp (issue 14: a leap second was valid but read as absent, so
    # R001/R004 skipped the record). The view is lenient beyond the schema (a space for T, +0800), not stricter.
    from validator.schema import is_valid_record

    if is_valid_record(valid_record(published_at=text)):
        # the moment RFC 3339 names, a leap second read as the second before it (Python has no second 60)
        reference = datetime.fromisoformat(re.sub(r"(?<=\d\d:\d\d:)60", "59", text.upper()))
        assert RecordView({"published_at": text}).published_at == reference


def test_checking_and_packaging_do_not_import_pydantic(tmp_path: Path) -> None:
    # Start-up is part of every CI run: the record model (pydantic) is the typed API, not the tool's path.
    import subprocess
    import sys

    code = (
        "import sys; from validator.cli import main; main(['check', *sys.argv[2:]]); "
        "main(['package', '--jobs', '1', *sys.argv[2:], '--out', sys.argv[1]]); print('pydantic' in sys.modules)"
    )
    record = tmp_path / "r.json"
    record.write_text(json.dumps(valid_record()), encoding="utf-8")
    inputs = [str(record), str(SAMPLES / "pages"), str(SAMPLES / "crawl" / "sichuan-gov.warc.gz")]
    out = tmp_path / "packages"
    run = subprocess.run([sys.executable, "-c", code, str(out), *inputs], capture_output=True, text=True, check=False)
    assert run.stdout.strip().splitlines()[-1] == "False", run.stdout + run.stderr
    assert len([p for p in out.iterdir() if p.is_dir()]) > 5  # the packages were written


_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.floats(allow_nan=False)
_OCCURRENCE = (
    st.fixed_dictionaries({}, optional={k: _SCALARS for k in ("in", "text", "href", "value", "line", "found_in")})
    | _SCALARS
)
_EVIDENCE = (
    st.fixed_dictionaries(
        {},
        optional={
            "format": _SCALARS,
            "footer_from": _SCALARS,
            "published_at_from": _SCALARS,
            "meta": st.fixed_dictionaries({}, optional={k: _SCALARS for k in ("SiteIDCode", "PubDate", "SiteName")})
            | _SCALARS,
            "found": st.fixed_dictionaries(
                {},
                optional={
                    k: st.lists(_OCCURRENCE, max_size=3) | _SCALARS for k in ("icp", "public_security", "site_code")
                },
            )
            | _SCALARS,
        },
    )
    | _SCALARS
)


@settings(max_examples=500, deadline=None)
@given(_EVIDENCE)
def test_record_view_projects_evidence_as_the_model_does(evidence: Any) -> None:
    model = NewsPageRecord.from_data({"evidence": evidence}).evidence
    view = RecordView({"evidence": evidence}).evidence
    assert _plain(view) == _plain(model)
