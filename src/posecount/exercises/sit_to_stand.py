"""Sit-to-stand (leaflet 001): from sitting at the front of a chair, lean forward and rise
to full standing, then sit back down. A rep counts the moment the person is fully upright;
a rise that turns back before that counts as a rep short of the target.

Watched side-on: the mean of the hip angle (shoulder-hip-knee) and the knee angle
(hip-knee-ankle), about 90 degrees seated and 170-180 standing. Walking keeps the hip open
(> 150), so steps after standing never look like sitting down again."""

from __future__ import annotations

from posecount.counting import RepCounterSpec
from posecount.exercises.base import (
    ExerciseSpec,
    Features,
    RepMachine,
    SmoothingSpec,
    nearer_side_first,
    world_angle_both_sides,
)
from posecount.features.geometry import joint_angle_deg
from posecount.features.posture import Posture, chain, classify_posture
from posecount.features.view import View
from posecount.prescription.model import Prescription
from posecount.types import PoseFrame

SPEC = ExerciseSpec(
    id="sit-to-stand",
    title="Sit to stand",
    how="Sit at the front of a chair, feet flat and hip-width apart, arms across your "
    "chest; lean forward, stand up fully, then sit back down gently.",
    camera="side-on at hip height, 2-3 m away, chair and whole body in view",
    postures=frozenset({Posture.SITTING, Posture.STANDING}),
    range_label="hip and knee extension at the top (mean angle; 180 is fully upright)",
    signal="straightness_deg",
    start_from="seated",
    # From the front (a laptop on a table facing the chair) the picture shows a seated and a
    # standing person with the same straight lines: only the world angles see the hips and
    # knees open.
    views={
        View.SIDE: "straightness_deg",
        View.FRONT: "straightness_world_deg",
        View.OBLIQUE: "straightness_world_deg",
    },
)


def _straightness(frame: PoseFrame, side: str) -> float | None:
    s, h, k, a = chain(side)
    hip = joint_angle_deg(frame, s, h, k)
    knee = joint_angle_deg(frame, h, k, a)
    if hip is None or knee is None:
        return None
    return (hip + knee) / 2


def _straightness_world(frame: PoseFrame) -> float | None:
    hip = world_angle_both_sides(frame, lambda side: chain(side)[:3])
    knee = world_angle_both_sides(frame, lambda side: chain(side)[1:])
    return None if hip is None or knee is None else (hip + knee) / 2


class SitToStand:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        straight = nearer_side_first(frame, _straightness)
        straight_world = _straightness_world(frame)
        # Seated and standing only qualify a measured stand: with the legs out of view they
        # are no measure, and the zero then names the hidden parts (session/visibility.py)
        # instead of saying the patient never moved.
        measured = straight is not None or straight_world is not None
        posture = classify_posture(frame, upright_only=True) if measured else None
        return {
            "straightness_deg": straight,
            "straightness_world_deg": straight_world,
            "seated": None if posture is None else float(posture == Posture.SITTING),
            "standing": None if posture is None else float(posture == Posture.STANDING),
        }

    def machine(self, prescription: Prescription) -> RepMachine:
        counter = RepCounterSpec(
            direction=+1,
            # Leaning forward to start a stand barely opens the hips; a real rise opens
            # hips and knees together by well over 30 degrees.
            enter_delta=30.0,
            # Seated again: back within 15 degrees of the seated angles (people sit a
            # little differently each time).
            exit_delta=15.0,
            # Not scaled down to the track's jitter as other exercises are: sitting back
            # upright after leaning forward, still seated, changes this signal by 15-20
            # degrees, so 30 stays the bar (see enter_delta).
            target=prescription.range_target,
            target_kind="level",
            # The stand counts when upright, not when seated again: a patient who stands
            # and walks off has done the rep.
            complete_at_target=True,
            # Standing and walking around between stands is not one long rep.
            max_rep_ms=600_000,
            # A rise that turns back takes longer than a small floor rep: half a second,
            # not the counter's 0.4 s, so the lean and sway of a wind-up filmed at low
            # resolution is not a stand cut short (the two-person timed up and go at a
            # third of its resolution counted one).
            min_rep_ms=500,
        )
        # A stand starts from a seat: pausing, turning or stooping while walking about
        # (a timed up and go's walk, a bystander's chair) is never the start of one. And it
        # ends standing: a rise that never reads as standing is not a stand, however far
        # the jittery angles of a far, oblique view swing.
        return RepMachine(
            "straightness_deg",
            counter,
            smoothing=SmoothingSpec(min_cutoff_hz=2.0),
            start_from=SPEC.start_from,
            must_reach="standing",
        )


EXERCISE = SitToStand()
