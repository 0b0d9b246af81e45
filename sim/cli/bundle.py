"""Bundles on the command line: pack, unpack, and validate NAME.gusu.

    gusu pack SCENARIO [--run RUN_DIR] -o NAME.gusu    one file with the scenario, its bases, network and a run
    gusu unpack NAME.gusu [-d DIR] [--force]             never over an existing folder without --force
    gusu validate NAME.gusu                              checks the members, then the scenario inside

`validate` is the scenario files' verb (sim/cli/scenario_files.py), which hands
it the .gusu files it is given: those are checked here as bundles, every
other file as before. A bundle that cannot be trusted (sim/interop/bundle.py) is exit 2 with
a message naming the file, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.cli.common import EXIT_INPUT, InputError, load_or_fail
from sim.interop.bundle import BundleError, check_scenario, pack, read_bundle, reads_outside_its_folder, unpack

SUFFIX = ".gusu"


def cmd_pack(args: argparse.Namespace) -> int:
    loaded = load_or_fail(args.scenario)
    out = Path(args.output)
    if out.suffix != SUFFIX:
        raise InputError(f"-o {out}: a bundle's name ends in {SUFFIX}")
    try:
        manifest = pack(loaded, out, Path(args.run) if args.run else None)
    except BundleError as exc:
        raise InputError(str(exc)) from None
    except OSError as exc:
        raise InputError(f"{out}: cannot write the bundle ({exc.strerror or exc})") from None
    print(f"{out}: {len(manifest['members'])} files, scenario {manifest['scenario']} (resolved sha256 {manifest['resolved_sha256'][:12]})")
    return 0


def cmd_unpack(args: argparse.Namespace) -> int:
    source = Path(args.bundle)
    dest = Path(args.directory) if args.directory else Path(source.name.removesuffix(SUFFIX) or "bundle")
    try:
        bundle = read_bundle(source)
        scenario = unpack(bundle, dest, args.force)
    except BundleError as exc:
        raise InputError(str(exc)) from None
    except OSError as exc:
        raise InputError(f"{dest}: cannot unpack there ({exc.strerror or exc}); nothing was written") from None
    print(f"unpacked {len(bundle.members)} files into {dest}; the scenario is {scenario}")
    if reads_outside_its_folder(bundle):
        print(f"it reads files outside its own folder: check it with `gusu validate --root {dest / 'scenario'} {scenario}`; "
              "to run it, copy its bases and network next to it")
    if bundle.manifest.get("has_run"):
        print(f"the run's results are in {dest / 'run'}")
    return 0


def validate_bundles(paths: list[str]) -> int:
    status = 0
    for name in paths:
        try:
            bundle = read_bundle(Path(name))
        except BundleError as exc:
            print(f"gusu: {exc}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        loaded, problems = check_scenario(bundle)
        for line in problems:
            print(line, file=sys.stderr)
        if loaded is None:
            status = EXIT_INPUT
            continue
        days = len(loaded.scenario.days)
        print(f"{name}: valid bundle ({len(bundle.members)} files, checksums match; scenario {bundle.scenario}, "
              f"{days} day{'s' if days > 1 else ''}; resolved sha256 {loaded.resolved_sha256[:12]})")
    return status


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("pack", help="write a scenario, every file it extends, its network (and a run's results) into one .gusu file")
    p.add_argument("scenario", metavar="SCENARIO", help="scenario TOML")
    p.add_argument("--run", metavar="RUN_DIR", default=None, help="also carry this run folder's result files")
    p.add_argument("-o", "--output", required=True, metavar="NAME.gusu")
    p.set_defaults(func=cmd_pack)
    p = sub.add_parser("unpack", help="unpack a .gusu bundle into a new folder (checked first; never overwrites without --force)")
    p.add_argument("bundle", metavar="NAME.gusu")
    p.add_argument("-d", "--directory", default=None, metavar="DIR", help="the folder to create (default: NAME beside you)")
    p.add_argument("--force", action="store_true", help="replace DIR if it exists")
    p.set_defaults(func=cmd_unpack)
