"""A run folder read back for a report: one run, or a folder of replications.

`gusu run --out` leaves summary.json, timeseries.csv and scenario_resolved.toml;
`gusu run --replications N --out` leaves summary.json (means and intervals),
runs/seedN.json (each run, signed) and scenario_resolved.toml. A report reads
the typed runs (RunSummary, checked field by field), the 15-minute series when
there is one, and the scenario as run. Anything missing or damaged is a
ReportError naming the file, never a traceback: the folder may have come by
e-mail from another team.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.runs.figures import RunSummary
from sim.runs.run_files import checksum

NETWORK_HEADER = "# network.file is relative to "  # sim/cli/run.py resolved_toml writes it
MAX_FILE_BYTES = 200 * 1024 * 1024  # a year of 15-minute bins is about 30 MB; anything far bigger is not a run's file


class ReportError(Exception):
    """A run folder that cannot be reported on; the message names the file."""


@dataclass(frozen=True)
class RunFolder:
    """What a report shows of one folder: its runs (one, or one per seed), its series and its scenario."""

    path: Path
    runs: tuple[RunSummary, ...]
    replications: bool
    timeseries: dict[str, list[str]] | None  # column -> values as written (one run only)
    resolved: dict[str, Any] | None  # scenario_resolved.toml, when the folder has it
    written: str  # when summary.json was written, UTC, ISO
    gusu_versions: tuple[str, ...]  # from the run files (replications); empty for one run
    network_path: Path | None = None  # the network file the run read, when it is still where it was

    @property
    def first(self) -> RunSummary:
        return self.runs[0]

    @property
    def seeds(self) -> tuple[int, ...]:
        return tuple(r.seed for r in self.runs)

    def scenario_text(self, key: str) -> str:
        value = (self.resolved or {}).get(key)
        return value if isinstance(value, str) else ""


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ReportError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MB, not a run's file")
        return path.read_bytes()
    except FileNotFoundError:
        raise ReportError(f"{path}: missing (is this a folder written by `gusu run --out`?)") from None
    except OSError as exc:
        raise ReportError(f"{path}: unreadable ({exc.strerror or exc})") from None


def _json(path: Path) -> Any:
    try:
        return json.loads(_read(path).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReportError(f"{path}: not JSON ({exc})") from None


def _summary(data: Any, path: Path) -> RunSummary:
    try:
        return RunSummary.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ReportError(f"{path}: not a run summary: {where}: {first['msg']}") from None


def _timeseries(path: Path) -> dict[str, list[str]] | None:
    if not path.exists():
        return None
    try:
        rows = list(csv.reader(_read(path).decode("utf-8").splitlines()))
    except UnicodeDecodeError as exc:
        raise ReportError(f"{path}: not UTF-8 text ({exc})") from None
    if not rows:
        raise ReportError(f"{path}: empty")
    header = rows[0]
    if any(len(r) != len(header) for r in rows[1:]):
        raise ReportError(f"{path}: rows of different lengths: damaged")
    return {name: [r[i] for r in rows[1:]] for i, name in enumerate(header)}


def _resolved(path: Path) -> tuple[dict[str, Any] | None, Path | None]:
    """The scenario as run, and its network file when that is still where the run read it: the header of
    scenario_resolved.toml names the folder network.file is relative to."""
    if not path.exists():
        return None, None
    try:
        text = _read(path).decode("utf-8")
        resolved = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReportError(f"{path}: not a scenario file ({exc})") from None
    network = resolved.get("network", {}).get("file") if isinstance(resolved.get("network"), dict) else None
    for line in text.splitlines():
        if line.startswith(NETWORK_HEADER) and isinstance(network, str):
            candidate = Path(line.removeprefix(NETWORK_HEADER).strip()) / network
            return resolved, candidate.resolve() if candidate.is_file() else None
    return resolved, None


def read_run_folder(folder: Path) -> RunFolder:
    """The folder's runs, series and scenario as run; ReportError naming the file otherwise."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such folder")
    summary_path = folder / "summary.json"
    data = _json(summary_path)
    written = dt.datetime.fromtimestamp(summary_path.stat().st_mtime, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    resolved, network = _resolved(folder / "scenario_resolved.toml")
    if isinstance(data, dict) and "replications" in data:
        runs, versions = [], []
        for seed in data.get("seeds", []):
            path = folder / "runs" / f"seed{seed}.json"
            record = _json(path)
            if not isinstance(record, dict) or record.get("checksum") != checksum(record):
                raise ReportError(f"{path}: checksum mismatch: the file was edited or damaged after it was written")
            runs.append(_summary(record.get("summary"), path))
            versions.append(str(record.get("gusu_version", "unknown")))
        if not runs:
            raise ReportError(f"{summary_path}: a replications summary that names no seeds")
        return RunFolder(folder, tuple(runs), True, None, resolved, written, tuple(dict.fromkeys(versions)), network)
    run = _summary(data, summary_path)
    return RunFolder(folder, (run,), False, _timeseries(folder / "timeseries.csv"), resolved, written, (), network)
