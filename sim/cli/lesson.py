"""`gusu lesson validate FILE...`: check lesson files before a demonstration."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.interop.lessons import bundled_lessons, load_lesson
from sim.scenario import ScenarioError


def cmd_validate(args: argparse.Namespace) -> int:
    files = args.files or bundled_lessons()
    code = 0
    for f in files:
        try:
            loaded = load_lesson(f, str(f))
        except ScenarioError as exc:
            for line in exc.problems:
                print(line, file=sys.stderr)
            code = 2
            continue
        print(f"{f}: ok, {len(loaded.lesson.steps)} steps: {loaded.title.en}")
    return code


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("lesson", help="check lesson files before a demonstration", description="Check lesson files before a demonstration")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    v = verbs.add_parser("validate", help="check lesson files; exit 2 and name file and key of every problem")
    v.add_argument("files", nargs="*", type=Path, help="lesson TOML files (default: the bundled lessons)")
    v.set_defaults(func=cmd_validate)
