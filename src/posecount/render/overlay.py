"""The live-coaching overlay drawn on each frame of `posecount live`.

The patient often lies on the floor 2-3 m from a laptop, so everything that matters is
big and high-contrast: white text with a thick black outline, solid or shaded panels
behind it, one cue at a time in a yellow box. Sizes are fractions of the image's shorter
side, so a 640x360 preview and a 1280x720 window look the same, only sharper.

Layout (landscape or portrait alike):

    +------------------------------------------------------+
    | Bridge            ( 3 )                          72 deg|
    |  7                hold                            |  | |
    | Set 2 of 3 - 7/15                                =|==|=|  <- target line
    | Left 3   Right 2                                  |##| |  <- fill from rest
    |                                                   |##| |
    |              [ a little higher ]                       |
    | space pause  n next set  q quit                        |
    +------------------------------------------------------+

`draw_overlay` is a pure function of its inputs: it reads no clock and keeps no state, the
caller passes everything in `OverlayState`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from posecount.pose.landmarks import SKELETON, LandmarkId
from posecount.types import VISIBILITY, PoseFrame, X, Y

# A landmark below this visibility is not drawn: MediaPipe's own cut-off for "probably
# in view", and the same threshold the features use, so the patient sees what is counted.
VISIBILITY_MIN = 0.5

# Colours are BGR, as OpenCV draws them.
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
AMBER = (0, 170, 255)
GREEN = (60, 210, 60)
YELLOW = (0, 225, 255)
LEFT_COLOR = (0, 140, 255)  # orange: the patient's left side
RIGHT_COLOR = (255, 200, 0)  # light blue: the patient's right side
GAUGE_BACKGROUND = (45, 45, 45)
GAUGE_BORDER = (190, 190, 190)
GAUGE_SHORT_COLOR = AMBER  # fill while the value has not reached the target
GAUGE_REACHED_COLOR = GREEN  # fill once it has
TARGET_LINE_COLOR = WHITE
HOLD_TRACK_COLOR = (90, 90, 90)
HOLD_DISC_COLOR = (25, 25, 25)
PAUSED_BAND_COLOR = (0, 0, 170)

_FONT = cv2.FONT_HERSHEY_DUPLEX
_AA = cv2.LINE_AA
# Hershey glyphs are about this many pixels tall at font scale 1.
_GLYPH_PX = 22.0
_CROSS3 = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
_SQUARE3 = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))

# The target sits at this share of the gauge height above rest, leaving room to show
# overshoot; values further out are clipped at the top.
_TARGET_FRAC = 0.8
# Full gauge span (rest to top) when no target is given, per unit; other units use 1.0.
_DEFAULT_SPAN = {"deg": 90.0 / _TARGET_FRAC}


def _side_color(a: LandmarkId, b: LandmarkId) -> tuple[int, int, int]:
    if a.name.startswith("LEFT_") and b.name.startswith("LEFT_"):
        return LEFT_COLOR
    if a.name.startswith("RIGHT_") and b.name.startswith("RIGHT_"):
        return RIGHT_COLOR
    return WHITE


_BONES = tuple((int(a), int(b), _side_color(a, b)) for a, b in SKELETON)
_JOINTS = tuple(sorted({int(i) for pair in SKELETON for i in pair}))


@dataclass(frozen=True, slots=True)
class OverlayState:
    """Everything the overlay shows, already decided by the caller (a fold over events).

    hold_remaining_s: seconds left in a running hold (0 = hold reached), None = no hold.
    hold_elapsed_s: how long the current hold has run; with hold_remaining_s it gives the
        ring's progress. Alone (no remaining) it shows the seconds held so far.
    gauge_value / gauge_rest / gauge_target: the current range value, the person's rest
        level (the gauge's bottom; 0 when None) and the prescribed target (a line). The
        target may be below rest (a squat's knee angle): the gauge always fills upward as
        the movement goes away from rest. No gauge is drawn when all three are None.
    """

    exercise_title: str
    count_text: str
    set_text: str | None = None
    side_counts: dict[str, int] | None = None
    hold_remaining_s: float | None = None
    hold_elapsed_s: float | None = None
    gauge_value: float | None = None
    gauge_rest: float | None = None
    gauge_target: float | None = None
    gauge_unit: str = "deg"
    cue: str | None = None
    paused: bool = False
    status_line: str | None = None
    high_contrast: bool = False  # black and white panels, yellow text, no picture tint
    # A programme's screen: what comes next (a rest timer replaces the count).
    rest_remaining_s: float | None = None
    rest_total_s: float | None = None
    headline: str | None = None  # e.g. "Exercise 2 of 4", shown above the title


# ---------------------------------------------------------------- sizes and text


def _unit(width: int, height: int) -> float:
    """One layout unit: 1.0 on a 1280x720 frame, 0.5 on 640x360 (shorter side / 720)."""
    return max(min(width, height), 1) / 720.0


def _margin(u: float) -> int:
    return max(4, round(16 * u))


def _thickness(scale: float, weight: float = 2.0) -> int:
    # At least 2: bold strokes read better from across a room.
    return max(2, round(scale * weight))


def _measure(text: str, scale: float, weight: float = 2.0) -> tuple[int, int, int]:
    """(width, cap height above the baseline, depth below it) in pixels."""
    (tw, th), base = cv2.getTextSize(text, _FONT, scale, _thickness(scale, weight))
    # getTextSize's height includes room for accents; capitals and digits use ~82 % of it.
    return tw, round(0.82 * th), base


def _outline_px(scale: float) -> int:
    return max(2, round(1.8 * scale))


def _fit_scale(text: str, scale: float, max_w: int, weight: float = 2.0) -> float:
    """The largest scale <= `scale` at which `text`, outline included, is at most max_w
    pixels wide."""
    if not text or max_w <= 0:
        return scale
    tw, _, _ = _measure(text, scale, weight)
    tw += 2 * _outline_px(scale)
    return scale if tw <= max_w else scale * max_w / tw


def _put_text(
    img: np.ndarray,
    text: str,
    org: tuple[int, int],
    scale: float,
    color: tuple[int, int, int] = WHITE,
    weight: float = 2.0,
    *,
    outline: bool = True,
) -> None:
    """Text at baseline-left `org`, with a black outline for contrast against any
    background when `outline`.

    The outline is the text's own shape grown by a few pixels (a dilated mask), not the
    same text drawn thicker: with OpenCV 5's fonts a thicker stroke is a bolder face with
    wider letter spacing, so it would not sit under the thin one.
    """
    t = _thickness(scale, weight)
    if not outline:
        cv2.putText(img, text, org, _FONT, scale, color, t, _AA)
        return
    (tw, th), base = cv2.getTextSize(text, _FONT, scale, t)
    r = _outline_px(scale)
    pad = r + t + 2
    x, y = org
    bx0, by0 = x - pad, y - th - pad
    bx1, by1 = x + tw + pad, y + base + pad
    h, w = img.shape[:2]
    cx0, cy0, cx1, cy1 = max(0, bx0), max(0, by0), min(w, bx1), min(h, by1)
    if cx1 <= cx0 or cy1 <= cy0:
        return
    mask = np.zeros((by1 - by0, bx1 - bx0), np.uint8)
    cv2.putText(mask, text, (pad, pad + th), _FONT, scale, 255, t, _AA)
    ring: np.ndarray = mask
    for i in range(r):  # alternating cross and square steps grow a near-round outline, fast
        ring = cv2.dilate(ring, _SQUARE3 if i % 2 else _CROSS3)
    sub = (slice(cy0 - by0, cy1 - by0), slice(cx0 - bx0, cx1 - bx0))
    roi = img[cy0:cy1, cx0:cx1]
    # Darken under the outline, then lighten to the text colour where the text is: on the
    # black outline this is the same as blending by the anti-aliased coverage.
    # (cv2 arithmetic on same-shape arrays: several times faster than numpy broadcasting.)
    dark = cv2.min(roi, cv2.cvtColor(cv2.bitwise_not(ring[sub]), cv2.COLOR_GRAY2BGR))
    cover = cv2.cvtColor(np.ascontiguousarray(mask[sub]), cv2.COLOR_GRAY2BGR)
    if color != WHITE:
        tint = np.empty_like(cover)
        tint[...] = color
        cover = cv2.multiply(cover, tint, scale=1.0 / 255.0)
    roi[...] = cv2.max(dark, cover)


def _shade(img: np.ndarray, x0: int, y0: int, x1: int, y1: int, keep: float = 0.35) -> None:
    """Darken a rectangle in place (a translucent panel behind text)."""
    h, w = img.shape[:2]
    x0, x1 = max(0, x0), min(w, x1)
    y0, y1 = max(0, y0), min(h, y1)
    if x1 > x0 and y1 > y0:
        roi = img[y0:y1, x0:x1]
        roi[...] = cv2.convertScaleAbs(roi, alpha=keep)


# ---------------------------------------------------------------- gauge geometry


def gauge_rect(width: int, height: int) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of the range gauge's bar on an image of this size (x1, y1
    exclusive): a vertical bar on the right edge from 20 % to 80 % of the height."""
    u = _unit(width, height)
    m = _margin(u)
    bar_w = max(10, round(40 * u))
    overhang = max(3, round(8 * u))  # the target line sticks out this far either side
    x1 = width - m - overhang
    return x1 - bar_w, round(0.2 * height), x1, round(0.8 * height)


def _gauge_scale(rest: float | None, target: float | None, unit: str) -> tuple[float, float]:
    """(rest, signed value span of the whole bar height)."""
    r = 0.0 if rest is None else float(rest)
    if target is not None and target != r:
        return r, (float(target) - r) / _TARGET_FRAC
    return r, _DEFAULT_SPAN.get(unit, 1.0 / _TARGET_FRAC)


def gauge_y(
    value: float,
    rest: float | None,
    target: float | None,
    rect: tuple[int, int, int, int],
    unit: str = "deg",
) -> int:
    """Pixel row of `value` on the gauge: rest at the bottom, target at 80 % of the way
    up, whichever direction the target lies from rest; clipped to the bar."""
    _, y0, _, y1 = rect
    r, span = _gauge_scale(rest, target, unit)
    frac = min(max((float(value) - r) / span, 0.0), 1.0)
    return round(y1 - frac * (y1 - y0))


def _reached(value: float, rest: float | None, target: float | None) -> bool:
    """Past the target, going away from rest (up or down)."""
    if target is None:
        return False
    r = 0.0 if rest is None else rest
    direction = 1.0 if target >= r else -1.0
    return (value - target) * direction >= 0.0


def _format_value(value: float, unit: str) -> str:
    number = f"{value:.0f}" if unit == "deg" or abs(value) >= 10 else f"{value:.2f}"
    return f"{number} {unit}" if unit else number


# ---------------------------------------------------------------- the parts


def _draw_skeleton(img: np.ndarray, landmarks: np.ndarray, mirror: bool, u: float) -> None:
    h, w = img.shape[:2]
    xs = landmarks[:, X].astype(np.float64)
    if mirror:
        xs = 1.0 - xs
    pts = np.stack([xs * w, landmarks[:, Y].astype(np.float64) * h], axis=1)
    ok = (landmarks[:, VISIBILITY] >= VISIBILITY_MIN) & np.isfinite(pts).all(axis=1)
    # Off-frame landmarks are legal; keep them within what cv2's integer drawing accepts.
    pts = np.clip(np.nan_to_num(pts), [-w, -h], [2 * w, 2 * h])
    ipts = [(int(round(x)), int(round(y))) for x, y in pts]

    t = max(2, round(5 * u))
    for a, b, color in _BONES:
        if ok[a] and ok[b]:
            cv2.line(img, ipts[a], ipts[b], BLACK, t + max(2, round(3 * u)), _AA)
            cv2.line(img, ipts[a], ipts[b], color, t, _AA)
    r = max(3, round(7 * u))
    for j in _JOINTS:
        if ok[j]:
            cv2.circle(img, ipts[j], r, WHITE, -1, _AA)
            cv2.circle(img, ipts[j], r, BLACK, max(1, round(2 * u)), _AA)


def _draw_count_panel(img: np.ndarray, state: OverlayState, u: float, right_limit: int) -> int:
    """Title, the big count, the set and the per-side counts, top-left. Returns the
    panel's right edge."""
    m = _margin(u)
    max_w = max(1, right_limit - 2 * m)
    lines: list[tuple[str, float, tuple[int, int, int]]] = []
    if state.exercise_title:
        lines.append(
            (state.exercise_title, _fit_scale(state.exercise_title, 1.2 * u, max_w), WHITE)
        )
    count_scale = _fit_scale(state.count_text or "0", 5.5 * u, max_w)
    lines.append((state.count_text, count_scale, WHITE))
    if state.set_text:
        lines.append((state.set_text, _fit_scale(state.set_text, 1.1 * u, max_w), WHITE))
    if state.side_counts:
        sides = "   ".join(f"{k.capitalize()} {v}" for k, v in state.side_counts.items())
        lines.append((sides, _fit_scale(sides, 1.1 * u, max_w), WHITE))

    gap = max(3, round(14 * u))
    placed: list[tuple[str, float, tuple[int, int, int], int]] = []
    y = m
    right = m
    for text, scale, color in lines:
        # An empty count keeps its place, so the layout does not jump between frames.
        tw, th, base = _measure(text or "0", scale)
        y += th
        placed.append((text, scale, color, y))
        if text:
            right = max(right, m + tw + _outline_px(scale))
        y += base + gap
    right = min(right + m, right_limit)
    _shade(img, 0, 0, right, y - gap + m)
    for text, scale, color, baseline in placed:
        if text:
            _put_text(img, text, (m, baseline), scale, color)
    return right


def _draw_gauge(img: np.ndarray, state: OverlayState, u: float) -> None:
    h, w = img.shape[:2]
    rect = gauge_rect(w, h)
    x0, y0, x1, y1 = rect
    rest, target, value, unit = (
        state.gauge_rest,
        state.gauge_target,
        state.gauge_value,
        state.gauge_unit,
    )
    border = max(1, round(2 * u))
    cv2.rectangle(img, (x0, y0), (x1 - 1, y1 - 1), GAUGE_BACKGROUND, -1)
    if value is not None and math.isfinite(value):
        yv = gauge_y(value, rest, target, rect, unit)
        color = GAUGE_REACHED_COLOR if _reached(value, rest, target) else GAUGE_SHORT_COLOR
        if yv < y1:
            cv2.rectangle(img, (x0, yv), (x1 - 1, y1 - 1), color, -1)
    cv2.rectangle(img, (x0, y0), (x1 - 1, y1 - 1), GAUGE_BORDER, border)
    if target is not None:
        yt = gauge_y(target, rest, target, rect, unit)
        overhang = max(3, round(8 * u))
        t = max(3, round(6 * u))
        p0, p1 = (x0 - overhang, yt), (x1 - 1 + overhang, yt)
        cv2.line(img, p0, p1, BLACK, t + 2 * max(1, round(3 * u)))
        cv2.line(img, p0, p1, TARGET_LINE_COLOR, t)
    if value is not None and math.isfinite(value):
        text = _format_value(value, unit)
        right = w - max(2, _margin(u) // 2)
        scale = _fit_scale(text, 1.0 * u, round(0.3 * w))
        tw, _, _ = _measure(text, scale)
        _put_text(img, text, (right - tw, y0 - max(6, round(16 * u))), scale)


def _draw_hold(
    img: np.ndarray, state: OverlayState, u: float, left_limit: int, right_limit: int
) -> None:
    m = _margin(u)
    radius = max(14, round(62 * u))
    ring = max(3, round(14 * u))
    outer = radius + ring // 2 + 1
    cx = img.shape[1] // 2
    cx = min(max(cx, left_limit + m + outer), right_limit - m - outer)
    cy = m + outer
    remaining, elapsed = state.hold_remaining_s, state.hold_elapsed_s

    if remaining is not None:
        done = remaining <= 0.0
        color = GREEN if done else AMBER
        if done:
            frac = 1.0
        elif elapsed is not None and elapsed + remaining > 0:
            frac = min(max(elapsed / (elapsed + remaining), 0.0), 1.0)
        else:
            frac = 1.0
        text = "done" if done else str(math.ceil(remaining))
        label = "hold"
    else:
        assert elapsed is not None
        done, color, frac = False, HOLD_TRACK_COLOR, 1.0
        text = str(int(max(elapsed, 0.0)))
        label = "held"

    cv2.circle(img, (cx, cy), outer, HOLD_DISC_COLOR, -1, _AA)
    cv2.circle(img, (cx, cy), radius, HOLD_TRACK_COLOR, ring, _AA)
    if frac > 0:
        cv2.ellipse(img, (cx, cy), (radius, radius), -90, 0, 360 * frac, color, ring, _AA)

    inner = 2 * (radius - ring)
    scale = min(_fit_scale(text, 3.0 * u, round(0.85 * inner)), 0.55 * inner / _GLYPH_PX)
    tw, th, _ = _measure(text, scale)
    _put_text(img, text, (cx - tw // 2, cy + th // 2), scale, GREEN if done else WHITE)

    lscale = 0.9 * u
    lw, lh, _ = _measure(label, lscale)
    _put_text(img, label, (cx - lw // 2, cy + outer + lh + max(4, round(10 * u))), lscale)


def _wrap_in_two(text: str) -> list[str]:
    words = text.split()
    if len(words) < 2:
        return [text]
    best = min(
        range(1, len(words)),
        key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def _draw_cue(img: np.ndarray, cue: str, u: float, half_w: int, bottom: int) -> None:
    """One cue, black on a yellow box, centred at the bottom."""
    w = img.shape[1]
    pad = max(4, round(14 * u))
    max_w = max(1, 2 * half_w - 2 * pad)
    base, smallest = 1.5 * u, 1.0 * u
    lines = [cue]
    scale = _fit_scale(cue, base, max_w, weight=2.5)
    if scale < smallest:
        lines = _wrap_in_two(cue)
        scale = min(_fit_scale(line, base, max_w, weight=2.5) for line in lines)
    sizes = [_measure(line, scale, 2.5) for line in lines]
    line_h = max(th for _, th, _ in sizes) + max(b for _, _, b in sizes)
    gap = max(2, round(8 * u))
    box_w = max(tw for tw, _, _ in sizes) + 2 * pad
    box_h = len(lines) * line_h + (len(lines) - 1) * gap + 2 * pad
    bx0 = w // 2 - box_w // 2
    by0 = bottom - box_h
    cv2.rectangle(img, (bx0, by0), (bx0 + box_w, bottom), YELLOW, -1)
    cv2.rectangle(img, (bx0, by0), (bx0 + box_w, bottom), BLACK, max(2, round(3 * u)))
    y = by0 + pad
    for line, (tw, _, base_px) in zip(lines, sizes, strict=True):
        y += line_h - base_px
        _put_text(img, line, (w // 2 - tw // 2, y), scale, BLACK, 2.5, outline=False)
        y += base_px + gap


def _draw_paused(img: np.ndarray, u: float) -> None:
    h, w = img.shape[:2]
    text = "PAUSED"
    scale = _fit_scale(text, 3.0 * u, round(0.8 * w), weight=2.5)
    tw, th, _ = _measure(text, scale, 2.5)
    pad = max(6, round(24 * u))
    y0 = h // 2 - th // 2 - pad
    cv2.rectangle(img, (0, y0), (w - 1, y0 + th + 2 * pad), PAUSED_BAND_COLOR, -1)
    _put_text(img, text, ((w - tw) // 2, y0 + pad + th), scale, WHITE, 2.5)


# ---------------------------------------------------------------- entry points


def draw_overlay(
    image_bgr: np.ndarray,
    pose: PoseFrame | None,
    state: OverlayState,
    *,
    mirror: bool = False,
) -> np.ndarray:
    """A new image: `image_bgr` (flipped left-right first when `mirror`, as a webcam
    preview should be) with the skeleton and the coaching overlay drawn on it. The input
    is not modified.

    Landmarks are placed by their normalised coordinates times this image's size, so a
    pose computed on a downscaled copy lands in the right place.
    """
    if (
        not isinstance(image_bgr, np.ndarray)
        or image_bgr.ndim != 3
        or image_bgr.shape[2] != 3
        or image_bgr.dtype != np.uint8
    ):
        got = (
            f"{image_bgr.dtype} array of shape {image_bgr.shape}"
            if isinstance(image_bgr, np.ndarray)
            else type(image_bgr).__name__
        )
        raise ValueError(
            f"draw_overlay needs a BGR image (an HxWx3 uint8 array), got a {got}; "
            "convert grey or BGRA frames with cv2.cvtColor first"
        )
    if state.paused:  # dimmed, so the banner and the overlay stand out
        img = cv2.convertScaleAbs(image_bgr, alpha=0.45)  # a new array
        if mirror:
            cv2.flip(img, 1, dst=img)
    else:
        img = cv2.flip(image_bgr, 1) if mirror else image_bgr.copy()
    h, w = img.shape[:2]
    u = _unit(w, h)
    m = _margin(u)

    if pose is not None and pose.landmarks is not None:
        _draw_skeleton(img, pose.landmarks, mirror, u)

    has_gauge = not (
        state.gauge_value is None and state.gauge_rest is None and state.gauge_target is None
    )
    if state.headline is not None:  # a programme: the screen read from the floor
        if state.high_contrast:
            img[...] = cv2.convertScaleAbs(img, alpha=0.5)
        if has_gauge:
            _draw_gauge(img, state, u)
        draw_programme(img, state)
        if state.paused:
            _draw_paused(img, u)
        return img
    gx0 = gauge_rect(w, h)[0]
    right_limit = gx0 - m if has_gauge else w - m
    panel_right = _draw_count_panel(img, state, u, right_limit)
    if has_gauge:
        _draw_gauge(img, state, u)
    if state.hold_remaining_s is not None or state.hold_elapsed_s is not None:
        _draw_hold(img, state, u, panel_right, right_limit)

    bottom = h - m // 2
    if state.status_line:
        scale = _fit_scale(state.status_line, max(0.7 * u, 0.4), w - 2 * m, weight=1.6)
        _, _, base = _measure(state.status_line, scale, 1.6)
        _put_text(img, state.status_line, (m, bottom - base), scale, WHITE, 1.6)
        _, th, _ = _measure(state.status_line, scale, 1.6)
        bottom -= th + base + m // 2
    if state.cue:
        half_w = min(w // 2 - m, right_limit - w // 2)
        _draw_cue(img, state.cue, u, half_w, bottom)

    if state.paused:
        _draw_paused(img, u)
    return img


def save_png(image_bgr: np.ndarray, path: str | Path) -> None:
    """Write `image_bgr` as a PNG file (whatever the suffix of `path`)."""
    ok, data = cv2.imencode(".png", image_bgr)
    if not ok:
        raise ValueError(
            f"could not encode a {image_bgr.dtype} image of shape {image_bgr.shape} as PNG"
        )
    Path(path).write_bytes(data.tobytes())


# ---------------------------------------------------------------- the programme screen
#
# Read from the floor 2-3 m away. Sizes are cap heights (the height of a capital or a
# digit) as shares of the screen height, so they hold on any window and any display
# density: a 15.6-inch laptop screen is about 194 mm tall. A 6/6 (20/20) eye resolves a
# letter 5 arcmin tall, 4.4 mm at 3 m (Snellen); readable text for a patient with
# ordinary, uncorrected or tired eyesight wants about three times that (6/18), 13 mm.
#
#   the rep count        >= 1/5 of the height   (39 mm: readable at a glance, 9x the limit)
#   the rest seconds     >= 1/5                 (the same place and size as the count)
#   the hold countdown   >= 1/6                 (32 mm), on an amber ring: not a count
#   the set, the cue     >= 1/14                (14 mm, 3x the limit)
#   exercise title       >= 1/22                (9 mm: also said aloud)
#   keys line            >= 1/45                (for whoever is at the keyboard)
#
# Landscape screens; on a portrait one the same shares are of the width instead.

COUNT_MIN_SHARE = 1 / 5
REST_MIN_SHARE = 1 / 5
HOLD_MIN_SHARE = 1 / 6
SET_MIN_SHARE = 1 / 14
CUE_MIN_SHARE = 1 / 14
TITLE_MIN_SHARE = 1 / 22
KEYS_MIN_SHARE = 1 / 45

# Designed a little above each minimum, so rounding never takes one below it.
_COUNT_SHARE = 0.23
_HOLD_SHARE = 0.19
_SET_SHARE = 0.078
_CUE_SHARE = 0.085
_TITLE_SHARE = 0.05
_KEYS_SHARE = 0.025

REST_COLOR = (235, 170, 40)  # blue: a rest is a pause, not a count
HOLD_COLOR = AMBER
HC_TEXT = (0, 255, 255)  # high contrast: yellow on black


@dataclass(frozen=True, slots=True)
class ProgrammeLayout:
    """Where each large element goes, (x0, y0, x1, y1) in pixels; pure, from the size."""

    left: tuple[int, int, int, int]  # headline, title, count, set
    count: tuple[int, int, int, int]
    set_line: tuple[int, int, int, int]
    timer: tuple[int, int, int, int]  # the hold ring or the rest timer
    cue: tuple[int, int, int, int]  # the cue band (its text is centred in it)
    sizes_px: dict[str, int]  # the cap heights used, by element


def _cap_scale(cap_px: float, weight: float = 2.0) -> float:
    """The Hershey font scale whose digits are `cap_px` tall."""
    _, th, _ = _measure("0", 1.0, weight)
    return cap_px / max(th, 1)


def programme_layout(width: int, height: int) -> ProgrammeLayout:
    short = min(width, height)
    m = max(6, round(0.025 * short))
    sizes = {
        "count": math.ceil(_COUNT_SHARE * short),
        "hold": math.ceil(_HOLD_SHARE * short),
        "rest": math.ceil(_COUNT_SHARE * short),
        "set": math.ceil(_SET_SHARE * short),
        "cue": math.ceil(_CUE_SHARE * short),
        "title": math.ceil(_TITLE_SHARE * short),
        "keys": max(8, math.ceil(_KEYS_SHARE * short)),
    }
    left_w = round(0.46 * width)
    gap = round(0.35 * sizes["set"])
    y = m
    y += sizes["title"] + gap  # headline
    y += sizes["title"] + 2 * gap  # title
    count = (m, y, left_w, y + sizes["count"])
    y = count[3] + 2 * gap
    set_line = (m, y, left_w, y + sizes["set"])
    y = set_line[3] + gap
    left = (0, 0, left_w + m, y + m)
    keys_h = sizes["keys"] + 2 * max(3, m // 3)
    cue_h = 2 * sizes["cue"] + 3 * round(0.4 * sizes["cue"])
    cue = (m, height - keys_h - cue_h - m // 2, width - m, height - keys_h - m // 2)
    gx0 = gauge_rect(width, height)[0]
    timer_right = gx0 - m
    timer_left = left_w + 2 * m
    side = min(timer_right - timer_left, cue[1] - m - m)
    cx = (timer_left + timer_right) // 2
    timer = (cx - side // 2, m, cx + side // 2, m + side)
    return ProgrammeLayout(left, count, set_line, timer, cue, sizes)


def _text_at_cap(
    img: np.ndarray,
    text: str,
    x: int,
    top: int,
    cap_px: int,
    color: tuple[int, int, int],
    max_w: int,
    weight: float = 2.0,
) -> None:
    scale = _cap_scale(cap_px, weight)
    scale = _fit_scale(text, scale, max_w, weight)
    _, th, _ = _measure(text, scale, weight)
    _put_text(img, text, (x, top + th), scale, color, weight)


def _wrap(text: str, scale: float, max_w: int, weight: float, lines: int) -> list[str]:
    """Greedy word wrap into at most `lines` lines that fit max_w at this scale."""
    words = text.split()
    out: list[str] = []
    cur = ""
    for w in words:
        trial = f"{cur} {w}".strip()
        if cur and _measure(trial, scale, weight)[0] + 2 * _outline_px(scale) > max_w:
            out.append(cur)
            cur = w
        else:
            cur = trial
    if cur:
        out.append(cur)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
    return out


def _draw_timer(
    img: np.ndarray,
    rect: tuple[int, int, int, int],
    number: str,
    label: str,
    frac: float,
    color: tuple[int, int, int],
    cap_px: int,
    hc: bool,
) -> None:
    x0, y0, x1, y1 = rect
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    radius = max(10, (x1 - x0) // 2 - 4)
    ring = max(4, radius // 8)
    cv2.circle(img, (cx, cy), radius, BLACK if hc else HOLD_DISC_COLOR, -1, _AA)
    cv2.circle(img, (cx, cy), radius - ring // 2, HOLD_TRACK_COLOR, ring, _AA)
    if frac > 0:
        cv2.ellipse(
            img,
            (cx, cy),
            (radius - ring // 2, radius - ring // 2),
            -90,
            0,
            360 * min(frac, 1.0),
            color,
            ring,
            _AA,
        )
    # As wide as the ring's inside is at the top and bottom of the digits.
    inner_r = radius - ring
    half = min(cap_px / 2, 0.9 * inner_r)
    inner_w = round(1.9 * math.sqrt(max(inner_r**2 - half**2, 1.0)))
    scale = _fit_scale(number, _cap_scale(cap_px, 2.5), inner_w, 2.5)
    tw, th, _ = _measure(number, scale, 2.5)
    _put_text(img, number, (cx - tw // 2, cy + th // 2), scale, color, 2.5)
    lscale = _fit_scale(label, _cap_scale(max(8, cap_px // 3)), inner_w)
    lw, lh, _ = _measure(label, lscale)
    _put_text(
        img, label, (cx - lw // 2, cy - th // 2 - lh // 2 - ring), lscale, HC_TEXT if hc else WHITE
    )


def draw_programme(img: np.ndarray, state: OverlayState) -> ProgrammeLayout:
    """The programme screen's panels, drawn in place on `img` (the picture, already
    scaled to the screen); returns the layout used."""
    h, w = img.shape[:2]
    lay = programme_layout(w, h)
    hc = state.high_contrast
    text = HC_TEXT if hc else WHITE
    x0, y0, x1, y1 = lay.left
    if hc:
        cv2.rectangle(img, (x0, y0), (x1, y1), BLACK, -1)
    else:
        _shade(img, x0, y0, x1, y1, keep=0.3)
    m = lay.count[0]
    max_w = lay.count[2] - m
    s = lay.sizes_px
    gap = round(0.35 * s["set"])
    _text_at_cap(img, state.headline or "", m, m, s["title"], text, max_w)
    _text_at_cap(img, state.exercise_title, m, m + s["title"] + gap, s["title"], WHITE, max_w)
    _text_at_cap(img, state.count_text, m, lay.count[1], s["count"], text, max_w, 2.5)
    if state.set_text:
        _text_at_cap(img, state.set_text, m, lay.set_line[1], s["set"], WHITE, max_w)

    if state.rest_remaining_s is not None:
        # The rest timer: blue, in the ring, as large as the count (it is read the same
        # way, from the floor), filling as the rest runs out.
        left = state.rest_remaining_s
        frac = 1.0 - left / state.rest_total_s if state.rest_total_s else 1.0
        _draw_timer(img, lay.timer, str(math.ceil(left)), "REST", frac, REST_COLOR, s["rest"], hc)
    elif state.hold_remaining_s is not None:
        remaining = state.hold_remaining_s
        elapsed = state.hold_elapsed_s or 0.0
        done = remaining <= 0
        frac = 1.0 if done or elapsed + remaining <= 0 else elapsed / (elapsed + remaining)
        _draw_timer(
            img,
            lay.timer,
            "relax" if done else str(math.ceil(remaining)),
            "HOLD",
            frac,
            GREEN if done else HOLD_COLOR,
            s["hold"],
            hc,
        )
    elif state.hold_elapsed_s is not None:
        _draw_timer(
            img,
            lay.timer,
            str(int(state.hold_elapsed_s)),
            "HELD",
            1.0,
            HOLD_TRACK_COLOR,
            s["hold"],
            hc,
        )

    if state.cue:
        cx0, cy0, cx1, cy1 = lay.cue
        scale = _cap_scale(s["cue"], 2.5)
        pad = round(0.4 * s["cue"])
        lines = _wrap(state.cue, scale, cx1 - cx0 - 2 * pad, 2.5, 2)
        scale = min(_fit_scale(line, scale, cx1 - cx0 - 2 * pad, 2.5) for line in lines)
        sizes = [_measure(line, scale, 2.5) for line in lines]
        box_w = max(tw for tw, _, _ in sizes) + 2 * pad
        line_h = max(th for _, th, _ in sizes)
        box_h = len(lines) * line_h + (len(lines) + 1) * pad
        bx0 = w // 2 - box_w // 2
        by0 = cy1 - box_h
        fill = BLACK if hc else YELLOW
        cv2.rectangle(img, (bx0, by0), (bx0 + box_w, cy1), fill, -1)
        cv2.rectangle(
            img, (bx0, by0), (bx0 + box_w, cy1), HC_TEXT if hc else BLACK, max(2, pad // 3)
        )
        y = by0 + pad
        for line, (tw, th, _) in zip(lines, sizes, strict=True):
            _put_text(
                img,
                line,
                (w // 2 - tw // 2, y + th),
                scale,
                HC_TEXT if hc else BLACK,
                2.5,
                outline=hc,
            )
            y += th + pad
    if state.status_line:
        kscale = _fit_scale(state.status_line, _cap_scale(s["keys"], 1.6), w - 2 * m, 1.6)
        _, _, base = _measure(state.status_line, kscale, 1.6)
        _put_text(img, state.status_line, (m, h - base - max(3, m // 3)), kscale, WHITE, 1.6)
    return lay
