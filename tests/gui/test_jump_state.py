"""Jump to a day in the demonstration: from the state the day before left (the planner's run kept it), both sides
from that one state; else empty roads, and a note saying so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from gui.runs.states import STORE
from sim.engine.clock import DAY_S
from sim.oldtown.model import Model
from sim.runs.build import build_model
from sim.scenario import load_scenario

RUN_TIMEOUT_MS = 60_000
DAY_TWO = '\n[[days]]\ndate = 2019-10-02\nday_type = "holiday"\ntraffic_factor = 0.95\ntourist_factor = 0.85\n'


def _two_days(short_copy: Path, name: str, more: str = "") -> Path:
    """The short day and the day after it; `more` changes the copy."""
    text = short_copy.read_text(encoding="utf-8")
    head, _, tail = text.partition("[[days]]")
    path = short_copy.with_name(f"{name}.toml")
    path.write_text(head + "[[days]]" + tail.split("\n\n", 1)[0] + "\n" + DAY_TWO + "\n" + tail.split("\n\n", 1)[1] + more, encoding="utf-8")
    return path


def test_jump_to_day_two_starts_both_sides_from_day_ones_state(qtbot, window, short_copy: Path) -> None:  # type: ignore[no-untyped-def]
    left = _two_days(short_copy, "left")
    right = _two_days(short_copy, "right", "\n[transfer_centres.north_bus_station]\ncar_spaces = 20\n")
    assert [d.date for d in load_scenario(left).scenario.days] == [dt.date(2019, 10, 1), dt.date(2019, 10, 2)]
    demo = window.training.demo
    # no run of the left scenario yet: empty roads on the 2nd, and the note says so
    assert demo._load(left, right, None, dt.date(2019, 10, 2))
    qtbot.waitUntil(demo.pair.is_ready, timeout=RUN_TIMEOUT_MS)
    assert demo.plan.t0_s == 0.0 and "empty roads" in demo.plan.note and "empty roads" in demo.callout_label.text()
    assert demo.sides[0].scenario.days[0].date == dt.date(2019, 10, 2) and len(demo.sides[0].scenario.days) == 1
    demo.stop()
    # the planner runs the two days: the window keeps the state at the midnight between them
    assert window.open_path(left, guard=False)
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        assert window.start_run()
    planner = window.run
    state = window.runs.states.at(DAY_S)
    assert state is not None and STORE.find(window.runs.state_key(load_scenario(left).scenario)) is window.runs.states
    at_midnight = Model.restore(state).snapshot()
    uninterrupted = build_model(load_scenario(left).scenario, "left.toml", base_dir=left.parent)
    uninterrupted.advance(DAY_S)
    expected = uninterrupted.snapshot()
    assert at_midnight.vehicles_on_network > 0 and at_midnight.vehicles_on_network == expected.vehicles_on_network
    assert at_midnight.centre_fill == expected.centre_fill and at_midnight.bins_done == expected.bins_done
    # the jump: both sides from that one state, the clock at the 2nd's midnight
    assert demo._load(left, right, None, dt.date(2019, 10, 2))
    plan = demo.plan
    assert plan.t0_s == DAY_S and plan.note == ""
    assert plan.extra[0]["start_state"] is state and plan.extra[1]["start_state"] is state
    assert plan.extra[1]["branch_from"] == load_scenario(left).scenario and plan.extra[1]["branch_at_s"] == DAY_S
    with qtbot.waitSignal(demo.pair.clock_held, timeout=RUN_TIMEOUT_MS):
        demo.pair.run_to(DAY_S + 3 * 3600.0, fast=True)
    assert demo.clock_text().endswith("03:00") and "2" in demo.clock_text()
    sides = [s.run for s in demo.sides]
    n = sides[0].bins_done
    assert n >= 96 + 11 and sides[1].bins_done == n
    for run in sides:  # day 1 in both is the planner's run's day 1: the same state underneath
        assert np.array_equal(run.speed_kmh["old_town"][:96], planner.speed_kmh["old_town"][:96], equal_nan=True)
    # the left side goes on as the uninterrupted run did, not from empty roads
    assert np.array_equal(sides[0].speed_kmh["old_town"][96:n], planner.speed_kmh["old_town"][96:n], equal_nan=True)
    demo.stop()
