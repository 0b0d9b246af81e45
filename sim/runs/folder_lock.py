"""One writer per output folder: a lock file holding the owner's pid and host.

Two sweeps pointed at the same `--out` would otherwise interleave their run
files and one `sweep.csv` would carry the other's runs under its labels. The
first sweep writes `.gusu-lock` (pid, host, command, start time) into the
folder; a second one finds it and stops with a message naming the holder. A
lock left by a process that no longer exists on this machine (the sweep was
killed) is stale and is taken over. A lock from another host cannot be checked
from here and is respected.

The lock file is created whole or not at all: its content goes to a temporary
file that is then hard-linked to the lock's name, which fails if the name
exists, so a reader never finds a half-written lock.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

LOCK_NAME = ".gusu-lock"


class FolderBusy(Exception):
    """Another live process writes into the folder; the message names it."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def read_holder(lock: Path) -> dict[str, Any] | None:
    """The lock's content, or None when it is unreadable or not a lock (which counts as stale)."""
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pid"), int) or not isinstance(data.get("host"), str):
        return None
    return data


def describe(holder: dict[str, Any]) -> str:
    return f"pid {holder['pid']} on {holder['host']}" + (f" ({holder['command']})" if holder.get("command") else "") \
        + (f", since {holder['started']}" if holder.get("started") else "")


class FolderLock:
    """`with FolderLock(folder):` holds the folder for this process; FolderBusy if a live process holds it.

    `taken_over` says whose stale lock was replaced, for the terminal."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self.taken_over: str | None = None
        self._mine = False

    def acquire(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        me = {"pid": os.getpid(), "host": socket.gethostname(), "command": " ".join(["gusu", *sys.argv[1:3]]),
              "started": time.strftime("%Y-%m-%d %H:%M:%S")}
        fd, tmp = tempfile.mkstemp(prefix=".gusu-lock.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(me, f)
            for _ in range(3):
                try:
                    os.link(tmp, self.path)
                    self._mine = True
                    return
                except FileExistsError:
                    holder = read_holder(self.path)
                    if holder is not None and (holder["host"] != me["host"] or _alive(holder["pid"])):
                        raise FolderBusy(f"{self.folder}: another gusu process is writing here: {describe(holder)}; "
                                         f"wait for it, or choose another --out (if it is gone, delete {self.path})") from None
                    self.taken_over = describe(holder) if holder else "an unreadable lock file"
                    try:
                        os.unlink(self.path)
                    except FileNotFoundError:
                        pass
            raise FolderBusy(f"{self.folder}: the lock {self.path} keeps changing hands; another process is starting here")
        finally:
            os.unlink(tmp)

    def release(self) -> None:
        if not self._mine:
            return
        self._mine = False
        holder = read_holder(self.path)
        if holder is not None and holder["pid"] == os.getpid() and holder["host"] == socket.gethostname():
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
