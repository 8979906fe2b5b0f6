"""The crawl-level checks of a run: every page's facts collected, then the site rules run, site by site.

    PageFacts (from the engine, in input order, from any worker) --(Crawl.add)--> temporary SQLite database
    --(Crawl.results)--> RecordResult per (site, rule, page), crawl_level=True

The engine computes each page's `PageFacts` where the page is checked (the main process, a `--jobs` worker, a
Dask worker); they travel with the results (validator.wire) and are added here in the main process. Once every
input was read (a site may span several files), `results` runs the site rules (validator.rules.site) on each
site and gives their findings as results on the page each is about: location (the page's file and line, or WARC
record), URL, site and fingerprint, so they go through the baseline, `--max-findings`, every report and the
summary like any finding. Their order does not depend on the input order or on the number of workers: site
(name), then rule (id), then page (URL, then location).

Memory (issue 16): flat as pages grow. Holding every page's facts until the last input was read cost about 2 KB
of resident memory a page (93 MiB at 33,000 pages against 39 MiB without the C rules), so the pages' facts go to
a temporary SQLite database (stdlib sqlite3), a file in a folder of its own under the system temp dir, removed by
`close` (`Crawl` is a context manager; `pav check` closes it in a `finally`, so an error or an interrupt removes
it too). It is a scratch file: no journal, no syncing (journal_mode=OFF, synchronous=OFF; a crash loses nothing
that matters), a 1 MiB page cache, temporary sorts on disk. Facts are inserted 250 at a time (executemany).

One row a page: the facts as a marshal blob (as validator.wire sends them, links included as URLs: the rules need
the URLs of the links they judge, and giving a hashed link its URL back needed a map of every URL of the crawl in
memory), plus the columns the queries need: site, URL, an order key (file, line, index and arrival: which capture
of a URL is the page, the first by location, exactly as before), content hash and the rule ids the page is checked
by. Text columns are stored as UTF-8 bytes (`surrogatepass`: a file name may hold undecodable bytes), whose
byte order is Python's string order, so SQL's ORDER BY url is the order the rules always saw. Once every input
was read, `results` keeps the first capture of each URL (the others are deleted), indexes the rows by (site, URL)
and (site, content), and gives each site's rules a `SiteContext` whose `pages` is a re-iterable sequence read from
the database in URL order (`_StoredPages`: one page in memory at a time), whose `duplicate_groups` is a GROUP BY
content query (C003), and whose count and first page are queries.

Answers that are not pages (a 404, a redirect: `is_page` False) are few: they stay in memory, by URL. Whether a
link leads to a page is answered by `has_page` from a sorted array of the hashes of the pages' URLs (8 bytes a
page, `bisect`) rather than from an indexed query: a bisect costs a fraction of a SQLite round trip, and C001 and
the C004 note ask for every link of every page (52,000 links on the benchmark's 2,000 pages), so a query per link
would have cost more time than the whole of the rules did; the array stays small (264 KB at 33,000 pages) and
`link_target` remembers the first 4,096 targets of a site (the navigation every page links). Within one process a
string's hash is fixed; a collision of two of a run's URLs on 64 bits is not a practical concern. The memory that
remains: that array (about 32 bytes a page in all while it is built, tests/test_crawl_storage.py), the non-page
answers, a batch of 250 rows, SQLite's 1 MiB cache, and the findings of one rule on one site (they are sorted
before they are given).

`wants_site_rules(config)`: whether a run needs any of this. When no site rule is enabled (select/ignore,
profiles, per-path and per-site tables), `pav check` does not ask the engine for facts, so pages keep no links and
the run pays nothing; nor does a run of fewer than MIN_PAGES pages (the database is made when the first batch is
written: at BATCH pages, or once every input was read).
"""

from __future__ import annotations

import json
import marshal
import struct
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from operator import attrgetter
from typing import TYPE_CHECKING, overload

from validator.config import Config
from validator.engine import RecordResult
from validator.findings import Finding, Location, Severity
from validator.fingerprints import finding_fingerprint
from validator.rules import CATALOG, PageFacts, Rule, SiteContext, SiteViolation
from validator.rules.internal import INTERNAL_ERROR
from validator.rules.site import LINKS_NOT_JUDGED, links_not_judged, section_max_age

if TYPE_CHECKING:
    import sqlite3

__all__ = ["MIN_PAGES", "Crawl", "site_rules", "wants_site_rules"]

MIN_PAGES = 2  # a site is judged when the run holds at least this many of its pages (validator.rules.site)
_SEVERITIES = {int(level): level for level in Severity}
# Pages inserted at a time: the batch's rows (about 3 KB a page with its links) are held until then; 1,000 held
# ~3 MB of the main process at its peak (issue 16), and a smaller batch costs no measurable time.
BATCH = 250
_facts_row = attrgetter(*PageFacts.__slots__)  # a page's facts as a tuple of its fields, as validator.wire sends them
_ORDER = struct.Struct(">QQQ")  # line + 1, index + 1 (0: none), arrival: byte order is numeric order
_PRAGMAS = (
    "PRAGMA journal_mode=OFF",
    "PRAGMA synchronous=OFF",
    "PRAGMA cache_size=-1024",  # 1 MiB (4 MiB was 3 MiB more of the main process; the rules took as long)
    "PRAGMA temp_store=FILE",
)


def site_rules() -> list[Rule]:
    return [entry for _, entry in sorted(CATALOG.items()) if entry.scope == "site"]


def wants_site_rules(config: Config) -> bool:
    """Whether some site rule is enabled by the base settings or by any per-path or per-site table (the C004 note
    alone needs none: it comes with them)."""
    rules = site_rules()
    tables = [config.base]
    tables += [replace(config.base, **overrides) for _, overrides in (*config.per_path, *config.per_site)]
    return any(settings.is_enabled(entry) for settings in tables for entry in rules)


class Crawl:
    """The facts of a run's pages, by site and URL, in a temporary database; `results` runs the site rules on
    them. Close it (or use it as a context manager) to remove the database."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._folder: str | None = None  # the temporary folder of the database, made with the first batch
        self._db: sqlite3.Connection | None = None
        self._batch: list[tuple[bytes, bytes, bytes, str | None, str, bytes]] = []
        self._arrival = 0  # pages added: breaks ties of location (the first added counts, as a stable sort did)
        self._page_hashes = array("q")  # hash of each page's URL (`has_page`), sorted once every input was read
        self._batch_hashes: list[int] = []
        self._sorted_runs: list[array[int]] = []  # the hashes of each batch inserted, sorted (see `_flush`)
        self._answers: dict[str, list[PageFacts]] = {}  # answers that are not pages, by URL
        self._counted: set[tuple[str, tuple[str, int | None, int | None]]] = set()  # pages now with findings

    def __enter__(self) -> Crawl:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the temporary database (again: nothing)."""
        db, self._db = self._db, None
        if db is not None:
            db.close()
        folder, self._folder = self._folder, None
        if folder is not None:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)

    def add(self, facts: PageFacts) -> None:
        if not facts.is_page:
            self._answers.setdefault(facts.url, []).append(facts)
            return
        self._batch_hashes.append(hash(facts.url))
        file, line, index = facts.location
        order = (
            _utf8(file)
            + b"\0"
            + _ORDER.pack(line + 1 if line is not None else 0, index + 1 if index is not None else 0, self._arrival)
        )
        self._arrival += 1
        checks = " ".join(rule_id for rule_id, _level in facts.checks)
        row = marshal.dumps(_facts_row(facts))
        self._batch.append((_utf8(facts.site), _utf8(facts.url), order, facts.content, checks, row))
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._batch:
            return
        self._database().executemany(
            "INSERT INTO pages (site, url, position, content, checks, facts) VALUES (?, ?, ?, ?, ?, ?)", self._batch
        )
        self._batch = []
        # Sorted a batch at a time and merged at the end: sorting all the hashes at once would make a list of them
        # as Python ints, 40 bytes a page (the run's peak memory).
        self._sorted_runs.append(array("q", sorted(self._batch_hashes)))
        self._batch_hashes = []

    def _database(self) -> sqlite3.Connection:
        if self._db is None:
            # Imported here: `pav check` imports this module for every run, most of which hold no page.
            import os
            import sqlite3
            import tempfile

            self._folder = tempfile.mkdtemp(prefix="pav-crawl-")
            db = self._db = sqlite3.connect(os.path.join(self._folder, "pages.sqlite"), isolation_level=None)
            for pragma in _PRAGMAS:
                db.execute(pragma)
            db.execute(
                "CREATE TABLE pages (site BLOB NOT NULL, url BLOB NOT NULL, position BLOB NOT NULL, content TEXT, "
                "checks TEXT NOT NULL, facts BLOB NOT NULL)"
            )
        return self._db

    def _pages_by_site(self) -> list[tuple[str, int, set[str]]]:
        """Keep one capture of each URL (its first by location), index the pages; every site with its number of
        pages and the ids of the site rules its pages are checked by."""
        self._flush()
        db = self._database()
        db.execute("CREATE INDEX captures ON pages (url, position)")
        db.execute(
            "DELETE FROM pages WHERE rowid NOT IN (SELECT first FROM (SELECT rowid AS first, min(position) "
            "FROM pages GROUP BY url))"
        )  # a URL captured twice is one page: its first capture (input order does not matter)
        db.execute("CREATE INDEX site_pages ON pages (site, url, checks)")
        db.execute("CREATE INDEX site_contents ON pages (site, content, url) WHERE content IS NOT NULL")
        sites: dict[str, tuple[int, set[str]]] = {}
        for site, checks, count in db.execute("SELECT site, checks, count(*) FROM pages GROUP BY site, checks"):
            name = _text(site)
            pages, rules = sites.get(name, (0, set()))
            sites[name] = (pages + count, rules | set(checks.split()))
        return [(site, *sites[site]) for site in sorted(sites)]

    def has_page(self, url: str) -> bool:
        hashes, key = self._page_hashes, hash(url)
        where = bisect_left(hashes, key)
        return where < len(hashes) and hashes[where] == key

    def results(self) -> Iterator[RecordResult]:
        """The site rules' findings, one result per site, rule and page, in that order."""
        answers = {url: sorted(found, key=_order) for url, found in self._answers.items()}
        if len(self._batch_hashes) < MIN_PAGES and not self._sorted_runs:
            return  # no site to judge: the database is never made
        sites = self._pages_by_site()
        runs, self._sorted_runs = self._sorted_runs, []
        import heapq

        self._page_hashes = array("q", heapq.merge(*runs))
        del runs
        patterns = self.config.section_max_age

        def max_age(section: str) -> tuple[str, str] | None:
            return section_max_age(section, patterns)

        for site, count, checked in sites:
            if count < MIN_PAGES:
                continue
            context = _StoredSite(site, _StoredPages(self._database(), site, count), answers, max_age, self.has_page)
            for entry in [*site_rules(), CATALOG[LINKS_NOT_JUDGED]]:
                if entry.id in checked:
                    yield from self._run(entry, context)

    def _run(self, entry: Rule, context: SiteContext) -> Iterator[RecordResult]:
        by_page: dict[tuple[str, tuple[str, int | None, int | None]], list[Finding]] = {}
        pages: dict[tuple[str, tuple[str, int | None, int | None]], PageFacts] = {}
        try:
            if entry.check is None:  # the C004 note
                note = links_not_judged(context)
                found: Iterable[SiteViolation] = [note] if note is not None else []
            else:
                found = entry.check(context)
            for violation in found:  # kept as findings, without the pages' links
                page = violation.page
                level = dict(page.checks).get(entry.id)
                if level is None:
                    continue  # the rule is not enabled for this page (per-path or per-site settings, its profile)
                key = (page.url, page.location)
                if key not in pages:
                    pages[key] = replace(page, links=()) if page.links else page
                by_page.setdefault(key, []).append(_finding(entry.id, _SEVERITIES[level], violation))
        except Exception as error:  # a bug in one rule must not stop the run: X001 on the site's first page
            page = replace(context.pages[0], links=())
            message = f"rule {entry.id} ({entry.name}) failed on site {context.site}: {type(error).__name__}: {error}"
            severity = self.config.base.severity_of(CATALOG[INTERNAL_ERROR])
            yield _result(page, [_finding(INTERNAL_ERROR, severity, SiteViolation(page, message))])
            return
        for key in sorted(by_page, key=lambda key: (key[0], _location_order(key[1]))):
            page = pages[key]
            first = not page.has_findings and key not in self._counted
            self._counted.add(key)
            yield _result(page, by_page[key], first)


class _StoredPages(Sequence[PageFacts]):
    """A site's pages in URL order, read from the crawl's database each time they are iterated (one page in
    memory at a time); `len` and indexing are queries."""

    def __init__(self, db: sqlite3.Connection, site: str, count: int) -> None:
        self._db = db
        self._site = _utf8(site)
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[PageFacts]:
        rows = self._db.execute("SELECT facts FROM pages WHERE site = ? ORDER BY url", (self._site,))
        for (row,) in rows:
            yield PageFacts(*marshal.loads(row))

    @overload
    def __getitem__(self, index: int) -> PageFacts: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[PageFacts]: ...

    def __getitem__(self, index: int | slice) -> PageFacts | Sequence[PageFacts]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(self._count))]
        position = index + self._count if index < 0 else index
        if not 0 <= position < self._count:
            raise IndexError(index)
        query = "SELECT facts FROM pages WHERE site = ? ORDER BY url LIMIT 1 OFFSET ?"
        (row,) = self._db.execute(query, (self._site, position)).fetchone()
        return PageFacts(*marshal.loads(row))


class _StoredSite(SiteContext):
    """A site's `SiteContext` on the crawl's database: `answers` holds the answers that are not pages, `has_page`
    knows the pages, `duplicate_groups` is a query."""

    __slots__ = ("_has_page",)

    def __init__(
        self,
        site: str,
        pages: _StoredPages,
        answers: dict[str, list[PageFacts]],
        max_age: Callable[[str], tuple[str, str] | None],
        has_page: Callable[[str], bool],
    ) -> None:
        super().__init__(site, pages, answers, max_age)
        self._has_page = has_page

    def has_page(self, url: str) -> bool:
        return self._has_page(url)

    def duplicate_groups(self) -> Iterator[list[PageFacts]]:
        pages = self.pages
        assert isinstance(pages, _StoredPages)
        db, site = pages._db, pages._site
        groups = db.execute(
            "SELECT content FROM pages WHERE site = ? AND content IS NOT NULL GROUP BY content "
            "HAVING count(DISTINCT url) > 1 ORDER BY min(url)",
            (site,),
        )
        query = "SELECT facts FROM pages WHERE site = ? AND content = ? ORDER BY url"
        for (content,) in groups:
            yield [PageFacts(*marshal.loads(row)) for (row,) in db.execute(query, (site, content))]


def _finding(rule_id: str, severity: Severity, violation: SiteViolation) -> Finding:
    page = violation.page
    file, line, index = page.location
    where = Location(file, violation.line if violation.line is not None else line, index)
    value = json.dumps(violation.value, ensure_ascii=False) if violation.value else ""
    fingerprint = finding_fingerprint(rule_id, page.page, violation.path, value)
    return Finding(rule_id, severity, violation.message, violation.path, page.record_id, where, fingerprint)


def _result(page: PageFacts, findings: list[Finding], first: bool = False) -> RecordResult:
    """A result on `page`; `first`: the first of a page without findings of its own (see RecordResult)."""
    file, line, index = page.location
    return RecordResult(
        Location(file, line, index),
        page.record_id,
        tuple(findings),
        first,
        page.url,
        None,
        page.site,
        page.profile,
        crawl_level=True,
    )


def _location_order(location: tuple[str, int | None, int | None]) -> tuple[str, int, int]:
    file, line, index = location
    return file, -1 if line is None else line, -1 if index is None else index


def _order(facts: PageFacts) -> tuple[bool, tuple[str, int, int]]:
    return not facts.is_page, _location_order(facts.location)


def _utf8(text: str) -> bytes:
    """Text as stored in the database: bytes compare in the order Python compares strings (UTF-8 keeps code point
    order; `surrogatepass` keeps a file name's undecodable bytes)."""
    return text.encode("utf-8", "surrogatepass")


def _text(stored: bytes) -> str:
    return stored.decode("utf-8", "surrogatepass")
