"""The official E-ARK IP test corpus (DILCIS Board) as test data: its test cases read from an unpacked copy,
and how a `pav verify` report is compared with what a case expects of a package."""

from __future__ import annotations

import tarfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tests.conftest import REFERENCE
from validator.package.verify import PackageReport

CORPUS_ARCHIVE = REFERENCE / "eark-ip-test-corpus" / "corpus.tar.xz"
LEVELS = {"ERROR": "error", "WARNING": "warning", "INFO": "info"}


@dataclass(frozen=True, slots=True)
class Expected:
    """What the corpus expects of one package: valid or not, and (invalid) the requirement its case tests and
    the level of the rule it breaks."""

    path: Path
    name: str  # corpus/<SPEC>/<REQ>/<valid|invalid>/<package>, as the tables key it
    valid: bool
    requirement: str
    level: str  # error, warning or info


def unpack_corpus(target: Path) -> Path:
    """Unpack the corpus archive under `target`; returns its corpus/ folder."""
    with tarfile.open(CORPUS_ARCHIVE) as archive:
        archive.extractall(target, filter="data")
    return target / "eark-ip-test-corpus" / "corpus"


def expectations(corpus: Path) -> list[Expected]:
    """Every package on disk that a test case names, once (the first rule naming it decides its level)."""
    found: dict[Path, Expected] = {}
    for case in sorted(corpus.glob("*/*/testCase.xml")):
        root = etree.parse(str(case)).getroot()
        requirement = root.find("id").get("requirementId")  # type: ignore[union-attr]
        for rule in root.iter("rule"):
            error = rule.find("error")
            level = LEVELS.get(error.get("level", "ERROR") if error is not None else "ERROR", "error")
            for package in rule.iter("package"):
                relative = (package.findtext("path") or "").strip()
                path = (case.parent / relative).resolve() if relative else None
                if path is None or not path.exists() or path in found:
                    continue
                name = path.relative_to(corpus.resolve()).as_posix()
                found[path] = Expected(path, name, package.get("isValid") == "TRUE", requirement, level)
    return sorted(found.values(), key=lambda e: e.name)


def verdict_agrees(expected: Expected, report: PackageReport) -> bool:
    """A valid package must have no error; an invalid one an error, or (a rule of level WARNING or INFO) a
    finding of the requirement its case tests."""
    if expected.valid:
        return report.intact
    return not report.intact or names_requirement(expected, report)


def names_requirement(expected: Expected, report: PackageReport) -> bool:
    return any(failure.requirement == expected.requirement for failure in report.failures)
