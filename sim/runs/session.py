"""The model's own process: where a run actually happens, away from the window.

The model is pure Python and holds the interpreter lock while it runs; in a
thread of the window's process it would take turns with every redraw, and a
week would run slower and the window would stutter. In a process of its own it
runs at headless speed on another core, and the window only reads small
messages from a pipe. This module is what that process executes; it imports no
Qt, only sim/ (so a spawned child starts quickly and stays Qt-free).

The conversation over the pipe is made of the small frozen messages below, and
every reader matches on their types (never on a string in a tuple):

child to window: Updated (at most RATE_HZ a second, and once at the end),
Paused / Resumed, Finished (outputs written as `gusu run --out` writes them),
Unwritten (the run is computed but its files could not be written: the child
waits for WriteTo or Stop), Stopped, Failed (the model raised; the message
names the key), and in lock-step mode At (the model stands at t_s).

window to child: Pace, Pause, Resume, Stop, WriteTo, and in lock-step mode Advance.

A live change (Change: the scenario from now on) takes the path of a what-if
branch (sim.runs.snapshot.live_change): the child answers Changed (what changed,
when) or ChangeRefused (why it cannot take effect mid-run), and the run's folder
gets live_changes.json, from which sim.runs.snapshot.replay gives the same numbers.
With RunJob.day_states the child also sends the whole state at every midnight
(DayState); a RunJob with that start_state runs on from it ("jump to day" from the
previous day's state, not from empty roads).

A model that sends nothing for STALL_AFTER_S while it should be running is
stalled (stopped by a signal, swapping, stuck): the window says so.
"""

from __future__ import annotations

import json
import time
import traceback
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from sim.engine.atomic_file import atomic_write
from sim.engine.clock import DAY_S
from sim.oldtown.model import Model
from sim.oldtown.recorder import SPEED_AREAS, speed_kmh
from sim.runs.build import build_model
from sim.runs.figures import RunSummary
from sim.runs.results import run_summary, write_outputs
from sim.runs.snapshot import BranchRefused, LiveChange, live_change
from sim.scenario.saving import as_run_text

RATE_HZ = 25.0  # updates a second, about (qudi's max_frame_rate idea: the model cannot drown the window)
SEND_EVERY_S = 0.036  # a step overshoots the due time by half a step on average: this lands near RATE_HZ
STEP_WALL_S = 0.008  # aim for steps of about 8 ms: an update can go out on time (RATE_HZ) and stop is quick
MIN_STEP_S, MAX_STEP_S = 10.0, 900.0  # simulated seconds per step
STALL_AFTER_S = 10.0  # wall seconds of silence from a running model before the window calls it stalled


class RunState(StrEnum):
    """A run as the window sees it; equal to its value, so the status line and menus read it as a word."""

    READY = "ready"
    RUNNING = "running"
    PAUSING = "pausing"
    PAUSED = "paused"
    STALLED = "stalled"  # running, but the model has sent nothing for STALL_AFTER_S
    STOPPING = "stopping"
    FINISHED = "finished"
    STOPPED = "stopped"
    FAILED = "failed"


@dataclass
class RunJob:
    """Everything the child needs: the scenario as edited (not re-read from disk), where it lives, where to write."""

    scenario: Any  # sim.scenario.schema.Scenario
    base_dir: Path
    name: str  # file name, as `gusu run` puts it in summary.json
    sha256: str
    resolved_sha256: str
    scenario_bytes: bytes
    out_dir: Path | None = None
    seed: int | None = None
    pace_min_per_s: float | None = None  # simulated minutes per wall second; None = as fast as possible
    day_states: bool = False  # send the model's whole state at every midnight (DayState), for "jump to day"
    start_state: bytes | None = None  # start from this state (Model.snapshot_state) instead of building the model
    state_every_h: float | None = None  # also send the whole state every this many simulated hours (StateAt)
    branch_from: Any = None  # a what-if: the scenario the run starts under (the original), changed to `scenario` ...
    branch_at_s: float = 0.0  # ... at this moment, through the path of a branch (sim.runs.snapshot.live_change)


@dataclass
class Update:
    """What changed since the last update: new bins of the recorder, and the state now."""

    snapshot: Any  # sim.oldtown.model.Snapshot
    b0: int
    b1: int
    speed_kmh: dict[str, np.ndarray]
    gate_queue_veh: dict[str, np.ndarray]
    centre_cars: dict[str, np.ndarray]
    centre_queue_persons: dict[str, np.ndarray]
    rings_bits: np.ndarray
    link_speed_kmh: np.ndarray | None  # the last finished bin, for the map
    link_load: np.ndarray | None
    daily: list[dict[str, float]] = field(default_factory=list)
    end_s: float = 0.0


# ---- child to window ---------------------------------------------------------


@dataclass(frozen=True)
class Updated:
    update: Update


@dataclass(frozen=True)
class Paused:
    pass


@dataclass(frozen=True)
class Resumed:
    pass


@dataclass(frozen=True)
class Finished:
    summary: RunSummary
    out_dir: Path | None


@dataclass(frozen=True)
class Unwritten:
    """The run is computed and summarised, but its files could not be written (a full disk, a folder gone)."""

    summary: RunSummary
    out_dir: Path
    reason: str  # the system's words, e.g. "No space left on device"


@dataclass(frozen=True)
class Stopped:
    pass


@dataclass(frozen=True)
class Failed:
    message: str  # one line naming the file and the key
    details: str  # the traceback, for the details pane


@dataclass(frozen=True)
class At:
    """Lock-step mode: the model stands at t_s (seconds from the first midnight); its run ends at end_s."""

    t_s: float
    end_s: float


# ---- window to child ---------------------------------------------------------


@dataclass(frozen=True)
class Pace:
    min_per_s: float | None  # simulated minutes per wall second; None = as fast as possible


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class Stop:
    pass


@dataclass(frozen=True)
class WriteTo:
    """After Unwritten: write the run's files into this folder instead."""

    out_dir: Path


@dataclass(frozen=True)
class Advance:
    t_s: float


@dataclass(frozen=True)
class DayState:
    """Child to window: the model's whole state at the midnight starting `day` (a RunJob's start_state)."""

    day: int
    state: bytes


@dataclass(frozen=True)
class StateAt:
    """Child to window: the model's whole state at t_s, every RunJob.state_every_h simulated hours (a what-if starts there)."""

    t_s: float
    state: bytes


@dataclass(frozen=True)
class Change:
    """Window to child: go on from now under this scenario (docs/what-if.md: which changes may)."""

    scenario: Any  # sim.scenario.schema.Scenario


@dataclass(frozen=True)
class Changed:
    change: LiveChange


@dataclass(frozen=True)
class ChangeRefused:
    message: str


ToWindow = Updated | Paused | Resumed | Finished | Unwritten | Stopped | Failed | At | Changed | ChangeRefused | DayState | StateAt
ToChild = Pace | Pause | Resume | Stop | WriteTo | Advance | Change


def make_update(model: Any, b0: int) -> Update:
    rec = model.recorder
    b1 = rec.bins_done
    return Update(
        snapshot=model.snapshot(),
        b0=b0,
        b1=b1,
        speed_kmh={a: speed_kmh(rec.veh_m[a][b0:b1], rec.veh_s[a][b0:b1]) for a in SPEED_AREAS},
        gate_queue_veh={r: rec.gate_queue_veh[r][b0:b1].copy() for r in rec.gate_queue_veh},
        centre_cars={c: rec.centre_cars[c][b0:b1].copy() for c in rec.centre_cars},
        centre_queue_persons={c: rec.centre_queue_persons[c][b0:b1].copy() for c in rec.centre_queue_persons},
        rings_bits=rec.rings_in_force[b0:b1].copy(),
        link_speed_kmh=rec.link_speed_kmh[b1 - 1].copy() if b1 > 0 else None,
        link_load=rec.link_load[b1 - 1].copy() if b1 > 0 else None,
        daily=[dict(d) for d in model.daily],
        end_s=model.end_s,
    )


def describe(exc: BaseException, name: str) -> str:
    """One line a planner can act on: the file, and the key when the model names one."""
    text = str(exc) or type(exc).__name__
    return text if text.startswith(name) else f"{name}: {text}"


def run_model(conn: Any, job: RunJob) -> None:
    """The child's main: build the model, step it, stream updates, obey pause/pace/stop."""
    try:
        _run(conn, job)
    except (BrokenPipeError, EOFError):
        pass  # the window went away; nothing to tell


def _advance(conn: Any, model: Model, job: RunJob, t_s: float) -> None:
    """Advance to t_s; with day_states or state_every_h, stop at the next such moment instead and send the state there."""
    every = job.state_every_h * 3600.0 if job.state_every_h else None
    if job.day_states:
        t_s = min(t_s, (model.env.now // DAY_S + 1) * DAY_S)
    if every:
        t_s = min(t_s, (model.env.now // every + 1) * every)
    model.advance(t_s)
    now = model.env.now
    if model.done:
        return
    if job.day_states and now % DAY_S == 0.0:
        conn.send(DayState(int(now // DAY_S), model.snapshot_state()))
    elif every and now % every == 0.0:
        conn.send(StateAt(now, model.snapshot_state()))


def _start(conn: Any, job: RunJob) -> tuple[Model, list[LiveChange]] | None:
    """The model to run: restored or built; for a what-if, run to the branch moment and changed there (None: refused)."""
    scenario = job.branch_from if job.branch_from is not None else job.scenario
    model = Model.restore(job.start_state) if job.start_state is not None else \
        build_model(scenario, job.name, job.seed, base_dir=job.base_dir)
    if job.branch_from is None:
        return model, []
    if job.branch_at_s > model.env.now:
        model.advance(job.branch_at_s)
    try:
        change = live_change(model, job.branch_from, job.scenario, job.base_dir)
    except BranchRefused as exc:
        conn.send(ChangeRefused(f"{job.name}: {exc}"))
        conn.send(Stopped())
        return None
    conn.send(Changed(change))
    return model, []  # its files are those of `gusu run --from-snapshot`: the changed scenario, no record of the change


def _run(conn: Any, job: RunJob) -> None:
    try:
        started = _start(conn, job)
    except Exception as exc:  # noqa: BLE001 (a key naming what the network lacks, a broken network file: a dialog)
        conn.send(Failed(describe(exc, job.name), traceback.format_exc()))
        return
    if started is None:
        return
    model, changes = started
    pace = job.pace_min_per_s
    step_s = 120.0  # as fast as possible: adapted to the model's speed, day and night
    sent_bin = 0
    last_send = 0.0
    t_anchor_sim, t_anchor_wall = model.env.now, time.perf_counter()
    scenario = job.scenario
    try:
        while not model.done:
            # control messages between steps: stop takes effect within one step
            while conn.poll():
                match conn.recv():
                    case Stop():
                        conn.send(Stopped())
                        return
                    case Pace(min_per_s=pace):
                        t_anchor_sim, t_anchor_wall = model.env.now, time.perf_counter()
                    case Pause():
                        conn.send(Updated(make_update(model, sent_bin)))  # the window shows where it stands paused
                        sent_bin = model.recorder.bins_done
                        conn.send(Paused())
                        resumed, scenario = _wait_resume(conn, model, job, scenario, changes)
                        if not resumed:
                            conn.send(Stopped())
                            return
                        conn.send(Resumed())
                        t_anchor_sim, t_anchor_wall = model.env.now, time.perf_counter()
                    case Change(scenario=changed):
                        scenario = _change(conn, model, job, scenario, changed, changes)
            if pace is None:
                t0 = time.perf_counter()
                _advance(conn, model, job, model.env.now + step_s)
                took = time.perf_counter() - t0
                step_s = min(MAX_STEP_S, max(MIN_STEP_S, step_s * min(2.0, STEP_WALL_S / max(took, 1e-4))))
            else:
                step = max(MIN_STEP_S, pace * 60.0 / RATE_HZ)
                _advance(conn, model, job, model.env.now + step)
                due = t_anchor_wall + (model.env.now - t_anchor_sim) / (pace * 60.0)
                wait = due - time.perf_counter()
                if wait > 0:
                    conn.poll(wait)  # sleeps, but wakes for a control message
            now = time.perf_counter()
            if now - last_send >= SEND_EVERY_S:
                conn.send(Updated(make_update(model, sent_bin)))
                sent_bin = model.recorder.bins_done
                last_send = now
        conn.send(Updated(make_update(model, sent_bin)))
        summ = run_summary(model, job.name, job.sha256, job.resolved_sha256)
    except (BrokenPipeError, EOFError):
        raise
    except Exception as exc:  # noqa: BLE001 (any error inside the model becomes a dialog, never a crash)
        conn.send(Failed(describe(exc, job.name), traceback.format_exc()))
        return
    conn.send(Finished(summ, _write(conn, model, job, summ, changes)))


def _write(conn: Any, model: Any, job: RunJob, summ: RunSummary, changes: list[LiveChange] | None = None) -> Path | None:
    """The same files `gusu run --out` writes, from the same functions; the folder they are in, or None.

    A full disk (or a folder gone) loses nothing: the computed run is announced as Unwritten and the
    child waits, holding the model, for another folder (WriteTo) or for Stop (then no files)."""
    out_dir = job.out_dir
    while out_dir is not None:
        try:
            write_outputs(Path(out_dir), summ, model, job.scenario_bytes, job.name,
                          as_run_text(job.scenario, job.name, job.base_dir))  # the scenario as run, as the CLI writes it
            if changes:  # the run's record of what changed, when: enough to replay it (sim.runs.snapshot.replay)
                atomic_write(Path(out_dir) / "live_changes.json",
                             json.dumps([asdict(c) for c in changes], indent=1, ensure_ascii=False).encode("utf-8"))
            return Path(out_dir)
        except OSError as exc:
            conn.send(Unwritten(summ, Path(out_dir), exc.strerror or str(exc)))
        while True:
            match conn.recv():
                case WriteTo(out_dir=out_dir):
                    break
                case Stop():
                    return None
    return None


def _change(conn: Any, model: Model, job: RunJob, scenario: Any, changed: Any, changes: list[LiveChange]) -> Any:
    """Apply a live change now and answer Changed or ChangeRefused; the scenario the run goes on under."""
    try:
        changes.append(live_change(model, scenario, changed, job.base_dir))
    except BranchRefused as exc:
        conn.send(ChangeRefused(f"{job.name}: {exc}"))
        return scenario
    conn.send(Changed(changes[-1]))
    return changed


def _wait_resume(conn: Any, model: Model, job: RunJob, scenario: Any, changes: list[LiveChange]) -> tuple[bool, Any]:
    """Block while paused (a live change is applied at the paused moment); (True on resume, False on stop, the scenario)."""
    while True:
        match conn.recv():
            case Resume():
                return True, scenario
            case Stop():
                return False, scenario
            case Change(scenario=changed):
                scenario = _change(conn, model, job, scenario, changed, changes)


def run_stepped(conn: Any, job: RunJob) -> None:
    """The child's main in lock-step mode (gui.runs.lockstep): advance only as far as the window's clock says.

    window to child: Advance, Stop; child to window: Updated and then At once the model stands at
    t_s (or at its end), or Failed. The child never runs ahead, so two of them driven by one clock
    show the same moment."""
    try:
        try:
            started = _start(conn, job)
        except Exception as exc:  # noqa: BLE001 (a dialog, not a crash)
            conn.send(Failed(describe(exc, job.name), traceback.format_exc()))
            return
        if started is None:
            return
        model = started[0]
        sent_bin = 0
        conn.send(At(float(model.env.now), model.end_s))
        while True:
            match conn.recv():
                case Stop():
                    return
                case Advance(t_s=t_s):
                    target = min(float(t_s), model.end_s)
                case _:
                    continue
            try:
                while target > model.env.now and not model.done:  # with day_states, stopping at each midnight on the way
                    _advance(conn, model, job, target)
            except Exception as exc:  # noqa: BLE001
                conn.send(Failed(describe(exc, job.name), traceback.format_exc()))
                return
            conn.send(Updated(make_update(model, sent_bin)))
            sent_bin = model.recorder.bins_done
            conn.send(At(target, model.end_s))
    except (BrokenPipeError, EOFError, OSError):
        pass  # the window went away
