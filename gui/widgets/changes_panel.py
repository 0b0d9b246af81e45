"""The Changes panel: the scenario's edits since it was opened, in words, newest last.

A planner who clicked five streets and typed two numbers wants to see what
the scenario now differs in before running or saving it. The panel is the
undo stack itself (QUndoView): each line is one edit's name ("Close 干将路
Ganjiang Lu (ganjiang_3)"), the first line is the file as opened, and clicking
a line goes back (or forward) to just after that edit. Texts are in the
"ChangesPanel" translation context.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QUndoView, QVBoxLayout, QWidget


class ChangesPanel(QWidget):
    """The edits on `stack`, listed in words; click one to go back to it."""

    def __init__(self, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.view = QUndoView(stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        stack.indexChanged.connect(self._on_stack_index_changed)
        stack.cleanChanged.connect(self._on_stack_index_changed)
        self.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.view.setEmptyLabel(self.tr("The file as opened"))
        self.view.setToolTip(self.tr("Every edit since the file was opened; click one to go back to just after it"))
        self._on_stack_index_changed()

    def lines(self) -> list[str]:
        """The edits in force, in words, oldest first."""
        return [self.stack.text(i) for i in range(self.stack.index())]

    def _on_stack_index_changed(self, *_args: object) -> None:
        if not shiboken6.isValid(self.stack):
            return  # the window is being taken down: the stack goes before the panel
        n = self.stack.index()
        self.summary.setText(self.tr("No edits: the scenario is as in its file") if n == 0
                             else self.tr("Edits since the file was opened: {n}").format(n=n))


__all__ = ["ChangesPanel"]
