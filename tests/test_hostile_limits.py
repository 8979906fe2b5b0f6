"""Bounded resources (issue 8): limits with documented defaults, configurable, each exceeded = a finding.

Page limits (PAV_MAX_PAGE_BYTES, PAV_MAX_PAGE_ELEMENTS) are exercised end to end in test_hostile_inputs.py;
here: the line reader a JSON Lines reader needs (`bounded_lines`), deep JSON, and the documented defaults.
"""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

import pytest

from tests.hostile_support import run_check
from validator.rules import CATALOG
from validator.sources import limits
from validator.sources.limits import bounded_lines


def test_defaults_are_documented_and_overridable(monkeypatch: pytest.MonkeyPatch) -> None:
    assert limits.max_page_bytes() == 32 * 1024 * 1024
    assert limits.max_page_elements() == 1_000_000
    assert limits.max_line_bytes() == 64 * 1024 * 1024
    security = (Path(__file__).resolve().parents[1] / "SECURITY.md").read_text(encoding="utf-8")
    for variable in ("PAV_MAX_PAGE_BYTES", "PAV_MAX_PAGE_ELEMENTS", "PAV_MAX_LINE_BYTES"):
        assert variable in security and variable in (limits.__doc__ or "") and variable in CATALOG["I011"].doc
    monkeypatch.setenv("PAV_MAX_PAGE_BYTES", "1_000")
    monkeypatch.setenv("PAV_MAX_PAGE_ELEMENTS", "0")  # not positive: the default
    monkeypatch.setenv("PAV_MAX_LINE_BYTES", "lots")
    assert limits.max_page_bytes() == 1000
    assert limits.max_page_elements() == 1_000_000 and limits.max_line_bytes() == 64 * 1024 * 1024


def test_bounded_lines_gives_short_lines_and_measures_long_ones() -> None:
    data = b'{"a": 1}\n' + b"x" * 100 + b"\n\n" + b"y" * 10 + b"\r\n" + b"z" * 50
    assert list(bounded_lines(io.BytesIO(data), 20)) == [
        (b'{"a": 1}\n', 8),
        (None, 100),
        (b"\n", 0),
        (b"y" * 10 + b"\r\n", 10),
        (None, 50),
    ]
    # Exactly at the limit is kept; one byte more is not.
    assert list(bounded_lines(io.BytesIO(b"a" * 20 + b"\n" + b"b" * 21), 20)) == [(b"a" * 20 + b"\n", 20), (None, 21)]


def test_a_64_mb_line_costs_no_more_than_the_limit() -> None:
    line = b"[" * (64 * 1024 * 1024) + b"\n" + b'{"id": "next"}\n'
    stream = io.BytesIO(line)
    tracemalloc.start()
    try:
        result = [(None if text is None else text, size) for text, size in bounded_lines(stream, 1024 * 1024)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result == [(None, 64 * 1024 * 1024), (b'{"id": "next"}\n', 14)]
    assert peak < 8 * 1024 * 1024


@pytest.mark.slow
def test_a_one_gigabyte_single_line_file_is_read_past_in_bounded_memory(tmp_path: Path) -> None:
    huge = tmp_path / "huge.jsonl"
    with huge.open("wb") as handle:
        handle.truncate(1024 * 1024 * 1024)  # sparse: 1 GiB of NUL bytes, no newline
    tracemalloc.start()
    try:
        with huge.open("rb") as handle:
            result = list(bounded_lines(handle, limits.max_line_bytes()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result == [(None, 1024 * 1024 * 1024)]
    assert peak < 3 * limits.max_line_bytes()  # about twice the 64 MiB limit (readline joins), not the gigabyte


def test_a_jsonl_line_over_the_limit_is_i011(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAV_MAX_LINE_BYTES", "4096")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "big", "body": "x" * 10_000}) + "\n" + json.dumps({"id": "next"}) + "\n")
    checked = run_check(capsys, tmp_path, str(batch))
    i011 = [f for f in checked.report["findings"] if f["rule"] == "I011"]
    assert len(i011) == 1 and i011[0]["location"]["line"] == 1 and "PAV_MAX_LINE_BYTES" in i011[0]["message"]
    checked.accounted(records=1, problems=1)


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_json_nested_100000_levels_deep(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    deep = tmp_path / f"deep{suffix}"
    deep.write_text("[" * 100_000 + "]" * 100_000 + "\n" + ('{"id": "after"}\n' if suffix == ".jsonl" else ""))
    checked = run_check(capsys, tmp_path, str(deep))
    (problem,) = [f for f in checked.report["findings"] if f["rule"] == "I002"]
    assert "nested too deeply" in problem["message"] and problem["location"]["file"] == str(deep)
    checked.accounted(records=1 if suffix == ".jsonl" else 0, problems=1)
