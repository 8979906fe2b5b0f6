"""`pav report REPORT.json --format FMT[=PATH]...`: re-render a saved JSON report in any format; and
`pav report --compare OLD NEW`: compare two runs (`validator.reports.compare`, run by `run_compare` below).

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

from validator.commands import Subparsers, UsageError, report_options
from validator.config import FAIL_ON_CHOICES


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="re-render a saved JSON report (pav check --format json=FILE) in other formats",
        description="Re-render a JSON report written by `pav check --format json=FILE` in any format, e.g. "
        "`pav report findings.json --format html=report.html`. Exits with the saved run's exit code. With "
        "`--compare OLD NEW`, compares two runs instead: what is new, fixed and remaining per site and rule, and "
        "the scorecard's changes (formats text, json, markdown, html).",
    )
    parser.add_argument(
        "report", metavar="REPORT", nargs="?", help="a JSON report of pav check, or - for standard input"
    )
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("OLD", "NEW"),
        default=None,
        help="compare two runs instead: OLD (a JSON report or a baseline) with NEW (a JSON report); lists the new "
        "and fixed findings (formats text, json, markdown, html); exit 1 when something new at or above "
        "--fail-on appeared",
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON_CHOICES,
        default=None,
        help="with --compare: the lowest severity of a new finding that makes the exit code 1 (default: the one "
        "NEW was checked with, error unless it said otherwise)",
    )
    report_options.add_arguments(parser, run_options=False)


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
    if args.compare is not None:
        if args.report is not None:
            raise UsageError(f"give either REPORT or --compare OLD NEW, not both (got {args.report!r} too)")
        return run_compare(args.compare[0], args.compare[1], args.format, args.fail_on)
    if args.report is None:
        raise UsageError("pav report needs REPORT (a JSON report of pav check) or --compare OLD NEW")
    if args.fail_on is not None:
        raise UsageError("--fail-on applies to --compare only: a re-rendered report exits with the saved run's code")
    from validator.reports.outputs import open_outputs, parse_formats
    from validator.reports.reader import ReportError, iter_results, not_a_report, scan

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


def run_compare(old: str, new: str, formats: list[str] | None, fail_on: str | None) -> int:
    """`pav report --compare OLD NEW`: see `validator.reports.compare` (the matching) and
    `validator.reports.compare_formats` (the formats). `--format auto` (the default) is text, even on GitHub
    Actions: the github format annotates one run's findings, which a comparison is not."""
    from validator.reports.compare import CompareError, compare
    from validator.reports.compare_formats import COMPARE_FORMATS, render
    from validator.reports.outputs import open_output, parse_formats

    specs = parse_formats(formats, environ={})
    for spec in specs:
        if spec.name not in COMPARE_FORMATS:
            raise UsageError(
                f"format {spec.name!r} does not fit a comparison (choose from {', '.join(COMPARE_FORMATS)})"
            )
    if old == "-" and new == "-":
        raise UsageError("only one of OLD and NEW may be standard input (-)")
    with _open_report(old) as old_handle, _open_report(new) as new_handle:
        try:
            comparison = compare(old_handle, old, new_handle, new, fail_on)
        except CompareError as error:
            raise UsageError(str(error)) from None
    suppressed = [side.summary.suppressed if side.summary else 0 for side in (comparison.old, comparison.new)]
    if suppressed[0] != suppressed[1]:
        sys.stderr.write(
            f"pav: note: OLD suppressed {suppressed[0]} findings with a baseline, NEW {suppressed[1]}: suppressed "
            "findings are in neither report, so they count as fixed (or new); compare runs with the same baseline\n"
        )
    try:
        files = [(spec.name, open_output(spec.target)) for spec in specs if spec.target is not None]
        try:
            for spec in specs:
                if spec.target is None:
                    render(spec.name, comparison, sys.stdout)
            for name, output in files:
                render(name, comparison, output.stream)
        except BaseException:
            for _, output in files:
                output.discard()
            raise
        for _, output in files:
            output.commit()
    finally:
        comparison.close()
    return comparison.exit_code
