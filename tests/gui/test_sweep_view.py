"""A sweep folder opens as a plot of a figure against a swept key."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.widgets.sweep_view import SweepFolderError, SweepView, read_sweep
from sim.runs.sweep import run_sweep

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "tiny_day.toml"


def test_a_sweep_folder_plots_a_figure_against_a_key(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    grid = [("behaviour.compliance", [0.5, 0.95]), ("transfer_centres.north_bus_station.car_spaces", [40, 800])]
    run_sweep(TINY, grid, [1], tmp_path, workers=2)
    table = read_sweep(tmp_path)
    view = SweepView(table)
    qtbot.addWidget(view)
    view.figure_box.setCurrentText("diverted_cars")
    view.key_box.setCurrentText("behaviour.compliance")
    # one line per value of the other key, two points each (the two compliance values)
    assert sorted(view.lines) == ["car_spaces=40", "car_spaces=800"]
    assert [p[0] for p in view.lines["car_spaces=800"]] == [0.5, 0.95]
    low, high = (p[1] for p in view.lines["car_spaces=800"])
    assert low < high  # more compliant drivers, more cars turned away at the gates
    view.key_box.setCurrentText("transfer_centres.north_bus_station.car_spaces")
    assert sorted(view.lines) == ["compliance=0.5", "compliance=0.95"]


def test_a_folder_that_is_not_a_sweep_is_named(tmp_path: Path) -> None:
    with pytest.raises(SweepFolderError, match="not a sweep folder"):
        read_sweep(tmp_path)
    (tmp_path / "sweep.json").write_text('{"keys": ["a"]}')
    (tmp_path / "sweep.csv").write_text("x,y\n1,2\n")
    with pytest.raises(SweepFolderError, match="expected the columns"):
        read_sweep(tmp_path)
