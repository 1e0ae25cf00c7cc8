"""A physiotherapist's prescription file may name a table by a leaflet's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from posecount.errors import PrescriptionError
from posecount.prescription import CATALOGUE, resolve_prescription


@pytest.mark.parametrize(
    "table, exercise",
    [("knee-hugs", "knee-to-chest"), ("childs-pose", "bottom-to-heels"), ("bridge", "bridge")],
)
def test_a_table_named_by_an_alias_overrides_its_exercise(
    tmp_path: Path, table: str, exercise: str
) -> None:
    path = tmp_path / "rx.toml"
    path.write_text(f"[{table}]\nsets = 2\nhold_s = 12\n", encoding="utf-8")
    p = resolve_prescription(exercise, path)
    assert (p.sets, p.hold_s) == (2, 12)
    assert p.reps == CATALOGUE[exercise].reps  # keys left out keep the leaflet's value


def test_an_alias_table_does_not_touch_other_exercises(tmp_path: Path) -> None:
    path = tmp_path / "rx.toml"
    path.write_text("[knee-hugs]\nsets = 2\n", encoding="utf-8")
    assert resolve_prescription("bridge", path) == CATALOGUE["bridge"]


def test_an_unknown_table_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "rx.toml"
    path.write_text("[knee-huggs]\nsets = 2\n", encoding="utf-8")
    with pytest.raises(PrescriptionError, match="unknown exercise"):
        resolve_prescription("knee-to-chest", path)
