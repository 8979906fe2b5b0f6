"""Shared test helpers: a valid record to mutate, and a way to run the real CLI in-process."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from validator.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "reference"
SAMPLES = REPO / "samples"

_BODY = "11月22日上午，第十一届中国（绵阳）科技城国际科技博览会在绵阳开幕。"

VALID_RECORD: dict[str, Any] = {
    "id": "sc-gov-zh-1",
    "url": "https://www.sc.gov.cn/10462/c102914/2023/11/22/a.shtml",
    "title": "第十一届中国（绵阳）科技城国际科技博览会开幕",
    "language": "zh-CN",
    "section": "政务公开",
    "published_at": "2023-11-22T10:55:00+08:00",
    "captured_at": "2023-11-23T08:00:00+08:00",
    "body": _BODY,
    "content_sha256": hashlib.sha256(_BODY.encode()).hexdigest(),
    "footer": {
        "unit_in_charge": "四川省人民政府办公厅",
        "organizer": "四川省大数据中心",
        "operator": "中国电信股份有限公司四川分公司",
        "site_code": "5100000062",
        "icp": "蜀ICP备13001288号",
        "public_security": "川公网安备51010402000507号",
    },
}


def valid_record(**changes: Any) -> dict[str, Any]:
    """A deep copy of a record that passes every rule of every profile, with top-level changes applied."""
    record = copy.deepcopy(VALID_RECORD)
    record.update(changes)
    return record


def with_footer(**changes: Any) -> dict[str, Any]:
    """A valid record with footer fields changed (None removes the field)."""
    record = valid_record()
    for key, value in changes.items():
        if value is None:
            record["footer"].pop(key, None)
        else:
            record["footer"][key] = value
    return record


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def pav(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `pav ARGS` in-process (the real CLI code path), optionally with bytes on stdin."""

    def run(*args: str, stdin: bytes | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True)
def _no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite may itself run inside GitHub Actions: defaults (format auto, colour) must not follow it.
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # pav's language defaults from the locale (validator.i18n): the suite asserts English texts whatever the
    # machine's locale, and a test that chose zh-CN in-process leaves the next one in English.
    from validator.i18n import use_language

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    use_language(None)


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Work in an empty folder so no pav.toml or pyproject.toml of the repo is discovered."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def write_jsonl(path: Path, lines: list[Any]) -> Path:
    """Write records (dicts, dumped) or raw strings/bytes as lines of a JSON Lines file."""
    with path.open("wb") as handle:
        for line in lines:
            if isinstance(line, bytes):
                handle.write(line + b"\n")
            elif isinstance(line, str):
                handle.write(line.encode() + b"\n")
            else:
                handle.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
    return path


# CI runs the same examples every time (a red CI must be reproducible); local runs keep exploring.
if os.environ.get("CI"):
    settings.register_profile("ci", derandomize=True, deadline=None)
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def eark_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The official E-ARK IP test corpus, unpacked once per session (tests/eark_corpus.py); its corpus/ folder.
    Tests copy what they change."""
    from tests.eark_corpus import unpack_corpus

    return unpack_corpus(tmp_path_factory.mktemp("eark-corpus"))
