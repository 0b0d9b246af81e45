"""The `gusu` command: the window with no arguments or `gui`, the headless commands otherwise.

This module imports no Qt at the top, so `gusu run`, `gusu validate` and the
other headless commands work on a machine without a display (or without Qt).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] == "gui":
        from gui.app import main as gui_main

        return gui_main(args[1:] if args else [])
    if args[0] == "lesson":
        from sim.lessons import main as lesson_main

        return lesson_main(args[1:])
    from sim.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
