"""`pav check INPUT...`: read inputs, check every record, report.

    source_options (inputs -> source items) -> Engine (records -> results) -> report_options (results -> reports)

With `--jobs N` the inputs are cut into partitions (validator.parallel) and checked by N processes (by default
one per core, once the input is big enough to be worth splitting); with
`--engine dask` the same partitions are checked on a Dask cluster (validator.distributed). Either way the
results come back in input order, so reports are identical to a serial run.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from validator.commands import (
    Subparsers,
    UsageError,
    add_config_arguments,
    load_config_from_args,
    report_options,
    source_options,
)
from validator.engine import PassedRecords, RecordResult


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("check", help="check records and pages, report findings")
    source_options.add_arguments(parser)
    add_config_arguments(parser)
    report_options.add_arguments(parser)
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (0: one per core; 1: none, all in this process). Default: one per core when the "
        "input files are more than about 8 MB or 256 files (standard input and URLs: none, so results stream). "
        "Findings and their order are the same either way",
    )
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where to check: this machine (default) or a Dask cluster (needs pip install 'pav[dask]')",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDR",
        default=None,
        help="with --engine dask: the Dask scheduler (tcp://host:8786); default: a local cluster of --jobs "
        "workers (one per core when --jobs is 1 or 0). Workers must see the input paths (shared file system)",
    )


def run(args: argparse.Namespace) -> int:
    config = load_config_from_args(args)
    dask = _dask_engine(args)
    items = source_options.open_items(args)  # validates inputs first: a missing path is exit 2, no report
    results: Iterator[RecordResult | PassedRecords]
    jobs = _jobs(args.jobs)
    if args.jobs is None and _streamed(args):
        jobs = 1  # auto: standard input and URLs are checked as they arrive, not gathered into batches first
    if dask:
        from validator.distributed import check_dask
        from validator.parallel import default_jobs, partitions

        parts = partitions(
            args.inputs or [], sitemaps=tuple(args.sitemap or ()), fetch=source_options.fetch_options(args)
        )
        workers = jobs if jobs > 1 else default_jobs()
        results = check_dask(parts, config, scheduler=args.scheduler, workers=workers)
    elif jobs == 1:
        from validator.engine import Engine

        results = Engine(config).check_items(items)
    with report_options.open_session(args, config) as session:
        if not dask and jobs > 1:
            from validator.parallel import check_jobs, partitions

            parts = partitions(
                args.inputs or [], sitemaps=tuple(args.sitemap or ()), fetch=source_options.fetch_options(args)
            )
            results = check_jobs(parts, config, jobs, auto=args.jobs is None, counted=not session.lists_passing)
        for result in results:
            if isinstance(result, PassedRecords):
                session.add_passed(result)
            else:
                session.add(result)
        return session.finish()


def _dask_engine(args: argparse.Namespace) -> bool:
    if args.engine != "dask":
        if args.scheduler is not None:
            raise UsageError("--scheduler needs --engine dask")
        return False
    from validator.distributed import INSTALL_HINT, dask_available

    if not dask_available():
        raise UsageError(INSTALL_HINT)
    return True


def _streamed(args: argparse.Namespace) -> bool:
    from validator.sources import is_url

    return bool(args.sitemap) or any(name == "-" or is_url(name) for name in args.inputs or [])


def _jobs(value: int | None) -> int:
    """Worker processes: --jobs as given, 0 and the default (auto) meaning one per core."""
    if value is None:
        from validator.parallel import default_jobs

        return default_jobs()
    if value < 0:
        raise UsageError(f"--jobs must be 0 (one per core) or more, got {value}")
    if value == 0:
        from validator.parallel import default_jobs

        return default_jobs()
    return value
