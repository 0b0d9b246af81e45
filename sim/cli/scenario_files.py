"""Command-line verbs on scenario files: validate, diff, show.

    gusu validate FILE...   every problem of every file, exit 0 when all are valid, 2 otherwise
    gusu diff A B           what differs in meaning (key path, A's value, B's value), after extends
    gusu show FILE          the fully resolved scenario (extends merged, defaults filled) as TOML

Problems go to stderr, one line each ("file: key.path: expected ..., got ..."),
with exit status 2 and never a traceback.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import tomlkit

from sim.cli.bundle import SUFFIX, validate_bundles
from sim.runs import scenario_checks
from sim.scenario.errors import key_path
from sim.scenario.loader import LoadedScenario, ScenarioError, load_scenario
from sim.scenario.saving import dumps_resolved

EXIT_OK, EXIT_DIFFERENT, EXIT_INPUT = 0, 1, 2


def _load(path: str, roots: list[str]) -> LoadedScenario | None:
    try:
        return load_scenario(path, roots=roots)
    except ScenarioError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return None


def build_problem(loaded: LoadedScenario, display: str) -> str | None:
    """Build the model from a valid scenario: the keys that name segments, links and zones must
    exist in its network. A message naming the file of the extends chain that holds the key, and
    the key, or None when it builds (sweeps and replications check with the same function)."""
    return scenario_checks.build_problem(loaded, display)


def cmd_validate(args: argparse.Namespace) -> int:
    """Scenario files, and bundles (NAME.gusu, checked by sim.cli.bundle); the worse exit status of all."""
    status = validate_bundles([f for f in args.files if f.endswith(SUFFIX)])
    for path in [f for f in args.files if not f.endswith(SUFFIX)]:
        loaded = _load(path, args.root)
        if loaded is None:
            status = EXIT_INPUT
            continue
        if not args.schema_only:
            problem = build_problem(loaded, path)
            if problem:
                print(problem, file=sys.stderr)
                status = EXIT_INPUT
                continue
        bases = len(loaded.files) - 1
        via = f", extends {bases} file{'s' if bases > 1 else ''}" if bases else ""
        days = len(loaded.scenario.days)
        print(f"{path}: valid ({days} day{'s' if days > 1 else ''}{via}; resolved sha256 {loaded.resolved_sha256[:12]})")
    return status


def _inline(value: Any) -> str:
    if value is _ABSENT:
        return "(not set)"
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        table.update(value)
        return table.as_string()
    return tomlkit.item(value).as_string()


_ABSENT = object()


def flatten(value: Any, loc: tuple[str | int, ...] = ()) -> dict[tuple[str | int, ...], Any]:
    """Leaves of a resolved scenario by key path; arrays of tables are entered, other arrays are values."""
    out: dict[tuple[str | int, ...], Any] = {}
    if isinstance(value, dict) and value:
        for k, v in value.items():
            out.update(flatten(v, loc + (k,)))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            out.update(flatten(v, loc + (i,)))
    else:
        out[loc] = value
    return out


NETWORK_FILE: tuple[str | int, ...] = ("network", "file")


def _comparable(loaded: LoadedScenario) -> dict[str, Any]:
    """The resolved scenario with network.file as the network's own path (each file writes it
    relative to its own folder, which is no difference in meaning)."""
    resolved = dict(loaded.resolved)
    if loaded.network_path is not None:
        try:
            shown = os.path.relpath(loaded.network_path)
        except ValueError:
            shown = str(loaded.network_path)
        resolved["network"] = dict(resolved["network"], file=Path(shown).as_posix())
    return resolved


def network_sha256(loaded: LoadedScenario) -> str | None:
    """The network file's content, as its sha256; None when it cannot be read (then paths are compared)."""
    if loaded.network_path is None:
        return None
    try:
        return hashlib.sha256(Path(loaded.network_path).read_bytes()).hexdigest()
    except OSError:
        return None


def differences(a: LoadedScenario, b: LoadedScenario) -> list[tuple[str, str, str]]:
    """(key path, A's value, B's value) for every key whose resolved value differs; a network is
    compared by its content (a byte-identical copy elsewhere is the same network)."""
    fa, fb = flatten(_comparable(a)), flatten(_comparable(b))
    ha, hb = network_sha256(a), network_sha256(b)
    same_network = ha is not None and ha == hb
    keys = list(fa) + [k for k in fb if k not in fa]
    out = []
    for k in keys:
        va, vb = fa.get(k, _ABSENT), fb.get(k, _ABSENT)
        if va == vb or (k == NETWORK_FILE and same_network):
            continue
        if k == NETWORK_FILE and ha is not None and hb is not None:
            va, vb = f"{va} (sha256 {ha[:12]})", f"{vb} (sha256 {hb[:12]})"
        out.append((key_path(k), _inline(va), _inline(vb)))
    return out


def cmd_diff(args: argparse.Namespace) -> int:
    a, b = _load(args.a, args.root), _load(args.b, args.root)
    if a is None or b is None:
        return EXIT_INPUT
    diffs = differences(a, b)
    if not diffs:
        print(f"no differences in meaning between {args.a} and {args.b}")
        return EXIT_OK
    print(f"A: {args.a}\nB: {args.b}")
    width = min(max(len(k) for k, _, _ in diffs), 48)
    for key, va, vb in diffs:
        print(f"{key:<{width}}  A: {va}\n{'':<{width}}  B: {vb}" if len(va) + len(vb) > 60 else f"{key:<{width}}  A: {va}  B: {vb}")
    print(f"{len(diffs)} difference{'s' if len(diffs) != 1 else ''}")
    return EXIT_DIFFERENT


def cmd_show(args: argparse.Namespace) -> int:
    loaded = _load(args.file, args.root)
    if loaded is None:
        return EXIT_INPUT
    chain = " <- ".join(os.path.relpath(f) for f in reversed(loaded.files))
    header = [f"{args.file}, fully resolved: extends merged, old versions migrated, defaults filled in.",
              f"files: {chain}", f"resolved sha256: {loaded.resolved_sha256}"]
    sys.stdout.write(dumps_resolved(loaded.resolved, header))
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the scenario verbs on the `gusu` parser."""
    root_help = "another folder that extends and network.file may read from (the file's own folder and the bundled scenarios always are)"
    p = sub.add_parser("validate", help="check scenario files; exit 0 when all are valid, 2 otherwise",
                       description="Check scenario files: syntax, schema, extends, paths, and that the model builds "
                                   "(every segment, link and zone named exists in the network).")
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario TOML files")
    p.add_argument("--schema-only", action="store_true", help="check the files only, without building the model")
    p.add_argument("--root", action="append", default=[], metavar="DIR", help=root_help)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("diff", help="differences in meaning between two scenarios (exit 0 same, 1 different, 2 invalid)",
                       description="Print every key whose resolved value differs: key path, A's value, B's value. "
                                   "Exit status as diff(1): 0 when they mean the same, 1 when they differ, 2 on a problem.")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--root", action="append", default=[], metavar="DIR", help=root_help)
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("show", help="print the fully resolved scenario as TOML",
                       description="Print the scenario with extends merged, old versions migrated and defaults filled in.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--root", action="append", default=[], metavar="DIR", help=root_help)
    p.set_defaults(func=cmd_show)
