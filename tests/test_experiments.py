"""Replications and sweeps: the same numbers on any executor, failures reported, resume."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sim.cli import main
from sim.runs.experiments import RunFailure, RunSpec, mean_ci95, run_local
from sim.runs.sweep import run_sweep

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny_day.toml"
GRID = [("transfer_centres.north_bus_station.car_spaces", [40, 800]), ("behaviour.compliance", [0.5, 0.95])]


def test_a_sweep_gives_the_same_csv_on_one_two_workers_and_dask(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    texts = []
    for name, workers, dask in (("one", 1, None), ("two", 2, None), ("dask", 2, "local")):
        variants, rows, failed = run_sweep(TINY, GRID, [1, 2], tmp_path / name, workers=workers, dask=dask)
        assert failed == []
        assert len(variants) == 4
        texts.append((tmp_path / name / "sweep.csv").read_text())
    assert texts[0] == texts[1] == texts[2]
    lines = texts[0].splitlines()
    assert lines[0].startswith("variant,transfer_centres.north_bus_station.car_spaces,behaviour.compliance,figure,mean")
    # the variants really differ: fewer diverted cars when fewer drivers comply
    rows = [line.split(",") for line in lines[1:]]
    diverted = {(r[1], r[2]): float(r[4]) for r in rows if r[3] == "diverted_cars"}
    assert diverted[("800", "0.5")] < diverted[("800", "0.95")]


def test_a_variant_that_cannot_build_is_refused_before_any_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sweep", str(TINY), "--set", "transfer_centres.north_bus_station.shuttle.to_zone=zhuozhengyuan,nowhere",
                 "--out", str(tmp_path / "out"), "--workers", "2"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{TINY}: --set transfer_centres.north_bus_station.shuttle.to_zone: the network has no zone 'nowhere'" in err
    assert "runs done" not in err and not (tmp_path / "out").exists()


def test_a_run_that_raises_is_reported_not_fatal(tmp_path: Path) -> None:
    report = run_sweep(TINY, [("transfer_centres.north_bus_station.shuttle.to_zone", ["zhuozhengyuan", "nowhere"])], [2019],
                       tmp_path, workers=2)
    assert len(report.failed) == 1
    assert report.failed[0].startswith("variant 1 (transfer_centres.north_bus_station.shuttle.to_zone=nowhere), seed 2019: FAILED")
    assert "no zone 'nowhere'" in report.failed[0]
    rows = (tmp_path / "sweep.csv").read_text().splitlines()
    ok = [r for r in rows if r.startswith("0,") and ",transfers," in r][0]
    bad = [r for r in rows if r.startswith("1,") and ",transfers," in r][0]
    assert ok.split(",")[-3:-1] == ["1", "0"]  # one run, none failed
    assert bad.split(",")[-3:-1] == ["0", "1"]


def test_resume_runs_only_what_is_missing(tmp_path: Path) -> None:
    grid = [("behaviour.compliance", [0.5, 0.95])]
    run_sweep(TINY, grid, [1, 2], tmp_path, workers=2)
    first = (tmp_path / "sweep.csv").read_text()
    victim = tmp_path / "runs" / "variant001_seed2.json"
    kept = tmp_path / "runs" / "variant000_seed1.json"
    kept_mtime = kept.stat().st_mtime_ns
    victim.unlink()
    calls: list[tuple[int, int]] = []
    run_sweep(TINY, grid, [1, 2], tmp_path, workers=2, resume=True, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 1)]  # one run, the missing one
    assert victim.exists()
    assert kept.stat().st_mtime_ns == kept_mtime
    assert (tmp_path / "sweep.csv").read_text() == first


def _die_once(spec: RunSpec) -> dict:
    """A task whose worker process dies the first time it sees seed 2 (and always for seed 3)."""
    marker = Path(spec.name)
    if spec.seed == 3 or (spec.seed == 2 and not marker.exists()):
        marker.touch()
        os._exit(13)
    return {"seed": spec.seed}


def test_a_dead_worker_loses_only_its_run_and_it_is_retried_once(tmp_path: Path) -> None:
    marker = str(tmp_path / "died-once")
    specs = [RunSpec(marker, s, "", "", "", "") for s in (1, 2, 3, 4)]
    out = run_local(specs, workers=2, task=_die_once)
    assert out[0] == {"seed": 1} and out[3] == {"seed": 4}
    assert out[1] == {"seed": 2}  # died, retried, succeeded
    assert isinstance(out[2], RunFailure) and out[2].attempts == 2 and "died" in out[2].message


def test_replications_report_means_and_intervals(tmp_path: Path) -> None:
    import json

    assert main(["run", str(TINY), "--replications", "3", "--workers", "2", "--out", str(tmp_path)]) == 0
    summ = json.loads((tmp_path / "summary.json").read_text())
    assert summ["replications"] == 3 and summ["seeds"] == [2019, 2020, 2021]
    t = summ["totals"]["transfers"]
    assert len(t["values"]) == 3 and t["ci95"][0] <= t["mean"] <= t["ci95"][1]
    assert summ["daily"][0]["old_town_speed_kmh"]["mean"] > 0


def test_mean_ci95_by_hand() -> None:
    mean, lo, hi = mean_ci95([1.0, 2.0, 3.0])
    assert mean == 2.0
    assert hi - mean == pytest.approx(4.303 * 1.0 / 3 ** 0.5)
    assert mean_ci95([5.0])[1] != mean_ci95([5.0])[1]  # NaN: no interval from one value


def test_a_spec_sent_to_a_worker_gives_the_same_numbers_as_the_file(tmp_path: Path) -> None:
    """Workers get the resolved scenario as JSON (keys sorted): results must not depend on key order."""
    from sim.runs.build import build_model
    from sim.runs.experiments import run_summary, specs_for
    from sim.runs.results import daily_figures
    from sim.scenario import load_scenario

    loaded = load_scenario(TINY)
    model = build_model(loaded.scenario, loaded.path.name, 1, base_dir=loaded.base_dir)
    model.run()
    assert run_summary(specs_for(TINY, [1])[0]).daily == tuple(daily_figures(model))
