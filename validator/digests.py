"""SHA-256 of record text, remembered for the strings it was last computed for.

A page reader computes `content_sha256` of the body it extracted, and rule R002 then checks that digest against
the same body: the same string object, hashed twice (a cost that grows with the body). Both ask here; a string
is recognised by identity (the memo holds it, so its id cannot be reused while remembered), never by equality.
"""

from __future__ import annotations

import hashlib

_MEMO_SIZE = 64  # pages in flight between reader and rules: a partition's worth is plenty
_memo: dict[int, tuple[str, str]] = {}


def text_sha256(text: str) -> str:
    """Hex SHA-256 of `text` as UTF-8 (lone surrogates kept as their UTF-8 bytes: surrogatepass)."""
    known = _memo.get(id(text))
    if known is not None and known[0] is text:
        return known[1]
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if len(_memo) >= _MEMO_SIZE:
        _memo.clear()
    _memo[id(text)] = (text, digest)
    return digest
