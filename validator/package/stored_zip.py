"""A zip of stored (uncompressed) members built in memory in one pass: the bytes zipfile writes for the same.

zipfile builds a ZipInfo, writes a header, seeks back to patch it, and so on, for each member: for a package
of a dozen small files that cost more than building the package's XML. The archive here is byte for byte what
`zipfile.ZipFile(..., "w", ZIP_STORED)` with `writestr(ZipInfo(name, date_time), data)` and external
attributes 0o100644 gives (tests/test_package_jobs.py compares the two); archives that would need zip64
records are left to zipfile itself.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from collections.abc import Sequence

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # 2.0: stored members, folders
_UNIX = 0 if sys.platform == "win32" else 3  # "made by" host, as ZipInfo sets it
_UTF8_NAME = 0x800
_FILE_ATTRIBUTES = 0o100644 << 16  # a regular file, rw-r--r--
_SMALL = 1 << 30  # well below zipfile's zip64 threshold ((2**31 - 1) / 1.05 for one member's size)


def stored_zip(members: Sequence[tuple[str, bytes]], date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """The archive of `members` (name, data), every member stamped `date_time` (local time, as zip has it)."""
    year, month, day, hour, minute, second = date_time
    if not 1980 <= year <= 2107:
        raise ValueError(f"zip cannot hold timestamps outside 1980-2107: {year}")
    if len(members) >= 0xFFFF or sum(len(data) for _, data in members) > _SMALL:
        return _with_zipfile(members, date_time)
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | second // 2
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in members:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        crc, size = zlib.crc32(data), len(data)
        header = _LOCAL.pack(
            b"PK\x03\x04", _VERSION, 0, flags, zipfile.ZIP_STORED, dostime, dosdate, crc, size, size, len(encoded), 0
        )
        local += (header, encoded, data)
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                _VERSION,
                _UNIX,
                _VERSION,
                0,
                flags,
                zipfile.ZIP_STORED,
                dostime,
                dosdate,
                crc,
                size,
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                _FILE_ATTRIBUTES,
                offset,
            )
            + encoded
        )
        offset += len(header) + len(encoded) + size
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join([*local, directory, end])


def _with_zipfile(members: Sequence[tuple[str, bytes]], date_time: tuple[int, int, int, int, int, int]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = _FILE_ATTRIBUTES
            archive.writestr(info, data)
    return buffer.getvalue()
