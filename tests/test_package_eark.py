"""The packages judged by the DILCIS Board's reference validator, eark-validator 1.1.3 (E-ARK CSIP and SIP 2.1).

`make test-slow` installs it into a venv of its own (.venv-eark: it pins lxml 5.1.0, pav needs lxml 6) and sets
PAV_EARK_PYTHON; tests/eark/run_eark_validator.py runs it there, offline: the CSIP vocabularies it fetches with
urllib when imported are answered from ../shared/reference/csip-vocab/ by a urllib opener, any other URL is
refused. eark-validator judges an information package: a folder or an archive whose single root folder holds
METS.xml. pav's packages are BagIt bags whose data/ folder is the information package, so the validator is given
data/ (of a folder package, and of a zip package unpacked as any unzip would).

One error is allowed, and only as exactly this: SIP14, once per package, on the note of pav's software agent.
eark-validator 1.1.3 tests every note of every CREATOR agent for an attribute NOTETYPE without a namespace (the
specification's attribute is csip:NOTETYPE); CSIP15/CSIP16 require the software agent's one note to be
csip:NOTETYPE "SOFTWARE VERSION", and the METS schema forbids an attribute without a namespace there. No package
can pass both: the validator reports SIP14 on the DILCIS corpus's own valid SIP too (the last test here), which
fails once a fixed validator stops reporting it, and the allowance is then to be removed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REFERENCE, REPO, SAMPLES, valid_record, with_footer, write_jsonl
from tests.hostile_support import FOOTER, page
from tests.test_package import HOSTILE_IDS, judge, packages_in, run_pav
from validator.package import layout

pytestmark = pytest.mark.slow

RUNNER = Path(__file__).parent / "eark" / "run_eark_validator.py"
VOCABULARIES = REFERENCE / "csip-vocab"
CORPUS = REFERENCE / "eark-ip-test-corpus" / "corpus.tar.xz"
VALID_SIP = "eark-ip-test-corpus/corpus/SIP/SIP8/valid/minimal_SIP_plus_mets_SHOULD_MAY_items"
SOFTWARE_NOTE = "/mets:mets/mets:metsHdr/mets:agent[@ROLE = 'CREATOR']/mets:note"
KNOWN_DEFECT = ("SIP14", "Error")  # see the module docstring


def eark_python() -> Path:
    configured = os.environ.get("PAV_EARK_PYTHON")
    python = Path(configured) if configured else REPO / ".venv-eark" / "bin" / "python"
    if not python.exists():
        pytest.fail(f"eark-validator's venv is missing ({python}): run `make test-slow`, which installs it")
    return python


def eark_validator(paths: list[Path], scratch: Path) -> dict[str, list[dict[str, str]]]:
    """eark-validator's messages per package path (structure, schema and schematron), run offline."""
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch)}  # where it unpacks archives
    command = [str(eark_python()), str(RUNNER), str(VOCABULARIES), *map(str, paths)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return {result["path"]: result["messages"] for result in results}


def problems(messages: list[dict[str, str]]) -> list[tuple[str, str]]:
    """The errors and warnings, as (rule, severity); eark-validator's Info messages are not findings."""
    return [(m["rule"], m["severity"]) for m in messages if m["severity"] in ("Error", "Warn")]


def assert_clean(by_path: dict[str, list[dict[str, str]]], count: int) -> None:
    assert len(by_path) == count
    for path, messages in by_path.items():
        assert problems(messages) == [KNOWN_DEFECT], (path, [m for m in messages if m["severity"] != "Info"])
        defect = next(m for m in messages if m["rule"] == "SIP14")
        assert defect["location"].startswith(SOFTWARE_NOTE)


def test_eark_validator_accepts_every_sample_package(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_pav("package", str(SAMPLES), "--out", str(out), "--fail-on", "never")
    packages = packages_in(out)
    assert len(packages) == 44  # every record of samples/ (the WARC holds four pages)
    assert_clean(eark_validator([p / layout.BAG_PAYLOAD for p in packages], tmp_path / "scratch"), 44)


def test_eark_validator_accepts_packages_of_hostile_records(tmp_path: Path) -> None:
    hostile = [valid_record(id=i) for i in HOSTILE_IDS]
    hostile.append(
        valid_record(id="text", title="a & b <c> \"d\" 'e'\r\n\tf \x00 \ud800", section="]]>", url="https://a/?b=&c")
    )
    unit = with_footer(unit_in_charge="主办单位：<&>\x01 单位 ]]> \u202e")  # the archival creator agent's name
    unit["id"] = "unit"
    hostile.append(unit)
    batch = write_jsonl(tmp_path / "hostile.jsonl", [json.dumps(record) for record in hostile])
    html = tmp_path / "page.html"  # a page, read by the HTML reader: hostile title, footer unit and bytes
    footer = FOOTER.replace("四川省人民政府办公厅", "<b>四川</b>&amp;办公厅\x0b]]>")
    html.write_bytes(page(title="<&amp;> \x01 ]]> 标题", footer=footer).encode("utf-8") + b"\xff\xfe")
    out = tmp_path / "out"
    run_pav("package", str(batch), str(html), "--out", str(out), "--fail-on", "never")
    packages = packages_in(out)
    assert len(packages) == len(hostile) + 1
    for package in packages:
        judge(package)  # bagit-python, the official XSDs, pav's profiles
    assert_clean(eark_validator([p / layout.BAG_PAYLOAD for p in packages], tmp_path / "scratch"), len(hostile) + 1)


def test_eark_validator_accepts_the_information_package_inside_every_zip(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_pav("package", str(SAMPLES), "--out", str(out), "--fail-on", "never", "--container", "zip")
    zips = sorted(out.glob("*.zip"))
    assert len(zips) == 44
    unpacked = tmp_path / "unpacked"
    roots = []
    for number, package in enumerate(zips):
        with zipfile.ZipFile(package) as archive:
            archive.extractall(unpacked / str(number))
        (bag,) = (unpacked / str(number)).iterdir()  # one root folder: the bag
        roots.append(bag / layout.BAG_PAYLOAD)
    assert_clean(eark_validator(roots, tmp_path / "scratch"), 44)


def test_the_allowed_sip14_is_reported_on_the_corpus_valid_sip_too(tmp_path: Path) -> None:
    with tarfile.open(CORPUS) as corpus:
        members = [m for m in corpus.getmembers() if m.name.startswith(VALID_SIP + "/")]
        corpus.extractall(tmp_path, members=members, filter="data" if sys.version_info >= (3, 12) else None)
    (messages,) = eark_validator([tmp_path / VALID_SIP], tmp_path / "scratch").values()
    notes = [m for m in messages if m["rule"] == "SIP14"]
    assert notes and all(m["severity"] == "Error" and m["location"].startswith(SOFTWARE_NOTE) for m in notes)


def test_eark_validator_accepts_the_submitting_agent(tmp_path: Path) -> None:
    # eark-validator 1.1.3 has no rule on the submitting agent (SIP15-SIP20): it says nothing of the agent, present
    # or not, and a package with it gets exactly the allowed SIP14, as every other package.
    batch = write_jsonl(tmp_path / "r.jsonl", [json.dumps(valid_record(id="a"))])
    out = tmp_path / "out"
    name, code = '某某市档案馆 & <Co> "x" ]]>', "ORG:<0042>"
    assert run_pav("package", str(batch), "--out", str(out), "--submitter", name, "--submitter-id", code) == 0
    (package,) = packages_in(out)
    mets = (package / layout.BAG_PAYLOAD / layout.METS_FILE).read_text(encoding="utf-8")
    assert (
        '    <mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION">\n'
        '      <mets:name>某某市档案馆 &amp; &lt;Co&gt; "x" ]]&gt;</mets:name>\n'
        '      <mets:note csip:NOTETYPE="IDENTIFICATIONCODE">ORG:&lt;0042&gt;</mets:note>\n'
        "    </mets:agent>\n"
    ) in mets
    judge(package)
    assert_clean(eark_validator([package / layout.BAG_PAYLOAD], tmp_path / "scratch"), 1)
