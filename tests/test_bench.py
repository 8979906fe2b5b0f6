"""The benchmark harness runs end to end (tiny inputs; it measures nothing here, it must just not rot)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_bench_quick_run_produces_every_table() -> None:
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--quick"], cwd=REPO, capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr
    for title in ("vs check-jsonschema", "vs the parse floor", "Memory of pav check"):
        assert title in done.stdout
    results = json.loads((REPO / "bench" / "out" / "results.json").read_text())
    assert set(results) >= {"schema-peer", "parse-floor", "memory"}
    assert all(ratio > 0 for result in results.values() for ratio in result["ratios"].values())


def test_generated_records_are_deterministic() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from records import records
    finally:
        sys.path.pop(0)
    first, second = list(records(50)), list(records(50))
    assert first == second and len({r["id"] for r in first}) == 50
    assert any(r["footer"]["icp"] == "川ICP备13001288号" or r.get("title") == "" for r in records(400))
