"""Which files a run reads: folder walks, `exclude` patterns, pav's own output, and what standard input holds.

    InputOptions   the settings (config `exclude`/`extend-exclude`, --exclude, --extend-exclude, --force-exclude,
                   --allow-empty, --stdin-type, --stdin-filename, the paths this run writes)
    Excludes       gitignore-style patterns, compiled once (held to pathspec's GitIgnoreSpec by a differential test)
    own_output     recognises a file pav wrote (report, baseline, batch report) by its first bytes

Patterns follow .gitignore: `name` matches a file or folder of that name at any depth, a pattern with a `/`
inside is relative to the root (the configuration file's folder, else the working directory), a trailing `/`
matches folders only, `*` and `?` stay within one path segment, `**` crosses segments, `!` re-includes, and
nothing below an excluded folder can be re-included.

Defined in the source stage (not in the reports) so that reading depends on nothing later; the markers mirror
what the reports write, and tests write real reports to hold them together.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property

# Folders that hold other tools' files, never pages to check (hidden folders, .git and .venv included, are
# skipped by the walk anyway). --exclude replaces these; --extend-exclude adds to them.
DEFAULT_EXCLUDE: tuple[str, ...] = ("node_modules/", "venv/", "__pypackages__/")

STDIN_TYPES: tuple[str, ...] = ("jsonl", "json", "html", "text", "warc")


@dataclass(frozen=True)
class InputOptions:
    """How inputs are chosen and read; the defaults are those of a bare `pav check`."""

    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    root: str = field(default_factory=os.getcwd)  # the folder patterns with a '/' are relative to
    force_exclude: bool = False  # also apply the patterns to files named on the command line
    allow_empty: bool = False  # a named folder holding no input is not an error (I004)
    written: frozenset[str] = frozenset()  # absolute paths of this run's reports and baselines: never inputs
    stdin_type: str | None = None  # what `-` holds; None: from stdin_filename's suffix, else JSON Lines
    stdin_filename: str | None = None  # the name findings give standard input (and per-path settings match)

    @cached_property
    def excludes(self) -> Excludes:
        return Excludes((*self.exclude, *self.extend_exclude), self.root)

    def is_written(self, path: str) -> bool:
        return bool(self.written) and os.path.abspath(path) in self.written


class Excludes:
    """Gitignore-style patterns relative to `root`: `match(path, is_dir)` for one path whose parent folders were
    already found not excluded (a walk), `excludes(path)` for a path of its own (its parents checked too)."""

    def __init__(self, patterns: tuple[str, ...], root: str) -> None:
        self.patterns = patterns
        self.root = os.path.abspath(root)
        self.rules = [rule for rule in (_compile(pattern) for pattern in patterns) if rule is not None]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def relative(self, path: str) -> str:
        """`path` relative to the root in '/' form, or as given (normalised) when it lies outside the root."""
        absolute = os.path.abspath(path)
        if absolute == self.root:
            return ""
        if absolute.startswith(self.root.rstrip(os.sep) + os.sep):
            return os.path.relpath(absolute, self.root).replace(os.sep, "/")
        return os.path.normpath(path).replace(os.sep, "/").lstrip("/")

    def match(self, relative: str, is_dir: bool) -> bool:
        """Whether the last pattern matching `relative` excludes it (a `!` pattern re-includes)."""
        excluded = False
        for regex, negated, dir_only in self.rules:
            if (is_dir or not dir_only) and regex.fullmatch(relative):
                excluded = not negated
        return excluded

    def excludes(self, path: str, is_dir: bool = False) -> bool:
        """Whether `path`, or a folder it lies in, is excluded."""
        if not self.rules:
            return False
        relative = self.relative(path)
        if not relative:
            return False
        parts = relative.split("/")
        for end in range(1, len(parts)):
            if self.match("/".join(parts[:end]), True):
                return True
        return self.match(relative, is_dir)


def _compile(pattern: str) -> tuple[re.Pattern[str], bool, bool] | None:
    """One .gitignore line -> (regex over the whole relative path, negated, folders only); None for blanks."""
    text = pattern.rstrip(" ") if not pattern.endswith("\\ ") else pattern
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if negated or (text.startswith("\\") and text[1:2] in ("#", "!")):
        text = text[1:]
    dir_only = text.endswith("/")
    text = text.rstrip("/")
    if not text:
        return None
    anchored = "/" in text
    text = text.lstrip("/")
    segments = text.split("/")
    regex = "" if anchored else "(?:.*/)?"
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            regex += ".*" if last else "(?:.*/)?"
            continue
        regex += _segment(segment) + ("" if last else "/")
    return re.compile(regex, re.DOTALL), negated, dir_only


def _segment(segment: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\" and index + 1 < len(segment):
            index += 1
            out.append(re.escape(segment[index]))
        elif char == "[":
            end = segment.find("]", index + 2)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = segment[index + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                index = end
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


# --- pav's own output, recognised by its first bytes --------------------------------------------------------

_JSON_HEAD = rb'\A\s*\{\s*"report_format"\s*:\s*\d+\s*,\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"pav"'
_HTML_HEAD = rb'\A<!DOCTYPE html>\n<html[^>]*>\n<head>(?:\n<meta [^\n]*>){0,8}\n<meta name="generator" content="pav '
_TEXT_HEAD = rb"\A(?:[^\n]*: (?:error|warning|info) [A-Z]\d{3} |No findings: |Found \d+ findings? \()"
_OWN_OUTPUT: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    ("a pav baseline", re.compile(rb'\A\s*\{\s*"pav_baseline"\s*:')),
    ("a pav JSON report", re.compile(_JSON_HEAD)),
    ("a pav package batch report", re.compile(rb'\A\s*\{\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"pav"')),
    ("a pav JSON Lines report", re.compile(rb'\A\{"rule": "[A-Z]\d{3}", "severity": "')),
    ("a pav HTML report", re.compile(_HTML_HEAD)),
    ("a pav text report", re.compile(_TEXT_HEAD)),
)


def own_output(head: bytes) -> str | None:
    """What pav output `head` (a file's first bytes) begins, or None for anything else."""
    for kind, marker in _OWN_OUTPUT:
        if marker.match(head):
            return kind
    return None


# How much of a file is looked at to tell pav's own output (the HTML report's generator tag is the furthest).
OWN_OUTPUT_HEAD = 2048
