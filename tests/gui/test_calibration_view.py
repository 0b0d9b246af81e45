"""The Calibration view: a report's figures with their intervals, a bad file named, a fit cancelled, the tornado read."""

from __future__ import annotations

import json
import math
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from gui.widgets.calibration_report import read_report
from gui.widgets.calibration_runner import read_journal
from gui.widgets.calibration_tornado import read_tornado
from gui.widgets.calibration_view import FIT, CalibrationView
from sim.runs.calibration import report_json

REPO = Path(__file__).resolve().parents[2]
FIT_DAY = REPO / "tests" / "data" / "fit_day.toml"


def _check(figure: str, unit: str, target: float | None, band: str, mean: float, lo: float, hi: float, inside: bool) -> dict:
    err = math.nan if target is None else (mean - target) / target * 100.0
    return {"figure": figure, "unit": unit, "target": target, "band": band, "mean": mean, "ci95": [lo, hi],
            "error_pct": err, "inside_band": inside, "values": [lo, hi]}


REPORT = {
    "seeds": [1, 2],
    "checks": [
        _check("7-day transfers", "persons", 141400, "±10%", 131708, 130984, 132432, True),
        _check("non-local share, holiday", "share", 0.22, "±2 pt", 0.220, 0.218, 0.222, True),
        _check("old-town speed, workday 07-19", "km/h", 18.6, "±5%", 18.52, 13.89, 23.16, True),
        _check("2018 7-day diverted cars", "cars", 2166, "±10%", 1836, 1740, 1931, False),
        _check("holiday old-town speed minus workday", "km/h", None, ">= 0 (no congestion)", 5.24, 3.90, 6.57, True),
    ],
    "with_and_without_control": [],
    "responses": [],
    "elasticities": [],
    "wall_s_per_week": math.nan,  # report_json writes NaN as null
}


def _write_report(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_text(report_json(REPORT))
    return path


def test_the_view_shows_every_figure_with_its_interval_and_band(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = CalibrationView(work_dir=tmp_path)
    qtbot.addWidget(view)
    assert view.open_report(_write_report(tmp_path))
    table = view.targets.table
    assert table.rowCount() == 5
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert cells[0][:7] == ["7-day transfers", "141,400 persons", "±10%", "131,708 persons", "130,984 persons - 132,432 persons", "-6.9%", "yes"]
    assert cells[0][7].startswith("facts A")  # the source, from the targets file
    assert cells[1][1] == "22.0%" and cells[1][4] == "21.8% - 22.2%"
    assert cells[2][3] == "18.52 km/h"
    assert cells[3][6] == "NO"
    assert cells[4][1] == "-" and cells[4][6] == "yes"
    # the chart: every figure with a target, with a whisker and a band; the one outside is red
    x, y = view.targets.dots.getData()
    assert len(x) == 4
    assert abs(x[0] - (131708 - 141400) / 141400 * 100) < 1e-6
    assert view.targets.band_item.opts["x1"][1] == 2 / 0.22  # ±2 pt of 22%, in % of the target
    brushes = [b.color().getRgb()[:3] for b in view.targets.dots.data["brush"]]
    assert brushes[3] == (200, 40, 40) and brushes[0] == (40, 140, 60)
    assert "4 of 5 figures inside their band" in view.report_label.text()


def test_a_bad_report_gets_a_dialog_naming_the_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = CalibrationView(work_dir=tmp_path)
    qtbot.addWidget(view)
    shown = view.targets.table.rowCount()   # the shipped report's figures
    bad = tmp_path / "not_a_report.json"
    bad.write_text("{ this is not json")
    assert not view.open_report(bad)
    assert isinstance(view.error_box, QMessageBox) and str(bad) in view.error_box.text()
    view.error_box.close()
    other = tmp_path / "sweep.json"
    other.write_text(json.dumps({"runs": []}))
    assert not view.open_report(other)
    assert str(other) in view.error_box.text() and "checks" in view.error_box.text()
    assert view.targets.table.rowCount() == shown   # what was on screen stays: nothing lost to a wrong file


def test_a_fit_starts_a_process_and_cancel_ends_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "targets.toml").write_text('schema_version = 1\n[[targets]]\nid = "diverted"\nvalue = 260\nband = { relative = 0.1 }\n'
                                           'source = "test"\nscenario = "day"\nfigure = "totals.diverted_cars"\n')
    (tmp_path / "cal.toml").write_text(f'schema_version = 1\nname = "t"\ntargets = "targets.toml"\n[scenarios]\nday = "{FIT_DAY}"\n'
                                       '[fit]\ntrials = 200\nbatch = 1\nseeds = [1]\nstartup_trials = 4\n[[parameters]]\n'
                                       'key = "demand.tourist.vehicles_per_day.holiday"\nrange = [2000, 10000]\ninteger = true\n')
    view = CalibrationView(work_dir=tmp_path)
    qtbot.addWidget(view)
    view.tabs.setCurrentIndex(FIT)
    view.fit_file.setText(str(tmp_path / "cal.toml"))
    view.fit_out.setText(str(tmp_path / "fit"))
    view.fit_workers.setValue(1)
    view.run_fit()
    proc = view.fit_runner.process
    assert proc is not None and view.fit_runner.cancel_button.isEnabled()
    assert proc.waitForStarted(10_000)
    # some progress before cancelling: the first run finished (or the journal has a trial)
    qtbot.waitUntil(lambda: view.fit_runner.progress.maximum() > 1, timeout=30_000)
    view.fit_runner.cancel_button.click()
    assert view.fit_runner.process is None and view.fit_runner.finished_code == -1
    assert proc.state() == proc.ProcessState.NotRunning
    assert "cancelled" in view.fit_runner.status.text()
    assert view.fit_runner.run_button.isEnabled()


def test_the_journal_gives_the_best_trial_so_far(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    rows = [{"journal": 1}, {"number": 0, "params": {"a": 1.0}, "loss": 3.5}, {"number": 1, "params": {"a": 2.0}, "loss": None},
            {"number": 2, "params": {"a": 1.5}, "loss": 0.25}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    state = read_journal(path)
    assert (state.trials, state.best_number, state.best_loss, state.best_params) == (3, 2, 0.25, {"a": 1.5})
    assert read_journal(tmp_path / "none.jsonl").best_loss is None


def test_the_tornado_reads_a_small_csv(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "sens"
    folder.mkdir()
    (folder / "tornado.csv").write_text("output,unit,parameter,mu_star,mu_star_conf95,sigma,mu_star_share_of_mean\n"
                                        "transfers,persons,awareness_share,2000,400,2100,0.015\n"
                                        "transfers,persons,penalty_min,9000,1200,9100,0.07\n"
                                        "old_town_speed_kmh,km/h,awareness_share,0.4,0.1,0.5,0.02\n")
    data = read_tornado(folder)
    assert [e.parameter for e in data["transfers"][1]] == ["penalty_min", "awareness_share"]  # largest first
    assert data["old_town_speed_kmh"][0] == "km/h"
    view = CalibrationView(work_dir=tmp_path)
    qtbot.addWidget(view)
    assert view.open_sensitivity(folder)
    assert sorted(view.tornado.plots) == ["old_town_speed_kmh", "transfers"]
    assert "Transfers: mu* (persons)" in view.tornado.plots["transfers"].titleLabel.text
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    assert not view.open_sensitivity(bad)
    assert str(bad) in view.error_box.text()


def test_read_report_of_the_committed_json() -> None:
    rows = read_report(REPO / "scenarios" / "calibration" / "results" / "calibrate_report" / "calibration.json")
    assert rows and all(r.mean is not None for r in rows)


def test_a_new_view_shows_the_shipped_results_with_the_command_that_made_them(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.widgets.calibration_view import shipped_results

    shipped = shipped_results()
    assert set(shipped) <= {"report", "sensitivity"} and "report" in shipped
    view = CalibrationView(work_dir=tmp_path)
    qtbot.addWidget(view)
    assert view.targets.table.rowCount() == len(read_report(shipped["report"].path))
    assert view.report_label.text().startswith(f"shipped with Gusu, made by `{shipped['report'].command}` on 2026-12-02:")
    if "sensitivity" in shipped:
        assert view.tornado.plots and "shipped with Gusu" in view.sens_label.text()
        assert "Run on the scenario 'holiday'. Not drawn, because this scenario does not read them: awareness_2018." in view.sens_label.text()
        assert all("awareness_2018" not in str(p.getAxis("left")._tickLevels) for p in view.tornado.plots.values())
    assert view.open_report(_write_report(tmp_path))   # another file replaces it, and says which
    assert view.report_label.text().startswith(str(tmp_path / "report.json"))


def test_a_damaged_list_of_shipped_results_leaves_the_view_empty(tmp_path: Path) -> None:
    from gui.widgets.calibration_view import shipped_results

    (tmp_path / "shipped.toml").write_text("[report\npath = 3\n")
    assert shipped_results(tmp_path) == {}
    (tmp_path / "shipped.toml").write_text('[report]\npath = 3\ncommand = "x"\nmade = 2026-12-02\n')
    assert shipped_results(tmp_path) == {}
    assert shipped_results(tmp_path / "none") == {}
