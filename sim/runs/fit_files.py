"""The calibration file and the targets file: what may move, and what it must hit.

Today's calibration was done by hand: a few assumptions (the holiday tourist car
total, the walk-up demand, the transfer penalty, the workday traffic level)
were nudged until the model matched the figures the police published for 2019.
These two files write that job down as data, so `gusu calibrate` can redo it:

- the calibration file names the scenarios of the fit (the 2019 week, a normal
  workday), the free parameters (a scenario key path, a range, an optional
  prior, the scenarios it applies to) and the fit's budget and seeds;
- the targets file lists the published figures: a value, a band, the facts
  section it comes from, and which scenario, which days and which figure of a
  run's summary it is compared with.

Both are validated with pydantic; anything wrong is one line naming the file and
the key path ("cal.toml: parameters[2].range: expected [low, high] with low <
high, got [5, 1]"), raised together as one FitFileError.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sim.runs.figures import DayFigures, Totals
from sim.scenario import LoadedScenario, ScenarioError, load_scenario
from sim.scenario.errors import key_path, show
from sim.scenario.loader import canonical_json
from sim.scenario.overrides import set_key, split_key, with_overrides

Statistic = Literal["sum", "mean", "max", "min"]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]


class FitFileError(Exception):
    """A calibration or targets file that cannot be used; each line names the file and the key."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class NormalPrior(_Strict):
    """A normal prior: adds ((x - mean) / sd)^2 to the loss (a penalty, as a log-prior would)."""

    mean: float
    sd: float = Field(gt=0.0)


class Parameter(_Strict):
    """One free assumption: a scenario key, its range, and the scenarios that share it."""

    key: str = Field(description="a key path as in scenario files, e.g. demand.tourist.vehicles_per_day.holiday")
    name: Identifier | None = Field(None, description="its name in the fit (default: the key); needed where one key is declared "
                                                      "twice, for scenarios that set it apart (2019's and 2018's awareness)")
    range: tuple[float, float] = Field(description="[low, high]: the fit searches only here")
    scale: Literal["linear", "log"] = Field("linear", description="log searches a ratio scale (low must be > 0)")
    integer: bool = Field(False, description="rounded to a whole number (vehicle and person totals)")
    prior: NormalPrior | None = None
    scenarios: list[Identifier] = Field(default_factory=list, description="names from [scenarios]; empty means all")
    note: str = ""

    @property
    def id(self) -> str:
        """What the fit, its journal and its report call this parameter."""
        return self.name or self.key

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        split_key(value)  # ValueError names the expected shape
        return value

    @field_validator("range", mode="before")
    @classmethod
    def _range(cls, value: Any) -> Any:
        ok = isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        if not ok or not value[0] < value[1]:
            raise ValueError(f"expected [low, high] with low < high, got {show(value)}")
        return value

    @model_validator(mode="after")
    def _log_positive(self) -> Parameter:
        if self.scale == "log" and self.range[0] <= 0:
            raise ValueError(f"scale \"log\" needs a range above 0, got {show(list(self.range))}")
        return self


class FitSettings(_Strict):
    """The budget and the randomness of one fit."""

    trials: int = Field(40, ge=1, le=10_000, description="parameter sets evaluated in all")
    batch: int = Field(4, ge=1, le=256, description="trials asked at once and run together")
    seeds: list[Annotated[int, Field(ge=0)]] = Field([1, 2], min_length=1, max_length=50, description="replications per trial")
    sampler: Literal["tpe"] = "tpe"
    sampler_seed: int = Field(2019, ge=0, le=2**32 - 1)
    startup_trials: int = Field(8, ge=1, le=1000, description="random trials before TPE models the loss")


class CalibrationFile(_Strict):
    """The whole calibration file."""

    schema_version: Literal[1] = 1
    name: str = Field(max_length=200)
    targets: str = Field(description="the targets file, relative to this file")
    use_targets: list[Identifier] = Field(default_factory=list, description="ids of the targets to fit; empty means all")
    scenarios: dict[Identifier, str] = Field(min_length=1, max_length=20, description="name -> scenario file, relative to this file")
    fit: FitSettings = Field(default_factory=FitSettings)
    parameters: list[Parameter] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _cross(self) -> CalibrationFile:
        problems = []
        for i, p in enumerate(self.parameters):
            for j, name in enumerate(p.scenarios):
                if name not in self.scenarios:
                    problems.append(f"parameters[{i}].scenarios[{j}]: expected one of {', '.join(self.scenarios)}, got {show(name)}")
        ids = [p.id for p in self.parameters]
        for i, p in enumerate(self.parameters):
            if p.id in ids[:i]:
                where = "name" if p.name else "key"
                problems.append(f"parameters[{i}].{where}: {show(p.id)} is declared twice (give each its own name)")
            for q in self.parameters[:i]:
                if q.key == p.key and (not p.scenarios or not q.scenarios or set(p.scenarios) & set(q.scenarios)):
                    problems.append(f"parameters[{i}].scenarios: {show(p.key)} is declared twice for the same scenario")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Band(_Strict):
    """How far the model may be from the value: a relative or an absolute half-width."""

    relative: float | None = Field(None, gt=0.0, le=10.0, description="e.g. 0.10 for ±10%")
    absolute: float | None = Field(None, gt=0.0, description="in the figure's unit, e.g. 0.02 for ±2 points of a share")

    @model_validator(mode="after")
    def _one(self) -> Band:
        if (self.relative is None) == (self.absolute is None):
            raise ValueError("expected exactly one of relative or absolute")
        return self

    def half_width(self, value: float) -> float:
        return self.absolute if self.absolute is not None else abs(value) * (self.relative or 0.0)

    def text(self) -> str:
        return f"±{self.relative:.0%}" if self.relative is not None else f"±{self.absolute:g}"


class Target(_Strict):
    """One published figure and the model figure it is compared with."""

    id: Identifier
    label: str = ""
    value: float
    band: Band
    source: str = Field(min_length=1, description="the facts file section, e.g. 'facts A (press conference)'")
    scenario: Identifier
    figure: str = Field(pattern=r"^(totals|daily)\.[A-Za-z0-9_]+$", description="totals.KEY, or daily.KEY with a statistic over days")
    statistic: Statistic = "sum"
    days: list[dt.date] = Field(default_factory=list, description="dates of the scenario; empty means every day")
    day_types: list[Literal["workday", "weekend", "holiday"]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _totals_whole_run(self) -> Target:
        if self.figure.startswith("totals.") and (self.days or self.day_types):
            raise ValueError("a totals.* figure covers the whole run; use daily.* to choose days")
        section, key = self.figure.split(".", 1)
        known = [k for k, f in (Totals if section == "totals" else DayFigures).model_fields.items() if f.annotation is not str]
        if key not in known:
            raise ValueError(f"no figure {key!r} in a run's {section}; expected one of {', '.join(known)}")
        return self


class TargetsFile(_Strict):
    schema_version: Literal[1] = 1
    targets: list[Target] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _unique(self) -> TargetsFile:
        ids = [t.id for t in self.targets]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"target ids must be unique, got {', '.join(dup)} more than once")
        return self


def _read_toml(path: Path) -> tuple[dict[str, Any], bytes]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FitFileError([f"{path}: cannot read ({exc.strerror or exc})"]) from None
    try:
        return tomllib.loads(raw.decode("utf-8")), raw
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FitFileError([f"{path}: not a TOML file ({exc})"]) from None


def _validate(model: type[BaseModel], data: dict[str, Any], display: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))  # drop pydantic's tags
            msg = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = f"unknown key {show(loc[-1])}"
            elif err["type"] == "missing":
                msg = "missing required key"
            elif err["type"] not in ("value_error",) and "input" in err:
                msg = f"{msg}, got {show(err['input'])}"
            where = key_path(loc)
            lines.append(f"{display}: {where}: {msg}" if where else f"{display}: {msg}")
        raise FitFileError(list(dict.fromkeys(lines))) from None


class Calibration:
    """A loaded calibration: its settings, parameters, targets and scenarios, and their fingerprints."""

    def __init__(self, path: Path, spec: CalibrationFile, targets_path: Path, targets: list[Target],
                 scenarios: dict[str, LoadedScenario], raw_sha256: str) -> None:
        self.path, self.spec, self.targets_path, self.targets = path, spec, targets_path, targets
        self.scenarios, self._raw_sha256 = scenarios, raw_sha256

    @property
    def parameters(self) -> list[Parameter]:
        return self.spec.parameters

    @property
    def fit(self) -> FitSettings:
        return self.spec.fit

    def fingerprint(self) -> dict[str, Any]:
        """What a journal must match to be replayed: every input except the trial budget."""
        settings = self.spec.model_dump(mode="json")
        settings["fit"].pop("trials")
        text = repr(sorted(settings.items())) + repr([t.model_dump(mode="json") for t in self.targets])
        return {
            "calibration_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "scenarios": {name: self.scenario_fingerprint(name) for name in sorted(self.scenarios)},
        }

    def scenario_fingerprint(self, name: str) -> str:
        """The scenario's meaning with the keys this fit sets masked out.

        Every trial overrides those keys, so their values in the file cannot change a trial's
        figures: `--write` (which changes nothing else) leaves the journal valid, and a finished
        fit can still be extended, resumed or cross-validated after its values were written."""
        loaded = self.scenarios[name]
        doc = copy.deepcopy(loaded.resolved)
        for key in self.overrides_for(name, {p.id: 0.0 for p in self.parameters}):
            set_key(doc, split_key(key), "(fitted)", key)
        return hashlib.sha256(canonical_json(doc).encode("utf-8")).hexdigest()

    def overrides_for(self, scenario: str, values: dict[str, float]) -> dict[str, Any]:
        return {p.key: values[p.id] for p in self.parameters if not p.scenarios or scenario in p.scenarios}

    def used_scenarios(self) -> list[str]:
        """The scenarios some target reads, in the order of [scenarios]."""
        wanted = {t.scenario for t in self.targets}
        return [name for name in self.spec.scenarios if name in wanted]


def _check_target_against(t: Target, i: int, loaded: LoadedScenario, display: str) -> list[str]:
    problems = []
    dates = {d.date for d in loaded.scenario.days}
    for j, day in enumerate(t.days):
        if day not in dates:
            problems.append(f"{display}: targets[{i}].days[{j}]: expected a date of {loaded.path.name}, got {day.isoformat()}")
    return problems


def load_calibration(path: Path | str) -> Calibration:
    """Read and check both files and every scenario they name; FitFileError lists all problems."""
    path = Path(path)
    data, raw = _read_toml(path)
    spec: CalibrationFile = _validate(CalibrationFile, data, str(path))
    targets_path = path.parent / spec.targets
    tdata, _ = _read_toml(targets_path)
    tfile: TargetsFile = _validate(TargetsFile, tdata, str(targets_path))
    problems: list[str] = []
    scenarios: dict[str, LoadedScenario] = {}
    for name, rel in spec.scenarios.items():
        try:
            scenarios[name] = load_scenario(path.parent / rel)
        except ScenarioError as exc:
            problems += [f"{path}: scenarios.{name}: {line}" for line in exc.problems]
    for i, p in enumerate(spec.parameters):
        for name in p.scenarios or list(scenarios):
            if name in scenarios:
                problems += _check_key(scenarios[name], p, i, str(path))
    for i, t in enumerate(tfile.targets):
        if spec.use_targets and t.id not in spec.use_targets:
            continue
        if t.scenario not in spec.scenarios:
            problems.append(f"{targets_path}: targets[{i}].scenario: expected one of {', '.join(spec.scenarios)}, got {show(t.scenario)}")
        elif t.scenario in scenarios:
            problems += _check_target_against(t, i, scenarios[t.scenario], str(targets_path))
    ids = [t.id for t in tfile.targets]
    for j, tid in enumerate(spec.use_targets):
        if tid not in ids:
            problems.append(f"{path}: use_targets[{j}]: expected a target id of {targets_path.name} ({', '.join(ids)}), got {show(tid)}")
    chosen = [t for t in tfile.targets if not spec.use_targets or t.id in spec.use_targets]
    if problems:
        raise FitFileError(list(dict.fromkeys(problems)))
    return Calibration(path, spec, targets_path, chosen, scenarios, hashlib.sha256(raw).hexdigest())


def _check_key(loaded: LoadedScenario, p: Parameter, i: int, display: str) -> list[str]:
    """The key must name a number the scenario already has (so a typo is not silently a new key)."""
    node: Any = loaded.resolved
    for step in split_key(p.key):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return [f"{display}: parameters[{i}].key: {loaded.path.name} has no {p.key!r}"]
    if isinstance(node, bool) or not isinstance(node, (int, float)):
        return [f"{display}: parameters[{i}].key: expected a number in {loaded.path.name}, {p.key!r} is {show(node)}"]
    if p.integer and not all(float(v).is_integer() for v in p.range):
        return [f"{display}: parameters[{i}].range: expected whole numbers for an integer parameter, got {show(list(p.range))}"]
    problems = []
    for end in p.range:  # both ends must make a valid scenario, or the fit would fail mid-way
        value = int(end) if p.integer else float(end)
        try:
            with_overrides(loaded, {p.key: value}, source="")
        except ScenarioError as exc:
            first = exc.problems[0].split(": ", 2)[-1]
            problems.append(f"{display}: parameters[{i}].range: {show(value)} is outside what {loaded.path.name} allows ({first})")
    return problems
