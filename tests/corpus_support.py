"""Reading the real-page corpus (tests/corpus/) and scoring a reader's record against its answer keys.

Shared by tests/test_corpus.py (pav held to the keys) and bench/corpus.py (pav beside trafilatura and bare
lxml on the same pages). How a field is compared is decided here, once:

- title: equal, white space ignored (an ideographic space inside a headline is typography);
- published_at: a key of a day ("2017-05-15") matches a record of that day in Beijing time; a key with a time
  matches to the minute; a key of null matches only a record without a date;
- body_start / body_end: the record's body starts / ends with the key's text, white space ignored on both
  sides (keys join the article's blocks without separators);
- language: the primary subtag;
- filing numbers: the digits (or code) pav parses from the record's footer equal the key's (a telecom licence
  number shown where the ICP number belongs counts as the number shown there);
- footer fields (numbers as shown, unit names): the record's text equals the key's, white space ignored (a
  letter-spaced name, 人 民 网, is the key's as shown); a field the key leaves null must be absent;
- problems: the rule ids of pav's findings in the footer and evidence families (F1-F7, R005) under the
  profile that fits the site (gov for government sites, news otherwise), against the key's problem list.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "corpus"
CHINA = timezone(timedelta(hours=8))
PAGE_FIELDS = ("title", "published_at", "body_start", "body_end")
NUMBERS = ("icp", "public_security", "site_code")
# The footer's fields as the record holds them, each against the key's text as the page shows it.
FOOTER_FIELDS = (
    "icp", "public_security", "site_code", "unit_in_charge", "organizer", "operator", "copyright_holder", "tech_support"
)  # fmt: skip
PROBLEM_FAMILIES = ("F1", "F2", "F3", "F4", "F5", "F6", "F7", "R005")


@dataclass(frozen=True)
class Item:
    """One corpus entry: a whole page or a footer, its bytes and its answer key."""

    id: str
    kind: str  # "page" or "footer"
    path: Path
    key: dict[str, Any]

    @property
    def profile(self) -> str:
        return "gov" if self.key["site_kind"] == "gov" else "news"


def items(kind: str | None = None) -> list[Item]:
    found = []
    for folder, name in (("pages", "page"), ("footers", "footer")):
        if kind is not None and kind != name:
            continue
        for key_path in sorted((CORPUS / folder).glob("*.key.json")):
            stem = key_path.name[: -len(".key.json")]
            page = next(p for p in key_path.parent.iterdir() if p.stem == stem and not p.name.endswith(".json"))
            found.append(Item(stem, name, page, json.loads(key_path.read_text(encoding="utf-8"))))
    return found


def folded(text: str | None) -> str:
    return " ".join((text or "").split())


def squeezed(text: str | None) -> str:
    return "".join((text or "").split())


def title_matches(expected: str | None, got: str | None) -> bool:
    # (white space ignored: an ideographic space inside a headline is typography, and keys drop it)
    return squeezed(expected) == squeezed(got)


def date_matches(expected: str | None, got: str | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    try:
        moment = datetime.fromisoformat(got.replace("Z", "+00:00")).astimezone(CHINA)
    except ValueError:
        return False
    if len(expected) == 10:
        return moment.strftime("%Y-%m-%d") == expected
    want = datetime.fromisoformat(expected.replace("Z", "+00:00")).astimezone(CHINA)
    return moment.replace(second=0) == want.replace(second=0)


def body_start_matches(expected: str | None, body: str | None) -> bool:
    return bool(expected) and squeezed(body).startswith(squeezed(expected))


def body_end_matches(expected: str | None, body: str | None) -> bool:
    return bool(expected) and squeezed(body).endswith(squeezed(expected))


def field_matches(name: str, expected: Any, got: Any) -> bool:
    if name == "title":
        return title_matches(expected, got)
    if name == "published_at":
        return date_matches(expected, got)
    if name == "body_start":
        return body_start_matches(expected, got)
    if name == "body_end":
        return body_end_matches(expected, got)
    raise ValueError(name)


@dataclass
class Score:
    """Counts over the corpus."""

    fields_right: int = 0
    fields_total: int = 0
    numbers_found: int = 0
    numbers_total: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    footer_right: int = 0
    footer_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def read_record(item: Item) -> dict[str, Any]:
    """pav's record of a corpus file (read as `pav check` reads a page file)."""
    from validator.findings import Location
    from validator.sources import SourceRecord
    from validator.sources.html import html_item

    data = item.path.read_bytes()
    if item.path.suffix == ".js":  # a footer a site writes from an external script: read as the page runs it
        # ("</" is written "<\/" inside an inline script, as inlining requires: the same JavaScript string)
        data = b"<html><body><script>\n" + data.replace(b"</", b"<\\/") + b"\n</script></body></html>"
    result = html_item(data, location=Location(str(item.path)), source_location=item.path.name, id_hint=item.id)
    assert isinstance(result, SourceRecord), result
    return result.data


def parsed_numbers(record: dict[str, Any]) -> dict[str, str | None]:
    from validator.footer import footer_texts, parse_footer_texts

    parsed = parse_footer_texts(footer_texts(record.get("footer")))
    icp = parsed.icp
    return {
        "icp": icp.digits if icp is not None else None,
        "public_security": parsed.public_security.digits if parsed.public_security is not None else None,
        "site_code": parsed.site_code.value if parsed.site_code is not None else None,
    }


def number_matches(expected: str, got: str | None) -> bool:
    """The digits as the key gives them; a key without a dashed suffix matches a number that shows one (the
    site suffix of an old public security number, 110102003042-1)."""
    if got is None:
        return False
    return got == expected or ("-" not in expected and got.split("-", 1)[0] == expected)


def problems_found(record: dict[str, Any], profile: str) -> set[str]:
    from validator.api import validate_record

    return {f.rule for f in validate_record(record, profile=profile) if f.rule.startswith(PROBLEM_FAMILIES)}


def expected_problems(item: Item) -> set[str]:
    return {problem["rule"] for problem in item.key["problems"]}


def page_field_values(item: Item, record: dict[str, Any]) -> Iterator[tuple[str, Any, Any]]:
    page = item.key["page"]
    yield "title", page["title"], record.get("title")
    yield "published_at", page["published_at"], record.get("published_at")
    yield "body_start", page["body_start"], record.get("body")
    yield "body_end", page["body_end"], record.get("body")


def footer_field_values(item: Item, record: dict[str, Any]) -> Iterator[tuple[str, Any, Any]]:
    footer = record.get("footer") or {}
    for name in FOOTER_FIELDS:
        yield name, item.key["footer"].get(name), footer.get(name)


def footer_field_matches(expected: str | None, got: Any) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    return isinstance(got, str) and squeezed(expected) == squeezed(got)
