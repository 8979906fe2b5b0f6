"""完整性 integrity: nothing is missing and nothing is unaccounted for. The bag is complete, the E-ARK CSIP
structure is there, METS and PREMIS meet pav's profiles and account for every file, and compliance.xml is
complete and agrees with PREMIS."""

from __future__ import annotations

from typing import Any

from validator.package import layout
from validator.package.layout import COMPLIANCE_NS, PREMIS_NS
from validator.package.verify.base import Check, verify_check
from validator.package.verify.container import BAG_TAG_FILES
from validator.package.verify.package import (
    FETCH_TXT,
    XML_FILES,
    Manifest,
    Package,
    nfc,
    premis_text,
    report_bagit_python,
)

# External-Identifier is the page URL: required when the page has one (checked with the identity, AUT-5).
REQUIRED_BAG_INFO = ("Bagging-Date", "Payload-Oxum", "Bag-Software-Agent", layout.OBJID_LABEL)
_SVRL = "{http://purl.oclc.org/dsdl/svrl}"


@verify_check(
    "INT-1", "integrity", "BagIt completeness: every payload file is in the manifest and vice versa", bag=True
)
def bagit_complete(package: Package, check: Check) -> None:
    """The package is a complete bag (RFC 8493): bagit.txt declares BagIt-Version and
    Tag-File-Character-Encoding (§2.1.1); the payload folder data/ exists (§2.1.2); under the `pav` profile
    bag-info.txt carries Bagging-Date, Payload-Oxum, Bag-Software-Agent and Internal-Sender-Identifier
    (PAV-BAG-INFO: RFC 8493 makes them optional, pav writes them); every line of
    manifest-sha256.txt is 'SHA-256  path', every file it lists exists and every payload file is listed (§3,
    §2.1.3); tagmanifest-sha256.txt lists bagit.txt, bag-info.txt and the manifest, and what it lists exists
    (§2.2.1). Under `pav` the bag holds nothing else (PAV-BAG: a file or folder beside data/ that is not one of
    its tag files, a hidden one too, is reported; other bags may carry other tag files, noted as info, RFC8493
    §2.2.4; files inside data/ are held to the manifest), and no fetch.txt
    (RFC8493 §2.2.3: pav never fetches, a package holds every file). bagit.txt's Tag-File-Character-Encoding
    is a text encoding (RFC8493 §2.1.1; 'zlib_codec' or 'rot13' are not). bagit-python then validates the bag
    too (its own failures are added where pav has not already named the file; it is not run on a package
    holding links or special files or naming paths outside itself, see SEC-2, nor on one declaring an
    encoding that is no text encoding), and a note gives its version, or why it was not run."""
    if not package.exists:
        check.fail(".", "RFC8493", "the package folder does not exist")
    bagit_txt = package.get(layout.BAGIT_TXT)
    if bagit_txt is None:
        check.fail(layout.BAGIT_TXT, "RFC8493 §2.1.1", "bagit.txt is missing: this is not a bag")
    else:
        text = package.read_text(bagit_txt)
        if "BagIt-Version:" not in text or "Tag-File-Character-Encoding:" not in text:
            check.fail(layout.BAGIT_TXT, "RFC8493 §2.1.1", "must declare BagIt-Version and the encoding")
        encoding_problem = package.tag_encoding[1]
        if encoding_problem is not None:
            check.fail(layout.BAGIT_TXT, "RFC8493 §2.1.1", encoding_problem)
    for path, what in package.unexpected:
        if package.profile == "pav":
            check.fail(path, "PAV-BAG", f"{what}: not part of the bag (pav bags hold only their tag files and data/)")
        else:  # other bags may carry other tag files (RFC 8493 §2.2.4): said, not failed
            check.fail(path, "RFC8493 §2.2.4", f"{what} beside data/: another tag file of the bag", "info")
    if package.get(FETCH_TXT) is not None:
        check.fail(
            FETCH_TXT, "RFC8493 §2.2.3", "files to fetch from elsewhere: pav never fetches, a package holds them"
        )
    if not (package.root / layout.BAG_PAYLOAD).is_dir():
        check.fail(layout.BAG_PAYLOAD, "RFC8493 §2.1.2", "the payload folder data/ is missing")
    info = package.bag_info
    if package.profile == "pav":
        if info is None:
            check.fail(layout.BAG_INFO, "PAV-BAG-INFO", "bag-info.txt is missing")
        else:
            for label in REQUIRED_BAG_INFO:
                if not info.get(label):
                    check.fail(layout.BAG_INFO, "PAV-BAG-INFO", f"{label} is missing")
    manifest = _read(check, package.manifest(layout.MANIFEST), "RFC8493 §2.1.3")
    if manifest is not None:
        payload = {path for path in package.files if path.startswith(layout.BAG_PAYLOAD + "/")}
        for path in manifest:
            if package.get(path) is None:
                check.fail(path, "RFC8493 §3", f"listed in {layout.MANIFEST} but missing")
        listed = {nfc(p) for p in manifest}
        for path in sorted(payload - listed):
            check.fail(path, "RFC8493 §3", f"payload file not listed in {layout.MANIFEST}")
    tagmanifest = _read(check, package.manifest(layout.TAGMANIFEST), "RFC8493 §2.2.1")
    if tagmanifest is not None:
        for path in tagmanifest:
            if package.get(path) is None:
                check.fail(path, "RFC8493 §2.2.1", f"listed in {layout.TAGMANIFEST} but missing")
        for name in BAG_TAG_FILES:
            if name not in tagmanifest and package.get(name) is not None:
                check.fail(name, "RFC8493 §2.2.1", f"tag file not listed in {layout.TAGMANIFEST}")
    verdict = package.bagit_python
    if verdict.version is None:
        check.notes.append(f"bagit-python not run: {verdict.reason}")
        return
    report_bagit_python(package, check, "completeness")
    check.notes.append(f"bagit-python {verdict.version} also validated the bag")


def _read(check: Check, manifest: Manifest, missing: str) -> dict[str, str] | None:
    """A manifest's entries, its absence and its malformed lines reported (`missing`: the requirement)."""
    if manifest.entries is None:
        check.fail(manifest.name, missing, f"{manifest.name} is missing")
        return None
    for number in manifest.malformed:
        check.fail(manifest.name, "RFC8493 §2.1.3", f"line {number} is not 'SHA-256  path'")
    return manifest.entries


@verify_check("INT-2", "integrity", "E-ARK CSIP folder structure")
def csip_structure(package: Package, check: Check) -> None:
    """The information package has the E-ARK CSIP structure: METS.xml at its root (CSIPSTR4, MUST: error; a
    Mets.xml or METSA.xml is not it), and the folders metadata/ (CSIPSTR5) and representations/ (CSIPSTR9),
    each representation's data/ (CSIPSTR11) and, beside XML metadata, schemas/ (CSIPSTR15) (SHOULD:
    warnings). Under the `pav` profile pav's own layout is required too (PAV-STR: metadata/preservation/,
    metadata/descriptive/, representations/rep1/data/, schemas/ and documentation/ each hold a file). A folder
    is judged by the files it holds: an empty folder is as good as none, and is lost in a zip."""
    payload = package.payload
    if layout.METS_FILE not in payload:
        others = sorted(p for p in payload if "/" not in p and p.lower().startswith("mets") and p.endswith(".xml"))
        found = f" (found {', '.join(others)})" if others else ""
        check.fail(package.shown(layout.METS_FILE), "CSIPSTR4", f"the package root holds no METS.xml{found}")

    def holds(folder: str) -> bool:
        return any(path.startswith(folder + "/") for path in payload)

    for folder, requirement in (("metadata", "CSIPSTR5"), ("representations", "CSIPSTR9")):
        if not holds(folder):
            check.fail(package.shown(folder), requirement, "folder is missing or holds no file", "warning")
    representations = sorted(
        {p.split("/")[1] for p in payload if p.startswith("representations/") and p.count("/") > 1}
    )
    for name in representations:
        if not holds(f"representations/{name}/data"):
            check.fail(package.shown(f"representations/{name}/data"), "CSIPSTR11", "folder is missing", "warning")
    if any(p.endswith(".xml") and p != layout.METS_FILE for p in payload) and not any(
        p.startswith("schemas/") or "/schemas/" in p for p in payload
    ):
        check.fail(package.shown("schemas"), "CSIPSTR15", "no schemas/ folder beside the XML metadata", "warning")
    if package.profile != "pav":
        return
    for folder in (
        "metadata/preservation",
        "metadata/descriptive",
        layout.REPRESENTATION_DIR,
        "schemas",
        "documentation",
    ):
        if not holds(folder):
            check.fail(package.shown(folder), "PAV-STR", "pav's layout: folder is missing or holds no file")


@verify_check("INT-3", "integrity", "METS.xml meets pav's METS profile", profiles=("pav",))
def mets_profile(package: Package, check: Check) -> None:
    """METS.xml meets pav's METS profile (schemas/pav-mets-profile.sch, Schematron): the E-ARK CSIP
    requirements pav claims, and the values pav uses (content category, package type, checksum type, file
    groups, relative references inside the package); each failure cites its CSIP or PAV-METS-n requirement
    id. Not run when METS.xml cannot be read."""
    _profile(package, check, "METS", package.profiles.mets)


@verify_check("INT-4", "integrity", "METS.xml references files inside the package, and they are there")
def mets_references(package: Package, check: Check) -> None:
    """Every file, metadata file and representation METS.xml that METS.xml references is a relative path
    inside the package and is there (CSIP79 for files, CSIP24, CSIP38 and CSIP51 for descriptive, other and
    rights metadata, CSIP110 for a representation's METS pointer). An href that is a URL (http:, file: ...),
    an absolute path, a Windows path or a path leaving the package with '..' is a failure naming it, and is
    never read or fetched. Under the `pav` profile every file of the package but METS.xml is referenced
    exactly once (PAV-METS-7). Not run when METS.xml cannot be read."""
    references = package.mets_references
    if references is None:
        check.skipped = "METS.xml could not be read"
        return
    payload = package.payload
    pav = package.profile == "pav"
    for reference in references:
        source = package.shown(reference.source)
        if reference.problem is not None:
            check.fail(source, reference.ids[0], f"{reference.href!r} is {reference.problem}")
        elif reference.repeated:
            if pav:
                check.fail(source, "PAV-METS-7", f"{reference.href} is referenced more than once")
        elif reference.key not in payload:
            check.fail(
                package.shown(reference.key), reference.ids[0], "referenced from METS.xml but not in the package"
            )
    if not pav:
        return
    referenced = {reference.key for reference in references}
    for path in sorted(set(payload) - referenced - {layout.METS_FILE}):
        check.fail(package.shown(path), "PAV-METS-7", "in the package but not referenced from METS.xml")


@verify_check("INT-5", "integrity", "PREMIS describes every file, the events and the agent", profiles=("pav",))
def premis_complete(package: Package, check: Check) -> None:
    """premis.xml meets pav's PREMIS profile (schemas/pav-premis-profile.sch, Schematron, PAV-PREMIS-1 to 23:
    one intellectual entity and one representation, file objects with their identifiers, SHA-256, size and
    format, the software agent, and the events with their outcomes and links); its intellectual entity is
    the package's OBJID (PAV-PREMIS-26); every file but METS.xml and premis.xml has a PREMIS file object, and
    every file object describes a file of the package (PAV-PREMIS-24). Not run when premis.xml cannot be
    read."""
    if not _profile(package, check, "PREMIS", package.profiles.premis):
        return
    premis_file = package.shown(layout.PREMIS_FILE)
    payload = package.payload
    described: set[str] = set()
    for obj in package.premis_objects or ():
        if obj.kind == "intellectualEntity":
            if package.objid is not None and package.objid not in obj.urns:
                check.fail(premis_file, "PAV-PREMIS-26", f"the intellectual entity is not {package.objid}")
            continue
        if obj.kind != "file" or obj.identifier is None:
            continue
        key = nfc(obj.identifier)
        described.add(key)
        if key not in payload:
            check.fail(
                package.shown(obj.identifier),
                "PAV-PREMIS-24",
                "described in premis.xml but not in the package",
            )
    for path in sorted(set(payload) - described - {layout.METS_FILE, layout.PREMIS_FILE}):
        check.fail(package.shown(path), "PAV-PREMIS-24", "no PREMIS file object describes this file")


def _profile(package: Package, check: Check, label: str, schematron: Any) -> bool:
    """Check a document against a Schematron profile; False (and the check skipped) when it cannot be read."""
    tree = package.docs.get(label)
    if tree is None:
        check.skipped = f"{XML_FILES[label]} could not be read"
        return False
    if not schematron.validate(tree):
        for failed in schematron.validation_report.iter(f"{_SVRL}failed-assert"):
            message = " ".join("".join(failed.itertext()).split())
            check.fail(package.shown(XML_FILES[label]), failed.get("id") or "profile", message)
    return True


@verify_check("INT-6", "integrity", "compliance.xml is complete and agrees with PREMIS", profiles=("pav",))
def compliance_consistent(package: Package, check: Check) -> None:
    """compliance.xml holds its check settings and its verdict, the verdict follows from its findings and its
    fail-on setting (outcome and failed rules), the findings count is the number listed (PAV-COMPLIANCE-1),
    the original bytes it names are in the package (PAV-COMPLIANCE-2), and PREMIS's validation event says the
    same outcome and failed rules (PAV-PREMIS-27): a verdict turned from fail to pass is caught even when every
    digest was recomputed. Not run when compliance.xml cannot be read."""
    tree = package.docs.get("compliance")
    shown = package.shown(layout.COMPLIANCE_FILE)
    if tree is None:
        check.skipped = "compliance.xml could not be read"
        return
    root = tree.getroot()
    ns = {"c": COMPLIANCE_NS}
    verdict = root.find("c:verdict", ns)
    check_element = root.find("c:check", ns)
    if verdict is None or check_element is None:
        check.fail(shown, "PAV-COMPLIANCE-1", "the check settings or the verdict are missing")
        return
    order = {"info": 1, "warning": 2, "error": 3}
    threshold = order.get(check_element.get("failOn", ""), 99)
    failing = sorted(
        {
            finding.get("rule", "")
            for finding in root.iterfind("c:findings/c:finding", ns)
            if order.get(finding.get("severity", ""), 0) >= threshold
        }
    )
    outcome = verdict.get("outcome")
    recorded = (verdict.get("failedRules") or "").split()
    if outcome != ("fail" if failing else "pass") or recorded != failing:
        check.fail(
            shown,
            "PAV-COMPLIANCE-1",
            f"verdict {outcome} (failed rules: {' '.join(recorded) or 'none'}) does not follow from the findings "
            f"(failing: {' '.join(failing) or 'none'})",
        )
    findings = root.find("c:findings", ns)
    if findings is not None and findings.get("count") != str(len(findings)):
        check.fail(shown, "PAV-COMPLIANCE-1", f"findings count {findings.get('count')} but {len(findings)} listed")
    source = package.compliance_source
    if source is not None and source[1] is None:
        check.fail(shown, "PAV-COMPLIANCE-2", f"the original bytes {source[0].get('file')} are not in the package")
    premis = package.docs.get("PREMIS")
    if premis is None:
        return
    for event in premis.getroot().iterfind(f"{{{PREMIS_NS}}}event"):
        if premis_text(event, "eventType") != "validation":
            continue
        premis_outcome = premis_text(event, "eventOutcomeInformation/premis:eventOutcome")
        notes = [
            (n.text or "")
            for n in event.iterfind(f".//{{{PREMIS_NS}}}eventOutcomeDetailNote")
            if (n.text or "").startswith("failed rules:")
        ]
        premis_rules = notes[0].removeprefix("failed rules:").split() if notes else []
        if premis_rules == ["none"]:
            premis_rules = []
        if premis_outcome != outcome or premis_rules != recorded:
            check.fail(
                package.shown(layout.PREMIS_FILE),
                "PAV-PREMIS-27",
                f"validation event says {premis_outcome} ({' '.join(premis_rules) or 'none'}), compliance.xml "
                f"says {outcome} ({' '.join(recorded) or 'none'})",
            )
