"""`make bench`: pav side by side with its peers on the same generated input, in one run.

    python bench/run.py [--quick] [--rounds N] [--only NAME ...]

Each benchmark generates its input with a fixed seed, runs the peer and pav alternately for several
rounds, and prints medians and the ratio (higher is better for pav). Figures vary with the machine; the
ratios are what to compare. Results are also written to bench/out/results.json.

`pav check` runs as users run it: with its default --jobs (one worker per core once the input is over about
8 MB or 256 files). The peers and floors run in one process, so each such table also shows `pav check --jobs 1`.
"""

from __future__ import annotations

import argparse
import filecmp
import io
import json
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PAV, REPO, Measured, alternate, need, peak_rss_by_process, peak_rss_mib, table
from pages import pages, write_pages
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
                "pav check --jobs 1, JSON Lines": [*PAV, "check", "--jobs", "1", "--fail-on", "never", str(jsonl)],
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
        "goals": {"pav check, JSON Lines": 10.0, "pav check, one file per record": 10.0},
    }


_FLOOR = """
import json, sys
n = 0
with open(sys.argv[1], "rb") as handle:
    for line in handle:
        json.loads(line)
        n += 1
"""
_FLOOR_ORJSON = _FLOOR.replace("import json,", "import orjson as json,")


def _has_orjson() -> bool:
    try:
        import orjson  # noqa: F401
    except ImportError:
        return False
    return True


def bench_parse_floor(count: int, rounds: int) -> Result:
    """pav check on JSON Lines against only reading the file and parsing every line."""
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = write_jsonl(Path(tmp) / "records.jsonl", count)
        commands = {
            "read + json.loads per line": [sys.executable, "-c", _FLOOR, str(jsonl)],
            "pav check": [*PAV, "check", "--fail-on", "never", str(jsonl)],
            "pav check --jobs 1": [*PAV, "check", "--jobs", "1", "--fail-on", "never", str(jsonl)],
        }
        if _has_orjson():
            commands["read + orjson.loads per line"] = [sys.executable, "-c", _FLOOR_ORJSON, str(jsonl)]
        measured = alternate(commands, rounds)
    floor = measured["read + json.loads per line"].median
    rows = [["command", "median s", "records/s", "share of floor"]]
    for name, m in measured.items():
        rows.append([name, f"{m.median:.2f}", f"{count / m.median:,.0f}", f"{floor / m.median:.2f}x"])
    return {
        "title": f"JSON Lines vs the parse floor ({count:,} records)",
        "table": table(rows),
        "ratios": {
            "pav / floor": floor / measured["pav check"].median,
            "pav --jobs 1 / floor": floor / measured["pav check --jobs 1"].median,
            **(
                {"pav / orjson floor": measured["read + orjson.loads per line"].median / measured["pav check"].median}
                if "read + orjson.loads per line" in measured
                else {}
            ),
        },
        "goals": {"pav / floor": 0.5, "pav / orjson floor": 0.5},
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
        "ceilings": {
            "peak RSS MiB (largest)": (max(peaks), 200.0),
            "peak growth (large / small)": (peaks[1] / peaks[0], 1.25),
        },
    }


def write_jsonl(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records(count):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# The machine's own ceiling for 2 processes: the same pure-Python loop once, and twice at the same time. On a
# machine with 2 free cores both take as long; on a shared or throttled VM the pair takes longer, and no
# `--jobs 2` can beat that ratio. Reported next to the jobs figure so a miss can be told from a busy host.
_SPIN = "n = 0\nfor i in range({loops}): n += i\n"
_SPIN_PAIR = """
import subprocess, sys
spin = [sys.executable, "-c", sys.argv[1]]
for child in [subprocess.Popen(spin), subprocess.Popen(spin)]:
    child.wait()
"""


def machine_ceiling(rounds: int, spin_loops: int) -> float:
    """What 2 processes give over 1 on this machine now: the same CPU-bound loop, one alone against two at once."""
    spin = _SPIN.format(loops=spin_loops)
    ceiling_runs = alternate(
        {
            "one CPU-bound process": [sys.executable, "-c", spin],
            "two at once": [sys.executable, "-c", _SPIN_PAIR, spin],
        },
        rounds,
    )
    return 2 * ceiling_runs["one CPU-bound process"].median / ceiling_runs["two at once"].median


def jobs_1_and_2(path: Path, folder: Path, rounds: int) -> tuple[dict[str, Measured], bool]:
    """`pav check --jobs 1` and `--jobs 2` on `path`, alternately: the timings, and whether the two reports are
    identical (every round rewrote both; the last ones must agree byte for byte: findings, order, summary)."""
    reports = {jobs: folder / f"report-jobs{jobs}.txt" for jobs in (1, 2)}
    measured = alternate(
        {
            f"pav check --jobs {jobs}": [
                *PAV,
                "check",
                "--fail-on",
                "never",
                "--jobs",
                str(jobs),
                "--format",
                f"text={report}",
                str(path),
            ]
            for jobs, report in reports.items()
        },
        rounds,
    )
    return measured, filecmp.cmp(reports[1], reports[2], shallow=False)


def bench_jobs(count: int, rounds: int, spin_loops: int) -> Result:
    """`pav check --jobs 2` against `--jobs 1` on the same JSON Lines; the two reports must be identical."""
    ceiling = machine_ceiling(rounds, spin_loops)
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = write_jsonl(Path(tmp) / "records.jsonl", count)
        measured, identical = jobs_1_and_2(jsonl, Path(tmp), rounds)
    if not identical:
        raise SystemExit("benchmark jobs: --jobs 2 and --jobs 1 reports differ")
    serial = measured["pav check --jobs 1"].median
    rows = [["command", "median s", "records/s", "vs --jobs 1", "CPU s (all processes)"]]
    for name, m in measured.items():
        rows.append(
            [name, f"{m.median:.2f}", f"{count / m.median:,.0f}", f"{serial / m.median:.2f}x", f"{m.median_cpu:.2f}"]
        )
    rows.append(["machine ceiling: 2 CPU-bound processes vs 1", "", "", f"{ceiling:.2f}x", ""])
    # What 2 free cores would give: the serial CPU time over half the parallel run's CPU time (capped at 2).
    projected = min(2.0, 2 * measured["pav check --jobs 1"].median_cpu / measured["pav check --jobs 2"].median_cpu)
    return {
        "title": f"Cores: --jobs 2 vs --jobs 1 ({count:,} JSON Lines records; reports identical)",
        "table": table(rows),
        "ratios": {
            "jobs 2 / jobs 1": serial / measured["pav check --jobs 2"].median,
            "machine ceiling (2 processes / 1)": ceiling,
            "jobs 2 on 2 free cores (from CPU time)": projected,
        },
        "goals": {"jobs 2 / jobs 1": 1.7},
        "identical": identical,
    }


# The HTML floor: read every page and build its lxml tree, nothing else (the charset is left to lxml's own
# <meta> sniffing, as a bare parse would).
_HTML_FLOOR = """
import os, sys
import lxml.html
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        lxml.html.fromstring(handle.read())
"""


def bench_html_floor(count: int, rounds: int) -> Result:
    """`pav check` on generated ~30 KB pages (GBK and UTF-8) against bare lxml.html parsing of the same files."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        written = write_pages(folder, count)
        megabytes = sum(path.stat().st_size for path in written) / 1e6
        measured = alternate(
            {
                "read + lxml.html.fromstring per page": [sys.executable, "-c", _HTML_FLOOR, str(folder)],
                "pav check": [*PAV, "check", "--fail-on", "never", str(folder)],
                "pav check --jobs 1": [*PAV, "check", "--jobs", "1", "--fail-on", "never", str(folder)],
                # The cost of the crawl-level rules (the pages carry canonical URLs of one site, so they run by
                # default) and of the spreadsheet export (issue 15: each under 10% of the run).
                "pav check --jobs 1 --ignore C (no crawl-level rules)": [
                    *[*PAV, "check", "--jobs", "1", "--fail-on", "never", "--ignore", "C", str(folder)],
                ],
                "pav check --jobs 1 --format xlsx": [
                    *[*PAV, "check", "--jobs", "1", "--fail-on", "never", str(folder)],
                    *["--format", "text", "--format", f"xlsx={Path(tmp) / 'report.xlsx'}"],
                ],
            },
            rounds,
        )
    floor = measured["read + lxml.html.fromstring per page"].median
    xlsx_cost = measured["pav check --jobs 1 --format xlsx"].median / measured["pav check --jobs 1"].median
    crawl_cost = (
        measured["pav check --jobs 1"].median / measured["pav check --jobs 1 --ignore C (no crawl-level rules)"].median
    )
    rows = [["command", "median s", "pages/s", "share of floor"]]
    for name, m in measured.items():
        rows.append([name, f"{m.median:.2f}", f"{count / m.median:,.0f}", f"{floor / m.median:.2f}x"])
    return {
        "title": f"HTML pages vs the parse floor ({count:,} pages, {megabytes:.0f} MB, half GBK, half UTF-8)",
        "table": table(rows),
        "ratios": {
            "pav / floor": floor / measured["pav check"].median,
            "pav --jobs 1 / floor": floor / measured["pav check --jobs 1"].median,
        },
        "goals": {"pav / floor": 0.6},
        "ceilings": {
            "with the xlsx report / without (--jobs 1)": (xlsx_cost, 1.1),
            "with the crawl-level rules / without (--jobs 1)": (crawl_cost, 1.1),
        },
    }


def bench_corpus(rounds: int) -> Result:
    """pav's page reading beside trafilatura and bare lxml on the real pages of tests/corpus (bench/corpus.py)."""
    from corpus import TOOLS, run
    from corpus import table as corpus_table

    try:
        import trafilatura  # noqa: F401  (installed by `make bench`: the `bench` extra)

        tools = list(TOOLS)
    except ImportError:
        tools = [name for name in TOOLS if name != "trafilatura"]
    results = run(tools, rounds)
    floor = results["lxml"]["pages_per_s"]
    pav = results["pav"]
    ratios = {"pav fields right": sum(pav["right"].values()) / pav["fields"], "pav / lxml": pav["pages_per_s"] / floor}
    if "trafilatura" in results:
        peer = results["trafilatura"]
        ratios["pav / trafilatura speed"] = pav["pages_per_s"] / peer["pages_per_s"]
    return {
        "title": f"Real pages of tests/corpus ({pav['pages']} pages): fields right and speed, pav, trafilatura, lxml",
        "table": corpus_table(results),
        "ratios": ratios,
        "goals": {"pav fields right": 0.98},
    }


_BAGIT = """
import logging, os, sys
import bagit
logging.disable(logging.CRITICAL)  # bagit logs every file it hashes; pav prints one line
if sys.argv[2] == "per-page":
    for name in sorted(os.listdir(sys.argv[1])):
        bagit.make_bag(os.path.join(sys.argv[1], name), checksums=["sha256"])
else:
    bagit.make_bag(sys.argv[1], checksums=["sha256"])
"""


def bench_package(count: int, rounds: int) -> Result:
    """`pav package` (dir and zip) against bagit-python's make_bag (sha256 only) on the same pages.

    Like for like, make_bag makes one bag per page, as pav makes one package per page (the goal is judged on
    that); one bag holding all pages is shown too, as the floor of hashing and manifest writing alone.
    make_bag works in place, so each round gets a fresh copy of the pages, made before the clock starts;
    pav's output folders are likewise removed before each of its rounds.
    """
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        payload = root / "pages"
        write_pages(payload, count)
        bag, bags, out_dir, out_zip = root / "bag", root / "bags", root / "out-dir", root / "out-zip"

        def fresh_bag() -> None:
            shutil.rmtree(bag, ignore_errors=True)
            shutil.copytree(payload, bag)

        def fresh_bags() -> None:
            shutil.rmtree(bags, ignore_errors=True)
            bags.mkdir()
            for page in sorted(payload.iterdir()):
                (bags / page.stem).mkdir()
                shutil.copy2(page, bags / page.stem / page.name)

        measured = alternate(
            {
                "bagit make_bag, one bag per page": [sys.executable, "-c", _BAGIT, str(bags), "per-page"],
                "bagit make_bag, one bag of all pages": [sys.executable, "-c", _BAGIT, str(bag), "one"],
                "pav package (dir)": [*PAV, "package", "--fail-on", "never", str(payload), "--out", str(out_dir)],
                "pav package --container zip": [
                    *PAV,
                    "package",
                    "--fail-on",
                    "never",
                    str(payload),
                    "--out",
                    str(out_zip),
                    "--container",
                    "zip",
                ],
            },
            rounds,
            before={
                "bagit make_bag, one bag per page": fresh_bags,
                "bagit make_bag, one bag of all pages": fresh_bag,
                "pav package (dir)": lambda: shutil.rmtree(out_dir, ignore_errors=True),
                "pav package --container zip": lambda: shutil.rmtree(out_zip, ignore_errors=True),
            },
        )
        packaged = sum(1 for path in out_dir.iterdir() if path.is_dir())
    if packaged != count:
        raise SystemExit(f"benchmark package: {packaged} packages for {count} pages")
    base = measured["bagit make_bag, one bag per page"].median
    rows = [["command", "median s", "pages/s", "vs bagit, one bag per page"]]
    for name, m in measured.items():
        rows.append([name, f"{m.median:.2f}", f"{count / m.median:,.0f}", f"{base / m.median:.2f}x"])
    return {
        "title": f"Packages vs bagit-python ({count:,} pages; pav writes one BagIt + METS/PREMIS/DC package per page)",
        "table": table(rows),
        "ratios": {name: base / m.median for name, m in measured.items() if name.startswith("pav")},
        "goals": {"pav package (dir)": 1.0, "pav package --container zip": 1.0},
    }


def write_warc(path: Path, count: int) -> int:
    """A gzipped WARC of `count` generated pages (response records, with their request records).

    Returns the bytes of the pages written (the WARC itself is smaller: gzip).
    """
    total = 0
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for index, (name, data) in enumerate(pages(count)):
            total += len(data)
            uri = f"https://www.sc.gov.cn/zwgk/{name.replace('.html', '.shtml')}"
            charset = "gb2312" if index % 2 == 0 else "utf-8"
            request = StatusAndHeaders(f"GET /zwgk/{name} HTTP/1.1", [("Host", "www.sc.gov.cn")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
            headers = [("Content-Type", f"text/html; charset={charset}"), ("Content-Length", str(len(data)))]
            response = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(data), http_headers=response)
            )
    return total


def bench_warc_jobs(count: int, rounds: int, spin_loops: int) -> Result:
    """One WARC, `pav check --jobs 2` against `--jobs 1`: the WARC is cut into ranges of records (its gzip
    members found in the main process); the two reports must be identical. Also times that indexing alone."""
    sys.path.insert(0, str(REPO))
    from validator.parallel import BYTES_PER_PARTITION
    from validator.sources.warc import warc_ranges

    ceiling = machine_ceiling(rounds, spin_loops)
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "crawl.warc.gz"
        payload = write_warc(warc, count)
        measured, identical = jobs_1_and_2(warc, Path(tmp), rounds)
        indexing = []
        for _ in range(rounds):
            start = time.perf_counter()
            ranges = sum(1 for _ in warc_ranges(str(warc), BYTES_PER_PARTITION))
            indexing.append(time.perf_counter() - start)
        size = warc.stat().st_size
    if not identical:
        raise SystemExit("benchmark warc-jobs: --jobs 2 and --jobs 1 reports differ")
    serial = measured["pav check --jobs 1"].median
    index_seconds = sorted(indexing)[len(indexing) // 2]
    rows = [["command", "median s", "pages/s", "vs --jobs 1", "CPU s (all processes)"]]
    for name, m in measured.items():
        rows.append(
            [name, f"{m.median:.2f}", f"{count / m.median:,.0f}", f"{serial / m.median:.2f}x", f"{m.median_cpu:.2f}"]
        )
    rows.append([f"finding the {ranges} ranges (gzip members) alone", f"{index_seconds:.2f}", "", "", ""])
    rows.append(["machine ceiling: 2 CPU-bound processes vs 1", "", "", f"{ceiling:.2f}x", ""])
    return {
        "title": (
            f"One WARC, --jobs 2 vs --jobs 1 ({count:,} pages, {payload / 1e6:.0f} MB of pages, "
            f"{size / 1e6:.0f} MB gzip; reports identical)"
        ),
        "table": table(rows),
        "ratios": {
            "one WARC: jobs 2 / jobs 1": serial / measured["pav check --jobs 2"].median,
            "machine ceiling (2 processes / 1)": ceiling,
            "indexing / jobs 1 check": index_seconds / serial,
        },
        "goals": {"one WARC: jobs 2 / jobs 1": 1.7},
        "identical": identical,
    }


RECORD_BYTES = 3_690  # a generated record, about (bench/records.py)
PAGE_BYTES = 30_300  # a generated page, about (bench/pages.py)


def write_input(kind: str, folder: Path, megabytes: float) -> tuple[Path, float]:
    """A generated input of about `megabytes` MB of records or pages: (path, MB of records or pages in it)."""
    if kind == "JSON Lines":
        path = write_jsonl(folder / "records.jsonl", max(1, int(megabytes * 1e6 / RECORD_BYTES)))
        return path, path.stat().st_size / 1e6
    count = max(1, int(megabytes * 1e6 / PAGE_BYTES))
    if kind == "folder of pages":
        written = write_pages(folder / "pages", count)
        return folder / "pages", sum(path.stat().st_size for path in written) / 1e6
    path = folder / "crawl.warc.gz"
    return path, write_warc(path, count) / 1e6


def bench_memory_processes(sizes_mb: tuple[float, float]) -> Result:
    """Peak RSS of pav's main process and of its largest worker, separately, under the default --jobs, for a
    JSON Lines file, a folder of pages and a WARC (gzip; its pages' size) at two sizes: every one flat (within
    20%) and under 100 MiB. A big WARC is cut into ranges of records, so it starts workers too."""
    rows = [["input", "MB", "main MiB", "workers MiB", "seconds"]]
    ceilings: dict[str, tuple[float, float]] = {}
    for kind in ("JSON Lines", "folder of pages", "WARC"):
        peaks: dict[str, list[float]] = {"main": [], "workers": []}
        for size in sizes_mb:
            with tempfile.TemporaryDirectory() as tmp:
                path, megabytes = write_input(kind, Path(tmp), size)
                main, workers, seconds = peak_rss_by_process(
                    ["check", "--fail-on", "never", "--format", "json=/dev/null", str(path)]
                )
            peaks["main"].append(main)
            peaks["workers"].append(workers)
            shown = f"{workers:.0f}" if workers else "none started"
            rows.append([kind, f"{megabytes:,.0f}", f"{main:.0f}", shown, f"{seconds:.1f}"])
        for process, (small, large) in peaks.items():
            if not small or not large:
                continue
            ceilings[f"{kind}, {process}: peak RSS MiB (largest)"] = (max(small, large), 100.0)
            ceilings[f"{kind}, {process}: peak change, {sizes_mb[0]:g} to {sizes_mb[1]:g} MB"] = (
                max(large / small, small / large),
                1.2,
            )
    return {
        "title": "Peak memory of pav's processes under the default --jobs (main, largest worker)",
        "table": table(rows),
        "ratios": {},
        "ceilings": ceilings,
    }


def goal_lines(result: Result) -> str:
    """One line per goal of the issue: the figure, the goal, and whether this run met it."""
    lines = []
    ratios = result.get("ratios", {})
    assert isinstance(ratios, dict)
    goals = result.get("goals", {})
    assert isinstance(goals, dict)
    for name, goal in goals.items():
        if name in ratios:
            met = "met" if ratios[name] >= goal else "MISSED"
            lines.append(f"- {name}: {ratios[name]:.2f}x, goal >= {goal:g}x: {met}")
    ceilings = result.get("ceilings", {})
    assert isinstance(ceilings, dict)
    for name, (value, ceiling) in ceilings.items():
        met = "met" if value <= ceiling else "MISSED"
        lines.append(f"- {name}: {value:.2f}, goal <= {ceiling:g}: {met}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small inputs: checks the harness, not the speed")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="schema-peer, parse-floor, jobs, warc-jobs, html-floor, package, memory, memory-processes, corpus",
    )
    args = parser.parse_args()
    rounds = args.rounds or (1 if args.quick else 5)
    records_n = 500 if args.quick else 20_000
    benches: dict[str, Callable[[], Result]] = {
        "schema-peer": lambda: bench_schema_peer(records_n, rounds),
        "parse-floor": lambda: bench_parse_floor(records_n, rounds),
        "jobs": lambda: bench_jobs(4_000 if args.quick else 100_000, rounds, 2_000_000 if args.quick else 30_000_000),
        "html-floor": lambda: bench_html_floor(100 if args.quick else 5_000, rounds),
        "package": lambda: bench_package(40 if args.quick else 1_000, rounds),
        "memory": lambda: bench_memory((2_000, 20_000) if args.quick else (100_000, 1_000_000)),
        # MB of input, both over AUTO_MIN_BYTES (workers start)
        "memory-processes": lambda: bench_memory_processes((10, 30) if args.quick else (10, 1000)),
        # 4,000 pages: 120 MB of pages, about 20 MB of WARC (gzip); README has a run on 100 MB of WARC
        "warc-jobs": lambda: bench_warc_jobs(
            800 if args.quick else 4_000, rounds, 2_000_000 if args.quick else 30_000_000
        ),
        "corpus": lambda: bench_corpus(rounds),
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
        print(f"\n## {result['title']}\n\n{result['table']}\n\n{goal_lines(result)}", flush=True)
    # Every goal once more, together: what a reader of a long run looks for first.
    summary = [f"- {name}: {line[2:]}" for name, result in results.items() for line in goal_lines(result).splitlines()]
    missed = sum(line.endswith("MISSED") for line in summary)
    print(f"\n## Every goal of this run: {len(summary) - missed} met, {missed} missed\n\n" + "\n".join(summary))
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
