"""Lessons: a trainer's demonstration written down as a file, step by step.

A lesson is a TOML file beside the scenarios (lessons/*.toml). It is a
sequence of steps a trainer walks through with the arrow keys in front of a
room: load two scenarios side by side (with and without the transfer centre),
jump to a day and time, run the clock to a later time, highlight a ring, a
gate or a transfer centre, and show a caption. Titles and captions are written
in Chinese and English, so the same lesson serves either audience.

    schema_version = 1
    title = { en = "What the transfer centre does on 4 October", zh = "..." }

    [[steps]]
    kind = "load"
    left = { file = "../scenarios/national_day_2019.toml", label = { en = "...", zh = "..." } }
    right = { file = "scenarios/no_transfer_centres.toml", label = { en = "...", zh = "..." } }

    [[steps]]
    kind = "jump"          # or "run_to", "highlight", "caption"
    date = 2019-10-04
    time = "06:45"

A lesson file is read as a scenario file is (sim/scenario/toml_safety.py: at
most 1 MiB, UTF-8, no duplicate keys, no NaN; nothing is executed) and checked
against the schema below, and every problem names the file and the key path
("why_ring_c.toml: steps[3].time: expected "HH:MM", got "7"").
Scenario paths are relative to the lesson file and may not leave its folder or
the bundled scenarios folder. Validation also loads the scenarios, so a date
outside their calendar, an unknown centre or a gate that is not a gate is
found before the trainer stands up.

`plan()` turns the steps into the state the window shows after each step
(scenarios, day, clock time, highlight, caption). Going to a step means
reaching that state, so "previous step" is as well defined as "next".
Pure Python: no Qt (sim/ never imports the window).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sim.engine.bundled import bundled_dir
from sim.engine.clock import DAY_S, hhmm
from sim.engine.network import RING_IDS, load_network
from sim.scenario.errors import Loc, Problem, ScenarioError, key_path, show, suggest
from sim.scenario.extends import confine, is_file
from sim.scenario.loader import BUNDLED_SCENARIOS, LoadedScenario, load_scenario
from sim.scenario.toml_safety import check_values, read_document

SCHEMA_VERSION = 1
BUNDLED_LESSONS = bundled_dir("lessons")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Text(_Strict):
    """A text in both languages of the program."""

    en: str = Field(min_length=1, max_length=2000)
    zh: str = Field(min_length=1, max_length=2000)

    def get(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


class Side(_Strict):
    """One of the two scenarios shown side by side."""

    file: str = Field(min_length=1, max_length=500, description="scenario file, relative to the lesson file")
    label: Text


ClockTime = Annotated[str, Field(description='"HH:MM"')]


def _clock(value: str) -> str:
    if not _HHMM.match(value):
        raise ValueError(f'expected "HH:MM" (00:00-23:59), got {show(value)}')
    return value


class LoadStep(_Strict):
    kind: Literal["load"]
    left: Side
    right: Side


class JumpStep(_Strict):
    kind: Literal["jump"]
    date: dt.date
    time: ClockTime = "00:00"
    _check = field_validator("time")(_clock)


class RunToStep(_Strict):
    kind: Literal["run_to"]
    time: ClockTime
    date: dt.date | None = None  # default: the day the clock is on
    _check = field_validator("time")(_clock)


class HighlightStep(_Strict):
    kind: Literal["highlight"]
    ring: Literal["A", "B", "C", "D"] | None = None
    gate: str | None = Field(None, max_length=100, description="a gate's network segment id, e.g. qimen_bridge")
    centre: str | None = Field(None, max_length=100, description="a transfer centre id, e.g. north_bus_station")


class CaptionStep(_Strict):
    kind: Literal["caption"]
    text: Text


Step = Annotated[LoadStep | JumpStep | RunToStep | HighlightStep | CaptionStep, Field(discriminator="kind")]
STEP_KINDS: dict[str, type[_Strict]] = {"load": LoadStep, "jump": JumpStep, "run_to": RunToStep,
                                        "highlight": HighlightStep, "caption": CaptionStep}


class Lesson(_Strict):
    """A whole lesson file."""

    schema_version: Literal[1]
    title: Text
    summary: Text | None = None
    steps: list[Step] = Field(min_length=1, max_length=200)


# ---- the state after each step ------------------------------------------------


@dataclass(frozen=True)
class StepState:
    """What the window shows once a step is done.

    `t_s` is seconds from the first midnight of the run as the window starts it: the scenarios'
    calendar cut to begin on `start_date` (jumping to a day starts both runs that morning at
    midnight with empty roads and car parks, as every scenario run does, instead of simulating
    the days before it)."""

    index: int
    kind: str
    left: Path
    right: Path
    labels: tuple[Text, Text]
    start_date: dt.date
    t_s: float
    animate: bool  # run_to: the clock runs at the demonstration speed; otherwise the state is reached at once
    highlight: tuple[str, str] | None  # ("ring" | "gate" | "centre", id)
    caption: Text | None


@dataclass
class LoadedLesson:
    lesson: Lesson
    path: Path
    states: list[StepState]
    scenarios: dict[Path, LoadedScenario]

    @property
    def title(self) -> Text:
        return self.lesson.title


def _seconds(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 3600 + int(m) * 60


def _where(loc: Sequence[str | int]) -> Loc:
    """Pydantic puts the union tag into the location (steps.3.caption.text): drop it."""
    out: list[str | int] = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and part in STEP_KINDS and i >= 2 and loc[i - 2] == "steps" and isinstance(loc[i - 1], int):
            continue
        if isinstance(part, str) and (part.startswith("function-") or part in ("str", "date", "none")):
            continue
        out.append(part)
    return tuple(out)


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The pydantic model of the table at `loc` (for "did you mean" on unknown keys)."""
    model: Any = Lesson
    for i, part in enumerate(loc):
        if model is Lesson and part == "steps":
            continue
        if isinstance(part, int):
            if i >= 1 and loc[i - 1] == "steps":
                return None  # the step's own keys depend on its kind: resolved by the caller
            continue
        model = _field_model(model, part)
        if model is None:
            return None
    return model


def _field_model(model: Any, key: str | int) -> type[BaseModel] | None:
    """The model of table `key` inside `model` (None where it is not a table of the schema)."""
    field = model.model_fields.get(key) if model is not None else None
    if field is None:
        return None
    tp = field.annotation
    return next((t for t in getattr(tp, "__args__", (tp,)) if isinstance(t, type) and issubclass(t, BaseModel)), None)


def _step_model(data: Any, loc: Loc) -> type[BaseModel] | None:
    if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int) and isinstance(data, dict):
        steps = data.get("steps")
        if isinstance(steps, list) and loc[1] < len(steps) and isinstance(steps[loc[1]], dict):
            model: Any = STEP_KINDS.get(str(steps[loc[1]].get("kind")))
            for part in loc[2:]:
                model = _field_model(model, part)
                if model is None:
                    return None
            return model
    return _model_at(loc)


def _expected(tp_name: str) -> str:
    return {"string_type": "a text", "date_type": "a date (YYYY-MM-DD, unquoted)", "dict_type": "a table",
            "list_type": "an array", "model_type": "a table"}.get(tp_name, "")


def translate_lesson(exc: ValidationError, data: Any) -> list[tuple[Loc, str]]:
    """Pydantic's errors on a lesson as (key path, message), in the words of sim/scenario/errors.py."""
    out: list[tuple[Loc, str]] = []
    for err in exc.errors():
        loc = _where(err["loc"])
        kind, got = err["type"], err.get("input")
        if kind == "extra_forbidden":
            model = _step_model(data, loc[:-1])
            allowed = list(model.model_fields) if model is not None else []
            hint = suggest(str(loc[-1]), allowed)
            msg = f'unknown key {show(str(loc[-1]))}' + (f'; did you mean "{hint}"?' if hint else
                                                         (f"; expected one of {', '.join(repr(a) for a in allowed)}" if allowed else ""))
        elif kind == "missing":
            msg = "missing required key"
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            kinds = ", ".join(f'"{k}"' for k in STEP_KINDS)
            if kind == "union_tag_not_found":
                msg = f"missing required key kind; expected one of {kinds}"
                loc = loc + ("kind",)
            else:
                tag = (err.get("ctx") or {}).get("tag", got)
                hint = suggest(str(tag), list(STEP_KINDS))
                msg = f"expected one of {kinds}, got {show(tag)}" + (f'; did you mean "{hint}"?' if hint else "")
                loc = loc + ("kind",)
        elif kind == "literal_error":
            expected = (err.get("ctx") or {}).get("expected", "")
            msg = f"expected {expected}, got {show(got)}"
        elif kind == "value_error":
            msg = str(err["msg"]).removeprefix("Value error, ")
        elif _expected(kind):
            msg = f"expected {_expected(kind)}, got {show(got)}"
        elif kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
            msg = f"{err['msg'][0].lower()}{err['msg'][1:]}"
        else:
            msg = f"{err['msg'][0].lower()}{err['msg'][1:]}, got {show(got)}"
        out.append((loc, msg))
    return out


def _problems(display: str, pairs: Sequence[tuple[Loc, str]]) -> list[Problem]:
    return [Problem(display, key_path(loc), msg) for loc, msg in pairs]


def load_lesson(path: Path, display: str | None = None) -> LoadedLesson:
    """Read, validate and plan a lesson file; a ScenarioError names the file and the key of every problem."""
    path = Path(path)
    display = display or path.name
    _raw, data = read_document(path, display)
    problems = _problems(display, check_values(data))
    if problems:
        raise ScenarioError(problems)
    if isinstance(data.get("schema_version"), int) and data["schema_version"] != SCHEMA_VERSION:
        raise ScenarioError([Problem(display, "schema_version", f"expected {SCHEMA_VERSION}, got {show(data['schema_version'])}; "
                                                                 "this program reads lesson files of version 1")])
    try:
        lesson = Lesson.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_problems(display, translate_lesson(exc, data))) from None
    return _plan(lesson, path.resolve(), display)


def _plan(lesson: Lesson, path: Path, display: str) -> LoadedLesson:
    folder = path.parent
    roots = [folder, BUNDLED_SCENARIOS.resolve()]
    problems: list[Problem] = []
    scenarios: dict[Path, LoadedScenario] = {}
    states: list[StepState] = []
    sides: tuple[Path, Path] | None = None
    labels: tuple[Text, Text] | None = None
    dates: list[dt.date] = []
    start: dt.date | None = None
    t_s = 0.0
    highlight: tuple[str, str] | None = None
    caption: Text | None = None
    centres: set[str] = set()
    gates: set[str] = set()
    load_failed = False  # the steps after a load that failed are not checked: one cause, one message

    def bad(loc: Loc, msg: str) -> None:
        problems.append(Problem(display, key_path(loc), msg))

    for i, step in enumerate(lesson.steps):
        here: Loc = ("steps", i)
        if isinstance(step, LoadStep):
            resolved: list[Path] = []
            for side_name in ("left", "right"):
                side: Side = getattr(step, side_name)
                target, err = confine(side.file, folder, roots, "a scenario file")
                if target is None or err is not None:
                    bad(here + (side_name, "file"), err or "expected a scenario file")
                    continue
                if not is_file(target):
                    bad(here + (side_name, "file"), f"no such file {show(side.file)} (looked for {target})")
                    continue
                if target not in scenarios:
                    try:
                        scenarios[target] = load_scenario(target)
                    except ScenarioError as exc:
                        problems.extend(Problem(display, key_path(here + (side_name, "file")), line) for line in exc.problems)
                        continue
                resolved.append(target)
            if len(resolved) != 2:
                sides, load_failed = None, True
                continue
            sides = (resolved[0], resolved[1])
            labels = (step.left.label, step.right.label)
            cal = [[d.date for d in scenarios[p].scenario.days] for p in sides]
            dates = [d for d in cal[0] if d in cal[1]]
            if not dates:
                bad(here, "the two scenarios share no day of their calendars: nothing to show side by side")
                sides, load_failed = None, True
                continue
            load_failed = False
            start, t_s, highlight, caption = dates[0], 0.0, None, None
            centres = set(scenarios[sides[0]].scenario.transfer_centres) | set(scenarios[sides[1]].scenario.transfer_centres)
            gates = _gate_segments(scenarios[sides[0]])
        elif sides is None:
            if load_failed:
                continue
            bad(here + ("kind",), f'a "{step.kind}" step needs two scenarios: put a "load" step before it')
            continue
        elif isinstance(step, JumpStep):
            if step.date not in dates:
                bad(here + ("date",), f"expected a day both scenarios simulate ({dates[0]} to {dates[-1]}), got {step.date}")
                continue
            start, t_s = step.date, float(_seconds(step.time))
        elif isinstance(step, RunToStep):
            assert start is not None
            day = step.date or (start + dt.timedelta(days=int(t_s // DAY_S)))
            target_s = (day - start).days * DAY_S + _seconds(step.time)
            last = dates[-1]
            if day not in dates or day < start:
                bad(here + ("date",), f"expected a day from {start} to {last} that both scenarios simulate, got {day}")
                continue
            if target_s <= t_s:
                now = _clock_text(start, t_s)
                bad(here + ("time",), f"expected a time after the clock's {now}, got {day} {step.time}; "
                                      'to go back, use a "jump" step')
                continue
            t_s = float(target_s)
        elif isinstance(step, HighlightStep):
            given = [(k, v) for k, v in (("ring", step.ring), ("gate", step.gate), ("centre", step.centre)) if v is not None]
            if len(given) != 1:
                bad(here, f"expected exactly one of ring, gate, centre, got {len(given)}")
                continue
            what, ident = given[0]
            if what == "centre" and ident not in centres:
                hint = suggest(ident, sorted(centres))
                bad(here + ("centre",), f"expected a transfer centre of the scenarios ({', '.join(sorted(centres))}), got {show(ident)}"
                    + (f'; did you mean "{hint}"?' if hint else ""))
                continue
            if what == "gate" and ident not in gates:
                hint = suggest(ident, sorted(gates))
                bad(here + ("gate",), f"expected the segment id of a ring gate in the network, got {show(ident)}"
                    + (f'; did you mean "{hint}"?' if hint else ""))
                continue
            highlight = (what, str(ident))
        elif isinstance(step, CaptionStep):
            caption = step.text
        if sides is not None and labels is not None and start is not None:
            states.append(StepState(i, step.kind, sides[0], sides[1], labels, start, t_s,
                                    isinstance(step, RunToStep), highlight, caption))
    if not isinstance(lesson.steps[0], LoadStep) and not any(p.key.startswith("steps[0]") for p in problems):
        bad(("steps", 0, "kind"), f'expected "load": a lesson starts by loading its two scenarios, got "{lesson.steps[0].kind}"')
    if problems:
        raise ScenarioError(problems)
    return LoadedLesson(lesson, path, states, scenarios)


def _gate_segments(loaded: LoadedScenario) -> set[str]:

    if loaded.network_path is None:
        return set()
    net = load_network(loaded.network_path)
    out: set[str] = set()
    for ring in RING_IDS:
        if ring in net.ring_polygons_m:
            out.update(net.link_segment[i] for i, g in enumerate(net.gate_links(ring)) if g)
    return out


def _clock_text(start: dt.date, t_s: float) -> str:
    return f"{start + dt.timedelta(days=int(t_s // DAY_S))} {hhmm(t_s)}"


def read_title(path: Path) -> Text | None:
    """Just a lesson's title, for a menu (no scenario is loaded); None when the file cannot say it."""
    try:
        _raw, data = read_document(Path(path), Path(path).name)
        return Text.model_validate(data.get("title"))
    except (ScenarioError, ValidationError):
        return None


def bundled_lessons() -> list[Path]:
    return sorted(BUNDLED_LESSONS.glob("*.toml"))
