"""`pav verify` on the official E-ARK IP test corpus, against its peers, in one run:

    python bench/verify_eark.py [--eark-python PYTHON] [--no-eark]

1. The corpus (334 packages, ../shared/reference/eark-ip-test-corpus) is unpacked into a temporary folder.
2. pav verify and the E-ARK reference validator (eark-validator, run by the interpreter of a venv holding it:
   --eark-python, else one made in bench/out/eark-venv with `pip install eark-validator`; its vocabularies are
   served from ../shared/reference/csip-vocab, never fetched) each verify every package once, as one command
   over the same paths; wall-clock seconds, and agreement with the corpus by the rule of
   tests/test_verify_eark_corpus.py (a valid package: no error; an invalid one: an error, or for a WARNING or
   INFO rule the requirement tested; named: the requirement the case tests is among the findings).
3. Every folder package is copied and made a BagIt bag (bagit-python, SHA-256); `pav verify` on the bags
   against bagit-python's `Bag.validate()` on the same bags, each as one command.

Prints Markdown tables; results also go to bench/out/verify-eark.json. One run: figures vary with the machine,
the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import PAV, REPO, table

from tests.eark_corpus import Expected, expectations, unpack_corpus

VOCABULARIES = REPO.parent / "shared" / "reference" / "csip-vocab"
OUT = REPO / "bench" / "out"
RUNNER = REPO / "bench" / "eark_runner.py"


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done.stdout


def pav_verdicts(stdout: str) -> list[tuple[bool, dict[str, str]]]:
    """Per package of `pav verify --format json`: intact, and requirement -> the worst severity reported."""
    verdicts = []
    order = {"info": 0, "warning": 1, "error": 2}
    for package in json.loads(stdout)["packages"]:
        found: dict[str, str] = {}
        for prop in package["properties"].values():
            for check in prop["checks"]:
                for failure in check["failures"]:
                    known = found.get(failure["requirement"], "info")
                    found[failure["requirement"]] = max(known, failure["severity"], key=order.__getitem__)
        verdicts.append((package["intact"], found))
    return verdicts


def agreement(expected: list[Expected], verdicts: list[tuple[bool | None, set[str]]]) -> tuple[int, int, int]:
    """(verdicts agreeing, invalid packages naming the tested requirement, packages the tool stopped on)."""
    agree = named = crashed = 0
    for case, (valid, rules) in zip(expected, verdicts, strict=True):
        if valid is None:
            crashed += 1
            continue
        if case.valid:
            agree += valid
        else:
            agree += (not valid) or case.requirement in rules
            named += case.requirement in rules
    return agree, named, crashed


def eark_python(given: str | None) -> Path:
    if given:
        return Path(given)
    venv = OUT / "eark-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "eark-validator"], check=True)
    return python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eark-python", help="the python of a venv holding eark-validator")
    parser.add_argument("--no-eark", action="store_true", help="bench against bagit-python only")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="pav-bench-eark-") as scratch:
        corpus = unpack_corpus(Path(scratch))
        cases = expectations(corpus)
        paths = [str(case.path) for case in cases]
        invalid = sum(1 for case in cases if not case.valid)

        pav_seconds, pav_out = timed([*PAV, "verify", "--format", "json", *paths])
        pav = [(intact, set(found)) for intact, found in pav_verdicts(pav_out)]
        pav_agree, pav_named, _ = agreement(cases, [(v, r) for v, r in pav])
        rows = [
            ["tool", "seconds", "verdicts agreeing", "invalid: requirement named", "stopped with an error"],
            [
                "pav verify",
                f"{pav_seconds:.1f}",
                f"{pav_agree}/{len(cases)}",
                f"{pav_named}/{invalid}",
                "0",
            ],
        ]
        results["pav"] = {"seconds": pav_seconds, "agree": pav_agree, "named": pav_named, "packages": len(cases)}
        if not args.no_eark:
            python = eark_python(args.eark_python)
            eark_seconds, eark_out = timed([str(python), str(RUNNER), str(VOCABULARIES), *paths])
            lines = [json.loads(line) for line in eark_out.splitlines() if line.startswith("{")]
            eark = [(line["valid"], set(line["rules"])) for line in lines]
            eark_agree, eark_named, crashed = agreement(cases, eark)
            rows.append(
                [
                    "eark-validator 1.1.3",
                    f"{eark_seconds:.1f}",
                    f"{eark_agree}/{len(cases)}",
                    f"{eark_named}/{invalid}",
                    str(crashed),
                ]
            )
            results["eark-validator"] = {
                "seconds": eark_seconds,
                "agree": eark_agree,
                "named": eark_named,
                "crashed": crashed,
                "ratio": eark_seconds / pav_seconds,
            }
        print("## pav verify vs eark-validator on the E-ARK corpus (one run each)\n")
        print(table(rows))
        if "eark-validator" in results:
            ratio = results["eark-validator"]["ratio"]  # type: ignore[index]
            print(f"\npav verify is {ratio:.2f}x eark-validator's speed on the same 334 packages.\n")

        bags = Path(scratch) / "bags"
        bag_paths = []
        for number, case in enumerate(cases):
            if case.path.is_dir():
                bag = bags / f"{number:03d}" / case.path.name
                shutil.copytree(case.path, bag)
                bag_paths.append(str(bag))
        make = "import bagit,sys\nfor p in sys.argv[1:]: bagit.make_bag(p, checksums=['sha256'])"
        subprocess.run([sys.executable, "-c", make, *bag_paths], check=True, capture_output=True)
        validate = (
            "import bagit,sys\nfor p in sys.argv[1:]:\n    try: bagit.Bag(p).validate()\n"
            "    except bagit.BagError as e: print(p, e)"
        )
        bagit_seconds, _ = timed([sys.executable, "-c", validate, *bag_paths])
        pav_bag_seconds, _ = timed([*PAV, "verify", "--format", "json", *bag_paths])
        results["bags"] = {
            "bags": len(bag_paths),
            "pav_seconds": pav_bag_seconds,
            "bagit_seconds": bagit_seconds,
            "ratio": bagit_seconds / pav_bag_seconds,
        }
        print(f"## pav verify vs bagit-python Bag.validate() on {len(bag_paths)} bags of the corpus packages\n")
        print(
            table(
                [
                    ["tool", "seconds", "checks"],
                    ["bagit-python Bag.validate()", f"{bagit_seconds:.1f}", "BagIt completeness and fixity"],
                    ["pav verify", f"{pav_bag_seconds:.1f}", "the same, and every E-ARK check on the payload"],
                ]
            )
        )
        print(f"\nratio (bagit / pav): {bagit_seconds / pav_bag_seconds:.2f}")
    (OUT / "verify-eark.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
