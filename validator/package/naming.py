"""Safe, deterministic names for package folders and the files inside them.

Names are derived from the record (its id, else where it came from), never used raw:

- NFKC-normalised; only letters, digits, marks and `-._` kept, every other character (path separators,
  NUL and other controls, `%`, spaces, `:` and the rest Windows forbids, format characters such as RTL
  overrides, lone surrogates) becomes `_`; runs of `_` collapse;
- no leading or trailing `.`, `_` or `-` (so never `.`, `..` or a hidden name, never an option), not a
  reserved Windows device name (CON, NUL, COM1, ...), at most `MAX_NAME_BYTES` bytes of UTF-8;
- a name that had to be changed gets `~` and 8 hex digits of the SHA-256 of the raw text, so `a/b` and
  `a_b`, or two long ids sharing their first 120 bytes, stay apart;
- names that would still meet on a case-insensitive or normalising file system (`ABC` and `abc`) are
  told apart by `PackageNames`, which gives the later one a suffix derived from its package identifier.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable

MAX_NAME_BYTES = 120
_ALLOWED_PUNCTUATION = frozenset("-._")
_RUNS = re.compile(r"_{2,}")
_STRIP = "._-"
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"] + [f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789¹²³"]
)


def fold(name: str) -> str:
    """The key under which two names are the same on a case-insensitive, normalising file system."""
    return unicodedata.normalize("NFKC", name).casefold()


def short_digest(text: str, length: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def safe_component(text: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`text` reduced to a portable file name component ('' when nothing usable is left)."""
    normalised = unicodedata.normalize("NFKC", text)
    kept = "".join(
        char if char in _ALLOWED_PUNCTUATION or unicodedata.category(char)[0] in "LNM" else "_" for char in normalised
    )
    name = _RUNS.sub("_", kept).strip(_STRIP)
    name = _truncate(name, max_bytes).rstrip(_STRIP)
    if name.split(".", 1)[0].upper() in _RESERVED:
        name = "_" + name
    return name


def _truncate(name: str, max_bytes: int) -> str:
    encoded = name.encode("utf-8")
    if len(encoded) <= max_bytes:
        return name
    cut = encoded[:max_bytes].decode("utf-8", "ignore")
    # A cut between a letter and its combining mark leaves a valid, NFC-stable prefix after renormalising.
    return unicodedata.normalize("NFC", cut)


def derived_name(raw: str, fallback: str = "record", max_bytes: int = MAX_NAME_BYTES) -> str:
    """A safe name for `raw`; carries a digest of `raw` whenever it differs from `raw`."""
    name = safe_component(raw, max_bytes)
    if name == raw and name:
        return name
    return f"{name or fallback}~{short_digest(raw)}"


def representation_file_name(location_file: str, position: int | str | None, extension: str) -> str:
    """The name of the original bytes inside representations/rep1/data/.

    A whole file (`position` None) keeps its safe name, so `绵阳科博会.html` stays `绵阳科博会.html`; a record
    that is one part of a larger file (a JSON Lines line, an array element, a WARC record) is named after
    the file and its position (`batch-5.json`, `crawl-1024.warc`).
    """
    base = "stdin" if location_file == "-" else os.path.basename(location_file.replace("\\", "/")) or "record"
    stem, suffix = _split_extension(base)
    safe_stem = safe_component(stem, 100)
    if position is None and location_file != "-":
        safe_suffix = safe_component(suffix.lstrip("."), 16)
        return f"{safe_stem or 'page'}.{safe_suffix}" if safe_suffix else (safe_stem or "page") + extension
    marker = safe_component(str(position), 24) or "record"
    return f"{safe_stem or 'record'}-{marker}{extension}"


def _split_extension(base: str) -> tuple[str, str]:
    lowered = base.lower()
    for double in (".warc.gz", ".jsonl.gz"):
        if lowered.endswith(double):
            return base[: -len(double)], base[-len(double) :]
    stem, suffix = os.path.splitext(base)
    return (stem, suffix) if stem else (base, "")


def candidates(base: str, objid: str) -> list[str]:
    """The names a package may get, in the order they are tried (see `PackageNames`)."""
    digest = hashlib.sha256(objid.encode("utf-8")).hexdigest()
    return [base] + [f"{base}~{digest[:n]}" for n in (8, 16, 64)]


class PackageNames:
    """Assigns package names in one output folder, without collisions and the same way on every run.

    `existing` lists the names already in the folder; `identity(name)` reads the package identifier (OBJID)
    of an existing package (None when it cannot be read). For a package whose name is taken by a different
    package, whether made earlier in this run or in an earlier run, the candidates are tried in order:
    `base`, `base~<8 hex of the identifier's digest>`, then 16 and 64 hex digits.
    """

    def __init__(self, existing: Iterable[str], identity: Callable[[str], str | None]) -> None:
        self._by_key: dict[str, list[str]] = {}
        for name in existing:
            self._by_key.setdefault(fold(name), []).append(name)
        self._identity = identity
        self._known: dict[str, str | None] = {}

    def _identity_of(self, name: str) -> str | None:
        if name not in self._known:
            self._known[name] = self._identity(name)
        return self._known[name]

    def resolve(self, base: str, objid: str) -> tuple[str, bool]:
        """(name, already_there): the existing name of this package, or a free name to create it under."""
        free: str | None = None
        for candidate in candidates(base, objid):
            holders = self._by_key.get(fold(candidate), [])
            for holder in holders:
                if self._identity_of(holder) == objid:
                    return holder, True
            if not holders and free is None:
                free = candidate
        if free is None:  # pragma: no cover - would need a SHA-256 collision
            raise RuntimeError(f"no free package name for {base!r}")
        return free, False

    def claim(self, name: str, objid: str) -> None:
        """Record that `name` now holds the package `objid`."""
        self._by_key.setdefault(fold(name), []).append(name)
        self._known[name] = objid

    def release(self, name: str) -> None:
        """Forget a claim whose package could not be written."""
        holders = self._by_key.get(fold(name), [])
        if name in holders:
            holders.remove(name)
        self._known.pop(name, None)
