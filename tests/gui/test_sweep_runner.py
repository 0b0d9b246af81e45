"""A sweep started from the window: progress over runs, the plot at the end, wrong input shown."""

from __future__ import annotations

from pathlib import Path

from gui.widgets.sweep_runner import SweepRunDialog, time_left_text

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "tiny_day.toml"


def test_a_sweep_runs_with_progress_and_opens_its_plot(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SweepRunDialog(TINY)
    qtbot.addWidget(dialog)
    dialog.sets.setPlainText("behaviour.compliance=0.5,0.95\n")
    dialog.replications.setValue(1)
    dialog.workers.setValue(2)
    dialog.out.setText(str(tmp_path / "sweep"))
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.finished_code is not None, timeout=120_000)
    assert dialog.finished_code == 0, dialog.status.text()
    assert dialog.progress.maximum() == 2 and dialog.progress.value() == 2
    assert 1 in seen  # the bar moved run by run
    assert (tmp_path / "sweep" / "sweep.csv").exists()
    assert dialog.view is not None and sorted(dialog.view.lines) == ["all"]  # one swept key: one line
    dialog.view.close()


def test_wrong_input_is_shown_as_the_command_says_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SweepRunDialog(TINY)
    qtbot.addWidget(dialog)
    dialog.sets.setPlainText("behaviour.complience=0.5\n")
    dialog.out.setText(str(tmp_path / "never"))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.finished_code is not None, timeout=60_000)
    assert dialog.finished_code == 2
    assert 'unknown key "complience"; did you mean "compliance"?' in dialog.status.text()
    assert dialog.view is None


def test_time_left() -> None:
    assert time_left_text(0, 10, 5.0) == ""
    assert time_left_text(2, 10, 20.0) == "80 s"
    assert time_left_text(1, 10, 60.0) == "9 min"
    assert time_left_text(10, 10, 60.0) == ""
