"""`python -m brochure` runs the command-line interface."""

import sys

try:
    from brochure.cli import run
except KeyboardInterrupt:
    print("interrupted", file=sys.stderr)
    raise SystemExit(130) from None

run()
