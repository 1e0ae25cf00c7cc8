"""Drives one exercise over a stream of PoseFrames: tracking loss and posture checks
first, then the exercise's features and machine. Pure: no clock, no I/O."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from typing import Any, Literal

from posecount.exercises.base import STAND_IN, Exercise, Machine, Status
from posecount.features.cut import CutDetector
from posecount.features.orientation import (
    DECIDE_AFTER_MS,
    REVISE_AFTER_MS,
    OrientationDecider,
    trunk_inverted,
)
from posecount.features.posture import FacingGuard, Posture, classify_posture, upright_only
from posecount.features.view import REVISE_WINDOW_MS, View, ViewDecider
from posecount.pose.rotation import rotate_pose
from posecount.prescription.model import Prescription
from posecount.session.summary import summarize
from posecount.session.visibility import UnseenWatch
from posecount.types import (
    Event,
    OrientationDecided,
    PoseFrame,
    PostureMismatch,
    PostureOk,
    TrackingLost,
    TrackingRegained,
    ViewDecided,
)

# No person for a second is a real loss (the person left, or the camera is blocked), not
# a few missed detections; shorter gaps are bridged by the machines themselves.
TRACKING_LOST_MS = 1000
# Posture is the majority over the last second: one odd frame (a limb swap, a flicker)
# must not stop the count, while a real change of position shows within half a second.
POSTURE_WINDOW_MS = 1000
# The position is clear when 80% of the last second agrees with the exercise: a
# start-up stretch of tracking that flickers between postures teaches the counters nothing.
_SETTLED_SHARE = 0.8
# Until the position has first been clear, a body read face up and face down by turns
# (twice within the posture window) is a skeleton still being fitted, whatever the majority
# says: the shared handheld bridge's first 1.5 s with the full model at 15 fps (hip angles
# of 50-100 degrees on a patient about to lift, the facing changing 8 times in a second)
# would otherwise teach the counter its rest level. A real mirror flip of a lying body
# (features/posture.FacingGuard) lasts 0.8-1.5 s, so at the start it delays the count by
# at most as long; later in a session this rule does not apply.
_FITTING_FLIPS = 2
_FACINGS = frozenset({Posture.LYING_FACE_UP, Posture.LYING_FACE_DOWN})
# A revised turn replays the frames of its evidence (the decider's window, watched for
# REVISE_AFTER_MS), plus a margin for a slower analysis rate.
REVISE_LOOKBACK_MS = DECIDE_AFTER_MS + REVISE_AFTER_MS + 500
# A stretch in doubt (see Analyzer._check_posture) is resolved within this: frames read in
# position meanwhile wait, and count if the position turns out clear again. Longer than the
# doubts seen on real tracks (a stand's lean forward read lying for 0.5 s; an edited timed
# up and go cut from standing to seated, read lying for 0.3 s and clear again 0.8 s later),
# short enough that a live count waits at most this long.
DOUBT_MAX_MS = 1500
_DOUBT_CLEARED_READINGS = 3
# Why a frame's features wait (Analyzer._pending): a facing flip not yet confirmed
# (FacingGuard), or the position in doubt.
Held = Literal["", "facing", "posture"]
Pending = tuple[dict[str, float | None], int, Held]  # features, t_ms, why they wait


class Analyzer:
    """``auto_rotate``: find a camera on its side or upside down from the pose (see
    features/orientation.py); off when the caller already turned the picture."""

    def __init__(
        self, exercise: Exercise, prescription: Prescription, *, auto_rotate: bool = True
    ) -> None:
        self.exercise = exercise
        self.prescription = prescription
        self.machine: Machine = exercise.machine(prescription)
        self.events: list[Event] = []
        self.posture: Posture | None = None
        self._postures: deque[tuple[int, Posture]] = deque()
        self._mismatch = False
        # Until the position is clear, features are withheld (the start counts as unclear).
        self._gated = True
        self._gated_since: int | None = None
        self._left_position = False  # the majority was out of position while gated
        # Features withheld while the position was unclear: (t_ms, features, in position).
        # When the gate first opens (at the start, or after a revised turn), those of the
        # last second in position are counted after all: the posture gate looks back, so
        # a rep begun as the position became clear is not swallowed while it settles.
        self._withheld: deque[tuple[int, dict[str, float | None], bool]] = deque()
        self._fresh = True  # the counters have seen nothing yet
        self._last_flip_ms: int | None = None
        self._ever_settled = False
        self._facing_seen: Posture | None = None
        self._facing_changes: deque[int] = deque()  # times the raw facing turned over
        self._missing_since_ms: int | None = None
        self._lost = False
        self._facing = FacingGuard(exercise.spec.postures)
        self._upright_only = upright_only(exercise.spec.postures)
        self._view = ViewDecider()
        self._orientation = OrientationDecider(exercise.spec.postures) if auto_rotate else None
        self._held: list[PoseFrame] = []  # the first frames, until the orientation is known
        self._recent: deque[PoseFrame] = deque()  # the last frames, to replay after a revision
        # Frames kept aside until the view is decided, while a facing flip is unconfirmed
        # (see FacingGuard) or the position in doubt, or a cut suspected.
        self._pending: list[Pending] = []
        self._unseen = UnseenWatch()
        self._cuts = CutDetector()
        # What the counters were given over the last REVISE_WINDOW_MS, and when they last
        # reported anything (see _revise_view).
        self._measured_log: deque[tuple[dict[str, float | None], int]] = deque()
        self._reported_ms = -1
        # Frames measured, and of them those below ExerciseSpec.rest_min and those without
        # its start_from: for the zero reasons.
        self._signal_frames = 0
        self._below_rest_min = 0
        self._not_start_from = 0
        self.first_t_ms: int | None = None
        self.last_t_ms: int | None = None
        self.frames = 0
        self.frames_with_person = 0

    def update(self, frame: PoseFrame) -> list[Event]:
        t = frame.t_ms
        if self.first_t_ms is None:
            self.first_t_ms = t
        self.last_t_ms = t
        self.frames += 1
        self.frames_with_person += frame.has_person
        o = self._orientation
        if o is None:
            return self._process(frame)
        if o.decided:
            recent = self._recent
            recent.append(frame)
            while recent[0].t_ms < t - REVISE_LOOKBACK_MS:
                recent.popleft()
            turned = self._turned(frame)
            # Out of position as turned, or standing on its head: perhaps turned wrongly
            # (see OrientationDecider.watch).
            doubt = self._gated or trunk_inverted(turned)
            if doubt and o.watch(frame):
                return self._reorient(t, o.revised_from_ms)
            return self._process(turned)
        if not frame.has_person and not self._held:
            return self._process(frame)  # nobody in view yet: nothing to turn, nothing to keep
        self._held.append(frame)
        return self._release() if o.observe(frame) else []

    def _reorient(self, t: int, since_ms: int) -> list[Event]:
        """The turn was revised at t: what was counted stays; the position, the view and
        the counters start afresh in the new picture, from the frames since the evidence
        for it began (kept for REVISE_LOOKBACK_MS), so a rep begun meanwhile counts."""
        o = self._orientation
        assert o is not None
        events = self._flush_pending() + self._unseen.finish() + self._restart(t - 1)
        if self._mismatch:  # what was out of position was the picture, turned wrongly
            self._mismatch = False
            in_position = " or ".join(sorted(str(p) for p in self.exercise.spec.postures))
            events.append(PostureOk(t_ms=t, seen=in_position))
        turned = OrientationDecided(t_ms=since_ms, rotate_deg=o.rotate_deg, reason=o.reason)
        events.append(turned)
        self.events += events
        self._postures.clear()
        self._facing = FacingGuard(self.exercise.spec.postures)
        self._view = ViewDecider()
        self._measured_log.clear()
        self._unseen = UnseenWatch()
        self._cuts = CutDetector()  # the picture turned is no cut
        self._gated, self._gated_since, self._left_position = True, None, False
        self._withheld.clear()
        self._fresh = True
        for frame in [f for f in self._recent if f.t_ms >= since_ms]:
            events += self._process(self._turned(frame), replay=True)
        return events

    def _turned(self, frame: PoseFrame) -> PoseFrame:
        o = self._orientation
        return frame if o is None or not o.rotate_deg else rotate_pose(frame, o.rotate_deg)

    def _release(self) -> list[Event]:
        """The orientation is decided: the frames held until then go through, turned."""
        o = self._orientation
        assert o is not None and o.decided
        held, self._held = self._held, []
        events: list[Event] = []
        if o.rotate_deg and held:
            turned = OrientationDecided(t_ms=held[0].t_ms, rotate_deg=o.rotate_deg, reason=o.reason)
            self.events.append(turned)
            events.append(turned)
        for frame in held:
            events += self._process(self._turned(frame))
        return events

    def _process(self, frame: PoseFrame, replay: bool = False) -> list[Event]:
        """``replay``: the frame was seen before (see _reorient), its tracking said."""
        t = frame.t_ms
        events = [] if replay else self._track(frame)
        posture = classify_posture(frame, upright_only=self._upright_only)
        seen, pending = self._facing.observe(posture, t, frame)
        self._note_facing(posture, t)
        events += self._check_posture(seen, t)
        in_position = seen in self.exercise.spec.postures
        features = dict(self.exercise.extract(frame))
        events += self._unseen.update(frame, features)
        cut_ms = self._cuts.observe(frame)
        if cut_ms is not None:
            events += self._cut(cut_ms)
        held: Held = "facing" if pending else ""
        if self._gated or self._facing.unreliable:
            ok = in_position and not pending and not self._facing.unreliable
            self._withhold(t, features, ok)
            if ok and self._in_doubt(t):
                held = "posture"
            else:
                features = dict.fromkeys(features)  # missing, never zero: nothing is counted
        self._pending.append((features, t, held))
        if self._view.view is None and self._view.observe(frame, in_position) is not None:
            events.append(self._view_event(t))
        elif self._view.view is not None and self.exercise.spec.views:
            # Watched for a view measured with another signal: a first decision the
            # exercise cannot be judged from (the first seconds still being fitted), or a
            # patient who turned, or a cut to another camera (a sit-to-stand filmed side-on,
            # then from the front, lost every stand after the change).
            if self._view.watch(frame, in_position, self.exercise.spec.views) is not None:
                events += self._revise_view(t)
        # Before anyone is seen, or while nothing but withheld frames waits for the view
        # (the patient still getting into position), there is nothing to keep.
        # A jump in the picture waiting to be confirmed as a cut holds the frames since; so
        # does a doubt about the position, until it clears or the patient has left it.
        doubt = held == "posture" or (self._gated and self._in_doubt(t) and self._pending_held())
        if not (pending or doubt or self._cuts.suspect) and (
            self._view.view is not None or not self._view.started or self._nothing_pending()
        ):
            events += self._flush_pending()
        self.events += events
        return events

    def _cut(self, cut_ms: int) -> list[Event]:
        """A hard cut (see features/cut.py): the frames before it go to the counters as
        they were, and fresh counters take the frames from it on."""
        before = [entry for entry in self._pending if entry[1] < cut_ms]
        after = [entry for entry in self._pending if entry[1] >= cut_ms]
        self._pending = before
        events = self._restart(cut_ms - 1)
        self._pending = after
        return events

    def _restart(self, end_ms: int) -> list[Event]:
        """The frames waiting go to the counters as they are, which end at end_ms; fresh
        counters take what comes next."""
        events = self._flush_pending() + self.machine.finish(end_ms)
        self.machine = self.exercise.machine(self.prescription)
        return events

    def _judged(self) -> bool:
        """The exercise can be judged from the view decided (see ExerciseSpec.views)."""
        views = self.exercise.spec.views
        return not views or self._view.view in views

    def _view_event(self, t: int) -> ViewDecided:
        view = self._view.view
        assert view is not None
        supported = self._judged()
        hint = "" if supported else f"put the camera {self.exercise.spec.camera}"
        return ViewDecided(t_ms=t, view=str(view), supported=supported, hint=hint)

    def _revise_view(self, t: int) -> list[Event]:
        """The last seconds in position clearly show a view measured with another signal
        than the one decided (see ViewDecider.watch): fresh counters, given those seconds
        again, measured in the new view, from the first frame after the old view was last
        read (from further back, a knee-to-chest filmed from the feet, then side-on,
        counted a rep at the change) and after anything the old counters reported (what
        they counted stands, and would be counted twice)."""
        finished = self.machine.finish(t - 1)  # a rep seen coming back, a hold running
        if finished:
            self._reported_ms = t - 1
        events: list[Event] = [*finished, self._view_event(t)]
        self.machine = self.exercise.machine(self.prescription)
        revised = self._view.revised_since_ms
        since = max(t if revised is None else revised, self._reported_ms + 1)
        replay = [entry for entry in self._measured_log if entry[1] >= since]
        self._measured_log.clear()
        for features, t_ms in replay:
            events += self._feed(features, t_ms)
        return events

    def _withhold(self, t: int, features: dict[str, float | None], in_position: bool) -> None:
        w = self._withheld
        w.append((t, features, in_position))
        while w[0][0] < t - POSTURE_WINDOW_MS:
            w.popleft()

    def _look_back(self) -> list[Pending]:
        """The withheld frames of the last second in position, after the last time the
        skeleton's facing flipped (before that it was still being fitted)."""
        since = self._last_flip_ms if self._last_flip_ms is not None else -1
        back: list[Pending] = [(f, t, "") for t, f, ok in self._withheld if ok and t > since]
        self._withheld.clear()
        return back

    def _nothing_pending(self) -> bool:
        return all(v is None for features, _, _ in self._pending for v in features.values())

    def _pending_held(self) -> bool:
        return any(held == "posture" for _, _, held in self._pending)

    def _in_doubt(self, t: int) -> bool:
        """Gated (see _check_posture) on counters that have counted in position, with the
        majority of every second since still in position, for at most DOUBT_MAX_MS."""
        since = self._gated_since
        return (
            not self._fresh
            and not self._left_position
            and since is not None
            and t - since <= DOUBT_MAX_MS
        )

    def _doubt_cleared(self) -> bool:
        """In position again, on several readings: a gate reopened on the one reading left
        in the window while nothing else was read (the shared handheld bridge's skeleton
        lost for 2 s) clears no doubt."""
        return not self._gated and len(self._postures) >= _DOUBT_CLEARED_READINGS

    def _flush_pending(self) -> list[Event]:
        """Frames held back: counted as they were once the view is known, a facing flip
        turned out to be a mirror, and a doubt about the position cleared; withheld
        (missing) when the flip was a real turn or the patient left the position."""
        events: list[Event] = []
        for features, t, held in self._pending:
            if (held == "facing" and self._facing.confirmed) or (
                held == "posture" and not self._doubt_cleared()
            ):
                features = dict.fromkeys(features)
            events += self._feed(features, t)
        self._pending = []
        return events

    def _feed(self, features: dict[str, float | None], t: int) -> list[Event]:
        """One frame's features to the counters, measured in the view decided; kept for a
        revised view (see _revise_view), and counted against the exercise's rest_min and
        start_from."""
        spec = self.exercise.spec
        if spec.views:
            log = self._measured_log
            log.append((features, t))
            while log[0][1] < t - REVISE_WINDOW_MS:
                log.popleft()
        measured = self._measured(features)
        value = measured.get(spec.signal)
        if value is not None:
            self._signal_frames += 1
            self._below_rest_min += spec.rest_min is not None and value < spec.rest_min
            if spec.start_from is not None:
                self._not_start_from += (features.get(spec.start_from) or 0.0) <= 0.5
        reported = self.machine.update(measured, t)
        if reported:
            self._reported_ms = t
        return reported

    def _measured(self, features: dict[str, float | None]) -> dict[str, float | None]:
        """The exercise's signal as measured in the decided view (see ExerciseSpec.views)."""
        spec = self.exercise.spec
        if not spec.views:
            return features
        key = spec.views.get(self._view.view or View.SIDE)
        if key is None:
            return dict.fromkeys(features)  # not judged from here: said by ViewDecided
        if key == spec.signal:
            return features
        return {**features, spec.signal: features.get(key), STAND_IN: 1.0}

    def finish(self) -> list[Event]:
        if self.last_t_ms is None:
            return []
        released: list[Event] = []  # recorded as they are processed
        if self._orientation is not None and not self._orientation.decided:
            self._orientation.decide()
            released = self._release()
        events: list[Event] = []
        if self._view.view is None and self._view.decide_now() is not None:
            events.append(self._view_event(self.last_t_ms))
        events += self._flush_pending()
        events += self._unseen.finish() + self.machine.finish(self.last_t_ms)
        self.events += events
        return released + events

    def summary(self, source: str = "") -> dict[str, Any]:
        """The fold of every event so far (see `posecount.session.summary`)."""
        first, last = self.first_t_ms or 0, self.last_t_ms or 0
        summary = summarize(
            self.events,
            self.exercise.spec,
            self.prescription,
            duration_s=(last - first) / 1000,
            source=source,
            end_ms=self.last_t_ms,
        )
        summary["flags"] += self._input_flags(summary["reps"], summary["flags"])
        return summary

    def _input_flags(self, reps: int, flags: list[str]) -> list[str]:
        """A zero count always says why: nothing to look at, too little of it, nobody in
        it, or (when nothing else explains it) no movement."""
        if self.frames == 0:
            return [
                "nothing to analyse: the input holds no frames (a pose track with only "
                "its header, or a recording stopped before the first frame)"
            ]
        if self.frames == 1:
            return [
                "only 1 frame was analysed: a still picture or a clip far too short to "
                "show a rep or a hold; record the whole exercise"
            ]
        if not self.frames_with_person:
            return [
                f"no person was found in any of the {self.frames} frames; check the "
                "lighting and that the camera shows the whole body"
            ]
        spec = self.exercise.spec
        below, measured = self._below_rest_min, self._signal_frames
        if reps == 0 and spec.rest_min is not None and below > measured / 2:
            return [
                f"no rep was counted: on {below} of the {measured} frames measured "
                f"{spec.rest_min_means}; the body was probably tracked wrongly: check the "
                f"lighting and that the camera shows the whole body ({spec.camera})"
            ]
        if reps == 0 and spec.start_from_means and self._not_start_from > measured / 2:
            return [
                f"no rep was counted: on {self._not_start_from} of the {measured} frames "
                f"measured {spec.start_from_means}. {spec.how}"
            ]
        if reps == 0 and not flags:
            return [
                f"no rep was counted: the {self.exercise.spec.range_label} never moved "
                "away from rest and back by a deliberate amount"
            ]
        return []

    def run(self, frames: Iterable[PoseFrame]) -> list[Event]:
        for frame in frames:
            self.update(frame)
        self.finish()
        return self.events

    def status(self) -> Status:
        return self.machine.status()

    def _track(self, frame: PoseFrame) -> list[Event]:
        t = frame.t_ms
        if frame.has_person:
            self._missing_since_ms = None
            if self._lost:
                self._lost = False
                return [TrackingRegained(t_ms=t)]
            return []
        if not self.frames_with_person:
            return []  # nobody to lose yet: the zero count says nobody was found
        if self._missing_since_ms is None:
            self._missing_since_ms = t
        if not self._lost and t - self._missing_since_ms >= TRACKING_LOST_MS:
            self._lost = True
            return [TrackingLost(t_ms=self._missing_since_ms)]
        return []

    def _note_facing(self, posture: Posture | None, t: int) -> None:
        """Counts, over the posture window, how often the raw reading turned from face up
        to face down or back (see _FITTING_FLIPS); nothing to count once it has settled."""
        if self._ever_settled:
            return
        changes = self._facing_changes
        if posture in _FACINGS:
            if self._facing_seen is not None and posture != self._facing_seen:
                changes.append(t)
                self._last_flip_ms = t
            self._facing_seen = posture
        while changes and changes[0] < t - POSTURE_WINDOW_MS:
            changes.popleft()

    def _check_posture(self, seen: Posture | None, t: int) -> list[Event]:
        """Updates the posture gate (`self._gated`): features reach the machine only while
        the last second is clearly in the exercise's position."""
        window = self._postures
        if seen is not None:
            window.append((t, seen))
        while window and window[0][0] < t - POSTURE_WINDOW_MS:
            window.popleft()
        if not window:
            return []
        allowed = self.exercise.spec.postures
        share = sum(p in allowed for _, p in window) / len(window)
        majority = Counter(p for _, p in window).most_common(1)[0][0]
        self.posture = majority
        events: list[Event] = []
        was_gated = self._gated
        fitting = not self._ever_settled and len(self._facing_changes) >= _FITTING_FLIPS
        if share >= _SETTLED_SHARE and not fitting:
            self._gated = False
            self._ever_settled = True
            if self._mismatch:
                self._mismatch = False
                events.append(PostureOk(t_ms=t, seen=str(majority)))
        else:
            self._gated = True
            self._left_position = self._left_position or share < 0.5
            if share < 0.5 and not self._mismatch:
                self._mismatch = True
                expected = " or ".join(sorted(str(p) for p in allowed))
                seen = Counter(p for _, p in window if p not in allowed).most_common(1)[0][0]
                events.append(PostureMismatch(t_ms=t, expected=expected, seen=str(seen)))
        if was_gated and not self._gated:
            # Back in position after a while out of it: start afresh, as a rest level
            # learned before no longer holds. A stretch in doubt (a fifth to a half of the
            # second read out of position) with the majority still in position is the same
            # position mis-read at times, and the counter goes on: a slow stand from an
            # oblique high corner reads "lying" through half a second of its lean forward,
            # and at half the shared two-person clip's tempo the restart found the patient
            # already up and lost the stand.
            gated_ms = t - (self._gated_since if self._gated_since is not None else t)
            if self._fresh or (self._left_position and gated_ms >= TRACKING_LOST_MS):
                events = self._restart(t - 1) + events
                # Only on counters that never counted: back in position after a while out
                # of it, the last second's withheld frames are as often the skeleton
                # refitted wrongly (the shared handheld bridge reads hip angles of 57-75
                # degrees there, which taught a rest level no rep came back to).
                if self._fresh:
                    self._pending += self._look_back()
            self._withheld.clear()
            self._fresh = False
            self._gated_since = None
            self._left_position = False
        elif self._gated and self._gated_since is None:
            self._gated_since = t
        return events
