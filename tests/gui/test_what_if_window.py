"""A what-if from the window: from a kept state, changed at the moment its change takes effect, beside the original;
the same numbers as `gusu run --from-snapshot` for the same change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gui.runs.branching import first_effect_s
from gui.runs.states import STORE, StateRing
from sim.engine.clock import DAY_S
from sim.oldtown.model import Model
from sim.runs.snapshot import resolved_of, save_snapshot
from sim.scenario import load_scenario
from sim.scenario.loader import fingerprint

REPO = Path(__file__).resolve().parents[2]
SHORT = Path(__file__).parent / "data" / "short_day.toml"
RUN_TIMEOUT_MS = 60_000
CENTRE = "north_bus_station"
SPACES = 20  # from 800: the car park is full at 10:00 and takes no more, so the what-if differs
COMPARED = ("daily.csv", "timeseries.csv")


def test_the_state_ring_stays_within_its_budget_dropping_hours_before_midnights() -> None:
    ring = StateRing(budget=1000)
    for h in range(0, 49, 3):
        ring.add(h * 3600.0, bytes(200))
    assert ring.nbytes() <= 1000 and ring.dropped == 12
    assert len(ring.times) == 5 and ring.times == sorted(ring.times)
    assert {0.0, DAY_S, 2 * DAY_S, 45 * 3600.0} <= set(ring.times)  # the midnights outlive the hours between; the latest hour stays
    assert ring.latest_at_or_before(DAY_S + 3600.0) == (DAY_S, bytes(200)) and ring.latest_at_or_before(3600.0) == (0.0, bytes(200))


def test_a_ring_hours_change_takes_effect_when_old_and_new_rules_first_disagree() -> None:
    old = load_scenario(SHORT).scenario
    new = old.model_copy(deep=True)
    new.rings["C"].rules[0].hours = ["08:00-19:00"]
    assert first_effect_s(old, new, 2 * 3600.0) == 7 * 3600.0  # 07:00, when the old rule starts and the new does not
    assert first_effect_s(old, new, 7.5 * 3600.0) == 7.5 * 3600.0  # inside the difference: at once
    assert first_effect_s(old, new, 10 * 3600.0) == 10 * 3600.0  # they never differ again on this day: the moment itself
    spaces = old.model_copy(deep=True)
    spaces.transfer_centres[CENTRE].car_spaces += 400
    assert first_effect_s(old, spaces, 2 * 3600.0) == 2 * 3600.0


def test_a_what_if_from_the_window_gives_the_numbers_of_gusu_run_from_snapshot(qtbot, window, tmp_path: Path, short_copy: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        assert window.start_run()
    original = window.run
    states = window.runs.states
    assert states is not None and states.times == [h * 3600.0 for h in range(3, 24, 3)]
    assert STORE.find(window.runs.state_key(window.runs.scenario)) is states
    assert window.what_if.act_what_if.isEnabled()
    fleet = window.loaded.scenario.transfer_centres[CENTRE].shuttle.fleet
    window.form.set_value(("transfer_centres", CENTRE, "car_spaces"), SPACES)
    window.form.set_value(("transfer_centres", CENTRE, "shuttle", "fleet"), fleet + 10)
    scenario = window.form.scenario()
    t, kept_t, state = window.runs.branch_point(scenario, 10 * 3600.0)
    assert (t, kept_t) == (10 * 3600.0, 9 * 3600.0) and state is states.at(9 * 3600.0)
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        assert window.what_if.start(scenario, 10 * 3600.0)
    branch = window.run
    assert branch is not original and window.comparison.reference is original and original.name.endswith("(original)")
    assert branch.name.startswith("what-if from") and window.plots.series_count("speed") == 2 * sum(k.startswith("speed_") for k in window.plots.curves)
    assert window.plots.reference is original and [m.t_s for m in window.runs.marks.marks] == [10 * 3600.0]
    assert "What-if from" in window.statusBar().currentMessage()
    # the same change from a snapshot file at 10:00, by the command line
    model = Model.restore(state)
    model.advance(10 * 3600.0)
    original_scenario = load_scenario(SHORT).scenario
    save_snapshot(tmp_path / "at10.snapshot", model, resolved_of(original_scenario), fingerprint(original_scenario))
    changed = tmp_path / "changed.toml"
    changed.write_text(f'schema_version = 2\nextends = "{short_copy.name}"\n'
                       f'[transfer_centres.{CENTRE}]\ncar_spaces = {SPACES}\n'
                       f'[transfer_centres.{CENTRE}.shuttle]\nfleet = {fleet + 10}\n', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "sim.cli", "run", str(changed), "--from-snapshot", str(tmp_path / "at10.snapshot"),
                           "--out", str(tmp_path / "cli")], cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    for name in COMPARED:
        assert (branch.out_dir / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert not (branch.out_dir / "live_changes.json").exists()  # as the command line: the changed scenario, from its moment
    assert (original.out_dir / "daily.csv").read_bytes() != (branch.out_dir / "daily.csv").read_bytes()  # the change shows


def test_a_what_if_that_cannot_branch_is_refused_with_the_offer_to_run_from_the_start(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        assert window.start_run()
    window.form.set_value(("behaviour", "visit_h"), window.loaded.scenario.behaviour.visit_h + 1.0)
    with qtbot.waitSignal(window.runs.change_refused, timeout=RUN_TIMEOUT_MS) as got:
        assert window.what_if.start(window.form.scenario(), 10 * 3600.0)
    assert "behaviour.visit_h" in got.args[0] and got.args[1] is True
    qtbot.waitUntil(lambda: not window.worker.is_active(), timeout=10_000)
    box = window.what_if.refusal_box
    assert box is not None and "behaviour.visit_h" in box.text()
    start = next(b for b in box.buttons() if box.buttonRole(b) == box.ButtonRole.AcceptRole)
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        start.click()
    assert window.run.name.startswith("short_day.toml") and not window.runs.branch
