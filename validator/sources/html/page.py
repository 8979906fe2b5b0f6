"""One page, bytes to record: decode, parse, read every field (`read_page`), build the record. warc.py, live.py
and text.py hand their pages to `html_item` and share its limits and charset notes."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from validator.findings import Finding, Location
from validator.sources import SourceItem, SourceRecord
from validator.sources.encoding import Decoded, decode_page
from validator.sources.html.head import SAVED_FROM_WINDOW, read_head, saved_from, strip_site_name
from validator.sources.html.layout import (
    SECOND,
    Walk,
    footer_by_content,
    main_lines,
    region_lines,
    scan_body,
    title_region,
    walk,
)
from validator.sources.html.links import add_hits, filing_links, occurrence
from validator.sources.html.scripts import script_footer
from validator.sources.html.tree import (
    ParseFailed,
    clean,
    element_text,
    memoised,
    normalized,
    parse,
    set_line,
    utf8_of,
)
from validator.sources.limits import max_page_bytes, max_page_elements, size_text
from validator.sources.pages import (
    NUMBER_FIELDS,
    Line,
    detect_language,
    file_captured_at,
    find_date,
    has_strong_signal,
    make_id,
    parse_date_value,
    read_footer,
    read_numbers,
    record_dict,
)
from validator.sources.problems import EMPTY, PAGE_CHARSET, TOO_LARGE

__all__ = [
    "PageExtract",
    "charset_notes",
    "extract_html",
    "html_item",
    "page_too_large",
    "read_html_file",
    "read_page",
    "read_page_bytes",
]

_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")

_UNSEEN: Any = object()  # (an element not looked for yet)


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


def extract_html(text: str) -> PageExtract:
    """Read a decoded HTML page. Raises ParseFailed when there is no document at all."""
    return extract(text.encode("utf-8", "surrogatepass"), text)


def extract(utf8: bytes, text: str) -> PageExtract:
    """Read a page given as UTF-8 bytes (what the parser reads) and as text (for the "saved from" comment)."""
    return read_page(parse(utf8), text)


def read_page(root: Any, text: str) -> PageExtract:
    """Read a parsed page; `text` is the page as text, of which the first 4,096 characters are read."""
    out = PageExtract()
    lines = out.field_lines

    meta, meta_lines, og, canonical, scriptish = read_head(root)
    body = next(root.iterchildren("body"), None)  # root.find("body"), without ElementPath
    if body is None:
        body = root

    # Title, in order of trust (each read only when the ones before it are missing). The first <h1> is
    # looked for only when a fallback needs it (the title, the date).
    h1: Any = _UNSEEN
    if meta.get("ArticleTitle"):
        out.title = meta["ArticleTitle"]
        set_line(lines, "/title", meta_lines.get("ArticleTitle"))
    elif og.get("og:title"):
        out.title = og["og:title"]
        set_line(lines, "/title", meta_lines.get("og:title"))
    else:
        title_el: Any = next(root.iterdescendants("title"), None)  # root.find(".//title")
        title_text = clean(element_text(title_el)) if title_el is not None else ""
        if title_text and meta.get("SiteName"):
            title_text = strip_site_name(title_text, meta["SiteName"])
        if title_text:
            out.title = title_text
            set_line(lines, "/title", title_el.sourceline)
        elif (h1 := next(body.iter("h1"), None)) is not None:
            h1_text = clean(element_text(h1))
            if h1_text:
                out.title = h1_text
                set_line(lines, "/title", h1.sourceline)

    # The page is walked by region (footer candidates, main text, the title's surroundings); the whole body
    # only when a fallback needs it.
    main, candidates, main_paragraphs, main_texts = scan_body(body)
    whole: list[Walk] = []

    def full() -> Walk:
        if not whole:
            whole.append(walk(body, main))
        return whole[0]

    # Footer: structure, else content (outside the main text, then anywhere).
    footer_lines: list[Line] = []
    seen: set[str] = set()
    for candidate in candidates:
        candidate_lines = region_lines(candidate)
        # One search over the joined lines: no signal spans a line break.
        if candidate_lines and has_strong_signal("\n".join([text for text, _ in candidate_lines])):
            for entry in candidate_lines:
                key = normalized(entry[0])
                if key not in seen:  # the same footer twice (desktop and mobile): one copy of each line
                    seen.add(key)
                    footer_lines.append(entry)
    footer_from = "structure"
    if not footer_lines:
        footer_lines, footer_from = footer_by_content(full())
        seen = {normalized(text) for text, _ in footer_lines}

    script_lines, script_links, script_sitecodes, sitecode_params = script_footer(scriptish)
    visible_numbers = read_numbers(footer_lines)
    script_numbers = read_numbers(script_lines) if script_lines else {}
    numbers = dict(script_numbers)
    numbers.update(visible_numbers)
    if not footer_lines and script_lines:
        footer_from = "script"
    if not numbers and not footer_lines:
        # Last resort: filing numbers anywhere in the page text.
        page_numbers = read_numbers(full().lines)
        if page_numbers:
            footer_from = "page"
            wanted = {hit.line for hit in page_numbers.values()}
            footer_lines = [line for line in full().lines if line[1] in wanted]
            visible_numbers = page_numbers
            numbers = dict(page_numbers)
    in_footer = set(footer_lines)
    combined = footer_lines + [line for line in script_lines if normalized(line[0]) not in seen]
    footer_read = read_footer(combined, numbers)
    out.footer = dict(footer_read.fields)
    if footer_read.raw is not None:
        out.footer["raw"] = footer_read.raw
        set_line(lines, "/footer", footer_read.first_line)
        set_line(lines, "/footer/raw", footer_read.first_line)
    for name, line in footer_read.lines.items():
        set_line(lines, f"/footer/{name}", line)

    # Body: the main element's lines, else every line outside navigation and footer.
    if main is not None:
        body_lines = main_lines(main, main_paragraphs, main_texts)
        if in_footer:
            # (line numbers first, in C: hashing a paragraph's text to look it up costs more)
            footer_numbers = {number for _, number in in_footer}
            if not footer_numbers.isdisjoint(map(SECOND, body_lines)):
                body_lines = [line for line in body_lines if line[1] not in footer_numbers or line not in in_footer]
    else:
        page = full()
        body_lines = [
            line
            for line, zone in zip(page.lines, page.zones, strict=True)
            if zone.candidate < 0 and not zone.chrome and line not in in_footer
        ]
    if body_lines:
        out.body = "\n".join([text for text, _ in body_lines])
        set_line(lines, "/body", body_lines[0][1])

    # Publication date: meta tags, else the text around the title, else the page text.
    published_from = None
    for key, label in (("PubDate", "meta PubDate"), ("article:published_time", "meta article:published_time")):
        raw = meta.get(key) if key in meta else og.get(key)
        if raw:
            value = date_value(raw)
            if value is not None:
                out.published_at, published_from = value, label
                set_line(lines, "/published_at", meta_lines.get(key))
                break
    if out.published_at is None:
        if h1 is _UNSEEN:
            h1 = next(body.iter("h1"), None)
        title_line = h1.sourceline if h1 is not None else None
        region = title_region(h1)
        date = find_date(region_lines(region), title_line) if region is not None else None
        if date is None:
            page = full()
            text_lines = [
                line
                for line, zone in zip(page.lines, page.zones, strict=True)
                if zone.candidate < 0 and line not in in_footer
            ]
            date = find_date(text_lines, title_line)
        if date is not None:
            out.published_at, published_from = date[0], "text"
            set_line(lines, "/published_at", date[1])

    if meta.get("ColumnName"):
        out.section = meta["ColumnName"]
        set_line(lines, "/section", meta_lines.get("ColumnName"))

    # "zh_CN" (common, not BCP 47) is read as "zh-CN"; a value that is no language tag at all is ignored.
    lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip().replace("_", "-")
    if _LANG_TAG.fullmatch(lang):
        out.language = lang
        set_line(lines, "/language", root.sourceline)
    else:
        sample = "\n".join(text for text, _ in (body_lines or full().lines)[:60])
        out.language = detect_language((out.title or "") + "\n" + sample)

    out.url = canonical or og.get("og:url") or saved_from(text)

    # Evidence: where each number was found.
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in NUMBER_FIELDS}
    add_hits(found, visible_numbers, "text")
    add_hits(found, script_numbers, "script")
    link_sitecodes: list[dict[str, Any]] = []
    for link in filing_links(body) + script_links:
        field_name = link.pop("_field")
        (link_sitecodes if field_name == "site_code" else found[field_name]).append(link)
    if meta.get("SiteIDCode"):
        found["site_code"].append(
            occurrence("meta", text="SiteIDCode", value=meta["SiteIDCode"], line=meta_lines.get("SiteIDCode"))
        )
    found["site_code"].extend(script_sitecodes)
    found["site_code"].extend(link_sitecodes)
    found["site_code"].extend(sitecode_params)
    for name, items in found.items():
        for i, item in enumerate(items):
            set_line(lines, f"/evidence/found/{name}/{i}", item.get("line"))
    evidence: dict[str, Any] = {"format": "html", "footer_from": footer_from}
    if published_from is not None:
        evidence["published_at_from"] = published_from
    if meta:
        evidence["meta"] = meta
        for name in meta:
            set_line(lines, f"/evidence/meta/{name}", meta_lines.get(name))
    evidence["found"] = {name: items for name, items in found.items() if items}
    out.evidence = evidence
    return out


# A site's pages share few publication dates (a day's articles): what a meta value says is memoised.
_DATES: dict[str, str | None] = {}


def date_value(raw: str) -> str | None:
    return memoised(_DATES, raw, parse_date_value, 64)


def html_item(
    data: bytes,
    *,
    location: Location,
    source_location: str,
    id_hint: str,
    url: str | None = None,
    captured_at: str | None = None,
    http_charset: str | None = None,
    raw: bytes | None = None,
    media_type: str | None = None,
    source_extra: dict[str, Any] | None = None,
    identity: bytes | None = None,
    with_lines: bool = True,
) -> SourceItem:
    """One HTML page's bytes -> a record (or an I004 finding when there is no document at all).

    `raw`/`media_type` are what the record was made from when that is not the page itself (a WARC record);
    `identity` is what makes the capture unique for its id (default: the bytes). Decoding problems become
    I006 notes attached to the record. `with_lines=False` (WARC) leaves `field_lines` out, because line
    numbers of a page inside a WARC record are not lines of the input file.
    """
    if not data or data.isspace():  # what `not data.strip()` says, without copying the page
        return EMPTY.finding(f"{source_location} is empty: no HTML page", location)
    refused = page_too_large(data, source_location, location)
    if refused is not None:
        return refused
    limit = max_page_elements()
    # Every element takes at least one byte: a page no longer than the limit cannot exceed it (no count).
    if len(data) > limit:
        elements = data.count(b"<")
        if elements > limit:
            return TOO_LARGE.finding(
                f"{source_location} has up to {elements} elements ('<' characters); pav reads pages of up to "
                f"{limit} elements (PAV_MAX_PAGE_ELEMENTS): not checked",
                location,
            )
    decoded = decode_page(data, http_charset)
    notes = charset_notes(decoded, location, source_location)
    charset, charset_from = decoded.encoding, decoded.charset_from
    utf8 = utf8_of(data, decoded)
    # Of the text only its head is read (the "saved from" comment): the page's text, and its UTF-8 copy once
    # parsed, are let go early, so their memory is reused while still in the cache.
    head = decoded.text[:SAVED_FROM_WINDOW]
    del decoded
    try:
        root = parse(utf8)
    except ParseFailed:
        return EMPTY.finding(f"{source_location} holds no HTML document", location)
    del utf8
    page = read_page(root, head)
    del root
    sha256 = hashlib.sha256(raw if raw is not None else data).hexdigest()
    source: dict[str, Any] = {
        "location": source_location,
        "media_type": media_type or "text/html",
        "sha256": sha256,
        "charset": charset,
        "charset_from": charset_from,
    }
    if source_extra:
        source.update(source_extra)
    record = record_dict(
        record_id=make_id(
            id_hint,
            identity if identity is not None else data,
            identity_sha256=sha256 if identity is None and raw is None else None,
        ),
        url=url or page.url,
        title=page.title,
        language=page.language,
        published_at=page.published_at,
        captured_at=captured_at,
        section=page.section,
        body=page.body,
        footer=page.footer,
        source=source,
        evidence=page.evidence,
    )
    return SourceRecord(
        record,
        location,
        raw if raw is not None else data,
        media_type or "text/html",
        page.field_lines if with_lines else None,
        notes,
    )


def page_too_large(data: bytes, source_location: str, location: Location, size: int | None = None) -> Finding | None:
    """I011 when a page's bytes (`size`, when more than `data` is known to exist) exceed PAV_MAX_PAGE_BYTES."""
    limit = max_page_bytes()
    size = max(len(data), size or 0)
    if size <= limit:
        return None
    shown = f"more than {size_text(limit)}" if size == limit + 1 else size_text(size)
    return TOO_LARGE.finding(
        f"{source_location} is {shown}; pav reads pages of up to {limit} bytes (PAV_MAX_PAGE_BYTES): not checked",
        location,
    )


def read_page_bytes(stream: IO[bytes]) -> tuple[bytes, int]:
    """At most PAV_MAX_PAGE_BYTES + 1 bytes of a page file, and the file's size (as far as it is known)."""
    limit = max_page_bytes() + 1
    try:
        status = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        status = None
    if status is not None and stat.S_ISREG(status.st_mode) and status.st_size < limit:
        # A regular file's size is known: asking for just over it avoids allocating (and shrinking) a buffer
        # of the whole limit per page, which costs more than reading a 30 KB page. A file that grew since is
        # read on to the limit, as below.
        data = stream.read(status.st_size + 1)
        if len(data) > status.st_size:
            data += stream.read(limit - len(data))
        return data, max(status.st_size, len(data))
    data = stream.read(limit)
    if status is None:
        return data, len(data)
    try:
        size = os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        size = len(data)
    return data, max(size, len(data))


def charset_notes(decoded: Decoded, location: Location, source_location: str) -> tuple[Finding, ...]:
    """I006 notes for a page that lies about its encoding or has undecodable bytes."""
    notes: list[Finding] = []
    if decoded.declaration_wrong:
        notes.append(
            PAGE_CHARSET.finding(
                f"{source_location} declares charset {decoded.declared_label or decoded.declared} but is "
                f"{decoded.encoding}; read as {decoded.encoding}",
                location,
            )
        )
    if decoded.replaced:
        where = f" (first at line {decoded.first_bad_line})" if decoded.first_bad_line else ""
        notes.append(
            PAGE_CHARSET.finding(
                f"{source_location} has {decoded.replaced} byte{'s' if decoded.replaced != 1 else ''} that are not "
                f"valid {decoded.encoding}{where}; replaced with U+FFFD",
                Location(location.file, decoded.first_bad_line, location.index)
                if location.line is None and location.index is None
                else location,
            )
        )
    return tuple(notes)


def read_html_file(stream: IO[bytes], name: str) -> Iterator[SourceItem]:
    """An `.html` / `.htm` / `.shtml` file: one page. captured_at is the file's modification time.

    At most PAV_MAX_PAGE_BYTES (+1) are read: a larger file is I011, never held in memory whole."""
    data, size = read_page_bytes(stream)
    refused = page_too_large(data, name, Location(name), size)
    if refused is not None:
        yield refused
        return
    yield html_item(
        data,
        location=Location(name),
        source_location=name,
        id_hint=os.path.splitext(os.path.basename(name))[0],
        captured_at=file_captured_at(stream),
    )
