"""A finished run on disk, signed so that it can be trusted when it is used again.

A sweep that is resumed days later reuses the runs it finds. Reusing one is
only right if it was made from the same scenario (the fingerprint of the
resolved scenario, `extends` merged and overrides applied), with the same
overrides, the same seed and the same version of Gusu, and if nobody edited a
figure since. So every run file carries those, and a sha256 checksum over its
content. `check_run_file` says why a file cannot be reused: unreadable, not a
run file, a wrong shape, an edited figure, another scenario, seed or version.
Such a run is done again and listed as redone, never used silently and never
a traceback.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.engine.atomic_file import atomic_write
from sim.runs.figures import RunSummary

FORMAT = "gusu-run/1"


def gusu_version() -> str:
    try:
        return version("gusu")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


@dataclass(frozen=True)
class RunIdentity:
    """What a run's result depends on: the scenario as run, the overrides, the seed, the program."""

    resolved_sha256: str            # the fingerprint of the resolved scenario, overrides applied
    base_resolved_sha256: str       # the fingerprint of the scenario file before the overrides
    overrides: tuple[tuple[str, Any], ...]
    seed: int
    gusu_version: str

    def as_dict(self) -> dict[str, Any]:
        return {"resolved_sha256": self.resolved_sha256, "base_resolved_sha256": self.base_resolved_sha256,
                "overrides": [[k, v] for k, v in self.overrides], "seed": self.seed, "gusu_version": self.gusu_version}


def _canonical(record: dict[str, Any]) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")


def checksum(record: dict[str, Any]) -> str:
    """sha256 over the canonical JSON of everything in the file except the checksum itself."""
    return hashlib.sha256(_canonical({k: v for k, v in record.items() if k != "checksum"})).hexdigest()


def run_record(identity: RunIdentity, summary: RunSummary, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The signed content of a run file."""
    record: dict[str, Any] = {"format": FORMAT, **identity.as_dict(), **(extra or {}), "summary": summary.model_dump()}
    # through JSON and back, so the checksum is over exactly what a reader will see
    record = json.loads(_canonical(record))
    record["checksum"] = checksum(record)
    return record


def encode(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def write_run_file(path: Path, record: dict[str, Any]) -> None:
    """Write the run file all at once (OSError, e.g. ENOSPC, is the caller's to report)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, encode(record))


def _differs(name: str, stored: Any, wanted: Any) -> str:
    def short(x: Any) -> str:
        text = json.dumps(x, default=str)
        return text[:16] + "..." if len(text) > 19 else text
    return f"made with another {name} ({short(stored)}, now {short(wanted)})"


def check_run_file(path: Path, identity: RunIdentity) -> tuple[RunSummary | None, str]:
    """(summary, "") when the file can be reused for `identity`; (None, why not) otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, "missing"
    except OSError as exc:
        return None, f"unreadable ({exc.strerror or exc})"
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "not a run file (not UTF-8 text)"
    except ValueError as exc:
        return None, f"not a run file (not JSON: {exc})"
    if not isinstance(record, dict):
        return None, f"not a run file (a JSON {type(record).__name__}, not an object)"
    if record.get("format") != FORMAT:
        return None, f"not a run file of this format (format {json.dumps(record.get('format'))}, expected {FORMAT!r})"
    if record.get("checksum") != checksum(record):
        return None, "checksum mismatch: the file was edited or damaged after it was written"
    wanted = identity.as_dict()
    for key in ("resolved_sha256", "overrides", "seed", "gusu_version"):
        if record.get(key) != json.loads(_canonical({"v": wanted[key]}))["v"]:
            what = {"resolved_sha256": "scenario (resolved sha256)", "gusu_version": "version of Gusu"}.get(key, key)
            return None, _differs(what, record.get(key), wanted[key])
    if not isinstance(record.get("summary"), dict):
        return None, "wrong shape: no summary"
    try:
        return RunSummary.model_validate(record["summary"]), ""
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return None, f"wrong shape: the summary's {where}: {first['msg']}"
