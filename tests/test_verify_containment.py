"""`pav verify` stays inside the package and accounts for everything (issue 17).

Nothing outside a package is ever opened, bagit-python included; every entry of a package and of a folder of
packages is part of a package or reported; hostile zips, folders and tag files are findings, never tracebacks;
packages written by one run share no file; the text report says which checks failed under each property.
Real zips (zipfile), real bagit-python, real folders and symbolic links.
"""

from __future__ import annotations

import builtins
import hashlib
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, SAMPLES
from tests.test_package import run_pav
from tests.test_verify import SEED, flip_byte, hostile_zip, verdicts
from validator.package.verify import container as container_module
from validator.package.verify import package as package_module
from validator.package.verify import verify_paths


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("containment") / "out"
    assert run_pav("package", str(SAMPLES / "records/sichuan-expo-zh.json"), "--out", str(out)) == 0
    return out


@pytest.fixture
def package(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "p"
    shutil.copytree(built / SEED, copy)
    return copy


def found(path: Path) -> set[tuple[str, str]]:
    (report,) = verify_paths([path])
    return {(f.file, f.requirement) for f in report.failures}


def check_of(path: Path, check_id: str) -> Any:
    (report,) = verify_paths([path])
    return next(check for check in report.checks if check.id == check_id)


# -- nothing outside the package is opened ------------------------------------------------------------------------


@pytest.mark.parametrize("manifest", ["manifest-sha256.txt", "tagmanifest-sha256.txt", "manifest-md5.txt"])
def test_a_manifest_path_outside_the_package_is_never_opened(
    package: Path, monkeypatch: pytest.MonkeyPatch, manifest: str
) -> None:
    # '../p-secret' passes bagit-python's string-prefix test ('/x/p' is a prefix of '/x/p-secret'): it hashed
    # the file and printed its digest. Now bagit-python is not given such a bag, and pav opens nothing there.
    secret = package.parent / "p-secret" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(b"TOP SECRET")
    wrong = "0" * (32 if manifest.endswith("md5.txt") else 64)
    with open(package / manifest, "a", encoding="utf-8") as handle:
        handle.write(f"{wrong}  ../p-secret/secret.txt\n")
    opened: list[str] = []
    real_open = builtins.open

    def spying_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(os.fspath(file) if isinstance(file, str | os.PathLike) else str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spying_open)
    (report,) = verify_paths([package])
    monkeypatch.setattr(builtins, "open", real_open)
    assert not [path for path in opened if "p-secret" in path]
    assert (manifest, "RFC8493 §2.1.3") in {(f.file, f.requirement) for f in report.failures}
    shown = " ".join(str(f) for f in report.failures)
    assert hashlib.sha256(b"TOP SECRET").hexdigest() not in shown
    assert hashlib.md5(b"TOP SECRET").hexdigest() not in shown
    notes = next(c for c in report.checks if c.id == "INT-1").notes
    assert notes == ["bagit-python not run: a manifest names a path outside the package"]


def test_a_manifest_path_through_a_link_in_the_package_root_is_outside(built: Path, tmp_path: Path) -> None:
    # The root given is a link to the package: containment is judged on resolved paths.
    real = tmp_path / "real"
    shutil.copytree(built / SEED, real)
    (tmp_path / "real-secret").mkdir()
    (tmp_path / "real-secret" / "s.txt").write_text("secret")
    with open(real / "manifest-sha256.txt", "a", encoding="utf-8") as handle:
        handle.write(f"{'0' * 64}  ../real-secret/s.txt\n")
    os.symlink(real, tmp_path / "alias")
    assert ("manifest-sha256.txt", "RFC8493 §2.1.3") in found(tmp_path / "alias")
    assert check_of(tmp_path / "alias", "INT-1").notes == [
        "bagit-python not run: a manifest names a path outside the package"
    ]


# -- everything is accounted for ----------------------------------------------------------------------------------


def test_extra_content_in_a_package_is_reported(package: Path, tmp_path: Path) -> None:
    (package / "extra").mkdir()
    (package / "extra/malware.exe").write_bytes(b"\x7fELF\x02\x01\x01")
    (package / ".hidden").write_text("hidden")
    (package / "index.html").write_text("<html><body>stray</body></html>")
    (package / "fetch.txt").write_text("https://example.com/a.html 10 data/a.html\n")
    as_dir, _ = verdicts(package, tmp_path)  # the zip of it says the same
    assert as_dir == {
        ("extra/malware.exe", "PAV-BAG"),
        (".hidden", "PAV-BAG"),
        ("index.html", "PAV-BAG"),
        ("fetch.txt", "RFC8493 §2.2.3"),
    }
    (package / "empty").mkdir()
    assert ("empty/", "PAV-BAG") in found(package)
    messages = [f.message for f in check_of(package, "INT-1").failures]
    assert "a file outside data/: not part of the bag (pav bags hold only their tag files and data/)" in messages
    assert "files to fetch from elsewhere: pav never fetches, a package holds them" in messages


def test_a_folder_of_packages_accounts_for_every_entry(pav, built: Path, package: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copytree(built / SEED, folder / "good")
    shutil.copy(built / "batch-report.json", folder / "batch-report.json")  # pav's own: passed over
    flip_byte(package)
    os.symlink(package, folder / "link-to-bad")  # never followed
    shutil.copytree(package, folder / ".hidden-bad")  # verified like any package
    (folder / "tool").write_bytes(b"\x7fELF\x02\x01\x01\x00")
    run = pav("verify", str(folder))
    assert run.code == 1
    lines = run.out.splitlines()
    assert f"{folder}/.hidden-bad: NOT INTACT (6 failures)" in lines  # both METS documents record the flipped file
    assert f"{folder}/good: intact" in lines
    assert (
        f"{folder}/link-to-bad: NOT A PACKAGE: a symbolic link (not followed; a package is verified where it lies)"
    ) in lines
    assert (
        f"{folder}/tool: NOT A PACKAGE: an executable program; pav verify takes a package folder, a .zip of one, or "
        "a folder of them"
    ) in lines
    assert lines[-1] == "2 packages verified: 1 intact, 1 not; 2 entries are not packages."
    data = pav("verify", str(folder), "--format", "json").json()
    entries = {Path(p["path"]).name: (p["container"], p["intact"]) for p in data["packages"]}
    assert entries == {
        ".hidden-bad": ("dir", False),
        "good": ("dir", True),
        "link-to-bad": ("other", False),
        "tool": ("other", False),
    }


def test_the_batch_reports_pav_package_keeps_are_passed_over_and_nothing_hidden_among_them(  # type: ignore[no-untyped-def]
    pav, package: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    page = str(SAMPLES / "pages" / "sichuan-expo-zh.html")
    assert pav("package", page, "--out", str(out), "--fail-on", "never").code == 0
    assert pav("package", page, "--out", str(out), "--fail-on", "never").code == 0  # keeps the first report
    (kept,) = (out / ".pav-reports").iterdir()
    assert kept.name.startswith("batch-report-")
    run = pav("verify", str(out))
    assert run.code == 0, run.out
    assert run.out.splitlines()[-1] == "1 package verified: 1 intact, 0 not."
    shutil.copytree(package, out / ".pav-reports" / "smuggled")  # not a kept report: the folder is reported
    run = pav("verify", str(out))
    assert run.code == 1
    assert run.out.splitlines()[-1] == "2 packages verified: 1 intact, 1 not."


def test_a_page_is_said_to_be_no_package(pav, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><head><title>t</title></head><body>p</body></html>", encoding="utf-8")
    run = pav("verify", str(page))
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        f"{page}: NOT A PACKAGE: an HTML page (pages are checked with `pav check`); pav verify takes a package "
        "folder, a .zip of one, or a folder of them"
    )
    assert "zip" not in run.out.splitlines()[0].split(";")[0]  # no longer called a corrupt zip
    assert run.out.splitlines()[-1] == "0 packages verified: 0 intact, 0 not; 1 entry is not a package."
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 cut short")  # a damaged zip is still judged as a zip
    assert pav("verify", str(broken)).out.splitlines()[0] == f"{broken}: NOT INTACT (1 failure)"


# -- findings, never tracebacks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "file", "words"),
    [
        ([("pkg/" + "a" * 300 + "/f.txt", b"x")], "pkg/" + "a" * 300 + "/f.txt", "a name longer than 255 bytes"),
        (
            [("pkg/data", b"x"), ("pkg/data/x", b"y")],
            "pkg/data/x",
            "inside 'pkg/data', which is a file: a member is a file and a folder",
        ),
        ([("pkg/" + "d/" * 1100 + "f", b"y")], "pkg/" + "d/" * 1100 + "f", "a path longer than 1024 bytes"),
        ([("pkg/" + "d/" * 100 + "f", b"y")], "pkg/" + "d/" * 100 + "f", "102 folders deep; at most 64 are unpacked"),
    ],
    ids=["300-byte-name", "file-then-folder", "1100-deep", "100-deep"],
)
def test_hostile_zip_names_are_findings(
    pav,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    members: list[tuple[str, bytes]],
    file: str,
    words: str,
) -> None:
    target = hostile_zip(tmp_path / "hostile.zip", [("pkg/bagit.txt", b"BagIt-Version: 1.0\n"), *members])
    assert target.stat().st_size < 20_000
    run = pav("verify", str(target))
    assert run.code == 1 and run.err == ""
    container = check_of(target, "SEC-1")
    assert [(f.file, f.requirement, f.message) for f in container.failures] == [(file, "SEC-ZIP", words)]


def test_a_package_folder_1100_levels_deep_is_a_finding(pav, package: Path) -> None:  # type: ignore[no-untyped-def]
    folders = [package / "data" / "d"]
    for _ in range(1099):
        folders.append(folders[-1] / "d")
    try:
        for folder in folders:
            folder.mkdir()
        (folders[-1] / "f.txt").write_text("deep")
        run = pav("verify", str(package))
        assert run.code == 1 and run.err == ""
        links = check_of(package, "SEC-2").failures
        assert [(f.file, f.requirement, f.message) for f in links] == [
            ("data" + "/d" * 64, "SEC-LINK", "more than 64 folders deep (not read)")
        ]
        assert check_of(package, "INT-1").notes == [
            "bagit-python not run: the package holds links, special files or unreadable entries"
        ]
    finally:  # pytest removes its folders recursively: 1,100 levels would be a RecursionError there
        (folders[-1] / "f.txt").unlink(missing_ok=True)
        for folder in reversed(folders):
            if folder.exists():
                folder.rmdir()


@pytest.mark.parametrize("encoding", ["zlib_codec", "rot13", "no-such-codec"])
def test_a_tag_file_encoding_that_is_no_text_encoding_is_a_finding(pav, package: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    bagit_txt = package / "bagit.txt"
    bagit_txt.write_text(
        re.sub(r"Tag-File-Character-Encoding: .*", f"Tag-File-Character-Encoding: {encoding}", bagit_txt.read_text())
    )
    run = pav("verify", str(package))
    assert run.code == 1 and run.err == ""
    expected = (
        f"Tag-File-Character-Encoding {encoding!r} is no encoding Python knows"
        if encoding == "no-such-codec"
        else f"Tag-File-Character-Encoding {encoding!r} is not a text encoding"
    )
    integrity = check_of(package, "INT-1")
    assert ("bagit.txt", "RFC8493 §2.1.1", expected) in [(f.file, f.requirement, f.message) for f in integrity.failures]


def test_package_out_as_a_dangling_link_is_a_usage_error(pav, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    os.symlink(tmp_path / "nowhere", tmp_path / "out")
    run = pav("package", str(SAMPLES / "records/sichuan-expo-zh.json"), "--out", str(tmp_path / "out"))
    assert run.code == 2
    assert f"--out {tmp_path / 'out'}: a symbolic link to {tmp_path / 'nowhere'}, which does not exist" in run.err
    (tmp_path / "file").write_text("x")
    run = pav("package", str(SAMPLES / "records/sichuan-expo-zh.json"), "--out", str(tmp_path / "file/out"))
    assert run.code == 2 and f"{tmp_path / 'file'} is not a folder" in run.err


# -- the text report ----------------------------------------------------------------------------------------------


def test_report_says_which_checks_failed_and_the_virus_note_once(pav, built: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "folder"
    folder.mkdir()
    for name in ("a", "b"):
        shutil.copytree(built / SEED, folder / name)
    flip_byte(folder / "b")
    run = pav("verify", str(folder))
    assert run.code == 1
    assert "  真实性 authenticity: FAIL: 4 of 5 checks failed (AUT-1, AUT-2, AUT-3, AUT-5); 1 passed" in run.out
    # The flipped file is recorded in both METS documents: the package's and its representation's.
    assert "    AUT-2 METS.xml sizes and checksums are those of the files: 2 failures" in run.out
    assert "  安全性 security: pass (4 of 5 checks ran)" in run.out
    assert run.out.count("no virus scanner") == 1  # once per run, not once per package
    assert "Note: virus check (SEC-5) not run: pav has no virus scanner; run the archive's scanner on the packages" in (
        run.out
    )


# -- SECURITY.md ----------------------------------------------------------------------------------------------------


def test_security_md_names_the_real_bounds_of_verify() -> None:
    text = " ".join((REPO / "SECURITY.md").read_text(encoding="utf-8").split())
    assert container_module.MAX_UNZIPPED_BYTES == 16 * 1024**3 and "16 GiB" in text
    assert f"{container_module.MAX_COMPRESSION_RATIO}:1" in text
    assert f"{container_module.MAX_ZIP_MEMBERS:,}" in text
    assert f"{container_module.MAX_NAME_BYTES} bytes" in text
    assert f"{container_module.MAX_PATH_BYTES:,} bytes" in text
    assert f"{container_module.MAX_DEPTH} levels" in text
    assert package_module.MAX_DEPTH == container_module.MAX_DEPTH


# -- guards -------------------------------------------------------------------------------------------------------


def test_a_mets_href_outside_the_package_is_reported_and_never_opened(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # verify keys METS and PREMIS references into what it found in the package: an href is never opened.
    (package.parent / "p-secret").mkdir()
    (package.parent / "p-secret" / "secret.txt").write_text("secret")
    mets = package / "data/METS.xml"
    text = mets.read_text(encoding="utf-8")
    href = re.search(r'xlink:href="(representations/[^"]+)"', text)
    assert href is not None
    mets.write_text(text.replace(href.group(1), "../../p-secret/secret.txt"), encoding="utf-8")
    opened: list[str] = []
    real_open = builtins.open

    def spying_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spying_open)
    result = found(package)
    monkeypatch.setattr(builtins, "open", real_open)
    assert ("data/METS.xml", "CSIP79") in result  # the METS document holding the href, which names it
    assert not [path for path in opened if "p-secret" in path]


SEGMENTS = st.sampled_from(["pkg", "data", "bagit.txt", "..", ".", "", "a" * 256, "d", ".hidden", "C:", "x\\y"])
MEMBERS = st.lists(
    st.tuples(
        st.lists(SEGMENTS, min_size=1, max_size=6).map("/".join),
        st.binary(max_size=64),
        st.sampled_from([0, 0o100644, 0o040755, 0o120777, 0o010644]),
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile warns of what the test means to write
@given(MEMBERS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_zip_is_a_verdict_never_a_traceback(tmp_path: Path, members: list[tuple[str, bytes, int]]) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as scratch:
        target = Path(scratch) / "any.zip"
        with zipfile.ZipFile(target, "w") as archive:
            for name, data, mode in members:
                info = zipfile.ZipInfo(name or "x")
                info.external_attr = mode << 16
                info.create_system = 3
                archive.writestr(info, data)
        (report,) = verify_paths([target])
        assert report.container == "zip"
        assert not report.intact  # none of these is a whole package
