"""The reference page of the scenario format, written from the schema.

docs/scenario-format.md is not written by hand: this module prints it from
the schema (every key, what it must hold, its unit, range and default), the
migrations (the version history) and the loader's limits, so the page cannot
drift from what the loader accepts. A test checks that the committed page is
the generated one.

    python -m sim.scenario.docs           rewrite docs/scenario-format.md
    python -m sim.scenario.docs --check   exit 1 if the page is out of date
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import BaseModel

from sim.scenario.extends import MAX_EXTENDS_DEPTH
from sim.scenario.introspect import FieldSpec, fields, schema_depth
from sim.scenario.migrations import HISTORY, OLDEST_VERSION
from sim.scenario.saving import to_item
from sim.scenario.schema import SCHEMA_VERSION
from sim.scenario.toml_safety import MAX_FILE_BYTES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "scenario-format.md"

INTRO = f"""# Scenario file format

<!-- Generated from sim/scenario/schema.py by `python -m sim.scenario.docs`. Do not edit by hand:
     a test checks that this page is what the schema says. -->

A scenario is one TOML file (UTF-8): the network it runs on and what it changes there,
the ring rules, parking and transfer centres, demand, behaviour and the calendar. The
bundled ones are in `scenarios/`; each starts with a comment saying what it shows and
which assumptions it makes.

Every file starts with its version, `schema_version = {SCHEMA_VERSION}`. Unknown keys are
refused (with a "did you mean" suggestion), every number has its unit in its key name
or in the table below and an allowed range, and values are taken as written: `"15"`
is text, not a number, and `"2019-10-01"` is text, not a date.

## A small file that extends a big one

```toml
# What it shows, and that it assumes everything else of the base.
schema_version = {SCHEMA_VERSION}
extends = "national_day_2019.toml"
name = "National Day 2019, no ring control"

rings.A.enabled = false
rings.B.enabled = false
```

`extends` names another scenario file, relative to this file's folder. The base is
read (and, if old, migrated) on its own, then this file's keys are laid over it:
**tables merge key by key; arrays and values replace** (so `[[days]]` in the small
file replaces the whole calendar, and `[[rings.B.rules]]` all of ring B's rules).
A base may extend another, at most {MAX_EXTENDS_DEPTH} deep; a cycle is refused.
`gusu show FILE` prints the result, `gusu diff A B` what differs in meaning.

## Paths

`extends` and `network.file` are relative to the folder of the file that writes
them: a file in another folder that extends `national_day_2019.toml` still uses
`networks/old_town.toml` next to that base. No path may lead outside the folders
the program was given: the folder of the opened file, the bundled `scenarios/`
folder and any folder given with `--root`. Absolute paths, `..` that climbs out and
symbolic links pointing out are refused.

## What is refused

- files over {MAX_FILE_BYTES // (1 << 20)} MiB, and bytes that are not UTF-8;
- TOML syntax errors (with line and column) and keys set twice;
- nesting deeper than the schema ({schema_depth()} levels of tables and arrays);
- `nan` and `inf`, and numbers outside their range (no class of traffic may ask for
  more than 2,000,000 vehicles a day, no calendar for more than 31 days);
- unknown keys, missing required keys, values of the wrong type;
- `extends` chains deeper than {MAX_EXTENDS_DEPTH}, cycles, missing bases, paths outside the allowed folders;
- a file newer than the program (it says which version it needs).

Nothing in a file is ever executed or imported. Every problem of a file is reported
at once, one line each, naming the file, the key path and what was expected:

    team_b.toml: rings.B.rules[0].hours[0]: expected "HH:MM-HH:MM", got "7-19"
    team_b.toml: run.platoon_size: unknown key "platoon_size"; did you mean "platoon_size_veh"?

`gusu validate FILE...` checks files (and that the model builds: every segment, link
and zone a file names exists in its network); it exits 0 when all are valid, 2 otherwise.

## Versions

A file of an older version keeps loading: it is upgraded by the registered migrations
(sim/scenario/migrations.py) before it is checked. This program reads versions
{OLDEST_VERSION} to {SCHEMA_VERSION}.

"""


def _default(spec: FieldSpec) -> str:
    if spec.required:
        return "**required**"
    value: Any = spec.default
    if isinstance(value, BaseModel):
        return "(all defaults)"
    if value is None:
        return "(none)"
    if isinstance(value, dict) and not value:
        return "(none)"
    return "`" + tomlkit.item(to_item(value) if isinstance(value, dict) else value).as_string() + "`"


def _meaning(spec: FieldSpec) -> str:
    text = spec.description
    if not text and spec.node.is_model:
        text = (inspect.getdoc(spec.node.tp) or "").split("\n")[0]
    return text.replace("|", "\\|")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _section_title(paths: list[str]) -> str:
    return "### " + ", ".join(f"`{p}`" if p else "Top level" for p in paths)


def render() -> str:
    """The whole page, as text."""
    by_section: dict[str, list[FieldSpec]] = {}
    for spec in fields():
        by_section.setdefault(spec.section, []).append(spec)
    # sections of the same kind with the same rows are shown once, with all their paths
    groups: list[tuple[list[str], type[BaseModel], list[FieldSpec]]] = []
    for section, rows in by_section.items():
        signature = [(r.name, r.expected, _default(r), _meaning(r)) for r in rows]
        for paths, model, first in groups:
            if model is rows[0].model and [(r.name, r.expected, _default(r), _meaning(r)) for r in first] == signature:
                paths.append(section)
                break
        else:
            groups.append(([section], rows[0].model, rows))
    out = [INTRO, "## Version history\n\n| version | what changed |\n|---|---|\n"]
    out += [f"| {v} | {text} |\n" for v, text in sorted(HISTORY.items())]
    out.append("\n## Keys\n\nIn key paths, `<id>` is an id of your choosing (lowercase letters, digits and `_`), "
               "`[]` an entry of an array of tables.\n")
    for paths, model, rows in groups:
        doc = (inspect.getdoc(model) or "").strip()
        out.append(f"\n{_section_title(paths)}\n\n{doc}\n\n| key | value | default | meaning |\n|---|---|---|---|\n")
        for r in rows:
            out.append(f"| `{r.name}` | {_cell(r.expected)} | {_cell(_default(r))} | {_meaning(r)} |\n")
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.scenario.docs", description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the page differs from the schema")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE} is out of date: run python -m sim.scenario.docs", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
