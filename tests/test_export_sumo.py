"""`gusu export-sumo`: the SUMO files themselves, read back with xml.etree (no SUMO needed).

The network file and the scenario say what SUMO must get: every directed link
of the scenario's network as an edge (closed segments absent, one-way streets
without a reverse edge, lanes cut by road works), the ring gates refusing the
vehicle classes that stand for restricted cars, and the day's trips less those
the model would turn away at a gate. One test runs netconvert when SUMO is
installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np
import pytest

from bench.grid import grid_corners, grid_network
from sim.cli import main
from sim.engine.network import read_network_spec
from sim.interop.export_sumo import DayExport, export_day, sumo_tool, write_network
from sim.oldtown.rings import RING_IDS
from sim.runs.build import scenario_network
from sim.scenario import load_scenario
from sim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "national_day_2019.toml"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[DayExport, Path]:
    out = tmp_path_factory.mktemp("sumo")
    loaded = load_scenario(SCENARIO)
    return export_day(loaded.scenario, loaded.base_dir, out, 0, netconvert=False), out


def edges_of(out: Path) -> dict[str, ET.Element]:
    return {e.get("id"): e for e in ET.parse(out / "gusu.edg.xml").getroot().iter("edge")}  # type: ignore[misc]


def test_every_link_of_the_scenario_network_is_an_edge(exported: tuple[DayExport, Path]) -> None:
    _rep, out = exported
    spec = read_network_spec(ROOT / "scenarios" / "networks" / "old_town.toml")
    loaded = load_scenario(SCENARIO)
    closed = set(loaded.scenario.network.closed_segments)
    expected = set()
    for seg in spec.segments:
        if seg.id in closed:
            continue
        expected.add(f"{seg.id}:ab")
        if seg.directions == "both":
            expected.add(f"{seg.id}:ba")
    edges = edges_of(out)
    assert set(edges) == expected
    assert len(edges) == 285
    nodes = {n.get("id"): n for n in ET.parse(out / "gusu.nod.xml").getroot().iter("node")}
    ends = {e.get("from") for e in edges.values()} | {e.get("to") for e in edges.values()}
    assert set(nodes) == ends  # every node that a street touches, and no other
    assert len(nodes) == 102  # 103 in the file; closing Beiyuan Rd and Datangjia Lane leaves one without a street
    assert "datangjia_beiyuan" not in nodes
    renmin = next(n for n in spec.nodes if n.id == "renmin_ganjiang")
    assert (float(nodes["renmin_ganjiang"].get("x")), float(nodes["renmin_ganjiang"].get("y"))) == (renmin.x_m, renmin.y_m)
    assert {n.get("type") for n in nodes.values()} == {"traffic_light", "priority"}


def test_closed_segments_and_one_way_streets(exported: tuple[DayExport, Path]) -> None:
    _rep, out = exported
    edges = edges_of(out)
    for seg in ("beiyuan_1", "beiyuan_2", "datangjia_1", "guangji_1", "guangji_4"):
        assert f"{seg}:ab" not in edges and f"{seg}:ba" not in edges
    spec = read_network_spec(ROOT / "scenarios" / "networks" / "old_town.toml")
    one_way = [s.id for s in spec.segments if s.directions == "forward"]
    assert len(one_way) == 3
    for seg in one_way:
        assert f"{seg}:ab" in edges and f"{seg}:ba" not in edges


def test_a_scenario_one_way_rule_removes_the_reverse_edge(tmp_path: Path) -> None:
    loaded = load_scenario(SCENARIO)
    s = loaded.scenario
    s = s.model_copy(update={"network": s.network.model_copy(update={"one_way_links": ["renmin_3:ba"], "works": []})})
    export_day(s, loaded.base_dir, tmp_path, 0, netconvert=False)
    edges = edges_of(tmp_path)
    assert "renmin_3:ba" in edges and "renmin_3:ab" not in edges


def test_lanes_speeds_and_lengths(exported: tuple[DayExport, Path]) -> None:
    _rep, out = exported
    edges = edges_of(out)
    spec = read_network_spec(ROOT / "scenarios" / "networks" / "old_town.toml")
    works = {s for w in load_scenario(SCENARIO).scenario.network.works for s in w.segments}
    seg = {s.id: s for s in spec.segments}
    checked_works = checked_plain = 0
    for eid, e in edges.items():
        s = seg[eid.split(":")[0]]
        assert float(e.get("speed")) == pytest.approx(s.free_speed_kmh / 3.6, abs=0.006)
        lanes = int(e.get("numLanes"))
        if s.id in works:
            assert lanes == max(1, round(s.lanes * 0.6))  # 60 % of the lanes left open, at least one
            checked_works += 1
        else:
            assert lanes == s.lanes
            checked_plain += 1
        if s.length_m is not None:
            assert float(e.get("length")) == pytest.approx(s.length_m, abs=0.006)
    assert checked_works > 30 and checked_plain > 150
    assert edges["renmin_3:ab"].get("numLanes") == "1"  # 2 lanes under Metro works


def test_ring_gates_disallow_the_classes_of_refused_cars(exported: tuple[DayExport, Path]) -> None:
    _rep, out = exported
    edges = edges_of(out)
    vtypes = {v.get("id"): v.get("vClass") for v in ET.parse(out / "gusu.trips.xml").getroot().iter("vType")}
    assert vtypes["car"] == "passenger"
    assert len(set(vtypes.values())) == len(vtypes)  # one class per combination of refused rings
    refused = {vid.removeprefix("refused_"): vclass for vid, vclass in vtypes.items() if vid != "car"}
    assert {"C", "D", "BD", "BCD"} <= set(refused)  # a holiday: A (workday peaks) is not in force
    loaded = load_scenario(SCENARIO)
    net = scenario_network(loaded.scenario, loaded.base_dir)
    for i, lid in enumerate(net.link_ids):
        want = {refused[k] for r in RING_IDS if net.gate_links(r)[i] for k in refused if r in k}
        got = set((edges[lid].get("disallow") or "").split())
        assert got == want, lid
    n_gate = {r: int(net.gate_links(r).sum()) for r in "BCD"}
    assert all(n > 0 for n in n_gate.values())
    assert sum(1 for e in edges.values() if e.get("disallow")) >= max(n_gate.values())


def test_trips_are_the_days_draw_less_the_turned_away(exported: tuple[DayExport, Path]) -> None:
    rep, out = exported
    trips = list(ET.parse(out / "gusu.trips.xml").getroot().iter("trip"))
    assert len(trips) == rep.written > 100_000
    assert rep.written + sum(rep.turned_away.values()) + rep.unreachable == rep.drawn
    assert set(rep.turned_away) <= {"resident", "commuter", "through", "tourist", "coach", "bus"}
    depart = np.array([float(t.get("depart")) for t in trips])
    assert np.all(np.diff(depart) >= 0) and depart[0] >= 0 and depart[-1] < 86_400
    nodes = {n.get("id") for n in ET.parse(out / "gusu.nod.xml").getroot().iter("node")}
    assert {t.get("fromJunction") for t in trips} <= nodes and {t.get("toJunction") for t in trips} <= nodes
    # no restricted car is sent into a ring closed to it: its destination lies outside, or it starts inside
    loaded = load_scenario(SCENARIO)
    net = scenario_network(loaded.scenario, loaded.base_dir)
    rings_of = {net.node_ids[i]: r for i, r in enumerate(net.node_rings)}
    for t in trips:
        kind = t.get("type")
        if kind == "car":
            continue
        closed = set(kind.removeprefix("refused_"))
        assert not (closed & rings_of[t.get("toJunction")]) - rings_of[t.get("fromJunction")]


def test_sumocfg_and_readme(exported: tuple[DayExport, Path]) -> None:
    _rep, out = exported
    cfg = {el.tag: el.get("value") for el in ET.parse(out / "gusu.sumocfg").getroot().iter() if el.get("value") is not None}
    assert cfg["net-file"] == "gusu.net.xml" and cfg["route-files"] == "gusu.trips.xml"
    assert cfg["mesosim"] == "true" and cfg["meso-junction-control"] == "true" and cfg["junction-taz"] == "true"
    assert cfg["time-to-teleport"] == "180" and cfg["device.rerouting.period"] == "900"
    netc = {el.tag: el.get("value") for el in ET.parse(out / "gusu.netccfg").getroot().iter() if el.get("value") is not None}
    assert netc["node-files"] == "gusu.nod.xml" and netc["edge-files"] == "gusu.edg.xml" and netc["output-file"] == "gusu.net.xml"
    text = (out / "README.md").read_text(encoding="utf-8")
    for phrase in (
        "graded triggers",
        "without a street are not written: datangjia_beiyuan",
        "diverted to a transfer centre",
        "park and ride",
        "vClass",
        "netconvert -c gusu.netccfg",
    ):
        assert phrase in text


def test_the_turn_ban_is_a_deleted_connection(exported: tuple[DayExport, Path]) -> None:
    _rep, out = exported
    cons = ET.parse(out / "gusu.con.xml").getroot()
    assert [(d.get("from"), d.get("to")) for d in cons.iter("delete")] == [("beihuan_5:ba", "qimen_bridge:ba")]
    netc = {el.tag: el.get("value") for el in ET.parse(out / "gusu.netccfg").getroot().iter() if el.get("value") is not None}
    assert netc["connection-files"] == "gusu.con.xml"
    text = (out / "README.md").read_text(encoding="utf-8")
    assert ("- `beihuan_5:ba` -> `qimen_bridge:ba` (nonlocal_car, local_car, coach, bus; workday/weekend/holiday 00:00-24:00): "
            "deleted\n") in text


def test_a_ban_by_the_hour_and_category_is_deleted_all_day_and_the_readme_says_so(tmp_path: Path) -> None:
    loaded = load_scenario(SCENARIO)
    data = loaded.scenario.model_dump()
    data["network"]["turn_bans"] = [
        {"from_link": "panxu_3:ab", "to_link": "ganjiangxi_1:ab", "categories": ["nonlocal_car"], "hours": ["07:00-19:00"]},
        {"from_link": "beihuan_5:ba", "to_link": "qimen_bridge:ba", "day_types": ["workday"]},
    ]
    export_day(Scenario.model_validate(data), loaded.base_dir, tmp_path, 0, netconvert=False)
    cons = ET.parse(tmp_path / "gusu.con.xml").getroot()
    assert [(d.get("from"), d.get("to")) for d in cons.iter("delete")] == [("panxu_3:ab", "ganjiangxi_1:ab")]
    text = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert ("- `panxu_3:ab` -> `ganjiangxi_1:ab` (nonlocal_car; workday/weekend/holiday 07:00-19:00): deleted, "
            "for the WHOLE day (SUMO cannot time it), for EVERY vehicle (SUMO cannot ban it by category)\n") in text
    assert "- `beihuan_5:ba` -> `qimen_bridge:ba` (nonlocal_car, local_car, coach, bus; workday 00:00-24:00): not written, not in force on a holiday\n" in text


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-sumo", str(SCENARIO), str(tmp_path / "x"), "--day", "9", "--no-netconvert"]) == 2
    assert capsys.readouterr().err.strip() == "gusu: --day: expected 1-7 (the scenario's days), got 9"
    assert main(["export-sumo", str(tmp_path / "missing.toml"), str(tmp_path / "x"), "--no-netconvert"]) == 2
    assert "missing.toml" in capsys.readouterr().err
    (tmp_path / "file").write_text("")
    assert main(["export-sumo", str(SCENARIO), str(tmp_path / "file"), "--no-netconvert"]) == 2
    assert capsys.readouterr().err.strip() == f"gusu: {tmp_path / 'file'}: expected a folder, got a file"


def test_grid_signals_are_traffic_lights_but_the_corners(tmp_path: Path) -> None:
    net = grid_network(4)
    write_network(net, tmp_path, tls_nodes=set(range(net.n_nodes)) - grid_corners(4))
    nodes = list(ET.parse(tmp_path / "gusu.nod.xml").getroot().iter("node"))
    assert sum(n.get("type") == "traffic_light" for n in nodes) == 12
    edges = list(ET.parse(tmp_path / "gusu.edg.xml").getroot().iter("edge"))
    assert len(edges) == 48 and {e.get("numLanes") for e in edges} == {"2"} and {e.get("length") for e in edges} == {"450"}
    assert {e.get("speed") for e in edges} == {"13.89"}


@pytest.mark.skipif(sumo_tool("netconvert") is None and shutil.which("netconvert") is None, reason="SUMO not installed (pip install eclipse-sumo)")
def test_netconvert_builds_the_old_town(tmp_path: Path) -> None:
    assert main(["export-sumo", str(SCENARIO), str(tmp_path)]) == 0
    net = ET.parse(tmp_path / "gusu.net.xml").getroot()
    edges = {e.get("id"): e for e in net.iter("edge") if e.get("function") != "internal"}
    assert set(edges) == set(edges_of(tmp_path))
    assert len(edges["renmin_3:ab"].findall("lane")) == 1
    gate = next(lid for lid, e in edges_of(tmp_path).items() if e.get("disallow"))
    assert all(lane.get("disallow") for lane in edges[gate].findall("lane"))
    assert len(list(net.iter("tlLogic"))) > 50
    # the banned turn has no connection, the other turns at that junction have theirs
    pairs = {(c.get("from"), c.get("to")) for c in net.iter("connection")}
    assert ("beihuan_5:ba", "qimen_bridge:ba") not in pairs
    assert ("beihuan_5:ba", "beihuan_4:ba") in pairs and ("beihuan_4:ab", "qimen_bridge:ba") in pairs
