"""The calibration report's arithmetic: bands, intervals, and the with/without table."""

from __future__ import annotations

from sim.runs.calibration import build_checks, side_by_side
from sim.runs.figures import DAY_FIGURES, PUBLISHED, Conservation, DayFigures, RunSummary, ScenarioRef, Totals


def _run(transfers: list[int], diverted: list[int], speed: float, share: float, peak_date: str = "2019-10-04") -> RunSummary:
    zero = dict.fromkeys(DAY_FIGURES, 0)
    days = [DayFigures(**{**zero, "date": f"2019-10-0{i + 1}", "day_type": "holiday", "transfers": t, "diverted_cars": d,
                          "old_town_speed_kmh": speed, "gusu_speed_kmh": speed + 1, "nonlocal_share": share, "ring_C_speed_kmh": speed,
                          "parking_search_min": 0.0, "shuttle_wait_min": 5.0, "cars_parked_at_transfer_centres": 1})
            for i, (t, d) in enumerate(zip(transfers, diverted))]
    totals = Totals.of(days).model_copy(update={"transfers_peak_date": peak_date})
    return RunSummary(scenario=ScenarioRef(name="t.toml", sha256="", resolved_sha256=""), seed=1, vehicles_simulated=0, platoon_size_veh=1,
                      wall_s=0.0, conservation=Conservation(generated=0, finished=0, parked_in_zones=0, parked_at_centres=0, on_network=0),
                      daily=tuple(days), totals=totals, published=PUBLISHED)


def test_a_week_on_target_is_inside_every_band_and_a_bad_one_is_not() -> None:
    good = [_run([20_000, 20_000, 21_400, 30_000, 20_000, 20_000, 10_000], [2_500, 2_500, 2_800, 4_000, 3_000, 2_500, 1_500], 20.0, 0.22)
            for _ in range(3)]
    workday = [_run([0], [0], 18.6, 0.13)] * 3
    checks = {c.figure: c for c in build_checks(good, workday)}
    assert all(c.ok for c in checks.values()), [c.figure for c in checks.values() if not c.ok]
    assert checks["7-day transfers"].mean == 141_400
    assert checks["7-day transfers"].lo == checks["7-day transfers"].hi == 141_400  # no spread, no width
    bad = [_run([10_000] * 7, [1_000] * 7, 15.0, 0.30, peak_date="2019-10-01") for _ in range(3)]
    checks = {c.figure: c for c in build_checks(bad, workday)}
    assert not checks["7-day transfers"].ok
    assert not checks["peak on 4 Oct (share of seeds)"].ok
    assert not checks["non-local share, holiday"].ok
    assert not checks["holiday old-town speed minus workday"].ok  # 15 km/h on the holiday is worse than 18.6
    rows = {r[0]: r[1:] for r in side_by_side(good, bad)}
    assert rows["7-day transfers"] == (141_400, 70_000)
