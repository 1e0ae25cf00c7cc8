"""Lay out a stretch of a video's frames as one PNG with each frame's presentation time
printed on it, to time clinical end points by eye (the hand times in
tests/clinical/test_clinical_tracks.py were read from these sheets).

    python benchmarks/contact_sheet.py VIDEO START_S END_S OUT.png [--every N]
                                       [--crop X0,Y0,X1,Y1]   # shares of width/height

Times are the container's presentation times (OpenCV's CAP_PROP_POS_MSEC), which is what
posecount uses when they are sane: a variable frame rate clip is laid out as recorded.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import cv2
import numpy as np

_TILE_W = 320
_COLS = 6


def sheet(video: Path, start_s: float, end_s: float, every: int, crop: str | None) -> np.ndarray:
    cap = cv2.VideoCapture(str(video))
    if not cap.isOpened():
        raise SystemExit(f"cannot open {video}")
    tiles: list[np.ndarray] = []
    kept = 0
    while cap.grab():
        t_s = cap.get(cv2.CAP_PROP_POS_MSEC) / 1000
        if t_s > end_s:
            break
        if t_s < start_s:
            continue
        kept += 1
        if (kept - 1) % every:
            continue
        ok, img = cap.retrieve()
        if not ok:
            break
        if crop:
            x0, y0, x1, y1 = (float(v) for v in crop.split(","))
            h, w = img.shape[:2]
            img = img[int(y0 * h) : int(y1 * h), int(x0 * w) : int(x1 * w)]
        img = cv2.resize(img, (_TILE_W, round(_TILE_W * img.shape[0] / img.shape[1])))
        cv2.putText(img, f"{t_s:.3f}", (5, 25), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 255), 2)
        tiles.append(img)
    cap.release()
    if not tiles:
        raise SystemExit(f"no frames between {start_s} and {end_s} s")
    while len(tiles) % _COLS:
        tiles.append(np.zeros_like(tiles[0]))
    rows = [np.hstack(tiles[i : i + _COLS]) for i in range(0, len(tiles), _COLS)]
    return np.vstack(rows)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("video", type=Path)
    p.add_argument("start_s", type=float)
    p.add_argument("end_s", type=float)
    p.add_argument("out", type=Path)
    p.add_argument("--every", type=int, default=1, help="keep every N-th frame")
    p.add_argument("--crop", help="X0,Y0,X1,Y1 as shares of the frame (0-1)")
    a = p.parse_args()
    if a.out.exists():
        raise SystemExit(f"{a.out} exists; choose another name (nothing was overwritten)")
    img = sheet(a.video, a.start_s, a.end_s, max(1, a.every), a.crop)
    cv2.imwrite(str(a.out), img)
    print(f"{a.out}: {img.shape[1]}x{img.shape[0]} px")


if __name__ == "__main__":
    main()
