"""Issue 17, "CI must never pass by accident": every input that cannot be read is a finding, a run that checks
nothing fails, pav never reads its own output, standard input says what it takes, the pre-commit hooks take the
kinds pav reads, and writing a baseline says what it wrote."""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pathspec
import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO, SAMPLES, Run, valid_record, with_footer, write_jsonl
from validator.sources import HTML_SUFFIXES, JSON_SUFFIXES, JSONL_SUFFIXES, SUPPORTED_SUFFIXES
from validator.sources.selection import Excludes

PAGE = SAMPLES / "pages" / "bad-F602-retired-icp-link.html"  # one F602 warning, at line 44


def _report(run: Run) -> dict[str, Any]:
    report: dict[str, Any] = run.json()
    return report


def _messages(report: dict[str, Any], rule: str) -> list[str]:
    return [finding["message"] for finding in report["findings"] if finding["rule"] == rule]


# --- 1. every input that cannot be read is a finding naming it ---------------------------------------------


def _without_read_override() -> None:
    """In the child, before exec: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the capability bounding
    set, so that even root is refused a file or folder of mode 000 (root's capabilities after exec are the
    bounding set's)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _pav_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real `pav` in a child process that permissions really apply to, root or not."""
    return subprocess.run(
        [sys.executable, "-m", "validator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=_without_read_override if os.geteuid() == 0 else None,
        env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_that_cannot_be_read_is_an_i001_and_the_run_goes_on(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "site" / "closed").mkdir(parents=True)
    write_jsonl(tmp_path / "site" / "a.jsonl", [valid_record()])
    write_jsonl(tmp_path / "site" / "closed" / "b.jsonl", [valid_record(id="b")])
    (tmp_path / "site" / "closed").chmod(0)
    try:
        run = _pav_unprivileged("check", "--jobs", jobs, "--format", "json", "site", cwd=tmp_path)
    finally:
        (tmp_path / "site" / "closed").chmod(0o755)
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert _messages(report, "I001") == [f"cannot read folder {os.path.join('site', 'closed')}: Permission denied"]
    assert (report["summary"]["records"], report["summary"]["problems"]) == (1, 1)


def test_a_page_that_cannot_be_read_is_an_i001_not_a_traceback(tmp_path: Path) -> None:
    shutil.copy(PAGE, tmp_path / "page.html")
    (tmp_path / "page.html").chmod(0)
    run = _pav_unprivileged("check", "page.html", cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stdout.splitlines()[0] == "page.html: error I001 cannot read page.html: Permission denied"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_link_to_nowhere_in_a_folder_is_an_i001_and_the_rest_is_checked(
    pav: Callable[..., Run], isolated: Path, jobs: str
) -> None:
    (isolated / "site").mkdir()
    write_jsonl(isolated / "site" / "a.jsonl", [valid_record()])
    (isolated / "site" / "b.html").symlink_to("nowhere.html")
    (isolated / "site" / "loop.html").symlink_to("loop.html")
    run = pav("check", "--jobs", jobs, "--format", "json", "site")
    assert run.code == 1, run.err
    report = _report(run)
    assert _messages(report, "I001") == [
        f"cannot read {os.path.join('site', 'b.html')}: it is a link to nowhere.html, which does not exist",
        f"cannot read {os.path.join('site', 'loop.html')}: Too many levels of symbolic links",
    ]
    assert (report["summary"]["records"], report["summary"]["problems"]) == (1, 2)


def test_a_link_to_nowhere_named_on_the_command_line_is_an_i001(pav: Callable[..., Run], isolated: Path) -> None:
    (isolated / "gone.html").symlink_to("built/gone.html")
    run = pav("check", "gone.html")
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "gone.html: error I001 cannot read gone.html: it is a link to built/gone.html, which does not exist"
    )
    assert pav("check", "missing.html").code == 2  # not there at all: the command line's fault, as before


def test_a_link_to_a_folder_is_reported_as_skipped(pav: Callable[..., Run], isolated: Path) -> None:
    (isolated / "site").mkdir()
    (isolated / "elsewhere").mkdir()
    write_jsonl(isolated / "site" / "a.jsonl", [valid_record()])
    write_jsonl(isolated / "elsewhere" / "b.jsonl", [valid_record(id="b")])
    (isolated / "site" / "more").symlink_to(isolated / "elsewhere")
    report = _report(pav("check", "--format", "json", "site"))
    assert _messages(report, "I007") == [
        f"skipped {os.path.join('site', 'more')}: a link to a folder (pav does not follow folder links; name the "
        "folder to check it)"
    ]
    assert report["summary"]["records"] == 1


# --- 2. a run that checks nothing fails --------------------------------------------------------------------


def test_an_empty_folder_fails_unless_allowed(pav: Callable[..., Run], isolated: Path) -> None:
    (isolated / "_site").mkdir()
    (isolated / "_site" / "notes.md").write_text("not a page")
    run = pav("check", "_site")
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "_site: error I004 folder _site holds no file pav reads (.json, .jsonl, .ndjson, .html, .htm, .shtml, "
        ".txt, .warc, .warc.gz): nothing was checked (--allow-empty lets an empty folder pass)"
    )
    allowed = pav("check", "--allow-empty", "_site")
    assert (allowed.code, allowed.out) == (0, "No findings: 0 records checked in 0 files.\n")


def test_a_folder_whose_files_are_all_excluded_says_so(pav: Callable[..., Run], isolated: Path) -> None:
    (isolated / "site").mkdir()
    write_jsonl(isolated / "site" / "a.jsonl", [valid_record()])
    write_jsonl(isolated / "site" / "b.jsonl", [valid_record(id="b")])
    run = pav("check", "--format", "json", "--exclude", "*.jsonl", "site")
    assert run.code == 1
    assert _messages(_report(run), "I004") == [
        "folder site holds no file pav reads (.json, .jsonl, .ndjson, .html, .htm, .shtml, .txt, .warc, "
        ".warc.gz); 2 excluded by the exclude patterns: nothing was checked (--allow-empty lets an empty folder pass)"
    ]


# --- 3. exclude patterns, and pav's own output never read as input -----------------------------------------

_PATTERNS = [
    "drafts/",
    "*.min.html",
    "/top.json",
    "a/**/b.json",
    "**/cache",
    "out/**",
    "x?.html",
    "[ab]*.json",
    "[!c]d.json",
    "docs/*.html",
    "*.html\n!keep.html",
    "logs\n!logs/keep.json",
    "\\#hash.json",
    "dir/sub/",
    "**/deep/**/file.json",
    "name",
]
_PATHS = [
    ("drafts", True),
    ("drafts/a.html", False),
    ("site/drafts/a.html", False),
    ("drafts.html", False),
    ("a.min.html", False),
    ("s/a.min.html", False),
    ("top.json", False),
    ("s/top.json", False),
    ("a/b.json", False),
    ("a/x/y/b.json", False),
    ("c/a/b.json", False),
    ("cache", True),
    ("s/cache", False),
    ("s/cache/p.html", False),
    ("out/p.html", False),
    ("s/out/p.html", False),
    ("x1.html", False),
    ("x12.html", False),
    ("a1.json", False),
    ("c1.json", False),
    ("dd.json", False),
    ("cd.json", False),
    ("docs/a.html", False),
    ("docs/s/a.html", False),
    ("keep.html", False),
    ("s/keep.html", False),
    ("logs/keep.json", False),
    ("logs/other.json", False),
    ("#hash.json", False),
    ("dir/sub", True),
    ("dir/sub/a.json", False),
    ("x/dir/sub/a.json", False),
    ("deep/file.json", False),
    ("a/deep/b/c/file.json", False),
    ("name", False),
    ("s/name/p.html", False),
]


@pytest.mark.parametrize("pattern", _PATTERNS)
def test_exclude_patterns_mean_what_gitignore_means(pattern: str, tmp_path: Path) -> None:
    # Held to pathspec's GitIgnoreSpec (the reference for .gitignore semantics); pav's own matcher spares every run
    # the 40 ms of importing it. As git walks (and pav), a path below an excluded folder is excluded whatever
    # follows: pathspec judges each folder on the way, then the path.
    lines = pattern.split("\n")
    reference = pathspec.GitIgnoreSpec.from_lines(lines)
    ours = Excludes(tuple(lines), str(tmp_path))
    for path, is_dir in _PATHS:
        parts = path.split("/")
        folders = ["/".join(parts[:end]) + "/" for end in range(1, len(parts))]
        expected = any(reference.match_file(folder) for folder in folders) or reference.match_file(
            path + ("/" if is_dir else "")
        )
        assert ours.excludes(str(tmp_path / path), is_dir) == expected, (pattern, path)


def _tree(root: Path) -> None:
    for folder in ("pages/drafts", "node_modules/lib", "venv"):
        (root / folder).mkdir(parents=True)
    write_jsonl(root / "pages" / "a.jsonl", [valid_record()])
    write_jsonl(root / "pages" / "drafts" / "b.jsonl", [valid_record(id="b")])
    write_jsonl(root / "node_modules" / "lib" / "c.jsonl", [valid_record(id="c")])
    write_jsonl(root / "venv" / "d.jsonl", [valid_record(id="d")])


def _files(report: dict[str, Any]) -> int:
    files: int = report["summary"]["files"]
    return files


def test_exclude_defaults_config_and_flags(pav: Callable[..., Run], isolated: Path) -> None:
    _tree(isolated)
    assert _files(_report(pav("check", "--format", "json", "."))) == 2  # node_modules/ and venv/ left out
    (isolated / "pav.toml").write_text('exclude = ["drafts/"]\n')
    assert _files(_report(pav("check", "--format", "json", "."))) == 3  # the config's list replaces the defaults
    (isolated / "pav.toml").write_text('extend-exclude = ["drafts/"]\n')
    assert _files(_report(pav("check", "--format", "json", "."))) == 1  # added to the defaults
    assert _files(_report(pav("check", "--format", "json", "--exclude", "venv/", "."))) == 2  # flag replaces
    run = pav("check", "--format", "json", "--extend-exclude", "a.jsonl", "--allow-empty", ".")
    assert _files(_report(run)) == 0
    # A file named on the command line is read (as ruff does) unless --force-exclude (what the hooks pass).
    assert _files(_report(pav("check", "--format", "json", "pages/drafts/b.jsonl"))) == 1
    assert _files(_report(pav("check", "--format", "json", "--force-exclude", "pages/drafts/b.jsonl"))) == 0
    (isolated / "pav.toml").write_text("exclude = 3\n")
    bad = pav("check", ".")
    assert (bad.code, bad.err) == (
        2,
        f"pav: error: {isolated / 'pav.toml'}: exclude must be a list of gitignore-style patterns\n",
    )


def test_the_files_this_run_writes_are_not_read(pav: Callable[..., Run], isolated: Path) -> None:
    write_jsonl(isolated / "a.jsonl", [with_footer(icp=None)])
    args = ("check", ".", "--format", "json=out.json", "--format", "jsonl=out.jsonl", "--write-baseline", "base.json")
    assert pav(*args).code == 0
    again = pav(*args)
    assert again.code == 0, again.err
    report = json.loads((isolated / "out.json").read_text())
    assert sorted(_messages(report, "I007")) == [
        f"skipped {os.path.join('.', name)}: this run writes a report or baseline there"
        for name in ("base.json", "out.json", "out.jsonl")
    ]
    assert report["summary"]["records"] == 1


def test_pav_output_is_recognised_by_its_content(pav: Callable[..., Run], isolated: Path) -> None:
    (isolated / "in").mkdir()
    records = write_jsonl(isolated / "in" / "a.jsonl", [with_footer(icp=None)])
    saved = isolated / "saved"
    saved.mkdir()
    formats = {"json": "r1.json", "jsonl": "r2.jsonl", "html": "r3.html", "text": "r4.txt"}
    pav("check", str(records), *[f"--format={name}={saved / file}" for name, file in formats.items()])
    pav("check", str(records), "--format", "json=/dev/null", "--write-baseline", str(saved / "r5.json"))
    clean = isolated / "clean"
    clean.mkdir()
    write_jsonl(clean / "ok.jsonl", [valid_record()])
    pav("check", str(clean), "--format", f"text={saved / 'r6.txt'}")  # a text report of a clean run
    pav("package", str(records), "--out", str(isolated / "archive"))
    shutil.copy(isolated / "archive" / "batch-report.json", saved / "r7.json")
    for jobs in ("1", "2"):
        report = _report(pav("check", "--jobs", jobs, "--format", "json", str(saved)))
        assert sorted(_messages(report, "I007")) == [
            f"skipped {saved / name}: it is {kind}, not input (pav does not read its own output)"
            for name, kind in [
                ("r1.json", "a pav JSON report"),
                ("r2.jsonl", "a pav JSON Lines report"),
                ("r3.html", "a pav HTML report"),
                ("r4.txt", "a pav text report"),
                ("r5.json", "a pav baseline"),
                ("r6.txt", "a pav text report"),
                ("r7.json", "a pav package batch report"),
            ]
        ]
        assert report["summary"]["problems"] == 7 and report["summary"]["records"] == 0
        assert report["summary"]["by_severity"].get("error", 0) == 0


# --- 4. standard input --------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_page_on_standard_input_is_one_finding_that_says_what_stdin_takes(tmp_path: Path, jobs: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "validator", "check", "--jobs", jobs, "-"],
        cwd=tmp_path,
        input=PAGE.read_bytes(),
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"},
    )
    assert run.returncode == 1
    assert run.stdout.decode().splitlines() == [
        "-: error I002 standard input starts with '<' (an HTML page?): `pav check -` reads JSON Lines, one record "
        "per line; for a page pass --stdin-type html (or text, json, warc), or --stdin-filename NAME.html",
        "Found 1 finding (1 error) in 0 of 0 records in 1 file, 1 non-record input.",
    ]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("flags", "name"), [(["--stdin-type", "html"], "-"), (["--stdin-filename", "site/page.html"], "site/page.html")]
)
def test_a_page_on_standard_input_is_read_when_asked(tmp_path: Path, jobs: str, flags: list[str], name: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "validator", "check", "--jobs", jobs, *flags, "-"],
        cwd=tmp_path,
        input=PAGE.read_bytes(),
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.decode().splitlines()[0].startswith(f"{name}:44: warning F602 the ICP link points to ")


@pytest.mark.parametrize(
    ("kind", "source", "records", "problems"),
    [
        ("warc", SAMPLES / "crawl" / "sichuan-gov.warc.gz", 4, 1),  # 4 pages, 1 I007 for the records that are not
        ("json", SAMPLES / "records" / "sichuan-expo-en.json", 1, 0),
        ("text", SAMPLES / "pages" / "sichuan-expo-zh.txt", 1, 0),
    ],
)
def test_other_kinds_on_standard_input_are_read_when_asked(
    pav: Callable[..., Run], isolated: Path, kind: str, source: Path, records: int, problems: int
) -> None:
    summary = _report(pav("check", "--stdin-type", kind, "--format", "json", "-", stdin=source.read_bytes()))["summary"]
    assert (summary["records"], summary["problems"]) == (records, problems)


def test_json_lines_on_standard_input_are_read_as_before(pav: Callable[..., Run], isolated: Path) -> None:
    line = json.dumps(with_footer(icp=None), ensure_ascii=False).encode() + b"\n"
    run = pav("check", "--stdin-filename", "batch.jsonl", "-", stdin=line)
    assert run.code == 1 and run.out.startswith("batch.jsonl:1: error F101 ")


# --- 5. the pre-commit hooks take the kinds pav reads ------------------------------------------------------

HOOK_KINDS = {
    "pav": HTML_SUFFIXES + JSONL_SUFFIXES,  # pages and JSON Lines: not every .json of a repository is a record
    "pav-pages": HTML_SUFFIXES,
    "pav-records": JSON_SUFFIXES + JSONL_SUFFIXES,
}


def test_each_pre_commit_hook_takes_exactly_its_kinds_of_input() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == list(HOOK_KINDS)
    for hook in hooks:
        files = re.compile(hook["files"])
        kinds = HOOK_KINDS[hook["id"]]
        for suffix in SUPPORTED_SUFFIXES:
            for name in (f"site/a{suffix}", f"site/A{suffix.upper()}"):  # pav reads suffixes in any case
                assert bool(files.search(name)) == (suffix in kinds), (hook["id"], name)
        assert not files.search("README.md") and not files.search("page.html.bak")
        assert hook["entry"] == "pav check --force-exclude" and hook["language"] == "python"


def test_the_pages_hook_fails_on_a_page_as_pre_commit_runs_it(tmp_path: Path) -> None:
    hooks = {hook["id"]: hook for hook in YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text())}
    entry = str(hooks["pav-pages"]["entry"]).split()
    page = (PAGE.parent / "bad-F605-script-footer.html").read_bytes().replace(b"13001288", b"XXXXXXXX")
    (tmp_path / "index.html").write_bytes(page)
    script = Path(sys.executable).parent / entry[0]
    run = subprocess.run(
        [str(script), *entry[1:], "index.html"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(script.parent), "NO_COLOR": "1"},
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "index.html:" in run.stdout and " error F" in run.stdout


# --- 6. writing a baseline -----------------------------------------------------------------------------------


def test_writing_a_baseline_says_what_it_wrote_and_succeeds(pav: Callable[..., Run], isolated: Path) -> None:
    write_jsonl(isolated / "a.jsonl", [with_footer(icp=None), with_footer(public_security=None)])
    run = pav("check", "--write-baseline", "base.json", "--format", "json=report.json", "a.jsonl")
    assert run.code == 0
    assert run.err == (
        "pav: wrote 2 findings to the baseline base.json (exit 0: they are accepted); --baseline base.json "
        "suppresses them\n"
    )
    assert json.loads((isolated / "report.json").read_text())["summary"]["findings"] == 2
    assert len(json.loads((isolated / "base.json").read_text())["findings"]) == 2
    assert pav("check", "--baseline", "base.json", "a.jsonl").code == 0
    assert pav("check", "a.jsonl").code == 1
