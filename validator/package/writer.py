"""The package sink: checked records in, one archival package per page out.

    RecordResult --(PackageWriter.add)--> <out>/<name>/ or <out>/<name>.zip   (+ <out>/batch-report.json)

Streaming: one page at a time, each file hashed once (the digest serves the PREMIS fixity, the METS
checksums and the BagIt manifests). Crash-safe: a package is written into a hidden `.pav-partial-*` entry of
the output folder and renamed into place only when complete; partial entries left by an interrupted run are
removed by the next run. Repeatable: a page whose package is already there (same OBJID) is left untouched,
and names are derived deterministically (see naming.py), so a rerun finishes what is missing and duplicates
nothing. Nothing is written outside the output folder. One run at a time: a run locks `.pav-lock` in the folder
(another run is refused, OutputRefused), keeps the batch-report.json it replaces under `.pav-reports/`, and never
replaces a batch-report.json that is not a pav batch report.

Two halves, so that worker processes can do the heavy one (see workers.py): a `PackageBuilder` checks a
result's packageability, builds the files and writes them into a partial entry; the `PackageWriter` decides
names, moves partial entries into place, counts, and writes batch-report.json. In a serial run the writer
uses a builder of its own.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

from validator import __version__
from validator.config import Config
from validator.engine import RecordResult
from validator.findings import Location
from validator.package import bagit_files, layout, naming
from validator.package.capture import Capture, NotPackageable, PayloadFile, payload_file
from validator.package.compliance import build_compliance
from validator.package.dc import build_dc
from validator.package.documentation import README
from validator.package.mets import build_mets, build_representation_mets
from validator.package.premis import build_premis
from validator.package.stored_zip import stored_zip
from validator.package.xmltext import XmlText
from validator.resources import schema_path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

Container = Literal["dir", "zip"]
Status = Literal["packaged", "present", "skipped", "failed"]
PARTIAL_PREFIX = ".pav-partial-"
BATCH_REPORT = layout.BATCH_REPORT
LOCK_FILE = layout.BATCH_LOCK
REPORT_HISTORY = layout.REPORT_HISTORY
WRITE_ERRORS = (OSError, ValueError, zipfile.BadZipFile)  # a package that cannot be written; the run goes on


class OutputRefused(Exception):
    """The output folder cannot take this run: another run is writing into it, or a file pav must not replace."""


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one record (or unreadable input)."""

    status: Status
    location: Location
    record_id: str | None = None
    url: str | None = None
    package: str | None = None  # the entry in the output folder: a folder name, or a .zip file name
    objid: str | None = None
    verdict: str | None = None  # "pass" or "fail" for pages that were checked
    failed_rules: tuple[str, ...] = ()
    reason: str | None = None
    skip_kind: str | None = None  # for skipped items: "input problem", "--only-valid", "not packageable"

    def to_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"status": self.status, "location": self.location.to_dict()}
        for key in ("record_id", "url", "package", "objid", "verdict", "reason"):
            value = getattr(self, key)
            if value is not None:
                entry[key] = value
        if self.verdict is not None:
            entry["failed_rules"] = list(self.failed_rules)
        return entry


@dataclass(slots=True)
class Summary:
    records: int = 0  # records and unreadable inputs seen
    packaged: int = 0  # packages written by this run
    present: int = 0  # packages already complete in the output folder, left untouched
    skipped: int = 0  # not packaged: input problems (broken line, skipped WARC records), --only-valid, no bytes
    failed: int = 0  # could not be written (I/O or internal error)
    not_compliant: int = 0  # packaged or present pages whose verdict is "fail"
    reasons: dict[str, int] = field(default_factory=dict)  # skip reasons, counted by kind
    input_failures: int = 0  # input problems at or above --fail-on (an unreadable line), as `pav check` counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "packaged": self.packaged,
            "present": self.present,
            "skipped": self.skipped,
            "failed": self.failed,
            "not_compliant": self.not_compliant,
            "skip_reasons": dict(sorted(self.reasons.items())),
            "input_failures": self.input_failures,
        }


@dataclass(frozen=True, slots=True)
class Prepared:
    """One result as a builder leaves it for the writer: decided (skipped), or a package under way.

    For a page to package, `base` is its base name and exactly one of `partial` (the finished partial entry,
    written under `base`), `error` (why it could not be written) or `seen` (its package was found in place,
    so nothing was built) is set.
    """

    outcome: Outcome  # skipped, or the checked page (objid, verdict) still to be named
    input_failure: bool = False  # an input problem at or above --fail-on
    base: str | None = None
    partial: str | None = None
    error: str | None = None
    seen: bool = False


class PackageBuilder:
    """Checks results for packaging, builds their files and writes them into partial entries of `out`.

    `partial_prefix` starts the name of every entry it makes; it begins with PARTIAL_PREFIX and the pid of
    the process that owns the run, so that the run can remove what is left and other runs leave it alone.
    """

    def __init__(
        self,
        out: Path,
        config: Config,
        *,
        container: Container,
        only_valid: bool,
        clock: Callable[[], datetime],
        partial_prefix: str,
    ) -> None:
        self.out = out
        self.config = config
        self.container = container
        self.only_valid = only_valid
        self.clock = clock
        self.partial_prefix = partial_prefix
        self._static = _static_payload()
        self._stamped: tuple[str, list[PayloadFile]] | None = None

    # -- deciding ----------------------------------------------------------------------------------------

    def check(self, result: RecordResult) -> tuple[Outcome, Capture | None, bool]:
        """(outcome so far, the capture to package or None when skipped, whether it is an input failure)."""
        base = Outcome("skipped", result.location, result.record_id, result.url)
        if not result.is_record:
            problem = result.findings[0] if result.findings else None
            reason = f"{problem.rule} {problem.message}" if problem else "input problem (its rule is ignored)"
            threshold = self.config.settings_for(result.location.file).fail_threshold()
            failure = problem is not None and threshold is not None and problem.severity >= threshold
            return replace(base, reason=reason, skip_kind="input problem"), None, failure
        settings = self.config.settings_for(result.location.file, result.url)
        try:
            capture = Capture.from_result(result, settings, self.clock())
        except NotPackageable as why:
            return replace(base, reason=str(why), skip_kind="not packageable"), None, False
        checked = replace(base, objid=capture.objid, verdict=capture.verdict, failed_rules=capture.failed_rules)
        if self.only_valid and capture.failed_rules:
            reason = f"fails {', '.join(capture.failed_rules)} (--only-valid)"
            return replace(checked, reason=reason, skip_kind="--only-valid"), None, False
        return checked, capture, False

    def prepare(self, result: RecordResult) -> Prepared:
        """Check, build and write one result into a partial entry (a worker's whole share of the work)."""
        outcome, capture, failure = self.check(result)
        if capture is None:
            return Prepared(outcome, failure)
        base = base_name(result)
        if self.present_name(base, capture.objid) is not None:
            return Prepared(outcome, base=base, seen=True)  # the writer confirms
        try:
            partial = self.write(base, self.files(capture))
        except WRITE_ERRORS as error:
            return Prepared(outcome, base=base, error=_reason(error))
        return Prepared(outcome, base=base, partial=partial)

    def present_name(self, base: str, objid: str) -> str | None:
        """The name under which this package already lies in `out`, looking only at the names it would get."""
        for candidate in naming.candidates(base, objid):
            found = read_identity(self.out, candidate, self.container)
            if found is None:
                return None
            if found == objid:
                return candidate
        return None

    # -- building ----------------------------------------------------------------------------------------

    def files(self, capture: Capture) -> list[tuple[str, bytes]]:
        """Every file of the bag, as (path relative to the bag, bytes)."""
        created = capture.created
        text = XmlText()
        representation = PayloadFile(
            capture.representation_path, capture.raw, capture.raw_sha256, capture.media_type, capture.captured_created
        )
        static = self._static_created(created)
        documentation = static[:1]
        schemas = static[1:]
        dc = payload_file(layout.DC_FILE, build_dc(capture, text), layout.XML_MEDIA_TYPE, created)
        compliance = payload_file(
            layout.COMPLIANCE_FILE, build_compliance(capture, text), layout.XML_MEDIA_TYPE, created
        )
        # The representation's own PREMIS (its file, the events) and METS (CSIPSTR12, CSIPSTR13), made first:
        # the package's PREMIS and METS describe them as files of the package.
        rep_premis = payload_file(
            layout.REPRESENTATION_PREMIS_FILE,
            build_premis(capture, [representation], XmlText()),
            layout.XML_MEDIA_TYPE,
            created,
        )
        rep_mets = payload_file(
            layout.REPRESENTATION_METS_FILE,
            build_representation_mets(capture, [representation], rep_premis),
            layout.XML_MEDIA_TYPE,
            created,
        )
        rep_files = [representation, rep_mets, rep_premis]
        described = [*rep_files, dc, compliance, *schemas, *documentation]
        premis = payload_file(
            layout.PREMIS_FILE, build_premis(capture, described, text), layout.XML_MEDIA_TYPE, created
        )
        mets_bytes = build_mets(
            capture,
            dc,
            premis,
            compliance,
            documentation,
            schemas,
            rep_files,
            text,
            self.config.submitter,
            self.config.submitter_id,
        )
        mets = payload_file(layout.METS_FILE, mets_bytes, layout.XML_MEDIA_TYPE, created)
        payload = [mets, *described, premis]
        title = capture.data.get("title")
        info: list[tuple[str, str | None]] = [
            ("Source-Organization", capture.parsed_footer.unit_in_charge),
            ("External-Identifier", capture.url),
            ("External-Description", title if isinstance(title, str) else None),
            (layout.OBJID_LABEL, capture.objid),
            ("Internal-Sender-Description", _verdict_text(capture)),
            ("Bagging-Date", capture.packaged_at.date().isoformat()),
            ("Bag-Software-Agent", f"{layout.TOOL_NAME} {__version__}"),
        ]
        tags = bagit_files.tag_files([(f.path, f.sha256, f.size) for f in payload], info)
        return [*((f"{layout.BAG_PAYLOAD}/{f.path}", f.data) for f in payload), *tags]

    def _static_created(self, created: str) -> list[PayloadFile]:
        """The static files stamped `created`; the same stamp serves every package made in that second."""
        if self._stamped is None or self._stamped[0] != created:
            self._stamped = (created, [replace(file, created=created) for file in self._static])
        return self._stamped[1]

    # -- writing -----------------------------------------------------------------------------------------

    def write(self, name: str, files: list[tuple[str, bytes]]) -> str:
        """Write a package into a new partial entry of `out` (zip members go under `name/`); its path."""
        if self.container == "zip":
            return self._write_zip(name, files)
        return self._write_dir(files)

    def _partial(self, suffix: str = "") -> str:
        return f"{self.out}/{self.partial_prefix}{secrets.token_hex(4)}{suffix}"

    def _write_dir(self, files: list[tuple[str, bytes]]) -> str:
        partial = self._partial()
        try:
            os.mkdir(partial)
            made = {""}
            for relative, data in files:  # plain os calls: creating inodes is most of the cost of a package
                folder = relative.rpartition("/")[0]
                if folder not in made:
                    _make_folders(partial, folder, made)
                # Every file is the package's own, the static ones too: a hard link shared between packages
                # would make one edit show as tampering in all of them (each package must stand alone).
                _write_new(f"{partial}/{relative}", data)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        return partial

    def _write_zip(self, name: str, files: list[tuple[str, bytes]]) -> str:
        partial = self._partial(".zip")
        year, month, day, hour, minute, second = self.clock().astimezone(UTC).timetuple()[:6]
        # Built in memory and written with one call. Stored, not deflated: any unzip reads it, damage stays
        # within one member.
        stamp = (year, month, day, hour, minute, second)
        _write_new(partial, stored_zip([(f"{name}/{relative}", data) for relative, data in files], stamp))
        return partial


class PackageWriter:
    """Writes one package per checked page into `out`. Use as a context manager; `add()` every result."""

    def __init__(
        self,
        out: Path,
        config: Config | None = None,
        *,
        container: Container = "dir",
        only_valid: bool = False,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.out = Path(out)
        self.config = config or Config()
        self.container = container
        self.only_valid = only_valid
        self.clock = clock
        self.summary = Summary()
        self._report: IO[str] | None = None
        self._report_path: Path | None = None
        self._first_entry = True
        self._names: naming.PackageNames | None = None
        self.builder = PackageBuilder(
            self.out,
            self.config,
            container=container,
            only_valid=only_valid,
            clock=clock,
            partial_prefix=self.partial_prefix,
        )

    @property
    def partial_prefix(self) -> str:
        """How the names of this run's partial entries start (worker processes add their own pid)."""
        return f"{PARTIAL_PREFIX}{os.getpid()}-"

    # -- lifecycle ---------------------------------------------------------------------------------------

    def __enter__(self) -> PackageWriter:
        self.out.mkdir(parents=True, exist_ok=True)
        self._lock = _FolderLock(self.out / LOCK_FILE)
        try:
            _check_previous_report(self.out / BATCH_REPORT)
            return self._start()
        except BaseException:
            self._lock.release()
            raise

    def _start(self) -> PackageWriter:
        self._remove_stale_partials()
        self._names = naming.PackageNames(self._existing_names(), self._identity)
        self._report_path = self.out / f"{self.partial_prefix}{secrets.token_hex(4)}-{BATCH_REPORT}"
        # backslashreplace: a lone surrogate (an id from a JSON escape, an undecodable file name) is written as
        # the JSON escape \udXXX inside its string, so the report stays valid JSON.
        self._report = self._report_path.open("w", encoding="utf-8", errors="backslashreplace")
        header = {
            "tool": {"name": layout.TOOL_NAME, "version": __version__},
            "out": str(self.out),
            "container": self.container,
            "only_valid": self.only_valid,
            "started": self.clock().isoformat(),
        }
        self._report.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "records": [\n')
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        assert self._report is not None and self._report_path is not None
        report, path = self._report, self._report_path
        self._report = None
        try:
            self._remove_own_partials(keep=path.name)  # partials of an interrupted run
            if kind is not None:  # keep the previous batch report, drop the partial one
                report.close()
                path.unlink(missing_ok=True)
                return
            final = self.out / BATCH_REPORT
            kept = _keep_previous_report(self.out, final)
            trailer = f', "previous_report": {json.dumps(kept)}' if kept is not None else ""
            report.write(
                f'\n], "summary": {json.dumps(self.summary.to_dict())}, "finished": "{self.clock().isoformat()}"'
                f"{trailer}}}\n"
            )
            report.close()
            os.replace(path, final)  # atomic: a reader sees the previous report or this one, never a part
        finally:
            self._lock.release()

    # -- one record --------------------------------------------------------------------------------------

    def add(self, result: RecordResult) -> Outcome:
        """Package one result (or account for why not); never raises for a bad record or a failed write."""
        outcome, capture, failure = self.builder.check(result)
        if capture is not None:
            outcome = self._package(result, outcome, capture)
        return self._account(outcome, failure)

    def add_prepared(self, prepared: Prepared) -> Outcome:
        """Name, place and count a result a builder (in a worker process) has prepared; never raises for a bad
        record or a failed write. Results must come in input order, as `add()` takes them."""
        outcome = prepared.outcome
        if prepared.base is None:
            return self._account(outcome, prepared.input_failure)
        assert self._names is not None and outcome.objid is not None
        name, present = self._names.resolve(prepared.base, outcome.objid)
        entry = f"{name}.zip" if self.container == "zip" else name
        if present:
            _discard(prepared.partial)
            return self._account(replace(outcome, status="present", package=entry))
        if prepared.error is not None:
            return self._account(replace(outcome, status="failed", package=entry, reason=prepared.error))
        if prepared.partial is None:
            # Only when something else changes the output folder during the run. The page bytes stayed in the
            # worker (shipping them for every package found in place would cost a rerun dearly): a rerun fixes it.
            reason = "its package was in the output folder when the page was checked, and is not now; run again"
            return self._account(replace(outcome, status="failed", package=entry, reason=reason))
        try:
            self._place(prepared.partial, prepared.base, name)
        except WRITE_ERRORS as error:
            _discard(prepared.partial)
            return self._account(replace(outcome, status="failed", package=entry, reason=_reason(error)))
        self._names.claim(name, outcome.objid)
        return self._account(replace(outcome, status="packaged", package=entry))

    def _package(self, result: RecordResult, checked: Outcome, capture: Capture) -> Outcome:
        assert self._names is not None
        name, present = self._names.resolve(base_name(result), capture.objid)
        entry = f"{name}.zip" if self.container == "zip" else name
        if present:
            return replace(checked, status="present", package=entry)
        partial = None
        try:
            partial = self.builder.write(name, self.builder.files(capture))
            self._place(partial, name, name)
        except WRITE_ERRORS as error:
            _discard(partial)
            return replace(checked, status="failed", package=entry, reason=_reason(error))
        self._names.claim(name, capture.objid)
        return replace(checked, status="packaged", package=entry)

    def _account(self, outcome: Outcome, input_failure: bool = False) -> Outcome:
        summary = self.summary
        summary.records += 1
        if input_failure:
            summary.input_failures += 1
        if outcome.status == "packaged":
            summary.packaged += 1
        elif outcome.status == "present":
            summary.present += 1
        elif outcome.status == "failed":
            summary.failed += 1
        else:
            summary.skipped += 1
            kind = outcome.skip_kind or "not packageable"
            summary.reasons[kind] = summary.reasons.get(kind, 0) + 1
        if outcome.status in ("packaged", "present") and outcome.verdict == "fail":
            summary.not_compliant += 1
        if self._report is not None:
            prefix = "" if self._first_entry else ",\n"
            self._first_entry = False
            self._report.write(prefix + json.dumps(outcome.to_dict(), ensure_ascii=False))
        return outcome

    # -- placing -----------------------------------------------------------------------------------------

    def _place(self, partial: str, written_as: str, name: str) -> None:
        """Move a finished partial entry to `name`, never over anything already there."""
        if self.container == "zip":
            if name != written_as:  # members are under the name they were written with: rename them
                partial = _renamed_zip(partial, written_as, name, self.builder)
            _place(partial, self.out / f"{name}.zip")
            return
        final = self.out / name
        if os.path.lexists(final):
            raise FileExistsError(errno.EEXIST, "already exists", str(final))
        os.rename(partial, final)

    # -- the output folder as found ----------------------------------------------------------------------

    def _remove_stale_partials(self) -> None:
        for entry in os.scandir(self.out):
            if not entry.name.startswith(PARTIAL_PREFIX):
                continue
            pid = entry.name[len(PARTIAL_PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and _alive(int(pid)):
                continue  # another pav package is writing here right now
            _remove_entry(entry)

    def _remove_own_partials(self, keep: str) -> None:
        prefix = self.partial_prefix
        for entry in os.scandir(self.out):
            if entry.name.startswith(prefix) and entry.name != keep:
                _remove_entry(entry)

    def _existing_names(self) -> Iterator[str]:
        """Names taken in the output folder: any entry blocks its name (batch-report.json included)."""
        for entry in os.scandir(self.out):
            if entry.name.startswith("."):
                continue
            if self.container == "dir":
                yield entry.name
            elif entry.name.lower().endswith(".zip"):
                yield entry.name[:-4]

    def _identity(self, name: str) -> str | None:
        return read_identity(self.out, name, self.container)


def base_name(result: RecordResult) -> str:
    """The name a result's package gets unless another package holds it (see naming.PackageNames)."""
    if result.record_id is not None:
        return naming.derived_name(result.record_id)
    location = result.location
    stem = os.path.splitext(os.path.basename(location.file))[0] or "record"
    position = location.line if location.line is not None else location.index
    return naming.derived_name(f"{stem}-{position}" if position is not None else stem)


def read_identity(out: Path, name: str, container: Container) -> str | None:
    """The OBJID recorded in the bag-info.txt of the package `name` in `out` (None if absent or unreadable)."""
    try:
        if container == "zip":
            with zipfile.ZipFile(out / f"{name}.zip") as archive:
                data = archive.read(f"{name}/{layout.BAG_INFO}")
        else:
            data = (out / name / layout.BAG_INFO).read_bytes()
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    return bag_info_value(data, layout.OBJID_LABEL)


class _FolderLock:
    """An exclusive lock on `path` for one `pav package` run: a second run into the folder is refused at once.

    flock(2) where the system has it: the kernel drops the lock when the process ends, however it ends, so a
    crashed run never leaves the folder locked. The file holds the owner's pid (for the message) and is removed
    on release; a run that locked a file removed meanwhile tries again on the new one. Without flock (Windows),
    the file is created exclusively and a file whose pid is no longer running is taken over.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: int | None = None
        for _ in range(100):
            handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
            if not self._locked(handle):
                owner = _read_pid(handle)
                os.close(handle)
                running = f" (pid {owner})" if owner is not None else ""
                raise OutputRefused(
                    f"--out {path.parent}: another `pav package` run{running} is writing into this folder; "
                    "wait for it to finish or write into another folder (runs into one folder one at a time, "
                    "so that batch-report.json lists every package)"
                )
            try:
                same = os.path.samestat(os.fstat(handle), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                os.ftruncate(handle, 0)
                os.write(handle, f"{os.getpid()}\n".encode())
                self._handle = handle
                return
            os.close(handle)  # the previous owner removed the file after we opened it: lock the new one
        raise OutputRefused(f"--out {path.parent}: could not lock {path.name}")

    @staticmethod
    def _locked(handle: int) -> bool:
        if fcntl is None:  # pragma: no cover - Windows
            owner = _read_pid(handle)  # best effort: a file whose pid still runs is another run's
            return owner is None or not _alive(owner)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        with contextlib.suppress(OSError):
            os.unlink(self.path)  # before unlocking: a run waiting on this file sees it gone and retries
        os.close(handle)


def _read_pid(handle: int) -> int | None:
    try:
        text = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _check_previous_report(path: Path) -> None:
    """Refuse to run over a batch-report.json that pav did not write: it is not pav's to replace."""
    if not os.path.lexists(path):
        return
    problem = f"--out {path.parent}: {path.name} is there and is not a pav batch report; pav will not replace it"
    if path.is_symlink() or not path.is_file():
        raise OutputRefused(problem)
    try:
        report = json.loads(path.read_bytes())
    except (OSError, ValueError):
        raise OutputRefused(problem) from None
    tool = report.get("tool") if isinstance(report, dict) else None
    if not (
        isinstance(tool, dict) and tool.get("name") == layout.TOOL_NAME and isinstance(report.get("records"), list)
    ):
        raise OutputRefused(problem)


def _keep_previous_report(out: Path, final: Path) -> str | None:
    """Keep the previous run's batch-report.json under .pav-reports/ (linked: no moment without a report); the
    kept file's path relative to `out`, or None when there was none."""
    if not final.exists():
        return None
    history = out / REPORT_HISTORY
    history.mkdir(exist_ok=True)
    stamp = datetime.fromtimestamp(final.stat().st_mtime, UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"batch-report-{stamp}-{secrets.token_hex(4)}.json"
    try:
        os.link(final, history / name)
    except OSError:  # no hard links here: a copy
        shutil.copyfile(final, history / name)
    return f"{REPORT_HISTORY}/{name}"


def _static_payload() -> list[PayloadFile]:
    """README.txt, then the schemas: the same bytes in every package, hashed once per run."""
    files = [payload_file(layout.DOCUMENTATION_FILE, README, layout.TEXT_MEDIA_TYPE, "")]
    for name in layout.PACKAGE_SCHEMAS:
        data = schema_path(name).read_bytes()
        files.append(payload_file(f"{layout.SCHEMAS_DIR}/{name}", data, layout.XML_MEDIA_TYPE, ""))
    return files


def _renamed_zip(partial: str, old: str, new: str, builder: PackageBuilder) -> str:
    """A copy of a partial zip with its members moved from `old/` to `new/` (the old one is removed)."""
    with zipfile.ZipFile(partial) as archive:
        files = [(info.filename.removeprefix(f"{old}/"), archive.read(info)) for info in archive.infolist()]
    renamed = builder.write(new, files)
    os.unlink(partial)
    return renamed


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 30


def _write_new(path: str, data: bytes) -> None:
    """Create `path` (never over an existing file) holding `data`; nothing is left when that fails."""
    handle = os.open(path, _CREATE, 0o644)
    try:
        written = os.write(handle, data)  # a regular file takes it all at once, except on a full disk or a signal
        if written < len(data):
            view = memoryview(data)[written:]
            while view:
                view = view[os.write(handle, view[:_CHUNK]) :]
    except BaseException:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(handle)


def _make_folders(root: str, folder: str, made: set[str]) -> None:
    parent = folder.rpartition("/")[0]
    if parent not in made:
        _make_folders(root, parent, made)
    os.mkdir(f"{root}/{folder}")
    made.add(folder)


def _discard(partial: str | None) -> None:
    if partial is None:
        return
    if os.path.isdir(partial):
        shutil.rmtree(partial, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(partial)


def _remove_entry(entry: os.DirEntry[str]) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def bag_info_value(data: bytes, label: str) -> str | None:
    for line in data.decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() == label:
            return value.strip()
    return None


def _verdict_text(capture: Capture) -> str:
    if capture.verdict == "pass":
        return f"pav compliance check: pass (profile {capture.profile})"
    return f"pav compliance check: fail, rules {' '.join(capture.failed_rules)} (profile {capture.profile})"


def _place(partial: str, final: Path) -> None:
    """Move a finished file into place without replacing anything already there."""
    try:
        os.link(partial, final)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network or FAT file systems): fall back to a checked rename
        if os.path.lexists(final):
            raise FileExistsError(errno.EEXIST, "already exists", str(final)) from None
        os.replace(partial, final)
        return
    os.unlink(partial)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a partial of this very process can only be left over from an earlier writer
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
