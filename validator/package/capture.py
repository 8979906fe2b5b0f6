"""One page as a package sees it: the checked record, its original bytes, identity, verdict and files.

Everything the metadata documents need is computed here once (digest of the bytes, the package identifier,
the parsed footer, the verdict), so the builders in this package only arrange it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from validator.config import Settings
from validator.engine import RecordResult
from validator.findings import Finding
from validator.footer import footer_texts, parse_footer_texts
from validator.footer.values import ParsedFooter
from validator.package import layout, naming
from validator.record_view import RecordView

# OBJID = UUIDv5 in this namespace of "url \n captured_at \n sha256(original bytes)": the same capture of the
# same page gets the same identifier on every run and on every machine.
PACKAGE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:pav:package")


class NotPackageable(Exception):
    """A record that cannot become a package (the reason is the message)."""


@dataclass(frozen=True, slots=True)
class PayloadFile:
    """A file of the information package, hashed once: the digest serves METS, PREMIS and the manifests."""

    path: str  # relative to the package root (the bag's data/), '/'-separated
    data: bytes
    sha256: str
    media_type: str
    created: str  # xs:dateTime

    @property
    def size(self) -> int:
        return len(self.data)


def payload_file(path: str, data: bytes, media_type: str, created: str) -> PayloadFile:
    return PayloadFile(path, data, hashlib.sha256(data).hexdigest(), media_type, created)


def shown(value: Any) -> str | None:
    """A record value as text: strings as given, anything else as JSON, absent (None) as None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def package_id(url: str | None, captured_at: str | None, raw_sha256: str) -> str:
    """The package identifier (METS OBJID) of a capture: `urn:uuid:` + a UUIDv5 of what identifies it."""
    key = "\n".join((url or "", captured_at or "", raw_sha256))
    return uuid.uuid5(PACKAGE_NAMESPACE, key).urn


def base_media_type(media_type: str | None) -> str:
    if not media_type:
        return "application/octet-stream"
    return media_type.split(";", 1)[0].strip().lower() or "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Capture:
    """A checked page ready to be packaged."""

    result: RecordResult
    data: dict[str, Any]
    record: RecordView  # typed fields of the record (those of validator.record.NewsPageRecord)
    parsed_footer: ParsedFooter  # what pav read from the footer (`record.footer` holds its texts)
    raw: bytes
    raw_sha256: str
    media_type: str  # base media type, e.g. "text/html"
    media_type_full: str  # as the reader gave it, e.g. "text/html; charset=utf-8"
    objid: str
    profile: str
    fail_on: str
    failed_rules: tuple[str, ...]
    packaged_at: datetime
    representation_name: str

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.result.findings

    @property
    def verdict(self) -> str:
        return "fail" if self.failed_rules else "pass"

    @property
    def url(self) -> str | None:
        return shown(self.data.get("url"))

    @property
    def captured_at(self) -> str | None:
        return shown(self.data.get("captured_at"))

    @property
    def created(self) -> str:
        """xs:dateTime of packaging."""
        return self.packaged_at.isoformat()

    @property
    def captured_created(self) -> str:
        """xs:dateTime the original bytes were made: the capture time when known, else packaging time."""
        captured = self.record.captured_at
        return captured.isoformat() if captured is not None else self.created

    @property
    def content_category(self) -> str:
        return layout.CONTENT_CATEGORY_WARC if self.media_type == "application/warc" else layout.CONTENT_CATEGORY_PAGE

    @property
    def source_info(self) -> dict[str, Any]:
        source = self.data.get("source")
        return source if isinstance(source, dict) else {}

    @property
    def representation_path(self) -> str:
        return f"{layout.REPRESENTATION_DIR}/{self.representation_name}"

    @classmethod
    def from_result(cls, result: RecordResult, settings: Settings, packaged_at: datetime) -> Capture:
        source = result.source
        if not result.is_record or source is None or not isinstance(source.data, dict):
            raise NotPackageable("not a record")
        if source.raw is None:
            raise NotPackageable("the source reader kept no original bytes for this record")
        data: dict[str, Any] = source.data
        raw = bytes(source.raw)
        raw_sha256 = hashlib.sha256(raw).hexdigest()
        media_full = source.media_type or "application/octet-stream"
        media = base_media_type(media_full)
        record = RecordView(data)
        threshold = settings.fail_threshold()
        failed = (
            tuple(sorted({f.rule for f in result.findings if f.severity >= threshold})) if threshold is not None else ()
        )
        extension = layout.EXTENSIONS.get(media, ".bin")
        location = source.location
        position: int | str | None = location.line if location.line is not None else location.index
        if media == "application/warc":
            offset = record.source.warc_offset if record.source is not None else None
            position = offset if offset is not None else (position if position is not None else "record")
        representation_name = naming.representation_file_name(location.file, position, extension)
        return cls(
            result=result,
            data=data,
            record=record,
            parsed_footer=parse_footer_texts(footer_texts(data.get("footer"))),
            raw=raw,
            raw_sha256=raw_sha256,
            media_type=media,
            media_type_full=media_full,
            objid=package_id(shown(data.get("url")), shown(data.get("captured_at")), raw_sha256),
            profile=result.profile or settings.profile,  # (the record's own under `auto`)
            fail_on=settings.fail_on,
            failed_rules=failed,
            packaged_at=packaged_at,
            representation_name=representation_name,
        )
