"""What a fit leaves behind: its tables, and the fitted values written into the scenarios.

A fit is only worth as much as its record. fit.json and fit.md give every
target's in-sample error at the best trial (and, with --leave-one-out, the
out-of-sample error of a refit that never saw it). `--write` puts the fitted
values into the scenario files people edit, one line each, with a comment above
saying when, against which targets and at what loss, so the next reader knows
the number came from the tool and not from a hand.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from sim.engine.atomic_file import atomic_write
from sim.runs.fit import FitResult
from sim.runs.fit_files import Calibration
from sim.scenario.saving import ScenarioDocument, split_key_path

COMMENT_PREFIX = "# gusu calibrate"


def _clean(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (json.dumps(_clean(data), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _num(x: float | None, pct: bool = False) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "-"
    if pct:
        return f"{x:+.1f}%"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def fit_summary(cal: Calibration, fit: FitResult, command: str) -> dict[str, Any]:
    best = fit.best
    return {
        "calibration": str(cal.path), "targets_file": str(cal.targets_path), "command": command,
        "trials": len(fit.records), "seeds": list(cal.fit.seeds), "runs_evaluated": fit.runs_evaluated,
        "runs_replayed": fit.runs_replayed, "wall_s": round(fit.wall_s, 1),
        "failed_trials": sum(1 for r in fit.records if r.loss is None),
        "best_trial": best.number if best else None, "loss": best.loss if best else None,
        "targets_count": len(cal.targets), "all_inside": all(r["inside_band"] for r in fit.rows) if best else False,
        "params": best.params if best else None, "targets": fit.rows,
    }


def fit_markdown(summary: dict[str, Any]) -> str:
    lines = [f"Fit: `{summary['command']}`: {summary['trials']} trials, seeds {summary['seeds']}, "
             f"{summary['runs_evaluated']} runs ({summary['runs_replayed']} replayed from the journal), {summary['wall_s']} s; "
             f"best trial {summary['best_trial']}, loss {_num(summary['loss'])} over {summary['targets_count']} targets.", "",
             "| parameter | fitted value |", "|---|---|"]
    lines += [f"| `{k}` | {v:.4g} |" for k, v in (summary["params"] or {}).items()]
    lines += ["", "| target | scenario | published | model mean | error | band | band errors | inside |", "|---|---|---|---|---|---|---|---|"]
    for r in summary["targets"]:
        inside = {True: "yes", False: "NO", None: "-"}[r["inside_band"]]
        lines.append(f"| {r['label']} | {r['scenario']} | {_num(r['target'])} | {_num(r['model_mean'])} | {_num(r['error_pct'], True)} "
                     f"| {r['band']} | {_num(r['band_error'])} | {inside} |")
    return "\n".join(lines) + "\n"


def loo_markdown(rows: list[dict[str, Any]]) -> str:
    lines = ["| target | published | band | in-sample error | inside | out-of-sample error | inside "
             "| refit's best trial (full fit's) | runs new + from journals |", "|---|---|---|---|---|---|---|---|---|"]
    yes = {True: "yes", False: "NO", None: "-"}
    for r in rows:
        lines.append(f"| {r['label']} | {_num(r['target'])} | {r['band']} | {_num(r['in_sample_error_pct'], True)} | {yes[r['in_sample_inside']]} "
                     f"| {_num(r['out_of_sample_error_pct'], True)} | {yes[r['out_of_sample_inside']]} "
                     f"| {r.get('refit_trial', '-')} ({r.get('full_fit_trial', '-')}) | {r['refit_runs']} + {r.get('refit_runs_reused', 0)} |")
    return "\n".join(lines) + "\n"


def owner_file(cal: Calibration, scenario: str, key: str) -> Path:
    """The file of the extends chain that sets `key` (the most derived one), else the scenario file itself."""
    loaded = cal.scenarios[scenario]
    parts = split_key_path(key)
    for path in reversed(loaded.files or (loaded.path,)):
        doc = ScenarioDocument.open(path)
        try:
            doc.get(parts)
            return Path(path)
        except (KeyError, IndexError, TypeError):
            continue
    return loaded.path


def _comment_above(doc: ScenarioDocument, key: str, text: str) -> None:
    """Put `text` on its own line above the line that holds `key` (inline tables share their line)."""
    node: Any = doc.doc
    parts = split_key_path(key)
    for i, part in enumerate(parts):
        child = node[part]
        last = i == len(parts) - 1 or type(child).__name__ == "InlineTable"
        if last and not isinstance(part, int) and hasattr(node, "value"):
            item = node.value.item(part)
            indent = item.trivia.indent.split("\n")[-1]
            item.trivia.indent = f"{indent}{text}\n{indent}"
            return
        if last and not isinstance(part, int):
            item = node.item(part)
            item.trivia.indent = f"{text}\n"
            return
        node = child


def fit_name(cal: Calibration) -> str:
    """How a fit's notes name it: its targets file and target ids (the same fit redone has the same name)."""
    return f"fitted to {cal.targets_path.name} ({', '.join(t.id for t in cal.targets)})"


def notes_above(text: str, key: str) -> list[tuple[int, str]]:
    """The fit notes (line index, text) right above the line that holds `key`.

    A note belongs to the line below it (the next line that is not a comment); that line holds the key when the
    name before its "=" is part of the key's path (an inline table's line holds every key inside it)."""
    parts = {part for part in split_key_path(key) if isinstance(part, str)}
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.lstrip().startswith(COMMENT_PREFIX):
            below = next((ln for ln in lines[i + 1:] if not ln.lstrip().startswith("#")), "")
            if below.split("=", 1)[0].strip() in parts:
                out.append((i, line.strip().lstrip("#").strip()))
    return out


def _without_old_notes(text: str, keys: dict[str, Any], name: str) -> str:
    """`text` without this fit's earlier notes above the keys it writes again, so refits do not pile them up;
    another fit's notes stay (the workday and the National Day fits write into one file, even onto one line)."""
    drop = {i for key in keys for i, note in notes_above(text, key) if name in note}
    return "".join(line for i, line in enumerate(text.splitlines(keepends=True)) if i not in drop)


def write_back(cal: Calibration, fit: FitResult, today: dt.date | None = None) -> list[tuple[Path, str, Any]]:
    """Write the best values into the scenario files, comments kept; each changed key gets a dated comment."""
    if fit.best is None:
        raise ValueError("no finished trial to write")
    today = today or dt.date.today()
    note = f"{COMMENT_PREFIX} {today.isoformat()}: {fit_name(cal)}; loss {fit.best.loss:.3g} over {len(cal.targets)} targets"
    edits: dict[Path, dict[str, Any]] = {}
    for p in cal.parameters:
        for name in p.scenarios or list(cal.scenarios):
            value = fit.best.params[p.id]  # six significant digits: the seeds' noise is far larger
            edits.setdefault(owner_file(cal, name, p.key), {})[p.key] = value if p.integer else float(f"{value:.6g}")
    written = []
    for path, values in edits.items():
        doc = ScenarioDocument(_without_old_notes(path.read_text(encoding="utf-8"), values, fit_name(cal)), path)
        for key, value in values.items():
            doc.set(key, value)
            _comment_above(doc, key, note)
            written.append((path, key, value))
        doc.save(check=True)
    return written
