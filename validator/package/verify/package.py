"""One unpacked package folder as the checks read it, without trusting the tool that wrote it.

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
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from validator.package import layout
from validator.package.layout import COMPLIANCE_NS, METS_NS, PREMIS_NS, XLINK_NS, XSI_NS
from validator.package.verify.base import Check
from validator.package.verify.container import MAX_DEPTH  # folders below the root that are read; deeper: reported
from validator.package.verify.schemas import ProfileSchemas
from validator.package.xmlutil import safe_parser

XML_FILES = {
    "METS": layout.METS_FILE,
    "PREMIS": layout.PREMIS_FILE,
    "DC": layout.DC_FILE,
    "compliance": layout.COMPLIANCE_FILE,
}
_MISSING_XML = {"METS": "CSIPSTR4", "PREMIS": "CSIPSTR6", "DC": "CSIPSTR7", "compliance": "CSIPSTR8"}


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
    """A file or metadata reference of METS.xml (one with an href), in document order."""

    href: str
    key: str  # the href in Unicode NFC, as payload paths are keyed
    ids: tuple[str, str, str]  # the CSIP requirements: file present, SIZE, CHECKSUM
    size: str | None
    checksum: str  # lowercased; "" when none
    repeated: bool  # the same file was referenced before


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

    def __init__(self, root: Path, profiles: ProfileSchemas, reference: etree.XMLSchema | None = None) -> None:
        self.root = root
        self.profiles = profiles
        self.reference = reference
        self._manifests: dict[str, Manifest] = {}

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
        """Files under data/, keyed by their path inside the information package (NFC)."""
        prefix = layout.BAG_PAYLOAD + "/"
        return {path[len(prefix) :]: file for path, file in self.files.items() if path.startswith(prefix)}

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

    @cached_property
    def _xml(self) -> tuple[dict[str, etree._ElementTree], list[XmlProblem]]:
        docs: dict[str, etree._ElementTree] = {}
        problems: list[XmlProblem] = []
        for label, relative in XML_FILES.items():
            shown = f"{layout.BAG_PAYLOAD}/{relative}"
            file = self.get(shown)
            if file is None:
                problems.append(XmlProblem(shown, _MISSING_XML[label], f"{label} metadata file is missing"))
                continue
            data = (self.root / file.path).read_bytes()
            try:
                tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
            except etree.XMLSyntaxError as error:
                problems.append(XmlProblem(shown, "XML 1.0", f"not well-formed XML: {error}"))
                continue
            docinfo = tree.docinfo
            if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None or b"<!ENTITY" in data:
                problems.append(XmlProblem(shown, "SEC-XML", "declares a DTD or entities; pav packages never do", True))
                continue
            docs[label] = tree
        return docs, problems

    @property
    def docs(self) -> dict[str, etree._ElementTree]:
        """The metadata documents that are there, XML and safe: METS, PREMIS, DC, compliance."""
        return self._xml[0]

    @property
    def xml_problems(self) -> list[XmlProblem]:
        """The metadata documents that are not (in the order of `XML_FILES`)."""
        return self._xml[1]

    @cached_property
    def objid(self) -> str | None:
        """METS.xml's OBJID (None: no METS document, or no OBJID)."""
        tree = self.docs.get("METS")
        return None if tree is None else tree.getroot().get("OBJID")

    @cached_property
    def mets_references(self) -> list[MetsReference] | None:
        """Every file and metadata reference of METS.xml that names a file (None: no METS document)."""
        tree = self.docs.get("METS")
        if tree is None:
            return None
        references: list[MetsReference] = []
        seen: set[str] = set()
        for element in tree.getroot().iter(f"{{{METS_NS}}}mdRef", f"{{{METS_NS}}}file"):
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
            checksum = (element.get("CHECKSUM") or "").lower()
            references.append(MetsReference(href, key, ids, element.get("SIZE"), checksum, key in seen))
            seen.add(key)
        return references

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
