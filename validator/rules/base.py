"""What a rule is, and the catalog every rule registers itself in.

A rule is one small function decorated with `@rule(...)`: it receives a `RecordContext` and yields
`Violation`s. Its stable id, default severity, title and the profiles it belongs to are given to the
decorator; its docstring is its documentation (`pav rules ID` prints it). Adding a rule touches one module
of this package plus its test. Rule ids group by prefix so users can select families:

    I  input       (reader problems: unreadable file, broken JSON line)
    S  schema      (the record contract in schemas/news-page-record.schema.json)
    R  record      (cross-field checks on the record itself)
    F1 ICP number, F2 public security number, F3 site identification code,
    F4 responsible units, F5 footer consistency
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from validator.findings import Severity

if TYPE_CHECKING:
    from validator.footer.values import ParsedFooter
    from validator.record import NewsPageRecord
    from validator.schema import SchemaError

PROFILES: tuple[str, ...] = ("gov", "news", "minimal")
ALL_PROFILES: frozenset[str] = frozenset(PROFILES)
DEFAULT_PROFILE = "gov"


@dataclass(frozen=True, slots=True)
class Violation:
    """What a rule reports: a message and the JSON Pointer of the offending value."""

    message: str
    path: str = ""


class RecordContext:
    """One record as rules see it: the raw JSON object plus lazily computed views shared by all rules.

    Each view is computed at most once per record, and only if some enabled rule asks for it.
    """

    __slots__ = ("__dict__", "data", "now", "profile")

    def __init__(self, data: dict[str, Any], profile: str = DEFAULT_PROFILE, now: datetime | None = None):
        self.data = data
        self.profile = profile
        self.now = now or datetime.now(UTC)

    @functools.cached_property
    def record(self) -> NewsPageRecord:
        from validator.record import NewsPageRecord

        return NewsPageRecord.from_data(self.data)

    @functools.cached_property
    def schema_errors(self) -> list[SchemaError]:
        from validator.schema import record_schema_errors

        return record_schema_errors(self.data)

    @functools.cached_property
    def footer(self) -> ParsedFooter:
        from validator.footer import parse_footer

        return parse_footer(self.record.footer)


Check = Callable[[RecordContext], Iterator[Violation]]

# What a rule reads, so the engine can skip or share work (the rule promises to read nothing else):
#   "schema"  only ctx.schema_errors: not run at all when the fast schema gate passes the record
#   "footer"  only the footer (ctx.footer, ctx.record.footer) and ctx.profile: run once per distinct footer
#             and profile, the result shared by every page of the site that shows that footer
#   "record"  anything: run on every record
Scope = Literal["record", "footer", "schema"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A catalog entry. `check` is None for rules reported by the readers (the I family)."""

    id: str
    name: str
    severity: Severity
    title: str
    profiles: frozenset[str]
    check: Check | None
    doc: str = field(default="", repr=False)
    scope: Scope = "record"

    def applies_to(self, profile: str) -> bool:
        return profile in self.profiles


CATALOG: dict[str, Rule] = {}


def _register(entry: Rule) -> None:
    if entry.id in CATALOG:
        raise RuntimeError(f"duplicate rule id {entry.id}")
    CATALOG[entry.id] = entry


def rule(
    id: str,
    name: str,
    severity: Severity,
    title: str,
    profiles: frozenset[str] = ALL_PROFILES,
    scope: Scope = "record",
) -> Callable[[Check], Check]:
    """Register a record rule: `@rule("F101", "icp-missing", Severity.ERROR, "ICP number is shown")`."""

    def decorate(check: Check) -> Check:
        _register(Rule(id, name, severity, title, frozenset(profiles), check, _dedent(check.__doc__), scope))
        return check

    return decorate


def reader_rule(id: str, name: str, severity: Severity, title: str, doc: str) -> str:
    """Register a rule that the input readers report (no record to run on); returns its id."""
    _register(Rule(id, name, severity, title, ALL_PROFILES, None, _dedent(doc)))
    return id


def _dedent(doc: str | None) -> str:
    import inspect

    return inspect.cleandoc(doc or "")
