"""Source stage: turn inputs (files, folders, stdin, URLs, sitemaps) into records, streaming, one at a time.

Readers yield `SourceRecord`s, and `Finding`s of the I family for what cannot become a record (a broken
line, an unreadable file, a URL answering 404, a skipped WARC record), so nothing read is ever silently
dropped.

Inputs by type: `.json` / `.jsonl` / `.ndjson` (records, `json_records`), `.html` / `.htm` / `.shtml` (pages,
`html`), `.txt` (text captures, `text`), `.warc` / `.warc.gz` (crawls, `warc`), `http(s)://` URLs and
`--sitemap` (live pages, `live`). Folders are recursed by these suffixes (`selection`: exclude patterns, pav's own
output); `-` is standard input, JSON Lines unless `InputOptions.stdin_type` says otherwise. Only inputs given as
URLs (and the pages their sitemaps list) touch the network.
"""

from __future__ import annotations

import heapq
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from validator.findings import Finding, Location
from validator.i18n import _
from validator.sources.selection import OWN_OUTPUT_HEAD, InputOptions, own_output

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
    # The page's links (`validator.sources.html.hrefs.PageLinks`), kept only when a run asks for them (the crawl-
    # level checks); None otherwise, and for records that are not pages (JSON records, text captures).
    links: Any = None


@dataclass(frozen=True, slots=True)
class Answered:
    """A response of a crawl that is not a page to check (a 404, a redirect; in a WARC or fetched live): its URL,
    HTTP status and, for a redirect, its Location header. Read only when a run asks for links (see
    `validator.sources.html.hrefs.collecting`), for the crawl-level checks to know which links lead to an error;
    other runs never see one."""

    url: str
    status: int
    location: Location
    redirect: str | None = None


SourceItem = SourceRecord | Finding | Answered

_COLLECT_LINKS = [False]


def collect_links(on: bool) -> None:
    """Whether pages read from now on in this process keep their links (`SourceRecord.links`) and the WARC reader and
    the fetcher report the answers they skip (`Answered`): what the crawl-level checks need. A process-wide switch
    rather than a parameter because pages are read in many places (files, WARC records, fetched pages; in the main
    process, in `--jobs` workers and on Dask workers), and every one of them builds the engine that asks
    (`Engine(facts=True)`) before it reads; `pav check` turns it off again when its run ends, a Dask worker sets it
    for each task. Here, not in the HTML reader, so a run of JSON records imports no page reader for it."""
    _COLLECT_LINKS[0] = on


def collecting() -> bool:
    return _COLLECT_LINKS[0]


def expand_inputs(
    inputs: Iterable[str], *, walk: bool = True, options: InputOptions | None = None
) -> Iterator[str | Finding]:
    """Inputs to read, in a stable order: URLs and named files as given, directories recursed (sorted, by
    suffix), and a reader finding for what a walk cannot read (I001: a folder that cannot be listed), skips
    (I007: a folder link, a file this run writes) and a named folder holding no input (I004, unless
    `options.allow_empty`). With `walk=False` a directory is given back as it is: checking the named inputs need
    not list a crawl of a million pages (the files inside are filtered by suffix, never refused).

    A name that is not there at all is an InputError (the command line's fault: exit 2); a name that is there
    but cannot be read (a link to nowhere, a link loop) is given back, and its reader reports I001."""
    options = options or InputOptions()
    for name in inputs:
        if name == "-" or is_url(name):
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            if not walk:
                yield name
                continue
            found = excluded = 0
            for item in _walk(name, options):
                if item is None:
                    excluded += 1
                    continue
                found += 1
                yield item
            if not found and not options.allow_empty:
                yield _empty_folder(name, excluded)
        elif os.path.lexists(name):
            if not name.lower().endswith(SUPPORTED_SUFFIXES):
                raise InputError(
                    f"{name}: unsupported input type {path.suffix or '(none)'!r}; expected "
                    + ", ".join(SUPPORTED_SUFFIXES)
                    + " or an http(s) URL"
                )
            if options.force_exclude and options.excludes.excludes(name):
                continue
            if walk and options.is_written(name):
                yield _written_by_this_run(name)
                continue
            yield name
        else:
            raise InputError(f"{name}: no such file or directory{url_hint(name)}")


# A name whose first part is a host name (`www.sc.gov.cn/a.shtml`, `www.sc.gov.cn`): a web page without its scheme.
_HOST_FIRST = re.compile(r"(?:www\.[^/\s]+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/\S*)\Z")


def url_hint(name: str) -> str:
    """For a missing input that reads like a URL without its scheme, the URL pav would fetch."""
    return f" (for a web page, give its URL: https://{name})" if _HOST_FIRST.match(name) else ""


def _walk(folder: str, options: InputOptions) -> Iterator[str | Finding | None]:
    """Files under `folder` pav reads, depth first in sorted order (a folder's files, then its folders), hidden
    names skipped; None for each entry an exclude pattern left out (counted, not read)."""
    from validator.sources.problems import SKIPPED, UNREADABLE

    excludes = options.excludes
    # (folder, its path relative to the patterns' root): an entry's relative path is its folder's plus its name,
    # so a walk of a million files resolves one path per folder, not per file.
    stack = [(folder, excludes.relative(folder) if excludes else "")]
    while stack:
        current, relative = stack.pop()
        # A folder is listed whole and sorted (its order is the report's). Its names are held as sorted runs of
        # RUN names, each joined in one string (a few bytes a name; as a list of strings ~85, and the DirEntry
        # objects ~290), then merged as the walk goes: a folder of a million pages lists in the main process (and
        # the --jobs workers, forked while it lasts) without a string object a name. What is not a file is few:
        # its kind is kept by name.
        runs: list[str] = []
        kinds: dict[str, int] = {}
        try:
            with os.scandir(current) as listing:
                chunk: list[str] = []
                for entry in listing:
                    if not entry.name.startswith("."):
                        chunk.append(entry.name)
                        if (kind := _kind(entry)) != _FILE:
                            kinds[entry.name] = kind
                        if len(chunk) >= _RUN:
                            runs.append(_sorted_run(chunk))
                if chunk:
                    runs.append(_sorted_run(chunk))
        except OSError as error:
            yield UNREADABLE.finding(
                _("cannot read folder {name}: {reason}").format(name=current, reason=error.strerror), Location(current)
            )
            continue
        folders: list[tuple[str, str]] = []
        for name in heapq.merge(*map(_run_names, runs)):
            kind = kinds.get(name, _FILE)
            path = os.path.join(current, name)
            entry_relative = f"{relative}/{name}" if relative else name
            if kind != _FILE:
                if excludes and excludes.match(entry_relative, True):
                    yield None
                elif kind == _FOLDER_LINK:
                    yield SKIPPED.finding(
                        _(
                            "skipped {name}: a link to a folder (pav does not follow folder links; name the folder to "
                            "check it)"
                        ).format(name=path),
                        Location(path),
                    )
                else:
                    folders.append((path, entry_relative))
            elif name.lower().endswith(SUPPORTED_SUFFIXES):
                if excludes and excludes.match(entry_relative, False):
                    yield None
                elif options.is_written(path):
                    yield _written_by_this_run(path)
                else:
                    yield path
        stack.extend(reversed(folders))


_FILE, _FOLDER, _FOLDER_LINK = 0, 1, 2
_RUN = 4096  # names sorted and joined at a time while a folder is listed


def _sorted_run(chunk: list[str]) -> str:
    """The names of `chunk` sorted, joined by NUL (which no file name holds); the chunk is emptied."""
    chunk.sort()
    joined = "\0".join(chunk)
    chunk.clear()
    return joined


def _run_names(run: str) -> Iterator[str]:
    """The names of a sorted run, in order."""
    start, end = 0, len(run)
    while start < end:  # (a name is never empty)
        stop = run.find("\0", start)
        if stop < 0:
            stop = end
        yield run[start:stop]
        start = stop + 1


def _kind(entry: os.DirEntry[str]) -> int:
    try:
        is_dir = entry.is_dir()
    except OSError:  # a link loop: read as a file, and its reader says why it cannot be read
        return _FILE
    if not is_dir:
        return _FILE
    return _FOLDER_LINK if entry.is_symlink() else _FOLDER


def _empty_folder(name: str, excluded: int) -> Finding:
    from validator.sources.problems import EMPTY

    left_out = _("; {count} excluded by the exclude patterns").format(count=excluded) if excluded else ""
    return EMPTY.finding(
        _(
            "folder {name} holds no file pav reads ({suffixes}){left_out}: nothing was checked "
            "(--allow-empty lets an empty folder pass)"
        ).format(name=name, suffixes=", ".join(SUPPORTED_SUFFIXES), left_out=left_out),
        Location(name),
    )


def _written_by_this_run(name: str) -> Finding:
    from validator.sources.problems import SKIPPED

    return SKIPPED.finding(
        _("skipped {name}: this run writes a report or baseline there").format(name=name), Location(name)
    )


def stdin_kind(options: InputOptions) -> str:
    """What standard input holds: --stdin-type, else the suffix of --stdin-filename, else JSON Lines."""
    if options.stdin_type is not None:
        return options.stdin_type
    name = (options.stdin_filename or "").lower()
    for kind, suffixes in (
        ("jsonl", JSONL_SUFFIXES),
        ("json", JSON_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("text", TEXT_SUFFIXES),
        ("warc", WARC_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return kind
    return "jsonl"


def iter_source_items(
    inputs: Iterable[str],
    stdin: Any = None,
    *,
    sitemaps: Sequence[str] = (),
    fetch: FetchOptions | None = None,
    options: InputOptions | None = None,
) -> Iterator[SourceItem]:
    """Every record (or reader finding) of every input, streaming, in input order.

    Consecutive URL inputs are fetched together (concurrently, results in input order); the pages of each
    sitemap in `sitemaps` follow the inputs.
    """
    options = options or InputOptions()
    urls: list[str] = []
    for name in expand_inputs(inputs, options=options):
        if isinstance(name, Finding):
            if urls:
                yield from _fetch_urls(urls, fetch)
                urls = []
            yield name
            continue
        if is_url(name):
            urls.append(name)
            continue
        if urls:
            yield from _fetch_urls(urls, fetch)
            urls = []
        if name == "-":
            import sys

            yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer, options)
        else:
            yield from read_file(name)
    if urls:
        yield from _fetch_urls(urls, fetch)
    if sitemaps:
        from validator.sources.live import iter_sitemap_pages

        yield from iter_sitemap_pages(sitemaps, fetch or FetchOptions())


def read_file(name: str) -> Iterator[SourceItem]:
    """The records (or reader findings) of one named file, by its suffix."""
    return _open_and(name, _reader_for(name.lower()))


def _reader_for(lower: str) -> Any:
    if lower.endswith(JSONL_SUFFIXES):
        from validator.sources.json_records import read_jsonl

        return read_jsonl
    if lower.endswith(JSON_SUFFIXES):
        from validator.sources.json_records import read_json_file

        return read_json_file
    if lower.endswith(WARC_SUFFIXES):
        from validator.sources.warc import read_warc

        return read_warc
    if lower.endswith(TEXT_SUFFIXES):
        from validator.sources.text import read_text_file

        return read_text_file
    from validator.sources.html import read_html_file

    return read_html_file


_STDIN_READERS = {"jsonl": ".jsonl", "json": ".json", "html": ".html", "text": ".txt", "warc": ".warc"}


def read_stdin(stream: Any, options: InputOptions) -> Iterator[SourceItem]:
    """Standard input, read as `stdin_kind(options)` says; findings name it `options.stdin_filename` or '-'."""
    kind = stdin_kind(options)
    name = options.stdin_filename or "-"
    stream = peekable(stream)
    if kind == "jsonl":
        problem = stdin_not_json_lines(stream, name)
        if problem is not None:
            yield problem
            return
    yield from _reader_for(_STDIN_READERS[kind])(stream, name)


def peekable(stream: Any) -> Any:
    """`stream`, or a buffered reader over it when it cannot peek (io.BytesIO)."""
    import io

    return stream if hasattr(stream, "peek") else io.BufferedReader(stream)


def stdin_not_json_lines(stream: Any, name: str) -> Finding | None:
    """One I002 for standard input that is plainly not JSON Lines (it starts with '<': a page or XML), instead of
    one per line; None when it may be JSON Lines (the reader then judges each line)."""
    from validator.sources.problems import INVALID_JSON

    head = stream.peek(64)[:64]
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return None
    return INVALID_JSON.finding(
        _(
            "standard input starts with '<' (an HTML page?): `pav check -` reads JSON Lines, one record per line; "
            "for a page pass --stdin-type html (or text, json, warc), or --stdin-filename NAME.html"
        ),
        Location(name),
    )


def _fetch_urls(urls: list[str], fetch: FetchOptions | None) -> Iterator[SourceItem]:
    from validator.sources.live import iter_url_pages

    yield from iter_url_pages(urls, fetch or FetchOptions())


def _open_and(name: str, reader: Any) -> Iterator[SourceItem]:
    from validator.sources.problems import SKIPPED, UNREADABLE

    try:
        handle = open(name, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as error:
        yield UNREADABLE.finding(
            _("cannot read {name}: {reason}").format(name=name, reason=_why(name, error)), Location(name)
        )
        return
    with handle:
        try:
            if not name.lower().endswith(WARC_SUFFIXES):
                kind = own_output(handle.peek(OWN_OUTPUT_HEAD)[:OWN_OUTPUT_HEAD])
                if kind is not None:
                    yield SKIPPED.finding(
                        _("skipped {name}: it is {kind}, not input (pav does not read its own output)").format(
                            name=name, kind=kind
                        ),
                        Location(name),
                    )
                    return
            yield from reader(handle, name)
        except OSError as error:
            yield UNREADABLE.finding(
                _("error while reading {name}: {reason}").format(name=name, reason=error.strerror), Location(name)
            )


def _why(name: str, error: OSError) -> str:
    """The reason a file cannot be opened, naming a link's missing target."""
    if isinstance(error, FileNotFoundError) and os.path.islink(name):
        return _("it is a link to {target}, which does not exist").format(target=os.readlink(name))
    return str(error.strerror)


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
