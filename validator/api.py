"""The public Python API, usable without the CLI."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from validator.config import Config, ConfigError, apply_overrides
from validator.crawl import Crawl, wants_site_rules
from validator.engine import Engine
from validator.findings import Finding, Location
from validator.rules import PROFILE_CHOICES, PageFacts
from validator.sources import collect_links, collecting, iter_source_items


def validate_record(
    record: dict[str, Any], *, profile: str | None = None, config: Config | None = None
) -> list[Finding]:
    """Check one record (a parsed JSON object): schema, record rules and footer rules.

    `profile` overrides the profile of `config` everywhere, its per-path tables included (as
    `pav check --profile` does); an unknown profile raises `validator.config.ConfigError`.
    (This example runs in tests/test_api.py.)

    >>> findings = validate_record({"id": "x"})
    >>> [(f.rule, f.message) for f in findings if f.path == "/footer/icp"]
    [('F101', 'the footer shows no ICP filing or licence number')]
    >>> [(f.rule, f.message) for f in findings if f.path == "/title"]
    [('S001', "required field 'title' is missing")]
    >>> [f.rule for f in findings if f.path == "/footer/site_code"]  # `auto` (the default): no gov.cn URL, news
    []
    >>> gov = {"id": "x", "url": "https://www.sc.gov.cn/a.shtml"}
    >>> [f.rule for f in validate_record(gov) if f.path == "/footer/site_code"]  # a government site: gov
    ['F301']
    >>> [f.rule for f in validate_record({"id": "x"}, profile="gov") if f.path == "/footer/site_code"]
    ['F301']
    """
    if not isinstance(record, dict):
        raise TypeError(f"a record is a dict (a parsed JSON object), got {type(record).__name__}")
    return Engine(_configured(profile, config)).check_record(record, Location("<memory>"))


def iter_findings(
    paths: Iterable[str | Path], *, profile: str | None = None, config: Config | None = None, crawl: bool = True
) -> Iterator[Finding]:
    """Stream the findings of every record in the given inputs (files, folders, URLs: whatever `pav check` reads).

    `profile` and `config` mean what they mean for `validate_record`. Raises `validator.sources.InputError`
    for a path that does not exist or has an unsupported type.

    The findings are those `pav check` gives for the same inputs and configuration, in its order: each record's
    as it is read, then, once every input was read, those of the crawl-level rules (C001-C004: broken links,
    stale sections, duplicate pages), which need every page of a site. `crawl=False` leaves those rules out (as
    `--ignore C` does), so nothing is kept between records. The crawl's temporary database is removed when the
    stream ends, and also when it is closed or dropped before its end.
    """
    configured = _configured(profile, config)
    if not crawl or not wants_site_rules(configured):
        engine = Engine(configured)
        for result in engine.check_items(iter_source_items(str(p) for p in paths)):
            yield from result.findings
        return
    was_collecting = collecting()
    engine = Engine(configured, facts=True)  # (pages read from now on keep their links)
    pages = Crawl(configured)
    try:
        for item in engine.check_items_with_facts(iter_source_items(str(p) for p in paths)):
            if isinstance(item, PageFacts):  # an answer of a crawl that is no page (a 404, a redirect)
                pages.add(item)
                continue
            if item.facts is not None:
                pages.add(item.facts)
            yield from item.findings
        for result in pages.results():
            yield from result.findings
    finally:
        collect_links(was_collecting)
        pages.close()


def _configured(profile: str | None, config: Config | None) -> Config:
    """The configuration both functions check with: `profile` overrides the config's profile everywhere, its
    per-path tables included, as `pav check --profile` does; an unknown profile raises `ConfigError`."""
    if profile is not None and profile not in PROFILE_CHOICES:
        raise ConfigError(f"profile {profile!r} is not one of {', '.join(PROFILE_CHOICES)}")
    return apply_overrides(config if config is not None else Config(), profile=profile)
