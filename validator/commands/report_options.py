"""The report options of `pav check` (and `pav report`): argparse glue over `validator.reports`.

    --format FMT[=PATH]   repeatable; FMT is a registered format (validator.reports.registry) or auto; without
                          =PATH (or with =-) to standard output
    --baseline FILE       findings recorded in FILE are suppressed (counted as suppressed, not as findings)
    --write-baseline FILE record every finding of this run in FILE (the same file may be given to both); exit 0
    --max-findings N      list at most N findings; later ones are counted but not listed ("partial")

The session (baseline, cap, summary, exit code) is `validator.reports.session`; destinations and atomic
files are `validator.reports.outputs`.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from validator.commands import UsageError
from validator.config import Config
from validator.reports.outputs import parse_formats
from validator.reports.registry import AUTO, FORMATS, auto_format
from validator.reports.session import ReportSession
from validator.reports.session import open_session as _open_session


def _format_help() -> str:
    when_github, otherwise = auto_format({"GITHUB_ACTIONS": "true"}), auto_format({})
    return (
        f"report format, repeatable: {', '.join(FORMATS)}, or {AUTO} ({when_github} when GITHUB_ACTIONS=true, "
        f"else {otherwise}; the default); =PATH writes it to a file"
    )


def add_arguments(parser: argparse.ArgumentParser, *, run_options: bool = True) -> None:
    """--format, and (for commands that check records) --baseline, --write-baseline and --max-findings."""
    parser.add_argument("--format", action="append", metavar="FMT[=PATH]", default=None, help=_format_help())
    if not run_options:
        return
    parser.add_argument("--baseline", metavar="FILE", default=None, help="suppress the findings recorded in FILE")
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        default=None,
        help="record this run's findings in FILE (a new baseline); the run reports them, says how many it wrote "
        "and exits 0",
    )
    parser.add_argument(
        "--max-findings",
        metavar="N",
        default=None,
        help="list at most N findings; the rest are counted but not listed, and the reports say 'partial'",
    )


def parse_max_findings(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise UsageError(f"--max-findings expects a whole number of at least 1, got {value!r}")
    return number


@contextlib.contextmanager
def open_session(args: argparse.Namespace, config: Config) -> Iterator[ReportSession]:
    """The report session the options ask for (OutputError or UsageError for a bad format, path or baseline)."""
    specs = parse_formats(args.format)
    max_findings = parse_max_findings(getattr(args, "max_findings", None))
    with _open_session(
        config,
        specs,
        baseline=getattr(args, "baseline", None),
        write_baseline=getattr(args, "write_baseline", None),
        max_findings=max_findings,
    ) as session:
        yield session
