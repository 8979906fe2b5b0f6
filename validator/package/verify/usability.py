"""可用性 usability: the package can be used in years to come. Its metadata is readable XML, the captured bytes
open as the format they are recorded as, and its file names survive any file system."""

from __future__ import annotations

import importlib
import json
import unicodedata
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from validator.package import layout
from validator.package.layout import METS_NS, PREMIS_NS, XLINK_NS
from validator.package.naming import fold
from validator.package.verify.base import Check, verify_check
from validator.package.verify.package import Package, nfc, premis_text
from validator.package.xmlutil import safe_parser


@verify_check("USE-1", "usability", "the metadata files are readable XML")
def metadata_readable(package: Package, check: Check) -> None:
    """METS.xml is there (CSIPSTR4) and, under the `pav` profile, premis.xml, dc.xml and compliance.xml too
    (PAV-STR-6, PAV-STR-7, PAV-STR-8: pav's conventions, not the standard's); each that is there is
    well-formed XML (XML 1.0). A document that is not is left out of every check that reads it, and those
    checks are reported as not run."""
    for problem in package.xml_problems:
        if not problem.unsafe:
            check.fail(problem.shown, problem.requirement, problem.message)


@verify_check("USE-2", "usability", "the original bytes open and their format is known", profiles=("pav",))
def original_opens(package: Package, check: Check) -> None:
    """METS MIMETYPE and the PREMIS format of every file agree (PAV-METS-9), and every file of the
    representation has a media type pav knows and opens as that type: JSON parses, HTML and XHTML parse,
    XML is well formed, text is UTF-8, a WARC file has a record (PAV-FORMAT). Not run when METS.xml cannot be
    read."""
    tree = package.docs.get("METS")
    if tree is None:
        check.skipped = "METS.xml could not be read"
        return
    premis_formats: dict[str, str] = {}
    premis = package.docs.get("PREMIS")
    if premis is not None:
        for obj in premis.getroot().iterfind(f"{{{PREMIS_NS}}}object"):
            identifier = premis_text(obj, "objectIdentifier/premis:objectIdentifierValue")
            name = premis_text(obj, "objectCharacteristics/premis:format/premis:formatDesignation/premis:formatName")
            if identifier is not None and name is not None:
                premis_formats[nfc(identifier)] = name
    payload = package.payload
    for group in tree.getroot().iterfind(f"{{{METS_NS}}}fileSec/{{{METS_NS}}}fileGrp"):
        representation = (group.get("USE") or "").startswith("Representations")
        for element in group.iterfind(f"{{{METS_NS}}}file"):
            locator = element.find(f"{{{METS_NS}}}FLocat")
            href = locator.get(f"{{{XLINK_NS}}}href") if locator is not None else None
            if not href:
                continue
            key = nfc(href)
            mimetype = element.get("MIMETYPE") or ""
            recorded = premis_formats.get(key)
            if recorded is not None and recorded != mimetype:
                check.fail(package.shown(href), "PAV-METS-9", f"METS says {mimetype}, PREMIS {recorded}")
            target = payload.get(key)
            if not representation or target is None:
                continue
            if mimetype not in layout.EXTENSIONS:
                check.fail(target.path, "PAV-FORMAT", f"format {mimetype or 'unknown'} is not on pav's list")
                continue
            problem = _opens(package.root / target.path, mimetype)
            if problem is not None:
                check.fail(target.path, "PAV-FORMAT", f"does not open as {mimetype}: {problem}")


@verify_check("USE-3", "usability", "file names are portable")
def portable_names(package: Package, check: Check) -> None:
    """Every name in the package is at most 255 bytes, holds no control character or undecodable byte, and
    differs from every other name by more than case or Unicode form, so the package unpacks the same on any
    file system (PAV-NAME). A name not in Unicode NFC (copied through a normalising file system) is noted."""
    seen: dict[str, str] = {}
    for file in package.files.values():
        path = file.path
        if unicodedata.normalize("NFC", path) != path:
            check.notes.append(f"{path}: file name not in Unicode NFC (copied through a normalising file system?)")
        for part in path.split("/"):
            if len(part.encode("utf-8", "surrogateescape")) > 255:
                check.fail(path, "PAV-NAME", "a name longer than 255 bytes")
            if any(unicodedata.category(char) in ("Cc", "Cs") for char in part):
                check.fail(path, "PAV-NAME", "a control character or undecodable byte in the name")
        key = fold(path)
        if key in seen and seen[key] != path:
            check.fail(path, "PAV-NAME", f"differs from {seen[key]} only by case or Unicode form")
        seen[key] = path


def _opens(path: Path, media_type: str) -> str | None:
    data = path.read_bytes()
    if not data:
        return "empty file"
    try:
        if media_type == "application/json":
            json.loads(data.decode("utf-8-sig"))
        elif media_type in ("text/html", "application/xhtml+xml"):
            lxml.html.document_fromstring(data)
        elif media_type in ("application/xml", "text/xml"):
            etree.fromstring(data, safe_parser())
        elif media_type == "text/plain":
            data.decode("utf-8-sig")
        elif media_type == "application/warc":
            return _warc_problem(path)
    except (ValueError, etree.ParserError, etree.XMLSyntaxError) as error:
        return str(error) or type(error).__name__
    return None


def _warc_problem(path: Path) -> str | None:
    archive_iterator: Any = importlib.import_module("warcio.archiveiterator").ArchiveIterator
    try:
        with open(path, "rb") as handle:
            for _ in archive_iterator(handle):
                return None
    except Exception as error:  # warcio raises its own and generic errors for a broken record
        return f"{type(error).__name__}: {error}"
    return "no WARC record"
