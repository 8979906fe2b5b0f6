"""GitHub Actions: workflow annotations, worst first, and a Markdown step summary.

    ::error file=pages/a.jsonl,line=3,title=F101::the footer shows no ICP filing or licence number [/footer/icp]

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step, so the reporter keeps only
those (the first of each severity) plus counts, and prints them at the end, errors first; memory does not
grow with the run. Every finding is also streamed to the log as a text line, inside a collapsed group and
with workflow commands stopped (`::stop-commands::`), so a hostile message cannot inject a command. When
`$GITHUB_STEP_SUMMARY` names a file, the Markdown summary is appended to it.

Escaping follows the runner's command parser: in the message `%`, CR and LF are percent-encoded; in
properties (file, title) also `:` and `,`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from validator.engine import RecordResult
from validator.findings import Finding, Severity
from validator.i18n import _
from validator.reports import RunInfo, Summary
from validator.reports.escape import workflow_data, workflow_property
from validator.reports.markdown import MarkdownReporter
from validator.reports.text import finding_line, summary_line

SHOWN_PER_SEVERITY = 10  # what GitHub displays per step and severity
_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def annotation(finding: Finding, url: str | None = None, workspace: str | None = None) -> str:
    """One workflow command for a finding."""
    properties = []
    file = finding.location.file
    if file and file != "-" and not file.startswith(("http://", "https://")):
        properties.append(f"file={workflow_property(_relative(file, workspace))}")
        if finding.location.line is not None:
            properties.append(f"line={finding.location.line}")
    properties.append(f"title={workflow_property(finding.rule)}")
    message = finding.message + (f" [{finding.path}]" if finding.path else "")
    where = finding.record_id or url
    if where:
        message += f" ({where})"
    return f"::{_COMMANDS[finding.severity]} {','.join(properties)}::{workflow_data(message)}"


def _relative(file: str, workspace: str | None) -> str:
    """Annotations need paths relative to the repository: strip $GITHUB_WORKSPACE from absolute ones."""
    if workspace and os.path.isabs(file):
        try:
            return Path(file).relative_to(workspace).as_posix()
        except ValueError:
            return file
    return file


class GitHubReporter:
    def __init__(
        self,
        stream: TextIO,
        info: RunInfo,
        environ: Mapping[str, str] | None = None,
        shown_per_severity: int = SHOWN_PER_SEVERITY,
    ) -> None:
        self.stream = stream
        self.info = info
        self.environ = os.environ if environ is None else environ
        self.limit = shown_per_severity
        self.kept: dict[Severity, list[tuple[Finding, str | None]]] = {severity: [] for severity in Severity}
        self.token = ""
        self.markdown = MarkdownReporter(stream, info)  # its stream is swapped for the summary file at the end

    def add(self, result: RecordResult) -> None:
        if not result.findings:
            return
        if not self.token:
            self.token = secrets.token_hex(16)
            self.stream.write(f"::group::pav findings\n::stop-commands::{self.token}\n")
        for finding in result.findings:
            self.stream.write(finding_line(finding, url=result.url) + "\n")
            bucket = self.kept[finding.severity]
            if len(bucket) < self.limit:
                bucket.append((finding, result.url))
        self.markdown.add(result)

    def finish(self, summary: Summary, exit_code: int) -> None:
        write = self.stream.write
        if self.token:
            write(f"::{self.token}::\n::endgroup::\n")
        workspace = self.environ.get("GITHUB_WORKSPACE")
        for severity in sorted(Severity, reverse=True):
            for finding, url in self.kept[severity]:
                write(annotation(finding, url, workspace) + "\n")
        hidden = [
            f"{count - len(self.kept[Severity.parse(name)])} {name}"
            for name in ("error", "warning", "info")
            if (count := summary.by_severity.get(name, 0)) > len(self.kept[Severity.parse(name)])
        ]
        write(summary_line(summary) + "\n")
        if hidden:
            write(
                _(
                    "pav: {hidden} findings have no annotation (GitHub shows {limit} per severity and step); all are "
                    "in the log group above and counted in the step summary."
                ).format(hidden=", ".join(hidden), limit=self.limit)
                + "\n"
            )
        target = self.environ.get("GITHUB_STEP_SUMMARY")
        if target:
            try:
                with open(target, "a", encoding="utf-8") as handle:
                    self.markdown.stream = handle
                    self.markdown.finish(summary, exit_code)
            except OSError as error:
                write(
                    _("pav: cannot append the step summary to {target}: {reason}").format(
                        target=target, reason=error.strerror
                    )
                    + "\n"
                )
        self.stream.flush()
