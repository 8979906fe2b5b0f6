"""Run the E-ARK reference validator (eark-validator) on packages, offline, for bench/verify_eark.py.

    <eark-validator's python> bench/eark_runner.py VOCABULARY_DIR PATH...

Executed by the interpreter of a venv holding eark-validator (never imported by pav). eark-validator reads the
CSIP vocabularies from https://earkcsip.dilcis.eu/schema/<name>.xml with urllib when it is imported; an opener
installed first answers those URLs from VOCABULARY_DIR (pav's reference copy) and refuses every other URL, so
nothing reaches the network. Prints one JSON line per package: {"path", "valid", "rules", "error"} ("error":
the exception eark-validator stopped with, when it did).
"""

from __future__ import annotations

import io
import json
import sys
import urllib.request
from email.message import Message
from pathlib import Path
from urllib.error import URLError
from urllib.response import addinfourl

PREFIX = "https://earkcsip.dilcis.eu/schema/"


class Offline(urllib.request.BaseHandler):
    handler_order = 100  # before urllib's own handlers

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def default_open(self, request: urllib.request.Request) -> addinfourl:
        url = request.full_url
        local = self.folder / url.removeprefix(PREFIX)
        if not url.startswith(PREFIX) or local.parent != self.folder or not local.is_file():
            raise URLError(f"no network: {url}")
        headers = Message()
        headers["Content-Type"] = "application/xml"
        answer = addinfourl(io.BytesIO(local.read_bytes()), headers, url, 200)
        answer.msg = "OK"  # type: ignore[attr-defined]
        return answer


def main(arguments: list[str]) -> int:
    urllib.request.install_opener(urllib.request.build_opener(Offline(Path(arguments[0]).resolve())))
    from eark_validator.packages import PackageValidator  # its import reads the vocabularies

    for path in arguments[1:]:
        line: dict[str, object] = {"path": path, "valid": None, "rules": [], "error": None}
        try:
            report = PackageValidator(Path(path)).validation_report
            messages = list(report.structure.messages)
            if report.metadata is not None:
                messages += report.metadata.schema_results.messages + report.metadata.schematron_results.messages
            line["valid"] = bool(report.is_valid)
            line["rules"] = sorted({str(message.rule_id) for message in messages})
        except Exception as error:  # the reference validator's own crashes are part of what is measured
            line["error"] = f"{type(error).__name__}: {error}"
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
