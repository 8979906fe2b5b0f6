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

Text, markdown and HTML are in the run's language (`--lang`, validator.i18n): headings, labels, the verdict and
requirement titles; the change words (broken, worse, added, fixed, better), severity words, rule ids and the JSON
are the same in every language, and messages are the saved runs'.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from typing import Any, TextIO

from validator import __version__
from validator.findings import Finding, Severity
from validator.i18n import _
from validator.reports import SEVERITIES, count_text
from validator.reports.compare import COMPARE_FORMAT_VERSION, CellChange, Change, Comparison, ListedFinding, Side
from validator.reports.escape import encodable, markdown_cell, printable
from validator.reports.html import document_head, esc
from validator.reports.scorecard import Cell
from validator.reports.text import finding_line
from validator.rules.requirements import requirement_title

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
    """`count_text` with the count written with thousands separators ("1,234 findings")."""
    return count_text(count, word).replace(str(count), f"{count:,}", 1)


def _severities(counts: dict[str, int]) -> str:
    return _(", ").join(_plural(counts[name], name) for name in SEVERITIES if counts.get(name))


def verdict_line(comparison: Comparison) -> str:
    """`2 new (1 error, 1 warning), 1 fixed, 36 remaining; failing on error: 1 new at or above it.`"""
    total = comparison.total
    severities = _severities(comparison.new_by_severity)
    line = _("{new} new{severities}, {fixed} fixed, {remaining} remaining").format(
        new=f"{total.new:,}",
        severities=_(" ({severities})").format(severities=severities) if severities else "",
        fixed=f"{total.fixed:,}",
        remaining=f"{total.remaining:,}",
    )
    failing = comparison.failing()
    if comparison.fail_on == "never":
        return line + _("; failing on nothing (--fail-on never).")
    if failing:
        return line + _("; failing on {fail_on}: {count} new at or above it.").format(
            fail_on=comparison.fail_on, count=f"{failing:,}"
        )
    return line + _("; failing on {fail_on}: nothing new at or above it.").format(fail_on=comparison.fail_on)


def _side_text(side: Side) -> str:
    parts = [side.kind]
    if side.info:
        parts.append(f"pav {side.info.tool_version}")
    parts.append(_plural(side.findings, "finding"))
    if side.summary:
        parts.append(_plural(side.summary.records, "record"))
    return _("{name} ({parts})").format(name=side.name, parts=_(", ").join(parts))


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
    from validator.rules.docs import display_width  # (Chinese headings take two columns a character)

    widths = [max(display_width(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0] + " " * (widths[0] - display_width(row[0]))] + [
            " " * (width - display_width(cell)) + cell for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _change_row(name: str, change: Change) -> tuple[str, ...]:
    return (printable(name), f"{change.new:,}", f"{change.fixed:,}", f"{change.remaining:,}")


def cell_text(cell: Cell | None) -> str:
    """A scorecard cell as people read it: `pass`, `not asked`, `fail: ` with the pages failing and their share
    (`Cell.share_text`) and the worst rule, or `none` (the site or the column is not in that scorecard)."""
    if cell is None:
        return _("none")
    if cell.status == "fail":
        worst = _(", worst {rule}").format(rule=cell.worst_rule) if cell.worst_rule else ""
        return _("fail: {share}{worst}").format(share=cell.share_text(), worst=worst)
    if cell.status == "not-asked":
        return _("not asked")
    return _("pass") if cell.status == "pass" else cell.status


def cell_change_text(cell: CellChange) -> str:
    return _("{site}, {requirement}: {old} -> {new} ({change})").format(
        site=cell.site,
        requirement=requirement_title(cell.requirement),
        old=cell_text(cell.old),
        new=cell_text(cell.new),
        change=cell.change,
    )


def scorecard_heading(comparison: Comparison) -> str:
    """`Scorecard changes (2 of 72 cells)`, or why there is none to show."""
    if comparison.scorecard is None:
        return _("Scorecard: not compared ({note}).").format(note=comparison.scorecard_note)
    changed = len(comparison.scorecard.changed())
    cells = len(comparison.scorecard.cells)
    cells_text = plural_cells(cells)
    if not changed:
        return _("Scorecard: no cell changed ({cells}).").format(cells=cells_text)
    return _("Scorecard changes ({changed} of {cells}, worst first):").format(changed=f"{changed:,}", cells=cells_text)


def plural_cells(count: int) -> str:
    from validator.i18n import plural

    return plural(count, "{count} cell", "{count} cells").replace(str(count), f"{count:,}", 1)


# -- text --------------------------------------------------------------------------------------------------------------


def write_text(comparison: Comparison, stream: TextIO) -> None:
    write = stream.write
    write(
        _("Comparing {old}\n     with {new}").format(
            old=printable(_side_text(comparison.old)), new=printable(_side_text(comparison.new))
        )
        + "\n"
    )
    for none_text, some_text, spool in (
        (_("New findings: none."), _("New findings ({count}, worst first):"), comparison.new_findings),
        (_("Fixed findings: none."), _("Fixed findings ({count}, worst first):"), comparison.fixed_findings),
    ):
        if not spool.count:
            write(f"\n{none_text}\n")
            continue
        write("\n" + some_text.format(count=f"{spool.count:,}") + "\n")
        for finding in spool:
            write(finding_text(finding) + "\n")
    if comparison.by_site:
        columns = (_("new"), _("fixed"), _("remaining"))
        write("\n" + _("By site:") + "\n")
        rows = [_change_row(site, change) for site, change in comparison.sites()]
        write("\n".join(_table((_("site"), *columns), rows)) + "\n")
        write("\n" + _("By rule:") + "\n")
        rows = [_change_row(rule, change) for rule, change in comparison.rules()]
        write("\n".join(_table((_("rule"), *columns), rows)) + "\n")
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
    lines = [_("### {mark} pav compare: {verdict}").format(mark=mark, verdict=cell(verdict_line(comparison))), ""]
    lines.append(
        _("Old: {old}. New: {new}.").format(old=cell(_side_text(comparison.old)), new=cell(_side_text(comparison.new)))
    )
    lines += ["", _("| | new | fixed | remaining |"), "|---|---:|---:|---:|"]
    lines.append(
        _("| all findings | {new} | {fixed} | {remaining} |").format(
            new=f"{total.new:,}", fixed=f"{total.fixed:,}", remaining=f"{total.remaining:,}"
        )
    )
    for heading, header, rows in (
        (_("#### By site{more}"), _("| site | new | fixed | remaining |"), comparison.sites()),
        (_("#### By rule{more}"), _("| rule | new | fixed | remaining |"), comparison.rules()),
    ):
        if not rows:
            continue
        shown = rows[:MAX_ROWS]
        more = (
            _(" (first {shown} of {count})").format(shown=len(shown), count=len(rows)) if len(rows) > len(shown) else ""
        )
        lines += ["", heading.format(more=more), "", header, "|---|---:|---:|---:|"]
        lines += [f"| {cell(name)} | {c.new:,} | {c.fixed:,} | {c.remaining:,} |" for name, c in shown]
    lines += _markdown_scorecard(comparison)
    for heading, spool in (
        (_("#### New findings{more}"), comparison.new_findings),
        (_("#### Fixed findings{more}"), comparison.fixed_findings),
    ):
        if not spool.count:
            continue
        listed = spool.first(MAX_ROWS)
        more = (
            _(" ({shown} of {count}, worst first)").format(shown=len(listed), count=f"{spool.count:,}")
            if spool.count > len(listed)
            else ""
        )
        lines += ["", heading.format(more=more), "", _("| severity | rule | where | message |"), "|---|---|---|---|"]
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
    more = (
        _(" (first {shown} of {count})").format(shown=len(shown), count=len(changed))
        if len(changed) > len(shown)
        else ""
    )
    lines = ["", f"#### {markdown_cell(heading.rstrip(':：'))}{more}", ""]
    lines += [_("| site | requirement | old | new | change |"), "|---|---|---|---|---|"]
    for item in shown:
        lines.append(
            f"| {markdown_cell(item.site)} | {markdown_cell(requirement_title(item.requirement))} | "
            f"{markdown_cell(cell_text(item.old))} | {markdown_cell(cell_text(item.new))} | {item.change} |"
        )
    return lines


# -- html --------------------------------------------------------------------------------------------------------------


def write_html(comparison: Comparison, stream: TextIO) -> None:
    css = resources.files("validator.reports").joinpath("html_report.css").read_text(encoding="utf-8")  # the report's
    write = stream.write
    verdict = "fail" if comparison.exit_code else "pass"
    label = _("Fails") if comparison.exit_code else _("Passes")
    write(document_head(f"{_('pav comparison')}: {verdict_line(comparison)}", css, None, __version__))
    write(
        f"<header>\n<h1>{esc(_('pav comparison'))}</h1>\n"
        f'<p class="meta"><span class="verdict {verdict}">{esc(label)}</span>{esc(verdict_line(comparison))}</p>\n'
        '<p class="meta">'
        + _("Old: {old}.<br>New: {new}.").format(
            old=esc(_side_text(comparison.old)), new=esc(_side_text(comparison.new))
        )
        + "</p>\n"
        "</header>\n"
    )
    total = comparison.total
    # data-figure is the English label in every language (as in the HTML report).
    shown_severity = {"error": _("new errors"), "warning": _("new warnings"), "info": _("new info")}
    figures = [
        ("error" if comparison.failing() else "", total.new, "new", _("new")),
        ("", total.fixed, "fixed", _("fixed")),
        ("", total.remaining, "remaining", _("remaining")),
        *(
            (
                name,
                comparison.new_by_severity.get(name, 0),
                f"new {name}{'s' if name != 'info' else ''}",
                shown_severity[name],
            )
            for name in SEVERITIES
        ),
    ]
    cells = "".join(
        f'<div class="figure {kind}" data-figure="{esc(key)}"><b>{value:,}</b><span>{esc(text)}</span></div>'
        for kind, value, key, text in figures
    )
    write(f'<section id="summary" aria-label="{esc(_("Summary"))}"><div class="figures">{cells}</div></section>\n')
    for section, title, heading, rows in (
        ("sites", _("site"), _("By site ({count})"), comparison.sites()),
        ("rules", _("rule"), _("By rule ({count})"), comparison.rules()),
    ):
        body = "".join(
            f"<tr><td>{esc(name)}</td><td class=n>{c.new:,}</td><td class=n>{c.fixed:,}</td>"
            f"<td class=n>{c.remaining:,}</td></tr>"
            for name, c in rows
        )
        write(
            f'<section id="{section}"><h2>{esc(heading.format(count=f"{len(rows):,}"))}</h2>'
            f'<div class="scroll"><table><thead><tr><th>{esc(title)}</th><th class=n>{esc(_("new"))}</th>'
            f"<th class=n>{esc(_('fixed'))}</th><th class=n>{esc(_('remaining'))}</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div></section>\n"
        )
    write(_html_scorecard(comparison))
    for section, title, spool in (
        ("new", _("New findings"), comparison.new_findings),
        ("fixed", _("Fixed findings"), comparison.fixed_findings),
    ):
        shown = min(spool.count, HTML_MAX_ROWS)
        note = (
            _("{count}, worst first").format(count=f"{spool.count:,}")
            if shown == spool.count
            else _("first {shown} of {count}").format(shown=f"{shown:,}", count=f"{spool.count:,}")
        )
        write(f'<section id="{section}"><h2>{esc(title)} ({esc(note)})</h2>')
        if not spool.count:
            write(f"<p>{esc(_('None.'))}</p></section>\n")
            continue
        write(
            f'<div class="scroll"><table><thead><tr><th>{esc(_("severity"))}</th><th>{esc(_("rule"))}</th>'
            f"<th>{esc(_('site'))}</th><th>{esc(_('where'))}</th><th>{esc(_('message'))}</th></tr></thead><tbody>\n"
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
        return f'<section id="scorecard"><h2>{esc(_("Scorecard"))}</h2><p>{esc(heading)}</p></section>\n'
    rows = "".join(
        f"<tr><td>{esc(item.site)}</td><td>{esc(requirement_title(item.requirement))}</td>"
        f"<td>{esc(cell_text(item.old))}</td>"
        f'<td>{esc(cell_text(item.new))}</td><td class="sev {_CHANGE_CLASS.get(item.change, "")}">'
        f"{esc(item.change)}</td></tr>"
        for item in comparison.scorecard.changed()
    )
    return (
        f'<section id="scorecard"><h2>{esc(heading.rstrip(":："))}</h2><div class="scroll"><table><thead><tr>'
        f"<th>{esc(_('site'))}</th><th>{esc(_('requirement'))}</th><th>{esc(_('old'))}</th><th>{esc(_('new'))}</th>"
        f"<th>{esc(_('change'))}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div></section>\n"
    )
