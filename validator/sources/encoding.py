"""Decode a page's bytes to text: byte order mark, HTTP charset, <meta> charset, else detection.

Many Chinese sites are GB2312/GBK/GB18030, and some declare an encoding their bytes are not in. The order:

1. a byte order mark (UTF-8, UTF-16, UTF-32) decides;
2. the declared encodings, HTTP `Content-Type` charset first, then the <meta> charset in the first 4 KB,
   are tried with a strict decode; GB2312 and GBK (and their aliases) are read as GB18030, their superset,
   as browsers do. A page declaring a Western single-byte encoding whose bytes are valid UTF-8 is read as
   UTF-8 (Latin-1 accepts any byte, so a strict decode cannot catch that lie);
3. with nothing declared, or every declared encoding failing: UTF-8 strict, then charset-normalizer (when it
   says Big5 but the bytes are valid GB18030, GB18030: short GBK text is often mistaken for Big5, and pav
   checks mainland pages);
4. when nothing reads every byte, the candidate with the fewest undecodable bytes is used with each bad byte
   replaced by U+FFFD, and the count and the line of the first are reported.

The result says which encoding was used and why, so the reader can report a wrong declaration (I006).
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass
from typing import Literal

__all__ = ["Decoded", "decode_page", "decode_text", "normalize_charset", "sniff_meta_charset"]

CharsetFrom = Literal["bom", "http", "meta", "detected", "default"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Read as their superset (WHATWG Encoding Standard: gb2312 and gbk labels decode as GBK; GB18030 decodes
# every GBK byte sequence the same way and more).
_GB_FAMILY = frozenset(("gb2312", "gbk", "gb18030", "hz", "x-gbk", "cp936", "ms936", "euc-cn", "gb2312-80", "csgb2312"))
# Python codec names of encodings that accept (nearly) any byte sequence: a strict decode cannot prove them.
_SINGLE_BYTE_WESTERN = frozenset(("latin-1", "iso8859-1", "ascii", "cp1252", "iso8859-15"))
# Encodings whose strict decode is real evidence (most byte sequences are invalid in them).
_MULTI_BYTE = frozenset(
    ("utf-8", "gb18030", "big5", "big5hkscs", "cp950", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949", "iso2022_jp")
)
_BIG5_FAMILY = frozenset(("big5", "big5hkscs", "cp950"))
_META_WINDOW = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text of a page and how it was obtained."""

    text: str
    encoding: str  # the codec used (Python name, e.g. "gb18030", "utf-8")
    charset_from: CharsetFrom
    declared: str | None  # the first declared encoding (as normalised), if any
    replaced: int = 0  # undecodable bytes replaced with U+FFFD
    first_bad_line: int | None = None  # 1-based line of the first replaced byte
    declared_label: str | None = None  # the first declared charset as the page writes it ("gb2312")

    @property
    def declaration_wrong(self) -> bool:
        """A charset was declared but another encoding had to be used."""
        return self.declared is not None and self.charset_from == "detected" and self.encoding != self.declared


def normalize_charset(label: str | None) -> str | None:
    """The Python codec for a charset label, GB2312/GBK mapped to GB18030; None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("gb2312", "gbk", "hz"):
        return "gb18030"
    if name in ("utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        # Without a BOM a page cannot really be UTF-16 if its <meta> is readable as ASCII (HTML standard).
        return "utf-8"
    return name


def charset_of_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value, as given (not normalised)."""
    if not content_type:
        return None
    m = _CHARSET_PARAM.search(content_type)
    return m.group(1) if m else None


def sniff_meta_charset(data: bytes) -> str | None:
    """The charset of the first <meta charset> or <meta http-equiv content="…charset=…"> in the first 4 KB."""
    m = _META_CHARSET.search(data, 0, _META_WINDOW)
    return m.group(1).decode("ascii") if m else None


def decode_page(data: bytes, http_charset: str | None = None, *, html: bool = True) -> Decoded:
    """Decode page bytes (see the module docstring for the order). Never raises."""
    meta_label = sniff_meta_charset(data) if html else None  # (once: the first declared label is reported too)
    return _decode(data, http_charset, meta_label)


def _decode(data: bytes, http_charset: str | None, meta_label: str | None) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return Decoded(body.decode(encoding), encoding, "bom", encoding)
            except UnicodeDecodeError:
                return _replaced(body, [encoding], "bom", encoding)
    declared: list[tuple[str, CharsetFrom]] = []
    http = normalize_charset(http_charset)
    if http is not None:
        declared.append((http, "http"))
    meta = normalize_charset(meta_label)
    if meta is not None and meta != http:
        declared.append((meta, "meta"))
    first_declared = declared[0][0] if declared else None
    # The first declared charset as the page writes it, for reports.
    label = (http_charset if http is not None else meta_label) if first_declared is not None else None
    if label:
        label = label.strip().strip("\"'").lower()
    for encoding, origin in declared:
        if encoding in _SINGLE_BYTE_WESTERN and not data.isascii():
            utf8 = _strict(data, "utf-8")
            if utf8 is not None:
                return Decoded(utf8, "utf-8", "detected", first_declared, declared_label=label)
            detected = _detect(data)
            if detected is not None and detected not in _SINGLE_BYTE_WESTERN:
                text = _strict(data, detected)
                if text is not None and _has_cjk(text):
                    return Decoded(text, detected, "detected", first_declared, declared_label=label)
        text = _strict(data, encoding)
        if text is not None:
            return Decoded(text, encoding, origin, first_declared, declared_label=label)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(
            text, "utf-8", "default" if first_declared is None else "detected", first_declared, declared_label=label
        )
    detected = _detect(data)
    if detected in _BIG5_FAMILY:
        # Short GBK text is often detected as Big5 (their byte ranges overlap). pav checks mainland pages,
        # which use GB encodings: Chinese text that is valid GB18030 is read as GB18030.
        text = _strict(data, "gb18030")
        if text is not None:
            return Decoded(text, "gb18030", "detected", first_declared, declared_label=label)
    # A single-byte encoding accepts almost any byte sequence, so detection "proves" it far too easily; it
    # overrides nothing that was declared.
    if detected is not None and (first_declared is None or detected in _MULTI_BYTE):
        text = _strict(data, detected)
        if text is not None:
            return Decoded(text, detected, "detected", first_declared, declared_label=label)
    candidates = [encoding for encoding, _ in declared] + ["utf-8", "gb18030"]
    if detected is not None and detected in _MULTI_BYTE:
        candidates.append(detected)
    origin_of = {encoding: origin for encoding, origin in reversed(declared)}
    return _replaced(data, list(dict.fromkeys(candidates)), origin_of, first_declared, label)


def decode_text(data: bytes) -> Decoded:
    """Decode a text capture: BOM, UTF-8, else detection, else replacement (no declarations in plain text)."""
    return decode_page(data, None, html=False)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        if encoding == "gb18030":
            # Narrower codecs first, being faster (README, Performance): wherever one decodes strictly it
            # gives GB18030's text, except GB2312 for A1A4 and A1AA (・ and ― where GBK reads · and —), so a
            # text holding those is read again (every one- and two-byte sequence: tests/test_html_encoding.py).
            try:
                text = data.decode("gb2312")
                if "\u30fb" not in text and "\u2015" not in text:
                    return text
            except UnicodeDecodeError:
                pass
            try:
                return data.decode("gbk")
            except UnicodeDecodeError:
                pass
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    # A sample is enough to tell the encoding and keeps detection fast on large pages.
    best = from_bytes(data[:65536], steps=4, chunk_size=512).best()
    if best is None:
        return None
    return normalize_charset(best.encoding)


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _replaced(
    data: bytes,
    candidates: list[str],
    origin: CharsetFrom | dict[str, CharsetFrom],
    declared: str | None,
    label: str | None = None,
) -> Decoded:
    """Decode with the candidate that has the fewest undecodable bytes, replacing them."""
    best: tuple[int, str, str, int | None] | None = None
    for encoding in candidates:
        try:
            counted = _count_errors(data, encoding)
        except LookupError:
            continue
        if best is None or counted[0] < best[0]:
            best = (counted[0], encoding, counted[1], counted[2])
    assert best is not None  # utf-8 is always a candidate
    errors, encoding, text, first_bad = best
    if isinstance(origin, dict):
        charset_from: CharsetFrom = origin.get(encoding, "detected")
    else:
        charset_from = origin
    line = data.count(b"\n", 0, first_bad) + 1 if first_bad is not None else None
    return Decoded(text, encoding, charset_from, declared, errors, line, label)


class _ErrorCounter(threading.local):
    errors = 0
    first: int | None = None


_COUNTER = _ErrorCounter()


def _count_handler(error: UnicodeError) -> tuple[str, int]:
    # One handler registered once; the counts are per thread (pages may be decoded in fetch workers).
    assert isinstance(error, UnicodeDecodeError)
    _COUNTER.errors += error.end - error.start
    if _COUNTER.first is None:
        _COUNTER.first = error.start
    return "\ufffd" * (error.end - error.start), error.end


_COUNT_ERRORS = "pav-count-replace"
codecs.register_error(_COUNT_ERRORS, _count_handler)


def _count_errors(data: bytes, encoding: str) -> tuple[int, str, int | None]:
    """(undecodable bytes, text with one U+FFFD per bad byte, offset of the first) for one encoding."""
    _COUNTER.errors, _COUNTER.first = 0, None
    text = data.decode(encoding, errors=_COUNT_ERRORS)
    return _COUNTER.errors, text, _COUNTER.first
