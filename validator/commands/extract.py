"""`pav extract INPUT... [-o FILE]`: the records that pages, captures and crawls turn into, as JSON Lines.

The output follows the record contract, so it can be stored, edited and checked later: `pav check` on it
gives the same findings as on the pages themselves (but for line numbers in the page and reader notices,
which belong to the reading, not to the record). Reader problems go to stderr, one line each.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from validator.commands import EXIT_FINDINGS, EXIT_OK, Subparsers, source_options
from validator.escape import encodable, printable
from validator.findings import Finding, Severity
from validator.reports.outputs import open_output
from validator.sources import Answered, SourceRecord


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("extract", help="write the records of pages, captures and crawls as JSON Lines")
    source_options.add_arguments(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write the JSON Lines here (replaced when the run finishes; default, or -: stdout)",
    )


def run(args: argparse.Namespace) -> int:
    items = source_options.open_items(args)  # a missing input is exit 2 before anything is written
    output = open_output(args.output) if args.output and args.output != "-" else None  # -: stdout
    stream: TextIO = output.stream if output is not None else sys.stdout
    records = problems = 0
    worst: Severity | None = None
    try:
        for item in items:
            if isinstance(item, Answered):
                continue  # only read for the crawl-level checks, which `pav extract` never asks for
            notes = item.notes if isinstance(item, SourceRecord) else (item,)
            for note in notes:
                _report(note)
                worst = note.severity if worst is None else max(worst, note.severity)
            if isinstance(item, SourceRecord):
                # Lone surrogates cannot be UTF-8: written as their JSON escapes (`\\udcff`), on any stream.
                stream.write(encodable(json.dumps(item.data, ensure_ascii=False)) + "\n")
                records += 1
            else:
                problems += 1
    except BaseException:
        if output is not None:
            output.discard()
        raise
    if output is not None:
        output.commit()
    else:
        sys.stdout.flush()
    tail = f"; {problems} input{'s' if problems != 1 else ''} gave no record (see above)" if problems else ""
    print(f"pav extract: {records} record{'s' if records != 1 else ''}{tail}", file=sys.stderr)
    return EXIT_FINDINGS if worst is Severity.ERROR else EXIT_OK


def _report(finding: Finding) -> None:
    location, rule, message = printable(str(finding.location)), printable(finding.rule), printable(finding.message)
    print(f"{location}: {finding.severity} {rule} {message}", file=sys.stderr)
