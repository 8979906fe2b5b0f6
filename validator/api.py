"""The public Python API, usable without the CLI."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from validator.config import Config, ConfigError, apply_overrides
from validator.engine import Engine
from validator.findings import Finding, Location
from validator.rules import PROFILE_CHOICES
from validator.sources import iter_source_items


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
    paths: Iterable[str | Path], *, profile: str | None = None, config: Config | None = None
) -> Iterator[Finding]:
    """Stream the findings of every record in the given inputs (files, folders, URLs: whatever `pav check` reads).

    `profile` and `config` mean what they mean for `validate_record`. Raises `validator.sources.InputError`
    for a path that does not exist or has an unsupported type.
    """
    engine = Engine(_configured(profile, config))
    for result in engine.check_items(iter_source_items(str(p) for p in paths)):
        yield from result.findings


def _configured(profile: str | None, config: Config | None) -> Config:
    """The configuration both functions check with: `profile` overrides the config's profile everywhere, its
    per-path tables included, as `pav check --profile` does; an unknown profile raises `ConfigError`."""
    if profile is not None and profile not in PROFILE_CHOICES:
        raise ConfigError(f"profile {profile!r} is not one of {', '.join(PROFILE_CHOICES)}")
    return apply_overrides(config if config is not None else Config(), profile=profile)
