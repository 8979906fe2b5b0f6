"""The HTML report: one self-contained file for people (inspectors, site owners), readable offline and mailed.

- Summary figures, a bar chart of findings per rule (inline SVG), a table of sites (pages, errors, warnings,
  worst rule), every finding (filterable by site, rule, severity and text, worst first), and every rule's
  documentation, one click away from each finding.
- Self-contained: the style and the script are inline; no fonts, images or requests. A Content Security
  Policy allows only that style and that script (by hash), so even a mistake in escaping could not load or
  run anything else.
- Hostile content: every text goes through `html.escape` (and `printable`, so controls and bidirectional
  overrides show as escapes); the findings are embedded as JSON with `<` and `>` escaped, and the script
  puts them into the page with `textContent` only.
- Large runs: findings are streamed to a temporary spool as compact JSON rows, and the script renders them
  200 at a time, so 100,000 findings make a file of a few tens of megabytes that opens and filters quickly.
  The reporter's memory is the site and file name tables, not the findings.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import shutil
import tempfile
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, TextIO
from urllib.parse import urlencode

from validator.engine import RecordResult
from validator.findings import Severity
from validator.reports import NO_SITE, SEVERITIES, RunInfo, Summary, limit_text, site_of
from validator.reports.escape import printable
from validator.rules import CATALOG, Rule
from validator.rules.docs import rule_doc_text
from validator.rules.requirements import ordered as requirements_ordered

_LEVEL = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


@cache
def _asset(name: str) -> str:
    return resources.files("validator.reports").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def esc(text: object) -> str:
    """Text for HTML content or a quoted attribute."""
    return html.escape(printable(str(text)), quote=True)


def script_json(value: Any) -> str:
    """JSON that is safe inside <script type="application/json">: no `<`, `>` or `&` can end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class HtmlReporter:
    def __init__(self, stream: TextIO, info: RunInfo, title: str = "pav report") -> None:
        self.stream = stream
        self.info = info
        self.title = title
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in finish
        self.sites: dict[str, int] = {}
        self.files: dict[str, int] = {}
        self.rows = 0
        self.started = datetime.now().astimezone()

    def _index(self, table: dict[str, int], name: str) -> int:
        index = table.get(name)
        if index is None:
            index = table[name] = len(table)
        return index

    def add(self, result: RecordResult) -> None:
        if not result.findings:
            return
        site = self._index(self.sites, printable(site_of(result)))
        url = printable(result.url) if result.url else None
        for finding in result.findings:
            location = finding.location
            row = [
                _LEVEL[finding.severity],
                printable(finding.rule),
                site,
                self._index(self.files, printable(location.file)),
                location.line,
                location.index,
                printable(finding.path),
                printable(finding.message),
                printable(finding.record_id) if finding.record_id is not None else None,
                url,
            ]
            self.spool.write(("\n" if self.rows == 0 else ",\n") + script_json(row))
            self.rows += 1

    def finish(self, summary: Summary, exit_code: int) -> None:
        css, js = _asset("html_report.css"), _asset("html_report.js")
        csp = (
            f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
            "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
        )
        write = self.stream.write
        write(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="color-scheme" content="light dark">\n'
            f'<meta name="generator" content="pav {esc(self.info.tool_version)}">\n'
            f"<title>{esc(self.title)}: {esc(_verdict_text(summary))}</title>\n"
            f"<style>{css}</style>\n</head>\n<body>\n"
        )
        write(self._header(summary, exit_code))
        write(self._figures(summary))
        write(self._chart(summary))
        write(self._scorecard(summary))
        write(self._sites(summary))
        write(self._findings_section(summary))
        write(self._rule_docs(summary))
        write(
            '<dialog id="doc-dialog" aria-labelledby="doc-title"><h2 id="doc-title" class="hidden">Rule</h2>'
            '<div id="doc-content"></div><form method="dialog"><button id="doc-close" type="button">Close</button>'
            "</form></dialog>\n"
        )
        write('<script type="application/json" id="pav-findings">[')
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.stream)
        self.spool.close()
        write("\n]</script>\n")
        sites = sorted(self.sites, key=self.sites.__getitem__)
        files = sorted(self.files, key=self.files.__getitem__)
        write(f'<script type="application/json" id="pav-sites">{script_json(sites)}</script>\n')
        write(f'<script type="application/json" id="pav-files">{script_json(files)}</script>\n')
        served = {entry.id: entry.requirement for entry in CATALOG.values() if entry.requirement}
        write(f'<script type="application/json" id="pav-requirements">{script_json(served)}</script>\n')
        write(f"<script>{js}</script>\n</body>\n</html>\n")
        self.stream.flush()

    def _header(self, summary: Summary, exit_code: int) -> str:
        verdict = "fail" if exit_code else "pass"
        label = "Fails" if exit_code else "Passes"
        parts = [
            "<header>",
            f"<h1>{esc(self.title)}</h1>",
            f'<p class="meta"><span class="verdict {verdict}">{label}</span>{esc(_verdict_text(summary))}. '
            f"Profile <code>{esc(self.info.profile)}</code>"
            f"{f' ({esc(summary.profiles_text())})' if summary.by_profile else ''}, "
            f"failing on <code>{esc(self.info.fail_on)}</code>; "
            f"pav {esc(self.info.tool_version)}; written {esc(self.started.strftime('%Y-%m-%d %H:%M %Z').strip())}."
            "</p>",
        ]
        if summary.partial:
            parts.append(
                f'<p class="banner partial" role="alert">Partial report: {esc(limit_text(self.info))} '
                f"was reached. {summary.reported:,} of {summary.findings:,} findings are listed below; "
                "the figures, the chart and the site table count them all.</p>"
            )
        if summary.suppressed:
            parts.append(
                f'<p class="banner">{summary.suppressed:,} finding{"s" if summary.suppressed != 1 else ""} '
                "suppressed by the baseline (not counted here).</p>"
            )
        parts.append("</header>\n")
        return "\n".join(parts)

    def _figures(self, summary: Summary) -> str:
        figures = [
            ("", summary.records, "records checked"),
            ("", summary.records_with_findings, "records with findings"),
            ("", summary.findings, "findings"),
            ("error", summary.by_severity.get("error", 0), "errors"),
            ("warning", summary.by_severity.get("warning", 0), "warnings"),
            ("info", summary.by_severity.get("info", 0), "info"),
            ("", sum(1 for name in summary.by_site if name != NO_SITE), "sites"),
            ("", summary.n_files, "files"),
            ("", summary.problems, "non-record inputs"),
        ]
        if summary.suppressed:
            figures.append(("", summary.suppressed, "suppressed"))
        cells = "".join(
            f'<div class="figure {kind}" data-figure="{esc(label)}"><b>{value:,}</b><span>{esc(label)}</span></div>'
            for kind, value, label in figures
        )
        return f'<section id="summary" aria-label="Summary"><div class="figures">{cells}</div></section>\n'

    def _chart(self, summary: Summary) -> str:
        rules = sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0]))
        if not rules:
            return '<section id="chart"><h2>Findings per rule</h2><p>No findings.</p></section>\n'
        top = max(count for _, count in rules)
        row_height, label_width, bar_width = 26, 230, 520
        height = row_height * len(rules) + 8
        width = label_width + bar_width + 80
        bars = []
        for number, (rule_id, count) in enumerate(rules):
            y = 4 + number * row_height
            entry = CATALOG.get(rule_id)
            level = summary.rule_severity.get(rule_id) or (entry.severity if entry else Severity.ERROR)
            length = max(2.0, bar_width * count / top)
            label = f"{rule_id} {entry.name}" if entry else rule_id
            bars.append(
                f'<a href="#rule-{esc(rule_id)}" data-filter-rule="{esc(rule_id)}" class="bar">'
                f"<title>{esc(label)}: {count:,} {esc(level)} finding{'s' if count != 1 else ''}</title>"
                f'<text x="0" y="{y + 11}">{esc(label)}</text>'
                f'<rect class="{esc(level)}" x="{label_width}" y="{y}" width="{length:.1f}" height="{row_height - 6}"'
                ' rx="3"></rect>'
                f'<text class="count" x="{label_width + length + 6:.1f}" y="{y + 11}">{count:,}</text></a>'
            )
        return (
            '<section id="chart"><h2>Findings per rule</h2>'
            f'<svg class="chart" role="img" aria-label="Findings per rule" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
            + "".join(bars)
            + "</svg></section>\n"
        )

    def _scorecard(self, summary: Summary) -> str:
        """The site scorecard as a matrix: a site per row, a requirement per column, sortable by any column (a click
        on its heading); a failing cell shows the share of pages failing and the rule to fix first, and links to
        that site's findings of that requirement."""
        from validator.reports.scorecard import build_scorecard

        scorecard = build_scorecard(summary)
        if not scorecard.rows or not scorecard.requirements:
            return ""
        head = ['<th><button type="button" data-sort="text">site</button></th>']
        head.append('<th class=n><button type="button" data-sort="number">pages</button></th>')
        head.append('<th class=n><button type="button" data-sort="number">failed</button></th>')
        head += [
            f'<th data-requirement="{esc(item.id)}"><button type="button" data-sort="number">{esc(item.title)}</button>'
            "</th>"
            for item in scorecard.requirements
        ]
        rows = []
        for row in scorecard.rows:
            cells = [
                f'<th scope="row" data-value="{esc(row.site)}">{esc(row.site)}</th>',
                f'<td class=n data-value="{row.pages}">{row.pages:,}</td>',
                f'<td class=n data-value="{row.failing}">{row.failing}</td>',
            ]
            for cell in row.cells:
                title = f"{cell.requirement}: "
                if cell.status == "fail":
                    target = "#filter?" + urlencode({"site": row.site, "requirement": cell.requirement})
                    percent = cell.share * 100
                    shown = "<1%" if 0 < percent < 1 else f"{percent:.0f}%"
                    title += f"fails on {cell.share_text()}; fix {cell.worst_rule} first"
                    cells.append(
                        f'<td class="sc fail {esc(cell.severity or "")}" data-value="{cell.share:.6f}" '
                        f'title="{esc(title)}"><a href="{esc(target)}" data-filter-site="{esc(row.site)}" '
                        f'data-filter-requirement="{esc(cell.requirement)}">{esc(shown)}'
                        f"<small>{cell.pages_failing:,}/{cell.pages:,} {esc(cell.worst_rule or '')}</small></a></td>"
                    )
                elif cell.status == "pass":
                    cells.append(f'<td class="sc pass" data-value="0" title="{esc(title)}passes">✓</td>')
                else:
                    cells.append(
                        f'<td class="sc not-asked" data-value="-1" title="{esc(title)}not asked by the '
                        f'{esc(row.profile)} profile">—</td>'
                    )
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return (
            f'<section id="scorecard"><h2>Site scorecard ({len(scorecard.rows):,} sites)</h2>'
            '<p class="meta">Each cell: ✓ no page of the site fails the requirement; a share of its pages failing it, '
            "with the rule to fix first (a click lists those findings); — the site's profile does not ask for it. "
            "Click a heading to sort.</p>"
            '<div class="scroll"><table class="scorecard" id="scorecard-table"><thead><tr>'
            + "".join(head)
            + "</tr></thead><tbody>"
            + "\n".join(rows)
            + "</tbody></table></div></section>\n"
        )

    def _sites(self, summary: Summary) -> str:
        rows = []
        for name, counts in summary.sites_worst_first():
            by = counts.by_severity
            worst = counts.worst_rule()
            worst_cell = f'<a class="rule-link mono" href="#rule-{esc(worst)}">{esc(worst)}</a>' if worst else ""
            site_cell = (
                f'<a href="#findings" data-filter-site="{esc(name)}">{esc(name)}</a>' if counts.findings else esc(name)
            )
            rows.append(
                f"<tr><td>{site_cell}</td><td class=n>{counts.pages:,}</td><td class=n>{counts.pages_with_findings:,}"
                f"</td><td class=n>{by.get('error', 0):,}</td><td class=n>{by.get('warning', 0):,}</td>"
                f"<td class=n>{by.get('info', 0):,}</td><td>{worst_cell}</td></tr>"
            )
        return (
            f'<section id="sites"><h2>Sites ({sum(1 for name in summary.by_site if name != NO_SITE):,})</h2>'
            '<div class="scroll"><table>'
            "<thead><tr><th>site</th><th class=n>pages</th><th class=n>with findings</th><th class=n>errors</th>"
            "<th class=n>warnings</th><th class=n>info</th><th>worst rule</th></tr></thead><tbody>"
            + "\n".join(rows)
            + "</tbody></table></div></section>\n"
        )

    def _findings_section(self, summary: Summary) -> str:
        site_options = "".join(f'<option value="{esc(name)}">{esc(name)}</option>' for name in sorted(self.sites))
        rule_options = "".join(
            f'<option value="{esc(rule_id)}">{esc(rule_id)} {esc(CATALOG[rule_id].name if rule_id in CATALOG else "")}'
            f" ({count:,})</option>"
            for rule_id, count in summary.rules_worst_first()
        )
        requirement_options = "".join(
            f'<option value="{esc(item.id)}">{esc(item.title)}</option>' for item in requirements_ordered()
        )
        severity_options = "".join(f'<option value="{name}">{name}</option>' for name in SEVERITIES)
        listed = f"{self.rows:,} findings, worst first" if self.rows else "No findings"
        return (
            f'<section id="findings"><h2>Findings</h2><p class="meta">{listed}.</p>\n'
            '<form id="filters" class="filters" role="search">'
            f'<label>Site<select id="f-site"><option value="">all sites</option>{site_options}</select></label>'
            f'<label>Rule<select id="f-rule"><option value="">all rules</option>{rule_options}</select></label>'
            f'<label>Requirement<select id="f-requirement"><option value="">all requirements</option>'
            f"{requirement_options}</select></label>"
            f'<label>Severity<select id="f-severity"><option value="">any</option>{severity_options}</select></label>'
            '<label>Text<input id="f-text" type="search" placeholder="message, record id, URL, file"></label>'
            '<button id="f-reset" type="button">Reset</button><a id="f-link" href="#filter?">link to this view</a>'
            '<output id="f-count"></output></form>\n'
            '<noscript><p class="banner">The list of findings needs JavaScript. The figures, the chart, the sites '
            "and the rule documentation work without it.</p></noscript>\n"
            '<div class="scroll"><table id="findings-table"><thead><tr><th>severity</th><th>rule</th><th>site</th>'
            '<th>where</th><th>message</th><th>record</th></tr></thead><tbody id="rows"></tbody></table></div>\n'
            '<div class="more"><button id="more" type="button" class="hidden">Show more</button>'
            '<button id="more-all" type="button" class="hidden">Show all</button></div></section>\n'
        )

    def _rule_docs(self, summary: Summary) -> str:
        present = [CATALOG[rule_id] for rule_id, _ in summary.rules_worst_first() if rule_id in CATALOG]
        others = [entry for key, entry in sorted(CATALOG.items()) if key not in summary.by_rule]
        return (
            '<section id="rules"><h2>Rules</h2>'
            + "".join(_rule_doc(entry) for entry in present)
            + (
                "<details><summary>Rules without findings in this run</summary>"
                + "".join(_rule_doc(entry) for entry in others)
                + "</details>"
                if others
                else ""
            )
            + "</section>\n"
        )


def _rule_doc(entry: Rule) -> str:
    return (
        f'<section class="rule-doc" id="rule-{esc(entry.id)}"><h3><code>{esc(entry.id)}</code> {esc(entry.name)} '
        f'<span class="sev {entry.severity}">{entry.severity}</span></h3><p>{esc(entry.title)}</p>'
        f"<pre>{esc_block(rule_doc_text(entry))}</pre></section>"
    )


def esc_block(text: str) -> str:
    """Multi-line text for <pre>: each line made printable, newlines kept."""
    return "\n".join(esc(line) for line in text.split("\n"))


def _verdict_text(summary: Summary) -> str:
    if not summary.findings:
        return f"no findings in {summary.records:,} records"
    counts = ", ".join(
        f"{count:,} {name}{'s' if name != 'info' and count != 1 else ''}"
        for name in SEVERITIES
        for count in [summary.by_severity.get(name, 0)]
    )
    return (
        f"{summary.findings:,} findings ({counts}) in {summary.records_with_findings:,} of {summary.records:,} records"
    )
