"""A transfer centre on the map: an upright bar that fills with its parked cars, with its name and count beside it.

Drawn in the map's metres, so it sits on the centre's node at any zoom; it is
repainted only when the count or the spaces change, since a run asks after
every update. Red from 95 % full, orange from 75 %: a planner sees a centre
about to turn cars away before it does.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem


class CentreGauge:
    """A transfer centre: an upright bar that fills with its parked cars, and its name and count."""

    WIDTH_M, HEIGHT_M = 220.0, 600.0

    def __init__(self, view: pg.ViewBox, x: float, y: float, title: str, cid: str = "", label_left: bool = False) -> None:
        self.cid = cid
        self.frame = QGraphicsRectItem(QRectF(x - self.WIDTH_M / 2, y, self.WIDTH_M, self.HEIGHT_M))
        pen = QPen(QColor(40, 40, 40))
        pen.setCosmetic(True)
        pen.setWidthF(1.5)
        self.frame.setPen(pen)
        self.frame.setBrush(QBrush(QColor(255, 255, 255, 220)))
        self.fill = QGraphicsRectItem(QRectF(x - self.WIDTH_M / 2, y, self.WIDTH_M, 0.0))
        self.fill.setPen(QPen(Qt.PenStyle.NoPen))
        self.fill.setBrush(QBrush(QColor(0, 121, 107)))
        self.x, self.y, self.title = x, y, title
        self.spaces = 0
        self._view: tuple[QRectF, float] | None = None  # the map's view and its metres per pixel, for keep_inside
        self._shown: tuple[int, int] = (-1, -1)
        # a centre in the east of the map has its label on its west side, so no label runs off the map's edge
        self.label = pg.TextItem(title, color=(30, 30, 30), anchor=(1, 1) if label_left else (0, 1))
        self.label.setPos(x - self.WIDTH_M * 0.7 if label_left else x + self.WIDTH_M * 0.7, y + self.HEIGHT_M)
        for item in (self.frame, self.fill):
            item.setZValue(30)
            view.addItem(item)
        self.label.setZValue(31)
        view.addItem(self.label)

    def keep_inside(self, shown: QRectF | None = None, m_per_px: float = 0.0) -> None:
        """Place the label beside the bar, on the side where it fits in `shown` (the map's view in metres,
        `m_per_px` its scale), slid along it when it fits on neither: no label runs off the map's edge."""
        if shown is not None:
            self._view = (QRectF(shown), m_per_px)
        if self._view is None:
            return
        shown, m_per_px = self._view
        room_px = 0.9 * shown.width() / max(m_per_px, 1e-9)
        self.label.setTextWidth(-1)  # its natural width, and wrapped when the map is narrower than that
        if self.label.boundingRect().width() > room_px:
            self.label.setTextWidth(room_px)
        width = self.label.boundingRect().width() * m_per_px  # the text is drawn in pixels at any zoom
        right, left = self.x + self.WIDTH_M * 0.7, self.x - self.WIDTH_M * 0.7 - width
        x0 = right if right + width <= shown.right() else left if left >= shown.left() else max(shown.left(), shown.right() - width)
        self.label.setAnchor((0, 1))
        self.label.setPos(x0, self.y + self.HEIGHT_M)

    def set_fill(self, parked: int, spaces: int) -> None:
        if (parked, spaces) == self._shown:
            return  # nothing moved: no repaint
        self._shown = (parked, spaces)
        self.spaces = spaces
        share = min(1.0, parked / spaces) if spaces > 0 else 0.0
        self.fill.setRect(QRectF(self.x - self.WIDTH_M / 2, self.y, self.WIDTH_M, self.HEIGHT_M * share))
        colour = QColor(198, 40, 40) if share >= 0.95 else QColor(245, 124, 0) if share >= 0.75 else QColor(0, 121, 107)
        self.fill.setBrush(QBrush(colour))
        self.label.setText(QCoreApplication.translate("MapView", "{title}\n{parked}/{spaces} cars ({share})").format(
            title=self.title, parked=f"{parked:,}", spaces=f"{spaces:,}", share=f"{share:.0%}"))
        self.frame.setToolTip(QCoreApplication.translate("MapView", "{title}: {parked} of {spaces} spaces taken ({share})").format(
            title=self.title, parked=f"{parked:,}", spaces=f"{spaces:,}", share=f"{share:.0%}"))
        self.keep_inside()

    def retitle(self, title: str) -> None:
        self.title = title
        parked = self._shown[0]
        self._shown = (-1, -1)
        self.set_fill(max(parked, 0), self.spaces)
