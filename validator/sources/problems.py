"""What a reader reports when an input cannot become a record (the I rule family).

Defined here, in the source stage, so readers need nothing from later stages; `validator.rules.input`
registers them in the rule catalog for docs, severity overrides and summaries.
"""

from __future__ import annotations

from dataclasses import dataclass

from validator.findings import Finding, Location, Severity


@dataclass(frozen=True, slots=True)
class ReaderProblem:
    id: str
    name: str
    severity: Severity
    title: str
    doc: str

    def finding(self, message: str, location: Location) -> Finding:
        return Finding(self.id, self.severity, message, "", None, location)


UNREADABLE = ReaderProblem(
    "I001",
    "input-unreadable",
    Severity.ERROR,
    "The input file can be read",
    """The file exists but cannot be read (permissions, an I/O error).

    Failing: a file with mode 000 -> I001 naming the file.
    """,
)
INVALID_JSON = ReaderProblem(
    "I002",
    "input-invalid-json",
    Severity.ERROR,
    "Every line (or file) is valid JSON",
    """A JSON Lines line, or a JSON file, does not parse: truncated, a trailing comma, an unquoted key.

    The finding names the file and line; the reader goes on with the next line. In a `.json` array the rest
    of the file after a broken element cannot be split reliably: the finding says so, and how far it read.

    Passing: {"id": "a1", ...}
    Failing: {"id": "a1", "title": "Expo -> I002 at that line
    """,
)
NOT_AN_OBJECT = ReaderProblem(
    "I003",
    "input-not-object",
    Severity.ERROR,
    "Every record is a JSON object",
    """A line of a JSON Lines file, an element of a JSON array, or a whole JSON file is valid JSON but not an
    object (a string, number, list or null), so it cannot be a record.

    Failing: a line holding [1, 2, 3] -> I003 at that line
    """,
)
EMPTY = ReaderProblem(
    "I004",
    "input-empty",
    Severity.ERROR,
    "An input holds at least one record",
    """A file (or standard input) holds no record at all: empty, only white space, or an empty JSON array.

    An error by default: a CI gate that checked nothing must not pass as if everything were clean.
    """,
)
BAD_ENCODING = ReaderProblem(
    "I005",
    "input-encoding",
    Severity.ERROR,
    "JSON input is UTF-8",
    """A JSON or JSON Lines input is not valid UTF-8 (RFC 8259 requires it). The finding names the line;
    the reader goes on with the next line.

    Failing: a line written in GBK -> I005 at that line
    """,
)

ALL_PROBLEMS = (UNREADABLE, INVALID_JSON, NOT_AN_OBJECT, EMPTY, BAD_ENCODING)
