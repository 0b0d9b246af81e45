"""Bundles (`gusu pack`, `unpack`, `validate NAME.gusu`): a scenario travels whole, and a bad bundle is refused.

The round trip packs a scenario with an extends chain and its network (and a
run of it), unpacks it in another folder, runs it there and gets the same
daily.csv byte for byte. Each broken bundle (a wrong checksum, a path out of
the bundle, a symbolic link, a missing member, not a zip, a zip bomb) must be
exit 2 with a message naming the file, and leave every folder as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from sim.cli import main
from sim.interop.bundle import MAX_MEMBER_BYTES

ROOT = Path(__file__).resolve().parent.parent


def _scenario_tree(folder: Path) -> Path:
    """child.toml extends mid.toml extends base/national_day_2019.toml, which reads base/networks/old_town.toml."""
    (folder / "base" / "networks").mkdir(parents=True)
    shutil.copy(ROOT / "scenarios" / "national_day_2019.toml", folder / "base")
    shutil.copy(ROOT / "scenarios" / "networks" / "old_town.toml", folder / "base" / "networks")
    (folder / "mid.toml").write_text('schema_version = 2\nextends = "base/national_day_2019.toml"\nname = "mid"\n'
                                     "[[days]]\ndate = 2019-10-04\nday_type = \"holiday\"\ntraffic_factor = 0.3\ntourist_factor = 0.45\n")
    (folder / "child.toml").write_text('schema_version = 2\nextends = "mid.toml"\nname = "child"\n'
                                       "[[days]]\ndate = 2019-10-04\nday_type = \"holiday\"\ntraffic_factor = 0.05\ntourist_factor = 0.1\n")
    return folder / "child.toml"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_round_trip_pack_unpack_elsewhere_run_gives_the_same_daily_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    child = _scenario_tree(tmp_path / "src")
    assert main(["run", str(child), "--out", str(tmp_path / "run1")]) == 0
    assert main(["pack", str(child), "--run", str(tmp_path / "run1"), "-o", str(tmp_path / "child.gusu")]) == 0
    with zipfile.ZipFile(tmp_path / "child.gusu") as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    assert {"scenario/child.toml", "scenario/mid.toml", "scenario/base/national_day_2019.toml",
            "scenario/base/networks/old_town.toml", "scenario_resolved.toml", "run/daily.csv", "run/README.txt"} <= names
    run1 = json.loads((tmp_path / "run1" / "summary.json").read_text())
    assert manifest["resolved_sha256"] == run1["scenario"]["resolved_sha256"] and manifest["gusu_version"]
    assert all(len(m["sha256"]) == 64 for m in manifest["members"])
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "child.gusu")]) == 0
    assert "valid bundle" in capsys.readouterr().out

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(tmp_path / "src")  # nothing of the original may be read
    assert main(["unpack", str(tmp_path / "child.gusu"), "-d", str(elsewhere / "got")]) == 0
    assert main(["run", str(elsewhere / "got" / "scenario" / "child.toml"), "--out", str(elsewhere / "run2")]) == 0
    daily = (tmp_path / "run1" / "daily.csv").read_bytes()
    assert (elsewhere / "run2" / "daily.csv").read_bytes() == daily
    assert (elsewhere / "got" / "run" / "daily.csv").read_bytes() == daily
    run2 = json.loads((elsewhere / "run2" / "summary.json").read_text())
    assert run2["scenario"]["resolved_sha256"] == run1["scenario"]["resolved_sha256"]


def test_unpack_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    child = _scenario_tree(tmp_path / "src")
    assert main(["pack", str(child), "-o", str(tmp_path / "b.gusu")]) == 0
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    capsys.readouterr()
    assert main(["unpack", str(tmp_path / "b.gusu"), "-d", str(dest)]) == 2
    err = capsys.readouterr().err
    assert f"gusu: {dest}: already exists; not overwritten" in err and "--force" in err
    assert _files(dest) == {"notes.txt": b"mine"}
    assert main(["unpack", str(tmp_path / "b.gusu"), "-d", str(dest), "--force"]) == 0
    assert (dest / "scenario" / "child.toml").is_file() and not (dest / "notes.txt").exists()


def _zip(members: dict[str, bytes], manifest_members: dict[str, bytes] | None = None, links: tuple[str, ...] = ()) -> bytes:
    """A bundle whose manifest lists `manifest_members` (default: `members`) with their true sha256."""
    listed = members if manifest_members is None else manifest_members
    manifest = {"format": "gusu-bundle/1", "gusu_version": "0", "scenario": "scenario/child.toml", "resolved_sha256": "x",
                "members": [{"path": k, "bytes": len(v), "sha256": hashlib.sha256(v).hexdigest()} for k, v in listed.items()]}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, data)
    return buf.getvalue()


GOOD = {"scenario/child.toml": b'name = "child"\n'}
BROKEN = {
    "bad checksum": (_zip(GOOD, {"scenario/child.toml": b'name = "other"\n'}), "checksum mismatch: scenario/child.toml"),
    "path traversal": (_zip({**GOOD, "../evil.toml": b"x"}), "'../evil.toml' is a path that climbs out"),
    "absolute path": (_zip({**GOOD, "/tmp/evil.toml": b"x"}), "'/tmp/evil.toml' is an absolute"),
    "symbolic link": (_zip({**GOOD, "scenario/link": b"/etc/passwd"}, links=("scenario/link",)), "'scenario/link' is a symbolic link"),
    "missing member": (_zip(GOOD, {**GOOD, "scenario/mid.toml": b"x"}), "missing member scenario/mid.toml"),
    "member not listed": (_zip({**GOOD, "scenario/extra.toml": b"x"}, GOOD), "scenario/extra.toml is not listed"),
    "not a zip": (b"schema_version = 2\n", "not a Gusu bundle (not a zip file"),
    "zip bomb": (_zip({**GOOD, "scenario/big.csv": b"0" * (MAX_MEMBER_BYTES + 1)}), "too big: scenario/big.csv"),
}


@pytest.mark.parametrize("case", list(BROKEN))
@pytest.mark.parametrize("verb", ["unpack", "validate"])
def test_a_broken_bundle_is_refused_naming_the_file_and_nothing_is_written(case: str, verb: str, tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    data, why = BROKEN[case]
    work = tmp_path / "work"
    work.mkdir()
    bundle = work / "bad.gusu"
    bundle.write_bytes(data)
    assert len(data) < 2**20  # the zip bomb is small on disk
    before = _files(tmp_path)
    argv = ["unpack", str(bundle), "-d", str(work / "out")] if verb == "unpack" else ["validate", str(bundle)]
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert str(bundle) in err and why in err, err
    assert "Traceback" not in err
    assert _files(tmp_path) == before  # nothing written anywhere: not the target, not beside it, not above it
    assert sorted(p.name for p in work.iterdir()) == ["bad.gusu"]


def test_a_bundle_too_big_on_disk_is_refused_before_it_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = tmp_path / "huge.gusu"
    with open(bundle, "wb") as f:
        f.truncate(51 * 2**20)  # sparse: 51 MB on paper
    assert main(["validate", str(bundle)]) == 2
    assert f"gusu: {bundle}: too big: 51.0 MB (limits: 50 MB" in capsys.readouterr().err


def test_pack_refuses_a_run_of_another_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    child = _scenario_tree(tmp_path / "src")
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "summary.json").write_text(json.dumps({"scenario": {"resolved_sha256": "0" * 64}}))
    assert main(["pack", str(child), "--run", str(tmp_path / "run"), "-o", str(tmp_path / "b.gusu")]) == 2
    assert "this run was made from another scenario" in capsys.readouterr().err
    assert not (tmp_path / "b.gusu").exists()
