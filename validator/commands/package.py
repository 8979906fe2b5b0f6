"""`pav package INPUT... --out DIR`: check every record and write one archival package per page.

source_options (inputs -> source items) -> Engine (records -> results) -> package.PackageWriter (results ->
BagIt-wrapped E-ARK CSIP packages in DIR, plus DIR/batch-report.json). Pages that fail the check are
packaged too, with the failure recorded in PREMIS and compliance.xml, unless --only-valid. With several
jobs, worker processes check and write (package.workers) and this process names and counts.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from validator.commands import (
    EXIT_FINDINGS,
    EXIT_OK,
    Subparsers,
    UsageError,
    add_config_arguments,
    add_jobs_argument,
    jobs_from_args,
    load_config_from_args,
    source_options,
)
from validator.escape import printable

if TYPE_CHECKING:
    from validator.config import Config
    from validator.package.writer import Outcome, PackageWriter
    from validator.parallel import Partition
    from validator.sources import SourceItem


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "package",
        help="check pages and write one archival package (BagIt + E-ARK CSIP) per page",
        description="Check every record and write one archival package per page into DIR: a BagIt bag whose "
        "payload is an E-ARK CSIP information package (METS, PREMIS, Dublin Core, pav compliance metadata, "
        "the original bytes). Failing pages are packaged too, unless --only-valid. Exit 0 when every page "
        "passed and was packaged, 1 when a page failed the check (at or above --fail-on), an input could not "
        "be read or a package could not be written, 2 on usage errors.",
    )
    source_options.add_arguments(parser)
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write the packages into")
    parser.add_argument(
        "--container",
        choices=("dir", "zip"),
        default="dir",
        help="one folder per package (default) or one .zip per package",
    )
    parser.add_argument(
        "--only-valid",
        action="store_true",
        help="skip pages with findings at or above --fail-on instead of packaging them with the failure recorded",
    )
    parser.add_argument(
        "--submitter",
        metavar="NAME",
        default=None,
        help="the organisation that submits the packages to the archive, written as their submitting agent "
        "(E-ARK SIP15; config key submitter). Without it the packages have none, and fall short of SIP15",
    )
    parser.add_argument(
        "--submitter-id",
        metavar="CODE",
        default=None,
        help="the submitting agent's identification code (E-ARK SIP19; config key submitter-id), with --submitter",
    )
    add_jobs_argument(
        parser,
        "one per core when the input splits into several partitions, else none. The packages and the "
        "report are the same either way",
    )
    add_config_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from validator.package.writer import BATCH_REPORT, OutputRefused, PackageWriter

    config = _with_submitter(load_config_from_args(args), args)
    out = Path(args.out)
    _check_out(out, args.inputs)
    items = source_options.open_items(args, source_options.input_options(args, config))  # missing input: exit 2
    jobs = jobs_from_args(args)  # None: one per core when the input splits, see auto_jobs
    failing = 0
    try:
        with (
            _sigterm_as_interrupt(),
            PackageWriter(out, config, container=args.container, only_valid=args.only_valid) as writer,
            closing(source_options.guarded(_outcomes(writer, items, jobs, args))) as outcomes,
        ):
            for outcome in outcomes:
                if outcome.status == "failed":
                    where, reason = printable(str(outcome.location)), printable(str(outcome.reason))
                    print(f"{where}: error: package not written: {reason}", file=sys.stderr)
                elif outcome.status == "skipped" and outcome.skip_kind != "--only-valid":
                    where, reason = printable(str(outcome.location)), printable(str(outcome.reason))
                    print(f"{where}: not packaged: {reason}", file=sys.stderr)
                if outcome.verdict == "fail":
                    failing += 1
    except OutputRefused as refused:  # raised before anything is written: another run, or a foreign report
        raise UsageError(str(refused)) from None
    summary = writer.summary
    parts = [f"Packaged {summary.packaged} page{'s' if summary.packaged != 1 else ''} into {printable(str(out))}"]
    if summary.present:
        parts.append(f"{summary.present} already there (left untouched)")
    if summary.skipped:
        reasons = ", ".join(
            f"{count} {kind}{'s' if count != 1 and kind.endswith('problem') else ''}"
            for kind, count in sorted(summary.reasons.items())
        )
        parts.append(f"{summary.skipped} skipped ({reasons})")
    if summary.failed:
        parts.append(f"{summary.failed} could not be written")
    if summary.not_compliant:
        plural = "s" if summary.not_compliant != 1 else ""
        parts.append(f"{summary.not_compliant} page{plural} failed the check (recorded in PREMIS and compliance.xml)")
    if summary.packaged and config.submitter is None:
        print(printable(NO_SUBMITTER), file=sys.stderr)
    print("; ".join(parts) + f". Report: {printable(str(out / BATCH_REPORT))}")
    trouble = summary.failed or summary.input_failures or summary.reasons.get("not packageable", 0)
    return EXIT_FINDINGS if failing or trouble else EXIT_OK


NO_SUBMITTER = (
    "note: the packages lack the submitting agent E-ARK SIP 2.1 and 2.2 require (SIP15): name it with "
    '--submitter NAME, or submitter = "NAME" in [tool.pav]'
)


def _with_submitter(config: Config, args: argparse.Namespace) -> Config:
    """The configuration with --submitter and --submitter-id over the file's submitter and submitter-id."""
    from validator.config import ConfigError, agent_text

    submitter, submitter_id = config.submitter, config.submitter_id
    try:
        if args.submitter is not None:
            submitter = agent_text(args.submitter, "--submitter")
            submitter_id = None  # the file's code is another agent's
        if args.submitter_id is not None:
            submitter_id = agent_text(args.submitter_id, "--submitter-id")
    except ConfigError as error:
        raise UsageError(str(error)) from None
    if submitter_id is not None and submitter is None:
        raise UsageError("--submitter-id needs --submitter (the name of the agent it identifies)")
    return replace(config, submitter=submitter, submitter_id=submitter_id)


def _outcomes(
    writer: PackageWriter, items: Iterator[SourceItem], jobs: int | None, args: argparse.Namespace
) -> Generator[Outcome, None, None]:
    from validator.engine import Engine

    if jobs == 1 or (jobs is None and source_options.streamed(args)):
        for result in Engine(writer.config).check_items(items):
            yield writer.add(result)
        return
    from validator.package.workers import package_parallel, partition_results
    from validator.parallel import auto_jobs, partitions

    parts: Iterable[Partition] = partitions(
        args.inputs or [],
        sitemaps=tuple(args.sitemap or ()),
        fetch=source_options.fetch_options(args),
        options=source_options.input_options(args, writer.config),
    )
    if jobs is None:
        parts, jobs = auto_jobs(parts)
    if jobs == 1:  # what was read to decide (fetched pages too) is used, not read again
        engine = Engine(writer.config)
        for part in parts:
            for result in partition_results(part, engine):
                yield writer.add(result)
        return
    yield from package_parallel(writer, parts, jobs, datetime.now(UTC))


def _check_out(out: Path, inputs: list[str]) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    if out.is_symlink() and not out.exists():
        raise UsageError(f"--out {out}: a symbolic link to {os.readlink(out)}, which does not exist")
    ancestor = out.absolute().parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not out.exists() and not ancestor.is_dir():
        raise UsageError(f"--out {out}: cannot be made, {ancestor} is not a folder")
    resolved = out.resolve()
    for name in inputs:
        if name == "-":
            continue
        source = Path(name).resolve()
        if source.is_dir() and (resolved == source or source in resolved.parents):
            raise UsageError(f"--out {out} is inside the input folder {name}: its packages would be read as input")


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """`kill` (SIGTERM) stops like Ctrl-C: the package being written is removed, finished ones stay."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (embedded use): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
