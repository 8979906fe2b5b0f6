"""Page encodings: BOM, HTTP charset, <meta> charset, detection; GB2312/GBK as GB18030; pages that lie about
their charset; undecodable bytes replaced and reported (I006), never a crash."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator.engine import Engine
from validator.findings import Finding, Location
from validator.sources import SourceRecord, iter_source_items
from validator.sources.encoding import decode_page, decode_text, normalize_charset
from validator.sources.html import html_item

FOOTER_ZH = "网站标识码：5100000062　蜀ICP备13001288号　川公网安备51010402000507号"


def gov_page(meta: str = "", body: str = FOOTER_ZH) -> str:
    return (
        f"<html><head>{meta}<title>四川省人民政府</title></head><body><h1>第十一届科技博览会开幕</h1>"
        f"<p>四川省人民政府办公厅主办的网站正文内容。</p><div class='footer'>{body}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-gbk", "gb18030"),
        ("cp936", "gb18030"),
        ("GB18030", "gb18030"),
        ("utf8", "utf-8"),
        ("UTF-8", "utf-8"),
        ("utf-16", "utf-8"),  # no BOM: the page is ASCII-compatible, as the HTML standard says
        ("big5", "big5"),
        ("no-such-charset", None),
        ("", None),
    ],
)
def test_charset_labels(label: str, expected: str | None) -> None:
    assert normalize_charset(label) == expected


def test_gbk_page_declaring_gb2312_decodes_as_gb18030() -> None:
    # 镕 is in GBK but not in GB2312: pages declaring gb2312 use such characters all the time.
    data = gov_page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "朱镕基 " + FOOTER_ZH)
    decoded = decode_page(data.encode("gbk"))
    assert (decoded.encoding, decoded.charset_from, decoded.replaced) == ("gb18030", "meta", 0)
    assert "朱镕基" in decoded.text and not decoded.declaration_wrong


def test_bom_wins_over_declarations() -> None:
    data = codecs.BOM_UTF8 + gov_page('<meta charset="gbk">').encode("utf-8")
    decoded = decode_page(data, "iso-8859-1")
    assert (decoded.encoding, decoded.charset_from) == ("utf-8", "bom")
    utf16 = codecs.BOM_UTF16_LE + gov_page().encode("utf-16-le")
    assert decode_page(utf16).text == gov_page()


def test_http_charset_wins_over_meta() -> None:
    data = gov_page('<meta charset="utf-8">').encode("gbk")
    decoded = decode_page(data, "GBK")
    assert (decoded.encoding, decoded.charset_from) == ("gb18030", "http")


def test_wrong_http_charset_falls_back_to_meta() -> None:
    data = gov_page('<meta charset="gbk">').encode("gbk")
    decoded = decode_page(data, "utf-8")
    assert (decoded.encoding, decoded.charset_from) == ("gb18030", "meta")


def test_page_lying_in_its_meta_charset_is_read_right_and_reported() -> None:
    data = gov_page('<meta charset="utf-8">').encode("gbk")
    decoded = decode_page(data)
    assert decoded.encoding == "gb18030" and decoded.charset_from == "detected" and decoded.declaration_wrong
    assert FOOTER_ZH in decoded.text


def test_latin1_declaration_on_a_utf8_page() -> None:
    data = gov_page('<meta charset="iso-8859-1">').encode("utf-8")
    decoded = decode_page(data)
    assert decoded.encoding == "utf-8" and decoded.declaration_wrong and FOOTER_ZH in decoded.text


def test_no_declaration_is_detected() -> None:
    for encoding, expected in (("utf-8", "utf-8"), ("gbk", "gb18030")):
        decoded = decode_page(gov_page().encode(encoding))
        assert decoded.encoding == expected and FOOTER_ZH in decoded.text
        assert not decoded.declaration_wrong


def test_undecodable_bytes_are_replaced_and_counted() -> None:
    data = gov_page('<meta charset="gbk">').encode("gbk").replace(b"<h1>", b"\n\n<h1>\xff\xff\x81")
    decoded = decode_page(data)
    assert decoded.encoding == "gb18030" and decoded.charset_from == "meta"
    assert decoded.replaced == 3 and decoded.first_bad_line == 3
    assert decoded.text.count("\ufffd") == 3 and FOOTER_ZH in decoded.text


def test_text_capture_decoding() -> None:
    assert decode_text("中文 text".encode("gbk")).encoding == "gb18030"
    assert decode_text(codecs.BOM_UTF8 + b"abc").text == "abc"


ANY_PAGE_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(alphabet='蜀ICP备号网站标识码<>/ab ="\n', max_size=60).map(lambda text: text.encode("gbk")),
)


@given(ANY_PAGE_BYTES, st.sampled_from([None, "utf-8", "gbk", "latin-1", "bogus"]))
def test_any_bytes_decode_without_raising(data: bytes, http: str | None) -> None:
    decoded = decode_page(data, http)
    if decoded.replaced == 0 and decoded.charset_from != "bom":
        assert decoded.text == data.decode(decoded.encoding)  # the text is what the codec named reads
    if decoded.replaced:
        assert "\ufffd" in decoded.text and decoded.first_bad_line is not None and decoded.first_bad_line >= 1


@given(ANY_PAGE_BYTES)
def test_any_bytes_become_a_record_or_a_finding(data: bytes) -> None:
    item = html_item(data, location=Location("x.html"), source_location="x.html", id_hint="x")
    if isinstance(item, Finding):
        assert (item.rule, item.location.file) == ("I004", "x.html")  # nothing but an empty page is refused
        return
    # A record keeps the bytes it was made from and says how they were decoded.
    decoded = decode_page(data)
    assert item.raw == data
    assert item.data["source"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert (item.data["source"]["charset"], item.data["source"]["charset_from"]) == (
        decoded.encoding,
        decoded.charset_from,
    )


# --- through the reader and the engine ---------------------------------------------------------------------------


def test_undecodable_page_is_checked_and_the_problem_reported_with_it(tmp_path: Path) -> None:
    data = gov_page('<meta charset="gbk">').encode("gbk") + b"\n<p>\xff\xfe</p>"
    path = tmp_path / "bad.html"
    path.write_bytes(data)
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, SourceRecord)
    (note,) = item.notes
    assert note.rule == "I006" and "2 bytes that are not valid gb18030" in note.message
    assert note.location.line == 2
    (result,) = Engine().check_items([item])
    assert result.is_record and result.findings[0].rule == "I006"
    assert result.findings[0].record_id == item.data["id"]  # attached to the record, not an unreadable input


def test_lying_page_through_the_cli(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated / "lie.html").write_bytes(gov_page('<meta charset="utf-8">').encode("gbk"))
    run = pav("check", "--select", "I", "lie.html")
    assert "lie.html: warning I006 lie.html declares charset utf-8 but is gb18030; read as gb18030" in run.out
    assert run.code == 0
    assert pav("check", "--select", "I", "--ignore", "I006", "lie.html").out.startswith("No findings")
    assert "error I006" in pav("check", "--select", "I", "--severity", "I006=error", "lie.html").out


@pytest.mark.parametrize("content", [b"", b"  \n\t ", b"<!-- only a comment -->"])
def test_empty_pages_are_i004(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, Finding)
    expected = "holds no HTML document" if content.strip() else "is empty: no HTML page"
    assert (item.rule, item.message, item.location.file) == ("I004", f"{path} {expected}", str(path))


# --- the narrower GB codecs tried first --------------------------------------------------------------------


def test_gbk_and_gb2312_read_every_sequence_they_accept_as_gb18030_does() -> None:
    """Pages declared GB2312/GBK are decoded with GB2312, else GBK, before GB18030 (faster): this holds them to
    the same text. The decoders read a character at a time (one byte below 0x80, else two; GB18030's
    four-byte forms have a second byte 0x30-0x39, which neither narrower codec accepts), so every one- and
    two-byte sequence settles it for any page."""
    differ: dict[str, list[bytes]] = {"gbk": [], "gb2312": []}
    for first in range(256):
        for second in [None, *range(256)]:
            data = bytes([first]) if second is None else bytes([first, second])
            for codec, found in differ.items():
                try:
                    text = data.decode(codec)
                except UnicodeDecodeError:
                    continue
                if text != data.decode("gb18030"):
                    found.append(data)
    assert differ == {"gbk": [], "gb2312": [b"\xa1\xa4", b"\xa1\xaa"]}
    # GB2312 reads those two as U+30FB and U+2015: a text holding either is read again (as GBK).
    assert b"\xa1\xa4\xa1\xaa".decode("gb2312") == "\u30fb\u2015"


@pytest.mark.parametrize(
    "text",
    [
        "纯GB2312正文。",
        "朱镕基·会见——外宾",  # GBK-only ideograph, and the two GB2312 reads apart from GB18030
        "间隔号·",
        "破折号——",
        "欧元€与𠀀",  # GB18030 only (four-byte forms)
    ],
)
def test_gb_declared_pages_decode_as_gb18030(text: str) -> None:
    data = f'<meta charset="gb2312"><p>{text}</p>'.encode("gb18030")
    decoded = decode_page(data)
    assert (decoded.text, decoded.encoding, decoded.charset_from) == (data.decode("gb18030"), "gb18030", "meta")
    assert decoded.declared_label == "gb2312"
