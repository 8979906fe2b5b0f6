"""The README's list of fast paths and their guards (Architecture, "Fast paths and their guards") stays true: every
module it names exists, and every differential test it names is still a test (renaming or deleting one fails
here, so the list cannot silently lose a guard). And the figures that justify fast paths live in the README's
Performance section, not in comments and docstrings, where they go stale unseen."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from tests.conftest import REPO

HEADING = "### Fast paths and their guards"
_CODE = re.compile(r"`([^`]+)`")
_TEST = re.compile(r"^(?:(tests/[\w/]+\.py))?::(\w+)$")


def fast_path_rows() -> list[list[str]]:
    """The table's rows (header and separator left out), as lists of cells."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert HEADING in readme
    section = readme.split(HEADING, 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert rows[0].startswith("| fast path | reference | where | held by |") and set(rows[1]) <= set("|-")
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


@functools.cache
def defined_tests(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return frozenset(
        node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    )


def listed_tests(cell: str) -> list[tuple[str, str]]:
    """(file, test) for every `tests/x.py::name` and `::name` (the last file named) in a cell."""
    found: list[tuple[str, str]] = []
    file = ""
    for code in _CODE.findall(cell):
        match = _TEST.match(code)
        if match is None:
            continue
        file = match.group(1) or file
        assert file, f"{code} names no file before it"
        found.append((file, match.group(2)))
    return found


def test_every_listed_differential_test_exists() -> None:
    rows = fast_path_rows()
    assert len(rows) >= 20
    missing = []
    for fast_path, _reference, _where, held_by in rows:
        tests = listed_tests(held_by)
        assert tests, f"no test holds {fast_path!r}"
        for file, name in tests:
            path = REPO / file
            if not path.is_file() or name not in defined_tests(path):
                missing.append(f"{file}::{name}")
    assert missing == []


def test_every_listed_module_exists() -> None:
    named = [code for row in fast_path_rows() for cell in row[1:3] for code in _CODE.findall(cell)]
    modules = [code.split(" ")[0] for code in named if code.startswith("validator/")]
    assert modules and all((REPO / module).is_file() for module in modules), modules


def test_the_guard_sees_a_renamed_test() -> None:
    # The check above is only as good as its reading of the table: a name that is not a test is caught.
    assert listed_tests("`tests/test_wire.py::test_results_round_trip`, `::test_gone`") == [
        ("tests/test_wire.py", "test_results_round_trip"),
        ("tests/test_wire.py", "test_gone"),
    ]
    assert "test_results_round_trip" in defined_tests(REPO / "tests" / "test_wire.py")
    assert "test_gone" not in defined_tests(REPO / "tests" / "test_wire.py")


# A speed figure in code goes stale unseen; figures live in the README's Performance section.
_FIGURE = re.compile(
    r"\d(?:[\d.,]*\d)? ?(?:µs|us|ms|ns)\b|\d ?%|\d(?:\.\d+)?x (?:faster|slower)|\b(?:ten|\d+) times (?:faster|more)"
    r"|twice as (?:fast|slow)|\d ?[KMG]B/s|pages/s|records/s",
    re.IGNORECASE,
)


def _comments_and_docstrings(path: Path) -> list[tuple[int, str]]:
    import io
    import tokenize

    source = path.read_text(encoding="utf-8")
    found = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                found.append((node.body[0].lineno, doc))
    return found


def test_no_speed_figures_in_the_code_s_comments_and_docstrings() -> None:
    figures = [
        f"{path.relative_to(REPO)}:{line}: {match.group(0)}"
        for path in sorted((REPO / "validator").rglob("*.py"))
        for line, text in _comments_and_docstrings(path)
        for match in _FIGURE.finditer(text)
    ]
    assert figures == []


def test_the_figure_check_finds_figures() -> None:
    for text in ("about 35 us a page", "~1.7 µs", "by 40%", "4x slower", "ten times faster", "~1 GB/s", "2 ms"):
        assert _FIGURE.search(text), text
    for text in ("32 MiB", "HTTP status 200", "2 MB partitions", "a sha256 digest", "RFC 3339 timestamps"):
        assert not _FIGURE.search(text), text
