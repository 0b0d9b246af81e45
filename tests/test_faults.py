"""Sweeps and replications under the faults they meet: a kill, Ctrl-C, a corrupt or foreign run file,
a second sweep into the same folder, a full disk, a bad --dask address, a wrong key in a base file.

Every test uses one-day scenarios (tests/data/tiny_day.toml) and fails on code that loses or mixes
a result. The kill tests run `python -m sim.cli sweep` in its own session and check, by session id
in /proc, that no worker or resource tracker survives the main process.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

import sim.runs.sweep as sweep_module
from sim.cli import main
from sim.engine.bundled import bundled_dir
from sim.runs import disk_space, results, run_files
from sim.runs.experiments import RunSpec, run_many, run_summary
from sim.runs.folder_lock import LOCK_NAME

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny_day.toml"
NATIONAL_DAY = bundled_dir("scenarios") / "national_day_2019.toml"
# 8 short runs on 2 workers: when the first run file appears, six are still to come
KILL_GRID = ["--set", "behaviour.compliance=0.5,0.95", "--replications", "4", "--workers", "2"]
KILL_RUNS = 8
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _session(sid: int) -> list[int]:
    """Live processes (not zombies) whose session id is `sid`."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == sid:
            out.append(int(entry))
    return out


def _as_from_a_terminal() -> None:
    # the sweep gets Ctrl-C as a terminal gives it: in CI the sweep ran every run to the end after the SIGINT
    # (rc 0), as it does when its parent leaves SIGINT ignored or blocked, which a child inherits
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _start_sweep(out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "sim.cli", "sweep", str(TINY), *extra, "--out", str(out)],
                            cwd=ROOT, env=ENV, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_as_from_a_terminal)


def _wait_for(predicate, timeout_s: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.02)


def _kill_after_first_run(tmp_path: Path, sig: int) -> tuple[subprocess.Popen[bytes], list[Path], int]:
    pytest.importorskip("pathlib")
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to find the session's processes")
    out = tmp_path / "out"
    proc = _start_sweep(out, *KILL_GRID)
    _wait_for(lambda: any((out / "runs").glob("*.json")) or proc.poll() is not None)
    busy = len(_session(proc.pid)) - 1  # workers still running other runs when the first run file appeared
    os.kill(proc.pid, sig)
    proc.wait(timeout=30)
    _wait_for(lambda: not _session(proc.pid), timeout_s=10)  # raises if a worker or tracker survives
    return proc, sorted((out / "runs").glob("*.json")), busy


def _identity_ok(path: Path) -> bool:
    record = json.loads(path.read_text())
    return record["checksum"] == run_files.checksum(record) and record["summary"]["seed"] == record["seed"]


def test_sigkill_keeps_every_finished_run_and_leaves_no_worker(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proc, kept, busy = _kill_after_first_run(tmp_path, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    assert busy >= 1, "the first run file must be on disk while other runs are still going"
    assert 1 <= len(kept) < KILL_RUNS and all(_identity_ok(p) for p in kept)
    stamps = {p.name: p.stat().st_mtime_ns for p in kept}
    # the dead sweep's lock is stale: the next one takes it over and runs only what is missing
    out = tmp_path / "out"
    assert (out / LOCK_NAME).exists()
    assert main(["sweep", str(TINY), *KILL_GRID, "--out", str(out), "--resume"]) == 0
    err = capsys.readouterr().err
    assert f"took over a stale lock left by pid {proc.pid} on {socket.gethostname()}" in err
    assert f"{len(kept)} run{'s' if len(kept) > 1 else ''} reused" in err and "redone" not in err
    assert {p.name: p.stat().st_mtime_ns for p in kept} == stamps
    assert len(list((out / "runs").glob("*.json"))) == KILL_RUNS and not (out / LOCK_NAME).exists()


def test_sigint_stops_the_workers_and_keeps_the_finished_runs(tmp_path: Path) -> None:
    proc, kept, busy = _kill_after_first_run(tmp_path, signal.SIGINT)
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert proc.returncode == 130, err
    assert busy >= 1
    assert "Traceback" not in err
    assert f"finished run file{'s' if len(kept) > 1 else ''} kept in" in err and "--resume" in err
    assert 1 <= len(kept) < KILL_RUNS and all(_identity_ok(p) for p in kept)
    assert not (tmp_path / "out" / LOCK_NAME).exists()


@pytest.fixture(scope="module")
def five_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished sweep of tiny_day over seeds 1-5, to be damaged and resumed."""
    out = tmp_path_factory.mktemp("five") / "out"
    assert main(["sweep", str(TINY), "--replications", "5", "--seed", "1", "--workers", "2", "--out", str(out)]) == 0
    return out


def _resign(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    record = json.loads(path.read_text())
    change(record)
    record["checksum"] = run_files.checksum(record)
    path.write_text(json.dumps(record))


def test_resume_redoes_every_run_file_it_cannot_trust(five_seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    shutil.copytree(five_seeds, out)
    runs = out / "runs"
    (runs / "variant000_seed1.json").write_bytes(bytes(range(256)) * 4)                       # binary garbage
    (runs / "variant000_seed2.json").write_text("[]")                                         # JSON, not a run file
    _resign(runs / "variant000_seed3.json", lambda r: r.pop("summary"))                      # no summary
    edited = (runs / "variant000_seed4.json").read_text()
    key = '"transfers": '
    at = edited.index(key) + len(key)
    (runs / "variant000_seed4.json").write_text(edited[:at] + "9" + edited[at:])              # an edited figure
    _resign(runs / "variant000_seed5.json", lambda r: r.update(gusu_version="0.0.1"))        # another version
    capsys.readouterr()
    assert main(["sweep", str(TINY), "--replications", "5", "--seed", "1", "--workers", "2", "--out", str(out), "--resume"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    expected = [
        "variant 0 ((base)), seed 1: redone: variant000_seed1.json not a run file (not UTF-8 text)",
        "variant 0 ((base)), seed 2: redone: variant000_seed2.json not a run file (a JSON list, not an object)",
        "variant 0 ((base)), seed 3: redone: variant000_seed3.json wrong shape: no summary",
        "variant 0 ((base)), seed 4: redone: variant000_seed4.json checksum mismatch: the file was edited or damaged after it was written",
        'variant 0 ((base)), seed 5: redone: variant000_seed5.json made with another version of Gusu ("0.0.1", now "0.1.0")',
    ]
    for line in expected:
        assert f"gusu: {line}" in err
    assert json.loads((out / "sweep.json").read_text())["redone"] == expected
    assert (out / "sweep.csv").read_text() == (five_seeds / "sweep.csv").read_text()
    assert all(_identity_ok(p) for p in runs.glob("*.json"))


def test_resume_of_another_scenario_reruns_everything(five_seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changed = tmp_path / "busier.toml"
    changed.write_text(f'schema_version = 2\nextends = "{os.path.relpath(NATIONAL_DAY, tmp_path)}"\nname = "tiny"\n'
                       '[[days]]\ndate = 2019-10-04\nday_type = "holiday"\ntraffic_factor = 0.1\ntourist_factor = 0.1\n')
    out = tmp_path / "out"
    shutil.copytree(five_seeds, out)
    capsys.readouterr()
    assert main(["sweep", str(changed), "--seed", "1", "--workers", "1", "--out", str(out), "--resume"]) == 0
    err = capsys.readouterr().err
    assert "seed 1: redone: variant000_seed1.json made with another scenario (resolved sha256)" in err
    assert "reused" not in err
    old = json.loads((five_seeds / "runs" / "variant000_seed1.json").read_text())
    new = json.loads((out / "runs" / "variant000_seed1.json").read_text())
    assert new["resolved_sha256"] != old["resolved_sha256"]
    assert new["summary"]["totals"]["vehicles_generated"] > old["summary"]["totals"]["vehicles_generated"]


def test_a_second_sweep_into_a_busy_folder_exits_2_naming_the_holder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    first = _start_sweep(out, "--workers", "1")
    try:
        _wait_for(lambda: (out / LOCK_NAME).exists() or first.poll() is not None)
        assert main(["sweep", str(TINY), "--set", "behaviour.compliance=0.5", "--workers", "1", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"gusu: {out}: another gusu process is writing here: pid {first.pid} on {socket.gethostname()} (gusu sweep {TINY})" in err
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert json.loads((out / "sweep.json").read_text())["keys"] == []  # only the first sweep's runs
    assert sorted(p.name for p in (out / "runs").glob("*.json")) == ["variant000_seed2019.json"]


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_during_a_sweep_keeps_the_results_in_memory_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(run_files, "atomic_write", _enospc)
    monkeypatch.setattr(sweep_module, "atomic_write", _enospc)
    out = tmp_path / "out"
    assert main(["sweep", str(TINY), "--workers", "1", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert (f"gusu: {out}: results not saved (No space left on device): variant000_seed2019.json, sweep.csv, sweep.json. "
            "The figures above were computed and kept in memory until now; "
            "free about 87.7 kB there, or choose another --out, and run again") in captured.err
    assert "(base)" in captured.out  # the table, from memory


def test_a_full_disk_during_replications_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(run_files, "atomic_write", _enospc)
    out = tmp_path / "out"
    assert main(["run", str(TINY), "--replications", "2", "--workers", "2", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "results not saved (No space left on device): seed20" in captured.err
    assert "mean ± 95% interval over 2 seeds" in captured.out
    assert (out / "summary.json").exists()  # the summary still fitted; the runs are said to be missing


def test_a_failed_write_never_leaves_a_mixed_run_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["run", str(TINY), "--seed", "7", "--out", str(out)]) == 0
    (out / "notes.txt").write_text("mine")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = results.atomic_write

    def full_after_summary(path: Path, data: bytes) -> None:
        if path.name == "timeseries.csv":
            _enospc()
        real(path, data)

    monkeypatch.setattr(results, "atomic_write", full_after_summary)
    assert main(["run", str(TINY), "--seed", "2019", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"{out}: results not saved (No space left on device)" in err and f"{out} is unchanged" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # still all seed 7
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left beside it
    monkeypatch.setattr(results, "atomic_write", real)
    assert main(["run", str(TINY), "--seed", "2019", "--out", str(out)]) == 0
    assert json.loads((out / "summary.json").read_text())["seed"] == 2019 and (out / "notes.txt").read_text() == "mine"


def test_the_preflight_refuses_a_folder_without_room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(disk_space, "free_bytes", lambda folder: 10_000)
    assert main(["sweep", str(TINY), "--replications", "2", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"gusu: {tmp_path}: not enough free space for the results: about 95.2 kB needed, 9.8 kB free" in err
    assert "runs done" not in err


def test_a_full_tmpfs_is_refused_before_any_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mnt = tmp_path / "small"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mnt)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        (mnt / "filler").write_bytes(b"\0" * (200 * 1024 - 8192))
        assert main(["sweep", str(TINY), "--replications", "2", "--out", str(mnt / "out")]) == 2
        err = capsys.readouterr().err
        assert f"gusu: {mnt / 'out'}: not enough free space for the results: about 95.2 kB needed" in err
        assert "Traceback" not in err and "runs done" not in err
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_dask_with_a_bad_address_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", str(TINY), "--dask", "foo", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "gusu: --dask: expected 'local' or a scheduler address like tcp://host:8786, got 'foo'" in err
    assert "Traceback" not in err


def _chain(tmp_path: Path) -> Path:
    base = tmp_path / "base.toml"
    base.write_text(f'schema_version = 2\nextends = "{os.path.relpath(NATIONAL_DAY, tmp_path)}"\nname = "Base"\n'
                    '[network]\nclosed_segments = ["no_such_segment"]\n[behaviour]\ncompliance = 7.0\n'
                    '[[days]]\ndate = 2019-10-04\nday_type = "holiday"\ntraffic_factor = 0.05\ntourist_factor = 0.1\n')
    child = tmp_path / "child.toml"
    child.write_text('schema_version = 2\nextends = "base.toml"\nname = "Child"\n[behaviour]\ncompliance = 0.9\n')
    return child


@pytest.mark.parametrize("argv", [["sweep", "--set", "behaviour.compliance=0.5,0.6", "--out"], ["run", "--replications", "2", "--out"], ["run", "--out"]])
def test_validation_names_the_base_file_and_warns_about_overridden_values(argv: list[str], tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    child = _chain(tmp_path)
    assert main([argv[0], str(child), *argv[1:], str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"gusu: {tmp_path / 'base.toml'}: network.closed_segments[0]: no segment 'no_such_segment' in the network" in err
    assert (f"gusu: warning: {tmp_path / 'base.toml'}: behaviour.compliance: expected a number from 0 to 1 (share 0-1), got 7.0 "
            f"(overridden by {child}, so not used in this run)") in err
    assert "runs done" not in err and not (tmp_path / "out").exists()
    assert main(["validate", str(child)]) == 2
    assert f"{tmp_path / 'base.toml'}: network.closed_segments[0]: no segment" in capsys.readouterr().err


def die_once_then_run(spec: RunSpec) -> dict:
    """The worker running seed 2020 dies the first time (an out-of-memory kill, say)."""
    marker = Path(os.environ["GUSU_TEST_DIED"])
    if spec.seed == 2020 and not marker.exists():
        marker.touch()
        os._exit(9)
    return run_summary(spec)


def test_a_retried_run_is_listed_with_its_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("GUSU_TEST_DIED", str(tmp_path / "died"))
    monkeypatch.setattr(sweep_module, "run_many", partial(run_many, task=die_once_then_run))
    out = tmp_path / "out"
    assert main(["sweep", str(TINY), "--seed", "2020", "--workers", "1", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    line = "variant 0 ((base)), seed 2020: retried: worker process died (A process in the process pool was terminated abruptly"
    assert f"gusu: {line}" in err
    assert json.loads((out / "sweep.json").read_text())["retried"][0].startswith(line)
