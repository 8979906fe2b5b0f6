"""Output never injects (issue 17): the same hostile strings, as file names, zip member names, footer text, the
fields of a saved JSON report and a server's status line, through every command and every report format.

Human-readable output (text, Markdown, GitHub annotations, `pav verify`'s text report, the lines of `pav
extract` and `pav package` on stderr, error messages) may hold no raw control, escape, bidirectional or
invisible format character, no line that starts a GitHub workflow command (`::` after white space) and no
legacy command (`##[`); it shows each such character as a visible escape (`validator.escape.printable`).
Machine formats (JSON, JSON Lines, SARIF, JUnit) keep the exact data and stay valid. Every command runs as a
real process with a strict UTF-8 stdout and stderr (PYTHONIOENCODING=utf-8:strict), so a lone surrogate that
reached a stream would be a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import valid_record
from tests.hostile_support import page
from validator.escape import printable, unsafe_chars

REPO = Path(__file__).resolve().parent.parent

# A name (and text) that would forge a workflow command on a line of its own, recolour and retitle a terminal,
# reverse and hide text, and start a legacy `##[` command mid-line.
HOSTILE = "x\n::error title=Verified::package is intact\x1b[31m\x1b]0;pwn\x07\u202e\u2066\u200b ##[error]y"
HOSTILE_SHOWN = (
    "x\\n::error title=Verified::package is intact\\x1b[31m\\x1b]0;pwn\\x07\\u202e\\u2066\\u200b \\x23#[error]y"
)
LEADING = "::error::lead"  # a name that is a workflow command when it starts a line
LEADING_SHOWN = "\\x3a:error::lead"
NOT_UTF8 = b"bad\xff.html"  # a file name that is not UTF-8: read with surrogateescape
NOT_UTF8_SHOWN = "bad\\xff.html"
NOT_UTF8_NAME = os.fsdecode(NOT_UTF8)
WARC_URI = "https://www.sc.gov.cn/a\x1b[31m\u202e##[error]x.shtml"  # a crawl's WARC-Target-URI
WARC_URI_SHOWN = "https://www.sc.gov.cn/a\\x1b[31m\\u202e\\x23#[error]x.shtml"
FOOTER_ICP = "蜀ICP备\u202e\x1b[31m##[error]x号"  # footer text a finding quotes (a long quote is cut short)
FOOTER_ICP_SHOWN = "蜀ICP备\\u202e\\x1b[31m\\x23#[error]x号"

COMMAND_LINE = re.compile(r"^\s*::")
# The only workflow commands the github format writes: its log group, the stop-commands fence and annotations
# (properties percent-encoded, so no `::` before the message).
OWN_COMMAND = re.compile(
    r"^::(group::pav findings|stop-commands::[0-9a-f]{32}|[0-9a-f]{32}::|endgroup::|(error|warning|notice) [^:]*::.*)$"
)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def assert_for_people(text: str, *, github: bool = False) -> None:
    """Human-readable output: no unsafe character on any line, no workflow command but the github format's own."""
    for line in text.split("\n"):
        assert not unsafe_chars(line), (line, unsafe_chars(line))
        assert "##[" not in line, line
        if COMMAND_LINE.match(line):
            assert github and OWN_COMMAND.match(line), line


def xlsx_texts(path: Path) -> list[str]:
    """Every text cell of every sheet of an xlsx report, as an independent reader (openpyxl) reads it."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def assert_xlsx_for_people(path: Path) -> None:
    """A workbook (tests/test_reports_xlsx.py holds the rest): no unsafe character, no formula in any cell."""
    texts = xlsx_texts(path)
    assert texts
    for text in texts:
        assert_for_people(text)
        assert not NOT_XML.search(text)
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            assert b"<f>" not in book.read(name), name  # no cell holds a formula


@dataclass
class Ran:
    code: int
    out: str
    err: str


def strings(value: object) -> set[str]:
    """Every string of a JSON value, keys and values."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {text for key, item in value.items() for text in {key} | strings(item)}
    if isinstance(value, list):
        return {text for item in value for text in strings(item)}
    return set()


def pav(*args: str, cwd: Path, stdin: bytes | None = None) -> Ran:
    """`pav ARGS` as a process with strict UTF-8 streams; its output decoded strictly; no traceback."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "FORCE_COLOR")}
    env.update(PYTHONIOENCODING="utf-8:strict", PYTHONPATH=str(REPO), NO_COLOR="1")
    done = subprocess.run(
        [sys.executable, "-m", "validator", *args], cwd=cwd, env=env, input=stdin, capture_output=True, timeout=120
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return Ran(done.returncode, out, err)


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A folder of pages named with the hostile strings, and a record whose footer holds them."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{HOSTILE}.html").write_text(page("页面一"), encoding="utf-8")
    (folder / f"{LEADING}.html").write_text(page("页面二"), encoding="utf-8")
    Path(os.fsdecode(os.path.join(os.fsencode(folder), NOT_UTF8))).write_bytes(page("页面三").encode("utf-8"))
    record = valid_record(id="hostile-footer")
    record["footer"]["icp"] = FOOTER_ICP
    (folder / "footer.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with (folder / "crawl.warc.gz").open("wb") as handle:  # a crawl whose page URL is hostile, written by warcio
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        payload = io.BytesIO(page("页面四").encode("utf-8"))
        writer = WARCWriter(handle, gzip=True)
        headers = {"WARC-Date": "2023-11-23T01:02:03Z"}
        writer.write_record(
            writer.create_warc_record(
                WARC_URI, "response", payload=payload, http_headers=http, warc_headers_dict=headers
            )
        )
    return folder


def test_the_escaper_shows_each_hostile_character_as_an_escape() -> None:
    assert printable(HOSTILE) == HOSTILE_SHOWN
    assert printable(LEADING) == LEADING_SHOWN
    assert printable(f" \u3000{LEADING}") == f" \u3000{LEADING_SHOWN}"  # the runner trims Unicode white space
    assert printable(NOT_UTF8_NAME) == NOT_UTF8_SHOWN  # the byte, as surrogateescape read it
    assert printable("\ud800 \r\t\x85\u2028\ufeff\U000e0041\u00ad") == (
        "\\ud800 \\r\\t\\x85\\u2028\\ufeff\\U000e0041\\xad"
    )
    assert printable("四川省人民政府 https://[::1]:8080/a b:c") == "四川省人民政府 https://[::1]:8080/a b:c"


def test_every_control_separator_format_and_surrogate_character_is_escaped() -> None:
    categories = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in categories and printable(chr(code)) == chr(code)
    ]
    assert not missed
    for char in ("\ufffe", "\uffff", "\u3164", "\u115f", "\u1160", "\uffa0"):
        assert printable(char) != char


def test_the_escaper_is_a_shared_utility_importing_nothing_of_pav() -> None:
    source = (REPO / "validator" / "escape.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) validator", source, re.MULTILINE)


def test_check_shows_hostile_names_and_footers_escaped_in_every_format_for_people(pages: Path, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    inputs = [f"{HOSTILE}.html", f"{LEADING}.html", NOT_UTF8_NAME, "footer.jsonl", "crawl.warc.gz"]
    targets = [f"--format={name}={reports / name}" for name in ("markdown", "github", "xlsx")]
    targets[-1] += ".xlsx"  # openpyxl reads a workbook by its suffix
    ran = pav("check", *inputs, "--format=text", *targets, "--fail-on=never", cwd=pages)
    assert ran.code == 0, ran.err
    assert_for_people(ran.out)
    assert_for_people(ran.err)
    lines = ran.out.splitlines()
    assert f"{HOSTILE_SHOWN}.html: error S001 required field 'url' is missing [/url]" in lines
    assert f"{LEADING_SHOWN}.html: error S001 required field 'url' is missing [/url]" in lines
    assert f"{NOT_UTF8_SHOWN}: error S001 required field 'url' is missing [/url]" in lines
    assert f"footer.jsonl:1: error F102 no ICP number can be read in '{FOOTER_ICP_SHOWN}' [/footer/icp]" in lines
    # A WARC record's location carries its page URL, escaped like the rest of the line.
    warc_line = f"crawl.warc.gz[0] ({WARC_URI_SHOWN}): error S003 url '{WARC_URI_SHOWN}' is not a valid uri [/url]"
    assert warc_line in lines
    markdown = (reports / "markdown").read_text(encoding="utf-8")
    assert_for_people(markdown)
    shown_in_cell = NOT_UTF8_SHOWN.replace("\\", "\\\\")  # Markdown escapes the escape's backslash
    assert f"| error | S001 | {shown_in_cell} /url | required field 'url' is missing |" in markdown.splitlines()
    github = (reports / "github").read_text(encoding="utf-8")
    assert_for_people(github, github=True)
    assert f"{LEADING_SHOWN}.html: error S001 required field 'url' is missing [/url]" in github.splitlines()
    assert "::error file=%3A%3Aerror%3A%3Alead.html,title=S001::required field 'url' is missing [/url]" in github
    assert_xlsx_for_people(reports / "xlsx.xlsx")
    texts = xlsx_texts(reports / "xlsx.xlsx")
    for shown in (f"{HOSTILE_SHOWN}.html", f"{LEADING_SHOWN}.html", NOT_UTF8_SHOWN, WARC_URI_SHOWN):
        assert shown in texts, (shown, texts)
    assert f"no ICP number can be read in '{FOOTER_ICP_SHOWN}'" in texts


def test_check_machine_formats_keep_the_exact_names_and_stay_valid(pages: Path, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    inputs = [f"{HOSTILE}.html", f"{LEADING}.html", NOT_UTF8_NAME, "footer.jsonl", "crawl.warc.gz"]
    targets = [f"--format={name}={reports / name}" for name in ("json", "jsonl", "sarif", "junit", "html")]
    ran = pav("check", *inputs, *targets, "--fail-on=never", cwd=pages)
    assert ran.code == 0, ran.err
    report = json.loads((reports / "json").read_text(encoding="utf-8"))
    files = {finding["location"]["file"] for finding in report["findings"]}
    assert {f"{HOSTILE}.html", f"{LEADING}.html", NOT_UTF8_NAME, "footer.jsonl", "crawl.warc.gz"} == files
    assert WARC_URI in {finding["url"] for finding in report["findings"]}
    # The message as the rule wrote it (F102 quotes with repr), exact: `##[` is data here, not a command.
    assert "no ICP number can be read in '蜀ICP备\\u202e\\x1b[31m##[error]x号'" in strings(report)
    jsonl = [json.loads(line) for line in (reports / "jsonl").read_text(encoding="utf-8").splitlines()]
    assert {item["location"]["file"] for item in jsonl} == files
    # In JSON the undecodable byte is the escape \udcff: lossless, os.fsencode gives the name's bytes back.
    assert os.fsencode(NOT_UTF8_NAME) == NOT_UTF8 and '"bad\\udcff.html"' in (reports / "json").read_text("utf-8")
    sarif = json.loads((reports / "sarif").read_text(encoding="utf-8"))
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for location in result["locations"]
    }
    assert uris == {
        "x%0A%3A%3Aerror%20title%3DVerified%3A%3Apackage%20is%20intact%1B%5B31m%1B%5D0%3Bpwn%07%E2%80%AE%E2%81%A6"
        "%E2%80%8B%20%23%23%5Berror%5Dy.html",
        "%3A%3Aerror%3A%3Alead.html",
        "bad%FF.html",  # the file's own byte, percent-encoded
        "footer.jsonl",
        "crawl.warc.gz",
    }
    junit = (reports / "junit").read_bytes()
    etree.fromstring(junit)
    assert not NOT_XML.search(junit.decode("utf-8"))
    html = (reports / "html").read_text(encoding="utf-8")
    assert not NOT_XML.search(html) and "\x1b" not in html and "\u202e" not in html


def saved_report(folder: Path) -> Path:
    """A JSON report (as `pav check` writes it) whose every free-text field holds the hostile string."""
    finding = {
        "rule": f"F101{HOSTILE}",
        "severity": "error",
        "message": f"message {HOSTILE}",
        "path": f"/footer/{HOSTILE}",
        "location": {"file": f"{LEADING}.html", "line": 3},
        "record_id": HOSTILE,
        "url": f"https://www.sc.gov.cn/{HOSTILE}",
        "site": HOSTILE,
        "profile": HOSTILE,
    }
    saved = folder / "saved.json"
    summary = {"records": 1, "problems": 0, "findings": 1, "by_severity": {"error": 1}}
    head = {"report_format": 1, "tool": {"name": "pav", "version": "0"}, "profile": "auto", "fail_on": "error"}
    saved.write_text(json.dumps({**head, "findings": [finding], "summary": summary, "exit_code": 1}), "utf-8")
    return saved


def test_report_re_renders_a_hostile_saved_report_in_every_format(tmp_path: Path) -> None:
    saved = saved_report(tmp_path)
    for name in ("text", "markdown", "github"):
        ran = pav("report", str(saved), f"--format={name}", cwd=tmp_path)
        assert ran.code == 1, ran.err
        assert_for_people(ran.out, github=name == "github")
        assert_for_people(ran.err)
        if name == "text":
            assert ran.out.splitlines()[0] == (
                f"{LEADING_SHOWN}.html:3: error F101{HOSTILE_SHOWN} message {HOSTILE_SHOWN} [/footer/{HOSTILE_SHOWN}]"
            )
    ran = pav("report", str(saved), f"--format=xlsx={tmp_path / 'saved.xlsx'}", cwd=tmp_path)
    assert ran.code == 1, ran.err
    assert_xlsx_for_people(tmp_path / "saved.xlsx")
    texts = xlsx_texts(tmp_path / "saved.xlsx")
    rule, message, pointer = f"F101{HOSTILE_SHOWN}", f"message {HOSTILE_SHOWN}", f"/footer/{HOSTILE_SHOWN}"
    for shown in (rule, message, pointer, f"{LEADING_SHOWN}.html:3"):
        assert shown in texts, (shown, texts)
    for name in ("json", "jsonl", "sarif", "junit", "html"):
        ran = pav("report", str(saved), f"--format={name}", cwd=tmp_path)
        assert ran.code == 1, ran.err
        if name == "junit":  # each finding a line of the failure's text, as the text report shows it
            (failure,) = etree.fromstring(ran.out.encode("utf-8")).iter("failure")
            line = f"error F101{HOSTILE_SHOWN} /footer/{HOSTILE_SHOWN}: message {HOSTILE_SHOWN}"
            assert line in (failure.text or "").splitlines(), failure.text
        elif name == "html":
            assert not NOT_XML.search(ran.out) and "\x1b" not in ran.out
        else:
            data = [json.loads(line) for line in ran.out.splitlines()] if name == "jsonl" else [json.loads(ran.out)]
            assert f"F101{HOSTILE}" in strings(data) and f"message {HOSTILE}" in strings(data)  # the exact data


def test_extract_shows_hostile_names_on_stderr_and_writes_exact_json(pages: Path) -> None:
    ran = pav("extract", f"{HOSTILE}.html", f"{LEADING}.html", NOT_UTF8_NAME, cwd=pages)
    assert ran.code == 0, ran.err
    assert_for_people(ran.err)
    records = [json.loads(line) for line in ran.out.splitlines()]
    assert len(records) == 3
    assert '"bad\\udcff.html"' in ran.out or NOT_UTF8_NAME not in json.dumps(records)  # never raw on the stream
    empty = pages / f"{HOSTILE}-empty.html"
    empty.write_bytes(b"  \n")
    ran = pav("extract", empty.name, cwd=pages)
    assert ran.err.splitlines()[0].startswith(f"{HOSTILE_SHOWN}-empty.html: ")
    assert_for_people(ran.err)


def test_package_and_verify_show_hostile_names(pages: Path, tmp_path: Path) -> None:
    empty = pages / f"{LEADING}-empty.html"
    empty.write_bytes(b"  \n")
    out = tmp_path / "out"
    inputs = [f"{HOSTILE}.html", f"{LEADING}.html", NOT_UTF8_NAME, empty.name]
    ran = pav("package", *inputs, "--out", str(out), "--container", "zip", "--fail-on", "never", cwd=pages)
    assert_for_people(ran.out)
    assert_for_people(ran.err)
    assert ran.err.splitlines()[0].startswith(f"{LEADING_SHOWN}-empty.html: not packaged: I004 ")
    # A package zip with a hostile member name, and a folder package holding hostile and non-UTF-8 file names.
    zipped = sorted(out.glob("*.zip"))[0]
    hostile_zip = tmp_path / f"{HOSTILE}.zip"
    hostile_zip.write_bytes(zipped.read_bytes())
    with zipfile.ZipFile(hostile_zip, "a") as archive:
        archive.writestr(HOSTILE, b"forged")
        archive.writestr(LEADING, b"forged")  # indented in the report: the runner trims the indentation
    folder = tmp_path / "folder"
    assert pav("package", f"{LEADING}.html", "--out", str(folder), "--fail-on", "never", cwd=pages).code == 0
    (package,) = [p for p in folder.iterdir() if p.is_dir()]
    (package / f"{HOSTILE}.txt").write_text("forged", encoding="utf-8")
    Path(os.fsdecode(os.path.join(os.fsencode(package), NOT_UTF8))).write_bytes(b"forged")
    ran = pav("verify", hostile_zip.name, str(package), cwd=tmp_path)
    assert ran.code == 1
    assert_for_people(ran.out)
    assert_for_people(ran.err)
    lines = ran.out.splitlines()
    assert f"{HOSTILE_SHOWN}.zip: NOT INTACT (3 failures)" in lines, "\n".join(lines)
    assert any(line.startswith(f"      {HOSTILE_SHOWN}: ") for line in lines), lines
    assert any(line.startswith(f"      {LEADING_SHOWN}: ") for line in lines), lines
    assert any(line.startswith(f"      {HOSTILE_SHOWN}.txt: ") for line in lines), lines
    assert any(line.startswith(f"      {NOT_UTF8_SHOWN}: ") for line in lines), lines
    ran = pav("verify", "--format=json", hostile_zip.name, str(package), cwd=tmp_path)
    names = strings(json.loads(ran.out))
    assert HOSTILE in names and NOT_UTF8_NAME in names  # the exact names; the byte as the JSON escape \udcff
    ran = pav("verify", f"{LEADING}.zip", cwd=tmp_path)  # no such file: the error message on stderr
    assert ran.code == 2 and ran.err.startswith(f"pav: error: {LEADING_SHOWN}.zip")
    assert_for_people(ran.err)


@contextlib.contextmanager
def raw_http(status_line: bytes) -> Iterator[str]:
    """A real server on 127.0.0.1 answering every request with `status_line` (bytes as sent) and no body."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                connection.sendall(status_line + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/page.html"
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=5)


STATUS_LINE = b"HTTP/1.1 404 Not\x1b[31m\rFound\x9b2J ##[error]x \xe2\x80\xae"
# http.client reads the reason as ISO-8859-1: the bytes of U+202E come back as U+00E2 U+0080 U+00AE.
REASON_SHOWN = "Not\\x1b[31m\\rFound\\x9b2J \\x23#[error]x \u00e2\\x80\u00ae"


def test_a_server_status_line_is_shown_escaped(tmp_path: Path) -> None:
    with raw_http(STATUS_LINE) as url:
        for args in (("extract", url), ("package", url, "--out", str(tmp_path / "out")), ("check", url)):
            ran = pav(*args, "--retries=0", cwd=tmp_path)
            assert_for_people(ran.out)
            assert_for_people(ran.err)
            assert REASON_SHOWN in ran.out + ran.err, (args, ran.out, ran.err)
