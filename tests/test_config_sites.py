"""Per-site settings (`[tool.pav.per-site."HOST-GLOB"]`): settings by the host of a record's URL, for WARC records,
live pages, sitemap pages, page files with a canonical URL and JSON records; patterns that can never match are
config errors naming the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES, valid_record, write_jsonl
from tests.test_live import Site, page_bytes, site, urlset  # noqa: F401 - site is a fixture
from tests.test_warc import FOOTER, Crawl, html_page
from validator.config import ConfigError, load_config

# A news site's footer that carries a site code (as people.com.cn's English edition does): `auto` judges the page
# as a government one, and a crawl of several sites cannot tell pav otherwise but by host.
NEWS_PYPROJECT = '[project]\nname = "x"\n[tool.pav.per-site."*.people.com.cn"]\nprofile = "news"\n'


def _rules_by_url(report: dict[str, Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["url"], set()).add(f"{finding['profile']} {finding['rule']}")
    return found


def test_per_site_profile_applies_to_the_records_of_a_warc_by_host(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    footer = FOOTER.replace("主办单位：四川省人民政府办公厅", "人民网版权所有")  # no unit in charge
    crawl = Crawl(isolated / "crawl.warc.gz")
    crawl.response("http://politics.people.com.cn/n1/a.html", html_page("新闻", footer=footer))
    crawl.response("https://www.sc.gov.cn/a.shtml", html_page("政务", footer=footer))
    crawl.close()
    before = _rules_by_url(pav("check", "--format", "json", "--select", "F4", "crawl.warc.gz").json())
    gov = {"gov F401", "gov F402", "gov F403"}  # no unit in charge, organizer or operator
    assert before == {"http://politics.people.com.cn/n1/a.html": gov, "https://www.sc.gov.cn/a.shtml": gov}

    (isolated / "pyproject.toml").write_text(NEWS_PYPROJECT, encoding="utf-8")
    run = pav("check", "--format", "json", "--select", "F4", "crawl.warc.gz")
    assert _rules_by_url(run.json()) == {"https://www.sc.gov.cn/a.shtml": gov}
    assert run.json()["summary"]["by_profile"] == {"gov": 1, "news": 1}


def test_per_site_applies_to_json_records_and_page_files_with_a_url(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    write_jsonl(
        isolated / "a.jsonl",
        [valid_record(id="sc", title=""), valid_record(id="cd", title="", url="https://www.cd.gov.cn/a.html")],
    )
    page = (SAMPLES / "pages" / "bad-F602-retired-icp-link.html").read_bytes()  # canonical URL on www.sc.gov.cn
    (isolated / "page.html").write_bytes(page)
    (isolated / "pav.toml").write_text('[per-site."www.sc.gov.cn"]\nignore = ["S005", "F602"]\n', encoding="utf-8")
    report = pav("check", "--format", "json", "a.jsonl", "page.html").json()
    assert [(f["record_id"], f["rule"]) for f in report["findings"]] == [("cd", "S005")]


def test_per_site_applies_to_live_pages_and_sitemap_pages(pav, site: Site, isolated: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    site.add("/a.shtml", page_bytes("甲"))
    site.add("/b.shtml", page_bytes("乙"))
    site.add("/sitemap.xml", urlset("/b.shtml", base=site.base), "application/xml")
    args = ["check", "--retries", "0", "--allow-private", "--select", "F601", site.url("/a.shtml")]
    args += ["--sitemap", site.url("/sitemap.xml")]  # the test site is on 127.0.0.1: --allow-private
    assert [line.split(" ")[2] for line in pav(*args).out.splitlines()[:-1]] == ["F601", "F601"]
    (isolated / "pav.toml").write_text('[per-site."127.0.0.*"]\nignore = ["F6"]\n', encoding="utf-8")
    run = pav(*args)
    assert run.code == 0 and run.out.startswith("No findings: 2 records checked"), run.out


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'per-path."https://www.people.com.cn/*"',
            "per-path.'https://www.people.com.cn/*' is a URL, and per-path patterns match file paths, never URLs: "
            'for the pages of a site, use [per-site."www.people.com.cn"]',
        ),
        (
            'per-site."https://*.people.com.cn"',
            "per-site.'https://*.people.com.cn' has a scheme; per-site patterns match the host of a page's URL only: "
            'write "*.people.com.cn"',
        ),
        (
            'per-site."www.people.com.cn/n1/*"',
            "per-site.'www.people.com.cn/n1/*' has a path; per-site patterns match the host of a page's URL only: "
            'write "www.people.com.cn"',
        ),
        (
            'per-site."www.people.com.cn:8080"',
            "per-site.'www.people.com.cn:8080' has a user or port; per-site patterns match the host of a page's URL "
            "only",
        ),
        (
            'per-site."people com"',
            'per-site.\'people com\' is not a host pattern (e.g. "www.people.com.cn" or "*.people.com.cn")',
        ),
    ],
)
def test_patterns_that_can_never_match_are_errors_naming_the_key(isolated: Path, table: str, message: str) -> None:
    (isolated / "pav.toml").write_text(f'[{table}]\nprofile = "news"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config()
    assert str(error.value) == f"{isolated / 'pav.toml'}: {message}"


def test_per_site_tables_take_the_per_path_keys_only(isolated: Path) -> None:
    (isolated / "pav.toml").write_text('[per-site."*.people.com.cn"]\nfail-on = "info"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config()
    assert "unknown key per-site.'*.people.com.cn'.'fail-on' (known: ignore, profile, select, severity)" in str(
        error.value
    )


def test_host_patterns_are_case_insensitive_and_cli_flags_override_them(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated / "pav.toml").write_text('[per-site."WWW.SC.GOV.CN"]\nprofile = "minimal"\n', encoding="utf-8")
    config = load_config()
    assert config.settings_for("a.jsonl", "https://www.sc.gov.cn/a").profile == "minimal"
    assert config.settings_for("a.jsonl", "https://www.cd.gov.cn/a").profile == "auto"
    assert config.settings_for("a.jsonl", "https://www.sc.gov.cn/b") is config.settings_for(
        "b.jsonl", "https://www.sc.gov.cn/c"
    )
    write_jsonl(isolated / "a.jsonl", [valid_record()])
    report = pav("check", "--profile", "gov", "--format", "json", "a.jsonl").json()
    assert report["summary"]["by_profile"] == {"gov": 1}  # the command line wins over the file
