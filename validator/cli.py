"""`pav`: the command line. Builds the parser from the command modules in `validator.commands` and maps
errors to exit codes.

Exit codes (as ruff and ESLint): 0 no finding at or above --fail-on; 1 such findings; 2 usage or
configuration error (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from validator import __version__
from validator.commands import EXIT_USAGE, UsageError
from validator.escape import printable
from validator.reports.outputs import OutputError

# One module per subcommand, each with `register(subparsers)` and `run(args) -> int`.
COMMANDS = ("check", "extract", "report", "package", "verify", "rules", "schema")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints usage plus the error over several lines; CI logs want one line that names it.
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pav",
        description="Check published pages of Chinese government portals and news sites for archival "
        "compliance: the record contract and the footer filings (ICP, public security, site code, units).",
    )
    parser.add_argument("--version", action="version", version=f"pav {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"validator.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args, extras = parser.parse_known_args(argv)
        if extras:
            # argparse reports them from the top-level parser, pointing to `pav --help`: name the subcommand's.
            where = f"pav {args.command}" if args.command else "pav"
            raise UsageError(f"unrecognized arguments: {' '.join(extras)} (see '{where} --help')")
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        code: int = importlib.import_module(f"validator.commands.{args.command}").run(args)
        return code
    except (UsageError, OutputError) as error:  # OutputError: a report format or destination the options named
        print(f"pav: error: {printable(str(error))}", file=sys.stderr)  # it may quote a hostile file name
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("pav: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `pav check ... | head`: the reader went away. Point stdout at devnull so the interpreter's final
        # flush does not raise again (the recipe of the Python docs on SIGPIPE).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
