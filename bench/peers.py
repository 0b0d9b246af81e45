"""Benchmark: our link model side by side with SUMO (mesoscopic) and UXsim, on the same trips.

Scenario: two cases, each tool run in turn in its own process, pinned to one core.

1. A 10 x 10 grid of 450 m two-lane streets (50 km/h), every junction but the
   corners a two-phase fixed-time signal (90 s cycle, 45 s green each way, random
   offsets), and TRIPS trips between random junctions over 24 h (a two-peak
   profile), one vehicle per car. Tools: ours (sim.engine.trips), SUMO --mesosim
   plain (signals ignored), with --meso-tls-penalty (signals as a delay and a
   flow penalty, the closest to our model) and with --meso-junction-control
   (signals run phase by phase), and UXsim at deltan=1 on its C++ core.
2. The old town: the National Day 2019 network and its first day, exported by
   `gusu export-sumo`, run by SUMO meso (junction control, and plain), by our
   trip runner on exactly the exported trips, and by our whole model (one day).

For each: wall seconds, peak memory, trips completed, mean travel time (from
the scheduled departure, so a wait to enter counts) and mean speed (total
distance over total travel time of completed trips), the ratios to ours and the
spread between the tools. Wall time is the tool's own work on inputs already
in its format: for SUMO the whole `sumo` process (loading the .net.xml and the
trips, routing, simulating, writing tripinfo); for the Python tools building
the network and the vehicles and simulating, after the imports. Peak memory is
the process's maximum resident set, imports included (printed separately).

    python bench/peers.py [--trips 100000] [--quick] [--repeat 1] [--no-oldtown] [--json FILE]

Needs the bench extras: pip install -e '.[bench]' (eclipse-sumo, uxsim).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np
from grid import SAT_FLOW_VEH_H_LANE, grid_corners, grid_network, uniform_trips  # bench/grid.py, beside this script

from sim.engine.trips import TripRun
from sim.interop.export_sumo import VehicleType, export_day, run_netconvert, sumo_tool, write_network, write_sumocfg, write_trips
from sim.runs.build import build_model, scenario_network
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# ---- the grid case (units in the names) ------------------------------------------
GRID_SIZE = 10  # junctions per side
LINK_M = 450.0  # street length between junctions
LANES = 2  # per direction
FREE_SPEED_KMH = 50.0
CYCLE_S = 90.0  # two-phase fixed-time signal
GREEN_S = 45.0  # effective green per phase (SUMO: 42 s green + 3 s yellow)
YELLOW_S = 3
SEED = 2019
ROUTING_UPDATE_MIN = 15.0  # route refresh: ours, SUMO's rerouting device, UXsim's DUO update
STUCK_S = 180.0  # ours: forced entry after; SUMO: teleport after
# hourly shares of the day's trips, 00-23: morning and evening peaks
PROFILE = [0.6, 0.3, 0.2, 0.2, 0.4, 1.2, 3.5, 7.5, 8.0, 6.0, 5.2, 5.0, 5.0, 5.0, 5.2, 5.5, 6.2, 7.5, 7.0, 5.0, 3.8, 2.8, 1.8, 1.1]

SIGNAL_NOTE = (
    f"signals: two-phase fixed time, {CYCLE_S:.0f} s cycle, {GREEN_S:.0f} s effective green per direction, "
    f"saturation flow {SAT_FLOW_VEH_H_LANE:.0f} veh/h/lane, offsets random in [0, {CYCLE_S:.0f}) s (same draw for SUMO and UXsim). "
    f"Ours: signal_delay_s = r^2/(2C) = {(CYCLE_S - GREEN_S) ** 2 / (2 * CYCLE_S):.2f} s (random arrivals, low flow), "
    f"capacity_veh_h = s x lanes x g/C = {SAT_FLOW_VEH_H_LANE * LANES * GREEN_S / CYCLE_S:.0f}. "
    f"SUMO: netconvert static programs ({GREEN_S - YELLOW_S:.0f} s green + {YELLOW_S} s yellow per phase, no left-turn phase), "
    f"meso headways tau = 3600/{SAT_FLOW_VEH_H_LANE:.0f} = 2.0 s. UXsim: node signal=[{GREEN_S:.0f}, {GREEN_S:.0f}], "
    f"east-west links group 0, north-south group 1, capacity_out = {SAT_FLOW_VEH_H_LANE * LANES / 3600:.1f} veh/s. "
    "Corner junctions are unsignalised in all three."
)


# ---- children: each tool in its own process ------------------------------------------


TOOL_CPU = (os.cpu_count() or 1) - 1  # every tool runs on the last core; the driver on the first


def _pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {TOOL_CPU})


def _hwm_mb(pid: int | str = "self") -> float | None:
    """The high-water mark of a process's resident memory (VmHWM), None when unreadable.

    Not ru_maxrss: a child inherits its parent's maximum across fork and exec,
    so the parent's own size would show up as every child's peak.
    """
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _peak_mb() -> float:
    hwm = _hwm_mb()
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_ours(work: Path, case: str) -> dict:

    d = np.load(work / "trips.npz")
    base_mb = _peak_mb()
    t0 = time.perf_counter()
    if case == "grid":
        net = grid_network(GRID_SIZE, LINK_M, LANES, FREE_SPEED_KMH, CYCLE_S, GREEN_S)
        opts = {"routing_update_min": ROUTING_UPDATE_MIN, "stuck_time_s": STUCK_S}
    else:

        loaded = load_scenario(Path(str(d["scenario"])))
        net = scenario_network(loaded.scenario, loaded.base_dir)
        opts = {"routing_update_min": float(loaded.scenario.run.routing_update_min), "stuck_time_s": loaded.scenario.run.stuck_time_s,
                    "seed": loaded.scenario.run.seed}
    runner = TripRun(net, d["depart_s"], d["origin"], d["dest"], ring_mask=d["ring_mask"], **opts)
    runner.run()
    wall = time.perf_counter() - t0
    r = runner.result()
    return {"wall_s": wall, "peak_mb": _peak_mb(), "base_mb": base_mb, "trips": r.trips, "completed": r.completed,
                "tt_s": r.mean_travel_time_s, "speed_kmh": r.mean_speed_kmh, "km": r.veh_km / max(1, r.completed), "events": r.events}


def child_model(work: Path) -> dict:

    d = np.load(work / "trips.npz")
    loaded = load_scenario(Path(str(d["scenario"])))
    s = loaded.scenario
    s = s.model_copy(update={"days": s.days[:1]})
    base_mb = _peak_mb()
    t0 = time.perf_counter()
    model = build_model(s, loaded.path.name, None, base_dir=loaded.base_dir)
    model.run()
    wall = time.perf_counter() - t0
    c = model.conservation()
    return {"wall_s": wall, "peak_mb": _peak_mb(), "base_mb": base_mb, "trips": c["generated"], "completed": c["finished"],
                "tt_s": float("nan"), "speed_kmh": float("nan"), "km": float("nan"), "events": model.events_scheduled}


def child_uxsim(work: Path, cpp: bool) -> dict:
    import uxsim

    d = np.load(work / "trips.npz")
    offsets = d["offsets"]
    base_mb = _peak_mb()
    t0 = time.perf_counter()
    tmax = float(d["depart_s"].max()) + 6 * 3600.0
    kw = {"name": "grid", "deltan": 1, "tmax": tmax, "print_mode": 0, "save_mode": 0, "show_mode": 0, "random_seed": SEED,
              "duo_update_time": ROUTING_UPDATE_MIN * 60, "vehicle_logging_timestep_interval": -1}
    W = uxsim.World(cpp=True, **kw) if cpp else uxsim.World(**kw)
    corners = {0, GRID_SIZE - 1, GRID_SIZE * (GRID_SIZE - 1), GRID_SIZE * GRID_SIZE - 1}
    names = []
    for k in range(GRID_SIZE * GRID_SIZE):
        r, c = divmod(k, GRID_SIZE)
        name = f"g{r}_{c}"
        names.append(name)
        if k in corners:
            W.addNode(name, c * LINK_M, r * LINK_M)
        else:
            W.addNode(name, c * LINK_M, r * LINK_M, signal=[GREEN_S, GREEN_S], signal_offset=float(offsets[k]))
    cap_out = SAT_FLOW_VEH_H_LANE * LANES / 3600.0
    for r in range(GRID_SIZE):
        for c in range(GRID_SIZE):
            for dr, dc, group in ((0, 1, 0), (1, 0, 1)):  # east-west streets green in phase 0, north-south in phase 1
                if r + dr < GRID_SIZE and c + dc < GRID_SIZE:
                    a, b = f"g{r}_{c}", f"g{r + dr}_{c + dc}"
                    for u, v in ((a, b), (b, a)):
                        W.addLink(f"{u}-{v}", u, v, length=LINK_M, free_flow_speed=FREE_SPEED_KMH / 3.6,
                                  jam_density_per_lane=1 / 7.5, number_of_lanes=LANES, signal_group=[group],
                                  capacity_out=cap_out)
    for t, o, de in zip(d["depart_s"].tolist(), d["origin"].tolist(), d["dest"].tolist()):
        W.addVehicle(names[o], names[de], t)
    W.exec_simulation()
    wall = time.perf_counter() - t0
    done = tt = dist = 0.0
    n = 0
    for v in W.VEHICLES.values():
        n += 1
        if v.state == "end":
            done += 1
            tt += v.travel_time
            dist += v.distance_traveled
    return {"wall_s": wall, "peak_mb": _peak_mb(), "base_mb": base_mb, "trips": n, "completed": int(done),
                "tt_s": tt / done if done else float("nan"), "speed_kmh": (dist / 1000) / (tt / 3600) if tt else float("nan"),
                "km": dist / 1000 / max(1.0, done)}


def run_child(args: list[str]) -> dict:
    """A Python child of this file; its own wall and peak are in its JSON."""
    out = subprocess.run([sys.executable, __file__, *args], check=False, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_sumo(cfg: Path, extra: list[str]) -> dict:
    """SUMO in its own process: wall and peak of that process, results from its tripinfo and statistics."""

    exe = sumo_tool("sumo")
    assert exe is not None
    tripinfo = cfg.with_suffix(".run.tripinfo.xml")
    stats = cfg.with_suffix(".run.stats.xml")
    cmd = [exe, "-c", cfg.name, "--tripinfo-output", tripinfo.name, "--statistic-output", stats.name, *extra]
    t0 = time.perf_counter()
    log = cfg.with_suffix(".run.log")
    with open(log, "wb") as sink:
        proc = subprocess.Popen(cmd, cwd=cfg.parent, stdout=sink, stderr=subprocess.STDOUT, preexec_fn=_pin)  # noqa: PLW1509 (no threads here)
        peak = 0.0
        while proc.poll() is None:  # the high-water mark only grows: the last reading before the exit is the peak
            peak = max(peak, _hwm_mb(proc.pid) or 0.0)
            time.sleep(0.05)
    wall = time.perf_counter() - t0
    out = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"sumo {' '.join(extra)} failed:\n{out[-3000:]}")
    n = 0
    tt = dist = 0.0
    for _ev, el in ET.iterparse(tripinfo):
        if el.tag == "tripinfo":
            n += 1
            tt += float(el.get("duration", 0)) + float(el.get("departDelay", 0))
            dist += float(el.get("routeLength", 0))
            el.clear()
    st = ET.parse(stats).getroot()
    veh = st.find("vehicles")
    tele = st.find("teleports")
    errors = [line for line in out.splitlines() if line.startswith("Error")]
    return {"wall_s": wall, "peak_mb": peak, "base_mb": 0.0, "trips": int(veh.get("loaded")) if veh is not None else n,
                "completed": n, "tt_s": tt / n if n else float("nan"), "speed_kmh": (dist / 1000) / (tt / 3600) if tt else float("nan"),
                "km": dist / 1000 / max(1, n),
                "teleports": int(tele.get("total")) if tele is not None else -1, "errors": len(errors),
                "warnings": sum(1 for line in out.splitlines() if line.startswith("Warning"))}


# ---- preparing the inputs ----------------------------------------------------------


def prepare_grid(work: Path, n_trips: int) -> dict[str, Path]:

    rng = np.random.default_rng(SEED)
    net = grid_network(GRID_SIZE, LINK_M, LANES, FREE_SPEED_KMH, CYCLE_S, GREEN_S)
    depart, origin, dest = uniform_trips(rng, n_trips, net.n_nodes, np.array(PROFILE))
    offsets = np.round(rng.random(net.n_nodes) * CYCLE_S)
    np.savez(work / "trips.npz", depart_s=depart, origin=origin, dest=dest, ring_mask=np.zeros(n_trips, dtype=np.int64), offsets=offsets)
    tls = set(range(net.n_nodes)) - grid_corners(GRID_SIZE)
    files = write_network(net, work, tls_nodes=tls, cycle_s=int(CYCLE_S), yellow_s=YELLOW_S)
    ok, said = run_netconvert(files["netccfg"])
    if not ok:
        raise RuntimeError(f"netconvert failed on the grid: {said}")
    # the same random offsets as UXsim's
    tree = ET.parse(files["net"])
    for tl in tree.getroot().iter("tlLogic"):
        tl.set("offset", f"{offsets[net.node_index[tl.get('id')]]:.0f}")
    tree.write(files["net"], encoding="UTF-8", xml_declaration=True)
    write_trips(work / "gusu.trips.xml", net, depart, origin, dest, None, [VehicleType("car", "passenger", "")])
    tau = f"{3600.0 / SAT_FLOW_VEH_H_LANE:.2f}"
    headways = {f"meso-tau{k}": tau for k in ("ff", "fj", "jf", "jj")}
    cfg = work / "grid.sumocfg"
    write_sumocfg(cfg, files["net"].name, "gusu.trips.xml", junction_control=False, teleport_s=STUCK_S,
                  reroute_period_s=ROUTING_UPDATE_MIN * 60, extra=headways)
    return {"cfg": cfg}


def prepare_oldtown(work: Path, scenario: Path) -> dict[str, Path]:

    loaded = load_scenario(scenario)
    rep = export_day(loaded.scenario, loaded.base_dir, work, 0)
    if not rep.netconvert_ok:
        raise RuntimeError(f"netconvert failed on the old town: {rep.netconvert_said}")
    np.savez(work / "trips.npz", depart_s=rep.depart_s, origin=rep.origin, dest=rep.dest, ring_mask=rep.ring_mask,
             scenario=str(scenario))
    (work / "export.json").write_text(json.dumps({"drawn": rep.drawn, "written": rep.written, "turned_away": rep.turned_away,
                                                  "unreachable": rep.unreachable}))
    return {"cfg": rep.files["sumocfg"], "drawn": rep.drawn, "written": rep.written}  # type: ignore[dict-item]


# ---- the table -------------------------------------------------------------------------


def median_row(rows: list[dict]) -> dict:
    out = dict(rows[0])
    for k in ("wall_s", "peak_mb", "base_mb", "tt_s", "speed_kmh", "km"):
        out[k] = statistics.median(r[k] for r in rows)
    return out


def table(title: str, results: dict[str, dict], ours: str) -> str:
    ref = results[ours]
    lines = [title, (f"{'tool':<34} {'wall s':>7} {'peak MB':>7} {'trips':>8} {'completed':>9} {'mean TT s':>9} {'km/h':>5} "
             f"{'km/trip':>7} {'wall/ours':>9} {'TT vs ours':>10} {'km/h vs ours':>12}")]
    for name, r in results.items():
        tt, sp = r["tt_s"], r["speed_kmh"]
        ttd = f"{tt / ref['tt_s'] - 1:+.1%}" if np.isfinite(tt) and np.isfinite(ref["tt_s"]) else "-"
        spd = f"{sp / ref['speed_kmh'] - 1:+.1%}" if np.isfinite(sp) and np.isfinite(ref["speed_kmh"]) else "-"
        lines.append(f"{name:<34} {r['wall_s']:7.2f} {r['peak_mb']:7.0f} {r['trips']:8,d} {r['completed']:9,d} "
                     f"{tt:9.1f} {sp:5.1f} {r['km']:7.2f} {r['wall_s'] / ref['wall_s']:9.2f} {ttd:>10} {spd:>12}")
    finite = [r for r in results.values() if np.isfinite(r["tt_s"])]
    if len(finite) > 1:
        tts = [r["tt_s"] for r in finite]
        sps = [r["speed_kmh"] for r in finite]
        lines.append(f"spread between tools: travel time {min(tts):.0f}-{max(tts):.0f} s ({max(tts) / min(tts) - 1:.0%}), "
                     f"speed {min(sps):.1f}-{max(sps):.1f} km/h ({max(sps) / min(sps) - 1:.0%})")
    notes = [f"  {name}: {r['teleports']} teleports, {r['errors']} errors, {r['warnings']} warnings"
             if "teleports" in r else f"  {name}: {r['base_mb']:.0f} MB of the peak is the Python process after its imports"
             for name, r in results.items()]
    return "\n".join(lines + notes)


def machine() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor()
    return f"{model}, {os.cpu_count()} cores (one used per run), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def versions() -> str:
    out = []
    try:

        exe = sumo_tool("sumo")
        if exe:
            out.append(subprocess.run([exe, "--version"], check=False, capture_output=True, text=True).stdout.splitlines()[0])
    except (OSError, IndexError):
        pass
    try:
        import uxsim

        out.append(f"UXsim {uxsim.__version__}")
    except ImportError:
        pass
    return ", ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trips", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="5,000 grid trips, no old town")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each tool; the table shows medians")
    ap.add_argument("--no-oldtown", action="store_true")
    ap.add_argument("--uxsim-python", action="store_true", help="also UXsim's pure-Python engine (slow)")
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "national_day_2019.toml"))
    ap.add_argument("--json", default=None, help="write all figures here")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--work", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _pin()
        work = Path(args.work)
        kind, _, case = args.child.partition(":")
        r = child_ours(work, case) if kind == "ours" else child_model(work) if kind == "model" else child_uxsim(work, kind == "uxsim-cpp")
        print(json.dumps(r))
        return
    if hasattr(os, "sched_setaffinity") and TOOL_CPU > 0:
        os.sched_setaffinity(0, {0})  # the driver keeps off the core the tools run on
    n_trips = 5_000 if args.quick else args.trips
    report: dict = {"machine": machine(), "versions": versions(), "signals": SIGNAL_NOTE, "repeat": args.repeat}
    print(f"machine: {report['machine']}\npeers: {report['versions']}\n{SIGNAL_NOTE}\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="gusu-peers-") as tmp:
        grid = Path(tmp) / "grid"
        grid.mkdir()
        cfg = prepare_grid(grid, n_trips)["cfg"]
        runs: dict[str, list[dict]] = {}
        tools = {
            "ours (sim.engine.trips)": lambda: run_child(["--child", "ours:grid", "--work", str(grid)]),
            "SUMO meso, plain (no signals)": lambda: run_sumo(cfg, []),
            "SUMO meso, tls penalty": lambda: run_sumo(cfg, ["--meso-tls-penalty", "1", "--meso-tls-flow-penalty", "1"]),
            "SUMO meso, junction control": lambda: run_sumo(cfg, ["--meso-junction-control", "true"]),
            "UXsim deltan=1, C++": lambda: run_child(["--child", "uxsim-cpp", "--work", str(grid)]),
        }
        if args.uxsim_python:
            tools["UXsim deltan=1, Python"] = lambda: run_child(["--child", "uxsim-py", "--work", str(grid)])
        for rep in range(args.repeat):
            for name, fn in tools.items():
                print(f"  grid run {rep + 1}: {name} ...", end=" ", flush=True)
                r = fn()
                runs.setdefault(name, []).append(r)
                print(f"{r['wall_s']:.2f} s", flush=True)
        grid_res = {k: median_row(v) for k, v in runs.items()}
        title = (f"\nGRID {GRID_SIZE}x{GRID_SIZE}, {LINK_M:.0f} m {LANES}-lane links, {n_trips:,} trips over 24 h, one vehicle per car "
                 f"(median of {args.repeat})")
        grid_table = table(title, grid_res, "ours (sim.engine.trips)")
        print(grid_table, flush=True)
        ours = grid_res["ours (sim.engine.trips)"]
        jc, ux = grid_res["SUMO meso, junction control"], grid_res["UXsim deltan=1, C++"]
        targets = [
            f"targets: SUMO meso + junction control / ours = {jc['wall_s'] / ours['wall_s']:.2f}x (target >= 1, ambition 3)",
            f"         UXsim C++ / ours = {ux['wall_s'] / ours['wall_s']:.2f}x (target >= 3)",
        ]
        for k in ("SUMO meso, tls penalty", "SUMO meso, junction control", "SUMO meso, plain (no signals)"):
            targets.append(f"         mean travel time ours vs {k}: {ours['tt_s'] / grid_res[k]['tt_s'] - 1:+.1%} (target within 20%)")
        print("\n".join(targets), flush=True)
        report["grid"] = {"trips": n_trips, "results": grid_res, "runs": runs, "table": grid_table, "targets": targets}
        if not (args.quick or args.no_oldtown):
            town = Path(tmp) / "oldtown"
            town.mkdir()
            prep = prepare_oldtown(town, Path(args.scenario))
            ocfg = prep["cfg"]
            otools = {
                "ours (sim.engine.trips, same trips)": lambda: run_child(["--child", "ours:oldtown", "--work", str(town)]),
                "ours (whole model, day 1)": lambda: run_child(["--child", "model", "--work", str(town)]),
                "SUMO meso, junction control": lambda: run_sumo(ocfg, []),
                "SUMO meso, plain": lambda: run_sumo(ocfg, ["--meso-junction-control", "false"]),
            }
            oruns: dict[str, list[dict]] = {}
            for rep in range(args.repeat):
                for name, fn in otools.items():
                    print(f"  old town run {rep + 1}: {name} ...", end=" ", flush=True)
                    r = fn()
                    oruns.setdefault(name, []).append(r)
                    print(f"{r['wall_s']:.2f} s", flush=True)
            ores = {k: median_row(v) for k, v in oruns.items()}
            ex = json.loads((town / "export.json").read_text())
            otitle = (f"\nOLD TOWN, National Day 2019, 1 Oct: {ex['written']:,} of {ex['drawn']:,} drawn trips exported "
                      f"(left out: turned away at a ring gate {sum(ex['turned_away'].values()):,}, unreachable {ex['unreachable']})")
            otable = table(otitle, ores, "ours (sim.engine.trips, same trips)")
            print(otable + "\n  (the whole model also runs ring control, parking, P+R, shuttles and return trips: "
                  "its trips and completions are not the exported ones)", flush=True)
            report["oldtown"] = {"export": ex, "results": ores, "runs": oruns, "table": otable}
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=1, default=float))
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
