"""The one escaping function for text shown to people: `printable`.

Everything pav writes for a person to read (the text, Markdown and GitHub reports, `pav verify`'s text report,
`pav extract`'s and `pav package`'s lines on stderr, error messages) quotes text pav does not control: file
names, zip member names, page titles and footers, a server's status line, the fields of a saved JSON report.
Each such piece goes through `printable` before it is written, so it can neither break a line, move the cursor,
recolour or retitle a terminal, reorder what is shown (bidirectional controls), hide text (invisible format
characters), crash a strict UTF-8 stream (lone surrogates), nor start a CI workflow command (`::error::`,
`##[error]`). This module is a shared utility: any stage may import it, and it imports nothing of pav.

Machine formats (JSON, JSON Lines, SARIF, JUnit XML) keep the exact data instead; `encodable` is what they
need of this module: a lone surrogate (an undecodable byte of a file name, read with surrogateescape, or a
JSON `\\ud800`) written as its JSON escape.
"""

from __future__ import annotations

import re

# What `printable` shows as an escape. Every code point here is either a control or invisible:
# - C0 controls U+0000-U+001F (TAB, LF and CR included: the output is one line per item), DEL, C1 U+0080-U+009F;
# - the soft hyphen U+00AD, the Arabic letter mark U+061C, the Mongolian vowel separator U+180E, the Hangul
#   fillers U+115F, U+1160, U+3164, U+FFA0 (blank letters used to fake empty names);
# - zero-width and directional marks U+200B-U+200F, the line and paragraph separators U+2028/U+2029 (line
#   breaks to some terminals and editors), bidirectional embeddings and overrides U+202A-U+202E, U+2060-U+206F
#   (word joiner, invisible operators, bidirectional isolates U+2066-U+2069, deprecated format controls);
# - the byte order mark U+FEFF, the interlinear annotation controls U+FFF9-U+FFFB, the noncharacters
#   U+FFFE/U+FFFF; lone surrogates U+D800-U+DFFF; the other format characters of Unicode (category Cf: the
#   Arabic number signs U+0600-U+0605, U+06DD, U+070F, U+0890-U+0891, U+08E2, Kaithi, Egyptian, shorthand and
#   musical format controls) and the tag characters U+E0000-U+E007F (invisible ASCII).
# Every character of Unicode's categories Cc, Cf, Cs, Zl and Zp is in the class (a test holds it to unicodedata).
# ZWJ U+200D is escaped too: pav's output names files and quotes footers, where an invisible joiner is a disguise.
_UNSAFE_CLASS = (
    "\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ud800-\udfff\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
# GitHub's runner reads a line as a workflow command when it starts with `::` after leading white space
# (`ActionCommand.TryParseV2`), and as a legacy command wherever `##[` appears in it (`ActionCommand.TryParse`).
_COMMAND_START = re.compile(r"^(\s*):(?=:)")
_LEGACY_COMMAND = "##["
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_char(char: str) -> str:
    """The visible escape of one unsafe character: `\\n`, `\\r`, `\\t`, `\\x1b`, `\\u202e`, `\\U000e0041`; a
    surrogate U+DC80-U+DCFF (an undecodable byte under surrogateescape) as that byte, `\\xff`."""
    code = ord(char)
    if code == 0x0A:
        return "\\n"
    if code == 0x0D:
        return "\\r"
    if code == 0x09:
        return "\\t"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape_match(match: re.Match[str]) -> str:
    return escape_char(match.group())


def printable(text: str) -> str:
    """`text` as one line a terminal or a CI log shows as it is: controls, separators, bidirectional and
    invisible format characters and lone surrogates become visible escapes (`\\n`, `\\x1b`, `\\u202e`, `\\xff`
    for the byte 0xFF of a file name that is not UTF-8), a leading `::` becomes `\\x3a:` and every `##[`
    becomes `\\x23#[`, so no workflow command can start. Text without any of these is returned as it is."""
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(_escape_match, text)
    if ":" in text:
        text = _COMMAND_START.sub(r"\1\\x3a", text, count=1)
    if _LEGACY_COMMAND in text:
        text = text.replace(_LEGACY_COMMAND, "\\x23#[")
    return text


def unsafe_chars(text: str) -> list[str]:
    """The characters of `text` that `printable` escapes (for tests and checks of other output)."""
    return _UNSAFE.findall(text)


def encodable(text: str) -> str:
    """Text UTF-8 can encode: a lone surrogate becomes the visible escape `\\udcff` (in a JSON string, that is
    the very JSON escape that reads back as the same surrogate: lossless, and `os.fsencode` of a file name read
    back gives its original bytes)."""
    return _SURROGATE.sub(_surrogate_escape, text) if _SURROGATE.search(text) else text


def _surrogate_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
