"""`python -m brochure` runs the command-line interface."""

from brochure.cli import main

raise SystemExit(main())
