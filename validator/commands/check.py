"""`pav check INPUT...`: read inputs, check every record, report.

source_options (inputs -> source items) -> Engine (records -> results) -> report_options (results -> reports)
"""

from __future__ import annotations

import argparse

from validator.commands import Subparsers, add_config_arguments, load_config_from_args, report_options, source_options


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("check", help="check records and pages, report findings")
    source_options.add_arguments(parser)
    add_config_arguments(parser)
    report_options.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from validator.engine import Engine

    config = load_config_from_args(args)
    items = source_options.open_items(args)  # validates inputs first: a missing path is exit 2, no report
    with report_options.open_session(args, config) as session:
        for result in Engine(config).check_items(items):
            session.add(result)
        return session.finish()
