"""metadata/preservation/premis.xml: PREMIS 3 preservation metadata of one package.

Objects: the page capture (intellectual entity, identified by the package's urn:uuid and its URL), the
representation rep1, and one file object per file of the package (except METS.xml, which records this
file's digest, and this file itself) with SHA-256 fixity, size and format. Events: capture (when the
capture time is known), fixity check (when the source recorded a digest of its own), message digest
calculation, format identification, validation (the compliance check: outcome pass or fail, the failed
rules), metadata modification (only when text had to be repaired to fit XML) and information package
creation. Agent: pav, with its version. Event types and agent roles are terms of the Library of Congress
preservation vocabularies (id.loc.gov/vocabulary/preservation).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

from validator import __version__
from validator.package.capture import Capture, PayloadFile, shown
from validator.package.layout import PREMIS_NS, REPRESENTATION, TOOL_NAME, XSI_NS
from validator.package.xmltext import Repair, XmlText
from validator.package.xmlwrite import DECLARATION, finish
from validator.package.xmlwrite import text as escaped

AGENT_ID = "pav"
EVENT_TYPE_AUTHORITY = "http://id.loc.gov/vocabulary/preservation/eventType"
_ROOT = f'<premis:premis xmlns:premis="{PREMIS_NS}" xmlns:xsi="{XSI_NS}" version="3.0">\n'
_AGENT = f"""\
  <premis:agent>
    <premis:agentIdentifier>
      <premis:agentIdentifierType>local</premis:agentIdentifierType>
      <premis:agentIdentifierValue>{AGENT_ID}</premis:agentIdentifierValue>
    </premis:agentIdentifier>
    <premis:agentName>{TOOL_NAME}</premis:agentName>
    <premis:agentType>software</premis:agentType>
    <premis:agentVersion>{__version__}</premis:agentVersion>
  </premis:agent>
</premis:premis>
"""


def event_id(objid: str, name: str) -> str:
    """A stable UUID for one event of one package."""
    return _event_id(uuid.UUID(objid.removeprefix("urn:uuid:")).bytes, name)


def _event_id(namespace: bytes, name: str) -> str:
    # uuid.uuid5(namespace, name), without parsing the namespace again for each of a package's events
    return str(uuid.UUID(bytes=hashlib.sha1(namespace + name.encode("utf-8")).digest()[:16], version=5))


def build_premis(capture: Capture, files: Sequence[PayloadFile], text: XmlText) -> bytes:
    parts = [DECLARATION, _ROOT]
    namespace = uuid.UUID(capture.objid.removeprefix("urn:uuid:")).bytes
    url = capture.url
    representation = f"representations/{REPRESENTATION}"
    objid = escaped(capture.objid)

    parts.append('  <premis:object xsi:type="premis:intellectualEntity">\n')
    parts.append(_identifier("    ", "objectIdentifier", "URN", objid))
    if url is not None:
        parts.append(_identifier("    ", "objectIdentifier", "URL", escaped(text(url, "/url"))))
    parts.append(_relationship("is represented by", representation))
    parts.append('  </premis:object>\n  <premis:object xsi:type="premis:representation">\n')
    parts.append(_identifier("    ", "objectIdentifier", "local", representation))
    parts.append(_relationship("represents", objid, "URN"))
    parts.append(_relationship("includes", escaped(capture.representation_path)))
    parts.append("  </premis:object>\n")

    location = capture.result.source.location if capture.result.source is not None else capture.result.location
    paths = {file.path: escaped(file.path) for file in files}  # each used again by the events
    for file in files:
        path = paths[file.path]
        media_type = file.media_type
        notes = ""
        original = ""
        if file.path == capture.representation_path:
            media_type = capture.media_type
            if capture.media_type_full != capture.media_type:
                note = escaped(text(f"as received: {capture.media_type_full}", "source media type"))
                notes = f"        <premis:formatNote>{note}</premis:formatNote>\n"
            original = (
                f"    <premis:originalName>{escaped(text(str(location), 'source location'))}</premis:originalName>\n"
                + _relationship("is included in", representation)
            )
        parts.append(
            '  <premis:object xsi:type="premis:file">\n'
            + _identifier("    ", "objectIdentifier", "local", path)
            + "    <premis:objectCharacteristics>\n"
            "      <premis:compositionLevel>0</premis:compositionLevel>\n"
            "      <premis:fixity>\n"
            "        <premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm>\n"
            f"        <premis:messageDigest>{file.sha256}</premis:messageDigest>\n"  # hex digits
            f"        <premis:messageDigestOriginator>{TOOL_NAME}</premis:messageDigestOriginator>\n"
            "      </premis:fixity>\n"
            f"      <premis:size>{file.size}</premis:size>\n"
            "      <premis:format>\n"
            "        <premis:formatDesignation>\n"
            f"          <premis:formatName>{escaped(media_type)}</premis:formatName>\n"
            "        </premis:formatDesignation>\n"
            f"{notes}"
            "      </premis:format>\n"
            "    </premis:objectCharacteristics>\n"
            f"{original}"
            "  </premis:object>\n"
        )

    now = capture.created
    rep_file = paths[capture.representation_path]
    all_files = list(paths.values())
    captured = capture.record.captured_at
    if captured is not None:
        detail = f"page captured from {url}" if url is not None else "page captured"
        provenance = capture.source_info
        warc_id = shown(provenance.get("warc_record_id"))
        if warc_id is not None:
            detail += f"; WARC record {warc_id}"
            offset = shown(provenance.get("warc_offset"))
            if offset is not None:
                detail += f" at offset {offset}"
        parts.append(
            _event(
                capture,
                namespace,
                "capture",
                captured.isoformat(),
                text(detail, "capture detail"),
                None,
                [],
                [(rep_file, "outcome")],
                None,
            )
        )

    declared = shown(capture.source_info.get("sha256"))
    if declared is not None:
        outcome = "pass" if declared.lower() == capture.raw_sha256 else "fail"
        parts.append(
            _event(
                capture,
                namespace,
                "fixity check",
                now,
                "SHA-256 of the bytes received compared with the digest the source recorded (source.sha256)",
                outcome,
                [text(f"recorded {declared}, computed {capture.raw_sha256}", "/source/sha256")],
                [(rep_file, "source")],
                "executing program",
            )
        )
    parts.append(
        _event(
            capture,
            namespace,
            "message digest calculation",
            now,
            "SHA-256 of every file of the package, computed once while writing it; METS.xml and the BagIt "
            "manifests carry the same digests",
            "success",
            [],
            [(path, "source") for path in all_files],
            "executing program",
        )
    )
    parts.append(
        _event(
            capture,
            namespace,
            "format identification",
            now,
            text(
                f"media type {capture.media_type_full} as given by the source reader; "
                "no signature-based identification",
                "source media type",
            ),
            "success",
            [],
            [(rep_file, "source")],
            "executing program",
        )
    )
    failed = " ".join(capture.failed_rules) or "none"
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in capture.findings:
        counts[str(finding.severity)] += 1
    parts.append(
        _event(
            capture,
            namespace,
            "validation",
            now,
            f"pav {__version__} compliance check (record contract and footer filing rules), profile "
            f"{capture.profile}; the page fails on findings at or above '{capture.fail_on}'; the findings are in "
            "metadata/other/compliance.xml",
            capture.verdict,
            [
                f"failed rules: {failed}",
                f"findings: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info",
            ],
            [(rep_file, "source"), ("metadata/other/compliance.xml", "outcome")],
            "validator",
        )
    )
    repairs = text.repairs
    if repairs:
        parts.append(
            _event(
                capture,
                namespace,
                "metadata modification",
                now,
                "characters XML 1.0 cannot hold were replaced by U+FFFD in the package metadata; the original "
                "bytes in representations/ are unchanged",
                "success",
                [_repair_note(repair) for repair in repairs],
                [(path, "outcome") for path in all_files if path.startswith("metadata/")],
                "executing program",
            )
        )
    parts.append(
        _event(
            capture,
            namespace,
            "information package creation",
            now,
            f"E-ARK CSIP information package in a BagIt bag, written by pav {__version__}",
            "success",
            [],
            [],
            "executing program",
            entity=True,
        )
    )
    parts.append(_AGENT)
    return finish(parts)


def _repair_note(repair: Repair) -> str:
    return f"{repair.field}: {' '.join(repair.code_points)} ({repair.count} replaced)"


def _identifier(indent: str, kind: str, id_type: str, value: str) -> str:
    """`value` already escaped."""
    return (
        f"{indent}<premis:{kind}>\n"
        f"{indent}  <premis:{kind}Type>{id_type}</premis:{kind}Type>\n"
        f"{indent}  <premis:{kind}Value>{value}</premis:{kind}Value>\n"
        f"{indent}</premis:{kind}>\n"
    )


def _relationship(subtype: str, target: str, target_type: str = "local") -> str:
    """A structural relationship of an object; `target` already escaped."""
    return (
        "    <premis:relationship>\n"
        "      <premis:relationshipType>structural</premis:relationshipType>\n"
        f"      <premis:relationshipSubType>{subtype}</premis:relationshipSubType>\n"
        "      <premis:relatedObjectIdentifier>\n"
        f"        <premis:relatedObjectIdentifierType>{target_type}</premis:relatedObjectIdentifierType>\n"
        f"        <premis:relatedObjectIdentifierValue>{target}</premis:relatedObjectIdentifierValue>\n"
        "      </premis:relatedObjectIdentifier>\n"
        "    </premis:relationship>\n"
    )


def _event(
    capture: Capture,
    namespace: bytes,
    event_type: str,
    when: str,
    detail: str,
    outcome: str | None,
    notes: Sequence[str],
    objects: Sequence[tuple[str, str]],  # (path, role), the path already escaped
    agent_role: str | None,
    *,
    entity: bool = False,
) -> str:
    parts = [
        "  <premis:event>\n",
        _identifier("    ", "eventIdentifier", "UUID", _event_id(namespace, event_type)),
        f'    <premis:eventType authority="eventType" authorityURI="{EVENT_TYPE_AUTHORITY}">{event_type}'
        "</premis:eventType>\n",
        f"    <premis:eventDateTime>{escaped(when)}</premis:eventDateTime>\n",
        "    <premis:eventDetailInformation>\n",
        f"      <premis:eventDetail>{escaped(detail)}</premis:eventDetail>\n",
        "    </premis:eventDetailInformation>\n",
    ]
    if outcome is not None:
        parts.append("    <premis:eventOutcomeInformation>\n")
        parts.append(f"      <premis:eventOutcome>{escaped(outcome)}</premis:eventOutcome>\n")
        for note in notes:
            parts.append(
                "      <premis:eventOutcomeDetail>\n"
                f"        <premis:eventOutcomeDetailNote>{escaped(note)}</premis:eventOutcomeDetailNote>\n"
                "      </premis:eventOutcomeDetail>\n"
            )
        parts.append("    </premis:eventOutcomeInformation>\n")
    if agent_role is not None:
        parts.append(
            "    <premis:linkingAgentIdentifier>\n"
            "      <premis:linkingAgentIdentifierType>local</premis:linkingAgentIdentifierType>\n"
            f"      <premis:linkingAgentIdentifierValue>{AGENT_ID}</premis:linkingAgentIdentifierValue>\n"
            f"      <premis:linkingAgentRole>{agent_role}</premis:linkingAgentRole>\n"
            "    </premis:linkingAgentIdentifier>\n"
        )
    if entity:
        parts.append(
            "    <premis:linkingObjectIdentifier>\n"
            "      <premis:linkingObjectIdentifierType>URN</premis:linkingObjectIdentifierType>\n"
            f"      <premis:linkingObjectIdentifierValue>{escaped(capture.objid)}"
            "</premis:linkingObjectIdentifierValue>\n"
            "    </premis:linkingObjectIdentifier>\n"
        )
    for path, role in objects:
        parts.append(
            "    <premis:linkingObjectIdentifier>\n"
            "      <premis:linkingObjectIdentifierType>local</premis:linkingObjectIdentifierType>\n"
            f"      <premis:linkingObjectIdentifierValue>{path}</premis:linkingObjectIdentifierValue>\n"
            f"      <premis:linkingObjectRole>{role}</premis:linkingObjectRole>\n"
            "    </premis:linkingObjectIdentifier>\n"
        )
    parts.append("  </premis:event>\n")
    return "".join(parts)
