"""The crawl-level checks of a run: every page's facts collected, then the site rules run, site by site.

    PageFacts (from the engine, in input order, from any worker) --(Crawl.add)--> ... --(Crawl.results)-->
    RecordResult per (site, rule, page), crawl_level=True

The engine computes each page's `PageFacts` where the page is checked (the main process, a `--jobs` worker, a
Dask worker); they travel with the results (validator.wire) and are added here in the main process. Once every
input was read (a site may span several files), `results` runs the site rules (validator.rules.site) on each
site and gives their findings as results on the page each is about: location (the page's file and line, or WARC
record), URL, site and fingerprint, so they go through the baseline, `--max-findings`, every report and the
summary like any finding. Their order does not depend on the input order or on the number of workers: site
(name), then rule (id), then page (URL, then location).

Memory: one `PageFacts` per page and per skipped answer, and each page's links as 16 bytes a link (the hash of its
target and its line; `Crawl.add`): O(pages + links) for the run, never records. Measured on the generated pages of
the page benchmark (26 links each): about 0.9 KB a page held here, about 2 KB a page of resident memory in all
(README, Performance).

`wants_site_rules(config)`: whether a run needs any of this. When no site rule is enabled (select/ignore,
profiles, per-path and per-site tables), `pav check` does not ask the engine for facts, so pages keep no links and
the run pays nothing.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterator
from dataclasses import replace

from validator.config import Config
from validator.engine import RecordResult
from validator.findings import Finding, Location, Severity
from validator.fingerprints import finding_fingerprint
from validator.rules import CATALOG, PageFacts, Rule, SiteContext, SiteViolation
from validator.rules.internal import INTERNAL_ERROR
from validator.rules.site import LINKS_NOT_JUDGED, links_not_judged, section_max_age

__all__ = ["MIN_PAGES", "Crawl", "site_rules", "wants_site_rules"]

MIN_PAGES = 2  # a site is judged when the run holds at least this many of its pages (validator.rules.site)
_SEVERITIES = {int(level): level for level in Severity}


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
    """The facts of a run's pages, by site and URL; `results` runs the site rules on them."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._by_url: dict[str, list[PageFacts]] = {}
        self._interned: dict[str, str] = {}  # site names, one copy each
        self._links: dict[int, array[int]] = {}  # id of a stored PageFacts -> its links (see `add`)
        self._counted: set[tuple[str, tuple[str, int | None, int | None]]] = set()  # pages now with findings

    def add(self, facts: PageFacts) -> None:
        # A page's links are kept as the hashes of their targets with their lines, 16 bytes a link in one array,
        # not as URL strings and tuples (about 150 bytes a link: a page's related articles are links no other page
        # has). Only links to what the crawl answered matter by URL, and those URLs are the answers' own keys.
        packed = array("q")
        for url, line in facts.links:
            packed.append(hash(url))
            packed.append(-1 if line is None else line)
        intern = self._interned.setdefault
        facts = replace(facts, site=intern(facts.site, facts.site), links=())
        self._by_url.setdefault(facts.url, []).append(facts)
        if packed:
            self._links[id(facts)] = packed

    def _page_links(self, by_hash: dict[int, str]) -> Callable[[PageFacts], Iterator[tuple[str | None, int | None]]]:
        """A page's links again (SiteContext.links), each target's URL found by its hash among the crawl's answers
        (None: the crawl has none for it). Within one process a string's hash is fixed; a collision of two of a
        run's URLs on 64 bits is not a practical concern."""
        packed_links = self._links

        def links(page: PageFacts) -> Iterator[tuple[str | None, int | None]]:
            packed = packed_links.get(id(page))
            if packed is None:
                yield from page.links
                return
            for index in range(0, len(packed), 2):
                line = packed[index + 1]
                yield by_hash.get(packed[index]), (None if line < 0 else line)

        return links

    def results(self) -> Iterator[RecordResult]:
        """The site rules' findings, one result per site, rule and page, in that order."""
        answers = {url: sorted(found, key=_order) for url, found in self._by_url.items()}
        by_site: dict[str, list[PageFacts]] = {}
        for url in sorted(answers):
            pages = [facts for facts in answers[url] if facts.is_page]
            if pages:  # a URL captured twice is one page: its first capture (input order does not matter)
                by_site.setdefault(pages[0].site, []).append(pages[0])
        patterns = self.config.section_max_age
        links = self._page_links({hash(url): url for url in answers})

        def max_age(section: str) -> tuple[str, str] | None:
            return section_max_age(section, patterns)

        for site in sorted(by_site):
            pages = by_site[site]
            if len(pages) < MIN_PAGES:
                continue
            context = SiteContext(site, pages, answers, max_age, links)
            for entry in [*site_rules(), CATALOG[LINKS_NOT_JUDGED]]:
                if not any(entry.id == rule_id for page in pages for rule_id, _ in page.checks):
                    continue
                yield from self._run(entry, context)

    def _run(self, entry: Rule, context: SiteContext) -> Iterator[RecordResult]:
        found: list[SiteViolation] = []
        try:
            if entry.check is None:  # the C004 note
                note = links_not_judged(context)
                found = [note] if note is not None else []
            else:
                found = list(entry.check(context))
        except Exception as error:  # a bug in one rule must not stop the run: X001 on the site's first page
            page = context.pages[0]
            message = f"rule {entry.id} ({entry.name}) failed on site {context.site}: {type(error).__name__}: {error}"
            severity = self.config.base.severity_of(CATALOG[INTERNAL_ERROR])
            yield _result(page, [_finding(INTERNAL_ERROR, severity, SiteViolation(page, message))])
            return
        by_page: dict[tuple[str, tuple[str, int | None, int | None]], list[Finding]] = {}
        pages: dict[tuple[str, tuple[str, int | None, int | None]], PageFacts] = {}
        for violation in found:
            page = violation.page
            level = dict(page.checks).get(entry.id)
            if level is None:
                continue  # the rule is not enabled for this page (per-path or per-site settings, its profile)
            key = (page.url, page.location)
            pages[key] = page
            by_page.setdefault(key, []).append(_finding(entry.id, _SEVERITIES[level], violation))
        for key in sorted(by_page, key=lambda key: (key[0], _location_order(key[1]))):
            page = pages[key]
            first = not page.has_findings and key not in self._counted
            self._counted.add(key)
            yield _result(page, by_page[key], first)


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
