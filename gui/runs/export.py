"""Export: a run's results as the CLI's files, and every plot and the map as PNG.

The CSV and JSON files are the very files `gusu run --out` writes: the model's
process writes them with sim.runs.results.write_outputs when a run finishes, into a
folder of its own, and exporting copies them where the user asks. Images are
grabs of the widgets as shown, legends and published figures included.

Every file is written atomically (sim.engine.atomic_file): the bytes go to a
temporary file beside the target, then replace it. A full disk leaves the old
file or none, never a 0-byte map.png, and the error names the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import QWidget

from sim.engine.atomic_file import atomic_write


class ExportError(OSError):
    """A file of an export could not be written; the message names it and says why."""


def _write(path: Path, data: bytes) -> Path:
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise ExportError(f"{path.name}: {exc.strerror or exc}") from exc
    return path


def export_results(out_dir: Path, folder: Path) -> list[Path]:
    """Copy a finished run's result files into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    return [_write(folder / src.name, src.read_bytes()) for src in sorted(Path(out_dir).iterdir()) if src.is_file()]


def png_bytes(widget: QWidget) -> bytes:
    """An image of a widget as it is on screen, at the screen's pixel ratio, as PNG bytes."""
    pixmap = widget.grab()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if pixmap.isNull() or not pixmap.save(buf, "PNG"):
        raise ExportError("could not draw the image")
    return bytes(data.data())


def save_png(widget: QWidget, path: Path) -> Path:
    """The widget's image written atomically to `path`."""
    return _write(path, png_bytes(widget))


def export_images(map_widget: QWidget, plots: dict[str, Any], folder: Path) -> list[Path]:
    """map.png and one PNG per plot, named after the plot."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [save_png(map_widget, folder / "map.png")]
    for name, widget in plots.items():
        written.append(save_png(widget, folder / f"{name}.png"))
    return written
