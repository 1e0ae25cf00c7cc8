"""A scoring run as JUnit XML, the test-report format that Jenkins, GitLab and the GitHub
test-report actions read: one test case per labelled clip, classname the exercise.

A clip whose count, reps short of target or holds differ from its label is a failure that
says got and want; a clip of an exercise that cannot be analysed is skipped with the
reason; a clip that could not be read (missing, corrupt) is an error."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Sequence
from typing import Any

from posecount.scoring.metrics import ClipScore

SUITE_NAME = "posecount score"
# Hold tolerance when a label gives none; the same default ClipScore.holds_ok applies.
_DEFAULT_HOLD_TOL_S = 1.0


# Characters XML 1.0 cannot hold at all (not even escaped): most C0 controls, surrogates,
# U+FFFE/U+FFFF. A file name or an error text carrying one would make the whole report
# unreadable to every JUnit consumer, so they become U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _want(s: ClipScore) -> str:
    lo, hi = s.want
    return str(lo) if lo == hi else f"{lo} to {hi}"


def _holds(h: tuple[float, ...] | None) -> str:
    return "none" if not h else ", ".join(f"{x:g}" for x in h)


def mismatches(s: ClipScore) -> list[str]:
    """Each way an analysed clip differs from its label, as 'what: got X, want Y'."""
    out = []
    if not s.exact:
        out.append(f"reps: got {s.got}, want {_want(s)}")
    if s.short_ok is False:
        out.append(f"reps short of target: got {s.short_got}, want {s.short_want}")
    if s.holds_ok is False:
        tol = s.hold_tol_s if s.hold_tol_s is not None else _DEFAULT_HOLD_TOL_S
        out.append(
            f"holds: got {_holds(s.holds_got)} s, want {_holds(s.holds_want)} s "
            f"(each within {tol:g} s)"
        )
    return out


def case_name(s: ClipScore) -> str:
    return f"{s.file} ({s.exercise})"


def junit_text(
    scores: Sequence[ClipScore],
    summary: dict[str, Any],
    settings: dict[str, Any],
    *,
    times_s: Sequence[float | None] | None = None,
    timestamp: str | None = None,
    known_wrong: Collection[tuple[str, str]] = (),
) -> str:
    """The XML document. `times_s[i]` is clip i's wall time (None or absent: not timed).

    `known_wrong` holds the (file, exercise) of wrong clips that the baseline accepts
    (wrong there too, no worse now): they are reported skipped, as pytest reports an
    xfail, so the failures in the report are exactly the clips that fail the gate."""
    known = set(known_wrong)

    def is_known(s: ClipScore) -> bool:
        return (s.file, s.exercise) in known

    wrong = [s for s in scores if not s.failed and not s.correct]
    failures = sum(not is_known(s) for s in wrong)
    skipped = sum(s.failed and s.unsupported for s in scores) + len(wrong) - failures
    errors = sum(s.failed and not s.unsupported for s in scores)
    total_s = sum(t or 0.0 for t in (times_s or ()))
    counts = {
        "tests": str(len(scores)),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": str(skipped),
        "time": f"{total_s:.3f}",
    }
    root = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME, **counts})
    if timestamp:
        suite.set("timestamp", timestamp)
    props = ET.SubElement(suite, "properties")
    for key, value in [*sorted(settings.items()), *sorted(summary.items())]:
        shown = "" if value is None else str(value)
        ET.SubElement(props, "property", {"name": _x(key), "value": _x(shown)})
    for i, s in enumerate(scores):
        t = times_s[i] if times_s is not None and i < len(times_s) else None
        case = ET.SubElement(
            suite,
            "testcase",
            {"name": _x(case_name(s)), "classname": _x(s.exercise), "time": f"{t or 0.0:.3f}"},
        )
        if s.failed:
            if s.unsupported:
                ET.SubElement(case, "skipped", {"message": _x(s.error or "not analysed")})
            else:
                message = _x(s.error or "not analysed")
                element = ET.SubElement(case, "error", {"message": message, "type": "unreadable"})
                element.text = message
        elif not s.correct:
            found = mismatches(s)
            if is_known(s):
                message = "known wrong (accepted by the baseline): " + "; ".join(found)
                ET.SubElement(case, "skipped", {"message": _x(message), "type": "known-wrong"})
            else:
                attrs = {"message": _x("; ".join(found)), "type": "wrong"}
                element = ET.SubElement(case, "failure", attrs)
                element.text = _x("\n".join(found) + "\n")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
