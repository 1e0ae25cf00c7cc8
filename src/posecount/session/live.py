"""The live session: camera (or a file played as if it were one) -> pose -> count ->
overlay, speech and a recording written as it goes.

Three threads, so the picture never stalls on pose estimation:
- capture: reads frames at the source's own rate, keeps the newest for the display and
  queues every sampled frame for analysis;
- analysis: pose, counting, coaching and recording, on every queued frame in order;
- the caller's thread: the window (or, without one, waiting for the end).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from posecount.errors import OutputError, SourceError, TrackFormatError
from posecount.exercises.registry import get_exercise
from posecount.prescription.catalogue import resolve_prescription
from posecount.prescription.model import Prescription
from posecount.session.analysis import Analyzer
from posecount.session.coach import Coach
from posecount.session.pipeline import PoseSettings, open_pixel_source, replay_track
from posecount.session.rate import check_analysis_rate
from posecount.speech import Speaker
from posecount.store.recording import SessionRecorder
from posecount.tracks.format import TrackHeader, is_track_path
from posecount.types import Event, Frame, PoseFrame

log = logging.getLogger(__name__)

# Frames waiting for analysis. A file source waits for room (every frame is counted, as in
# `analyze`); a camera drops the oldest instead, so a slow machine lags by at most this
# many frames (about 4 s at 15 fps) rather than falling further and further behind.
_QUEUE_FRAMES = 60


@dataclass
class LiveOptions:
    exercise: str
    camera: int | None = None
    source: Path | None = None
    prescription_file: Path | None = None
    window: bool = True
    mute: bool = False
    pose: PoseSettings = PoseSettings()
    people: int | None = None  # None: looked for in the first seconds (pose/patient.py)
    save_video: bool = False
    sessions_root: Path | None = None
    speech_command: list[str] | None = None
    realtime: bool = True  # pace a file source like a camera
    patient: str | None = None  # filed in the history under this id (None: the default)
    db_path: Path | None = None  # the history database (None: the default)
    # A speaker shared by several sessions (a programme): used as given, not closed here.
    speaker: Speaker | None = None
    # The dose given as data (a programme's step) instead of the catalogue or a file.
    prescription: Prescription | None = None
    # A programme's exercise: the coach leaves sets and rests to the programme.
    programme: bool = False
    fullscreen: bool = False  # the window fills the screen (live and programme default)
    high_contrast: bool = False


@dataclass
class Shared:
    """What the analysis thread publishes for the display (replaced whole, never mutated)."""

    image: Any = None
    pose: PoseFrame | None = None
    overlay: Any = None
    paused: bool = False
    latencies_ms: list[float] = field(default_factory=list)


@dataclass
class _Item:
    frame: Frame | None  # pixels (video or camera), or None for a pose-track replay
    pose: PoseFrame | None
    captured_s: float


def _failure_status(error: BaseException) -> str:
    """What really ended the session, for session.json: a bad pose-track file is not a
    lost camera (the error itself is kept beside it)."""
    if isinstance(error, TrackFormatError):
        return "source corrupt"
    if isinstance(error, OutputError):
        return "write failed"
    if isinstance(error, SourceError):
        return "camera lost"
    return "crashed"


def _prescription_done(summary: dict[str, Any]) -> bool:
    a = summary["achieved"]
    return "reps_prescribed" not in a or summary["reps"] >= a["reps_prescribed"]


def _done_text(summary: dict[str, Any]) -> str | None:
    """ "5 of 15" when reps are prescribed."""
    prescribed = summary["achieved"].get("reps_prescribed")
    return None if prescribed is None else f"{summary['reps']} of {prescribed}"


class LiveSession:
    def __init__(self, options: LiveOptions) -> None:
        self.options = options
        self.exercise = get_exercise(options.exercise)
        if options.source is None or not is_track_path(options.source):
            check_analysis_rate(self.exercise.spec, options.pose.fps)
        self.prescription = options.prescription or resolve_prescription(
            self.exercise.spec.id, options.prescription_file
        )
        self.analyzer = Analyzer(
            self.exercise, self.prescription, auto_rotate=options.pose.rotate_deg is None
        )
        self.coach = Coach(self.exercise.spec, self.prescription, programme=options.programme)
        # A programme's conductor (posecount.programme.runner): called on every analysed
        # frame with its events and the coach's phrases, returns the phrases to speak.
        self.hook: Callable[[LiveSession, list[Event], PoseFrame, list[str]], list[str]] | None
        self.hook = None
        self.overlay_hook: Callable[[Any], Any] | None = None  # adjusts the overlay state
        self.on_key: Callable[[str], None] | None = None  # keys, when a programme runs
        self.end_now = threading.Event()  # the programme ends this exercise here
        self.shared = Shared()
        self.stop = threading.Event()  # asked to stop (q, Ctrl-C, an error)
        self.finished = threading.Event()  # analysis has seen the last frame
        self.paused = threading.Event()
        self.status = "complete"
        self.error: BaseException | None = None
        self._queue: queue.Queue[_Item | None] = queue.Queue(maxsize=_QUEUE_FRAMES)
        self._estimator: Any = None
        self._source: Any = None  # the camera or video (None for a pose-track replay)
        self._frames, self.header, self._close_source, self._is_camera = self._open_source()
        self._own_speaker = options.speaker is None
        self.speaker = options.speaker or Speaker(
            options.speech_command,
            enabled=not options.mute,
            fallback="cues are shown on screen only"
            if options.window
            else "there is no window either (--no-window): the summary comes at the end",
        )
        meta = {
            "exercise": self.exercise.spec.id,
            "source": self.header.source,
            "prescription": self.prescription.describe(),
            "prescription_values": {
                k: getattr(self.prescription, k)
                for k in ("sets", "reps", "hold_s", "duration_s", "per_day", "range_target")
            },
            "model": options.pose.model,
        }
        if options.save_video and self._estimator is None:
            raise SourceError(
                f"--save-video needs pixels, and {options.source} is a pose track (landmarks "
                "only); drop --save-video, or play the original video with --source"
            )
        self.recorder = SessionRecorder(
            self.header,
            meta,
            options.sessions_root,
            patient=options.patient,
            db_path=options.db_path,
        )
        self._video: Any = None
        self.dropped = 0

    # ------------------------------------------------------------ sources

    def _open_source(self) -> tuple[Iterator[_Item], TrackHeader, Callable[[], None], bool]:
        o = self.options
        pose = o.pose
        if o.source is not None and is_track_path(o.source):
            header, frames, _ = replay_track(o.source, pose.rotate_deg or 0)
            items = (_Item(None, p, 0.0) for p in frames)
            return self._paced(items), header, lambda: None, False
        src, self._estimator, header = open_pixel_source(
            o.source if o.source is not None else (o.camera or 0),
            model=pose.model,
            fps=pose.fps,
            max_side_px=pose.max_side_px,
            rotate_deg=pose.rotate_deg or 0,
            people=o.people,
            in_position=self.exercise.spec.in_start_position,
        )
        self._source = src
        items = (_Item(f, None, 0.0) for f in src)
        paced = self._paced(items) if o.source is not None else items
        return paced, header, src.close, o.source is None

    def _paced(self, items: Iterator[_Item]) -> Iterator[_Item]:
        """A recording played at the speed it was recorded, as a camera would deliver it."""
        start = time.monotonic()
        for item in items:
            t_ms = item.frame.t_ms if item.frame is not None else item.pose.t_ms  # type: ignore[union-attr]
            if self.options.realtime:
                delay = start + t_ms / 1000 - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            yield item

    # ------------------------------------------------------------ threads

    def _capture(self) -> None:
        try:
            for item in self._frames:
                if self.stop.is_set() or self.end_now.is_set():
                    break
                item.captured_s = time.monotonic()
                if item.frame is not None:
                    self.shared.image = item.frame.image_bgr
                self._put(item)
        except BaseException as e:  # a camera error: end the session, keep the record
            self.error = e
        finally:
            if getattr(self._source, "lost", False):
                self.status = "camera lost"
            self._queue.put(None)

    def _put(self, item: _Item) -> None:
        if not self._is_camera:
            while not self.stop.is_set():
                try:
                    self._queue.put(item, timeout=0.2)
                    return
                except queue.Full:
                    continue
            return
        while True:
            try:
                self._queue.put_nowait(item)
                return
            except queue.Full:
                try:
                    self._queue.get_nowait()
                    self.dropped += 1
                except queue.Empty:
                    pass

    def _analyse(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if item is None or self.end_now.is_set():
                    break
                if self.paused.is_set():
                    continue  # a pause is not part of the session: not counted, not recorded
                pose = item.pose
                if pose is None:
                    assert self._estimator is not None and item.frame is not None
                    pose = self._estimator.estimate(item.frame)
                if self._video is not None and item.frame is not None:
                    self._video.write(item.frame.image_bgr, item.frame.t_ms)
                self.recorder.frame(pose)
                events = self.analyzer.update(pose)
                self.recorder.events(events)
                phrases = self.coach.update(events, self.analyzer.status(), pose)
                if self.hook is not None:
                    phrases = self.hook(self, events, pose, phrases)
                for phrase in phrases:
                    self.speaker.say(phrase)
                self.shared.pose = pose
                if self.options.window:
                    self.shared.overlay = self.overlay_state()
                self.shared.latencies_ms.append((time.monotonic() - item.captured_s) * 1000)
        except BaseException as e:
            self.error = e
            self.stop.set()
        finally:
            self.finished.set()

    def overlay_state(self) -> Any:
        from posecount.render.overlay import OverlayState

        status = self.analyzer.status()
        coach = self.coach
        baseline = getattr(getattr(self.analyzer.machine, "counter", None), "baseline", None)
        state = OverlayState(
            exercise_title=self.exercise.spec.title,
            count_text=str(coach.in_set if coach.per_set else coach.reps_total),
            set_text=coach.set_text(),
            side_counts=dict(coach.side_counts) or None,
            hold_remaining_s=coach.hold_remaining_s(),
            hold_elapsed_s=coach.hold_s,
            gauge_value=status.signal
            if self.exercise.spec.target_kind == "level"
            else status.excursion,
            gauge_rest=baseline if self.exercise.spec.target_kind == "level" else 0.0,
            gauge_target=self.prescription.range_target,
            gauge_unit=self.exercise.spec.range_unit,
            cue=coach.cue,
            paused=self.paused.is_set(),
            status_line="space pause   n next set   q quit" if self.options.window else None,
            high_contrast=self.options.high_contrast,
        )
        if self.overlay_hook is not None:
            return self.overlay_hook(state)
        if self.options.fullscreen:
            # Full screen, the layout read from the floor (render.overlay's programme
            # screen, with its minimum sizes): the dose beside the title, the set alone.
            from dataclasses import replace

            per_set = coach.per_set
            title = self.exercise.spec.title + (f" - {per_set} reps" if per_set else "")
            state = replace(
                state,
                headline="",
                exercise_title=title,
                set_text=f"Set {coach.set_index} of {self.prescription.sets}" if per_set else None,
            )
        return state

    # ------------------------------------------------------------ run

    def run(self, display: Callable[[LiveSession], None] | None = None) -> dict[str, Any]:
        """Runs to the end of the source, Ctrl-C, q, or a lost camera; returns the summary.
        The recording is closed with the reason whatever happens."""
        if self.options.save_video and self._estimator is not None:
            from posecount.render.video import VideoSink

            w, h = self.header.frame_size_px
            # At the analysis rate: the frames that are analysed are the ones kept, each
            # placed at its own time (see VideoSink).
            rate = min(r for r in (self.options.pose.fps, self.header.fps) if r)
            self._video = VideoSink(self.recorder.dir / "video.mp4", rate, (w, h))
        capture = threading.Thread(target=self._capture, name="capture", daemon=True)
        analysis = threading.Thread(target=self._analyse, name="analysis", daemon=True)
        capture.start()
        analysis.start()
        try:
            if display is not None:
                display(self)
                if analysis.is_alive():  # the window was closed before the source ended
                    self.status = "stopped"
                self.stop.set()
            while analysis.is_alive():
                analysis.join(0.2)
        except KeyboardInterrupt:
            self.status = "interrupted"
            self.stop.set()
            analysis.join(5)
        finally:
            self.stop.set()
            capture.join(2)
            self._finish()
        if self.error is not None:
            raise self.error
        return self.summary

    def _finish(self) -> None:
        events = self.analyzer.finish()
        try:
            self.recorder.events(events)
        except OutputError as e:
            self.error = self.error or e
        if self.error is not None:
            self.status = _failure_status(self.error)
            self.recorder.meta["error"] = str(self.error)
        elif self.status == "complete" and not _prescription_done(self.analyzer.summary()):
            self.status = "ended early"
        self.summary = self.analyzer.summary(self.header.source)
        self.summary["session_dir"] = str(self.recorder.dir)
        self.summary["status"] = self.status
        self.summary["interrupted"] = self.status not in ("complete", "ended early", "stopped")
        self.summary["done"] = _done_text(self.summary)
        self.summary["pain"] = dict(self.recorder.meta["pain"])
        lat = sorted(self.shared.latencies_ms)
        if lat:
            self.summary["latency_ms"] = {
                "median": round(lat[len(lat) // 2], 1),
                "p95": round(lat[min(len(lat) - 1, int(len(lat) * 0.95))], 1),
            }
        if self.speaker.note:
            self.summary["flags"].append(self.speaker.note)
        if self.dropped:
            self.summary["flags"].append(
                f"{self.dropped} camera frames were skipped because analysis fell behind"
            )
        if self._own_speaker:
            self.speaker.close()
        if self._video is not None:
            self._video.close()
        if self._estimator is not None:
            self._estimator.close()
        self._close_source()
        self.recorder.close(self.status, self.summary)
