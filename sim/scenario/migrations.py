"""Old scenario files keep loading: each schema version has a migration to the next.

A file says which shape it has with `schema_version`. Before validation, a file
of an older version is upgraded one version at a time by the registered
migrations; a file newer than this program is refused with the version it needs.
Migrations work on the raw table of ONE file, before `extends` is merged, so a
small file of one version may extend a big one of another. They must therefore
accept partial files (any key may be absent) and leave keys they do not know
alone (the schema reports those).

Version history
- 1: the first shared files (summer 2019). `demand.nonlocal_share` and
  `demand.tourist_nonlocal_share` were one share for every day type; the run
  settings were the table `[simulation]`, with `platoon_size`.
- 2: shares per day type (`{ workday = .., weekend = .., holiday = .. }`), since
  non-local plates are 13% on workdays but about 22% on holidays (facts B); the
  table is `[run]` and the platoon key carries its unit, `platoon_size_veh`.

A migration also records which keys it renamed, so that a problem found after
migration is still reported at the key the person wrote (`simulation.seed`,
not `run.seed`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sim.scenario import errors
from sim.scenario.errors import Loc
from sim.scenario.schema import DAY_TYPES, SCHEMA_VERSION

OLDEST_VERSION = 1
# What each version changed, for the reference page (docs/scenario-format.md).
HISTORY: dict[int, str] = {
    1: "The first shared files (summer 2019): `demand.nonlocal_share` and `demand.tourist_nonlocal_share` are one share "
       "for every day type; the run settings are the table `[simulation]`, with `platoon_size`.",
    2: "Shares per day type (`{ workday = .., weekend = .., holiday = .. }`), since non-local plates are 13% on workdays "
       "but about 22% on holidays; the table is `[run]`, and the platoon key carries its unit: `platoon_size_veh`.",
}


@dataclass
class Notes:
    """What a migration did to one file: keys it renamed (new path -> old path) and problems it found."""

    renamed: dict[Loc, Loc] = field(default_factory=dict)
    problems: list[tuple[Loc, str]] = field(default_factory=list)

    def original(self, loc: Loc) -> Loc:
        """The key path as the person wrote it, for a path in the migrated table."""
        for n in range(len(loc), 0, -1):
            if loc[:n] in self.renamed:
                return self.renamed[loc[:n]] + loc[n:]
        return loc


Migration = Callable[[dict[str, Any], Notes], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int, renames: dict[str, str] | None = None) -> Callable[[Migration], Migration]:
    """Register `func` as the upgrade from `from_version` to the next version.
    `renames` (old key -> new key) also feed the "did you mean" of new files."""

    def register(func: Migration) -> Migration:
        if from_version in MIGRATIONS:
            raise RuntimeError(f"two migrations from schema_version {from_version}")
        MIGRATIONS[from_version] = func
        errors.RENAMED_KEYS.update(renames or {})
        return func

    return register


@migration(1, renames={"simulation": "run", "platoon_size": "platoon_size_veh"})
def _v1_to_v2(doc: dict[str, Any], notes: Notes) -> dict[str, Any]:
    if "run" in doc:
        notes.problems.append((("run",), ('unknown key "run" in a schema_version 1 file: version 1 calls this table '
                                          "[simulation]; rename it, or set schema_version = 2")))
    if "simulation" in doc:
        section = doc.pop("simulation")
        if isinstance(section, dict) and "platoon_size" in section:
            if "platoon_size_veh" in section:
                notes.problems.append((("simulation", "platoon_size_veh"), ('unknown key "platoon_size_veh" in a '
                                                                           'schema_version 1 file; version 1 calls it "platoon_size"')))
            section["platoon_size_veh"] = section.pop("platoon_size")
            notes.renamed[("run", "platoon_size_veh")] = ("simulation", "platoon_size")
        doc.setdefault("run", section)
        notes.renamed[("run",)] = ("simulation",)
    demand = doc.get("demand")
    if isinstance(demand, dict):
        for key in ("nonlocal_share", "tourist_nonlocal_share"):
            value = demand.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                demand[key] = {day_type: value for day_type in DAY_TYPES}
                for day_type in DAY_TYPES:
                    notes.renamed[("demand", key, day_type)] = ("demand", key)
    return doc


def check_version(doc: dict[str, Any]) -> tuple[int | None, str | None]:
    """The file's schema_version, or a message saying what is wrong with it."""
    if "schema_version" not in doc:
        return None, f"missing required key; expected schema_version = {SCHEMA_VERSION} at the top of the file"
    version = doc["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        return None, f"expected a whole number from {OLDEST_VERSION} to {SCHEMA_VERSION}, got {errors.show(version)}"
    if version > SCHEMA_VERSION:
        return None, (f"this file needs schema version {errors.show(version)}, and this program reads versions {OLDEST_VERSION} "
                      f"to {SCHEMA_VERSION}: update gusu to open it")
    if version < OLDEST_VERSION:
        return None, f"expected a whole number from {OLDEST_VERSION} to {SCHEMA_VERSION}, got {errors.show(version)}"
    return version, None


def migrate(doc: dict[str, Any], version: int) -> tuple[dict[str, Any], Notes]:
    """Upgrade one file's table from `version` to SCHEMA_VERSION (the input is not changed)."""
    notes = Notes()
    doc = copy.deepcopy(doc)
    for v in range(version, SCHEMA_VERSION):
        step = Notes()
        doc = MIGRATIONS[v](doc, step)
        # paths renamed by an earlier step are renamed again by a later one: compose them
        notes.renamed = {new: notes.original(old) for new, old in step.renamed.items()} | {
            k: v for k, v in notes.renamed.items() if k not in step.renamed}
        notes.problems.extend((notes.original(loc), msg) for loc, msg in step.problems)
        doc["schema_version"] = v + 1
    return doc, notes


def _check_registry() -> None:
    missing = [v for v in range(OLDEST_VERSION, SCHEMA_VERSION) if v not in MIGRATIONS]
    if missing:
        raise RuntimeError(f"no migration from schema_version {missing}")


_check_registry()
