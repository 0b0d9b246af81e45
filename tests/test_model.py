"""The whole model on a small day: determinism, conservation, car parks, shuttles, routes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.engine.network import load_network
from sim.engine.routing import all_pairs_next_link
from sim.oldtown.model import Model
from sim.runs.build import build_model
from sim.runs.results import daily_figures, run_summary, write_outputs
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "small_day.toml"


def run_small(seed: int = 7, **changes) -> Model:  # type: ignore[no-untyped-def]
    loaded = load_scenario(SMALL)
    scenario = loaded.scenario
    for dotted, value in changes.items():
        scenario = _with(scenario, dotted.split("__"), value)
    model = build_model(scenario, loaded.path.name, seed, base_dir=loaded.base_dir)
    model.run()
    return model


def _with(model, path, value):  # type: ignore[no-untyped-def]
    """A copy of a pydantic model with one nested field replaced."""
    head, *rest = path
    if isinstance(model, dict):
        return {**model, head: _with(model[head], rest, value) if rest else value}
    current = getattr(model, head)
    return model.model_copy(update={head: _with(current, rest, value) if rest else value})


@pytest.fixture(scope="module")
def small() -> Model:
    return run_small()


def test_every_car_is_accounted_for(small: Model) -> None:
    c = small.conservation()
    assert c["generated"] > 30_000
    assert c["generated"] == c["finished"] + c["parked_in_zones"] + c["parked_at_centres"] + c["on_network"]


def test_conservation_holds_mid_run() -> None:
    loaded = load_scenario(SMALL)
    model = build_model(loaded.scenario, loaded.path.name, 3, base_dir=loaded.base_dir)
    for hour in (9, 13, 17):
        model.advance(hour * 3600.0)
        c = model.conservation()
        assert c["on_network"] > 0
        assert c["generated"] == c["finished"] + c["parked_in_zones"] + c["parked_at_centres"] + c["on_network"]


def test_the_small_day_produces_the_reported_figures(small: Model) -> None:
    day = daily_figures(small)[0]
    assert 10.0 < day.old_town_speed_kmh < 40.0
    assert day.diverted_cars > 0 and day.transfers > 0 and day.cars_parked_at_transfer_centres > 0
    # diverted cars counted as turned away at a gate plus given up searching
    assert day.diverted_cars == day.diverted_at_gate + day.diverted_after_search
    # both directions counted; every boarding is a transfer under the bundled rule
    assert day.transfers == day.boardings_to_stop + day.boardings_to_centre


def test_same_seed_same_bytes_other_seed_other_numbers(tmp_path: Path, small: Model) -> None:
    again = run_small(seed=7)
    other = run_small(seed=8)
    loaded = load_scenario(SMALL)
    for name, model in (("a", small), ("b", again), ("c", other)):
        write_outputs(tmp_path / name, run_summary(model, "small", loaded.sha256, loaded.resolved_sha256), model, b"", "small.toml")
    a, b, c = ((tmp_path / n / "daily.csv").read_bytes() for n in "abc")
    assert a == b
    assert a != c
    assert (tmp_path / "a" / "timeseries.csv").read_bytes() == (tmp_path / "b" / "timeseries.csv").read_bytes()


def test_same_seed_same_bytes_in_separate_processes(tmp_path: Path) -> None:
    outs = []
    for name in ("p1", "p2"):
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "sim.cli", "run", str(SMALL), "--seed", "11", "--out", str(out)],
                       check=True, cwd=ROOT, capture_output=True)
        outs.append((out / "daily.csv").read_bytes())
    assert outs[0] == outs[1]


def test_a_full_car_park_overflows_to_the_next() -> None:
    model = run_small(seed=5, transfer_centres__north_bus_station__car_spaces=20)
    rec = model.recorder
    assert rec.centre_cars["north_bus_station"].max() <= 20
    assert rec.centre_cars["north_bus_station"].max() == 20  # it did fill
    assert rec.centre_cars["yuanlian"].max() > 0  # and the overflow took the rest
    for c in model.centres:
        assert rec.centre_cars[c.cid].max() <= c.spaces


def test_a_shuttle_never_carries_more_than_its_seats() -> None:
    model = run_small(seed=5, transfer_centres__north_bus_station__shuttle__seats=12)
    north = next(c for c in model.centres if c.cid == "north_bus_station")
    assert north.max_load_persons == 12
    for c in model.centres:
        assert c.max_load_persons <= c.spec.shuttle.seats


def test_routes_follow_the_shortest_times() -> None:
    net = load_network(ROOT / "scenarios" / "networks" / "old_town.toml")
    cost = net.free_time_s()
    dist, nxt = all_pairs_next_link(net.n_nodes, net.link_from, net.link_to, cost)
    assert np.isfinite(dist).all()  # strongly connected
    rng = np.random.default_rng(0)
    for i, j in rng.integers(0, net.n_nodes, size=(200, 2)):
        if i == j:
            continue
        total, k = 0.0, i
        while k != j:
            link = nxt[k, j]
            total += cost[link]
            k = net.link_to[link]
        assert total == pytest.approx(dist[i, j])


def test_the_out_folder_holds_the_resolved_scenario(tmp_path: Path) -> None:
    import json
    import tomllib

    from sim.cli import main

    assert main(["run", str(SMALL), "--out", str(tmp_path)]) == 0
    text = (tmp_path / "scenario_resolved.toml").read_text(encoding="utf-8")
    summ = json.loads((tmp_path / "summary.json").read_text())
    assert f"resolved sha256: {summ['scenario']['resolved_sha256']}" in text
    doc = tomllib.loads(text)
    assert "extends" not in doc  # merged: the base's keys are all here
    assert doc["days"][0]["traffic_factor"] == 0.3 and doc["transfer_centres"]["north_bus_station"]["car_spaces"] == 800


def test_with_every_centre_closed_turned_away_cars_fall_back_and_none_vanishes() -> None:
    loaded = load_scenario(ROOT / "tests" / "data" / "small_day_no_centres.toml")
    model = build_model(loaded.scenario, loaded.path.name, 7, base_dir=loaded.base_dir)
    model.run()
    c = model.conservation()
    assert c["generated"] == c["finished"] + c["parked_in_zones"] + c["parked_at_centres"] + c["on_network"]
    day = daily_figures(model)[0]
    assert day.diverted_cars == 0 and day.cars_parked_at_transfer_centres == 0
    fell_back = day.cars_parked_outside_walked + day.cars_parked_at_kerb + day.cars_to_other_attraction + day.cars_gone_home
    assert fell_back > 0
    assert day.cars_to_other_centre == 0  # there is none


def test_a_driver_who_does_not_know_park_and_ride_never_chooses_it() -> None:
    day = daily_figures(run_small(behaviour__park_and_ride__awareness_share=0.0))[0]
    assert day.park_and_ride_by_choice == 0
    assert day.diverted_at_gate > 0  # the gates still send barred cars to the centres
