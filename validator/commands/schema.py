"""`pav schema`: print the record JSON Schema."""

from __future__ import annotations

import argparse
import sys

from validator.commands import EXIT_OK, Subparsers


def register(subparsers: Subparsers) -> None:
    subparsers.add_parser("schema", help="print the record JSON Schema")


def run(args: argparse.Namespace) -> int:
    from validator.resources import RECORD_SCHEMA, schema_path

    sys.stdout.write(schema_path(RECORD_SCHEMA).read_text(encoding="utf-8"))
    return EXIT_OK
