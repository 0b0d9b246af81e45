"""The plots: what the run says, always beside what was published for its kind of day.

Five pyqtgraph plots: speed per ring over time with the 20 km/h congestion
line and the published general 2019 old-town speed (18.6 km/h: not a holiday
figure); transfers and diverted cars per day as bars against the run's own
published set (sim.runs.figures.reference_for, facts A and B: a workday has
none, the holiday week its daily mean and peak day, and the week total only
beside a whole finished week); transfer-centre occupancy; and the queues at
each ring's gates. A comparison over seeds adds its bands (gui.widgets.plot_bands).

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
from PySide6.QtWidgets import QGraphicsItem, QGridLayout, QLabel, QWidget

from gui.i18n import month_year, short_date, short_place
from gui.runs.compare import set_short, set_title, summary_of, week_mode
from gui.runs.run_data import RunData
from gui.runs.seed_compare import SeedResult
from gui.widgets.plot_bands import SeedBands, legend_text
from gui.widgets.plot_style import (
    PRESENTATION_TITLE_SIZE,
    PRESENTATION_WIDTH,
    TITLE_SIZE,
    TimeAxis,
    fmt_count,
    published_line,
    published_set_lines,
    style_plot,
    with_note,
)
from sim.engine.network import RING_IDS
from sim.interop.palette import CENTRE_COLOURS, CONGESTION_COLOUR, CURRENT_BAR, OLD_TOWN_COLOUR, REFERENCE_BAR, RING_COLOURS
from sim.runs.figures import CONGESTION_LINE_KMH, WORKDAY, PublishedFigures

PLOT_MIN_W_PX, PLOT_MIN_H_PX = 190, 140  # small enough for a 1366x768 screen with both docks open
SPEED_MIN_H_PX = 220  # the speed plot, the one a planner reads first
QUEUE_MIN_TOP_VEH = 10.0  # the gate-queue axis shows at least 0-10 vehicles
LINE_LABEL_PX = 22  # a published line's label stands this high above its line
SPEED_RINGS = tuple(r for r in RING_IDS if r != "A")  # ring A's links are the old town's: one curve serves both

class PlotPanel(QWidget):
    """The five plots in a grid; `prepare` per scenario, `show_run` per update, `set_reference` to compare."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presentation = False
        self.published: PublishedFigures = WORKDAY  # until a scenario says which set it is compared with
        self._pub_lines: list[pg.InfiniteLine] = []
        self.seed_result: SeedResult | None = None
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
            w.setMinimumSize(PLOT_MIN_W_PX, PLOT_MIN_H_PX)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        grid.addWidget(self.speed, 0, 0, 1, 2)
        # what the bars add up to stands under each bar plot, never over its bars or published lines
        self.week_text: dict[str, QLabel] = {}
        for col, (key, plot) in enumerate((("transfers", self.transfers), ("diverted_cars", self.diverted))):
            self.week_text[key] = note = QLabel()
            note.setObjectName(f"note_{key}")
            note.setWordWrap(True)
            note.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(with_note(plot, note), 1, col)
        # six centres' bilingual names do not fit in a legend inside the plot: a key below it that wraps
        self.occ_key = QLabel()
        self.occ_key.setObjectName("occupancy_key")
        self.occ_key.setWordWrap(True)
        self.occ_key.setTextFormat(Qt.TextFormat.RichText)
        grid.addWidget(with_note(self.occupancy, self.occ_key), 2, 0)
        grid.addWidget(self.queues, 2, 1)
        grid.setRowStretch(0, 5)
        grid.setRowMinimumHeight(0, SPEED_MIN_H_PX)  # the notes under the other plots never squash the speeds
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
        for line in self._hlines + self._pub_lines:
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

    def _set_occupancy_key(self) -> None:
        """One entry per centre, full name, in its curve's colour; the label wraps, so every entry shows."""
        ids = self.template.centre_ids if self.template is not None else []
        self.occ_key.setText("<small>" + " &nbsp; ".join(
            f"<span style='color:rgb{CENTRE_COLOURS[i % len(CENTRE_COLOURS)]}'>&#9644;</span>&nbsp;{short_place(self.centre_names.get(cid, cid))}"
            for i, cid in enumerate(ids)) + "</small>")

    def _rename_curves(self) -> None:
        self._set_occupancy_key()
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
        p = self.published
        speed_pub = (self.tr("grey dotted: the {v} km/h published as the old town's general 2019 arterial speed "
                             "(facts A, first part of the answer; not a National Day figure).").format(v=f"{p.old_town_speed_kmh:g}")
                     if p.old_town_speed_kmh is not None else self.tr("No speed was published for this set."))
        none = self.tr("None published for {set}.").format(set=set_title(p))
        mean_peak = self.tr("Grey lines: {set}, daily mean and peak day (facts A); the week total only beside a whole finished week.")
        tips = {
            "speed": self.tr(
                "Space-mean speed on arterials (km/h) per reporting bin: vehicle-km over vehicle-hours, per ring and "
                "inside the moat. Red dashed: the {line} km/h congestion warning line; "
            ).format(line=f"{CONGESTION_LINE_KMH:g}") + speed_pub,
            "transfers": self.tr("Transfers per day (persons): shuttle boardings as the scenario's [counting] section defines them.")
            + " " + (mean_peak.format(set=set_title(p)) if p.transfers_daily_mean is not None else none),
            "diverted_cars": self.tr(
                "Diverted cars per day (cars): self-drive tourist cars turned away at a ring gate or giving up "
                "their parking search, sent to a transfer centre.")
            + " " + (mean_peak.format(set=set_title(p)) if p.diverted_cars_daily_mean is not None else none),
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
        sp = self.speed.getPlotItem()
        style_plot(sp)
        self.speed_text = pg.TextItem("", color=(20, 20, 20), anchor=(1, 1), fill=pg.mkBrush(255, 255, 255, 220))
        self.speed_text.setParentItem(sp.getViewBox())
        sp.getViewBox().sigResized.connect(self._place_speed_text)
        sp.setYRange(0, 45)
        sp.enableAutoRange(axis="y", enable=False)
        self._hlines = [published_line(sp, CONGESTION_LINE_KMH, CONGESTION_COLOUR, Qt.PenStyle.DashLine,
                                       lambda: self.tr("congestion warning line {v} km/h").format(v=f"{CONGESTION_LINE_KMH:g}"), 0.02)]
        self.speed_legend = sp.addLegend(offset=(-5, 1), colCount=6, labelTextSize="8pt", brush=pg.mkBrush(255, 255, 255, 210))
        tp = self.transfers.getPlotItem()
        style_plot(tp)
        dp = self.diverted.getPlotItem()
        style_plot(dp)
        self.bands = SeedBands(sp, {"transfers": tp, "diverted_cars": dp})
        for item in (tp, dp):
            item.setMouseEnabled(x=False, y=True)
            item.getAxis("bottom").enableAutoSIPrefix(False)
            item.getAxis("bottom").setStyle(tickTextOffset=3)
        op = self.occupancy.getPlotItem()
        style_plot(op)
        op.setYRange(0, 130)
        op.enableAutoRange(axis="y", enable=False)
        qp = self.queues.getPlotItem()
        style_plot(qp)
        # whole vehicles from 0 up: no negative queue, no "(x0.001)" before the first car waits
        qp.getViewBox().setLimits(yMin=0.0)
        qp.setYRange(0.0, QUEUE_MIN_TOP_VEH, padding=0)
        qp.getAxis("left").enableAutoSIPrefix(False)
        self._set_texts()
        self.queue_legend = qp.addLegend(offset=(3, 1), colCount=4, labelTextSize="8pt", brush=pg.mkBrush(255, 255, 255, 200))

    def _place_speed_text(self, vb: pg.ViewBox) -> None:
        """The line under the speed curves wraps to the view's width instead of running off its left edge."""
        self.speed_text.setTextWidth(max(120.0, vb.width() - 8))
        self.speed_text.setPos(vb.width() - 4, vb.height() - 2)

    def set_published(self, published: PublishedFigures) -> None:
        """Draw the lines of the set the scenario is compared with (only the figures it has)."""
        for line in self._pub_lines:
            for w in (self.speed, self.transfers, self.diverted):
                if line in w.getPlotItem().items:
                    w.getPlotItem().removeItem(line)
        self.published = published
        self._pub_lines = published_set_lines(self.speed.getPlotItem(), self.transfers.getPlotItem(), self.diverted.getPlotItem(), published)
        self._set_tooltips()
        self._y_top.clear()
        self._html.clear()

    def set_seed_result(self, result: SeedResult | None) -> None:
        """Show (or, with None, remove) a comparison over seeds as bands and whiskers."""
        self.seed_result = result
        self.bands.show(result, len(self.template.dates) if self.template is not None else 0)
        self._html.clear()

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
        self.bands.clear()
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
            self.curves[f"occ_{cid}"] = op.plot(pen=pg.mkPen(*CENTRE_COLOURS[i % len(CENTRE_COLOURS)], width=1.8))
        self._set_occupancy_key()
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
        queue_top = max([QUEUE_MIN_TOP_VEH] + [float(tpl.gate_queue_veh[r][:n].max(initial=0.0)) * 1.1 for r in RING_IDS])
        if queue_top > self._y_top.get("queues", 0.0) or queue_top < 0.7 * self._y_top.get("queues", 0.0):
            self._y_top["queues"] = queue_top
            self.queues.getPlotItem().setYRange(0.0, queue_top, padding=0)
        self._show_titles(run)  # first: the bars' range leaves room for the corner text
        self._show_bars(run)

    def _show_bars(self, run: RunData | None) -> None:
        if self.template is None:
            return
        n_days = len(self.template.dates)
        x = np.arange(n_days, dtype=float)
        ref = self.reference  # aligned day by day: day 1 with day 1, over the days both have
        tops = []
        for key, widget in (("transfers", self.transfers), ("diverted_cars", self.diverted)):
            values = run.daily_values(key) if run is not None else np.zeros(n_days)
            if ref is not None and key in self.ref_bars:
                ref_values = ref.daily_values(key)[:n_days]
                self.bars[key].setOpts(x=x + 0.19, height=values, width=0.36)
                self.ref_bars[key].setOpts(x=x[: len(ref_values)] - 0.19, height=ref_values, width=0.36)
                top = max(values.max(initial=0), ref_values.max(initial=0))
            else:
                self.bars[key].setOpts(x=x, height=values, width=0.7)
                top = values.max(initial=0)
            p = self.published
            marks = (p.transfers_peak_day, p.transfers_daily_mean) if key == "transfers" else (p.diverted_cars_peak_day, p.diverted_cars_daily_mean)
            published_top = max([0.0] + [float(v) * (1 + (p.band_pct or 0) / 100) for v in marks if v is not None])
            # the corner text stands in the top of the view: keep the bars, the lines and their labels below it
            vb_h = max(1.0, widget.getPlotItem().getViewBox().height())
            want = max(top, published_top) * 1.05 / max(0.5, 1.0 - LINE_LABEL_PX / vb_h)  # room for the top line's label
            have = self._y_top.get(key, 0.0)
            if want > have or want < 0.85 * have:  # re-ranging redraws the axis: never too small, rarely otherwise
                self._y_top[key] = want
                widget.getPlotItem().setYRange(0, want, padding=0)
            tops.append(top)

    def _show_titles(self, run: RunData | None) -> None:
        p, ref = self.published, self.reference
        week = week_mode(p, run, ref)
        for key, week_pub, mean_pub in (("transfers", p.transfers_week, p.transfers_daily_mean),
                                        ("diverted_cars", p.diverted_cars_week, p.diverted_cars_daily_mean)):
            parts = ["<b>" + (self.tr("week total") if week else self.tr("mean per day")) + "</b>"]
            for label, r, style in ((self.tr("reference {v}"), ref, "color:#666"), (self.tr("model {v}"), run, f"color:rgb{CURRENT_BAR}")):
                if r is not None and r.bins_done:
                    days = len(r.dates) if r.state == "finished" else max(1, r.days_started())
                    value = r.week_total(key) if week else r.daily_values(key)[:days].mean()
                    parts.append(f"<span style='{style}'>" + label.format(v=fmt_count(value)) + "</span>")
            pub = week_pub if week else mean_pub
            parts.append(self.tr("{set}: {v}").format(set=set_short(p), v=fmt_count(pub)) if pub is not None
                         else self.tr("{set}: none published").format(set=set_short(p)))
            if self.seed_result is not None:
                parts.append("<small>" + legend_text(self.seed_result) + "</small>")
            self._set_html(self.week_text[key], " &nbsp; ".join(parts))
        text = ""
        for label, r in ((self.tr("reference {v}"), ref), (self.tr("model {v}"), run)):
            summ = summary_of(r)
            speed = summ.daily_mean(lambda d: d.old_town_speed_kmh) if summ is not None else float("nan")
            if speed == speed:  # not NaN
                text += label.format(v=f"{speed:.1f}") + " · "
        pub_speed = (self.tr("general 2019 figure {v}").format(v=f"{p.old_town_speed_kmh:g}") if p.old_town_speed_kmh is not None
                     else self.tr("no speed published"))
        self._set_html(self.speed_text, self.tr("old town 07:00-19:00, mean of days (km/h):") + f" <b>{text}</b>" + pub_speed if text else "")

    def _set_html(self, item: pg.TextItem | QLabel, html: str) -> None:
        """Set a label's text only when it changes (re-laying out rich text on every frame costs)."""
        if self._html.get(id(item)) != html:
            self._html[id(item)] = html
            if isinstance(item, QLabel):
                item.setText(html)
            else:
                item.setHtml(html)

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
