"""Rules named on the command line and in configuration: by id (`F103`, any case) or by name
(`icp-unknown-province`), and the closest ones when a text names none."""

from __future__ import annotations

from validator.rules.base import CATALOG, Rule


def find_rule(text: str) -> Rule | None:
    """The rule `text` names exactly: its id in any case, or its name (hyphens or underscores, any case)."""
    key = text.strip()
    entry = CATALOG.get(key.upper())
    if entry is not None:
        return entry
    name = key.lower().replace("_", "-")
    return next((entry for entry in CATALOG.values() if entry.name == name), None)


def closest_rules(text: str) -> str:
    """'; did you mean F103 (icp-unknown-province)?' for the rules closest to `text` by id or name; '' when none
    is close."""
    key = text.strip()
    by_key: dict[str, Rule] = {}
    for entry in CATALOG.values():
        by_key[entry.id.lower()] = entry
        by_key[entry.name] = entry
    found: list[Rule] = []
    import difflib  # (here: only a misspelt rule needs it)

    for match in difflib.get_close_matches(key.lower().replace("_", "-"), list(by_key), n=3, cutoff=0.6):
        if by_key[match] not in found:
            found.append(by_key[match])
    if not found:
        return ""
    return "; did you mean " + " or ".join(f"{entry.id} ({entry.name})" for entry in found) + "?"
