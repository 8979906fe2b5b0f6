"""metadata/other/compliance.xml: what pav checked and found (schema: schemas/pav-compliance.xsd).

The page's identifying fields, the bytes checked (file in the package, size, SHA-256, where they came from),
the settings (profile, fail-on), the footer as shown and as parsed, every finding, the verdict, and any text
repairs made to fit the values into XML.
"""

from __future__ import annotations

import re
from collections import Counter

from validator import __version__
from validator.findings import Severity
from validator.footer.fields import FIELD_NAMES, UNIT_FIELDS
from validator.footer.values import IcpNumber, PublicSecurityNumber, SiteCode
from validator.package.capture import Capture, shown
from validator.package.layout import COMPLIANCE_NS, COMPLIANCE_XSD, TOOL_NAME, XSI_NS
from validator.package.xmltext import XmlText
from validator.package.xmlwrite import DECLARATION, attribute, attributes, finish, leaf
from validator.rules import CATALOG

# The footer fields (declared in validator/footer/fields.py) and the element names of the parsed unit names.
_FOOTER_FIELDS = FIELD_NAMES
_UNIT_TAGS = tuple((name, re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)) for name in UNIT_FIELDS)
_PAGE_FIELDS = (
    ("recordId", "id"),
    ("url", "url"),
    ("title", "title"),
    ("language", "language"),
    ("publishedAt", "published_at"),
    ("capturedAt", "captured_at"),
    ("section", "section"),
)
# Where a reader finds the schema: the copy inside this package (schemas/ beside METS.xml).
_ROOT = (
    f'<compliance xmlns="{COMPLIANCE_NS}" xmlns:xsi="{XSI_NS}" version="1" '
    f'xsi:schemaLocation="{COMPLIANCE_NS} ../../schemas/{COMPLIANCE_XSD}">\n'
)
_I, _II, _III = "  ", "    ", "      "


def build_compliance(capture: Capture, text: XmlText) -> bytes:
    parts = [DECLARATION, _ROOT]
    data = capture.data

    page: list[tuple[str, str | None]] = []
    for name, key in _PAGE_FIELDS:
        value = shown(data.get(key))
        if value is not None:
            page.append((name, text(value, f"/{key}")))
    parts.append(leaf(_I, "page", None, attributes(page)))

    location = capture.result.source.location if capture.result.source is not None else capture.result.location
    source: list[tuple[str, str | None]] = [
        ("file", capture.representation_path),
        ("location", text(location.file, "source location")),
        ("line", str(location.line) if location.line is not None else None),
        ("index", str(location.index) if location.index is not None else None),
        ("mediaType", text(capture.media_type_full, "source media type")),
        ("size", str(len(capture.raw))),
        ("sha256", capture.raw_sha256),
    ]
    provenance = capture.source_info
    for name, key in (
        ("declaredSha256", "sha256"),
        ("warcRecordId", "warc_record_id"),
        ("warcOffset", "warc_offset"),
    ):
        value = shown(provenance.get(key))
        if value is not None:
            source.append((name, text(value, f"/source/{key}")))
    parts.append(leaf(_I, "source", None, attributes(source)))

    check = (
        ("tool", TOOL_NAME),
        ("version", __version__),
        ("profile", capture.profile),
        ("failOn", capture.fail_on),
        ("checkedAt", capture.created),
    )
    parts.append(leaf(_I, "check", None, attributes(check)))

    parts.append(f"{_I}<footer>\n")
    shown_fields = []
    footer_data = data.get("footer")
    if isinstance(footer_data, dict):
        for name in _FOOTER_FIELDS:
            value = footer_data.get(name)
            if isinstance(value, str):
                shown_fields.append(leaf(_III, "field", text(value, f"/footer/{name}"), f' name="{name}"'))
    parts.append(f"{_II}<shown>\n{''.join(shown_fields)}{_II}</shown>\n" if shown_fields else f"{_II}<shown/>\n")
    parsed = _parsed(capture, text)
    parts.append(f"{_II}<parsed>\n{''.join(parsed)}{_II}</parsed>\n" if parsed else f"{_II}<parsed/>\n")
    parts.append(f"{_I}</footer>\n")

    findings = capture.findings
    counts = Counter(finding.severity for finding in findings)
    totals = (
        f' count="{len(findings)}" errors="{counts[Severity.ERROR]}" warnings="{counts[Severity.WARNING]}"'
        f' infos="{counts[Severity.INFO]}"'
    )
    if findings:
        parts.append(f"{_I}<findings{totals}>\n")
        for number, finding in enumerate(findings, 1):
            message = text(finding.message, f"finding {number} message")
            path = text(finding.path, f"finding {number} path")
            entry = CATALOG.get(finding.rule)
            line = finding.location.line
            extra: tuple[tuple[str, str | None], ...] = (
                ("rule", finding.rule),
                ("severity", str(finding.severity)),
                ("path", path),
                ("name", entry.name if entry is not None else None),
                ("line", str(line) if line is not None and line != location.line else None),
            )
            parts.append(leaf(_II, "finding", message, attributes(extra)))
        parts.append(f"{_I}</findings>\n")
    else:
        parts.append(f"{_I}<findings{totals}/>\n")

    verdict = f' outcome="{capture.verdict}" failedRules="{attribute(" ".join(capture.failed_rules))}"'
    parts.append(leaf(_I, "verdict", None, verdict))

    # Last, so that the repairs of every field above are known (dc.xml uses a subset of these fields).
    repairs = text.repairs
    if repairs:
        parts.append(f"{_I}<textRepairs>\n")
        for repair in repairs:
            fields = (
                ("field", repair.field),
                ("codePoints", " ".join(repair.code_points)),
                ("count", str(repair.count)),
                ("replacement", "U+FFFD"),
            )
            parts.append(leaf(_II, "repair", None, attributes(fields)))
        parts.append(f"{_I}</textRepairs>\n")
    parts.append("</compliance>\n")
    return finish(parts)


def _parsed(capture: Capture, text: XmlText) -> list[str]:
    parsed = capture.parsed_footer
    lines = []
    if parsed.icp is not None:
        lines.append(_icp(parsed.icp, text))
    if parsed.public_security is not None:
        lines.append(_public_security(parsed.public_security, text))
    if parsed.site_code is not None:
        lines.append(_site_code(parsed.site_code, text))
    for name, tag in _UNIT_TAGS:
        value = getattr(parsed, name)
        if value:
            lines.append(leaf(_III, tag, text(value, f"footer {tag} (parsed)")))
    if parsed.label_language is not None:
        lines.append(leaf(_III, "labelLanguage", parsed.label_language))
    return lines


def _icp(icp: IcpNumber, text: XmlText) -> str:
    fields = (
        ("text", text(icp.text, "footer ICP number (parsed)")),
        ("canonical", text(icp.format(), "footer ICP number (canonical)")),
        ("kind", icp.kind),
        ("prefix", text(icp.prefix, "footer ICP prefix (parsed)")),
        ("digits", text(icp.digits, "footer ICP digits (parsed)")),
        ("provinceCodes", " ".join(p.code for p in icp.provinces)),
        ("language", icp.language),
        ("foundIn", icp.found_in),
        ("siteSuffix", str(icp.site_suffix) if icp.site_suffix is not None else None),
    )
    return leaf(_III, "icp", None, attributes(fields))


def _public_security(number: PublicSecurityNumber, text: XmlText) -> str:
    fields = (
        ("text", text(number.text, "footer public security number (parsed)")),
        ("canonical", text(number.format(), "footer public security number (canonical)")),
        ("prefix", text(number.prefix, "footer public security prefix (parsed)")),
        ("digits", text(number.digits, "footer public security digits (parsed)")),
        ("provinceCodes", " ".join(p.code for p in number.provinces)),
        ("language", number.language),
        ("foundIn", number.found_in),
    )
    return leaf(_III, "publicSecurity", None, attributes(fields))


def _site_code(code: SiteCode, text: XmlText) -> str:
    fields = (
        ("text", text(code.text, "footer site code (parsed)")),
        ("value", text(code.value, "footer site code value (parsed)")),
        ("kind", code.kind),
        ("foundIn", code.found_in),
        ("provinceCode", code.province.code if code.province is not None else None),
    )
    return leaf(_III, "siteCode", None, attributes(fields))
