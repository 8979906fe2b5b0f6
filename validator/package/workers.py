"""`pav package --jobs N`: worker processes check the pages and write their packages; the main process names them.

    main:    partitions(inputs) -> workers -> [Prepared, ...] in input order -> PackageWriter.add_prepared
    worker:  validate_partition(partition) -> PackageBuilder.prepare(result) -> a partial entry in --out

Checking and building are nearly all of a package's cost, so they run in the workers, which also write each
package into a hidden partial entry of the output folder (named after the run's pid and their own). The main
process keeps everything that must be decided in input order, exactly as a serial run decides it: names
(collisions, packages already there), the move of each partial entry into place, the counts and
batch-report.json. So the output is the same as with one process, apart from timestamps.

Stopping: the workers ignore Ctrl-C and die with the main process (Linux); on an interruption the main
process stops them before the writer removes every partial entry of the run. A run killed outright leaves
partial entries that the next run removes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

from validator.config import Config
from validator.engine import Engine, RecordResult
from validator.package.writer import Container, Outcome, PackageBuilder, PackageWriter, Prepared
from validator.parallel import Partition, iter_partition

_PR_SET_PDEATHSIG = 1

_ENGINE: Engine | None = None
_BUILDER: PackageBuilder | None = None


def package_parallel(writer: PackageWriter, parts: Iterable[Partition], jobs: int, now: datetime) -> Iterator[Outcome]:
    """The outcome of every record of `parts`, in input order, packaged by `jobs` worker processes.

    At most 2 x jobs partitions are in flight, so memory stays flat however large the input. Close the
    iterator (or exhaust it) before leaving the writer: closing stops the workers.
    """
    initargs = (
        writer.config,
        now,
        str(writer.out),
        writer.container,
        writer.only_valid,
        writer.clock,
        writer.partial_prefix,
    )
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=initargs)
    finished = False
    try:
        pending: deque[Future[list[Prepared]]] = deque()
        for part in parts:
            pending.append(pool.submit(_prepare_partition, part))
            if len(pending) >= 2 * jobs:
                for prepared in pending.popleft().result():
                    yield writer.add_prepared(prepared)
        while pending:
            for prepared in pending.popleft().result():
                yield writer.add_prepared(prepared)
        finished = True
    finally:
        if not finished:
            # Interrupted (Ctrl-C, kill, an error): don't wait for the partitions in flight. The writer then
            # removes the partial entries the workers leave.
            for process in list((pool._processes or {}).values()):  # no public way to stop busy workers
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _init_worker(
    config: Config,
    now: datetime,
    out: str,
    container: Container,
    only_valid: bool,
    clock: Callable[[], datetime],
    run_prefix: str,
) -> None:
    global _ENGINE, _BUILDER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the main process decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler, inherited through fork
    _die_with_parent()
    _ENGINE = Engine(config, now)
    _BUILDER = PackageBuilder(
        Path(out),
        config,
        container=container,
        only_valid=only_valid,
        clock=clock,
        partial_prefix=f"{run_prefix}{os.getpid()}-",
    )


def _die_with_parent() -> None:
    """Linux: be killed when the process that started this one dies (the main process, or with the forkserver
    start method the server, which ends with the main process): SIGKILL gives it no chance to stop workers."""
    if sys.platform != "linux":
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - no prctl (not glibc or musl)
        return
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


def partition_results(partition: Partition, engine: Engine) -> Iterable[RecordResult]:
    """The results of one partition with their page bytes, checked in this process. Streamed: a partition may
    be a whole WARC, whose pages should not all be held at once."""
    return iter_partition(partition, engine, keep_raw=True)


def _prepare_partition(partition: Partition) -> list[Prepared]:
    assert _ENGINE is not None and _BUILDER is not None
    builder = _BUILDER
    return [builder.prepare(result) for result in partition_results(partition, _ENGINE)]
