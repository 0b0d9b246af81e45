"""Snapshots and what-if branches: a run saved at 10:00 and continued, here or in another process, is the run itself.

The one-day small scenario is run uninterrupted once; the same run snapshotted at
10:00 and restored must write byte-identical daily.csv and timeseries.csv. Then the
command line: a branch that changes what may change mid-run runs and differs from
the original; one that changes the calendar or the demand is refused with exit 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main
from sim.cli.common import load_or_fail
from sim.oldtown.model import Model
from sim.runs.build import build_model, scenario_network
from sim.runs.results import run_summary, write_outputs
from sim.runs.session import Change, Changed, ChangeRefused, DayState, Finished, RunJob, run_model
from sim.runs.snapshot import BranchRefused, LiveChange, branch, load_snapshot, replay

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "small_day.toml"
T_SNAP_S = 10 * 3600.0
COMPARED = ("daily.csv", "timeseries.csv")

CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from sim.cli.common import load_or_fail
from sim.oldtown.model import Model
from sim.runs.results import run_summary, write_outputs
loaded = load_or_fail(Path(sys.argv[2]))
model = Model.restore(Path(sys.argv[3]).read_bytes())
model.run()
summ = run_summary(model, loaded.path.name, loaded.sha256, loaded.resolved_sha256)
write_outputs(Path(sys.argv[4]), summ, model, loaded.path.read_bytes(), loaded.path.name)
"""


def _outputs(model: Model, out: Path) -> dict[str, bytes]:
    loaded = load_or_fail(SMALL)
    summ = run_summary(model, loaded.path.name, loaded.sha256, loaded.resolved_sha256)
    write_outputs(out, summ, model, loaded.path.read_bytes(), loaded.path.name)
    return {name: (out / name).read_bytes() for name in COMPARED}


def _model() -> Model:
    loaded = load_or_fail(SMALL)
    return build_model(loaded.scenario, loaded.path.name, base_dir=loaded.base_dir)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    model = _model()
    model.run()
    return _outputs(model, tmp_path_factory.mktemp("whole"))


@pytest.fixture(scope="module")
def state_at_ten() -> bytes:
    model = _model()
    model.advance(T_SNAP_S)
    return model.snapshot_state()


def test_snapshot_leaves_the_run_unchanged(uninterrupted: dict[str, bytes], tmp_path: Path) -> None:
    model = _model()
    model.advance(T_SNAP_S)
    model.snapshot_state()
    model.run()
    assert _outputs(model, tmp_path) == uninterrupted


def test_restored_in_this_process_is_byte_identical(uninterrupted: dict[str, bytes], state_at_ten: bytes, tmp_path: Path) -> None:
    model = Model.restore(state_at_ten)
    assert model.env.now == T_SNAP_S
    assert sum(lk.occ for lk in model.links) > 0  # cars on the road at 10:00 travel in the snapshot
    assert any(c.parked for c in model.centres)  # and cars parked at the centres
    model.run()
    assert _outputs(model, tmp_path) == uninterrupted


def test_restored_in_another_process_is_byte_identical(uninterrupted: dict[str, bytes], state_at_ten: bytes, tmp_path: Path) -> None:
    state = tmp_path / "at_ten.pickle"
    state.write_bytes(state_at_ten)
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(SMALL), str(state), str(out)], check=True, timeout=300)
    assert {name: (out / name).read_bytes() for name in COMPARED} == uninterrupted


def _variant(tmp_path: Path, name: str, body: str) -> Path:
    """The small day, copied beside `body` (it extends the bundled week, as the small day does)."""
    text = SMALL.read_text(encoding="utf-8").replace('extends = "../../scenarios/', f'extends = "{os.path.relpath(ROOT / "scenarios", tmp_path)}/')
    path = tmp_path / f"{name}.toml"
    path.write_text(text.replace('name = "Small test day"', f'name = "{name}"') + "\n" + body, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def snapshot_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("snap")
    path = folder / "at_ten.snapshot"
    assert main(["run", str(SMALL), "--snapshot-at", "2019-10-04 10:00", "--snapshot", str(path), "--out", str(folder / "whole")]) == 0
    return path


def test_cli_branch_unchanged_is_the_run_itself(snapshot_file: Path, tmp_path: Path) -> None:
    assert main(["run", str(SMALL), "--from-snapshot", str(snapshot_file), "--out", str(tmp_path)]) == 0
    whole = snapshot_file.parent / "whole"
    for name in COMPARED:
        assert (tmp_path / name).read_bytes() == (whole / name).read_bytes()


def test_cli_branch_with_fewer_shuttles_and_spaces_runs_and_differs(snapshot_file: Path, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    loaded = load_or_fail(SMALL)
    centre = sorted(loaded.scenario.transfer_centres)[0]
    fleet = loaded.scenario.transfer_centres[centre].shuttle.fleet
    changed = _variant(tmp_path, "fewer_shuttles", f"[transfer_centres.{centre}.shuttle]\nfleet = {max(1, fleet // 4)}\n"
                       f"[transfer_centres.{centre}]\ncar_spaces = 10\n")
    assert main(["run", str(changed), "--from-snapshot", str(snapshot_file), "--out", str(tmp_path / "out")]) == 0
    said = capsys.readouterr().out
    assert "continuing from 2019-10-04 10:00" in said and f"transfer_centres.{centre}.car_spaces" in said
    whole = snapshot_file.parent / "whole"
    assert (tmp_path / "out" / "timeseries.csv").read_bytes() != (whole / "timeseries.csv").read_bytes()
    # the morning, before the branch, is the same in both
    before = (whole / "timeseries.csv").read_text().splitlines()[:41]
    assert (tmp_path / "out" / "timeseries.csv").read_text().splitlines()[:41] == before


@pytest.mark.parametrize(("body", "key"), [
    ("[[days]]\ndate = 2019-10-05\nday_type = \"holiday\"\n", "days"),
    ("[behaviour]\ncompliance = 0.5\n", "behaviour.compliance"),
    ("[run]\nseed = 7\n", "run.seed"),
])
def test_cli_refuses_a_change_that_cannot_take_effect_mid_run(snapshot_file: Path, tmp_path: Path, body: str, key: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    changed = _variant(tmp_path, "changed", body)
    assert main(["run", str(changed), "--from-snapshot", str(snapshot_file)]) == 2
    err = capsys.readouterr().err
    assert f"changed.toml: cannot take effect mid-run (they shaped the state the snapshot holds): {key}" in err
    assert "Traceback" not in err


def test_cli_refuses_a_moment_outside_the_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(SMALL), "--snapshot-at", "2019-10-09 10:00", "--snapshot", str(tmp_path / "x")]) == 2
    assert "--snapshot-at: 2019-10-09 is not in the scenario's calendar (2019-10-04 to 2019-10-04)" in capsys.readouterr().err


def test_cli_refuses_a_damaged_snapshot(snapshot_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "cut.snapshot"
    bad.write_bytes(snapshot_file.read_bytes()[:-100])
    assert main(["run", str(SMALL), "--from-snapshot", str(bad)]) == 2
    assert "the snapshot is damaged or truncated" in capsys.readouterr().err


def _branched(snapshot_file: Path, changed: Path) -> tuple[Model, list[str]]:
    loaded = load_or_fail(changed)
    snap = load_snapshot(snapshot_file)
    net = scenario_network(loaded.scenario, loaded.base_dir, name=loaded.path.name)
    keys = branch(snap, loaded.resolved, loaded.scenario, net)
    return snap.model, [k for k in keys if k != "network.file"]  # the copy in tmp_path names the same network from elsewhere


def test_ring_hours_changed_at_ten_take_effect_then(snapshot_file: Path, tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8")
    assert "rings" not in text
    body = ('[rings.B]\nenabled = true\n[[rings.B.rules]]\nrefuse = ["nonlocal_car"]\nexempt = ["new_energy"]\n'
            'day_types = ["workday", "weekend", "holiday"]\nhours = ["07:00-11:00"]\n')
    model, keys = _branched(snapshot_file, _variant(tmp_path, "ring_b_short", body))
    assert keys == ["name", "rings.B.rules"]
    original = load_snapshot(snapshot_file).model
    for m in (model, original):
        m.advance(12 * 3600.0)
    assert "B" in original.control.rings_in_force()
    assert "B" not in model.control.rings_in_force()


def test_a_street_closed_at_ten_takes_no_new_car_and_nothing_vanishes(snapshot_file: Path, tmp_path: Path) -> None:
    probe = load_snapshot(snapshot_file).model
    # the busiest street in town (closing a road out of town would cut a zone off, from the start as well)
    busiest = max((lk for lk in probe.links if not probe.net.link_segment[lk.idx].startswith("ext_")), key=lambda lk: lk.occ)
    segment = probe.net.link_segment[busiest.idx]
    closed_already = load_or_fail(SMALL).scenario.network.closed_segments
    assert segment not in closed_already
    segments = ", ".join(f'"{s}"' for s in [*closed_already, segment])
    model, keys = _branched(snapshot_file, _variant(tmp_path, "closed", f"[network]\nclosed_segments = [{segments}]\n"))
    assert keys == ["name", "network.closed_segments"]
    closed = [lk for lk in model.links if model.net.link_segment[lk.idx] == segment]
    there = {v.vid for lk in closed for v in lk.queue}
    assert there  # cars were on it at 10:00, and drive off it
    model.advance(11 * 3600.0)
    assert all(v.vid in there for lk in closed for v in lk.queue)
    model.run()
    c = model.conservation()
    assert c["generated"] == c["finished"] + c["parked_in_zones"] + c["parked_at_centres"] + c["on_network"]


def test_which_vehicles_a_ring_refuses_cannot_change_mid_run(snapshot_file: Path, tmp_path: Path) -> None:
    body = ('[rings.B]\nenabled = true\n[[rings.B.rules]]\nrefuse = ["nonlocal_car", "local_car"]\n'
            'day_types = ["workday", "weekend", "holiday"]\nhours = ["07:00-19:00"]\n')
    with pytest.raises(BranchRefused, match="rings: which vehicles a rule refuses cannot change mid-run"):
        _branched(snapshot_file, _variant(tmp_path, "ring_b_all", body))


def test_a_street_closed_from_the_start_cannot_reopen_mid_run(snapshot_file: Path, tmp_path: Path) -> None:
    assert load_or_fail(SMALL).scenario.network.closed_segments
    with pytest.raises(BranchRefused, match="network: a branch may close streets, not reopen or add them"):
        _branched(snapshot_file, _variant(tmp_path, "reopened", "[network]\nclosed_segments = []\n"))


class _Pipe:
    """The window's end of the pipe, played by the test: a live change after a few steps, then silence."""

    def __init__(self, change: object, after_polls: int) -> None:
        self.inbox = [change]
        self.polls = 0
        self.after = after_polls
        self.sent: list[object] = []

    def poll(self, timeout: float = 0.0) -> bool:
        self.polls += 1
        return bool(self.inbox) and self.polls > self.after

    def recv(self) -> object:
        return self.inbox.pop()

    def send(self, message: object) -> None:
        self.sent.append(message)


def test_a_live_change_replays_from_the_record_to_the_same_numbers(tmp_path: Path) -> None:
    loaded = load_or_fail(SMALL)
    centre = sorted(loaded.scenario.transfer_centres)[0]
    spec = loaded.scenario.transfer_centres[centre]
    changed = loaded.scenario.model_copy(deep=True)
    changed.transfer_centres[centre] = spec.model_copy(update={"car_spaces": spec.car_spaces // 3})
    job = RunJob(loaded.scenario, loaded.base_dir, loaded.path.name, loaded.sha256, loaded.resolved_sha256,
                 loaded.path.read_bytes(), out_dir=tmp_path / "live")
    pipe = _Pipe(Change(changed), after_polls=60)
    run_model(pipe, job)
    done = [m for m in pipe.sent if isinstance(m, Changed)]
    assert len(done) == 1 and isinstance(pipe.sent[-1], Finished)
    record = done[0].change
    assert record.keys == [f"transfer_centres.{centre}.car_spaces"] and 0 < record.t_s < 86_400.0
    saved = json.loads((tmp_path / "live" / "live_changes.json").read_text(encoding="utf-8"))
    assert saved[0]["t_s"] == record.t_s
    replayed = replay(_model(), loaded.scenario, [LiveChange(**c) for c in saved], loaded.base_dir)
    assert _outputs(replayed, tmp_path / "replayed") == {n: (tmp_path / "live" / n).read_bytes() for n in COMPARED}


def test_a_live_change_that_cannot_take_effect_is_refused_and_the_run_goes_on(tmp_path: Path) -> None:
    loaded = load_or_fail(SMALL)
    changed = loaded.scenario.model_copy(update={"behaviour": loaded.scenario.behaviour.model_copy(update={"visit_h": 1.0})})
    job = RunJob(loaded.scenario, loaded.base_dir, loaded.path.name, loaded.sha256, loaded.resolved_sha256, loaded.path.read_bytes())
    pipe = _Pipe(Change(changed), after_polls=5)
    run_model(pipe, job)
    refused = [m for m in pipe.sent if isinstance(m, ChangeRefused)]
    assert refused and "small_day.toml: cannot take effect mid-run" in refused[0].message and "behaviour.visit_h" in refused[0].message
    assert isinstance(pipe.sent[-1], Finished)


def test_a_spillback_chain_through_every_link_is_saved_without_deep_recursion() -> None:
    model = _model()
    links = model.links + list(model.sources.values())
    for a, b in zip(links, links[1:]):  # b waits on a: a gridlock through the whole town
        a.waiting.append(b)
        b.blocked_on = a
    restored = Model.restore(model.snapshot_state())
    again = restored.links + list(restored.sources.values())
    assert [[again.index(w) for w in lk.waiting] for lk in again] == [[i + 1] for i in range(len(links) - 1)] + [[]]
    assert [None if lk.blocked_on is None else again.index(lk.blocked_on) for lk in again] == [None, *range(len(links) - 1)]


def test_jump_to_day_two_from_the_state_at_midnight_is_the_run_itself(tmp_path: Path) -> None:
    two_days = _variant(tmp_path, "two_days", '[[days]]\ndate = 2019-10-05\nday_type = "holiday"\ntraffic_factor = 0.3\ntourist_factor = 0.45\n')
    loaded = load_or_fail(two_days)

    def job(out: str, **kw: object) -> RunJob:
        return RunJob(loaded.scenario, loaded.base_dir, loaded.path.name, loaded.sha256, loaded.resolved_sha256,
                      loaded.path.read_bytes(), out_dir=tmp_path / out, **kw)  # type: ignore[arg-type]

    whole = _Pipe(None, after_polls=10**9)
    run_model(whole, job("whole", day_states=True))
    states = [m for m in whole.sent if isinstance(m, DayState)]
    assert [s.day for s in states] == [1] and isinstance(whole.sent[-1], Finished)
    jumped = _Pipe(None, after_polls=10**9)
    run_model(jumped, job("jumped", start_state=states[0].state))
    assert isinstance(jumped.sent[-1], Finished)
    for name in COMPARED:
        assert (tmp_path / "jumped" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
