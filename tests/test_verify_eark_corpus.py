"""`pav verify` against the official E-ARK IP test corpus (DILCIS Board, 147 test cases, 334 packages): the corpus
archive is unpacked into a temporary folder, every package is verified under its own profile (auto), and the
verdicts are compared with what each test case expects.

A package the corpus expects valid must have no error; one it expects invalid must have an error (or, for a
rule of level WARNING or INFO, a finding of the requirement tested), and should name the requirement its case
tests. Where pav disagrees, the corpus is wrong: `CORPUS_FAULTS` lists every such package with the kinds of
fault it shows, and each of its errors must be proven by one of them from the package's own bytes
(tests/eark_corpus.py `EVIDENCE`: fixity recorded before line endings changed, schemas/METS.xsd for mets.xsd,
an empty METS.xml, the E-ARK 2017 profile, a LABEL that is not the OBJID ...). One row of each kind was read by
hand. A disagreement no fault explains fails the test; so does a stale row.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.eark_corpus import EVIDENCE, Expected, expectations, names_requirement, verdict_agrees
from validator.package.verify import PackageReport, Verifier
from validator.package.verify.container import iter_targets

# What pav measured on the corpus (the README quotes these figures).
PACKAGES = 334
INVALID = 209
AGREEING = 209  # verdicts agreeing with the corpus: every invalid package, and no valid one (below)
NAMED = 198  # invalid packages where pav names the requirement the case tests

# Every package where pav's verdict is not the corpus's, and why the corpus is wrong there (kinds of
# tests/eark_corpus.py EVIDENCE). All are packages the corpus calls valid.
CORPUS_FAULTS: dict[str, tuple[str, ...]] = {
    "CSIP/CSIP1/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP10/valid/minimal_IP_metsHdr_agent_2_instances": ("METS.xsd",),
    "CSIP/CSIP10/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP100/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP104/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP11/valid/mets-xml_metsHdr_agent_ROLE_CREATOR": ("METS.xsd", "LABEL is not OBJID"),
    "CSIP/CSIP11/valid/mets-xml_metsHdr_agent_ROLE_CREATOR_multiple_agents": ("METS.xsd", "LABEL is not OBJID"),
    "CSIP/CSIP114/invalid/multi_rep_file_grp": ("METS.xsd", "missing file"),
    "CSIP/CSIP114/valid/minimal_IP_with_1_representation": ("METS.xsd", "agent not SOFTWARE"),
    "CSIP/CSIP116/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP118/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP119/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP12/valid/mets-xml_metsHdr_agent_TYPE_exist": ("METS.xsd", "LABEL is not OBJID"),
    "CSIP/CSIP13/valid/mets-xml_metsHdr_agent_OTHERTYPE_correct": ("METS.xsd", "LABEL is not OBJID"),
    "CSIP/CSIP14/valid/mets-xml_metsHdr_agent_name_ok": ("METS.xsd", "LABEL is not OBJID"),
    "CSIP/CSIP15/valid/mets-xml_metsHdr_agent_note_conform.zip": ("line endings", "METS.xsd", "LABEL is not OBJID"),
    "CSIP/CSIP15/valid/mets-xml_metsHdr_agent_note_exist": ("METS.xsd", "LABEL is not OBJID"),
    "CSIP/CSIP16/valid/mets-xml_metsHdr_agent_note_NOTETYPE_valid": ("METS.xsd", "LABEL is not OBJID"),
    "CSIP/CSIP17/valid/IP_18000_CSIP17_2": (
        "old profile",
        "line endings",
        "stale fixity",
        "Windows path",
        "missing file",
    ),
    # An E-ARK 1 package under the CSIP profile URL: Windows paths, MIMETYPE "PNG", a representation METS
    # without PROFILE, fixity of another mets.xsd.
    "CSIP/CSIP17/valid/IP_18006_CSIP17_1": ("read by hand",),
    "CSIP/CSIP2/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP20/valid/IP_18000_CSIP20_4": ("old profile", "line endings"),
    "CSIP/CSIP20/valid/IP_18000_CSIP20_5": ("old profile", "line endings"),
    "CSIP/CSIP21/valid/IP_18000_CSIP21_2": (
        "old profile",
        "line endings",
        "stale fixity",
        "Windows path",
        "missing file",
    ),
    "CSIP/CSIP22/invalid/IP_18000_CSIP22_1": ("old profile", "line endings"),
    "CSIP/CSIP24/valid/IP_18000_CSIP24_2": ("old profile", "line endings"),
    "CSIP/CSIP34/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP35/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP36/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP38/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP39/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP4/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP40/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP41/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP42/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP43/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP44/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP47/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP48/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP49/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP51/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP52/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP53/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP54/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP55/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP56/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP57/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP60/invalid/multi_doc_file_grp": ("METS.xsd",),
    "CSIP/CSIP60/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP61/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP62/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP63/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP64/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP66/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP68/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP69/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP7/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP70/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP71/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP72/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP76/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP77/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP78/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP8/valid/mets-xml_metsHdr_LASTMODDATE_OK": ("METS.xsd",),
    "CSIP/CSIP80/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP81/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP86/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP88/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP90/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP91/valid/valid_IP_with_SHOULD_MAY_1_rep": ("line endings",),
    "CSIP/CSIP91/valid/valid_IP_with_SHOULD_MAY_1_rep_3_premis": ("line endings",),
    "CSIP/CSIP93/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP95/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP96/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP97/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIP99/valid/minimal_IP_with_1_representation": ("METS.xsd",),
    "CSIP/CSIPSTR10/valid/IP_18000_CSIPSTR10_1": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_1": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_10": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_11": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_12": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_13": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_14": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_15": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_2": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_3": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_4": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_5": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_6": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_7": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_8": ("empty METS.xml",),
    "CSIP/CSIPSTR11/valid/CSIPSTR11_9": ("empty METS.xml",),
    "CSIP/CSIPSTR12/valid/IP_18000_CSIPSTR12_1": ("empty METS.xml",),
    "CSIP/CSIPSTR14/valid/IP_folder_and_rep_folder_have_additional_folder": ("empty METS.xml",),
    "CSIP/CSIPSTR14/valid/IP_folder_has_additional_folder": ("empty METS.xml",),
    "CSIP/CSIPSTR14/valid/representation_folder_has_additional_folder": ("empty METS.xml",),
    "CSIP/CSIPSTR15/valid/subfolder_schemas_in_IP_folder": ("empty METS.xml",),
    "CSIP/CSIPSTR16/valid/subfolder_documentation_in_IP_folder": ("empty METS.xml",),
    "CSIP/CSIPSTR16/valid/subfolder_documentation_in_representation_folder": ("empty METS.xml",),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_1": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_10": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_11": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_12": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_13": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_14": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_15": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_2": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_3": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_4": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_5": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_6": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_7": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_8": ("old profile", "line endings"),
    "CSIP/CSIPSTR9/valid/IP_18000_CSIPSTR9_9": ("old profile", "line endings"),
    "SIP/SIP1/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
    "SIP/SIP2/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
    "SIP/SIP3/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
    "SIP/SIP32/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
    "SIP/SIP33/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
    "SIP/SIP34/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
    "SIP/SIP4/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
    "SIP/SIP5/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
    "SIP/SIP6/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
    "SIP/SIP7/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
    "SIP/SIP8/valid/minimal_SIP_plus_mets_SHOULD_MAY_items": ("line endings",),
}

# Invalid packages where pav does not name the requirement the case tests, and why (not counted as named).
UNNAMED: dict[str, str] = {
    "CSIP/CSIP2/invalid/mets-xml_mets_TYPE_attribute_value_OTHER_and_csip-OTHERTYPE_attribute_has_no_value": "CSIP3",
    "CSIP/CSIP2/invalid/mets-xml_mets_TYPE_attribute_value_OTHER_and_csip-OTHERTYPE_attribute_not_exist": "CSIP3",
    "CSIP/CSIP4/invalid/CONTENTINFORMATIONTYPE_OTHER_and_OTHERCONTENTINFORMATIONTYPE_no_value": "CSIP5",
    "CSIP/CSIP4/invalid/CONTENTINFORMATIONTYPE_OTHER_and_OTHERCONTENTINFORMATIONTYPE_not_exist": "CSIP5",
    "CSIP/CSIP26/invalid/IP_18000_CSIP26_3": "old profile",
    "CSIP/CSIP27/invalid/IP_18000_CSIP27_2": "old profile",
    "CSIP/CSIP29/invalid/IP_18000_CSIP29_2": "old profile",
    "CSIP/CSIP29/invalid/IP_18000_CSIP29_3": "old profile",
    "CSIP/CSIP29/invalid/IP_18000_CSIP29_4": "old profile",
    "CSIP/CSIP31/valid/IP_18000_CSIP31_2": "old profile",
    "CSIP/CSIP32/valid/IP_18000_CSIP32_2": "old profile",
}
# Why: "CSIPn" — the case tests what the specification numbers CSIPn (OTHERTYPE is CSIP3, OTHERCONTENTINFORMATION-
# TYPE CSIP5), and pav reports it there; "old profile" — a package of the E-ARK 2017 profile whose METS.xml lacks
# what the case varies (pav reports its other errors).


@pytest.fixture(scope="module")
def results(eark_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Expected, PackageReport, Path]]:
    """Every package of the corpus verified once: what the corpus expects, pav's report, the package folder."""
    scratch = tmp_path_factory.mktemp("eark-unzipped")
    corpus = eark_corpus
    verifier = Verifier()
    verified = []
    for expected in expectations(corpus):
        ((target, kind),) = list(iter_targets(expected.path))
        root = target
        if kind == "zip":  # the evidence reads the files: unpack a copy
            copy = scratch / "unzipped" / expected.name
            with zipfile.ZipFile(target) as archive:
                archive.extractall(copy)
            (root,) = list(copy.iterdir())
        verified.append((expected, verifier.verify_one(target, kind), root))
    return verified


def test_pav_agrees_with_the_corpus_where_the_corpus_is_right(
    results: list[tuple[Expected, PackageReport, Path]],
) -> None:
    assert len(results) == PACKAGES
    assert sum(1 for expected, _, _ in results if not expected.valid) == INVALID
    disagreeing = {expected.name for expected, report, _ in results if not verdict_agrees(expected, report)}
    assert len(results) - len(disagreeing) == AGREEING
    # Every disagreement is a fault of the corpus listed here, and every row is still a disagreement.
    assert disagreeing == set(CORPUS_FAULTS)
    for expected, report, root in results:
        if expected.name not in CORPUS_FAULTS:
            continue
        assert expected.valid, expected.name  # pav calls every package the corpus calls invalid invalid
        kinds = CORPUS_FAULTS[expected.name]
        for failure in report.errors:
            assert any(EVIDENCE[kind](root, failure) for kind in kinds), (expected.name, str(failure))
    # The table explains every disagreement (above) by evidence the test checks on the package's own files; only
    # one row rests on reading alone (kind "read by hand"), and an older profile never excuses a fixity failure
    # or a missing file (eark_corpus.old_profile). Counting the table's rows, pav is right on every package.
    assert [name for name, kinds in CORPUS_FAULTS.items() if "read by hand" in kinds] == [
        "CSIP/CSIP17/valid/IP_18006_CSIP17_1"
    ]
    assert AGREEING + len(CORPUS_FAULTS) == PACKAGES


def test_pav_names_the_requirement_each_invalid_package_breaks(
    results: list[tuple[Expected, PackageReport, Path]],
) -> None:
    invalid = [(expected, report) for expected, report, _ in results if not expected.valid]
    unnamed = {expected.name for expected, report in invalid if not names_requirement(expected, report)}
    assert unnamed == set(UNNAMED)
    assert len(invalid) - len(unnamed) == NAMED
    assert NAMED / INVALID >= 0.90
    for expected, report in invalid:
        named = UNNAMED.get(expected.name, "")
        if named.startswith("CSIP"):  # the neighbouring requirement the specification numbers it by
            assert named in {failure.requirement for failure in report.failures}, expected.name


def test_fixity_uses_the_checksum_type_the_package_names(
    results: list[tuple[Expected, PackageReport, Path]],
) -> None:
    # The corpus records MD5 checksums: a correct file passes, a wrong value is CSIP71 with the MD5s.
    by_name = {expected.name: report for expected, report, _ in results}
    wrong = by_name["CSIP/CSIP71/invalid/file_wrong_CHECKSUM_value"]
    assert [str(f) for f in wrong.errors if f.requirement == "CSIP71"] == [
        "documentation/Doc1.txt: CSIP71: MD5 is f57dbbddf87f18043c2029d978749318, METS.xml records "
        "11111111111111111111111111111111"
    ]
    right = by_name["CSIP/CSIP71/valid/minimal_IP_with_1_representation"]
    assert not any(f.requirement in ("CSIP71", "CSIP69") for f in right.failures)


def test_each_package_is_told_apart_by_its_content(results: list[tuple[Expected, PackageReport, Path]]) -> None:
    kinds = {(report.container, report.kind) for _, report, _ in results}
    assert kinds == {("dir", "E-ARK package folder"), ("zip", "zip: E-ARK package folder")}
    profiles = {expected.name.split("/")[0]: set() for expected, _, _ in results}
    for expected, report, _ in results:
        profiles[expected.name.split("/")[0]].add(report.profile)
    assert profiles["SIP"] == {"sip"}


def test_sip15_accepts_the_submitting_agent_of_every_corpus_sip(
    results: list[tuple[Expected, PackageReport, Path]],
) -> None:
    # The corpus's SIPs name their submitting agent as the SIP profile's own example does (SIP 2.0 style): ROLE
    # CREATOR TYPE ORGANIZATION, not ROLE OTHER OTHERROLE SUBMITTER (SIP 2.1, 2.2). schemas/eark-sip.sch accepts
    # both: no package of the SIP cases gets SIP15. It is reported on packages that name no submitting agent at
    # all (IP_18000_*, most of them of the E-ARK project's 2017 profile): on the invalid ones it adds an error to
    # a package that has one already; the valid ones are all of the 2017 profile, rows of kind "old profile"
    # already, which the evidence proves. The agreement figures stay as they were.
    sips = [(expected, report, root) for expected, report, root in results if report.profile == "sip"]
    assert len(sips) == 105  # the SIP cases, and CSIP cases whose packages say they are SIPs
    reported = {}
    for expected, report, root in sips:
        sip15 = [failure for failure in report.failures if failure.requirement == "SIP15"]
        if sip15:
            reported[expected.name] = expected.valid
            assert [failure.severity for failure in sip15] == ["error"]
            if expected.valid:
                assert "old profile" in CORPUS_FAULTS[expected.name]
                assert EVIDENCE["old profile"](root, sip15[0]), expected.name
            else:
                assert len(report.errors) > 1, expected.name  # invalid without SIP15 too
    assert len(reported) == 68
    assert sum(reported.values()) == 21  # valid, all rows of kind "old profile"
    assert all(name.split("/")[-1].startswith("IP_18000_") for name in reported)
    assert not [name for name in reported if name.startswith("SIP/")]
