"""Where results are written: never over an input, never over a user's file unasked,
never half-written (see `posecount.outputs.safe`)."""

from posecount.outputs.safe import atomic_output, check_output, same_file

__all__ = ["atomic_output", "check_output", "same_file"]
