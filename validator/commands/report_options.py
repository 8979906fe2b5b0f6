"""The output side of `pav check` (and `pav report`): report formats and destinations, the baseline, the
finding cap, the summary and the exit code.

    --format FMT[=PATH]   repeatable; FMT is one of FORMATS; without =PATH (or with =-) to standard output
    --baseline FILE       findings recorded in FILE are suppressed (counted as suppressed, not as findings)
    --write-baseline FILE record every finding of this run in FILE (the same file may be given to both)
    --max-findings N      list at most N findings; later ones are counted but not listed ("partial")

Files are written atomically: to a temporary file in the same folder, renamed over PATH only when the run
finished, so a crash or ^C never leaves half a report (or half a baseline) behind.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from validator.commands import EXIT_FINDINGS, EXIT_OK, UsageError
from validator.config import Config
from validator.engine import PassedRecords, RecordResult
from validator.reports import Reporter, RunInfo, Summary
from validator.reports.baseline import Baseline, BaselineError, BaselineWriter
from validator.reports.escape import printable
from validator.reports.progress import Progress

FORMATS = ("auto", "text", "json", "jsonl", "junit", "sarif", "github", "markdown", "html")
_FORMAT_HELP = (
    "report format, repeatable: text, json, jsonl, junit, sarif, github, markdown, html, or auto (github when "
    "GITHUB_ACTIONS=true, else text; the default); =PATH writes it to a file"
)


def add_arguments(parser: argparse.ArgumentParser, *, run_options: bool = True) -> None:
    """--format, and (for commands that check records) --baseline, --write-baseline and --max-findings."""
    parser.add_argument("--format", action="append", metavar="FMT[=PATH]", default=None, help=_FORMAT_HELP)
    if not run_options:
        return
    parser.add_argument("--baseline", metavar="FILE", default=None, help="suppress the findings recorded in FILE")
    parser.add_argument(
        "--write-baseline", metavar="FILE", default=None, help="record this run's findings in FILE (a new baseline)"
    )
    parser.add_argument(
        "--max-findings",
        metavar="N",
        default=None,
        help="list at most N findings; the rest are counted but not listed, and the reports say 'partial'",
    )


@dataclass(frozen=True)
class FormatSpec:
    name: str
    target: str | None  # None: standard output


def parse_formats(specs: list[str] | None, environ: Mapping[str, str] | None = None) -> list[FormatSpec]:
    """`--format` values, checked: known names, one standard output, no file written twice."""
    environ = os.environ if environ is None else environ
    parsed: list[FormatSpec] = []
    for text in specs or ["auto"]:
        name, _, target = text.partition("=")
        name = name.strip().lower()
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
        if name == "auto":
            name = "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
        parsed.append(FormatSpec(name, None if target in ("", "-") else target))
    if sum(1 for spec in parsed if spec.target is None) > 1:
        raise UsageError("only one --format may write to standard output; give the others =PATH")
    seen: set[str] = set()
    for spec in parsed:
        if spec.target is not None:
            key = os.path.abspath(spec.target)
            if key in seen:
                raise UsageError(f"two reports would be written to {spec.target}")
            seen.add(key)
    return parsed


def parse_max_findings(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise UsageError(f"--max-findings expects a whole number of at least 1, got {value!r}")
    return number


class AtomicOutput:
    """A text file written under a temporary name in its final folder and renamed into place by `commit`."""

    def __init__(self, target: str) -> None:
        self.target = target
        path = Path(target)
        if path.is_dir():
            raise UsageError(f"cannot write {target}: it is a folder")
        try:
            handle, self.temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as error:
            raise UsageError(f"cannot write {target}: {error.strerror}") from None
        with contextlib.suppress(OSError):
            os.chmod(self.temporary, _file_mode(path))
        # newline="\n": reports are byte-identical on every platform; backslashreplace: a last safety net
        # (every format escapes its text already).
        self.stream: TextIO = open(handle, "w", encoding="utf-8", newline="\n", errors="backslashreplace")  # noqa: SIM115

    def commit(self) -> None:
        self.stream.close()
        try:
            os.replace(self.temporary, self.target)
        except OSError as error:
            self.discard()
            raise UsageError(f"cannot write {self.target}: {error.strerror}") from None

    def discard(self) -> None:
        self.stream.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


class DirectOutput:
    """A destination that is not a regular file (/dev/null, /dev/stdout, a FIFO): written in place, since
    renaming a temporary file over it would replace the device itself."""

    def __init__(self, target: str) -> None:
        self.target = target
        try:
            self.stream: TextIO = open(target, "w", encoding="utf-8", newline="\n", errors="backslashreplace")  # noqa: SIM115
        except OSError as error:
            raise UsageError(f"cannot write {target}: {error.strerror}") from None

    def commit(self) -> None:
        self.stream.close()

    def discard(self) -> None:
        self.stream.close()


def open_output(target: str) -> AtomicOutput | DirectOutput:
    """Regular files (existing or new) are replaced atomically; devices and pipes are written directly."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return AtomicOutput(target)
    return AtomicOutput(target) if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else DirectOutput(target)


def _file_mode(path: Path) -> int:
    """The mode a new file would get (0666 less the umask), or the mode of the file being replaced."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def colour_wanted(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Colour on a terminal only, and never when NO_COLOR is set to anything (https://no-color.org)."""
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def make_reporter(spec: FormatSpec, stream: TextIO, info: RunInfo, environ: Mapping[str, str]) -> Reporter:
    name = spec.name
    if name == "text":
        from validator.reports.text import TextReporter

        return TextReporter(stream, colour=spec.target is None and colour_wanted(stream, environ))
    if name == "json":
        from validator.reports.json_report import JsonReporter

        return JsonReporter(stream, info)
    if name == "jsonl":
        from validator.reports.jsonl import JsonLinesReporter

        return JsonLinesReporter(stream)
    if name == "junit":
        from validator.reports.junit import JUnitReporter

        return JUnitReporter(stream, info)
    if name == "sarif":
        from validator.reports.sarif import SarifReporter

        return SarifReporter(stream, info)
    if name == "github":
        from validator.reports.github import GitHubReporter

        return GitHubReporter(stream, info, environ)
    if name == "markdown":
        from validator.reports.markdown import MarkdownReporter

        return MarkdownReporter(stream, info)
    if name == "html":
        from validator.reports.html import HtmlReporter

        return HtmlReporter(stream, info)
    raise UsageError(f"unknown format {name!r}")  # parse_formats lets none through


class Outputs:
    """The open report destinations: reporters, and the files to commit when the run finished."""

    def __init__(self) -> None:
        self.reporters: list[Reporter] = []
        self.files: list[AtomicOutput | DirectOutput] = []
        self.to_stdout = False
        self.finished = False

    def open_file(self, target: str) -> TextIO:
        output = open_output(target)
        self.files.append(output)
        return output.stream


@contextlib.contextmanager
def open_outputs(specs: list[FormatSpec], info: RunInfo, environ: Mapping[str, str] | None = None) -> Iterator[Outputs]:
    """Open every report; commit the files if the block set `outputs.finished`, else remove them."""
    environ = os.environ if environ is None else environ
    outputs = Outputs()
    try:
        for spec in specs:
            if spec.target is None:
                outputs.to_stdout = True
                stream = sys.stdout
            else:
                stream = outputs.open_file(spec.target)
            outputs.reporters.append(make_reporter(spec, stream, info, environ))
        yield outputs
    except BaseException:
        for output in outputs.files:
            output.discard()
        raise
    if outputs.finished:
        for output in outputs.files:
            output.commit()
    else:
        for output in outputs.files:
            output.discard()


class ReportSession:
    """Feeds results to every reporter after the baseline and the cap, keeps the summary, decides the exit code."""

    def __init__(
        self,
        reporters: list[Reporter],
        config: Config,
        *,
        baseline: Baseline | None = None,
        baseline_writer: BaselineWriter | None = None,
        baseline_stream: TextIO | None = None,
        max_findings: int | None = None,
        progress: Progress | None = None,
        errors: TextIO | None = None,
    ) -> None:
        self.reporters = reporters
        self.config = config
        self.summary = Summary()
        self.baseline = baseline
        self.baseline_writer = baseline_writer
        self.baseline_stream = baseline_stream
        self.max_findings = max_findings
        self.progress = progress
        self.errors = errors or sys.stderr
        self.listed = 0
        self.capped = False
        self.finished = False

    def add(self, result: RecordResult) -> None:
        if self.progress is not None:
            self.progress.add(result)
        if self.baseline_writer is not None:
            self.baseline_writer.add(result)
        if self.baseline is not None:
            kept, suppressed = self.baseline.split(result)
            if suppressed:
                self.summary.suppressed += suppressed
                result = replace(result, findings=kept)
        self.summary.add(result)
        if self.capped:
            self.summary.omitted += len(result.findings)
            return
        if self.max_findings is not None and self.listed + len(result.findings) > self.max_findings:
            room = self.max_findings - self.listed
            self.summary.omitted += len(result.findings) - room
            result = replace(result, findings=result.findings[:room])
            self.capped = True
            self._clear_progress()
            self.errors.write(
                f"pav: warning: --max-findings {self.max_findings} reached at {printable(str(result.location))}: "
                "later findings "
                "are counted but not listed; the reports are PARTIAL\n"
            )
        self.listed += len(result.findings)
        for reporter in self.reporters:
            reporter.add(result)

    @property
    def lists_passing(self) -> bool:
        """Whether some report lists records without findings (else `add_passed` counts suffice)."""
        return any(getattr(reporter, "lists_passing", False) for reporter in self.reporters)

    def add_passed(self, passed: PassedRecords) -> None:
        """Records without findings, counted (see `validator.engine.PassedRecords`)."""
        if self.progress is not None:
            self.progress.add_passed(passed.count)
        self.summary.add_passed(passed)

    def _clear_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()

    def finish(self) -> int:
        self._clear_progress()
        threshold = self.config.base.fail_threshold()
        worst = self.summary.worst()
        code = EXIT_FINDINGS if threshold is not None and worst is not None and worst >= threshold else EXIT_OK
        for reporter in self.reporters:
            reporter.finish(self.summary, code)
        if self.baseline_writer is not None and self.baseline_stream is not None:
            self.baseline_writer.write(self.baseline_stream)
        if self.summary.partial:
            self.errors.write(
                f"pav: warning: PARTIAL report: {self.summary.reported} of {self.summary.findings} findings listed "
                f"(--max-findings {self.max_findings}); the counts and the exit code cover all of them\n"
            )
        self.finished = True
        return code


@contextlib.contextmanager
def open_session(args: argparse.Namespace, config: Config) -> Iterator[ReportSession]:
    """Open every requested report and the baseline (UsageError for a bad format, path or baseline)."""
    specs = parse_formats(args.format)
    max_findings = parse_max_findings(getattr(args, "max_findings", None))
    baseline = _load_baseline(getattr(args, "baseline", None))
    write_baseline: str | None = getattr(args, "write_baseline", None)
    if write_baseline is not None and any(
        spec.target is not None and os.path.abspath(spec.target) == os.path.abspath(write_baseline) for spec in specs
    ):
        raise UsageError(f"--write-baseline {write_baseline} is also a report's path")
    settings = config.base
    info = RunInfo(profile=settings.profile, fail_on=settings.fail_on, max_findings=max_findings)
    with open_outputs(specs, info) as outputs:
        baseline_stream = outputs.open_file(write_baseline) if write_baseline is not None else None
        progress = None
        if _isatty(sys.stderr) and not (outputs.to_stdout and _isatty(sys.stdout)):
            progress = Progress(sys.stderr)  # findings streaming to the same terminal are progress enough
        session = ReportSession(
            outputs.reporters,
            config,
            baseline=baseline,
            baseline_writer=BaselineWriter() if write_baseline is not None else None,
            baseline_stream=baseline_stream,
            max_findings=max_findings,
            progress=progress,
        )
        try:
            yield session
        finally:
            session._clear_progress()
        outputs.finished = session.finished  # a session left without finish() wrote half reports: drop them


def _load_baseline(name: str | None) -> Baseline | None:
    if name is None:
        return None
    try:
        with open(name, "rb") as handle:
            return Baseline.load(handle, name)
    except FileNotFoundError:
        raise UsageError(f"baseline {name} not found (create it with --write-baseline {name})") from None
    except OSError as error:
        raise UsageError(f"cannot read baseline {name}: {error.strerror}") from None
    except BaselineError as error:
        raise UsageError(str(error)) from None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
