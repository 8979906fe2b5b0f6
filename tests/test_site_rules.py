"""The crawl-level rules (scope "site", C001-C004) on real crawls: WARCs written with warcio, folders of saved pages,
a mix of both; their configuration, select/ignore, baseline and escaping. (Identical output under --jobs and Dask:
tests/test_parallel.py and tests/test_distributed.py.)"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.crawl_support import CAPTURED, HOST, PAGES, page, write_crawl, write_folder
from validator.config import Config, Settings, config_from_mapping
from validator.crawl import wants_site_rules
from validator.engine import Engine
from validator.rules.site import earliest_allowed, parse_age, section_max_age
from validator.sources import Answered, SourceRecord, collecting, iter_source_items
from validator.sources.html.hrefs import MAX_LINKS, breadcrumb_section, page_links
from validator.sources.html.tree import parse
from validator.urls import crawl_key

A = HOST + "/zwgk/ywdt/2024/05/20/a.shtml"
E = HOST + "/zwgk/ywdt/2024/05/18/e.shtml"
E_COPY = HOST + "/zwgk/ywdt/2024/05/18/e-copy.shtml"
N = HOST + "/zwgk/tzgg/2023/11/01/n.shtml"
GONE = "answered HTTP {} in the crawl (line {} of the page): a visitor following it finds no page"


def crawl_findings(run: Any) -> list[tuple[str, Any, str | None, str]]:
    return [
        (
            f["rule"],
            f["location"]["index"] if f["location"]["line"] is None else f["location"]["line"],
            f["url"],
            f["message"],
        )
        for f in run.json()["findings"]
        if f["rule"].startswith("C")
    ]


def test_a_warc_crawl_shows_each_crawl_level_rule_on_the_page_it_concerns(pav: Any, tmp_path: Path) -> None:
    warc = write_crawl(tmp_path / "chengdu.warc.gz")
    run = pav("check", "--select", "C", "--format", "json", str(warc))
    assert run.code == 0  # warnings and info
    redirected = f"link to {HOST}/zwgk/c.shtml is redirected to {HOST}/zwgk/d.shtml, which " + GONE.format(410, "{}")
    assert crawl_findings(run) == [
        # C001, pages in URL order (tzgg before ywdt), each link at its line in the page (the finding's location is
        # the WARC record: index 3 is n.shtml, 0 a.shtml); <base href> resolves n.shtml's "c.shtml", the fragment
        # of a.shtml's "/zwgk/c.shtml#part2" is dropped, and old.shtml linked twice is one finding.
        ("C001", 3, N, redirected.format(10)),
        ("C001", 0, A, f"link to {HOST}/zwgk/ywdt/old.shtml " + GONE.format(404, 10)),
        ("C001", 0, A, redirected.format(11)),
        (
            "C002",
            3,
            N,
            f"section '通知公告' (ColumnName) has published nothing for 201 days: its newest page ({N}) is of "
            "2023-11-01, the crawl of 2024-05-21; sections matching '*通知*' must be updated within 6 months "
            "(国办秘函〔2019〕19号 and [section-max-age])",
        ),
        ("C003", 1, E, f"same title, text and footer as {E_COPY}: the page is in the crawl twice, under two URLs"),
        (
            "C004",
            3,
            N,
            # a.shtml: old, c, e, www.gov.cn + the footer's beian link; e and e-copy: "/" + beian; n: c + beian
            "7 of the 11 links on the 4 pages of www.chengdu.gov.cn in this crawl lead to pages it does not hold "
            "(or through redirects out of it): not judged by C001",
        ),
    ]
    summary = run.json()["summary"]
    assert summary["records"] == 4 and summary["problems"] == 1  # the skipped records (I007, not selected)
    assert summary["records_with_findings"] == 3  # a, e and n (e-copy has none)
    assert summary["by_rule"] == {"C001": 3, "C002": 1, "C003": 1, "C004": 1}
    assert summary["by_site"]["www.chengdu.gov.cn"]["pages_with_findings"] == 3


def test_the_findings_do_not_depend_on_the_order_of_the_pages(pav: Any, tmp_path: Path) -> None:
    first = write_crawl(tmp_path / "first.warc.gz")
    reverse = write_crawl(tmp_path / "reverse.warc.gz", list(reversed(PAGES)))
    runs = [pav("check", "--select", "C", "--format", "json", str(path)) for path in (first, reverse)]
    found = [[(rule, url, message) for rule, _, url, message in crawl_findings(run)] for run in runs]
    assert found[0] == found[1] and len(found[0]) == 6
    fingerprints = [[f["fingerprint"] for f in run.json()["findings"] if f["rule"] != "I007"] for run in runs]
    assert fingerprints[0] == fingerprints[1] and len(set(fingerprints[0])) == 6


def test_a_folder_of_saved_pages_has_no_statuses_so_its_links_work(pav: Any, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "saved")
    run = pav("check", "--select", "C", "--format", "json", str(folder))
    found = crawl_findings(run)
    # No C002: a saved file's captured_at is its modification time (here: now), which is no crawl date.
    assert [(rule, url) for rule, _, url, _ in found] == [("C003", E), ("C004", N)]
    # a.shtml's link to e.shtml is judged (a saved page: it works); old.shtml and c.shtml are not in the folder.
    assert found[1][3].startswith("10 of the 11 links on the 4 pages of www.chengdu.gov.cn")
    assert all(location is None for _, location, _, _ in found)  # a page's own findings: the file, no line


def test_saved_pages_of_a_section_count_with_the_crawled_ones(pav: Any, tmp_path: Path) -> None:
    # A saved copy of a newer 通知公告 page (its file time is no capture date) makes the crawled section current.
    warc = write_crawl(tmp_path / "chengdu.warc.gz")
    newer = tmp_path / "newer.html"
    url = HOST + "/zwgk/tzgg/2024/05/10/m.shtml"
    newer.write_bytes(
        page(url, "关于端午节放假的通知", "通知公告", "2024-05-10 09:00", "端午节放假安排", [], canonical=True)
    )
    alone = crawl_findings(pav("check", "--select", "C002", "--format", "json", str(warc)))
    assert [rule for rule, *_ in alone] == ["C002"]
    assert crawl_findings(pav("check", "--select", "C002", "--format", "json", str(warc), str(newer))) == []


def test_a_saved_page_linking_to_a_404_of_the_crawl_points_at_the_line_of_the_link(pav: Any, tmp_path: Path) -> None:
    warc = write_crawl(tmp_path / "chengdu.warc.gz")
    saved = tmp_path / "saved.html"
    links = ["/zwgk/ywdt/2024/05/18/e.shtml", "/zwgk/ywdt/old.shtml"]
    saved.write_bytes(
        page(HOST + "/zwgk/ywdt/2024/05/19/s.shtml", "另一篇", "要闻动态", "2024-05-19", "正文", links, canonical=True)
    )
    run = pav("check", "--select", "C001", "--format", "json", str(warc), str(saved))
    broken = [f for f in run.json()["findings"] if f["rule"] == "C001" and f["location"]["file"] == str(saved)]
    assert len(broken) == 1
    assert broken[0]["location"] == {"file": str(saved), "line": 11, "index": None}  # the <a> of old.shtml
    assert (
        broken[0]["message"]
        == f"link to {HOST}/zwgk/ywdt/old.shtml answered HTTP 404 in the crawl: a visitor following it finds no page"
    )
    text = pav("check", "--select", "C001", str(warc), str(saved)).out
    assert f"{saved}:11: warning C001 link to {HOST}/zwgk/ywdt/old.shtml answered HTTP 404" in text


def test_one_page_is_not_a_crawl(pav: Any, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "saved")
    one = folder / "zwgk_tzgg_2023_11_01_n.shtml"
    run = pav("check", "--select", "C", "--format", "json", str(one))
    assert run.code == 0 and run.json()["findings"] == []


def test_section_max_age_is_configured_per_section_pattern(pav: Any, isolated: Path) -> None:
    warc = write_crawl(isolated / "chengdu.warc.gz")
    (isolated / "pav.toml").write_text('[section-max-age]\n"通知公告" = "30d"\n', encoding="utf-8")
    found = crawl_findings(pav("check", "--select", "C002", "--format", "json", str(warc)))
    assert [(rule, url) for rule, _, url, _ in found] == [("C002", N)]
    assert "sections matching '通知公告' must be updated within 30 days" in found[0][3]
    (isolated / "pav.toml").write_text('[section-max-age]\n"*通知*" = "1y"\n', encoding="utf-8")
    assert crawl_findings(pav("check", "--select", "C002", "--format", "json", str(warc))) == []  # 201 days < 1 year
    (isolated / "pav.toml").write_text('[section-max-age]\n"*" = "never"\n', encoding="utf-8")
    assert crawl_findings(pav("check", "--select", "C002", "--format", "json", str(warc))) == []
    (isolated / "pav.toml").write_text('[section-max-age]\n"*动态*" = "1w"\n"*通知*" = "12mo"\n', encoding="utf-8")
    assert crawl_findings(pav("check", "--select", "C002", "--format", "json", str(warc))) == []


def test_section_max_age_errors_name_the_key(pav: Any, isolated: Path) -> None:
    (isolated / "pav.toml").write_text('[section-max-age]\n"*通知*" = "6 months"\n', encoding="utf-8")
    run = pav("check", str(isolated))
    assert run.code == 2
    assert "section-max-age.'*通知*' = '6 months' is not an age" in run.err
    (isolated / "pav.toml").write_text('section-max-age = "2w"\n', encoding="utf-8")
    run = pav("check", str(isolated))
    assert run.code == 2 and "section-max-age must be a table" in run.err
    (isolated / "pav.toml").write_text('[section-max-age]\n"*通知*" = 14\n', encoding="utf-8")
    assert "section-max-age.'*通知*' = 14 is not an age" in pav("check", str(isolated)).err


def test_ages_follow_the_calendar_and_the_defaults_of_the_indicators() -> None:
    assert [parse_age(text) for text in ("14d", "2W", " 6mo ", "1y", "never", "6 months", "0d", "2m")] == [
        "14d", "2w", "6mo", "1y", "never", None, None, None,
    ]  # fmt: skip
    captured = datetime(2023, 8, 31, 12, tzinfo=UTC)
    assert earliest_allowed(captured, "6mo") == datetime(2023, 2, 28, 12, tzinfo=UTC)
    assert earliest_allowed(captured, "1y") == datetime(2022, 8, 31, 12, tzinfo=UTC)
    assert earliest_allowed(captured, "2w") == datetime(2023, 8, 17, 12, tzinfo=UTC)
    assert section_max_age("工作动态", ()) == ("*动态*", "2w")
    assert section_max_age("省政府要闻", ()) == ("*要闻*", "2w")
    assert section_max_age("政策文件", ()) == ("*政策*", "6mo")
    assert section_max_age("/10462/10464/", ()) == ("*", "1y")
    assert section_max_age("通知公告", (("*专题*", "never"), ("通知*", "3mo"))) == ("通知*", "3mo")
    assert section_max_age("专题专栏", (("*专题*", "never"),)) is None


def test_select_ignore_and_profile_decide_whether_facts_are_collected(pav: Any, tmp_path: Path) -> None:
    assert wants_site_rules(Config(Settings()))
    assert not wants_site_rules(Config(Settings(select=("F1", "S"))))
    assert not wants_site_rules(Config(Settings(ignore=("C",))))
    assert not wants_site_rules(Config(Settings(profile="minimal")))
    assert wants_site_rules(config_from_mapping({"ignore": ["C"], "per-site": {"*.gov.cn": {"ignore": []}}}, tmp_path))
    warc = write_crawl(tmp_path / "chengdu.warc.gz")
    rules = {f["rule"] for f in pav("check", "--ignore", "C001", "--format", "json", str(warc)).json()["findings"]}
    assert {"C002", "C003", "C004"} <= rules and "C001" not in rules
    rules = {f["rule"] for f in pav("check", "--select", "F1", "--format", "json", str(warc)).json()["findings"]}
    assert not any(rule.startswith("C") for rule in rules)
    assert not collecting()  # the run turned link collection off again
    items = list(iter_source_items([str(warc)]))
    assert all(item.links is None for item in items if isinstance(item, SourceRecord))
    assert not any(isinstance(item, Answered) for item in items)  # only a run asking for facts reads them


def test_an_engine_asking_for_facts_reads_links_and_skipped_answers(tmp_path: Path) -> None:
    from validator.rules import PageFacts
    from validator.sources import collect_links

    warc = write_crawl(tmp_path / "chengdu.warc.gz")
    try:
        engine = Engine(Config(Settings()), facts=True)
        out = list(engine.check_items_with_facts(iter_source_items([str(warc)])))
    finally:
        collect_links(False)
    answers = [item for item in out if isinstance(item, PageFacts)]
    assert [(a.url, a.status, a.redirect, a.location[2]) for a in answers] == [
        (HOST + "/zwgk/ywdt/old.shtml", 404, None, 4),
        (HOST + "/zwgk/c.shtml", 301, HOST + "/zwgk/d.shtml", 5),
        (HOST + "/zwgk/d.shtml", 410, None, 6),
    ]
    facts = next(r.facts for r in out if not isinstance(r, PageFacts) and r.url == A)
    assert facts is not None and facts.status == 200 and facts.section == "要闻动态" and not facts.line_in_file
    assert [url for url, _ in facts.links] == [
        HOST + "/zwgk/ywdt/old.shtml", HOST + "/zwgk/c.shtml", E, "https://www.gov.cn/", "https://beian.miit.gov.cn/",
    ]  # fmt: skip
    assert facts.captured == "2024-05-21T02:00:00Z" and facts.published == "2024-05-20T10:00:00+08:00"


def test_the_link_memo_holds_shared_links_not_each_page_s_own_canonical_url(tmp_path: Path) -> None:
    # A worker resolves every page's canonical URL and links; the memo (of a process's whole run) keeps the links
    # pages share: a canonical URL is the page's own, and memoised it grew the memo by one entry a page (issue 16).
    from validator.engine import _RESOLVED_SIZE
    from validator.sources import collect_links

    urls = [f"{HOST}/zwgk/ywdt/2024/05/{n:03d}.shtml" for n in range(300)]
    for n, url in enumerate(urls):
        body = page(
            url, f"标题{n}", "要闻动态", "2024-05-20 10:00", "正文", ["/zwgk/", "https://www.gov.cn/"], None, True
        )
        (tmp_path / f"{n:03d}.shtml").write_bytes(body)
    try:
        engine = Engine(Config(Settings()), facts=True)
        facts = [r.facts for r in engine.check_items_with_facts(iter_source_items([str(tmp_path)])) if r.facts]
    finally:
        collect_links(False)
    assert [f.canonical for f in facts] == urls
    assert len(engine._resolved) < 10  # the shared links only
    for n in range(_RESOLVED_SIZE + 10):
        assert engine._resolve(f"https://www.gov.cn/{n}", urls[0]) == f"https://www.gov.cn/{n}"
    assert len(engine._resolved) <= _RESOLVED_SIZE


def test_a_live_answer_other_than_200_is_recorded_for_the_crawl() -> None:
    from validator.sources import collect_links
    from validator.sources.live import Fetched, page_items

    fetched = Fetched(HOST + "/a", HOST + "/b", 404, "text/html", None, "HTTP Error 404", 1, datetime.now(UTC))
    assert [type(item).__name__ for item in page_items(fetched)] == ["Finding"]  # I009 only, by default
    collect_links(True)
    try:
        finding, answered = page_items(fetched)
    finally:
        collect_links(False)
    assert finding.rule == "I009"  # type: ignore[union-attr]
    assert isinstance(answered, Answered) and (answered.url, answered.status) == (HOST + "/b", 404)


def test_page_links_are_kept_once_without_scripts_mail_and_fragments() -> None:
    html = (
        '<html><head><base href="/x/"></head><body><div class="crumbs">当前位置：<a href="/">首页</a> &gt; '
        '<a href="/t/">通知公告</a></div>\n<a href="a.html">1</a>\n<a href="a.html">2</a><a href="#top">3</a>'
        '<a href="javascript:;">4</a><a href="mailto:x@y.cn">5</a></body></html>'
    )
    root = parse(html.encode("utf-8"))
    links = page_links(root)
    assert links.hrefs == (("/", 1), ("/t/", 1), ("a.html", 2))
    assert links.base == "/x/" and breadcrumb_section(root) == "通知公告"
    many = parse(
        b"<html><body>" + b"".join(b'<a href="/p%d">p</a>' % i for i in range(MAX_LINKS + 50)) + b"</body></html>"
    )
    assert len(page_links(many).hrefs) == MAX_LINKS
    assert crawl_key("a.html#x", crawl_key("/x/", "HTTPS://Www.Chengdu.gov.cn:443/p")) == HOST + "/x/a.html"


def test_a_baseline_suppresses_crawl_level_findings(pav: Any, tmp_path: Path) -> None:
    warc = write_crawl(tmp_path / "chengdu.warc.gz")
    baseline = tmp_path / "baseline.json"
    assert pav("check", "--select", "C", "--write-baseline", str(baseline), str(warc)).code == 0
    run = pav("check", "--select", "C", "--fail-on", "info", "--baseline", str(baseline), "--format", "json", str(warc))
    assert run.code == 0 and run.json()["findings"] == []
    assert run.json()["summary"]["suppressed"] == 6


def test_hostile_section_names_and_links_are_escaped_in_reports(pav: Any, tmp_path: Path) -> None:
    evil = "通知\u202e公告\x07=cmd|' /C calc'!A0"
    original = dict(PAGES)
    for path in ("/zwgk/tzgg/2023/11/01/n.shtml", "/zwgk/ywdt/2024/05/18/e.shtml"):
        title, _, _, text, links, base = PAGES[path]
        PAGES[path] = (title, evil, "2020-01-01 10:00", text, links, base)
    try:
        warc = write_crawl(tmp_path / "evil.warc.gz")
    finally:
        PAGES.update(original)
    out = pav("check", "--select", "C002", str(warc)).out
    assert "C002 section '通知\\u202e公告\\x07=cmd|' /C calc'!A0' (ColumnName)" in out
    assert "\u202e" not in out and "\x07" not in out


def test_crawl_level_findings_go_through_the_cap_and_every_report_format(pav: Any, tmp_path: Path) -> None:
    import json
    import xml.etree.ElementTree as ElementTree

    warc = write_crawl(tmp_path / "chengdu.warc.gz")
    capped = pav("check", "--select", "C", "--max-findings", "2", "--format", "json", str(warc))
    report = capped.json()
    assert [f["rule"] for f in report["findings"]] == ["C001", "C001"]
    assert report["partial"] is True and report["summary"]["findings"] == 6 and report["summary"]["omitted"] == 4
    formats = ["jsonl", "junit", "sarif", "markdown", "html", "github"]
    outputs = {name: tmp_path / f"report.{name}" for name in formats}
    run = pav("check", "--select", "C", *(f"--format={name}={path}" for name, path in outputs.items()), str(warc))
    assert run.code == 0, run.err
    lines = [json.loads(line) for line in outputs["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert sum(1 for line in lines if line.get("rule", "").startswith("C")) == 6
    sarif = json.loads(outputs["sarif"].read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == ["C001", "C001", "C001", "C002", "C003", "C004"]
    assert all(r["partialFingerprints"] for r in results)
    junit = ElementTree.parse(outputs["junit"]).getroot()  # well-formed, and the crawl-level findings are in it
    cases = [ElementTree.tostring(case, encoding="unicode") for case in junit.iter("testcase")]
    assert sum("C001" in case for case in cases) == 3  # a.shtml's and n.shtml's C001, and C004's "not judged by C001"
    for name in ("markdown", "html", "github"):
        assert "C001" in outputs[name].read_text(encoding="utf-8"), name


def _two_copies(path: Path, canonical: bool, dates: tuple[str, str]) -> Path:
    """/x/a.shtml and its mirror /x/a-copy.shtml (the lower URL) with the same bytes: the article as served at
    a.shtml, declaring a.shtml canonical when `canonical`; captured at `dates` (a.shtml, then the copy)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = page(
        HOST + "/x/a.shtml",
        "成都市召开优化营商环境推进会",
        "要闻动态",
        "2024-05-18 09:30",
        "正文" * 20,
        [],
        None,
        canonical=canonical,
    )
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for name, date in zip(("/x/a.shtml", "/x/a-copy.shtml"), dates, strict=True):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    HOST + name,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": date},
                )
            )
    return path


@pytest.mark.parametrize(
    ("canonical", "dates", "reported", "named"),
    [
        (True, ("2024-05-21T02:00:00Z", "2024-05-21T01:00:00Z"), "/x/a-copy.shtml", "/x/a.shtml"),  # declared
        (False, ("2024-05-21T01:00:00Z", "2024-05-21T02:00:00Z"), "/x/a-copy.shtml", "/x/a.shtml"),  # captured first
        (False, ("2024-05-21T02:00:00Z", "2024-05-21T02:00:00Z"), "/x/a.shtml", "/x/a-copy.shtml"),  # lowest URL
    ],
)
def test_the_copy_reported_is_not_the_page_s_own_url(
    pav: Any, tmp_path: Path, canonical: bool, dates: tuple[str, str], reported: str, named: str
) -> None:
    crawl = _two_copies(tmp_path / "copies.warc.gz", canonical, dates)
    found = [item for item in crawl_findings(pav("check", "--format", "json", str(crawl))) if item[0] == "C003"]
    assert [(url, message) for _, _, url, message in found] == [
        (
            HOST + reported,
            f"same title, text and footer as {HOST + named}: the page is in the crawl twice, under two URLs",
        )
    ]


@settings(max_examples=3000, deadline=None)
@given(
    href=st.text(alphabet="/.?#:%a-zé\\ \t@;=&", min_size=0, max_size=14)
    | st.sampled_from(["/a/b.shtml", "a.shtml", "../x", "./y", "/.well-known", "/p?", "/p?#f", "x?q=1#f", "/a:b"]),
    base=st.sampled_from(
        [
            "https://www.sc.gov.cn/10462/a/b.shtml",
            "https://www.sc.gov.cn/",
            "http://h.gov.cn:8080/x/y/",
            "https://h.gov.cn/p?a=/b",
            "https://[::1]/a",
        ]
    ),
)
def test_resolving_a_link_agrees_with_crawl_key(href: str, base: str) -> None:
    # Engine._targets joins plain links to the page's origin or folder without urljoin: it must give what crawl_key
    # gives (a link that leads nowhere, None, is left out).
    engine = Engine(facts=True)
    expected = crawl_key(href, base)
    assert list(engine._targets(((href, 7),), base)) == ([] if expected is None else [expected])
    assert engine._resolve(href, base) == expected  # and the memoised path, twice
    assert engine._resolve(href, base) == expected


def test_a_section_read_from_the_breadcrumb_is_judged_and_named_so(pav: Any, tmp_path: Path) -> None:
    """A page without a ColumnName meta tag is in the section its breadcrumb names (the record's section, with
    evidence.section_from "breadcrumb"), and C002 says where the name came from."""
    from tests.test_warc import Crawl

    crawl = Crawl(tmp_path / "crumbs.warc.gz")
    for name in ("n1", "n2"):
        body = (
            '<html lang="zh-CN"><head><meta charset="utf-8"><title>通知</title></head><body>'
            '<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a> &gt; 正文</div>'
            f"<h1>关于{name}的通知</h1><div class='info'>发布时间：2023-01-05 10:00</div>"
            f"<div id='zoom'><p>现将有关事项通知如下，请认真贯彻落实，{name}。</p></div></body></html>"
        )
        crawl.response(f"{HOST}/tzgg/2023/01/05/{name}.shtml", body.encode("utf-8"), date=CAPTURED)
    run = pav("check", "--select", "C002", "--format", "json", str(crawl.close()))
    (finding,) = run.json()["findings"]
    assert finding["message"].startswith("section '通知公告' (breadcrumb) has published nothing for 502 days")
