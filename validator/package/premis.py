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

import uuid
from collections.abc import Sequence

from lxml import etree

from validator import __version__
from validator.package.capture import Capture, PayloadFile, shown
from validator.package.layout import PREMIS_NS, REPRESENTATION, TOOL_NAME, XSI_NS
from validator.package.xmltext import Repair, XmlText
from validator.package.xmlutil import qname, serialize, sub

AGENT_ID = "pav"
EVENT_TYPE_AUTHORITY = "http://id.loc.gov/vocabulary/preservation/eventType"
_NSMAP = {"premis": PREMIS_NS, "xsi": XSI_NS}
_XSI_TYPE = qname(XSI_NS, "type")


def _q(local: str) -> str:
    return qname(PREMIS_NS, local)


def event_id(objid: str, name: str) -> str:
    """A stable UUID for one event of one package."""
    return str(uuid.uuid5(uuid.UUID(objid.removeprefix("urn:uuid:")), name))


def build_premis(capture: Capture, files: Sequence[PayloadFile], text: XmlText) -> bytes:
    root = etree.Element(_q("premis"), nsmap=_NSMAP)
    root.set("version", "3.0")
    url = capture.url
    representation = f"representations/{REPRESENTATION}"

    entity = _object(root, "intellectualEntity", "URN", capture.objid)
    if url is not None:
        _identifier(entity, "objectIdentifier", "URL", text(url, "/url"))
    _relationship(entity, "structural", "is represented by", representation)

    rep = _object(root, "representation", "local", representation)
    _relationship(rep, "structural", "represents", capture.objid, "URN")
    _relationship(rep, "structural", "includes", capture.representation_path)

    location = capture.result.source.location if capture.result.source is not None else capture.result.location
    for file in files:
        obj = _object(root, "file", "local", file.path)
        characteristics = sub(obj, _q("objectCharacteristics"))
        sub(characteristics, _q("compositionLevel"), "0")
        fixity = sub(characteristics, _q("fixity"))
        sub(fixity, _q("messageDigestAlgorithm"), "SHA-256")
        sub(fixity, _q("messageDigest"), file.sha256)
        sub(fixity, _q("messageDigestOriginator"), TOOL_NAME)
        sub(characteristics, _q("size"), str(file.size))
        media_type = file.media_type
        notes: list[str] = []
        if file.path == capture.representation_path:
            media_type = capture.media_type
            if capture.media_type_full != capture.media_type:
                notes.append(text(f"as received: {capture.media_type_full}", "source media type"))
        format_element = sub(characteristics, _q("format"))
        designation = sub(format_element, _q("formatDesignation"))
        sub(designation, _q("formatName"), media_type)
        for note in notes:
            sub(format_element, _q("formatNote"), note)
        if file.path == capture.representation_path:
            sub(obj, _q("originalName"), text(str(location), "source location"))
            _relationship(obj, "structural", "is included in", representation)

    now = capture.created
    rep_file = capture.representation_path
    all_files = [file.path for file in files]
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
        _event(
            root,
            capture,
            "capture",
            captured.isoformat(),
            text(detail, "capture detail"),
            None,
            [],
            [(rep_file, "outcome")],
            None,
        )

    declared = shown(capture.source_info.get("sha256"))
    if declared is not None:
        outcome = "pass" if declared.lower() == capture.raw_sha256 else "fail"
        _event(
            root,
            capture,
            "fixity check",
            now,
            "SHA-256 of the bytes received compared with the digest the source recorded (source.sha256)",
            outcome,
            [text(f"recorded {declared}, computed {capture.raw_sha256}", "/source/sha256")],
            [(rep_file, "source")],
            "executing program",
        )
    _event(
        root,
        capture,
        "message digest calculation",
        now,
        "SHA-256 of every file of the package, computed once while writing it; METS.xml and the BagIt "
        "manifests carry the same digests",
        "success",
        [],
        [(path, "source") for path in all_files],
        "executing program",
    )
    _event(
        root,
        capture,
        "format identification",
        now,
        text(
            f"media type {capture.media_type_full} as given by the source reader; no signature-based identification",
            "source media type",
        ),
        "success",
        [],
        [(rep_file, "source")],
        "executing program",
    )
    failed = " ".join(capture.failed_rules) or "none"
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in capture.findings:
        counts[str(finding.severity)] += 1
    _event(
        root,
        capture,
        "validation",
        now,
        f"pav {__version__} compliance check (record contract and footer filing rules), profile {capture.profile}; "
        f"the page fails on findings at or above '{capture.fail_on}'; the findings are in "
        "metadata/other/compliance.xml",
        capture.verdict,
        [
            f"failed rules: {failed}",
            f"findings: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info",
        ],
        [(rep_file, "source"), ("metadata/other/compliance.xml", "outcome")],
        "validator",
    )
    repairs = text.repairs
    if repairs:
        _event(
            root,
            capture,
            "metadata modification",
            now,
            "characters XML 1.0 cannot hold were replaced by U+FFFD in the package metadata; the original "
            "bytes in representations/ are unchanged",
            "success",
            [_repair_note(repair) for repair in repairs],
            [(path, "outcome") for path in all_files if path.startswith("metadata/")],
            "executing program",
        )
    _event(
        root,
        capture,
        "information package creation",
        now,
        f"E-ARK CSIP information package in a BagIt bag, written by pav {__version__}",
        "success",
        [],
        [],
        "executing program",
        entity=True,
    )

    agent = sub(root, _q("agent"))
    _identifier(agent, "agentIdentifier", "local", AGENT_ID)
    sub(agent, _q("agentName"), TOOL_NAME)
    sub(agent, _q("agentType"), "software")
    sub(agent, _q("agentVersion"), __version__)
    return serialize(root)


def _repair_note(repair: Repair) -> str:
    return f"{repair.field}: {' '.join(repair.code_points)} ({repair.count} replaced)"


def _object(root: etree._Element, kind: str, id_type: str, value: str) -> etree._Element:
    obj = sub(root, _q("object"), **{_XSI_TYPE: f"premis:{kind}"})
    _identifier(obj, "objectIdentifier", id_type, value)
    return obj


def _identifier(parent: etree._Element, kind: str, id_type: str, value: str) -> None:
    element = sub(parent, _q(kind))
    sub(element, _q(f"{kind}Type"), id_type)
    sub(element, _q(f"{kind}Value"), value)


def _relationship(parent: etree._Element, kind: str, subtype: str, target: str, target_type: str = "local") -> None:
    relationship = sub(parent, _q("relationship"))
    sub(relationship, _q("relationshipType"), kind)
    sub(relationship, _q("relationshipSubType"), subtype)
    related = sub(relationship, _q("relatedObjectIdentifier"))
    sub(related, _q("relatedObjectIdentifierType"), target_type)
    sub(related, _q("relatedObjectIdentifierValue"), target)


def _event(
    root: etree._Element,
    capture: Capture,
    event_type: str,
    when: str,
    detail: str,
    outcome: str | None,
    notes: Sequence[str],
    objects: Sequence[tuple[str, str]],
    agent_role: str | None,
    *,
    entity: bool = False,
) -> None:
    event = sub(root, _q("event"))
    identifier = sub(event, _q("eventIdentifier"))
    sub(identifier, _q("eventIdentifierType"), "UUID")
    sub(identifier, _q("eventIdentifierValue"), event_id(capture.objid, event_type))
    sub(event, _q("eventType"), event_type, authority="eventType", authorityURI=EVENT_TYPE_AUTHORITY)
    sub(event, _q("eventDateTime"), when)
    sub(sub(event, _q("eventDetailInformation")), _q("eventDetail"), detail)
    if outcome is not None:
        information = sub(event, _q("eventOutcomeInformation"))
        sub(information, _q("eventOutcome"), outcome)
        for note in notes:
            sub(sub(information, _q("eventOutcomeDetail")), _q("eventOutcomeDetailNote"), note)
    if agent_role is not None:
        agent = sub(event, _q("linkingAgentIdentifier"))
        sub(agent, _q("linkingAgentIdentifierType"), "local")
        sub(agent, _q("linkingAgentIdentifierValue"), AGENT_ID)
        sub(agent, _q("linkingAgentRole"), agent_role)
    if entity:
        linked = sub(event, _q("linkingObjectIdentifier"))
        sub(linked, _q("linkingObjectIdentifierType"), "URN")
        sub(linked, _q("linkingObjectIdentifierValue"), capture.objid)
    for path, role in objects:
        linked = sub(event, _q("linkingObjectIdentifier"))
        sub(linked, _q("linkingObjectIdentifierType"), "local")
        sub(linked, _q("linkingObjectIdentifierValue"), path)
        sub(linked, _q("linkingObjectRole"), role)
