"""The public Python API, usable without the CLI."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from validator.config import Config, Settings
from validator.engine import Engine
from validator.findings import Finding, Location
from validator.sources import iter_source_items


def validate_record(
    record: dict[str, Any], *, profile: str | None = None, config: Config | None = None
) -> list[Finding]:
    """Check one record (a parsed JSON object): schema, record rules and footer rules.

    >>> findings = validate_record({"id": "x"})
    >>> sorted({f.rule for f in findings})[:2]
    ['F101', 'F201']
    """
    if config is None:
        config = Config(Settings(profile=profile) if profile else Settings())
    elif profile is not None:
        from dataclasses import replace

        config = replace(config, base=replace(config.base, profile=profile))
    if not isinstance(record, dict):
        raise TypeError(f"a record is a dict (a parsed JSON object), got {type(record).__name__}")
    return Engine(config).check_record(record, Location("<memory>"))


def iter_findings(
    paths: Iterable[str | Path], *, profile: str | None = None, config: Config | None = None
) -> Iterator[Finding]:
    """Stream the findings of every record in the given inputs (files, folders, URLs: whatever `pav check` reads).

    Raises `validator.sources.InputError` for a path that does not exist or has an unsupported type.
    """
    if config is None:
        config = Config(Settings(profile=profile) if profile else Settings())
    engine = Engine(config)
    for result in engine.check_items(iter_source_items(str(p) for p in paths)):
        yield from result.findings
