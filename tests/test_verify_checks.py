"""The `pav verify` check catalog (validator/package/verify/): stable, unique, documented ids registered once,
run in catalog order, each check independent of the others; `pav verify --list` and the README table."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLES
from tests.test_package import run_pav
from tests.test_verify import delete_dc, flip_byte, zip_of
from validator.package.verify import (
    CHECKS,
    CODE_REQUIREMENTS,
    PROPERTIES,
    Verifier,
    VerifyCheck,
    ordered_checks,
    verify_paths,
)
from validator.package.verify.base import PREFIXES, _register, verify_check
from validator.package.verify.docs import checks_json, checks_markdown_table
from validator.package.verify.package import Package

README_BEGIN = "<!-- verify-checks:begin -->"
README_END = "<!-- verify-checks:end -->"
SEED = "sc-gov-zh-20231122-mianyang-expo"
# The ids reports and archives have carried since the verifier was written: never renumbered.
IDS = [
    *("AUT-1", "AUT-2", "AUT-3", "AUT-4", "AUT-5"),
    *("INT-1", "INT-2", "INT-3", "INT-4", "INT-5", "INT-6", "INT-7", "INT-8"),
    *("USE-1", "USE-2", "USE-3"),
    *("SEC-1", "SEC-2", "SEC-3", "SEC-4", "SEC-5"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("checks") / "out"
    run_pav("package", str(SAMPLES / "records/sichuan-expo-zh.json"), "--out", str(out))
    return out / SEED


def test_ids_are_stable_unique_and_named_by_their_property() -> None:
    assert [entry.id for entry in ordered_checks()] == IDS
    assert sorted(CHECKS) == sorted(IDS)
    for entry in CHECKS.values():
        assert re.fullmatch(rf"{PREFIXES[entry.aspect]}-[1-9][0-9]*", entry.id), entry.id
        assert entry.aspect in PROPERTIES
    with pytest.raises(RuntimeError, match="duplicate verify check id AUT-1"):
        _register(VerifyCheck("AUT-1", "authenticity", "again", None))
    with pytest.raises(RuntimeError, match="security checks have ids SEC-<number>"):
        verify_check("AUT-99", "security", "misfiled")(lambda package, check: None)
    with pytest.raises(RuntimeError, match="verify check AUT-2b: authenticity checks have ids AUT-<number>"):
        verify_check("AUT-2b", "authenticity", "not a number")(lambda package, check: None)  # (it sorts by number)
    assert "AUT-99" not in CHECKS and "AUT-2b" not in CHECKS
    # Only the container check runs outside the package (on the zip, before unpacking).
    assert [entry.id for entry in CHECKS.values() if entry.run is None] == ["SEC-1"]


def test_every_check_is_documented() -> None:
    for entry in CHECKS.values():
        assert (entry.title and entry.title[0].islower()) or entry.title[:4] in ("BagI", "METS", "PREM", "E-AR")
        assert len(entry.doc) > 100, entry.id  # a docstring that says what is checked and what a failure cites
        assert not entry.doc.startswith(" ") and "\n " not in entry.doc, entry.id  # dedented
    docs = " ".join(entry.doc for entry in CHECKS.values())
    # Every requirement pav checks in code is explained by the check that reports it.
    assert [requirement for requirement in CODE_REQUIREMENTS if requirement not in docs] == []


def test_a_report_lists_the_catalog_in_order(built: Path, tmp_path: Path) -> None:
    (as_dir,) = verify_paths([built])
    (as_zip,) = verify_paths([zip_of(built, tmp_path / "p.zip")])
    for report in (as_dir, as_zip):
        assert [check.id for check in report.checks] == IDS
        assert [(c.aspect, c.title) for c in report.checks] == [(e.aspect, e.title) for e in ordered_checks()]
        assert report.intact
    assert next(c for c in as_dir.checks if c.id == "SEC-5").skipped == (
        "pav has no virus scanner; run the archive's scanner on the package"
    )
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    (refused,) = verify_paths([broken])
    assert [check.id for check in refused.checks] == ["SEC-1", *(i for i in IDS if i != "SEC-1")]
    assert [str(f) for f in refused.failures] == ["broken.zip: CSIPSTR3: not a readable zip: File is not a zip file"]


def test_each_check_alone_finds_what_it_finds_in_a_whole_run(built: Path, tmp_path: Path) -> None:
    # The checks share what a package holds, read once; none depends on another having run first.
    package = tmp_path / SEED
    shutil.copytree(built, package)
    flip_byte(package)
    delete_dc(package)
    verifier = Verifier()
    (whole,) = verifier.verify(package)
    assert not whole.intact
    by_id = {check.id: check for check in whole.checks}
    for entry in reversed(ordered_checks()):
        if entry.run is None or "pav" not in entry.profiles:
            continue
        alone = entry.result()
        entry.run(Package(package, verifier.profiles), alone)
        assert (alone.failures, alone.skipped, alone.notes) == (
            by_id[entry.id].failures,
            by_id[entry.id].skipped,
            by_id[entry.id].notes,
        ), entry.id
    assert {f.requirement for f in whole.failures} >= {"RFC8493 §3", "CSIP71", "PAV-PREMIS-25", "PAV-STR-7"}


def test_list_prints_the_catalog_and_each_checks_documentation(pav) -> None:  # type: ignore[no-untyped-def]
    run = pav("verify", "--list")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].split() == ["ID", "PROPERTY", "TITLE"]
    assert [line.split()[0] for line in lines[1:]] == IDS
    assert "SEC-5  security      virus check" in lines
    run = pav("verify", "--list", "sec-5", "AUT-1")
    assert run.code == 0
    assert run.out.startswith(
        f"SEC-5  [安全性 security]\nvirus check\n\n{CHECKS['SEC-5'].doc}\n\nAUT-1  [真实性 authenticity]"
    )
    run = pav("verify", "--list", "--format", "json")
    assert json.loads(run.out) == checks_json()
    assert [entry["id"] for entry in json.loads(pav("verify", "--list", "--format", "json", "INT-4").out)] == ["INT-4"]
    run = pav("verify", "--list", "XYZ-1")
    assert (run.code, run.err) == (2, "pav: error: unknown check id 'XYZ-1' (see 'pav verify --list')\n")
    run = pav("verify")  # PATH stays required without --list, in argparse's words
    assert (run.code, run.err) == (
        2,
        "pav: error: the following arguments are required: PATH (see 'pav verify --help')\n",
    )


def test_readme_table_is_the_catalog() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(README_BEGIN) + len(README_BEGIN), readme.index(README_END)
    assert readme[start:end].strip() == checks_markdown_table()
