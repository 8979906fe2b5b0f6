"""The zh-CN gettext catalog of pav (issue 15): which texts are marked for translation, and the catalog's upkeep.

    python -m tests.i18n_catalog    (`make i18n`) add the msgids marked in validator/ to pav.po with empty
                                    translations, drop those no longer marked, and compile pav.mo with Babel

What is marked, found by reading validator/ with `ast` (no import, so nothing is missed by a lazy import):
`_("...")`, `N_("...")`, `ngettext("...", "...", n)` and `plural(n, "...", "...")` with string literals; and, from
the imported catalogs, every rule's title (`@rule(..., title, ...)`, reader rules) and every requirement's title
(validator/rules/requirements.py, when present). tests/test_i18n.py holds the catalog to all of them.

Babel is a dev dependency: pav itself reads the committed .mo with the standard library's gettext.
"""

from __future__ import annotations

import ast
import io
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = ROOT / "validator"
PO = VALIDATOR / "locale" / "zh_CN" / "LC_MESSAGES" / "pav.po"
MO = PO.with_suffix(".mo")

Msgid = str | tuple[str, str]  # a plain msgid, or (singular, plural)
_SINGLE = {"_", "N_"}
_PLACEHOLDER = re.compile(r"\{(\w*)(?:![rsa])?(?::[^{}]*)?\}")


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def source_messages(root: Path = VALIDATOR) -> tuple[dict[Msgid, list[str]], list[str]]:
    """The msgids marked in the source (each with where: `file:line`), and the calls that are marked wrongly: `_()`
    of an f-string, a concatenation or a text already formatted (the msgid must be the template)."""
    found: dict[Msgid, list[str]] = {}
    wrong: list[str] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _name(node.func)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in _SINGLE:
                argument = node.args[0]
                text = _literal(argument)
                if text is not None:
                    found.setdefault(text, []).append(where)
                elif isinstance(argument, ast.JoinedStr | ast.BinOp) or (
                    isinstance(argument, ast.Call) and _name(argument.func) == "format"
                ):
                    wrong.append(f"{where}: {name}() of a text built before translation")
            elif name == "ngettext" and len(node.args) >= 2:
                pair = _literal(node.args[0]), _literal(node.args[1])
                if pair[0] is not None and pair[1] is not None:
                    found.setdefault((pair[0], pair[1]), []).append(where)
            elif name == "plural" and len(node.args) >= 3:
                pair = _literal(node.args[1]), _literal(node.args[2])
                if pair[0] is not None and pair[1] is not None:
                    found.setdefault((pair[0], pair[1]), []).append(where)
    return found, wrong


def untranslated_messages(root: Path = VALIDATOR / "rules") -> list[str]:
    """`Violation(...)` calls whose message is a literal or an f-string rather than `_()`: a message no catalog can
    hold (a rule merged from a branch that predates the catalog, say). A message quoted verbatim from elsewhere
    (S099 quotes python-jsonschema) is built into a variable first, which says so."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call) or _name(node.func) != "Violation":
                continue
            message = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "message"), None)
            if isinstance(message, ast.Constant | ast.JoinedStr | ast.BinOp):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def catalog_titles() -> dict[str, str]:
    """Every title people see that is data, not a call: rule titles and requirement titles -> where from."""
    from validator.rules import CATALOG

    titles = {entry.title: f"rule {entry.id}" for entry in CATALOG.values()}
    from validator.rules.requirements import REQUIREMENTS

    for requirement in REQUIREMENTS.values():
        titles.setdefault(requirement.title, f"requirement {requirement.id}")
    return titles


def all_messages() -> dict[Msgid, list[str]]:
    found, _wrong = source_messages()
    for title, where in catalog_titles().items():
        found.setdefault(title, []).append(where)
    return found


def placeholders(text: str) -> set[str]:
    """The `{names}` a template fills (`{{` is a literal brace)."""
    return set(_PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def read_po(path: Path = PO) -> Any:
    from babel.messages.pofile import read_po as babel_read_po

    with path.open("rb") as handle:
        return babel_read_po(handle, locale="zh_CN", domain="pav")


def translations(catalog: Any) -> Iterator[tuple[Msgid, tuple[str, ...], bool]]:
    """(msgid, translations, fuzzy) for every entry of a Babel catalog but the header."""
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message.id, tuple(strings), message.fuzzy


def compiled(catalog: Any) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update() -> int:
    """Bring pav.po in line with the marked texts (new ones untranslated, unused ones dropped), compile pav.mo."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    wanted = all_messages()
    old = read_po() if PO.exists() else Catalog(locale="zh_CN", domain="pav")
    fixed = datetime(2026, 12, 2, tzinfo=UTC)  # dates in the header would change the .po on every run
    new = Catalog(
        locale="zh_CN",
        domain="pav",
        project="pav",
        version="",
        creation_date=fixed,
        revision_date=fixed,
        last_translator="pav",
        language_team="pav",
        fuzzy=False,  # a fuzzy header is left out of the .mo, and with it the plural forms
        header_comment="# Chinese (Simplified) texts of pav: messages, rule titles, report headings.\n"
        "# Terms as the regulations write them: ICP备案号, 公安机关备案号, 网站标识码,\n"
        "# 主办单位, 承办单位, 运行维护单位.\n"
        "# `make i18n` adds new msgids (empty) and compiles pav.mo; tests/test_i18n.py fails while one is empty.",
    )
    missing = 0
    for msgid in sorted(wanted, key=lambda key: (wanted[key][0], str(key))):
        previous = old.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        string: Any = previous.string if previous is not None else ("",) if isinstance(msgid, tuple) else ""
        if isinstance(msgid, tuple) and not isinstance(string, tuple):
            string = (string,)
        files = dict.fromkeys(where.rsplit(":", 1)[0] for where in wanted[msgid] if ":" in where)
        locations = [(file, 0) for file in files]  # files only: line numbers would change the .po on every edit
        comments = [where for where in wanted[msgid] if ":" not in where]
        new.add(msgid, string, locations=locations, auto_comments=comments)
        if not all(string if isinstance(string, tuple) else (string,)):
            missing += 1
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        write_po(handle, new, width=120, sort_output=False, include_lineno=False)  # (less churn on every edit)
    compile_mo()
    print(f"{PO.relative_to(ROOT)}: {len(wanted)} msgids, {missing} without a translation")
    return 1 if missing else 0


def compile_mo() -> None:
    MO.write_bytes(compiled(read_po()))


if __name__ == "__main__":
    sys.exit(update())
