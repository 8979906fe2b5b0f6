"""Markdown (GitHub flavour): a summary for a pull-request comment or a workflow's step summary.

The verdict, the counts by severity, by rule and by site (worst sites first), and the first findings,
worst first, in the run's language (validator.i18n: headings, fixed texts, rule titles, messages; rule ids, rule
names and severity words stay as the configuration writes them). Tables are capped (`max_rows`) so the text
stays within a comment's size limit however large the run: the reporter keeps at most `max_rows` findings per
severity, never the whole list.
"""

from __future__ import annotations

from typing import TextIO

from validator.engine import RecordResult
from validator.findings import Finding, Severity
from validator.i18n import _
from validator.reports import SEVERITIES, RunInfo, Summary, count_text, limit_text, where_text
from validator.reports.escape import markdown_cell
from validator.rules import CATALOG
from validator.rules.base import rule_title
from validator.rules.requirements import requirement_title

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


_MARKS = {"pass": "✅", "not-asked": "—"}


def _scorecard(summary: Summary, max_rows: int) -> list[str]:
    """The site scorecard: a site per row, a requirement per column; a failing cell gives its share and the rule to
    fix first (a cross, "4 of 10 pages", the percentage and the rule id)."""
    from validator.reports.scorecard import build_scorecard

    scorecard = build_scorecard(summary)
    if not scorecard.rows or not scorecard.requirements:
        return []
    shown = scorecard.rows[:max_rows]
    more = (
        _(" (worst {shown} of {count} sites)").format(shown=len(shown), count=len(scorecard.rows))
        if len(scorecard.rows) > len(shown)
        else ""
    )
    cell = markdown_cell
    lines = ["", _("#### Site scorecard{more}").format(more=more), ""]
    titles = " | ".join(cell(requirement_title(item)) for item in scorecard.requirements)
    lines.append(_("| site | pages | ") + titles + " |")
    lines.append("|---|---:|" + "---|" * len(scorecard.requirements))
    for row in shown:
        texts = [
            _MARKS.get(item.status) or f"❌ {item.share_text()} {cell(item.worst_rule or '')}".rstrip()
            for item in row.cells
        ]
        lines.append(f"| {cell(row.site)} | {row.pages} | " + " | ".join(texts) + " |")
    lines += [
        "",
        _("✅ no page fails it · ❌ pages failing it, and the rule to fix first · — not asked by the profile"),
    ]
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
        verdict = _(", ").join(count_text(summary.by_severity.get(name, 0), name) for name in SEVERITIES)
    else:
        verdict = _("no findings")
    mark = "❌" if exit_code else "✅"
    lines.append(f"### {mark} pav: {verdict}")
    lines.append("")
    unread = _(", {inputs}").format(inputs=count_text(summary.problems, "non-record input")) if summary.problems else ""
    profiles = _(" ({profiles})").format(profiles=cell(summary.profiles_text())) if summary.by_profile else ""
    lines.append(
        _(
            "{records} checked in {files}{unread}; {with_findings} with findings. Profile `{profile}`{profiles}, "
            "failing on `{fail_on}`, pav {version}."
        ).format(
            records=count_text(summary.records, "record"),
            files=count_text(summary.n_files, "file"),
            unread=unread,
            with_findings=summary.records_with_findings,
            profile=cell(info.profile),
            profiles=profiles,
            fail_on=cell(info.fail_on),
            version=cell(info.tool_version),
        )
    )
    if summary.suppressed:
        lines += [
            "",
            _("{findings} suppressed by the baseline.").format(findings=count_text(summary.suppressed, "finding")),
        ]
    if summary.partial:
        lines += [
            "",
            "> [!WARNING]",
            _(
                "> **Partial report**: `{limit}` was reached. {reported} of {findings} findings are listed; the counts "
                "below cover them all."
            ).format(limit=limit_text(info), reported=summary.reported, findings=summary.findings),
        ]
    if summary.findings:
        lines += ["", _("| severity | findings |"), "|---|---:|"]
        lines += [f"| {name} | {summary.by_severity.get(name, 0)} |" for name in SEVERITIES]
        rules = summary.rules_worst_first()
        lines += ["", _("#### Findings by rule"), "", _("| rule | name | severity | findings | what it checks |")]
        lines.append("|---|---|---|---:|---|")
        for rule_id, count in rules:
            entry = CATALOG.get(rule_id)
            level = summary.rule_severity.get(rule_id, entry.severity if entry else None)
            name, title = (entry.name, rule_title(entry)) if entry else ("", "")
            lines.append(f"| {cell(rule_id)} | `{cell(name)}` | {level or ''} | {count} | {cell(title)} |")
    lines += _scorecard(summary, max_rows)
    sites = [item for item in summary.sites_worst_first() if item[1].findings]
    if sites:
        shown = sites[:max_rows]
        more = (
            _(" (worst {shown} of {count})").format(shown=len(shown), count=len(sites))
            if len(sites) > len(shown)
            else ""
        )
        lines += ["", _("#### Sites with findings{more}").format(more=more), ""]
        lines += [
            _("| site | pages | with findings | errors | warnings | info | worst rule |"),
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for site, counts in shown:
            by = counts.by_severity
            lines.append(
                f"| {cell(site)} | {counts.pages} | {counts.pages_with_findings} | {by.get('error', 0)} | "
                f"{by.get('warning', 0)} | {by.get('info', 0)} | {cell(counts.worst_rule() or '')} |"
            )
    if findings:
        more = (
            _(" ({shown} of {count}, worst first)").format(shown=len(findings), count=summary.reported)
            if summary.reported > len(findings)
            else ""
        )
        lines += ["", _("#### Findings{more}").format(more=more), "", _("| severity | rule | where | message |")]
        lines.append("|---|---|---|---|")
        for finding, url in findings:
            where = where_text(finding, url) + (f" {finding.path}" if finding.path else "")
            lines.append(f"| {finding.severity} | {cell(finding.rule)} | {cell(where)} | {cell(finding.message)} |")
    return "\n".join(lines) + "\n"
