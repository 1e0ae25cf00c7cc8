"""Programme files and the built-in leaflet programmes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posecount.errors import PosecountError
from posecount.prescription.catalogue import CATALOGUE
from posecount.programme.builtin import BUILTIN
from posecount.programme.instructions import INSTRUCTIONS
from posecount.programme.loader import load_programme, resolve_programme
from posecount.programme.model import ProgrammeError

GOOD = """\
name = "after-first-visit"
per_day = 2

[progression]
after_sessions = 4

[[exercise]]
id = "bridging"
sets = 2
reps = 10
hold_s = 5
rest_s = 45

[[exercise]]
id = "single-leg-stance"
hold_s = 5
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "prog.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_physiotherapists_programme_is_read_as_written(tmp_path: Path) -> None:
    prog = load_programme(_write(tmp_path, GOOD))
    assert prog.name == "after-first-visit" and prog.per_day == 2
    assert prog.progression.after_sessions == 4
    bridge, stance = prog.steps
    assert bridge.exercise == "bridge"  # the leaflet's name is understood
    assert (bridge.prescription.sets, bridge.prescription.reps, bridge.prescription.hold_s) == (
        2,
        10,
        5,
    )
    assert bridge.rest_s == 45 and stance.rest_s == 30
    # Never an invented "building to" target (the catalogue has 3 x 15 for the bridge,
    # 60 s for single-leg stance): the file's dose only.
    assert bridge.prescription.target_sets is None
    assert stance.prescription.target_hold_s is None
    assert "building to" not in bridge.prescription.describe()
    assert "building to" not in stance.prescription.describe()
    # The range target is a measuring threshold, not a dose: it comes from the catalogue.
    assert bridge.prescription.range_target == CATALOGUE["bridge"].range_target


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[[exercise]]\nid = 'bridge'\nreps = 0\n", 3, ["reps", "1 to 200", "got 0"]),
        ("[[exercise]]\nid = 'bridge'\nreps = 2.5\n", 3, ["reps", "whole number"]),
        ("[[exercise]]\nid = 'bridge'\nreps = 5\nrest_s = -1\n", 4, ["rest_s", "0 to 600"]),
        ("[[exercise]]\nid = 'bridge'\nreps = 5\nrest_s = 'long'\n", 4, ["rest_s"]),
        ("[[exercise]]\nid = 'bridge'\nrepz = 5\n", 3, ["unknown key 'repz'", "allowed"]),
        ("[[exercise]]\nid = 'cartwheel'\nreps = 5\n", 2, ["unknown exercise 'cartwheel'"]),
        ("[[exercise]]\nreps = 5\n", 1, ["no id"]),
        ("[[exercise]]\nid = 'bridge'\n", 1, ["neither reps"]),
        (
            "[[exercise]]\nid = 'bridge'\nreps = 5\n\n[[exercise]]\nid = 'squat'\nsets = 99\n"
            "reps = 5\n",
            7,
            ["exercise 2 (squat)", "sets"],
        ),
        ("per_day = 30\n[[exercise]]\nid = 'bridge'\nreps = 5\n", 1, ["per_day", "1 to 24"]),
        ("colour = 'red'\n[[exercise]]\nid = 'bridge'\nreps = 5\n", 1, ["unknown key 'colour'"]),
        (
            "[progression]\nafter_sessions = 0\n[[exercise]]\nid = 'bridge'\nreps = 5\n",
            2,
            ["after_sessions", "1 to 20"],
        ),
        (
            "[progression]\nevery = 2\n[[exercise]]\nid = 'bridge'\nreps = 5\n",
            2,
            ["unknown key 'every'"],
        ),
        ("name = 'x'\n", 1, ["no exercises"]),
        ("[[exercise]\nid = 'bridge'\n", 1, ["not valid TOML"]),
    ],
)
def test_errors_name_the_line_and_the_key(
    tmp_path: Path, text: str, line: int, words: list[str]
) -> None:
    with pytest.raises(ProgrammeError) as e:
        load_programme(_write(tmp_path, text))
    message = str(e.value)
    assert f"line {line}:" in message, message
    for w in words:
        assert w in message, message


def test_unknown_names_and_missing_files_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ProgrammeError, match="built-in: leaflet-001-mobility"):
        resolve_programme("leaflet-9")
    with pytest.raises(ProgrammeError, match="not found"):
        resolve_programme(str(tmp_path / "missing.toml"))


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_built_in_programmes_come_from_the_catalogue(name: str) -> None:
    prog = resolve_programme(name)
    assert prog.builtin and prog.steps
    for step in prog.steps:
        assert step.prescription is CATALOGUE[step.exercise]  # one dose, written once
        assert step.exercise in INSTRUCTIONS


def test_the_five_leaflet_programmes_exist() -> None:
    assert sorted(BUILTIN) == [
        "leaflet-001-mobility",
        "leaflet-001-strengthening",
        "leaflet-002",
        "leaflet-003",
        "leaflet-004",
    ]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_is_a_programme_or_one_error(tmp_path: Path, text: str) -> None:
    p = tmp_path / "fuzz.toml"
    p.write_text(text, encoding="utf-8")
    try:
        load_programme(p)
    except PosecountError as e:
        assert "\n" not in str(e)
