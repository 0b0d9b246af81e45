"""The window must not mislead: each run beside the figures published for its kind of day, effects with their noise.

One test per defect of issue 17, items 1 and 2: a workday shown against the
holiday week's totals, the general 2019 speed called a National Day figure, a
single day set against week totals, a held reference dropped by an edit or by
opening another file, an edit's effect shown without its noise, and a table
whose columns are cut at 1366x768.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from gui.runs.seed_compare import Figure, FigureRow

REPO = Path(__file__).resolve().parents[2]
WORKDAY = REPO / "scenarios" / "normal_workday_2019.toml"
RUN_TIMEOUT_MS = 40_000
SEEDS_TIMEOUT_MS = 120_000


def run_to_end(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT_MS):
        assert window.start_run()


def test_a_workday_shows_workday_figures_and_no_week_totals(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.open_path(WORKDAY, guard=False)
    text = window.week_figures.label.text()
    assert "141,400" not in text and "18,800" not in text and "30,000" not in text
    assert "workday" in text and "18.6" in text and "19.7" in text and "13" in text
    assert "none published" in text
    assert window.plots.published.key == "workday_2019"
    labels = [line.label.toPlainText() for line in window.plots._pub_lines]
    assert labels == ["old town 18.6 km/h: general 2019 figure"]  # no transfer or diversion line on a workday


def test_the_speed_tooltip_calls_18_6_the_general_2019_figure(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    tip = window.plots.speed.toolTip()
    assert "18.6" in tip and "general 2019" in tip
    assert "National Day 2019" not in tip and "not a National Day figure" in tip


def test_a_one_day_run_is_compared_per_day_never_with_week_totals(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    run_to_end(qtbot, window)
    text = window.week_figures.label.text()
    assert "per day (daily means)" in text and "20,200" in text  # the week's daily mean
    assert "141,400" not in text and "18,800" not in text
    corner = re.sub("<[^>]+>", "", window.plots.week_text["transfers"].text())
    assert "mean per day" in corner and "week total" not in corner and "141,400" not in corner
    assert "general 2019 figure 18.6" in window.plots.speed_text.toPlainText()


def test_a_held_reference_survives_a_new_date_and_another_file(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    run_to_end(qtbot, window)
    first = window.run
    window.hold_reference()
    window.form.set_value(("days", 0, "date"), dt.date(2019, 10, 5).isoformat())
    run_to_end(qtbot, window)
    assert window.comparison.reference is first
    assert window.run.dates == ["2019-10-05"]
    text = window.week_figures.label.text()
    assert "aligned day by day" in text and "1 Oct" in text and "5 Oct" in text
    assert window.plots.series_count("transfers") == 2
    assert window.open_path(WORKDAY, guard=False)
    assert window.comparison.reference is first
    assert "reference" in window.week_figures.label.text()


def test_a_difference_whose_interval_holds_zero_is_within_the_noise() -> None:
    fig = Figure("old_town_speed", "km/h", lambda d: d.old_town_speed_kmh, 1)
    noise = FigureRow(fig, (23.4, 23.1, 23.7), (23.2, 22.9, 23.5), (-0.2, -0.6, 0.2), (-0.9, -2.5, 0.8))
    effect = FigureRow(fig, (23.4, 23.1, 23.7), (21.0, 20.8, 21.2), (-2.4, -2.8, -2.0), (-10.3, -12.0, -8.5))
    one_seed = FigureRow(fig, (23.4, float("nan"), float("nan")), (23.2, float("nan"), float("nan")),
                         (-0.2, float("nan"), float("nan")), (-0.9, float("nan"), float("nan")))
    assert noise.within_noise() is True and effect.within_noise() is False and one_seed.within_noise() is None


def test_over_seeds_every_figure_has_its_interval_and_the_table_fits_1366x768(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    run_to_end(qtbot, window)
    window.hold_reference()
    assert window.week_figures.compare_button.isEnabled()
    window.week_figures.seeds.setValue(2)
    with qtbot.waitSignal(window.runs.seeds.comparison_finished, timeout=SEEDS_TIMEOUT_MS) as blocker:
        window.week_figures.compare_button.click()
        assert window.runs.seeds.is_active() and window.week_figures.progress.isVisible()
    result = blocker.args[0]
    assert result.seeds == [2019, 2020] and not result.failures
    rows = {r.figure.key: r for r in result.rows()}
    speed = rows["old_town_speed"]
    assert speed.reference[1] < speed.reference[0] < speed.reference[2]  # two seeds differ: a real interval
    assert speed.within_noise() is True  # the same scenario on both sides: no effect
    text = window.week_figures.label.text()
    assert "Over 2 seeds" in text and "paired by seed" in text and "within the noise" in text
    assert text.count("[") >= 5 * 4  # reference, run, difference and change, each with its interval, for every figure
    assert window.plots.bands.items  # the bands on the plots
    qtbot.wait(50)
    assert window.week_figures.fits()


def test_the_figures_table_fits_at_1366x768_with_a_reference(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    run_to_end(qtbot, window)
    window.hold_reference()
    run_to_end(qtbot, window)
    qtbot.wait(50)
    assert "this run" in window.week_figures.label.text()
    assert window.week_figures.fits()
    window.week_figures.scroll.setFixedWidth(60)  # and the check does see a table that cannot fit
    qtbot.wait(50)
    assert not window.week_figures.fits()


def test_cancel_ends_a_comparison_over_seeds_at_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    run_to_end(qtbot, window)
    window.hold_reference()
    with qtbot.waitSignal(window.runs.seeds.comparison_cancelled, timeout=5_000):
        window.compare_over_seeds()
        qtbot.wait(300)
        window.week_figures.cancel_button.click()
    assert not window.runs.seeds.is_active() and window.week_figures.compare_button.isVisible()


def test_the_occupancy_key_names_every_centre_and_wraps(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    plots = window.plots
    key = plots.occ_key
    assert key.wordWrap()
    from gui.i18n import short_place

    for cid in window.loaded.scenario.transfer_centres:  # every centre, in one language (both would not fit)
        assert short_place(plots.centre_names.get(cid, cid)) in key.text()


def test_published_line_labels_are_not_covered_by_the_figures_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QLabel

    from gui.widgets.plots import LINE_LABEL_PX

    window.resize(1366, 768)
    qtbot.wait(50)
    plots = window.plots
    plots.show_run(None)
    for key, widget in (("transfers", plots.transfers), ("diverted_cars", plots.diverted)):
        note = plots.week_text[key]
        assert isinstance(note, QLabel) and not widget.isAncestorOf(note)  # under the plot, not over its bars
        vb = widget.getPlotItem().getViewBox()
        top = vb.sceneBoundingRect().top()
        for line in [ln for ln in plots._pub_lines if ln.getViewBox() is vb]:
            y_scene = vb.mapViewToScene(QPointF(0.0, float(line.value()))).y()
            assert y_scene - LINE_LABEL_PX >= top - 1.0, (key, line.value())  # its label fits inside the view


def test_the_gate_queue_axis_starts_at_zero_in_whole_vehicles(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    plots = window.plots
    plots.show_run(None)  # before any car has waited
    low, high = plots.queues.getPlotItem().getViewBox().viewRange()[1]
    assert low == 0.0 and high >= 10.0
    assert not plots.queues.getPlotItem().getAxis("left").autoSIPrefix  # no "(x0.001)"
