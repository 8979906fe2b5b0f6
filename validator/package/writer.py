"""The package sink: checked records in, one archival package per page out.

    RecordResult --(PackageWriter.add)--> <out>/<name>/ or <out>/<name>.zip   (+ <out>/batch-report.json)

Streaming: one page at a time, each file hashed once (the digest serves the PREMIS fixity, the METS
checksums and the BagIt manifests). Crash-safe: a package is written into a hidden `.pav-partial-*` entry of
the output folder and renamed into place only when complete; partial entries left by an interrupted run are
removed by the next run. Repeatable: a page whose package is already there (same OBJID) is left untouched,
and names are derived deterministically (see naming.py), so a rerun finishes what is missing and duplicates
nothing. Nothing is written outside the output folder.
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
from validator.package.mets import build_mets
from validator.package.premis import build_premis
from validator.package.xmltext import XmlText
from validator.resources import schema_path

Container = Literal["dir", "zip"]
Status = Literal["packaged", "present", "skipped", "failed"]
PARTIAL_PREFIX = ".pav-partial-"
BATCH_REPORT = "batch-report.json"


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
        self._static = self._static_files()

    # -- lifecycle ---------------------------------------------------------------------------------------

    def __enter__(self) -> PackageWriter:
        self.out.mkdir(parents=True, exist_ok=True)
        self._remove_stale_partials()
        self._names = naming.PackageNames(self._existing_names(), self._identity)
        self._report_path = self.out / f"{PARTIAL_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{BATCH_REPORT}"
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
        if kind is not None:  # keep the previous batch report, drop the partial one
            report.close()
            path.unlink(missing_ok=True)
            return
        report.write(
            f'\n], "summary": {json.dumps(self.summary.to_dict())}, "finished": "{self.clock().isoformat()}"}}\n'
        )
        report.close()
        os.replace(path, self.out / BATCH_REPORT)

    # -- one record --------------------------------------------------------------------------------------

    def add(self, result: RecordResult) -> Outcome:
        """Package one result (or account for why not); never raises for a bad record or a failed write."""
        outcome = self._outcome(result)
        self._account(outcome)
        return outcome

    def _outcome(self, result: RecordResult) -> Outcome:
        base = Outcome("skipped", result.location, result.record_id, result.url)
        if not result.is_record:
            problem = result.findings[0] if result.findings else None
            reason = f"{problem.rule} {problem.message}" if problem else "input problem (its rule is ignored)"
            threshold = self.config.settings_for(result.location.file).fail_threshold()
            if problem is not None and threshold is not None and problem.severity >= threshold:
                self.summary.input_failures += 1
            return replace(base, reason=reason, skip_kind="input problem")
        settings = self.config.settings_for(result.location.file)
        try:
            capture = Capture.from_result(result, settings, self.clock())
        except NotPackageable as why:
            return replace(base, reason=str(why), skip_kind="not packageable")
        checked = replace(base, objid=capture.objid, verdict=capture.verdict, failed_rules=capture.failed_rules)
        if self.only_valid and capture.failed_rules:
            reason = f"fails {', '.join(capture.failed_rules)} (--only-valid)"
            return replace(checked, reason=reason, skip_kind="--only-valid")
        assert self._names is not None
        name, present = self._names.resolve(self._base_name(result), capture.objid)
        entry = f"{name}.zip" if self.container == "zip" else name
        if present:
            return replace(checked, status="present", package=entry)
        try:
            files = self._build(capture)
            if self.container == "zip":
                self._write_zip(name, files)
            else:
                self._write_dir(name, files)
        except (OSError, ValueError, zipfile.BadZipFile) as error:
            return replace(checked, status="failed", package=entry, reason=f"{type(error).__name__}: {error}")
        self._names.claim(name, capture.objid)
        return replace(checked, status="packaged", package=entry)

    def _account(self, outcome: Outcome) -> None:
        summary = self.summary
        summary.records += 1
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

    # -- building ----------------------------------------------------------------------------------------

    def _static_files(self) -> list[PayloadFile]:
        files = [payload_file(layout.DOCUMENTATION_FILE, README, layout.TEXT_MEDIA_TYPE, "")]
        for name in layout.PACKAGE_SCHEMAS:
            data = schema_path(name).read_bytes()
            files.append(payload_file(f"{layout.SCHEMAS_DIR}/{name}", data, layout.XML_MEDIA_TYPE, ""))
        return files

    def _build(self, capture: Capture) -> list[tuple[str, bytes]]:
        """Every file of the bag, as (path relative to the bag, bytes)."""
        created = capture.created
        text = XmlText()
        representation = payload_file(
            capture.representation_path, capture.raw, capture.media_type, capture.captured_created
        )
        static = [replace(file, created=created) for file in self._static]
        documentation = [f for f in static if f.path == layout.DOCUMENTATION_FILE]
        schemas = [f for f in static if f.path != layout.DOCUMENTATION_FILE]
        dc = payload_file(layout.DC_FILE, build_dc(capture, text), layout.XML_MEDIA_TYPE, created)
        compliance = payload_file(
            layout.COMPLIANCE_FILE, build_compliance(capture, text), layout.XML_MEDIA_TYPE, created
        )
        described = [representation, dc, compliance, *schemas, *documentation]
        premis = payload_file(
            layout.PREMIS_FILE, build_premis(capture, described, text), layout.XML_MEDIA_TYPE, created
        )
        mets_bytes = build_mets(capture, dc, premis, compliance, documentation, schemas, [representation], text)
        mets = payload_file(layout.METS_FILE, mets_bytes, layout.XML_MEDIA_TYPE, created)
        payload = [mets, *described, premis]
        title = capture.data.get("title")
        info: list[tuple[str, str | None]] = [
            ("Source-Organization", capture.footer.unit_in_charge),
            ("External-Identifier", capture.url),
            ("External-Description", title if isinstance(title, str) else None),
            (layout.OBJID_LABEL, capture.objid),
            ("Internal-Sender-Description", _verdict_text(capture)),
            ("Bagging-Date", capture.packaged_at.date().isoformat()),
            ("Bag-Software-Agent", f"{layout.TOOL_NAME} {__version__}"),
        ]
        tags = bagit_files.tag_files([(f.path, f.sha256, f.size) for f in payload], info)
        return [*((f"{layout.BAG_PAYLOAD}/{f.path}", f.data) for f in payload), *tags]

    def _base_name(self, result: RecordResult) -> str:
        if result.record_id is not None:
            return naming.derived_name(result.record_id)
        location = result.location
        stem = os.path.splitext(os.path.basename(location.file))[0] or "record"
        position = location.line if location.line is not None else location.index
        return naming.derived_name(f"{stem}-{position}" if position is not None else stem)

    # -- writing -----------------------------------------------------------------------------------------

    def _partial(self, suffix: str = "") -> Path:
        return self.out / f"{PARTIAL_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{suffix}"

    def _write_dir(self, name: str, files: list[tuple[str, bytes]]) -> None:
        partial = str(self._partial())
        try:
            os.mkdir(partial)
            made = {""}
            for relative, data in files:  # plain os calls: creating inodes is most of the cost of a package
                folder = relative.rpartition("/")[0]
                if folder not in made:
                    _make_folders(partial, folder, made)
                handle = os.open(f"{partial}/{relative}", _CREATE, 0o644)
                try:
                    _write_all(handle, data)
                finally:
                    os.close(handle)
            final = self.out / name
            if os.path.lexists(final):
                raise FileExistsError(errno.EEXIST, "already exists", str(final))
            os.rename(partial, final)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise

    def _write_zip(self, name: str, files: list[tuple[str, bytes]]) -> None:
        partial = self._partial(".zip")
        stamp = self.clock().astimezone(UTC).timetuple()[:6]
        try:
            # Stored, not deflated: any unzip reads it, damage stays within one member, and it is fast.
            with zipfile.ZipFile(partial, "x", compression=zipfile.ZIP_STORED) as archive:
                for relative, data in files:
                    info = zipfile.ZipInfo(f"{name}/{relative}", date_time=stamp)
                    info.external_attr = 0o100644 << 16
                    archive.writestr(info, data)
            _place(partial, self.out / f"{name}.zip")
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

    # -- the output folder as found ----------------------------------------------------------------------

    def _remove_stale_partials(self) -> None:
        for entry in os.scandir(self.out):
            if not entry.name.startswith(PARTIAL_PREFIX):
                continue
            pid = entry.name[len(PARTIAL_PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and _alive(int(pid)):
                continue  # another pav package is writing here right now
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)

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
        """The OBJID recorded in an existing package's bag-info.txt (None if unreadable)."""
        try:
            if self.container == "zip":
                with zipfile.ZipFile(self.out / f"{name}.zip") as archive:
                    data = archive.read(f"{name}/{layout.BAG_INFO}")
            else:
                data = (self.out / name / layout.BAG_INFO).read_bytes()
        except (OSError, KeyError, zipfile.BadZipFile):
            return None
        return bag_info_value(data, layout.OBJID_LABEL)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 30


def _make_folders(root: str, folder: str, made: set[str]) -> None:
    parent = folder.rpartition("/")[0]
    if parent not in made:
        _make_folders(root, parent, made)
    os.mkdir(f"{root}/{folder}")
    made.add(folder)


def _write_all(handle: int, data: bytes) -> None:
    written = os.write(handle, data)  # a regular file takes it all at once, except on a full disk or a signal
    if written < len(data):
        view = memoryview(data)[written:]
        while view:
            view = view[os.write(handle, view[:_CHUNK]) :]


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


def _place(partial: Path, final: Path) -> None:
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
