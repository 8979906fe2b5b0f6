"""The site scorecard: requirements from the rule catalog, pages failing each, the rule to fix first, and the same
table in the JSON, markdown and HTML reports and after `pav report` re-renders a saved run."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import lxml.html
import pytest

from tests.conftest import REPO, Run, valid_record, with_footer, write_jsonl
from validator.engine import Engine
from validator.findings import Severity
from validator.reports import Summary
from validator.reports.scorecard import Scorecard, build_scorecard
from validator.rules import CATALOG
from validator.rules.base import Violation, rule
from validator.rules.requirements import REQUIREMENTS, ordered, requirement

GOV = "https://www.a.gov.cn/art/{}.html"


def _page(number: int, **footer: Any) -> dict[str, Any]:
    record = with_footer(**footer)
    record["id"] = f"a-{number}"
    record["url"] = GOV.format(number)
    return record


def _news_page() -> dict[str, Any]:
    """A news site's page: no site code, no government marks, so `auto` judges it under `news`."""
    record = with_footer(site_code=None, unit_in_charge=None, organizer=None, operator=None)
    record["id"] = "news-1"
    record["url"] = "https://news.example.cn/a/1.html"
    return record


@pytest.fixture
def crawl(isolated: Path) -> Path:
    return write_jsonl(
        isolated / "crawl.jsonl",
        [
            _page(1, icp=None),  # F101 (error)
            _page(2, icp="蜀ICP备12345678号"),  # F104 placeholder (error)
            _page(3, organizer=None),  # F402 (warning)
            _page(4),
            _news_page(),
        ],
    )


def _cells(scorecard: Scorecard, site: str) -> dict[str, tuple[str, int, str | None, str | None]]:
    (row,) = [row for row in scorecard.rows if row.site == site]
    return {cell.requirement: (cell.status, cell.pages_failing, cell.worst_rule, cell.severity) for cell in row.cells}


def test_every_checking_rule_serves_a_registered_requirement() -> None:
    unserved = [entry.id for entry in CATALOG.values() if entry.check is not None and entry.requirement is None]
    assert unserved == []
    assert {entry.requirement for entry in CATALOG.values() if entry.requirement} <= set(REQUIREMENTS)
    reader_rules = {entry.id for entry in CATALOG.values() if entry.check is None}
    assert all(CATALOG[rule_id].requirement is None for rule_id in reader_rules)  # I and X: no column


def test_scorecard_counts_pages_per_requirement_with_the_rule_to_fix_first(
    pav: Callable[..., Run], crawl: Path
) -> None:
    result = pav("check", "--format", "json", str(crawl))
    report = result.json()
    scorecard = Scorecard.from_dict(report["scorecard"])
    cells = _cells(scorecard, "www.a.gov.cn")
    assert cells["icp"] == ("fail", 2, "F101", "error")  # two pages, one finding each: lowest id of the two
    assert cells["organizer-operator"] == ("fail", 1, "F402", "warning")
    assert cells["organ-mark"] == ("pass", 0, None, None)
    assert cells["record-contract"] == ("pass", 0, None, None)
    row = scorecard.rows[0]
    assert (row.site, row.pages, row.profile, row.failing) == ("www.a.gov.cn", 4, "gov", 2)
    assert row.cell("icp") is not None and row.cell("icp").share == 0.5  # type: ignore[union-attr]
    # The news site is not asked for what only government sites must show.
    news = _cells(scorecard, "news.example.cn")
    assert news["organ-mark"][0] == "not-asked" and news["organizer-operator"][0] == "not-asked"
    assert news["icp"] == ("pass", 0, None, None)
    jsonschema.validate(report, json.loads((REPO / "schemas/pav-report.schema.json").read_text()))


def test_a_page_counts_once_per_requirement_however_many_findings_serve_it(isolated: Path) -> None:
    engine = Engine()
    record = _page(1, icp="XXICP备XXXXXXXX号")  # malformed, unknown province, placeholder: several F1 findings
    results = list(engine.check_items(_items([record, _page(2)])))
    assert len([f for f in results[0].findings if CATALOG[f.rule].requirement == "icp"]) >= 2
    summary = Summary()
    for item in results:
        summary.add(item)
    assert summary.by_site["www.a.gov.cn"].pages_failing["icp"] == 1
    assert build_scorecard(summary).rows[0].cell("icp").pages_failing == 1  # type: ignore[union-attr]


def _items(records: list[dict[str, Any]]) -> Iterator[Any]:
    from validator.findings import Location
    from validator.sources import SourceRecord

    for index, record in enumerate(records):
        yield SourceRecord(record, Location("mem.jsonl", index + 1))


def test_columns_follow_the_enabled_rules(pav: Callable[..., Run], crawl: Path) -> None:
    report = pav("check", "--format", "json", "--select", "F1,F4", str(crawl)).json()
    ids = [item["id"] for item in report["scorecard"]["requirements"]]
    assert ids == ["icp", "unit-in-charge", "organizer-operator"]
    report = pav("check", "--format", "json", "--profile", "news", str(crawl)).json()
    ids = [item["id"] for item in report["scorecard"]["requirements"]]
    assert "organ-mark" not in ids and "organizer-operator" not in ids and "icp" in ids


@pytest.fixture
def extra_requirement() -> Iterator[str]:
    """A requirement and a rule registered the way a later module would: nothing else is touched."""
    added = requirement("archive-notice", "Archive notice shown", 200)

    @rule("F999", "archive-notice-missing", Severity.WARNING, "The page shows an archive notice", requirement=added)
    def archive_notice_missing(ctx: Any) -> Iterator[Violation]:
        """Test rule."""
        if "归档" not in (ctx.record.body or ""):
            yield Violation("no archive notice", "/body")

    yield added
    del CATALOG["F999"], REQUIREMENTS[added]


def test_a_rule_added_later_is_a_column_without_report_code(
    extra_requirement: str, pav: Callable[..., Run], crawl: Path
) -> None:
    report = pav("check", "--format", "json", str(crawl)).json()
    assert report["scorecard"]["requirements"][-1] == {"id": "archive-notice", "title": "Archive notice shown"}
    site = next(row for row in report["scorecard"]["sites"] if row["site"] == "www.a.gov.cn")
    assert site["cells"]["archive-notice"] == {
        "status": "fail",
        "pages_failing": 4,
        "share": 1.0,
        "worst_rule": "F999",
        "severity": "warning",
    }
    assert [item.id for item in ordered()][-1] == "archive-notice"


def test_markdown_and_html_show_the_same_cells_after_re_rendering(
    pav: Callable[..., Run], crawl: Path, isolated: Path
) -> None:
    pav("check", "--format", f"json={isolated / 'run.json'}", str(crawl))
    markdown = pav("report", str(isolated / "run.json"), "--format", "markdown").out
    (line,) = [line for line in markdown.splitlines() if line.startswith("| www.a.gov.cn | 4 | ❌")]
    assert "❌ 2 of 4 pages (50%) F101" in line and "❌ 1 of 4 pages (25%) F402" in line
    (news,) = [line for line in markdown.splitlines() if line.startswith("| news.example.cn | 1 | ✅")]
    assert news.count("—") >= 4  # the government-only requirements
    pav("report", str(isolated / "run.json"), "--format", f"html={isolated / 'r.html'}")
    document = lxml.html.document_fromstring((isolated / "r.html").read_text())
    (cell,) = document.xpath('//table[@id="scorecard-table"]//td[a[@data-filter-requirement="icp"]]')
    assert cell.get("class") == "sc fail error" and cell.get("data-value") == "0.500000"
    link = cell.find("a")
    assert link.get("href") == "#filter?site=www.a.gov.cn&requirement=icp"
    assert link.text_content() == "50%2/4 F101"


def test_hostile_site_names_are_text_in_every_scorecard(pav: Callable[..., Run], isolated: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>|`=cmd|\u202e"
    record = valid_record(url=None)
    record.pop("url")
    record["footer"]["site_code"] = hostile
    path = write_jsonl(isolated / "h.jsonl", [record])
    pav("check", "--format", f"json={isolated / 'h.json'}", "--format", f"html={isolated / 'h.html'}", str(path))
    report = json.loads((isolated / "h.json").read_text())
    assert report["scorecard"]["sites"][0]["site"] == hostile  # JSON keeps the value; people's formats escape it
    page = (isolated / "h.html").read_text()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    markdown = pav("report", str(isolated / "h.json"), "--format", "markdown").out
    (line,) = [line for line in markdown.splitlines() if "onerror" in line and "✅" in line]
    assert "\u202e" not in line and "\\|" in line  # the pipe cannot open a new column
