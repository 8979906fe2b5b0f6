"""The formats of a run-to-run comparison (`pav report --compare OLD NEW --format FMT[=PATH]`).

Four formats fit a comparison, which is a verdict, tallies and two lists:
- `text` (the default): the new and the fixed findings, one line each as `pav check` writes them, the tallies
  per site and per rule, the scorecard's changed cells, and a closing line with the verdict;
- `json`: the documented object of `schemas/pav-compare.schema.json`, every new and fixed finding included;
- `markdown`: for a pull-request comment: tables capped at `MAX_ROWS` rows so the comment stays within its
  size limit however large the runs;
- `html`: one compact self-contained page in the HTML report's style (its stylesheet, no script), lists capped
  at `HTML_MAX_ROWS` findings each (the JSON comparison lists all).
The others do not fit (`jsonl`, `junit`, `sarif` and `github` describe one run's findings, not a change) and are
a usage error naming the format.

Every text that comes from a report (messages, sites, rules, files, URLs) is escaped for its format: `printable`
for text, `markdown_cell` for Markdown, `html.escape` over `printable` for HTML; JSON keeps the exact data.
Everything is streamed from the comparison's spools: no format holds the lists.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Callable
from importlib import resources
from typing import Any, TextIO

from validator import __version__
from validator.findings import Finding, Severity
from validator.reports import SEVERITIES
from validator.reports.compare import COMPARE_FORMAT_VERSION, CellChange, Change, Comparison, ListedFinding, Side
from validator.reports.escape import encodable, markdown_cell, printable
from validator.reports.scorecard import Cell
from validator.reports.text import finding_line

COMPARE_FORMATS = ("text", "json", "markdown", "html")
MAX_ROWS = 20  # markdown: rows per table and findings per list
HTML_MAX_ROWS = 1000  # html: findings per list


def render(name: str, comparison: Comparison, stream: TextIO) -> None:
    """Write `comparison` as format `name` (one of COMPARE_FORMATS)."""
    writers: dict[str, Callable[[Comparison, TextIO], None]] = {
        "text": write_text,
        "json": write_json,
        "markdown": write_markdown,
        "html": write_html,
    }
    writers[name](comparison, stream)
    stream.flush()


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 and word != 'info' else ''}"


def _severities(counts: dict[str, int]) -> str:
    return ", ".join(_plural(counts[name], name) for name in SEVERITIES if counts.get(name))


def verdict_line(comparison: Comparison) -> str:
    """`2 new (1 error, 1 warning), 1 fixed, 36 remaining; failing on error: 1 new at or above it.`"""
    total = comparison.total
    severities = _severities(comparison.new_by_severity)
    line = f"{total.new:,} new{f' ({severities})' if severities else ''}, {total.fixed:,} fixed, "
    line += f"{total.remaining:,} remaining"
    failing = comparison.failing()
    if comparison.fail_on == "never":
        return line + "; failing on nothing (--fail-on never)."
    if failing:
        return line + f"; failing on {comparison.fail_on}: {failing:,} new at or above it."
    return line + f"; failing on {comparison.fail_on}: nothing new at or above it."


def _side_text(side: Side) -> str:
    parts = [side.kind]
    if side.info:
        parts.append(f"pav {side.info.tool_version}")
    parts.append(_plural(side.findings, "finding"))
    if side.summary:
        parts.append(_plural(side.summary.records, "record"))
    return f"{side.name} ({', '.join(parts)})"


def _page_text(page: str) -> str:
    """A baseline's page identity as a reader knows it: the URL or the file, without the `url:`/`file:` tag."""
    kind, _, rest = page.partition(":")
    return rest if kind in ("url", "file", "id") and rest else page


def finding_text(finding: ListedFinding) -> str:
    """One line, as `pav check`'s text report writes it; a baseline's finding (no severity, no location) as
    `page: RULE message [pointer]`."""
    if finding.severity is not None and finding.location is not None:
        as_finding = Finding(
            finding.rule,
            Severity.parse(finding.severity),
            finding.message,
            finding.path,
            finding.record_id,
            finding.location,
        )
        return finding_line(as_finding, url=finding.url)
    pointer = f" [{printable(finding.path)}]" if finding.path else ""
    where = printable(_page_text(finding.page or finding.url or "?"))
    return f"{where}: {printable(finding.rule)} {printable(finding.message)}{pointer}"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Aligned columns: the first left-aligned, the others (counts) right-aligned."""
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _change_row(name: str, change: Change) -> tuple[str, ...]:
    return (printable(name), f"{change.new:,}", f"{change.fixed:,}", f"{change.remaining:,}")


def cell_text(cell: Cell | None) -> str:
    """A scorecard cell as people read it: `pass`, `not asked`, `fail: ` with the pages failing and their share
    (`Cell.share_text`) and the worst rule, or `none` (the site or the column is not in that scorecard)."""
    if cell is None:
        return "none"
    if cell.status == "fail":
        worst = f", worst {cell.worst_rule}" if cell.worst_rule else ""
        return f"fail: {cell.share_text()}{worst}"
    return "not asked" if cell.status == "not-asked" else cell.status


def cell_change_text(cell: CellChange) -> str:
    return f"{cell.site}, {cell.requirement.title}: {cell_text(cell.old)} -> {cell_text(cell.new)} ({cell.change})"


def scorecard_heading(comparison: Comparison) -> str:
    """`Scorecard changes (2 of 72 cells)`, or why there is none to show."""
    if comparison.scorecard is None:
        return f"Scorecard: not compared ({comparison.scorecard_note})."
    changed = len(comparison.scorecard.changed())
    cells = len(comparison.scorecard.cells)
    if not changed:
        return f"Scorecard: no cell changed ({_plural(cells, 'cell')})."
    return f"Scorecard changes ({changed:,} of {_plural(cells, 'cell')}, worst first):"


# -- text --------------------------------------------------------------------------------------------------------------


def write_text(comparison: Comparison, stream: TextIO) -> None:
    write = stream.write
    write(f"Comparing {printable(_side_text(comparison.old))}\n     with {printable(_side_text(comparison.new))}\n")
    for title, spool in (("New", comparison.new_findings), ("Fixed", comparison.fixed_findings)):
        if not spool.count:
            write(f"\n{title} findings: none.\n")
            continue
        write(f"\n{title} findings ({spool.count:,}, worst first):\n")
        for finding in spool:
            write(finding_text(finding) + "\n")
    if comparison.by_site:
        write("\nBy site:\n")
        rows = [_change_row(site, change) for site, change in comparison.sites()]
        write("\n".join(_table(("site", "new", "fixed", "remaining"), rows)) + "\n")
        write("\nBy rule:\n")
        rows = [_change_row(rule, change) for rule, change in comparison.rules()]
        write("\n".join(_table(("rule", "new", "fixed", "remaining"), rows)) + "\n")
    write("\n" + printable(scorecard_heading(comparison)) + "\n")
    if comparison.scorecard is not None:
        for cell in comparison.scorecard.changed():
            write("  " + printable(cell_change_text(cell)) + "\n")
    write("\n" + verdict_line(comparison) + "\n")


# -- json --------------------------------------------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return encodable(json.dumps(value, ensure_ascii=False))


def comparison_head(comparison: Comparison) -> dict[str, Any]:
    """Every member of the JSON comparison but the two lists of findings."""
    total = comparison.total
    return {
        "compare_format": COMPARE_FORMAT_VERSION,
        "tool": {"name": "pav", "version": __version__},
        "old": comparison.old.to_dict(),
        "new": comparison.new.to_dict(),
        "fail_on": comparison.fail_on,
        "exit_code": comparison.exit_code,
        "totals": {
            **total.to_dict(),
            "new_by_severity": {name: comparison.new_by_severity.get(name, 0) for name in SEVERITIES},
            "fixed_by_severity": {name: comparison.fixed_by_severity.get(name, 0) for name in (*SEVERITIES, "unknown")},
            "failing": comparison.failing(),
        },
        "by_site": {site: change.to_dict() for site, change in sorted(comparison.by_site.items())},
        "by_rule": {rule: change.to_dict() for rule, change in sorted(comparison.by_rule.items())},
        "scorecard": comparison.scorecard.to_dict() if comparison.scorecard else None,
        "scorecard_note": comparison.scorecard_note,
    }


def write_json(comparison: Comparison, stream: TextIO) -> None:
    stream.write(_dumps(comparison_head(comparison))[:-1])
    for key, spool in (("new_findings", comparison.new_findings), ("fixed_findings", comparison.fixed_findings)):
        stream.write(f',\n"{key}": [')
        first = True
        for finding in spool:
            stream.write(("\n  " if first else ",\n  ") + _dumps(finding.to_dict()))
            first = False
        stream.write("" if first else "\n")
        stream.write("]")
    stream.write("}\n")


# -- markdown ----------------------------------------------------------------------------------------------------------


def _where_text(finding: ListedFinding) -> str:
    """Where a finding is, with its pointer, for a table cell: `file:line /pointer`, a crawl's record with its URL,
    a baseline's finding by its page."""
    if finding.location is not None:
        where = str(finding.location)
        if finding.url and finding.location.line is None:
            where += f" ({finding.url})"
    else:
        where = _page_text(finding.page or finding.url or "?")
    return where + (f" {finding.path}" if finding.path else "")


def write_markdown(comparison: Comparison, stream: TextIO) -> None:
    cell = markdown_cell
    total = comparison.total
    mark = "❌" if comparison.exit_code else "✅"
    lines = [f"### {mark} pav compare: {cell(verdict_line(comparison))}", ""]
    lines.append(f"Old: {cell(_side_text(comparison.old))}. New: {cell(_side_text(comparison.new))}.")
    lines += ["", "| | new | fixed | remaining |", "|---|---:|---:|---:|"]
    lines.append(f"| all findings | {total.new:,} | {total.fixed:,} | {total.remaining:,} |")
    for title, rows in (("site", comparison.sites()), ("rule", comparison.rules())):
        if not rows:
            continue
        shown = rows[:MAX_ROWS]
        more = f" (first {len(shown)} of {len(rows)})" if len(rows) > len(shown) else ""
        lines += ["", f"#### By {title}{more}", "", f"| {title} | new | fixed | remaining |", "|---|---:|---:|---:|"]
        lines += [f"| {cell(name)} | {c.new:,} | {c.fixed:,} | {c.remaining:,} |" for name, c in shown]
    lines += _markdown_scorecard(comparison)
    for title, spool in (("New", comparison.new_findings), ("Fixed", comparison.fixed_findings)):
        if not spool.count:
            continue
        listed = spool.first(MAX_ROWS)
        more = f" ({len(listed)} of {spool.count:,}, worst first)" if spool.count > len(listed) else ""
        lines += ["", f"#### {title} findings{more}", "", "| severity | rule | where | message |", "|---|---|---|---|"]
        for finding in listed:
            lines.append(
                f"| {finding.severity or ''} | {cell(finding.rule)} | {cell(_where_text(finding))} | "
                f"{cell(finding.message)} |"
            )
    stream.write("\n".join(lines) + "\n")


def _markdown_scorecard(comparison: Comparison) -> list[str]:
    heading = scorecard_heading(comparison)
    if comparison.scorecard is None or not comparison.scorecard.changed():
        return ["", markdown_cell(heading)]
    changed = comparison.scorecard.changed()
    shown = changed[:MAX_ROWS]
    more = f" (first {len(shown)} of {len(changed)})" if len(changed) > len(shown) else ""
    lines = ["", f"#### {markdown_cell(heading.rstrip(':'))}{more}", ""]
    lines += ["| site | requirement | old | new | change |", "|---|---|---|---|---|"]
    for item in shown:
        lines.append(
            f"| {markdown_cell(item.site)} | {markdown_cell(item.requirement.title)} | "
            f"{markdown_cell(cell_text(item.old))} | {markdown_cell(cell_text(item.new))} | {item.change} |"
        )
    return lines


# -- html --------------------------------------------------------------------------------------------------------------


def esc(text: object) -> str:
    """Text for HTML content or a quoted attribute: printable, then HTML-escaped."""
    return html.escape(printable(str(text)), quote=True)


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def write_html(comparison: Comparison, stream: TextIO) -> None:
    css = resources.files("validator.reports").joinpath("html_report.css").read_text(encoding="utf-8")  # the report's
    csp = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src 'none'; img-src 'none'; font-src 'none'; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    write = stream.write
    verdict = "fail" if comparison.exit_code else "pass"
    label = "Fails" if comparison.exit_code else "Passes"
    write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f'<meta name="generator" content="pav {esc(__version__)}">\n'
        f"<title>pav comparison: {esc(verdict_line(comparison))}</title>\n"
        f"<style>{css}</style>\n</head>\n<body>\n<header>\n<h1>pav comparison</h1>\n"
        f'<p class="meta"><span class="verdict {verdict}">{label}</span>{esc(verdict_line(comparison))}</p>\n'
        f'<p class="meta">Old: {esc(_side_text(comparison.old))}.<br>New: {esc(_side_text(comparison.new))}.</p>\n'
        "</header>\n"
    )
    total = comparison.total
    figures = [
        ("error" if comparison.failing() else "", total.new, "new"),
        ("", total.fixed, "fixed"),
        ("", total.remaining, "remaining"),
        *(
            (name, comparison.new_by_severity.get(name, 0), f"new {name}{'s' if name != 'info' else ''}")
            for name in SEVERITIES
        ),
    ]
    cells = "".join(
        f'<div class="figure {kind}" data-figure="{esc(text)}"><b>{value:,}</b><span>{esc(text)}</span></div>'
        for kind, value, text in figures
    )
    write(f'<section id="summary" aria-label="Summary"><div class="figures">{cells}</div></section>\n')
    for section, title, rows in (("sites", "site", comparison.sites()), ("rules", "rule", comparison.rules())):
        body = "".join(
            f"<tr><td>{esc(name)}</td><td class=n>{c.new:,}</td><td class=n>{c.fixed:,}</td>"
            f"<td class=n>{c.remaining:,}</td></tr>"
            for name, c in rows
        )
        write(
            f'<section id="{section}"><h2>By {title} ({len(rows):,})</h2><div class="scroll"><table><thead><tr>'
            f"<th>{title}</th><th class=n>new</th><th class=n>fixed</th><th class=n>remaining</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div></section>\n"
        )
    write(_html_scorecard(comparison))
    for section, title, spool in (
        ("new", "New findings", comparison.new_findings),
        ("fixed", "Fixed findings", comparison.fixed_findings),
    ):
        shown = min(spool.count, HTML_MAX_ROWS)
        note = f"{spool.count:,}, worst first" if shown == spool.count else f"first {shown:,} of {spool.count:,}"
        write(f'<section id="{section}"><h2>{title} ({note})</h2>')
        if not spool.count:
            write("<p>None.</p></section>\n")
            continue
        write(
            '<div class="scroll"><table><thead><tr><th>severity</th><th>rule</th><th>site</th><th>where</th>'
            "<th>message</th></tr></thead><tbody>\n"
        )
        for finding in spool.first(HTML_MAX_ROWS):
            severity = finding.severity or ""
            write(
                f'<tr><td class="sev {esc(severity)}">{esc(severity)}</td><td class="mono">{esc(finding.rule)}</td>'
                f"<td>{esc(finding.site)}</td><td class=where>{esc(_where_text(finding))}</td>"
                f"<td class=msg>{esc(finding.message)}</td></tr>\n"
            )
        write("</tbody></table></div></section>\n")
    write("</body>\n</html>\n")


_CHANGE_CLASS = {"broken": "error", "worse": "error", "added": "warning", "fixed": "info", "better": "info"}


def _html_scorecard(comparison: Comparison) -> str:
    heading = scorecard_heading(comparison)
    if comparison.scorecard is None or not comparison.scorecard.changed():
        return f'<section id="scorecard"><h2>Scorecard</h2><p>{esc(heading)}</p></section>\n'
    rows = "".join(
        f"<tr><td>{esc(item.site)}</td><td>{esc(item.requirement.title)}</td><td>{esc(cell_text(item.old))}</td>"
        f'<td>{esc(cell_text(item.new))}</td><td class="sev {_CHANGE_CLASS.get(item.change, "")}">'
        f"{esc(item.change)}</td></tr>"
        for item in comparison.scorecard.changed()
    )
    return (
        f'<section id="scorecard"><h2>{esc(heading.rstrip(":"))}</h2><div class="scroll"><table><thead><tr>'
        "<th>site</th><th>requirement</th><th>old</th><th>new</th><th>change</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div></section>\n"
    )
