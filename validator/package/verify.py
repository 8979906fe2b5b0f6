"""`pav verify`: check packages without trusting the bookkeeping of the tool that wrote them.

Every file is read and hashed here, and every claim about it (BagIt manifests, Payload-Oxum, METS sizes and
checksums, PREMIS fixity, compliance.xml's digest of the original bytes, the OBJID derived from the capture)
is compared with what is really there. bagit-python (the Library of Congress implementation) gives its own
verdict on the bag. The METS and PREMIS documents are checked against pav's profiles (Schematron, with the
E-ARK CSIP requirement ids), compliance.xml and the dc.xml container against pav's XSDs, and METS, PREMIS and
the Dublin Core elements against the official XSDs when they are given (`xsd_dir`; they are third-party
files pav does not ship). Nothing is fetched from the network; XML is parsed without entities or DTDs.

The checks are grouped under the four properties of DA/T 70-2018 (the checks Chinese archives make on every
transfer): 真实性 authenticity (fixity, values of the right type, recorded paths equal actual paths),
完整性 integrity (required metadata present, every file accounted for, counts match), 可用性 usability
(metadata readable, content opens, formats known, names portable) and 安全性 security (safe container, no
encryption, safe XML; the virus check is left to the archive's scanner and reported as not run).

A zip is checked member by member (no absolute paths, no `..`, no symlinks, one root folder, bounded sizes)
before it is unpacked into a temporary folder and verified exactly like a folder, so the zipped and the
unzipped copy of a package get the same verdict and the same messages.

Requirement ids in messages: CSIPn / CSIPSTRn (E-ARK CSIP), RFC8493 (BagIt), PAV-METS-n and PAV-PREMIS-n (pav's
profiles, schemas/pav-*-profile.sch; n > 6 and n > 23 are checked in code here, see `CODE_REQUIREMENTS`).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import stat
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import lxml.html
from lxml import etree

from validator.package import layout
from validator.package.capture import package_id
from validator.package.layout import COMPLIANCE_NS, DC_NS, DCTERMS_NS, METS_NS, PREMIS_NS, XLINK_NS, XSI_NS
from validator.package.naming import fold
from validator.package.xmlutil import safe_parser
from validator.resources import schema_path

Property = Literal["authenticity", "integrity", "usability", "security"]
Status = Literal["pass", "fail", "skipped"]
PROPERTIES: dict[Property, str] = {
    "authenticity": "真实性",
    "integrity": "完整性",
    "usability": "可用性",
    "security": "安全性",
}
XSD_DIR_ENV = "PAV_XSD_DIR"
MAX_ZIP_MEMBERS = 100_000
MAX_UNZIPPED_BYTES = 16 * 1024**3
MAX_COMPRESSION_RATIO = 1000
_BAG_TAG_FILES = (layout.BAGIT_TXT, layout.BAG_INFO, layout.MANIFEST)
# External-Identifier is the page URL: required when the page has one (checked with the identity, AUT-5).
_REQUIRED_BAG_INFO = ("Bagging-Date", "Payload-Oxum", "Bag-Software-Agent", layout.OBJID_LABEL)
_XML_FILES = {
    "METS": layout.METS_FILE,
    "PREMIS": layout.PREMIS_FILE,
    "DC": layout.DC_FILE,
    "compliance": layout.COMPLIANCE_FILE,
}
_SVRL = "{http://purl.oclc.org/dsdl/svrl}"

# Requirements pav checks in code (the others are asserts of the Schematron profiles or CSIP/BagIt ids).
CODE_REQUIREMENTS = {
    "PAV-METS-7": "every file of the package but METS.xml is referenced from METS.xml exactly once",
    "PAV-METS-8": "the OBJID is the urn:uuid derived from the page URL, capture time and the original bytes",
    "PAV-METS-9": "METS MIMETYPE, PREMIS format and the compliance media type agree",
    "PAV-PREMIS-24": "every file but METS.xml and premis.xml has a PREMIS file object",
    "PAV-PREMIS-25": "each PREMIS file object's SHA-256 and size are those of its file",
    "PAV-PREMIS-26": "the PREMIS intellectual entity is the package's OBJID",
    "PAV-PREMIS-27": "the PREMIS validation event agrees with compliance.xml (outcome, failed rules)",
    "PAV-COMPLIANCE-1": "compliance.xml's verdict follows from its findings and fail-on setting",
    "PAV-COMPLIANCE-2": "compliance.xml's digest and size of the original bytes are those of the file",
    "PAV-FORMAT": "the original bytes have a media type pav knows and open as that type",
    "PAV-NAME": "file names are at most 255 bytes, without control characters, unique ignoring case",
    "SEC-ZIP": "zip members: relative paths inside one root folder, no '..', no links, not encrypted, bounded",
    "SEC-LINK": "no symbolic links or special files in the package (they are never followed)",
    "SEC-XML": "no DTD or entity declarations in the metadata (never expanded, never fetched)",
    "SEC-ENCRYPTION": "no PREMIS inhibitors (encryption) declared",
}


class VerifyError(Exception):
    """A path or option that cannot be used (missing path, unusable schema folder): a usage error."""


@dataclass(frozen=True, slots=True)
class Failure:
    file: str  # relative to the package (bag) root, '/'-separated; "." for the package as a whole
    requirement: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.requirement}: {self.message}"


@dataclass(slots=True)
class Check:
    id: str
    aspect: Property  # the DA/T 70 property the check serves
    title: str
    failures: list[Failure] = field(default_factory=list)
    skipped: str | None = None  # why the check did not run
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> Status:
        if self.failures:
            return "fail"
        return "skipped" if self.skipped is not None else "pass"

    def fail(self, file: str, requirement: str, message: str) -> None:
        failure = Failure(file, requirement, message)
        if failure not in self.failures:
            self.failures.append(failure)

    def to_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": self.id, "title": self.title, "status": self.status}
        if self.skipped is not None:
            entry["skipped"] = self.skipped
        if self.notes:
            entry["notes"] = list(self.notes)
        entry["failures"] = [
            {"file": f.file, "requirement": f.requirement, "message": f.message} for f in self.failures
        ]
        return entry


@dataclass(slots=True)
class PackageReport:
    path: str
    container: Literal["dir", "zip"]
    checks: list[Check]
    objid: str | None = None

    @property
    def intact(self) -> bool:
        return not any(check.failures for check in self.checks)

    @property
    def failures(self) -> list[Failure]:
        return [failure for check in self.checks for failure in check.failures]

    def by_property(self) -> dict[Property, list[Check]]:
        grouped: dict[Property, list[Check]] = {name: [] for name in PROPERTIES}
        for check in self.checks:
            grouped[check.aspect].append(check)
        return grouped

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "container": self.container,
            "objid": self.objid,
            "intact": self.intact,
            "properties": {
                name: {
                    "label": f"{PROPERTIES[name]} {name}",
                    "status": _property_status(checks),
                    "checks": [check.to_dict() for check in checks],
                }
                for name, checks in self.by_property().items()
            },
        }


def _property_status(checks: list[Check]) -> Status:
    if any(check.failures for check in checks):
        return "fail"
    return "pass" if any(check.status == "pass" for check in checks) else "skipped"


# -- schemas -------------------------------------------------------------------------------------------------

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


class ProfileSchemas:
    """pav's own schemas, loaded once: compliance and dc container XSDs, METS and PREMIS Schematron."""

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


# -- finding packages ----------------------------------------------------------------------------------------


def iter_targets(path: Path) -> Iterator[tuple[Path, Literal["dir", "zip"]]]:
    """The packages at `path`: a package folder, a zip, or a folder holding packages (folders and zips)."""
    if path.is_file():
        yield path, "zip"
        return
    if not path.is_dir():
        raise VerifyError(f"{path}: no such file or directory")
    if _looks_like_bag(path):
        yield path, "dir"
        return
    found = False
    for entry in sorted(os.scandir(path), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            found = True
            yield Path(entry.path), "dir"
        elif entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(".zip"):
            found = True
            yield Path(entry.path), "zip"
    if not found:
        raise VerifyError(f"{path}: not a package, a zip, or a folder of packages")


def _looks_like_bag(path: Path) -> bool:
    return any((path / name).exists() for name in (*_BAG_TAG_FILES, layout.BAG_PAYLOAD))


# -- verification ----------------------------------------------------------------------------------------------


class Verifier:
    """Verifies packages; schemas are loaded once for all of them."""

    def __init__(self, reference: etree.XMLSchema | None = None) -> None:
        self.reference = reference
        self.profiles = ProfileSchemas()

    def verify(self, path: Path) -> list[PackageReport]:
        return [self.verify_one(target, kind) for target, kind in iter_targets(path)]

    def verify_one(self, path: Path, kind: Literal["dir", "zip"]) -> PackageReport:
        if kind == "dir":
            container = Check("SEC-1", "security", "the container is safe to open")
            container.notes.append("a folder (no archive to unpack)")
            return _PackageCheck(self, path, container).run(str(path), "dir")
        return self._verify_zip(path)

    def _verify_zip(self, path: Path) -> PackageReport:
        container = Check("SEC-1", "security", "the container is safe to open")
        with tempfile.TemporaryDirectory(prefix="pav-verify-") as scratch:
            root = _unpack(path, Path(scratch), container)
            if root is None:
                report = PackageReport(str(path), "zip", [container])
                for check in _all_checks():
                    if check.id != "SEC-1":
                        check.skipped = "the zip was not unpacked (see 安全性 security)"
                        report.checks.append(check)
                return report
            return _PackageCheck(self, root, container).run(str(path), "zip")


def _all_checks() -> list[Check]:
    return [
        Check("AUT-1", "authenticity", "BagIt fixity: every file has the SHA-256 its manifest records"),
        Check("AUT-2", "authenticity", "METS.xml sizes and checksums are those of the files"),
        Check("AUT-3", "authenticity", "PREMIS fixity and sizes are those of the files"),
        Check("AUT-4", "authenticity", "the XML metadata is valid against its schemas"),
        Check("AUT-5", "authenticity", "identity: OBJID, URL and capture agree everywhere and with the bytes"),
        Check("INT-1", "integrity", "BagIt completeness: every payload file is in the manifest and vice versa"),
        Check("INT-2", "integrity", "E-ARK CSIP folder structure"),
        Check("INT-3", "integrity", "METS.xml meets the E-ARK CSIP requirements pav claims"),
        Check("INT-4", "integrity", "METS.xml references every file exactly once and nothing else"),
        Check("INT-5", "integrity", "PREMIS describes every file, the events and the agent"),
        Check("INT-6", "integrity", "compliance.xml is complete and agrees with PREMIS"),
        Check("USE-1", "usability", "the metadata files are readable XML"),
        Check("USE-2", "usability", "the original bytes open and their format is known"),
        Check("USE-3", "usability", "file names are portable"),
        Check("SEC-1", "security", "the container is safe to open"),
        Check("SEC-2", "security", "no links or special files"),
        Check("SEC-3", "security", "no encryption"),
        Check("SEC-4", "security", "the XML declares no DTD or entities"),
        Check("SEC-5", "security", "virus check"),
    ]


def _unpack(path: Path, scratch: Path, check: Check) -> Path | None:
    """Check every member, then unpack into `scratch`; the package root folder, or None when unsafe."""
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        check.fail(name, "CSIPSTR3", f"not a readable zip: {error}")
        return None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            check.fail(name, "SEC-ZIP", f"{len(members)} members; at most {MAX_ZIP_MEMBERS} are unpacked")
            return None
        total = sum(info.file_size for info in members)
        if total > MAX_UNZIPPED_BYTES:
            check.fail(name, "SEC-ZIP", f"unpacks to {total} bytes, more than the {MAX_UNZIPPED_BYTES} allowed")
        roots: set[str] = set()
        seen: dict[str, str] = {}
        for info in members:
            member = info.filename
            roots.add(member.split("/", 1)[0])
            problem = _unsafe_member(info)
            if problem is not None:
                check.fail(member, "SEC-ZIP", problem)
                continue
            key = fold(member.rstrip("/"))
            if key in seen:
                check.fail(member, "SEC-ZIP", f"the same name as {seen[key]!r} once unpacked (case or Unicode form)")
            seen[key] = member
            if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
                check.fail(member, "SEC-ZIP", f"compressed {info.file_size // info.compress_size}:1 (zip bomb?)")
        if len(roots) != 1 or any("/" not in info.filename for info in members if not info.is_dir()):
            check.fail(name, "CSIPSTR1", "the zip must unpack to a single root folder holding the package")
        if check.failures:
            return None
        for info in members:
            target = scratch / info.filename
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, open(target, "xb") as sink:
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                check.fail(info.filename, "SEC-ZIP", f"cannot be unpacked: {error}")
                return None
    return scratch / roots.pop()


def _unsafe_member(info: zipfile.ZipInfo) -> str | None:
    member = info.filename
    if not member or member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":"):
        return "absolute path"
    if "\\" in member:
        return "backslash in a member name (a path separator on Windows)"
    parts = member.rstrip("/").split("/")
    if any(part in ("..", ".", "") for part in parts):
        return "'..', '.' or an empty component in the path"
    if any(unicodedata.category(char) == "Cc" for char in member):
        return "control character in the name"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "not a regular file or folder"
    if info.flag_bits & 0x1:
        return "encrypted member"
    return None


@dataclass(slots=True)
class _File:
    path: str  # relative to the bag root, as on disk
    size: int
    sha256: str


class _PackageCheck:
    """The checks of one unpacked package folder."""

    def __init__(self, verifier: Verifier, root: Path, container: Check) -> None:
        self.verifier = verifier
        self.root = root
        self.checks = {check.id: check for check in _all_checks()}
        self.checks["SEC-1"] = container
        self.files: dict[str, _File] = {}  # NFC relative path -> file
        self.unsafe = False
        self.docs: dict[str, etree._ElementTree] = {}
        self.objid: str | None = None
        self.bag_info: dict[str, str] = {}

    def c(self, check_id: str) -> Check:
        return self.checks[check_id]

    def run(self, shown_path: str, kind: Literal["dir", "zip"]) -> PackageReport:
        self._inventory()
        self._bagit()
        self._structure()
        self._parse_xml()
        self._schemas()
        self._profiles()
        self._mets_references()
        self._premis_objects()
        self._compliance()
        self._identity()
        self._representation()
        self._names()
        self._encryption()
        self.c("SEC-5").skipped = "pav has no virus scanner; run the archive's scanner on the package"
        return PackageReport(shown_path, kind, list(self.checks.values()), self.objid)

    # -- files ---------------------------------------------------------------------------------------------

    def _inventory(self) -> None:
        check = self.c("SEC-2")
        if not self.root.is_dir():
            self.c("INT-1").fail(".", "RFC8493", "the package folder does not exist")
            return
        for folder, dirs, names in os.walk(self.root):
            for name in [*dirs, *names]:
                full = Path(folder) / name
                relative = full.relative_to(self.root).as_posix()
                mode = full.lstat().st_mode
                if stat.S_ISLNK(mode):
                    check.fail(relative, "SEC-LINK", "symbolic link (not followed)")
                    self.unsafe = True
                elif not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                    check.fail(relative, "SEC-LINK", "not a regular file or folder")
                    self.unsafe = True
                elif stat.S_ISREG(mode):
                    self.files[unicodedata.normalize("NFC", relative)] = _File(relative, *_digest(full))
            dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]

    def get(self, relative: str) -> _File | None:
        return self.files.get(unicodedata.normalize("NFC", relative))

    def payload(self) -> dict[str, _File]:
        """Files under data/, keyed by their path inside the information package (NFC)."""
        prefix = layout.BAG_PAYLOAD + "/"
        return {path[len(prefix) :]: file for path, file in self.files.items() if path.startswith(prefix)}

    # -- BagIt ---------------------------------------------------------------------------------------------

    def _bagit(self) -> None:
        fixity, completeness = self.c("AUT-1"), self.c("INT-1")
        bagit_txt = self.get(layout.BAGIT_TXT)
        if bagit_txt is None:
            completeness.fail(layout.BAGIT_TXT, "RFC8493 §2.1.1", "bagit.txt is missing: this is not a bag")
        else:
            text = (self.root / bagit_txt.path).read_bytes().decode("utf-8", "replace")
            if "BagIt-Version:" not in text or "Tag-File-Character-Encoding:" not in text:
                completeness.fail(layout.BAGIT_TXT, "RFC8493 §2.1.1", "must declare BagIt-Version and the encoding")
        if not (self.root / layout.BAG_PAYLOAD).is_dir():
            completeness.fail(layout.BAG_PAYLOAD, "RFC8493 §2.1.2", "the payload folder data/ is missing")
        info = self._read_bag_info(completeness)
        manifest = self._read_manifest(layout.MANIFEST, completeness)
        if manifest is not None:
            payload = {path for path in self.files if path.startswith(layout.BAG_PAYLOAD + "/")}
            for path, digest in manifest.items():
                file = self.get(path)
                if file is None:
                    completeness.fail(path, "RFC8493 §3", f"listed in {layout.MANIFEST} but missing")
                elif file.sha256 != digest.lower():
                    fixity.fail(path, "RFC8493 §3", f"SHA-256 is {file.sha256}, {layout.MANIFEST} records {digest}")
            listed = {unicodedata.normalize("NFC", p) for p in manifest}
            for path in sorted(payload - listed):
                completeness.fail(path, "RFC8493 §3", f"payload file not listed in {layout.MANIFEST}")
        tagmanifest = self._read_manifest(layout.TAGMANIFEST, completeness)
        if tagmanifest is not None:
            for path, digest in tagmanifest.items():
                file = self.get(path)
                if file is None:
                    completeness.fail(path, "RFC8493 §2.2.1", f"listed in {layout.TAGMANIFEST} but missing")
                elif file.sha256 != digest.lower():
                    fixity.fail(
                        path, "RFC8493 §2.2.1", f"SHA-256 is {file.sha256}, {layout.TAGMANIFEST} records {digest}"
                    )
            for name in _BAG_TAG_FILES:
                if name not in tagmanifest and self.get(name) is not None:
                    completeness.fail(name, "RFC8493 §2.2.1", f"tag file not listed in {layout.TAGMANIFEST}")
        if info is not None:
            oxum = info.get("Payload-Oxum")
            if oxum is not None:
                payload_files = self.payload()
                actual = f"{sum(f.size for f in payload_files.values())}.{len(payload_files)}"
                if oxum != actual:
                    fixity.fail(layout.BAG_INFO, "RFC8493 §2.2.2", f"Payload-Oxum is {oxum}; the payload is {actual}")
        self._bagit_python(fixity, completeness)

    def _read_bag_info(self, check: Check) -> dict[str, str] | None:
        file = self.get(layout.BAG_INFO)
        if file is None:
            check.fail(layout.BAG_INFO, "RFC8493 §2.2.2", "bag-info.txt is missing")
            return None
        info: dict[str, str] = {}
        text = (self.root / file.path).read_bytes().decode("utf-8", "replace")
        for line in text.splitlines():
            label, sep, value = line.partition(":")
            if sep and not line[:1].isspace():
                info.setdefault(label.strip(), value.strip())
        for label in _REQUIRED_BAG_INFO:
            if not info.get(label):
                check.fail(layout.BAG_INFO, "RFC8493 §2.2.2", f"{label} is missing")
        self.bag_info = info
        return info

    def _read_manifest(self, name: str, check: Check) -> dict[str, str] | None:
        file = self.get(name)
        if file is None:
            check.fail(name, "RFC8493 §2.1.3" if name == layout.MANIFEST else "RFC8493 §2.2.1", f"{name} is missing")
            return None
        entries: dict[str, str] = {}
        for number, line in enumerate((self.root / file.path).read_bytes().decode("utf-8", "replace").splitlines(), 1):
            if not line.strip():
                continue
            digest, _, path = line.partition(" ")
            path = path.strip().replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
            if len(digest) != 64 or not path:
                check.fail(name, "RFC8493 §2.1.3", f"line {number} is not 'SHA-256  path'")
                continue
            if path.startswith("/") or ".." in path.split("/"):
                self.c("SEC-2").fail(name, "RFC8493 §2.1.3", f"line {number}: path {path!r} leaves the bag")
                continue
            entries[path] = digest
        return entries

    def _bagit_python(self, fixity: Check, completeness: Check) -> None:
        """bagit-python's own verdict; its details are added where the checks above did not already say so."""
        if self.unsafe:
            completeness.notes.append("bagit-python not run: the package holds links or special files")
            return
        bagit: Any = importlib.import_module("bagit")
        version = getattr(bagit, "VERSION", "?")
        logger = logging.getLogger("bagit")
        level = logger.level
        logger.setLevel(logging.CRITICAL)
        try:
            bag = bagit.Bag(str(self.root))
            missing, extra = bag.compare_manifests_with_fs()
            for path in missing:
                self._bagit_failure(completeness, path, "listed in the manifest but missing")
            for path in extra:
                self._bagit_failure(completeness, path, "not listed in the manifest")
            bag.validate()
        except bagit.BagValidationError as error:
            for detail in error.details:
                path = getattr(detail, "path", ".")
                target = fixity if isinstance(detail, bagit.ChecksumMismatch) else completeness
                self._bagit_failure(target, path, str(detail))
            if not error.details:
                where = layout.BAG_INFO if "Oxum" in str(error.message) else "."
                self._bagit_failure(fixity if where == layout.BAG_INFO else completeness, where, str(error.message))
        except bagit.BagError as error:
            self._bagit_failure(completeness, ".", str(error))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            self._bagit_failure(completeness, ".", f"{type(error).__name__}: {error}")
        finally:
            logger.setLevel(level)
        completeness.notes.append(f"bagit-python {version} also validated the bag")

    def _bagit_failure(self, check: Check, path: str, message: str) -> None:
        path = unicodedata.normalize("NFC", str(path))
        if any(f.file == path for f in check.failures):
            return
        check.fail(path, "RFC8493 (bagit-python)", message)

    # -- structure and XML -----------------------------------------------------------------------------------

    def _structure(self) -> None:
        """CSIP folders, judged by the files they hold (an empty folder is as good as none, and is lost in a zip)."""
        check = self.c("INT-2")
        payload = self.payload()
        if layout.METS_FILE not in payload:
            check.fail(f"{layout.BAG_PAYLOAD}/{layout.METS_FILE}", "CSIPSTR4", "required file is missing")
        required = (
            ("metadata", "CSIPSTR5"),
            ("metadata/preservation", "CSIPSTR6"),
            ("metadata/descriptive", "CSIPSTR7"),
            ("representations", "CSIPSTR9"),
            (f"representations/{layout.REPRESENTATION}", "CSIPSTR10"),
            (layout.REPRESENTATION_DIR, "CSIPSTR11"),
            ("schemas", "CSIPSTR15"),
            ("documentation", "CSIPSTR16"),
        )
        for folder, requirement in required:
            if not any(path.startswith(folder + "/") for path in payload):
                check.fail(f"{layout.BAG_PAYLOAD}/{folder}", requirement, "required folder is missing or holds no file")

    def _parse_xml(self) -> None:
        readable, safe = self.c("USE-1"), self.c("SEC-4")
        for label, relative in _XML_FILES.items():
            shown = f"{layout.BAG_PAYLOAD}/{relative}"
            file = self.get(shown)
            if file is None:
                readable.fail(shown, _missing_requirement(label), f"{label} metadata file is missing")
                continue
            data = (self.root / file.path).read_bytes()
            try:
                tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
            except etree.XMLSyntaxError as error:
                readable.fail(shown, "XML 1.0", f"not well-formed XML: {error}")
                continue
            docinfo = tree.docinfo
            if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None or b"<!ENTITY" in data:
                safe.fail(shown, "SEC-XML", "declares a DTD or entities; pav packages never do")
                continue
            self.docs[label] = tree

    def _schemas(self) -> None:
        check = self.c("AUT-4")
        profiles = self.verifier.profiles
        compliance = self.docs.get("compliance")
        if compliance is not None:
            _validate(check, profiles.compliance, compliance, f"data/{layout.COMPLIANCE_FILE}", layout.COMPLIANCE_XSD)
        dc = self.docs.get("DC")
        if dc is not None:
            _validate(check, profiles.dc, dc, f"data/{layout.DC_FILE}", layout.DC_XSD)
        reference = self.verifier.reference
        if reference is None:
            check.notes.append(
                "official METS, PREMIS and DCMI schemas not checked: give their folder with --xsd-dir or "
                f"{XSD_DIR_ENV} (pav does not ship third-party schemas)"
            )
            return
        check.notes.append("official METS, PREMIS and DCMI schemas checked")
        for label, requirement in (("METS", "METS XSD (CSIP0)"), ("PREMIS", "PREMIS 3 XSD")):
            tree = self.docs.get(label)
            if tree is not None:
                _validate(check, reference, tree, f"data/{_XML_FILES[label]}", requirement)
        if dc is not None:
            for element in dc.getroot():
                if isinstance(element.tag, str):
                    _validate(check, reference, element, f"data/{layout.DC_FILE}", "DCMI XSD")

    def _profiles(self) -> None:
        profiles = self.verifier.profiles
        for label, check_id, schematron in (("METS", "INT-3", profiles.mets), ("PREMIS", "INT-5", profiles.premis)):
            tree = self.docs.get(label)
            if tree is None:
                self.c(check_id).skipped = f"{_XML_FILES[label]} could not be read"
                continue
            if schematron.validate(tree):
                continue
            for failed in schematron.validation_report.iter(f"{_SVRL}failed-assert"):
                message = " ".join("".join(failed.itertext()).split())
                self.c(check_id).fail(f"data/{_XML_FILES[label]}", failed.get("id") or "profile", message)

    # -- METS ----------------------------------------------------------------------------------------------

    def _mets_references(self) -> None:
        tree = self.docs.get("METS")
        coverage, sums = self.c("INT-4"), self.c("AUT-2")
        if tree is None:
            coverage.skipped = sums.skipped = "METS.xml could not be read"
            return
        root = tree.getroot()
        self.objid = root.get("OBJID")
        payload = self.payload()
        referenced: dict[str, str] = {}
        mets_file = f"{layout.BAG_PAYLOAD}/{layout.METS_FILE}"
        for element in root.iter(f"{{{METS_NS}}}mdRef", f"{{{METS_NS}}}file"):
            if element.tag == f"{{{METS_NS}}}file":
                locator = element.find(f"{{{METS_NS}}}FLocat")
                href = locator.get(f"{{{XLINK_NS}}}href") if locator is not None else None
                ids = ("CSIP79", "CSIP69", "CSIP71")
            else:
                href = element.get(f"{{{XLINK_NS}}}href")
                in_dmd = element.getparent() is not None and element.getparent().tag == f"{{{METS_NS}}}dmdSec"  # type: ignore[union-attr]
                ids = ("CSIP24", "CSIP27", "CSIP29") if in_dmd else ("CSIP38", "CSIP41", "CSIP43")
            if not href:
                continue
            key = unicodedata.normalize("NFC", href)
            if key in referenced:
                coverage.fail(mets_file, "PAV-METS-7", f"{href} is referenced more than once")
                continue
            referenced[key] = href
            target = payload.get(key)
            if target is None:
                coverage.fail(f"{layout.BAG_PAYLOAD}/{href}", ids[0], "referenced from METS.xml but not in the package")
                continue
            size = element.get("SIZE")
            if size != str(target.size):
                sums.fail(target.path, ids[1], f"size is {target.size} bytes, METS.xml records {size}")
            checksum = (element.get("CHECKSUM") or "").lower()
            if checksum != target.sha256:
                sums.fail(target.path, ids[2], f"SHA-256 is {target.sha256}, METS.xml records {checksum or 'none'}")
        for path in sorted(set(payload) - set(referenced) - {layout.METS_FILE}):
            coverage.fail(f"{layout.BAG_PAYLOAD}/{path}", "CSIP58", "in the package but not referenced from METS.xml")

    # -- PREMIS --------------------------------------------------------------------------------------------

    def _premis_objects(self) -> None:
        tree = self.docs.get("PREMIS")
        objects, fixity = self.c("INT-5"), self.c("AUT-3")
        if tree is None:
            objects.skipped = objects.skipped or "premis.xml could not be read"
            fixity.skipped = "premis.xml could not be read"
            return
        premis_file = f"{layout.BAG_PAYLOAD}/{layout.PREMIS_FILE}"
        payload = self.payload()
        described: set[str] = set()
        for obj in tree.getroot().iterfind(f"{{{PREMIS_NS}}}object"):
            kind = (obj.get(f"{{{XSI_NS}}}type") or "").rsplit(":", 1)[-1]
            identifier = _text(obj, "objectIdentifier/premis:objectIdentifierValue")
            if kind == "intellectualEntity":
                urn = [
                    _text(i, "objectIdentifierValue")
                    for i in obj.iterfind(f"{{{PREMIS_NS}}}objectIdentifier")
                    if _text(i, "objectIdentifierType") == "URN"
                ]
                if self.objid is not None and self.objid not in urn:
                    objects.fail(premis_file, "PAV-PREMIS-26", f"the intellectual entity is not {self.objid}")
                continue
            if kind != "file" or identifier is None:
                continue
            key = unicodedata.normalize("NFC", identifier)
            described.add(key)
            target = payload.get(key)
            if target is None:
                objects.fail(
                    f"{layout.BAG_PAYLOAD}/{identifier}",
                    "PAV-PREMIS-24",
                    "described in premis.xml but not in the package",
                )
                continue
            digest = (_text(obj, "objectCharacteristics/premis:fixity/premis:messageDigest") or "").lower()
            if digest != target.sha256:
                fixity.fail(
                    target.path, "PAV-PREMIS-25", f"SHA-256 is {target.sha256}, premis.xml records {digest or 'none'}"
                )
            size = _text(obj, "objectCharacteristics/premis:size")
            if size != str(target.size):
                fixity.fail(target.path, "PAV-PREMIS-25", f"size is {target.size} bytes, premis.xml records {size}")
        for path in sorted(set(payload) - described - {layout.METS_FILE, layout.PREMIS_FILE}):
            objects.fail(f"{layout.BAG_PAYLOAD}/{path}", "PAV-PREMIS-24", "no PREMIS file object describes this file")

    # -- compliance ----------------------------------------------------------------------------------------

    def _compliance(self) -> None:
        check = self.c("INT-6")
        tree = self.docs.get("compliance")
        shown = f"{layout.BAG_PAYLOAD}/{layout.COMPLIANCE_FILE}"
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
        source = root.find("c:source", ns)
        if source is not None:
            target = self.payload().get(unicodedata.normalize("NFC", source.get("file", "")))
            if target is None:
                check.fail(shown, "PAV-COMPLIANCE-2", f"the original bytes {source.get('file')} are not in the package")
            else:
                if source.get("sha256") != target.sha256:
                    self.c("AUT-5").fail(
                        target.path,
                        "PAV-COMPLIANCE-2",
                        f"SHA-256 is {target.sha256}, compliance.xml records {source.get('sha256')}",
                    )
                if source.get("size") != str(target.size):
                    self.c("AUT-5").fail(
                        target.path,
                        "PAV-COMPLIANCE-2",
                        f"size is {target.size}, compliance.xml records {source.get('size')}",
                    )
        premis = self.docs.get("PREMIS")
        if premis is None:
            return
        for event in premis.getroot().iterfind(f"{{{PREMIS_NS}}}event"):
            if _text(event, "eventType") != "validation":
                continue
            premis_outcome = _text(event, "eventOutcomeInformation/premis:eventOutcome")
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
                    f"{layout.BAG_PAYLOAD}/{layout.PREMIS_FILE}",
                    "PAV-PREMIS-27",
                    f"validation event says {premis_outcome} ({' '.join(premis_rules) or 'none'}), compliance.xml "
                    f"says {outcome} ({' '.join(recorded) or 'none'})",
                )

    # -- identity ------------------------------------------------------------------------------------------

    def _identity(self) -> None:
        check = self.c("AUT-5")
        compliance = self.docs.get("compliance")
        info = self.bag_info
        if self.objid is not None and info.get(layout.OBJID_LABEL) not in (None, self.objid):
            check.fail(layout.BAG_INFO, "PAV-METS-8", f"{layout.OBJID_LABEL} is not the METS OBJID {self.objid}")
        if compliance is None or self.objid is None:
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
        dc = self.docs.get("DC")
        if dc is not None and url is not None:
            identifiers = [e.text for e in dc.getroot().iterfind(f"{{{DC_NS}}}identifier")]
            if url not in identifiers:
                check.fail(
                    f"{layout.BAG_PAYLOAD}/{layout.DC_FILE}", "PAV-METS-8", f"dc:identifier is not the page URL {url}"
                )
        target = self.payload().get(unicodedata.normalize("NFC", source.get("file", "")))
        if target is None:
            return
        if {"/url", "/captured_at"} & repaired:
            check.notes.append("OBJID not re-derived: the URL or capture time held characters XML cannot carry")
            return
        expected = package_id(written_url, page.get("capturedAt"), target.sha256)  # a blank URL is keyed as written
        if expected != self.objid:
            check.fail(
                f"{layout.BAG_PAYLOAD}/{layout.METS_FILE}",
                "PAV-METS-8",
                f"OBJID {self.objid} is not derived from this capture (URL, capture time and the bytes of "
                f"{target.path} give {expected})",
            )

    # -- usability -----------------------------------------------------------------------------------------

    def _representation(self) -> None:
        check = self.c("USE-2")
        tree = self.docs.get("METS")
        if tree is None:
            check.skipped = "METS.xml could not be read"
            return
        premis_formats: dict[str, str] = {}
        premis = self.docs.get("PREMIS")
        if premis is not None:
            for obj in premis.getroot().iterfind(f"{{{PREMIS_NS}}}object"):
                identifier = _text(obj, "objectIdentifier/premis:objectIdentifierValue")
                name = _text(obj, "objectCharacteristics/premis:format/premis:formatDesignation/premis:formatName")
                if identifier is not None and name is not None:
                    premis_formats[unicodedata.normalize("NFC", identifier)] = name
        payload = self.payload()
        for group in tree.getroot().iterfind(f"{{{METS_NS}}}fileSec/{{{METS_NS}}}fileGrp"):
            representation = (group.get("USE") or "").startswith("Representations")
            for element in group.iterfind(f"{{{METS_NS}}}file"):
                locator = element.find(f"{{{METS_NS}}}FLocat")
                href = locator.get(f"{{{XLINK_NS}}}href") if locator is not None else None
                if not href:
                    continue
                key = unicodedata.normalize("NFC", href)
                mimetype = element.get("MIMETYPE") or ""
                recorded = premis_formats.get(key)
                if recorded is not None and recorded != mimetype:
                    check.fail(f"{layout.BAG_PAYLOAD}/{href}", "PAV-METS-9", f"METS says {mimetype}, PREMIS {recorded}")
                target = payload.get(key)
                if not representation or target is None:
                    continue
                if mimetype not in layout.EXTENSIONS:
                    check.fail(target.path, "PAV-FORMAT", f"format {mimetype or 'unknown'} is not on pav's list")
                    continue
                problem = _opens(self.root / target.path, mimetype)
                if problem is not None:
                    check.fail(target.path, "PAV-FORMAT", f"does not open as {mimetype}: {problem}")

    def _names(self) -> None:
        check = self.c("USE-3")
        seen: dict[str, str] = {}
        for file in self.files.values():
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

    def _encryption(self) -> None:
        # pav never writes PREMIS inhibitors; a zip's encrypted members are refused before unpacking (SEC-1).
        premis = self.docs.get("PREMIS")
        if premis is not None and premis.getroot().find(f".//{{{PREMIS_NS}}}inhibitors") is not None:
            self.c("SEC-3").fail(
                f"{layout.BAG_PAYLOAD}/{layout.PREMIS_FILE}", "SEC-ENCRYPTION", "declares inhibitors (encryption)"
            )


def _missing_requirement(label: str) -> str:
    return {"METS": "CSIPSTR4", "PREMIS": "CSIPSTR6", "DC": "CSIPSTR7", "compliance": "CSIPSTR8"}[label]


def _digest(path: Path) -> tuple[int, str]:
    hasher = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            size += len(chunk)
            hasher.update(chunk)
    return size, hasher.hexdigest()


def _text(element: etree._Element, path: str) -> str | None:
    found = element.find(f"premis:{path}", {"premis": PREMIS_NS})
    return found.text if found is not None else None


def _validate(
    check: Check, schema: etree.XMLSchema, tree: etree._ElementTree | etree._Element, shown: str, requirement: str
) -> None:
    if schema.validate(tree):
        return
    errors: Any = schema.error_log
    for error in errors:
        check.fail(shown, requirement, f"line {error.line}: {error.message}")


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


def verify_paths(paths: list[Path], reference: etree.XMLSchema | None = None) -> list[PackageReport]:
    """Verify every package found at `paths` (VerifyError for a path that holds none)."""
    verifier = Verifier(reference)
    reports: list[PackageReport] = []
    for path in paths:
        reports.extend(verifier.verify(path))
    return reports
