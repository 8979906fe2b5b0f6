"""Text that hurts (issue 8): control characters, ANSI escapes, bidi overrides, lone surrogates, U+FFFE/U+FFFF
and markup in titles and footers, and record ids built to escape folders. They flow into every report format
(each must still parse, and none may carry a raw control character) and into packages (which must verify).
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from tests.conftest import valid_record, write_jsonl
from tests.hostile_support import FOOTER, page, run_check, write_warc
from validator.cli import main
from validator.reports.registry import FORMATS as REPORT_FORMATS

# Raw control characters, an ANSI escape, a bidi override, U+FFFE/U+FFFF, markup and workflow-command breakers.
NASTY = (
    "标题\x00\x01\x07\x08\x0b\x0c\x1b[31m红\x1b]0;pwn\x07\u202e反转\u2066\ufffe\uffff"
    "</title><script>&amp;\r\n::error::x%0A"
)
# The same as character references, which the HTML parser turns into characters (or U+FFFD).
NASTY_REFS = "引用&#0;&#1;&#x1b;&#xD800;&#xDFFF;&#xFFFE;&#xFFFF;&#x202E;&#x85;"

HOSTILE_IDS = [
    "../../x",
    "../../../../../../tmp/pav-escape",
    "/etc/passwd",
    "/tmp/pav-absolute",
    "C:\\Windows\\System32\\x",
    "C:x",
    "\\\\server\\share\\x",
    "nul\x00byte",
    "a" * 10_000,
    "CON",
    "aux.txt",
    ".",
    "..",
    "~",
    "-rf",
    "ABC",
    "abc",
    "caf\u00e9",
    "cafe\u0301",
    "\ud800lone",
    "\ufffe\uffff",
    "\u202egnp.exe",
]

FORMATS = tuple(REPORT_FORMATS)  # every registered format
# What a report for people (terminal, CI log, Markdown) may not hold raw: C0 controls but TAB/LF/CR, DEL, C1,
# bidi controls and lone surrogates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What XML 1.0 cannot hold (JUnit, the HTML report's markup).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What JSON must escape (RFC 8259): a raw one would make the document invalid.
NOT_JSON = re.compile("[\x00-\x1f]")


def hostile_inputs(folder: Path) -> list[Path]:
    """An HTML page with raw nasty text in title and footer, one with character references, and JSON records
    with nasty titles, footers and ids (including lone surrogates, which only a JSON escape can carry)."""
    raw_page = folder / "raw.html"
    nasty_footer = FOOTER.replace("四川省人民政府办公厅", "四川" + NASTY.replace("&", "&amp;").replace("<", "&lt;"))
    markup_safe = NASTY.replace("&", "&amp;").replace("<", "&lt;")  # the characters raw, the markup as text
    raw_page.write_bytes(page(markup_safe, footer=nasty_footer).encode("utf-8", "surrogatepass"))
    refs_page = folder / "refs.html"
    refs_page.write_text(page(NASTY_REFS, footer=FOOTER.replace("5100000062", "51000000&#x1b;62")), encoding="utf-8")
    records = []
    for number, record_id in enumerate(HOSTILE_IDS):
        record = valid_record(id=record_id, title=f"{NASTY}{number}\ud800")
        record["footer"]["icp"] = "蜀ICP备13001288号\x1b[0m\ud83d"
        record["footer"]["unit_in_charge"] = NASTY
        records.append(json.dumps(record, ensure_ascii=True))
    batch = write_jsonl(folder / "batch.jsonl", records)
    return [raw_page, refs_page, batch]


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    return hostile_inputs(folder)


def test_hostile_text_in_every_report_format(
    tmp_path: Path, inputs: list[Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    args = [f"--format={name}={reports / ('report.' + name)}" for name in FORMATS]
    checked = run_check(capsys, tmp_path, *map(str, inputs), extra=tuple(args))
    checked.accounted(records=2 + len(HOSTILE_IDS), problems=0)
    for name in FORMATS:
        if name == "xlsx":  # a ZIP of XML parts: each part valid XML, every cell's text free of raw controls
            with zipfile.ZipFile(reports / "report.xlsx") as book:
                for member in book.namelist():
                    part = book.read(member)
                    assert not NOT_XML.search(part.decode("utf-8")), member
                    etree.fromstring(part)
            for sheet in openpyxl.load_workbook(reports / "report.xlsx").worksheets:
                for row in sheet.iter_rows(values_only=True):
                    assert not any(isinstance(value, str) and RAW_CONTROL.search(value) for value in row), row
            continue
        data = (reports / f"report.{name}").read_bytes()
        text = data.decode("utf-8")  # strict: a lone surrogate would not even encode
        if name in ("json", "sarif"):
            assert not NOT_JSON.search(text.replace("\n", ""))
            json.loads(text)
        elif name == "jsonl":
            assert [json.loads(line) for line in text.splitlines()]
            assert not NOT_JSON.search(text.replace("\n", ""))
        elif name in ("junit", "html"):
            assert not NOT_XML.search(text), (name, NOT_XML.search(text))
            if name == "junit":
                etree.fromstring(data)
            else:
                assert "</title><script>" not in text and "<script>&amp;" not in text
        else:
            assert not RAW_CONTROL.search(text), (name, RAW_CONTROL.search(text))
            # A workflow command smuggled in a message never starts a line of its own.
            assert not any(line.startswith("::error::x") for line in text.splitlines())
    assert not RAW_CONTROL.search(summary.read_text(encoding="utf-8"))
    assert not RAW_CONTROL.search(checked.out + checked.err)
    # The JSON report re-renders in every format too (`pav report`).
    capsys.readouterr()
    assert main(["report", str(reports / "report.json"), "--format", "markdown"]) in (0, 1)
    assert not RAW_CONTROL.search(capsys.readouterr().out)


def test_hostile_text_and_ids_are_packaged_inside_out_and_verify(tmp_path: Path, inputs: list[Path]) -> None:
    parent = tmp_path / "parent"
    out = parent / "out"
    before = set(os.listdir("/tmp"))
    assert main(["package", *map(str, inputs), "--out", str(out), "--fail-on", "never"]) == 0
    assert sorted(os.listdir(parent)) == ["out"]  # nothing beside --out
    assert not {"pav-escape", "pav-absolute"} & (set(os.listdir("/tmp")) - before)
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve()) and not path.is_symlink()
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    statuses = [r["status"] for r in report["records"]]
    assert statuses.count("packaged") == 2 + len(HOSTILE_IDS), statuses
    packages = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(packages) == 2 + len(HOSTILE_IDS)
    assert main(["verify", str(out)]) == 0
    # The zip container: the same promises, checked member by member by `pav verify`.
    zips = tmp_path / "zips"
    assert main(["package", *map(str, inputs), "--out", str(zips), "--container", "zip", "--fail-on", "never"]) == 0
    assert main(["verify", str(zips)]) == 0


def test_repairs_of_html_text_are_recorded_in_premis(tmp_path: Path, inputs: list[Path]) -> None:
    raw_page = inputs[0]
    out = tmp_path / "out"
    assert main(["package", str(raw_page), "--out", str(out), "--fail-on", "never"]) == 0
    (package,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    premis = (package / "data/metadata/preservation/premis.xml").read_text(encoding="utf-8")
    # lxml already reads a raw NUL as U+FFFD; the other characters XML cannot hold are replaced and recorded.
    assert "metadata modification" in premis
    assert "/title: U+0001 U+0007 U+0008 U+001B U+FFFE U+FFFF" in premis
    assert "/footer/unit_in_charge: U+0001 U+0007 U+0008 U+001B U+FFFE U+FFFF" in premis
    assert (package / "data/representations/rep1/data/raw.html").read_bytes() == raw_page.read_bytes()
    assert main(["verify", str(package)]) == 0


def test_counts_add_up_in_every_report_format(
    tmp_path: Path, inputs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Hostile records, a broken line, a truncated crawl and an empty page, in one run: every format agrees on
    what was read (records + non-record inputs) and on the number of findings."""
    broken = write_jsonl(
        tmp_path / "in" / "broken.jsonl", ['{"id": "cut', b"\xff\xfe", "[1, 2]", valid_record(id="ok")]
    )
    crawl = write_warc(tmp_path / "in" / "crawl.warc.gz", [page("甲").encode(), page("乙").encode()])
    crawl.write_bytes(crawl.read_bytes()[:-50])
    empty = tmp_path / "in" / "empty.html"
    empty.write_bytes(b"   \n")
    reports = tmp_path / "reports"
    reports.mkdir()
    args = [f"--format={name}={reports / ('report.' + name)}" for name in ("junit", "sarif", "jsonl", "markdown")]
    checked = run_check(capsys, tmp_path, *map(str, [*inputs, broken, crawl, empty]), extra=tuple(args))
    records = 2 + len(HOSTILE_IDS) + 1 + 1  # two pages, the hostile batch, "ok", 甲 (乙 is cut short)
    problems = 3 + 1 + 1  # I002, I005 and I003 in broken.jsonl; I008 for the crawl; I004 for the empty page
    checked.accounted(records=records, problems=problems)
    findings = checked.summary["findings"]
    assert len(checked.report["findings"]) == findings
    assert len((reports / "report.jsonl").read_text(encoding="utf-8").splitlines()) == findings
    assert len(json.loads((reports / "report.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]) == findings
    junit = etree.parse(str(reports / "report.junit")).getroot()
    assert len(junit.findall(".//testcase")) == int(junit.get("tests", "-1")) == records + problems
    markdown = (reports / "report.markdown").read_text(encoding="utf-8")
    assert f"{records} records checked" in markdown and f"{problems} non-record inputs" in markdown
    assert (
        f"{records} of {records} records" in checked.out
        or f"in {checked.summary['records_with_findings']} of {records}" in checked.out
    )
