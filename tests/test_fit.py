"""`gusu calibrate`: recovery of known parameters, the same fit on any executor, resume, and bad files.

Every fit here runs tests/data/fit_day.toml (the tiny test day, routes hourly), one seed,
a handful of trials: a few seconds a run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.runs.experiments import run_summary, specs_for
from sim.runs.fit import FitResult, run_fit, target_figure
from sim.runs.fit_files import load_calibration
from sim.scenario import load_scenario

DATA = Path(__file__).parent / "data" / "fit"
DAY = DATA.parent / "fit_day.toml"
TOURIST, WALK_UP = "demand.tourist.vehicles_per_day.holiday", "demand.walk_up.persons_per_day.holiday"
TRUE = {TOURIST: 6000, WALK_UP: 1500}


def _calibration(folder: Path, trials: int, batch: int, startup: int, targets: dict[str, tuple[str, float]]) -> Path:
    """A calibration of the two demand totals against `targets` (id -> (figure, value)), written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = "".join(f'[[targets]]\nid = "{tid}"\nvalue = {value}\nband = {{ relative = 0.05 }}\nsource = "a run at known values"\n'
                   f'scenario = "day"\nfigure = "{figure}"\n\n' for tid, (figure, value) in targets.items())
    (folder / "targets.toml").write_text(f"schema_version = 1\n\n{rows}")
    (folder / "cal.toml").write_text(f"""schema_version = 1
name = "recover"
targets = "targets.toml"
[scenarios]
day = "{DAY}"
[fit]
trials = {trials}
batch = {batch}
seeds = [1]
startup_trials = {startup}
[[parameters]]
key = "{TOURIST}"
range = [2000, 10000]
integer = true
[[parameters]]
key = "{WALK_UP}"
range = [0, 3000]
integer = true
""")
    return folder / "cal.toml"


FIGURES = {"diverted": "totals.diverted_cars", "transfers": "totals.transfers", "walk_up": "daily.walk_up_persons"}


@pytest.fixture(scope="module")
def known_targets(tmp_path_factory) -> dict[str, tuple[str, float]]:
    """The figures of one run at the known values: what the fit must find its way back to."""
    summary = run_summary(specs_for(DAY, [1], TRUE)[0])
    shape = load_calibration(_calibration(tmp_path_factory.mktemp("known"), 1, 1, 1, {k: (f, 1.0) for k, f in FIGURES.items()}))
    return {t.id: (t.figure, float(target_figure(summary, t) or 0.0)) for t in shape.targets}


def test_the_fit_recovers_known_parameters_from_their_ranges(tmp_path: Path, known_targets) -> None:
    cal = load_calibration(_calibration(tmp_path, trials=16, batch=4, startup=4, targets=known_targets))
    fit = run_fit(cal, tmp_path / "out", workers=2)
    assert fit.best is not None
    # stated tolerance: the tourist car total within 20% (diverted cars and transfers are noisy and
    # saturate at the gates), the walk-up total within 10% (it is counted one for one)
    assert fit.best.params[TOURIST] == pytest.approx(TRUE[TOURIST], rel=0.20), fit.best.params
    assert fit.best.params[WALK_UP] == pytest.approx(TRUE[WALK_UP], rel=0.10), fit.best.params
    assert fit.best.loss is not None and fit.best.loss < len(cal.targets)  # inside every band at the best trial
    assert all(r["inside_band"] for r in fit.rows)


def _same(a: FitResult, b: FitResult) -> None:
    assert [(r.number, r.params, r.means, r.loss) for r in a.records] == [(r.number, r.params, r.means, r.loss) for r in b.records]


@pytest.fixture(scope="module")
def one_worker_fit(tmp_path_factory, known_targets) -> FitResult:
    folder = tmp_path_factory.mktemp("one")
    return run_fit(load_calibration(_calibration(folder, 3, 2, 2, known_targets)), folder / "out", workers=1)


def test_the_same_seeds_give_the_same_fit_on_one_worker_two_and_dask(tmp_path: Path, known_targets, one_worker_fit) -> None:
    pytest.importorskip("dask.distributed")
    cal = load_calibration(_calibration(tmp_path, 3, 2, 2, known_targets))
    two = run_fit(cal, tmp_path / "two", workers=2)
    on_dask = run_fit(cal, tmp_path / "dask", workers=2, dask="local")
    _same(one_worker_fit, two)
    _same(one_worker_fit, on_dask)
    assert len({tuple(r.params.values()) for r in two.records}) == 3  # three different trials, not one repeated


def test_resume_reruns_only_the_missing_trials(tmp_path: Path, known_targets, one_worker_fit) -> None:
    cal = load_calibration(_calibration(tmp_path, 3, 2, 2, known_targets))
    first = run_fit(cal, tmp_path / "out", trials=2, workers=2)   # stopped by its budget after one batch
    assert (first.runs_evaluated, first.runs_replayed) == (2, 0)
    again = run_fit(cal, tmp_path / "out", workers=2)
    assert (again.runs_evaluated, again.runs_replayed) == (1, 2)
    _same(again, one_worker_fit)  # resumed, it is the fit an uninterrupted run gives
    done = run_fit(cal, tmp_path / "out", workers=2)
    assert done.runs_evaluated == 0


def test_a_journal_of_other_files_is_refused(tmp_path: Path, known_targets, capsys) -> None:
    cal_path = _calibration(tmp_path, 1, 1, 1, {"walk_up": known_targets["walk_up"]})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "journal.jsonl").write_text('{"journal": 2, "calibration_sha256": "other"}\n')
    assert main(["calibrate", str(cal_path), "--out", str(tmp_path / "out"), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "journal.jsonl: written for another fit (changed: calibration_sha256, scenarios)" in err


def test_a_bad_calibration_file_exits_2_naming_the_file_and_key(capsys) -> None:
    path = DATA / "bad_range.toml"
    assert main(["calibrate", str(path)]) == 2
    assert capsys.readouterr().err.strip() == f"gusu: {path}: parameters[1].range: expected [low, high] with low < high, got [5, 1]"


def test_a_bad_targets_file_exits_2_naming_the_file_and_key(capsys) -> None:
    assert main(["calibrate", str(DATA / "uses_bad_targets.toml")]) == 2
    assert capsys.readouterr().err.strip() == f"gusu: {DATA / 'bad_targets.toml'}: targets[1].band: expected exactly one of relative or absolute"


def test_an_unknown_scenario_key_is_named(tmp_path: Path, capsys) -> None:
    text = (DATA / "bad_range.toml").read_text().replace("range = [5, 1]", "range = [1, 5]").replace("transfer_penalty_min", "transfer_penalty_mins")
    (tmp_path / "cal.toml").write_text(text.replace('"../fit_day.toml"', f'"{DAY}"').replace('"good_targets.toml"', f'"{DATA / "good_targets.toml"}"'))
    assert main(["calibrate", str(tmp_path / "cal.toml")]) == 2
    assert capsys.readouterr().err.strip() == (f"gusu: {tmp_path / 'cal.toml'}: parameters[1].key: fit_day.toml has no "
                                              "'behaviour.logit.transfer_penalty_mins'")


def _two_scenarios(tmp_path: Path, second: str) -> Path:
    """A calibration over the test day twice ("a" and "b"), declaring the walk-up total once for each."""
    (tmp_path / "cal.toml").write_text(f"""schema_version = 1
name = "one key, two scenarios"
targets = "{DATA / 'good_targets.toml'}"
[scenarios]
day = "{DAY}"
b = "{DAY}"
[[parameters]]
name = "walk_up_day"
key = "{WALK_UP}"
range = [0, 3000]
scenarios = ["day"]
[[parameters]]
{second}
key = "{WALK_UP}"
range = [0, 3000]
scenarios = ["b"]
""")
    return tmp_path / "cal.toml"


def test_one_key_may_be_fitted_apart_for_scenarios_that_set_it_apart(tmp_path: Path) -> None:
    cal = load_calibration(_two_scenarios(tmp_path, 'name = "walk_up_b"'))
    assert [p.id for p in cal.parameters] == ["walk_up_day", "walk_up_b"]
    values = {"walk_up_day": 100, "walk_up_b": 2000}
    assert cal.overrides_for("day", values) == {WALK_UP: 100}
    assert cal.overrides_for("b", values) == {WALK_UP: 2000}


def test_one_key_declared_twice_for_the_same_scenario_is_refused(tmp_path: Path, capsys) -> None:
    path = _two_scenarios(tmp_path, 'name = "walk_up_day"')
    text = path.read_text().replace('scenarios = ["b"]', 'scenarios = ["b", "day"]')
    path.write_text(text)
    assert main(["calibrate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"gusu: {path}: parameters[1].name: \"walk_up_day\" is declared twice (give each its own name); "
                           f"parameters[1].scenarios: \"{WALK_UP}\" is declared twice for the same scenario")


def test_write_back_keeps_comments_and_the_report_lists_the_fit(tmp_path: Path) -> None:
    import datetime as dt
    import shutil

    from sim.runs.fit import TrialRecord
    from sim.runs.fit_report import write_back
    from sim.runs.fitted_values import fitted_values

    folder = tmp_path / "scenarios"  # a copy of the bundled files: a fit writes into the file that sets the key
    shutil.copytree(DATA.parents[2] / "scenarios", folder)
    (folder / "calibration" / "zz_cal.toml").write_text(f"""schema_version = 1
name = "write back"
targets = "zz_targets.toml"
[scenarios]
day = "../normal_workday_2019.toml"
[[parameters]]
key = "{WALK_UP}"
range = [0, 3000]
integer = true
""")
    shutil.copy(DATA / "good_targets.toml", folder / "calibration" / "zz_targets.toml")  # one target on scenario "day"
    owner = folder / "national_day_2019.toml"  # the workday extends it and does not set the walk-ups itself
    cal = load_calibration(folder / "calibration" / "zz_cal.toml")

    def row() -> dict:
        return next(r for r in fitted_values(folder) if r["calibration"] == "zz_cal.toml")

    assert row()["fit"] == ""  # before: a stated assumption
    best = TrialRecord(3, {WALK_UP: 1234}, {}, {}, 0.5, None, 1, 1.0)
    before = owner.read_text()
    written = write_back(cal, FitResult([best], best, 1, 0, 1.0), today=dt.date(2026, 12, 2))
    assert [(p, k, v) for p, k, v in written] == [(owner, WALK_UP, 1234)]
    after = owner.read_text()
    kept = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert all(line in after.splitlines() for line in kept)  # the file's own comments stay
    assert load_scenario(folder / "normal_workday_2019.toml").scenario.demand.walk_up.persons_per_day.holiday == 1234
    assert row()["value"] == 1234 and row()["file"] == "national_day_2019.toml"
    assert row()["fit"].startswith("gusu calibrate 2026-12-02: fitted to zz_targets.toml (diverted)")
    # a second fit writing another key into the same file keeps the first fit's note; a refit replaces its own
    (folder / "calibration" / "zz_cal2.toml").write_text(
        (folder / "calibration" / "zz_cal.toml").read_text().replace(WALK_UP, TOURIST))
    cal2 = load_calibration(folder / "calibration" / "zz_cal2.toml")
    other = TrialRecord(5, {TOURIST: 4321}, {}, {}, 0.7, None, 1, 1.0)
    write_back(cal2, FitResult([other], other, 1, 0, 1.0), today=dt.date(2026, 12, 2))
    write_back(cal, FitResult([best], best, 1, 0, 1.0), today=dt.date(2026, 12, 2))
    notes = [line for line in owner.read_text().splitlines() if line.startswith("# gusu calibrate") and "zz_targets" in line]
    assert len(notes) == 2 and sum("loss 0.5 " in n for n in notes) == 1 and sum("loss 0.7 " in n for n in notes) == 1


def test_a_leave_one_out_refit_reuses_the_full_fits_runs_and_is_the_same_refit(tmp_path: Path, known_targets, one_worker_fit) -> None:
    cal = load_calibration(_calibration(tmp_path, 3, 2, 2, known_targets))
    reused = run_fit(cal, tmp_path / "reused", workers=2, exclude="walk_up", known=one_worker_fit.records)
    fresh = run_fit(cal, tmp_path / "fresh", workers=2, exclude="walk_up")
    _same(reused, fresh)   # answering from the full fit's runs changes nothing but the cost
    assert fresh.runs_evaluated == 3
    assert reused.runs_evaluated <= 1 and reused.runs_replayed >= 2   # the two start-up trials are the full fit's own
    assert [r.loss for r in reused.records] != [r.loss for r in one_worker_fit.records]  # scored without walk_up


def test_the_journal_outlives_write_back_but_not_another_change(tmp_path: Path, known_targets) -> None:
    from sim.scenario.overrides import with_overrides

    cal = load_calibration(_calibration(tmp_path, 1, 1, 1, known_targets))
    before, day = cal.fingerprint(), cal.scenarios["day"]
    cal.scenarios["day"] = with_overrides(day, {TOURIST: 1234})
    assert cal.fingerprint() == before   # the fitted key's value in the file: every trial overrides it
    cal.scenarios["day"] = with_overrides(day, {"behaviour.compliance": 0.5})
    assert cal.fingerprint() != before


def test_leave_out_names_a_target_of_the_file(tmp_path: Path, known_targets, capsys) -> None:
    cal_path = _calibration(tmp_path, 1, 1, 1, known_targets)
    assert main(["calibrate", str(cal_path), "--out", str(tmp_path / "out"), "--workers", "1", "--leave-out", "nope"]) == 2
    err = capsys.readouterr().err
    assert "--leave-out: 'nope' is no target of cal.toml; expected one of diverted, transfers, walk_up" in err
    assert not (tmp_path / "out").exists()   # refused before anything ran


def test_sensitivity_ranks_the_parameters_and_flags_one_the_scenario_does_not_read(tmp_path: Path, known_targets, capsys) -> None:
    import csv
    import json

    cal_path = _calibration(tmp_path, 1, 1, 1, known_targets)
    text = cal_path.read_text().replace(f'[scenarios]\nday = "{DAY}"\n', f'[scenarios]\nday = "{DAY}"\nother = "{DAY}"\n')
    cal_path.write_text(text.replace(f'key = "{WALK_UP}"\n', f'key = "{WALK_UP}"\nscenarios = ["other"]\n'))
    out = tmp_path / "sens"
    assert main(["sensitivity", str(cal_path), "--scenario", "day", "--trajectories", "2", "--workers", "2", "--out", str(out)]) == 0
    result = json.loads((out / "sensitivity.json").read_text())
    assert result["runs"] == 2 * 3
    transfers = {r["parameter"]: r for r in result["outputs"]["transfers"]["indices"]}
    assert transfers[TOURIST]["read_by_scenario"] and transfers[TOURIST]["mu_star"] > 0
    assert transfers[TOURIST]["mu_star_conf95"] >= 0
    assert not transfers[WALK_UP]["read_by_scenario"] and transfers[WALK_UP]["mu_star"] == 0
    charted = {r["parameter"] for r in csv.DictReader((out / "tornado.csv").open())}
    assert charted == {TOURIST}   # nil by construction: not drawn as an effect
    assert f"{WALK_UP}" + " " * (50 - len(WALK_UP)) + " not read by day" in capsys.readouterr().out
