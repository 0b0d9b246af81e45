"""A change sent from the window to the running model: it takes effect, is marked on the plots and recorded; a refused one leaves the run going."""

from __future__ import annotations

import json

from gui.runs.export import export_results
from sim.runs.session import RunState

RUN_TIMEOUT_MS = 40_000


def _pause_mid_day(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Start the short day at a pace slow enough to pause it in the morning."""
    window.run_bar.pace.setCurrentIndex(window.run_bar.pace.findData(300.0))
    assert window.start_run()
    qtbot.waitUntil(lambda: window.run.snapshot is not None and window.run.snapshot.t_s >= 6 * 3600, timeout=RUN_TIMEOUT_MS)
    window.runs.pause_or_resume()
    qtbot.waitUntil(lambda: window.run.state == RunState.PAUSED, timeout=10_000)


def _centre(window) -> str:  # type: ignore[no-untyped-def]
    return sorted(window.loaded.scenario.transfer_centres)[0]


def test_a_live_change_from_the_window_takes_effect_is_marked_and_recorded(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    act = window.what_if.act_apply
    assert not act.isEnabled()  # no run yet
    _pause_mid_day(qtbot, window)
    assert window.form.isEnabled() and not act.isEnabled()  # running, but nothing edited
    centre = _centre(window)
    spaces = window.loaded.scenario.transfer_centres[centre].car_spaces
    window.form.set_value(("transfer_centres", centre, "car_spaces"), spaces + 400)
    qtbot.waitUntil(act.isEnabled, timeout=5000)
    paused_at = window.run.snapshot.t_s
    with qtbot.waitSignal(window.runs.change_applied, timeout=10_000) as got:
        act.trigger()
    change = got.args[0]
    assert change.keys == [f"transfer_centres.{centre}.car_spaces"] and change.t_s == paused_at
    assert "Changed at" in window.statusBar().currentMessage() and "spaces" in window.statusBar().currentMessage()
    marks = window.runs.marks
    assert [m.t_s for m in marks.marks] == [paused_at] and len(marks.lines) == 3
    assert marks.lines[0][1].value() == paused_at / 3600.0 and marks.lines[0][1] in window.plots.speed.getPlotItem().items
    assert not act.isEnabled()  # the run now runs the form's scenario
    window.run_bar.pace.setCurrentIndex(0)
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        window.runs.pause_or_resume()
    record = json.loads((window.run.out_dir / "live_changes.json").read_text(encoding="utf-8"))
    assert [(c["t_s"], c["keys"]) for c in record] == [(paused_at, change.keys)]
    assert record[0]["resolved"]["transfer_centres"][centre]["car_spaces"] == spaces + 400
    exported = export_results(window.run.out_dir, tmp_path / "exported")  # File > Export results takes the record along
    assert (tmp_path / "exported" / "live_changes.json") in exported


def test_a_refused_live_change_leaves_the_run_going(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda title, text, details="": shown.append(text))
    _pause_mid_day(qtbot, window)
    window.form.set_value(("behaviour", "visit_h"), window.loaded.scenario.behaviour.visit_h + 1.0)
    qtbot.waitUntil(window.what_if.act_apply.isEnabled, timeout=5000)
    with qtbot.waitSignal(window.runs.change_refused, timeout=10_000) as got:
        window.what_if.act_apply.trigger()
    assert "behaviour.visit_h" in got.args[0] and got.args[1] is False
    assert shown and "The run goes on unchanged." in shown[0]
    assert window.run.state == RunState.PAUSED and window.worker.is_active() and not window.runs.marks.marks
    window.run_bar.pace.setCurrentIndex(0)
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        window.runs.pause_or_resume()
    assert window.run.state == RunState.FINISHED and not (window.run.out_dir / "live_changes.json").exists()
