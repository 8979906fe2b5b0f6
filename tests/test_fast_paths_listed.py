"""The README's list of fast paths and their guards (Architecture, "Fast paths and their guards") stays true: every
module it names exists, and every differential test it names is still a test (renaming or deleting one fails
here, so the list cannot silently lose a guard)."""

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
