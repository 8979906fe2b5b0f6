"""What the tests assert, read from their source with `ast` (comments and docstrings are not assertions).

Two guards use it (tests/test_rule_catalog.py, tests/test_assertions.py): every rule's id must appear in
something a test asserts, and every test function must assert something.

An expression is *asserted* when it is the condition of an `assert` statement (not its message), or an argument
of a call to a helper that asserts: `pytest.raises`, `pytest.warns`, `pytest.fail`, or a function of tests/
whose body asserts, directly or through another such helper. Helpers are resolved by name: a plain call
`helper(...)` to a function of the same module or one imported from a tests module; a method call
`obj.helper(...)` to a method of a class of the same module or of the shared helper modules (conftest.py,
hostile_support.py). A value also counts when it reaches an asserted expression through a name: an assignment
in the test (or a module constant), a `for`, comprehension or `with ... as` target, or a
`pytest.mark.parametrize` argument of the test.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SHARED_HELPERS = ("conftest.py", "hostile_support.py")
_PYTEST_ASSERTING = {"raises", "warns", "fail", "deprecated_call"}

Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class FoundTest:
    module: str  # file name, e.g. "test_api.py"
    name: str  # "test_x" or "Class.test_x"
    line: int
    asserts: bool  # holds an assertion (see the module docstring)


@dataclass
class _Module:
    name: str
    tree: ast.Module
    functions: dict[str, Function] = field(default_factory=dict)  # module level
    methods: dict[str, list[Function]] = field(default_factory=dict)  # of its classes, by name (no dunders)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # local name -> (module file, name)

    @classmethod
    def parse(cls, name: str, source: str) -> _Module:
        module = cls(name, ast.parse(source, name))
        for node in module.tree.body:
            if isinstance(node, Function):
                module.functions[node.name] = node
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, Function) and not item.name.startswith("__"):
                        module.methods.setdefault(item.name, []).append(item)
            elif isinstance(node, ast.ImportFrom) and node.module is not None and node.module.startswith("tests."):
                for alias in node.names:
                    module.imports[alias.asname or alias.name] = (node.module.split(".", 1)[1] + ".py", alias.name)
        return module

    def definitions(self) -> Iterator[Function]:
        yield from self.functions.values()
        for methods in self.methods.values():
            yield from methods


class Analysis:
    """The assertions of a set of test modules (file name -> source)."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self.modules = {name: _Module.parse(name, source) for name, source in sources.items()}
        self._asserting: set[int] = set()  # ids of the function nodes that assert
        changed = True
        while changed:  # a fixpoint: helpers asserting through other helpers
            changed = False
            for module in self.modules.values():
                for function in module.definitions():
                    if id(function) not in self._asserting and self._asserts(function, module):
                        self._asserting.add(id(function))
                        changed = True

    def tests(self) -> list[FoundTest]:
        """Every test function pytest collects from the test_*.py modules (module level and in classes)."""
        found = []
        for module in self._test_modules():
            scopes: list[tuple[str, Iterable[ast.stmt]]] = [("", module.tree.body)]
            scopes += [(f"{node.name}.", node.body) for node in module.tree.body if isinstance(node, ast.ClassDef)]
            for prefix, body in scopes:
                for node in body:
                    if isinstance(node, Function) and node.name.startswith("test"):
                        found.append(
                            FoundTest(module.name, prefix + node.name, node.lineno, self._asserts(node, module))
                        )
        return found

    def asserted_strings(self) -> set[str]:
        """Every string constant of the test modules' functions that reaches an asserted expression."""
        strings: set[str] = set()
        for module in self._test_modules():
            # Module constants (CASES = [...]) are followed from any function; other names within their function.
            module_bindings = [
                binding
                for node in module.tree.body
                if not isinstance(node, Function | ast.ClassDef)
                for binding in _bindings(node)
            ]
            for function in module.definitions():
                reached = list(self._asserted_expressions(function, module))
                names = set().union(*(_names(node) for node in reached))
                bindings = [*_bindings(function), *module_bindings]
                while grown := [value for bound, value in bindings if bound & names and value not in reached]:
                    reached += grown
                    names |= set().union(*(_names(value) for value in grown))
                for node in reached:
                    for constant in ast.walk(node):
                        if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                            strings.add(constant.value)
        return strings

    def asserted_rule_ids(self, rule_ids: Iterable[str]) -> set[str]:
        """The rule ids that occur (as a whole word) in an asserted string of the tests."""
        text = "\n".join(self.asserted_strings())
        return {rule_id for rule_id in rule_ids if re.search(rf"\b{rule_id}\b", text)}

    def _test_modules(self) -> list[_Module]:
        return [module for name, module in self.modules.items() if name.startswith("test_")]

    def _callees(self, call: ast.Call, module: _Module) -> list[Function]:
        """The functions of the tests a call may run (resolved by name, see the module docstring)."""
        func = call.func
        if isinstance(func, ast.Name):
            if func.id in module.functions:
                return [module.functions[func.id]]
            if func.id in module.imports:
                source, name = module.imports[func.id]
                target = self.modules.get(source)
                return [target.functions[name]] if target is not None and name in target.functions else []
            return []
        if isinstance(func, ast.Attribute):
            owners = [module, *(self.modules[name] for name in SHARED_HELPERS if name in self.modules)]
            return [method for owner in owners for method in owner.methods.get(func.attr, [])]
        return []

    def _asserting_call(self, call: ast.Call, module: _Module) -> bool:
        return _is_pytest_assertion(call) or any(id(f) in self._asserting for f in self._callees(call, module))

    def _asserts(self, function: Function, module: _Module) -> bool:
        # Nested functions count as part of the function (a closure that asserts, called by it).
        for statement in function.body:
            for node in ast.walk(statement):
                if isinstance(node, ast.Assert):
                    return True
                if isinstance(node, ast.Call) and self._asserting_call(node, module):
                    return True
        return False

    def _asserted_expressions(self, function: Function, module: _Module) -> Iterator[ast.AST]:
        for node in ast.walk(function):
            if isinstance(node, ast.Assert):
                yield node.test
            elif isinstance(node, ast.Call) and self._asserting_call(node, module):
                yield from node.args
                yield from (keyword.value for keyword in node.keywords)


@functools.cache
def analysis() -> Analysis:
    """The analysis of this folder's modules (tests and their helpers)."""
    return Analysis({path.name: path.read_text(encoding="utf-8") for path in sorted(TESTS.glob("*.py"))})


def _is_pytest_assertion(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in _PYTEST_ASSERTING
        and isinstance(func.value, ast.Name)
        and func.value.id == "pytest"
    )


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _bindings(scope: ast.AST) -> Iterator[tuple[set[str], ast.AST]]:
    """(names bound, the expression they are bound from) for each binding in `scope`."""
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            yield set().union(*(_names(target) for target in node.targets)), node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr) and node.value is not None:
            yield _names(node.target), node.value
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            yield _names(node.target), node.iter
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            yield _names(node.optional_vars), node.context_expr
        elif isinstance(node, Function):
            for decorator in node.decorator_list:
                parametrized = _parametrize(decorator)
                if parametrized is not None:
                    yield parametrized


def _parametrize(decorator: ast.AST) -> tuple[set[str], ast.AST] | None:
    # @pytest.mark.parametrize("a, b", VALUES) or (("a", "b"), VALUES)
    if not isinstance(decorator, ast.Call) or len(decorator.args) < 2:
        return None
    func = decorator.func
    if not (isinstance(func, ast.Attribute) and func.attr == "parametrize"):
        return None
    names_node = decorator.args[0]
    if isinstance(names_node, ast.Constant) and isinstance(names_node.value, str):
        names = {part.strip() for part in names_node.value.split(",")}
    else:
        names = {n.value for n in ast.walk(names_node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return names, decorator.args[1]
