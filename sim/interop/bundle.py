"""Bundles: one .gusu file that carries everything a scenario, and a run of it, needs.

A scenario that extends another and edits the network depends on files the
receiver may not have. A bundle is a zip holding the opened scenario file,
every file it extends and its network, kept in their folders relative to one
another (so `extends` and `network.file` read the same after unpacking, and
the fingerprint of the scenario as run comes out the same), the resolved
scenario, and optionally a run's result files. manifest.json lists each
member's path, size and sha256, the scenario's fingerprint and the Gusu version.

A bundle comes from outside, so it is read as untrusted: it is refused, with a
message naming the file, when it is not a zip, too big (the limits below,
checked on the sizes the zip declares and again while reading, so a zip bomb
stops at the limit), holds a path outside itself (absolute, `..`, a symbolic
link), lacks a member the manifest lists or holds one it does not, or when a
member's sha256 differs. Nothing is written until all of that has passed, and
then only into a temporary folder beside the target, moved into place at once.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sim.engine.atomic_file import atomic_folder, atomic_write
from sim.runs.run_files import gusu_version
from sim.runs.scenario_checks import build_problem
from sim.scenario import LoadedScenario, ScenarioError, load_scenario
from sim.scenario.saving import dumps_resolved

FORMAT = "gusu-bundle/1"
MANIFEST = "manifest.json"
RESOLVED = "scenario_resolved.toml"
MAX_BUNDLE_BYTES = 50 * 2**20    # the .gusu file, and the sum of its members unpacked: 50 MB each
MAX_MEMBER_BYTES = 20 * 2**20    # one member unpacked: 20 MB (a week's timeseries.csv is about 1 MB)
MAX_MEMBERS = 10_000
LIMITS = "limits: 50 MB in all, unpacked, 20 MB a member, 10,000 members"
_CHUNK = 2**16


class BundleError(Exception):
    """A bundle that cannot be written or trusted; the message names the file."""


@dataclass(frozen=True)
class Bundle:
    """A bundle read and checked in memory: its manifest and every member's bytes."""

    path: Path
    manifest: dict[str, Any]
    members: dict[str, bytes]

    @property
    def scenario(self) -> str:
        """The opened scenario's path inside the bundle."""
        return str(self.manifest["scenario"])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _common_folder(paths: list[Path]) -> Path:
    return Path(os.path.commonpath([str(p.parent) for p in paths]))


def _run_members(run_dir: Path, fingerprint: str) -> dict[str, bytes]:
    """A run folder's files (and its runs/ folder for replications), never a symbolic link or a hidden file."""
    if not (run_dir / "summary.json").is_file():
        raise BundleError(f"{run_dir}: not a run folder (no summary.json; written by `gusu run --out`?)")
    try:
        made_from = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))["scenario"]["resolved_sha256"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BundleError(f"{run_dir / 'summary.json'}: not a run summary ({exc})") from None
    if made_from != fingerprint:
        raise BundleError(f"{run_dir}: this run was made from another scenario (resolved sha256 {str(made_from)[:12]}, "
                          f"the scenario packed is {fingerprint[:12]}): a bundle carries a run of its own scenario only")
    out: dict[str, bytes] = {}
    for path in sorted(run_dir.rglob("*")):
        rel = path.relative_to(run_dir)
        if path.is_symlink() or not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        out[f"run/{rel.as_posix()}"] = path.read_bytes()
    return out


def pack(loaded: LoadedScenario, out: Path, run_dir: Path | None = None) -> dict[str, Any]:
    """Write the bundle of `loaded` (and the run folder, when given) to `out` at once; its manifest."""
    sources = list(loaded.files) + ([loaded.network_path] if loaded.network_path is not None else [])
    top = _common_folder(sources)
    members: dict[str, bytes] = {}
    for path in sources:
        members[f"scenario/{path.relative_to(top).as_posix()}"] = path.read_bytes()
    opened = f"scenario/{loaded.files[-1].relative_to(top).as_posix()}"
    header = [f"{PurePosixPath(opened).name} as run, fully resolved: extends merged, old versions migrated, defaults filled in.",
              f"network.file is relative to the folder of {opened} in this bundle", f"resolved sha256: {loaded.resolved_sha256}"]
    members[RESOLVED] = dumps_resolved(loaded.resolved, header).encode("utf-8")
    if run_dir is not None:
        members.update(_run_members(Path(run_dir), loaded.resolved_sha256))
    total = sum(len(b) for b in members.values())
    big = [name for name, b in members.items() if len(b) > MAX_MEMBER_BYTES]
    if big or total > MAX_BUNDLE_BYTES or len(members) > MAX_MEMBERS:
        raise BundleError(f"{out}: too big to bundle ({len(members)} files, {total / 2**20:.1f} MB{', ' + big[0] if big else ''}; {LIMITS})")
    manifest = {
        "format": FORMAT, "gusu_version": gusu_version(), "scenario": opened, "resolved_sha256": loaded.resolved_sha256,
        "scenario_name": loaded.scenario.name, "has_run": run_dir is not None,
        "members": [{"path": name, "bytes": len(data), "sha256": _sha256(data)} for name, data in sorted(members.items())],
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
        for name, data in sorted(members.items()):
            zf.writestr(name, data)
    atomic_write(out, buf.getvalue())
    return manifest


def _bad_name(name: str) -> str | None:
    """Why a member's path would land outside the bundle's folder, or None."""
    pure = PurePosixPath(name)
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "an absolute or malformed path"
    if any(part in ("..", "") for part in name.rstrip("/").split("/")) or pure.is_absolute():
        return "a path that climbs out with '..'"
    return None


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, where: str) -> bytes:
    """The member's bytes, stopping at the limits whatever the zip's header claims (a zip bomb lies)."""
    limit = min(MAX_MEMBER_BYTES, budget)
    chunks, size = [], 0
    with zf.open(info) as f:
        while chunk := f.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise BundleError(f"{where}: too big: {info.filename} unpacks to more than {limit / 2**20:.0f} MB ({LIMITS})")
            chunks.append(chunk)
    return b"".join(chunks)


def read_bundle(path: Path) -> Bundle:
    """Read and check a bundle in memory (nothing is written); BundleError naming the file when it cannot be trusted."""
    path = Path(path)
    where = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BundleError(f"{where}: cannot read it ({exc.strerror or exc})") from None
    if size > MAX_BUNDLE_BYTES:
        raise BundleError(f"{where}: too big: {size / 2**20:.1f} MB ({LIMITS})")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BundleError(f"{where}: not a Gusu bundle (not a zip file: {exc})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS + 1:
            raise BundleError(f"{where}: too big: {len(infos)} members ({LIMITS})")
        declared = 0
        for info in infos:
            trouble = _bad_name(info.filename)
            if trouble:
                raise BundleError(f"{where}: refused: {info.filename!r} is {trouble}, outside the bundle")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise BundleError(f"{where}: refused: {info.filename!r} is a symbolic link")
            declared += info.file_size
            if info.file_size > MAX_MEMBER_BYTES or declared > MAX_BUNDLE_BYTES:
                raise BundleError(f"{where}: too big: {info.filename} unpacks to {info.file_size / 2**20:.1f} MB ({LIMITS})")
        files = {i.filename: i for i in infos if not i.is_dir()}
        if MANIFEST not in files:
            raise BundleError(f"{where}: not a Gusu bundle (no {MANIFEST})")
        budget = MAX_BUNDLE_BYTES
        data: dict[str, bytes] = {}
        try:
            for name, info in files.items():
                data[name] = _read_member(zf, info, budget, where)
                budget -= len(data[name])
        except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
            raise BundleError(f"{where}: damaged ({exc})") from None
    return Bundle(path, _check_manifest(where, data), {k: v for k, v in data.items() if k != MANIFEST})


def _check_manifest(where: str, data: dict[str, bytes]) -> dict[str, Any]:
    try:
        manifest = json.loads(data[MANIFEST].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleError(f"{where}: {MANIFEST} is not JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("members"), list):
        raise BundleError(f"{where}: {MANIFEST} is not a Gusu bundle manifest (expected format {FORMAT!r})")
    listed: dict[str, str] = {}
    for entry in manifest["members"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) or not isinstance(entry.get("sha256"), str):
            raise BundleError(f"{where}: {MANIFEST}: a member without path and sha256")
        listed[entry["path"]] = entry["sha256"]
    for name, digest in listed.items():
        if name not in data:
            raise BundleError(f"{where}: missing member {name} (listed in {MANIFEST})")
        if _sha256(data[name]) != digest:
            raise BundleError(f"{where}: checksum mismatch: {name} was changed or damaged after it was packed")
    extra = sorted(set(data) - set(listed) - {MANIFEST})
    if extra:
        raise BundleError(f"{where}: {extra[0]} is not listed in {MANIFEST}")
    if manifest.get("scenario") not in listed:
        raise BundleError(f"{where}: {MANIFEST} names no scenario member")
    return manifest


def reads_outside_its_folder(bundle: Bundle) -> bool:
    """Whether the scenario extends or reads files outside its own folder (`gusu run` reads only that folder and the bundled scenarios)."""
    own = PurePosixPath(bundle.scenario).parent
    return any(name.startswith("scenario/") and not PurePosixPath(name).is_relative_to(own) for name in bundle.members)


def write_members(bundle: Bundle, folder: Path) -> None:
    """Write the checked members under `folder` (already a fresh, empty folder)."""
    for name, data in bundle.members.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def unpack(bundle: Bundle, dest: Path, force: bool = False) -> Path:
    """Unpack into `dest` all at once; refuses an existing `dest` unless `force`. The scenario's path there."""
    dest = Path(dest)
    if (dest.exists() or dest.is_symlink()) and not force:
        raise BundleError(f"{dest}: already exists; not overwritten (give --force to replace it, or -d another folder)")
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise BundleError(f"{dest}: not a folder; not replaced")
    with atomic_folder(dest) as tmp:
        write_members(bundle, tmp)
    return dest / bundle.scenario


def check_scenario(bundle: Bundle) -> tuple[LoadedScenario | None, list[str]]:
    """Load the bundle's scenario from a temporary folder (removed after): (the scenario, []) or (None, problems)."""
    where = str(bundle.path)
    with tempfile.TemporaryDirectory(prefix="gusu-bundle-") as tmp:
        folder = Path(tmp)
        write_members(bundle, folder)
        try:
            loaded = load_scenario(folder / bundle.scenario, roots=[folder / "scenario"], display=f"{where}:{bundle.scenario}")
        except ScenarioError as exc:
            return None, [str(exc)]
        problem = build_problem(loaded, f"{where}:{bundle.scenario}")
        if problem:
            return None, [problem]
        if loaded.resolved_sha256 != bundle.manifest.get("resolved_sha256"):
            return None, [f"{where}: the scenario inside resolves to {loaded.resolved_sha256[:12]}, "
                          f"the manifest says {str(bundle.manifest.get('resolved_sha256'))[:12]}"]
        return loaded, []
