"""Results crossing process boundaries (validator/wire.py): what is decoded is what was encoded."""

from __future__ import annotations

import copyreg
import dataclasses
import pickle
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SAMPLES, valid_record, with_footer, write_jsonl
from validator import wire
from validator.engine import Engine, PassedRecords, RecordResult
from validator.findings import Finding, Location, Severity
from validator.sources import iter_source_items


@pytest.fixture
def results(tmp_path: Path) -> list[RecordResult]:
    """A serial run over every kind of result: records with and without findings, reader problems (a broken
    line, an empty file), a record with a reader note (I006) and records judged by both profiles of auto."""
    news = with_footer(site_code=None)  # neither a gov.cn host nor a site code: judged as news
    news.update(id="news", url="https://news.example.com/a.html")
    batch = write_jsonl(
        tmp_path / "batch.jsonl",
        [valid_record(id="ok"), "{broken", valid_record(id="no-title", title=""), valid_record(id="ok2"), news],
    )
    (tmp_path / "empty.jsonl").write_bytes(b"")
    page = (SAMPLES / "pages" / "sichuan-expo-zh.html").read_bytes()
    (tmp_path / "bad-bytes.html").write_bytes(page.replace(b"</body>", b"<p>\xff\xfe</p></body>"))
    inputs = [str(batch), str(tmp_path / "empty.jsonl"), str(tmp_path / "bad-bytes.html"), str(SAMPLES / "records")]
    got = list(Engine().check_items(iter_source_items(inputs)))
    # What the fixture promises is there, or the round trips below would prove less than they say.
    assert any(r.is_record and not r.findings for r in got)
    assert any(r.is_record and r.findings for r in got)
    assert {f.rule for r in got if not r.is_record for f in r.findings} >= {"I002", "I004"}
    assert any(f.rule == "I006" for r in got if r.is_record for f in r.findings)
    assert {r.profile for r in got if r.is_record} == {"gov", "news"}
    assert all(len(f.fingerprint) == 32 for r in got for f in r.findings)  # the engine's, carried across
    return got


def _without_source(result: RecordResult) -> RecordResult:
    return dataclasses.replace(result, source=None)


def test_results_round_trip(results: list[RecordResult]) -> None:
    decoded = wire.decode_results(wire.encode_results(results))
    assert decoded == [_without_source(r) for r in results]  # everything but the page bytes, in order
    assert all(isinstance(r, RecordResult) and r.source is None for r in decoded)


def test_counted_results_round_trip_as_counts_per_file_site_and_profile(results: list[RecordResult]) -> None:
    decoded = wire.decode_results(wire.encode_results(results, counted=True))
    listed = [r for r in decoded if isinstance(r, RecordResult)]
    passed = [r for r in decoded if isinstance(r, PassedRecords)]
    assert decoded == listed + passed  # the counts follow the listed results
    assert listed == [_without_source(r) for r in results if r.findings or not r.is_record]
    expected = Counter((r.location.file, r.site, r.profile) for r in results if r.is_record and not r.findings)
    assert {(p.file, p.site, p.profile): p.count for p in passed} == expected
    assert len(passed) == len(expected)  # one count per key


def test_nothing_encodes_to_nothing() -> None:
    assert wire.decode_results(wire.encode_results([])) == []
    assert wire.decode_results(wire.encode_results([], counted=True)) == []


ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=20)  # lone surrogates too
LINES = st.one_of(st.none(), st.integers(min_value=0, max_value=2**40))
LOCATIONS = st.builds(Location, ANY_TEXT, LINES, LINES)
FINDINGS = st.builds(
    Finding,
    ANY_TEXT,
    st.sampled_from(Severity),
    ANY_TEXT,
    ANY_TEXT,
    st.one_of(st.none(), ANY_TEXT),
    LOCATIONS,
    ANY_TEXT,
)
RESULTS = st.builds(
    RecordResult,
    LOCATIONS,
    st.one_of(st.none(), ANY_TEXT),
    st.lists(FINDINGS, max_size=3).map(tuple),
    st.booleans(),
    st.one_of(st.none(), ANY_TEXT),
    st.none(),
    ANY_TEXT.filter(bool),  # "" would be computed by the constructor
    ANY_TEXT,
)


@given(st.lists(RESULTS, max_size=5))
def test_any_results_round_trip(results: list[RecordResult]) -> None:
    assert wire.decode_results(wire.encode_results(results)) == results


@given(st.lists(RESULTS, max_size=5))
def test_any_results_round_trip_counted(results: list[RecordResult]) -> None:
    decoded = wire.decode_results(wire.encode_results(results, counted=True))
    assert [r for r in decoded if isinstance(r, RecordResult)] == [r for r in results if r.findings or not r.is_record]
    counts = Counter((r.location.file, r.site, r.profile) for r in results if r.is_record and not r.findings)
    assert Counter({(p.file, p.site, p.profile): p.count for p in decoded if isinstance(p, PassedRecords)}) == counts


def test_pickled_results_keep_their_records_and_are_rebuilt_by_their_constructors(results: list[RecordResult]) -> None:
    # keep_raw, Dask and Spark pickle results: the page bytes travel too, and the reducers registered by
    # validator.wire (constructors, not the field-by-field default) are the ones in use.
    assert any(r.source is not None and r.source.raw for r in results)
    for protocol in (pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL):
        assert pickle.loads(pickle.dumps(results, protocol=protocol)) == results
    assert copyreg.dispatch_table[RecordResult] is wire._reduce_result
    assert copyreg.dispatch_table[Finding] is wire._reduce_finding
    assert copyreg.dispatch_table[Location] is wire._reduce_location
