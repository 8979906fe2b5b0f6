"""Checking on a Dask cluster (`pav check --engine dask [--scheduler ADDR]`; needs `pip install 'pav[dask]'`).

    partitions(inputs) --(client.submit)--> validate_partition on a Dask worker --> results, in input order

The same partitions and the same `validate_partition` as `--jobs N` (validator.parallel): only the executor
changes, so the report is the one a local run writes. Without an address a LocalCluster is started on this
machine (one single-threaded worker process per job). Workers read the inputs themselves (a JSON Lines
partition is a byte range of the file, a big WARC a range of its records, other files are whole partitions),
so with a remote scheduler every worker must see the input paths at the same place: a shared file system. Only
standard input and fetched pages travel inside the partitions. The closing notes of a WARC cut into ranges are
made here from the ranges' tallies (`WarcNotes`), as with --jobs.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from validator.config import Config
from validator.engine import Engine, PassedRecords, RecordResult
from validator.parallel import Partition, WarcNotes, pack_partition
from validator.rules import PageFacts
from validator.sources import collect_links
from validator.sources.warc import WarcTally
from validator.wire import decode_results

INSTALL_HINT = "--engine dask needs the dask extra: pip install 'pav[dask]'"

# One engine per worker process and run: building it compiles the rule plan and schema, which is worth
# doing once per worker, not once per partition. Keyed by a run token because `Config` compares by identity
# and every task brings its own unpickled copy.
_WORKER_ENGINE: tuple[str, Engine] | None = None


def _check_on_worker(
    partition: Partition,
    run: str,
    config: Config,
    now: datetime,
    keep_raw: bool,
    counted: bool = False,
    facts: bool = False,
) -> tuple[bytes | list[RecordResult], WarcTally | None]:
    """What a task sends back: with page bytes (`keep_raw`), the results themselves; else the encoding of
    `--jobs` workers (validator.wire), with records without findings as counts per file and site when
    `counted`, so a run of a million passing records ships counts, not a million results; and for a range of
    WARC records, its tally."""
    global _WORKER_ENGINE
    if _WORKER_ENGINE is None or _WORKER_ENGINE[0] != run:
        _WORKER_ENGINE = (run, Engine(config, now, facts=facts))
    collect_links(facts)  # a worker outlives a run: the next run may not want links
    return pack_partition(partition, _WORKER_ENGINE[1], keep_raw, counted)


def _unpacked(payload: bytes | list[RecordResult]) -> list[RecordResult | PassedRecords | PageFacts]:
    return decode_results(payload) if isinstance(payload, bytes) else list(payload)


def _merged(
    notes: WarcNotes, partition: Partition, outcome: tuple[bytes | list[RecordResult], WarcTally | None]
) -> Iterator[RecordResult | PassedRecords | PageFacts]:
    payload, tally = outcome
    results = _unpacked(payload)
    if partition.warc_first is None:
        return iter(results)
    return notes.add(partition, results, tally)


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def check_dask(
    parts: Iterable[Partition],
    config: Config,
    *,
    scheduler: Any = None,
    workers: int = 2,
    now: datetime | None = None,
    keep_raw: bool = False,
    counted: bool = False,
    facts: bool = False,
) -> Iterator[RecordResult | PassedRecords | PageFacts]:
    """Results of every partition, in order, checked on a Dask cluster.

    `counted`, as for `--jobs` (validator.parallel.check_jobs): within each partition the results with findings
    (and reader problems) in order, then the passing records as `PassedRecords` counts per file and site.
    `facts`, as for `--jobs`: the pages' facts for the crawl-level rules too.

    `scheduler` is an address ("tcp://host:8786"), a `distributed.Client` or cluster object, or None for a
    LocalCluster of `workers` processes started (and stopped) here. At most 2 partitions per worker thread are
    in flight, so memory stays flat in the main process however large the input.
    """
    from distributed import Client, LocalCluster

    now = now or datetime.now(UTC)  # one clock for every worker: time-dependent rules agree with a local run
    run = uuid.uuid4().hex
    cluster: LocalCluster | None = None
    own_client = not isinstance(scheduler, Client)
    if scheduler is None:
        # distributed ships without annotations for these calls: hence the ignores below.
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,  # the checks are pure Python: threads would only share one GIL
            processes=True,
            dashboard_address=None,
            # The scheduler serves health routes over HTTP even without a dashboard, by default on port 8787:
            # a random local port instead, so two runs (or a user's own cluster) never collide.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        )
        scheduler = cluster
    pending: deque[Any] = deque()
    try:
        client: Client = scheduler if not own_client else Client(scheduler)  # type: ignore[no-untyped-call]
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    try:
        threads = sum(client.nthreads().values()) or 1  # type: ignore[no-untyped-call]
        engine: list[Engine] = []  # for the notes of WARC files cut into ranges, made here once all are in
        if facts:
            engine.append(Engine(config, now, facts=True))  # now: pages fetched here keep their links

        def notes_engine() -> Engine:
            if not engine:
                engine.append(Engine(config, now))
            return engine[0]

        notes = WarcNotes(notes_engine)
        for part in parts:
            # pure=False: two identical partitions (a file given twice) are two tasks, as in a local run.
            task = client.submit(_check_on_worker, part, run, config, now, keep_raw, counted, facts, pure=False)
            pending.append((part, task))
            if len(pending) >= 2 * threads:
                done, future = pending.popleft()
                yield from _merged(notes, done, future.result())
        while pending:
            done, future = pending.popleft()
            yield from _merged(notes, done, future.result())
    finally:
        for _, future in pending:  # a report that stopped early (or ^C): leave nothing running on the cluster
            future.cancel()
        if own_client:
            client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
