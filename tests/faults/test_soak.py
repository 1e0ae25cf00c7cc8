"""A long session through the live path: memory does not grow and every rep is accounted
for (live summary, recorded events, replay of the recorded track). Two minutes every run;
the 30-minute soak with --slow (or benchmarks/soak.py, which prints the figures)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "soak", Path(__file__).resolve().parents[2] / "benchmarks" / "soak.py"
)
assert _SPEC is not None and _SPEC.loader is not None
soak_module = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(soak_module)

# Resident memory may move by allocator noise; a leak of a frame's worth a second (about
# 5 kB of landmarks) would add 9 MiB over 30 minutes.
_GROWTH_MIB = 5.0


@pytest.mark.parametrize(
    "minutes", [2, pytest.param(30, marks=pytest.mark.slow)], ids=["2 min", "30 min"]
)
def test_a_long_session_keeps_every_rep_and_its_memory_flat(tmp_path: Path, minutes: int) -> None:
    r = soak_module.soak(minutes, tmp_path)
    assert r["reps_live"] == r["reps_recorded"] == r["reps_replayed"] == r["reps_true"]
    assert r["status"] == "complete"
    assert len(r["samples"]) == minutes
    after_first_minute = [mib for minute, mib in r["samples"] if minute >= 1]
    assert max(after_first_minute) - after_first_minute[0] <= _GROWTH_MIB
