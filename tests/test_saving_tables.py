"""Lists of tables written back by the smallest change: moved, edited, added and removed [[tables]] keep their comments.

The form writes a whole list when its items move or come and go
(sim.scenario.saving.apply_edits); the file's tables are kept as people wrote
them, put in the new order, and only the keys that changed are rewritten. A
file that extends another cannot take a base's table key out, and saving says
so instead of writing a file that silently keeps it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sim.scenario import load_scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.saving import ScenarioDocument, apply_edits, save_edits

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def full(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "scenarios" / "networks", tmp_path / "networks")
    path = tmp_path / "s.toml"
    shutil.copyfile(REPO / "scenarios" / "national_day_2019.toml", path)
    return path


def _days(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [d.model_dump(mode="python") for d in load_scenario(path).scenario.days]


def test_swapped_days_keep_every_comment_and_change_only_their_values(full: Path) -> None:
    days = _days(full)
    days[0], days[1] = dict(days[1], date=days[0]["date"]), dict(days[0], date=days[1]["date"])
    doc = ScenarioDocument.open(full)
    apply_edits(doc, {("days",): days}, {"days": days})
    old, new = full.read_text(encoding="utf-8").splitlines(), doc.text().splitlines()
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [("traffic_factor = 0.95", "traffic_factor = 1.0"), ("tourist_factor = 0.85", "tourist_factor = 1.05"),
                       ("traffic_factor = 1.0", "traffic_factor = 0.95"), ("tourist_factor = 1.05", "tourist_factor = 0.85")], changed


def test_moved_tables_carry_their_comments_and_the_layout_stays(full: Path) -> None:
    text = full.read_text(encoding="utf-8")
    ban = load_scenario(full).scenario.network.turn_bans[0].model_dump(mode="python")
    other = dict(ban, from_link="beihuan_5:ab", to_link="qimen_bridge:ba", note="second")
    doc = ScenarioDocument.open(full)
    apply_edits(doc, {("network", "turn_bans"): [other, ban]}, {})
    out = doc.text()
    assert out.count("[[network.turn_bans]]") == 2 and "# facts C [M]" in out
    assert out.index('note = "second"') < out.index("# facts C [M]")  # the new ban first, the old one moved with its comments
    target = full.with_name("out.toml")
    save_edits(full, {("network", "turn_bans"): [other, ban]}, {}, target)
    bans = load_scenario(target).scenario.network.turn_bans
    assert [b.note for b in bans] == ["second", ban["note"]]
    # and taken out again, the file is as it was
    doc = ScenarioDocument.open(target)
    apply_edits(doc, {("network", "turn_bans"): [ban]}, {})
    assert doc.text().replace("\n", "") == text.replace("\n", "")


def test_a_file_that_extends_cannot_remove_a_base_centre(tmp_path: Path) -> None:
    base = tmp_path / "base.toml"
    shutil.copytree(REPO / "scenarios" / "networks", tmp_path / "networks")
    shutil.copyfile(REPO / "scenarios" / "national_day_2019.toml", base)
    small = tmp_path / "small.toml"
    small.write_text('schema_version = 2\nextends = "base.toml"\nname = "small"\n', encoding="utf-8")
    data = load_scenario(small).scenario.model_dump(mode="python")
    del data["transfer_centres"]["sugi_depot"]
    with pytest.raises(ScenarioError, match="transfer_centres.sugi_depot"):
        save_edits(small, {("transfer_centres", "sugi_depot"): None}, data, small)
    assert small.read_text(encoding="utf-8") == 'schema_version = 2\nextends = "base.toml"\nname = "small"\n'
