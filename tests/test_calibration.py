"""The calibration report's arithmetic: bands, intervals, and the with/without table."""

from __future__ import annotations

from sim.runs.calibration import build_checks, side_by_side


def _run(transfers: list[int], diverted: list[int], speed: float, share: float, peak_date: str = "2019-10-04") -> dict:
    days = [{"date": f"2019-10-0{i + 1}", "transfers": t, "diverted_cars": d, "old_town_speed_kmh": speed,
             "gusu_speed_kmh": speed + 1, "nonlocal_share": share, "ring_C_speed_kmh": speed, "parking_search_min": 0.0,
             "shuttle_wait_min": 5.0} for i, (t, d) in enumerate(zip(transfers, diverted))]
    peak = max(days, key=lambda d: d["transfers"])
    return {"daily": days, "totals": {
        "transfers": sum(transfers), "diverted_cars": sum(diverted), "transfers_peak_day": peak["transfers"],
        "transfers_peak_date": peak_date, "diverted_cars_peak_day": max(diverted),
        "cars_parked_at_transfer_centres": 1, "cars_parked_in_old_town": 1}}


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
