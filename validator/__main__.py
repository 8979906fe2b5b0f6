"""`python -m validator` is the same as the `pav` console script."""

from validator.cli import main

raise SystemExit(main())
