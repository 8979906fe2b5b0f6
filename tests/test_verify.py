"""`pav verify`: packages checked without trusting pav's bookkeeping; tampering is caught and named.

Every tamper test runs on a folder and on a zip of the same package: both must get the same verdict and
the same failures (file and requirement).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import REFERENCE, SAMPLES, valid_record, write_jsonl
from tests.test_package import NS, PARSER, run_pav, xml
from validator.package import layout
from validator.package.verify import PROPERTIES, Verifier, load_reference_schemas, verify_paths

XSD_DIR = REFERENCE / "xsd"
SEED = "sc-gov-zh-20231122-mianyang-expo"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clean page and one failing page, packaged once for the module."""
    root = tmp_path_factory.mktemp("verify")
    failing = write_jsonl(root / "failing.jsonl", [valid_record(id="failing", title="")])
    out = root / "out"
    run_pav("package", str(SAMPLES / "records/sichuan-expo-zh.json"), str(failing), "--out", str(out))
    return out


@pytest.fixture
def package(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the clean package, free to tamper with."""
    copy = tmp_path / SEED
    shutil.copytree(built / SEED, copy)
    return copy


def zip_of(folder: Path, target: Path) -> Path:
    """A zip of a package folder with the folder as its single root, as `pav package --container zip` makes."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return target


def failures(report_path: Path, reference: etree.XMLSchema | None = None) -> set[tuple[str, str]]:
    """The errors of the one package at `report_path` (warnings and notes of SHOULD and MAY requirements aside)."""
    (report,) = verify_paths([report_path], reference)
    return {(f.file, f.requirement) for f in report.errors}


def verdicts(package: Path, tmp_path: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Failures of the folder and of a zip of it, which must agree."""
    as_dir = failures(package)
    as_zip = failures(zip_of(package, tmp_path / f"{package.name}.zip"))
    assert as_dir == as_zip
    return as_dir, as_zip


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def reseal(package: Path) -> None:
    """Recompute every digest and size the package records (PREMIS, METS, manifests, Payload-Oxum), the way a
    forger would after changing a file: fixity then agrees, only the deeper checks can tell. The
    representation's PREMIS and METS first, then the package's, which describe them."""
    data = package / "data"
    for rep in sorted(data.glob("representations/*/METS.xml")):
        _reseal_premis(data, rep.parent / layout.PREMIS_FILE)
        _reseal_mets(rep)
    _reseal_premis(data, data / layout.PREMIS_FILE)
    _reseal_mets(data / layout.METS_FILE)
    files = sorted(p for p in data.rglob("*") if p.is_file())
    (package / "manifest-sha256.txt").write_text(
        "".join(f"{digest(p)}  {p.relative_to(package).as_posix()}\n" for p in files), encoding="utf-8"
    )
    info = (package / "bag-info.txt").read_text(encoding="utf-8").splitlines()
    oxum = f"{sum(p.stat().st_size for p in files)}.{len(files)}"
    info = [f"Payload-Oxum: {oxum}" if line.startswith("Payload-Oxum:") else line for line in info]
    (package / "bag-info.txt").write_text("\n".join(info) + "\n", encoding="utf-8")
    tags = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")
    (package / "tagmanifest-sha256.txt").write_text("".join(f"{digest(package / t)}  {t}\n" for t in tags))


def _reseal_premis(data: Path, premis_path: Path) -> None:
    """A PREMIS document's fixity and sizes recomputed (its identifiers are paths inside the package)."""
    if not premis_path.is_file():
        return
    premis = xml(premis_path)
    for obj in premis.getroot().iterfind("premis:object", NS):
        path = obj.findtext("premis:objectIdentifier/premis:objectIdentifierValue", namespaces=NS) or ""
        target = data / path
        fixity = obj.find(".//premis:messageDigest", NS)
        size = obj.find(".//premis:size", NS)
        if fixity is not None and size is not None and target.is_file():
            fixity.text, size.text = digest(target), str(target.stat().st_size)
    premis.write(str(premis_path), xml_declaration=True, encoding="UTF-8")


def _reseal_mets(mets_path: Path) -> None:
    """A METS document's CHECKSUM and SIZE recomputed (its references are relative to its folder)."""
    mets = xml(mets_path)
    for element in mets.getroot().iter(f"{{{layout.METS_NS}}}file", f"{{{layout.METS_NS}}}mdRef"):
        locator = element.find("mets:FLocat", NS) if element.tag.endswith("file") else element
        assert locator is not None
        target = mets_path.parent / (locator.get(f"{{{layout.XLINK_NS}}}href") or "")
        element.set("CHECKSUM", digest(target))
        element.set("SIZE", str(target.stat().st_size))
    mets.write(str(mets_path), xml_declaration=True, encoding="UTF-8")


# -- intact packages -------------------------------------------------------------------------------------------


def test_fresh_packages_are_intact_as_folders_zips_and_a_folder_of_them(pav, built: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reference = load_reference_schemas(XSD_DIR)
    reports = verify_paths([built], reference)
    assert [r.path.rsplit("/", 1)[-1] for r in reports] == ["failing", SEED]  # batch-report.json is not a package
    assert all(r.intact for r in reports), [str(f) for r in reports for f in r.failures]
    zipped = tmp_path / "zips"
    assert (
        run_pav("package", str(SAMPLES / "records/sichuan-expo-zh.json"), "--out", str(zipped), "--container", "zip")
        == 0
    )
    run = pav("verify", str(zipped / f"{SEED}.zip"), "--xsd-dir", str(XSD_DIR))
    assert run.code == 0, run.out
    assert run.out.splitlines()[0] == f"{zipped / SEED}.zip: intact"
    assert "Note: official METS, PREMIS and DCMI schemas checked" in run.out
    assert "1 package verified: 1 intact, 0 not." in run.out


def test_a_failing_page_is_still_an_intact_package(built: Path) -> None:
    (report,) = verify_paths([built / "failing"])
    assert report.intact  # non-compliance is evidence to keep, not damage
    verdict = xml(built / "failing/data" / layout.COMPLIANCE_FILE).getroot().find("c:verdict", NS)
    assert verdict is not None and verdict.get("outcome") == "fail"


def test_report_speaks_the_four_properties_of_da_t_70(pav, package: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("verify", str(package))
    assert run.code == 0
    for label in (
        "真实性 authenticity: pass",
        "完整性 integrity: pass",
        "可用性 usability: pass",
        "安全性 security: pass",
    ):
        assert label in run.out
    assert "Note: virus check (SEC-5) not run" in run.out
    assert "official METS, PREMIS and DCMI schemas not checked" in run.out
    data = pav("verify", str(package), "--format", "json").json()
    properties = data["packages"][0]["properties"]
    assert list(properties) == list(PROPERTIES)
    assert properties["authenticity"]["label"] == "真实性 authenticity"
    assert {c["id"] for c in properties["integrity"]["checks"]} >= {"INT-1", "INT-3", "INT-4", "INT-5"}


def test_xsd_folder_from_the_environment_and_bad_folders(pav, package: Path, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PAV_XSD_DIR", str(XSD_DIR))
    assert "official METS, PREMIS and DCMI schemas checked" in pav("verify", str(package)).out
    (tmp_path / "partial").mkdir()
    shutil.copy(XSD_DIR / "mets.xsd", tmp_path / "partial")
    run = pav("verify", str(package), "--xsd-dir", str(tmp_path / "partial"))
    assert run.code == 2 and "missing xlink.xsd, premis-v3-0.xsd, dc.xsd, dcterms.xsd" in run.err
    # A schema that imports another from the network is refused, never fetched.
    remote = tmp_path / "remote"
    shutil.copytree(XSD_DIR, remote)
    (remote / "xml.xsd").unlink()
    dc = (remote / "dc.xsd").read_text(encoding="utf-8")
    (remote / "dc.xsd").write_text(
        dc.replace('schemaLocation="xml.xsd"', 'schemaLocation="http://www.w3.org/2001/xml.xsd"')
    )
    run = pav("verify", str(package), "--xsd-dir", str(remote))
    assert run.code == 2 and "import http://www.w3.org/2001/xml.xsd from the network; pav does not fetch" in run.err
    run = pav("verify", str(tmp_path / "nowhere"))
    assert run.code == 2 and "no such file or directory" in run.err
    (tmp_path / "empty").mkdir()
    run = pav("verify", str(tmp_path / "empty"))
    assert run.code == 2 and "not a package, a zip, or a folder of packages" in run.err


# -- tampering ----------------------------------------------------------------------------------------------------


def flip_byte(package: Path) -> None:
    target = next((package / "data/representations/rep1/data").iterdir())
    data = bytearray(target.read_bytes())
    data[20] ^= 0x01
    target.write_bytes(bytes(data))


def delete_dc(package: Path) -> None:
    (package / "data" / layout.DC_FILE).unlink()


def add_file(package: Path) -> None:
    (package / "data/representations/rep1/data/extra.html").write_text("<p>added later</p>")


def edit_mets(package: Path) -> None:
    path = package / "data/METS.xml"
    path.write_text(path.read_text(encoding="utf-8").replace('TYPE="Websites"', 'TYPE="Datasets"'), encoding="utf-8")


REP = "data/representations/rep1/data/sichuan-expo-zh.json"
TAMPERING: list[tuple[Callable[[Path], None], set[tuple[str, str]]]] = [
    (
        flip_byte,
        {
            (REP, "RFC8493 §3"),  # the BagIt manifest
            (REP, "CSIP71"),  # METS file/@CHECKSUM
            (REP, "PAV-PREMIS-25"),  # PREMIS fixity
            (REP, "PAV-COMPLIANCE-2"),  # compliance.xml's digest of the original bytes
            ("data/METS.xml", "PAV-METS-8"),  # the OBJID no longer derives from the bytes
        },
    ),
    (
        delete_dc,
        {
            ("data/metadata/descriptive/dc.xml", "RFC8493 §3"),
            ("data/metadata/descriptive/dc.xml", "CSIP24"),
            ("data/metadata/descriptive/dc.xml", "PAV-PREMIS-24"),
            ("data/metadata/descriptive/dc.xml", "PAV-STR-7"),  # pav's convention, not the standard's
            ("data/metadata/descriptive", "PAV-STR"),
            ("bag-info.txt", "RFC8493 §2.2.2"),
        },
    ),
    (
        add_file,
        {
            ("data/representations/rep1/data/extra.html", "RFC8493 §3"),
            ("data/representations/rep1/data/extra.html", "PAV-METS-7"),
            ("data/representations/rep1/data/extra.html", "PAV-PREMIS-24"),
            ("bag-info.txt", "RFC8493 §2.2.2"),
        },
    ),
    (
        edit_mets,
        {("data/METS.xml", "RFC8493 §3"), ("data/METS.xml", "PAV-METS-CSIP2")},
    ),
]


@pytest.mark.parametrize(("tamper", "expected"), TAMPERING, ids=[t.__name__ for t, _ in TAMPERING])
def test_tampering_is_caught_with_file_and_requirement_in_folder_and_zip(
    package: Path, tmp_path: Path, tamper: Callable[[Path], None], expected: set[tuple[str, str]]
) -> None:
    assert failures(package) == set()
    tamper(package)
    found, _ = verdicts(package, tmp_path)
    assert expected <= found, found


def test_cli_names_file_and_requirement_and_exits_1(pav, package: Path) -> None:  # type: ignore[no-untyped-def]
    flip_byte(package)
    run = pav("verify", str(package))
    assert run.code == 1
    assert run.out.splitlines()[0] == f"{package}: NOT INTACT (6 failures)"  # both METS documents record it
    assert f"\n      {REP}: CSIP71: SHA-256 is " in run.out
    assert "  真实性 authenticity: FAIL: 4 of 5 checks failed (AUT-1, AUT-2, AUT-3, AUT-5); 1 passed" in run.out
    assert "0 intact, 1 not." in run.out


def test_a_forged_but_resealed_package_is_still_caught(package: Path, tmp_path: Path) -> None:
    # Replace the captured bytes and recompute every digest: fixity agrees, the identity does not.
    rep = package / REP
    record = json.loads(rep.read_text(encoding="utf-8"))
    record["title"] = "篡改后的标题"
    rep.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    reseal(package)
    found, _ = verdicts(package, tmp_path)
    assert ("data/METS.xml", "PAV-METS-8") in found
    assert (REP, "PAV-COMPLIANCE-2") in found
    assert not any(requirement.startswith(("RFC8493", "CSIP7")) for _, requirement in found)


def test_a_whitewashed_verdict_is_caught(built: Path, tmp_path: Path) -> None:
    # Turn a failing page's verdict into a pass and reseal: the findings and PREMIS still tell the truth.
    package = tmp_path / "failing"
    shutil.copytree(built / "failing", package)
    path = package / "data" / layout.COMPLIANCE_FILE
    text = path.read_text(encoding="utf-8").replace(
        'outcome="fail" failedRules="S005"', 'outcome="pass" failedRules=""'
    )
    path.write_text(text, encoding="utf-8")
    reseal(package)
    found, _ = verdicts(package, tmp_path)
    assert found == {
        ("data/metadata/other/compliance.xml", "PAV-COMPLIANCE-1"),
        ("data/metadata/preservation/premis.xml", "PAV-PREMIS-27"),
    }


def test_checks_run_against_the_official_schemas_when_given(package: Path) -> None:
    reference = load_reference_schemas(XSD_DIR)
    path = package / "data/METS.xml"
    tree = xml(path)
    header = tree.getroot().find("mets:metsHdr", NS)
    assert header is not None
    header.set("CREATEDATE", "yesterday")  # not an xs:dateTime: only the METS schema knows
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    reseal(package)
    assert ("data/METS.xml", "METS XSD (CSIP0)") in failures(package, reference)
    assert failures(package) == set()  # without the official schemas this is not seen, and the report says so


# -- security -------------------------------------------------------------------------------------------------------


def hostile_zip(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            archive.writestr(info, data)
    return path


def symlink_member(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    info.create_system = 3
    return info


@pytest.mark.parametrize(
    ("member", "problem"),
    [
        ("../escaped.txt", "'..'"),
        ("pkg/../../escaped.txt", "'..'"),
        ("/tmp/absolute.txt", "absolute path"),
        ("C:/absolute.txt", "absolute path"),
        ("pkg\\..\\escaped.txt", "backslash"),
        (symlink_member("pkg/data/link", "/etc/passwd"), "symbolic link"),
    ],
)
def test_unsafe_zip_members_are_refused_before_anything_is_unpacked(
    package: Path, tmp_path: Path, member: zipfile.ZipInfo | str, problem: str
) -> None:
    target = hostile_zip(tmp_path / "hostile.zip", [(f"{SEED}/bagit.txt", b"BagIt-Version: 1.0\n"), (member, b"x")])
    (report,) = verify_paths([target])
    assert not report.intact
    container = next(c for c in report.checks if c.id == "SEC-1")
    assert any(problem in f.message for f in container.failures), container.failures
    assert all(c.status == "skipped" for c in report.checks if c.id != "SEC-1")
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/absolute.txt").exists()


def test_a_zip_without_a_single_root_folder_fails_csipstr1(package: Path, tmp_path: Path) -> None:
    flat = tmp_path / "flat.zip"
    with zipfile.ZipFile(flat, "w") as archive:
        for path in package.rglob("*"):
            if path.is_file():
                archive.write(path, path.relative_to(package).as_posix())
    (report,) = verify_paths([flat])
    assert ("flat.zip", "CSIPSTR1") in {(f.file, f.requirement) for f in report.failures}


def test_encrypted_and_case_colliding_members_are_refused(tmp_path: Path) -> None:
    encrypted = hostile_zip(tmp_path / "e.zip", [(f"{SEED}/bagit.txt", b"x")])
    raw = bytearray(encrypted.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set "encrypted" in both headers
        raw[raw.index(signature) + offset] |= 0x1
    encrypted.write_bytes(bytes(raw))
    report = verify_paths([encrypted])[0]
    assert any("encrypted" in f.message for f in report.failures)
    report = verify_paths([hostile_zip(tmp_path / "c.zip", [("p/Data.txt", b"a"), ("p/data.txt", b"b")])])[0]
    assert any("case or Unicode form" in f.message for f in report.failures)


def test_symlinks_inside_a_package_folder_are_not_followed(package: Path) -> None:
    os.symlink("/etc/passwd", package / "data/representations/rep1/data/passwd")
    (report,) = verify_paths([package])
    found = {(f.file, f.requirement) for f in report.failures}
    assert ("data/representations/rep1/data/passwd", "SEC-LINK") in found
    bagit_notes = next(c for c in report.checks if c.id == "INT-1").notes
    assert any("bagit-python not run" in note for note in bagit_notes)


def test_xml_with_entities_is_refused_and_never_expanded(package: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    path = package / "data" / layout.DC_FILE
    text = path.read_text(encoding="utf-8").replace(
        "<?xml version='1.0' encoding='UTF-8'?>",
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]>',
    )
    path.write_text(text.replace("<dc:language>zh-CN</dc:language>", "<dc:language>&x;</dc:language>"))
    reseal(package)
    (report,) = verify_paths([package])
    assert ("data/metadata/descriptive/dc.xml", "SEC-XML") in {(f.file, f.requirement) for f in report.failures}
    assert not any("TOP SECRET" in f.message for f in report.failures)


def test_unicode_names_normalised_differently_on_disk_still_verify(tmp_path: Path) -> None:
    import unicodedata

    source = tmp_path / "résumé-页面.json"
    source.write_text(json.dumps(valid_record(id="nfd"), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert run_pav("package", str(source), "--out", str(out)) == 0
    folder = out / "nfd/data/representations/rep1/data"
    (name,) = os.listdir(folder)
    os.rename(folder / name, folder / unicodedata.normalize("NFD", name))  # as a Mac volume would store it
    (report,) = verify_paths([out / "nfd"])
    assert report.intact, [str(f) for f in report.failures]


def test_verifier_is_reusable_and_offline(package: Path) -> None:
    verifier = Verifier(load_reference_schemas(XSD_DIR))
    first = verifier.verify(package)
    second = verifier.verify(package)
    assert [r.intact for r in first + second] == [True, True]
    # The schema catalog imports local files only: parse it and check no import points at the network.
    tree = etree.parse(str(XSD_DIR / "all.xsd"), PARSER)
    assert all(not (i.get("schemaLocation") or "").startswith("http") for i in tree.getroot())


@pytest.mark.parametrize("url", ["", "\n", "  "])
def test_a_blank_url_still_gives_a_verifiable_objid(url: str, tmp_path: Path) -> None:
    # The OBJID is keyed on the URL as written; a blank one names no External-Identifier but still counts.
    records = write_jsonl(tmp_path / "blank.jsonl", [valid_record(id="blank", url=url)])
    run_pav("package", str(records), "--out", str(tmp_path / "out"))
    (report,) = verify_paths([tmp_path / "out" / "blank"])
    assert report.intact, [str(f) for f in report.failures]
