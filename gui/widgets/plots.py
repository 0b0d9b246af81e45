"""The plots: what the run says, always beside what the police published for National Day 2019.

Five pyqtgraph plots: speed per ring over time with the 20 km/h congestion
line and the published 18.6 km/h; transfers and diverted cars per day as bars
against the published daily mean, peak day and week total (facts A, read from
sim.runs.results.PUBLISHED so the CLI, the files and the window agree);
transfer-centre occupancy; and the queues at each ring's gates.

Every curve and bar item is created once per scenario and then fed with
`setData` on slices of the run's growing buffers (gui.runs.run_data); long series
use clip-to-view and peak downsampling (pyqtgraph examples/scrollingPlots.py).
A reference run (gui.runs.compare) gets its own dashed curves and paler bars.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsItem, QGridLayout, QWidget

from gui.i18n import month_year, short_date
from gui.runs.run_data import RunData
from gui.widgets.map_key import RING_COLOURS
from gui.widgets.plot_style import (
    CENTRE_COLOURS,
    CONGESTION_COLOUR,
    CURRENT_BAR,
    OLD_TOWN_COLOUR,
    PRESENTATION_TITLE_SIZE,
    PRESENTATION_WIDTH,
    PUBLISHED_COLOUR,
    REFERENCE_BAR,
    TITLE_SIZE,
    TimeAxis,
    fmt_count,
    published_line,
    style_plot,
)
from sim.engine.network import RING_IDS
from sim.runs.figures import PUBLISHED

SPEED_RINGS = tuple(r for r in RING_IDS if r != "A")  # ring A's links are the old town's: one curve serves both

class PlotPanel(QWidget):
    """The five plots in a grid; `prepare` per scenario, `show_run` per update, `set_reference` to compare."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presentation = False
        pg.setConfigOptions(antialias=False, background="w", foreground="k")
        self.speed_axis = TimeAxis("bottom")
        self.occ_axis = TimeAxis("bottom")
        self.queue_axis = TimeAxis("bottom")
        self.speed = pg.PlotWidget(axisItems={"bottom": self.speed_axis})
        self.transfers = pg.PlotWidget()
        self.diverted = pg.PlotWidget()
        self.occupancy = pg.PlotWidget(axisItems={"bottom": self.occ_axis})
        self.queues = pg.PlotWidget(axisItems={"bottom": self.queue_axis})
        for name, w in self.widgets().items():
            w.setObjectName(f"plot_{name}")
            w.setMinimumSize(220, 150)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        grid.addWidget(self.speed, 0, 0, 1, 2)
        grid.addWidget(self.transfers, 1, 0)
        grid.addWidget(self.diverted, 1, 1)
        grid.addWidget(self.occupancy, 2, 0)
        grid.addWidget(self.queues, 2, 1)
        grid.setRowStretch(0, 5)
        grid.setRowStretch(1, 4)
        grid.setRowStretch(2, 4)
        # no x-links: pyqtgraph aligns linked views by their screen position, which suits plots stacked in one
        # column only; side by side, each time plot gets the run's full span instead
        for w in (self.speed, self.occupancy, self.queues):
            item = w.getPlotItem()
            item.setClipToView(True)
            item.setDownsampling(auto=True, mode="peak")
        self._setup_static()
        self._cache_static_items()
        self._set_tooltips()
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.ref_curves: dict[str, pg.PlotDataItem] = {}
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.ref_bars: dict[str, pg.BarGraphItem] = {}
        self.template: RunData | None = None
        self.reference: RunData | None = None
        self._y_top: dict[str, float] = {}
        self._html: dict[int, str] = {}
        self.centre_names: dict[str, str] = {}

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Titles, axes, published lines, legends and tooltips in the current language (the curves stay)."""
        self._set_texts()
        self._set_tooltips()
        for line in self._hlines:
            line.label.setFormat(line.text_of())
        if self.template is not None:
            self._set_day_axes(self.template)
        self._rename_curves()
        self._html.clear()

    def set_centre_names(self, names: dict[str, str]) -> None:
        self.centre_names = names
        self._rename_curves()

    def _curve_name(self, key: str) -> str:
        if key == "speed_old_town":
            return self.tr("old town (ring A)")
        if key.startswith(("speed_", "queue_")):
            return self.tr("ring {ring}").format(ring=key.rsplit("_", 1)[1])
        if key.startswith("occ_"):
            return self.centre_names.get(key[4:], key[4:])
        return key

    def _rename_curves(self) -> None:
        for key, curve in self.curves.items():
            legend = self._plot_of(key).legend
            label = legend.getLabel(curve) if legend is not None else None
            if label is not None:
                label.setText(self._curve_name(key), size=label.opts.get("size"))
        ref = self.ref_curves.get("speed_old_town")
        legend = self.speed.getPlotItem().legend
        if ref is not None and legend is not None and legend.getLabel(ref) is not None:
            legend.getLabel(ref).setText(self.tr("ref: old town"))

    def _set_tooltips(self) -> None:
        p = PUBLISHED.model_dump()
        tips = {
            "speed": self.tr(
                "Space-mean speed on arterials (km/h) per reporting bin: vehicle-km over vehicle-hours, per ring and "
                "inside the moat. Red dashed: the {line} km/h congestion warning line; grey dotted: "
                "the {published} km/h published for the old town, National Day 2019."
            ).format(line=f"{p['congestion_line_kmh']:g}", published=f"{p['old_town_speed_kmh']:g}"),
            "transfers": self.tr(
                "Transfers per day (persons): shuttle boardings as the scenario's [counting] section defines them. "
                "Grey lines: published 2019 daily mean {mean} and peak day {peak}; week totals in the corner."
            ).format(mean=fmt_count(p["transfers_daily_mean"]), peak=fmt_count(p["transfers_peak_day"])),
            "diverted_cars": self.tr(
                "Diverted cars per day (cars): self-drive tourist cars turned away at a ring gate or giving up "
                "their parking search, sent to a transfer centre. Grey lines: 2019 week {week} spread over 7 days, "
                "and the peak day ~{peak}."
            ).format(week=fmt_count(p["diverted_cars_week"]), peak=fmt_count(p["diverted_cars_peak_day"])),
            "centre_occupancy": self.tr("Cars parked at each transfer centre, in % of its spaces, at the end of each bin."),
            "gate_queues": self.tr("Vehicles waiting at the gates of each ring (veh) at the end of each bin."),
        }
        for name, widget in self.widgets().items():
            widget.setToolTip(tips[name] + "\n" + self.tr("Scroll to zoom, drag to pan, right-click for the plot menu (export, ranges)."))

    def _cache_static_items(self) -> None:
        """Axes, legends and labels change far less often than the curves: keep each as a pixmap.

        Qt then blits them on a redraw instead of replaying their drawing; pyqtgraph calls update()
        whenever one does change, which renews the pixmap. A redraw costs about half as much."""
        for w in self.widgets().values():
            item = w.getPlotItem()
            for name in ("left", "bottom", "top", "right"):
                axis = item.getAxis(name)
                axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            if item.legend is not None:
                item.legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def widgets(self) -> dict[str, pg.PlotWidget]:
        """Each plot by the file name it exports to."""
        return {
            "speed": self.speed,
            "transfers": self.transfers,
            "diverted_cars": self.diverted,
            "centre_occupancy": self.occupancy,
            "gate_queues": self.queues,
        }

    def _setup_static(self) -> None:
        p = PUBLISHED.model_dump()
        self._hlines: list[pg.InfiniteLine] = []
        sp = self.speed.getPlotItem()
        style_plot(sp)
        self.speed_text = pg.TextItem("", color=(20, 20, 20), anchor=(1, 1), fill=pg.mkBrush(255, 255, 255, 220))
        self.speed_text.setParentItem(sp.getViewBox())
        sp.getViewBox().sigResized.connect(lambda vb: self.speed_text.setPos(vb.width() - 4, vb.height() - 2))
        sp.setYRange(0, 45)
        sp.enableAutoRange(axis="y", enable=False)
        self._hlines += [
            published_line(
                sp,
                p["congestion_line_kmh"],
                CONGESTION_COLOUR,
                Qt.PenStyle.DashLine,
                lambda: self.tr("congestion warning line {v} km/h").format(v=f"{p['congestion_line_kmh']:g}"),
                0.02,
            ),
            published_line(
                sp,
                p["old_town_speed_kmh"],
                PUBLISHED_COLOUR,
                Qt.PenStyle.DotLine,
                lambda: self.tr("2019 published: old town {v} km/h").format(v=f"{p['old_town_speed_kmh']:g}"),
                0.45,
            ),
        ]
        self.speed_legend = sp.addLegend(offset=(-5, 1), colCount=6, labelTextSize="8pt", brush=pg.mkBrush(255, 255, 255, 210))
        tp = self.transfers.getPlotItem()
        style_plot(tp)
        peak_date = dt.date.fromisoformat(p["transfers_peak_date"])
        week_mean = p["diverted_cars_week"] / 7.0
        dp = self.diverted.getPlotItem()
        style_plot(dp)
        self._hlines += [
            published_line(
                tp,
                p["transfers_daily_mean"],
                PUBLISHED_COLOUR,
                Qt.PenStyle.DashLine,
                lambda: self.tr("2019 daily mean {v}").format(v=fmt_count(p["transfers_daily_mean"])),
                0.0,
            ),
            published_line(
                tp,
                p["transfers_peak_day"],
                PUBLISHED_COLOUR,
                Qt.PenStyle.DotLine,
                lambda: self.tr("2019 peak day {v} ({date})").format(v=fmt_count(p["transfers_peak_day"]), date=short_date(peak_date)),
                0.0,
            ),
            published_line(
                dp,
                week_mean,
                PUBLISHED_COLOUR,
                Qt.PenStyle.DashLine,
                lambda: self.tr("2019 week {week} / 7 = {mean}").format(week=fmt_count(p["diverted_cars_week"]), mean=fmt_count(week_mean)),
                0.0,
            ),
            published_line(
                dp,
                p["diverted_cars_peak_day"],
                PUBLISHED_COLOUR,
                Qt.PenStyle.DotLine,
                lambda: self.tr("2019 peak day ~{v}").format(v=fmt_count(p["diverted_cars_peak_day"])),
                0.0,
            ),
        ]
        self.week_text: dict[str, pg.TextItem] = {}
        for key, item in (("transfers", tp), ("diverted_cars", dp)):
            item.setMouseEnabled(x=False, y=True)
            item.getAxis("bottom").enableAutoSIPrefix(False)
            text = pg.TextItem("", color=(20, 20, 20), anchor=(1, 0), fill=pg.mkBrush(255, 255, 255, 220))
            text.setParentItem(item.getViewBox())  # in the view's pixels: stays in the corner whatever the range
            self.week_text[key] = text
            item.getViewBox().sigResized.connect(lambda vb, t=text: t.setPos(vb.width() - 4, 2))
            item.getAxis("bottom").setStyle(tickTextOffset=3)
        op = self.occupancy.getPlotItem()
        style_plot(op)
        op.setYRange(0, 130)
        op.enableAutoRange(axis="y", enable=False)
        self.occ_legend = op.addLegend(offset=(3, 1), colCount=3, labelTextSize="7pt", brush=pg.mkBrush(255, 255, 255, 200))
        qp = self.queues.getPlotItem()
        style_plot(qp)
        self._set_texts()
        self.queue_legend = qp.addLegend(offset=(3, 1), colCount=4, labelTextSize="8pt", brush=pg.mkBrush(255, 255, 255, 200))

    def _set_texts(self) -> None:
        for widget, title, left, bottom in (
            (self.speed, self.tr("Speed on arterials per ring (space-mean per bin)"), self.tr("speed (km/h)"), self.tr("simulated time")),
            (self.transfers, self.tr("Transfers per day"), self.tr("transfers (persons/day)"), None),
            (self.diverted, self.tr("Diverted cars per day"), self.tr("diverted cars (cars/day)"), None),
            (self.occupancy, self.tr("Transfer-centre occupancy"), self.tr("cars parked (% of spaces)"), self.tr("simulated time")),
            (self.queues, self.tr("Queues at the ring gates"), self.tr("vehicles waiting (veh)"), self.tr("simulated time")),
        ):
            item = widget.getPlotItem()
            item.setTitle(title, size=PRESENTATION_TITLE_SIZE if self.presentation else TITLE_SIZE)
            item.setLabel("left", left)
            if bottom:
                item.setLabel("bottom", bottom)

    def _set_day_axes(self, template: RunData) -> None:
        days = [dt.date.fromisoformat(d) for d in template.dates]
        ticks = [[(i, short_date(d) if i == 0 or d.day == 1 else f"{d.day}") for i, d in enumerate(days)]]
        for widget in (self.transfers, self.diverted):
            item = widget.getPlotItem()
            item.getAxis("bottom").setTicks(ticks)
            item.setLabel("bottom", self.tr("day ({month})").format(month=month_year(days[0])) if days[0].month == days[-1].month else self.tr("day"))

    def set_presentation(self, on: bool) -> None:
        """Thick curves, large titles and tick labels, black axes: for a projector."""
        if on == self.presentation:
            return
        self.presentation = on
        factor = PRESENTATION_WIDTH if on else 1.0 / PRESENTATION_WIDTH
        for curve in list(self.curves.values()) + list(self.ref_curves.values()):
            pen = pg.mkPen(curve.opts["pen"])
            pen.setWidthF(pen.widthF() * factor)
            curve.setPen(pen)
        font = QFont()
        font.setPointSize(14 if on else font.pointSize())
        for widget in self.widgets().values():
            item = widget.getPlotItem()
            for name in ("left", "bottom"):
                axis = item.getAxis(name)
                axis.setStyle(tickFont=font)
                axis.setPen(pg.mkPen(0, 0, 0, width=2 if on else 1))
                axis.setTextPen(pg.mkPen(0, 0, 0))
        self._set_texts()

    # ---- per scenario ---------------------------------------------------------

    def prepare(self, template: RunData, centre_names: dict[str, str]) -> None:
        """Create every curve and bar for a scenario's shape (days, bin, centres); drops any run shown."""
        self._drop_reference()
        for key in list(self.curves):
            self._plot_of(key).removeItem(self.curves.pop(key))
        for key in list(self.bars):
            self._plot_of(key).removeItem(self.bars.pop(key))
        self.template = template
        self.centre_names = dict(centre_names)
        for axis in (self.speed_axis, self.occ_axis, self.queue_axis):
            axis.dates = template.dates
            axis.setTickSpacing(24, 6) if len(template.dates) > 2 else axis.setTickSpacing(6, 1)
        sp = self.speed.getPlotItem()
        # ring A is the old town itself (the same links), so it is drawn once, as "old town (ring A)"
        for r in SPEED_RINGS:
            self.curves[f"speed_{r}"] = sp.plot(pen=pg.mkPen(*RING_COLOURS[r], width=1.5), name=self._curve_name(f"speed_{r}"), connect="finite")
        self.curves["speed_old_town"] = sp.plot(pen=pg.mkPen(*OLD_TOWN_COLOUR, width=2.5), name=self._curve_name("speed_old_town"), connect="finite")
        self.curves["speed_old_town"].setZValue(10)
        op = self.occupancy.getPlotItem()
        for i, cid in enumerate(template.centre_ids):
            self.curves[f"occ_{cid}"] = op.plot(pen=pg.mkPen(*CENTRE_COLOURS[i % len(CENTRE_COLOURS)], width=1.8), name=centre_names.get(cid, cid))
        qp = self.queues.getPlotItem()
        for r in RING_IDS:
            self.curves[f"queue_{r}"] = qp.plot(pen=pg.mkPen(*RING_COLOURS[r], width=1.5), name=self._curve_name(f"queue_{r}"))
        n_days = len(template.dates)
        self._set_day_axes(template)
        for key, widget in (("transfers", self.transfers), ("diverted_cars", self.diverted)):
            item = widget.getPlotItem()
            item.setXRange(-0.6, n_days - 0.4, padding=0)
            bars = pg.BarGraphItem(x=np.arange(n_days), height=np.zeros(n_days), width=0.7, brush=pg.mkBrush(*CURRENT_BAR), pen=None)
            item.addItem(bars)
            self.bars[key] = bars
        for w in (self.speed, self.occupancy, self.queues):
            w.getPlotItem().setXRange(0, n_days * 24, padding=0.01)
            w.getPlotItem().enableAutoRange(axis="x", enable=False)
        if self.presentation:  # new curves, thin: make them as thick as the view asks
            self.presentation = False
            self.set_presentation(True)
        self.show_run(None)

    # ---- per update ---------------------------------------------------------

    def show_run(self, run: RunData | None) -> None:
        """Point every curve at the run's buffers, sliced to the bins done."""
        tpl = run or self.template
        if tpl is None:
            return
        n = run.bins_done if run is not None else 0
        t = tpl.t_h[:n]
        self.curves["speed_old_town"].setData(t, tpl.speed_kmh["old_town"][:n])
        for r in RING_IDS:
            if r in SPEED_RINGS:
                self.curves[f"speed_{r}"].setData(t, tpl.speed_kmh[r][:n])
            self.curves[f"queue_{r}"].setData(t, tpl.gate_queue_veh[r][:n])
        for cid in tpl.centre_ids:
            if f"occ_{cid}" in self.curves:
                self.curves[f"occ_{cid}"].setData(t, tpl.centre_occupancy_pct(cid)[:n])
        self._show_bars(run)
        self._show_titles(run)

    def _show_bars(self, run: RunData | None) -> None:
        if self.template is None:
            return
        n_days = len(self.template.dates)
        x = np.arange(n_days, dtype=float)
        ref = self.reference if self.reference is not None and len(self.reference.dates) == n_days else None
        tops = []
        for key, widget in (("transfers", self.transfers), ("diverted_cars", self.diverted)):
            values = run.daily_values(key) if run is not None else np.zeros(n_days)
            if ref is not None:
                self.bars[key].setOpts(x=x + 0.19, height=values, width=0.36)
                self.ref_bars[key].setOpts(x=x - 0.19, height=ref.daily_values(key), width=0.36)
                top = max(values.max(initial=0), ref.daily_values(key).max(initial=0))
            else:
                self.bars[key].setOpts(x=x, height=values, width=0.7)
                top = values.max(initial=0)
            published_top = PUBLISHED.transfers_peak_day if key == "transfers" else PUBLISHED.diverted_cars_peak_day
            want = max(top, published_top) * 1.45
            if abs(want - self._y_top.get(key, 0.0)) > 0.04 * want:  # re-ranging redraws the axis: only when it matters
                self._y_top[key] = want
                widget.getPlotItem().setYRange(0, want, padding=0)
            tops.append(top)

    def _show_titles(self, run: RunData | None) -> None:
        p = PUBLISHED.model_dump()
        ref = self.reference
        for key, week_key in (("transfers", "transfers_week"), ("diverted_cars", "diverted_cars_week")):
            parts = ["<b>" + self.tr("week total") + "</b>"]
            if ref is not None:
                parts.append("<span style='color:#666'>" + self.tr("reference {v}").format(v=fmt_count(ref.week_total(key))) + "</span>")
            if run is not None:
                parts.append(f"<span style='color:rgb{CURRENT_BAR}'><b>" + self.tr("model {v}").format(v=fmt_count(run.week_total(key))) + "</b></span>")
            parts.append(self.tr("2019 published {v}").format(v=fmt_count(p[week_key])))
            self._set_html(self.week_text[key], "<br>".join(parts))
        text = ""
        for label, r in ((self.tr("reference {v}"), ref), (self.tr("model {v}"), run)):
            if r is not None and r.summary:
                vals = [d.get("old_town_speed_kmh") for d in r.summary.get("daily", []) if d.get("old_town_speed_kmh") is not None]
                if vals:
                    text += label.format(v=f"{np.mean(vals):.1f}") + " · "
        self._set_html(
            self.speed_text,
            self.tr("old town 07:00-19:00, mean of days (km/h):") + f" <b>{text}</b>" + self.tr("2019 published {v}").format(v=f"{p['old_town_speed_kmh']:g}")
            if text
            else "",
        )

    def _set_html(self, item: pg.TextItem, html: str) -> None:
        """Set a label's text only when it changes (re-laying out rich text on every frame costs)."""
        if self._html.get(id(item)) != html:
            self._html[id(item)] = html
            item.setHtml(html)

    # ---- comparing --------------------------------------------------------

    def _plot_of(self, key: str) -> pg.PlotItem:
        for prefix, widget in (
            ("speed_", self.speed),
            ("occ_", self.occupancy),
            ("queue_", self.queues),
            ("transfers", self.transfers),
            ("diverted_cars", self.diverted),
        ):
            if key.startswith(prefix):
                return widget.getPlotItem()
        raise KeyError(key)

    def _drop_reference(self) -> None:
        for key in list(self.ref_curves):
            self._plot_of(key).removeItem(self.ref_curves.pop(key))
        for key in list(self.ref_bars):
            self._plot_of(key).removeItem(self.ref_bars.pop(key))
        self.reference = None

    def set_reference(self, ref: RunData | None) -> None:
        """Show a held run beside the current one (None to stop comparing)."""
        self._drop_reference()
        self.reference = ref
        if ref is None or self.template is None:
            return
        n = ref.bins_done
        t = ref.t_h[:n]
        sp = self.speed.getPlotItem()
        dash = Qt.PenStyle.DashLine
        self.ref_curves["speed_old_town"] = sp.plot(
            t, ref.speed_kmh["old_town"][:n], connect="finite", pen=pg.mkPen(*OLD_TOWN_COLOUR, 160, width=2, style=dash), name=self.tr("ref: old town")
        )
        for r in RING_IDS:
            if r in SPEED_RINGS:
                self.ref_curves[f"speed_{r}"] = sp.plot(t, ref.speed_kmh[r][:n], connect="finite", pen=pg.mkPen(*RING_COLOURS[r], 150, width=1.2, style=dash))
            self.ref_curves[f"queue_{r}"] = self.queues.getPlotItem().plot(
                t, ref.gate_queue_veh[r][:n], pen=pg.mkPen(*RING_COLOURS[r], 150, width=1.2, style=dash)
            )
        for i, cid in enumerate(ref.centre_ids):
            colour = CENTRE_COLOURS[i % len(CENTRE_COLOURS)]
            self.ref_curves[f"occ_{cid}"] = self.occupancy.getPlotItem().plot(
                t, ref.centre_occupancy_pct(cid)[:n], pen=pg.mkPen(*colour, 150, width=1.2, style=dash)
            )
        for key, widget in (("transfers", self.transfers), ("diverted_cars", self.diverted)):
            bars = pg.BarGraphItem(
                x=np.arange(len(ref.dates)), height=ref.daily_values(key), width=0.36, brush=pg.mkBrush(*REFERENCE_BAR), pen=pg.mkPen(120, 120, 120)
            )
            widget.getPlotItem().addItem(bars)
            self.ref_bars[key] = bars
        for c in self.ref_curves.values():
            c.setZValue(-1)

    def series_count(self, plot: str) -> int:
        """How many data series a plot shows (current plus reference): for the tests and the status bar."""
        if plot in ("transfers", "diverted_cars"):
            return sum(1 for d in (self.bars, self.ref_bars) if plot in d)
        prefix = {"speed": "speed_", "centre_occupancy": "occ_", "gate_queues": "queue_"}[plot]
        return sum(1 for d in (self.curves, self.ref_curves) for k in d if k.startswith(prefix))
