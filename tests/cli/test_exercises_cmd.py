"""`posecount exercises`: every exercise of the leaflets, with its leaflet names, its
prescription and source, and whether it is measured (and on what evidence) or guided."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from posecount.cli.app import app
from posecount.exercises.registry import EXERCISES, GUIDED, aliases_of

OUT = CliRunner().invoke(app, ["exercises"]).stdout


def blocks() -> dict[str, str]:
    """Each exercise's block of lines, by id."""
    parts = re.split(r"^(?=\S)", OUT, flags=re.MULTILINE)
    return {p.split()[0]: p for p in parts if p.strip()}


def test_every_exercise_has_a_block_with_prescription_source_camera_and_status() -> None:
    got = blocks()
    assert set(got) == set(EXERCISES)
    for exercise_id, block in got.items():
        assert "prescription:" in block and "leaflet" in block, exercise_id
        assert "camera:" in block
        (status,) = re.findall(r"status: +(.*)", block)
        assert status.startswith("guided" if exercise_id in GUIDED else "measured"), status


def test_aliases_are_shown() -> None:
    got = blocks()
    for exercise_id in EXERCISES:
        for alias in aliases_of(exercise_id):
            assert alias in got[exercise_id]
    assert "knee-hugs" in got["knee-to-chest"] and "childs-pose" in got["bottom-to-heels"]


def test_nothing_is_listed_as_planned() -> None:
    assert "planned" not in OUT
