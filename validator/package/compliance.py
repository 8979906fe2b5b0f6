"""metadata/other/compliance.xml: what pav checked and found (schema: schemas/pav-compliance.xsd).

The page's identifying fields, the bytes checked (file in the package, size, SHA-256, where they came from),
the settings (profile, fail-on), the footer as shown and as parsed, every finding, the verdict, and any text
repairs made to fit the values into XML.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from validator import __version__
from validator.findings import Severity
from validator.footer.values import IcpNumber, PublicSecurityNumber, SiteCode
from validator.package.capture import Capture, shown
from validator.package.layout import COMPLIANCE_NS, COMPLIANCE_XSD, TOOL_NAME, XSI_NS
from validator.package.xmltext import XmlText
from validator.package.xmlutil import qname, serialize, sub
from validator.rules import CATALOG

_FOOTER_FIELDS = ("unit_in_charge", "organizer", "operator", "site_code", "icp", "public_security", "raw")
_PAGE_FIELDS = (
    ("recordId", "id"),
    ("url", "url"),
    ("title", "title"),
    ("language", "language"),
    ("publishedAt", "published_at"),
    ("capturedAt", "captured_at"),
    ("section", "section"),
)


def _q(local: str) -> str:
    return qname(COMPLIANCE_NS, local)


def build_compliance(capture: Capture, text: XmlText) -> bytes:
    root = etree.Element(_q("compliance"), nsmap={None: COMPLIANCE_NS, "xsi": XSI_NS})  # type: ignore[dict-item]
    root.set("version", "1")
    # Where a reader finds the schema: the copy inside this package (schemas/ beside METS.xml).
    root.set(qname(XSI_NS, "schemaLocation"), f"{COMPLIANCE_NS} ../../schemas/{COMPLIANCE_XSD}")
    data = capture.data

    page = sub(root, _q("page"))
    for attribute, key in _PAGE_FIELDS:
        value = shown(data.get(key))
        if value is not None:
            page.set(attribute, text(value, f"/{key}"))

    location = capture.result.source.location if capture.result.source is not None else capture.result.location
    source = sub(
        root,
        _q("source"),
        file=capture.representation_path,
        location=text(location.file, "source location"),
    )
    if location.line is not None:
        source.set("line", str(location.line))
    if location.index is not None:
        source.set("index", str(location.index))
    source.set("mediaType", text(capture.media_type_full, "source media type"))
    source.set("size", str(len(capture.raw)))
    source.set("sha256", capture.raw_sha256)
    provenance = capture.source_info
    for attribute, key in (
        ("declaredSha256", "sha256"),
        ("warcRecordId", "warc_record_id"),
        ("warcOffset", "warc_offset"),
    ):
        value = shown(provenance.get(key))
        if value is not None:
            source.set(attribute, text(value, f"/source/{key}"))

    sub(
        root,
        _q("check"),
        tool=TOOL_NAME,
        version=__version__,
        profile=capture.profile,
        failOn=capture.fail_on,
        checkedAt=capture.created,
    )

    footer = sub(root, _q("footer"))
    shown_footer = sub(footer, _q("shown"))
    footer_data = data.get("footer")
    if isinstance(footer_data, dict):
        for name in _FOOTER_FIELDS:
            value = footer_data.get(name)
            if isinstance(value, str):
                sub(shown_footer, _q("field"), text(value, f"/footer/{name}"), name=name)
    _parsed(sub(footer, _q("parsed")), capture, text)

    counts = Counter(finding.severity for finding in capture.findings)
    findings = sub(
        root,
        _q("findings"),
        count=str(len(capture.findings)),
        errors=str(counts[Severity.ERROR]),
        warnings=str(counts[Severity.WARNING]),
        infos=str(counts[Severity.INFO]),
    )
    for number, finding in enumerate(capture.findings, 1):
        element = sub(
            findings,
            _q("finding"),
            text(finding.message, f"finding {number} message"),
            rule=finding.rule,
            severity=str(finding.severity),
            path=text(finding.path, f"finding {number} path"),
        )
        entry = CATALOG.get(finding.rule)
        if entry is not None:
            element.set("name", entry.name)
        if finding.location.line is not None and finding.location.line != location.line:
            element.set("line", str(finding.location.line))

    sub(root, _q("verdict"), outcome=capture.verdict, failedRules=" ".join(capture.failed_rules))

    # Last, so that the repairs of every field above are known (dc.xml uses a subset of these fields).
    repairs = text.repairs
    if repairs:
        section = sub(root, _q("textRepairs"))
        for repair in repairs:
            sub(
                section,
                _q("repair"),
                field=repair.field,
                codePoints=" ".join(repair.code_points),
                count=str(repair.count),
                replacement="U+FFFD",
            )
    return serialize(root)


def _parsed(parent: etree._Element, capture: Capture, text: XmlText) -> None:
    parsed = capture.footer
    if parsed.icp is not None:
        _icp(parent, parsed.icp, text)
    if parsed.public_security is not None:
        _public_security(parent, parsed.public_security, text)
    if parsed.site_code is not None:
        _site_code(parent, parsed.site_code, text)
    for tag, value in (
        ("unitInCharge", parsed.unit_in_charge),
        ("organizer", parsed.organizer),
        ("operator", parsed.operator),
    ):
        if value:
            sub(parent, _q(tag), text(value, f"footer {tag} (parsed)"))
    if parsed.label_language is not None:
        sub(parent, _q("labelLanguage"), parsed.label_language)


def _icp(parent: etree._Element, icp: IcpNumber, text: XmlText) -> None:
    element = sub(
        parent,
        _q("icp"),
        text=text(icp.text, "footer ICP number (parsed)"),
        canonical=text(icp.format(), "footer ICP number (canonical)"),
        kind=icp.kind,
        prefix=text(icp.prefix, "footer ICP prefix (parsed)"),
        digits=text(icp.digits, "footer ICP digits (parsed)"),
        provinceCodes=" ".join(p.code for p in icp.provinces),
        language=icp.language,
        foundIn=icp.found_in,
    )
    if icp.site_suffix is not None:
        element.set("siteSuffix", str(icp.site_suffix))


def _public_security(parent: etree._Element, number: PublicSecurityNumber, text: XmlText) -> None:
    sub(
        parent,
        _q("publicSecurity"),
        text=text(number.text, "footer public security number (parsed)"),
        canonical=text(number.format(), "footer public security number (canonical)"),
        prefix=text(number.prefix, "footer public security prefix (parsed)"),
        digits=text(number.digits, "footer public security digits (parsed)"),
        provinceCodes=" ".join(p.code for p in number.provinces),
        language=number.language,
        foundIn=number.found_in,
    )


def _site_code(parent: etree._Element, code: SiteCode, text: XmlText) -> None:
    element = sub(
        parent,
        _q("siteCode"),
        text=text(code.text, "footer site code (parsed)"),
        value=text(code.value, "footer site code value (parsed)"),
        kind=code.kind,
        foundIn=code.found_in,
    )
    if code.province is not None:
        element.set("provinceCode", code.province.code)
