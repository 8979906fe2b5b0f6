"""The output side of `pav check`: report formats, destinations, the summary and the exit code."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO

from validator.commands import EXIT_FINDINGS, EXIT_OK, UsageError
from validator.config import Config
from validator.engine import RecordResult
from validator.reports import Reporter, Summary

FORMATS = ("text", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        action="append",
        metavar="FMT[=PATH]",
        default=None,
        help="report format: text (default) or json; =PATH writes it to a file; repeatable",
    )


class ReportSession:
    """Feeds results to every reporter, keeps the summary, and decides the exit code."""

    def __init__(self, reporters: list[Reporter], config: Config) -> None:
        self.reporters = reporters
        self.config = config
        self.summary = Summary()

    def add(self, result: RecordResult) -> None:
        self.summary.add(result)
        for reporter in self.reporters:
            reporter.add(result)

    def finish(self) -> int:
        threshold = self.config.base.fail_threshold()
        worst = self.summary.worst()
        code = EXIT_FINDINGS if threshold is not None and worst is not None and worst >= threshold else EXIT_OK
        for reporter in self.reporters:
            reporter.finish(self.summary, code)
        return code


@contextlib.contextmanager
def open_session(args: argparse.Namespace, config: Config) -> Iterator[ReportSession]:
    """Open every requested report (UsageError for a bad format or an unwritable path)."""
    from validator.reports.json_report import JsonReporter
    from validator.reports.text import TextReporter

    parsed: list[tuple[str, str | None]] = []
    for spec in args.format or ["text"]:
        name, _, target = spec.partition("=")
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
        parsed.append((name, target or None))
    if sum(1 for _, target in parsed if target is None) > 1:
        raise UsageError("only one --format may write to standard output; give the others =PATH")
    settings = config.base
    with contextlib.ExitStack() as stack:
        reporters: list[Reporter] = []
        for name, target in parsed:
            stream: TextIO = sys.stdout
            if target is not None:
                try:
                    stream = stack.enter_context(open(target, "w", encoding="utf-8"))
                except OSError as error:
                    raise UsageError(f"cannot write report {target}: {error.strerror}") from None
            if name == "text":
                reporters.append(TextReporter(stream))
            else:
                reporters.append(JsonReporter(stream, settings.profile, settings.fail_on))
        yield ReportSession(reporters, config)
