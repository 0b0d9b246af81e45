"""Benchmark: does the window keep up with a full-scale run, and does it slow the run down?

Scenario: the bundled National Day 2019 week at full scale (every car), run
once headless (as `gusu run --out` does: build, run, summary, result files)
and once in the window, in the same process. Three figures:

  GUI block   the longest the GUI thread went without serving a 10 ms heartbeat
              timer during the windowed run (ms); the target is at most 100 ms
  redraw fps  paint events of the speed plot (and the map) per second of the run;
              the target is at least 20
  ratio       windowed run time over headless run time; the target is at most 1.25

Usage: python bench/gui_bench.py [--days N] [--repeat R] [--scenario FILE]
(offscreen unless a display is set). Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from gui.window import MainWindow
from sim.runs.build import build_model
from sim.runs.results import run_summary, write_outputs
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEARTBEAT_MS = 10  # the GUI thread's pulse; a late pulse is a blocked thread


def headless_s(scenario_path: Path, days: int) -> tuple[float, float]:
    """Build, run, summarise and write the files, as the CLI does (no printing): (wall s, CPU s)."""

    loaded = load_scenario(scenario_path)
    scenario = loaded.scenario.model_copy(update={"days": loaded.scenario.days[:days]})
    t0, c0 = time.perf_counter(), time.process_time()
    model = build_model(scenario, loaded.path.name, None, base_dir=loaded.base_dir)
    model.run(step_s=900.0)
    summ = run_summary(model, loaded.path.name, loaded.sha256, loaded.resolved_sha256)
    with tempfile.TemporaryDirectory() as out:
        write_outputs(Path(out), summ, model, loaded.path.read_bytes(), loaded.path.name)
    return time.perf_counter() - t0, time.process_time() - c0


def windowed(app, scenario_path: Path, days: int) -> dict[str, float]:  # type: ignore[no-untyped-def]

    class Painted(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    window = MainWindow()
    window.remember = False  # a benchmark must not change the user's layout or recent files
    window.resize(1600, 1000)
    window.show()
    assert window.open_path(scenario_path, guard=False)
    if days < len(window.form.data["days"]):
        window.form._set(("days",), window.form.data["days"][:days])
        assert window.form.validate()
    for _ in range(20):
        app.processEvents()
    plot_paints, map_paints = Painted(), Painted()
    window.plots.speed.viewport().installEventFilter(plot_paints)
    window.map.plot.viewport().installEventFilter(map_paints)
    beats: list[float] = []
    heart = QTimer()
    heart.setTimerType(Qt.TimerType.PreciseTimer)
    heart.timeout.connect(lambda: beats.append(time.perf_counter()))
    done = {"at": 0.0}
    loop = QEventLoop()
    window.run_finished.connect(lambda: (done.__setitem__("at", time.perf_counter()), loop.quit()))
    window.run_failed.connect(lambda msg: (print("run failed:", msg), done.__setitem__("at", -1.0), loop.quit()))
    first_update = {"at": 0.0}
    window.worker.updates_received.connect(lambda _u: first_update.__setitem__("at", first_update["at"] or time.perf_counter()))
    heart.start(HEARTBEAT_MS)
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the model's process, once it has ended and been joined
    t0 = time.perf_counter()
    assert window.start_run()
    loop.exec()  # the window's own event loop, as a user has it
    heart.stop()
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done["at"] < 0:
        raise SystemExit(1)
    run_s = done["at"] - t0
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    result = {
        "run_s": run_s,
        "max_block_ms": max(gaps) * 1000.0 - HEARTBEAT_MS if gaps else float("nan"),
        "plot_fps": plot_paints.count / run_s,
        "plot_fps_streaming": plot_paints.count / max(1e-9, done["at"] - first_update["at"]),
        "map_fps": map_paints.count / run_s,
        "model_cpu_s": (kids1.ru_utime - kids0.ru_utime) + (kids1.ru_stime - kids0.ru_stime),
        "gui_cpu_share": ((cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)) / run_s,
        "model_wall_s": float(window.run.summary.get("wall_s", float("nan"))),
    }
    window.form.changes.clear()
    window.close()
    window.deleteLater()
    app.processEvents()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=7, help="days of the scenario to run (default: the whole week)")
    parser.add_argument("--repeat", type=int, default=1, help="repetitions; medians are printed")
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "national_day_2019.toml"))
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    scenario = Path(args.scenario)
    rows = []
    for i in range(args.repeat):
        h, h_cpu = headless_s(scenario, args.days)
        w = windowed(app, scenario, args.days)
        w["headless_s"] = h
        w["ratio"] = w["run_s"] / h
        w["cpu_ratio"] = w["model_cpu_s"] / h_cpu
        rows.append(w)
        print(f"  run {i + 1}: headless {h:.1f} s, windowed {w['run_s']:.1f} s, ratio {w['ratio']:.3f}, "
              f"max GUI block {w['max_block_ms']:.0f} ms, plot {w['plot_fps']:.1f} fps over the run, "
              f"{w['plot_fps_streaming']:.1f} fps while updates stream, map {w['map_fps']:.1f} fps "
              f"(model process CPU {w['model_cpu_s']:.1f} s vs headless {h_cpu:.1f} s, window process CPU {w['gui_cpu_share']:.0%} of a core, "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)", flush=True)

    def med(key: str) -> float:
        return statistics.median(r[key] for r in rows)

    label = "median of " + str(args.repeat) if args.repeat > 1 else "one run"
    print(f"{scenario.name}, {args.days} day(s), full scale, {label} ({os.environ.get('QT_QPA_PLATFORM', 'native')} platform):")
    print(f"max GUI-thread block: {med('max_block_ms'):.0f} ms   (target <= 100)")
    print(f"plot redraw rate:     {med('plot_fps'):.1f} fps over the whole run, start-up included (map {med('map_fps'):.1f});"
          f" {med('plot_fps_streaming'):.1f} fps from the first update to the end   (target >= 20)")
    print(f"windowed / headless:  {med('ratio'):.3f}  ({med('run_s'):.1f} s / {med('headless_s'):.1f} s)   (target <= 1.25)")
    print(f"  same in CPU time:   {med('cpu_ratio'):.3f}  (the model's own work; wall time also counts other load on the machine,"
          f" load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
