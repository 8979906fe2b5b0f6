"""Text normalisation shared by the footer parsers, and the small matching helpers they share.

Footers come from many CMSs and text extractors: full-width digits and letters, ideographic spaces (U+3000),
non-breaking spaces, zero-width characters and every dash variant appear in real pages. The parsers match
a single canonical form, produced by `normalize`.

Speed matters (every record of a batch is parsed), and Python's regex engine is slow at case-insensitive
alternations: the parsers therefore match lowercase patterns against `lower_aligned(text)`, a lowercase
copy with the same indices, and read values as shown from the original text by position.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from validator.provinces import ENGLISH_NAME_FIRST_WORDS, Province, by_english, by_english_name

__all__ = [
    "NUMBER_TOKEN",
    "NUMBER_TOKENS",
    "as_shown",
    "cjk_before",
    "english_province",
    "first_char_guard",
    "join_number_groups",
    "lower_aligned",
    "normalize",
    "squeeze_number_spaces",
    "words_before",
]

# Dashes NFKC leaves alone (or maps to another non-ASCII dash), all written "-" in the canonical form:
# hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, two- and
# three-em dashes, small em dash, small hyphen-minus (NFKC maps U+FE63 and U+FF0D to "-" already).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
# Invisible characters that split a number without showing anything: zero-width space/joiners,
# word joiner, BOM, soft hyphen. They are deleted, not turned into spaces.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

# str.translate is slow per character; a charset search tells whether it is needed at all.
_DASH_TABLE = {ord(ch): "-" for ch in _DASHES}
_HAS_DASH = re.compile(f"[{_DASHES}]")
_INVISIBLE_TABLE: dict[int, None] = dict.fromkeys(map(ord, _INVISIBLE))
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE}]")

# A space between two digits, between a digit and 号, or after 备/证 before a digit.
_NUMBER_SPACE = re.compile(r"(?<=[0-9]) (?=[0-9号])|(?<=[备证]) (?=[0-9])")


def normalize(text: str) -> str:
    """Canonical form of footer text: NFKC, ASCII "-" for every dash, single spaces, stripped.

    NFKC turns full-width digits and letters into ASCII and U+3000 into a space; whitespace runs (including
    line breaks) become one space, so callers that need line structure must split lines first.
    """
    if not text.isascii():  # ASCII text is already NFKC and has no dash variants or invisibles
        # Invisibles go first: removed after NFKC they could leave a base letter and a combining mark side
        # by side, and the result would not be stable under a second normalize().
        if _HAS_INVISIBLE.search(text) is not None:
            text = text.translate(_INVISIBLE_TABLE)
        text = unicodedata.normalize("NFKC", text)
        if _HAS_DASH.search(text) is not None:
            text = text.translate(_DASH_TABLE)
    # str.split() splits on exactly the characters str.isspace() accepts (U+3000, NBSP, line breaks …).
    return " ".join(text.split())


def lower_aligned(text: str) -> str:
    """`text.lower()` with the same length, so a match's indices in it are valid in `text`.

    U+0130 (İ) is the only character whose lowercase is two characters long; it becomes "i".
    """
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    return text.lower()


def first_char_guard(alternatives: Iterable[str], extra: str = "") -> str:
    """A lookahead `(?=[…])` on the first characters of regex alternatives that each start with a literal.

    Python's regex engine tries every alternative at every position; a one-character-class guard in front
    lets it skip most positions at once (faster on footer text: README, Performance). `extra` adds characters for
    alternatives that do not start with a literal.
    """
    firsts = set(extra)
    for alt in alternatives:
        if not alt or alt[0] in "\\()[].?*+{}^$|":
            raise ValueError(f"alternative {alt!r} does not start with a literal character")
        firsts.add(alt[0])
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "])"


def squeeze_number_spaces(text: str) -> str:
    """Remove the spaces inside one number written with spaces, on already-normalised text.

    "京ICP备 05035542号" -> "京ICP备05035542号",
    "贵公网安备 52010202003658 号" -> "贵公网安备52010202003658号", "1 3001288" -> "13001288".
    Meant for a single value (a link's recordcode, a field holding only the number): on a whole footer it
    would join neighbouring numbers, which the parsers avoid on their own.
    """
    return _NUMBER_SPACE.sub("", text)


# --- Helpers shared by the number parsers (icp, public_security, site_code) ---------------------------------

# One group of a number: digits (placeholder letters kept, "13001288", "2022XXXXXX") or a placeholder run of
# at least two characters ("XXXXXXXX", "********", "????"); a lone "x" or "#" is not a number.
NUMBER_TOKEN = r"(?:[0-9][0-9Xx*?#]*|[Xx*?#]{2,}[0-9Xx*?#]*)"
# A number as shown: its first group, then more groups after single spaces ("5201 0202 0036 58"); a later
# group must end at a non-alphanumeric character so "13001288 Xinjiang" does not take the "X".
NUMBER_TOKENS = rf"(?P<digits>{NUMBER_TOKEN}(?: {NUMBER_TOKEN}(?![0-9A-Za-z*?#]))*)"


def join_number_groups(run: str, max_len: int, whole: bool) -> tuple[str, int]:
    """Join the space-separated groups of a matched number run; return (digits, characters consumed).

    With `whole` (the number is closed by 号) every group belongs to it. Otherwise later groups are joined
    only while the total stays within `max_len`, so "ICP No. 13001288 51010402000507" does not become one
    22-digit number while "No. 1 3001288" becomes 13001288. A single group is always taken whole, however
    long: a 19-digit glued number must reach the rules as it is.
    """
    if " " not in run:
        return run, len(run)
    parts = run.split(" ")
    if whole:
        return "".join(parts), len(run)
    digits = parts[0]
    consumed = len(digits)
    for part in parts[1:]:
        if len(digits) + len(part) > max_len:
            break
        digits += part
        consumed += 1 + len(part)
    return digits, consumed


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def cjk_before(text: str, pos: int) -> int | None:
    """Index of the CJK character right before `pos`, or one space before it; None when there is none."""
    if pos >= 1 and _is_cjk(text[pos - 1]):
        return pos - 1
    if pos >= 2 and text[pos - 1] == " " and _is_cjk(text[pos - 2]):
        return pos - 2
    return None


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def is_ascii_letter(ch: str) -> bool:
    """Whether `ch` is one of A-Z, a-z."""
    return ch in _ASCII_LETTERS


# How far back words_before looks; longer words are not province names.
_WORD_WINDOW = 200


def words_before(text: str, end: int, max_words: int) -> int:
    """Start of the (at most `max_words`) English words that precede `end`, each followed by one space.

    In "5100000062 Sichuan ICP" with `end` at "ICP" the words are "Sichuan": a word is a run of ASCII letters,
    so the digits stop the walk, and a word glued to digits ("10Sichuan") contributes its letters only.
    Returns `end` when there is no such word.
    """
    if end < 2 or text[end - 1] != " " or not is_ascii_letter(text[end - 2]):
        return end
    # One C-level split of a bounded window instead of a character loop: the last `max_words` pieces are
    # the candidate words, nearest first.
    window_start = max(0, end - 1 - _WORD_WINDOW)
    pieces = text[window_start : end - 1].rsplit(" ", max_words)
    start = end
    pos = end - 1  # the space after the current piece
    for n, piece in enumerate(reversed(pieces)):
        if n == max_words:
            break  # pieces[0] holds the rest of the window, not a word
        if window_start > 0 and pos - len(piece) == window_start:
            break  # cut by the window: longer than any province name
        if piece.isascii() and piece.isalpha():
            start = pos - len(piece)
            pos = start - 1
            continue
        # Letters glued after something else ("10Sichuan", "码Sichuan"): take the letters and stop.
        k = len(piece)
        while k > 0 and is_ascii_letter(piece[k - 1]):
            k -= 1
        if k < len(piece):
            start = pos - (len(piece) - k)
        break
    return start


_ENGLISH_WORD = re.compile(r"[A-Za-z]+")
# Words that qualify a province name without being part of it: "Sichuan Province", "Guangxi Zhuang
# Autonomous Region", "Beijing Municipality".
_GENERIC_WORDS = frozenset(
    {
        "administrative",
        "autonomous",
        "city",
        "hui",
        "municipal",
        "municipality",
        "province",
        "provincial",
        "region",
        "sar",
        "special",
        "uygur",
        "uyghur",
        "zhuang",
    }
)


def english_province(head: str, *, adjacent: bool) -> tuple[int, int, tuple[Province, ...]] | None:
    """The province named by English words in `head`, as (start, end, provinces) of those words, or None.

    Trailing qualifiers ("Province", "Autonomous Region") are skipped. With `adjacent` only the last word
    (or last two: "Inner Mongolia") counts, as in "Sichuan ICP No."; otherwise the rightmost word anywhere
    in `head`, as in "Sichuan Computer Information Network and Internet Security Record No.". Full names
    win over pinyin, because pinyin is short and ambiguous ("Ji", "Yu").
    """
    words = [(m.start(), m.end(), m.group()) for m in _ENGLISH_WORD.finditer(head)]
    while words and words[-1][2].casefold() in _GENERIC_WORDS:
        words.pop()
    if not words:
        return None
    positions = [len(words) - 1] if adjacent else list(range(len(words) - 1, -1, -1))
    for i in positions:
        if i >= 1 and words[i - 1][2].lower() in ENGLISH_NAME_FIRST_WORDS:
            province = by_english_name(f"{words[i - 1][2]} {words[i][2]}")
            if province is not None:
                return words[i - 1][0], words[i][1], (province,)
        province = by_english_name(words[i][2])
        if province is not None:
            return words[i][0], words[i][1], (province,)
    for i in positions:
        provinces = by_english(words[i][2])
        if provinces:
            return words[i][0], words[i][1], provinces
    return None


# --- Values as the page shows them ---------------------------------------------------------------------------

_LAYOUT_SPACE = re.compile(r"[ \t\r\n\f\v]+")


@functools.lru_cache(maxsize=4096)  # (a footer's characters repeat: each is normalised once)
def _normal_char(char: str) -> str:
    return normalize(char)


def as_shown(value: str, raw: str) -> str:
    """The text of `raw` that `value` (read from `normalize(raw)`) was read from, as the page shows it: full-width
    parentheses, colons and letters, ideographic spaces and dashes kept; runs of layout white space (line breaks,
    indentation) one space, as a browser shows them. `value` itself when `raw` does not hold it (a value put
    together from several places).

    The parsers read normalised text, but a record's footer holds each field as the page shows it (the record
    contract): the official name 常州国家高新技术产业开发区（新北区）党政办公室 keeps its full-width parentheses."""
    if not value:
        return value
    if value in raw:  # (most values: nothing normalisation changes in them, and no line break inside)
        return value
    target = "".join(value.split())
    folded: list[str] = []
    owners: list[int] = []  # the index in `raw` of each character of `folded`
    for index, char in enumerate(raw):
        for part in char if char.isascii() else _normal_char(char):
            if not part.isspace():
                folded.append(part)
                owners.append(index)
    at = "".join(folded).find(target)
    if at < 0:  # (a character whose normal form depends on its neighbours: the normalised value stands)
        return value
    shown = raw[owners[at] : owners[at + len(target) - 1] + 1]
    return _LAYOUT_SPACE.sub(" ", shown)
