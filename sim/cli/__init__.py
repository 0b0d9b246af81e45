"""The `gusu` command: one parser for every verb, headless or not.

`gusu` alone, or `gusu gui ...`, opens the window. The window is not part of
sim/ (sim never imports Qt or gui/): it registers itself as the `gui` command
through the entry point group `gusu.commands` in pyproject.toml, and is looked
up only when asked for, so every other verb works on a machine without Qt or a
display. Input that is wrong gets a message naming the file and the key and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import entry_points

from sim.cli import bundle, calibrate, fit, lesson, report, run, scenario_files, sumo, sweep
from sim.cli.common import EXIT_INPUT, InputError

GUI_GROUP = "gusu.commands"


def open_window(args: argparse.Namespace) -> int:
    """Hand the rest of the command line to the window, found through its entry point."""
    found = [ep for ep in entry_points(group=GUI_GROUP) if ep.name == "gui"]
    if not found:
        raise InputError("gui: the window is not installed (pip install -e . installs it with PySide6)")
    return int(found[0].load()(args.gui_args))


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gusu", description="Gusu: the old-town traffic control lab. With no command, opens the window.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = sub.add_parser("gui", help="open the window (gusu gui --help lists its options)", add_help=False)
    gui.add_argument("gui_args", nargs=argparse.REMAINDER)
    gui.set_defaults(func=open_window)
    for module in (run, sweep, calibrate, fit, scenario_files, sumo, lesson, report, bundle):
        module.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = make_parser()
    if not argv:
        argv = ["gui"]
    if argv[0] == "gui":  # everything after `gui` is the window's own, --help included
        args = argparse.Namespace(func=open_window, gui_args=argv[1:])
    else:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse's own exit: 0 for --help, 2 for a bad argument
            return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"gusu: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except RuntimeError as exc:  # an executor that cannot start (Dask missing, scheduler unreachable)
        print(f"gusu: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("gusu: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
