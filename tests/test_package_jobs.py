"""`pav package --jobs N`: workers check and write, the main process names and counts; the output is the same."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SAMPLES, Run, valid_record, write_jsonl
from validator.config import Config
from validator.engine import Engine
from validator.package import layout, workers
from validator.package.stored_zip import _with_zipfile, stored_zip
from validator.package.verify import Verifier
from validator.package.workers import package_parallel
from validator.package.writer import BATCH_REPORT, REPORT_HISTORY, Outcome, PackageWriter
from validator.parallel import partitions
from validator.sources import iter_source_items

NOW = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
STATIC = ("bagit.txt", "data/documentation/README.txt", "data/schemas/pav-compliance.xsd", "data/schemas/pav-dc.xsd")


def fixed_clock() -> datetime:
    return NOW


def serial(out: Path, inputs: list[str], container: str) -> list[Outcome]:
    with PackageWriter(out, container=container, clock=fixed_clock) as writer:  # type: ignore[arg-type]
        return [writer.add(result) for result in Engine(Config(), NOW).check_items(iter_source_items(inputs))]


def parallel(out: Path, inputs: list[str], container: str, jobs: int = 2) -> list[Outcome]:
    with PackageWriter(out, container=container, clock=fixed_clock) as writer:  # type: ignore[arg-type]
        return list(package_parallel(writer, partitions(inputs), jobs, NOW))


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file under `out` by relative path, the batch report without the folder's own name."""
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    report = json.loads(files.pop(BATCH_REPORT))
    report.pop("out")
    files[BATCH_REPORT] = json.dumps(report, ensure_ascii=False).encode()
    return files


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    """The samples (JSON Lines with broken lines, JSON, HTML, text, WARC) and records whose names collide."""
    twins = write_jsonl(
        tmp_path / "twins.jsonl",
        [
            valid_record(id="Dup"),
            valid_record(id="dup", title="另一篇"),  # the same name on a case-insensitive disk: gets a suffix
            valid_record(id="Dup"),  # the same capture again: already packaged
            valid_record(id="a/b"),
            valid_record(id="a_b"),
            "{broken",
        ],
    )
    return [str(SAMPLES / "records"), str(SAMPLES / "pages"), str(SAMPLES / "crawl"), str(twins)]


@pytest.mark.parametrize("container", ["dir", "zip"])
def test_workers_give_the_same_packages_and_report_as_one_process(
    tmp_path: Path, inputs: list[str], container: str
) -> None:
    one = serial(tmp_path / "one", inputs, container)
    two = parallel(tmp_path / "two", inputs, container)
    assert two == one
    assert {o.status for o in one} == {"packaged", "present", "skipped"}
    assert any(o.package and "~" in o.package for o in one)  # a collision was resolved by the main process
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")  # byte for byte, zips included
    assert not [p for p in os.listdir(tmp_path / "two") if p.startswith(".")]  # no partial or staged entry left
    reports = Verifier().verify(tmp_path / "two")
    assert len(reports) == sum(o.status == "packaged" for o in two)
    assert all(r.intact for r in reports), [(r.path, [str(f) for f in r.failures]) for r in reports]


def test_a_rerun_with_workers_finds_every_package_and_rewrites_none(tmp_path: Path, inputs: list[str]) -> None:
    out = tmp_path / "out"
    first = parallel(out, inputs, "dir")
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_dir() and p.name != REPORT_HISTORY}
    again = parallel(out, inputs, "dir")
    assert [o.status for o in again] == ["present" if o.status == "packaged" else o.status for o in first]
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_dir() and p.name != REPORT_HISTORY} == before


def test_a_package_that_vanishes_while_its_page_is_checked_fails_and_a_rerun_makes_it(tmp_path: Path) -> None:
    batch = write_jsonl(tmp_path / "b.jsonl", [valid_record(id="one")])
    out = tmp_path / "out"
    assert [o.status for o in parallel(out, [str(batch)], "dir")] == ["packaged"]
    (result,) = Engine().check_items(iter_source_items([str(batch)]))
    with PackageWriter(out) as writer:
        prepared = writer.builder.prepare(result)  # as a worker does: the package is there, nothing is built
        assert prepared.seen and prepared.partial is None
        shutil.rmtree(out / "one")  # ... and something else removes it before the main process names it
        outcome = writer.add_prepared(prepared)
    assert outcome.status == "failed" and "run again" in (outcome.reason or "")
    assert writer.summary.failed == 1
    assert [o.status for o in parallel(out, [str(batch)], "dir")] == ["packaged"]
    assert all(r.intact for r in Verifier().verify(out))


def test_cli_jobs_and_the_default_every_core_when_the_input_splits(
    pav: Callable[..., Run], isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []  # worker processes started, per run that started any
    real = workers.package_parallel

    def spy(writer: PackageWriter, parts: Any, jobs: int, now: datetime) -> Any:  # counts the runs with workers
        started.append(jobs)
        return real(writer, parts, jobs, now)

    monkeypatch.setattr(workers, "package_parallel", spy)
    monkeypatch.setattr("validator.parallel.default_jobs", lambda: 3)
    batch = str(write_jsonl(isolated / "b.jsonl", [valid_record(id=f"p{i}") for i in range(5)]))
    assert pav("package", batch, "--out", "a", "--jobs", "2").code == 0
    assert pav("package", batch, "--out", "b").code == 0  # one partition: checked and written here
    assert pav("package", batch, "--out", "c", "--jobs", "0").code == 0  # one per core
    assert pav("package", batch, "--out", "d", "--jobs", "1").code == 0
    assert started == [2, 3]
    monkeypatch.setattr("validator.parallel.BYTES_PER_PARTITION", 1000)  # now the file splits in five ranges
    monkeypatch.setattr("validator.parallel.AUTO_MIN_BYTES", 2000)  # and counts as big
    assert pav("package", batch, "--out", "e").code == 0
    assert started == [2, 3, 3]
    for out in "abcde":
        assert snapshot_names(isolated / out) == [BATCH_REPORT, "p0", "p1", "p2", "p3", "p4"]
        assert all(r.intact for r in Verifier().verify(isolated / out))
    bad = pav("package", batch, "--out", "f", "--jobs", "-1")
    assert bad.code == 2 and "--jobs" in bad.err
    assert not (isolated / "f").exists()  # a usage error, before anything is written


def snapshot_names(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


# -- static files: each package's own copy ----------------------------------------------------------------------


def test_packages_share_no_file_so_an_edit_in_one_leaves_the_others_intact(tmp_path: Path) -> None:
    batch = write_jsonl(tmp_path / "b.jsonl", [valid_record(id=f"p{i}") for i in range(3)])
    out = tmp_path / "out"
    serial(out, [str(batch)], "dir")
    for relative in STATIC:
        assert len({(out / f"p{i}" / relative).stat().st_ino for i in range(3)}) == 3, relative
        assert all((out / f"p{i}" / relative).stat().st_nlink == 1 for i in range(3)), relative
    assert sorted(os.listdir(out)) == [BATCH_REPORT, "p0", "p1", "p2"]  # nothing staged is left
    with open(out / "p0/data/documentation/README.txt", "a", encoding="utf-8") as readme:
        readme.write("edited in p0 only\n")
    assert [(Path(r.path).name, r.intact) for r in Verifier().verify(out)] == [
        ("p0", False),
        ("p1", True),
        ("p2", True),
    ]


def test_zip_members_are_written_once_in_one_file(tmp_path: Path) -> None:
    batch = write_jsonl(tmp_path / "b.jsonl", [valid_record(id="z")])
    serial(tmp_path / "out", [str(batch)], "zip")
    with zipfile.ZipFile(tmp_path / "out" / "z.zip") as archive:
        names = archive.namelist()
        assert names[0] == f"z/{layout.BAG_PAYLOAD}/{layout.METS_FILE}"
        assert all(info.date_time == (2024, 5, 1, 8, 0, 0) for info in archive.infolist())
        assert archive.testzip() is None
    assert all(r.intact for r in Verifier().verify(tmp_path / "out"))


NAMES = st.text(st.characters(exclude_characters="\x00\\", exclude_categories=("Cs",)), min_size=1, max_size=30)


@given(
    st.lists(st.tuples(NAMES, st.binary(max_size=300)), max_size=6, unique_by=lambda member: member[0]),
    st.tuples(
        st.integers(1980, 2107),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
    ),
)
def test_stored_zip_is_what_zipfile_writes(members: list[tuple[str, bytes]], stamp: tuple[int, ...]) -> None:
    date_time = (stamp[0], stamp[1], stamp[2], stamp[3], stamp[4], stamp[5])
    written = stored_zip(members, date_time)
    assert written == _with_zipfile(members, date_time)  # zipfile's own writer, the reference
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == members


def test_stored_zip_refuses_what_zip_cannot_date() -> None:
    with pytest.raises(ValueError, match="1980"):
        stored_zip([("a", b"")], (1979, 12, 31, 23, 59, 59))
