"""Where reports go: `--format` values parsed against the registry, and the files they are written to.

    FMT[=PATH]   FMT is a registered format (validator.reports.registry) or auto; without =PATH (or with =-)
                 the report goes to standard output, but for a binary format (xlsx): a workbook is no text for a
                 terminal or a pipe, so that is a usage error naming the format

Files are written atomically: to a temporary file in the same folder, renamed over PATH only when the run
finished, so a crash or ^C never leaves half a report (or half a baseline) behind. Devices and pipes
(/dev/null, a FIFO) are written in place, since renaming over them would replace the device itself. Every file
is opened in binary (`binary`, what a binary format writes to) with a UTF-8 text stream over it (`stream`, what
the text formats write to); a report uses one of the two, never both.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from validator.reports import Reporter, RunInfo
from validator.reports.registry import AUTO, FORMATS, Destination, auto_format, format_choices


class OutputError(Exception):
    """A report destination or format that cannot be used (unknown format, two reports to one file, a path
    that cannot be written): the command line's fault, so the CLI exits 2 with this one-line message."""


@dataclass(frozen=True)
class FormatSpec:
    name: str
    target: str | None  # None: standard output


def parse_formats(specs: list[str] | None, environ: Mapping[str, str] | None = None) -> list[FormatSpec]:
    """`--format` values, checked: known names, one standard output, no file written twice."""
    environ = os.environ if environ is None else environ
    parsed: list[FormatSpec] = []
    for text in specs or [AUTO]:
        name, _, target = text.partition("=")
        name = name.strip().lower()
        if name not in FORMATS and name != AUTO:
            raise OutputError(f"unknown format {name!r} (choose from {', '.join(format_choices())})")
        if name == AUTO:
            name = auto_format(environ)
        if FORMATS[name].binary and target in ("", "-"):
            raise OutputError(
                f"--format {name} writes a binary file, not text for standard output: give its path, "
                f"--format {name}=PATH (e.g. {name}=report.{FORMATS[name].extension})"
            )
        parsed.append(FormatSpec(name, None if target in ("", "-") else target))
    if sum(1 for spec in parsed if spec.target is None) > 1:
        raise OutputError("only one --format may write to standard output; give the others =PATH")
    seen: set[str] = set()
    for spec in parsed:
        if spec.target is not None:
            key = os.path.abspath(spec.target)
            if key in seen:
                raise OutputError(f"two reports would be written to {spec.target}")
            seen.add(key)
    return parsed


class AtomicOutput:
    """A text file written under a temporary name in its final folder and renamed into place by `commit`."""

    def __init__(self, target: str) -> None:
        self.target = target
        path = Path(target)
        if path.is_dir():
            raise OutputError(f"cannot write {target}: it is a folder")
        try:
            import tempfile  # (here: a run that writes no report file never loads it)

            handle, self.temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as error:
            raise OutputError(f"cannot write {target}: {error.strerror}") from None
        with contextlib.suppress(OSError):
            os.chmod(self.temporary, _file_mode(path))
        self.binary, self.stream = _binary_and_text(open(handle, "wb"))  # noqa: SIM115 - closed by commit/discard

    def commit(self) -> None:
        self.stream.close()
        try:
            os.replace(self.temporary, self.target)
        except OSError as error:
            self.discard()
            raise OutputError(f"cannot write {self.target}: {error.strerror}") from None

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
            self.binary, self.stream = _binary_and_text(open(target, "wb"))  # noqa: SIM115 - closed by commit
        except OSError as error:
            raise OutputError(f"cannot write {target}: {error.strerror}") from None

    def commit(self) -> None:
        self.stream.close()

    def discard(self) -> None:
        self.stream.close()


def _binary_and_text(binary: BinaryIO) -> tuple[BinaryIO, TextIO]:
    """A file and the text stream over it. newline="\\n": reports are byte-identical on every platform;
    backslashreplace: a last safety net (every format escapes its text already)."""
    return binary, io.TextIOWrapper(binary, encoding="utf-8", newline="\n", errors="backslashreplace")


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


class Outputs:
    """The open report destinations: reporters, and the files to commit when the run finished."""

    def __init__(self) -> None:
        self.reporters: list[Reporter] = []
        self.files: list[AtomicOutput | DirectOutput] = []
        self.to_stdout = False
        self.finished = False

    def open_file(self, target: str) -> TextIO:
        return self.open_output(target).stream

    def open_output(self, target: str) -> AtomicOutput | DirectOutput:
        output = open_output(target)
        self.files.append(output)
        return output


@contextlib.contextmanager
def open_outputs(specs: list[FormatSpec], info: RunInfo, environ: Mapping[str, str] | None = None) -> Iterator[Outputs]:
    """Open every report; commit the files if the block set `outputs.finished`, else remove them."""
    environ = os.environ if environ is None else environ
    outputs = Outputs()
    try:
        for spec in specs:
            binary: BinaryIO | None = None
            if spec.target is None:
                outputs.to_stdout = True
                stream = sys.stdout
            else:
                output = outputs.open_output(spec.target)
                stream, binary = output.stream, output.binary
            destination = Destination(stream, info, environ, to_stdout=spec.target is None, binary=binary)
            outputs.reporters.append(FORMATS[spec.name].open(destination))
        yield outputs
    except BaseException:
        _discard(outputs)
        raise
    if outputs.finished:
        for output in outputs.files:
            output.commit()
    else:
        _discard(outputs)


def _discard(outputs: Outputs) -> None:
    """A run that broke off: its reporters' temporary files and its report files' temporaries removed."""
    for reporter in outputs.reporters:
        discard = getattr(reporter, "discard", None)
        if discard is not None:
            discard()
    for output in outputs.files:
        output.discard()
