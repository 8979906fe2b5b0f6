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


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="verify archival packages: BagIt, fixity, METS/PREMIS references, schemas, CSIP (DA/T 70 report)",
        description="Verify E-ARK packages, pav's or anyone's (a bare package folder, a BagIt bag of one, a METS.xml, "
        "a .zip or a tar, or a folder of them): E-ARK CSIP (and SIP) requirements under their ids and levels "
        "(MUST: error, SHOULD: warning, MAY: info), fixity of every METS reference by its CHECKSUMTYPE, BagIt "
        "completeness and fixity (also by bagit-python), and under the pav profile pav's conventions (PAV- ids); "
        "the official METS, PREMIS and DCMI schemas when --xsd-dir (or PAV_XSD_DIR) names a folder holding them. "
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
        "dcmitype.xsd) to validate METS, PREMIS and Dublin Core against (default: $PAV_XSD_DIR; none: not checked)",
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
        print(json.dumps({"packages": [r.to_dict() for r in reports]}, ensure_ascii=False, indent=2))
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

    typed: list[PackageReport] = reports
    for report in typed:
        failures = report.errors
        verdict = (
            "intact" if report.intact else f"NOT INTACT ({len(failures)} failure{'s' if len(failures) != 1 else ''})"
        )
        print(f"{report.path}: {verdict}")
        print(f"  {report.kind}, verified as {report.profile}")
        for name, checks in report.by_property().items():
            failed = [check for check in checks if check.failures]
            ran = sum(1 for check in checks if check.status != "skipped")
            status = "FAIL" if any(c.status == "fail" for c in failed) else ("pass" if ran else "not checked")
            print(f"  {PROPERTIES[name]} {name}: {status} ({ran} of {len(checks)} checks ran)")
            for check in failed:
                for failure in check.failures:
                    print(f"    {failure}")
            skipped: dict[str, list[str]] = {}
            for check in checks:
                if check.skipped is not None and not check.failures:
                    skipped.setdefault(check.skipped, []).append(check.title)
            for reason, titles in skipped.items():
                print(f"    not run: {titles[0] if len(titles) == 1 else f'{len(titles)} checks'}: {reason}")
    intact = sum(1 for report in typed if report.intact)
    notes = sorted({note for report in typed for check in report.checks for note in check.notes if "schemas" in note})
    for note in notes:
        print(f"Note: {note}")
    print(f"{len(typed)} package{'s' if len(typed) != 1 else ''} verified: {intact} intact, {len(typed) - intact} not.")
