"""`pav report REPORT.json --format FMT[=PATH]...`: re-render a saved JSON report in any format.

The JSON report is read twice, streaming (once to check it and take its settings and summary, once to feed
its findings to the reporters), so its size does not matter; standard input (`-`) is spooled to a temporary
file first. The exit code is the saved run's: re-rendering in CI fails the step exactly when the check did.

What a re-rendered report cannot show: pages without findings (the JSON report lists findings, so JUnit gets
one testcase per page with findings; their number is in the summary) and the names of the input files (the
summary keeps their number).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO

from validator.commands import (
    Subparsers,
    UsageError,
    add_language_argument,
    configured_language,
    report_options,
    use_run_language,
)


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="re-render a saved JSON report (pav check --format json=FILE) in other formats",
        description="Re-render a JSON report written by `pav check --format json=FILE` in any format, e.g. "
        "`pav report findings.json --format html=report.html`. Exits with the saved run's exit code.",
    )
    parser.add_argument("report", metavar="REPORT", help="a JSON report of pav check, or - for standard input")
    report_options.add_arguments(parser, run_options=False)
    add_language_argument(parser)


@contextlib.contextmanager
def _open_report(name: str) -> Iterator[TextIO]:
    if name == "-":
        import shutil  # (here: `pav check` builds this command's parser, and never needs them)
        import tempfile

        with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
            shutil.copyfileobj(sys.stdin, spool)
            spool.seek(0)
            yield spool
        return
    try:
        handle = open(name, encoding="utf-8")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except OSError as error:
        raise UsageError(f"cannot read {name}: {error.strerror}") from None
    with handle:
        yield handle


def _markup(handle: TextIO) -> bool:
    """Whether a text that is not UTF-8 starts with '<' (a GBK page, say), judged by its first bytes."""
    raw = getattr(handle, "buffer", None)
    if raw is None:
        return False
    head: bytes = raw.read(512)
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def run(args: argparse.Namespace) -> int:
    from validator.reports.outputs import open_outputs, parse_formats
    from validator.reports.reader import ReportError, iter_results, not_a_report, scan

    # The headings and titles follow --lang; the messages are the saved run's, in the language it was checked in.
    use_run_language(args, configured_language() if args.lang is None else None)
    specs = parse_formats(args.format)
    with _open_report(args.report) as handle:
        try:
            saved = scan(handle)
        except ReportError as error:
            raise UsageError(f"{args.report}: {error}") from None
        except UnicodeDecodeError:
            handle.seek(0)
            if _markup(handle):  # a GBK page, say
                raise UsageError(f"{args.report}: {not_a_report('<')}") from None
            raise UsageError(f"{args.report}: not UTF-8 text, so not a pav JSON report") from None
        handle.seek(0)
        with open_outputs(specs, saved.info) as outputs:
            try:
                for result in iter_results(handle):
                    for reporter in outputs.reporters:
                        reporter.add(result)
            except ReportError as error:  # the file changed since it was checked
                raise UsageError(f"{args.report}: {error}") from None
            for reporter in outputs.reporters:
                reporter.finish(saved.summary, saved.exit_code)
            outputs.finished = True
    summary = saved.summary
    if summary.partial:
        sys.stderr.write(
            f"pav: warning: PARTIAL report: the saved run listed {summary.reported} of {summary.findings} findings "
            "(--max-findings)\n"
        )
    return saved.exit_code
