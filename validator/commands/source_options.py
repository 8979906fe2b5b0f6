"""The input side of `pav check` and `pav package`: which inputs, and how they are read (and fetched)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, TypeVar

from validator.commands import UsageError
from validator.sources import (
    FetchOptions,
    InputError,
    SourceItem,
    expand_inputs,
    is_url,
    iter_source_items,
    url_hint,
)
from validator.sources.selection import DEFAULT_EXCLUDE, STDIN_TYPES, InputOptions

if TYPE_CHECKING:
    from validator.config import Config

_T = TypeVar("_T")

_DEFAULTS = FetchOptions()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="records (.json, .jsonl, .ndjson), pages (.html, .htm, .shtml), text captures (.txt), crawls (.warc, "
        ".warc.gz), http(s) URLs of live pages, folders (recursed by these suffixes), or - for standard input "
        "(JSON Lines unless --stdin-type says otherwise)",
    )
    chosen = parser.add_argument_group("which files (folder walks and standard input)")
    chosen.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERNS",
        default=None,
        help="comma-separated gitignore-style patterns of files and folders a folder walk leaves out, replacing "
        f"the config's exclude and the defaults ({', '.join(DEFAULT_EXCLUDE)}); repeatable",
    )
    chosen.add_argument(
        "--extend-exclude",
        action="append",
        metavar="PATTERNS",
        default=None,
        help="like --exclude, but added to the exclude patterns in force; repeatable",
    )
    chosen.add_argument(
        "--force-exclude",
        action="store_true",
        default=None,
        help="apply the exclude patterns to files named on the command line too (for pre-commit, which names "
        "every file)",
    )
    chosen.add_argument(
        "--allow-empty",
        action="store_true",
        help="let a named folder that holds no input pass; by default it is an I004 error, so a CI job that "
        "checked nothing fails",
    )
    chosen.add_argument(
        "--stdin-type",
        choices=STDIN_TYPES,
        default=None,
        help="what - (standard input) holds: JSON Lines (the default), one JSON file, an HTML page, a text capture "
        "or a WARC crawl",
    )
    chosen.add_argument(
        "--stdin-filename",
        metavar="NAME",
        default=None,
        help="the name findings give standard input (per-path settings match it; its suffix gives --stdin-type "
        "when that is not given)",
    )
    live = parser.add_argument_group("live pages (inputs given as URLs, and --sitemap)")
    live.add_argument(
        "--sitemap",
        action="append",
        metavar="URL",
        default=None,
        help="check every page a sitemap or sitemap index lists (a URL or a local file; XML, gzip or plain "
        "text); repeatable",
    )
    live.add_argument(
        "--timeout",
        type=_positive_float,
        default=_DEFAULTS.timeout,
        metavar="SECONDS",
        help="deadline for each URL: connect, redirects, headers, body and retries all end within it "
        f"(default: {_DEFAULTS.timeout:g})",
    )
    live.add_argument(
        "--retries",
        type=_non_negative_int,
        default=_DEFAULTS.retries,
        metavar="N",
        help="retry timeouts, connection errors, 429 and 5xx this often, with exponential backoff; a retry "
        f"starts only if its wait ends before the --timeout deadline (default: {_DEFAULTS.retries})",
    )
    live.add_argument(
        "--concurrency",
        type=_positive_int,
        default=_DEFAULTS.concurrency,
        metavar="N",
        help=f"pages fetched at the same time (default: {_DEFAULTS.concurrency})",
    )
    live.add_argument(
        "--allow-private",
        action="store_true",
        help="also fetch the pages sitemaps list, and redirect targets, at loopback, private, link-local and other "
        "non-public addresses (refused by default; the URLs you name are always fetched)",
    )


def fetch_options(args: argparse.Namespace) -> FetchOptions:
    """The fetch settings of the command line (defaults when the command has no such flags)."""
    return FetchOptions(
        timeout=getattr(args, "timeout", _DEFAULTS.timeout),
        retries=getattr(args, "retries", _DEFAULTS.retries),
        backoff=_DEFAULTS.backoff,
        concurrency=getattr(args, "concurrency", _DEFAULTS.concurrency),
        max_bytes=_DEFAULTS.max_bytes,
        allow_private=getattr(args, "allow_private", False),
    )


def input_options(args: argparse.Namespace, config: Config | None = None) -> InputOptions:
    """Which files the run reads and how it reads standard input: the flags over the config file's keys. The
    files this run writes (reports, baselines) are never read as inputs."""
    from pathlib import Path

    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend: tuple[str, ...] = ()
    force = False
    root = str(Path.cwd())
    if config is not None:
        exclude = config.exclude if config.exclude is not None else exclude
        extend, force, root = config.extend_exclude, config.force_exclude, str(config.root)
    if getattr(args, "exclude", None) is not None:
        exclude = _split_patterns(args.exclude)
    if getattr(args, "extend_exclude", None) is not None:
        extend = (*extend, *_split_patterns(args.extend_exclude))
    if getattr(args, "force_exclude", None):
        force = True
    written = [text.partition("=")[2] for text in getattr(args, "format", None) or []]
    written += [getattr(args, key, None) or "" for key in ("baseline", "write_baseline", "output")]
    return InputOptions(
        exclude=exclude,
        extend_exclude=extend,
        root=root,
        force_exclude=force,
        allow_empty=bool(getattr(args, "allow_empty", False)),
        written=frozenset(os.path.abspath(name) for name in written if name not in ("", "-")),
        stdin_type=getattr(args, "stdin_type", None),
        stdin_filename=getattr(args, "stdin_filename", None),
    )


def _split_patterns(values: list[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def open_items(args: argparse.Namespace, options: InputOptions | None = None) -> Iterator[SourceItem]:
    """Check the inputs exist (UsageError otherwise), then return the lazy stream of source items."""
    inputs: list[str] = list(args.inputs or [])
    sitemaps: list[str] = list(getattr(args, "sitemap", None) or [])
    if not inputs and not sitemaps:
        raise UsageError("no input: give files, folders, URLs or - (stdin), or --sitemap URL")
    if inputs.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    for sitemap in sitemaps:
        if not is_url(sitemap) and not _is_file(sitemap):
            raise UsageError(f"--sitemap {sitemap}: not an http(s) URL and no such file{url_hint(sitemap)}")
    options = options or input_options(args)
    try:
        for _ in expand_inputs(inputs, walk=False, options=options):  # fail fast, before any report is started
            pass
    except InputError as error:
        raise UsageError(str(error)) from None
    return guarded(iter_source_items(inputs, sitemaps=sitemaps, fetch=fetch_options(args), options=options))


def guarded(items: Iterator[_T]) -> Generator[_T, None, None]:
    """`items`, with a named path that vanished between the check of the inputs and its reading a usage error (exit 2)
    rather than a traceback (a file found in a folder that vanishes before it is read is an I001 finding)."""
    try:
        yield from items
    except InputError as error:
        raise UsageError(str(error)) from None


def streamed(args: argparse.Namespace) -> bool:
    """Whether the inputs arrive over time (standard input, URLs, sitemaps): the default then checks them in
    this process as they come, instead of gathering batches for worker processes first."""
    return bool(getattr(args, "sitemap", None)) or any(name == "-" or is_url(name) for name in args.inputs or [])


def _is_file(name: str) -> bool:
    from pathlib import Path

    return Path(name).is_file()


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    value = _non_negative_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 0, got {text!r}")
    return value
