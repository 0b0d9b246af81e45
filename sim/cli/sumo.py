"""`gusu export-sumo`: a scenario's network and one day's trips as SUMO input."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.cli.common import InputError, load_or_fail
from sim.engine.network import NetworkError
from sim.interop.export_sumo import export_day


def cmd_export(args: argparse.Namespace) -> int:
    loaded = load_or_fail(args.scenario)
    scenario = loaded.scenario
    n_days = len(scenario.days)
    if not 1 <= args.day <= n_days:
        raise InputError(f"--day: expected 1-{n_days} (the scenario's days), got {args.day}")
    if args.seed is not None and args.seed < 0:
        raise InputError(f"--seed: expected a seed of 0 or more, got {args.seed}")
    out = Path(args.dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: expected a folder, got a file")
    try:
        rep = export_day(scenario, loaded.base_dir, out, args.day - 1, args.seed, netconvert=not args.no_netconvert)
    except NetworkError as exc:
        raise InputError(str(exc)) from None
    except OSError as exc:
        raise InputError(f"{out}: cannot write the SUMO files ({exc.strerror})") from None
    except ValueError as exc:
        raise InputError(f"{loaded.path.name}: {exc}") from None
    print(f"{out}: {rep.written:,} of {rep.drawn:,} trips of {rep.date} (seed {rep.seed}), {len(rep.vtypes)} vehicle types; see {out / 'README.md'}")
    if rep.netconvert_ok is None:
        return 0
    if rep.netconvert_ok:
        print(f"{rep.files['net']}: built by netconvert; run `sumo -c {rep.files['sumocfg']}`")
        return 0
    print(f"gusu: netconvert failed: {rep.netconvert_said}", file=sys.stderr)
    return 1


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export-sumo", help="write a scenario's network and one day's trips as SUMO input")
    p.add_argument("scenario", help="scenario TOML")
    p.add_argument("dir", help="folder for the SUMO files (created)")
    p.add_argument("--day", type=int, default=1, help="which day of the scenario, 1 = the first (default 1)")
    p.add_argument("--seed", type=int, default=None, help="seed of the day's draw (default: the scenario's run.seed)")
    p.add_argument("--no-netconvert", action="store_true", help="do not run netconvert even when SUMO is installed")
    p.set_defaults(func=cmd_export)
