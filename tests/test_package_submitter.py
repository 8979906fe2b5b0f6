"""The submitting agent (E-ARK SIP15-SIP20): `pav package --submitter NAME [--submitter-id CODE]` and the config
keys `submitter`, `submitter-id` write it as SIP 2.1 and 2.2 do; without them pav makes none up, says so once on
stderr, and `pav verify --profile sip` reports SIP15 (a MUST) while the `pav` profile, which runs no SIP rule,
calls the package intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, isoschematron

from tests.conftest import REPO, valid_record, write_jsonl
from tests.test_package import judge, packages_in, xml
from validator.config import ConfigError, config_from_mapping
from validator.escape import unsafe_chars
from validator.package import layout
from validator.package.verify import Verifier
from validator.package.verify.base import ProfileName
from validator.package.verify.container import iter_targets

NS = {"mets": layout.METS_NS, "csip": layout.CSIP_NS}
NOTE = (
    "note: the packages lack the submitting agent E-ARK SIP 2.1 and 2.2 require (SIP15): name it with "
    '--submitter NAME, or submitter = "NAME" in [tool.pav]'
)


def agents_xml(package: Path) -> str:
    """The metsHdr agents of a package's METS.xml, as written."""
    text = (package / "data" / layout.METS_FILE).read_text(encoding="utf-8")
    start = text.index("    <mets:agent ")
    return text[start : text.index("    <mets:altRecordID")]


def verify(package: Path, profile: ProfileName | None) -> tuple[bool, list[str]]:
    """`pav verify --profile PROFILE` (None: auto) on one package: intact, and its errors."""
    ((target, kind),) = list(iter_targets(package))
    report = Verifier(profile=profile).verify_one(target, kind)
    assert report.profile == (profile or "pav")  # auto: pav's own packages are verified as pav
    return report.intact, [str(failure) for failure in report.errors]


@pytest.fixture
def batch(isolated: Path) -> Path:
    return write_jsonl(isolated / "r.jsonl", [valid_record(id="a")])


def test_submitter_is_written_as_sip_2_1_and_2_2_write_it(pav, batch: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("package", str(batch), "--out", "out", "--submitter", "某某市档案馆", "--submitter-id", "ORG:0042")
    assert run.code == 0 and run.err == ""
    (package,) = packages_in(Path("out"))
    assert agents_xml(package) == (
        '    <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">\n'
        f"      <mets:name>pav</mets:name>\n"
        f'      <mets:note csip:NOTETYPE="SOFTWARE VERSION">{_version()}</mets:note>\n'
        "    </mets:agent>\n"
        '    <mets:agent ROLE="ARCHIVIST" TYPE="ORGANIZATION">\n'
        f"      <mets:name>{_unit(package)}</mets:name>\n"
        "    </mets:agent>\n"
        '    <mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION">\n'
        "      <mets:name>某某市档案馆</mets:name>\n"
        '      <mets:note csip:NOTETYPE="IDENTIFICATIONCODE">ORG:0042</mets:note>\n'
        "    </mets:agent>\n"
    )
    judge(package)  # bagit-python, the official METS XSD (../shared/reference/xsd/), pav's profiles
    assert verify(package, "sip") == (True, [])
    assert verify(package, "pav") == (True, [])
    assert verify(package, None) == (True, [])


def test_without_an_identification_code_the_agent_has_no_note(pav, batch: Path) -> None:  # type: ignore[no-untyped-def]
    assert pav("package", str(batch), "--out", "out", "--submitter", "Archive").code == 0
    (package,) = packages_in(Path("out"))
    assert agents_xml(package).endswith(
        '    <mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION">\n'
        "      <mets:name>Archive</mets:name>\n"
        "    </mets:agent>\n"
    )
    assert verify(package, "sip") == (True, [])


def test_without_a_submitter_none_is_made_up_and_sip15_is_reported_under_sip(pav, batch: Path) -> None:  # type: ignore[no-untyped-def]
    run = pav("package", str(batch), "--out", "out")
    assert run.code == 0
    assert run.err == NOTE + "\n"  # once, however many packages
    (package,) = packages_in(Path("out"))
    assert "SUBMITTER" not in (package / "data" / layout.METS_FILE).read_text(encoding="utf-8")
    intact, errors = verify(package, "sip")
    assert not intact
    assert errors == [
        "data/METS.xml: SIP15: metsHdr must have one submitting agent (SIP 2.1, 2.2: agent ROLE 'OTHER' OTHERROLE "
        "'SUBMITTER'; the profile's own example, as SIP 2.0: ROLE 'CREATOR' TYPE 'ORGANIZATION'), found 0 with "
        "OTHERROLE 'SUBMITTER'"
    ]
    assert verify(package, "pav") == (True, [])  # the pav profile runs no SIP rule
    assert verify(package, None) == (True, [])


def test_the_note_is_said_once_for_many_packages_and_not_when_nothing_was_packaged(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    many = write_jsonl(isolated / "many.jsonl", [valid_record(id=str(n)) for n in range(3)])
    assert pav("package", str(many), "--out", "out").err == NOTE + "\n"
    rerun = pav("package", str(many), "--out", "out")  # all there already: nothing written, nothing to say
    assert rerun.code == 0 and rerun.err == ""


def test_the_config_key_names_the_submitter_and_the_flag_overrides_it(pav, batch: Path, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated / "pav.toml").write_text('submitter = "From the file"\nsubmitter-id = "FILE:1"\n', encoding="utf-8")
    run = pav("package", str(batch), "--out", "out")
    assert run.code == 0 and run.err == ""
    (package,) = packages_in(Path("out"))
    mets = xml(package / "data" / layout.METS_FILE)
    (agent,) = mets.iterfind("mets:metsHdr/mets:agent[@OTHERROLE='SUBMITTER']", NS)
    assert agent.findtext("mets:name", None, NS) == "From the file"
    assert agent.findtext("mets:note", None, NS) == "FILE:1"
    assert pav("package", str(batch), "--out", "out2", "--submitter", "From the flag").code == 0
    (package,) = packages_in(Path("out2"))
    (agent,) = xml(package / "data" / layout.METS_FILE).iterfind("mets:metsHdr/mets:agent[@OTHERROLE='SUBMITTER']", NS)
    assert agent.findtext("mets:name", None, NS) == "From the flag"
    assert agent.find("mets:note", NS) is None  # the file's code belongs to the file's submitter


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"submitter": 3}, "pav.toml: submitter must be a string"),
        ({"submitter": "  "}, "pav.toml: submitter is empty"),
        ({"submitter": "a\nb"}, "pav.toml: submitter 'a\\nb' holds characters a name cannot (U+000A)"),
        ({"submitter": "x", "submitter-id": ["1"]}, "pav.toml: submitter-id must be a string"),
        ({"submitter-id": "1"}, "pav.toml: submitter-id needs submitter (the name of the agent it identifies)"),
        ({"submiter": "x"}, "pav.toml: unknown key 'submiter' (known: "),
    ],
)
def test_config_keys_are_checked(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        config_from_mapping(table, Path("."), "pav.toml")
    assert str(raised.value).startswith(message)


def test_config_keys_are_accepted() -> None:
    config = config_from_mapping({"submitter": " Archive ", "submitter-id": "ID:1"}, Path("."), "pav.toml")
    assert (config.submitter, config.submitter_id) == ("Archive", "ID:1")
    assert config_from_mapping({}, Path("."), "pav.toml").submitter is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--submitter", "evil\x1b[31m\u202e\x00"], "pav: error: --submitter 'evil\\x1b[31m\\u202e\\x00' holds "
         "characters a name cannot (U+001B, U+202E, U+0000)"),
        (["--submitter", "x", "--submitter-id", "\r"], "pav: error: --submitter-id is empty"),
        (["--submitter", "x", "--submitter-id", "a\u2028b"], "pav: error: --submitter-id 'a\\u2028b' holds "
         "characters a name cannot (U+2028)"),
        (["--submitter-id", "1"], "pav: error: --submitter-id needs --submitter (the name of the agent it identifies)"),
    ],
)  # fmt: skip
def test_hostile_submitters_are_refused_and_shown_escaped(pav, batch: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    run = pav("package", str(batch), "--out", "out", *args)
    assert run.code == 2
    assert run.err == message + "\n"
    assert not unsafe_chars(run.err.rstrip("\n"))
    assert not Path("out").exists()


def test_xml_special_characters_stay_well_formed(pav, batch: Path) -> None:  # type: ignore[no-untyped-def]
    name = "A & B <Co> \"x\" 'y' ]]> &amp;"
    assert pav("package", str(batch), "--out", "out", "--submitter", name, "--submitter-id", "<&>").code == 0
    (package,) = packages_in(Path("out"))
    assert agents_xml(package).endswith(
        '    <mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION">\n'
        "      <mets:name>A &amp; B &lt;Co&gt; \"x\" 'y' ]]&gt; &amp;amp;</mets:name>\n"
        '      <mets:note csip:NOTETYPE="IDENTIFICATIONCODE">&lt;&amp;&gt;</mets:note>\n'
        "    </mets:agent>\n"
    )
    mets = etree.parse(str(package / "data" / layout.METS_FILE))  # well formed
    (agent,) = mets.iterfind("mets:metsHdr/mets:agent[@OTHERROLE='SUBMITTER']", NS)
    assert agent.findtext("mets:name", None, NS) == name
    assert agent.findtext("mets:note", None, NS) == "<&>"
    judge(package)
    assert verify(package, "sip") == (True, [])


def _version() -> str:
    from validator import __version__

    return __version__


def _unit(package: Path) -> str:
    mets = xml(package / "data" / layout.METS_FILE)
    (agent,) = mets.iterfind("mets:metsHdr/mets:agent[@ROLE='ARCHIVIST']", NS)
    return agent.findtext("mets:name", None, NS) or ""


# -- the SIP15 rule of schemas/eark-sip.sch, on each form of the submitting agent ----------------------------------

SIP_SCHEMATRON = isoschematron.Schematron(etree.parse(str(REPO / "schemas" / "eark-sip.sch")), store_report=True)
SOFTWARE = '<mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><mets:name>x</mets:name></mets:agent>'


def sip_failures(*agents: str) -> list[str]:
    """The ids of the SIP asserts a METS document with these metsHdr agents fails, SIP15-SIP20 only."""
    document = (
        f'<mets:mets xmlns:mets="{layout.METS_NS}" xmlns:csip="{layout.CSIP_NS}" PROFILE="{layout.SIP_PROFILE}">'
        f'<mets:metsHdr csip:OAISPACKAGETYPE="SIP">{SOFTWARE}{"".join(agents)}</mets:metsHdr></mets:mets>'
    )
    SIP_SCHEMATRON.validate(etree.fromstring(document))
    report = SIP_SCHEMATRON.validation_report
    ids = [f.get("id") or "" for f in report.iter("{http://purl.oclc.org/dsdl/svrl}failed-assert")]
    return [i for i in ids if i in {f"SIP{n}" for n in range(15, 21)}]


@pytest.mark.parametrize(
    ("agents", "failures"),
    [
        # SIP 2.1 and 2.2: ROLE OTHER, OTHERROLE SUBMITTER, an organisation or a person (SIP17).
        (['<mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION"><mets:name>a</mets:name>'
          '</mets:agent>'], []),
        (['<mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="INDIVIDUAL"><mets:name>a</mets:name>'
          '</mets:agent>'], []),
        # The profile's own example for SIP15-SIP20 and the corpus's SIPs (SIP 2.0 style).
        (['<mets:agent ROLE="CREATOR" TYPE="ORGANIZATION"><mets:name>a</mets:name></mets:agent>'], []),
        # None; only pav's software agent and the archival creator; only a contact person (SIP21-SIP23).
        ([], ["SIP15"]),
        (['<mets:agent ROLE="ARCHIVIST" TYPE="ORGANIZATION"><mets:name>a</mets:name></mets:agent>'], ["SIP15"]),
        (['<mets:agent ROLE="CREATOR" TYPE="INDIVIDUAL"><mets:name>a</mets:name></mets:agent>'], ["SIP15"]),
        # Two submitting agents, where the cardinality is 1..1; a submitter of the wrong TYPE is SIP17; a note
        # not typed IDENTIFICATIONCODE is SIP20.
        (['<mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION"/>'] * 2, ["SIP15"]),
        (['<mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="OTHER"/>'], ["SIP17"]),
        (['<mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION"><mets:note>1</mets:note></mets:agent>'],
         ["SIP20"]),
    ],
)  # fmt: skip
def test_sip15_accepts_every_form_the_sip_versions_allow(agents: list[str], failures: list[str]) -> None:
    assert sip_failures(*agents) == failures
