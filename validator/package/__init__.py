"""Archive export: one E-ARK CSIP information package in a BagIt bag per checked page, and its verifier.

A sink stage: it consumes the engine's `RecordResult`s (with the source record and its original bytes)
and imports only earlier stages; no earlier stage and no command is imported here.

    writer.PackageWriter   results -> packages in an output folder (+ batch-report.json)
    workers.package_parallel  partitions -> packages built by worker processes, named by the writer
    verify.verify_paths    a package folder, a zip, or a folder of them -> a report by DA/T 70 property
                           (verify/: one registered function per check, see verify/base.py)
"""
