"""The window's actions: made once without text, named again on every language change.

The planner's menus (gui.menus) and the trainer's (gui.training) both add actions
to the main window, so that their shortcuts work wherever the focus is, and both
name them from a table of (action, text, tip) in the current language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def window_action(window: QWidget, slot: Callable[..., Any], shortcut: Any = None) -> QAction:
    """An action without text on the window, its shortcut live anywhere in it; `name_actions` gives it words."""
    act = QAction(window)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    act.triggered.connect(slot)
    window.addAction(act)
    return act


def name_actions(table: Iterable[tuple[QAction, str, str]]) -> None:
    """Text, tooltip (the tip, else the text without its & accelerator) and status tip of each action."""
    for act, text, tip in table:
        act.setText(text)
        act.setToolTip(tip or text.replace("&", ""))
        act.setStatusTip(tip)
