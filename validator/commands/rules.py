"""`pav rules [ID]`: the rule catalog, or one rule's documentation."""

from __future__ import annotations

import argparse
import json
import sys

from validator.commands import (
    EXIT_OK,
    Subparsers,
    UsageError,
    add_language_argument,
    configured_language,
    use_run_language,
)


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("rules", help="list the rules, or print one rule's documentation")
    parser.add_argument("rule_id", nargs="?", metavar="ID", help="a rule id (F103) or name (icp-unknown-province)")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    add_language_argument(parser)


def run(args: argparse.Namespace) -> int:
    use_run_language(args, configured_language() if args.lang is None else None)
    from validator.rules.docs import rule_doc_text, rules_json, rules_markdown_table, rules_table_text
    from validator.rules.lookup import closest_rules, find_rule

    if args.rule_id is not None:
        entry = find_rule(args.rule_id)
        if entry is None:
            raise UsageError(f"unknown rule id or name {args.rule_id!r}{closest_rules(args.rule_id)} (see 'pav rules')")
        sys.stdout.write(rule_doc_text(entry) + "\n")
    elif args.format == "json":
        sys.stdout.write(json.dumps(rules_json(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(rules_markdown_table() + "\n")
    else:
        sys.stdout.write(rules_table_text() + "\n")
    return EXIT_OK
