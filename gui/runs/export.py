"""Export: a run's results as the CLI's files, and every plot and the map as PNG.

The CSV and JSON files are the very files `gusu run --out` writes: the model's
process writes them with sim.runs.results.write_outputs when a run finishes, into a
folder of its own, and exporting copies them where the user asks. Images are
grabs of the widgets as shown, legends and published figures included.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget


def export_results(out_dir: Path, folder: Path) -> list[Path]:
    """Copy a finished run's result files into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted(Path(out_dir).iterdir()):
        if src.is_file():
            dst = folder / src.name
            shutil.copyfile(src, dst)
            written.append(dst)
    return written


def save_png(widget: QWidget, path: Path) -> Path:
    """An image of a widget as it is on screen, at the screen's pixel ratio."""
    pixmap = widget.grab()
    if pixmap.isNull() or not pixmap.save(str(path), "PNG"):
        raise OSError(f"{path}: could not write the image")
    return path


def export_images(map_widget: QWidget, plots: dict[str, Any], folder: Path) -> list[Path]:
    """map.png and one PNG per plot, named after the plot."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [save_png(map_widget, folder / "map.png")]
    for name, widget in plots.items():
        written.append(save_png(widget, folder / f"{name}.png"))
    return written
