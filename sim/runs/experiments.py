"""Many runs at once: replications and sweep variants, on local processes or a Dask cluster.

A planner's question is rarely one run. A run's result depends only on its
scenario file, its overrides and its seed, never on which worker ran it, in
what order, or how many workers there were, so runs are farmed out and
gathered back in the order they were asked for.

Where runs execute:
- locally, one worker process per slot (`--workers N`, default one per core).
  Each slot is its own single-process executor, so a worker that dies (killed,
  out of memory) loses only its own run; that run is retried once on a fresh
  process and otherwise reported as failed;
- on a Dask distributed scheduler (`--dask ADDRESS`, or `--dask local` for a
  LocalCluster on this machine), with one retry per run. Nothing else in the
  code knows the difference.

A run that raises an error in the model is reported as failed with its
message; it never stops the others. Each finished run is handed to `on_done`
the moment it finishes (a sweep writes it to disk there), with the reason it
was retried, if it was.

Workers never outlive the command. Each local worker runs a watchdog thread:
when the process that started it is gone (SIGKILL, a crash) or asks it to
stop (Ctrl-C), the worker exits at once instead of waiting on a pipe forever.
Workers ignore SIGINT themselves, so a Ctrl-C in the terminal is handled once,
by the main process, which stops them.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.engine.network import NetworkSpec, read_network_spec
from sim.runs.build import build_model
from sim.runs.figures import RunSummary
from sim.runs.results import run_summary as summarise
from sim.scenario import LoadedScenario, load_scenario
from sim.scenario.loader import canonical_json, fingerprint
from sim.scenario.overrides import with_overrides
from sim.scenario.schema import Scenario

Progress = Callable[[int, int], None]
# fresh interpreters: forking a process that runs Qt or Dask threads is unsafe
_SPAWN = multiprocessing.get_context("spawn")
WATCHDOG_S = 0.2  # how often a worker checks that its parent is still there


@dataclass(frozen=True)
class RunSpec:
    """One run, self-contained: the resolved scenario and its network as JSON, and a seed.

    Workers need no access to the files: a cluster node runs the spec as sent.
    """

    name: str
    seed: int
    scenario_json: str
    network_json: str
    sha256: str
    resolved_sha256: str

    def __repr__(self) -> str:
        return f"RunSpec({self.name!r}, seed={self.seed})"


@dataclass
class RunFailure:
    """A run that did not produce a result, and why."""

    spec: RunSpec
    message: str
    attempts: int

    def __str__(self) -> str:
        return self.message


Outcome = RunSummary | RunFailure
# called in the main process as each run ends: (index of the spec, outcome, why it was retried or "")
OnDone = Callable[[int, Outcome, str], None]


def specs_for(path: Path | str, seeds: Sequence[int], overrides: dict[str, Any] | None = None) -> list[RunSpec]:
    """Load (and override) a scenario once; one spec per seed. Raises ScenarioError or NetworkError."""
    return specs_for_loaded(load_scenario(Path(path)), seeds, overrides)


def specs_for_loaded(loaded: LoadedScenario, seeds: Sequence[int], overrides: dict[str, Any] | None = None,
                     network: NetworkSpec | None = None) -> list[RunSpec]:
    """As specs_for, for a scenario already loaded (and its network, read once for a whole sweep)."""
    loaded = with_overrides(loaded, overrides or {})
    if network is None:
        network = read_network_spec(loaded.base_dir / loaded.scenario.network.file)
    scenario_json = canonical_json(loaded.resolved)
    network_json = network.model_dump_json(by_alias=True)
    return [RunSpec(loaded.path.name, seed, scenario_json, network_json, loaded.sha256, loaded.resolved_sha256) for seed in seeds]


def specs_for_scenario(scenario: Scenario, name: str, network: NetworkSpec, seeds: Sequence[int],
                       sha256: str | None = None) -> list[RunSpec]:
    """As specs_for, for a scenario held in memory (the window's edited, unsaved one) and its network spec.

    Its fingerprint is `fingerprint(scenario)`, the one the CLI and the window give it; `sha256` is the
    file's, where there is one (else the fingerprint stands for it too)."""
    scenario_json = canonical_json(scenario.model_dump(mode="python", exclude_none=True))
    network_json = network.model_dump_json(by_alias=True)
    resolved = fingerprint(scenario)
    return [RunSpec(name, seed, scenario_json, network_json, sha256 or resolved, resolved) for seed in seeds]


def run_summary(spec: RunSpec) -> RunSummary:
    """Run one scenario to the end and return its summary (runs in a worker process)."""
    scenario = Scenario.model_validate_json(spec.scenario_json)
    model = build_model(scenario, spec.name, spec.seed, spec=NetworkSpec.model_validate_json(spec.network_json))
    model.run()
    return summarise(model, spec.name, spec.sha256, spec.resolved_sha256)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0] if isinstance(exc, BrokenProcessPool) else text


def exit_with_parent(parent_pid: int, stop: Any = None) -> None:
    """Watch forever (in a daemon thread): exit this process at once when its parent is gone or `stop` is set.

    Pool workers run it, and so does any process that owns a pool on someone's behalf (the window's
    comparison over seeds): a killed parent leaves nothing behind."""
    while True:
        if os.getppid() != parent_pid or (stop is not None and stop.is_set()):
            os._exit(0)  # no cleanup to wait for: the result of an unfinished run is worthless
        time.sleep(WATCHDOG_S)


def _worker_init(parent_pid: int, stop: Any) -> None:
    """In each worker: leave Ctrl-C to the main process, and exit when the parent is gone or says stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=exit_with_parent, args=(parent_pid, stop), name="gusu-watchdog", daemon=True).start()


def run_local(specs: Sequence[RunSpec], workers: int, progress: Progress | None = None,
              task: Callable[[RunSpec], RunSummary] = run_summary, on_done: OnDone | None = None) -> list[Outcome]:
    """Run on `workers` single-process executors; a dead worker costs only its run (retried once)."""
    results: list[Outcome | None] = [None] * len(specs)
    attempts = [0] * len(specs)
    retried = [""] * len(specs)
    queue = list(range(len(specs)))
    slots: list[ProcessPoolExecutor | None] = [None] * max(1, workers)
    running: dict[Future[RunSummary], tuple[int, int]] = {}  # future -> (slot, run)
    stop = _SPAWN.Event()
    done = 0
    try:
        while queue or running:
            for s, ex in enumerate(slots):
                if not queue:
                    break
                if any(slot == s for slot, _ in running.values()):
                    continue
                if ex is None:
                    ex = slots[s] = ProcessPoolExecutor(max_workers=1, mp_context=_SPAWN, initializer=_worker_init,
                                                        initargs=(os.getpid(), stop))
                i = queue.pop(0)
                attempts[i] += 1
                running[ex.submit(task, specs[i])] = (s, i)
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in finished:
                s, i = running.pop(fut)
                exc = fut.exception()
                if exc is None:
                    results[i] = fut.result()
                elif isinstance(exc, BrokenProcessPool):
                    dead = slots[s]
                    slots[s] = None
                    if dead is not None:
                        dead.shutdown(wait=False, cancel_futures=True)
                    if attempts[i] < 2:
                        retried[i] = f"worker process died ({_describe(exc)})"
                        queue.insert(0, i)
                        continue
                    results[i] = RunFailure(specs[i], f"worker process died twice ({_describe(exc)})", attempts[i])
                else:
                    results[i] = RunFailure(specs[i], _describe(exc), attempts[i])
                done += 1
                if on_done:
                    on_done(i, results[i], retried[i])  # type: ignore[arg-type]
                if progress:
                    progress(done, len(specs))
    except BaseException:
        stop.set()  # Ctrl-C or a failure here: the workers exit now, not after their runs
        raise
    finally:
        for ex in slots:
            if ex is not None:
                ex.shutdown(wait=True, cancel_futures=True)
    return results  # type: ignore[return-value]


def check_dask_address(address: str) -> str | None:
    """Why `--dask ADDRESS` cannot be a scheduler address, or None: 'local', or [tcp|tls|ucx|inproc]://host:port."""
    if address == "local":
        return None
    scheme, sep, rest = address.rpartition("://")
    host, colon, port = (rest if sep else address).rpartition(":")
    if (sep and scheme not in ("tcp", "tls", "ucx", "inproc")) or not colon or not host or not port.isdigit():
        return f"expected 'local' or a scheduler address like tcp://host:8786, got {address!r}"
    return None


def run_dask(specs: Sequence[RunSpec], address: str, workers: int, progress: Progress | None = None,
             task: Callable[[RunSpec], RunSummary] = run_summary, on_done: OnDone | None = None) -> list[Outcome]:
    """Run on a Dask distributed scheduler ('local' starts a LocalCluster with `workers` processes)."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed  # optional (the `cluster` extra): only when asked for
    except ImportError:
        raise RuntimeError("--dask needs Dask distributed: pip install 'gusu[cluster]' (or dask[distributed])") from None

    trouble = check_dask_address(address)
    if trouble:
        raise ValueError(f"--dask: {trouble}")
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout=15)
        except OSError as exc:
            raise RuntimeError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
    results: list[Outcome | None] = [None] * len(specs)
    try:
        futures = {client.submit(task, spec, pure=False, retries=1): i for i, spec in enumerate(specs)}
        for n, fut in enumerate(as_completed(list(futures)), 1):
            i = futures[fut]
            if fut.status == "finished":
                results[i] = fut.result()
            else:
                error = fut.exception()
                results[i] = RunFailure(specs[i], _describe(error) if error else fut.status, 2)
            if on_done:  # Dask retries a lost worker's run by itself and does not say so
                on_done(i, results[i], "")  # type: ignore[arg-type]
            if progress:
                progress(n, len(specs))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return results  # type: ignore[return-value]


def run_many(specs: Sequence[RunSpec], workers: int | None = None, progress: Progress | None = None,
             dask: str | None = None, task: Callable[[RunSpec], RunSummary] = run_summary,
             on_done: OnDone | None = None) -> list[Outcome]:
    """Run every spec on the chosen executor; results in the order given, each also to `on_done` as it ends."""
    workers = workers or default_workers()
    if dask:
        return run_dask(specs, dask, workers, progress, task, on_done)
    return run_local(specs, workers, progress, task, on_done)


# two-sided 95% Student t quantiles by degrees of freedom (1..30); normal beyond
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
         2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def mean_ci95(values: Sequence[float | None]) -> tuple[float, float, float]:
    """Mean and the 95% confidence interval of the mean (t distribution); NaN where undefined."""
    xs = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    n = len(xs)
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = sum(xs) / n
    if n == 1:
        return mean, math.nan, math.nan
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1))
    t = _T975[n - 2] if n - 1 <= len(_T975) else 1.960
    half = t * sd / math.sqrt(n)
    return mean, mean - half, mean + half
