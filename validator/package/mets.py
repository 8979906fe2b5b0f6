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
) -> bytes:
    objid = attribute(capture.objid)
    title = capture.data.get("title")
    label = f' LABEL="{attribute(text(title, "/title"))}"' if isinstance(title, str) else ""
    created = attribute(capture.created)
    parts = [
        DECLARATION,
        f'<mets:mets {_NAMESPACES} OBJID="{objid}"{label} TYPE="{capture.content_category}" {_CONTENT} '
        f'PROFILE="{layout.CSIP_PROFILE}" xsi:schemaLocation="{SCHEMA_LOCATION}">\n',
        f'  <mets:metsHdr CREATEDATE="{created}" RECORDSTATUS="NEW" '
        f'csip:OAISPACKAGETYPE="{layout.OAIS_PACKAGE_TYPE}">\n',
        _AGENT,
    ]
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
    parts.append(_group("Documentation", "Documentation", "doc", documentation))
    parts.append(_group("Schemas", "Schemas", "schema", schemas))
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


def _md_ref(indent: str, file: PayloadFile, md_type: str, extra: str = "") -> str:
    return (
        f'{indent}<mets:mdRef LOCTYPE="URL" MDTYPE="{md_type}" MIMETYPE="{attribute(file.media_type)}" '
        f'SIZE="{file.size}" CREATED="{attribute(file.created)}" CHECKSUM="{file.sha256}" CHECKSUMTYPE="SHA-256" '
        f'LABEL="{attribute(file.path.rsplit("/", 1)[-1])}" xlink:type="simple" '
        f'xlink:href="{attribute(file.path)}"{extra}/>\n'
    )


def _group(key: str, use: str, prefix: str, files: Sequence[PayloadFile], extra: str = "") -> str:
    group_id = GROUP_IDS[key]
    admid = f' ADMID="{PREMIS_ID}"' if key == "Representations" else ""
    lines = []
    for number, file in enumerate(files, 1):
        lines.append(
            f'      <mets:file ID="file-{prefix}-{number}" MIMETYPE="{attribute(file.media_type)}" SIZE="{file.size}" '
            f'CREATED="{attribute(file.created)}" CHECKSUM="{file.sha256}" CHECKSUMTYPE="SHA-256"{admid}>\n'
            f'        <mets:FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="{attribute(file.path)}"/>\n'
            "      </mets:file>\n"
        )
    if not lines:
        return f'    <mets:fileGrp ID="{group_id}" USE="{use}"{extra}/>\n'
    return f'    <mets:fileGrp ID="{group_id}" USE="{use}"{extra}>\n{"".join(lines)}    </mets:fileGrp>\n'
