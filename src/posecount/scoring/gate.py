"""The accuracy gate: what a run is judged on against a baseline and a minimum exact
share. Pure: the CLI prints and exits, the reports show the same judgement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from posecount.scoring.baseline import Baseline, ClipChange, compare_clips, known_wrong, regressions
from posecount.scoring.metrics import ClipScore


@dataclass(frozen=True, slots=True)
class Judgement:
    problems: list[str]  # empty: the run passes
    changes: list[ClipChange] | None  # None: no per-clip baseline to compare with
    known_wrong: set[tuple[str, str]] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    @property
    def worse(self) -> list[ClipChange]:
        return [c for c in self.changes or () if c.direction == "worse"]

    @property
    def better(self) -> list[ClipChange]:
        return [c for c in self.changes or () if c.direction == "better"]


def judge(
    scores: Sequence[ClipScore],
    summary: dict[str, Any],
    baseline: Baseline | None,
    *,
    min_exact: float | None = None,
    baseline_name: str = "the baseline",
) -> Judgement:
    problems: list[str] = []
    changes = None
    accepted: set[tuple[str, str]] = set()
    notes = []
    if baseline is not None:
        problems += regressions(summary, baseline.summary)
        if baseline.clips is None:
            notes.append(
                f"baseline {baseline_name} keeps no per-clip results (an older format); "
                "re-write it with --write-baseline to see which clips changed"
            )
        else:
            changes = compare_clips(scores, baseline.clips)
            accepted = known_wrong(scores, baseline.clips)
    if min_exact is not None and summary["exact"] < min_exact:
        problems.append(f"exact {summary['exact']} < --min-exact {min_exact}")
    result = Judgement(problems, changes, accepted, notes)
    if result.worse:
        n = len(result.worse)
        line = f"{n} clip{'s' if n > 1 else ''} worse than the baseline: " + "; ".join(
            c.describe() for c in result.worse
        )
        if result.better:
            line += f" (better: {', '.join(c.name for c in result.better)})"
        problems.append(line)
    return result
