"""Every test asserts something (issue 14: tests that checked nothing), and the reading of assertions behind this
check and the rule-coverage guard (tests/assertions.py) counts what it should and nothing else."""

from __future__ import annotations

import textwrap

from tests.assertions import Analysis, analysis

# Test functions ("test_x.py::test_y") allowed to hold no assertion, each with the reason. Keep it empty unless
# there is no value to assert; an entry that now asserts, or names no test, fails below.
NO_ASSERTION_ALLOWED: dict[str, str] = {}


def test_every_test_function_asserts_something() -> None:
    tests = analysis().tests()
    assert len(tests) > 500  # the whole suite was read
    silent = {f"{t.module}::{t.name}": t.line for t in tests if not t.asserts}
    # A test that asserts nothing: assert the value that matters (see tests/assertions.py for what counts).
    assert {name: line for name, line in silent.items() if name not in NO_ASSERTION_ALLOWED} == {}
    assert sorted(set(NO_ASSERTION_ALLOWED) - set(silent)) == []  # the allow-list is current


def _analysed(**sources: str) -> Analysis:
    return Analysis({f"{name}.py": textwrap.dedent(source) for name, source in sources.items()})


SOURCES = {
    "conftest": """
        class Run:
            def rules(self) -> list[str]:
                return []

            def expect(self, rule: str) -> None:
                assert rule in self.rules()
    """,
    "test_x": '''
        import pytest

        from tests.conftest import Run

        CASES = [("F101", "missing")]


        def check(rule: str) -> None:
            assert rule


        def check_twice(rule: str) -> None:
            check(rule)


        def run(rule: str) -> list[str]:
            return [rule]


        def test_asserts() -> None:
            assert run("F1A1") == ["F1A1"]


        def test_only_a_comment_docstring_and_message() -> None:
            """F1B1 is named in this docstring."""
            # F1B2 is named in this comment
            run("F1B3")  # a call of a helper that does not assert
            findings = run("F1B4")
            print(findings)


        def test_assert_message_is_not_an_assertion() -> None:
            assert True, "F1C1"


        def test_helper_through_a_helper() -> None:
            check_twice("F1D1")


        def test_value_through_a_name() -> None:
            expected = ["F1E1"]
            unrelated = ["F1E2"]
            print(unrelated)
            assert run("x") == expected


        @pytest.mark.parametrize(("rule", "words"), [("F1F1", "a"), ("F1F2", "b")])
        def test_parametrized(rule: str, words: str) -> None:
            assert run(rule) == [rule]


        def test_module_constant() -> None:
            for rule, _ in CASES:
                assert run(rule)


        def test_raises() -> None:
            with pytest.raises(ValueError, match="F1G1"):
                int("x")


        def test_shared_helper_method(run_fixture: Run) -> None:
            run_fixture.expect("F1H1")


        def test_unrelated_method_of_the_same_name_as_a_module_function() -> None:
            import ast

            ast.walk(ast.parse("F1I1"))
    ''',
}


def test_which_tests_assert() -> None:
    found = {t.name: t.asserts for t in _analysed(**SOURCES).tests()}
    assert found == {
        "test_asserts": True,
        "test_only_a_comment_docstring_and_message": False,
        "test_assert_message_is_not_an_assertion": True,
        "test_helper_through_a_helper": True,
        "test_value_through_a_name": True,
        "test_parametrized": True,
        "test_module_constant": True,
        "test_raises": True,
        "test_shared_helper_method": True,
        "test_unrelated_method_of_the_same_name_as_a_module_function": False,
    }


def test_which_rule_ids_are_asserted() -> None:
    ids = ["F101", *(f"F1{letter}{n}" for letter in "ABCDEFGHI" for n in (1, 2, 3, 4))]
    assert sorted(_analysed(**SOURCES).asserted_rule_ids(ids)) == [
        "F101",
        "F1A1",
        "F1D1",
        "F1E1",
        "F1F1",
        "F1F2",
        "F1G1",
        "F1H1",
    ]
