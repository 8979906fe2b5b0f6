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
- Language: headings, labels, rule titles and the texts the script writes (a `pav-texts` JSON block of templates)
  are in the run's language (validator.i18n), and `<html lang>` says which; rule ids, names, severity words and
  the filter's values are the same in every language. Rule documentation (docstrings) stays English.
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
from validator.i18n import _, current_language, plural
from validator.reports import NO_SITE, SEVERITIES, RunInfo, Summary, count_text, limit_text, site_of
from validator.reports.escape import printable
from validator.rules import CATALOG, Rule
from validator.rules.base import rule_title
from validator.rules.docs import rule_doc_text
from validator.rules.requirements import ordered as requirements_ordered
from validator.rules.requirements import requirement_title

_LEVEL = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


@cache
def _asset(name: str) -> str:
    return resources.files("validator.reports").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def document_head(title: str, css: str, script: str | None, version: str) -> str:
    """The start of a self-contained pav page, up to the opened <body>: the Content Security Policy allows only this
    style and this script (by hash; no script at all when `script` is None), nothing from anywhere else."""
    script_src = _csp_hash(script) if script is not None else "'none'"
    csp = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {script_src}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(current_language())}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f'<meta name="generator" content="pav {esc(version)}">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>{css}</style>\n</head>\n<body>\n"
    )


def esc(text: object) -> str:
    """Text for HTML content or a quoted attribute."""
    return html.escape(printable(str(text)), quote=True)


def script_json(value: Any) -> str:
    """JSON that is safe inside <script type="application/json">: no `<`, `>` or `&` can end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class HtmlReporter:
    def __init__(self, stream: TextIO, info: RunInfo, title: str | None = None) -> None:
        self.stream = stream
        self.info = info
        self.title = title if title is not None else _("pav report")
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
        write = self.stream.write
        write(document_head(f"{self.title}: {_verdict_text(summary)}", css, js, self.info.tool_version))
        write(self._header(summary, exit_code))
        write(self._figures(summary))
        write(self._scorecard(summary))  # what an inspector reads first: which requirements each site fails
        write(self._chart(summary))
        write(self._sites(summary))
        write(self._findings_section(summary))
        write(self._rule_docs(summary))
        write(
            '<dialog id="doc-dialog" aria-labelledby="doc-title">'
            f'<h2 id="doc-title" class="hidden">{esc(_("Rule"))}</h2>'
            '<div id="doc-content"></div><form method="dialog"><button id="doc-close" type="button">'
            f"{esc(_('Close'))}</button></form></dialog>\n"
        )
        write(f'<script type="application/json" id="pav-texts">{script_json(_script_texts())}</script>\n')
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
        label = _("Fails") if exit_code else _("Passes")
        profiles = _(" ({profiles})").format(profiles=esc(summary.profiles_text())) if summary.by_profile else ""
        parts = [
            "<header>",
            f"<h1>{esc(self.title)}</h1>",
            f'<p class="meta"><span class="verdict {verdict}">{esc(label)}</span>'
            + _(
                "{verdict}. Profile <code>{profile}</code>{profiles}, failing on <code>{fail_on}</code>; "
                "pav {version}; written {written}."
            ).format(
                verdict=esc(_verdict_text(summary)),
                profile=esc(self.info.profile),
                profiles=profiles,
                fail_on=esc(self.info.fail_on),
                version=esc(self.info.tool_version),
                written=esc(self.started.strftime("%Y-%m-%d %H:%M %Z").strip()),
            )
            + "</p>",
        ]
        if summary.partial:
            parts.append(
                '<p class="banner partial" role="alert">'
                + _(
                    "Partial report: {limit} was reached. {reported} of {findings} findings are listed below; "
                    "the figures, the chart and the site table count them all."
                ).format(
                    limit=esc(limit_text(self.info)), reported=f"{summary.reported:,}", findings=f"{summary.findings:,}"
                )
                + "</p>"
            )
        if summary.suppressed:
            parts.append(
                '<p class="banner">'
                + plural(
                    summary.suppressed,
                    "{count} finding suppressed by the baseline (not counted here).",
                    "{count} findings suppressed by the baseline (not counted here).",
                ).replace(str(summary.suppressed), f"{summary.suppressed:,}", 1)
                + "</p>"
            )
        parts.append("</header>\n")
        return "\n".join(parts)

    def _figures(self, summary: Summary) -> str:
        # data-figure is the English label in every language (the browser tests and any scraper find a figure by it).
        figures = [
            ("", summary.records, "records checked", _("records checked")),
            ("", summary.records_with_findings, "records with findings", _("records with findings")),
            ("", summary.findings, "findings", _("findings")),
            ("error", summary.by_severity.get("error", 0), "errors", _("errors")),
            ("warning", summary.by_severity.get("warning", 0), "warnings", _("warnings")),
            ("info", summary.by_severity.get("info", 0), "info", _("info")),
            ("", sum(1 for name in summary.by_site if name != NO_SITE), "sites", _("sites")),
            ("", summary.n_files, "files", _("files")),
            ("", summary.problems, "non-record inputs", _("non-record inputs")),
        ]
        if summary.suppressed:
            figures.append(("", summary.suppressed, "suppressed", _("suppressed")))
        cells = "".join(
            f'<div class="figure {kind}" data-figure="{esc(key)}"><b>{value:,}</b><span>{esc(label)}</span></div>'
            for kind, value, key, label in figures
        )
        return f'<section id="summary" aria-label="{esc(_("Summary"))}"><div class="figures">{cells}</div></section>\n'

    def _chart(self, summary: Summary) -> str:
        rules = sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0]))
        if not rules:
            return (
                f'<section id="chart"><h2>{esc(_("Findings per rule"))}</h2><p>{esc(_("No findings."))}</p></section>\n'
            )
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
                f"<title>{esc(label)}: "
                + esc(
                    plural(count, "{count} {severity} finding", "{count} {severity} findings", severity=level).replace(
                        str(count), f"{count:,}", 1
                    )
                )
                + "</title>"
                f'<text x="0" y="{y + 11}">{esc(label)}</text>'
                f'<rect class="{esc(level)}" x="{label_width}" y="{y}" width="{length:.1f}" height="{row_height - 6}"'
                ' rx="3"></rect>'
                f'<text class="count" x="{label_width + length + 6:.1f}" y="{y + 11}">{count:,}</text></a>'
            )
        heading = esc(_("Findings per rule"))
        return (
            f'<section id="chart"><h2>{heading}</h2>'
            f'<svg class="chart" role="img" aria-label="{heading}" viewBox="0 0 {width} {height}" '
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
        head = [f'<th><button type="button" data-sort="text">{esc(_("site"))}</button></th>']
        head.append(f'<th class=n><button type="button" data-sort="number">{esc(_("pages"))}</button></th>')
        head.append(f'<th class=n><button type="button" data-sort="number">{esc(_("failed"))}</button></th>')
        head += [
            f'<th data-requirement="{esc(item.id)}"><button type="button" data-sort="number">'
            f"{esc(requirement_title(item))}</button></th>"
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
                    title += _("fails on {share}; fix {rule} first").format(
                        share=cell.share_text(), rule=cell.worst_rule
                    )
                    cells.append(
                        f'<td class="sc fail {esc(cell.severity or "")}" data-value="{cell.share:.6f}" '
                        f'title="{esc(title)}"><a href="{esc(target)}" data-filter-site="{esc(row.site)}" '
                        f'data-filter-requirement="{esc(cell.requirement)}">{esc(shown)}'
                        f"<small>{cell.pages_failing:,}/{cell.pages:,} {esc(cell.worst_rule or '')}</small></a></td>"
                    )
                elif cell.status == "pass":
                    title += _("passes")
                    cells.append(f'<td class="sc pass" data-value="0" title="{esc(title)}">✓</td>')
                else:
                    title += _("not asked by the {profile} profile").format(profile=row.profile)
                    cells.append(f'<td class="sc not-asked" data-value="-1" title="{esc(title)}">—</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return (
            '<section id="scorecard"><h2>'
            + esc(_("Site scorecard ({count} sites)").format(count=f"{len(scorecard.rows):,}"))
            + '</h2><p class="meta">'
            + esc(
                _(
                    "Each cell: ✓ no page of the site fails the requirement; a share of its pages failing it, with the "
                    "rule to fix first (a click lists those findings); — the site's profile does not ask for it. "
                    "Click a heading to sort."
                )
            )
            + "</p>"
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
        count = f"{sum(1 for name in summary.by_site if name != NO_SITE):,}"
        return (
            f'<section id="sites"><h2>{esc(_("Sites ({count})").format(count=count))}</h2>'
            '<div class="scroll"><table>'
            f"<thead><tr><th>{esc(_('site'))}</th><th class=n>{esc(_('pages'))}</th>"
            f"<th class=n>{esc(_('with findings'))}</th><th class=n>{esc(_('errors'))}</th>"
            f"<th class=n>{esc(_('warnings'))}</th><th class=n>{esc(_('info'))}</th><th>{esc(_('worst rule'))}</th>"
            "</tr></thead><tbody>" + "\n".join(rows) + "</tbody></table></div></section>\n"
        )

    def _findings_section(self, summary: Summary) -> str:
        site_options = "".join(f'<option value="{esc(name)}">{esc(name)}</option>' for name in sorted(self.sites))
        rule_options = "".join(
            f'<option value="{esc(rule_id)}">{esc(rule_id)} {esc(CATALOG[rule_id].name if rule_id in CATALOG else "")}'
            f" ({count:,})</option>"
            for rule_id, count in summary.rules_worst_first()
        )
        requirement_options = "".join(
            f'<option value="{esc(item.id)}">{esc(requirement_title(item))}</option>' for item in requirements_ordered()
        )
        severity_options = "".join(f'<option value="{name}">{name}</option>' for name in SEVERITIES)
        listed = _("{count} findings, worst first").format(count=f"{self.rows:,}") if self.rows else _("No findings")
        t = {  # each label, escaped
            key: esc(text)
            for key, text in (
                ("findings", _("Findings")),
                ("site", _("Site")),
                ("all_sites", _("all sites")),
                ("rule", _("Rule")),
                ("all_rules", _("all rules")),
                ("requirement", _("Requirement")),
                ("all_requirements", _("all requirements")),
                ("severity", _("Severity")),
                ("any", _("any")),
                ("text", _("Text")),
                ("placeholder", _("message, record id, URL, file")),
                ("reset", _("Reset")),
                ("link", _("link to this view")),
                (
                    "noscript",
                    _(
                        "The list of findings needs JavaScript. The figures, the chart, the sites and the rule "
                        "documentation work without it."
                    ),
                ),
                ("th_severity", _("severity")),
                ("th_rule", _("rule")),
                ("th_site", _("site")),
                ("th_where", _("where")),
                ("th_message", _("message")),
                ("th_record", _("record")),
                ("more", _("Show more")),
                ("all", _("Show all")),
            )
        }
        return (
            f'<section id="findings"><h2>{t["findings"]}</h2><p class="meta">{esc(listed)}.</p>\n'
            '<form id="filters" class="filters" role="search">'
            f'<label>{t["site"]}<select id="f-site"><option value="">{t["all_sites"]}</option>{site_options}'
            "</select></label>"
            f'<label>{t["rule"]}<select id="f-rule"><option value="">{t["all_rules"]}</option>{rule_options}'
            "</select></label>"
            f'<label>{t["requirement"]}<select id="f-requirement"><option value="">{t["all_requirements"]}</option>'
            f"{requirement_options}</select></label>"
            f'<label>{t["severity"]}<select id="f-severity"><option value="">{t["any"]}</option>{severity_options}'
            "</select></label>"
            f'<label>{t["text"]}<input id="f-text" type="search" placeholder="{t["placeholder"]}"></label>'
            f'<button id="f-reset" type="button">{t["reset"]}</button><a id="f-link" href="#filter?">{t["link"]}</a>'
            '<output id="f-count"></output></form>\n'
            f'<noscript><p class="banner">{t["noscript"]}</p></noscript>\n'
            f'<div class="scroll"><table id="findings-table"><thead><tr><th>{t["th_severity"]}</th>'
            f"<th>{t['th_rule']}</th><th>{t['th_site']}</th><th>{t['th_where']}</th><th>{t['th_message']}</th>"
            f'<th>{t["th_record"]}</th></tr></thead><tbody id="rows"></tbody></table></div>\n'
            f'<div class="more"><button id="more" type="button" class="hidden">{t["more"]}</button>'
            f'<button id="more-all" type="button" class="hidden">{t["all"]}</button></div></section>\n'
        )

    def _rule_docs(self, summary: Summary) -> str:
        present = [CATALOG[rule_id] for rule_id, _ in summary.rules_worst_first() if rule_id in CATALOG]
        others = [entry for key, entry in sorted(CATALOG.items()) if key not in summary.by_rule]
        return (
            f'<section id="rules"><h2>{esc(_("Rules"))}</h2>'
            + "".join(_rule_doc(entry) for entry in present)
            + (
                f"<details><summary>{esc(_('Rules without findings in this run'))}</summary>"
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
        f'<span class="sev {entry.severity}">{entry.severity}</span></h3><p>{esc(rule_title(entry))}</p>'
        f"<pre>{esc_block(rule_doc_text(entry))}</pre></section>"
    )


def esc_block(text: str) -> str:
    """Multi-line text for <pre>: each line made printable, newlines kept."""
    return "\n".join(esc(line) for line in text.split("\n"))


def _script_texts() -> dict[str, str]:
    """The texts html_report.js writes, as templates in the run's language."""
    return {
        "showing": _("Showing {shown} of {matching} matching findings ({listed} listed)"),
        "more": _("Show {count} more"),
        "all": _("Show all {count}"),
    }


def _thousands(text: str, count: int) -> str:
    """`text` (a counted form) with its count written with thousands separators, as the English report has it."""
    return text.replace(str(count), f"{count:,}", 1)


def _verdict_text(summary: Summary) -> str:
    if not summary.findings:
        return _("no findings in {count} records").format(count=f"{summary.records:,}")
    counts = _(", ").join(
        _thousands(count_text(count, name), count)
        for name in SEVERITIES
        for count in [summary.by_severity.get(name, 0)]
    )
    return _("{findings} findings ({counts}) in {with_findings} of {records} records").format(
        findings=f"{summary.findings:,}",
        counts=counts,
        with_findings=f"{summary.records_with_findings:,}",
        records=f"{summary.records:,}",
    )
