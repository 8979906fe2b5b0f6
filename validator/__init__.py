"""pav: archival-compliance validator for published pages of Chinese government portals and news sites.

Data flows one way: sources (read inputs) -> records -> findings (schema + rules) -> sinks (reports).

Public API::

    from validator import validate_record, iter_findings, Finding, Severity
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Finding", "Location", "Severity", "__version__", "iter_findings", "validate_record"]

if TYPE_CHECKING:
    from validator.api import iter_findings, validate_record
    from validator.findings import Finding, Location, Severity


def __getattr__(name: str) -> Any:
    # Lazy so `import validator.footer` (or `pav --version`) does not pay for jsonschema and pydantic.
    if name in ("iter_findings", "validate_record"):
        from validator import api

        return getattr(api, name)
    if name in ("Finding", "Location", "Severity"):
        from validator import findings

        return getattr(findings, name)
    raise AttributeError(f"module 'validator' has no attribute {name!r}")
