"""The screenshots of docs/what-if.md: a what-if from 4 Oct 10:00 on the National Day 2019 week, beside the original.

Runs the week in the window (about a minute on two shared cores), then the what-if
bench/what_if.py benchmarks (the North bus station with 400 more spaces and 10 more
shuttles), from the latest state the window kept before 10:00, and grabs the window
at 1600x1000 and 1366x768. Prints what the window kept of the week's states.

    QT_QPA_PLATFORM=offscreen python tools/what_if_screenshot.py [docs]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
WEEK = ROOT / "scenarios" / "national_day_2019.toml"
CENTRE = "north_bus_station"


def wait(app: QApplication, until: object, timeout_s: float) -> None:
    t0 = time.monotonic()
    while not until():  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.01)
        if time.monotonic() - t0 > timeout_s:
            raise SystemExit("timed out")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = QApplication([])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    from gui import cjk_font
    from gui.window import MainWindow  # after the QApplication: the window's modules make Qt objects

    cjk_font.ensure_chinese(app)  # as `gusu gui` does: the bundled font where the system has no Chinese one

    w = MainWindow()
    w.remember = False
    w.resize(1600, 1000)
    w.show()
    assert w.open_path(WEEK, guard=False)
    t0 = time.monotonic()
    assert w.start_run()
    wait(app, lambda: w.run.state == "finished", 600)
    ring = w.runs.states
    print(f"week run in {time.monotonic() - t0:.0f} s; states kept: {len(ring.times)} "
          f"({ring.nbytes() / 1e6:.1f} MB, {ring.dropped} let go), at h {[t / 3600 for t in ring.times]}")
    sizes = [len(s) / 1e6 for s in ring.states.values()]
    print("sizes MB:", ", ".join(f"{x:.1f}" for x in sizes))
    spec = w.loaded.scenario.transfer_centres[CENTRE]
    w.form.set_value(("transfer_centres", CENTRE, "car_spaces"), spec.car_spaces + 400)
    w.form.set_value(("transfer_centres", CENTRE, "shuttle", "fleet"), spec.shuttle.fleet + 10)
    moment = 3 * 86400.0 + 10 * 3600.0
    t, kept, _state = w.runs.branch_point(w.form.scenario(), moment)
    print(f"what-if from {t / 3600:.0f} h, started from the state kept at {kept / 3600 if kept is not None else None} h")
    t1 = time.monotonic()
    assert w.what_if.start(w.form.scenario(), moment)
    wait(app, lambda: bool(w.runs.changes), 600)  # the model answered: the status bar says what changed, when
    said = w.statusBar().currentMessage()  # what changed, in words: shown again in the pictures
    wait(app, lambda: w.run.state == "finished" and not w.worker.is_active(), 600)
    print(f"what-if run in {time.monotonic() - t1:.0f} s")
    for width, height in ((1600, 1000), (1366, 768)):
        w.resize(width, height)
        for _ in range(30):
            app.processEvents()
            time.sleep(0.02)
        w.statusBar().showMessage(said)
        path = out / f"what_if_4oct_1000_{width}x{height}.png"
        w.grab().save(str(path))
        print("wrote", path)
    w.runs.shutdown()


if __name__ == "__main__":
    main()
