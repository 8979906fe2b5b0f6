"""`pav verify` on E-ARK packages pav did not write: bare package folders, METS.xml paths, zips, tars, bags
wrapping them and folders of them; the csip/sip/pav profiles; fixity by the checksum type the package names;
the standard's requirement ids and levels; hostile references and XML never read past the package.

The packages are the official E-ARK corpus's own (unpacked from the archive), with the one fault the corpus
README documents in them repaired (schemas/METS.xsd referenced where the file is mets.xsd), so that they are
valid and each test changes one thing.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import socket
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest

from tests.conftest import SAMPLES
from tests.test_package import run_pav
from tests.test_verify import reseal
from validator.cli import main
from validator.package.verify import PackageReport, verify_paths

MINIMAL = "CSIP/CSIP71/valid/minimal_IP_with_1_representation"
SIP = "SIP/SIP2/valid/minimal_SIP_plus_mets_SHOULD_MAY_items"
DOC = "documentation/Doc1.txt"
SEED = "sc-gov-zh-20231122-mianyang-expo"


@pytest.fixture
def corpus(eark_corpus: Path) -> Path:
    return eark_corpus


@pytest.fixture
def minimal(corpus: Path, tmp_path: Path) -> Path:
    """A copy of the corpus's minimal CSIP package with the two faults the corpus README documents repaired
    (then valid): its METS.xml references schemas/METS.xsd where the file is mets.xsd, and records the SIZE and
    CHECKSUM that file had with CRLF line endings. Named by its OBJID."""
    package = tmp_path / "minimal_IP_with_1_representation"
    shutil.copytree(corpus / MINIMAL, package)
    schema = package / "schemas/mets.xsd"
    (package / "schemas/METS.xsd").write_bytes(schema.read_bytes().replace(b"\n", b"\r\n"))
    schema.unlink()
    return package


def one(path: Path, profile: str | None = None) -> PackageReport:
    (report,) = verify_paths([path], profile=profile)  # type: ignore[arg-type]
    return report


def errors(report: PackageReport) -> set[tuple[str, str]]:
    return {(f.file, f.requirement) for f in report.errors}


def set_checksum(package: Path, href: str, checksum: str, checksum_type: str) -> None:
    """Give the METS file element of `href` another CHECKSUM and CHECKSUMTYPE."""
    mets = package / "METS.xml"
    text = mets.read_text(encoding="utf-8")
    at = text.index(f'xlink:href="{href}"')
    start = text.rindex("<file ", 0, at)
    element = text[start:at]
    head, _, rest = element.partition('CHECKSUM="')
    _, _, tail = rest.partition('"')
    rest2 = tail.partition('CHECKSUMTYPE="')
    new = f'{head}CHECKSUM="{checksum}"{rest2[0]}CHECKSUMTYPE="{checksum_type}"{rest2[2].partition(chr(34))[2]}'
    mets.write_text(text[:start] + new + text[at:], encoding="utf-8")


def set_href(package: Path, old: str, new: str) -> None:
    mets = package / "METS.xml"
    mets.write_text(mets.read_text(encoding="utf-8").replace(f'"{old}"', f'"{new}"'), encoding="utf-8")


# -- input kinds -------------------------------------------------------------------------------------------------


def test_a_bare_eark_package_folder_is_one_package_not_a_folder_of_bags(minimal: Path) -> None:
    report = one(minimal)
    assert (report.path, report.container, report.kind, report.profile) == (
        str(minimal),
        "dir",
        "E-ARK package folder",
        "csip",
    )
    assert report.intact, [str(f) for f in report.errors]
    checks = {check.id: check for check in report.checks}
    assert checks["AUT-1"].skipped == checks["INT-1"].skipped == "not a BagIt bag"
    assert checks["AUT-2"].status == "pass"  # MD5 fixity checked, and right
    assert checks["AUT-5"].skipped == "not a requirement of the csip profile"
    assert set(report.to_dict()["properties"]) == {"authenticity", "integrity", "usability", "security"}
    # Without its METS.xml the folder is still a package, and CSIPSTR4 says what is missing.
    (minimal / "METS.xml").rename(minimal / "Mets.xml")
    missing = one(minimal)
    assert ("METS.xml", "CSIPSTR4") in errors(missing)
    assert "found Mets.xml" in " ".join(f.message for f in missing.errors)


def test_mets_path_zip_tar_and_bag_give_the_same_verdict(minimal: Path, tmp_path: Path) -> None:
    flip = minimal / "representations/rep1/data/plain_text_document.txt"
    flip.write_bytes(flip.read_bytes().upper())
    expected = {("representations/rep1/data/plain_text_document.txt", "CSIP71")}
    folder = one(minimal)
    assert errors(folder) == expected
    assert errors(one(minimal / "METS.xml")) == expected  # a METS.xml path verifies its package
    archive = tmp_path / "p.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(minimal.rglob("*")):
            zipped.write(path, f"{minimal.name}/{path.relative_to(minimal).as_posix()}")
    as_zip = one(archive)
    assert (as_zip.container, as_zip.kind, errors(as_zip)) == ("zip", "zip: E-ARK package folder", expected)
    tarred = tmp_path / "p.tar.gz"
    with tarfile.open(tarred, "w:gz") as tar:
        tar.add(minimal, minimal.name)
    as_tar = one(tarred)
    assert (as_tar.container, as_tar.kind, errors(as_tar)) == ("tar", "tar: E-ARK package folder", expected)
    bag = tmp_path / "bag" / minimal.name
    shutil.copytree(minimal, bag)
    bagit.make_bag(str(bag), checksums=["sha256"])  # no Internal-Sender-Identifier: RFC 8493 makes it optional
    as_bag = one(bag)
    assert (as_bag.kind, as_bag.profile) == ("BagIt bag of an E-ARK package", "csip")
    assert errors(as_bag) == {(f"data/{file}", requirement) for file, requirement in expected}
    assert {c.id: c.status for c in as_bag.checks}["INT-1"] == "pass"


def test_a_folder_of_packages_is_searched_down_to_each_package(corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "transfer"
    shutil.copytree(corpus / "CSIP/CSIP15", root / "CSIP15")
    shutil.copytree(corpus / MINIMAL, root / "more/deeper/minimal")
    reports = verify_paths([root])
    shown = sorted(Path(r.path).relative_to(root).as_posix() for r in reports)
    assert shown == sorted(
        [
            *(f"CSIP15/valid/mets-xml_metsHdr_agent_note_{n}" for n in ("conform", "exist")),
            *(f"CSIP15/valid/mets-xml_metsHdr_agent_note_{n}.zip" for n in ("conform", "exist")),
            *(f"CSIP15/invalid/mets-xml_metsHdr_agent_note_{n}" for n in ("2_instances", "empty", "not_exist")),
            *(f"CSIP15/invalid/mets-xml_metsHdr_agent_note_{n}.zip" for n in ("2_instances", "empty", "not_exist")),
            "more/deeper/minimal",
            "CSIP15/testCase.xml",  # every entry is accounted for: these two are said to be no package
            "CSIP15/testCase.xsd",
        ]
    )
    assert {r.kind for r in reports} == {"E-ARK package folder", "zip: E-ARK package folder", "not a package"}


# -- fixity --------------------------------------------------------------------------------------------------------


def _crc32(data: bytes) -> str:
    return f"{zlib.crc32(data):08x}"


def _adler32(data: bytes) -> str:
    return f"{zlib.adler32(data):08x}"


ALGORITHMS: dict[str, Callable[[bytes], str]] = {
    "MD5": lambda d: hashlib.md5(d).hexdigest(),
    "SHA-1": lambda d: hashlib.sha1(d).hexdigest(),
    "SHA-256": lambda d: hashlib.sha256(d).hexdigest(),
    "SHA-384": lambda d: hashlib.sha384(d).hexdigest(),
    "SHA-512": lambda d: hashlib.sha512(d).hexdigest(),
    "CRC32": _crc32,
    "Adler-32": _adler32,
}


@pytest.mark.parametrize("checksum_type", sorted(ALGORITHMS))
def test_fixity_by_the_checksum_type_the_package_names(minimal: Path, checksum_type: str) -> None:
    data = (minimal / DOC).read_bytes()
    set_checksum(minimal, DOC, ALGORITHMS[checksum_type](data).upper(), checksum_type)  # case does not matter
    assert one(minimal).intact
    set_checksum(minimal, DOC, ALGORITHMS[checksum_type](data + b"x"), checksum_type)
    (failure,) = one(minimal).errors
    assert (failure.file, failure.requirement) == (DOC, "CSIP71")
    assert failure.message.startswith(f"{checksum_type} is {ALGORITHMS[checksum_type](data)}, METS.xml records ")


def test_a_checksum_type_outside_mets_is_its_own_finding(minimal: Path) -> None:
    set_checksum(minimal, DOC, "00", "SHA3-256")
    report = one(minimal)
    assert "METS XSD (CSIP0)" in {f.requirement for f in report.errors}  # the METS schema's own list says so too
    (failure,) = [f for f in report.errors if f.requirement != "METS XSD (CSIP0)"]
    assert (failure.file, failure.requirement) == (DOC, "CSIP72")
    assert "CHECKSUMTYPE 'SHA3-256' is not one of METS's (Adler-32, CRC32, HAVAL, MD5" in failure.message
    set_checksum(minimal, DOC, "00", "HAVAL")  # METS allows it; pav cannot compute it: said, not failed
    report = one(minimal)
    assert report.intact
    (warning,) = [f for f in report.failures if f.requirement == "CSIP71"]
    assert (warning.severity, warning.message) == ("warning", "HAVAL cannot be computed here: not checked")


# -- profiles and levels ---------------------------------------------------------------------------------------


def test_levels_are_the_standards_must_should_may(minimal: Path, corpus: Path) -> None:
    report = one(minimal)
    levels = {(f.requirement, f.severity) for f in report.failures}
    assert ("CSIP8", "warning") in levels  # SHOULD: no LASTMODDATE
    assert ("CSIP17", "warning") in levels  # SHOULD: no dmdSec
    assert one(corpus / SIP).profile == "sip"  # its PROFILE is the SIP profile
    as_sip = one(minimal, "sip")
    assert ("SIP1", "info") in {(f.requirement, f.severity) for f in as_sip.failures}  # MAY: no mets/@LABEL


def test_profile_auto_and_forced(minimal: Path, corpus: Path) -> None:
    # Forced to sip, the CSIP package's PROFILE breaks SIP2 (not CSIP6, which it meets).
    forced = one(minimal, "sip")
    assert forced.profile == "sip"
    assert ("METS.xml", "SIP2") in errors(forced)
    assert not any(f.requirement == "CSIP6" for f in forced.failures)
    mets = minimal / "METS.xml"
    mets.write_text(mets.read_text(encoding="utf-8").replace('PROFILE="https://earkcsip', 'PROFILE="x'), "utf-8")
    assert one(minimal).profile == "sip"  # no known PROFILE: its OAISPACKAGETYPE SIP decides
    assert ("METS.xml", "SIP2") in errors(one(minimal))
    # The SIP package verified only as a CSIP: no SIP requirement is reported.
    as_csip = one(corpus / SIP, "csip")
    assert {c.id: c.skipped for c in as_csip.checks}["INT-8"] == "not a requirement of the csip profile"


@pytest.fixture(scope="module")
def pav_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pav") / "out"
    assert run_pav("package", str(SAMPLES / "records/sichuan-expo-zh.json"), "--out", str(out)) == 0
    return out / SEED


def test_pav_packages_are_recognised_and_accept_the_sip_profile_url(pav_package: Path, tmp_path: Path) -> None:
    assert one(pav_package).profile == "pav"
    package = tmp_path / SEED
    shutil.copytree(pav_package, package)
    mets = package / "data/METS.xml"
    text = mets.read_text(encoding="utf-8")
    mets.write_text(
        text.replace(
            "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml", "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
        ),
        encoding="utf-8",
    )
    reseal(package)
    report = one(package)
    assert (report.profile, report.intact) == ("pav", True), [str(f) for f in report.errors]
    # Under the csip profile, pav's conventions are not asked of a package.
    as_csip = one(package, "csip")
    assert as_csip.intact
    assert {c.id: c.skipped for c in as_csip.checks}["INT-6"] == "not a requirement of the csip profile"


def test_pav_conventions_carry_pav_ids(pav_package: Path, tmp_path: Path) -> None:
    package = tmp_path / SEED
    shutil.copytree(pav_package, package)
    (package / "data/metadata/other/compliance.xml").unlink()
    found = errors(one(package))
    assert ("data/metadata/other/compliance.xml", "PAV-STR-8") in found
    assert not any(requirement.startswith("CSIPSTR") for _, requirement in found)
    # The standard asks for no compliance.xml: under csip only METS.xml's reference to it is broken.
    as_csip = errors(one(package, "csip"))
    assert ("data/metadata/other/compliance.xml", "CSIP38") in as_csip
    assert not any(requirement.startswith("PAV") for _, requirement in as_csip)


# -- hostile input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "why"),
    [
        ("/etc/passwd", "an absolute path (never read)"),
        ("../outside.txt", "leaves the package ('..'; never read)"),
        ("documentation/../../outside.txt", "leaves the package ('..'; never read)"),
        ("http://example.com/Doc1.txt", "a URL, not a path inside the package (never fetched)"),
        ("file:///etc/passwd", "a URL, not a path inside the package (never fetched)"),
        ("documentation\\Doc1.txt", "a Windows path (backslashes): references are '/'-separated"),
    ],
)
def test_hostile_references_are_findings_never_reads(
    minimal: Path, href: str, why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (minimal.parent / "outside.txt").write_text("outside the package", encoding="utf-8")

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("pav verify opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    set_href(minimal, DOC, href)
    report = one(minimal)
    assert (("METS.xml", "CSIP79"), f"{href!r} is {why}") in {
        ((f.file, f.requirement), f.message) for f in report.errors
    }
    assert not any("outside" in f.file or f.file.startswith("/") for f in report.failures)


def test_xml_with_entities_or_broken_is_a_finding_not_a_traceback(minimal: Path) -> None:
    mets = minimal / "METS.xml"
    text = mets.read_text(encoding="utf-8")
    evil = '<!DOCTYPE mets [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    mets.write_text(text.replace("<mets ", evil + "<mets ", 1), encoding="utf-8")
    report = one(minimal)
    assert [(f.file, f.requirement) for f in report.errors] == [("METS.xml", "SEC-XML")]
    assert {c.id: c.skipped for c in report.checks}["INT-7"] == "METS.xml could not be read"
    mets.write_text(text[: len(text) // 2], encoding="utf-8")
    (failure,) = one(minimal).errors
    assert (failure.file, failure.requirement) == ("METS.xml", "XML 1.0")
    assert failure.message.startswith("not well-formed XML")


def test_a_representation_mets_is_checked_with_its_references(corpus: Path, tmp_path: Path) -> None:
    package = tmp_path / "p"
    shutil.copytree(corpus / "CSIP/CSIP4/invalid/rep_mets_csip_CONTENTINFORMATIONTYPE_not_exist", package)
    found = {(f.file, f.requirement, f.severity) for f in one(package).failures}
    assert ("representations/rep1/METS.xml", "CSIP4", "warning") in found


def test_the_text_report_says_what_the_input_is_and_the_levels(pav, minimal: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("verify", "--profile", "csip", str(minimal))
    assert run.code == 0, run.out
    lines = run.out.splitlines()
    assert lines[:2] == [f"{minimal}: intact", "  E-ARK package folder, verified as csip"]
    assert "    METS.xml: CSIP8 (warning): metsHdr/@LASTMODDATE should record the last modification" in lines


def test_a_folder_with_nothing_to_check_is_not_called_authentic(tmp_path: Path) -> None:
    package = tmp_path / "empty"
    (package / "representations/rep1/data").mkdir(parents=True)
    (package / "representations/rep1/data/a.txt").write_text("a", encoding="utf-8")
    report = one(package)
    assert ("METS.xml", "CSIPSTR4") in errors(report)
    assert report.to_dict()["properties"]["authenticity"]["status"] == "skipped"  # no fixity was recorded


def test_a_representation_mets_listed_and_pointed_to_is_one_reference(corpus: Path, tmp_path: Path) -> None:
    # Its root METS.xml lists representations/rep1/METS.xml in fileSec and points to it (mptr), as E-ARK does.
    package = tmp_path / "p"
    shutil.copytree(corpus / "CSIP/CSIP4/invalid/rep_mets_csip_CONTENTINFORMATIONTYPE_not_exist", package)
    report = one(package, "pav")
    assert not any("referenced more than once" in f.message for f in report.failures)
    # CSIP114 (a 'Representations' file group) is asked of the package's METS.xml, not of a representation's.
    assert not any(f.requirement == "CSIP114" for f in one(package).failures)


def test_objid_should_name_the_package_folder(minimal: Path, tmp_path: Path) -> None:
    renamed = minimal.rename(tmp_path / "renamed")
    (warning,) = [f for f in one(renamed).failures if f.requirement == "CSIP1"]
    assert (warning.file, warning.severity) == ("METS.xml", "warning")
    assert warning.message == "OBJID 'minimal_IP_with_1_representation' is not the name of the folder 'renamed'"


def test_objid_is_compared_with_the_folder_s_own_name_however_the_path_is_written(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `pav verify .` inside the package: the folder is named by its absolute path, not by "." (whose name is '').
    monkeypatch.chdir(minimal)
    assert not [f for f in one(Path(".")).failures if f.requirement == "CSIP1"]
    monkeypatch.chdir(minimal / "documentation")
    assert not [f for f in one(Path("..")).failures if f.requirement == "CSIP1"]


def test_a_percent_encoded_reference_names_its_file(minimal: Path) -> None:
    set_href(minimal, DOC, "documentation/Doc%31.txt")
    assert one(minimal).intact


def test_a_tar_with_a_hostile_member_is_not_unpacked(minimal: Path, tmp_path: Path) -> None:
    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tar:
        tar.add(minimal, "package")
        info = tarfile.TarInfo("package/../../escaped.txt")
        payload = b"outside"
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    report = one(evil)
    assert ("package/../../escaped.txt", "SEC-ZIP") in errors(report)
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert {c.id: c.skipped for c in report.checks}["INT-7"] == "the tar was not unpacked (see 安全性 security)"


def test_pav_bags_carry_pavs_labels_other_bags_need_not(pav_package: Path, tmp_path: Path) -> None:
    package = tmp_path / SEED
    shutil.copytree(pav_package, package)
    info = package / "bag-info.txt"
    info.write_text(
        "".join(line for line in info.read_text(encoding="utf-8").splitlines(True) if "Internal-Sender" not in line),
        encoding="utf-8",
    )
    reseal(package)
    assert errors(one(package)) == {("bag-info.txt", "PAV-BAG-INFO")}
    assert errors(one(package, "csip")) == set()  # RFC 8493 makes the label optional


def test_json_report_gives_kind_profile_and_severity(pav, minimal: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("verify", "--format", "json", str(minimal))
    assert run.code == 0
    (package,) = json.loads(run.out)["packages"]
    assert (package["kind"], package["profile"], package["intact"]) == ("E-ARK package folder", "csip", True)
    checks = [c for p in package["properties"].values() for c in p["checks"]]
    failures = [f for c in checks for f in c["failures"]]
    assert {"file": "METS.xml", "requirement": "CSIP8", "severity": "warning"}.items() <= next(
        f for f in failures if f["requirement"] == "CSIP8"
    ).items()


def test_a_standard_requirement_is_reported_once_under_its_id_in_pav_packages(
    pav_package: Path, tmp_path: Path
) -> None:
    package = tmp_path / SEED
    shutil.copytree(pav_package, package)
    mets = package / "data/METS.xml"
    text = mets.read_text(encoding="utf-8")
    start = text.index(' CREATEDATE="')
    mets.write_text(text[:start] + text[text.index('"', start + 13) + 1 :], encoding="utf-8")
    reseal(package)
    report = one(package)
    assert [(f.file, f.requirement, f.severity) for f in report.failures if "CSIP7" in f.requirement] == [
        ("data/METS.xml", "CSIP7", "error")
    ]


def test_a_huge_metadata_document_is_a_finding_not_read(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("validator.package.verify.package.MAX_XML_BYTES", 1000)  # METS.xml is some 10 kB
    report = one(minimal)
    (failure,) = report.errors
    assert (failure.file, failure.requirement) == ("METS.xml", "SEC-XML")
    assert failure.message.endswith("bytes: larger than the 1000 bytes pav parses in memory; not read")
    assert {c.id: c.skipped for c in report.checks}["INT-7"] == "METS.xml could not be read"


def test_a_bag_wrapping_packages_is_verified_then_each_package(minimal: Path, tmp_path: Path) -> None:
    bag = tmp_path / "transfer"
    shutil.copytree(minimal, bag / minimal.name)
    with zipfile.ZipFile(bag / "zipped.zip", "w") as zipped:
        for path in sorted(minimal.rglob("*")):
            zipped.write(path, f"{minimal.name}/{path.relative_to(minimal).as_posix()}")
    bagit.make_bag(str(bag), checksums=["sha256"])
    doc = bag / "data" / minimal.name / DOC
    doc.write_bytes(doc.read_bytes() + b"!")
    outer, folder, zipped_report = verify_paths([bag])
    assert (outer.kind, outer.wraps) == (
        "BagIt bag holding 2 package(s)",
        [str(bag / "data" / minimal.name), str(bag / "data/zipped.zip")],
    )
    assert errors(outer) == {(f"data/{minimal.name}/{DOC}", "RFC8493 §3"), ("bag-info.txt", "RFC8493 §2.2.2")}
    assert {c.id: c.skipped for c in outer.checks}["INT-7"] == "the bag holds packages, each verified on its own"
    assert (folder.path, errors(folder)) == (str(bag / "data" / minimal.name), {(DOC, "CSIP69"), (DOC, "CSIP71")})
    assert (zipped_report.kind, zipped_report.intact) == ("zip: E-ARK package folder", True)


def test_mets_is_validated_against_the_packages_own_schema_offline(minimal: Path) -> None:
    checks = {c.id: c for c in one(minimal).checks}
    assert checks["AUT-4"].status == "pass"
    assert "METS documents checked against the package's own schemas/METS.xsd" in checks["AUT-4"].notes
    mets = minimal / "METS.xml"
    text = mets.read_text(encoding="utf-8")
    mets.write_text(text.replace("<metsHdr ", "<metsHdr BOGUS='1' ", 1), encoding="utf-8")
    (failure,) = [f for f in one(minimal).errors if f.requirement == "METS XSD (CSIP0)"]
    assert failure.file == "METS.xml" and "BOGUS" in failure.message and failure.message.startswith("line ")


def test_verify_help_says_what_checks_mets_without_xsd_dir(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "else the METS documents of a package not pav's against the METS schema it carries" in shown
    assert "with neither, a package not pav's has its METS checked against the schemas/mets.xsd it carries" in shown
    assert "none: not checked" not in shown


@pytest.mark.parametrize(
    ("schema", "why"),
    [
        ('<xs:include schemaLocation="../../outside.xsd"/>', "outside.xsd, which pav does not read"),
        ('<xs:import namespace="urn:x" schemaLocation="http://example.com/x.xsd"/>', "http://example.com/x.xsd"),
    ],
)
def test_a_package_schema_reaching_outside_is_not_used(
    minimal: Path, schema: str, why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ../../outside.xsd from schemas/ leads beside the package, where a valid schema waits.
    (minimal.parent / "outside.xsd").write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>')

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("pav verify opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    (minimal / "schemas/METS.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.loc.gov/METS/">'
        f"{schema}</xs:schema>",
        encoding="utf-8",
    )
    check = {c.id: c for c in one(minimal).checks}["AUT-4"]
    assert check.skipped is not None and check.skipped.startswith("no METS schema to validate against: ")
    assert why in check.skipped


def test_security_md_names_the_metadata_bound() -> None:
    from tests.conftest import REPO
    from validator.package.verify import package as package_module

    text = " ".join((REPO / "SECURITY.md").read_text(encoding="utf-8").split())
    assert package_module.MAX_XML_BYTES == 256 * 1024**2 and "256 MiB" in text
    assert "tar members" in text and "METS reference (FLocat, mdRef, mptr)" in text
