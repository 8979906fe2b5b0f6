"""`pav verify`: check packages, pav's or any E-ARK package, without trusting the bookkeeping of the tool that
wrote them.

Every file is read and hashed here, and every claim about it (BagIt manifests, Payload-Oxum, METS sizes and
checksums, PREMIS fixity, compliance.xml's digest of the original bytes, the OBJID derived from the capture)
is compared with what is really there. bagit-python (the Library of Congress implementation) gives its own
verdict on the bag. The METS and PREMIS documents are checked against pav's profiles (Schematron, with the
E-ARK CSIP requirement ids), compliance.xml and the dc.xml container against pav's XSDs, and METS, PREMIS and
the Dublin Core elements against the official XSDs when they are given (`xsd_dir`; they are third-party
files pav does not ship). Nothing is fetched from the network; XML is parsed without entities or DTDs.

    base.py        the check catalog (`@verify_check`: id, DA/T 70 property, title, profiles, docstring), the
                   profiles (csip, sip, pav) and levels, and the results
    container.py   telling inputs apart by content (bag, bare E-ARK package, METS.xml, zip, tar, folder of them);
                   the container check SEC-1 (a zip's or tar's members, then unpacking)
    package.py     what a package folder holds, read once and shared by the checks; its profile (auto)
    schemas.py     pav's profiles, the E-ARK CSIP/SIP Schematron and the official XSDs, loaded offline
    eark.py        the E-ARK CSIP and SIP requirements on the METS documents
    authenticity.py, integrity.py, usability.py, security.py   one decorated function per check
    docs.py        the catalog for people: `pav verify --list [ID]`, the README table

The checks are grouped under the four properties of DA/T 70-2018 (the checks Chinese archives make on every
transfer): 真实性 authenticity, 完整性 integrity, 可用性 usability and 安全性 security.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from lxml import etree

# The check modules register their checks on import (the catalog's order is by property and number).
from validator.package.verify import authenticity, eark, integrity, security, usability  # noqa: F401
from validator.package.verify.base import (
    CHECKS,
    CODE_REQUIREMENTS,
    PROFILES,
    PROPERTIES,
    Check,
    Failure,
    PackageReport,
    ProfileName,
    Property,
    VerifyCheck,
    VerifyError,
    container_entry,
    ordered_checks,
)
from validator.package.verify.container import Target, iter_targets, not_a_package, unpack, unpack_tar
from validator.package.verify.package import Package
from validator.package.verify.schemas import XSD_DIR_ENV, ProfileSchemas, load_reference_schemas

__all__ = [
    "CHECKS",
    "CODE_REQUIREMENTS",
    "PROFILES",
    "PROPERTIES",
    "XSD_DIR_ENV",
    "Check",
    "Failure",
    "PackageReport",
    "Property",
    "Verifier",
    "VerifyCheck",
    "VerifyError",
    "iter_targets",
    "load_reference_schemas",
    "ordered_checks",
    "verify_paths",
]


class Verifier:
    """Verifies packages under a profile (None: each package's own, found from its METS.xml); schemas are
    loaded once for all of them."""

    def __init__(self, reference: etree.XMLSchema | None = None, profile: ProfileName | None = None) -> None:
        self.reference = reference
        self.profile = profile
        self.profiles = ProfileSchemas()

    def verify(self, path: Path) -> list[PackageReport]:
        """The reports of every package at `path`; a bag wrapping packages is followed by theirs."""
        reports: list[PackageReport] = []
        for target, kind in iter_targets(path):
            report = self.verify_one(target, kind)
            reports.append(report)
            for inner in report.wraps:
                reports.extend(self.verify(Path(inner)))
        return reports

    def verify_one(self, path: Path, kind: Target) -> PackageReport:
        container = container_entry().result()
        if kind == "other":
            container.fail(path.name, "PAV-ENTRY", not_a_package(path))
            report = PackageReport(str(path), "other", [container], kind="not a package")
            return _not_run(report, "not a package (see 安全性 security)")
        if kind == "dir":
            container.notes.append("a folder (no archive to unpack)")
            return self._run(path, container, str(path), "dir")
        with tempfile.TemporaryDirectory(prefix="pav-verify-") as scratch:
            root = (unpack if kind == "zip" else unpack_tar)(path, Path(scratch), container)
            if root is None:
                return _not_run(
                    PackageReport(str(path), kind, [container], kind=f"a {kind} that was not unpacked"),
                    f"the {kind} was not unpacked (see 安全性 security)",
                )
            return self._run(root, container, str(path), kind)

    def _run(self, root: Path, container: Check, shown: str, kind: Target) -> PackageReport:
        """Every check of the catalog, in its order, on one unpacked package (SEC-1 already made); a check not
        of the package's profile, or a BagIt check on a package that is no bag, is reported as not run."""
        package = Package(root, self.profiles, self.reference, self.profile)
        profile = package.profile
        checks: list[Check] = []
        for entry in ordered_checks():
            if entry.run is None:
                checks.append(container)
                continue
            check = entry.result()
            if package.wrapped and not (entry.bag or entry.aspect == "security"):
                check.skipped = "the bag holds packages, each verified on its own"
            elif profile not in entry.profiles:
                check.skipped = f"not a requirement of the {profile} profile"
            elif entry.bag and not package.bag:
                check.skipped = "not a BagIt bag"
            else:
                entry.run(package, check)
            checks.append(check)
        described = package.kind if kind == "dir" else f"{kind}: {package.kind}"
        report = PackageReport(shown, kind, checks, package.objid, described, profile)
        if package.wrapped:
            report.kind = f"{described.removesuffix(' of an E-ARK package')} holding {len(package.wrapped)} package(s)"
            if kind == "dir":
                report.wraps = [str(inner) for inner, _ in package.wrapped]
            else:
                container.notes.append("the packages inside a zipped or tarred bag are not verified: unpack it first")
        return report


def _not_run(report: PackageReport, reason: str) -> PackageReport:
    """Every check but the container check, reported as not run for `reason`."""
    for entry in ordered_checks():
        if entry.run is not None:
            check = entry.result()
            check.skipped = reason
            report.checks.append(check)
    return report


def verify_paths(
    paths: list[Path], reference: etree.XMLSchema | None = None, profile: ProfileName | None = None
) -> list[PackageReport]:
    """Verify every package found at `paths` under `profile` (None: each package's own; VerifyError for a
    path that holds none)."""
    verifier = Verifier(reference, profile)
    reports: list[PackageReport] = []
    for path in paths:
        reports.extend(verifier.verify(path))
    return reports
