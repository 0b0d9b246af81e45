"""The window, offscreen: opening, running, stopping, wrong files, edits, comparing, exporting."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SHORT = Path(__file__).parent / "data" / "short_day.toml"
RUN_TIMEOUT_MS = 40_000


def run_to_end(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        assert window.start_run()


def gusu(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The console command in a process of its own (it ends its QApplication's event loop when done)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    return subprocess.run([sys.executable, "-m", "sim.cli", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_opens_with_the_bundled_scenario(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.window import DEFAULT_SCENARIO, MainWindow

    shot = tmp_path / "start.png"
    done = gusu("gui", "--screenshot", str(shot), tmp_path=tmp_path)  # `gusu gui` with no scenario: the bundled one
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 20_000
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(DEFAULT_SCENARIO, guard=False)
    assert w.windowTitle() == "Gusu: national_day_2019.toml"
    assert len(w.template.dates) == 7 and w.template.dates[0] == "2019-10-01"
    assert set(w.map.rings) == {"A", "B", "C", "D"} and len(w.map.gauges) == len(w.loaded.scenario.transfer_centres)
    assert w.form.is_valid() and ("run", "bin_min") in w.form.fields
    assert w.menus.act_run.isEnabled() and not w.menus.act_stop.isEnabled()
    shortcuts = {a.text(): a.shortcut().toString() for a in (w.menus.act_open, w.menus.act_save, w.menus.act_run, w.menus.act_stop)}
    assert shortcuts == {"&Open...": "Ctrl+O", "&Save": "Ctrl+S", "Run": "Space", "Stop": "Esc"}


def test_the_map_names_a_street_on_hover(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    net = window.map.net
    i = next(k for k, (_zh, pinyin) in enumerate(net.link_names) if pinyin.startswith("Renmin"))
    a, b = window.map._a[i], window.map._b[i]
    mid = (a + b) / 2
    j = window.map.nearest_link(float(mid[0]), float(mid[1]), max_m=5.0)
    assert j is not None and net.link_names[j][1].startswith("Renmin")
    text = window.map.describe_link(j)
    assert "Renmin" in text and "km/h" in text and "veh/h" in text


def test_a_short_run_fills_the_plots_and_writes_the_cli_files(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_to_end(qtbot, window)
    run = window.run
    assert run.state == "finished" and run.bins_done >= 90
    x, y = window.plots.curves["speed_old_town"].getData()
    assert len(x) == run.bins_done and np.isfinite(y).sum() > 40
    assert run.daily_values("transfers")[0] > 0
    bars = window.plots.bars["transfers"].opts["height"]
    assert bars[0] == run.daily_values("transfers")[0]
    assert run.snapshot.centre_fill and window.map._shown_bin == run.bins_done
    assert "Day 1/1" in window.run_bar.readout.text() and window.run_bar.progress.value() == 100
    assert window.status.state_label.text().startswith("finished")
    # the same files as `gusu run --out`, from the same functions: byte for byte but for the wall time
    from gui.runs.export import export_images, export_results
    from sim.cli import main as cli_main

    mine = export_results(run.out_dir, tmp_path / "gui")
    assert {p.name for p in mine} >= {"summary.json", "daily.csv", "timeseries.csv"}
    assert cli_main(["run", str(SHORT), "--out", str(tmp_path / "cli")]) == 0
    for name in ("daily.csv", "timeseries.csv", f"scenario_as_run_{SHORT.name}"):
        assert (tmp_path / "gui" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    images = export_images(window.map, window.plots.widgets(), tmp_path / "png")
    assert {p.name for p in images} == {"map.png", "speed.png", "transfers.png", "diverted_cars.png",
                                        "centre_occupancy.png", "gate_queues.png"}
    assert all(p.stat().st_size > 3000 for p in images)


@pytest.mark.parametrize("when", ["while starting", "while running"])
def test_stop_takes_effect_within_half_a_second(qtbot, window, when: str) -> None:  # type: ignore[no-untyped-def]
    window.run_bar.pace.setCurrentIndex(1)  # 10 simulated minutes a second: the run would take minutes
    assert window.start_run()
    if when == "while running":
        qtbot.waitSignal(window.worker.updates_received, timeout=RUN_TIMEOUT_MS).wait()
    t0 = time.perf_counter()
    with qtbot.waitSignal(window.run_stopped, timeout=2000):
        window.stop_run()
    elapsed = time.perf_counter() - t0
    assert elapsed < 0.5, f"stop took {elapsed:.3f} s"
    assert not window.worker.is_active() and window.run.state == "stopped"
    assert window.menus.act_run.isEnabled()


def test_pause_and_resume(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.run_bar.pace.setCurrentIndex(1)
    assert window.start_run()
    qtbot.waitSignal(window.worker.updates_received, timeout=RUN_TIMEOUT_MS).wait()
    with qtbot.waitSignal(window.worker.run_paused, timeout=2000):
        window.run_or_pause()
    assert window.run.state == "paused" and window.menus.act_run.text() == "Resume"
    t_paused = window.run.snapshot.t_s
    qtbot.wait(300)
    assert window.run.snapshot.t_s == t_paused
    with qtbot.waitSignal(window.worker.run_resumed, timeout=2000):
        window.run_or_pause()
    with qtbot.waitSignal(window.run_stopped, timeout=2000):
        window.stop_run()


def test_a_broken_file_shows_a_dialog_naming_the_key_and_the_window_survives(qtbot, window, short_copy: Path) -> None:  # type: ignore[no-untyped-def]
    text = short_copy.read_text(encoding="utf-8") + "\n[run]\nbin_min = 500\n"
    broken = short_copy.with_name("broken.toml")
    broken.write_text(text, encoding="utf-8")
    assert not window.open_path(broken)
    box = window.last_dialog
    assert box is not None and box.isVisible()
    assert "broken.toml" in box.text() and "run.bin_min" in box.text()
    assert window.loaded.path == SHORT and window.isVisible()  # what was open stays open
    box.close()
    (short_copy.with_name("syntax.toml")).write_text("name = [unclosed\n", encoding="utf-8")
    assert not window.open_path(short_copy.with_name("syntax.toml"))
    assert "syntax.toml" in window.last_dialog.text()
    assert not window.open_path(short_copy.with_name("missing.toml"))
    assert "missing.toml" in window.last_dialog.text()


def test_an_error_inside_the_model_becomes_a_dialog(qtbot, window, short_copy: Path) -> None:  # type: ignore[no-untyped-def]
    text = short_copy.read_text(encoding="utf-8") + '\n[transfer_centres.panmen_south.shuttle]\nto_zone = "nowhere"\n'
    short_copy.write_text(text, encoding="utf-8")
    assert window.open_path(short_copy)
    with qtbot.waitSignal(window.run_failed, timeout=RUN_TIMEOUT_MS):
        assert window.start_run()
    box = window.last_dialog
    assert box.isVisible() and "short_copy.toml" in box.text() and "to_zone" in box.text()
    assert window.run.state == "failed" and not window.worker.is_active() and window.menus.act_run.isEnabled()


def test_invalid_values_are_marked_before_running(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from gui.widgets.scenario_form import INVALID_STYLE

    window.form.set_value(("run", "bin_min"), "500")
    assert not window.form.validate()
    field = window.form.fields[("run", "bin_min")]
    assert field.widget.styleSheet() == INVALID_STYLE and "60" in field.widget.toolTip()
    assert field.unit_label is not None and field.unit_label.text() == "min"
    assert "run.bin_min" in window.form.problems_label.text()
    assert not window.start_run() and "run.bin_min" in window.last_dialog.text()
    window.form.set_value(("run", "bin_min"), "15")
    assert window.form.validate() and field.widget.styleSheet() == ""


def test_the_unsaved_changes_guard_fires_on_open_and_on_close(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gui.scenario_files
    import gui.window as gw

    asked: list[str] = []
    answer = {"value": "cancel"}

    def fake_ask(_parent, name: str) -> str:  # type: ignore[no-untyped-def]
        asked.append(name)
        return answer["value"]

    monkeypatch.setattr(gui.scenario_files, "ask_unsaved", fake_ask)
    window.form.set_value(("run", "seed"), "7")
    assert window.is_dirty() and window.windowTitle().endswith("*")
    assert not window.open_path(gw.DEFAULT_SCENARIO)  # cancelled
    assert asked == ["short_day.toml"] and window.loaded.path == SHORT and window.is_dirty()
    window.close()  # cancelled too: the window stays
    assert len(asked) == 2 and window.isVisible()
    answer["value"] = "discard"
    assert window.open_path(gw.DEFAULT_SCENARIO)
    assert len(asked) == 3 and not window.is_dirty() and window.loaded.path == gw.DEFAULT_SCENARIO


def test_comparing_two_runs_shows_two_series(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    run_to_end(qtbot, window)
    first = window.run
    window.hold_reference()
    assert window.comparison.reference is first
    # the trainer's with/without: close the main transfer centre and run again
    window.form.set_value(("transfer_centres", "north_bus_station", "open"), False)
    run_to_end(qtbot, window)
    plots = window.plots
    assert plots.series_count("transfers") == 2 and plots.series_count("diverted_cars") == 2
    assert "speed_old_town" in plots.curves and "speed_old_town" in plots.ref_curves
    ref_x, _ = plots.ref_curves["speed_old_town"].getData()
    cur_x, _ = plots.curves["speed_old_town"].getData()
    assert len(ref_x) == first.bins_done and len(cur_x) == window.run.bins_done
    assert list(plots.ref_bars["transfers"].opts["height"]) == list(first.daily_values("transfers"))
    assert window.run.daily_values("transfers")[0] != first.daily_values("transfers")[0]
    assert "reference" in window.week_figures.label.text() and "comparing with" in window.status.state_label.text()
    window.comparison.clear()
    assert plots.series_count("transfers") == 1


def test_the_layout_comes_back_on_the_next_start(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from gui.settings import make_settings, recent_files
    from gui.window import MainWindow

    window.resize(700, 520)  # the offscreen screen is small; a saved size is kept within the screen
    expected = (window.width(), window.height())
    window.split.setSizes([300, 400])
    split = bytes(window.split.saveState().data())
    window.save_layout()
    assert str(SHORT.resolve()) in recent_files(make_settings())
    again = MainWindow(settings=make_settings())
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == expected
    assert bytes(again.split.saveState().data()) == split


def test_the_screenshot_command_runs_and_saves(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shot = tmp_path / "shot.png"
    done = gusu("gui", str(SHORT), "--run", "--screenshot", str(shot), "--size", "1366x768", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)


def test_save_writes_the_edits_and_keeps_the_comments(qtbot, window, short_copy: Path) -> None:  # type: ignore[no-untyped-def]
    from sim.scenario import load_scenario

    before = short_copy.read_text(encoding="utf-8")
    assert window.open_path(short_copy)
    window.form.set_value(("demand", "tourist", "vehicles_per_day", "holiday"), "650")
    window.form.set_value(("behaviour", "compliance"), "0.9")  # a key only the base file holds
    assert window.is_dirty()
    assert window.save(), window.last_dialog.text() if window.last_dialog else ""
    after = short_copy.read_text(encoding="utf-8")
    assert after.splitlines()[:3] == before.splitlines()[:3]  # the comment header
    assert after.count("# a tenth") == before.count("# a tenth")
    assert "holiday = 650" in after
    loaded = load_scenario(short_copy)
    assert loaded.scenario.behaviour.compliance == 0.9 and loaded.scenario.demand.tourist.vehicles_per_day.holiday == 650
    assert not window.is_dirty() and window.windowTitle() == "Gusu: short_copy.toml"


def test_dropping_a_file_opens_it(qtbot, window, short_copy: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(short_copy))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.loaded.path == short_copy or window.last_dialog is not None, timeout=3000)
    assert window.last_dialog is None, window.last_dialog.text()
    assert window.loaded.path == short_copy


def test_a_missing_display_or_qt_library_is_named_not_aborted() -> None:
    from gui.app import display_problem

    def found(_name: str) -> str:
        return "lib.so"

    def lacks_cursor(name: str) -> str | None:
        return None if name == "xcb-cursor" else "lib.so"

    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, found) is None
    assert display_problem({"DISPLAY": ":0"}, found) is None
    assert "DISPLAY is not set" in (display_problem({}, found) or "")
    assert "libxcb-cursor0" in (display_problem({"DISPLAY": ":0"}, lacks_cursor) or "")


def test_the_window_exports_a_report_and_writes_the_scenario_as_run(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gui.result_folders
    from sim.scenario.loader import fingerprint

    run_to_end(qtbot, window)
    resolved = (window.run.out_dir / "scenario_resolved.toml").read_text(encoding="utf-8")  # as `gusu run --out` writes it
    assert f"resolved sha256: {fingerprint(window.loaded.scenario)}" in resolved
    target = tmp_path / "report.html"
    monkeypatch.setattr(gui.result_folders.QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    window.menus.act_export_report.trigger()
    page = target.read_text(encoding="utf-8")
    assert window.loaded.scenario.name in page and "<svg" in page and "<script" not in page


def test_a_bundle_opens_in_the_window(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sim.interop.bundle import pack
    from sim.scenario import load_scenario

    loaded = load_scenario(SHORT)
    pack(loaded, tmp_path / "short.gusu")
    assert window.open_path(tmp_path / "short.gusu", guard=False)
    assert window.loaded.resolved_sha256 == loaded.resolved_sha256  # the same scenario, unpacked into a folder of its own
    broken = tmp_path / "broken.gusu"
    broken.write_bytes(b"not a zip")
    assert not window.open_path(broken, guard=False)
    assert "broken.gusu" in window.last_dialog.text()
