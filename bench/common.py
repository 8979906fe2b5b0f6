"""Shared helpers for the benchmarks: run commands alternately, take medians, measure peak memory."""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PAV = [str(BIN / "pav")] if (BIN / "pav").exists() else [sys.executable, "-m", "validator"]


@dataclass
class Measured:
    """Wall-clock seconds of each round of one command."""

    name: str
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the command and its children

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(
    command: Sequence[str], *, stdin_command: Sequence[str] | None = None, ok: tuple[int, ...] = (0, 1)
) -> float:
    """Seconds one run takes (output discarded). Exit codes outside `ok` abort the benchmark."""
    start = time.perf_counter()
    if stdin_command is None:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        code, err = done.returncode, done.stderr
    else:
        producer = subprocess.Popen(stdin_command, stdout=subprocess.PIPE)
        done = subprocess.run(
            command, stdin=producer.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        assert producer.stdout is not None
        producer.stdout.close()
        producer.wait()
        code, err = done.returncode, done.stderr
    elapsed = time.perf_counter() - start
    if code not in ok:
        raise SystemExit(f"benchmark command failed ({code}): {' '.join(command)[:200]}\n{err.decode()[-2000:]}")
    return elapsed


def alternate(
    commands: dict[str, Sequence[str]], rounds: int, before: Mapping[str, Callable[[], None]] | None = None
) -> dict[str, Measured]:
    """Run each command once per round, in alternating order, so drift in machine load hits all alike.

    `before[name]`, if given, runs before each run of that command, off the clock (fresh output folders).
    """
    results = {name: Measured(name) for name in commands}
    names = list(commands)
    for round_index in range(rounds):
        order = names if round_index % 2 == 0 else names[::-1]
        for name in order:
            if before and name in before:
                before[name]()
            # CPU time of waited-for children (worker processes included): unlike wall time it does not
            # depend on how many cores the host actually grants, so it shows the overhead of parallelism.
            cpu_before = _children_cpu()
            results[name].seconds.append(run_once(commands[name]))
            results[name].cpu.append(_children_cpu() - cpu_before)
    return results


def peak_rss_mib(command: Sequence[str], *, stdin_command: Sequence[str] | None = None) -> tuple[float, float]:
    """(peak resident memory in MiB, seconds) of one run of `command`, fed by `stdin_command` if given."""
    start = time.perf_counter()
    producer = subprocess.Popen(stdin_command, stdout=subprocess.PIPE) if stdin_command else None
    child = subprocess.Popen(
        command,
        stdin=producer.stdout if producer else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if producer is not None and producer.stdout is not None:
        producer.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if producer is not None:
        producer.wait()
    if child.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed ({child.returncode}): {' '.join(command)}")
    return usage.ru_maxrss / 1024, time.perf_counter() - start


def peak_rss_by_process(arguments: Sequence[str]) -> tuple[float, float, float]:
    """(main process's peak RSS MiB, largest worker's peak RSS MiB, seconds) of `pav ARGUMENTS`.

    pav runs inside bench/peaks.py, which reads the kernel's high-water marks when the run is over: its own
    (the main process) and that of its largest waited-for child (the --jobs workers; 0 when none started).
    """
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "peaks.json"
        done = subprocess.run(
            [sys.executable, str(REPO / "bench" / "peaks.py"), *arguments],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "PAV_PEAKS_OUT": str(out)},
            check=False,
        )
        seconds = time.perf_counter() - start
        if done.returncode not in (0, 1) or not out.exists():
            failed = f"benchmark command failed ({done.returncode}): pav {' '.join(arguments)}"
            raise SystemExit(f"{failed}\n{done.stderr.decode()[-2000:]}")
        peaks = json.loads(out.read_text(encoding="utf-8"))
    return float(peaks["main"]), float(peaks["workers"]), seconds


def table(rows: list[list[str]]) -> str:
    """A Markdown table (first row is the header)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def need(tool: str) -> str:
    path = shutil.which(tool, path=str(BIN)) or shutil.which(tool)
    if path is None:
        raise SystemExit(f"benchmark needs {tool}; run `make install` first")
    return path
