"""Drawing on frames: the live-coaching overlay (one of the two places cv2 is used)."""

from posecount.render.overlay import OverlayState, draw_overlay, gauge_rect, gauge_y, save_png

__all__ = ["OverlayState", "draw_overlay", "gauge_rect", "gauge_y", "save_png"]
