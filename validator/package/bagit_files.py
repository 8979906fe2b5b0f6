"""The BagIt tag files (RFC 8493) of a package: bagit.txt, bag-info.txt and the SHA-256 manifests.

Written from digests computed once per file (the same digests as in METS.xml and premis.xml); bagit-python
(the Library of Congress implementation) validates the result in the tests and in `pav verify`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from validator.package.layout import BAG_INFO, BAG_PAYLOAD, BAGIT_TXT, BAGIT_VERSION, MANIFEST
from validator.package.xmltext import tag_value

BAGIT_DECLARATION = f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n".encode()
_DECLARATION_SHA256 = hashlib.sha256(BAGIT_DECLARATION).hexdigest()


def bag_info(fields: Iterable[tuple[str, str | None]]) -> bytes:
    """`Label: value` lines in the order given; values made single-line, empty ones left out."""
    lines = []
    for label, value in fields:
        if value is None:
            continue
        cleaned = tag_value(value)
        if cleaned:
            lines.append(f"{label}: {cleaned}\n")
    return "".join(lines).encode("utf-8")


def manifest(entries: Iterable[tuple[str, str]]) -> bytes:
    """Manifest lines `digest  path` sorted by path. Paths never hold CR, LF or % (see naming.py)."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(entries, key=lambda e: e[0])).encode("utf-8")


def payload_oxum(sizes: Sequence[int]) -> str:
    return f"{sum(sizes)}.{len(sizes)}"


def tag_files(
    payload: Sequence[tuple[str, str, int]], info: Iterable[tuple[str, str | None]]
) -> list[tuple[str, bytes]]:
    """bagit.txt, bag-info.txt, manifest-sha256.txt and tagmanifest-sha256.txt for a payload of
    (path inside data/, sha256, size) triples. `info` excludes Payload-Oxum, which is computed here."""
    sizes = [size for _, _, size in payload]
    info_bytes = bag_info([*info, ("Payload-Oxum", payload_oxum(sizes))])
    manifest_bytes = manifest((f"{BAG_PAYLOAD}/{path}", digest) for path, digest, _ in payload)
    files = [(BAGIT_TXT, BAGIT_DECLARATION), (BAG_INFO, info_bytes), (MANIFEST, manifest_bytes)]
    tagmanifest = manifest(
        (name, _DECLARATION_SHA256 if data is BAGIT_DECLARATION else hashlib.sha256(data).hexdigest())
        for name, data in files
    )
    return [*files, ("tagmanifest-sha256.txt", tagmanifest)]
