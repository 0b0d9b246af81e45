"""What every command shares: the error that means "wrong input, exit 2", loading a
scenario or failing with its message, the terminal's console and progress over
runs, and the checks of arguments made before any long work starts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from sim.engine.bundled import bundled_dir
from sim.runs.disk_space import human, needed_bytes, preflight
from sim.runs.experiments import check_dask_address
from sim.runs.folder_lock import FolderBusy, FolderLock
from sim.runs.scenario_checks import overridden_problems, variant_problems
from sim.scenario import LoadedScenario, ScenarioError, load_scenario

EXIT_INPUT = 2
SCENARIO_DIR = bundled_dir("scenarios")
DEFAULT_SCENARIO = SCENARIO_DIR / "national_day_2019.toml"


class InputError(Exception):
    """Wrong input from outside: print it and exit 2."""


def load_or_fail(path: str | Path) -> LoadedScenario:
    try:
        return load_scenario(Path(path))
    except ScenarioError as exc:
        raise InputError(str(exc)) from None


def console():  # type: ignore[no-untyped-def]
    """A rich console; wide enough for the tables when the output is a file or a pipe."""

    return Console() if sys.stdout.isatty() else Console(width=160)


class RunsProgress:
    """A terminal progress bar over runs, with the time left; silent when not on a terminal."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what = total, what
        self.bar = None
        if sys.stderr.isatty():

            self.bar = Progress(
                TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(), transient=True
            )

    def __enter__(self) -> RunsProgress:
        if self.bar is not None:
            self.bar.start()
            self.task = self.bar.add_task(self.what, total=self.total)
        else:
            print(f"{self.what}: {self.total} runs", file=sys.stderr)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)
        else:
            print(f"  {done}/{total} runs done", file=sys.stderr, flush=True)


def check_seed(args: argparse.Namespace) -> None:
    if args.seed is not None and not 0 <= args.seed <= 2**63 - 1:
        raise InputError(f"--seed: expected a whole number from 0 to 2^63-1, got {args.seed}")


def check_out(folder: Path, expected_bytes: int = 0) -> None:
    """Fail before a long run, not after it, when the results cannot be written: the folder must take
    real bytes and have room for `expected_bytes` with a margin (sim/runs/disk_space.py)."""
    trouble = preflight(folder, expected_bytes)
    if trouble:
        raise InputError(trouble)


def check_workers(args: argparse.Namespace) -> None:
    if args.workers is not None and not 1 <= args.workers <= 256:
        raise InputError(f"--workers: expected 1-256, got {args.workers}")
    if args.dask is not None:
        trouble = check_dask_address(args.dask)
        if trouble:
            raise InputError(f"--dask: {trouble}")


def check_scenario(loaded: LoadedScenario, display: str, variants: list[dict[str, object]] | None = None) -> None:
    """Before any run: the scenario with every variant's overrides must build, with the messages of
    `gusu validate`; values a child file overrides in its base are printed as warnings."""
    for line in overridden_problems(loaded, display):
        print(f"gusu: warning: {line}", file=sys.stderr)
    problems = variant_problems(loaded, display, variants or [{}])
    if problems:
        raise InputError("\n".join(problems))


def lock_or_fail(folder: Path) -> FolderLock:
    """Hold `folder` for this process (release it with .release()); InputError naming the holder if it is taken."""
    lock = FolderLock(folder)
    try:
        lock.acquire()
    except FolderBusy as exc:
        raise InputError(str(exc)) from None
    except OSError as exc:
        raise InputError(f"{folder}: cannot write results there ({exc.strerror or exc})") from None
    if lock.taken_over:
        print(f"gusu: {folder}: took over a stale lock left by {lock.taken_over}", file=sys.stderr)
    return lock


def not_saved(folder: Path, error: OSError | None, files: list[str], expected_bytes: int) -> str:
    """The message when results were computed but could not all be written."""
    why = (error.strerror if error is not None and error.strerror else str(error)) if error else "write failed"
    shown = ", ".join(Path(f).name for f in files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    return (f"{folder}: results not saved ({why}): {shown}. The figures above were computed and kept in memory "
            f"until now; free about {human(needed_bytes(expected_bytes))} there, or choose another --out, and run again")


def executor_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=None, help="local worker processes (default: one per core)")
    p.add_argument("--dask", default=None, metavar="ADDRESS", help="run on a Dask scheduler (tcp://host:8786), or 'local' for a LocalCluster")
