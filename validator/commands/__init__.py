"""Subcommands of `pav`, one module each (`register(subparsers)`, `run(args) -> int`).

This is the wiring layer on top of the stages: it may import any stage; no stage imports it.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING, TypeAlias

from validator.findings import EXIT_FINDINGS as EXIT_FINDINGS
from validator.findings import EXIT_OK as EXIT_OK

if TYPE_CHECKING:
    from validator.config import Config

EXIT_USAGE = 2

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(Exception):
    """Bad command line, config or input path: exit 2 with a one-line message."""


def split_ids(value: str | None) -> list[str] | None:
    """`--select F1,F2` -> ["F1", "F2"]; None when the flag was not given."""
    return None if value is None else [part for part in value.split(",") if part.strip()]


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """The rule-selection flags shared by `check` and `package`; their choices are the configuration's."""
    from validator.config import FAIL_ON_CHOICES
    from validator.findings import Severity
    from validator.rules import AUTO, PROFILE_CHOICES, PROFILES

    parser.add_argument(
        "--profile",
        choices=PROFILE_CHOICES,
        default=None,
        help=f"which footer rules apply: {', '.join(PROFILES)}, or {AUTO} (the default: gov for government sites, "
        "news for the others, decided per record)",
    )
    parser.add_argument(
        "--select",
        metavar="IDS",
        default=None,
        help="comma-separated rule ids, prefixes or names to run (default: the profile's rules)",
    )
    parser.add_argument(
        "--ignore", metavar="IDS", default=None, help="comma-separated rule ids, prefixes or names to skip"
    )
    parser.add_argument(
        "--severity",
        action="append",
        metavar="RULE=LEVEL",
        default=None,
        help=f"override a rule's severity ({', '.join(str(level) for level in sorted(Severity, reverse=True))}); "
        "repeatable",
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON_CHOICES,
        default=None,
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=None,
        help="configuration file (default: nearest pav.toml or pyproject.toml [tool.pav])",
    )
    add_language_argument(parser)


def add_language_argument(parser: argparse.ArgumentParser) -> None:
    """`--lang zh-CN|en`: the language of messages, rule titles and report texts (validator.i18n)."""
    from validator.i18n import language_argument

    parser.add_argument(
        "--lang",
        type=language_argument,
        default=None,
        metavar="{zh-CN,en}",
        help="language of messages, rule titles and report texts (default: lang in the configuration, else the "
        "locale: LANGUAGE, LC_ALL, LC_MESSAGES, LANG); rule ids and JSON keys are the same in every language",
    )


def use_run_language(args: argparse.Namespace, configured: str | None) -> str:
    """Resolve the run's language (`--lang`, the configuration's `lang`, the locale) and make it current."""
    import os

    from validator.i18n import resolve_language, use_language

    language = resolve_language(getattr(args, "lang", None), configured, os.environ)
    use_language(language)
    return language


def load_config_from_args(args: argparse.Namespace) -> Config:
    """The configuration file plus command-line overrides; UsageError on any problem."""
    from validator.config import ConfigError, apply_overrides, load_config

    severity: dict[str, str] | None = None
    if args.severity:
        severity = {}
        for value in args.severity:
            rule_id, sep, level = value.partition("=")
            if not sep:
                raise UsageError(f"--severity expects RULE=LEVEL, got {value!r}")
            severity[rule_id.strip()] = level.strip()  # an id in any case or a name: the config resolves it
    try:
        config = apply_overrides(
            load_config(args.config),
            profile=args.profile,
            select=split_ids(args.select),
            ignore=split_ids(args.ignore),
            severity=severity,
            fail_on=args.fail_on,
        )
    except ConfigError as error:
        raise UsageError(str(error)) from None
    # The language travels in the config: workers make their messages in it (validator.i18n).
    return replace(config, lang=use_run_language(args, config.lang))


def configured_language(explicit: str | None = None) -> str | None:
    """The `lang` of the configuration file (`pav report` and `pav rules` read nothing else of it)."""
    from validator.config import ConfigError, load_config

    try:
        return load_config(explicit).lang
    except ConfigError as error:
        raise UsageError(str(error)) from None


def add_jobs_argument(parser: argparse.ArgumentParser, default_help: str) -> None:
    """`--jobs N`, as `pav check` and `pav package` share it; `default_help` says what no --jobs does."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help=f"worker processes (0: one per core; 1: none, all in this process). Default: {default_help}",
    )


def jobs_from_args(args: argparse.Namespace) -> int | None:
    """The --jobs given (0 meaning one per core), or None when none was: the caller's default (auto)."""
    if args.jobs is None:
        return None
    if args.jobs < 0:
        raise UsageError(f"--jobs must be 0 (one per core) or more, got {args.jobs}")
    if args.jobs == 0:
        from validator.parallel import default_jobs

        return default_jobs()
    return int(args.jobs)
