"""Names and constants of the package layout: namespaces, paths inside a package, CSIP values pav uses.

A package is a BagIt bag whose payload (`data/`) is an E-ARK CSIP information package:

    <name>/                                  the bag (one page)
      bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
      data/                                  the CSIP information package root
        METS.xml
        metadata/descriptive/dc.xml
        metadata/preservation/premis.xml
        metadata/other/compliance.xml
        representations/rep1/METS.xml        the representation's METS, pointed to from METS.xml
        representations/rep1/metadata/preservation/premis.xml   PREMIS of the representation's file
        representations/rep1/data/<the original bytes>
        schemas/pav-compliance.xsd  schemas/pav-dc.xsd
        documentation/README.txt
"""

from __future__ import annotations

from typing import Final

METS_NS: Final = "http://www.loc.gov/METS/"
XLINK_NS: Final = "http://www.w3.org/1999/xlink"
CSIP_NS: Final = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
PREMIS_NS: Final = "http://www.loc.gov/premis/v3"
XSI_NS: Final = "http://www.w3.org/2001/XMLSchema-instance"
DC_NS: Final = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS: Final = "http://purl.org/dc/terms/"
XML_NS: Final = "http://www.w3.org/XML/1998/namespace"
COMPLIANCE_NS: Final = "urn:pav:compliance:1"
PAV_DC_NS: Final = "urn:pav:dc:1"

CSIP_PROFILE: Final = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
SIP_PROFILE: Final = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"  # METS/@PROFILE of a SIP (E-ARK SIP2)
CONTENT_CATEGORY_PAGE: Final = "Websites"  # CSIP content category vocabulary
CONTENT_CATEGORY_WARC: Final = "Web Archives"
OTHER_CONTENT_INFORMATION_TYPE: Final = "pav web page capture 1.0"
OAIS_PACKAGE_TYPE: Final = "SIP"
COMPLIANCE_MDTYPE: Final = "PAV-COMPLIANCE"

TOOL_NAME: Final = "pav"

# Paths inside the information package (the bag's data/ folder), '/'-separated.
METS_FILE: Final = "METS.xml"
DC_FILE: Final = "metadata/descriptive/dc.xml"
PREMIS_FILE: Final = "metadata/preservation/premis.xml"
COMPLIANCE_FILE: Final = "metadata/other/compliance.xml"
REPRESENTATION: Final = "rep1"
REPRESENTATION_DIR: Final = "representations/rep1/data"
REPRESENTATION_ROOT: Final = "representations/rep1"
REPRESENTATION_METS_FILE: Final = "representations/rep1/METS.xml"  # the representation's own METS (CSIPSTR12)
REPRESENTATION_PREMIS_FILE: Final = "representations/rep1/metadata/preservation/premis.xml"  # CSIPSTR13
SCHEMAS_DIR: Final = "schemas"
DOCUMENTATION_FILE: Final = "documentation/README.txt"

# The project's own schema files (in schemas/ of the project and of the wheel).
COMPLIANCE_XSD: Final = "pav-compliance.xsd"
DC_XSD: Final = "pav-dc.xsd"
METS_PROFILE: Final = "pav-mets-profile.sch"
PREMIS_PROFILE: Final = "pav-premis-profile.sch"
PACKAGE_SCHEMAS: Final = (COMPLIANCE_XSD, DC_XSD)  # copied into every package's schemas/

# BagIt
BAG_PAYLOAD: Final = "data"
BAGIT_TXT: Final = "bagit.txt"
BAG_INFO: Final = "bag-info.txt"
MANIFEST: Final = "manifest-sha256.txt"
TAGMANIFEST: Final = "tagmanifest-sha256.txt"
BAGIT_VERSION: Final = "1.0"
BATCH_REPORT: Final = "batch-report.json"  # `pav package` writes it beside the packages
BATCH_LOCK: Final = ".pav-lock"  # held (flock) by the one `pav package` run writing into the folder
REPORT_HISTORY: Final = ".pav-reports"  # earlier runs' batch reports, kept when a later run writes its own
OBJID_LABEL: Final = "Internal-Sender-Identifier"  # bag-info.txt label carrying the package's OBJID

XML_MEDIA_TYPE: Final = "application/xml"
TEXT_MEDIA_TYPE: Final = "text/plain"

# Media types of the original bytes pav knows how to name and to open (pav verify's usability check).
EXTENSIONS: Final = {
    "application/json": ".json",
    "text/html": ".html",
    "application/xhtml+xml": ".xhtml",
    "text/plain": ".txt",
    "application/warc": ".warc",
    "application/xml": ".xml",
    "text/xml": ".xml",
}
