"""A run's report: one HTML file a decision maker can open with nothing installed.

What teams exchange is a finding ("closing ring B an hour later costs 600 more
diverted cars"), and the person who decides has a browser, not Gusu. So a
report is one self-contained page: styles inline, plots as inline SVG drawn by
sim.interop.report_plots in the window's colours, no script, no request to any
network (the page's own Content-Security-Policy forbids both). It says which
scenario ran (name, description, the fingerprint of the scenario as run), with
which Gusu, seeds and date; it draws the window's plots; it lists the figures
day by day with units, and the run's key figures beside the published set
that fits its kind of day (per-day means for days, week totals only for a
whole week), with 95% intervals when the folder holds replications. Given a
second folder, every figure stands side by side with the difference, marked
"within the noise" when both sides have intervals and they cannot tell the two
apart, and the changes between the two scenarios are listed in plain words.

English and 简体中文: every text of the page is in STRINGS below.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from sim.interop.report_charts import charts, day_charts, queue_peak_veh
from sim.interop.report_folders import ReportError, RunFolder
from sim.runs.experiments import mean_ci95
from sim.runs.figures import RunSummary
from sim.runs.run_files import gusu_version

__all__ = ["LANGUAGES", "ReportError", "render_report"]

LANGUAGES = ("en", "zh_CN")

# (figure, its label in STRINGS, unit, decimals): totals over the run's days, per-day means, and means over the days
KEY_FIGURES: tuple[tuple[str, str, str, int], ...] = (
    ("transfers", "transfers_total", "persons", 0),
    ("transfers_per_day", "transfers_per_day", "persons/day", 0),
    ("transfers_peak_day", "transfers_peak", "persons", 0),
    ("diverted_cars", "diverted_total", "cars", 0),
    ("diverted_cars_per_day", "diverted_per_day", "cars/day", 0),
    ("diverted_cars_peak_day", "diverted_peak", "cars", 0),
    ("cars_parked_at_transfer_centres", "cars_at_pr", "cars", 0),
    ("cars_parked_in_old_town", "cars_in_old_town", "cars", 0),
    ("park_and_ride_by_choice", "pr_by_choice", "cars", 0),
    ("turned_away", "turned_away", "cars", 0),
    ("vehicles_generated", "vehicles", "veh", 0),
    ("old_town_speed_kmh", "speed_old_town", "km/h", 1),
    ("gusu_speed_kmh", "speed_gusu", "km/h", 1),
    ("ring_A_speed_kmh", "speed_A", "km/h", 1),
    ("ring_B_speed_kmh", "speed_B", "km/h", 1),
    ("ring_C_speed_kmh", "speed_C", "km/h", 1),
    ("ring_D_speed_kmh", "speed_D", "km/h", 1),
    ("nonlocal_share", "nonlocal", "%", 1),
    ("shuttle_wait_min", "shuttle_wait", "min", 1),
    ("parking_search_min", "parking_search", "min", 1),
)

STRINGS: dict[str, dict[str, str]] = {
    "title": {"en": "Gusu run report", "zh_CN": "姑苏交通仿真运行报告"},
    "compare_title": {"en": "Gusu comparison report", "zh_CN": "姑苏交通仿真对比报告"},
    "scenario": {"en": "Scenario", "zh_CN": "情景"}, "description": {"en": "Description", "zh_CN": "说明"},
    "file": {"en": "Scenario file", "zh_CN": "情景文件"},
    "fingerprint": {"en": "Fingerprint of the scenario as run (sha256)", "zh_CN": "运行时情景指纹 (sha256)"},
    "version": {"en": "Gusu version", "zh_CN": "姑苏版本"}, "seeds": {"en": "Seeds", "zh_CN": "随机种子"},
    "written": {"en": "Run written", "zh_CN": "运行结果写入时间"}, "made": {"en": "Report made", "zh_CN": "报告生成时间"},
    "days": {"en": "Days simulated", "zh_CN": "仿真天数"}, "folder": {"en": "Run folder", "zh_CN": "运行文件夹"},
    "published_set": {"en": "Compared with", "zh_CN": "对照的公布数据"},
    "plots": {"en": "Plots", "zh_CN": "图表"}, "daily": {"en": "Day by day", "zh_CN": "逐日数据"},
    "key": {"en": "Key figures", "zh_CN": "主要指标"}, "figure": {"en": "Figure", "zh_CN": "指标"},
    "unit": {"en": "Unit", "zh_CN": "单位"}, "value": {"en": "This run", "zh_CN": "本次运行"},
    "published": {"en": "Published", "zh_CN": "公布数据"}, "difference": {"en": "B − A", "zh_CN": "B − A"},
    "noise": {"en": "Noise", "zh_CN": "随机波动"}, "within": {"en": "within the noise", "zh_CN": "在随机波动之内"},
    "beyond": {"en": "beyond the noise", "zh_CN": "超出随机波动"},
    "one_run": {"en": "one run: no interval", "zh_CN": "单次运行：无区间"},
    "changes": {"en": "What changed between the two scenarios", "zh_CN": "两个情景之间的改动"},
    "no_changes": {"en": "The two scenarios mean the same (no key differs).", "zh_CN": "两个情景含义相同（没有不同的键）。"},
    "no_scenario": {"en": "A folder has no scenario_resolved.toml: the changes cannot be listed.",
                    "zh_CN": "有文件夹缺少 scenario_resolved.toml，无法列出改动。"},
    "changed_from_to": {"en": "{key}: A {a} → B {b}", "zh_CN": "{key}：A {a} → B {b}"},
    "interval_note": {"en": "Values with several seeds are means with their 95% interval [low, high]. A difference is "
                            "within the noise when zero lies in its 95% interval (the halves of the two intervals added in quadrature).",
                      "zh_CN": "多个随机种子的数值为均值及其95%置信区间 [下限, 上限]。"
                               "若差值的95%区间（两侧区间半宽的平方和开方）包含零，则视为在随机波动之内。"},
    "single_note": {"en": "A side that is one run (one seed) has no interval, so its differences cannot be marked within or beyond "
                          "the noise. Run both with --replications for intervals.",
                    "zh_CN": "单次运行（一个随机种子）的一侧没有区间，差值无法判断是否在随机波动之内。如需区间，请两侧都用 --replications 运行。"},
    "speeds_note": {"en": "The published speeds (old town 18.6 km/h, Gusu district 19.7 km/h) are the general state of 2019, "
                          "not National Day figures; 20 km/h is the international congestion warning line.",
                    "zh_CN": "公布的车速（古城 18.6 km/h，姑苏区 19.7 km/h）为2019年总体情况，并非国庆数据；20 km/h 为国际拥堵警戒线。"},
    "week_note": {"en": "Week totals are compared only for a whole week; a shorter run is compared with the published per-day means.",
                  "zh_CN": "只有完整一周才与公布的周总数对比；较短的运行与公布的日均值对比。"},
    "not_whole_week": {"en": "(not a whole week)", "zh_CN": "（非完整一周）"},
    "date": {"en": "date", "zh_CN": "日期"}, "day_type": {"en": "day type", "zh_CN": "日期类型"},
    "transfers_total": {"en": "Transfers, all days", "zh_CN": "换乘人次（全部天数）"},
    "transfers_per_day": {"en": "Transfers per day (mean)", "zh_CN": "日均换乘人次"},
    "transfers_peak": {"en": "Transfers on the peak day", "zh_CN": "高峰日换乘人次"},
    "diverted_total": {"en": "Diverted cars, all days", "zh_CN": "分流车辆（全部天数）"},
    "diverted_per_day": {"en": "Diverted cars per day (mean)", "zh_CN": "日均分流车辆"},
    "diverted_peak": {"en": "Diverted cars on the peak day", "zh_CN": "高峰日分流车辆"},
    "cars_at_pr": {"en": "Cars parked at transfer centres", "zh_CN": "换乘中心停车"},
    "cars_in_old_town": {"en": "Cars parked in the old town", "zh_CN": "古城内停车"},
    "pr_by_choice": {"en": "Park-and-ride by choice", "zh_CN": "自愿停车换乘"},
    "turned_away": {"en": "Cars turned away at a gate", "zh_CN": "卡口劝返车辆"},
    "vehicles": {"en": "Vehicles released", "zh_CN": "发出车辆"},
    "speed_old_town": {"en": "Old-town speed 07-19h", "zh_CN": "古城车速 7-19时"},
    "speed_gusu": {"en": "Gusu district speed 07-19h", "zh_CN": "姑苏区车速 7-19时"},
    "speed_A": {"en": "Ring A speed 07-19h", "zh_CN": "A环车速 7-19时"}, "speed_B": {"en": "Ring B speed 07-19h", "zh_CN": "B环车速 7-19时"},
    "speed_C": {"en": "Ring C speed 07-19h", "zh_CN": "C环车速 7-19时"}, "speed_D": {"en": "Ring D speed 07-19h", "zh_CN": "D环车速 7-19时"},
    "nonlocal": {"en": "Non-Suzhou plates, share of traffic", "zh_CN": "外地号牌车辆占比"},
    "shuttle_wait": {"en": "Shuttle wait", "zh_CN": "接驳车等候时间"},
    "parking_search": {"en": "Parking search", "zh_CN": "找车位时间"},
    "persons": {"en": "persons", "zh_CN": "人次"}, "persons/day": {"en": "persons/day", "zh_CN": "人次/日"},
    "cars": {"en": "cars", "zh_CN": "辆"}, "cars/day": {"en": "cars/day", "zh_CN": "辆/日"}, "veh": {"en": "veh", "zh_CN": "辆"},
    "km/h": {"en": "km/h", "zh_CN": "km/h"}, "%": {"en": "%", "zh_CN": "%"}, "min": {"en": "min", "zh_CN": "分钟"},
    # the plots (sim.interop.report_charts)
    "speeds_title": {"en": "Speed on arterials per ring (space-mean per 15-min bin)", "zh_CN": "各环路干道车速（每15分钟空间平均）"},
    "daily_speeds_title": {"en": "Speed on arterials per day, 07-19h (mean over the seeds)", "zh_CN": "逐日干道车速 7-19时（各随机种子均值）"},
    "speed_axis": {"en": "speed (km/h)", "zh_CN": "车速 (km/h)"}, "time_axis": {"en": "simulated time", "zh_CN": "仿真时间"},
    "day_axis": {"en": "day", "zh_CN": "日期"},
    "congestion_line": {"en": "congestion warning line {v} km/h", "zh_CN": "拥堵警戒线 {v} km/h"},
    "published_speed": {"en": "published old town {v} km/h: general 2019 figure, not National Day",
                        "zh_CN": "公布古城车速 {v} km/h：2019年总体数据，非国庆"},
    "old_town": {"en": "old town", "zh_CN": "古城"}, "gusu": {"en": "Gusu district", "zh_CN": "姑苏区"},
    "ring": {"en": "ring {r}", "zh_CN": "{r}环"},
    "transfers_title": {"en": "Transfers per day", "zh_CN": "每日换乘人次"},
    "transfers_axis": {"en": "transfers (persons/day)", "zh_CN": "换乘 (人次/日)"},
    "diverted_title": {"en": "Diverted cars per day", "zh_CN": "每日分流车辆"},
    "diverted_axis": {"en": "diverted cars (cars/day)", "zh_CN": "分流车辆 (辆/日)"},
    "published_mean": {"en": "published {set}: daily mean {v}", "zh_CN": "公布（{set}）：日均 {v}"},
    "published_peak": {"en": "published peak day {v} ({date})", "zh_CN": "公布高峰日 {v}（{date}）"},
    "occupancy_title": {"en": "Transfer-centre occupancy", "zh_CN": "换乘中心占用率"},
    "occupancy_axis": {"en": "cars parked (% of spaces)", "zh_CN": "停放车辆（占车位 %）"},
    "queues_title": {"en": "Queues at the ring gates", "zh_CN": "环路卡口排队"},
    "queues_axis": {"en": "vehicles waiting (veh)", "zh_CN": "排队车辆 (辆)"},
    "no_series": {"en": "A replications folder keeps no 15-minute series: occupancy and gate queues are drawn only for a single run.",
                  "zh_CN": "多次重复运行的文件夹不保存15分钟序列：换乘中心占用率和卡口排队只对单次运行绘制。"},
    "this_run": {"en": "this run", "zh_CN": "本次运行"},
    "transfers_day": {"en": "Transfers", "zh_CN": "换乘人次"}, "diverted_day": {"en": "Diverted cars", "zh_CN": "分流车辆"},
    "queues_note": {"en": "Queues at the ring gates count the vehicles waiting on the links that cross into each ring, whether or not "
                          "the ring is in force: without control they are ordinary congestion at the boundary.",
                    "zh_CN": "环路卡口排队统计驶入各环路的路段上等候的车辆，无论该环路是否实施管控；无管控时即为边界处的普通拥堵。"},
    "general_2019": {"en": " (general 2019, not National Day)", "zh_CN": "（2019年总体，非国庆）"},
    "set_national_day_2019": {"en": "National Day week 2019", "zh_CN": "2019年国庆周"},
    "set_workday_2019": {"en": "normal 2019 workday", "zh_CN": "2019年普通工作日"},
    "set_national_day_2018": {"en": "National Day week 2018, no control", "zh_CN": "2018年国庆周（无管控）"},
}


@dataclass(frozen=True)
class Stat:
    """A figure of one folder: the mean over its seeds and the 95% interval (None with one seed)."""

    mean: float | None
    low: float | None = None
    high: float | None = None

    @property
    def half(self) -> float | None:
        return None if self.low is None or self.high is None else (self.high - self.low) / 2


def _clean(x: float) -> float | None:
    return None if math.isnan(x) else x


def _value(run: RunSummary, key: str) -> float | None:
    days = len(run.daily)
    if key in ("transfers_per_day", "diverted_cars_per_day"):
        return getattr(run.totals, key.removesuffix("_per_day")) / days
    if hasattr(run.totals, key):
        return float(getattr(run.totals, key))
    return _clean(run.daily_mean(lambda d: getattr(d, key)))


def stat(folder: RunFolder, key: str) -> Stat:
    values = [_value(r, key) for r in folder.runs]
    mean, lo, hi = mean_ci95(values)
    return Stat(_clean(mean), _clean(lo), _clean(hi))


def whole_week(run: RunSummary) -> bool:
    return len(run.daily) == run.published.days == 7


def published_value(run: RunSummary, key: str) -> float | None:
    """The published figure a key figure is held against, where one fits the run's kind and length of days."""
    p = run.published
    week = whole_week(run)
    return {
        "transfers": p.transfers_week if week else None, "diverted_cars": p.diverted_cars_week if week else None,
        "transfers_per_day": p.transfers_daily_mean, "diverted_cars_per_day": p.diverted_cars_daily_mean,
        "transfers_peak_day": p.transfers_peak_day if week else None, "diverted_cars_peak_day": p.diverted_cars_peak_day if week else None,
        "old_town_speed_kmh": p.old_town_speed_kmh, "gusu_speed_kmh": p.gusu_speed_kmh, "nonlocal_share": p.nonlocal_share,
    }.get(key)


def fmt(x: float | None, unit: str, digits: int) -> str:
    if x is None:
        return "–"
    if abs(x) < 0.5 * 10 ** -(digits + (2 if unit == "%" else 0)):
        x = 0.0  # never "-0.0"
    if unit == "%":
        return f"{x * 100:.{digits}f}"
    return f"{x:,.{digits}f}"


def fmt_stat(s: Stat, unit: str, digits: int) -> str:
    text = fmt(s.mean, unit, digits)
    if s.low is not None and s.high is not None:
        text += f" [{fmt(s.low, unit, digits)}, {fmt(s.high, unit, digits)}]"
    return text


def key_rows(a: RunFolder, b: RunFolder | None, t: Any) -> list[dict[str, str]]:
    """The key figures, one row each; with `b`, the difference and whether it is within the noise."""
    rows = []
    for key, label, unit, digits in KEY_FIGURES:
        sa = stat(a, key)
        general = t("general_2019") if key.endswith("speed_kmh") and published_value(a.first, key) is not None else ""
        row = {"figure": t(label), "unit": t(unit), "a": fmt_stat(sa, unit, digits),
               "published": fmt(published_value(a.first, key), unit, digits) + general}
        if b is not None:
            sb = stat(b, key)
            row["b"] = fmt_stat(sb, unit, digits)
            row["published_b"] = fmt(published_value(b.first, key), unit, digits) + general
            diff = None if sa.mean is None or sb.mean is None else sb.mean - sa.mean
            row["diff"] = ("+" if diff is not None and diff > 0 else "") + fmt(diff, unit, digits)
            if sa.half is None or sb.half is None or diff is None:
                row["noise"], row["noise_class"] = t("one_run"), "none"
            else:
                within = abs(diff) <= math.hypot(sa.half, sb.half)
                row["noise"], row["noise_class"] = (t("within"), "within") if within else (t("beyond"), "beyond")
        rows.append(row)
    return rows


DAY_COLUMNS = (("old_town_speed_kmh", "speed_old_town", "km/h", 1), ("gusu_speed_kmh", "speed_gusu", "km/h", 1),
               ("ring_A_speed_kmh", "speed_A", "km/h", 1), ("ring_B_speed_kmh", "speed_B", "km/h", 1),
               ("ring_C_speed_kmh", "speed_C", "km/h", 1), ("ring_D_speed_kmh", "speed_D", "km/h", 1),
               ("nonlocal_share", "nonlocal", "%", 0), ("transfers", "transfers_day", "persons", 0),
               ("diverted_cars", "diverted_day", "cars", 0), ("cars_parked_at_transfer_centres", "cars_at_pr", "cars", 0),
               ("turned_away", "turned_away", "cars", 0), ("shuttle_wait_min", "shuttle_wait", "min", 1),
               ("parking_search_min", "parking_search", "min", 1), ("vehicles_generated", "vehicles", "veh", 0))


def day_table(folder: RunFolder, t: Any) -> dict[str, Any]:
    """The day-by-day table: a header with units, and a row per day (means [interval] over seeds)."""
    header = [t("date"), t("day_type")] + [f"{t(label).replace(' 07-19h', '').replace(' 7-19时', '')} ({t(unit)})" for _, label, unit, _ in DAY_COLUMNS]
    rows = []
    for d, day in enumerate(folder.first.daily):
        cells = [day.date, day.day_type]
        for key, _, unit, digits in DAY_COLUMNS:
            mean, lo, hi = mean_ci95([getattr(r.daily[d], key) for r in folder.runs])
            cells.append(fmt_stat(Stat(_clean(mean), _clean(lo), _clean(hi)), unit, digits))
        rows.append(cells)
    return {"header": header, "rows": rows}


def side(folder: RunFolder, label: str, t: Any, queue_max_veh: float | None = None) -> dict[str, Any]:
    """What the page says about one folder: provenance, tables, plots."""
    first = folder.first
    p = first.published
    return {
        "label": label, "name": folder.scenario_text("name") or first.scenario.name, "description": folder.scenario_text("description"),
        "file": first.scenario.name, "fingerprint": first.scenario.resolved_sha256, "folder": str(folder.path),
        "seeds": ", ".join(str(s) for s in folder.seeds), "written": folder.written,
        "versions": ", ".join(folder.gusu_versions) if folder.gusu_versions else "",
        "days": f"{len(first.daily)} ({first.daily[0].date} – {first.daily[-1].date})" + ("" if whole_week(first) else f" {t('not_whole_week')}"),
        "published": f"{p.title}: {p.source}" + (f", ±{p.band_pct:.0f}%" if p.band_pct else ""),
        "daily": day_table(folder, t), "charts": [Markup(svg) for svg in charts(folder, label, t, queue_max_veh)],
    }


def render_report(a: RunFolder, b: RunFolder | None = None, lang: str = "en",
                  changes: list[tuple[str, str, str]] | None = None, today: dt.date | None = None) -> str:
    """The page's HTML. `changes` are (key, A's value, B's value) from `gusu diff`, None when they could not be made."""
    if lang not in LANGUAGES:
        raise ReportError(f"--lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")

    def t(key: str) -> str:
        entry = STRINGS.get(key, {})
        return entry.get(lang) or entry.get("en", "")

    env = jinja2.Environment(loader=jinja2.FunctionLoader(_template), autoescape=True, undefined=jinja2.StrictUndefined)
    queue_max_veh = max(queue_peak_veh(f) for f in (a, b) if f is not None) * 1.08
    sides = [side(a, "A" if b is not None else "", t, queue_max_veh)] + ([side(b, "B", t, queue_max_veh)] if b is not None else [])
    if b is not None:
        changed = [t("no_scenario")] if changes is None else ([t("no_changes")] if not changes else
                                                             [t("changed_from_to").format(key=k, a=va, b=vb) for k, va, vb in changes])
    else:
        changed = []
    replicated = a.replications and (b is None or b.replications)
    keys = key_rows(a, b, t)
    return env.get_template("report.html.j2").render(
        t=t, lang=lang, html_lang="zh-Hans" if lang == "zh_CN" else "en", sides=sides, compare=b is not None,
        time_charts=[chart for group in itertools.zip_longest(*(s["charts"] for s in sides)) for chart in group if chart is not None],
        day_charts=[Markup(svg) for svg in day_charts([(s["label"], f) for s, f in zip(sides, (a, b) if b is not None else (a,))], t)],
        keys=keys, two_published=b is not None and any(r["published"] != r["published_b"] for r in keys), changes=changed,
        replicated=replicated, any_replicated=a.replications or (b is not None and b.replications),
        no_series=a.timeseries is None or (b is not None and b.timeseries is None), version=gusu_version(), made=(today or dt.date.today()).isoformat(),
    )


def _template(name: str) -> str:
    return (files("sim.interop") / "templates" / name).read_text(encoding="utf-8")
