"""Turn bans against hand-worked cases: the banned movement, the detour, the window, the category.

The small network (36 km/h everywhere, no signal delay, so 10 m/s and a link's
time is its length / 10):

        w ---500--- a ---500--- j ---500--- e
                    |           |          /
                   700         500       800
                    |           |       /
                    b ---500--- s -----'

From w to s the shortest way is w-a-j-s, 150 s. With the movement a-j -> j-s
banned the next shortest is w-a-b-s, 170 s (w-a-j-e-s takes 230 s, and turning
back at j, w-a-j-a-b-s, 270 s). A car already on a-j when the ban holds goes on
j-e-s (130 s from j) rather than back j-a-b-s (170 s).
"""

from __future__ import annotations

import collections
import os
from pathlib import Path

import numpy as np
import pytest
import simpy

from sim.engine.clock import hour_of
from sim.engine.links import Link, Vehicle
from sim.engine.network import RING_IDS, Network, NetworkSpec, build_network, modified
from sim.engine.routing import Router, TurnBan, TurnBanClock, turn_ban
from sim.oldtown.model import Model
from sim.runs.build import BuildError, build_model
from sim.scenario import load_scenario
from sim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "small_day.toml"
NONLOCAL, LOCAL = 0, 1  # category indices: the bits of sim.oldtown.rings.CATEGORY_BITS


def little_town() -> Network:
    xy = {"w": (-500, 0), "a": (0, 0), "j": (500, 0), "e": (1000, 0), "b": (0, -500), "s": (500, -500)}
    seg = {"kind": "arterial", "lanes": 1, "free_speed_kmh": 36.0, "capacity_veh_h": 1800.0, "signal_delay_s": 0.0}
    ends = {"wa": ("w", "a", None), "aj": ("a", "j", None), "je": ("j", "e", None), "js": ("j", "s", None),
            "es": ("e", "s", 800.0), "ab": ("a", "b", 700.0), "bs": ("b", "s", None)}
    segments = [{"id": sid, "from": f, "to": t, **seg, **({"length_m": length} if length else {})} for sid, (f, t, length) in ends.items()]
    return build_network(NetworkSpec.model_validate({
        "schema_version": 1, "name": "little town", "nodes": [{"id": n, "x_m": x, "y_m": y} for n, (x, y) in xy.items()],
        "segments": segments, "zones": [{"id": "zw", "node": "w", "kind": "gusu"}]}))


def ban_aj_js(net: Network, categories: int = 0b11, hours: tuple[tuple[float, float], ...] = ((0.0, 24.0),)) -> TurnBan:
    ban = turn_ban(net, "aj:ab", "js:ab", categories, ["workday"], hours, "network.turn_bans[0]")
    assert ban is not None
    return ban


class BanRun:
    """Cars on the little town's links, routed as sim.oldtown.model.Model.route routes them with bans."""

    def __init__(self, net: Network, bans: list[TurnBan]) -> None:
        self.net = net
        self.env = simpy.Environment()
        self.router = Router(net, RING_IDS, np.random.default_rng(0), groups=1, perception_sd=0.0,
                             movements=[(b.from_link, b.to_link) for b in bans])
        self.clock = TurnBanClock(bans, 2, lambda _t: "workday")
        free = net.free_time_s()
        self.links = [Link(self.env, i, int(net.link_to[i]), float(net.link_length_m[i]), float(free[i]),
                           float(net.link_capacity_veh_h[i]), 100.0, self.route, self.arrive, 10_000.0) for i in range(net.n_links)]
        self.paths: dict[int, list[str]] = collections.defaultdict(list)
        self.times_s: dict[int, float] = {}
        self.starts_s: dict[int, float] = {}

    def route(self, veh: Vehicle, link: Link) -> Link | None:
        self.paths[veh.vid].append(self.net.link_ids[link.idx])
        node = link.to_node
        if node == veh.dest:
            return None
        bans = self.clock.mask(veh.kind, self.env.now)  # the test's cars carry their category index as kind
        nh = self.router.table(0, 0, bans)[veh.dest][self.router.via_node[link.idx] if bans else node]
        return self.links[nh] if nh >= 0 else None

    def arrive(self, veh: Vehicle, node: int) -> None:
        self.times_s[veh.vid] = self.env.now - self.starts_s[veh.vid]

    def drive(self, vid: int, first: str, dest: str, at_s: float, category: int = NONLOCAL) -> None:
        def go(_ev: object) -> None:
            self.starts_s[vid] = self.env.now
            self.links[self.net.link_index[first]].enter(Vehicle(vid, category, self.net.node_index[dest], 0, False, 1), self.env.now)
        self.env.timeout(at_s).callbacks.append(go)


def test_the_detour_is_the_next_shortest_path() -> None:
    net = little_town()
    router = Router(net, RING_IDS, np.random.default_rng(0), groups=1, perception_sd=0.0, movements=[(net.link_index["aj:ab"], net.link_index["js:ab"])])
    s, a = net.node_index["s"], net.node_index["a"]
    aj = net.link_index["aj:ab"]
    assert net.link_ids[router.table(0)[s][a]] == "aj:ab"  # no ban in force: straight on, a-j-s
    banned = router.table(0, 0, 1)
    assert net.link_ids[banned[s][a]] == "ab:ab"  # from a: a-b-s, 120 s, not a-j-e-s (180 s)
    assert net.link_ids[banned[s][router.via_node[aj]]] == "je:ab"  # already on a-j: on to e, 130 s, not back, 170 s
    assert net.link_ids[banned[s][net.node_index["j"]]] == "js:ab"  # a car reaching j another way may turn into j-s
    assert net.link_ids[banned[net.node_index["j"]][a]] == "aj:ab"  # and a-j itself stays open: bound for j, a-j is the way


def test_a_banned_turn_is_never_taken_while_the_ban_holds_and_again_after_it() -> None:
    net = little_town()
    run = BanRun(net, [ban_aj_js(net, hours=((8.0, 9.0),))])
    run.drive(1, "wa:ab", "s", 7 * 3600.0)  # before the window
    for k in range(2, 8):  # ten minutes apart through the window
        run.drive(k, "wa:ab", "s", 8 * 3600.0 + (k - 2) * 600.0)
    run.drive(9, "wa:ab", "s", 9 * 3600.0)  # the window has ended
    run.drive(10, "aj:ab", "s", 8 * 3600.0 + 1800.0)  # already on a-j when the ban holds
    run.env.run()
    for k in range(2, 8):
        assert run.paths[k] == ["wa:ab", "ab:ab", "bs:ab"]
        assert run.times_s[k] == pytest.approx(170.0)  # 50 + 70 + 50 s: the next shortest
    for k in (1, 9):
        assert run.paths[k] == ["wa:ab", "aj:ab", "js:ab"]
        assert run.times_s[k] == pytest.approx(150.0)
    assert run.paths[10] == ["aj:ab", "je:ab", "es:ab"]
    assert run.times_s[10] == pytest.approx(50.0 + 50.0 + 80.0)


def test_a_category_not_named_is_not_affected() -> None:
    net = little_town()
    run = BanRun(net, [ban_aj_js(net, categories=1 << NONLOCAL)])
    run.drive(1, "wa:ab", "s", 100.0, NONLOCAL)
    run.drive(2, "wa:ab", "s", 100.0, LOCAL)
    run.env.run()
    assert run.paths[1] == ["wa:ab", "ab:ab", "bs:ab"]
    assert run.paths[2] == ["wa:ab", "aj:ab", "js:ab"]


def test_links_that_do_not_meet_or_do_not_exist_are_refused_and_closed_ones_ignored() -> None:
    net = little_town()
    with pytest.raises(ValueError) as err:
        turn_ban(net, "wa:ab", "js:ab", 1, ["workday"], [(0.0, 24.0)], "network.turn_bans[2]")
    assert str(err.value) == ("network.turn_bans[2].to_link: 'js:ab' does not leave the junction 'a' where 'wa:ab' ends, "
                              "so the two do not meet; links leaving it: 'wa:ba', 'aj:ab', 'ab:ab'")
    with pytest.raises(ValueError) as err:
        turn_ban(net, "aj:ab", "jz:ab", 1, ["workday"], [(0.0, 24.0)], "network.turn_bans[0]")
    assert str(err.value) == "network.turn_bans[0].to_link: no link 'jz:ab' in the network; did you mean 'js:ab', 'je:ab', 'aj:ab'?"
    closed = modified(net, ["js"], [], [])
    assert turn_ban(closed, "aj:ab", "js:ab", 1, ["workday"], [(0.0, 24.0)], "network.turn_bans[0]") is None


def _with_bans(scenario: Scenario, bans: list[dict]) -> Scenario:
    data = scenario.model_dump()
    data["network"]["turn_bans"] = bans
    return Scenario.model_validate(data)


def test_a_ban_whose_links_do_not_meet_is_refused_with_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "bad_ban.toml"
    base = Path(os.path.relpath(ROOT / "scenarios" / "national_day_2019.toml", tmp_path)).as_posix()
    path.write_text(f'schema_version = 2\nextends = "{base}"\nname = "bad"\n\n'
                    '[[network.turn_bans]]\nfrom_link = "beihuan_5:ba"\nto_link = "qimen_2:ab"\n', encoding="utf-8")
    loaded = load_scenario(path)
    with pytest.raises(BuildError) as err:
        build_model(loaded.scenario, loaded.path.name, 1, base_dir=loaded.base_dir)
    assert str(err.value) == (
        "bad_ban.toml: network.turn_bans[0].to_link: 'qimen_2:ab' does not leave the junction 'beihuan_qimen' where "
        "'beihuan_5:ba' ends, so the two do not meet; links leaving it: 'qimen_bridge:ba', 'beihuan_4:ba', 'beihuan_5:ab'")


def test_the_model_keeps_a_ban_by_category_and_hour() -> None:
    # a busy turn of the small day: 盘胥路 northbound into 干将西路 eastbound, banned for non-Suzhou
    # cars 07:00-12:00 only
    loaded = load_scenario(SMALL)
    scenario = _with_bans(loaded.scenario, [{"from_link": "panxu_3:ab", "to_link": "ganjiangxi_1:ab",
                                             "categories": ["nonlocal_car"], "hours": ["07:00-12:00"]}])
    model: Model = build_model(scenario, loaded.path.name, 7, base_dir=loaded.base_dir)
    a, b = model.net.link_index["panxu_3:ab"], model.net.link_index["ganjiangxi_1:ab"]
    taken: collections.Counter[tuple[bool, bool]] = collections.Counter()  # (non-Suzhou car, in the window)

    def watching(inner):  # type: ignore[no-untyped-def]
        def route(veh: Vehicle, link: Link) -> Link | None:
            nxt = inner(veh, link)
            if link.idx == a and nxt is not None and nxt.idx == b and veh.kind == 0:
                taken[(veh.nonlocal_plate, 7.0 <= hour_of(model.env.now) < 12.0)] += 1
            return nxt
        return route
    for lk in model.links:
        lk.route = watching(lk.route)
    model.run()
    assert taken[(True, True)] == 0  # never by the category named, in the window
    assert taken[(False, True)] > 50  # Suzhou plates keep turning
    assert taken[(True, False)] > 50  # and non-Suzhou plates again after 12:00
