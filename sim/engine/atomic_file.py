"""Writing a file all at once, so a failure never leaves half a file.

Planners' scenario files and a run's results are both written this way: the
bytes go to a temporary file in the same folder, are flushed to disk, and the
temporary file is renamed over the target. Readers see the old file or the
new one, never a truncated one. A folder of results is written the same way
(`atomic_folder`): filled beside its target, then moved into place.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` by `data` all at once: temporary file in the same folder, fsync, rename."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable (POSIX); harmless where unsupported
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


@contextmanager
def atomic_folder(target: Path, keep: Callable[[str], bool] = lambda name: False) -> Iterator[Path]:
    """Fill a folder that replaces `target` all at once.

    The caller writes into a temporary folder beside `target`; when the block ends
    without an error the temporary folder is moved into place, so a reader sees the
    old folder or the new one, never a mix of the two (two renames: the old folder
    steps aside, then the new one takes its name). Entries of the old folder that
    `keep(name)` accepts (a person's own notes, a lock file) are carried over. On an
    error the temporary folder is removed and `target` is left as it was.
    """
    target = Path(target)
    parent = target.parent if str(target.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=parent))
    try:
        yield tmp
        if target.exists():
            for entry in os.listdir(target):
                if keep(entry) and not (tmp / entry).exists():
                    os.replace(target / entry, tmp / entry)
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.replace(target, old / target.name)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
