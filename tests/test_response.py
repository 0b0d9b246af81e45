"""The model's response to the controls, checked in direction over seeds (issue 11).

A model tuned to one week can answer "what does this control do?" the wrong way
round. Each check runs a one-day holiday case (tests/data/response_day.toml: the
peak day's tourists at full scale, so the attractions' parking is as short as
on the real day, and half the other traffic, so a run takes seconds) with the
control changed, on the same seeds as the base, and requires the 95% interval
of the paired difference (variant minus base) to exclude the wrong direction.
The full week's responses are in `gusu calibrate-report`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.runs.calibration import HIGHER, LOWER, NOT_HIGHER, NOT_LOWER, Response, response_check
from sim.runs.experiments import RunFailure, run_many, specs_for
from sim.runs.figures import RunSummary
from sim.scenario import load_scenario

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent / "data"
BASE = DATA / "response_day.toml"
SEEDS = (1, 2, 3, 4)


def _fewer_spaces() -> dict[str, object]:
    centres = load_scenario(BASE).scenario.transfer_centres
    return {f"transfer_centres.{cid}.car_spaces": c.car_spaces // 2 for cid, c in sorted(centres.items())}


def _fewer_shuttles() -> dict[str, object]:
    centres = load_scenario(BASE).scenario.transfer_centres
    return {f"transfer_centres.{cid}.shuttle.headway_min": c.shuttle.headway_min * 2 for cid, c in sorted(centres.items())}


@pytest.fixture(scope="module")
def runs() -> dict[str, list[RunSummary]]:
    cases = {
        "base": specs_for(BASE, SEEDS),
        "rings off": specs_for(DATA / "response_day_no_control.toml", SEEDS),
        "centres closed": specs_for(DATA / "response_day_no_centres.toml", SEEDS),
        "half the centre spaces": specs_for(BASE, SEEDS, _fewer_spaces()),
        "half the shuttles": specs_for(BASE, SEEDS, _fewer_shuttles()),
    }
    results = run_many([spec for specs in cases.values() for spec in specs], workers=2)
    assert not [r for r in results if isinstance(r, RunFailure)]
    out, i = {}, 0
    for name in cases:
        out[name] = [RunSummary.model_validate(r) for r in results[i:i + len(SEEDS)]]
        i += len(SEEDS)
    return out


def _day(runs: list[RunSummary], key: str) -> list[float]:
    return [float(getattr(r.daily[0], key)) for r in runs]


def _check(runs: dict[str, list[RunSummary]], variant: str, key: str, direction: str, base: str = "base") -> Response:
    r = response_check(variant, key, direction, _day(runs[base], key), _day(runs[variant], key))
    assert r.ok, f"{variant}: {key} expected {direction}, mean difference {r.mean:.2f}, 95% interval {r.lo:.2f} to {r.hi:.2f}"
    return r


@pytest.mark.parametrize(("key", "direction"), [
    ("transfers", LOWER), ("diverted_cars", LOWER), ("tourist_cars_arriving_in_old_town", HIGHER),
    ("parking_search_car_h", HIGHER), ("ring_C_speed_kmh", LOWER),
])
def test_rings_off(runs: dict[str, list[RunSummary]], key: str, direction: str) -> None:
    _check(runs, "rings off", key, direction)


@pytest.mark.parametrize(("key", "direction"), [
    ("old_town_speed_kmh", NOT_HIGHER), ("parking_search_car_h", HIGHER), ("parking_search_min", HIGHER),
])
def test_centres_closed_with_the_rings_on(runs: dict[str, list[RunSummary]], key: str, direction: str) -> None:
    _check(runs, "centres closed", key, direction)


def test_closed_centres_cars_do_not_vanish(runs: dict[str, list[RunSummary]]) -> None:
    for r in runs["centres closed"]:
        c = r.conservation
        assert c.generated == c.finished + c.parked_in_zones + c.parked_at_centres + c.on_network
        d = r.daily[0]
        assert d.cars_parked_outside_walked > 0 and d.cars_to_other_attraction > 0 and d.cars_gone_home > 0
        assert d.cars_parked_at_transfer_centres == 0


def test_more_centre_spaces_do_not_lower_transfers(runs: dict[str, list[RunSummary]]) -> None:
    # the base has twice the spaces of the variant: base minus variant must not be negative
    _check(runs, "base", "transfers", NOT_LOWER, base="half the centre spaces")


@pytest.mark.parametrize(("key", "direction"), [("transfers", NOT_LOWER), ("shuttle_wait_min", NOT_HIGHER)])
def test_more_shuttles_do_not_lower_transfers_or_lengthen_the_wait(runs: dict[str, list[RunSummary]], key: str, direction: str) -> None:
    # the base runs twice as many departures as the variant
    _check(runs, "base", key, direction, base="half the shuttles")


def test_a_wrong_direction_fails() -> None:
    assert response_check("x", "y", LOWER, [10.0, 11.0, 12.0], [12.0, 13.0, 14.0]).ok is False
    assert response_check("x", "y", NOT_HIGHER, [10.0, 10.0, 10.0], [10.5, 10.4, 10.6]).ok is False
    assert response_check("x", "y", HIGHER, [1.0], [2.0]).ok is None  # one seed has no interval
