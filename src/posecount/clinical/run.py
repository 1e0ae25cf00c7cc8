"""Run a named clinical test on a source and put its result against the norms."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from posecount.clinical import norms
from posecount.clinical.chair_stand import ChairStand30s
from posecount.clinical.five_times import FiveTimesSitToStand
from posecount.clinical.protocol import ClinicalTest
from posecount.clinical.result import ClinicalTestError, TestResult
from posecount.clinical.single_leg import SingleLegStanceTest
from posecount.clinical.tug import TimedUpAndGo
from posecount.clinical.upright import Upright
from posecount.features.view import ViewDecider
from posecount.session.pipeline import PoseSettings, open_pose_stream
from posecount.types import PoseFrame

TESTS: dict[str, Callable[[], ClinicalTest]] = {
    TimedUpAndGo.name: TimedUpAndGo,
    FiveTimesSitToStand.name: FiveTimesSitToStand,
    ChairStand30s.name: ChairStand30s,
    SingleLegStanceTest.name: SingleLegStanceTest,
}

MIN_AGE, MAX_AGE = 18, 110

# The tests are timed to the frame: every frame is analysed unless the user asks for fewer.
EVERY_FRAME = PoseSettings(fps=None)


def make_test(name: str) -> ClinicalTest:
    try:
        return TESTS[name]()
    except KeyError:
        raise ClinicalTestError(
            f"unknown clinical test {name!r}; choose one of: {', '.join(TESTS)}"
        ) from None


def check_age(age: int | None) -> None:
    if age is not None and not MIN_AGE <= age <= MAX_AGE:
        raise ClinicalTestError(
            f"age must be {MIN_AGE}-{MAX_AGE} years (the norms are for adults), got {age}"
        )


def judge(result: TestResult, age: int | None, sex: norms.Sex | None) -> None:
    """Add the norm comparisons, or say why there are none. No age: no verdict."""
    if not result.valid or result.value is None:
        return
    if age is None:
        result.notes.append("no age given: the raw result only, no verdict (give --age, --sex)")
        return
    v = result.value
    if result.test == TimedUpAndGo.name:
        result.comparisons = norms.compare_tug(v, age)
    elif result.test == FiveTimesSitToStand.name:
        result.comparisons = norms.compare_five_times(v, age)
    elif result.test == ChairStand30s.name:
        if sex is None:
            result.notes.append("the chair-stand norms are by sex: give --sex for a verdict")
        result.comparisons = norms.compare_chair_stand(int(v), age, sex)
    elif result.test == SingleLegStanceTest.name:
        legs = result.details.get("legs", {})
        for side, leg in legs.items():
            for c in norms.compare_single_leg(float(leg["best_s"]), age, sex):
                verdict, concern = c.verdict, c.concern
                if leg["at_least"] and concern:
                    # A trial cut short by the recording only gives a lower bound: it can
                    # show a result is good enough, never that it falls short.
                    verdict = (
                        f"at least {leg['best_s']:.1f} s (cut by the recording): "
                        "no verdict against this norm"
                    )
                    concern = False
                result.comparisons.append(
                    norms.Comparison(c.norm, c.source, f"{side} leg: {verdict}", concern)
                )
        if sex is None:
            result.notes.append("no sex given: compared with Springer's mean for both sexes")
    if not result.comparisons:
        result.notes.append(f"no published norm in this module covers age {age} for this test")


def _oriented(
    frames: Iterable[PoseFrame], source: Path | int, rotate_deg: int | None, upright: Upright | None
) -> Iterable[PoseFrame]:
    if upright is not None:
        return upright.frames(frames)
    # A given rotation is already applied by the pose stream: to a video's pixels, and to
    # a pose track's landmarks (session.pipeline.replay_track).
    return frames


def run_clinical_test(
    name: str,
    source: Path | int,
    *,
    age: int | None = None,
    sex: norms.Sex | None = None,
    pose: PoseSettings = EVERY_FRAME,
    on_frame: Callable[[PoseFrame], None] | None = None,
    pace: Callable[[Iterable[PoseFrame]], Iterable[PoseFrame]] | None = None,
    stop_when_complete: bool = False,
    test: ClinicalTest | None = None,
) -> TestResult:
    """`pose.fps` None analyses every frame (the default). `pose.rotate_deg` None finds a
    camera on its side from the pose (clinical.upright); a number turns the frames that
    much and nothing else. Ctrl-C stops the input (the way a camera test
    ends) and the result covers everything up to then.

    The live runner (clinical.live) passes `pace`, which wraps the pose stream (spoken
    instructions and countdown, real-time playback, the clock started at "go"), and
    `stop_when_complete`, which ends the input once the protocol has seen everything it
    scores; the scoring itself is this one loop whichever way the frames come."""
    check_age(age)
    if test is None:
        test = make_test(name)
    # The hip height in shins reads the same from any upright view; the view is still
    # said, so a physiotherapist can see how the test was filmed.
    view = ViewDecider()
    rotate_deg = pose.rotate_deg
    upright = Upright() if rotate_deg is None else None
    with open_pose_stream(
        source,
        model=pose.model,
        fps=pose.fps,
        max_side_px=pose.max_side_px,
        rotate_deg=rotate_deg or 0,
    ) as stream:
        interrupted = False
        stopped = False
        try:
            frames: Iterable[PoseFrame] = stream if pace is None else pace(stream)
            for frame in _oriented(frames, source, rotate_deg, upright):
                test.update(frame)
                view.observe(frame)
                if on_frame is not None:
                    on_frame(frame)
                if stop_when_complete and test.complete():
                    stopped = True
                    break
        except KeyboardInterrupt:
            interrupted = True
        header, stats = stream.header, stream.stats
    result = test.finish()
    result.details["source"] = header.source
    result.details["frames_analysed"] = stats.frames_analysed
    result.details["interrupted"] = interrupted
    if interrupted:
        result.notes.append("stopped with Ctrl-C: scored on everything up to then")
    if stopped:
        result.details["stopped_complete"] = True
    if upright is not None and upright.rotate_deg:
        result.details["rotated_deg"] = upright.rotate_deg
        result.notes.append(
            f"the picture was turned {upright.rotate_deg} degrees: {upright.reason}"
        )
    decided = view.decide_now()
    result.details["view"] = None if decided is None else decided.value
    if stats.truncated:
        result.notes.append("the input ends early (truncated or corrupt); analysed up to there")
    judge(result, age, sex)
    return result
