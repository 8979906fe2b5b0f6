"""`pav`: the command line. Parses arguments, wires source -> engine -> reporters, sets the exit code.

Exit codes (as ruff and ESLint): 0 no finding at or above --fail-on; 1 such findings; 2 usage or
configuration error (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from validator import __version__

if TYPE_CHECKING:
    from validator.findings import Severity
    from validator.reports import Reporter, Summary

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json")


class UsageError(Exception):
    """Bad command line, config or input path: exit 2 with a one-line message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints usage plus the error over several lines; CI logs want one line that names it.
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pav",
        description="Check published pages of Chinese government portals and news sites for archival "
        "compliance: the record contract and the footer filings (ICP, public security, site code, units).",
    )
    parser.add_argument("--version", action="version", version=f"pav {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="check records and report findings")
    check.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a .json or .jsonl file, a folder (recursed), or - for JSON Lines on stdin",
    )
    check.add_argument(
        "--format",
        action="append",
        metavar="FMT[=PATH]",
        default=None,
        help="report format: text (default) or json; =PATH writes it to a file; repeatable",
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default=None,
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    check.add_argument(
        "--profile",
        choices=("gov", "news", "minimal"),
        default=None,
        help="which footer rules apply (default: gov)",
    )
    check.add_argument(
        "--select",
        metavar="IDS",
        default=None,
        help="comma-separated rule ids or prefixes to run (default: the profile's rules)",
    )
    check.add_argument("--ignore", metavar="IDS", default=None, help="comma-separated rule ids or prefixes to skip")
    check.add_argument(
        "--severity",
        action="append",
        metavar="RULE=LEVEL",
        default=None,
        help="override a rule's severity (error, warning, info); repeatable",
    )
    check.add_argument(
        "--config",
        metavar="FILE",
        default=None,
        help="configuration file (default: nearest pav.toml or pyproject.toml [tool.pav])",
    )

    rules = commands.add_parser("rules", help="list the rules, or print one rule's documentation")
    rules.add_argument("rule_id", nargs="?", metavar="ID")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    commands.add_parser("schema", help="print the record JSON Schema")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules(args.rule_id, args.format)
        if args.command == "schema":
            from validator.resources import RECORD_SCHEMA, schema_path

            sys.stdout.write(schema_path(RECORD_SCHEMA).read_text(encoding="utf-8"))
            return EXIT_OK
        build_parser().print_help()
        return EXIT_USAGE
    except UsageError as error:
        print(f"pav: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("pav: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `pav check ... | head`: the reader went away. Point stdout at devnull so the interpreter's final
        # flush does not raise again (the recipe of the Python docs on SIGPIPE).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from validator.config import ConfigError, apply_overrides, load_config
    from validator.engine import Engine
    from validator.reports import Summary
    from validator.sources import InputError, expand_inputs, iter_source_items

    try:
        config = load_config(args.config)
        config = apply_overrides(
            config,
            profile=args.profile,
            select=_split(args.select),
            ignore=_split(args.ignore),
            severity=_severity_pairs(args.severity),
            fail_on=args.fail_on,
        )
        for _ in expand_inputs(args.inputs):  # fail fast (exit 2) on a missing path, before any report starts
            pass
    except (ConfigError, InputError) as error:
        raise UsageError(str(error)) from None
    if args.inputs.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")

    settings = config.base
    summary = Summary()
    with _reporters(args.format or ["text"], settings.profile, settings.fail_on) as reporters:
        for result in Engine(config).check_items(iter_source_items(args.inputs)):
            summary.add(result)
            for reporter in reporters:
                reporter.add(result)
        exit_code = _exit_code(summary, settings.fail_threshold())
        for reporter in reporters:
            reporter.finish(summary, exit_code)
    return exit_code


def _exit_code(summary: Summary, threshold: Severity | None) -> int:
    worst = summary.worst()
    if threshold is None or worst is None:
        return EXIT_OK
    return EXIT_FINDINGS if worst >= threshold else EXIT_OK


@contextlib.contextmanager
def _reporters(specs: list[str], profile: str, fail_on: str) -> Iterator[list[Reporter]]:
    from validator.reports.json_report import JsonReporter
    from validator.reports.text import TextReporter

    parsed: list[tuple[str, str | None]] = []
    for spec in specs:
        name, _, target = spec.partition("=")
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
        parsed.append((name, target or None))
    if sum(1 for _, path in parsed if path is None) > 1:
        raise UsageError("only one --format may write to standard output; give the others =PATH")
    with contextlib.ExitStack() as stack:
        reporters: list[Reporter] = []
        for name, path in parsed:
            stream: TextIO = sys.stdout
            if path is not None:
                try:
                    stream = stack.enter_context(open(path, "w", encoding="utf-8"))
                except OSError as error:
                    raise UsageError(f"cannot write report {path}: {error.strerror}") from None
            reporters.append(TextReporter(stream) if name == "text" else JsonReporter(stream, profile, fail_on))
        yield reporters


def _rules(rule_id: str | None, fmt: str) -> int:
    from validator.rules import CATALOG
    from validator.rules.docs import rule_doc_text, rules_json, rules_markdown_table, rules_table_text

    if rule_id is not None:
        entry = CATALOG.get(rule_id.upper())
        if entry is None:
            raise UsageError(f"unknown rule id {rule_id!r} (see 'pav rules')")
        sys.stdout.write(rule_doc_text(entry) + "\n")
        return EXIT_OK
    if fmt == "json":
        sys.stdout.write(json.dumps(rules_json(), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(rules_markdown_table() + "\n")
    else:
        sys.stdout.write(rules_table_text() + "\n")
    return EXIT_OK


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [part for part in value.split(",") if part.strip()]


def _severity_pairs(values: list[str] | None) -> dict[str, str] | None:
    if not values:
        return None
    pairs: dict[str, str] = {}
    for value in values:
        rule_id, sep, level = value.partition("=")
        if not sep:
            raise UsageError(f"--severity expects RULE=LEVEL, got {value!r}")
        pairs[rule_id.strip().upper()] = level.strip()
    return pairs
