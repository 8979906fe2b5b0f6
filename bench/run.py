"""`make bench`: pav side by side with its peers on the same generated input, in one run.

    python bench/run.py [--quick] [--rounds N] [--only NAME ...]

Each benchmark generates its input with a fixed seed, runs the peer and pav alternately for several
rounds, and prints medians and the ratio (higher is better for pav). Figures vary with the machine; the
ratios are what to compare. Results are also written to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PAV, REPO, alternate, need, peak_rss_mib, table
from records import records

SCHEMA = REPO / "schemas" / "news-page-record.schema.json"
OUT = REPO / "bench" / "out"
Result = dict[str, object]


def write_inputs(folder: Path, count: int) -> tuple[Path, Path]:
    """The same records as one JSON file per record (how check-jsonschema is used) and as JSON Lines."""
    files = folder / "files"
    files.mkdir()
    jsonl = folder / "records.jsonl"
    with jsonl.open("w", encoding="utf-8") as lines:
        for record in records(count):
            text = json.dumps(record, ensure_ascii=False)
            lines.write(text + "\n")
            (files / f"{record['id']}.json").write_text(text, encoding="utf-8")
    return files, jsonl


def bench_schema_peer(count: int, rounds: int) -> Result:
    """pav (schema + every footer rule) against check-jsonschema (schema only) on the same records."""
    peer = need("check-jsonschema")
    with tempfile.TemporaryDirectory() as tmp:
        files, jsonl = write_inputs(Path(tmp), count)
        names = sorted(str(p) for p in files.iterdir())
        measured = alternate(
            {
                "check-jsonschema, one file per record": [peer, "--schemafile", str(SCHEMA), *names],
                "pav check, one file per record": [*PAV, "check", "--fail-on", "never", str(files)],
                "pav check, JSON Lines": [*PAV, "check", "--fail-on", "never", str(jsonl)],
            },
            rounds,
        )
    base = measured["check-jsonschema, one file per record"].median
    rows = [["command", "median s", "records/s", "vs check-jsonschema"]]
    for name, m in measured.items():
        rows.append([name, f"{m.median:.2f}", f"{count / m.median:,.0f}", f"{base / m.median:.1f}x"])
    return {
        "title": f"JSON records vs check-jsonschema ({count:,} records)",
        "table": table(rows),
        "ratios": {name: base / m.median for name, m in measured.items()},
    }


_FLOOR = """
import json, sys
n = 0
with open(sys.argv[1], "rb") as handle:
    for line in handle:
        json.loads(line)
        n += 1
"""


def bench_parse_floor(count: int, rounds: int) -> Result:
    """pav check on JSON Lines against only reading the file and parsing every line."""
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "records.jsonl"
        with jsonl.open("w", encoding="utf-8") as handle:
            for record in records(count):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        measured = alternate(
            {
                "read + json.loads per line": [sys.executable, "-c", _FLOOR, str(jsonl)],
                "pav check": [*PAV, "check", "--fail-on", "never", str(jsonl)],
            },
            rounds,
        )
    floor = measured["read + json.loads per line"].median
    rows = [["command", "median s", "records/s", "share of floor"]]
    for name, m in measured.items():
        rows.append([name, f"{m.median:.2f}", f"{count / m.median:,.0f}", f"{floor / m.median:.2f}x"])
    return {
        "title": f"JSON Lines vs the parse floor ({count:,} records)",
        "table": table(rows),
        "ratios": {"pav / floor": floor / measured["pav check"].median},
    }


def bench_memory(sizes: tuple[int, int]) -> Result:
    """Peak RSS of `pav check -` fed a generated stream: it must not grow with the number of records."""
    rows = [["records", "peak RSS MiB", "seconds"]]
    peaks = []
    for size in sizes:
        generator = [sys.executable, str(REPO / "bench" / "records.py"), str(size)]
        peak, seconds = peak_rss_mib(
            [*PAV, "check", "--fail-on", "never", "--format", "json=/dev/null", "-"], stdin_command=generator
        )
        peaks.append(peak)
        rows.append([f"{size:,}", f"{peak:.0f}", f"{seconds:.1f}"])
    return {
        "title": "Memory of pav check on a JSON Lines stream",
        "table": table(rows),
        "ratios": {"peak growth (large / small)": peaks[1] / peaks[0]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small inputs: checks the harness, not the speed")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--only", nargs="*", default=None, help="schema-peer, parse-floor, memory")
    args = parser.parse_args()
    rounds = args.rounds or (1 if args.quick else 5)
    records_n = 500 if args.quick else 20_000
    benches: dict[str, Callable[[], Result]] = {
        "schema-peer": lambda: bench_schema_peer(records_n, rounds),
        "parse-floor": lambda: bench_parse_floor(records_n, rounds),
        "memory": lambda: bench_memory((2_000, 20_000) if args.quick else (100_000, 1_000_000)),
    }
    chosen = args.only or list(benches)
    unknown = sorted(set(chosen) - set(benches))
    if unknown:
        raise SystemExit(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(benches)}")
    print(f"# pav benchmarks, {time.strftime('%Y-%m-%d')}, {platform.machine()}, Python {platform.python_version()}")
    results = {}
    for name in chosen:
        result = benches[name]()
        results[name] = result
        print(f"\n## {result['title']}\n\n{result['table']}", flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
