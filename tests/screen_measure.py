"""Measuring the programme screen in pixels (a rendered image or a real screenshot):
how tall each large element really is, found by its colour inside its layout box."""

from __future__ import annotations

import numpy as np

from posecount.render.overlay import programme_layout


def _extent(mask: np.ndarray) -> int:
    rows = np.flatnonzero(mask.any(axis=1))
    return 0 if rows.size == 0 else int(rows[-1] - rows[0] + 1)


def white(img: np.ndarray) -> np.ndarray:
    return (img > 200).all(axis=2)


def amber(img: np.ndarray) -> np.ndarray:  # BGR (0, 170, 255)
    b, g, r = img[..., 0].astype(int), img[..., 1].astype(int), img[..., 2].astype(int)
    # (the skeleton's orange left side, (0, 140, 255), is not it)
    return (r > 200) & (g >= 155) & (g <= 190) & (b < 60)


def blue(img: np.ndarray) -> np.ndarray:  # BGR (235, 170, 40)
    b, g, r = img[..., 0].astype(int), img[..., 1].astype(int), img[..., 2].astype(int)
    # (the skeleton's light blue right side, (255, 200, 0), is not it)
    return (b > 205) & (b < 250) & (g >= 150) & (g <= 190) & (r > 15) & (r < 75)


def yellow(img: np.ndarray) -> np.ndarray:  # BGR (0, 225, 255)
    b, g, r = img[..., 0].astype(int), img[..., 1].astype(int), img[..., 2].astype(int)
    return (r > 200) & (g > 200) & (b < 80)


def measure(img: np.ndarray) -> dict[str, int]:
    """Heights in pixels of the count, the set line, the hold countdown's digits (or the
    rest timer's) and the cue's text, on a BGR image of the programme screen."""
    h, w = img.shape[:2]
    lay = programme_layout(w, h)
    pad = lay.sizes_px["set"] // 3
    x0, y0, x1, y1 = lay.count
    region = img[max(0, y0 - pad) : y1 + pad, x0:x1]
    count = _extent(white(region) | yellow(region))  # yellow: high contrast
    x0, y0, x1, y1 = lay.set_line
    set_h = _extent(white(img[y0 - pad : y1 + pad, x0:x1]))
    x0, y0, x1, y1 = lay.timer
    cx, cy, r = (x0 + x1) // 2, (y0 + y1) // 2, (x1 - x0) // 2
    inner = img[cy - r // 2 : cy + r // 2, cx - round(0.6 * r) : cx + round(0.6 * r)]
    hold = _extent(amber(inner))
    rest = _extent(blue(inner))
    x0, y0, x1, y1 = lay.cue
    band = img[y0:y1, x0:x1]
    box = yellow(band)
    cue = 0
    if box.any():
        rows = np.flatnonzero(box.any(axis=1))
        cols = np.flatnonzero(box.any(axis=0))
        inside = band[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
        text = (inside < 60).all(axis=2)
        # the box's own black border is not text: drop the outer rows and columns
        t = max(3, lay.sizes_px["cue"] // 8)
        cue = _extent(text[t:-t, t:-t])
    return {"count": count, "set": set_h, "hold": hold, "rest": rest, "cue": cue}
