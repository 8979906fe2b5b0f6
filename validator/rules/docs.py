"""The rule catalog rendered for people: `pav rules`, `pav rules ID`, and the README's rule table."""

from __future__ import annotations

from typing import Any

from validator.rules.base import CATALOG, PROFILES, Rule


def _profiles(entry: Rule) -> str:
    if entry.check is None:
        return "all (reader)"
    if set(entry.profiles) == set(PROFILES):
        return "all"
    return ", ".join(p for p in PROFILES if p in entry.profiles)


def _sorted() -> list[Rule]:
    return [CATALOG[key] for key in sorted(CATALOG)]


def rules_table_text() -> str:
    rows = [("ID", "SEVERITY", "PROFILES", "NAME", "TITLE")]
    rows += [(r.id, str(r.severity), _profiles(r), r.name, r.title) for r in _sorted()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4] for row in rows)


def rules_markdown_table() -> str:
    lines = ["| id | name | severity | profiles | what it checks |", "|---|---|---|---|---|"]
    lines += [f"| {r.id} | `{r.name}` | {r.severity} | {_profiles(r)} | {r.title} |" for r in _sorted()]
    return "\n".join(lines)


def rules_json() -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "name": r.name,
            "severity": str(r.severity),
            "profiles": sorted(r.profiles),
            "title": r.title,
            "doc": r.doc,
        }
        for r in _sorted()
    ]


def rule_doc_text(entry: Rule) -> str:
    header = f"{entry.id} {entry.name}  [{entry.severity}; profiles: {_profiles(entry)}]\n{entry.title}"
    return f"{header}\n\n{entry.doc}" if entry.doc else header
