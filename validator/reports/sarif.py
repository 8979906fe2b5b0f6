"""SARIF 2.1.0 (OASIS), for code-scanning dashboards such as GitHub's.

- `tool.driver.rules`: the whole rule catalog, with title, documentation (help) and default level, so a
  dashboard shows the rule's docs next to each result; `ruleId` is the stable rule id, `ruleIndex` points
  into that list.
- A result's location: the input file (a URI relative to `%SRCROOT%`, the working directory) and line; a
  page that was not read from a file (standard input, a live URL) is located by its URL. The JSON Pointer
  into the record is the logical location. Record id, URL and site are in the result's properties.
- `partialFingerprints["pavFindingKey/v2"]`: the finding's fingerprint (`validator.fingerprints`: rule, page,
  JSON Pointer and offending value, no line number), the same as in the JSON report and the baseline, so moved
  records and edited articles are not new alerts.
- The invocation carries the exit code, and a warning notification when the run was partial.

Results are written as they arrive; memory does not grow with their number.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

from validator.engine import RecordResult
from validator.findings import Finding, Location, Severity
from validator.fingerprints import fingerprint_of
from validator.i18n import _
from validator.reports import RunInfo, Summary, limit_text, site_of
from validator.reports.escape import encodable
from validator.rules import CATALOG, PROFILES, Rule
from validator.rules.base import rule_title

SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "pavFindingKey/v2"
SRCROOT = "%SRCROOT%"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_FAMILIES = {
    "I": "input",
    "S": "schema",
    "R": "record",
    "F1": "icp",
    "F2": "public-security",
    "F3": "site-code",
    "F4": "units",
    "F5": "footer-consistency",
    "F6": "footer-evidence",
    "X": "internal",
}


def _dumps(value: Any) -> str:
    return encodable(json.dumps(value, ensure_ascii=False))


def _family(rule_id: str) -> str:
    return _FAMILIES.get(rule_id[:2], _FAMILIES.get(rule_id[:1], "other"))


def rule_descriptor(entry: Rule) -> dict[str, Any]:
    # The title in the run's language; the documentation (docstrings) is English in every language.
    title = rule_title(entry)
    doc = entry.doc or title
    first_paragraph = doc.split("\n\n", 1)[0].replace("\n", " ")
    profiles = sorted(entry.profiles, key=PROFILES.index) if entry.check is not None else ["all (reader)"]
    return {
        "id": entry.id,
        "name": entry.name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": first_paragraph},
        "help": {"text": f"{title}\n\n{doc}", "markdown": f"**{entry.id} {entry.name}**: {title}\n\n{doc}"},
        "defaultConfiguration": {"level": _LEVELS[entry.severity]},
        "properties": {"tags": ["archival-compliance", _family(entry.id)], "profiles": profiles},
    }


def artifact_uri(file: str) -> tuple[str, str | None] | None:
    """(uri, uriBaseId) for an input: relative paths against %SRCROOT%, absolute ones as file: URIs, URLs
    as they are; None for standard input. The bytes of a name are percent-encoded (UTF-8, or the name's own
    bytes when it is not UTF-8)."""
    if file == "-" or not file:
        return None
    if file.startswith(("http://", "https://")):
        return file, None
    path = Path(file)
    if path.is_absolute():
        return path.as_uri(), None
    posix = PurePosixPath(*path.parts).as_posix() if path.parts else file
    # A name that is not UTF-8 (its bytes read with surrogateescape) is percent-encoded byte for byte, as
    # `Path.as_uri` does for absolute paths: `bad\udcff.html` -> `bad%FF.html`, the file's own name.
    return quote(posix.encode("utf-8", "surrogateescape"), safe="/"), SRCROOT


def _logical_location(pointer: str) -> dict[str, Any]:
    last = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    return {"name": last, "fullyQualifiedName": pointer, "kind": "element" if last.isdigit() else "property"}


def _location(finding: Finding, location: Location, url: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {}
    artifact = artifact_uri(location.file)
    physical: dict[str, Any] | None = None
    if artifact is not None:
        uri, base = artifact
        physical = {"artifactLocation": {"uri": uri, **({"uriBaseId": base} if base else {})}}
        if location.line is not None:
            physical["region"] = {"startLine": location.line}
    elif url:
        physical = {"artifactLocation": {"uri": url}}
    if physical is not None:
        result["physicalLocation"] = physical
    if finding.path:
        result["logicalLocations"] = [_logical_location(finding.path)]
    return result


class SarifReporter:
    def __init__(self, stream: TextIO, info: RunInfo) -> None:
        self.stream = stream
        self.info = info
        self.first = True
        rules = [CATALOG[key] for key in sorted(CATALOG)]
        self.rule_index = {entry.id: index for index, entry in enumerate(rules)}
        driver = {
            "name": "pav",
            "fullName": "pav archival-compliance validator",
            "version": info.tool_version,
            "semanticVersion": info.tool_version,
            "rules": [rule_descriptor(entry) for entry in rules],
        }
        head = {
            "$schema": SARIF_SCHEMA_URI,
            "version": "2.1.0",
        }
        run_head = {
            "tool": {"driver": driver},
            "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
        }
        self.stream.write(_dumps(head)[:-1] + ', "runs": [' + _dumps(run_head)[:-1] + ', "results": [')

    def add(self, result: RecordResult) -> None:
        if not result.findings:
            return
        site = site_of(result)
        for finding in result.findings:
            item: dict[str, Any] = {"ruleId": finding.rule}
            if finding.rule in self.rule_index:
                item["ruleIndex"] = self.rule_index[finding.rule]
            item["level"] = _LEVELS[finding.severity]
            item["message"] = {"text": finding.message}
            location = _location(finding, finding.location, result.url)
            item["locations"] = [location] if location else []
            item["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint_of(finding, result.url)}
            properties: dict[str, Any] = {"site": site, "jsonPointer": finding.path}
            if finding.record_id is not None:
                properties["recordId"] = finding.record_id
            if result.url:
                properties["url"] = result.url
            if finding.location.index is not None:
                properties["index"] = finding.location.index
            if result.profile:
                properties["profile"] = result.profile
            item["properties"] = properties
            self.stream.write(("\n  " if self.first else ",\n  ") + _dumps(item))
            self.first = False

    def finish(self, summary: Summary, exit_code: int) -> None:
        invocation: dict[str, Any] = {"executionSuccessful": True, "exitCode": exit_code}
        if summary.partial:
            invocation["toolExecutionNotifications"] = [
                {
                    "level": "warning",
                    "message": {
                        "text": _(
                            "partial results: {limit} reached; {reported} of {findings} findings are listed"
                        ).format(limit=limit_text(self.info), reported=summary.reported, findings=summary.findings)
                    },
                    "descriptor": {"id": "partial"},
                }
            ]
        properties = {
            "profile": self.info.profile,
            "failOn": self.info.fail_on,
            "partial": summary.partial,
            "summary": summary.to_dict(),
        }
        self.stream.write(
            f'{"" if self.first else chr(10)}], "invocations": [{_dumps(invocation)}], '
            f'"properties": {_dumps(properties)}}}]}}\n'
        )
        self.stream.flush()
