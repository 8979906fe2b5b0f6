"""One parsed page -> every field of its record: `read_page`, one small function per field.

Fields are read in an order where each can use what is known before it: the head (meta tags, scripts), the
body's regions (main element, footer candidates), the footer, the body text, the title, the language, the
publication date, the URL, and the evidence. Each function reads one field and says where (the source line).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from validator.sources.dates import (
    DateSource,
    choose_date,
    labelled_dates,
    near_title_date,
    read_date_value,
    rfc3339,
    url_dates,
)
from validator.sources.html.body import FULL_ARTICLE, deck_lines, dense_element, trim_boilerplate
from validator.sources.html.head import DATE_PROPERTIES, Head, read_head, saved_from
from validator.sources.html.hrefs import breadcrumb_section
from validator.sources.html.language import read_language
from validator.sources.html.layout import (
    SECOND,
    Walk,
    footer_by_content,
    lines_around,
    main_lines,
    region_lines,
    scan_body,
    walk,
)
from validator.sources.html.links import add_hits, filing_links, occurrence
from validator.sources.html.marks import read_marks
from validator.sources.html.scripts import ScriptFooter, script_footer
from validator.sources.html.title import heading_lines, read_title
from validator.sources.html.tree import element_text, memoised, normalized, set_line
from validator.sources.pages import (
    NUMBER_FIELDS,
    FooterRead,
    Line,
    NumberHit,
    has_strong_signal,
    is_footer_line,
    read_footer,
    read_numbers,
)

__all__ = ["PageExtract", "read_page"]


@dataclass
class PageExtract:
    """Everything read from one page: record fields, footer, evidence, and where each was found."""

    title: str | None = None
    published_at: str | None = None
    section: str | None = None
    body: str | None = None
    language: str | None = None
    url: str | None = None
    footer: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)


class _Page:
    """A parsed page and what the field readers share: the head, the body's regions, the whole-body walk
    (made only when a reader needs it)."""

    def __init__(self, root: Any, page: bytes) -> None:
        self.root = root
        self.bytes = page
        self.head = read_head(root)
        body = next(root.iterchildren("body"), None)  # root.find("body"), without ElementPath
        self.body = root if body is None else body
        self.main, self.candidates, self.paragraphs, self.texts, self.main_score = scan_body(self.body)
        self._walk: Walk | None = None

    @property
    def walk(self) -> Walk:
        if self._walk is None:
            self._walk = walk(self.body, self.main)
        return self._walk

    @property
    def walked(self) -> bool:
        return self._walk is not None


@dataclass
class _Footer:
    read: FooterRead
    lines: list[Line]  # the visible footer lines
    origin: str  # structure, content, script, page or none
    visible: dict[str, NumberHit]
    scripts: ScriptFooter
    script_numbers: dict[str, NumberHit]
    # Lines of the other footer candidates (a block of links, hotline and badges beside the block of numbers):
    # read for contact information only.
    near: list[Line] = field(default_factory=list)


def read_page(root: Any, text: str, page: bytes = b"") -> PageExtract:
    """Read a parsed page. `text` is the page as text, of which the first 4,096 characters are read (the
    "saved from" comment); `page` its UTF-8 bytes (searched for traces of the footer marks)."""
    out = PageExtract()
    lines = out.field_lines
    parsed = _Page(root, page)
    head = parsed.head

    footer = _read_footer(parsed)
    out.footer = dict(footer.read.fields)
    if footer.read.raw is not None:
        out.footer["raw"] = footer.read.raw
        set_line(lines, "/footer", footer.read.first_line)
        set_line(lines, "/footer/raw", footer.read.first_line)
    for name, line in footer.read.lines.items():
        set_line(lines, f"/footer/{name}", line)

    body_lines = _read_body(parsed, set(footer.lines))
    title = read_title(head, parsed.body)
    heading: Any = None
    if title is not None:
        out.title, title_line, heading = title
        set_line(lines, "/title", title_line)
    if heading is None:
        heading = next(parsed.body.iter("h1"), None)
    shown = " ".join(element_text(heading).split()) if heading is not None else ""
    deck = deck_lines(parsed.main) if parsed.main is not None else None
    body = parsed.body
    body_lines = trim_boilerplate(
        body_lines,
        [text for text in (out.title, shown) if text],
        deck,
        _lines_of(heading),
        lambda text, number: number in heading_lines(body, text),
    )
    if body_lines:
        out.body = "\n".join([text for text, _ in body_lines])
        set_line(lines, "/body", body_lines[0][1])

    sample = _sample(out.title, body_lines or parsed.walk.lines)
    language = read_language(root, head.properties.get("content-language"), sample)
    out.language = language.value
    set_line(lines, "/language", language.line)

    out.url = head.canonical or head.properties.get("og:url") or saved_from(text)

    sources = _date_sources(parsed, out.title, heading, footer.lines, body_lines, out.url)
    chosen = choose_date(sources)
    if chosen is not None:
        source, timed = chosen
        moment = source.value if timed is None else timed.value.astimezone(source.value.tzinfo)
        out.published_at = rfc3339(moment)
        set_line(lines, "/published_at", source.line)

    section_from = None
    column = head.meta.get("ColumnName")
    if column and any(char.isalpha() for char in column):  # (a ColumnName of only a year, "2024", names none)
        out.section = head.meta["ColumnName"]
        section_from = "meta ColumnName"
        set_line(lines, "/section", head.lines.get("ColumnName"))
    else:
        # The section the breadcrumb names ("当前位置：首页 > 政务公开 > 正文"): most news sites write no ColumnName.
        out.section = breadcrumb_section(parsed.body)
        section_from = "breadcrumb" if out.section else None

    out.evidence = _evidence(parsed, footer, sources, chosen, language.evidence(), lines)
    if section_from is not None:
        out.evidence["section_from"] = section_from
    return out


_SAMPLE = 1500  # characters of text the language is told from (what detect_language reads)


def _lines_of(heading: Any | None) -> tuple[int, int] | None:
    """The first and last source line of the headline element's start tags (None without one)."""
    if heading is None or not heading.sourceline:
        return None
    last = max((el.sourceline or 0 for el in heading.iter()), default=heading.sourceline)
    return heading.sourceline, last


def _sample(title: str | None, lines: list[Line]) -> str:
    parts = [title or ""]
    size = 0
    for text, _ in lines:
        parts.append(text)
        size += len(text)
        if size >= _SAMPLE:
            break
    return "\n".join(parts)


# --- footer ------------------------------------------------------------------------------------------------


def _read_footer(page: _Page) -> _Footer:
    """The footer: by structure (every footer candidate with a filing or unit label, and those with other
    footer lines beside them: a `.copyright` block and a `.footer` block are one footer), else by content
    (outside the main text, then anywhere); what scripts write or hold is added; filing numbers anywhere in
    the page text are the last resort."""
    lines: list[Line] = []
    seen: set[str] = set()
    strong = False
    weak: list[list[Line]] = []
    near: list[Line] = []
    for candidate in page.candidates:
        candidate_lines = region_lines(candidate)
        if not candidate_lines:
            continue
        # One search over the joined lines: no signal spans a line break.
        if has_strong_signal("\n".join([text for text, _ in candidate_lines])):
            strong = True
            _add_lines(lines, seen, candidate_lines)
            continue
        near.extend(candidate_lines)
        if any(is_footer_line(text) for text, _ in candidate_lines):
            weak.append(candidate_lines)
    if strong:
        for candidate_lines in weak:  # (a 主办 line in a block without numbers)
            _add_lines(lines, seen, [line for line in candidate_lines if is_footer_line(line[0])])
        lines.sort(key=SECOND)
    origin = "structure"
    if not lines:
        lines, origin = footer_by_content(page.walk)
        seen = {normalized(text) for text, _ in lines}

    prefer = _script_language(page)
    scripts = script_footer(page.head.scripts, prefer)
    visible = read_numbers(lines)
    script_numbers = read_numbers(scripts.lines) if scripts.lines else {}
    numbers = dict(script_numbers)
    numbers.update(visible)
    if not lines and scripts.lines:
        origin = "script"
    if not numbers and not lines:
        page_numbers = read_numbers(page.walk.lines)
        if page_numbers:
            origin = "page"
            wanted = {hit.line for hit in page_numbers.values()}
            lines = [line for line in page.walk.lines if line[1] in wanted]
            visible = page_numbers
            numbers = dict(page_numbers)
    if not numbers and not lines and weak:
        # No filing number and no unit label anywhere, but footer blocks with footer lines: a news site's footer
        # may show no filing number, and "光明网版权所有" still names the copyright holder.
        for candidate_lines in weak:
            _add_lines(lines, seen, [line for line in candidate_lines if is_footer_line(line[0])])
        lines.sort(key=SECOND)
        origin = "structure"
    combined = lines + [line for line in scripts.lines if normalized(line[0]) not in seen]
    return _Footer(read_footer(combined, numbers), lines, origin, visible, scripts, script_numbers, near)


def _add_lines(lines: list[Line], seen: set[str], new: list[Line]) -> None:
    for entry in new:
        key = normalized(entry[0])
        if key not in seen:  # the same footer twice (desktop and mobile): one copy of each line
            seen.add(key)
            lines.append(entry)


def _script_language(page: _Page) -> str | None:
    # The language a script's bilingual footer strings are picked in: the declared one when it says zh or en.
    lang = (page.root.get("lang") or "").strip().lower()
    if lang.startswith("zh"):
        return "zh"
    if lang.startswith("en"):
        return "en"
    return None


# --- body --------------------------------------------------------------------------------------------------


def _read_body(page: _Page, in_footer: set[Line]) -> list[Line]:
    """The main element's lines (see validator/sources/html/body.py), else every line outside navigation
    and footer; footer lines are never body lines."""
    main = page.main
    if main is None or page.main_score < FULL_ARTICLE:
        dense, score = dense_element(page.body)
        if dense is not None and score > page.main_score:
            return _outside(region_lines(dense), in_footer)
    if main is not None and main.tag == "td":
        table = _data_table(main)
        if table is not None:  # an article written as a table (label, value): the whole table is the text
            return _outside(region_lines(table), in_footer)
    if main is not None:
        body_lines = main_lines(main, page.paragraphs, page.texts)
        if in_footer:
            # (line numbers first, in C: hashing a paragraph's text to look it up costs more)
            footer_numbers = {number for _, number in in_footer}
            if not footer_numbers.isdisjoint(map(SECOND, body_lines)):
                body_lines = [line for line in body_lines if line[1] not in footer_numbers or line not in in_footer]
        return body_lines
    whole = page.walk
    return [
        line
        for line, zone in zip(whole.lines, whole.zones, strict=True)
        if zone.candidate < 0 and not zone.chrome and line not in in_footer
    ]


def _outside(lines: list[Line], in_footer: set[Line]) -> list[Line]:
    return [line for line in lines if line not in in_footer] if in_footer else lines


def _data_table(cell: Any) -> Any | None:
    """The table around a cell when it is a table of data (no table inside it, at least two rows of two
    cells), not a page layout."""
    table = next(cell.iterancestors("table"), None)
    if table is None or next(table.iterdescendants("table"), None) is not None:
        return None
    rows = [row for row in table.iter("tr") if sum(1 for c in row if c.tag in ("td", "th")) >= 2]
    return table if len(rows) >= 2 else None


# --- publication date --------------------------------------------------------------------------------------


def _date_sources(
    page: _Page, title: str | None, heading: Any | None, footer: list[Line], body: list[Line], url: str | None
) -> list[DateSource]:
    """Every place the page says when it was published, in trust order (validator/sources/dates.py).

    Labelled dates are looked for next to the headline (the elements beside its heading: generic labels count
    there), else on the page outside the footer (publication labels only); an unlabelled date only on a short
    line right under the headline that is no line of the article's text."""
    sources: list[DateSource] = []
    region_texts = lines_around(heading, page.main, before=0, after=4) if heading is not None else []
    anchor = _anchor(title, heading, region_texts)
    sources.extend(labelled_dates(region_texts, generic=True))
    if not sources and heading is not None:  # (a date line above the headline, e.g. an e-paper's issue bar)
        above = lines_around(heading, page.main, before=2, after=0)
        sources.extend(labelled_dates(above, generic=True))
    outside: list[Line] | None = None
    if not sources:
        outside = _outside_footer(page, set(footer))
        sources.extend(labelled_dates(outside))
    if anchor and not sources:  # (a labelled date next to the headline is that line's date already)
        body_lines = set(body)
        near = near_title_date([line for line in region_texts if line not in body_lines], anchor)
        if near is None:
            if outside is None:
                outside = _outside_footer(page, set(footer))
            near = near_title_date([line for line in outside if line not in body_lines], anchor)
        if near is not None:
            sources.append(near)
    sources.extend(url_dates(url))
    sources.extend(_json_ld_dates(page.head))
    sources.extend(_cms_comment_dates(page.bytes))
    sources.extend(_meta_dates(page.head))
    return _unique(sources)


def _outside_footer(page: _Page, in_footer: set[Line]) -> list[Line]:
    # The page's lines but the footer's (the fast region walk of the body when the full walk was not needed).
    lines = page.walk.lines if page.walked else region_lines(page.body)
    return [line for line in lines if line not in in_footer]


def _anchor(title: str | None, heading: Any | None, lines: list[Line]) -> str | None:
    # The headline as the page shows it: the title when the lines show it, else the heading's text.
    if title and (not lines or any(title in text for text, _ in lines)):
        return title
    if heading is not None:
        return " ".join(element_text(heading).split()) or title
    return title


def _unique(sources: list[DateSource]) -> list[DateSource]:
    if len(sources) < 2:
        return sources
    seen: set[tuple[str, datetime, str]] = set()
    unique = []
    for source in sources:
        key = (source.source, source.value, source.precision)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def _meta_dates(head: Head) -> list[DateSource]:
    found = []
    for name in (*DATE_PROPERTIES[:3], "PubDate", *DATE_PROPERTIES[3:]):
        raw = head.meta.get(name) if name == "PubDate" else head.properties.get(name)
        if raw:
            value = _date_value(raw)
            if value is not None:
                found.append(DateSource(f"meta {name}", value[0], value[1], head.lines.get(name)))
    return found


_JSON_LD_MAX = 65536  # characters: JSON-LD larger than this is not read


def _json_ld_dates(head: Head) -> list[DateSource]:
    found = []
    for el in head.scripts:
        if el.tag != "script" or (el.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = el.text
        if not text or len(text) > _JSON_LD_MAX or "datePublished" not in text:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # (not JSON; or nested deeper than Python's JSON reader goes)
            continue
        for item in data if isinstance(data, list) else [data]:
            raw = item.get("datePublished") if isinstance(item, dict) else None
            if isinstance(raw, str):
                value = _date_value(raw)
                if value is not None:
                    found.append(DateSource("json-ld datePublished", value[0], value[1], el.sourceline))
                    return found
    return found


# The article properties Founder's news CMS (方正翔宇/ENP, and its e-paper system) writes into a comment at the
# end of the page: "<!--enpproperty <articleid>…</articleid><date>2024-05-13 13:48:13.0</date>…" and
# "<!--mpproperty <founder-date>2022-02-12</founder-date>…": the article's date as the CMS holds it (an e-paper's
# issue date, at 00:00:00). Searched in the page's bytes: no parse of comments on pages without one.
_CMS_COMMENT = re.compile(rb"<!--\s*(?:enp|mp)property\b[^>]{0,40}>")
_CMS_DATE = re.compile(rb"<(?:founder-)?date>\s*([^<]{8,40}?)\s*</(?:founder-)?date>")
_CMS_WINDOW = 4096  # bytes after the comment's start where its date stands


def _cms_comment_dates(page: bytes) -> list[DateSource]:
    at = page.find(b"property <")  # (cheap first: Open Graph's property=" never matches)
    if at < 0:
        return []
    comment = _CMS_COMMENT.search(page, max(0, at - 20), at + 40)
    if comment is None:
        return []
    found = _CMS_DATE.search(page, comment.start(), comment.start() + _CMS_WINDOW)
    if found is None:
        return []
    value = _date_value(found.group(1).decode("utf-8", "replace"))
    if value is None:
        return []
    moment, precision = value
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        precision = "day"  # (the CMS writes 00:00:00 when it holds only a day)
    line = page.count(b"\n", 0, found.start()) + 1
    return [DateSource("comment " + comment.group().decode("ascii", "replace")[4:].split()[0], moment, precision, line)]


# A site's pages share few publication dates (a day's articles): what a meta value says is memoised.
_DATES: dict[str, Any] = {}


def _date_value(raw: str) -> Any:
    return memoised(_DATES, raw, read_date_value, 64)


# --- evidence ----------------------------------------------------------------------------------------------


def _evidence(
    page: _Page,
    footer: _Footer,
    sources: list[DateSource],
    chosen: tuple[DateSource, DateSource | None] | None,
    language: dict[str, Any] | None,
    lines: dict[str, int],
) -> dict[str, Any]:
    """Where each filing number, date, mark and meta tag was found (the schema's `evidence`)."""
    head = page.head
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in NUMBER_FIELDS}
    add_hits(found, footer.visible, "text")
    add_hits(found, footer.script_numbers, "script")
    link_sitecodes: list[dict[str, Any]] = []
    for link in filing_links(page.body) + footer.scripts.links:
        field_name = link.pop("_field")
        (link_sitecodes if field_name == "site_code" else found[field_name]).append(link)
    if head.meta.get("SiteIDCode"):
        found["site_code"].append(
            occurrence("meta", text="SiteIDCode", value=head.meta["SiteIDCode"], line=head.lines.get("SiteIDCode"))
        )
    found["site_code"].extend(footer.scripts.sitecodes)
    found["site_code"].extend(link_sitecodes)
    found["site_code"].extend(footer.scripts.params)
    for name, items in found.items():
        for i, item in enumerate(items):
            set_line(lines, f"/evidence/found/{name}/{i}", item.get("line"))
    evidence: dict[str, Any] = {"format": "html", "footer_from": footer.origin}
    if chosen is not None:
        source, timed = chosen
        evidence["published_at_from"] = source.source + (f" (time from {timed.source})" if timed else "")
    if len(sources) > 1:  # (one source: published_at_from says it all)
        evidence["dates"] = [_date_item(source) for source in sources]
        for i, source in enumerate(sources):
            set_line(lines, f"/evidence/dates/{i}", source.line)
    if language is not None:
        evidence["language"] = language
    if head.meta:
        evidence["meta"] = head.meta
        for name in head.meta:
            set_line(lines, f"/evidence/meta/{name}", head.lines.get(name))
    evidence["found"] = {name: items for name, items in found.items() if items}
    marks = read_marks(
        page.root, page.bytes, footer.lines + footer.scripts.lines + footer.near, footer.scripts.texts, head.scripts
    )
    if marks:
        evidence["marks"] = marks
        for name, items in marks.items():
            for i, item in enumerate(items):
                set_line(lines, f"/evidence/marks/{name}/{i}", item.get("line"))
    return evidence


def _date_item(source: DateSource) -> dict[str, Any]:
    item: dict[str, Any] = {"from": source.source, "value": source.text, "precision": source.precision}
    if source.line:
        item["line"] = source.line
    return item
