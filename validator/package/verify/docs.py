"""The verify check catalog rendered for people: `pav verify --list`, `pav verify --list ID`, the README table."""

from __future__ import annotations

from typing import Any

from validator.package.verify import ordered_checks
from validator.package.verify.base import VerifyCheck


def checks_table_text() -> str:
    rows = [("ID", "PROPERTY", "TITLE")] + [(c.id, c.aspect, c.title) for c in ordered_checks()]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    return "\n".join(f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2]}" for row in rows)


def checks_markdown_table() -> str:
    lines = ["| id | property | what it checks |", "|---|---|---|"]
    lines += [f"| {c.id} | {c.label} | {c.title} |" for c in ordered_checks()]
    return "\n".join(lines)


def checks_json(entries: list[VerifyCheck] | None = None) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "property": c.aspect, "label": c.label, "title": c.title, "doc": c.doc}
        for c in (ordered_checks() if entries is None else entries)
    ]


def check_doc_text(entry: VerifyCheck) -> str:
    return f"{entry.id}  [{entry.label}]\n{entry.title}\n\n{entry.doc}"
