"""The E-ARK requirements on any package's METS.xml, beyond its files: the CSIP requirements (every profile)
and the SIP requirements (the `sip` profile), each failure under the standard's id and at its level."""

from __future__ import annotations

from typing import Any

from validator.package import layout
from validator.package.verify.base import LEVELS, Check, Severity, verify_check
from validator.package.verify.package import Package

_SVRL = "{http://purl.oclc.org/dsdl/svrl}"
_ROLES: dict[str, Severity] = {"error": "error", "warning": "warning", "info": "info", **LEVELS}


@verify_check("INT-7", "integrity", "METS.xml meets the E-ARK CSIP requirements")
def csip_requirements(package: Package, check: Check) -> None:
    """The root METS.xml meets the E-ARK CSIP 2.x requirements that do not need the files
    (schemas/eark-csip.sch, Schematron): the root attributes (CSIP1-CSIP6, the content category and content
    information type from the CSIP vocabularies), the header and its software agent (CSIP117, CSIP7-CSIP16),
    the descriptive, administrative and rights metadata sections and their references (CSIP17-CSIP57), the
    file section (CSIP58-CSIP79, CSIP113, CSIP114) and the CSIP structural map with its divisions and
    pointers (CSIP80-CSIP119). Each failure carries the requirement's id and its level (MUST: error, SHOULD:
    warning, MAY: info). Not run when METS.xml cannot be read."""
    run_schematron(package, check, package.profiles.csip)


@verify_check("INT-8", "integrity", "METS.xml meets the E-ARK SIP requirements", profiles=("sip",))
def sip_requirements(package: Package, check: Check) -> None:
    """Under the `sip` profile, the root METS.xml meets the E-ARK SIP 2.x requirements (schemas/eark-sip.sch,
    Schematron): the SIP profile URL (SIP2), the package name and status (SIP1, SIP3), the OAIS package type
    SIP (SIP4), the submission agreements and reference codes (SIP5-SIP8), the archival creator, submitter,
    contact and preservation agents (SIP9-SIP31) and the file format attributes (SIP32-SIP35). Levels as the
    SIP specification gives them. Not run when METS.xml cannot be read."""
    run_schematron(package, check, package.profiles.sip)


def run_schematron(package: Package, check: Check, schematron: Any) -> None:
    """Every failed assert of a Schematron profile on METS.xml, at the level its role gives."""
    tree = package.mets
    if tree is None:
        check.skipped = "METS.xml could not be read"
        return
    if schematron.validate(tree):
        return
    shown = package.shown(layout.METS_FILE)
    for failed in schematron.validation_report.iter(f"{_SVRL}failed-assert"):
        message = " ".join("".join(failed.itertext()).split())
        requirement = (failed.get("id") or "profile").split(".", 1)[0]  # SIP32.empty: a second assert of SIP32
        check.fail(shown, requirement, message, _ROLES.get(failed.get("role") or "", "error"))
