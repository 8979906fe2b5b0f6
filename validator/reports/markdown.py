"""Markdown (GitHub flavour): a summary for a pull-request comment or a workflow's step summary.

The verdict, the counts by severity, by rule and by site (worst sites first), and the first findings,
worst first. Tables are capped (`max_rows`) so the text stays within a comment's size limit however large the
run: the reporter keeps at most `max_rows` findings per severity, never the whole list.
"""

from __future__ import annotations

from typing import TextIO

from validator.engine import RecordResult
from validator.findings import Finding, Severity
from validator.reports import SEVERITIES, RunInfo, Summary, limit_text, where_text
from validator.reports.escape import markdown_cell
from validator.rules import CATALOG

MAX_ROWS = 20


class MarkdownReporter:
    def __init__(self, stream: TextIO, info: RunInfo, max_rows: int = MAX_ROWS) -> None:
        self.stream = stream
        self.info = info
        self.max_rows = max_rows
        self.kept: dict[Severity, list[tuple[Finding, str | None]]] = {severity: [] for severity in Severity}

    def add(self, result: RecordResult) -> None:
        for finding in result.findings:
            bucket = self.kept[finding.severity]
            if len(bucket) < self.max_rows:
                bucket.append((finding, result.url))

    def finish(self, summary: Summary, exit_code: int) -> None:
        self.stream.write(render(summary, exit_code, self.info, self.first_findings(), self.max_rows))
        self.stream.flush()

    def first_findings(self) -> list[tuple[Finding, str | None]]:
        """The first findings, worst first, each with its page's URL."""
        ordered = [kept for severity in sorted(Severity, reverse=True) for kept in self.kept[severity]]
        return ordered[: self.max_rows]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 and word != 'info' else ''}"


_MARKS = {"pass": "✅", "not-asked": "—"}


def _scorecard(summary: Summary, max_rows: int) -> list[str]:
    """The site scorecard: a site per row, a requirement per column; a failing cell gives its share and the rule to
    fix first (a cross, "4 of 10 pages", the percentage and the rule id)."""
    from validator.reports.scorecard import build_scorecard

    scorecard = build_scorecard(summary)
    if not scorecard.rows or not scorecard.requirements:
        return []
    shown = scorecard.rows[:max_rows]
    more = f" (worst {len(shown)} of {len(scorecard.rows)} sites)" if len(scorecard.rows) > len(shown) else ""
    cell = markdown_cell
    lines = ["", f"#### Site scorecard{more}", ""]
    lines.append("| site | pages | " + " | ".join(cell(item.title) for item in scorecard.requirements) + " |")
    lines.append("|---|---:|" + "---|" * len(scorecard.requirements))
    for row in shown:
        texts = [
            _MARKS.get(item.status) or f"❌ {item.share_text()} {cell(item.worst_rule or '')}".rstrip()
            for item in row.cells
        ]
        lines.append(f"| {cell(row.site)} | {row.pages} | " + " | ".join(texts) + " |")
    lines += ["", "✅ no page fails it · ❌ pages failing it, and the rule to fix first · — not asked by the profile"]
    return lines


def render(
    summary: Summary,
    exit_code: int,
    info: RunInfo,
    findings: list[tuple[Finding, str | None]],
    max_rows: int = MAX_ROWS,
) -> str:
    cell = markdown_cell
    lines: list[str] = []
    if summary.findings:
        verdict = ", ".join(_plural(summary.by_severity.get(name, 0), name) for name in SEVERITIES)
    else:
        verdict = "no findings"
    mark = "❌" if exit_code else "✅"
    lines.append(f"### {mark} pav: {verdict}")
    lines.append("")
    unread = f", {_plural(summary.problems, 'non-record input')}" if summary.problems else ""
    lines.append(
        f"{_plural(summary.records, 'record')} checked in {_plural(summary.n_files, 'file')}{unread}; "
        f"{summary.records_with_findings} with findings. Profile `{cell(info.profile)}`"
        f"{f' ({cell(summary.profiles_text())})' if summary.by_profile else ''}, "
        f"failing on `{cell(info.fail_on)}`, pav {cell(info.tool_version)}."
    )
    if summary.suppressed:
        lines += ["", f"{_plural(summary.suppressed, 'finding')} suppressed by the baseline."]
    if summary.partial:
        lines += [
            "",
            "> [!WARNING]",
            f"> **Partial report**: `{limit_text(info)}` was reached. {summary.reported} of "
            f"{summary.findings} findings are listed; the counts below cover them all.",
        ]
    if summary.findings:
        lines += ["", "| severity | findings |", "|---|---:|"]
        lines += [f"| {name} | {summary.by_severity.get(name, 0)} |" for name in SEVERITIES]
        rules = summary.rules_worst_first()
        lines += ["", "#### Findings by rule", "", "| rule | name | severity | findings | what it checks |"]
        lines.append("|---|---|---|---:|---|")
        for rule_id, count in rules:
            entry = CATALOG.get(rule_id)
            level = summary.rule_severity.get(rule_id, entry.severity if entry else None)
            name, title = (entry.name, entry.title) if entry else ("", "")
            lines.append(f"| {cell(rule_id)} | `{cell(name)}` | {level or ''} | {count} | {cell(title)} |")
    lines += _scorecard(summary, max_rows)
    sites = [item for item in summary.sites_worst_first() if item[1].findings]
    if sites:
        shown = sites[:max_rows]
        more = f" (worst {len(shown)} of {len(sites)})" if len(sites) > len(shown) else ""
        lines += ["", f"#### Sites with findings{more}", ""]
        lines += [
            "| site | pages | with findings | errors | warnings | info | worst rule |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for site, counts in shown:
            by = counts.by_severity
            lines.append(
                f"| {cell(site)} | {counts.pages} | {counts.pages_with_findings} | {by.get('error', 0)} | "
                f"{by.get('warning', 0)} | {by.get('info', 0)} | {cell(counts.worst_rule() or '')} |"
            )
    if findings:
        more = f" ({len(findings)} of {summary.reported}, worst first)" if summary.reported > len(findings) else ""
        lines += ["", f"#### Findings{more}", "", "| severity | rule | where | message |", "|---|---|---|---|"]
        for finding, url in findings:
            where = where_text(finding, url) + (f" {finding.path}" if finding.path else "")
            lines.append(f"| {finding.severity} | {cell(finding.rule)} | {cell(where)} | {cell(finding.message)} |")
    return "\n".join(lines) + "\n"
