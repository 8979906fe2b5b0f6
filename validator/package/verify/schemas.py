"""The schemas `pav verify` checks against, loaded offline: pav's own (compliance and dc container XSDs, the
METS and PREMIS Schematron profiles) and, when given, the official METS, PREMIS and DCMI XSDs (`--xsd-dir`;
third-party files pav does not ship). A schema that would import another from the network is refused."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from lxml import etree

from validator.package import layout
from validator.package.layout import DC_NS, DCTERMS_NS, METS_NS, PREMIS_NS, XLINK_NS
from validator.package.verify.base import VerifyError
from validator.package.xmlutil import safe_parser
from validator.resources import schema_path

XSD_DIR_ENV = "PAV_XSD_DIR"

_REFERENCE_FILES = (
    ("http://www.w3.org/XML/1998/namespace", ("xml.xsd",), False),
    (XLINK_NS, ("xlink.xsd",), True),  # before METS, so that METS's remote xlink location is never followed
    (METS_NS, ("mets.xsd",), True),
    (PREMIS_NS, ("premis-v3-0.xsd", "premis.xsd", "premis-v3.xsd"), True),
    (DC_NS, ("dc.xsd",), True),
    (DCTERMS_NS, ("dcterms.xsd",), True),
    ("http://purl.org/dc/dcmitype/", ("dcmitype.xsd",), False),
)


def load_reference_schemas(folder: Path) -> etree.XMLSchema:
    """One schema object for METS, PREMIS 3 and Dublin Core from a folder of the official XSDs, offline."""
    if not folder.is_dir():
        raise VerifyError(f"{folder}: no such folder of XML schemas")
    imports = []
    missing = []
    for namespace, names, required in _REFERENCE_FILES:
        found = next((folder / name for name in names if (folder / name).is_file()), None)
        if found is None:
            if required:
                missing.append(names[0])
            continue
        imports.append(f'<xs:import namespace="{namespace}" schemaLocation="{found.resolve().as_uri()}"/>')
    if missing:
        raise VerifyError(f"{folder}: missing {', '.join(missing)} (the official METS, PREMIS 3 and DCMI schemas)")
    catalog = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:pav:reference-catalog">'
        + "".join(imports)
        + "</xs:schema>"
    )
    parser = safe_parser()
    guard = _NoNetwork()
    parser.resolvers.add(guard)
    schema: etree.XMLSchema | None = None
    try:
        document = etree.fromstring(catalog.encode(), parser, base_url=folder.resolve().as_uri() + "/")
        schema = etree.XMLSchema(document)
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as error:
        if not guard.refused:
            raise VerifyError(f"{folder}: the schemas cannot be compiled offline: {error}") from None
    if guard.refused or schema is None:
        raise VerifyError(
            f"{folder}: the schemas import {', '.join(guard.refused)} from the network; pav does not fetch "
            "schemas: put a copy in the folder"
        )
    return schema


def load_package_mets_schema(folder: Path, root: Path) -> tuple[etree.XMLSchema | None, str]:
    """The METS schema a package carries in its schemas/ `folder` (mets.xsd, and xlink.xsd for the xlink
    attributes, names in any case), compiled offline: (schema, where it came from) or (None, why it is not
    used). Nothing outside the package `root` is read: an import or include of another file, or of a URL, makes
    the schema unusable."""
    found = {path.name.lower(): path for path in folder.glob("*") if path.is_file() and not path.is_symlink()}
    if "mets.xsd" not in found:
        return None, "the package carries no schemas/mets.xsd"
    imports = []
    if "xlink.xsd" in found:
        imports.append(f'<xs:import namespace="{XLINK_NS}" schemaLocation="{found["xlink.xsd"].resolve().as_uri()}"/>')
    imports.append(f'<xs:import namespace="{METS_NS}" schemaLocation="{found["mets.xsd"].resolve().as_uri()}"/>')
    catalog = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:pav:package-catalog">'
        + "".join(imports)
        + "</xs:schema>"
    )
    parser = safe_parser()
    guard = _Confined(root.resolve())
    parser.resolvers.add(guard)
    shown = found["mets.xsd"].relative_to(root).as_posix()
    try:
        schema = etree.XMLSchema(etree.fromstring(catalog.encode(), parser, base_url=folder.resolve().as_uri() + "/"))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as error:
        return None, f"the package's {shown} cannot be compiled offline ({str(error)[:120]})"
    if guard.refused:
        return None, f"the package's {shown} imports {', '.join(guard.refused)}, which pav does not read"
    return schema, f"the package's own {shown}"


class _NoNetwork(etree.Resolver):
    """Refuses every schema import that would go to the network (given an empty schema instead)."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:  # type: ignore[override]
        if url and url.split(":", 1)[0].lower() not in ("file", "") and "://" in url:
            self.refused.append(url)
            empty = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>'
            return self.resolve_string(empty, context)  # type: ignore[call-arg]
        return None


EARK_CSIP_PROFILE = "eark-csip.sch"
EARK_SIP_PROFILE = "eark-sip.sch"


class ProfileSchemas:
    """pav's own schemas, loaded once: compliance and dc container XSDs, METS and PREMIS Schematron, and the
    E-ARK CSIP and SIP requirements on METS.xml as Schematron (schemas/eark-csip.sch, eark-sip.sch)."""

    def __init__(self) -> None:
        parser = safe_parser()
        self.compliance = etree.XMLSchema(etree.parse(str(schema_path(layout.COMPLIANCE_XSD)), parser))
        self.dc = etree.XMLSchema(etree.parse(str(schema_path(layout.DC_XSD)), parser))
        isoschematron: Any = importlib.import_module("lxml.isoschematron")
        self.mets: Any = isoschematron.Schematron(
            etree.parse(str(schema_path(layout.METS_PROFILE)), parser), store_report=True
        )
        self.premis: Any = isoschematron.Schematron(
            etree.parse(str(schema_path(layout.PREMIS_PROFILE)), parser), store_report=True
        )
        self.csip: Any = isoschematron.Schematron(
            etree.parse(str(schema_path(EARK_CSIP_PROFILE)), parser), store_report=True
        )
        self.sip: Any = isoschematron.Schematron(
            etree.parse(str(schema_path(EARK_SIP_PROFILE)), parser), store_report=True
        )


class _Confined(_NoNetwork):
    """Refuses the network and every file outside a package (an empty schema instead)."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:  # type: ignore[override]
        if url and url.startswith("file:"):
            from urllib.parse import unquote, urlparse

            path = Path(unquote(urlparse(url).path)).resolve()
            if not path.is_relative_to(self.root):
                self.refused.append(url)
                empty = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>'
                return self.resolve_string(empty, context)  # type: ignore[call-arg]
            return None
        return super().resolve(url, pubid, context)
