"""The ClipScore the scoring tests build their cases from, in one place: most fields are
always the same plain values, and a test names only the ones it is about."""

from __future__ import annotations

from posecount.scoring.metrics import ClipScore


def clip_score(file: str, got: int | None, **kw: object) -> ClipScore:
    """A clip labelled as 5 bridges with no short reps and no holds, that counted `got`
    (None: not analysed, so nothing else was counted either); kw sets any other field."""
    fields: dict = dict(
        file=file,
        exercise="bridge",
        want=(5, 5),
        got=got,
        short_want=0,
        short_got=None if got is None else 0,
        holds_want=None,
        holds_got=None if got is None else (),
        hold_tol_s=None,
    )
    fields.update(kw)
    return ClipScore(**fields)
