"""安全性 security: opening the package harms nothing. No links or special files, no encryption, no DTD or
entities in the metadata; the container check (SEC-1) is in container.py, and the virus check is left to the
archive's scanner."""

from __future__ import annotations

from validator.package import layout
from validator.package.layout import PREMIS_NS
from validator.package.verify.base import Check, verify_check
from validator.package.verify.package import Package

NO_VIRUS_SCANNER = "pav has no virus scanner; run the archive's scanner on the package"


@verify_check("SEC-2", "security", "no links or special files")
def no_links(package: Package, check: Check) -> None:
    """The package holds no symbolic link and no special file (device, FIFO, socket); they are never followed
    (SEC-LINK), and bagit-python is not run on such a package. A folder more than 64 levels below the package
    root is not read, and is reported the same way. No line of any manifest or tag manifest names a path
    that leaves the bag (absolute, '~', '..', or resolving outside the package: RFC8493 §2.1.3); nothing
    outside the package is ever opened, and bagit-python is not run on such a package either."""
    for relative, what in package.links:
        check.fail(relative, "SEC-LINK", what)
    for name, number, path in package.outside:
        check.fail(name, "RFC8493 §2.1.3", f"line {number}: path {path!r} leaves the bag")


@verify_check("SEC-3", "security", "no encryption")
def no_encryption(package: Package, check: Check) -> None:
    """premis.xml declares no inhibitors (encryption, a password) on any object (SEC-ENCRYPTION): an archive
    cannot keep what it cannot open. pav never writes them; a zip's encrypted members are refused before
    unpacking (SEC-1)."""
    premis = package.docs.get("PREMIS")
    if premis is not None and premis.getroot().find(f".//{{{PREMIS_NS}}}inhibitors") is not None:
        check.fail(package.shown(layout.PREMIS_FILE), "SEC-ENCRYPTION", "declares inhibitors (encryption)")


@verify_check("SEC-4", "security", "the XML declares no DTD or entities")
def no_dtd(package: Package, check: Check) -> None:
    """No metadata document declares a DTD or entities (SEC-XML): pav packages never do, and such a document
    is not read further (its entities are never expanded, its DTD never fetched). A METS or metadata document
    larger than 256 MiB is not parsed either (SEC-XML, naming its size)."""
    for problem in package.xml_problems:
        if problem.unsafe:
            check.fail(problem.shown, problem.requirement, problem.message)


@verify_check("SEC-5", "security", "virus check")
def virus_check(package: Package, check: Check) -> None:
    """pav has no virus scanner: this check is always reported as not run, so the report says plainly that the
    archive's own scanner must check the package."""
    check.skipped = NO_VIRUS_SCANNER
