"""A scoring run as Markdown for a CI job summary or a pull-request comment: the headline
figures against the baseline with arrows, then only the clips whose verdict or figures
changed (with no per-clip baseline: the clips that are not right)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from posecount.scoring.baseline import ClipChange
from posecount.scoring.metrics import ClipScore
from posecount.scoring.outputs import MARKDOWN_MARK

_NOTE_CHARS = 120


def _pct(v: Any) -> str:
    return "-" if v is None else f"{v:.0%}"


def _num(v: Any) -> str:
    return "-" if v is None else f"{v:.3f}"


def _sec(v: Any) -> str:
    return "-" if v is None else f"{v:.2f} s"


def _int(v: Any) -> str:
    return "-" if v is None else str(v)


# (label, summary key, format, +1 if higher is better / -1 if lower is better)
_HEADLINE: list[tuple[str, str, Callable[[Any], str], int]] = [
    ("exact count", "exact", _pct, +1),
    ("off by one or better", "off_by_one", _pct, +1),
    ("MAE (count error / true count)", "mae", _num, -1),
    ("hold error", "hold_mae_s", _sec, -1),
    ("reps short of target right", "short_correct", _int, +1),
    ("all figures right", "all_correct", _pct, +1),
    ("clips not analysed", "failed", _int, -1),
]


def _show(summary: dict[str, Any], key: str, fmt: Callable[[Any], str]) -> str:
    text = fmt(summary.get(key))
    if key == "short_correct" and summary.get("short_judged") is not None:
        text += f" of {summary['short_judged']}"
    return text


def _code(text: str) -> str:
    # A name holding a backtick needs a longer fence (CommonMark code spans).
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _arrow(now: Any, then: Any, sense: int) -> str:
    if now is None or then is None or now == then:
        return "="
    up = now > then
    better = up == (sense > 0)
    return f"{'↑' if up else '↓'} {'better' if better else 'worse'}"


def _want(s: ClipScore) -> str:
    lo, hi = s.want
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _holds(h: tuple[float, ...] | None) -> str:
    return "-" if h is None else (";".join(f"{x:g}" for x in h) or "none")


def _pair(before: str | None, after: str | None) -> str:
    if before is None:
        return after or "-"
    if after is None:
        return f"{before} → (gone)"
    return after if before == after else f"{before} → {after}"


def _row(change: ClipChange | None, s_before: ClipScore | None, s: ClipScore | None) -> str:
    ref = s if s is not None else s_before
    assert ref is not None
    b, a = s_before, s

    def both(f: Callable[[ClipScore], str]) -> str:
        return _pair(None if b is None else f(b), None if a is None else f(a))

    reps = both(lambda x: "-" if x.got is None else str(x.got)) + f" ({both(_want)})"
    short = both(lambda x: "-" if x.short_got is None else str(x.short_got))
    if ref.short_want is not None:
        short += f" ({ref.short_want})"
    holds = "-"
    if ref.holds_want is not None:
        holds = both(lambda x: _holds(x.holds_got)) + f" ({_holds(ref.holds_want)})"
    note = (a.error if a is not None and a.failed else None) or ""
    if len(note) > _NOTE_CHARS:
        note = note[: _NOTE_CHARS - 1] + "…"
    cells = [
        _code(ref.file),
        ref.exercise,
        both(lambda x: x.verdict),
        reps,
        short,
        holds,
        {"worse": "🔴 worse", "better": "🟢 better"}.get(
            change.direction if change else "", change.direction if change else ""
        ),
        note,
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


_CLIP_HEADER = (
    "| clip | exercise | verdict | reps (want) | short of target (want) | holds s (want) "
    "| change | note |\n| --- | --- | --- | --- | --- | --- | --- | --- |"
)


def markdown_text(
    scores: Sequence[ClipScore],
    summary: dict[str, Any],
    *,
    baseline_summary: dict[str, Any] | None = None,
    changes: Sequence[ClipChange] | None = None,
    problems: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> str:
    """`changes` None with a baseline summary: the baseline has no per-clip results."""
    worse = [c for c in changes or () if c.direction == "worse"]
    better = [c for c in changes or () if c.direction == "better"]
    title = f"### posecount score: {summary['clips']} clips"
    if changes is not None:
        title += f", {len(worse)} worse and {len(better)} better than the baseline"
    lines = [MARKDOWN_MARK, title, ""]
    if baseline_summary is not None:
        lines += ["| | this run | baseline | |", "| --- | ---: | ---: | :---: |"]
        for label, key, fmt, sense in _HEADLINE:
            now, then = summary.get(key), baseline_summary.get(key)
            shown = f"{_show(summary, key, fmt)} | {_show(baseline_summary, key, fmt)}"
            lines.append(f"| {label} | {shown} | {_arrow(now, then, sense)} |")
    else:
        lines += ["| | this run |", "| --- | ---: |"]
        lines += [f"| {label} | {_show(summary, key, fmt)} |" for label, key, fmt, _ in _HEADLINE]
    lines.append("")
    if problems:
        lines += ["**Worse than required:** " + _cell("; ".join(problems)), ""]
    elif baseline_summary is not None:
        lines += ["Nothing got worse than the baseline.", ""]
    lines += [f"_{_cell(n)}_" for n in notes] + ([""] if notes else [])
    if changes is not None:
        if changes:
            lines += ["#### Clips that changed", "", _CLIP_HEADER]
            lines += [_row(c, c.before, c.after) for c in changes]
        else:
            lines.append("No clip changed its verdict or figures.")
    else:
        if baseline_summary is not None:
            lines += [
                "_The baseline keeps no per-clip results (an older format): re-write it "
                "with `--write-baseline` to list the clips that changed._",
                "",
            ]
        wrong = [s for s in scores if not s.correct]
        if wrong:
            lines += ["#### Clips not right", "", _CLIP_HEADER]
            lines += [_row(None, None, s) for s in sorted(wrong, key=lambda s: s.file)]
        else:
            lines.append("Every clip is right.")
    return "\n".join(lines).rstrip("\n") + "\n"
