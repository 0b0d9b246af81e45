"""Room for the results: how much a run, a sweep or replications will write, checked before they start.

A sweep that fills the disk at its end has wasted hours. Before any run starts,
the folder must take a probe of real bytes (an empty file is written even on a
full disk) and have free space for the expected output with a margin. The
sizes below were measured on one-day runs of the bundled scenarios (a run
file about 2.2 kB a day, timeseries.csv about 16 kB a day) and rounded up.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

RUN_FILE_FIXED_B = 2_048
RUN_FILE_PER_DAY_B = 3_072
OUTPUTS_FIXED_B = 16_384          # summary.json head, the scenario as run and resolved
OUTPUTS_PER_DAY_B = 24_576        # daily.csv row, timeseries.csv bins, summary.json day
SWEEP_ROW_B = 160                 # one row of sweep.csv
MARGIN_FACTOR = 1.5
MARGIN_B = 64 * 1024
PROBE_MAX_B = 64 * 1024


def run_file_bytes(days: int) -> int:
    return RUN_FILE_FIXED_B + RUN_FILE_PER_DAY_B * days


def sweep_bytes(variants: int, seeds: int, days: int, figures: int) -> int:
    return variants * seeds * run_file_bytes(days) + variants * figures * SWEEP_ROW_B + 8_192


def outputs_bytes(days: int) -> int:
    return OUTPUTS_FIXED_B + OUTPUTS_PER_DAY_B * days


def needed_bytes(expected: int) -> int:
    """The expected size with the margin: what the folder must have free."""
    return int(expected * MARGIN_FACTOR) + MARGIN_B


def human(n: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"


def is_disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def preflight(folder: Path, expected: int) -> str | None:
    """None when `folder` can take `expected` bytes of results; else a message naming the folder and the space needed.

    Creates the folder. Writes and removes a probe of real bytes, because an empty file
    can be created on a full disk."""
    need = needed_bytes(expected)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        free = free_bytes(folder)
        if free < need:
            return f"{folder}: not enough free space for the results: about {human(need)} needed, {human(free)} free"
        probe = folder / ".gusu-space-probe"
        try:
            with open(probe, "wb") as f:
                f.write(b"\0" * min(need, PROBE_MAX_B))
                f.flush()
                os.fsync(f.fileno())
        finally:
            try:
                probe.unlink()
            except FileNotFoundError:
                pass
    except OSError as exc:
        if is_disk_full(exc):
            return f"{folder}: the disk is full: about {human(need)} needed for the results"
        return f"{folder}: cannot write results there ({exc.strerror or exc})"
    return None
