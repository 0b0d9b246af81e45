"""Draw the tornado chart of `gusu sensitivity` (tornado.csv) as a PNG, with Qt's QPainter offscreen.

sim/ draws nothing and never imports Qt; this script is outside it. PySide6 is already a
dependency (the window), so the chart needs no plotting library: one panel per headline
output, one bar per parameter, mu* (the mean absolute effect of moving it across its
range) with its 95% interval as a whisker, largest first.

    python tools/tornado_png.py calibration_runs/national_day_2019_sensitivity/tornado.csv [out.png]
"""

from __future__ import annotations

import csv
import os
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen  # noqa: E402

WIDTH_PX = 1100
ROW_PX = 22
LABEL_PX = 420
TITLE_PX = 28


def main(csv_path: str, png_path: str | None = None) -> int:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(csv_path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows[r["output"]].append(r)
    height = sum(TITLE_PX + ROW_PX * len(v) + 12 for v in rows.values()) + 10
    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(WIDTH_PX, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setFont(QFont("DejaVu Sans", 9))
    y = 8.0
    bar_w = WIDTH_PX - LABEL_PX - 120
    for output, items in rows.items():
        p.setPen(QPen(QColor("black")))
        p.drawText(QRectF(8, y, WIDTH_PX, TITLE_PX), Qt.AlignmentFlag.AlignVCenter, f"{output} ({items[0]['unit']}): mu* with 95% interval")
        y += TITLE_PX
        top = max(float(r["mu_star"]) + float(r["mu_star_conf95"]) for r in items) or 1.0
        for r in items:
            mu, conf = float(r["mu_star"]), float(r["mu_star_conf95"])
            p.setPen(QPen(QColor("black")))
            p.drawText(QRectF(8, y, LABEL_PX - 12, ROW_PX), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, r["parameter"])
            p.fillRect(QRectF(LABEL_PX, y + 4, bar_w * mu / top, ROW_PX - 8), QColor(70, 110, 170))
            p.setPen(QPen(QColor(40, 40, 40), 1.5))
            lo, hi = max(0.0, mu - conf), mu + conf
            p.drawLine(int(LABEL_PX + bar_w * lo / top), int(y + ROW_PX / 2), int(LABEL_PX + bar_w * hi / top), int(y + ROW_PX / 2))
            p.drawText(QRectF(LABEL_PX + bar_w * hi / top + 6, y, 110, ROW_PX), Qt.AlignmentFlag.AlignVCenter, f"{mu:.3g}")
            y += ROW_PX
        y += 12
    p.end()
    out = png_path or str(Path(csv_path).with_suffix(".png"))
    if not image.save(out):
        print(f"cannot write {out}", file=sys.stderr)
        return 1
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(*sys.argv[1:3]))
