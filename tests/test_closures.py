"""Timed closures (network.closures) against hand-worked cases: never entered while closed, the detour, reopening.

The little town of tests/test_turn_bans.py (10 m/s, a link's time is its length / 10):

        w ---500--- a ---500--- j ---500--- e
                    |           |          /
                   700         500       800
                    |           |       /
                    b ---500--- s -----'

From w to s the shortest way is w-a-j-s, 150 s. With j-s (js:ab) closed the next
shortest is w-a-b-s, 170 s (w-a-j-e-s takes 230 s). A car already on a-j when the
closure holds goes on j-e-s (130 s from j); a car starting at j goes j-e-s too; a
car already on j-s drives off it. The run has two days: the closure is on the
second only.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from sim.cli import main
from sim.engine.clock import DAY_S, hour_of
from sim.engine.links import Link, Vehicle
from sim.engine.network import modified
from sim.engine.routing import CLOSED_LINK, TurnBanClock, closure
from sim.interop.export_sumo import export_day
from sim.oldtown.closures import branch_problem
from sim.oldtown.model import Model
from sim.runs.build import BuildError, build_model
from sim.runs.snapshot import BranchRefused, apply_change, resolved_of
from sim.scenario import load_scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.schema import Scenario
from tests.test_turn_bans import ROOT, SMALL, BanRun, little_town

DAY1, DAY2 = dt.date(2019, 10, 3), dt.date(2019, 10, 4)


class ClosureRun(BanRun):
    """The turn-ban test's cars on the little town, with a clock that knows the date (day 1, day 2)."""

    def __init__(self, windows_h: tuple[tuple[float, float], ...] = ((8.0, 9.0),)) -> None:
        net = little_town()
        ban = closure(net, "js:ab", 0b11, DAY2, windows_h, "network.closures[0]")
        assert ban is not None and ban.from_link == CLOSED_LINK
        super().__init__(net, [ban])
        self.clock = TurnBanClock([ban], 2, lambda _t: "workday", lambda t: (DAY1, DAY2)[int(t // DAY_S)])

    def start_at(self, vid: int, node: str, dest: str, at_s: float) -> None:
        """A car that starts its trip at a junction (an entry queue, as the model's sources: link index -1)."""
        def go(_ev: object) -> None:
            self.starts_s[vid] = self.env.now
            veh = Vehicle(vid, 0, self.net.node_index[dest], 0, False, 1)
            bans = self.clock.mask(0, self.env.now)
            nh = self.router.table(0, 0, bans)[veh.dest][self.net.node_index[node]]
            self.paths[vid].append(f"start {node}")
            self.links[nh].enter(veh, self.env.now)
        self.env.timeout(at_s).callbacks.append(go)


def test_a_closed_link_is_never_entered_while_closed_and_used_again_after() -> None:
    run = ClosureRun()
    run.drive(1, "wa:ab", "s", DAY_S + 7 * 3600.0)  # day 2, before the window
    for k in range(2, 8):  # ten minutes apart through the window
        run.drive(k, "wa:ab", "s", DAY_S + 8 * 3600.0 + (k - 2) * 600.0)
    run.drive(9, "wa:ab", "s", DAY_S + 9 * 3600.0)  # the window has ended
    run.drive(10, "wa:ab", "s", 8 * 3600.0 + 1800.0)  # day 1, in the hours but not on the date
    run.drive(11, "aj:ab", "s", DAY_S + 8 * 3600.0 + 1800.0)  # already on a-j when the closure holds
    run.drive(12, "js:ab", "s", DAY_S + 8 * 3600.0 + 1800.0)  # already on j-s: drives off
    run.start_at(13, "j", "s", DAY_S + 8 * 3600.0 + 1800.0)  # starts at j: not on j-s
    run.env.run()
    for k in range(2, 8):
        assert run.paths[k] == ["wa:ab", "ab:ab", "bs:ab"]
        assert run.times_s[k] == pytest.approx(170.0)  # 50 + 70 + 50 s: the next shortest
    for k in (1, 9, 10):
        assert run.paths[k] == ["wa:ab", "aj:ab", "js:ab"]
        assert run.times_s[k] == pytest.approx(150.0)
    assert run.paths[11] == ["aj:ab", "je:ab", "es:ab"]
    assert run.paths[12] == ["js:ab"]
    assert run.times_s[12] == pytest.approx(50.0)
    assert run.paths[13] == ["start j", "je:ab", "es:ab"]


def test_a_closure_naming_a_link_the_network_lacks_is_refused_and_a_removed_one_ignored() -> None:
    net = little_town()
    with pytest.raises(ValueError) as err:
        closure(net, "jz:ab", 1, DAY2, [(8.0, 9.0)], "network.closures[3]")
    assert str(err.value) == "network.closures[3].link: no link 'jz:ab' in the network; did you mean 'js:ab', 'je:ab', 'aj:ab'?"
    assert closure(modified(net, ["js"], [], []), "js:ab", 1, DAY2, [(8.0, 9.0)], "network.closures[0]") is None


def _bad_file(tmp_path: Path, closure_toml: str) -> Path:
    path = tmp_path / "bad_closure.toml"
    base = Path(os.path.relpath(ROOT / "scenarios" / "national_day_2019.toml", tmp_path)).as_posix()
    path.write_text(f'schema_version = 2\nextends = "{base}"\nname = "bad"\n\n[[network.closures]]\n{closure_toml}', encoding="utf-8")
    return path


def test_a_closure_on_a_date_not_in_the_run_is_refused_with_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _bad_file(tmp_path, 'link = "ganjiang_3:ab"\ndate = 2019-10-09\nhours = ["10:00-18:00"]\n')
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert "network.closures[0].date: expected one of the scenario's days (2019-10-01 to 2019-10-07), got 2019-10-09" in str(err.value)
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    said = capsys.readouterr().err
    assert "bad_closure.toml" in said and "network.closures[0].date" in said and "Traceback" not in said


@pytest.mark.parametrize(("toml", "key"), [
    ('link = "ganjiang_3"\ndate = 2019-10-04\n', "network.closures[0].link"),
    ('link = "ganjiang_3:ab"\ndate = 2019-10-04\nhours = ["18:00-10:00"]\n', "network.closures[0].hours[0]"),
    ('link = "ganjiang_99:ab"\ndate = 2019-10-04\n', "network.closures[0].link: no link 'ganjiang_99:ab' in the network"),
])
def test_a_bad_closure_exits_2_from_gusu_run(tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str, key: str) -> None:
    path = _bad_file(tmp_path, toml)
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    said = capsys.readouterr().err
    assert key in said and "bad_closure.toml" in said and "Traceback" not in said
    assert not (tmp_path / "out").exists()


def _with_closures(scenario: Scenario, closures: list[dict]) -> Scenario:
    data = scenario.model_dump()
    data["network"]["closures"] = closures
    return Scenario.model_validate(data)


def _watch_entries(model: Model, link_id: str) -> list[float]:
    """Times at which cars were routed into `link_id` (wrapping every link's router, as the turn-ban test does)."""
    target = model.net.link_index[link_id]
    times: list[float] = []

    def watching(inner):  # type: ignore[no-untyped-def]
        def route(veh: Vehicle, link: Link) -> Link | None:
            nxt = inner(veh, link)
            if nxt is not None and nxt.idx == target:
                times.append(model.env.now)
            return nxt
        return route
    for lk in model.links + list(model.sources.values()):
        lk.route = watching(lk.route)
    return times


def test_the_model_keeps_a_busy_link_closed_for_its_hours_only() -> None:
    loaded = load_scenario(SMALL)
    scenario = _with_closures(loaded.scenario, [{"link": "ganjiang_3:ab", "date": DAY2, "hours": ["10:00-18:00"]}])
    model = build_model(scenario, loaded.path.name, 7, base_dir=loaded.base_dir)
    entered = _watch_entries(model, "ganjiang_3:ab")
    model.run()
    hours = [hour_of(t) for t in entered]
    assert not [h for h in hours if 10.0 <= h < 18.0]  # never while closed
    assert len([h for h in hours if h < 10.0]) > 20 and len([h for h in hours if h >= 18.0]) > 20  # before and after
    c = model.conservation()
    assert c["generated"] == c["finished"] + c["parked_in_zones"] + c["parked_at_centres"] + c["on_network"]


def test_a_branch_may_add_a_closure_that_begins_at_or_after_its_moment_only(tmp_path: Path) -> None:
    loaded = load_scenario(SMALL)
    base = loaded.scenario
    later = _with_closures(base, [{"link": "ganjiang_3:ab", "date": DAY2, "hours": ["11:00-18:00"]}])
    begun = _with_closures(base, [{"link": "ganjiang_3:ab", "date": DAY2, "hours": ["09:00-18:00"]}])
    assert branch_problem(base, later, 10 * 3600.0) is None
    assert branch_problem(base, later, 11 * 3600.0) is None  # at the moment itself
    assert branch_problem(later, base, 10 * 3600.0) is None  # removing one that has not begun
    assert "network.closures" in (branch_problem(base, begun, 10 * 3600.0) or "")
    assert "network.closures" in (branch_problem(begun, base, 10 * 3600.0) or "")
    renoted = _with_closures(base, [{"link": "ganjiang_3:ab", "date": DAY2, "hours": ["09:00-18:00"], "note": "why"}])
    assert branch_problem(begun, renoted, 10 * 3600.0) is None  # a note changes nothing

    model = build_model(base, loaded.path.name, 7, base_dir=loaded.base_dir)
    model.advance(10 * 3600.0)
    with pytest.raises(BranchRefused) as err:
        apply_change(model, resolved_of(base), resolved_of(begun), begun, model.net)
    assert str(err.value) == ("network.closures: the closure of ganjiang_3:ab on 2019-10-04 09:00-18:00 is added at a moment after "
                              "it began; a branch may add or remove only closures that begin at or after its moment")
    assert model.turn_bans is not None and len(model.turn_bans.bans) == 1  # unchanged: the file's one turn ban
    assert apply_change(model, resolved_of(base), resolved_of(later), later, model.net) == ["network.closures"]
    entered = _watch_entries(model, "ganjiang_3:ab")
    model.advance(19 * 3600.0)
    hours = [hour_of(t) for t in entered]
    assert [h for h in hours if h < 11.0] and not [h for h in hours if 11.0 <= h < 18.0] and [h for h in hours if h >= 18.0]


def test_sumo_export_leaves_timed_closures_out_and_says_so(tmp_path: Path) -> None:
    loaded = load_scenario(SMALL)
    scenario = _with_closures(loaded.scenario, [{"link": "ganjiang_3:ab", "date": DAY2, "hours": ["10:00-18:00"]}])
    export_day(scenario, loaded.base_dir, tmp_path, 0, netconvert=False)
    assert 'id="ganjiang_3:ab"' in (tmp_path / "gusu.edg.xml").read_text(encoding="utf-8")  # the edge stays
    text = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "## Timed closures (NOT exported)" in text
    assert "- `ganjiang_3:ab` 10:00-18:00\n" in text


def test_no_closure_builds_no_clock_for_them() -> None:
    loaded = load_scenario(ROOT / "tests" / "data" / "tiny_day.toml")
    model = build_model(loaded.scenario, loaded.path.name, 1, base_dir=loaded.base_dir)
    bans = [] if model.turn_bans is None else model.turn_bans.bans
    assert all(b.from_link != CLOSED_LINK for b in bans)
    with pytest.raises(BuildError):
        build_model(_with_closures(loaded.scenario, [{"link": "nowhere_1:ab", "date": loaded.scenario.days[0].date}]),
                    loaded.path.name, 1, base_dir=loaded.base_dir)


def test_trips_that_need_a_closed_link_end_where_they_are_and_the_model_runs_on() -> None:
    # ext_east's only street out and in (ext_east_1) closed both ways 08:00-12:00: a trip starting there, or bound
    # there, has no way while it holds; as for a street closed for the whole run, the trip ends where it is
    loaded = load_scenario(SMALL)
    scenario = _with_closures(loaded.scenario, [{"link": f"ext_east_1:{d}", "date": DAY2, "hours": ["08:00-12:00"]} for d in ("ab", "ba")])
    model = build_model(scenario, loaded.path.name, 7, base_dir=loaded.base_dir)
    out_of, into = _watch_entries(model, "ext_east_1:ba"), _watch_entries(model, "ext_east_1:ab")
    model.run()
    for entered in (out_of, into):
        hours = [hour_of(t) for t in entered]
        assert not [h for h in hours if 8.0 <= h < 12.0] and [h for h in hours if h >= 12.0]
    c = model.conservation()
    assert c["generated"] == c["finished"] + c["parked_in_zones"] + c["parked_at_centres"] + c["on_network"]
