"""What a verify check is, and the catalog every check registers itself in.

A check is one function decorated with `@verify_check(...)`: it receives the package as read (`Package`)
and the `Check` to fill with failures (file, requirement, message), the reason it could not run, or notes.
Its stable id, the DA/T 70-2018 property it serves and its title are given to the decorator; its docstring
is its documentation (`pav verify --list ID` prints it). Each failure carries a severity, the level of the
requirement it breaks (MUST -> error, SHOULD -> warning, MAY -> info); a package is intact when it has no error.
A check runs under the profiles it names (`csip`, `sip`, `pav`; see `PROFILES`) and is reported as not run
under the others. Ids group by property, the four Chinese archives check on every transfer:

    AUT  真实性 authenticity  fixity, values of the right type, recorded paths equal actual paths
    INT  完整性 integrity     required metadata present, every file accounted for, counts match
    USE  可用性 usability     metadata readable, content opens, formats known, names portable
    SEC  安全性 security      safe container, no encryption, safe XML; the virus check is the archive's

A failure cites the requirement it breaks: CSIPn / CSIPSTRn (E-ARK CSIP), SIPn (E-ARK SIP), RFC8493 (BagIt),
PAV-METS-n, PAV-METS-CSIPn (pav's stricter form of CSIPn) and PAV-PREMIS-n (pav's profiles,
schemas/pav-*-profile.sch; PAV-METS-n with n > 6, PAV-PREMIS-n with n > 23 and the other PAV- ids are checked in
code, see `CODE_REQUIREMENTS`), the XSD a document fails, or XML 1.0. The E-ARK requirements are in
schemas/eark-csip.sch, schemas/eark-sip.sch and eark.py, pav's conventions only under the `pav` profile.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from validator.package.verify.package import Package

Property = Literal["authenticity", "integrity", "usability", "security"]
Status = Literal["pass", "fail", "skipped"]
Severity = Literal["error", "warning", "info"]
ProfileName = Literal["csip", "sip", "pav"]
# The profiles a package is verified under: the E-ARK CSIP, the E-ARK SIP (CSIP and the SIP requirements), and
# pav's own packages (CSIP plus pav's conventions for web pages: BagIt, PREMIS, Dublin Core, compliance.xml).
PROFILES: dict[ProfileName, str] = {
    "csip": "E-ARK CSIP 2.x",
    "sip": "E-ARK SIP 2.x (CSIP and the SIP requirements)",
    "pav": "a pav package (E-ARK CSIP and pav's web-page conventions)",
}
ALL_PROFILES: tuple[ProfileName, ...] = ("csip", "sip", "pav")
LEVELS: dict[str, Severity] = {"MUST": "error", "SHOULD": "warning", "MAY": "info"}
# What a package was given as, said in the report.
ContainerKind = Literal["bag", "package", "zip", "tar"]
PROPERTIES: dict[Property, str] = {
    "authenticity": "真实性",
    "integrity": "完整性",
    "usability": "可用性",
    "security": "安全性",
}
PREFIXES: dict[Property, str] = {"authenticity": "AUT", "integrity": "INT", "usability": "USE", "security": "SEC"}

# Requirements pav checks in code (the others are asserts of the Schematron profiles or CSIP/BagIt ids).
CODE_REQUIREMENTS = {
    "PAV-METS-7": "every file of the package but METS.xml is referenced from METS.xml exactly once",
    "PAV-METS-8": "the OBJID is the urn:uuid derived from the page URL, capture time and the original bytes",
    "PAV-METS-9": "METS MIMETYPE, PREMIS format and the compliance media type agree",
    "PAV-PREMIS-24": "every file but METS.xml and premis.xml has a PREMIS file object",
    "PAV-PREMIS-25": "each PREMIS file object's SHA-256 and size are those of its file",
    "PAV-PREMIS-26": "the PREMIS intellectual entity is the package's OBJID",
    "PAV-PREMIS-27": "the PREMIS validation event agrees with compliance.xml (outcome, failed rules)",
    "PAV-COMPLIANCE-1": "compliance.xml's verdict follows from its findings and fail-on setting",
    "PAV-COMPLIANCE-2": "compliance.xml's digest and size of the original bytes are those of the file",
    "PAV-FORMAT": "the original bytes have a media type pav knows and open as that type",
    "PAV-NAME": "file names are at most 255 bytes, without control characters, unique ignoring case",
    "PAV-STR": "pav's layout: metadata/preservation, metadata/descriptive, representations/rep1/data, schemas, "
    "documentation each hold a file",
    "PAV-STR-6": "pav's packages hold metadata/preservation/premis.xml",
    "PAV-STR-7": "pav's packages hold metadata/descriptive/dc.xml",
    "PAV-STR-8": "pav's packages hold metadata/other/compliance.xml",
    "PAV-BAG-INFO": "pav's bags carry Bagging-Date, Payload-Oxum, Bag-Software-Agent and Internal-Sender-Identifier",
    "SEC-ZIP": "zip members: relative paths inside one root folder, no '..', no links, not encrypted, bounded",
    "PAV-BAG": "a bag holds bagit.txt, bag-info.txt, its manifests and tag manifests, and data/: nothing else",
    "PAV-ENTRY": "a folder of packages holds package folders and zips (and pav's batch-report.json), nothing else",
    "SEC-LINK": "no symbolic links, special files or folders over 64 levels deep in the package (never followed)",
    "SEC-XML": "no DTD or entity declarations in the metadata (never expanded, never fetched)",
    "SEC-ENCRYPTION": "no PREMIS inhibitors (encryption) declared",
}


class VerifyError(Exception):
    """A path or option that cannot be used (missing path, unusable schema folder): a usage error."""


@dataclass(frozen=True, slots=True)
class Failure:
    file: str  # relative to the package (bag) root, '/'-separated; "." for the package as a whole
    requirement: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        level = "" if self.severity == "error" else f" ({self.severity})"
        return f"{self.file}: {self.requirement}{level}: {self.message}"


@dataclass(slots=True)
class Check:
    """The result of one check on one package."""

    id: str
    aspect: Property  # the DA/T 70 property the check serves
    title: str
    failures: list[Failure] = field(default_factory=list)
    skipped: str | None = None  # why the check did not run
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> Status:
        if any(f.severity == "error" for f in self.failures):
            return "fail"
        return "skipped" if self.skipped is not None and not self.failures else "pass"

    def fail(self, file: str, requirement: str, message: str, severity: Severity = "error") -> None:
        failure = Failure(file, requirement, message, severity)
        if failure not in self.failures:
            self.failures.append(failure)

    def to_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": self.id, "title": self.title, "status": self.status}
        if self.skipped is not None:
            entry["skipped"] = self.skipped
        if self.notes:
            entry["notes"] = list(self.notes)
        entry["failures"] = [
            {"file": f.file, "requirement": f.requirement, "severity": f.severity, "message": f.message}
            for f in self.failures
        ]
        return entry


@dataclass(slots=True)
class PackageReport:
    path: str
    container: Literal["dir", "zip", "tar", "other"]  # other: an entry that is no package (a link, a stray file)
    checks: list[Check]
    objid: str | None = None
    kind: str = ""  # what the input was found to be: "E-ARK package folder", "BagIt bag of an E-ARK package" ...
    profile: ProfileName | None = None  # the profile the package was verified under
    wraps: list[str] = field(default_factory=list)  # a bag's payload holding packages: their paths (verified next)

    @property
    def intact(self) -> bool:
        """No failure of error severity (warnings and notes of SHOULD and MAY requirements do not count)."""
        return not self.errors

    @property
    def failures(self) -> list[Failure]:
        return [failure for check in self.checks for failure in check.failures]

    @property
    def errors(self) -> list[Failure]:
        return [failure for failure in self.failures if failure.severity == "error"]

    def by_property(self) -> dict[Property, list[Check]]:
        grouped: dict[Property, list[Check]] = {name: [] for name in PROPERTIES}
        for check in self.checks:
            grouped[check.aspect].append(check)
        return grouped

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "container": self.container,
            "kind": self.kind,
            "profile": self.profile,
            "wraps": list(self.wraps),
            "objid": self.objid,
            "intact": self.intact,
            "properties": {
                name: {
                    "label": f"{PROPERTIES[name]} {name}",
                    "status": _property_status(checks),
                    "checks": [check.to_dict() for check in checks],
                }
                for name, checks in self.by_property().items()
            },
        }


def _property_status(checks: list[Check]) -> Status:
    if any(check.status == "fail" for check in checks):
        return "fail"
    return "pass" if any(check.status == "pass" for check in checks) else "skipped"


# -- the catalog ------------------------------------------------------------------------------------------------

PackageRun = Callable[["Package", Check], None]


@dataclass(frozen=True, slots=True)
class VerifyCheck:
    """A catalog entry. `run` is None for the container check (SEC-1), made on a zip before it is unpacked."""

    id: str
    aspect: Property
    title: str
    run: PackageRun | None
    doc: str = field(default="", repr=False)
    profiles: tuple[ProfileName, ...] = ALL_PROFILES  # the profiles it runs under
    bag: bool = False  # a BagIt check: run only on a bag

    def result(self) -> Check:
        """A fresh, empty result of this check."""
        return Check(self.id, self.aspect, self.title)

    @property
    def label(self) -> str:
        return f"{PROPERTIES[self.aspect]} {self.aspect}"


CHECKS: dict[str, VerifyCheck] = {}


def _register(entry: VerifyCheck) -> None:
    if entry.id in CHECKS:
        raise RuntimeError(f"duplicate verify check id {entry.id}")
    prefix = PREFIXES[entry.aspect]
    if re.fullmatch(rf"{prefix}-[1-9][0-9]*", entry.id) is None:
        raise RuntimeError(f"verify check {entry.id}: {entry.aspect} checks have ids {prefix}-<number>")
    CHECKS[entry.id] = entry


def verify_check(
    id: str,
    aspect: Property,
    title: str,
    profiles: tuple[ProfileName, ...] = ALL_PROFILES,
    bag: bool = False,
) -> Callable[[PackageRun], PackageRun]:
    """Register a package check: `@verify_check("AUT-1", "authenticity", "BagIt fixity: ...", bag=True)`;
    `profiles` names the profiles it runs under (all by default), `bag` that it runs only on a BagIt bag."""

    def decorate(run: PackageRun) -> PackageRun:
        _register(VerifyCheck(id, aspect, title, run, inspect.cleandoc(run.__doc__ or ""), profiles, bag))
        return run

    return decorate


F = TypeVar("F", bound=Callable[..., Any])


def container_check(id: str, aspect: Property, title: str) -> Callable[[F], F]:
    """Register the check made on the container itself (the zip, before unpacking): documented here, run by
    the verifier with its own arguments."""

    def decorate(function: F) -> F:
        _register(VerifyCheck(id, aspect, title, None, inspect.cleandoc(function.__doc__ or "")))
        return function

    return decorate


def container_entry() -> VerifyCheck:
    """The one check made on the container itself (registered with `container_check`)."""
    (entry,) = [entry for entry in CHECKS.values() if entry.run is None]
    return entry


def ordered_checks() -> list[VerifyCheck]:
    """Every check, by property (authenticity, integrity, usability, security), then by number."""
    order = list(PROPERTIES)
    return sorted(CHECKS.values(), key=lambda c: (order.index(c.aspect), int(c.id.rsplit("-", 1)[1])))
