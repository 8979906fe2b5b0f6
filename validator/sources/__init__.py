"""Source stage: turn inputs (files, folders, stdin, URLs, sitemaps) into records, streaming, one at a time.

Readers yield `SourceRecord`s, and `Finding`s of the I family for what cannot become a record (a broken
line, an unreadable file, a URL answering 404, a skipped WARC record), so nothing read is ever silently
dropped.

Inputs by type: `.json` / `.jsonl` / `.ndjson` (records, `json_records`), `.html` / `.htm` / `.shtml` (pages,
`html`), `.txt` (text captures, `text`), `.warc` / `.warc.gz` (crawls, `warc`), `http(s)://` URLs and
`--sitemap` (live pages, `live`). Folders are recursed by these suffixes; `-` is JSON Lines on stdin. Only
inputs given as URLs (and the pages their sitemaps list) touch the network.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from validator.findings import Finding, Location

JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm", ".shtml")
TEXT_SUFFIXES = (".txt",)
WARC_SUFFIXES = (".warc", ".warc.gz")
SUPPORTED_SUFFIXES = JSON_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + TEXT_SUFFIXES + WARC_SUFFIXES
URL_PREFIXES = ("http://", "https://")


def is_url(name: str) -> bool:
    """Whether an input names a live page (http or https URL) rather than a file."""
    return name[:8].lower().startswith(URL_PREFIXES)


class InputError(Exception):
    """An input the user named cannot be used at all (missing, unsupported type): exit code 2."""


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A parsed value (a record if it is an object), where it came from, and the bytes it was made from.

    `raw` is the original bytes exactly as received (the JSON line or element, the HTML file, the WARC
    record) and `media_type` their type, for archival packages. `field_lines` maps a JSON Pointer of the
    record (e.g. "/footer/icp") to the line of the source where that value was found, so a finding about
    the footer of an HTML page points at the footer's line, not the top of the file. `notes` are reader
    findings about a record that could still be made (I006: a page with undecodable bytes).
    """

    data: Any
    location: Location
    raw: bytes | None = None
    media_type: str | None = None
    field_lines: Mapping[str, int] | None = None
    # Reader findings about this record that did not stop it being made (a page with undecodable bytes):
    # reported with the record's findings.
    notes: tuple[Finding, ...] = ()


SourceItem = SourceRecord | Finding


def expand_inputs(inputs: Iterable[str], *, walk: bool = True) -> Iterator[str]:
    """Inputs to read, in a stable order: URLs and named files as given, directories recursed (sorted, by
    suffix). With `walk=False` a directory is given back as it is: checking the named inputs need not list a
    crawl of a million pages (the files inside are filtered by suffix, never refused)."""
    for name in inputs:
        if name == "-" or is_url(name):
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            if walk:
                yield from _walk(path)
            else:
                yield name
        elif path.is_file() or path.exists():
            if not name.lower().endswith(SUPPORTED_SUFFIXES):
                raise InputError(
                    f"{name}: unsupported input type {path.suffix or '(none)'!r}; expected "
                    + ", ".join(SUPPORTED_SUFFIXES)
                    + " or an http(s) URL"
                )
            yield name
        else:
            raise InputError(f"{name}: no such file or directory{url_hint(name)}")


# A name whose first part is a host name (`www.sc.gov.cn/a.shtml`, `www.sc.gov.cn`): a web page without its scheme.
_HOST_FIRST = re.compile(r"(?:www\.[^/\s]+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/\S*)\Z")


def url_hint(name: str) -> str:
    """For a missing input that reads like a URL without its scheme, the URL pav would fetch."""
    return f" (for a web page, give its URL: https://{name})" if _HOST_FIRST.match(name) else ""


def _walk(folder: Path) -> Iterator[str]:
    # os.walk with sorted names: deterministic order on every file system, hidden folders skipped.
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for filename in sorted(files):
            if filename.lower().endswith(SUPPORTED_SUFFIXES) and not filename.startswith("."):
                yield os.path.join(root, filename)


def iter_source_items(
    inputs: Iterable[str],
    stdin: Any = None,
    *,
    sitemaps: Sequence[str] = (),
    fetch: FetchOptions | None = None,
) -> Iterator[SourceItem]:
    """Every record (or reader finding) of every input, streaming, in input order.

    Consecutive URL inputs are fetched together (concurrently, results in input order); the pages of each
    sitemap in `sitemaps` follow the inputs.
    """
    from validator.sources.json_records import read_json_file, read_jsonl

    urls: list[str] = []
    for name in expand_inputs(inputs):
        if is_url(name):
            urls.append(name)
            continue
        if urls:
            yield from _fetch_urls(urls, fetch)
            urls = []
        lower = name.lower()
        if name == "-":
            import sys

            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_jsonl(stream, "-")
        elif lower.endswith(JSONL_SUFFIXES):
            yield from _open_and(name, read_jsonl)
        elif lower.endswith(JSON_SUFFIXES):
            yield from _open_and(name, read_json_file)
        elif lower.endswith(WARC_SUFFIXES):
            from validator.sources.warc import read_warc

            yield from _open_and(name, read_warc)
        elif lower.endswith(TEXT_SUFFIXES):
            from validator.sources.text import read_text_file

            yield from _open_and(name, read_text_file)
        else:
            from validator.sources.html import read_html_file

            yield from _open_and(name, read_html_file)
    if urls:
        yield from _fetch_urls(urls, fetch)
    if sitemaps:
        from validator.sources.live import iter_sitemap_pages

        yield from iter_sitemap_pages(sitemaps, fetch or FetchOptions())


def _fetch_urls(urls: list[str], fetch: FetchOptions | None) -> Iterator[SourceItem]:
    from validator.sources.live import iter_url_pages

    yield from iter_url_pages(urls, fetch or FetchOptions())


def _open_and(name: str, reader: Any) -> Iterator[SourceItem]:
    from validator.sources.problems import UNREADABLE

    try:
        handle = open(name, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as error:
        yield UNREADABLE.finding(f"cannot read {name}: {error.strerror}", Location(name))
        return
    with handle:
        try:
            yield from reader(handle, name)
        except OSError as error:
            yield UNREADABLE.finding(f"error while reading {name}: {error.strerror}", Location(name))


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How live pages are fetched (`pav check URL`, `--sitemap`)."""

    timeout: float = 20.0  # deadline in seconds for one URL: connect, redirects, headers, body and retries
    retries: int = 2  # further attempts after a timeout, a connection error, 429 or 5xx (within the deadline)
    backoff: float = 1.0  # seconds before the first retry; doubled for each further one
    concurrency: int = 4  # pages fetched at the same time
    max_bytes: int = 20 * 1024 * 1024  # a larger answer is a finding, not a record
    user_agent: str | None = None  # default: pav/<version> (+project URL)
    # Discovered URLs (sitemap entries, child sitemaps, redirect targets) are fetched only from public
    # addresses unless this is set; URLs given by the user are fetched wherever they are.
    allow_private: bool = False
