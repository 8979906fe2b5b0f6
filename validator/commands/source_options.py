"""The input side of `pav check` and `pav package`: which inputs, and how they are read."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from validator.commands import UsageError
from validator.sources import InputError, SourceItem, expand_inputs, iter_source_items


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a .json or .jsonl file, a folder (recursed), or - for JSON Lines on stdin",
    )


def open_items(args: argparse.Namespace) -> Iterator[SourceItem]:
    """Check the inputs exist (UsageError otherwise), then return the lazy stream of source items."""
    if args.inputs.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    try:
        for _ in expand_inputs(args.inputs):  # fail fast, before any report is started
            pass
    except InputError as error:
        raise UsageError(str(error)) from None
    return _guarded(iter_source_items(args.inputs))


def _guarded(items: Iterator[SourceItem]) -> Iterator[SourceItem]:
    try:
        yield from items
    except InputError as error:  # a path that vanished between the check and the read
        raise UsageError(str(error)) from None
