"""Which library writes pav's xlsx report: openpyxl's write-only mode or XlsxWriter's constant_memory mode.

    python bench/xlsx_writers.py [--rows 200000] [--rounds 3]

Each writer writes the same Findings sheet (7 text columns, a header, an autofilter, a frozen header row) of
ROWS synthetic findings, with hostile-looking messages as the report gets them, in a fresh child process per
round, so the child's peak resident memory (getrusage RUSAGE_SELF, kept by the kernel) is the writer's alone.
The table printed gives the median seconds, the largest peak RSS, the file size and the baseline of a child that
imports the library and writes nothing (so the memory the rows cost is the difference).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

HEADER = ["site", "page URL", "rule", "severity", "message", "location", "JSON pointer"]
WRITERS = ("openpyxl-write-only", "xlsxwriter-constant-memory")


def rows(count: int) -> Iterator[list[str]]:
    """Synthetic findings: 1,000 sites, a few rules, messages of ordinary length with Chinese text."""
    rules = ("F103", "F202", "S001", "F602", "F605")
    for number in range(count):
        site = f"www.site{number % 1000}.gov.cn"
        yield [
            site,
            f"https://{site}/art/2024/{number}.shtml",
            rules[number % len(rules)],
            ("error", "warning", "info")[number % 3],
            f"'川' is not an ICP abbreviation: Sichuan files ICP numbers as 蜀ICP (e.g. 蜀ICP备{13001288 + number}号)",
            f"crawl-{number % 7}.warc.gz[{number}]",
            "/footer/icp",
        ]


def write_openpyxl(path: str, count: int) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Findings")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (24, 48, 8, 9, 80, 32, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.auto_filter.ref = f"A1:G{count + 1}"  # known up front here; pav knows it only at the end
    sheet.append(HEADER)
    for values in rows(count):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"  # a string, never a formula
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)


def write_xlsxwriter(path: str, count: int) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet("Findings")
    for column, width in enumerate((24, 48, 8, 9, 80, 32, 20)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    for column, title in enumerate(HEADER):
        sheet.write_string(0, column, title)
    row = 0
    for row, values in enumerate(rows(count), start=1):  # the last row sizes the filter
        for column, value in enumerate(values):
            sheet.write_string(row, column, value)
    sheet.autofilter(0, 0, row, len(HEADER) - 1)
    workbook.close()


def child(writer: str, count: int) -> None:
    """Run one writer in this process and print its figures as JSON (the parent reads them)."""
    if writer.startswith("openpyxl"):
        import openpyxl  # noqa: F401 - the import's memory is part of the baseline
    else:
        import xlsxwriter  # noqa: F401
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "out.xlsx")
        start = time.perf_counter()
        if count:
            (write_openpyxl if writer.startswith("openpyxl") else write_xlsxwriter)(path, count)
        seconds = time.perf_counter() - start
        size = os.path.getsize(path) if count else 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB (Linux reports KiB)
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "bytes": size}))


def measure(writer: str, count: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", writer, "--rows", str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=WRITERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows)
        return 0
    print(f"{args.rows:,} findings, 7 text columns, median of {args.rounds} rounds (rounds alternate writers)")
    print(f"{'writer':<28} {'seconds':>8} {'peak RSS MiB':>13} {'idle RSS MiB':>13} {'file MiB':>9}")
    results: dict[str, list[dict[str, float]]] = {writer: [] for writer in WRITERS}
    for _ in range(args.rounds):
        for writer in WRITERS:
            results[writer].append(measure(writer, args.rows))
    for writer in WRITERS:
        idle = measure(writer, 0)["peak_mib"]
        seconds = statistics.median(run["seconds"] for run in results[writer])
        peak = max(run["peak_mib"] for run in results[writer])
        size = results[writer][0]["bytes"] / 2**20
        print(f"{writer:<28} {seconds:>8.2f} {peak:>13.1f} {idle:>13.1f} {size:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
