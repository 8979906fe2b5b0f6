"""A run's reporting: every report and the baseline opened together, results fed through the baseline and the
`--max-findings` cap, the summary kept, and the exit code decided.

    open_session(...) -> ReportSession: add(result) / add_passed(counts) ... finish() -> exit code

Reports are committed only when `finish` ran; a run that breaks off leaves the previous files untouched.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import TextIO

from validator.config import Config
from validator.engine import PassedRecords, RecordResult
from validator.findings import EXIT_FINDINGS, EXIT_OK
from validator.reports import Reporter, RunInfo, Summary, asked_requirements
from validator.reports.baseline import LEGACY_FORMAT, Baseline, BaselineError, BaselineWriter
from validator.reports.escape import printable
from validator.reports.outputs import FormatSpec, OutputError, open_outputs
from validator.reports.progress import Progress


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
        baseline_path: str | None = None,
        max_findings: int | None = None,
        progress: Progress | None = None,
        errors: TextIO | None = None,
    ) -> None:
        self.reporters = reporters
        self.config = config
        self.summary = Summary(asked=asked_requirements(config.base))
        self.baseline = baseline
        self.baseline_writer = baseline_writer
        self.baseline_stream = baseline_stream
        self.baseline_path = baseline_path
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
            self.clear_progress()
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

    def clear_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()

    def finish(self) -> int:
        self.clear_progress()
        threshold = self.config.base.fail_threshold()
        worst = self.summary.worst()
        code = EXIT_FINDINGS if threshold is not None and worst is not None and worst >= threshold else EXIT_OK
        writing_baseline = self.baseline_writer is not None and self.baseline_stream is not None
        if writing_baseline:
            code = EXIT_OK  # writing a baseline accepts this run's findings: the run succeeds and says so
        for reporter in self.reporters:
            reporter.finish(self.summary, code)
        if self.baseline_writer is not None and self.baseline_stream is not None:
            self.baseline_writer.write(self.baseline_stream)
            count = len(self.baseline_writer)
            where = printable(self.baseline_path or "")
            self.errors.write(
                f"pav: wrote {count} finding{'' if count == 1 else 's'} to the baseline {where} (exit 0: they are "
                f"accepted); --baseline {where} suppresses them\n"
            )
        if self.summary.partial:
            self.errors.write(
                f"pav: warning: PARTIAL report: {self.summary.reported} of {self.summary.findings} findings listed "
                f"(--max-findings {self.max_findings}); the counts and the exit code cover all of them\n"
            )
        self.finished = True
        return code


@contextlib.contextmanager
def open_session(
    config: Config,
    specs: list[FormatSpec],
    *,
    baseline: str | None = None,
    write_baseline: str | None = None,
    max_findings: int | None = None,
) -> Iterator[ReportSession]:
    """Open every requested report (see `parse_formats`) and the baseline files; OutputError for a path or
    baseline that cannot be used. The reports are committed when the block leaves the session finished."""
    loaded = load_baseline(baseline)
    if write_baseline is not None and any(
        spec.target is not None and os.path.abspath(spec.target) == os.path.abspath(write_baseline) for spec in specs
    ):
        raise OutputError(f"--write-baseline {write_baseline} is also a report's path")
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
            baseline=loaded,
            baseline_writer=BaselineWriter() if write_baseline is not None else None,
            baseline_stream=baseline_stream,
            baseline_path=write_baseline,
            max_findings=max_findings,
            progress=progress,
        )
        try:
            yield session
        finally:
            session.clear_progress()
        outputs.finished = session.finished  # a session left without finish() wrote half reports: drop them


def load_baseline(name: str | None) -> Baseline | None:
    """The baseline file `name` (None: no baseline); OutputError when it cannot be read."""
    if name is None:
        return None
    try:
        with open(name, "rb") as handle:
            loaded = Baseline.load(handle, name)
    except FileNotFoundError:
        raise OutputError(f"baseline {name} not found (create it with --write-baseline {name})") from None
    except OSError as error:
        raise OutputError(f"cannot read baseline {name}: {error.strerror}") from None
    except BaselineError as error:
        raise OutputError(str(error)) from None
    if loaded.format == LEGACY_FORMAT:
        sys.stderr.write(
            f"pav: note: baseline {printable(name)} is in pav's format 1, which knows a page by its record id (pav "
            "derives a page's id from its bytes, so any edit makes its findings new); it is still read: rewrite it "
            f"with --baseline {printable(name)} --write-baseline {printable(name)}\n"
        )
    return loaded


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
