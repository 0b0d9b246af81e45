"""Snapshot files and what-if branches: a run saved at a moment, and continued from it under a changed scenario.

A planner asks "what if we close this street from 10:00 on 4 October?". The
week up to 10:00 is the same in both worlds, so it is run once and saved: a
snapshot is the whole model at that moment (sim.oldtown.model.Model.snapshot_state:
every queue, parked car, shuttle and party, the random generator, the pending
events) with a header naming the scenario it was run from (its fingerprint,
`LoadedScenario.resolved_sha256`, and its resolved content, so a branch can say
what changed).

A branch loads it and goes on under a changed scenario (`branch`); a change made
while a run goes on takes the same path (`apply_change`), and a run's record of
such changes (`LiveChange`) replays to the same numbers (`replay`). Only what
can take effect at that moment may change (docs/what-if.md): ring hours, day
types and triggers; street closures, one-way rules and turn bans (closing,
never reopening); timed closures (network.closures) that begin at or after the
moment, added or removed; a transfer centre's spaces, open state, zones served,
overflow, and its shuttles' fleet, seats, headway and hours. Anything else (the
calendar, demand, behaviour, parking supply, attractions, run settings, road
works, the network file's shape) shaped the state already saved and is refused
with every key named (`BranchRefused`).

The payload is a pickle, so a snapshot is as trusted as the person who wrote it:
load only your own. A sha256 in the header catches a truncated or damaged file.
The format is tied to the Python and SimPy versions in the header.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import pickle
import platform
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import simpy

from sim.engine.atomic_file import atomic_write
from sim.engine.clock import DAY_S
from sim.engine.network import Network
from sim.oldtown.closures import branch_problem
from sim.oldtown.model import Model
from sim.runs.build import scenario_network
from sim.scenario.schema import Scenario

MAGIC = b"GUSU-SNAPSHOT 1\n"

# keys (dotted paths in the resolved scenario, fnmatch patterns) a branch may change from its moment on
MID_RUN_KEYS = (
    "name", "description", "compare_with",
    "rings.*",  # Model.change_scenario checks that the rules refuse the same vehicles
    "network.file",  # the same network, checked on the network itself
    "network.closed_segments", "network.one_way_links", "network.turn_bans",
    "network.closures",  # only those that begin at or after the moment: sim.oldtown.closures.branch_problem
    "transfer_centres.*.open", "transfer_centres.*.car_spaces", "transfer_centres.*.serves",
    "transfer_centres.*.overflow_to", "transfer_centres.*.shuttle.fleet", "transfer_centres.*.shuttle.seats",
    "transfer_centres.*.shuttle.headway_min", "transfer_centres.*.shuttle.service_hours",
)


class BranchRefused(ValueError):
    """A changed scenario that cannot take effect mid-run; the message names every key."""


@dataclass
class SnapshotHeader:
    """What a snapshot file says about itself, in JSON before the payload."""

    t_s: float
    moment: str  # "YYYY-MM-DD HH:MM" of t_s in the scenario's calendar
    scenario_name: str
    resolved_sha256: str  # the fingerprint of the scenario it was run from
    seed: int
    payload_sha256: str
    python: str
    simpy: str


@dataclass
class LoadedSnapshot:
    header: SnapshotHeader
    resolved: dict[str, Any]  # the scenario it was run from, resolved
    model: Model


def moment_s(scenario: Scenario, moment: str) -> float:
    """Seconds from the first midnight of "YYYY-MM-DD HH:MM"; ValueError naming the calendar when it is not in it."""
    try:
        when = dt.datetime.strptime(moment.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValueError(f"expected 'YYYY-MM-DD HH:MM', got {moment!r}") from None
    dates = [d.date for d in scenario.days]
    if when.date() not in dates:
        raise ValueError(f"{when.date()} is not in the scenario's calendar ({dates[0]} to {dates[-1]})")
    return dates.index(when.date()) * DAY_S + when.hour * 3600.0 + when.minute * 60.0


def moment_text(scenario: Scenario, t_s: float) -> str:
    day = min(len(scenario.days) - 1, int(t_s // DAY_S))
    minutes = int((t_s - day * DAY_S) // 60)
    return f"{scenario.days[day].date} {minutes // 60:02d}:{minutes % 60:02d}"


def save_snapshot(path: Path, model: Model, resolved: dict[str, Any], resolved_sha256: str) -> SnapshotHeader:
    """Write the model's state now, with the scenario it was run from, to `path` (atomically)."""
    payload = model.snapshot_state()
    scenario_json = json.dumps(resolved, sort_keys=True, default=str).encode("utf-8")
    header = SnapshotHeader(
        t_s=model.env.now, moment=moment_text(model.s, model.env.now), scenario_name=model.s.name,
        resolved_sha256=resolved_sha256, seed=model.seed, payload_sha256=hashlib.sha256(payload).hexdigest(),
        python=platform.python_version(), simpy=simpy.__version__,
    )
    head = json.dumps(asdict(header)).encode("utf-8")
    atomic_write(path, b"".join([MAGIC, head, b"\n", scenario_json, b"\n", payload]))
    return header


def load_snapshot(path: Path) -> LoadedSnapshot:
    """Read a snapshot file; ValueError saying what is wrong with it."""
    raw = path.read_bytes()
    if not raw.startswith(MAGIC):
        raise ValueError(f"{path}: not a Gusu snapshot (it does not start with {MAGIC.decode().strip()!r})")
    try:
        head, scenario_json, payload = raw[len(MAGIC):].split(b"\n", 2)
        header = SnapshotHeader(**json.loads(head))
        resolved = json.loads(scenario_json)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{path}: a damaged snapshot header ({exc})") from None
    if hashlib.sha256(payload).hexdigest() != header.payload_sha256:
        raise ValueError(f"{path}: the snapshot is damaged or truncated (its checksum does not match)")
    if (header.python.rsplit(".", 1)[0], header.simpy) != (platform.python_version().rsplit(".", 1)[0], simpy.__version__):
        raise ValueError(f"{path}: written by Python {header.python} with SimPy {header.simpy}; "
                         f"this is Python {platform.python_version()} with SimPy {simpy.__version__}")
    try:
        model = Model.restore(payload)
    except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, EOFError) as exc:
        raise ValueError(f"{path}: written by another version of Gusu, cannot be read by this one ({exc})") from None
    return LoadedSnapshot(header, resolved, model)


def changed_keys(old: Any, new: Any, prefix: str = "") -> list[str]:
    """Dotted paths where two resolved scenarios differ; a table present on one side only is one path."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in sorted(set(old) | set(new), key=str):
            path = f"{prefix}.{key}" if prefix else str(key)
            if key not in old or key not in new:
                out.append(path)
            else:
                out += changed_keys(old[key], new[key], path)
        return out
    return [] if _plain(old) == _plain(new) else [prefix]


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def apply_change(model: Model, old_resolved: dict[str, Any], resolved: dict[str, Any], scenario: Scenario, net: Network) -> list[str]:
    """Go on from the model's present moment under a changed scenario; the keys that changed.

    The one path of a branch from a snapshot and of a live change in a running session.
    BranchRefused names every key that cannot change mid-run; the model is then unchanged."""
    keys = changed_keys(old_resolved, resolved)
    refused = [k for k in keys if not any(fnmatch.fnmatchcase(k, p) for p in MID_RUN_KEYS)]
    if refused:
        raise BranchRefused("cannot take effect mid-run (they shaped the state the snapshot holds): " + ", ".join(refused)
                            + "; run the changed scenario from the start instead")
    problem = branch_problem(model.s, scenario, model.env.now) if "network.closures" in keys else None
    if problem:
        raise BranchRefused(problem)
    if keys:
        try:
            model.change_scenario(scenario, net)
        except ValueError as exc:
            raise BranchRefused(str(exc)) from None
    return keys


def branch(snap: LoadedSnapshot, resolved: dict[str, Any], scenario: Scenario, net: Network) -> list[str]:
    """Continue the snapshot's model under a changed scenario from its moment; the keys that changed."""
    return apply_change(snap.model, snap.resolved, resolved, scenario, net)


@dataclass
class LiveChange:
    """One change made while a run went on: when, what, and the scenario from then on (the run's record keeps these)."""

    t_s: float
    moment: str
    keys: list[str]
    resolved: dict[str, Any]


def resolved_of(scenario: Scenario) -> dict[str, Any]:
    """The scenario's resolved content as plain JSON values (what its fingerprint is taken of)."""
    return _plain(scenario.model_dump(mode="json", exclude_none=True))  # type: ignore[no-any-return]


def live_change(model: Model, scenario: Scenario, changed: Scenario, base_dir: Path) -> LiveChange:
    """Change a running model's scenario now, through the same path as a branch; the record of the change."""
    net = scenario_network(changed, base_dir, name=changed.name)
    keys = apply_change(model, resolved_of(scenario), resolved_of(changed), changed, net)
    return LiveChange(model.env.now, moment_text(changed, model.env.now), keys, resolved_of(changed))


def replay(model: Model, scenario: Scenario, changes: list[LiveChange], base_dir: Path) -> Model:
    """Run a freshly built model of `scenario` to its end with the recorded changes applied at their moments:
    the same numbers as the run that recorded them."""
    for change in changes:
        model.advance(change.t_s)
        changed = Scenario.model_validate(change.resolved)
        live_change(model, scenario, changed, base_dir)
        scenario = changed
    model.run()
    return model
