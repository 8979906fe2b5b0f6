"""`pav check INPUT...`: read inputs, check every record, report.

    source_options (inputs -> source items) -> Engine (records -> results) -> ReportSession (results -> reports)

With `--jobs N` the inputs are cut into partitions (validator.parallel) and checked by N processes (by default
one per core, once the input is big enough to be worth splitting); with
`--engine dask` the same partitions are checked on a Dask cluster (validator.distributed). Either way the
results come back in input order, so reports are identical to a serial run.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from validator.commands import (
    Subparsers,
    UsageError,
    add_config_arguments,
    add_jobs_argument,
    jobs_from_args,
    load_config_from_args,
    report_options,
    source_options,
)
from validator.crawl import Crawl, wants_site_rules
from validator.engine import PassedRecords, RecordResult
from validator.rules import PageFacts
from validator.sources import collect_links

if TYPE_CHECKING:
    from validator.config import Config
    from validator.parallel import Partition
    from validator.sources import SourceItem
    from validator.sources.selection import InputOptions


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check records and pages, report findings",
        epilog="exit codes: 0 no finding at or above --fail-on (default: error); 1 such findings; 2 usage, "
        "configuration or input error (one line on stderr); 130 interrupted",
    )
    source_options.add_arguments(parser)
    add_config_arguments(parser)
    report_options.add_arguments(parser)
    add_jobs_argument(
        parser,
        "one per core when the input files are more than about 8 MB or 1,000 files; none for standard input and "
        "URLs, so their results stream. Findings and their order are the same either way",
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
    options = source_options.input_options(args, config)
    items = source_options.open_items(args, options)  # validates inputs first: a missing path is exit 2, no report
    crawl = Crawl(config) if wants_site_rules(config) else None
    try:
        return _check(args, config, dask, options, items, crawl)
    finally:
        collect_links(False)  # the engine asked pages to keep their links for this run only
        if crawl is not None:
            crawl.close()  # removes its temporary database, also after an error or an interrupt


def _check(
    args: argparse.Namespace,
    config: Config,
    dask: bool,
    options: InputOptions,
    items: Iterator[SourceItem],
    crawl: Crawl | None,
) -> int:
    with report_options.open_session(args, config) as session:
        results = _results(
            args, config, items, dask, counted=not session.lists_passing, options=options, facts=crawl is not None
        )
        for result in source_options.guarded(results):
            if isinstance(result, PassedRecords):
                session.add_passed(result)
            elif isinstance(result, PageFacts):
                assert crawl is not None
                crawl.add(result)
            else:
                if result.facts is not None:
                    assert crawl is not None
                    crawl.add(result.facts)
                session.add(result)
        if crawl is not None:  # the crawl-level rules, once every input was read (validator.crawl)
            for result in source_options.guarded(crawl.results()):
                session.add(result)
        return session.finish()


def _results(
    args: argparse.Namespace,
    config: Config,
    items: Iterator[SourceItem],
    dask: bool,
    counted: bool,
    options: InputOptions,
    facts: bool = False,
) -> Iterator[RecordResult | PassedRecords | PageFacts]:
    given = jobs_from_args(args)
    if not dask and (given == 1 or (given is None and (source_options.streamed(args) or _one_whole_file(args)))):
        # One process; by default also for standard input and URLs, checked as they arrive, not in batches, and
        # for one file read whole (a page, a JSON file): one partition, which the default checks in this process
        # anyway, so the run need not load the worker pool's modules (README, Performance: start-up). A WARC is
        # not one of them: a big one is cut into ranges of records for the workers.
        from validator.engine import Engine

        engine = Engine(config, facts=facts)
        return engine.check_items_with_facts(items) if facts else engine.check_items(items)
    from validator.parallel import auto_jobs, check_jobs, default_jobs, partitions

    parts: Iterable[Partition] = partitions(
        args.inputs or [],
        sitemaps=tuple(args.sitemap or ()),
        fetch=source_options.fetch_options(args),
        options=options,
        split_warc=True,  # check_jobs and check_dask merge the ranges' notes
    )
    if dask:
        from validator.distributed import check_dask

        workers = given if given is not None and given > 1 else default_jobs()
        return check_dask(parts, config, scheduler=args.scheduler, workers=workers, counted=counted, facts=facts)
    if given is None:
        parts, given = auto_jobs(parts)
    return check_jobs(parts, config, given, counted=counted, facts=facts)


def _one_whole_file(args: argparse.Namespace) -> bool:
    """Whether the inputs are one file that is read whole, never split (not JSON Lines, not a WARC, not a
    folder)."""
    import os

    from validator.sources import JSONL_SUFFIXES, WARC_SUFFIXES, is_url

    inputs = args.inputs or []
    if len(inputs) != 1 or getattr(args, "sitemap", None):
        return False
    name = inputs[0]
    split = JSONL_SUFFIXES + WARC_SUFFIXES
    return name != "-" and not is_url(name) and not name.lower().endswith(split) and os.path.isfile(name)


def _dask_engine(args: argparse.Namespace) -> bool:
    if args.engine != "dask":
        if args.scheduler is not None:
            raise UsageError("--scheduler needs --engine dask")
        return False
    from validator.distributed import INSTALL_HINT, dask_available

    if not dask_available():
        raise UsageError(INSTALL_HINT)
    return True
