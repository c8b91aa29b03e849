"""`python -m tipcheck` runs the command-line tool."""

import sys

from tipcheck.cli import main

sys.exit(main())
