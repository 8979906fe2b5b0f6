"""Making hostile text safe for each output: terminals, XML, JSON, Markdown, workflow commands.

Messages quote what pages show, and pages are written by strangers: a footer may hold a newline, an ANSI
escape, a bidirectional override, a lone surrogate from a JSON `\\ud800` escape, or `</script>`. Every
reporter passes text through the function for its output here; none writes a message raw.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab kept), DEL, bidirectional overrides and isolates, lone surrogates, and the
# noncharacters U+FFFE/U+FFFF (invisible, and a parse error in HTML and XML).
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
# Characters XML 1.0 cannot carry at all, even as references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNPRINTABLE_BUT_NEWLINES = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\\n"
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """One line of plain text a terminal cannot misinterpret: controls become visible escapes (`\\n`,
    `\\x1b`, `\\u202e`)."""
    return _UNPRINTABLE.sub(_escape_char, text) if _UNPRINTABLE.search(text) else text


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: characters it forbids become visible escapes (`\\x00`, `\\ud800`)."""
    return _NOT_XML.sub(_escape_char, text) if _NOT_XML.search(text) else text


def encodable(text: str) -> str:
    """Text UTF-8 can encode: a lone surrogate becomes the visible escape `\\ud800` (in a JSON string,
    that is the very escape that produced it)."""
    return _SURROGATE.sub(_escape_char, text) if _SURROGATE.search(text) else text


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def markdown_cell(text: str) -> str:
    """Literal text inside a Markdown table cell (GitHub flavour): no markup, no HTML, no line breaks."""
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def workflow_data(text: str) -> str:
    """The message of a GitHub workflow command (`::error ...::MESSAGE`): `%`, CR and LF percent-encoded as
    the runner expects (it decodes them back), other controls made visible."""
    text = _UNPRINTABLE_BUT_NEWLINES.sub(_escape_char, text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A property value of a GitHub workflow command (`file=...,title=...`)."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")
