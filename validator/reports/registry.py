"""The report formats, declared once: name -> the reporter it opens, what it is for, its usual file extension.

    @report_format("json", "every finding and the summary ...", extension="json")
    def _json(out: Destination) -> Reporter: ...

`pav check --format` and `pav report --format` take their names (and their help) from `FORMATS`, and the
README's table of formats is held to it by a test (`formats_markdown_table`). A format's module is imported
only when a report of that format is opened. Adding a format: its module, one entry here, and its tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO, TextIO

from validator.reports import Reporter, RunInfo

AUTO = "auto"  # not a format: github on GitHub Actions, else text


@dataclass(frozen=True, slots=True)
class Destination:
    """What a reporter is opened on: its stream, the run it reports, the environment (GitHub's variables) and
    whether it writes to standard output (the only place colour may go). `binary` is the same file for a binary
    format's bytes (None on standard output, which a binary format is never given)."""

    stream: TextIO
    info: RunInfo
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    to_stdout: bool = False
    binary: BinaryIO | None = None


Opener = Callable[[Destination], Reporter]


@dataclass(frozen=True, slots=True)
class ReportFormat:
    """A registry entry: `open` makes the format's reporter on a destination."""

    name: str
    description: str
    extension: str | None  # the usual file extension, without the dot; None: not written to files as a rule
    open: Opener
    binary: bool = False  # bytes to a file (Destination.binary), never to standard output


FORMATS: dict[str, ReportFormat] = {}


def report_format(
    name: str, description: str, extension: str | None = None, *, binary: bool = False
) -> Callable[[Opener], Opener]:
    """Register a format under `name`; the order of registration is the order of the CLI's help. A `binary`
    format is written to a file only (`--format NAME=PATH`)."""

    def decorate(opener: Opener) -> Opener:
        if name in FORMATS or name == AUTO:
            raise RuntimeError(f"duplicate report format {name}")
        if name != name.lower() or "=" in name or not name.strip():
            raise RuntimeError(f"report format name {name!r} must be lowercase, without '=' (--format NAME=FILE)")
        FORMATS[name] = ReportFormat(name, description, extension, opener, binary)
        return opener

    return decorate


def auto_format(environ: Mapping[str, str]) -> str:
    """What `--format auto` (the default) means: github when GITHUB_ACTIONS=true, else text."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def colour_wanted(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Colour on a terminal only, and never when NO_COLOR is set to anything (https://no-color.org)."""
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- the formats ---------------------------------------------------------------------------------------------------


@report_format(
    "text",
    "one line per finding (`file:line: severity RULE message [pointer]`) and a summary; coloured on a terminal",
    extension="txt",
)
def _text(out: Destination) -> Reporter:
    from validator.reports.text import TextReporter

    return TextReporter(out.stream, colour=out.to_stdout and colour_wanted(out.stream, out.environ))


@report_format(
    "json",
    "settings, every finding, the summary and the site scorecard (`schemas/pav-report.schema.json`); "
    "`pav report` re-renders it",
    extension="json",
)
def _json(out: Destination) -> Reporter:
    from validator.reports.json_report import JsonReporter

    return JsonReporter(out.stream, out.info)


@report_format("jsonl", "one finding per line, the object of the JSON report, and nothing else", extension="jsonl")
def _jsonl(out: Destination) -> Reporter:
    from validator.reports.jsonl import JsonLinesReporter

    return JsonLinesReporter(out.stream)


@report_format("junit", "JUnit XML, one testcase per page, for the test views of CI systems", extension="xml")
def _junit(out: Destination) -> Reporter:
    from validator.reports.junit import JUnitReporter

    return JUnitReporter(out.stream, out.info)


@report_format(
    "sarif", "SARIF 2.1.0 with the rule catalog, for code-scanning dashboards such as GitHub's", extension="sarif"
)
def _sarif(out: Destination) -> Reporter:
    from validator.reports.sarif import SarifReporter

    return SarifReporter(out.stream, out.info)


@report_format("github", "GitHub Actions annotations, worst first, and a Markdown step summary")
def _github(out: Destination) -> Reporter:
    from validator.reports.github import GitHubReporter

    return GitHubReporter(out.stream, out.info, out.environ)


@report_format(
    "markdown",
    "a summary for a pull-request comment: verdict, counts, site scorecard, worst sites, first findings",
    extension="md",
)
def _markdown(out: Destination) -> Reporter:
    from validator.reports.markdown import MarkdownReporter

    return MarkdownReporter(out.stream, out.info)


@report_format(
    "html",
    "one self-contained page for people: figures, sortable site scorecard, sites, filterable findings, rule docs",
    extension="html",
)
def _html(out: Destination) -> Reporter:
    from validator.reports.html import HtmlReporter

    return HtmlReporter(out.stream, out.info)


@report_format(
    "xlsx",
    "a workbook for inspectors (file only): Scorecard, filterable Findings and Rules sheets; text never a formula",
    extension="xlsx",
    binary=True,
)
def _xlsx(out: Destination) -> Reporter:
    from validator.reports.xlsx import XlsxReporter

    if out.binary is None:  # parse_formats refuses standard output for a binary format
        raise ValueError("the xlsx report is written to a file (--format xlsx=PATH)")
    return XlsxReporter(out.binary, out.info)


def format_choices() -> tuple[str, ...]:
    """What --format accepts: auto and every format registered so far."""
    return (AUTO, *FORMATS)


def formats_markdown_table() -> str:
    """The README's table of formats."""
    lines = ["| format | extension | what it writes |", "|---|---|---|"]
    for entry in FORMATS.values():
        extension = f"`.{entry.extension}`" if entry.extension else "—"
        lines.append(f"| `{entry.name}` | {extension} | {entry.description} |")
    return "\n".join(lines)
