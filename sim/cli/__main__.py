"""`python -m sim.cli`: the same as the `gusu` command (the window's sweep runner starts sweeps this way)."""

from sim.cli import main

raise SystemExit(main())
