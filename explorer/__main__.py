"""`python -m explorer …`: the command line (no window)."""

from explorer.cli import main

raise SystemExit(main())
