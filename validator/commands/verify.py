"""`pav verify PATH...`: check E-ARK packages (folders, bags, METS.xml, zips, tars, or folders of them), pav's or
anyone's, under the csip, sip or pav profile.

Exit 0 when every package is intact, 1 when one is not, 2 on usage errors. The report groups the checks
under the four properties of DA/T 70-2018 and names the file and the requirement of every failure.
`pav verify --list [ID...]` prints the check catalog (validator/package/verify/), or checks' documentation.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from validator.commands import EXIT_FINDINGS, EXIT_OK, Subparsers, UsageError
from validator.escape import encodable, printable


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="verify archival packages: BagIt, fixity, METS/PREMIS references, schemas, CSIP (DA/T 70 report)",
        description="Verify E-ARK packages, pav's or anyone's (a bare package folder, a BagIt bag of one, a METS.xml, "
        "a .zip or a tar, or a folder of them): E-ARK CSIP (and SIP) requirements under their ids and levels "
        "(MUST: error, SHOULD: warning, MAY: info), fixity of every METS reference by its CHECKSUMTYPE, BagIt "
        "completeness and fixity (also by bagit-python), and under the pav profile pav's conventions (PAV- ids); "
        "the official METS, PREMIS and DCMI schemas when --xsd-dir (or PAV_XSD_DIR) names a folder holding them, "
        "else the METS documents of a package not pav's against the METS schema it carries. "
        "No network is used. Exit 0 when every package is intact (no error), 1 otherwise. "
        "`pav verify --list [ID...]` documents the checks.",
        usage="pav verify [-h] [--xsd-dir DIR] [--profile {auto,csip,sip,pav}] [--format {text,json}] PATH [PATH ...]\n"
        "       pav verify --list [--format {text,json}] [ID ...]",
    )
    # PATH is required unless --list is given (checked in `run`, in argparse's words).
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a package folder or bag, a METS.xml, a .zip or tar, or a folder of them",
    )
    parser.add_argument(
        "--xsd-dir",
        metavar="DIR",
        default=None,
        help="folder with the official mets.xsd, xlink.xsd, premis-v3-0.xsd, dc.xsd, dcterms.xsd (and xml.xsd, "
        "dcmitype.xsd) to validate METS, PREMIS and Dublin Core against (default: $PAV_XSD_DIR; with neither, a "
        "package not pav's has its METS checked against the schemas/mets.xsd it carries, PREMIS and Dublin Core are "
        "not checked)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    parser.add_argument(
        "--profile",
        choices=("auto", "csip", "sip", "pav"),
        default="auto",
        help="the requirements to verify against: E-ARK CSIP, E-ARK SIP (CSIP and SIP), or pav's packages (CSIP and "
        "pav's web-page conventions); auto (default): each package's own, from its METS.xml (@PROFILE, "
        "csip:OAISPACKAGETYPE, pav as the creating software)",
    )
    parser.add_argument(
        "--list",
        action="store_true",
        help="list the checks (id, DA/T 70 property, title); with IDs as arguments, print their documentation",
    )


def run(args: argparse.Namespace) -> int:
    from validator.package.verify import XSD_DIR_ENV, VerifyError, load_reference_schemas, verify_paths

    if args.list:
        return _list_checks(args.paths, args.format)
    if not args.paths:
        raise UsageError("the following arguments are required: PATH (see 'pav verify --help')")
    xsd_dir = args.xsd_dir or os.environ.get(XSD_DIR_ENV) or None
    try:
        reference = load_reference_schemas(Path(xsd_dir)) if xsd_dir else None
        profile = None if args.profile == "auto" else args.profile
        reports = verify_paths([Path(p) for p in args.paths], reference, profile)
    except VerifyError as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        # A name that is not UTF-8 keeps its undecodable bytes as the JSON escapes \\udc80-\\udcff (lossless).
        print(encodable(json.dumps({"packages": [r.to_dict() for r in reports]}, ensure_ascii=False, indent=2)))
    else:
        _print_text(reports)
    return EXIT_OK if all(report.intact for report in reports) else EXIT_FINDINGS


def _list_checks(ids: list[str], format: str) -> int:
    """The check catalog, or the documentation of the checks named."""
    from validator.package.verify import CHECKS, VerifyCheck
    from validator.package.verify.docs import check_doc_text, checks_json, checks_table_text

    entries: list[VerifyCheck] = []
    for check_id in ids:
        entry = CHECKS.get(check_id.upper())
        if entry is None:
            raise UsageError(f"unknown check id {check_id!r} (see 'pav verify --list')")
        entries.append(entry)
    if format == "json":
        print(json.dumps(checks_json(entries or None), ensure_ascii=False, indent=2))
    elif entries:
        print("\n\n".join(check_doc_text(entry) for entry in entries))
    else:
        print(checks_table_text())
    return EXIT_OK


def _print_text(reports: list) -> None:  # type: ignore[type-arg]
    from validator.package.verify import PROPERTIES, PackageReport
    from validator.package.verify.container import NOT_A_PACKAGE
    from validator.package.verify.security import NO_VIRUS_SCANNER

    typed: list[PackageReport] = reports
    packages = [report for report in typed if report.container != "other"]
    for report in typed:
        failures = report.errors
        if report.container == "other":  # an entry that is no package: one line saying what it is
            message = report.failures[0].message if report.failures else ""
            print(f"{printable(str(report.path))}: NOT A PACKAGE: {printable(message.removeprefix(NOT_A_PACKAGE))}")
            continue
        verdict = (
            "intact" if report.intact else f"NOT INTACT ({len(failures)} failure{'s' if len(failures) != 1 else ''})"
        )
        print(f"{printable(str(report.path))}: {verdict}")
        print(f"  {printable(report.kind)}, verified as {report.profile}")
        for name, checks in report.by_property().items():
            failed = [check for check in checks if check.status == "fail"]
            noted = [check for check in checks if check.failures and check.status != "fail"]  # warnings, notes
            skipped = [check for check in checks if check.status == "skipped"]
            ran = len(checks) - len(skipped)
            label = f"  {PROPERTIES[name]} {name}"
            if failed:
                which = ", ".join(check.id for check in failed)
                rest = [f"{ran - len(failed)} passed"] + ([f"{len(skipped)} not run"] if skipped else [])
                print(f"{label}: FAIL: {len(failed)} of {len(checks)} checks failed ({which}); {', '.join(rest)}")
            else:
                print(f"{label}: {'pass' if ran else 'not checked'} ({ran} of {len(checks)} checks ran)")
            for check in failed:
                count = len(check.failures)
                print(f"    {check.id} {check.title}: {count} failure{'s' if count != 1 else ''}")
                for failure in check.failures:
                    print(f"      {printable(str(failure))}")
            for check in noted:
                for failure in check.failures:
                    print(f"    {printable(str(failure))}")
            reasons: dict[str, list[str]] = {}
            for check in skipped:
                if check.skipped is not None and check.skipped != NO_VIRUS_SCANNER:  # said once, below
                    reasons.setdefault(check.skipped, []).append(check.title)
            for reason, titles in reasons.items():
                what = printable(titles[0]) if len(titles) == 1 else f"{len(titles)} checks"
                print(f"    not run: {what}: {printable(reason)}")
    notes = sorted({note for report in typed for check in report.checks for note in check.notes if "schemas" in note})
    if any(check.skipped == NO_VIRUS_SCANNER for report in packages for check in report.checks):
        notes.append(f"virus check (SEC-5) not run: {NO_VIRUS_SCANNER}s")
    for note in notes:
        print(f"Note: {printable(note)}")
    intact = sum(1 for report in packages if report.intact)
    plural = "s" if len(packages) != 1 else ""
    summary = f"{len(packages)} package{plural} verified: {intact} intact, {len(packages) - intact} not"
    others = len(typed) - len(packages)
    if others:
        summary += f"; {others} {'entries are not packages' if others != 1 else 'entry is not a package'}"
    print(summary + ".")
