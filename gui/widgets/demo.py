"""The side-by-side demonstration: two scenarios, one clock, for a room of officers and planners.

Two runs of the same days on the same seed (by default National Day 2019 with
its rings and without them) drive two maps side by side and shared plots; one
clock (gui.runs.lockstep) keeps them on the same simulated minute, one button plays
and pauses both. Call-outs (gui.widgets.callouts) say what differs as it happens, the
key figures of both runs stand large under their maps, and a lesson
(sim.interop.lessons) walks the room through it step by step with the arrow keys:
load, jump, run to, highlight, caption.

Jumping to a day starts both runs that morning at midnight, from one common
state when a run left it there, else with empty roads (gui.widgets.demo_start),
and runs them as fast as they go to the time asked: a demonstration of 4
October does not wait for three days of model time.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from gui.i18n import current_language, day_date
from gui.runs.lockstep import LockstepPair
from gui.runs.run_data import RunData, build_network
from gui.widgets.callouts import Callout, CalloutDetector, clock_text
from gui.widgets.demo_side import DemoSide, figures_html, rgb
from gui.widgets.demo_start import StartPlan, file_state, plan_start
from gui.widgets.demo_style import NORMAL_STYLE, presentation_scale, presentation_style
from gui.widgets.plot_style import TimeAxis
from sim.engine.clock import DAY_S
from sim.interop.lessons import LoadedLesson, StepState, Text
from sim.interop.palette import CONGESTION_COLOUR, PUBLISHED_COLOUR
from sim.runs.figures import PUBLISHED
from sim.runs.session import RunJob
from sim.scenario import ScenarioError, load_scenario
from sim.scenario.loader import BUNDLED_SCENARIOS

DEFAULT_PAIR = (BUNDLED_SCENARIOS / "national_day_2019.toml", BUNDLED_SCENARIOS / "national_day_no_control.toml")
SIDE_COLOURS = ((13, 71, 161), (191, 54, 12))  # deep blue and deep orange: apart for the colour-blind, dark on a projector
DEMO_PACES: list[tuple[float | None, str]] = [(5.0, "5"), (10.0, "10"), (20.0, "20"), (60.0, "60"), (None, "max")]
MAX_CALLOUTS = 7


class DemoView(QWidget):
    """Two runs side by side on one clock; `show_pair`, `show_lesson`, `go_to_step`, `play_pause`."""

    clock_changed = Signal(float)  # the shared clock, seconds from the first midnight of the runs
    step_shown = Signal(int)  # a lesson step's state is reached (the clock stands where the step says)
    demo_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demo")
        self.pair = LockstepPair(self)
        self.pair.clock_advanced.connect(self._on_pair_clock_advanced)
        self.pair.clock_held.connect(self._on_pair_clock_held)
        self.pair.run_failed.connect(self._on_pair_run_failed)
        self.pair.state_received.connect(lambda i, t_s, state: file_state(self.plan, i, t_s, state))
        self.pair.branch_refused.connect(self._on_pair_branch_refused)
        self.plan = StartPlan([], [])  # where the two runs started (gui.widgets.demo_start)
        self._loaded_args: tuple[Any, ...] = ()
        self.pair.run_stalled.connect(self._on_pair_run_stalled)
        self.pair.run_unstalled.connect(self._close_stall_box)
        self.stall_box: QMessageBox | None = None  # "a model sends nothing": wait or stop
        self.sides = [DemoSide(SIDE_COLOURS[0]), DemoSide(SIDE_COLOURS[1])]
        self.lesson: LoadedLesson | None = None
        self.step = -1
        self.start_date: dt.date | None = None
        self.presentation = False
        self._scale = 1.0  # the presentation view's type, scaled to the window (gui.widgets.demo_style)
        self.highlighted: tuple[str, str] | None = None
        self.caption_text: Text | None = None
        self.callouts: list[Callout] = []
        self.detector: CalloutDetector | None = None
        self._waiting_step: int | None = None
        # the bar: title, lesson steps, play, speed, the clock
        self.title = QLabel()
        self.title.setObjectName("demo_title")
        self.title.setWordWrap(True)  # a long lesson title wraps; it never widens the window past the screen
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.step_label = QLabel()
        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.prev_button.clicked.connect(self.previous_step)
        self.next_button.clicked.connect(self.next_step)
        self.play_button = QPushButton()
        self.play_button.clicked.connect(self.play_pause)
        self.pace = QComboBox()
        for value, _text in DEMO_PACES:
            self.pace.addItem("", value)
        self.pace.setCurrentIndex(1)
        self.pace.currentIndexChanged.connect(self._on_pace_current_index_changed)
        self.pace_label = QLabel()
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        for w in (self.step_label, self.prev_button, self.next_button, self.play_button, self.pace_label, self.pace, self.clock):
            bar.addWidget(w)
        self.caption = QLabel()
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.hide()
        maps = QHBoxLayout()
        for side in self.sides:
            maps.addWidget(side.box, 1)
        # the shared plots and the call-outs
        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.speed_axis = TimeAxis("bottom")
        self.speed_plot = pg.PlotWidget(axisItems={"bottom": self.speed_axis})
        self.centre_axis = TimeAxis("bottom")
        self.centre_plot = pg.PlotWidget(axisItems={"bottom": self.centre_axis})
        self.speed_curves: list[pg.PlotDataItem] = []
        self.centre_curves: list[pg.PlotDataItem] = []
        for plot, curves in ((self.speed_plot, self.speed_curves), (self.centre_plot, self.centre_curves)):
            item = plot.getPlotItem()
            item.showGrid(x=True, y=True, alpha=0.25)
            item.setMenuEnabled(False)
            for i, side in enumerate(self.sides):
                style = Qt.PenStyle.SolidLine if i == 0 else Qt.PenStyle.DashLine
                curves.append(item.plot(pen=pg.mkPen(*side.colour, width=2.5, style=style), connect="finite"))
        self.speed_plot.getPlotItem().setYRange(0, 45)
        self.speed_line = pg.InfiniteLine(pos=PUBLISHED.congestion_line_kmh, angle=0, movable=False,
                                          pen=pg.mkPen(*CONGESTION_COLOUR, width=2, style=Qt.PenStyle.DashLine))
        self.published_line = pg.InfiniteLine(pos=PUBLISHED.old_town_speed_kmh, angle=0, movable=False,
                                              pen=pg.mkPen(*PUBLISHED_COLOUR, width=2, style=Qt.PenStyle.DotLine))
        for line in (self.speed_line, self.published_line):
            self.speed_plot.addItem(line)
        self.callout_label = QLabel()
        self.callout_label.setObjectName("callouts")
        self.callout_label.setTextFormat(Qt.TextFormat.RichText)
        self.callout_label.setWordWrap(True)
        self.callout_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.callout_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # never grows the window
        self.bottom = QWidget()
        bottom = QHBoxLayout(self.bottom)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.speed_plot, 3)
        bottom.addWidget(self.centre_plot, 3)
        bottom.addWidget(self.callout_label, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.caption)
        layout.addLayout(maps, 1)
        layout.addWidget(self.bottom)
        self.retranslate_ui()

    def resizeEvent(self, event: Any) -> None:
        self.bottom.setFixedHeight(max(160, int(self.height() * 0.28)))  # the maps get the rest
        super().resizeEvent(event)
        if self.presentation and abs(presentation_scale(self.width(), self.height()) - self._scale) > 0.03:
            self.set_presentation(True)  # type sized for the window it is in

    # ---- texts ------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        lang = current_language()
        if self.lesson is not None:
            self.title.setText(f"<b>{html.escape(self.lesson.title.get(lang))}</b>")
        else:
            self.title.setText("<b>" + self.tr("Side by side: with and without") + "</b>")
        self.prev_button.setToolTip(self.tr("Previous step (Left arrow)"))
        self.next_button.setToolTip(self.tr("Next step (Right arrow)"))
        self.pace_label.setText(self.tr("speed"))
        for i, (value, _text) in enumerate(DEMO_PACES):
            self.pace.setItemText(i, self.tr("as fast as possible") if value is None else self.tr("{n} sim-min/s").format(n=f"{value:g}"))
        self.pace.setToolTip(self.tr("Demonstration speed: simulated minutes per second, the same for both runs"))
        self.speed_plot.getPlotItem().setTitle(self.tr("Old-town speed (km/h)"))
        self.centre_plot.getPlotItem().setTitle(self.tr("Cars at transfer centres"))
        self.speed_plot.setToolTip(self.tr("Solid: the left run; dashed: the right run. Red dashed line: 20 km/h congestion warning"))
        self.centre_plot.setToolTip(self.tr("Solid: the left run; dashed: the right run"))
        self.speed_plot.getPlotItem().setLabel("left", self.tr("km/h"))
        self.centre_plot.getPlotItem().setLabel("left", self.tr("cars"))
        self.speed_line.setToolTip(self.tr("the 20 km/h congestion warning line"))
        self.published_line.setToolTip(self.tr("old town {v} km/h: the general 2019 arterial speed (facts A), not a National Day figure")
                                       .format(v=f"{PUBLISHED.old_town_speed_kmh:g}"))
        for side in self.sides:
            if side.net is not None and side.scenario is not None:
                side.map.set_title(self._side_title(side))
        if self.detector is not None:
            self.detector.labels = [self._side_name(0), self._side_name(1)]
        self._show_step_label()
        self._show_caption()
        self._show_state()
        self._show_callouts()

    def _side_name(self, i: int) -> str:
        side = self.sides[i]
        if side.label is not None:
            return side.label.get(current_language())
        if side.scenario is not None:
            return str(side.scenario.name)
        return self.tr("left") if i == 0 else self.tr("right")

    def _side_title(self, side: DemoSide) -> str:
        i = self.sides.index(side)
        return f"<span style='color:{rgb(side.colour)}'>{'◧' if i == 0 else '◨'} {html.escape(self._side_name(i))}</span>"

    # ---- loading ------------------------------------------------------------

    def is_active(self) -> bool:
        return self.pair.is_active()

    def show_pair(self, left: Path = DEFAULT_PAIR[0], right: Path = DEFAULT_PAIR[1], play: bool = False) -> bool:
        """Two scenarios side by side from their first day, no lesson."""
        self.lesson = None
        self.step = -1
        self.caption_text = None
        self.highlighted = None
        if not self._load(left, right, None, None):
            return False
        self.retranslate_ui()
        if play:
            self.pair.play()
        self._show_state()
        return True

    def show_lesson(self, lesson: LoadedLesson) -> bool:
        self.lesson = lesson
        self.step = -1
        self.retranslate_ui()
        return self.go_to_step(0)

    def _load(self, left: Path, right: Path, labels: tuple[Text, Text] | None, start: dt.date | None, empty: str = "") -> bool:
        self._loaded_args = (left, right, labels, start)
        loaded = []
        for path in (left, right):
            try:
                ld = load_scenario(path)
                loaded.append((ld, build_network(ld.scenario, ld.base_dir)))
            except ScenarioError as exc:
                self.demo_failed.emit("\n".join(exc.problems[:12]))
                return False
            except (OSError, ValueError) as exc:
                self.demo_failed.emit(f"{path.name}: {exc}")
                return False
        self.pair.shutdown()
        dates = [[d.date for d in ld.scenario.days] for ld, _net in loaded]
        common = [d for d in dates[0] if d in dates[1] and (start is None or d >= start)]
        if not common:
            self.demo_failed.emit(self.tr("{a} and {b} share no day to show side by side").format(a=left.name, b=right.name))
            return False
        self.start_date = common[0]
        seed = loaded[0][0].scenario.run.seed  # one seed for both: the difference is the scenario's, not chance's
        self.plan = plan = plan_start([ld.scenario for ld, _net in loaded], common, start, seed, empty)
        jobs = []
        for i, (ld, net) in enumerate(loaded):
            side = self.sides[i]
            scen = plan.scenarios[i]
            side.path, side.loaded, side.scenario, side.net = (left, right)[i], ld, scen, net
            side.label = labels[i] if labels else None
            side.run = RunData.for_scenario(scen, ld.path.name, net.n_links)
            if side.map.net is None or side.map.scenario is None or side.map.scenario.network != scen.network \
                    or side.map.scenario.transfer_centres != scen.transfer_centres or side.map.scenario.rings != scen.rings:
                side.map.set_network(net, scen)
            else:
                side.map.scenario = scen
                side.map.reset_run()
            side.map.set_presentation(self.presentation)
            side.map.highlight(None)
            side.map.set_title(self._side_title(side))
            jobs.append(RunJob(scenario=scen, base_dir=ld.base_dir, name=ld.path.name, sha256="", resolved_sha256="",
                               scenario_bytes=b"", out_dir=None, seed=seed, **plan.extra[i]))
        for axis in (self.speed_axis, self.centre_axis):
            axis.dates = [d.isoformat() for d in plan.dates]
            axis.setTickSpacing(24, 6) if len(plan.dates) > 2 else axis.setTickSpacing(3, 1)
        self.detector = CalloutDetector([s.scenario for s in self.sides], [s.net for s in self.sides],
                                        [self._side_name(0), self._side_name(1)])
        self.callouts = []
        self.pair.set_pace(self.pace.currentData())
        self.pair.start(jobs, plan.t0_s)
        self._show_plots()
        self._show_callouts()
        return True

    # ---- lessons ------------------------------------------------------------

    def steps(self) -> int:
        return len(self.lesson.states) if self.lesson is not None else 0

    def next_step(self) -> bool:
        return self.go_to_step(self.step + 1) if self.lesson is not None and self.step + 1 < self.steps() else False

    def previous_step(self) -> bool:
        return self.go_to_step(self.step - 1) if self.lesson is not None and self.step > 0 else False

    def go_to_step(self, k: int) -> bool:
        """Reach the state lesson step k describes: forward by running the clock, backward by starting again."""
        if self.lesson is None or not (0 <= k < self.steps()):
            return False
        state: StepState = self.lesson.states[k]
        sides_now = (self.sides[0].path, self.sides[1].path)
        restart = (not self.pair.is_active() or sides_now != (state.left, state.right) or self.start_date != state.start_date
                   or state.t_s + self.pair.t0_s < self.pair.t_s - 1e-6)
        self.step = k
        if restart:
            if not self._load(state.left, state.right, state.labels, state.start_date):
                return False
            if state.start_date != self.start_date:
                self.demo_failed.emit(self.tr("the scenarios do not simulate {date}").format(date=state.start_date))
                return False
        else:
            for i, side in enumerate(self.sides):
                side.label = state.labels[i]
                side.map.set_title(self._side_title(side))
            if self.detector is not None:
                self.detector.labels = [self._side_name(0), self._side_name(1)]
        self.caption_text = state.caption
        self.highlighted = state.highlight
        if self.detector is not None:
            self.detector.highlight_ring = state.highlight[1] if state.highlight and state.highlight[0] == "ring" else None
        for side in self.sides:
            side.map.highlight(state.highlight)
        self._waiting_step = k
        if state.t_s + self.pair.t0_s > self.pair.t_s + 1e-6 or not self.pair.is_ready():
            self.pair.run_to(state.t_s + self.pair.t0_s, fast=restart or not state.animate)
        else:
            self.pair.pause()
            self._waiting_step = None
            self.step_shown.emit(k)
        self._show_step_label()
        self._show_caption()
        self._show_state()
        return True

    def _show_step_label(self) -> None:
        n = self.steps()
        self.step_label.setVisible(n > 0)
        self.prev_button.setVisible(n > 0)
        self.next_button.setVisible(n > 0)
        if n:
            self.step_label.setText(self.tr("Step {k} of {n}").format(k=self.step + 1, n=n))
            self.prev_button.setEnabled(self.step > 0)
            self.next_button.setEnabled(self.step + 1 < n)

    def _show_caption(self) -> None:
        if self.caption_text is None:
            self.caption.hide()
            return
        self.caption.setText(self.caption_text.get(current_language()))
        self.caption.show()

    # ---- the clock ------------------------------------------------------------

    def play_pause(self) -> None:
        if not self.pair.is_active():
            if self.sides[0].path is None:
                self.show_pair(play=True)
            return
        if self.pair.playing:
            self.pair.pause()
        else:
            self.pair.play()
        self._show_state()

    def stop(self) -> None:
        self._close_stall_box()
        self.pair.shutdown()  # both processes end, even a stopped one
        self._show_state()

    def _on_pace_current_index_changed(self, _index: int) -> None:
        self.pair.set_pace(self.pace.currentData())

    def _on_pair_clock_advanced(self, t_s: float, updates: list[list[Any]]) -> None:
        for side, ups in zip(self.sides, updates):
            if side.run is None:
                continue
            for up in ups:
                side.run.apply(up)
            side.map.show_run(side.run)
        if self.detector is not None:
            new = self.detector.step(t_s, [s.run for s in self.sides])
            if new:
                self.callouts = (self.callouts + new)[-50:]
                self._show_callouts()
        self._show_plots()
        self._show_state()
        self.clock_changed.emit(t_s)

    def _on_pair_clock_held(self, _t_s: float) -> None:
        self._show_state()
        if self._waiting_step is not None:
            k, self._waiting_step = self._waiting_step, None
            self.step_shown.emit(k)

    def _on_pair_run_failed(self, i: int, message: str, details: str) -> None:
        self._show_state()
        self.demo_failed.emit(f"{message}\n\n{details}".strip())

    def _on_pair_branch_refused(self, message: str) -> None:
        """The right scenario cannot start from the left's state: both start with empty roads, and the note says why."""
        self._load(*self._loaded_args, empty=self.tr("Both runs started with empty roads: {why}").format(why=message))
        if self._waiting_step is not None and self.lesson is not None:
            self.pair.run_to(self.lesson.states[self._waiting_step].t_s, fast=True)

    def _on_pair_run_stalled(self, i: int, silent_s: float) -> None:
        self._close_stall_box()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("A model has stalled"),
                          self.tr("Model {n} of 2 has sent nothing for {s:.0f} seconds; both runs wait for it. "
                                  "Wait, or stop the demonstration?").format(n=i + 1, s=silent_s), parent=self)
        box.addButton(self.tr("Wait"), QMessageBox.ButtonRole.RejectRole)
        stop = box.addButton(self.tr("Stop both runs"), QMessageBox.ButtonRole.DestructiveRole)
        box.buttonClicked.connect(lambda button: self.stop() if button is stop else None)
        self.stall_box = box
        box.open()

    def _close_stall_box(self, _i: int = 0) -> None:
        box, self.stall_box = self.stall_box, None
        if box is not None:
            box.done(0)

    # ---- drawing ------------------------------------------------------------

    def clock_times(self) -> list[float]:
        """Each run's own simulated time (the snapshots'): equal to the shared clock by construction."""
        return [float(s.run.snapshot.t_s) if s.run is not None and s.run.snapshot is not None else 0.0 for s in self.sides]

    def clock_text(self) -> str:
        if self.start_date is None:
            return ""
        t = self.pair.t_s
        day = self.start_date + dt.timedelta(days=int((t - self.pair.t0_s) // DAY_S))
        return f"{day_date(day, year=False)} {clock_text(t)}"

    def _show_state(self) -> None:
        playing = self.pair.playing
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play_button.setToolTip(self.tr("Play or pause both runs (Space)"))
        self.clock.setText(f"<b>{self.clock_text()}</b>")
        for side in self.sides:
            side.figures.setText(figures_html(side, self.presentation, self._scale))

    def _show_plots(self) -> None:
        for i, side in enumerate(self.sides):
            run = side.run
            if run is None:
                continue
            n = run.bins_done
            self.speed_curves[i].setData(run.t_h[:n], run.speed_kmh["old_town"][:n])
            self.centre_curves[i].setData(run.t_h[:n], run.centre_cars_total()[:n])
        run = self.sides[0].run
        if run is not None:
            t_h = self.pair.t_s / 3600.0
            lo = max(0.0, t_h - 12.0)
            for plot in (self.speed_plot, self.centre_plot):
                plot.getPlotItem().setXRange(lo, max(lo + 12.0, t_h), padding=0.01)

    def _show_callouts(self) -> None:
        if not self.callouts:
            self.callout_label.setText("<i>" + html.escape(self.plan.note or self.tr("Differences between the two runs appear here as they happen.")) + "</i>")
            return
        rows = []
        for c in reversed(self.callouts[-MAX_CALLOUTS:]):
            colour = rgb(self.sides[c.side].colour) if c.side is not None else "#000000"
            mark = "●" if c.side is None else ("◧" if c.side == 0 else "◨")
            rows.append(f"<div style='color:{colour}'>{mark} {html.escape(c.text)}</div>")
        self.callout_label.setText("".join(rows))

    # ---- presentation -----------------------------------------------------------

    def set_presentation(self, on: bool) -> None:
        """Large fonts, thick lines, a high-contrast palette, the clock and the key figures large."""
        self.presentation = on
        for side in self.sides:
            side.map.set_presentation(on)
        width = 5.0 if on else 2.5
        for curves in (self.speed_curves, self.centre_curves):
            for i, c in enumerate(curves):
                style = Qt.PenStyle.SolidLine if i == 0 else Qt.PenStyle.DashLine
                c.setPen(pg.mkPen(*self.sides[i].colour, width=width, style=style))
        font_pt = 15 if on else 9
        for plot in (self.speed_plot, self.centre_plot):
            item = plot.getPlotItem()
            for name in ("left", "bottom"):
                axis = item.getAxis(name)
                f = QFont()
                f.setPointSize(font_pt)
                axis.setStyle(tickFont=f)
                axis.setPen(pg.mkPen(0, 0, 0, width=2 if on else 1))
                axis.setTextPen(pg.mkPen(0, 0, 0))
            item.titleLabel.setAttr("size", f"{font_pt + 3}pt")
            item.titleLabel.setText(item.titleLabel.text)
        self._scale = presentation_scale(self.width(), self.height()) if on else 1.0
        self.setStyleSheet(presentation_style(self._scale) if on else NORMAL_STYLE)
        self._show_state()
