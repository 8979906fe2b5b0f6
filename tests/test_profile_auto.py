"""`--profile auto` (the default): government rules for government pages, news rules for the others, decided
per record; every report says which profile judged each record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import valid_record
from validator.api import validate_record
from validator.cli import main
from validator.config import Config
from validator.engine import Engine
from validator.findings import Location
from validator.rules.base import RecordContext, auto_profile

GOV_ONLY = {"F301", "F401", "F402", "F403", "F405", "F701", "F702", "F703"}


def _news_record(**changes: Any) -> dict[str, Any]:
    record = valid_record(url="https://news.example-daily.com.cn/2024/0101/a.html", **changes)
    footer = record["footer"]
    for name in ("site_code", "unit_in_charge", "organizer", "operator"):
        footer.pop(name, None)
    footer["raw"] = f"{footer['icp']} {footer['public_security']}"
    return record


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (valid_record(url="https://www.sc.gov.cn/10462/a.shtml"), "gov"),
        (valid_record(url="https://www.beijing.gov.cn/a.html"), "gov"),
        (valid_record(url="http://中国政府网.政务/a.html"), "gov"),
        (_news_record(), "news"),
        # a government body's site off gov.cn shows what only government sites show
        (_news_record(evidence={"format": "html", "meta": {"SiteIDCode": "5100000062"}}), "gov"),
        (_news_record(evidence={"format": "html", "marks": {"organ_mark": [{"in": "script"}]}}), "gov"),
        (_news_record(evidence={"format": "html", "marks": {"error_report": [{"in": "script"}]}}), "gov"),
        (dict(_news_record(), footer={"site_code": "网站标识码：5100000062"}), "gov"),
        # contact information alone is no government mark
        (_news_record(evidence={"format": "html", "marks": {"contact": [{"in": "text"}]}}), "news"),
    ],
)
def test_auto_picks_gov_for_government_pages_and_news_for_the_others(record: dict[str, Any], expected: str) -> None:
    assert auto_profile(RecordContext(record)) == expected


def test_a_news_page_under_auto_gets_no_government_rules() -> None:
    # A well-formed news page: no finding under auto; the old default (gov) raised four false alarms on it.
    assert [f.rule for f in validate_record(_news_record())] == []
    rules_as_gov = sorted({f.rule for f in validate_record(_news_record(), profile="gov")})
    assert rules_as_gov == ["F301", "F401", "F402", "F403", "R003"]


def test_a_configured_profile_is_kept_for_every_record() -> None:
    from validator.config import apply_overrides

    gov_page = valid_record(url="https://www.sc.gov.cn/a.shtml", footer={})
    under_auto = Engine(Config()).check_record(gov_page, Location("y.json"))
    assert sorted({f.rule for f in under_auto}) == ["F101", "F201", "F301", "F401", "F402", "F403"]
    under_news = Engine(apply_overrides(Config(), profile="news")).check_record(gov_page, Location("y.json"))
    assert sorted({f.rule for f in under_news}) == ["F101", "F201"]  # the footer rules of every profile, no more


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_reports_say_which_profile_judged_each_record(
    tmp_path: Path, jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    gov = valid_record(id="gov-page", url="https://www.sc.gov.cn/a.shtml")
    gov["footer"].pop("site_code")  # one defect, so the record has a finding
    news = _news_record(id="news-page")
    news["footer"].pop("public_security")
    news["footer"]["raw"] = news["footer"]["icp"]
    lines = [json.dumps(gov, ensure_ascii=False), json.dumps(news, ensure_ascii=False)] * 150
    lines.append(json.dumps(valid_record(id="clean-gov", url="https://www.sc.gov.cn/b.shtml"), ensure_ascii=False))
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    code = main(["check", "--jobs", jobs, "--format", f"json={report}", "--format", "text", str(batch)])
    assert code == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["profile"] == "auto"
    assert data["summary"]["by_profile"] == {"gov": 151, "news": 150}
    by_record = {(f["record_id"], f["rule"], f["profile"]) for f in data["findings"]}
    assert by_record == {("gov-page", "F301", "gov"), ("news-page", "F201", "news")}
    assert capsys.readouterr().out.splitlines()[-1].endswith("Profiles: gov 151, news 150.")


def test_a_package_records_the_profile_that_judged_its_page(tmp_path: Path) -> None:
    from lxml import etree

    from validator.package import layout

    source = tmp_path / "news.json"
    source.write_text(json.dumps(_news_record(id="news-page"), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["package", str(source), "--out", str(out)]) == 0
    (package,) = [p for p in out.iterdir() if p.is_dir()]
    compliance = etree.parse(str(package / "data" / layout.COMPLIANCE_FILE)).getroot()
    check = compliance.find(f"{{{compliance.nsmap[None]}}}check")
    assert check is not None and check.get("profile") == "news"
