"""A finding's identity across runs: `finding_fingerprint`, the one function baselines, the JSON report and
SARIF use (and anything that compares two runs).

A fingerprint names a finding by what it is about, never by where it sits in a file or by bytes it does not
concern: the rule, the page (`page_identity`), the JSON Pointer into the record and the offending value at that
pointer (`offending_value`). So adding a record above another, reformatting a file, moving a record to another
file, or editing a page's article leaves every finding of the footer with its fingerprint; fixing the value, or
changing it to another wrong one, gives a new finding.

The page is, in this order: the record's `url` (for pages, the URL they were fetched from, or their canonical
URL); else the file the record was made from (`source.location`, which pav writes for every page it reads); else
the record's `id` (JSON records without a URL); else the input file. A page's record id is never used when the
page has a URL or a file: pav derives it from the page's bytes, so it changes with every edit.

This is a shared utility (like `validator.urls`): the engine computes each finding's fingerprint from the record
it checks, so the result carries it across processes and into saved reports.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from validator.findings import Finding, Location

_MISSING = object()
# Keys of evidence entries that say where in the page a value was found, not what it is: an edit elsewhere in
# the page moves them, so they are left out of the offending value.
_POSITION_KEYS = frozenset({"line"})


def page_identity(data: Any, location: Location) -> str:
    """What page a finding is about, as `url:…`, `file:…` or `id:…` (see the module docstring)."""
    if isinstance(data, dict):
        url = data.get("url")
        if isinstance(url, str) and url:
            return f"url:{url}"
        source = data.get("source")
        if isinstance(source, dict):
            made_from = source.get("location")
            if isinstance(made_from, str) and made_from:
                return f"file:{made_from}"
        record_id = data.get("id")
        if isinstance(record_id, str) and record_id:
            return f"id:{record_id}"
    return f"file:{location.file}"


def offending_value(data: Any, path: str) -> str:
    """The value at JSON Pointer `path` as canonical JSON; "" for the whole record, a whole section of it (`/footer`)
    or a value that is absent. Positions inside the page (evidence `line`s) are left out."""
    if not path or not isinstance(data, dict):
        return ""
    value: Any = data
    for raw in path[1:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict):
            value = value.get(part, _MISSING)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            value = _MISSING
        if value is _MISSING:
            return ""
    if isinstance(value, dict | list) and path.count("/") == 1:
        # A whole section (/footer, /evidence): the finding is about the page as a whole (F701: no organ mark),
        # and the section changes with edits it is not about.
        return ""
    return json.dumps(_without_positions(value), ensure_ascii=False, sort_keys=True)


def _without_positions(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_positions(item) for key, item in value.items() if key not in _POSITION_KEYS}
    if isinstance(value, list):
        return [_without_positions(item) for item in value]
    return value


def finding_fingerprint(rule: str, page: str, path: str, value: str) -> str:
    """The stable 32-hex-digit identity of a finding: rule, page identity, JSON Pointer and offending value."""
    text = "\x1f".join((rule, page, path, value))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def fingerprint_of(finding: Finding, url: str | None) -> str:
    """A finding's fingerprint: the engine's, else (a finding made outside the engine, or read from a report of an
    older pav) one from its rule, its page's URL or input file and its pointer, without a value."""
    if finding.fingerprint:
        return finding.fingerprint
    page = page_identity({"url": url} if url else None, finding.location)
    return finding_fingerprint(finding.rule, page, finding.path, "")
