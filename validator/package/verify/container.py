"""Finding the packages under a path, and the container check (SEC-1): a zip is checked member by member
(no absolute paths, no `..`, no symlinks, one root folder, bounded sizes) before it is unpacked into a
temporary folder and verified exactly like a folder, so the zipped and the unzipped copy of a package get the
same verdict and the same messages."""

from __future__ import annotations

import os
import stat
import tarfile
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from validator.package import layout
from validator.package.naming import fold
from validator.package.verify.base import Check, VerifyError, container_check

MAX_ZIP_MEMBERS = 100_000
MAX_UNZIPPED_BYTES = 16 * 1024**3
MAX_COMPRESSION_RATIO = 1000
BAG_TAG_FILES = (layout.BAGIT_TXT, layout.BAG_INFO, layout.MANIFEST)


Target = Literal["dir", "zip", "tar"]
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2")
MAX_FOLDER_DEPTH = 8  # how deep a folder of packages is searched


def iter_targets(path: Path) -> Iterator[tuple[Path, Target]]:
    """The packages at `path`, told apart by their content: a package folder (a BagIt bag, or a bare E-ARK
    package: METS.xml at its root), a METS.xml (its folder), a zip or a tar, or a folder holding packages
    (searched down to a package, at most 8 levels deep; folders and files starting with '.' are skipped)."""
    if path.is_file():
        if path.name.lower() == layout.METS_FILE.lower():
            yield path.parent, "dir"
        elif path.name.lower().endswith(TAR_SUFFIXES):
            yield path, "tar"
        else:
            yield path, "zip"
        return
    if not path.is_dir():
        raise VerifyError(f"{path}: no such file or directory")
    if folder_kind(path) is not None:
        yield path, "dir"
        return
    found = list(search(path, MAX_FOLDER_DEPTH))
    if not found:
        raise VerifyError(f"{path}: not a package, a zip, or a folder of packages")
    yield from found


def search(folder: Path, depth: int) -> Iterator[tuple[Path, Target]]:
    """The packages (folders by their content, zips, tars) in `folder`, searched `depth` levels further down."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            if folder_kind(Path(entry.path)) is not None:
                yield Path(entry.path), "dir"
            elif depth > 0:
                yield from search(Path(entry.path), depth - 1)
        elif entry.is_file(follow_symlinks=False):
            name = entry.name.lower()
            if name.endswith(".zip"):
                yield Path(entry.path), "zip"
            elif name.endswith(TAR_SUFFIXES):
                yield Path(entry.path), "tar"


def folder_kind(path: Path) -> Literal["bag", "package"] | None:
    """What a folder is by its content: a BagIt bag (bagit.txt or another tag file), an E-ARK information
    package (a METS document at its root, or the CSIP folders metadata/ or representations/ beside no
    BagIt files), or neither (None)."""
    if any((path / name).is_file() for name in BAG_TAG_FILES):
        return "bag"
    try:
        names = {entry.name for entry in os.scandir(path)}
    except OSError:
        return None
    if any(name.lower().startswith("mets") and name.lower().endswith(".xml") for name in names):
        return "package"
    if {"metadata", "representations"} & names:
        return "package"
    if layout.BAG_PAYLOAD in names and (path / layout.BAG_PAYLOAD).is_dir():
        return "bag"
    return None


@container_check("SEC-1", "security", "the container is safe to open")
def unpack(path: Path, scratch: Path, check: Check) -> Path | None:
    """A zip package is opened only when every member is safe: a relative path inside one root folder, without
    `..`, `.` or empty components, backslashes or control characters; no symbolic link, device or other special
    file; not encrypted; at most 100,000 members and 16 GiB unpacked, none compressed more than 1000:1 (a zip
    bomb), and no two members whose names differ only by case or Unicode form. Failures cite SEC-ZIP, or
    CSIPSTR1 (a single root folder) and CSIPSTR3 (a readable zip). Only then is it unpacked into a temporary
    folder; when it is not, every other check is reported as not run. A package folder passes (no archive to
    unpack)."""
    # Returns the package root folder inside `scratch`, or None when the zip is unsafe.
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


def unpack_tar(path: Path, scratch: Path, check: Check) -> Path | None:
    """A tar package (.tar, .tar.gz, .tgz, .tar.xz, .tar.bz2), checked member by member like a zip (SEC-1):
    relative paths inside one root folder, no `..`, no links or special files, bounded; only regular files are
    written, each by its checked name. Returns the package root inside `scratch`, or None."""
    name = path.name
    try:
        archive = tarfile.open(path)  # noqa: SIM115 (closed by the `with` below, as the zip is)
    except (tarfile.TarError, OSError, EOFError) as error:
        check.fail(name, "CSIPSTR3", f"not a readable tar: {error}")
        return None
    with archive:
        try:
            members = archive.getmembers()
        except (tarfile.TarError, OSError, EOFError) as error:
            check.fail(name, "CSIPSTR3", f"not a readable tar: {error}")
            return None
        if len(members) > MAX_ZIP_MEMBERS:
            check.fail(name, "SEC-ZIP", f"{len(members)} members; at most {MAX_ZIP_MEMBERS} are unpacked")
            return None
        total = sum(member.size for member in members if member.isfile())
        if total > MAX_UNZIPPED_BYTES:
            check.fail(name, "SEC-ZIP", f"unpacks to {total} bytes, more than the {MAX_UNZIPPED_BYTES} allowed")
        roots: set[str] = set()
        for member in members:
            member_name = member.name.removeprefix("./")
            roots.add(member_name.split("/", 1)[0])
            parts = member_name.rstrip("/").split("/")
            if member_name.startswith(("/", "\\")) or "\\" in member_name:
                check.fail(member.name, "SEC-ZIP", "absolute path or backslash in a member name")
            elif any(part in ("..", ".", "") for part in parts):
                check.fail(member.name, "SEC-ZIP", "'..', '.' or an empty component in the path")
            elif any(unicodedata.category(char) == "Cc" for char in member_name):
                check.fail(member.name, "SEC-ZIP", "control character in the name")
            elif member.issym() or member.islnk():
                check.fail(member.name, "SEC-ZIP", "symbolic or hard link")
            elif not (member.isfile() or member.isdir()):
                check.fail(member.name, "SEC-ZIP", "not a regular file or folder")
        if len(roots) != 1 or any("/" not in m.name.removeprefix("./") for m in members if m.isfile()):
            check.fail(name, "CSIPSTR1", "the tar must unpack to a single root folder holding the package")
        if check.failures:
            return None
        for member in members:
            target = scratch / member.name.removeprefix("./")
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                source = archive.extractfile(member)
                if source is None:
                    continue
                with source, open(target, "xb") as sink:
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
            except (tarfile.TarError, OSError, EOFError) as error:
                check.fail(member.name, "SEC-ZIP", f"cannot be unpacked: {error}")
                return None
    return scratch / roots.pop()
