"""METS.xml: the package's E-ARK SIP METS document, and representations/rep1/METS.xml, its representation's.

The package says it is a SIP (metsHdr csip:OAISPACKAGETYPE "SIP"), so it follows the E-ARK SIP 2.x profile on
top of CSIP: PROFILE is https://earksip.dilcis.eu/profile/E-ARK-SIP.xml (SIP2). Root: OBJID (urn:uuid, derived
from the capture), TYPE "Websites" ("Web Archives" for a WARC record), csip:CONTENTINFORMATIONTYPE OTHER with
csip:OTHERCONTENTINFORMATIONTYPE, PROFILE. metsHdr: CREATEDATE and LASTMODDATE (CSIP8; a package is never
modified, so they are equal), RECORDSTATUS NEW, csip:OAISPACKAGETYPE SIP; pav as the CREATOR software agent with
a SOFTWARE VERSION note (CSIP10-16); the unit in charge of the site (主办单位), when the footer names one, as the
archival creator agent (SIP9-SIP12: ROLE ARCHIVIST, TYPE ORGANIZATION, its name; no identification code is
invented); the submitting agent when the configuration names it (`--submitter`, `submitter`: SIP15-SIP20 as SIP
2.1 and 2.2 write it, ROLE OTHER, OTHERROLE SUBMITTER, TYPE ORGANIZATION, its name and, when given, its
identification code as a note of csip:NOTETYPE IDENTIFICATIONCODE); the page URL as altRecordID. pav cannot
know who submits the package to which archive under what agreement, and makes up neither the submitting agent
(without it the package falls short of SIP15, a MUST) nor the submission agreement (SIP5, a MAY).
dmdSec -> dc.xml; amdSec -> premis.xml and compliance.xml (digiprovMD); every mdRef with LOCTYPE URL, xlink:href,
MDTYPE, MIMETYPE, SIZE, CREATED, CHECKSUM, CHECKSUMTYPE. fileSec: Documentation, Schemas and
Representations/rep1/data file groups, each with the content information type (CSIP63), so that every payload file
but METS.xml is referenced exactly once (metadata files by mdRef, the others by file/FLocat; the representation
group holds the original bytes, the representation's METS.xml and its PREMIS). structMap: PHYSICAL, labelled CSIP,
its Representations division holding a division for rep1 whose mptr points to representations/rep1/METS.xml
(CSIP105-112).

The representation's METS (CSIPSTR12) describes the folder representations/rep1/ with references relative to
it: its amdSec references metadata/preservation/premis.xml (CSIPSTR13), its fileSec the original bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from validator import __version__
from validator.package import layout
from validator.package.capture import Capture, PayloadFile
from validator.package.layout import CSIP_NS, METS_NS, XLINK_NS, XSI_NS
from validator.package.xmltext import XmlText
from validator.package.xmlwrite import DECLARATION, attribute, finish
from validator.package.xmlwrite import text as escaped

SCHEMA_LOCATION = (
    "http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd "
    "http://www.w3.org/1999/xlink http://www.loc.gov/standards/mets/xlink.xsd"
)

DMD_ID = "dmd-dc"
PREMIS_ID = "digiprov-premis"
COMPLIANCE_ID = "digiprov-compliance"
GROUP_IDS = {"Documentation": "grp-documentation", "Schemas": "grp-schemas", "Representations": "grp-rep1"}

_NAMESPACES = f'xmlns:mets="{METS_NS}" xmlns:csip="{CSIP_NS}" xmlns:xlink="{XLINK_NS}" xmlns:xsi="{XSI_NS}"'
_CONTENT = (
    f'csip:CONTENTINFORMATIONTYPE="OTHER" csip:OTHERCONTENTINFORMATIONTYPE="{layout.OTHER_CONTENT_INFORMATION_TYPE}"'
)
REP_PREMIS_ID = "digiprov-premis-rep1"
REP_GROUP_ID = "grp-rep1-data"
_AGENT = f"""\
    <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">
      <mets:name>{layout.TOOL_NAME}</mets:name>
      <mets:note csip:NOTETYPE="SOFTWARE VERSION">{__version__}</mets:note>
    </mets:agent>
"""
_STRUCT_MAP_END = f"""\
      <mets:div ID="div-metadata" LABEL="Metadata" ADMID="{PREMIS_ID} {COMPLIANCE_ID}" DMDID="{DMD_ID}"/>
      <mets:div ID="div-documentation" LABEL="Documentation">
        <mets:fptr FILEID="{GROUP_IDS["Documentation"]}"/>
      </mets:div>
      <mets:div ID="div-schemas" LABEL="Schemas">
        <mets:fptr FILEID="{GROUP_IDS["Schemas"]}"/>
      </mets:div>
      <mets:div ID="div-representations" LABEL="Representations">
        <mets:fptr FILEID="{GROUP_IDS["Representations"]}"/>
        <mets:div ID="div-rep1" LABEL="Representations/{layout.REPRESENTATION}">
          <mets:mptr LOCTYPE="URL" xlink:type="simple" xlink:href="{layout.REPRESENTATION_METS_FILE}" \
xlink:title="{GROUP_IDS["Representations"]}"/>
        </mets:div>
      </mets:div>
    </mets:div>
  </mets:structMap>
</mets:mets>
"""


def build_mets(
    capture: Capture,
    dc: PayloadFile,
    premis: PayloadFile,
    compliance: PayloadFile,
    documentation: Sequence[PayloadFile],
    schemas: Sequence[PayloadFile],
    representation: Sequence[PayloadFile],
    text: XmlText,
    submitter: str | None = None,
    submitter_id: str | None = None,
) -> bytes:
    objid = attribute(capture.objid)
    title = capture.data.get("title")
    label = f' LABEL="{attribute(text(title, "/title"))}"' if isinstance(title, str) else ""
    created = attribute(capture.created)
    parts = [DECLARATION, _root(objid, label, capture), _header(created)]
    unit = capture.parsed_footer.unit_in_charge
    if unit:
        name = escaped(text(unit, "/footer/unit_in_charge (parsed)"))
        parts.append(f'    <mets:agent ROLE="ARCHIVIST" TYPE="ORGANIZATION">\n      <mets:name>{name}</mets:name>\n')
        parts.append("    </mets:agent>\n")
    if submitter:
        parts.append(_submitter(submitter, submitter_id))
    url = capture.url
    if url is not None:
        parts.append(f'    <mets:altRecordID TYPE="URL">{escaped(text(url, "/url"))}</mets:altRecordID>\n')
    parts.append("  </mets:metsHdr>\n")

    parts.append(f'  <mets:dmdSec ID="{DMD_ID}" CREATED="{attribute(dc.created)}" STATUS="CURRENT">\n')
    parts.append(_md_ref("    ", dc, "DC"))
    parts.append('  </mets:dmdSec>\n  <mets:amdSec ID="amd">\n')
    parts.append(f'    <mets:digiprovMD ID="{PREMIS_ID}" CREATED="{attribute(premis.created)}" STATUS="CURRENT">\n')
    parts.append(_md_ref("      ", premis, "PREMIS", ' MDTYPEVERSION="3.0"'))
    parts.append("    </mets:digiprovMD>\n")
    parts.append(
        f'    <mets:digiprovMD ID="{COMPLIANCE_ID}" CREATED="{attribute(compliance.created)}" STATUS="CURRENT">\n'
    )
    parts.append(_md_ref("      ", compliance, "OTHER", f' OTHERMDTYPE="{layout.COMPLIANCE_MDTYPE}"'))
    parts.append("    </mets:digiprovMD>\n  </mets:amdSec>\n")

    parts.append('  <mets:fileSec ID="filesec">\n')
    parts.append(_group("Documentation", "Documentation", "doc", documentation, f" {_CONTENT}"))
    parts.append(_group("Schemas", "Schemas", "schema", schemas, f" {_CONTENT}"))
    parts.append(
        _group(
            "Representations",
            f"Representations/{layout.REPRESENTATION}/data",
            "rep1",
            representation,
            f" {_CONTENT}",
        )
    )
    parts.append("  </mets:fileSec>\n")

    parts.append('  <mets:structMap ID="structmap-csip" TYPE="PHYSICAL" LABEL="CSIP">\n')
    parts.append(f'    <mets:div ID="div-package" LABEL="{objid}">\n')
    parts.append(_STRUCT_MAP_END)
    return finish(parts)


def build_representation_mets(capture: Capture, data: Sequence[PayloadFile], premis: PayloadFile) -> bytes:
    """representations/rep1/METS.xml: the representation's files and its PREMIS, referenced from its folder."""
    objid = attribute(f"{capture.objid}/{layout.REPRESENTATION_ROOT}")
    created = attribute(capture.created)
    inside = f"{layout.REPRESENTATION_ROOT}/"
    parts = [DECLARATION, _root(objid, "", capture), _header(created), "  </mets:metsHdr>\n"]
    parts.append(f'  <mets:amdSec ID="amd-rep1">\n    <mets:digiprovMD ID="{REP_PREMIS_ID}" ')
    parts.append(f'CREATED="{attribute(premis.created)}" STATUS="CURRENT">\n')
    parts.append(_md_ref("      ", premis, "PREMIS", ' MDTYPEVERSION="3.0"', inside))
    parts.append('    </mets:digiprovMD>\n  </mets:amdSec>\n  <mets:fileSec ID="filesec-rep1">\n')
    parts.append(_files(REP_GROUP_ID, "Data", "rep1-data", data, f" {_CONTENT}", REP_PREMIS_ID, inside))
    parts.append('  </mets:fileSec>\n  <mets:structMap ID="structmap-rep1" TYPE="PHYSICAL" LABEL="CSIP">\n')
    parts.append(f'    <mets:div ID="div-rep1" LABEL="{objid}">\n')
    parts.append(f'      <mets:div ID="div-rep1-metadata" LABEL="Metadata" ADMID="{REP_PREMIS_ID}"/>\n')
    parts.append(f'      <mets:div ID="div-rep1-data" LABEL="Data">\n        <mets:fptr FILEID="{REP_GROUP_ID}"/>\n')
    parts.append("      </mets:div>\n    </mets:div>\n  </mets:structMap>\n</mets:mets>\n")
    return finish(parts)


def _submitter(name: str, code: str | None) -> str:
    """The submitting agent (SIP15-SIP20), as E-ARK SIP 2.1 and 2.2 write it. The name and code come from the
    configuration, which accepts only text XML can hold (validator.config.agent_text)."""
    note = f'      <mets:note csip:NOTETYPE="IDENTIFICATIONCODE">{escaped(code)}</mets:note>\n' if code else ""
    return (
        '    <mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION">\n'
        f"      <mets:name>{escaped(name)}</mets:name>\n{note}    </mets:agent>\n"
    )


def _root(objid: str, label: str, capture: Capture) -> str:
    return (
        f'<mets:mets {_NAMESPACES} OBJID="{objid}"{label} TYPE="{capture.content_category}" {_CONTENT} '
        f'PROFILE="{layout.SIP_PROFILE}" xsi:schemaLocation="{SCHEMA_LOCATION}">\n'
    )


def _header(created: str) -> str:
    return (
        f'  <mets:metsHdr CREATEDATE="{created}" LASTMODDATE="{created}" RECORDSTATUS="NEW" '
        f'csip:OAISPACKAGETYPE="{layout.OAIS_PACKAGE_TYPE}">\n{_AGENT}'
    )


def _md_ref(indent: str, file: PayloadFile, md_type: str, extra: str = "", inside: str = "") -> str:
    return (
        f'{indent}<mets:mdRef LOCTYPE="URL" MDTYPE="{md_type}" MIMETYPE="{attribute(file.media_type)}" '
        f'SIZE="{file.size}" CREATED="{attribute(file.created)}" CHECKSUM="{file.sha256}" CHECKSUMTYPE="SHA-256" '
        f'LABEL="{attribute(file.path.rsplit("/", 1)[-1])}" xlink:type="simple" '
        f'xlink:href="{attribute(file.path.removeprefix(inside))}"{extra}/>\n'
    )


def _group(key: str, use: str, prefix: str, files: Sequence[PayloadFile], extra: str = "") -> str:
    return _files(GROUP_IDS[key], use, prefix, files, extra, PREMIS_ID if key == "Representations" else None)


def _files(
    group_id: str,
    use: str,
    prefix: str,
    files: Sequence[PayloadFile],
    extra: str,
    premis_id: str | None,
    inside: str = "",
) -> str:
    admid = f' ADMID="{premis_id}"' if premis_id is not None else ""
    lines = []
    for number, file in enumerate(files, 1):
        lines.append(
            f'      <mets:file ID="file-{prefix}-{number}" MIMETYPE="{attribute(file.media_type)}" SIZE="{file.size}" '
            f'CREATED="{attribute(file.created)}" CHECKSUM="{file.sha256}" CHECKSUMTYPE="SHA-256"{admid}>\n'
            f'        <mets:FLocat LOCTYPE="URL" xlink:type="simple" '
            f'xlink:href="{attribute(file.path.removeprefix(inside))}"/>\n'
            "      </mets:file>\n"
        )
    if not lines:
        return f'    <mets:fileGrp ID="{group_id}" USE="{use}"{extra}/>\n'
    return f'    <mets:fileGrp ID="{group_id}" USE="{use}"{extra}>\n{"".join(lines)}    </mets:fileGrp>\n'
