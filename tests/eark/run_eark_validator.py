"""Run eark-validator on packages, offline: `python run_eark_validator.py VOCAB_DIR PATH...` prints JSON.

Executed by the interpreter of eark-validator's own venv (made by `make test-slow`), never imported by pav's
tests. eark-validator reads four CSIP vocabularies with urllib's `urlopen` from
https://earkcsip.dilcis.eu/schema/<name>.xml when its schematron module is imported; this script installs a
urllib opener (urllib.request.install_opener, a public API) that answers those URLs from VOCAB_DIR and refuses
every other URL, so the validator's code runs unchanged and never reaches the network.

Output: one object per PATH, {"path", "valid", "messages": [{"rule", "severity", "location", "message"}]},
holding the structure, schema and schematron messages of eark-validator's report.
"""

from __future__ import annotations

import io
import json
import sys
import urllib.request
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.response import addinfourl

VOCABULARY_URL = "https://earkcsip.dilcis.eu/schema/"


class LocalVocabularies(urllib.request.BaseHandler):
    """Serves the vocabulary URLs from a folder; any other http(s) URL is an error."""

    handler_order = 100  # asked before urllib's own HTTP(S) handlers

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _answer(self, request: urllib.request.Request) -> addinfourl:
        url = request.full_url
        name = url.removeprefix(VOCABULARY_URL)
        if name == url or "/" in name or not (self.folder / name).is_file():
            raise URLError(f"offline: no local copy of {url}")
        headers = Message()
        headers["Content-Type"] = "application/xml"
        response = addinfourl(io.BytesIO((self.folder / name).read_bytes()), headers, url, 200)
        response.msg = "OK"  # type: ignore[attr-defined]  # what urllib's response processor reads
        return response

    def http_open(self, request: urllib.request.Request) -> addinfourl:
        return self._answer(request)

    def https_open(self, request: urllib.request.Request) -> addinfourl:
        return self._answer(request)


def main(argv: list[str]) -> int:
    vocabularies, paths = Path(argv[0]), argv[1:]
    urllib.request.install_opener(urllib.request.build_opener(LocalVocabularies(vocabularies)))
    from eark_validator.packages import PackageValidator  # imported after: its import fetches the vocabularies

    results: list[dict[str, Any]] = []
    for path in paths:
        report = PackageValidator(Path(path)).validation_report
        messages = list(report.structure.messages)
        if report.metadata is not None:
            messages += report.metadata.schema_results.messages + report.metadata.schematron_results.messages
        results.append(
            {
                "path": path,
                "valid": report.is_valid,
                "messages": [
                    {
                        "rule": message.rule_id,
                        "severity": message.severity.value,
                        "location": message.location,
                        "message": message.message,
                    }
                    for message in messages
                ],
            }
        )
    json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
