"""Finding the packages under a path, and the container check (SEC-1): a zip is checked member by member
(no absolute paths, no `..`, no symlinks, one root folder, bounded sizes, names and depth) before it is
unpacked into a temporary folder and verified exactly like a folder, so the zipped and the unzipped copy of a
package get the same verdict and the same messages. Every entry of a folder of packages is a package (a folder
or a zip, hidden ones too) or pav's batch report, or it is reported (kind "other": a link, never followed, a
stray file, a special file); a file that is no zip is said to be no package, with what it looks like."""

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
MAX_NAME_BYTES = 255  # one path component, UTF-8 (the limit of every common file system)
MAX_PATH_BYTES = 1024  # a whole member path, UTF-8
MAX_DEPTH = 64  # path components of a member, or folders below a package folder's root
BAG_TAG_FILES = (layout.BAGIT_TXT, layout.BAG_INFO, layout.MANIFEST)
BATCH_REPORT = layout.BATCH_REPORT
NOT_A_PACKAGE = "not a package: "  # how the finding on an entry that is no package starts


Target = Literal["dir", "zip", "tar", "other"]
Kind = Target  # (the name h-vsec's code uses)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2")
MAX_FOLDER_DEPTH = 8  # how deep a folder of packages is searched for packages


def iter_targets(path: Path) -> Iterator[tuple[Path, Target]]:
    """The entries at `path`, told apart by their content: a package folder (a BagIt bag, or a bare E-ARK
    package: METS.xml at its root), a METS.xml (its folder), a zip or a tar, or a folder holding packages. Every
    entry of a folder of packages is given, hidden ones too: a folder or an archive is verified as a package (a
    folder that is none but holds packages further down is searched, at most 8 levels), anything else
    ("other": a symbolic link, never followed, a file that is no archive, a special file) is reported by
    `not_a_package`; only pav's own batch-report.json is passed over."""
    if path.is_file():
        if path.name.lower() == layout.METS_FILE.lower():
            yield path.parent, "dir"
        elif path.name.lower().endswith(TAR_SUFFIXES):
            yield path, "tar"
        else:
            yield path, "zip" if _is_zip(path) else "other"
        return
    if not path.is_dir():
        if os.path.lexists(path):
            yield path, "other"  # a dangling link, a FIFO, a device: reported, never opened
            return
        raise VerifyError(f"{path}: no such file or directory")
    if folder_kind(path) is not None:
        yield path, "dir"
        return
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as error:
        raise VerifyError(f"{path}: cannot be read: {error.strerror or error}") from None
    if not [entry for entry in entries if entry.name != BATCH_REPORT]:
        raise VerifyError(f"{path}: not a package, a zip, or a folder of packages")
    yield from _entries(entries, MAX_FOLDER_DEPTH)


def _entries(entries: list[os.DirEntry[str]], depth: int) -> Iterator[tuple[Path, Target]]:
    for entry in entries:
        if entry.is_symlink():
            yield Path(entry.path), "other"
        elif entry.is_dir(follow_symlinks=False):
            if entry.name == layout.REPORT_HISTORY and _only_batch_reports(Path(entry.path)):
                continue  # earlier runs' batch reports kept by `pav package`; anything else in it is reported
            folder = Path(entry.path)
            searchable = entry.name != layout.REPORT_HISTORY  # pav's report history is verified whole, as found
            if (
                searchable
                and folder_kind(folder) is None
                and depth > 0
                and any(True for _ in search(folder, depth - 1))
            ):
                inner = sorted(os.scandir(folder), key=lambda e: e.name)
                yield from _entries(inner, depth - 1)  # a folder of packages within: its entries, each
            else:
                yield folder, "dir"
        elif entry.is_file(follow_symlinks=False):
            if entry.name in (BATCH_REPORT, layout.BATCH_LOCK):
                continue  # pav's batch report (and the lock of a run writing it), beside the packages
            if entry.name.lower().endswith(TAR_SUFFIXES):
                yield Path(entry.path), "tar"
            else:
                yield Path(entry.path), "zip" if _is_zip(Path(entry.path)) else "other"
        else:
            yield Path(entry.path), "other"


def search(folder: Path, depth: int) -> Iterator[tuple[Path, Target]]:
    """The packages (folders by their content, zips, tars) in `folder`, searched `depth` levels further down
    (links never followed)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_symlink():
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
    if any(os.path.lexists(path / name) for name in BAG_TAG_FILES):
        return "bag"
    try:
        names = {entry.name for entry in os.scandir(path)}
    except OSError:
        return None
    if any(name.lower().startswith("mets") and name.lower().endswith(".xml") for name in names):
        return "package"
    if {"metadata", "representations"} & names:
        return "package"
    if layout.BAG_PAYLOAD in names and os.path.lexists(path / layout.BAG_PAYLOAD):
        return "bag"
    return None


def _only_batch_reports(path: Path) -> bool:
    """True when the folder holds only regular files named as `pav package` names the batch reports it keeps."""
    try:
        entries = list(os.scandir(path))
    except OSError:
        return False
    return all(
        entry.is_file(follow_symlinks=False) and entry.name.startswith("batch-report-") and entry.name.endswith(".json")
        for entry in entries
    )


def _is_zip(path: Path) -> bool:
    """A .zip by its name, or any file that starts as a zip does (a damaged .zip is still judged as a zip)."""
    if path.name.lower().endswith(".zip"):
        return True
    return _head(path)[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(512)
    except OSError:
        return b""


# What a file that is no package looks like, by its first bytes (lowercased, leading white space dropped).
_LOOKS_LIKE: tuple[tuple[tuple[bytes, ...], str], ...] = (
    ((b"<!doctype html", b"<html", b"<head", b"<meta", b"<!--"), "an HTML page (pages are checked with `pav check`)"),
    ((b"<?xml",), "an XML document"),
    ((b"{", b"["), "JSON (records are checked with `pav check`)"),
    ((b"warc/",), "a WARC file (crawls are checked with `pav check`)"),
    ((b"\x1f\x8b",), "a gzip file"),
    ((b"\x7felf", b"mz"), "an executable program"),
    ((b"%pdf",), "a PDF document"),
)


def not_a_package(path: Path) -> str:
    """Why an entry that is neither a package folder nor a zip is no package: what it is, or looks like."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as error:
        return f"{NOT_A_PACKAGE}cannot be read: {error.strerror or error}"
    if stat.S_ISLNK(mode):
        return f"{NOT_A_PACKAGE}a symbolic link (not followed; a package is verified where it lies)"
    if not stat.S_ISREG(mode):
        return f"{NOT_A_PACKAGE}not a regular file or folder"
    head = _head(path)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    what = next((text for signs, text in _LOOKS_LIKE if start.startswith(signs)), None)
    if what is None:
        what = "an empty file" if not head else "a file that is no zip"
    return f"{NOT_A_PACKAGE}{what}; pav verify takes a package folder, a .zip of one, or a folder of them"


@container_check("SEC-1", "security", "the container is safe to open")
def unpack(path: Path, scratch: Path, check: Check) -> Path | None:
    """A zip package is opened only when every member is safe: a relative path inside one root folder, without
    `..`, `.` or empty components, backslashes or control characters; no symbolic link, device or other special
    file; not encrypted; at most 100,000 members and 16 GiB unpacked, none compressed more than 1000:1 (a zip
    bomb); names of at most 255 bytes a component, 1,024 bytes a path and 64 components; no member that is a
    file and a folder at once, and no two members whose names differ only by case or Unicode form. Failures
    cite SEC-ZIP, or CSIPSTR1 (a single root folder) and CSIPSTR3 (a readable zip). Only then is it unpacked
    into a temporary folder; when it is not, every other check is reported as not run. A package folder
    passes (no archive to unpack). In a folder of packages, an entry that is neither a package folder nor a
    zip (a symbolic link, never followed; a stray file; a special file) fails this check (PAV-ENTRY), and so
    does a file given that is no zip, saying what it looks like; pav's own batch-report.json is passed over."""
    # Returns the package root folder inside `scratch`, or None when the zip is unsafe.
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
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
        files = {info.filename for info in members if not info.is_dir()}
        for info in members:
            member = info.filename
            roots.add(member.split("/", 1)[0])
            problem = _unsafe_member(info)
            if problem is not None:
                check.fail(member, "SEC-ZIP", problem)
                continue
            folders = member.rstrip("/").split("/")[:-1]
            clash = next((p for p in ("/".join(folders[: i + 1]) for i in range(len(folders))) if p in files), None)
            if clash is not None:
                check.fail(member, "SEC-ZIP", f"inside {clash!r}, which is a file: a member is a file and a folder")
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
            try:
                if info.is_dir():
                    os.makedirs(target, exist_ok=True)  # at most MAX_DEPTH levels (checked above)
                    continue
                os.makedirs(target.parent, exist_ok=True)
                with archive.open(info) as source, open(target, "xb") as sink:  # zipfile stops at file_size
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
                check.fail(info.filename, "SEC-ZIP", f"cannot be unpacked: {error}")
                return None
    return scratch / roots.pop()


def _unsafe_member(info: zipfile.ZipInfo) -> str | None:
    problem = _unsafe_name(info.filename)
    if problem is not None:
        return problem
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "not a regular file or folder"
    if info.flag_bits & 0x1:
        return "encrypted member"
    return None


def _unsafe_name(member: str) -> str | None:
    """Why an archive member's name cannot be unpacked safely (zip and tar alike), or None."""
    if not member or member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":"):
        return "absolute path"
    if "\\" in member:
        return "backslash in a member name (a path separator on Windows)"
    parts = member.rstrip("/").split("/")
    if any(part in ("..", ".", "") for part in parts):
        return "'..', '.' or an empty component in the path"
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for part in parts):
        return f"a name longer than {MAX_NAME_BYTES} bytes"
    if len(member.encode("utf-8", "surrogateescape")) > MAX_PATH_BYTES:
        return f"a path longer than {MAX_PATH_BYTES} bytes"
    if len(parts) > MAX_DEPTH:
        return f"{len(parts)} folders deep; at most {MAX_DEPTH} are unpacked"
    if any(unicodedata.category(char) == "Cc" for char in member):
        return "control character in the name"
    return None


def unpack_tar(path: Path, scratch: Path, check: Check) -> Path | None:
    """A tar package (.tar, .tar.gz, .tgz, .tar.xz, .tar.bz2), checked member by member like a zip (SEC-1):
    the same names refused and bounds kept, no links or special files; only regular files are written, each
    by its checked name. Returns the package root inside `scratch`, or None."""
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
            problem = _unsafe_name(member_name)
            if problem is not None:
                check.fail(member.name, "SEC-ZIP", problem)
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
