"""Timed clinical performance tests (timed up and go, five-times sit-to-stand, 30-second
chair stand, single-leg stance) scored from the pose stream, and their published norms.

The protocols are pure machines fed PoseFrames (no clock: the frames carry t_ms); the
norms are data (clinical.norms) with the source of every number; `run` is the edge that
opens a source and puts a result against the norms.
"""
