"""The HTML reader's fast paths give what the plain ways give: region walks the lines of the full walk, the
parser the text's own UTF-8 bytes, memoised footer reading each page's own source lines, sized file reads the
bytes of an unsized read. Real lxml, no mocks."""

from __future__ import annotations

import codecs
import io
import os
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from validator.findings import Location
from validator.sources import SourceRecord
from validator.sources.dates import read_date_value
from validator.sources.encoding import decode_page
from validator.sources.html import extract_html, html_item, read_page_bytes
from validator.sources.html.body import fold_wide, trim_boilerplate
from validator.sources.html.fields import _date_value as date_value
from validator.sources.html.layout import (
    CONTAINERS,
    FOOTERISH,
    SKIP,
    attr_marks,
    is_footerish,
    main_lines,
    region_lines,
    scan_body,
    walk,
)
from validator.sources.html.links import read_record_code, record_code
from validator.sources.html.page import extract
from validator.sources.html.tree import element_text, parser, utf8_of
from validator.sources.pages import read_footer, read_numbers

# --- region walks -----------------------------------------------------------------------------------------

_TEXTS = [
    "主办单位：四川省人民政府办公厅",
    "蜀ICP备13001288号",
    "网站标识码：5100000062",
    "\u3000\u3000正文第一段。",
    " ",
    "\n",
    "\xa0",
    "Copyright © 2024",
    "发布时间：2023-11-22 10:55",
    "a\u200bb",
    "&amp;",
]
_TAGS = ["div", "p", "span", "b", "a", "td", "tr", "table", "br", "footer", "nav", "li", "ul", "h1", "section",
         "noscript", "select", "svg", "center", "em", "iframe"]  # fmt: skip
_CLASSES = [None, None, "footer", "bottom", "copyright", "nav", "content", "ft", "footnote", "x-db-y", "Foot"]


def _random_element(rng: random.Random, depth: int) -> str:
    tag = rng.choice(_TAGS)
    cls = rng.choice(_CLASSES)
    attrs = f' {rng.choice(["class", "id"])}="{cls}"' if cls else ""
    if tag == "br":
        return f"<br{attrs}>" + rng.choice(_TEXTS)
    inner = []
    for _ in range(rng.randint(0, 4 if depth < 5 else 0)):
        roll = rng.random()
        if roll < 0.45:
            inner.append(rng.choice(_TEXTS))
        elif roll < 0.52:
            inner.append(f"<!-- {rng.choice(_TEXTS)} -->")
        elif roll < 0.57:
            inner.append("<script>document.write('x')</script>")
        else:
            inner.append(_random_element(rng, depth + 1))
        if rng.random() < 0.3:
            inner.append("\n")
    return f"<{tag}{attrs}>{''.join(inner)}</{tag}>"


def _random_page(seed: int) -> Any:
    rng = random.Random(seed)
    body = "".join(_random_element(rng, 0) + "\n" * rng.randint(0, 2) for _ in range(rng.randint(1, 8)))
    return etree.fromstring(f"<html><body>\n{body}</body></html>".encode(), parser())


@pytest.mark.parametrize("seed", range(150))
def test_region_walks_give_the_lines_of_the_full_walk(seed: int) -> None:
    root = _random_page(seed)
    for el in root.iter(etree.Element):
        assert region_lines(el) == walk(el, None).lines, etree.tostring(el, encoding=str)
    body = root.find("body")
    main, _, paragraphs, texts, _ = scan_body(body)
    if main is not None:
        assert main_lines(main, paragraphs, texts) == walk(main, main).lines


def _reference_scan(body: Any) -> tuple[Any | None, list[Any], dict[Any, str]]:
    """`scan_body` as one plain pass over all containers (what it does in two loops, with runs)."""
    scores: dict[Any, int] = {}
    footerish: dict[Any, bool] = {}
    found: list[Any] = []
    texts: dict[Any, str] = {}
    for el in body.iter(*CONTAINERS):
        tag = el.tag
        hit = tag == "footer" or bool(attr_marks(el.get("id"), el.get("class")) & FOOTERISH)
        if hit and not (found and any(a is found[-1] for a in el.iterancestors())):
            found.append(el)
        parent = el.getparent()
        if tag != "p" or parent is None:
            continue
        if parent.tag == "section" and parent.get("id") is None and parent.get("class") is None:
            # paragraphs in anonymous (editor) sections count for the element around the outermost one
            while (
                parent.getparent() is not None
                and parent.tag == "section"
                and parent.get("id") is None
                and parent.get("class") is None
            ):
                parent = parent.getparent()
        if parent not in footerish:
            footerish[parent] = is_footerish(parent) or is_footerish(parent.getparent())
        if footerish[parent]:
            continue
        if len(el):
            # visible text only: what scripts, styles and other invisible elements inside hold does not count
            length = max(len(element_text(el).strip()) - sum(len(element_text(h)) for h in el.iter(*SKIP)), 0)
        else:
            text = el.text
            if not hit:
                texts[el] = text or ""
            length = len(text.strip()) if text else 0
        if length:
            scores[parent] = scores.get(parent, 0) + length
    main = None
    if scores:
        best, score = max(scores.items(), key=lambda item: item[1])
        main = best if score >= 40 else None
    return main, found, texts


_PARAGRAPHS = ["　　正文第一段，四川省人民政府办公厅。", "", " ", "短", "<b>粗</b>体文字，加上更多的文字来凑够长度。",
               "<!-- c -->注释后", "第二段\n  换行  之后的文字也要折叠。", "蜀ICP备13001288号"]  # fmt: skip
_WRAPPERS = ["div", "td", "span", "section", "div", "footer", "center"]
_ATTRS = ["", "", "", ' class="footer"', ' id="content"', ' class="TRS_Editor"', ' class="bottom"', ' id="ft"']


def _paragraph_page(seed: int) -> Any:
    """Runs of paragraphs under different parents (nested, interleaved, some footer-named, some paragraphs
    named as footers themselves), with text and tails around them."""
    rng = random.Random(seed)
    plain = seed % 4 == 1  # paragraphs of plain text, only line breaks between them: the usual article

    def run(depth: int) -> str:
        parts = []
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            if roll < 0.7 or depth > 2:
                attrs = rng.choice(_ATTRS) if rng.random() < 0.2 else ""
                text = rng.choice(_PARAGRAPHS[:4] if plain else _PARAGRAPHS)
                parts.append(f"<p{attrs}>{text * rng.randint(1, 4)}</p>")
            else:
                tag = rng.choice(_WRAPPERS)
                parts.append(f"<{tag}{rng.choice(_ATTRS)}>{rng.choice(['', '引言', ' '])}{run(depth + 1)}</{tag}>")
            parts.append(rng.choice(["\n", ""] if plain else ["\n", "", "\n\n", "尾巴", " "]))
        return "".join(parts)

    html = f"<html><body>\n{run(0)}<div>{run(1)}</div>{rng.choice(['', '结尾'])}</body></html>"
    return etree.fromstring(html.encode(), parser())


@pytest.mark.parametrize("seed", range(300))
def test_scan_gives_the_main_element_candidates_and_texts_of_the_plain_pass(seed: int) -> None:
    body = _paragraph_page(seed).find("body") if seed % 2 else _random_page(seed).find("body")
    main, found, paragraphs, texts, _ = scan_body(body)
    ref_main, ref_found, ref_texts = _reference_scan(body)
    assert main is ref_main
    assert len(found) == len(ref_found) and all(a is b for a, b in zip(found, ref_found, strict=True))
    if main is not None:
        expected = [el for el in main if el in ref_texts]
        assert len(paragraphs) == len(expected) and all(a is b for a, b in zip(paragraphs, expected, strict=True))
        assert texts == [ref_texts[el] for el in expected]
        assert main_lines(main, paragraphs, texts) == walk(main, main).lines == region_lines(main, ref_texts)


@pytest.mark.parametrize(
    "inner",
    [
        "<p>一</p>\n<p>二</p>\n",  # only line breaks between the paragraphs
        "引言<p>一</p>夹在中间<p>二</p>\n<p></p><p> </p>",  # text between them: lines of their own
        "<p>　　一　二  三\t</p><p>\n</p>",
    ],
)
@pytest.mark.parametrize("tag", ["div", "td", "span", "body"])
def test_main_lines_of_paragraphs_give_the_lines_of_the_walk(inner: str, tag: str) -> None:
    if tag == "body":
        html = f"<html><body>{inner}</body></html>尾"
    else:
        html = f"<html><body><table><tr><{tag}>{inner}</{tag}>尾</tr></table></body></html>"
    root = etree.fromstring(html.encode(), parser())
    main = next(root.iter(tag))
    paragraphs = list(main)
    texts = [el.text or "" for el in paragraphs]
    assert main_lines(main, paragraphs, texts) == walk(main, main).lines


def test_main_lines_of_paragraphs_made_in_code_have_no_line() -> None:
    main = etree.Element("div")
    for text in ("一", "二"):
        etree.SubElement(main, "p").text = text
    assert main_lines(main, list(main), ["一", "二"]) == walk(main, main).lines == [("一", 0), ("二", 0)]


def test_region_walk_reads_comments_entities_and_processing_instructions_as_the_full_walk() -> None:
    # The HTML parser makes none of these but comments; trees built in code can hold all of them.
    root = etree.fromstring(b"<html><body><div><p>a<b>b</b>c</p>tail<span>s</span></div></body></html>", parser())
    p: Any = root.find(".//p")
    span: Any = root.find(".//span")
    instruction = etree.PI("php", "x")
    instruction.tail = "after-pi"
    p.insert(0, instruction)
    entity = etree.Entity("amp")
    entity.tail = "after-entity"
    p.append(entity)
    comment = etree.Comment("c")
    comment.tail = "after-comment"
    span.addprevious(comment)
    for el in root.iter(etree.Element):
        assert region_lines(el) == walk(el, None).lines


def test_the_tail_of_the_walked_element_is_part_of_its_lines() -> None:
    root = etree.fromstring(b"<html><body><div><p>one</p>two</div></body></html>", parser())
    p = root.find(".//p")
    assert region_lines(p) == walk(p, None).lines == [("one", 1), ("two", 1)]


# --- bytes to the parser ----------------------------------------------------------------------------------

_PAGE = "<html><head>{meta}<title>标题</title></head><body><p>正文：蜀ICP备13001288号</p></body></html>"


@pytest.mark.parametrize(
    "data",
    [
        _PAGE.format(meta='<meta charset="utf-8">').encode("utf-8"),
        codecs.BOM_UTF8 + _PAGE.format(meta="").encode("utf-8"),
        _PAGE.format(meta='<meta charset="gb2312">').encode("gbk"),
        _PAGE.format(meta='<meta charset="utf-8">').encode("gbk"),  # a lie: read as GB18030
        _PAGE.format(meta="").encode("utf-8") + b"\xff\xfe broken",  # replaced bytes
        codecs.BOM_UTF16_LE + _PAGE.format(meta="").encode("utf-16-le"),
        b"<p>plain ASCII</p>",
    ],
)
def test_parser_input_is_the_decoded_text_as_utf8(data: bytes) -> None:
    decoded = decode_page(data)
    assert utf8_of(data, decoded) == decoded.text.encode("utf-8", "surrogatepass")
    # and the page reads the same from the bytes as from the text
    assert extract(utf8_of(data, decoded), decoded.text) == extract_html(decoded.text)


@settings(max_examples=200)
@given(st.binary(max_size=300), st.sampled_from([None, "utf-8", "gbk", "latin-1"]))
def test_parser_input_for_any_bytes(data: bytes, http: str | None) -> None:
    decoded = decode_page(data, http)
    assert utf8_of(data, decoded) == decoded.text.encode("utf-8", "surrogatepass")


def test_record_id_digest_is_the_page_sha256() -> None:
    import hashlib

    data = _PAGE.format(meta="").encode("utf-8")
    item = html_item(data, location=Location("a.html"), source_location="a.html", id_hint="a")
    assert isinstance(item, SourceRecord)
    digest = hashlib.sha256(data).hexdigest()
    assert item.data["source"]["sha256"] == digest
    assert item.data["id"] == f"a-{digest[:12]}"
    # another identity (a WARC record id) is hashed on its own
    other = html_item(data, location=Location("a.html"), source_location="a.html", id_hint="a", identity=b"urn:x")
    assert isinstance(other, SourceRecord)
    assert other.data["id"] == f"a-{hashlib.sha256(b'urn:x').hexdigest()[:12]}"


# --- memoised footer reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["2024-01-02 09:30", "2023年11月22日 10:55", "2023-11-22T10:55:00Z", "不是日期", " "])
def test_memoised_dates_and_record_codes_are_what_is_read_each_time(raw: str) -> None:
    for _ in range(2):  # (read, then from the memo)
        assert date_value(raw) == read_date_value(raw)
    for href in ("http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=51010402000507", "https://x/", raw):
        for _ in range(2):
            assert record_code(href) == read_record_code(href)


def test_memoised_numbers_take_each_call_s_own_lines() -> None:
    texts = [
        "主办单位：四川省人民政府办公厅",
        "网站标识码：5100000062",
        "蜀ICP备13001288号",
        "川公网安备 51010402000507号",
    ]
    first = read_numbers([(text, 10 + i) for i, text in enumerate(texts)])
    second = read_numbers([(text, 90 + i) for i, text in enumerate(texts)])
    assert {name: hit.line for name, hit in first.items()} == {"site_code": 11, "icp": 12, "public_security": 13}
    assert {name: hit.line for name, hit in second.items()} == {"site_code": 91, "icp": 92, "public_security": 93}
    second["icp"].line = 1  # callers own the hits they get
    assert read_numbers([(text, 90 + i) for i, text in enumerate(texts)])["icp"].line == 92


def test_numbers_read_across_lines_fall_back_to_the_first_line_when_theirs_is_unknown() -> None:
    # The label in one cell, the number in the next row: the number's line, else (line 0: unknown) the first.
    texts = ["公网安备", "51010402000507号"]
    assert read_numbers([(texts[0], 3), (texts[1], 4)])["public_security"].line == 4
    assert read_numbers([(texts[0], 3), (texts[1], 0)])["public_security"].line == 3


def test_memoised_units_take_each_call_s_own_lines() -> None:
    lines = ["主办单位：四川省人民政府办公厅", "承办单位：四川省大数据中心"]
    first = read_footer([(text, 5 + i) for i, text in enumerate(lines)])
    second = read_footer([(text, 50 + i) for i, text in enumerate(lines)])
    assert first.fields == second.fields
    assert first.lines == {"unit_in_charge": 5, "organizer": 6}
    assert second.lines == {"unit_in_charge": 50, "organizer": 51}


def test_the_same_footer_on_pages_of_different_lengths_points_at_each_page_s_lines() -> None:
    footer = '<div class="footer"><p>主办单位：四川省人民政府办公厅</p><p>蜀ICP备13001288号</p></div>'
    short = extract_html(f"<html><body><p>正文。</p>\n{footer}</body></html>")
    long = extract_html("<html><body>" + "<p>正文。</p>\n" * 30 + footer + "</body></html>")
    assert short.footer == long.footer
    assert short.field_lines["/footer/icp"] == 2
    assert long.field_lines["/footer/icp"] == 31


# --- reading page files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 5000])
def test_page_files_are_read_to_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setenv("PAV_MAX_PAGE_BYTES", "1000")
    content = bytes(range(256)) * (size // 256 + 1)
    path = tmp_path / "page.html"
    path.write_bytes(content[:size])
    with path.open("rb") as stream:
        data, reported = read_page_bytes(stream)
    assert data == content[: min(size, 1001)]
    assert reported == size
    # a stream that is no file: read to the limit, its size is what was read
    assert read_page_bytes(io.BytesIO(content[:size])) == (content[: min(size, 1001)], min(size, 1001))


def test_a_pipe_is_read_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAV_MAX_PAGE_BYTES", "1000")
    read_end, write_end = os.pipe()
    os.write(write_end, b"x" * 3000)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        data, reported = read_page_bytes(stream)
    assert data == b"x" * 1001
    assert reported == 1001


def test_a_file_that_grew_after_its_size_was_taken_is_read_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAV_MAX_PAGE_BYTES", "1000")
    path = tmp_path / "page.html"
    path.write_bytes(b"a" * 100)
    real_fstat = os.fstat

    def fstat_then_grow(fd: int) -> os.stat_result:
        status = real_fstat(fd)
        with path.open("ab") as more:
            more.write(b"b" * 2000)
        return status

    monkeypatch.setattr(os, "fstat", fstat_then_grow)
    with path.open("rb") as stream:
        data, _ = read_page_bytes(stream)
    assert data == b"a" * 100 + b"b" * 901


# --- body trimming: full-width letters and digits folded only where a line has them -------------------------


def _fold_reference(text: str) -> str:
    # Every character Unicode decomposes as <wide> into an ASCII letter, digit or space, by unicodedata.
    out = []
    for char in text:
        folded = unicodedata.normalize("NFKC", char)
        wide = unicodedata.decomposition(char).startswith("<wide>")
        out.append(folded if wide and (folded.isascii() and (folded.isalnum() or folded == " ")) else char)
    return "".join(out)


_WIDE_OR_ANY = st.one_of(st.sampled_from(list("０１２９ＡＺａｚ＃　：，（）发布时间²①")), st.characters())


@settings(max_examples=300)
@given(st.lists(_WIDE_OR_ANY, max_size=40).map("".join))
def test_wide_letters_and_digits_are_folded_as_unicode_decomposes_them(text: str) -> None:
    assert fold_wide(text) == _fold_reference(text)


@pytest.mark.parametrize(
    ("line", "trimmed"),
    [
        ("发布时间：２０２３－１１－２２　１０：５５", True),  # full-width digits: a date line, folded
        ("发布时间：2023-11-22 10:55", True),
        ("光明日报记者　王建宏　张文攀", True),  # a byline with ideographic spaces
        ("记者８日从省政府获悉，全省２０２３年粮食产量再创新高。", False),  # a sentence with "，" stays text
    ],
)
def test_boilerplate_lines_are_judged_alike_in_full_and_half_width(line: str, trimmed: bool) -> None:
    article = [("第一段正文，内容足够长，足够长，足够长，足够长，足够长，足够长。", 2)] * 3
    kept = [text for text, _ in trim_boilerplate([(line, 1), *article])]
    assert (line not in kept) is trimmed


# --- language tags: the common ones known valid without loading the registry --------------------------------


def test_common_language_tags_are_valid_as_langcodes_says_in_any_case() -> None:
    import langcodes

    from validator.sources.html.language import COMMON_TAGS, is_language_tag

    for tag in COMMON_TAGS:
        for spelling in (tag, tag.upper(), "-".join(part.capitalize() for part in tag.split("-"))):
            assert langcodes.tag_is_valid(spelling), spelling
            assert is_language_tag(spelling)


@pytest.mark.parametrize("tag", ["zh-CN", "en", "zh-Hans-CN", "zh-TW", "fr", "zh-CHS", "cn", "utf-8", "gb2312", "x"])
def test_language_tags_are_judged_as_langcodes_judges_them(tag: str) -> None:
    import langcodes

    from validator.sources.html.language import is_language_tag

    assert is_language_tag(tag) == langcodes.tag_is_valid(tag)
