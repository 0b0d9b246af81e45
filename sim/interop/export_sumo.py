"""The old town for SUMO: a scenario's network and one day of its trips as SUMO input files.

A planner who wants a second opinion from SUMO gets, in one folder, what SUMO
needs to drive the same day: the network as plain XML (nodes, and edges with
their lanes, speeds, lengths and the vehicle classes a ring gate refuses), the
netconvert configuration that turns them into a `.net.xml`, the day's trips
(departure time, origin and destination junction, a vehicle type per ring
restriction), the turn bans as a connection file netconvert reads (`<delete>`
of the banned connection), and a `.sumocfg` that runs them with the mesoscopic model. When
SUMO is installed, netconvert is run too, so the folder is ready for `sumo -c`.

The network is the scenario's: closed segments are absent, one-way streets
have no reverse edge, road works cut the lanes (rounded, at least one). The
trips are the demand model's draw for the chosen day and seed. What SUMO cannot
express (timed plate rules at gates, turn bans by the hour or by category, timed closures, graded triggers, turning away and
diversion to the transfer centres, park and ride, parking search, shuttles,
return trips) is approximated or left out, and README.md in the folder says
which and how many trips it concerns.

    gusu export-sumo SCENARIO DIR [--day N] [--seed N] [--no-netconvert]
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np

from sim.engine.clock import DAY_S
from sim.engine.network import Network
from sim.engine.routing import all_pairs_next_link
from sim.oldtown.demand import CLASS_NAMES, COMMUTER, RESIDENT, DayTrips, DemandModel
from sim.oldtown.rings import RING_IDS, RingControl, vehicle_category
from sim.runs.build import scenario_network
from sim.scenario.schema import VEHICLE_CATEGORIES, Scenario, parse_hours

SIGNAL_DELAY_MIN_S = 20.0  # a node is signalised when an approach has at least this mean delay (network file: 20-30 s at signals)
TLS_CYCLE_S = 90  # netconvert's fixed-time programs: cycle, yellow; no separate left-turn phase
TLS_YELLOW_S = 3
EDGE_PRIORITY = {"expressway": 13, "ring_road": 11, "arterial": 9, "bridge": 8, "secondary": 7, "access": 5}
# SUMO vehicle classes that behave like a passenger car, used to carry "refused by rings X" (one per combination)
RESTRICTED_VCLASSES = ("custom1", "custom2", "private", "vip", "hov", "taxi", "evehicle", "delivery")
CAR_LENGTH_M, CAR_MIN_GAP_M = 5.0, 2.5  # together the 7.5 m jam spacing of sim.engine.network.VEHICLE_LENGTH_M
STEM = "gusu"


def sumo_tool(name: str) -> str | None:
    """The path of a SUMO program (sumo, netconvert): the binary in the eclipse-sumo wheel, else on PATH, else None.

    The wheel's binary comes first: its console scripts on PATH are Python wrappers
    that start it as a child (slower to start, and their process is not SUMO's).
    """
    try:
        import sumo  # type: ignore[import-not-found]  # the eclipse-sumo wheel
    except ImportError:
        return shutil.which(name)
    exe = Path(sumo.SUMO_HOME) / "bin" / name
    return str(exe) if exe.exists() else shutil.which(name)


def _xml(root: ET.Element, path: Path, comment: str = "") -> None:
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' + (f"<!-- {comment} -->\n" if comment else "")
    path.write_text(head + text + "\n", encoding="utf-8")


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


# ---- network ------------------------------------------------------------------


def signal_nodes(net: Network, min_delay_s: float = SIGNAL_DELAY_MIN_S) -> set[int]:
    """Nodes with an approach whose mean signal delay says 'traffic light'."""
    return {int(net.link_to[i]) for i in range(net.n_links) if net.link_signal_delay_s[i] >= min_delay_s}


def write_network(
    net: Network,
    out: Path,
    *,
    tls_nodes: set[int],
    disallow: dict[int, list[str]] | None = None,
    banned_turns: list[tuple[str, str]] | None = None,
    stem: str = STEM,
    cycle_s: int = TLS_CYCLE_S,
    yellow_s: int = TLS_YELLOW_S,
) -> dict[str, Path]:
    """Plain XML nodes and edges (and connections deleted for the banned turns), and a netconvert configuration
    building `<stem>.net.xml` from them."""
    disallow = disallow or {}
    used = set(net.link_from.tolist()) | set(net.link_to.tolist())
    nodes = ET.Element("nodes")
    for n in sorted(used):
        x, y = net.node_xy_m[n]
        ET.SubElement(nodes, "node", id=net.node_ids[n], x=_num(x), y=_num(y), type="traffic_light" if n in tls_nodes else "priority")
    edges = ET.Element("edges")
    for i in range(net.n_links):
        attrs = {
            "id": net.link_ids[i],
            "from": net.node_ids[net.link_from[i]],
            "to": net.node_ids[net.link_to[i]],
            "priority": str(EDGE_PRIORITY.get(net.link_kind[i], 7)),
            "numLanes": str(max(1, round(float(net.link_lanes[i])))),
            "speed": _num(net.link_free_speed_kmh[i] / 3.6),
            "length": _num(net.link_length_m[i]),
        }
        if net.link_names[i][1]:
            attrs["name"] = net.link_names[i][1]
        if disallow.get(i):
            attrs["disallow"] = " ".join(disallow[i])
        ET.SubElement(edges, "edge", attrs)
    files = {"nodes": out / f"{stem}.nod.xml", "edges": out / f"{stem}.edg.xml", "netccfg": out / f"{stem}.netccfg", "net": out / f"{stem}.net.xml"}
    _xml(nodes, files["nodes"], f"{net.name}: {len(used)} nodes")
    _xml(edges, files["edges"], f"{net.name}: {net.n_links} directed links")
    cfg = ET.Element("configuration")
    inp = ET.SubElement(cfg, "input")
    ET.SubElement(inp, "node-files", value=files["nodes"].name)
    ET.SubElement(inp, "edge-files", value=files["edges"].name)
    if banned_turns:
        files["connections"] = out / f"{stem}.con.xml"
        cons = ET.Element("connections")
        for a, b in banned_turns:
            ET.SubElement(cons, "delete", {"from": a, "to": b})  # every lane of a to every lane of b
        _xml(cons, files["connections"], f"{net.name}: banned turns, {len(banned_turns)}")
        ET.SubElement(inp, "connection-files", value=files["connections"].name)
    ET.SubElement(ET.SubElement(cfg, "output"), "output-file", value=files["net"].name)
    proc = ET.SubElement(cfg, "processing")
    ET.SubElement(proc, "offset.disable-normalization", value="true")  # keep the network file's metres
    tls = ET.SubElement(cfg, "tls_building")
    ET.SubElement(tls, "tls.cycle.time", value=str(cycle_s))
    ET.SubElement(tls, "tls.yellow.time", value=str(yellow_s))
    ET.SubElement(tls, "tls.left-green.time", value="0")  # two-phase programs, left turns yield in the green
    ET.SubElement(ET.SubElement(cfg, "report"), "no-warnings", value="true")
    _xml(cfg, files["netccfg"], "netconvert -c " + files["netccfg"].name)
    return files


def run_netconvert(netccfg: Path) -> tuple[bool, str]:
    """Run netconvert on the configuration; (ok, what it said). (False, reason) when SUMO is absent."""
    exe = sumo_tool("netconvert")
    if exe is None:
        return False, "netconvert not found (pip install eclipse-sumo)"
    done = subprocess.run([exe, "-c", netccfg.name], cwd=netccfg.parent, check=False, capture_output=True, text=True)
    said = (done.stdout + done.stderr).strip()
    return done.returncode == 0, said


# ---- trips ----------------------------------------------------------------------


@dataclass
class VehicleType:
    id: str
    vclass: str
    refused_rings: str  # e.g. "BCD"


def write_trips(
    path: Path, net: Network, depart_s: np.ndarray, origin: np.ndarray, dest: np.ndarray, vtype: list[str] | None, vtypes: list[VehicleType], comment: str = ""
) -> None:
    """Trips from junction to junction (run with --junction-taz), sorted by departure."""
    root = ET.Element("routes")
    for vt in vtypes:
        ET.SubElement(root, "vType", id=vt.id, vClass=vt.vclass, length=_num(CAR_LENGTH_M), minGap=_num(CAR_MIN_GAP_M))
    order = np.argsort(depart_s, kind="stable")
    ids = net.node_ids
    for k, i in enumerate(order.tolist()):
        attrs = {"id": str(k), "depart": f"{depart_s[i]:.2f}", "fromJunction": ids[origin[i]], "toJunction": ids[dest[i]]}
        if vtype is not None:
            attrs["type"] = vtype[i]
        ET.SubElement(root, "trip", attrs)
    _xml(root, path, comment)


def write_sumocfg(
    path: Path,
    net_file: str,
    route_file: str,
    *,
    junction_control: bool = True,
    teleport_s: float = 300.0,
    reroute_period_s: float = 900.0,
    extra: dict[str, str] | None = None,
) -> None:
    """A mesoscopic run of the trips; tripinfo and statistics written beside it."""
    cfg = ET.Element("configuration")
    inp = ET.SubElement(cfg, "input")
    ET.SubElement(inp, "net-file", value=net_file)
    ET.SubElement(inp, "route-files", value=route_file)
    ET.SubElement(ET.SubElement(cfg, "time"), "begin", value="0")
    proc = ET.SubElement(cfg, "processing")
    ET.SubElement(proc, "time-to-teleport", value=_num(teleport_s))
    ET.SubElement(ET.SubElement(cfg, "routing"), "device.rerouting.probability", value="1")
    ET.SubElement(cfg.find("routing"), "device.rerouting.period", value=_num(reroute_period_s))  # type: ignore[arg-type]
    ET.SubElement(proc, "junction-taz", value="true")
    meso = ET.SubElement(cfg, "mesoscopic")
    ET.SubElement(meso, "mesosim", value="true")
    ET.SubElement(meso, "meso-junction-control", value="true" if junction_control else "false")
    out = ET.SubElement(cfg, "output")
    stem = path.name.removesuffix(".sumocfg")
    ET.SubElement(out, "tripinfo-output", value=f"{stem}.tripinfo.xml")
    ET.SubElement(out, "statistic-output", value=f"{stem}.stats.xml")
    rep = ET.SubElement(cfg, "report")
    ET.SubElement(rep, "no-step-log", value="true")
    ET.SubElement(rep, "duration-log.statistics", value="true")
    for key, value in (extra or {}).items():
        ET.SubElement(proc, key, value=value)
    _xml(cfg, path, f"sumo -c {path.name}")


# ---- a scenario's day -----------------------------------------------------------


@dataclass
class DayExport:
    """What went into the folder and what was left out, for the README and the caller."""

    out_dir: Path
    day_index: int
    date: str
    seed: int
    drawn: int = 0
    written: int = 0
    turned_away: dict[str, int] = field(default_factory=dict)  # class name -> trips refused at the gate of their destination ring
    unreachable: int = 0
    vtypes: list[VehicleType] = field(default_factory=list)
    gates: dict[str, int] = field(default_factory=dict)  # ring -> gate edges carrying a disallow
    turn_bans: list[str] = field(default_factory=list)  # for the README: each ban and what SUMO makes of it
    netconvert_ok: bool | None = None  # None: not run
    netconvert_said: str = ""
    files: dict[str, Path] = field(default_factory=dict)
    # the written trips, seconds from the day's midnight, for running the same trips elsewhere
    depart_s: np.ndarray = field(default_factory=lambda: np.zeros(0))
    origin: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    dest: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ring_mask: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def draw_day(scenario: Scenario, net: Network, day_index: int, seed: int) -> DayTrips:
    """The demand model's trips of one day, from a fresh generator with this seed.

    For the first day and the scenario's seed these are exactly the trips the
    model releases on its first day (its first draws); for later days the model's
    generator has moved on (routing noise, choices), so they are another draw
    from the same demand.
    """
    open_centres = [cid for cid, c in scenario.transfer_centres.items() if c.open]
    return DemandModel(scenario, net, open_centres).day(np.random.default_rng(seed), scenario.days[day_index], day_index, 1)


def refused_rings(scenario: Scenario, net: Network, trips: DayTrips, day_index: int) -> np.ndarray:
    """Per trip, the ring bits (RING_IDS) closed to it at its departure time, as sim.oldtown.model decides at the gate."""
    control = RingControl(scenario)
    day_type = scenario.days[day_index].day_type
    zones = list(net.zones.values())
    masks = np.zeros(len(trips), dtype=np.int64)
    hours = (trips.depart_s % DAY_S) / 3600.0
    for i in range(len(trips)):
        if not trips.complies[i]:
            continue
        cls = int(trips.cls[i])
        _kind, category = vehicle_category(cls, bool(trips.nonlocal_plate[i]))
        permits = zones[int(trips.home_zone[i])].rings if cls in (RESIDENT, COMMUTER) else frozenset()
        refuse = control.refuse_bits(category, bool(trips.new_energy[i]), permits)
        if not refuse:
            continue
        # graded rules (triggers) are left out: SUMO cannot switch on a crowding measure
        active = sum(1 << r.bit for r in control.rules if r.trigger_metric is None and r.in_hours(day_type, float(hours[i])))
        if refuse & active:
            masks[i] = control.ring_mask(refuse & active)
    return masks


def banned_turns(scenario: Scenario, net: Network, day_index: int, rep: DayExport) -> list[tuple[str, str]]:
    """The turns deleted in SUMO: the bans in force at some hour of the day, for every vehicle and all day
    (a connection file has no hours and no classes); what that changes is written to `rep.turn_bans`."""
    day_type = scenario.days[day_index].day_type
    out: list[tuple[str, str]] = []
    for ban in scenario.network.turn_bans:
        what = f"`{ban.from_link}` -> `{ban.to_link}` ({', '.join(ban.categories)}; {'/'.join(ban.day_types)} {', '.join(ban.hours)})"
        if ban.from_link not in net.link_index or ban.to_link not in net.link_index:
            rep.turn_bans.append(f"{what}: not written, the scenario removed one of its links")
        elif day_type not in ban.day_types:
            rep.turn_bans.append(f"{what}: not written, not in force on a {day_type}")
        else:
            out.append((ban.from_link, ban.to_link))
            whole_day = sum(b - a for a, b in map(parse_hours, ban.hours)) >= 24.0
            every_one = set(ban.categories) == set(VEHICLE_CATEGORIES)
            rep.turn_bans.append(f"{what}: deleted" + ("" if whole_day else ", for the WHOLE day (SUMO cannot time it)")
                                 + ("" if every_one else ", for EVERY vehicle (SUMO cannot ban it by category)"))
    return out


def _ring_letters(mask: int) -> str:
    return "".join(r for k, r in enumerate(RING_IDS) if mask >> k & 1)


def export_day(scenario: Scenario, base_dir: Path, out_dir: Path, day_index: int = 0, seed: int | None = None, netconvert: bool = True) -> DayExport:
    """Write the scenario's network and one day's trips for SUMO into out_dir."""
    seed = scenario.run.seed if seed is None else seed
    net = scenario_network(scenario, base_dir)
    trips = draw_day(scenario, net, day_index, seed)
    rep = DayExport(out_dir, day_index, scenario.days[day_index].date.isoformat(), seed, drawn=len(trips))
    masks = refused_rings(scenario, net, trips, day_index)
    in_ring = {r: np.array([r in rings for rings in net.node_rings]) for r in RING_IDS}
    # a car bound into a ring closed to it is turned away at the gate in the model (a tourist is diverted to a
    # transfer centre): SUMO has no such behaviour, so these trips are left out and counted
    refused_here = np.zeros(len(trips), dtype=bool)
    for k, r in enumerate(RING_IDS):
        bit = (masks >> k & 1).astype(bool)
        refused_here |= bit & in_ring[r][trips.dest] & ~in_ring[r][trips.origin]
    for c in np.unique(trips.cls[refused_here]).tolist():
        rep.turned_away[CLASS_NAMES[c]] = int(((trips.cls == c) & refused_here).sum())
    # trips with no way at all round the rings closed to them (or round the closures)
    keep = ~refused_here
    for mask in np.unique(masks).tolist():
        cost = net.free_time_s().copy()
        for k, r in enumerate(RING_IDS):
            if mask >> k & 1:
                cost[net.gate_links(r)] = np.inf
        dist, _ = all_pairs_next_link(net.n_nodes, net.link_from, net.link_to, cost)
        sel = keep & (masks == mask)
        bad = sel & ~np.isfinite(dist[trips.origin, trips.dest])
        rep.unreachable += int(bad.sum())
        keep &= ~bad
    # one vehicle class per combination of refused rings; the gates of a ring disallow the classes that include it
    combos = sorted({int(m) for m in masks[keep].tolist() if m})
    if len(combos) > len(RESTRICTED_VCLASSES):
        raise ValueError(f"{len(combos)} combinations of ring restrictions, more than the {len(RESTRICTED_VCLASSES)} SUMO classes used for them")
    vt_of = {0: VehicleType("car", "passenger", "")}
    for m, vclass in zip(combos, RESTRICTED_VCLASSES):
        vt_of[m] = VehicleType(f"refused_{_ring_letters(m)}", vclass, _ring_letters(m))
    rep.vtypes = list(vt_of.values())
    disallow: dict[int, list[str]] = {}
    for k, r in enumerate(RING_IDS):
        classes = [vt_of[m].vclass for m in combos if m >> k & 1]
        if not classes:
            continue
        gates = np.flatnonzero(net.gate_links(r))
        rep.gates[r] = len(gates)
        for g in gates.tolist():
            disallow.setdefault(g, [])
            disallow[g] += [c for c in classes if c not in disallow[g]]
    out_dir.mkdir(parents=True, exist_ok=True)
    files = write_network(net, out_dir, tls_nodes=signal_nodes(net), disallow=disallow, banned_turns=banned_turns(scenario, net, day_index, rep))
    idx = np.flatnonzero(keep)
    start = day_index * DAY_S
    files["trips"] = out_dir / f"{STEM}.trips.xml"
    write_trips(
        files["trips"],
        net,
        trips.depart_s[idx] - start,
        trips.origin[idx],
        trips.dest[idx],
        [vt_of[int(m)].id for m in masks[idx].tolist()],
        rep.vtypes,
        f"{scenario.name}, {rep.date} (day {day_index + 1}), seed {seed}: {len(idx)} of {len(trips)} drawn trips",
    )
    rep.written = len(idx)
    rep.depart_s, rep.origin, rep.dest, rep.ring_mask = trips.depart_s[idx] - start, trips.origin[idx], trips.dest[idx], masks[idx]
    files["sumocfg"] = out_dir / f"{STEM}.sumocfg"
    write_sumocfg(
        files["sumocfg"],
        files["net"].name,
        files["trips"].name,
        junction_control=True,
        teleport_s=scenario.run.stuck_time_s,
        reroute_period_s=scenario.run.routing_update_min * 60.0,
    )
    if netconvert:
        rep.netconvert_ok, rep.netconvert_said = run_netconvert(files["netccfg"])
    rep.files = files
    files["readme"] = out_dir / "README.md"
    files["readme"].write_text(readme(scenario, net, rep, trips), encoding="utf-8")
    return rep


def readme(scenario: Scenario, net: Network, rep: DayExport, trips: DayTrips) -> str:
    n_tls = len(signal_nodes(net))
    used = set(net.link_from.tolist()) | set(net.link_to.tolist())
    isolated = [net.node_ids[n] for n in range(net.n_nodes) if n not in used]
    by_class = ", ".join(f"{CLASS_NAMES[c]} {int((trips.cls == c).sum()):,}" for c in range(len(CLASS_NAMES)))
    left = rep.drawn - rep.written
    away = "; ".join(f"{k} {v:,}" for k, v in rep.turned_away.items()) or "none"
    vt = "\n".join(f"| `{v.id}` | `{v.vclass}` | {v.refused_rings or '-'} |" for v in rep.vtypes)
    gates = ", ".join(f"{r}: {n}" for r, n in rep.gates.items()) or "none"
    rules = []
    for ring, sec in sorted(scenario.rings.items()):
        if not sec.enabled:
            continue
        for rule in sec.rules:
            trig = f"; graded trigger {rule.trigger.metric} on {rule.trigger.on} off {rule.trigger.off} (NOT exported)" if rule.trigger else ""
            rules.append(
                f"- ring {ring}: refuses {', '.join(rule.refuse)}; exempt {', '.join(rule.exempt) or 'none'}; "
                f"{'/'.join(rule.day_types)} {', '.join(rule.hours)}{trig}"
            )
    works = sorted({s for w in scenario.network.works for s in w.segments})
    if rep.netconvert_ok is None:
        nc = "netconvert was not run (`--no-netconvert`): run `netconvert -c gusu.netccfg` here to build gusu.net.xml."
    elif rep.netconvert_ok:
        nc = "netconvert ran and built `gusu.net.xml`."
    else:
        nc = f"netconvert did NOT build the network: {rep.netconvert_said.splitlines()[-1] if rep.netconvert_said else 'no output'}"
    return f"""# {scenario.name}, {rep.date}, for SUMO

Written by `gusu export-sumo` from the scenario "{scenario.name}", day {rep.day_index + 1} ({rep.date},
{scenario.days[rep.day_index].day_type}), seed {rep.seed}. {nc}

    sumo -c gusu.sumocfg          # mesoscopic, with junction control; tripinfo and statistics beside it

| file | what |
| --- | --- |
| gusu.nod.xml, gusu.edg.xml | the network as SUMO plain XML ({net.n_links} edges) |
| gusu.con.xml | the banned turns, as connections deleted (only when the day has one) |
| gusu.netccfg | `netconvert -c gusu.netccfg` builds gusu.net.xml from them |
| gusu.trips.xml | {rep.written:,} trips, junction to junction, with departure times |
| gusu.sumocfg | the run: `--mesosim`, `--meso-junction-control`, `--junction-taz`, rerouting every {scenario.run.routing_update_min} min, teleport after {scenario.run.stuck_time_s:g} s |

## The network

- Nodes and edges are the scenario's network after its changes: the closed segments
  ({", ".join(scenario.network.closed_segments) or "none"}) are absent; one-way streets have no reverse edge.
  Nodes left without a street are not written: {", ".join(isolated) or "none"}.
- Edge ids are the model's directed link ids (`<segment>:ab`, `<segment>:ba`); lengths, lanes per
  direction and free speeds are the network file's.
- Road works ({len(works)} segments, capacity factor {", ".join(f"{w.capacity_factor:g}" for w in scenario.network.works) or "-"}):
  the model cuts capacity and storage by the factor; here the lane count is cut and rounded, at least
  one lane, so a one-lane street under works keeps its lane.
- Signals: the model has a mean delay per approach (`signal_delay_s`) and a stop-line capacity
  (`capacity_veh_h`, signals included). SUMO needs programs: the {n_tls} nodes with an approach of
  {SIGNAL_DELAY_MIN_S:g} s or more mean delay are `traffic_light` nodes, whose fixed-time programs netconvert builds
  ({TLS_CYCLE_S} s cycle, {TLS_YELLOW_S} s yellow, two phases: a {TLS_CYCLE_S} s cycle with half green gives about 11-13 s mean
  delay at low flow, less than the model's 20-40 s, which also stand for turning and crossing conflicts).
  The others are priority junctions. `capacity_veh_h` is not exported: SUMO's capacity follows from its lanes,
  its headways (meso defaults) and the signal programs.

## Turn bans

A banned turn in force on this day is a `<delete>` in gusu.con.xml: netconvert builds no connection
from the one edge into the other. A connection file has no hours and no vehicle classes, so a ban
in force only some hours is deleted for the whole day, and a ban for some categories is deleted
for every vehicle (the model keeps both):

{chr(10).join(f"- {t}" for t in rep.turn_bans) or "- none"}

## Timed closures (NOT exported)

A link closed for some hours of a date (`network.closures`) is left open here: SUMO's plain
network files have no time window, and deleting the edge would close it all day. The model
keeps such links closed for their hours only; SUMO's drivers may use them. On this day:

{chr(10).join(f"- `{c.link}` {', '.join(c.hours)}" for c in scenario.network.closures if c.date.isoformat() == rep.date) or "- none"}

## Ring rules (time-dependent; approximated)

SUMO permissions are per vehicle class and fixed for the run; the model's rules depend on the
plate (Suzhou or not), new-energy plates, residents' and workers' permits, compliance and the hour:

{chr(10).join(rules) or "- none"}

Approximation: each trip is judged once, at its departure time, as the model judges a car at a gate
(same rules, same permits, same compliance draw). A trip that would be refused by some rings then gets
a vehicle type whose class stands for that combination, and the gate edges (links into the ring)
disallow the classes refused there, for the whole run. A car that departs at 18:50 is thus kept
out until it arrives, and one departing at 06:55 may drive in after 07:00. Gate edges with a
`disallow`: {gates}.

Not exported: graded triggers (a rule in force only while a ring is crowded, slow or its parking
full: SUMO has no such switch; such rules are treated as not in force).

| vType | vClass | rings closed to it |
| --- | --- | --- |
{vt}

## The trips

The demand model's trips for this day and seed ({rep.drawn:,} drawn: {by_class}). For the first day
and the scenario's seed they are exactly the trips the model releases that day; for later days they
are another draw from the same demand (the model's generator has moved on). One vehicle per car.

Left out: {left:,} trips.
- Bound into a ring closed to them at departure: {away}. In the model such a car is turned away at
  the gate, and a tourist is diverted to a transfer centre: SUMO has no such behaviour.
- No way round the rings closed to them or round the closures: {rep.unreachable:,}.

Not in SUMO at all: the tourist's choice between driving in and park and ride (every tourist drives
to its attraction), parking search and cruising when a zone is full, the transfer centres and their
shuttles, walk-up tourists, the return trips of tourists, and the diversion behaviour above. Trips
go from junction to junction (`--junction-taz`), so a car starts on an edge leaving its origin node
and ends on one entering its destination node.
"""
