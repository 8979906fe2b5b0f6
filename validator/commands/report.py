"""`pav report`: being written (see its issue); not yet available."""

from __future__ import annotations

import argparse

from validator.commands import Subparsers, UsageError


def register(subparsers: Subparsers) -> None:
    subparsers.add_parser("report", help="(in development)")


def run(args: argparse.Namespace) -> int:
    raise UsageError("pav report is not available yet")
