"""A pinhole camera that projects scene points the way a webcam image is laid out.

Camera frame (OpenCV's, which MediaPipe's image and world landmarks follow): x to the image
right, y DOWN the image, z forwards along the optical axis. Normalised image coordinates are
pixel coordinates divided by the image width and height, so (0, 0) is the top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

VIEWS = ("side-left", "side-right", "front")


@dataclass(frozen=True, slots=True, eq=False)
class Camera:
    """position_m: optical centre in the scene; rotation: rows are the camera's right, down
    and forward axes in scene coordinates; focal_px: focal length in pixels (square pixels,
    principal point at the image centre); image_size_px: (width, height)."""

    position_m: np.ndarray
    rotation: np.ndarray
    focal_px: float
    image_size_px: tuple[int, int]

    @classmethod
    def look_along(
        cls,
        position_m: np.ndarray,
        forward: np.ndarray,
        *,
        image_size_px: tuple[int, int],
        fov_deg: float = 65.0,
        roll_deg: float = 0.0,
        up: np.ndarray | None = None,
    ) -> Camera:
        """A camera at position_m looking along `forward`, level (image up = scene up) unless
        rolled. fov_deg is the horizontal field of view across the image width; a laptop
        webcam is typically 60-70 degrees.

        roll_deg turns the camera about its optical axis, clockwise as seen from behind it: at
        +90 (a phone turned on its side) the scene's up points to the image LEFT, at -90 to
        the image right, and a standing person appears lying across the frame."""
        if not 10.0 <= fov_deg <= 150.0:
            raise ValueError(f"fov_deg must be in [10, 150] degrees, got {fov_deg!r}")
        up_v = np.array([0.0, 0.0, 1.0]) if up is None else np.asarray(up, dtype=float)
        f = np.asarray(forward, dtype=float)
        f = f / np.linalg.norm(f)
        right = np.cross(f, up_v)
        if np.linalg.norm(right) < 1e-9:
            raise ValueError("the camera cannot look straight up or down with a level horizon")
        right /= np.linalg.norm(right)
        down = np.cross(f, right)
        # Rolling the camera clockwise turns its right axis towards the scene's down.
        r = np.radians(roll_deg)
        right_r = np.cos(r) * right + np.sin(r) * down
        down_r = -np.sin(r) * right + np.cos(r) * down
        w = image_size_px[0]
        focal = (w / 2.0) / np.tan(np.radians(fov_deg) / 2.0)
        rot = np.vstack([right_r, down_r, f])
        return cls(np.asarray(position_m, dtype=float), rot, float(focal), image_size_px)

    def to_camera(self, points_m: np.ndarray) -> np.ndarray:
        """Scene points (n, 3) in the camera frame (x right, y down, z forwards)."""
        return (np.asarray(points_m, dtype=float) - self.position_m) @ self.rotation.T

    def project(self, points_m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Normalised image x, y (n, 2) and depth along the optical axis in metres (n,).

        Points behind the camera get NaN image coordinates (callers mark them invisible)."""
        pc = self.to_camera(points_m)
        w, h = self.image_size_px
        depth = pc[:, 2]
        with np.errstate(divide="ignore", invalid="ignore"):
            u = self.focal_px * pc[:, 0] / depth + w / 2.0
            v = self.focal_px * pc[:, 1] / depth + h / 2.0
        xy = np.column_stack([u / w, v / h])
        xy[depth <= 1e-6] = np.nan
        return xy, depth


def view_camera(
    view: str,
    points_m: np.ndarray,
    *,
    facing: np.ndarray,
    left: np.ndarray,
    image_size_px: tuple[int, int],
    elevation_deg: float = 0.0,
    roll_deg: float = 0.0,
    fov_deg: float = 65.0,
    distance_m: float | None = None,
    fill: float = 0.8,
) -> Camera:
    """A camera for a named view that frames all of `points_m` (every point of the motion).

    facing: the horizontal direction the person's front faces (standing) or their head-to-feet
    direction (lying), in the scene; left: the horizontal direction of the person's left.
    "side-left" looks at the person's left side, "side-right" at their right side, "front" at
    their front (for a lying person: from beyond their feet, as a laptop at the end of a mat).
    elevation_deg tilts the camera down by that angle, raising it to keep the body centred.
    Without distance_m, the camera backs off until the body spans `fill` of the limiting image
    dimension, as a user would place a laptop to see all of themselves."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}; got {view!r}")
    if not -10.0 <= elevation_deg <= 80.0:
        raise ValueError(f"elevation_deg must be in [-10, 80] degrees, got {elevation_deg!r}")
    pts = np.asarray(points_m, dtype=float).reshape(-1, 3)
    horizontal = {"side-left": -left, "side-right": left, "front": -facing}[view]
    horizontal = np.array([horizontal[0], horizontal[1], 0.0])
    horizontal /= np.linalg.norm(horizontal)
    e = np.radians(elevation_deg)
    forward = np.cos(e) * horizontal + np.array([0.0, 0.0, -np.sin(e)])
    target = 0.5 * (pts.min(axis=0) + pts.max(axis=0))
    probe = Camera.look_along(
        target - forward, forward, image_size_px=image_size_px, fov_deg=fov_deg, roll_deg=roll_deg
    )
    if distance_m is None:
        # In the camera's axes around the target, a point at lateral offset a and depth offset
        # c stays within half the image span s when f*|a| / (D + c) <= fill * s / 2.
        rel = (pts - target) @ probe.rotation.T
        w, h = image_size_px
        need_x = probe.focal_px * np.abs(rel[:, 0]) / (fill * w / 2.0) - rel[:, 2]
        need_y = probe.focal_px * np.abs(rel[:, 1]) / (fill * h / 2.0) - rel[:, 2]
        # ...and no body point may come closer to the lens than 0.3 m.
        need_z = 0.3 - rel[:, 2]
        distance_m = float(max(need_x.max(), need_y.max(), need_z.max(), 1.0))
    elif not 0.3 <= distance_m <= 20.0:
        raise ValueError(f"camera_distance_m must be in [0.3, 20] metres, got {distance_m!r}")
    return Camera(target - forward * distance_m, probe.rotation, probe.focal_px, image_size_px)


__all__ = ["Camera", "VIEWS", "view_camera"]
