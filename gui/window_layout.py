"""Where the window's parts sit on screen, kept between sessions: size, docks, toolbar and the map/plots split.

A planner arranges the window once; it comes back as it was left (QSettings,
through gui.settings), kept within the screen. On a first start there is no
saved layout: the scenario editor gets a narrow strip, the week figures a short
one below it, and the rest goes to the map and the plots.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QSplitter

MAX_FIRST_SIZE_PX = (2400, 1500)  # a first start on a very large screen does not fill all of it
FIGURES_DOCK_HEIGHT_PX = 160


def restore_layout(window: QMainWindow, split: QSplitter, settings: Any, docks: tuple[QDockWidget, QDockWidget]) -> bool:
    """Put the window back as it was left; True when there was no saved layout (size the docks once shown: `size_first_start`)."""
    first_start = False
    geometry = settings.value("window/geometry")
    screen = QApplication.primaryScreen()
    if isinstance(geometry, QByteArray) and window.restoreGeometry(geometry):
        pass
    elif screen is not None:
        avail = screen.availableGeometry()
        w, h = min(MAX_FIRST_SIZE_PX[0], int(avail.width() * 0.92)), min(MAX_FIRST_SIZE_PX[1], int(avail.height() * 0.9))
        window.resize(w, h)
        window.move(avail.x() + (avail.width() - w) // 2, avail.y() + (avail.height() - h) // 2)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    else:
        window.splitDockWidget(docks[0], docks[1], Qt.Orientation.Vertical)
        first_start = True
    split_state = settings.value("window/split")
    if isinstance(split_state, QByteArray):
        split.restoreState(split_state)
    return first_start


def size_first_start(window: QMainWindow, split: QSplitter, docks: tuple[QDockWidget, QDockWidget]) -> None:
    """A narrow editor, the rest for the map and the plots (once the window has its real size)."""
    form_dock, figures_dock = docks
    width = max(240, min(380, int(window.width() * 0.19)))
    window.resizeDocks([form_dock], [width], Qt.Orientation.Horizontal)
    window.resizeDocks([form_dock, figures_dock], [window.height() - 220, FIGURES_DOCK_HEIGHT_PX], Qt.Orientation.Vertical)
    split.setSizes([int((window.width() - width) * 0.45), int((window.width() - width) * 0.55)])


def save_layout(window: QMainWindow, split: QSplitter, settings: Any) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/split", split.saveState())
    settings.sync()
