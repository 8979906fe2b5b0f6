"""`pav package`: one BagIt-wrapped E-ARK CSIP package per page, judged by the real referees.

bagit-python validates every bag; the official METS, PREMIS 3 and DCMI schemas (../shared/reference/xsd/,
loaded through all.xsd with no network) validate the metadata; the CSIP vocabularies
(../shared/reference/csip-vocab/) check the attribute values; pav's own XSD and Schematron profiles check the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bagit
import pytest
from lxml import etree, isoschematron

from tests.conftest import REFERENCE, REPO, SAMPLES, valid_record, write_jsonl
from validator.cli import main
from validator.engine import Engine
from validator.package import layout
from validator.package.capture import package_id
from validator.package.writer import BATCH_REPORT, PackageWriter
from validator.sources import iter_source_items

XSD_DIR = REFERENCE / "xsd"
VOCAB_DIR = REFERENCE / "csip-vocab"
NS = {
    "mets": layout.METS_NS,
    "premis": layout.PREMIS_NS,
    "xlink": layout.XLINK_NS,
    "csip": layout.CSIP_NS,
    "c": layout.COMPLIANCE_NS,
    "dc": layout.DC_NS,
    "dcterms": layout.DCTERMS_NS,
    "xsi": layout.XSI_NS,
}
PARSER = etree.XMLParser(no_network=True, resolve_entities=False)
FIXED_NOW = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


# -- referees ------------------------------------------------------------------------------------------------


def official_schema() -> etree.XMLSchema:
    """The official METS, PREMIS and DC schemas, loaded as ../shared/reference/xsd/README.md says."""
    return etree.XMLSchema(etree.parse(str(XSD_DIR / "all.xsd"), PARSER))


OFFICIAL = official_schema()
COMPLIANCE_XSD = etree.XMLSchema(etree.parse(str(REPO / "schemas" / "pav-compliance.xsd"), PARSER))
DC_CONTAINER_XSD = etree.XMLSchema(etree.parse(str(REPO / "schemas" / "pav-dc.xsd"), PARSER))
METS_PROFILE = isoschematron.Schematron(etree.parse(str(REPO / "schemas" / "pav-mets-profile.sch"), PARSER))
PREMIS_PROFILE = isoschematron.Schematron(etree.parse(str(REPO / "schemas" / "pav-premis-profile.sch"), PARSER))


def vocabulary(name: str) -> set[str]:
    tree = etree.parse(str(VOCAB_DIR / f"CSIPVocabulary{name}.xml"), PARSER)
    return {term.text or "" for term in tree.iter("{https://DILCIS.eu/XML/Vocabularies/IP}Term")}


def xml(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), PARSER)


def packages_in(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


def judge(package: Path) -> None:
    """Every referee on one package folder: bagit-python, official XSDs, pav's XSDs and profiles."""
    bagit.Bag(str(package)).validate()
    data = package / "data"
    official = (
        layout.METS_FILE,
        layout.PREMIS_FILE,
        layout.REPRESENTATION_METS_FILE,
        layout.REPRESENTATION_PREMIS_FILE,
    )
    for relative in official:
        tree = xml(data / relative)
        assert OFFICIAL.validate(tree), (package.name, relative, OFFICIAL.error_log)
    dc = xml(data / layout.DC_FILE)
    assert DC_CONTAINER_XSD.validate(dc), DC_CONTAINER_XSD.error_log
    for element in dc.getroot():  # each Dublin Core element against the official DCMI schemas
        assert OFFICIAL.validate(element), (package.name, element.tag, OFFICIAL.error_log)
    compliance = xml(data / layout.COMPLIANCE_FILE)
    assert COMPLIANCE_XSD.validate(compliance), (package.name, COMPLIANCE_XSD.error_log)
    assert METS_PROFILE.validate(xml(data / layout.METS_FILE)), METS_PROFILE.error_log
    assert PREMIS_PROFILE.validate(xml(data / layout.PREMIS_FILE)), PREMIS_PROFILE.error_log


def bag_info(package: Path) -> dict[str, str]:
    lines = (package / "bag-info.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines)


def run_pav(*args: str) -> int:
    return main(list(args))


def package_results(out: Path, inputs: list[str], **options: Any) -> PackageWriter:
    with PackageWriter(out, **options) as writer:
        for result in Engine().check_items(iter_source_items(inputs)):
            writer.add(result)
    return writer


def report_of(out: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((out / BATCH_REPORT).read_text(encoding="utf-8"))
    return loaded


# -- the samples, packaged once for this module -----------------------------------------------------------------


@pytest.fixture(scope="module")
def samples_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples") / "packages"
    assert run_pav("package", str(SAMPLES / "records"), "--out", str(out)) == 1  # the samples fail on purpose
    return out


@pytest.fixture(scope="module")
def seed_package(samples_out: Path) -> Path:
    return samples_out / "sc-gov-zh-20231122-mianyang-expo"


@pytest.fixture(scope="module")
def failing_package(samples_out: Path) -> Path:
    return samples_out / "bad-F202-glued-digits"


def test_every_sample_page_becomes_a_package_the_referees_accept(samples_out: Path) -> None:
    packages = packages_in(samples_out)
    assert len(packages) == 34  # 32 batch records (two broken lines skipped) + the two seed pages
    for package in packages:
        judge(package)


def test_package_layout_is_bagit_around_csip(seed_package: Path) -> None:
    files = sorted(p.relative_to(seed_package).as_posix() for p in seed_package.rglob("*") if p.is_file())
    assert files == [
        "bag-info.txt",
        "bagit.txt",
        "data/METS.xml",
        "data/documentation/README.txt",
        "data/metadata/descriptive/dc.xml",
        "data/metadata/other/compliance.xml",
        "data/metadata/preservation/premis.xml",
        "data/representations/rep1/METS.xml",
        "data/representations/rep1/data/sichuan-expo-zh.json",
        "data/representations/rep1/metadata/preservation/premis.xml",
        "data/schemas/pav-compliance.xsd",
        "data/schemas/pav-dc.xsd",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
    ]
    assert (seed_package / "bagit.txt").read_text() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    tagged = {line.split()[1] for line in (seed_package / "tagmanifest-sha256.txt").read_text().splitlines()}
    assert tagged == {"bagit.txt", "bag-info.txt", "manifest-sha256.txt"}
    # The package's schemas/ holds the project's own XSDs, byte for byte.
    for name in layout.PACKAGE_SCHEMAS:
        assert (seed_package / "data/schemas" / name).read_bytes() == (REPO / "schemas" / name).read_bytes()


def test_bag_info_names_publisher_url_date_oxum_and_agent(seed_package: Path) -> None:
    info = bag_info(seed_package)
    assert info["Source-Organization"] == "四川省人民政府办公厅"  # the unit in charge, label "主办单位：" removed
    assert info["External-Identifier"] == "https://www.sc.gov.cn/10462/10464/10797/2023/11/22/mianyang-expo-zh.shtml"
    datetime.strptime(info["Bagging-Date"], "%Y-%m-%d")
    from validator import __version__

    assert info["Bag-Software-Agent"] == f"pav {__version__}"
    payload = [p for p in (seed_package / "data").rglob("*") if p.is_file()]
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in payload)}.{len(payload)}"
    mets = xml(seed_package / "data/METS.xml").getroot()
    assert info[layout.OBJID_LABEL] == mets.get("OBJID")


def test_original_bytes_are_kept_exactly(seed_package: Path, failing_package: Path) -> None:
    whole_file = seed_package / "data/representations/rep1/data/sichuan-expo-zh.json"
    assert whole_file.read_bytes() == (SAMPLES / "records/sichuan-expo-zh.json").read_bytes()
    line_23 = (SAMPLES / "records/batch.jsonl").read_bytes().splitlines(keepends=True)[22]
    assert (failing_package / "data/representations/rep1/data/batch-23.json").read_bytes() == line_23


def test_mets_follows_csip_and_uses_its_vocabularies(seed_package: Path) -> None:
    mets = xml(seed_package / "data/METS.xml").getroot()
    assert mets.get("TYPE") in vocabulary("ContentCategory")
    assert mets.get("TYPE") == "Websites"
    assert mets.get(f"{{{layout.CSIP_NS}}}CONTENTINFORMATIONTYPE") in vocabulary("ContentInformationType")
    assert mets.get(f"{{{layout.CSIP_NS}}}CONTENTINFORMATIONTYPE") == "OTHER"
    assert mets.get(f"{{{layout.CSIP_NS}}}OTHERCONTENTINFORMATIONTYPE")
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"  # a SIP (SIP2)
    header = mets.find("mets:metsHdr", NS)
    assert header is not None
    assert header.get(f"{{{layout.CSIP_NS}}}OAISPACKAGETYPE") in vocabulary("OAISPackageType")
    assert header.get(f"{{{layout.CSIP_NS}}}OAISPACKAGETYPE") == "SIP"
    datetime.fromisoformat(header.get("CREATEDATE") or "")
    agent = header.find("mets:agent", NS)
    assert agent is not None
    assert (agent.get("ROLE"), agent.get("TYPE"), agent.get("OTHERTYPE")) == ("CREATOR", "OTHER", "SOFTWARE")
    note = agent.find("mets:note", NS)
    assert note is not None and note.get(f"{{{layout.CSIP_NS}}}NOTETYPE") == "SOFTWARE VERSION" and note.text
    for section in mets.iterfind("mets:dmdSec", NS):
        assert section.get("STATUS") in vocabulary("Status")
    for ref in mets.iterfind(".//mets:mdRef", NS):
        assert ref.get("LOCTYPE") == "URL" and ref.get(f"{{{layout.XLINK_NS}}}type") == "simple"
        target = seed_package / "data" / (ref.get(f"{{{layout.XLINK_NS}}}href") or "")
        assert ref.get("SIZE") == str(target.stat().st_size)
        assert ref.get("CHECKSUM") == hashlib.sha256(target.read_bytes()).hexdigest()
        assert ref.get("CHECKSUMTYPE") == "SHA-256" and ref.get("MIMETYPE") == "application/xml"
        datetime.fromisoformat(ref.get("CREATED") or "")
    struct_map = mets.find("mets:structMap", NS)
    assert struct_map is not None and (struct_map.get("TYPE"), struct_map.get("LABEL")) == ("PHYSICAL", "CSIP")


def test_mets_follows_the_sip_profile_where_it_says_sip(seed_package: Path, samples_out: Path) -> None:
    mets = xml(seed_package / "data/METS.xml").getroot()
    header = mets.find("mets:metsHdr", NS)
    assert header is not None and header.get(f"{{{layout.CSIP_NS}}}OAISPACKAGETYPE") == "SIP"
    assert mets.get("PROFILE") == layout.SIP_PROFILE  # SIP2
    assert header.get("LASTMODDATE") == header.get("CREATEDATE")  # CSIP8: never modified after it was written
    # SIP9-SIP12: the unit in charge of the site is the archival creator; only pav is a CREATOR (CSIP10-16).
    agents = [
        (a.get("ROLE"), a.get("TYPE"), a.findtext("mets:name", None, NS)) for a in header.iterfind("mets:agent", NS)
    ]
    assert agents == [("CREATOR", "OTHER", "pav"), ("ARCHIVIST", "ORGANIZATION", "四川省人民政府办公厅")]
    without_unit = xml(samples_out / "bad-F401-no-unit-in-charge/data/METS.xml").getroot()
    assert [a.get("ROLE") for a in without_unit.iterfind("mets:metsHdr/mets:agent", NS)] == ["CREATOR"]
    # CSIP63 as eark-validator reads it: every file group states its content information type.
    for group in mets.iterfind("mets:fileSec/mets:fileGrp", NS):
        assert group.get(f"{{{layout.CSIP_NS}}}CONTENTINFORMATIONTYPE") == "OTHER", group.get("USE")
        assert group.get(f"{{{layout.CSIP_NS}}}OTHERCONTENTINFORMATIONTYPE") == layout.OTHER_CONTENT_INFORMATION_TYPE


def test_the_representation_has_its_own_mets_and_premis(seed_package: Path) -> None:
    data = seed_package / "data"
    mets = xml(data / "METS.xml").getroot()
    # CSIP105-112: the Representations division holds a division for rep1 pointing to its METS.xml.
    division = mets.find("mets:structMap/mets:div/mets:div[@LABEL='Representations']/mets:div", NS)
    assert division is not None and division.get("LABEL") == "Representations/rep1"
    pointer = division.find("mets:mptr", NS)
    assert pointer is not None and pointer.get("LOCTYPE") == "URL"
    assert pointer.get(f"{{{layout.XLINK_NS}}}href") == "representations/rep1/METS.xml"
    assert pointer.get(f"{{{layout.XLINK_NS}}}title") == "grp-rep1"
    # The representation's METS references, relative to its folder, the original bytes and its PREMIS.
    rep = data / "representations/rep1"
    rep_mets = xml(rep / "METS.xml").getroot()
    assert rep_mets.get("PROFILE") == layout.SIP_PROFILE and rep_mets.get("TYPE") == "Websites"
    references = {
        element.get(f"{{{layout.XLINK_NS}}}href"): element.getparent() if element.tag.endswith("FLocat") else element
        for element in rep_mets.iterfind(".//mets:FLocat", NS)
    }
    references.update({e.get(f"{{{layout.XLINK_NS}}}href"): e for e in rep_mets.iterfind(".//mets:mdRef", NS)})
    assert sorted(references) == ["data/sichuan-expo-zh.json", "metadata/preservation/premis.xml"]
    for href, element in references.items():
        assert href is not None and element is not None
        assert element.get("CHECKSUM") == hashlib.sha256((rep / href).read_bytes()).hexdigest()
        assert element.get("SIZE") == str((rep / href).stat().st_size)
    # Its PREMIS describes the representation's file, with the digest of the bytes.
    premis = xml(rep / "metadata/preservation/premis.xml").getroot()
    files = premis.findall("premis:object[@xsi:type='premis:file']", NS)
    assert [f.findtext("premis:objectIdentifier/premis:objectIdentifierValue", None, NS) for f in files] == [
        "representations/rep1/data/sichuan-expo-zh.json"
    ]
    digest = files[0].findtext(".//premis:messageDigest", None, NS)
    assert digest == hashlib.sha256((rep / "data/sichuan-expo-zh.json").read_bytes()).hexdigest()


def test_mets_references_every_payload_file_once(seed_package: Path) -> None:
    mets = xml(seed_package / "data/METS.xml").getroot()
    hrefs = [e.get(f"{{{layout.XLINK_NS}}}href") for e in mets.iterfind(".//mets:FLocat", NS)]
    hrefs += [e.get(f"{{{layout.XLINK_NS}}}href") for e in mets.iterfind(".//mets:mdRef", NS)]
    payload = sorted(p.relative_to(seed_package / "data").as_posix() for p in (seed_package / "data").rglob("*"))
    files = [p for p in payload if (seed_package / "data" / p).is_file() and p != "METS.xml"]
    assert sorted(h or "" for h in hrefs) == files
    for element in mets.iterfind(".//mets:file", NS):
        locator = element.find("mets:FLocat", NS)
        assert locator is not None
        target = seed_package / "data" / (locator.get(f"{{{layout.XLINK_NS}}}href") or "")
        assert element.get("CHECKSUM") == hashlib.sha256(target.read_bytes()).hexdigest()
        assert element.get("SIZE") == str(target.stat().st_size)


def test_objid_is_derived_from_the_capture_and_stable_across_runs(seed_package: Path, tmp_path: Path) -> None:
    source = SAMPLES / "records/sichuan-expo-zh.json"
    record = json.loads(source.read_text(encoding="utf-8"))
    expected = package_id(record["url"], record["captured_at"], hashlib.sha256(source.read_bytes()).hexdigest())
    assert xml(seed_package / "data/METS.xml").getroot().get("OBJID") == expected
    again = tmp_path / "again"
    assert run_pav("package", str(source), "--out", str(again)) == 0
    assert xml(again / seed_package.name / "data/METS.xml").getroot().get("OBJID") == expected
    # Another capture of the same page (a later capture time) is another package.
    later = tmp_path / "later.json"
    later.write_text(json.dumps({**record, "captured_at": "2026-11-21T09:00:00+08:00"}, ensure_ascii=False))
    assert run_pav("package", str(later), "--out", str(tmp_path / "later")) == 0
    assert xml(tmp_path / "later" / seed_package.name / "data/METS.xml").getroot().get("OBJID") != expected


# OBJIDs written out once (issue 14): the identifier is what makes reruns idempotent across versions (a rerun
# finds its package by it), so a change of namespace or key must fail here, not only drift with the function.
@pytest.mark.parametrize(
    ("url", "captured_at", "raw_sha256", "objid"),
    [
        (
            "https://www.sc.gov.cn/10462/c102914/2023/11/22/a.shtml",
            "2023-11-23T08:00:00+08:00",
            "0" * 64,
            "urn:uuid:1784a3f8-0e69-5dcf-871f-a80be729ace5",
        ),
        (
            "https://www.gov.cn/",
            "2024-01-01T00:00:00Z",
            "ab" * 32,
            "urn:uuid:87638217-e0fe-5e80-bbc1-701e8ddb0103",
        ),
        (  # no URL, no capture time: the bytes alone (here those of an empty file)
            None,
            None,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "urn:uuid:1fad60d2-2d82-5dda-89a5-eb0699781b36",
        ),
    ],
)
def test_objid_literals(url: str | None, captured_at: str | None, raw_sha256: str, objid: str) -> None:
    assert package_id(url, captured_at, raw_sha256) == objid


PINNED_RECORD = (
    '{"id": "objid-pin", "url": "https://www.sc.gov.cn/10462/c102914/2023/11/22/a.shtml", "title": "OBJID pin", '
    '"language": "zh-CN", "published_at": "2023-11-22T10:55:00+08:00", "captured_at": "2023-11-23T08:00:00+08:00", '
    '"body": "正文。", "footer": {"icp": "蜀ICP备13001288号"}}\n'
).encode()


def test_a_fixed_capture_gets_the_same_literal_objid_in_every_file_that_names_it(tmp_path: Path) -> None:
    source = tmp_path / "rec.json"
    source.write_bytes(PINNED_RECORD)
    assert hashlib.sha256(PINNED_RECORD).hexdigest() == (
        "a240ced2bc217f9597ac0052ed5a9ffb49c4ae97a0dd89750d5a4ccffe4036ab"
    )
    # Exit 1: the footer lacks most filings, so the page fails the check; it is packaged all the same.
    assert run_pav("package", str(source), "--out", str(tmp_path / "out")) == 1
    package = tmp_path / "out" / "objid-pin"
    objid = "urn:uuid:edf8b8d8-751d-5fbf-a911-3868db08be36"
    assert xml(package / "data/METS.xml").getroot().get("OBJID") == objid
    info = dict(line.split(": ", 1) for line in (package / "bag-info.txt").read_text(encoding="utf-8").splitlines())
    assert info[layout.OBJID_LABEL] == objid
    # The PREMIS event identifiers derive from the OBJID and the event type: pinned for two events.
    premis = xml(package / "data" / layout.PREMIS_FILE).getroot()
    events = {
        e.findtext("premis:eventType", namespaces=NS): e.findtext(".//premis:eventIdentifierValue", namespaces=NS)
        for e in premis.iterfind("premis:event", NS)
    }
    assert events["capture"] == "41ecfe07-fbe0-5fab-a969-ccc0d03f3696"
    assert events["validation"] == "347b0628-3d2e-5e26-baa5-f69116478954"


def test_premis_has_fixity_size_format_events_and_agent(failing_package: Path) -> None:
    data = failing_package / "data"
    premis = xml(data / layout.PREMIS_FILE).getroot()
    described = {}
    for obj in premis.iterfind("premis:object[@xsi:type='premis:file']", NS):
        path = obj.findtext("premis:objectIdentifier/premis:objectIdentifierValue", namespaces=NS)
        digest = obj.findtext(".//premis:fixity/premis:messageDigest", namespaces=NS)
        assert obj.findtext(".//premis:fixity/premis:messageDigestAlgorithm", namespaces=NS) == "SHA-256"
        described[path] = digest
        target = data / (path or "")
        assert digest == hashlib.sha256(target.read_bytes()).hexdigest()
        assert obj.findtext(".//premis:size", namespaces=NS) == str(target.stat().st_size)
        assert obj.findtext(".//premis:formatName", namespaces=NS)
    every = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    assert set(described) == every - {"METS.xml", layout.PREMIS_FILE}
    events = {e.findtext("premis:eventType", namespaces=NS): e for e in premis.iterfind("premis:event", NS)}
    assert {"capture", "message digest calculation", "format identification", "validation"} <= set(events)
    assert events["capture"].findtext("premis:eventDateTime", namespaces=NS) == "2024-03-06T02:00:00+08:00"
    validation = events["validation"]
    assert validation.findtext(".//premis:eventOutcome", namespaces=NS) == "fail"
    notes = [n.text for n in validation.iterfind(".//premis:eventOutcomeDetailNote", NS)]
    assert "failed rules: F202" in notes
    agent = premis.find("premis:agent", NS)
    assert agent is not None
    from validator import __version__

    assert agent.findtext("premis:agentType", namespaces=NS) == "software"
    assert agent.findtext("premis:agentVersion", namespaces=NS) == __version__


def test_compliance_xml_holds_footer_shown_and_parsed_findings_and_verdict(failing_package: Path) -> None:
    root = xml(failing_package / "data" / layout.COMPLIANCE_FILE).getroot()
    shown = {f.get("name"): f.text for f in root.iterfind("c:footer/c:shown/c:field", NS)}
    assert (
        shown["public_security"]
        == "Sichuan Computer Information Network and Internet Security Record No. 5101040200050710897"
    )
    parsed = root.find("c:footer/c:parsed/c:publicSecurity", NS)
    assert parsed is not None
    assert (parsed.get("digits"), parsed.get("provinceCodes")) == ("5101040200050710897", "51")
    icp = root.find("c:footer/c:parsed/c:icp", NS)
    assert icp is not None and icp.get("canonical") == "蜀ICP备13001288号"
    check = root.find("c:check", NS)
    assert check is not None and (check.get("profile"), check.get("failOn")) == ("gov", "error")
    findings = root.findall("c:findings/c:finding", NS)
    assert [(f.get("rule"), f.get("severity"), f.get("path")) for f in findings] == [
        ("F202", "error", "/footer/public_security")
    ]
    assert "19 digits" in (findings[0].text or "")
    verdict = root.find("c:verdict", NS)
    assert verdict is not None and (verdict.get("outcome"), verdict.get("failedRules")) == ("fail", "F202")


def test_dublin_core_describes_the_page(seed_package: Path) -> None:
    dc = xml(seed_package / "data" / layout.DC_FILE).getroot()
    assert dc.findtext("dc:title", namespaces=NS) == "第十一届中国（绵阳）科技城国际科技博览会开幕"
    assert dc.findtext("dc:identifier", namespaces=NS).startswith("https://www.sc.gov.cn/")  # type: ignore[union-attr]
    assert dc.findtext("dc:publisher", namespaces=NS) == "四川省人民政府办公厅"
    assert dc.findtext("dcterms:issued", namespaces=NS) == "2023-11-22T18:30:00+08:00"
    assert dc.findtext("dc:language", namespaces=NS) == "zh-CN"


def test_batch_report_lists_packaged_and_skipped_with_reasons(samples_out: Path) -> None:
    report = report_of(samples_out)
    assert report["summary"]["records"] == 36
    assert report["summary"]["packaged"] == 34
    assert report["summary"]["skipped"] == 2
    skipped = [r for r in report["records"] if r["status"] == "skipped"]
    assert [(r["location"]["line"], r["reason"][:4]) for r in skipped] == [(15, "I002"), (21, "I003")]
    failing = next(r for r in report["records"] if r.get("record_id") == "bad-F202-glued-digits")
    assert failing == {
        **failing,
        "status": "packaged",
        "package": "bad-F202-glued-digits",
        "verdict": "fail",
        "failed_rules": ["F202"],
    }
    assert not any(p.name.startswith(".pav-partial") for p in samples_out.iterdir())


def test_only_valid_skips_failing_pages_and_says_why(tmp_path: Path) -> None:
    batch = write_jsonl(tmp_path / "b.jsonl", [valid_record(id="good"), valid_record(id="bad", title="")])
    out = tmp_path / "out"
    assert run_pav("package", str(batch), "--out", str(out), "--only-valid") == 1
    assert [p.name for p in packages_in(out)] == ["good"]
    bad = next(r for r in report_of(out)["records"] if r.get("record_id") == "bad")
    assert bad["status"] == "skipped" and bad["reason"] == "fails S005 (--only-valid)"
    # Without --only-valid the failing page is archived with the failure recorded.
    out2 = tmp_path / "out2"
    assert run_pav("package", str(batch), "--out", str(out2)) == 1
    assert [p.name for p in packages_in(out2)] == ["bad", "good"]
    verdict = xml(out2 / "bad/data" / layout.COMPLIANCE_FILE).getroot().find("c:verdict", NS)
    assert verdict is not None and verdict.get("outcome") == "fail"


def test_exit_codes_and_summary(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    clean = write_jsonl(isolated / "clean.jsonl", [valid_record(id="a"), valid_record(id="b")])
    run = pav("package", str(clean), "--out", "out")
    assert run.code == 0
    assert run.out.strip() == "Packaged 2 pages into out. Report: out/batch-report.json"
    run = pav("package", str(clean), "--out", "out")
    assert run.code == 0
    assert "Packaged 0 pages into out; 2 already there (left untouched)" in run.out
    assert pav("package", str(clean), "--out", "out", "--fail-on", "never").code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl", "--out", "out"], "missing.jsonl: no such file or directory"),
        (["in", "--out", "in/packages"], "is inside the input folder"),
        (["in", "--out", "afile"], "exists and is not a folder"),
        (["in", "--out", "out", "--container", "tar"], "invalid choice"),
        (["in"], "--out"),
    ],
)
def test_usage_errors_exit_2_before_writing(pav, isolated: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    (isolated / "in").mkdir()
    write_jsonl(isolated / "in" / "r.jsonl", [valid_record()])
    (isolated / "afile").write_text("x")
    run = pav("package", *args)
    assert run.code == 2
    assert message in run.err
    assert not (isolated / "out").exists() and not (isolated / "in" / "packages").exists()


# -- names ------------------------------------------------------------------------------------------------------

HOSTILE_IDS = [
    "../../x",
    "/etc/passwd",
    "a\x00b",
    "C:\\Windows\\evil",
    "x" * 10_000,
    "ABC",
    "abc",
    "caf\u00e9",  # NFC
    "cafe\u0301",  # NFD: the same text
    "CON",
    ".hidden",
    "..",
    "a%0Ab",
    "\u202egnp.exe",
    "第十一届（绵阳）科博会/开幕",
    "lone\ud800surrogate",
]


def test_hostile_record_ids_never_escape_out_and_never_collide(tmp_path: Path) -> None:
    batch = write_jsonl(tmp_path / "ids.jsonl", [json.dumps(valid_record(id=i)) for i in HOSTILE_IDS])
    parent = tmp_path / "parent"
    out = parent / "out"
    assert run_pav("package", str(batch), "--out", str(out), "--fail-on", "never") == 0
    assert sorted(p.name for p in parent.iterdir()) == ["out"]  # nothing written beside --out
    names = [p.name for p in packages_in(out)]
    assert len(names) == len(HOSTILE_IDS)
    assert len({unicodedata.normalize("NFKC", n).casefold() for n in names}) == len(names)
    for name in names:
        assert "/" not in name and "\\" not in name and "\x00" not in name and not name.startswith(".")
        assert len(name.encode()) <= 140 and unicodedata.normalize("NFC", name) == name
        assert name.split(".")[0].upper() != "CON"
        judge(out / name)
    # Deterministic: a second output folder gets the same names.
    again = tmp_path / "again"
    assert run_pav("package", str(batch), "--out", str(again), "--fail-on", "never") == 0
    assert [p.name for p in packages_in(again)] == names
    by_id = {r["record_id"]: r["package"] for r in report_of(out)["records"]}
    assert by_id["ABC"] == "ABC" and by_id["abc"].startswith("abc~")
    assert by_id["caf\u00e9"] == "caf\u00e9" and by_id["cafe\u0301"].startswith("caf\u00e9~")
    assert by_id["../../x"].startswith("x~")


def test_a_name_taken_by_another_package_is_not_reused_on_rerun(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = write_jsonl(tmp_path / "1.jsonl", [valid_record(id="ABC")])
    second = write_jsonl(tmp_path / "2.jsonl", [valid_record(id="abc", title="另一篇")])
    assert run_pav("package", str(first), "--out", str(out)) == 0
    assert run_pav("package", str(second), str(first), "--out", str(out)) == 0
    names = sorted(p.name for p in packages_in(out))
    assert len(names) == 2 and "ABC" in names  # abc got its own name, ABC was found where it was
    statuses = {r["record_id"]: r["status"] for r in report_of(out)["records"]}
    assert statuses == {"abc": "packaged", "ABC": "present"}


def test_chinese_file_names_and_titles_survive_bags_and_zips(tmp_path: Path) -> None:
    source = tmp_path / "绵阳科博会开幕.json"
    source.write_text(json.dumps(valid_record(id="mianyang"), ensure_ascii=False), encoding="utf-8")
    nfd = tmp_path / unicodedata.normalize("NFD", "résumé-页面.json")
    nfd.write_text(json.dumps(valid_record(id="resume"), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert run_pav("package", str(source), str(nfd), "--out", str(out)) == 0
    kept = out / "mianyang/data/representations/rep1/data/绵阳科博会开幕.json"
    assert kept.read_bytes() == source.read_bytes()
    normalised = out / "resume/data/representations/rep1/data" / unicodedata.normalize("NFC", "résumé-页面.json")
    assert normalised.is_file()
    for package in packages_in(out):
        judge(package)
    zips = tmp_path / "zips"
    assert run_pav("package", str(source), "--out", str(zips), "--container", "zip") == 0
    with zipfile.ZipFile(zips / "mianyang.zip") as archive:
        names = archive.namelist()
        assert "mianyang/data/representations/rep1/data/绵阳科博会开幕.json" in names
        assert all(n.startswith("mianyang/") for n in names)  # one root folder (CSIPSTR1)
        archive.extractall(tmp_path / "unzipped")
    judge(tmp_path / "unzipped" / "mianyang")


def test_text_xml_cannot_hold_is_replaced_and_recorded(tmp_path: Path) -> None:
    record = valid_record(id="ctl", title="标题\x00含\x0b控制\ufffe字符")
    record["footer"]["icp"] = "蜀ICP备13001288号\x1b"
    line = json.dumps(record, ensure_ascii=True).replace("\\ufffe", "\\ud800")  # plus a lone surrogate
    batch = write_jsonl(tmp_path / "ctl.jsonl", [line])
    out = tmp_path / "out"
    run_pav("package", str(batch), "--out", str(out))
    package = out / "ctl"
    judge(package)  # still valid XML everywhere
    assert (package / "data/representations/rep1/data/ctl-1.json").read_bytes() == line.encode() + b"\n"
    title = xml(package / "data" / layout.DC_FILE).getroot().findtext("dc:title", namespaces=NS)
    assert title == "标题\ufffd含\ufffd控制\ufffd字符"
    repairs = {
        r.get("field"): r.get("codePoints")
        for r in xml(package / "data" / layout.COMPLIANCE_FILE).getroot().iterfind("c:textRepairs/c:repair", NS)
    }
    assert repairs["/title"] == "U+0000 U+000B U+D800"
    assert repairs["/footer/icp"] == "U+001B"
    premis = xml(package / "data" / layout.PREMIS_FILE).getroot()
    event = next(
        e
        for e in premis.iterfind("premis:event", NS)
        if e.findtext("premis:eventType", namespaces=NS) == "metadata modification"
    )
    notes = [n.text or "" for n in event.iterfind(".//premis:eventOutcomeDetailNote", NS)]
    assert "/title: U+0000 U+000B U+D800 (3 replaced)" in notes


def test_warc_and_html_pages_are_packaged_as_received(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_pav("package", str(SAMPLES / "pages"), str(SAMPLES / "crawl"), "--out", str(out))
    packages = packages_in(out)
    assert packages
    kinds = set()
    for package in packages:
        judge(package)
        mets = xml(package / "data/METS.xml").getroot()
        kinds.add(mets.get("TYPE"))
        rep = next((package / "data/representations/rep1/data").iterdir())
        if mets.get("TYPE") == "Web Archives":
            assert rep.read_bytes().startswith(b"WARC/1.")
    assert kinds == {"Websites", "Web Archives"}
    from validator.package.verify import verify_paths

    assert all(report.intact for report in verify_paths([out]))  # WARC records and HTML pages open (USE-2)


# -- repeatable and crash-safe ------------------------------------------------------------------------------------


def test_rerun_leaves_complete_packages_untouched_and_finishes_missing_ones(tmp_path: Path) -> None:
    batch = write_jsonl(tmp_path / "b.jsonl", [valid_record(id=f"p{i}") for i in range(4)])
    out = tmp_path / "out"
    assert run_pav("package", str(batch), "--out", str(out)) == 0
    before = {p.name: (p / "data/METS.xml").stat().st_mtime_ns for p in packages_in(out)}
    import shutil

    shutil.rmtree(out / "p2")
    stale = out / ".pav-partial-999999999-deadbeef"  # left by a run that was killed (no such process now)
    (stale / "data").mkdir(parents=True)
    assert run_pav("package", str(batch), "--out", str(out)) == 0
    after = {p.name: (p / "data/METS.xml").stat().st_mtime_ns for p in packages_in(out)}
    assert sorted(after) == ["p0", "p1", "p2", "p3"]
    assert all(after[name] == before[name] for name in ("p0", "p1", "p3"))
    assert not stale.exists()
    assert [r["status"] for r in report_of(out)["records"]] == ["present", "present", "packaged", "present"]


def test_a_package_that_cannot_be_written_leaves_nothing_and_the_run_goes_on(tmp_path: Path) -> None:
    # A real write failure: --out lies so deep that the first page's long file name passes PATH_MAX (4096)
    # inside the partial package folder, while the second page's short one does not.
    deep = tmp_path
    while len(str(deep)) < 3700:
        deep = deep / ("d" * 200)
    deep = deep / ("e" * (3960 - len(str(deep)) - 5))
    deep.mkdir(parents=True)
    out = deep / "out"
    long_input = write_jsonl(tmp_path / ("long" * 60 + ".jsonl"), [valid_record(id="first")])
    short_input = write_jsonl(tmp_path / "s.jsonl", [valid_record(id="second")])
    assert len(str(out)) == 3960
    writer = package_results(out, [str(long_input), str(short_input)])
    assert writer.summary.failed == 1 and writer.summary.packaged == 1
    statuses = {r["record_id"]: (r["status"], r.get("reason", "")) for r in report_of(out)["records"]}
    assert statuses["second"] == ("packaged", "")
    assert statuses["first"][0] == "failed" and "File name too long" in statuses["first"][1]
    assert sorted(p.name for p in out.iterdir()) == [BATCH_REPORT, "second"]  # no partial left, no "first"


def test_zip_container_holds_the_same_bag(tmp_path: Path) -> None:
    batch = write_jsonl(tmp_path / "b.jsonl", [valid_record(id="z")])
    out = tmp_path / "zips"
    assert run_pav("package", str(batch), "--out", str(out), "--container", "zip") == 0
    assert sorted(p.name for p in out.iterdir()) == [BATCH_REPORT, "z.zip"]
    with zipfile.ZipFile(out / "z.zip") as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED}
        archive.extractall(tmp_path / "x")
    judge(tmp_path / "x" / "z")
    assert run_pav("package", str(batch), "--out", str(out), "--container", "zip") == 0
    assert report_of(out)["records"][0]["status"] == "present"


def test_writer_api_streams_and_reports_outcomes(tmp_path: Path) -> None:
    batch = write_jsonl(tmp_path / "b.jsonl", [valid_record(id="one"), "{broken"])
    writer = package_results(tmp_path / "out", [str(batch)], clock=lambda: FIXED_NOW)
    assert writer.summary.to_dict() == {
        "records": 2,
        "packaged": 1,
        "present": 0,
        "skipped": 1,
        "failed": 0,
        "not_compliant": 0,
        "skip_reasons": {"input problem": 1},
        "input_failures": 1,
    }
    mets = xml(tmp_path / "out/one/data/METS.xml").getroot()
    assert mets.find("mets:metsHdr", NS).get("CREATEDATE") == "2024-05-01T08:00:00+00:00"  # type: ignore[union-attr]
    assert bag_info(tmp_path / "out/one")["Bagging-Date"] == "2024-05-01"
    assert sorted(os.listdir(tmp_path / "out")) == [BATCH_REPORT, "one"]
