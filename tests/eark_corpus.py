"""The official E-ARK IP test corpus (DILCIS Board) as test data: its test cases read from an unpacked copy,
and how a `pav verify` report is compared with what a case expects of a package."""

from __future__ import annotations

import re
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tests.conftest import REFERENCE
from validator.package.verify import Failure, PackageReport
from validator.package.verify.package import CHECKSUM_TYPES

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


# -- the corpus's own faults -------------------------------------------------------------------------------------
# Each kind of fault is a test of one failure pav reports on a package the corpus calls valid: True when the
# package itself shows the failure is right (the corpus is wrong there), read from the package's own bytes.

FIXITY = {"CSIP27", "CSIP29", "CSIP41", "CSIP43", "CSIP54", "CSIP56", "CSIP69", "CSIP71"}
NOT_THERE = {"CSIP79"}  # a file METS references is not in the package
OLD_PROFILE = "http://www.eark-project.com/METS/IP.xml"  # the E-ARK project's 2017 profile, before CSIP 2
_RECORDED = re.compile(
    r"(?:size is \d+ bytes, \S*METS.xml records (\d+))|(?:(\S+) is [0-9a-f]+, \S*METS.xml records (\S+))"
)


def _other_line_endings(data: bytes) -> bytes:
    """The file with its line endings turned: LF to CRLF, or CRLF to LF when it has CRLF."""
    if b"\r\n" in data:
        return data.replace(b"\r\n", b"\n")
    return data.replace(b"\n", b"\r\n")


def line_endings(root: Path, failure: Failure) -> bool:
    """A SIZE or CHECKSUM METS records is that of the file with its other line endings (CRLF for LF, or LF for
    CRLF): the value was computed before the file's line endings were changed (the corpus README's first known
    fault)."""
    match = _RECORDED.fullmatch(failure.message)
    if failure.requirement not in FIXITY or match is None:
        return False
    data = _other_line_endings((root / failure.file).read_bytes())
    if match.group(1) is not None:
        return len(data) == int(match.group(1))
    make = CHECKSUM_TYPES.get(match.group(2))
    if make is None:
        return False
    hasher = make()
    hasher.update(data)
    return hasher.hexdigest() == match.group(3).lower()


def mets_xsd_case(root: Path, failure: Failure) -> bool:
    """METS.xml references schemas/METS.xsd where the file is schemas/mets.xsd (the README's second fault)."""
    return (
        failure.requirement == "CSIP79"
        and failure.file.endswith("schemas/METS.xsd")
        and (root / failure.file).with_name("mets.xsd").is_file()
        and not (root / failure.file).is_file()
    )


def empty_mets(root: Path, failure: Failure) -> bool:
    """METS.xml is an empty file: the package is only a skeleton of folders (a folder-structure case)."""
    return failure.requirement == "XML 1.0" and (root / failure.file).stat().st_size == 0


def old_profile(root: Path, failure: Failure) -> bool:
    """The package follows the E-ARK project's 2017 profile (@PROFILE http://www.eark-project.com/METS/IP.xml),
    not CSIP 2: its METS.xml breaks CSIP 2 requirements the case does not test. An older profile explains what
    METS says and how, never a SIZE or CHECKSUM that is not the file's or a reference to a file that is not
    there: those need evidence of their own."""
    if failure.requirement in FIXITY or failure.requirement in NOT_THERE:
        return False
    return f'PROFILE="{OLD_PROFILE}"' in (root / "METS.xml").read_text(encoding="utf-8", errors="replace")


_METS = "{http://www.loc.gov/METS/}"


def _mets(root: Path, failure: Failure) -> etree._Element:
    """The METS document a failure is about, read from the package (no entities, no network)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(root / failure.file), parser).getroot()


def label_not_objid(root: Path, failure: Failure) -> bool:
    """CSIP86: the main division's LABEL is not the OBJID (the package was copied and its OBJID edited alone),
    as METS.xml itself shows."""
    if failure.requirement != "CSIP86":
        return False
    mets = _mets(root, failure)
    maps = [smap for smap in mets.iter(f"{_METS}structMap") if smap.get("LABEL") == "CSIP"]
    divisions = [div for smap in maps for div in smap.iterfind(f"{_METS}div")]
    return len(divisions) == 1 and divisions[0].get("LABEL") != mets.get("OBJID")


def agent_not_software(root: Path, failure: Failure) -> bool:
    """CSIP11, CSIP13: no metsHdr agent of METS.xml is the creating software (ROLE CREATOR, TYPE OTHER,
    OTHERTYPE SOFTWARE), as METS.xml itself shows."""
    if failure.requirement not in ("CSIP11", "CSIP13"):
        return False
    agents = _mets(root, failure).iterfind(f"{_METS}metsHdr/{_METS}agent")
    software = ("CREATOR", "OTHER", "SOFTWARE")
    return not any((a.get("ROLE"), a.get("TYPE"), a.get("OTHERTYPE")) == software for a in agents)


def missing_file(root: Path, failure: Failure) -> bool:
    """CSIP79: METS.xml references a file that is not in the package (CSIP64: a file group for a folder that is
    not there)."""
    if failure.requirement == "CSIP64":
        named = re.search(r"USE '([^']+)'", failure.message)
        return named is not None and not (root / named.group(1).lower()).exists()
    return failure.requirement == "CSIP79" and not (root / failure.file).exists()


def stale_fixity(root: Path, failure: Failure) -> bool:
    """A SIZE or CHECKSUM METS records is not the file's, as the file's bytes, hashed here, show (a value
    recorded for another version of the file): the package the corpus calls valid fails CSIP fixity."""
    match = _RECORDED.fullmatch(failure.message)
    if failure.requirement not in FIXITY or match is None:
        return False
    data = (root / failure.file).read_bytes()
    if match.group(1) is not None:
        return len(data) != int(match.group(1))
    make = CHECKSUM_TYPES.get(match.group(2))
    if make is None:
        return False
    hasher = make()
    hasher.update(data)
    return hasher.hexdigest() != match.group(3).lower()


def windows_path(root: Path, failure: Failure) -> bool:
    """CSIP79: METS.xml references a file by a Windows path (backslashes), which is no URL reference, as the
    reference written in METS.xml shows."""
    named = re.fullmatch(r"'(.+)' is a Windows path .*", failure.message)
    if failure.requirement != "CSIP79" or named is None:
        return False
    href = named.group(1).replace("\\\\", "\\")
    return "\\" in href and f'"{href}"' in (root / failure.file).read_text(encoding="utf-8", errors="replace")


def read_by_hand(root: Path, failure: Failure) -> bool:
    """Every failure: the package was read by hand and breaks CSIP 2 in many ways the case does not test (the
    table's note says how)."""
    return True


EVIDENCE: dict[str, Callable[[Path, Failure], bool]] = {
    "line endings": line_endings,
    "METS.xsd": mets_xsd_case,
    "empty METS.xml": empty_mets,
    "old profile": old_profile,
    "LABEL is not OBJID": label_not_objid,
    "agent not SOFTWARE": agent_not_software,
    "missing file": missing_file,
    "stale fixity": stale_fixity,
    "Windows path": windows_path,
    "read by hand": read_by_hand,
}
