"""Run `pav ARGS...` in this process, then write the peak resident memory of this process and of its largest
child (the --jobs workers) as JSON to the file named by $PAV_PEAKS_OUT.

    PAV_PEAKS_OUT=peaks.json python bench/peaks.py check --format json=/dev/null big.jsonl

The kernel keeps both high-water marks (getrusage: RUSAGE_SELF for the main process, RUSAGE_CHILDREN for the
largest waited-for child), so nothing is sampled and no peak is missed. Worker pools are joined before
`pav check` returns, so every worker is counted.
"""

from __future__ import annotations

import json
import os
import resource
import sys


def main() -> int:
    from validator.cli import main as pav

    try:
        code = pav(sys.argv[1:])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with open(os.environ["PAV_PEAKS_OUT"], "w", encoding="utf-8") as out:
        json.dump({"main": own, "workers": children, "code": code}, out)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
