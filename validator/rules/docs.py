"""The rule catalog rendered for people: `pav rules`, `pav rules ID`, and the README's rule table.

Titles and headings are in the run's language (validator.i18n); ids, names, severities and profiles are the same in
every language (they are what the configuration and the command line take), and so are the JSON keys. A rule's
documentation (its docstring, `pav rules ID`) stays English: the first line, its title, is translated.
"""

from __future__ import annotations

from typing import Any

from validator.i18n import _
from validator.rules.base import CATALOG, PROFILES, Rule, rule_title


def _profiles(entry: Rule) -> str:
    if entry.check is None:
        return _("all (reader)")
    if set(entry.profiles) == set(PROFILES):
        return _("all")
    return ", ".join(p for p in PROFILES if p in entry.profiles)


def _sorted() -> list[Rule]:
    return [CATALOG[key] for key in sorted(CATALOG)]


def rules_table_text() -> str:
    rows = [(_("ID"), _("SEVERITY"), _("PROFILES"), _("NAME"), _("TITLE"))]
    rows += [(r.id, str(r.severity), _profiles(r), r.name, rule_title(r)) for r in _sorted()]
    widths = [max(display_width(row[i]) for row in rows) for i in range(4)]
    return "\n".join("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4] for row in rows)


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: Chinese characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def rules_markdown_table() -> str:
    lines = [_("| id | name | severity | profiles | what it checks |"), "|---|---|---|---|---|"]
    lines += [f"| {r.id} | `{r.name}` | {r.severity} | {_profiles(r)} | {rule_title(r)} |" for r in _sorted()]
    return "\n".join(lines)


def rules_json() -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "name": r.name,
            "severity": str(r.severity),
            "profiles": sorted(r.profiles),
            "title": rule_title(r),
            "doc": r.doc,
        }
        for r in _sorted()
    ]


def rule_doc_text(entry: Rule) -> str:
    header = _("{id} {name}  [{severity}; profiles: {profiles}]").format(
        id=entry.id, name=entry.name, severity=entry.severity, profiles=_profiles(entry)
    )
    header += "\n" + rule_title(entry)
    return f"{header}\n\n{entry.doc}" if entry.doc else header
