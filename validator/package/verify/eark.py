"""The E-ARK requirements on any package's METS documents, beyond fixity: the CSIP requirements (every profile,
on the root METS.xml and on each representation's METS.xml) and the SIP requirements (the `sip` profile, on
the root METS.xml), each failure under the standard's id and at its level (MUST: error, SHOULD: warning, MAY:
info). Most are Schematron asserts (schemas/eark-csip.sch, eark-sip.sch); those that need the package's
folders or a syntax XPath 1.0 cannot express are small functions here (`CSIP_CODE`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from typing import Any

from validator.package.layout import METS_NS
from validator.package.verify.base import LEVELS, Check, Severity, verify_check
from validator.package.verify.package import MetsDocument, Package

_SVRL = "{http://purl.oclc.org/dsdl/svrl}"
_ROLES: dict[str, Severity] = {"error": "error", "warning": "warning", "info": "info", **LEVELS}
_M = f"{{{METS_NS}}}"
# RFC 6838 §4.2: a registered top-level type, and a subtype of at most 127 restricted-name characters.
_MEDIA_TYPE = re.compile(
    r"(application|audio|example|font|haptics|image|message|model|multipart|text|video)"
    r"/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;.*)?",
    re.IGNORECASE,
)
# A finding of a code requirement: (requirement, severity, message).
Finding = tuple[str, Severity, str]
CodeRequirement = Callable[[Package, MetsDocument], Iterator[Finding]]
CSIP_CODE: list[CodeRequirement] = []


def _code(function: CodeRequirement) -> CodeRequirement:
    CSIP_CODE.append(function)
    return function


@verify_check("INT-7", "integrity", "the METS documents meet the E-ARK CSIP requirements")
def csip_requirements(package: Package, check: Check) -> None:
    """The root METS.xml and every representation's METS.xml (representations/<name>/METS.xml) meet the E-ARK
    CSIP 2.x requirements that are not fixity (AUT-2) or references (INT-4): the root attributes (CSIP1-CSIP6:
    the content category and content information type from the CSIP vocabularies; the OBJID, SHOULD, the name
    of the package or representation folder), the header and its software agent (CSIP117, CSIP7-CSIP16), the
    descriptive, administrative and rights metadata sections and their references (CSIP17-CSIP57, a MIMETYPE
    an IANA media type by RFC 6838's syntax: CSIP26, CSIP40, CSIP53, CSIP68), the file section (CSIP58-CSIP79,
    CSIP113, CSIP114; a documentation folder has its 'Documentation' file group, CSIP60; a file group's USE
    is from the CSIP vocabulary or names a folder of the package, CSIP64) and the CSIP structural map with its
    divisions and pointers (CSIP80-CSIP119). Each failure carries the requirement's id and its level (MUST:
    error, SHOULD: warning, MAY: info) and names the METS document. Not run when METS.xml cannot be read."""
    if package.mets is None:
        check.skipped = "METS.xml could not be read"
        return
    for document in package.mets_documents:
        run_schematron(package, check, package.profiles.csip, document)
        for requirement in CSIP_CODE:
            for finding in requirement(package, document):
                check.fail(package.shown(document.path), finding[0], finding[2], finding[1])


@verify_check("INT-8", "integrity", "METS.xml meets the E-ARK SIP requirements", profiles=("sip",))
def sip_requirements(package: Package, check: Check) -> None:
    """Under the `sip` profile, the root METS.xml meets the E-ARK SIP 2.x requirements (schemas/eark-sip.sch,
    Schematron): the SIP profile URL (SIP2), the package name and status (SIP1, SIP3), the OAIS package type
    SIP (SIP4), the submission agreements and reference codes (SIP5-SIP8), the archival creator, submitter,
    contact and preservation agents (SIP9-SIP31) and the file format attributes (SIP32-SIP35). Levels as the
    SIP specification gives them. Not run when METS.xml cannot be read."""
    if package.mets is None:
        check.skipped = "METS.xml could not be read"
        return
    run_schematron(package, check, package.profiles.sip, package.mets_documents[0])


# Requirements on the package's root METS.xml only: a representation's METS.xml holds its data in its own
# file group ('Data'), not in one whose USE starts with 'Representations'.
ROOT_ONLY = frozenset({"CSIP114"})


def run_schematron(package: Package, check: Check, schematron: Any, document: MetsDocument) -> None:
    """Every failed assert of a Schematron profile on a METS document, at the level its role gives (an id's
    part after a dot tells two asserts of one requirement apart: SIP32.empty is SIP32); on a representation's
    METS.xml, not those of `ROOT_ONLY`."""
    if schematron.validate(document.tree):
        return
    shown = package.shown(document.path)
    for failed in schematron.validation_report.iter(f"{_SVRL}failed-assert"):
        message = " ".join("".join(failed.itertext()).split())
        requirement = (failed.get("id") or "profile").split(".", 1)[0]
        if requirement in ROOT_ONLY and not document.root:
            continue
        check.fail(shown, requirement, message, _ROLES.get(failed.get("role") or "", "error"))


@_code
def csip1_objid_names_the_folder(package: Package, document: MetsDocument) -> Iterator[Finding]:
    """CSIP1: the OBJID should be the name of the package's root folder (the representation's folder for a
    representation METS.xml). Not under `pav`, whose packages are named for people and identified by a
    urn:uuid."""
    objid = (document.tree.getroot().get("OBJID") or "").strip()
    # The folder's own name however the path was given (`pav verify .` names the folder ".", whose name is '').
    folder = document.base.rsplit("/", 1)[-1] if document.base else os.path.basename(os.path.abspath(package.root))
    if objid and package.profile != "pav" and objid != folder:
        yield "CSIP1", "warning", f"OBJID {objid!r} is not the name of the folder {folder!r}"


@_code
def media_types(package: Package, document: MetsDocument) -> Iterator[Finding]:
    """CSIP26, CSIP40, CSIP53, CSIP68: a MIMETYPE is an IANA media type: a registered top-level type and a
    subtype of at most 127 characters (RFC 6838 §4.2)."""
    ids = {f"{_M}dmdSec": "CSIP26", f"{_M}digiprovMD": "CSIP40", f"{_M}rightsMD": "CSIP53"}
    for element in document.tree.getroot().iter(f"{_M}mdRef", f"{_M}file"):
        value = element.get("MIMETYPE")
        if value is None or not value.strip():
            continue  # missing: the Schematron assert reports it
        parent = element.getparent()
        requirement = "CSIP68" if element.tag == f"{_M}file" else ids.get(str(parent.tag if parent is not None else ""))
        if requirement is not None and _MEDIA_TYPE.fullmatch(value.strip()) is None:
            shown = value if len(value) <= 60 else value[:57] + "..."
            yield requirement, "error", f"MIMETYPE {shown!r} is not an IANA media type (type/subtype, RFC 6838)"


@_code
def documentation_group(package: Package, document: MetsDocument) -> Iterator[Finding]:
    """CSIP60: documentation in the package's documentation/ folder is described by a file group with USE
    'Documentation' (the root METS.xml)."""
    if not document.root or not any(path.startswith("documentation/") for path in package.payload):
        return
    groups = document.tree.getroot().findall(f"{_M}fileSec/{_M}fileGrp[@USE='Documentation']")
    if not groups:
        yield "CSIP60", "error", "documentation/ holds files but no fileGrp has USE 'Documentation'"


@_code
def group_use(package: Package, document: MetsDocument) -> Iterator[Finding]:
    """CSIP64: a file group's USE is 'Documentation', 'Schemas', 'Representations' or 'Metadata' (the CSIP
    vocabulary), 'Representations/<name>...' for a representation folder that is there, or the path of a
    folder of the package (the root METS.xml)."""
    if not document.root:
        return
    folders = {path.rsplit("/", 1)[0].lower() for path in package.payload if "/" in path}
    prefixes = {"/".join(f.split("/")[: i + 1]) for f in folders for i in range(f.count("/") + 1)}
    for group in document.tree.getroot().iterfind(f"{_M}fileSec/{_M}fileGrp"):
        use = (group.get("USE") or "").strip()
        if not use:
            continue  # missing: the Schematron assert reports it
        lowered = use.lower()
        if lowered in ("documentation", "schemas", "representations", "metadata"):
            continue
        if lowered.startswith("representations/") and lowered in prefixes:
            continue
        if lowered in prefixes:
            continue
        yield "CSIP64", "error", f"fileGrp USE {use!r} is not from the CSIP vocabulary and names no folder"


@_code
def division_references(package: Package, document: MetsDocument) -> Iterator[Finding]:
    """CSIP96, CSIP100, CSIP104: every 'Documentation', 'Schemas' and 'Representations' file group is pointed
    to (an fptr FILEID) from a division of the CSIP structural map (the root METS.xml); representations
    described by their own METS.xml (an mptr) need no fptr."""
    if not document.root:
        return
    root = document.tree.getroot()
    for label, requirement in (("Documentation", "CSIP96"), ("Schemas", "CSIP100"), ("Representations", "CSIP104")):
        groups = [
            g.get("ID")
            for g in root.iterfind(f"{_M}fileSec/{_M}fileGrp")
            if (g.get("USE") or "") == label or (label == "Representations" and (g.get("USE") or "").startswith(label))
        ]
        pointed = {f.get("FILEID") for f in root.iterfind(f"{_M}structMap[@LABEL='CSIP']//{_M}fptr")}
        pointers = list(root.iterfind(f"{_M}structMap[@LABEL='CSIP']//{_M}mptr"))
        for group in groups:
            if group and group not in pointed and not (label == "Representations" and pointers):
                yield requirement, "error", f"fileGrp {group} is not pointed to from the {label!r} division"


@_code
def administrative_references(package: Package, document: MetsDocument) -> Iterator[Finding]:
    """CSIP91, CSIP92: the Metadata division's ADMID and DMDID name administrative and descriptive metadata
    sections that are there."""
    root = document.tree.getroot()
    amd = {e.get("ID") for e in root.iterfind(f"{_M}amdSec/*")}
    dmd = {e.get("ID") for e in root.iterfind(f"{_M}dmdSec")}
    for div in root.iterfind(f"{_M}structMap[@LABEL='CSIP']/{_M}div/{_M}div[@LABEL='Metadata']"):
        for attribute, known, requirement in (("ADMID", amd, "CSIP91"), ("DMDID", dmd, "CSIP92")):
            for token in (div.get(attribute) or "").split():
                if token not in known:
                    yield requirement, "error", f"the Metadata division's {attribute} names {token!r}, no such section"
