"""CI integration files: the pre-commit hook works as declared; the documented GitHub Actions workflow is valid."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from tests.conftest import REPO, valid_record, with_footer, write_jsonl

# The workflow the README documents (kept here so a test proves it is a valid GitHub workflow).
WORKFLOW = """\
name: page records
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  security-events: write  # SARIF upload to code scanning
jobs:
  pav:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install pav
        run: python -m pip install "pav @ git+https://github.com/OWNER/pav@TAG"
      - name: Check the page records
        # --format auto is `github` here: annotations on the changed files and a step summary.
        run: >-
          pav check pages/ --baseline pav-baseline.json
          --format auto --format sarif=pav.sarif --format junit=pav-junit.xml --format html=pav-report.html
      - name: Upload to code scanning
        if: always()
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: pav.sarif
          category: pav
      - name: Keep the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: pav-reports
          path: |
            pav-report.html
            pav-junit.xml
"""


def _hooks() -> list[dict[str, object]]:
    loaded = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def _default_hook() -> dict[str, object]:
    (hook,) = [hook for hook in _hooks() if hook["id"] == "pav"]
    return hook


def test_pre_commit_hook_declaration() -> None:
    hook = _default_hook()
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert (hook["id"], hook["language"], hook["entry"]) == ("pav", "python", "pav check --force-exclude")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^pav = "validator\.cli:main"$', pyproject, re.M)  # the entry's console script exists
    files = re.compile(str(hook["files"]))
    assert files.search("records/batch.jsonl") and files.search("a.ndjson") and files.search("site/index.html")
    assert not files.search("package.json") and not files.search("README.md")


def test_pre_commit_hook_runs_as_pre_commit_would(tmp_path: Path) -> None:
    # pre-commit appends the staged file names to the entry and fails the commit on a non-zero exit.
    hook = _default_hook()
    good = write_jsonl(tmp_path / "good.jsonl", [valid_record()])
    bad = write_jsonl(tmp_path / "bad.jsonl", [with_footer(icp=None)])
    entry = str(hook["entry"]).split()
    script = Path(sys.executable).parent / entry[0]
    env = {"PATH": str(script.parent), "NO_COLOR": "1"}
    passed = subprocess.run(
        [str(script), *entry[1:], good.name], cwd=tmp_path, capture_output=True, text=True, env=env, check=False
    )
    assert passed.returncode == 0, passed.stderr
    failed = subprocess.run(
        [str(script), *entry[1:], good.name, bad.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert failed.returncode == 1
    assert failed.stdout.startswith("bad.jsonl:1: error F101 the footer shows no ICP filing or licence number")


def test_documented_workflow_is_a_valid_github_workflow(tmp_path: Path) -> None:
    path = tmp_path / "pav.yml"
    path.write_text(WORKFLOW, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    run_step = YAML(typ="safe").load(WORKFLOW)["jobs"]["pav"]["steps"][3]["run"]
    assert run_step.startswith("pav check pages/ --baseline pav-baseline.json --format auto --format sarif=pav.sarif")
