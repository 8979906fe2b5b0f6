"""Where the crawl-level facts are kept (validator.crawl, issue 16): a temporary SQLite database, removed after a
run, after a rule failing and after an interrupt; read back in batches and in URL order with the same findings as
the facts held in memory; and the memory `Crawl` holds does not grow with the pages added."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.crawl_support import HOST, write_crawl
from validator.config import Config
from validator.crawl import Crawl
from validator.findings import Severity
from validator.rules import CATALOG, PageFacts, Rule, SiteContext
from validator.rules.site import page_duplicate

SITE = "www.example.gov.cn"
CHECKS = (("C001", 2), ("C002", 2), ("C003", 1), ("C004", 1))


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp dir of the test: where Crawl makes its database."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def facts(number: int, **fields: Any) -> PageFacts:
    url = f"https://{SITE}/art/{number:06d}.html"
    values: dict[str, Any] = {
        "site": SITE,
        "url": url,
        "status": 200,
        "location": ("crawl.warc", None, number),
        "record_id": f"r{number}",
        "page": url,
        "profile": "gov",
        "section": f"栏目{number % 3}",
        "section_from": "ColumnName",
        "published": f"2024-{number % 12 + 1:02d}-01T00:00:00Z",
        "captured": "2024-12-30T00:00:00Z",
        "content": f"text{number}",
        "links": tuple((f"https://{SITE}/art/{(number + step) % 100_000:06d}.html", 10 + step) for step in range(26)),
        "checks": CHECKS,
        "line_in_file": False,
    }
    values.update(fields)
    return PageFacts(**values)


def crawl_rows(crawl: Crawl) -> list[tuple[str, str | None, tuple[str, int | None, int | None], str]]:
    return [
        (
            finding.rule,
            result.url,
            (finding.location.file, finding.location.line, finding.location.index),
            finding.message,
        )
        for result in crawl.results()
        for finding in result.findings
    ]


def test_a_run_removes_its_database(pav: Any, tmp_path: Path, temp_dir: Path) -> None:
    made: list[str] = []
    original = Crawl._database

    def watched(self: Crawl) -> Any:
        db = original(self)
        made.append(str(self._folder))
        return db

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Crawl, "_database", watched)
        run = pav("check", "--select", "C", "--format", "json", str(write_crawl(tmp_path / "c.warc.gz")))
    assert run.code == 0
    assert {f["rule"] for f in run.json()["findings"]} == {"C001", "C002", "C003", "C004"}
    assert made and all(Path(folder).parent == temp_dir for folder in made)  # it was made there
    assert list(temp_dir.iterdir()) == []  # and removed


def raising(error: BaseException) -> Iterator[Any]:
    raise error
    yield  # a generator, as site rules are


@pytest.mark.parametrize("error", [ValueError("bad state"), KeyboardInterrupt()])
def test_a_rule_failing_or_an_interrupt_still_removes_the_database(
    pav: Any, tmp_path: Path, temp_dir: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    failing = Rule(
        "C090",
        "always-fails",
        Severity.INFO,
        "Fails",
        frozenset(("gov", "news")),
        lambda ctx: raising(error),
        scope="site",
    )
    monkeypatch.setitem(CATALOG, failing.id, failing)
    run = pav("check", "--select", "C", "--format", "json", str(write_crawl(tmp_path / "c.warc.gz")))
    if isinstance(error, KeyboardInterrupt):
        assert run.code == 130
    else:  # X001 on the site's first page (lowest URL), the other rules' findings as always
        assert run.code == 1
        internal = [f for f in run.json()["findings"] if f["rule"] == "X001"]
        assert [(f["url"], f["message"]) for f in internal] == [
            (
                f"{HOST}/zwgk/tzgg/2023/11/01/n.shtml",
                "rule C090 (always-fails) failed on site www.chengdu.gov.cn: ValueError: bad state",
            )
        ]
        assert {f["rule"] for f in run.json()["findings"]} == {"C001", "C002", "C003", "C004", "X001"}
    assert list(temp_dir.iterdir()) == []


def test_closing_removes_the_database_and_a_crawl_of_one_page_makes_none(temp_dir: Path) -> None:
    with Crawl(Config()) as crawl:
        crawl.add(facts(1, is_page=False, status=404))  # answers that are not pages stay in memory
        crawl.add(facts(2))
        assert crawl_rows(crawl) == []  # one page is not a crawl
        assert list(temp_dir.iterdir()) == []
    with Crawl(Config()) as crawl:
        for number in range(1_001):  # a batch written
            crawl.add(facts(number))
        assert len(list(temp_dir.iterdir())) == 1
    assert list(temp_dir.iterdir()) == []


def test_more_pages_than_a_batch_give_the_findings_of_pages_held_in_memory(temp_dir: Path) -> None:
    pages = 2_500  # ten batches
    added = [facts(n) for n in range(pages)]
    # later captures (by location) of four URLs, with copies of one another: not the pages, so no C003
    added += [facts(n, content="same", location=("crawl.warc", None, 100_000 + n)) for n in (7, 1_500, 2_000, 2_001)]
    added.append(facts(2_505, is_page=False, status=404))  # linked by pages 2,480-2,499
    with Crawl(Config()) as crawl:
        for page in reversed(added):  # the input order does not matter
            crawl.add(page)
        rows = crawl_rows(crawl)
    broken = [row for row in rows if row[0] == "C001"]
    assert [row[1] for row in broken] == [f"https://{SITE}/art/{n:06d}.html" for n in range(2_480, 2_500)]
    assert broken[0][3] == (
        f"link to https://{SITE}/art/002505.html answered HTTP 404 in the crawl (line 35 of the page): "
        "a visitor following it finds no page"
    )
    assert [row for row in rows if row[0] in ("C002", "C003")] == []
    (note,) = [row for row in rows if row[0] == "C004"]
    assert note[1] == f"https://{SITE}/art/000000.html"
    # 2,500 pages, 26 links each; links to 2,500-2,524 lead outside the crawl, but for the 20 to the 404
    outside = sum(1 for n in range(pages) for step in range(26) if n + step >= pages) - 20
    assert note[3].startswith(f"{outside} of the {26 * pages} links on the {pages} pages of {SITE} in this crawl")


def test_duplicate_groups_are_the_same_from_the_database_and_from_a_list(temp_dir: Path) -> None:
    added = [facts(n, content=f"text{n % 4}" if n < 10 else f"text{n}") for n in range(1_200)]
    added += [facts(5, content="text1", location=("crawl.warc", None, 99))]  # a second capture of one URL
    in_memory = SiteContext(SITE, sorted(added[:-1], key=lambda page: page.url), {}, lambda section: None)
    expected = [[page.url for page in group] for group in in_memory.duplicate_groups()]
    assert expected == [[f"https://{SITE}/art/{n:06d}.html" for n in range(k, 10, 4)] for k in range(4)]
    with Crawl(Config()) as crawl:
        for page in added:
            crawl.add(page)
        found = [(row[1], row[3]) for row in crawl_rows(crawl) if row[0] == "C003"]
    assert found == [
        (violation.page.url, violation.message)
        for violation in sorted(page_duplicate(in_memory), key=lambda violation: violation.page.url)
    ]
    assert len(found) == 6


def test_crawl_memory_does_not_grow_with_its_pages(temp_dir: Path) -> None:
    pages = 20_000
    with Crawl(Config()) as crawl:
        crawl.add(facts(0))  # the database and its first batch
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for number in range(1, pages + 1):
                crawl.add(facts(number))
            held, peak = (value - before for value in tracemalloc.get_traced_memory())
        finally:
            tracemalloc.stop()
        cache = crawl._database().execute("PRAGMA cache_size").fetchone()
    # The page's URL hash (8 bytes) and a batch of rows at most; the facts themselves held cost about 900 bytes a page.
    assert held / pages < 64
    assert peak < 1_200_000  # a batch of rows while it is written: 250 of these pages' rows ~0.8 MB (1,000 held 2.3)
    assert cache == (-1024,)  # SQLite's page cache: 1 MiB (its memory is not Python's, so not traced)
