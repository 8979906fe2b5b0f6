"""pav's page reading beside trafilatura and bare lxml on the real-page corpus (tests/corpus/pages), in one run.

    python bench/corpus.py [--rounds N] [--tools pav,trafilatura,lxml]

For each tool: how many page fields it gets right (title, publication date to the day, body start, body end,
compared as tests/corpus_support.py compares them; pav's date also to the minute, where the page gives one),
and pages per second over the whole corpus (reading each page from its bytes, median of the rounds). bare lxml
is the floor: `lxml.html.fromstring` and nothing else, its "fields" the <title> text and the body's text.
trafilatura (with its date extraction, htmldate) is the best-known peer; it is installed by `make bench`
(the `bench` extra), not by `make test`.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.corpus_support import (  # noqa: E402  (the corpus helpers live with the tests)
    CHINA,
    Item,
    body_end_matches,
    body_start_matches,
    items,
    title_matches,
)

Fields = dict[str, str | None]  # title, published_at (ISO), body


def read_with_pav(data: bytes) -> Fields:
    from validator.findings import Location
    from validator.sources import SourceRecord
    from validator.sources.html import html_item

    result = html_item(data, location=Location("page.html"), source_location="page.html", id_hint="page")
    record = result.data if isinstance(result, SourceRecord) else {}
    return {"title": record.get("title"), "published_at": record.get("published_at"), "body": record.get("body")}


def read_with_trafilatura(data: bytes) -> Fields:
    from trafilatura import bare_extraction

    document = bare_extraction(data, with_metadata=True)
    found = document.as_dict() if document is not None and hasattr(document, "as_dict") else (document or {})
    return {"title": found.get("title"), "published_at": found.get("date"), "body": found.get("text")}


def read_with_lxml(data: bytes) -> Fields:
    import lxml.html

    root = lxml.html.fromstring(data)
    title = root.findtext(".//title")
    body = root.find("body")
    return {"title": title, "published_at": None, "body": body.text_content() if body is not None else None}


TOOLS: dict[str, Callable[[bytes], Fields]] = {
    "pav": read_with_pav,
    "trafilatura": read_with_trafilatura,
    "lxml": read_with_lxml,
}


def _day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value[:10]
    return moment.astimezone(CHINA).strftime("%Y-%m-%d") if moment.tzinfo else moment.strftime("%Y-%m-%d")


def score(item: Item, fields: Fields) -> dict[str, bool]:
    """Which of a page's fields a tool got right (the date to the day: trafilatura gives no time)."""
    page = item.key["page"]
    expected_day = page["published_at"][:10] if page["published_at"] else None
    return {
        "title": title_matches(page["title"], fields["title"]),
        "date": _day(fields["published_at"]) == expected_day,
        "body_start": body_start_matches(page["body_start"], fields["body"]),
        "body_end": body_end_matches(page["body_end"], fields["body"]),
    }


def run(tools: list[str], rounds: int) -> dict[str, Any]:
    pages = items("page")
    data = [(item, item.path.read_bytes()) for item in pages]
    results: dict[str, Any] = {}
    for name in tools:
        read = TOOLS[name]
        right: dict[str, int] = {"title": 0, "date": 0, "body_start": 0, "body_end": 0}
        failed = 0
        for item, raw in data:
            try:
                fields = read(raw)
            except Exception:  # a peer that raises on a page scores nothing on it
                failed += 1
                continue
            for field, ok in score(item, fields).items():
                right[field] += ok
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            for _, raw in data:
                with contextlib.suppress(Exception):
                    read(raw)
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        results[name] = {
            "right": right,
            "fields": 4 * len(data),
            "pages": len(data),
            "failed": failed,
            "pages_per_s": len(data) / median if median else 0.0,
        }
    return results


def table(results: dict[str, Any]) -> str:
    rows = [
        "| tool | title | date (day) | body start | body end | fields right | pages/s | vs lxml |",
        "|---|---|---|---|---|---|---|---|",
    ]
    floor = results.get("lxml", {}).get("pages_per_s")
    for name, result in results.items():
        right, pages = result["right"], result["pages"]
        total = sum(right.values())
        speed = result["pages_per_s"]
        ratio = f"{speed / floor:.2f}x" if floor else "-"
        rows.append(
            f"| {name} | {right['title']}/{pages} | {right['date']}/{pages} | {right['body_start']}/{pages} | "
            f"{right['body_end']}/{pages} | {total}/{result['fields']} ({100 * total / result['fields']:.0f}%) | "
            f"{speed:,.0f} | {ratio} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tools", default="pav,trafilatura,lxml")
    args = parser.parse_args()
    tools = [name for name in args.tools.split(",") if name]
    print(table(run(tools, args.rounds)))


if __name__ == "__main__":
    main()
