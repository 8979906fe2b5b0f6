"""真实性 authenticity: the package is what it claims to be. Fixity everywhere it is recorded, values of the
right type, and one identity (OBJID, URL, capture) that derives from the bytes themselves."""

from __future__ import annotations

from typing import Any

from lxml import etree

from validator.package import layout
from validator.package.capture import package_id
from validator.package.layout import COMPLIANCE_NS, DC_NS
from validator.package.verify.base import Check, verify_check
from validator.package.verify.package import CHECKSUM_TYPES, XML_FILES, Package, nfc, report_bagit_python
from validator.package.verify.schemas import XSD_DIR_ENV


@verify_check("AUT-1", "authenticity", "BagIt fixity: every file has the SHA-256 its manifest records", bag=True)
def bagit_fixity(package: Package, check: Check) -> None:
    """Every file listed in manifest-sha256.txt and tagmanifest-sha256.txt has the SHA-256 recorded there, and
    bag-info.txt's Payload-Oxum (bytes.files) is that of the payload (RFC8493 §3, §2.2.1, §2.2.2). The bag is
    also given to bagit-python, the Library of Congress implementation, whose checksum failures are added
    where pav has not already named the file (RFC8493 (bagit-python))."""
    for name, requirement in ((layout.MANIFEST, "RFC8493 §3"), (layout.TAGMANIFEST, "RFC8493 §2.2.1")):
        entries = package.manifest(name).entries
        for path, digest in (entries or {}).items():
            file = package.get(path)
            if file is not None and file.sha256 != digest.lower():
                check.fail(path, requirement, f"SHA-256 is {file.sha256}, {name} records {digest}")
    info = package.bag_info
    if info is not None:
        oxum = info.get("Payload-Oxum")
        if oxum is not None:
            payload = package.payload
            actual = f"{sum(f.size for f in payload.values())}.{len(payload)}"
            if oxum != actual:
                check.fail(layout.BAG_INFO, "RFC8493 §2.2.2", f"Payload-Oxum is {oxum}; the payload is {actual}")
    report_bagit_python(package, check, "fixity")


@verify_check("AUT-2", "authenticity", "METS.xml sizes and checksums are those of the files")
def mets_checksums(package: Package, check: Check) -> None:
    """Every file METS.xml references (mets:file and mets:mdRef) has the SIZE and the CHECKSUM METS.xml records
    for it, computed with the algorithm its CHECKSUMTYPE names: any METS type pav can compute (MD5, SHA-1,
    SHA-256, SHA-384, SHA-512, CRC32, Adler-32); a type outside METS's list is a failure of its own (CSIP72,
    CSIP30, CSIP44, CSIP57), and one of METS's types pav cannot compute (HAVAL, MNP, TIGER, WHIRLPOOL without
    OpenSSL support) a warning that the checksum was not checked. Requirements: CSIP69/CSIP71 for files,
    CSIP27/CSIP29, CSIP41/CSIP43 and CSIP54/CSIP56 for descriptive, other and rights metadata. Sizes and
    checksums are compared whatever the profile. Not run when METS.xml cannot be read."""
    references = package.mets_references
    if references is None:
        check.skipped = "METS.xml could not be read"
        return
    payload = package.payload
    for reference in references:
        target = payload.get(reference.key)
        if reference.repeated or target is None or reference.pointer:
            continue  # INT-4 reports them
        if reference.size is not None and reference.size.strip() != str(target.size):
            check.fail(
                target.path,
                reference.ids[1],
                f"size is {target.size} bytes, {reference.source} records {reference.size}",
            )
        checksum_type = (reference.checksumtype or "").strip()
        if not reference.checksum or not checksum_type:
            continue  # INT-7 reports a missing CHECKSUM or CHECKSUMTYPE
        if checksum_type not in CHECKSUM_TYPES:
            check.fail(
                target.path,
                reference.ids[3],
                f"CHECKSUMTYPE {checksum_type!r} is not one of METS's ({', '.join(CHECKSUM_TYPES)})",
            )
            continue
        actual = package.digest(target, checksum_type)
        if actual is None:
            check.fail(
                target.path, reference.ids[2], f"{checksum_type} cannot be computed here: not checked", "warning"
            )
        elif reference.checksum != actual:
            check.fail(
                target.path,
                reference.ids[2],
                f"{checksum_type} is {actual}, {reference.source} records {reference.checksum}",
            )


@verify_check("AUT-3", "authenticity", "PREMIS fixity and sizes are those of the files", profiles=("pav",))
def premis_fixity(package: Package, check: Check) -> None:
    """Every PREMIS file object records the SHA-256 and the size of the file it describes (PAV-PREMIS-25).
    Not run when premis.xml cannot be read."""
    objects = package.premis_objects
    if objects is None:
        check.skipped = "premis.xml could not be read"
        return
    payload = package.payload
    for obj in objects:
        if obj.kind != "file" or obj.identifier is None:
            continue
        target = payload.get(nfc(obj.identifier))
        if target is None:
            continue  # INT-5 reports it
        if obj.sha256 != target.sha256:
            check.fail(
                target.path, "PAV-PREMIS-25", f"SHA-256 is {target.sha256}, premis.xml records {obj.sha256 or 'none'}"
            )
        if obj.size != str(target.size):
            check.fail(target.path, "PAV-PREMIS-25", f"size is {target.size} bytes, premis.xml records {obj.size}")


@verify_check("AUT-4", "authenticity", "the XML metadata is valid against its schemas")
def schemas_valid(package: Package, check: Check) -> None:
    """Under the `pav` profile, compliance.xml is valid against pav-compliance.xsd and dc.xml's container
    against pav-dc.xsd (both in the package's schemas/ folder). With `--xsd-dir` (or PAV_XSD_DIR) naming a
    folder of the official schemas, METS.xml is also checked against the METS XSD (CSIP0), premis.xml against
    PREMIS 3 and every Dublin Core element against the DCMI XSDs; without it a note says they were not checked
    (pav does not ship third-party schemas, and never fetches them). Without it, a package not pav's is checked
    against the METS schema it carries in its own schemas/ folder (mets.xsd, and xlink.xsd), compiled offline
    from files inside the package only (a schema importing a URL or a file outside is not used, and a note says
    why); with neither, the check is not run. The root and the representations' METS documents are validated
    (CSIP0). Each failure gives the schema and the line."""
    profiles = package.profiles
    pav = package.profile == "pav"
    compliance = package.docs.get("compliance") if pav else None
    if compliance is not None:
        _validate(check, profiles.compliance, compliance, package.shown(layout.COMPLIANCE_FILE), layout.COMPLIANCE_XSD)
    dc = package.docs.get("DC")
    if dc is not None and pav:
        _validate(check, profiles.dc, dc, package.shown(layout.DC_FILE), layout.DC_XSD)
    reference = package.reference
    if reference is None:
        check.notes.append(
            "official METS, PREMIS and DCMI schemas not checked: give their folder with --xsd-dir or "
            f"{XSD_DIR_ENV} (pav does not ship third-party schemas)"
        )
        own, source = package.own_mets_schema if not pav else (None, "")
        if own is not None:
            check.notes.append(f"METS documents checked against {source}")
            for document in package.mets_documents:
                _validate(check, own, document.tree, package.shown(document.path), "METS XSD (CSIP0)")
        elif not pav:  # nothing was validated: the property must not read "pass" for it
            check.skipped = f"no METS schema to validate against: {source}; give --xsd-dir"
        return
    check.notes.append("official METS, PREMIS and DCMI schemas checked")
    for document in package.mets_documents:
        _validate(check, reference, document.tree, package.shown(document.path), "METS XSD (CSIP0)")
    for label, requirement in (("PREMIS", "PREMIS 3 XSD"),):
        tree = package.docs.get(label)
        if tree is not None:
            _validate(check, reference, tree, package.shown(XML_FILES[label]), requirement)
    if dc is not None:
        for element in dc.getroot():
            if isinstance(element.tag, str):
                _validate(check, reference, element, package.shown(layout.DC_FILE), "DCMI XSD")


@verify_check(
    "AUT-5",
    "authenticity",
    "identity: OBJID, URL and capture agree everywhere and with the bytes",
    profiles=("pav",),
)
def identity(package: Package, check: Check) -> None:
    """One identity everywhere, derived from the capture itself. compliance.xml's SHA-256 and size of the
    original bytes are those of the file (PAV-COMPLIANCE-2); bag-info.txt's Internal-Sender-Identifier is the
    METS OBJID, its External-Identifier the page URL (required when the page has one, RFC8493 §2.2.2) and
    dc:identifier the URL too; and the OBJID is the urn:uuid derived from the page URL, the capture time and
    the original bytes (PAV-METS-8), so a page whose bytes were replaced and whose digests were all recomputed
    is still caught. When the URL or capture time held characters XML cannot carry (recorded as text
    repairs), the OBJID is not re-derived and a note says so."""
    recorded = package.compliance_source
    if recorded is not None:
        original, target = recorded
        if target is not None:
            if original.get("sha256") != target.sha256:
                check.fail(
                    target.path,
                    "PAV-COMPLIANCE-2",
                    f"SHA-256 is {target.sha256}, compliance.xml records {original.get('sha256')}",
                )
            if original.get("size") != str(target.size):
                check.fail(
                    target.path,
                    "PAV-COMPLIANCE-2",
                    f"size is {target.size}, compliance.xml records {original.get('size')}",
                )
    objid = package.objid
    compliance = package.docs.get("compliance")
    info = package.bag_info or {}
    if objid is not None and info.get(layout.OBJID_LABEL) not in (None, objid):
        check.fail(layout.BAG_INFO, "PAV-METS-8", f"{layout.OBJID_LABEL} is not the METS OBJID {objid}")
    if compliance is None or objid is None:
        return
    ns = {"c": COMPLIANCE_NS}
    page = compliance.getroot().find("c:page", ns)
    source = compliance.getroot().find("c:source", ns)
    if page is None or source is None:
        return
    url = written_url = page.get("url")
    if url is not None and not url.strip():
        url = None  # an empty URL identifies nothing: the package has no External-Identifier to check
    repaired = {r.get("field") for r in compliance.getroot().iterfind("c:textRepairs/c:repair", ns)}
    external = info.get("External-Identifier")
    if url is not None and not external:
        check.fail(layout.BAG_INFO, "RFC8493 §2.2.2", "External-Identifier (the page URL) is missing")
    elif url is not None and external is not None and " ".join(url.split()) != external:
        check.fail(layout.BAG_INFO, "PAV-METS-8", f"External-Identifier {external} is not the page URL {url}")
    dc = package.docs.get("DC")
    if dc is not None and url is not None:
        identifiers = [e.text for e in dc.getroot().iterfind(f"{{{DC_NS}}}identifier")]
        if url not in identifiers:
            check.fail(package.shown(layout.DC_FILE), "PAV-METS-8", f"dc:identifier is not the page URL {url}")
    target = package.payload.get(nfc(source.get("file", "")))
    if target is None:
        return
    if {"/url", "/captured_at"} & repaired:
        check.notes.append("OBJID not re-derived: the URL or capture time held characters XML cannot carry")
        return
    expected = package_id(written_url, page.get("capturedAt"), target.sha256)  # a blank URL is keyed as written
    if expected != objid:
        check.fail(
            package.shown(layout.METS_FILE),
            "PAV-METS-8",
            f"OBJID {objid} is not derived from this capture (URL, capture time and the bytes of "
            f"{target.path} give {expected})",
        )


def _validate(
    check: Check, schema: etree.XMLSchema, tree: etree._ElementTree | etree._Element, shown: str, requirement: str
) -> None:
    if schema.validate(tree):
        return
    errors: Any = schema.error_log
    for error in errors:
        check.fail(shown, requirement, f"line {error.line}: {error.message}")
