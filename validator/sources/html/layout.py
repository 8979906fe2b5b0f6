"""The page's visible text as lines: the walks over the tree, the main-text element, the footer candidates.

A line is (visible text, source line). Blocks and <br> break lines, table cells are spaced, scripts and other
invisible elements are skipped. `walk` reads the whole body and tells each line's zone (footer candidate, main
text, page chrome); `region_lines` reads one region (a footer candidate, the main element, the title's
surroundings) the same way, cheaper; `main_lines` reads the main element from its paragraphs without a walk
when it holds nothing else. `walk` is the reference the two fast walks are tested against
(tests/test_html_fast_paths.py).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from lxml import etree

from validator.sources.html.tree import element_text
from validator.sources.pages import Line, footer_cluster

# Never visible text.
SKIP = frozenset(
    ("script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg", "math",
     "select", "textarea", "canvas", "audio", "video", "map")
)  # fmt: skip
# Elements that start and end a line of text.
BLOCK = frozenset(
    ("address", "article", "aside", "blockquote", "body", "br", "center", "dd", "details", "dialog", "dir", "div",
     "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
     "header", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
     "tbody", "tfoot", "thead", "tr", "ul", "caption")
)  # fmt: skip
CELLS = frozenset(("td", "th"))
# Tags a footer is built from (links, list items, images and inline text are not: skipping them in C keeps the
# search for footer candidates cheap on link-heavy pages).
CONTAINERS = ("div", "footer", "section", "table", "tbody", "tr", "td", "p", "ul", "dl", "center", "span", "aside")
_CONTAINERS_BUT_P = tuple(tag for tag in CONTAINERS if tag != "p")
_CHROME_TAGS = frozenset(("nav", "header", "aside"))
# id/class words of footers: foot/footer (not footnote), bottom, copyright, banquan (版权), dibu (底部), ft, bq.
_FOOTER_ATTR = re.compile(r"foot(?!note)|bottom|copy[-_]?right|banquan|dibu|(?<![a-z])(?:ft|bq|db)(?![a-z])")
# id/class words of navigation and page chrome, left out of the body when no main element is found.
_CHROME_ATTR = re.compile(r"(?<![a-z])(?:nav|menu|header|head|top|topbar|crumbs?|breadcrumbs?|sidebar|share|search)")


@dataclass(frozen=True, slots=True)
class Zone:
    candidate: int  # index of the structural footer candidate the text is in, -1 outside
    main: bool  # inside the main-text element
    chrome: bool  # inside navigation, header or sidebar


OUTSIDE = Zone(-1, False, False)


@dataclass
class Walk:
    """The visible text of <body> as lines, with the zone of each line."""

    lines: list[Line] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    candidates: int = 0


def scan_body(body: Any) -> tuple[Any | None, list[Any], list[Any], list[str], int]:
    """One pass over the body's containers for

    - the main-text element: the element whose <p> children hold the most text (outside footers), None
      without paragraphs;
    - the structural footer candidates: the outermost <footer> elements and elements whose id/class names a
      footer, in document order;
    - the main element's <p> children without child nodes that are no footer candidates, in order, and their
      texts ("" for none), for its walk (converting a paragraph's text out of the tree costs more than
      looking it up): `main_lines`;
    - the main element's score: the characters of paragraph text under it.

    Paragraphs, most of the containers, are read in a loop of their own; the other containers give the
    candidates, unless a paragraph is one too (rare): then every container is looked at again, in order.
    """
    found = candidates(body.iter(*_CONTAINERS_BUT_P))
    scores: dict[Any, int] = {}
    footerish: dict[Any, bool] = {}
    paragraphs: dict[Any, tuple[list[Any], list[str]]] = {}  # by parent: the childless paragraphs and texts
    memo, footer_mark = MARKS, FOOTERISH
    hit_paragraph = False
    # Paragraphs come in runs under one parent: its score is summed in a local and stored when the parent
    # changes (the order in which parents enter `scores`, which breaks ties, is unchanged).
    run_parent: Any = None
    run_score = 0
    excluded = True
    add_el: Any = None
    add_text: Any = None
    last_parent: Any = None  # the last paragraph's parent, and the element it counts for when that is another
    last_holder: Any = None
    for el in body.iter("p"):
        hit = False
        if el.values():  # (most paragraphs have no attribute at all: one call instead of two)
            ident, cls = el.get("id"), el.get("class")
            if ident is not None or cls is not None:
                marks = memo.get((ident, cls))
                if (attr_marks(ident, cls) if marks is None else marks) & footer_mark:
                    hit = hit_paragraph = True
        parent = el.getparent()
        if parent is last_parent:  # (a run of sibling paragraphs: the parent is looked at once)
            if last_holder is not None:
                parent = last_holder
        else:
            last_parent, last_holder = parent, None
            if (
                parent is not None
                and parent.tag == "section"
                and parent.get("id") is None
                and parent.get("class") is None
            ):
                last_holder = parent = _editor_sections_holder(parent)
        holder = last_holder
        if parent is not run_parent:
            if parent is None:
                continue
            if run_score:
                scores[run_parent] = scores.get(run_parent, 0) + run_score
            run_parent, run_score = parent, 0
            verdict = footerish.get(parent)
            if verdict is None:
                verdict = footerish[parent] = is_footerish(parent) or is_footerish(parent.getparent())
            excluded = verdict
            if not excluded:
                known = paragraphs.get(parent)
                if known is None:
                    known = paragraphs[parent] = ([], [])
                add_el, add_text = known[0].append, known[1].append
        if excluded:
            continue
        if len(el):
            run_score += _visible_length(el)
            continue
        # No child nodes at all (elements, comments): .text is the whole text, read without serialising.
        text = el.text
        if not hit and holder is None:  # (the main element's known paragraphs are its children only)
            add_el(el)
            add_text(text or "")
        if text:
            run_score += len(text.strip())
    if run_score:
        scores[run_parent] = scores.get(run_parent, 0) + run_score
    if hit_paragraph:
        found = candidates(body.iter(*CONTAINERS))
    if scores:
        best, score = max(scores.items(), key=SECOND)
        if score >= 40:
            els, texts = paragraphs.get(best) or ([], [])
            return best, found, els, texts, score
    return None, found, [], [], 0


def _editor_sections_holder(section: Any) -> Any:
    """The element around a run of anonymous <section>s (no id, no class), which web editors (the WeChat ones,
    135编辑器) wrap each paragraph in, nested and side by side: the paragraphs of all of them are one
    article's, so they count for the element holding the outermost section."""
    holder = section.getparent()
    while holder is not None and holder.tag == "section" and holder.get("id") is None and holder.get("class") is None:
        holder = holder.getparent()
    return holder if holder is not None else section


def _visible_length(el: Any) -> int:
    """Characters of an element's visible text: its text without that of scripts, styles and other invisible
    elements inside it (a <p> holding a <select> or a <script> is no article paragraph)."""
    length = len(element_text(el).strip())
    for hidden in el.iter(*SKIP):
        length -= len(element_text(hidden))
    return max(length, 0)


def candidates(elements: Iterator[Any]) -> list[Any]:
    """The outermost of `elements` (in document order) that are <footer> or have an id/class naming a footer."""
    found: list[Any] = []
    memo, footer_mark = MARKS, FOOTERISH
    for el in elements:
        hit = el.tag == "footer"
        if not hit:
            if not el.values():  # (most containers have no attribute at all: one call instead of two)
                continue
            ident, cls = el.get("id"), el.get("class")
            if ident is None and cls is None:
                continue
            marks = memo.get((ident, cls))
            if not (attr_marks(ident, cls) if marks is None else marks) & footer_mark:
                continue
        if not (found and any(a is found[-1] for a in el.iterancestors())):
            found.append(el)
    return found


SECOND = operator.itemgetter(1)


def is_footerish(el: Any) -> bool:
    if el is None:
        return False
    tag = el.tag
    if tag.__class__ is not str:
        return False
    if tag == "footer":
        return True
    return bool(attr_marks(el.get("id"), el.get("class")) & FOOTERISH)


# What an element's id/class say (footer, chrome), cached: pages of a site repeat the same few values, and
# the lowercased text and two regex searches cost more than a dict lookup. Long values are not cached.
FOOTERISH, CHROMEISH = 1, 2
MARKS: dict[tuple[str | None, str | None], int] = {}
_MARKS_MAX, _MARKS_KEY_MAX = 4096, 256


def attr_marks(ident: str | None, cls: str | None) -> int:
    if ident is None and cls is None:
        return 0
    key = (ident, cls)
    marks = MARKS.get(key)
    if marks is None:
        attrs = f"{ident or ''} {cls or ''}".lower()
        marks = (FOOTERISH if _FOOTER_ATTR.search(attrs) is not None else 0) | (
            CHROMEISH if _CHROME_ATTR.search(attrs) is not None else 0
        )
        if len(attrs) <= _MARKS_KEY_MAX:
            if len(MARKS) >= _MARKS_MAX:
                MARKS.clear()
            MARKS[key] = marks
    return marks


def walk(body: Any, main: Any | None) -> Walk:
    """Visible lines of <body>: blocks and <br> break lines, table cells are spaced, scripts skipped.

    Each line gets its zone: the structural footer candidate it is in (outermost <footer> or footer-named
    element), whether it is in the main-text element, and whether it is in navigation/header/sidebar.
    This loop runs over every element of every page: it is written for speed (no calls per text piece).
    """
    walk = Walk()
    lines, zones = walk.lines, walk.zones
    parts: list[str] = []
    part_line = 0
    part_zone = OUTSIDE
    zone = OUTSIDE  # the zone of the element being walked
    stack: list[tuple[Any, Zone]] = []  # elements that changed the zone, with the zone before them
    skip, block, cells, chrome_tags = SKIP, BLOCK, CELLS, _CHROME_TAGS
    iterator = etree.iterwalk(body, events=("start", "end", "comment"))
    for event, el in iterator:
        tag = el.tag
        if event == "start" and tag.__class__ is str:
            if tag in skip:
                iterator.skip_subtree()
                continue
            if tag in block:
                if parts:
                    _flush(parts, part_line, part_zone, lines, zones)
                    parts = []
            elif tag in cells:
                parts.append(" ")
            ident, cls = el.get("id"), el.get("class")
            new = zone
            if el is main:
                new = Zone(new.candidate, True, new.chrome)
            if ident is not None or cls is not None or tag == "footer" or tag in chrome_tags:
                marks = attr_marks(ident, cls)
                if new.candidate < 0 and (tag == "footer" or marks & FOOTERISH):
                    if parts:
                        _flush(parts, part_line, part_zone, lines, zones)
                        parts = []
                    new = Zone(walk.candidates, new.main, new.chrome)
                    walk.candidates += 1
                if not new.chrome and (tag in chrome_tags or marks & CHROMEISH):
                    new = Zone(new.candidate, new.main, True)
            if new is not zone:
                stack.append((el, zone))
                zone = new
            text = el.text
            if text:
                if not parts:
                    part_line, part_zone = el.sourceline or 0, zone
                parts.append(text)
            continue
        if event == "end" and tag not in skip:
            if tag in block:
                if parts:
                    _flush(parts, part_line, part_zone, lines, zones)
                    parts = []
            elif tag in cells:
                parts.append(" ")
            if stack and stack[-1][0] is el:
                if zone.candidate >= 0 and stack[-1][1].candidate < 0 and parts:
                    _flush(parts, part_line, part_zone, lines, zones)
                    parts = []
                zone = stack.pop()[1]
        text = el.tail
        if text:
            if not parts:
                part_line, part_zone = el.sourceline or 0, zone
            parts.append(text)
    if parts:
        _flush(parts, part_line, part_zone, lines, zones)
    return walk


def region_lines(top: Any, known: dict[Any, str] | None = None) -> list[Line]:
    """`walk(top, …).lines` for a region whose zones are not needed (footer candidates, the main element, the
    title's surroundings, script-written fragments): the same lines, cheaper.

    Of the zones only the structural footer candidates change lines (entering and leaving one ends a line),
    and inside a candidate nothing can: ids and classes are read only outside one. Main text and chrome never
    end a line, so they are not tracked. The tree is walked child by child instead of with iterwalk: an
    element without children (most paragraphs, links, cells) is started and ended in one step. The events
    are those of `walk` (including its handling of comments, entities and processing instructions, and the
    tail of `top` itself). `known` holds the text of childless paragraphs without id or class, already read
    (see `scan_body`).
    """
    lines: list[Line] = []
    parts: list[str] = []
    part_line = 0
    candidate: Any = None  # the outermost footer candidate being walked, if any
    skip, block, cells, marks, footerish = SKIP, BLOCK, CELLS, MARKS, FOOTERISH
    entity = etree.Entity
    stack: list[tuple[Any, str, Iterator[Any]]] = []  # open elements with children: (element, tag, siblings)
    children: Iterator[Any] = iter((top,))
    while True:
        for el in children:
            tag = el.tag
            if tag.__class__ is not str or tag in skip:
                # A skipped element, a comment or an entity reference: only its tail is text (an entity's twice,
                # as walk reads it at both its events); a processing instruction is no event of walk at all.
                if tag is not etree.PI:
                    text = el.tail
                    if text:
                        if not parts:
                            part_line = el.sourceline or 0
                        parts.append(text)
                        if tag is entity:
                            parts.append(text)
                continue
            if tag in block:
                if parts:
                    # (usually just the white space between two blocks: no line, nothing to fold)
                    if len(parts) > 1 or not parts[0].isspace():
                        text = " ".join("".join(parts).split())
                        if text:
                            lines.append((text, part_line))
                    parts = []
            elif tag in cells:
                parts.append(" ")
            known_text = known.get(el) if known else None
            if candidate is None and known_text is None:  # (a known paragraph has no id or class)
                ident, cls = el.get("id"), el.get("class")
                if ident is None and cls is None:
                    hit = tag == "footer"
                else:
                    found = marks.get((ident, cls))
                    hit = tag == "footer" or bool((attr_marks(ident, cls) if found is None else found) & footerish)
                if hit:
                    candidate = el
                    if parts:
                        text = " ".join("".join(parts).split())
                        if text:
                            lines.append((text, part_line))
                        parts = []
            text = el.text if known_text is None else known_text
            if text:
                if not parts:
                    part_line = el.sourceline or 0
                parts.append(text)
            entered = len(el) > 0
            if entered:
                stack.append((el, tag, children))
                children = iter(el)
            break  # walk the children first (the element ends when they are done), or end it now
        else:  # the children of the innermost open element are done: it ends
            if not stack:
                break
            el, tag, children = stack.pop()
            entered = False
        if entered:
            continue
        # The element ends (inline, not a function call: this runs for every element of every region).
        if tag in block:
            if parts:
                text = " ".join("".join(parts).split())
                if text:
                    lines.append((text, part_line))
                parts = []
        elif tag in cells:
            parts.append(" ")
        if el is candidate:
            candidate = None
            if parts:
                text = " ".join("".join(parts).split())
                if text:
                    lines.append((text, part_line))
                parts = []
        text = el.tail
        if text:
            if not parts:
                part_line = el.sourceline or 0
            parts.append(text)
    if parts:
        text = " ".join("".join(parts).split())
        if text:
            lines.append((text, part_line))
    return lines


def main_lines(main: Any, els: list[Any], texts: list[str]) -> list[Line]:
    """`region_lines(main, known)` for the main element, given its childless paragraphs and their texts (see
    `scan_body`). When those are all its child nodes and it is a block, each paragraph starts and ends a
    line, so every piece of text is a line of its own, in order: the element's text, each paragraph's text
    and tail (at the paragraph's line), the element's tail; no walk is needed."""
    if len(els) != len(main) or main.tag not in BLOCK:
        return region_lines(main, dict(zip(els, texts, strict=True)))
    lines: list[Line] = []
    text = main.text
    if text and not text.isspace():
        lines.append((" ".join(text.split()), main.sourceline or 0))
    tails = "".join(filter(None, map(_TAIL, els)))
    if tails and not tails.isspace():
        for el, text in zip(els, texts, strict=True):  # text between the paragraphs: one line each, in order
            if text:
                text = " ".join(text.split())
                if text:
                    lines.append((text, el.sourceline or 0))
            text = el.tail
            if text and not text.isspace():
                lines.append((" ".join(text.split()), el.sourceline or 0))
    else:  # (the usual case: only line breaks between them) each paragraph's folded text, at its line
        folded = list(map(" ".join, map(str.split, texts)))
        numbers = list(map(_SOURCELINE, els))
        if not all(numbers):  # (a line is None for an element made in code)
            numbers = [number or 0 for number in numbers]
        lines.extend(compress(zip(folded, numbers, strict=True), folded))
    text = main.tail
    if text and not text.isspace():
        lines.append((" ".join(text.split()), main.sourceline or 0))
    return lines


_TAIL = operator.attrgetter("tail")
_SOURCELINE = operator.attrgetter("sourceline")


def _flush(parts: list[str], line: int, zone: Zone, lines: list[Line], zones: list[Zone]) -> None:
    # One visible line from the text pieces gathered since the last block boundary (white space folded).
    text = " ".join("".join(parts).split())
    if text:
        lines.append((text, line))
        zones.append(zone)


def footer_by_content(walk: Walk) -> tuple[list[Line], str]:
    """The footer's lines by content: the last cluster of footer lines outside the main text, else anywhere."""
    outside = [i for i, zone in enumerate(walk.zones) if not zone.main]
    cluster = footer_cluster([walk.lines[i] for i in outside])
    if cluster:
        return [walk.lines[outside[i]] for i in cluster], "content"
    cluster = footer_cluster(walk.lines)
    if cluster:
        return [walk.lines[i] for i in cluster], "content"
    return [], "none"


def lines_around(heading: Any, main: Any | None = None, before: int = 2, after: int = 6) -> list[Line]:
    """The visible lines next to a heading: of the elements beside it (`before` and `after` of them), climbing
    out of wrappers that hold little else (<div class="title"><h1>…</h1></div>). Where the date line of an
    article is, without walking the article's text: the main element (`main`) and what holds it are skipped."""
    node = heading
    parent = node.getparent()
    climbed = 0
    while parent is not None and parent.tag not in ("body", "html") and len(parent) <= 2 and climbed < 3:
        node, parent = parent, parent.getparent()
        climbed += 1
    if parent is None:
        return region_lines(node)
    siblings = list(parent)
    at = next(i for i, sibling in enumerate(siblings) if sibling is node)
    lines: list[Line] = []
    text = parent.text if at <= before else None
    if text and text.strip():
        lines.append((" ".join(text.split()), parent.sourceline or 0))
    for sibling in siblings[max(0, at - before) : at + after + 1]:
        if sibling.tag.__class__ is str and sibling.tag not in SKIP:
            if main is not None and sibling is not node and (sibling is main or _holds(sibling, main)):
                if sibling.tail and sibling.tail.strip():
                    lines.append((" ".join(sibling.tail.split()), sibling.sourceline or 0))
                continue
            lines.extend(region_lines(sibling))
        elif sibling.tail and sibling.tail.strip():
            lines.append((" ".join(sibling.tail.split()), sibling.sourceline or 0))
    return lines


def _holds(outer: Any, inner: Any) -> bool:
    return any(around is outer for around in inner.iterancestors())
