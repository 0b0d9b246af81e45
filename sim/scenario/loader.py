"""Loading a scenario file: parse, resolve `extends`, migrate, validate, build.

(First version: parse and validate. The full loader, with migrations, merged
`extends` chains and error messages for every key, replaces it.)
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.scenario.schema import Scenario


class ScenarioError(Exception):
    """A scenario that cannot be used. `problems` are lines 'file: key.path: what was expected'."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadedScenario:
    scenario: Scenario
    path: Path
    base_dir: Path
    resolved: dict[str, Any]
    sha256: str


def load_scenario(path: Path | str) -> LoadedScenario:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([f"{path}: cannot read ({exc.strerror})"]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ScenarioError([f"{path.name}: {exc}"]) from None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError([f"{path.name}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]) from None
    return LoadedScenario(scenario, path, path.parent, data, hashlib.sha256(raw).hexdigest())
