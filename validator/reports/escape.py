"""Making hostile text safe for each report format: terminals, XML, JSON, Markdown, workflow commands.

Messages quote what pages show, and pages are written by strangers: a footer may hold a newline, an ANSI
escape, a bidirectional override, a lone surrogate from a JSON `\\ud800` escape, or `</script>`. Every
reporter passes text through the function for its output here; none writes a message raw. Text for people is
made safe by the one function `validator.escape.printable` (re-exported here); the rest adapt it to a format.
"""

from __future__ import annotations

import re

from validator.escape import _UNSAFE_CLASS, encodable, escape_char, printable

__all__ = ["encodable", "markdown_cell", "printable", "workflow_data", "workflow_property", "xml_text"]

# Characters XML 1.0 cannot carry at all, even as references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What `printable` escapes, but CR and LF: a workflow command percent-encodes those (the runner decodes them).
_UNSAFE_BUT_NEWLINES = re.compile(f"(?![\r\n])[{_UNSAFE_CLASS}]")


def _escape_match(match: re.Match[str]) -> str:
    return escape_char(match.group())


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: characters it forbids become visible escapes (`\\x00`, `\\ud800`)."""
    return _NOT_XML.sub(_escape_match, text) if _NOT_XML.search(text) else text


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def markdown_cell(text: str) -> str:
    """Literal text inside a Markdown table cell (GitHub flavour): no markup, no HTML, no line breaks."""
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def workflow_data(text: str) -> str:
    """The message of a GitHub workflow command (`::error ...::MESSAGE`): `%`, CR and LF percent-encoded as
    the runner expects (it decodes them back), every other character `printable` escapes made visible, and
    `##[` (a legacy command) shown as `\\x23#[` as `printable` shows it."""
    text = _UNSAFE_BUT_NEWLINES.sub(_escape_match, text).replace("##[", "\\x23#[")  # as `printable` does
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A property value of a GitHub workflow command (`file=...,title=...`)."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")
