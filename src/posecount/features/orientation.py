"""Is the picture upright? A phone propped on its side, or a camera hung upside down, with
no rotation tag in the file, shows a person lying across the frame when they stand, and
standing when they lie.

The evidence is the exercise's own position: a bridge is done lying face up, a squat on
the feet. When the picture as filmed is clearly not in that position, and exactly one
quarter turn of it clearly is (face up, not face down: the chest's normal tells a quarter
turn from three quarters), the camera was turned that way. Decided once, from the first
second and a half with a person in view, then held: a patient does not turn the camera
mid-set. A picture that is in position as filmed is never turned.

Turned a quarter, an upright person looks like someone lying and the reverse, so the
position needs a second witness that no turn can fake: hook lying (knees bent, heels on the
floor in line with the back; see posture.hook_lying). A lying exercise is turned only when
hook lying is seen at times (its start position), so a standing or seated person is never
turned into a bridge. The reverse has a weaker witness (a hook lying body turned upright
looks seated): hook lying most of the time keeps the picture as filmed; a patient lying
down who chose an upright exercise and moves a lot can still be taken for a sideways
camera, and the summary then says the picture was turned, and why.

For an exercise done face down, the hands and shins resting on one floor (all fours, a
child's pose; see posture.on_hands_and_shins) are a witness too: turned a quarter, that body
looks seated, but a seated person would have to hold the arms straight out level with the
knees to fake it. It says nothing for a face-up exercise: someone on all fours who chose
one is told what was seen, not turned over.

A lying exercise done without either (knee rolls with the feet lifted, a cobra) has a
second witness for one of the two quarter turns: turned that way, the trunk stands on its
head, a position no exercise uses, so the picture as filmed cannot be right. Turned the
other way it looks seated or standing, which a turn can fake; that picture is kept, and
the posture check says what it saw and suggests --rotate.

Decided early (a live session needs the picture from its first seconds), the turn is
then revised when the evidence later clearly shows another one (``watch``): a patient who
sets the phone on its side and gets ready standing or seated shows the first decision a
person who looks lying only because the camera is turned, and only once on the mat the
body shows the exercise's position, with its witness, in another turn.

A half turn swaps face up and face down for someone lying, which is also what a patient
lying face down looks like, and that patient must be told so rather than counted: it is
believed of an upright exercise when the person is seen head down, and of a lying one when
the knees of a hook lying body point down the picture (they point away from the floor).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

from posecount.features.posture import (
    Posture,
    classify_posture,
    hook_lying,
    image_body_axis,
    on_hands_and_shins,
)
from posecount.features.trunk import trunk_elevation_deg
from posecount.pose.landmarks import LandmarkId as L
from posecount.pose.rotation import rotate_pose
from posecount.types import PoseFrame

DECIDE_AFTER_MS = 1500
# Evidence still unclear after this much more (a patient still settling, a track that
# flickers), the picture is kept as filmed.
MAX_WAIT_MS = 4500
# As filmed, at most this share in position is "clearly not": an odd frame or a mirrored
# stretch does not turn a picture that is mostly right.
_UPRIGHT_MAX_SHARE = 0.3
# Turned, at least this share in position is "clearly is".
_TURNED_MIN_SHARE = 0.8
# Hook lying "at times": the bridge clips show it in 29-40% of frames (it is the rest
# position between reps), people sitting or standing in 0-7% (shared clips).
_HOOK_MIN_SHARE = 0.2
# Hook lying most of the time is someone lying on the mat, whatever the exercise chosen (a
# tree pose tucking a heel in reads up to a third of the time).
_HOOK_MOSTLY_SHARE = 0.5
# On hands and shins most of the window: the all-fours start of a child's pose (100% of
# the shared clip's frames, as filmed and turned); the other shared clips at most 11% (a
# walk lines a swinging hand up with the rear shin now and then).
_ON_HANDS_MIN_SHARE = 0.5
# A trunk more than this far head-down from the horizontal (world landmarks, so a body
# lying along the camera's line of sight still reads near level) is standing on its head.
# As filmed, the 16 shared clips never read below -49 degrees (5th centile; a bridge's top
# tilts 25-30, a child's pose reaches 40-50); turned a quarter, their lying clips read -60
# to -87 on 49-100% of frames.
_INVERTED_TRUNK_DEG = -60.0
# Inverted on at least this share of the window is a camera on its side, not a moment of
# tracking that swapped hips and shoulders.
_INVERTED_MIN_SHARE = 0.3
# A revision needs the other turn clearly in position (as for the decision, over the same
# window) and the current one clearly not, without a break for this long: half a second
# of 5-15 frames, so that a moment of tracking that swapped hips and shoulders cannot turn
# the picture, while the first rep of someone who just lay down is not lost waiting.
REVISE_AFTER_MS = 500
_LYING = frozenset({Posture.LYING_FACE_UP, Posture.LYING_FACE_DOWN, Posture.LYING_ON_SIDE})


class OrientationDecider:
    """``observe(frame)`` until ``decided``; then ``rotate_deg`` (0 when upright) holds.

    The evidence is the last DECIDE_AFTER_MS with a person in view. It is decided as soon as
    that is clear either way; while it is not (tracking that flickers as the patient gets
    into position), up to MAX_WAIT_MS more is watched before the picture is kept as filmed.
    """

    def __init__(
        self,
        allowed: frozenset[Posture],
        classify: Callable[[PoseFrame], Posture | None] = classify_posture,
        decide_after_ms: int = DECIDE_AFTER_MS,
    ) -> None:
        self.allowed = allowed
        self.classify = classify
        self.decide_after_ms = decide_after_ms
        self.decided = False
        self.rotate_deg = 0
        self.reason = ""
        self._lying_exercise = bool(allowed & _LYING)
        # All fours faces the floor: a witness only for an exercise done face down.
        self._face_down_exercise = Posture.LYING_FACE_DOWN in allowed
        self._window: deque[_Reading] = deque()
        self._first_ms: int | None = None
        self._revising: tuple[int, int] | None = None  # (turn, since t_ms)
        self.revised_from_ms = 0  # after a revision: where its evidence began

    def observe(self, frame: PoseFrame) -> bool:
        """True once decided."""
        if self.decided:
            return True
        if frame.has_person:
            if self._first_ms is None:
                self._first_ms = frame.t_ms
            self._window.append(self._read(frame))
            while self._window[0].t_ms < frame.t_ms - self.decide_after_ms:
                self._window.popleft()
        if self._first_ms is None or frame.t_ms - self._first_ms < self.decide_after_ms:
            return False
        verdict = self._verdict()
        if verdict is not None:
            self._settle(verdict)
        elif frame.t_ms - self._first_ms >= self.decide_after_ms + MAX_WAIT_MS:
            self._settle(0)
        return self.decided

    def watch(self, frame: PoseFrame) -> bool:
        """After the decision, for a frame in which the patient is not clearly in position
        as turned: True when the evidence now clearly shows another turn (see
        REVISE_AFTER_MS); ``rotate_deg`` and ``reason`` then say the new one."""
        if not self.decided or not frame.has_person:
            return False
        t = frame.t_ms
        w = self._window
        w.append(self._read(frame))
        while w[0].t_ms < t - self.decide_after_ms:
            w.popleft()
        verdict = self._verdict()
        share = self._shares()
        clear = (
            verdict is not None
            and verdict != self.rotate_deg
            and t - w[0].t_ms >= self.decide_after_ms * 0.9
            and share[verdict] >= _TURNED_MIN_SHARE
            and share[self.rotate_deg] <= _UPRIGHT_MAX_SHARE
        )
        if not clear:
            self._revising = None
            return False
        assert verdict is not None
        if self._revising is None or self._revising[0] != verdict:
            self._revising = (verdict, t)
            return False
        if t - self._revising[1] < REVISE_AFTER_MS:
            return False
        self._revising = None
        self.revised_from_ms = w[0].t_ms
        self._settle(verdict)
        if not verdict:
            self.reason = (
                "as filmed the person now reads as the exercise's position, turned as "
                "before not; give --rotate to choose the turn"
            )
        return True

    def _shares(self) -> dict[int, float]:
        w = self._window
        n = len(w) or 1
        return {r: sum(x.in_position[i] for x in w) / n for i, r in enumerate(_TURNS)}

    def decide(self) -> None:
        """Decide from what was seen so far (the end of a short input)."""
        if not self.decided:
            self._settle(self._verdict() or 0)

    def _read(self, frame: PoseFrame) -> _Reading:
        as_filmed = self.classify(frame)
        hook = hook_lying(frame)
        on_hands = self._face_down_exercise and on_hands_and_shins(frame)
        turned = [frame if r == 0 else rotate_pose(frame, r) for r in _TURNS]
        inverted = [trunk_inverted(f) for f in turned]
        return _Reading(
            t_ms=frame.t_ms,
            as_filmed=as_filmed,
            in_position=tuple(
                (as_filmed if r == 0 else self.classify(f)) in self.allowed and not upside
                for r, f, upside in zip(_TURNS, turned, inverted, strict=True)
            ),
            hook=hook,
            on_hands=on_hands,
            knees_down=hook and _knees_below_back(frame),
            head_down=_head_below_hips(frame),
            inverted=inverted[0],
        )

    def _verdict(self) -> int | None:
        """The turn the window shows clearly (0: upright), or None while unclear."""
        w = self._window
        if not w:
            return None
        n = len(w)
        share = self._shares()
        if share[0] > _UPRIGHT_MAX_SHARE:
            return 0
        hook = sum(x.hook for x in w)
        if self._lying_exercise:
            # Turned to lying, the body must show hook lying at times, rest on hands and
            # shins, or stand on its head as filmed; and turned upside down, the knees of a
            # hook lying body must point down the picture.
            inverted = sum(x.inverted for x in w)
            on_hands = sum(x.on_hands for x in w)
            if (
                hook < _HOOK_MIN_SHARE * n
                and inverted < _INVERTED_MIN_SHARE * n
                and on_hands < _ON_HANDS_MIN_SHARE * n
            ):
                return None
            upside_down = sum(x.knees_down for x in w) >= _TURNED_MIN_SHARE * hook
        else:
            if hook >= _HOOK_MOSTLY_SHARE * n:
                return 0  # lying on the floor, knees bent, most of the time: as filmed
            upside_down = sum(x.head_down for x in w) >= _TURNED_MIN_SHARE * n
        turned = [r for r in _TURNS[1:] if share[r] >= _TURNED_MIN_SHARE]
        if not upside_down:
            turned = [r for r in turned if r != 180]
        return turned[0] if len(turned) == 1 else None

    def _settle(self, rotate_deg: int) -> None:
        self.decided = True
        self.rotate_deg = rotate_deg
        if not rotate_deg:
            return
        seen = Counter(x.as_filmed for x in self._window if x.as_filmed is not None)
        as_filmed = seen.most_common(1)[0][0] if seen else None
        expected = " or ".join(sorted(str(p) for p in self.allowed))
        self.reason = (
            f"as filmed the person read as {as_filmed}, turned {rotate_deg} degrees as "
            f"{expected} (the exercise's position); give --rotate 0 if the camera was upright"
        )


_TURNS = (0, 90, 180, 270)


@dataclass(frozen=True, slots=True)
class _Reading:
    t_ms: int
    as_filmed: Posture | None
    in_position: tuple[bool, ...]  # per turn in _TURNS
    hook: bool
    on_hands: bool
    knees_down: bool
    head_down: bool
    inverted: bool


def trunk_inverted(frame: PoseFrame) -> bool:
    """The trunk stands on its head (see _INVERTED_TRUNK_DEG): no exercise's position."""
    elevation = trunk_elevation_deg(frame)
    return elevation is not None and elevation < _INVERTED_TRUNK_DEG


def _head_below_hips(frame: PoseFrame) -> bool:
    """The torso points down the picture, more than 30 degrees below its horizontal (a
    body lying on the floor reads within a few degrees of it either way)."""
    axis = image_body_axis(frame)
    return axis is not None and float(axis[1]) > 0.5  # image y grows downwards


def _knees_below_back(frame: PoseFrame) -> bool:
    """The knees sit below the line of the back in the picture (image y grows downwards)."""
    pts = [frame.xy_px(lid) for lid in (L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_KNEE)]
    pts_r = [frame.xy_px(lid) for lid in (L.RIGHT_SHOULDER, L.RIGHT_HIP, L.RIGHT_KNEE)]
    if any(p is None for p in pts + pts_r):
        return False
    sh, hp, kn = ((p + q) / 2 for p, q in zip(pts, pts_r, strict=True))  # type: ignore[operator]
    if abs(float(hp[0] - sh[0])) < 1e-6:
        return False
    line_y = sh[1] + (kn[0] - sh[0]) * (hp[1] - sh[1]) / (hp[0] - sh[0])
    return bool(kn[1] > line_y)
