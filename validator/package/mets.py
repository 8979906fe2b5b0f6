"""METS.xml: the package's E-ARK CSIP METS document (profile https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml).

Root: OBJID (urn:uuid, derived from the capture), TYPE "Websites" ("Web Archives" for a WARC record),
csip:CONTENTINFORMATIONTYPE OTHER with csip:OTHERCONTENTINFORMATIONTYPE, PROFILE. metsHdr: CREATEDATE,
csip:OAISPACKAGETYPE SIP, pav as the CREATOR software agent with a SOFTWARE VERSION note, the page URL as
altRecordID. dmdSec -> dc.xml; amdSec -> premis.xml and compliance.xml (digiprovMD); every mdRef with
LOCTYPE URL, xlink:href, MDTYPE, MIMETYPE, SIZE, CREATED, CHECKSUM, CHECKSUMTYPE. fileSec: Documentation,
Schemas and Representations/rep1/data file groups, so that every payload file but METS.xml is referenced
exactly once (metadata files by mdRef, the others by file/FLocat). structMap: PHYSICAL, labelled CSIP.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from validator import __version__
from validator.package import layout
from validator.package.capture import Capture, PayloadFile
from validator.package.layout import CSIP_NS, METS_NS, XLINK_NS, XSI_NS
from validator.package.xmltext import XmlText
from validator.package.xmlutil import qname, serialize, sub

_NSMAP = {"mets": METS_NS, "csip": CSIP_NS, "xlink": XLINK_NS, "xsi": XSI_NS}
SCHEMA_LOCATION = (
    "http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd "
    "http://www.w3.org/1999/xlink http://www.loc.gov/standards/mets/xlink.xsd"
)
_HREF = qname(XLINK_NS, "href")
_XTYPE = qname(XLINK_NS, "type")

DMD_ID = "dmd-dc"
PREMIS_ID = "digiprov-premis"
COMPLIANCE_ID = "digiprov-compliance"
GROUP_IDS = {"Documentation": "grp-documentation", "Schemas": "grp-schemas", "Representations": "grp-rep1"}


def _q(local: str) -> str:
    return qname(METS_NS, local)


def _c(local: str) -> str:
    return qname(CSIP_NS, local)


def build_mets(
    capture: Capture,
    dc: PayloadFile,
    premis: PayloadFile,
    compliance: PayloadFile,
    documentation: Sequence[PayloadFile],
    schemas: Sequence[PayloadFile],
    representation: Sequence[PayloadFile],
    text: XmlText,
) -> bytes:
    root = etree.Element(_q("mets"), nsmap=_NSMAP)
    root.set("OBJID", capture.objid)
    title = capture.data.get("title")
    if isinstance(title, str):
        root.set("LABEL", text(title, "/title"))
    root.set("TYPE", capture.content_category)
    root.set(_c("CONTENTINFORMATIONTYPE"), "OTHER")
    root.set(_c("OTHERCONTENTINFORMATIONTYPE"), layout.OTHER_CONTENT_INFORMATION_TYPE)
    root.set("PROFILE", layout.CSIP_PROFILE)
    root.set(qname(XSI_NS, "schemaLocation"), SCHEMA_LOCATION)

    header = sub(root, _q("metsHdr"), CREATEDATE=capture.created, RECORDSTATUS="NEW")
    header.set(_c("OAISPACKAGETYPE"), layout.OAIS_PACKAGE_TYPE)
    agent = sub(header, _q("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    sub(agent, _q("name"), layout.TOOL_NAME)
    sub(agent, _q("note"), __version__, **{_c("NOTETYPE"): "SOFTWARE VERSION"})
    url = capture.url
    if url is not None:
        sub(header, _q("altRecordID"), text(url, "/url"), TYPE="URL")

    dmd = sub(root, _q("dmdSec"), ID=DMD_ID, CREATED=dc.created, STATUS="CURRENT")
    _md_ref(dmd, dc, "DC")
    amd = sub(root, _q("amdSec"), ID="amd")
    premis_md = sub(amd, _q("digiprovMD"), ID=PREMIS_ID, CREATED=premis.created, STATUS="CURRENT")
    _md_ref(premis_md, premis, "PREMIS", MDTYPEVERSION="3.0")
    compliance_md = sub(amd, _q("digiprovMD"), ID=COMPLIANCE_ID, CREATED=compliance.created, STATUS="CURRENT")
    _md_ref(compliance_md, compliance, "OTHER", OTHERMDTYPE=layout.COMPLIANCE_MDTYPE)

    file_sec = sub(root, _q("fileSec"), ID="filesec")
    _group(file_sec, "Documentation", "Documentation", "doc", documentation)
    _group(file_sec, "Schemas", "Schemas", "schema", schemas)
    rep_group = _group(
        file_sec, "Representations", f"Representations/{layout.REPRESENTATION}/data", "rep1", representation
    )
    rep_group.set(_c("CONTENTINFORMATIONTYPE"), "OTHER")
    rep_group.set(_c("OTHERCONTENTINFORMATIONTYPE"), layout.OTHER_CONTENT_INFORMATION_TYPE)

    struct_map = sub(root, _q("structMap"), ID="structmap-csip", TYPE="PHYSICAL", LABEL="CSIP")
    package_div = sub(struct_map, _q("div"), ID="div-package", LABEL=capture.objid)
    sub(package_div, _q("div"), ID="div-metadata", LABEL="Metadata", ADMID=f"{PREMIS_ID} {COMPLIANCE_ID}", DMDID=DMD_ID)
    for label in ("Documentation", "Schemas", "Representations"):
        division = sub(package_div, _q("div"), ID=f"div-{label.lower()}", LABEL=label)
        sub(division, _q("fptr"), FILEID=GROUP_IDS[label])
    return serialize(root)


def _md_ref(parent: etree._Element, file: PayloadFile, md_type: str, **extra: str) -> None:
    sub(
        parent,
        _q("mdRef"),
        LOCTYPE="URL",
        MDTYPE=md_type,
        MIMETYPE=file.media_type,
        SIZE=str(file.size),
        CREATED=file.created,
        CHECKSUM=file.sha256,
        CHECKSUMTYPE="SHA-256",
        LABEL=file.path.rsplit("/", 1)[-1],
        **{_XTYPE: "simple", _HREF: file.path},
        **extra,
    )


def _group(file_sec: etree._Element, key: str, use: str, prefix: str, files: Sequence[PayloadFile]) -> etree._Element:
    group = sub(file_sec, _q("fileGrp"), ID=GROUP_IDS[key], USE=use)
    for number, file in enumerate(files, 1):
        element = sub(
            group,
            _q("file"),
            ID=f"file-{prefix}-{number}",
            MIMETYPE=file.media_type,
            SIZE=str(file.size),
            CREATED=file.created,
            CHECKSUM=file.sha256,
            CHECKSUMTYPE="SHA-256",
        )
        if key == "Representations":
            element.set("ADMID", PREMIS_ID)
        sub(element, _q("FLocat"), LOCTYPE="URL", **{_XTYPE: "simple", _HREF: file.path})
    return group
