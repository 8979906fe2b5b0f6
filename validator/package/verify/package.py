"""One unpacked package folder as the checks read it, without trusting the tool that wrote it.

The folder is a BagIt bag whose payload (data/) is the information package, or a bare E-ARK information
package (METS.xml at its root); `prefix` says which ("data/" or ""), and every path a check reports is shown
from the folder verified. The profile the package is verified under is given, or found from METS.xml
(`detect_profile`). References in METS.xml are resolved inside the package only: an absolute path, a URL
scheme or a `..` leaving the package is a problem kept for the checks, never a file read.

Every fact is read at most once, when a check first asks for it, and shared by the checks that need it: the
files and their SHA-256 (every file is read and hashed here), bag-info.txt, the manifests, the XML documents
(parsed without entities or DTDs), the METS references, the PREMIS objects and bagit-python's verdict.
Reading reports nothing: what a fact finds wrong (a manifest line that is no entry, a metadata file that is
no XML) is kept for the checks to report.
"""

from __future__ import annotations

import codecs
import hashlib
import importlib
import logging
import os
import posixpath
import re
import stat
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from validator.package import layout
from validator.package.layout import COMPLIANCE_NS, CSIP_NS, METS_NS, PREMIS_NS, XLINK_NS, XSI_NS
from validator.package.verify.base import Check, ProfileName
from validator.package.verify.container import MAX_DEPTH  # folders below the root that are read; deeper: reported
from validator.package.verify.schemas import ProfileSchemas
from validator.package.xmlutil import safe_parser

XML_FILES = {
    "METS": layout.METS_FILE,
    "PREMIS": layout.PREMIS_FILE,
    "DC": layout.DC_FILE,
    "compliance": layout.COMPLIANCE_FILE,
}
# A missing METS.xml breaks the standard; the other three are pav's conventions (checked under `pav` only).
_MISSING_XML = {"METS": "CSIPSTR4", "PREMIS": "PAV-STR-6", "DC": "PAV-STR-7", "compliance": "PAV-STR-8"}
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
MAX_XML_BYTES = 256 * 1024**2  # a metadata document larger than this is a finding, not parsed (memory)

# METS CHECKSUMTYPE values (the METS 1.12 schema's list) and how pav computes them; None: pav cannot.
CHECKSUM_TYPES: dict[str, Callable[[], Hasher] | None] = {}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Hasher:
    """A running checksum with hashlib's update/hexdigest (CRC32 and Adler-32 wrap zlib)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._hash = hashlib.new(name) if name not in ("crc32", "adler32") else None
        self._value = 0 if name == "crc32" else 1

    def update(self, data: bytes) -> None:
        if self._hash is not None:
            self._hash.update(data)
        elif self.name == "crc32":
            self._value = zlib.crc32(data, self._value)
        else:
            self._value = zlib.adler32(data, self._value)

    def hexdigest(self) -> str:
        return self._hash.hexdigest() if self._hash is not None else f"{self._value:08x}"


def _hasher(name: str) -> Callable[[], Hasher] | None:
    if name not in ("crc32", "adler32"):
        try:
            hashlib.new(name)
        except ValueError:
            return None
    return lambda: Hasher(name)


for _type, _name in (
    ("Adler-32", "adler32"),
    ("CRC32", "crc32"),
    ("HAVAL", "haval"),
    ("MD5", "md5"),
    ("MNP", "mnp"),
    ("SHA-1", "sha1"),
    ("SHA-256", "sha256"),
    ("SHA-384", "sha384"),
    ("SHA-512", "sha512"),
    ("TIGER", "tiger"),
    ("WHIRLPOOL", "whirlpool"),
):
    CHECKSUM_TYPES[_type] = _hasher(_name)


@dataclass(slots=True)
class File:
    path: str  # relative to the bag root, as on disk
    size: int
    sha256: str


@dataclass(slots=True)
class Manifest:
    """A BagIt (tag) manifest as written: its entries, and the lines that are none."""

    name: str
    entries: dict[str, str] | None  # path as written -> SHA-256; None: the file is missing
    malformed: list[int] = field(default_factory=list)  # numbers of lines that are not 'SHA-256  path'
    escaping: list[tuple[int, str]] = field(default_factory=list)  # (line number, path) leaving the bag


@dataclass(frozen=True, slots=True)
class XmlProblem:
    """A metadata file that could not be taken: missing or not XML (unsafe=False), or declaring a DTD or
    entities (unsafe=True)."""

    shown: str
    requirement: str
    message: str
    unsafe: bool = False


@dataclass(slots=True)
class BagitVerdict:
    """What bagit-python (the Library of Congress implementation) says of the bag; version None: not run,
    `reason` says why."""

    version: str | None
    failures: list[tuple[Literal["fixity", "completeness"], str, str]] = field(default_factory=list)
    reason: str = ""


@dataclass(slots=True)
class Inventory:
    """Every entry below the package root, found without following links and without recursion."""

    files: dict[str, File] = field(default_factory=dict)  # NFC relative path -> file
    links: list[tuple[str, str]] = field(default_factory=list)  # (relative path, what it is): never followed
    folders: list[str] = field(default_factory=list)  # relative paths, as on disk


_MANIFEST_NAME = re.compile(r"(tag)?manifest-[^/]+\.txt")
FETCH_TXT = "fetch.txt"


@dataclass(frozen=True, slots=True)
class MetsReference:
    """A file, metadata or METS-pointer reference of METS.xml (one with an href), in document order."""

    href: str
    key: str  # the path inside the information package it resolves to, in Unicode NFC ("" when it does not)
    ids: tuple[str, str, str, str]  # the CSIP requirements: file present, SIZE, CHECKSUM, CHECKSUMTYPE
    size: str | None
    checksum: str  # lowercased; "" when none
    repeated: bool  # the same file was referenced before
    checksumtype: str | None = None
    problem: str | None = None  # why the href names no file inside the package (absolute, URL, '..')
    pointer: bool = False  # a structMap mptr (a representation's METS.xml): no size or checksum recorded
    source: str = layout.METS_FILE  # the METS document holding the reference (path inside the package)


@dataclass(frozen=True, slots=True)
class MetsDocument:
    """A METS document of the package: the root METS.xml, or a representation's representations/<name>/METS.xml."""

    path: str  # inside the information package
    base: str  # the folder its references are relative to ("" for the root)
    tree: etree._ElementTree

    @property
    def root(self) -> bool:
        return not self.base


@dataclass(frozen=True, slots=True)
class PremisObject:
    """A PREMIS object, in document order."""

    kind: str  # file, intellectualEntity, ...
    identifier: str | None
    urns: tuple[str | None, ...]  # the URN identifiers (of an intellectual entity)
    sha256: str  # the fixity recorded, lowercased; "" when none
    size: str | None


class Package:
    """The facts of one package folder, read lazily and once."""

    def __init__(
        self,
        root: Path,
        profiles: ProfileSchemas,
        reference: etree.XMLSchema | None = None,
        profile: ProfileName | None = None,
    ) -> None:
        self.root = root
        self.profiles = profiles
        self.reference = reference
        self._profile = profile  # None: found from METS.xml
        self._manifests: dict[str, Manifest] = {}
        self._digests: dict[tuple[str, str], str] = {}

    @cached_property
    def bag(self) -> bool:
        """A BagIt bag (its payload data/ is the information package), not a bare E-ARK package."""
        from validator.package.verify.container import folder_kind

        return self.exists and folder_kind(self.root) == "bag"

    @property
    def prefix(self) -> str:
        """Where the information package is in the folder: "data/" in a bag, "" in a bare package."""
        return layout.BAG_PAYLOAD + "/" if self.bag else ""

    def shown(self, path: str) -> str:
        """A path inside the information package as reports show it (from the folder verified)."""
        return self.prefix + path if path else (self.prefix.rstrip("/") or ".")

    @cached_property
    def profile(self) -> ProfileName:
        """The profile given, or found from METS.xml (`detect_profile`)."""
        return self._profile or detect_profile(self.mets)

    @cached_property
    def own_mets_schema(self) -> tuple[etree.XMLSchema | None, str]:
        """The METS schema in the package's own schemas/ folder, compiled offline, or why none is used."""
        from validator.package.verify.schemas import load_package_mets_schema

        ip = self.root / self.prefix if self.prefix else self.root
        folder = ip / layout.SCHEMAS_DIR
        if not folder.is_dir() or folder.is_symlink():
            return None, "the package has no schemas/ folder"
        return load_package_mets_schema(folder, ip)

    @cached_property
    def wrapped(self) -> list[tuple[Path, Literal["dir", "zip", "tar", "other"]]]:
        """The packages a bag's payload holds when it is no information package itself (no METS.xml in data/):
        package folders, zips or tars under data/ (two levels at most)."""
        if not self.bag or layout.METS_FILE in self.payload or not (self.root / layout.BAG_PAYLOAD).is_dir():
            return []
        from validator.package.verify.container import search

        return list(search(self.root / layout.BAG_PAYLOAD, 1))

    @property
    def kind(self) -> str:
        """What the folder is, in words."""
        return "BagIt bag of an E-ARK package" if self.bag else "E-ARK package folder"

    # -- files -------------------------------------------------------------------------------------------------

    @cached_property
    def exists(self) -> bool:
        return self.root.is_dir()

    @cached_property
    def _inventory(self) -> Inventory:
        inventory = Inventory()
        if not self.exists:
            return inventory
        # Breadth by stack, not recursion: a package folder 10,000 levels deep is read to MAX_DEPTH and reported.
        pending: list[tuple[str, str, int]] = [(str(self.root), "", 0)]
        while pending:
            folder, prefix, depth = pending.pop()
            try:
                with os.scandir(folder) as found:
                    entries = sorted(found, key=lambda e: e.name)
            except OSError as error:
                inventory.links.append((prefix.rstrip("/") or ".", f"cannot be read: {error.strerror or error}"))
                continue
            for entry in reversed(entries):
                relative = prefix + entry.name
                try:
                    mode = entry.stat(follow_symlinks=False).st_mode
                except OSError as error:
                    inventory.links.append((relative, f"cannot be read: {error.strerror or error}"))
                    continue
                if stat.S_ISLNK(mode):
                    inventory.links.append((relative, "symbolic link (not followed)"))
                elif stat.S_ISDIR(mode):
                    if depth >= MAX_DEPTH:
                        inventory.links.append((relative, f"more than {MAX_DEPTH} folders deep (not read)"))
                        continue
                    inventory.folders.append(relative)
                    pending.append((entry.path, relative + "/", depth + 1))
                elif not stat.S_ISREG(mode):
                    inventory.links.append((relative, "not a regular file or folder"))
                else:
                    try:
                        inventory.files[unicodedata.normalize("NFC", relative)] = File(relative, *_digest(entry.path))
                    except OSError as error:
                        inventory.links.append((relative, f"cannot be read: {error.strerror or error}"))
        inventory.links.reverse()
        return inventory

    @property
    def files(self) -> dict[str, File]:
        """Every regular file, keyed by its path relative to the bag root in Unicode NFC."""
        return self._inventory.files

    @property
    def links(self) -> list[tuple[str, str]]:
        """Symbolic links, special files, unreadable entries and folders too deep to read (path, what it is)."""
        return self._inventory.links

    @cached_property
    def unexpected(self) -> list[tuple[str, str]]:
        """Entries outside data/ that are no part of a bag (path, what it is): not bagit.txt, bag-info.txt, a
        manifest or tag manifest; fetch.txt is reported on its own (links are SEC-2's)."""
        found: list[tuple[str, str]] = []
        prefix = layout.BAG_PAYLOAD + "/"
        for path, file in sorted(self.files.items()):
            if path.startswith(prefix) or path == FETCH_TXT:
                continue
            if "/" not in path and (path in (layout.BAGIT_TXT, layout.BAG_INFO) or _MANIFEST_NAME.fullmatch(path)):
                continue
            found.append((file.path, "a file outside data/"))
        holding = {path.rsplit("/", 1)[0] for path in self.files if "/" in path}
        for folder in self._inventory.folders:
            if folder == layout.BAG_PAYLOAD or folder.startswith(prefix):
                continue
            if not any(held == folder or held.startswith(folder + "/") for held in holding):
                found.append((folder + "/", "a folder outside data/"))
        return found

    @property
    def unsafe(self) -> bool:
        return bool(self.links)

    def get(self, relative: str) -> File | None:
        return self.files.get(unicodedata.normalize("NFC", relative))

    @cached_property
    def payload(self) -> dict[str, File]:
        """The information package's files (under data/ in a bag), keyed by their path inside it (NFC)."""
        prefix = self.prefix
        return {path[len(prefix) :]: file for path, file in self.files.items() if path.startswith(prefix)}

    def digest(self, file: File, checksum_type: str) -> str | None:
        """The file's checksum by a METS CHECKSUMTYPE (lowercase hex; None: a type pav cannot compute)."""
        if checksum_type == "SHA-256":
            return file.sha256
        make = CHECKSUM_TYPES.get(checksum_type)
        if make is None:
            return None
        key = (file.path, checksum_type)
        if key not in self._digests:
            hasher = make()
            with open(self.root / file.path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    hasher.update(chunk)
            self._digests[key] = hasher.hexdigest()
        return self._digests[key]

    def read_text(self, file: File) -> str:
        return (self.root / file.path).read_bytes().decode("utf-8", "replace")

    # -- BagIt -------------------------------------------------------------------------------------------------

    @cached_property
    def bag_info(self) -> dict[str, str] | None:
        """bag-info.txt's labels (the first value of each); None when the file is missing."""
        file = self.get(layout.BAG_INFO)
        if file is None:
            return None
        info: dict[str, str] = {}
        for line in self.read_text(file).splitlines():
            label, sep, value = line.partition(":")
            if sep and not line[:1].isspace():
                info.setdefault(label.strip(), value.strip())
        return info

    def manifest(self, name: str) -> Manifest:
        """A manifest (manifest-sha256.txt or tagmanifest-sha256.txt) as written."""
        if name in self._manifests:
            return self._manifests[name]
        file = self.get(name)
        manifest = self._manifests[name] = Manifest(name, None if file is None else {})
        if file is None or manifest.entries is None:
            return manifest
        for number, line in enumerate(self.read_text(file).splitlines(), 1):
            if not line.strip():
                continue
            digest, _, path = line.partition(" ")
            path = path.strip().replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
            if len(digest) != 64 or not path:
                manifest.malformed.append(number)
                continue
            if path.startswith("/") or ".." in path.split("/"):
                manifest.escaping.append((number, path))
                continue
            manifest.entries[path] = digest
        return manifest

    @cached_property
    def tag_encoding(self) -> tuple[str, str | None]:
        """bagit.txt's Tag-File-Character-Encoding and what is wrong with it (None: a text encoding Python
        knows, or none declared, which INT-1 reports). Only text encodings are taken: 'zlib_codec' or 'rot13'
        are codecs too, and bagit-python would read the tag files through them."""
        file = self.get(layout.BAGIT_TXT)
        declared = ""
        if file is not None:
            for line in self.read_text(file).splitlines():
                label, sep, value = line.partition(":")
                if sep and label.strip() == "Tag-File-Character-Encoding":
                    declared = value.strip()
                    break
        if not declared:
            return "utf-8", None
        try:
            info = codecs.lookup(declared)
        except (LookupError, ValueError):
            return declared, f"Tag-File-Character-Encoding {declared!r} is no encoding Python knows"
        if not getattr(info, "_is_text_encoding", True):
            return declared, f"Tag-File-Character-Encoding {declared!r} is not a text encoding"
        return info.name, None

    @cached_property
    def outside(self) -> list[tuple[str, int, str]]:
        """Manifest lines naming a path outside the bag, as bagit-python would read them (every manifest and
        tag manifest, in the declared encoding): absolute, '~', '..', or resolving outside the package through
        a symbolic link. (manifest, line number, path); the package root is taken resolved."""
        root = os.path.realpath(self.root)
        encoding, problem = self.tag_encoding
        found: list[tuple[str, int, str]] = []
        for path, file in sorted(self.files.items()):
            if "/" in path or not _MANIFEST_NAME.fullmatch(path):
                continue
            try:
                text = (self.root / file.path).read_bytes().decode("utf-8" if problem else encoding, "replace")
            except (OSError, LookupError):
                continue
            for number, line in enumerate(text.splitlines(), 1):
                entry = line.strip().split(None, 1)
                if len(entry) != 2 or entry[0].startswith("#"):
                    continue
                name = os.path.normpath(entry[1].lstrip("*"))
                name = name.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
                if not _inside(root, name):
                    found.append((file.path, number, entry[1]))
        return found

    @cached_property
    def bagit_python(self) -> BagitVerdict:
        """bagit-python's own verdict on the bag; not run on a package holding links or special files, naming a
        path outside the bag, or declaring a tag file encoding that is not a text encoding (it would open
        what such a package points at, or fail with a traceback of its own)."""
        if self.unsafe:
            return BagitVerdict(None, reason="the package holds links, special files or unreadable entries")
        if self.outside:
            return BagitVerdict(None, reason="a manifest names a path outside the package")
        if self.tag_encoding[1] is not None:
            return BagitVerdict(None, reason="bagit.txt declares an encoding that is not a text encoding")
        bagit: Any = importlib.import_module("bagit")
        verdict = BagitVerdict(getattr(bagit, "VERSION", "?"))

        def failure(kind: Literal["fixity", "completeness"], path: object, message: str) -> None:
            verdict.failures.append((kind, unicodedata.normalize("NFC", str(path)), message))

        logger = logging.getLogger("bagit")
        level = logger.level
        logger.setLevel(logging.CRITICAL)
        try:
            bag = bagit.Bag(str(self.root))
            missing, extra = bag.compare_manifests_with_fs()
            for path in missing:
                failure("completeness", path, "listed in the manifest but missing")
            for path in extra:
                failure("completeness", path, "not listed in the manifest")
            bag.validate()
        except bagit.BagValidationError as error:
            for detail in error.details:
                kind: Literal["fixity", "completeness"] = (
                    "fixity" if isinstance(detail, bagit.ChecksumMismatch) else "completeness"
                )
                failure(kind, getattr(detail, "path", "."), str(detail))
            if not error.details:
                where = layout.BAG_INFO if "Oxum" in str(error.message) else "."
                failure("fixity" if where == layout.BAG_INFO else "completeness", where, str(error.message))
        except bagit.BagError as error:
            failure("completeness", ".", str(error))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            failure("completeness", ".", f"{type(error).__name__}: {error}")
        except Exception as error:  # bagit-python's own bug on a hostile bag: a finding, never a traceback
            failure("completeness", ".", f"bagit-python failed: {type(error).__name__}: {error}")
        finally:
            logger.setLevel(level)
        return verdict

    # -- XML -----------------------------------------------------------------------------------------------------

    def _parse(self, label: str) -> etree._ElementTree | XmlProblem | None:
        """One metadata document: its tree, the problem with it, or None when it is not there."""
        if self.get(self.shown(XML_FILES[label])) is None:
            return None
        return self._parse_file(XML_FILES[label])

    def _parse_file(self, path: str) -> etree._ElementTree | XmlProblem:
        """An XML file of the package that is there (`path` inside the package), parsed safely: never a DTD,
        an entity or a network access."""
        shown = self.shown(path)
        file = self.get(shown)
        assert file is not None
        if file.size > MAX_XML_BYTES:
            message = f"{file.size} bytes: larger than the {MAX_XML_BYTES} bytes pav parses in memory; not read"
            return XmlProblem(shown, "SEC-XML", message, True)
        data = (self.root / file.path).read_bytes()
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            return XmlProblem(shown, "SEC-XML", "declares a DTD or entities; they are never read", True)
        try:
            tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
        except etree.XMLSyntaxError as error:
            return XmlProblem(shown, "XML 1.0", f"not well-formed XML: {error}")
        docinfo = tree.docinfo
        if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
            return XmlProblem(shown, "SEC-XML", "declares a DTD or entities; they are never read", True)
        return tree

    @cached_property
    def mets(self) -> etree._ElementTree | None:
        """METS.xml, parsed (None: missing, not XML, or unsafe)."""
        parsed = self._parse("METS")
        return parsed if isinstance(parsed, etree._ElementTree) else None

    @cached_property
    def _xml(self) -> tuple[dict[str, etree._ElementTree], list[XmlProblem]]:
        docs: dict[str, etree._ElementTree] = {}
        problems: list[XmlProblem] = []
        for label in XML_FILES:
            parsed = self._parse(label)
            if parsed is None:
                if label == "METS":
                    problems.append(XmlProblem(self.shown(XML_FILES[label]), "CSIPSTR4", "METS.xml is missing"))
                elif self.profile == "pav":
                    shown = self.shown(XML_FILES[label])
                    problems.append(XmlProblem(shown, _MISSING_XML[label], f"{label} metadata file is missing"))
            elif isinstance(parsed, XmlProblem):
                problems.append(parsed)
            else:
                docs[label] = parsed
        return docs, problems

    @property
    def docs(self) -> dict[str, etree._ElementTree]:
        """The metadata documents that are there, XML and safe: METS, PREMIS, DC, compliance."""
        return self._xml[0]

    @property
    def xml_problems(self) -> list[XmlProblem]:
        """The metadata documents that are not (in the order of `XML_FILES`, then the representations' METS)."""
        return self._xml[1] + self.representation_mets[1]

    @cached_property
    def objid(self) -> str | None:
        """METS.xml's OBJID (None: no METS document, or no OBJID)."""
        tree = self.mets
        return None if tree is None else tree.getroot().get("OBJID")

    @cached_property
    def representation_mets(self) -> tuple[list[MetsDocument], list[XmlProblem]]:
        """The representations' METS documents (representations/<name>/METS.xml) that are there, and those that
        cannot be read."""
        documents: list[MetsDocument] = []
        problems: list[XmlProblem] = []
        for path in sorted(self.payload):
            parts = path.split("/")
            if len(parts) != 3 or parts[0] != "representations" or parts[2] != layout.METS_FILE:
                continue
            parsed = self._parse_file(path)
            if isinstance(parsed, XmlProblem):
                problems.append(parsed)
            else:
                documents.append(MetsDocument(path, "/".join(parts[:2]), parsed))
        return documents, problems

    @cached_property
    def mets_documents(self) -> list[MetsDocument]:
        """Every METS document that can be read: the root METS.xml first, then the representations'."""
        root = [MetsDocument(layout.METS_FILE, "", self.mets)] if self.mets is not None else []
        return root + self.representation_mets[0]

    @cached_property
    def mets_references(self) -> list[MetsReference] | None:
        """Every file, metadata and METS-pointer reference of the METS documents that names a file, each
        resolved from its document's folder (None: no root METS)."""
        if self.mets is None:
            return None
        references: list[MetsReference] = []
        for document in self.mets_documents:
            references.extend(self._references(document))
        return references

    def _references(self, document: MetsDocument) -> list[MetsReference]:
        references: list[MetsReference] = []
        seen: set[str] = set()
        mets = f"{{{METS_NS}}}"
        for element in document.tree.getroot().iter(f"{mets}mdRef", f"{mets}file", f"{mets}mptr"):
            pointer = element.tag == f"{mets}mptr"
            if element.tag == f"{mets}file":
                locator = element.find(f"{mets}FLocat")
                href = locator.get(f"{{{XLINK_NS}}}href") if locator is not None else None
                ids = ("CSIP79", "CSIP69", "CSIP71", "CSIP72")
            elif pointer:
                href = element.get(f"{{{XLINK_NS}}}href")
                ids = ("CSIP110", "", "", "")
            else:
                href = element.get(f"{{{XLINK_NS}}}href")
                section = element.getparent()
                tag = section.tag if section is not None else ""
                ids = {
                    f"{mets}dmdSec": ("CSIP24", "CSIP27", "CSIP29", "CSIP30"),
                    f"{mets}rightsMD": ("CSIP51", "CSIP54", "CSIP56", "CSIP57"),
                }.get(str(tag), ("CSIP38", "CSIP41", "CSIP43", "CSIP44"))
            if not href:
                continue
            key, problem = self._resolve(href, document.base)
            checksum = (element.get("CHECKSUM") or "").strip().lower()
            references.append(
                MetsReference(
                    href,
                    key,
                    ids,
                    element.get("SIZE"),
                    checksum,
                    bool(key) and not pointer and key in seen,  # an mptr may point to a file fileSec lists
                    element.get("CHECKSUMTYPE"),
                    problem,
                    pointer,
                    document.path,
                )
            )
            if key and not pointer:
                seen.add(key)
        return references

    def _resolve(self, href: str, base: str = "") -> tuple[str, str | None]:
        """The path inside the information package an href names from the folder `base` (NFC), or "" and why
        it names none. Never touches the file system: the checks look the path up among the files found."""
        if _SCHEME.match(href) and not re.match(r"^[A-Za-z]:[\\/]", href):
            return "", "a URL, not a path inside the package (never fetched)"
        if href.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", href):
            return "", "an absolute path (never read)"
        if "\\" in href:
            return "", "a Windows path (backslashes): references are '/'-separated"
        path = posixpath.join(base, href.split("#", 1)[0])
        normal = posixpath.normpath(path)
        if normal == ".." or normal.startswith("../"):
            return "", "leaves the package ('..'; never read)"
        key = nfc(normal)
        if key not in self.payload and "%" in key:
            from urllib.parse import unquote

            decoded = nfc(posixpath.normpath(unquote(path)))
            if decoded in self.payload and not decoded.startswith("../"):
                key = decoded
        return key, None

    @cached_property
    def premis_objects(self) -> list[PremisObject] | None:
        """premis.xml's objects (None: no PREMIS document)."""
        tree = self.docs.get("PREMIS")
        if tree is None:
            return None
        objects: list[PremisObject] = []
        for obj in tree.getroot().iterfind(f"{{{PREMIS_NS}}}object"):
            urns = tuple(
                premis_text(i, "objectIdentifierValue")
                for i in obj.iterfind(f"{{{PREMIS_NS}}}objectIdentifier")
                if premis_text(i, "objectIdentifierType") == "URN"
            )
            objects.append(
                PremisObject(
                    (obj.get(f"{{{XSI_NS}}}type") or "").rsplit(":", 1)[-1],
                    premis_text(obj, "objectIdentifier/premis:objectIdentifierValue"),
                    urns,
                    (premis_text(obj, "objectCharacteristics/premis:fixity/premis:messageDigest") or "").lower(),
                    premis_text(obj, "objectCharacteristics/premis:size"),
                )
            )
        return objects

    @cached_property
    def compliance_source(self) -> tuple[etree._Element, File | None] | None:
        """compliance.xml's record of the original bytes and the file it names (None: no compliance document,
        no record, or a document without its check settings or verdict, which is judged incomplete first)."""
        tree = self.docs.get("compliance")
        if tree is None:
            return None
        root = tree.getroot()
        ns = {"c": COMPLIANCE_NS}
        if root.find("c:verdict", ns) is None or root.find("c:check", ns) is None:
            return None
        source = root.find("c:source", ns)
        if source is None:
            return None
        return source, self.payload.get(unicodedata.normalize("NFC", source.get("file", "")))


def detect_profile(mets: etree._ElementTree | None) -> ProfileName:
    """The profile a METS document claims: `pav` when pav made it (the CREATOR software agent is pav and the
    content information type is pav's); else the one its @PROFILE names (the SIP or the CSIP profile URL);
    else, without a known @PROFILE, `sip` for the OAIS package type SIP and `csip` otherwise."""
    if mets is None:
        return "csip"
    root = mets.getroot()
    m = f"{{{METS_NS}}}"
    agents = root.findall(f"{m}metsHdr/{m}agent[@ROLE='CREATOR']")
    names = {(agent.findtext(f"{m}name") or "").strip() for agent in agents}
    other = root.get(f"{{{CSIP_NS}}}OTHERCONTENTINFORMATIONTYPE") or ""
    if layout.TOOL_NAME in names and other.startswith(layout.TOOL_NAME + " "):
        return "pav"
    declared = (root.get("PROFILE") or "").strip()
    if declared == SIP_PROFILE:
        return "sip"
    if declared == layout.CSIP_PROFILE:
        return "csip"
    header = root.find(f"{m}metsHdr")
    package_type = header.get(f"{{{CSIP_NS}}}OAISPACKAGETYPE") if header is not None else None
    return "sip" if package_type == "SIP" else "csip"


def nfc(text: str) -> str:
    """Paths are compared in Unicode NFC (a Mac volume stores names decomposed)."""
    return unicodedata.normalize("NFC", text)


def premis_text(element: etree._Element, path: str) -> str | None:
    """The text at a PREMIS path below `element` (`premis:` prefixes after the first step)."""
    found = element.find(f"premis:{path}", {"premis": PREMIS_NS})
    return found.text if found is not None else None


def report_bagit_python(package: Package, check: Check, kind: Literal["fixity", "completeness"]) -> None:
    """bagit-python's failures of one kind, where the check has not already named the file."""
    for failure_kind, path, message in package.bagit_python.failures:
        if failure_kind == kind and not any(f.file == path for f in check.failures):
            check.fail(path, "RFC8493 (bagit-python)", message)


def _inside(root: str, name: str) -> bool:
    """Whether `name`, relative to the resolved package root, stays inside it once resolved (links too)."""
    if not name or os.path.isabs(name) or name.startswith("~") or "\x00" in name:
        return False
    try:
        resolved = os.path.realpath(os.path.join(root, name))
        return os.path.commonpath([root, resolved]) == root
    except (OSError, ValueError):
        return False


def _digest(path: str | Path) -> tuple[int, str]:
    hasher = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            size += len(chunk)
            hasher.update(chunk)
    return size, hasher.hexdigest()
