"""Time-aware smoothing of a scalar feature: the One Euro filter.

Casiez, Roussel & Vogel, "1 Euro Filter: A Simple Speed-based Low-pass Filter for Noisy
Input in Interactive Systems", CHI 2012. An exponential low-pass whose cutoff frequency
rises with the signal's speed: at rest it smooths hard (jitter goes), while moving it
lets the signal through with little lag (the peak of a rep is not flattened).

The smoothing factor is computed from the real time step (from ``t_ms``), so the filter
behaves the same at 10 fps, 30 fps or with dropped frames.
"""

from __future__ import annotations

import math


def _alpha(cutoff_hz: float, dt_s: float) -> float:
    """Smoothing factor of a first-order low-pass with this cutoff over this time step.

    The exact form 1 - exp(-dt/tau) rather than the paper's 1 / (1 + tau/dt) (its
    first-order approximation): with it, two steps of dt smooth exactly as much as one
    step of 2 dt, so the result does not depend on the frame rate. The two agree when
    dt is much shorter than tau.
    """
    tau_s = 1.0 / (2.0 * math.pi * cutoff_hz)
    return -math.expm1(-dt_s / tau_s)


class OneEuroFilter:
    """Adaptive low-pass for one scalar signal sampled at irregular times.

    min_cutoff_hz: cutoff at rest. Lower removes more jitter but adds lag.
    beta: how much the cutoff rises per unit/s of speed (in the signal's unit). 0 makes it
        a plain low-pass; raise it until fast movements stop lagging.
    d_cutoff_hz: cutoff used to smooth the speed estimate itself.
    reset_after_ms: after a gap in the values longer than this, the filter restarts from
        the new value instead of sweeping across the gap from a stale state.

    ``update(value, t_ms)``: a None value (feature missing) returns None and leaves the
    state untouched. ``t_ms`` must increase strictly from call to call (None calls
    included); a repeated or earlier time raises ValueError, because it means the caller
    mixed up two streams or clocks, and silently ignoring it would hide that.

    The output is always a weighted mean of the inputs since the last restart, so it stays
    within their range.
    """

    def __init__(
        self,
        min_cutoff_hz: float = 1.0,
        beta: float = 0.0,
        d_cutoff_hz: float = 1.0,
        reset_after_ms: float = 1000,
    ) -> None:
        if not (math.isfinite(min_cutoff_hz) and min_cutoff_hz > 0):
            raise ValueError(
                f"min_cutoff_hz must be a finite number > 0 (e.g. 1.0), got {min_cutoff_hz!r}"
            )
        if not (math.isfinite(beta) and beta >= 0):
            raise ValueError(f"beta must be a finite number >= 0 (0 disables), got {beta!r}")
        if not (math.isfinite(d_cutoff_hz) and d_cutoff_hz > 0):
            raise ValueError(
                f"d_cutoff_hz must be a finite number > 0 (e.g. 1.0), got {d_cutoff_hz!r}"
            )
        if not (math.isfinite(reset_after_ms) and reset_after_ms > 0):
            raise ValueError(f"reset_after_ms must be a number of ms > 0, got {reset_after_ms!r}")
        self.min_cutoff_hz = float(min_cutoff_hz)
        self.beta = float(beta)
        self.d_cutoff_hz = float(d_cutoff_hz)
        self.reset_after_ms = reset_after_ms
        self.reset()

    def reset(self) -> None:
        """Forget all state; the next value is passed through unchanged."""
        self._x: float | None = None  # last filtered value
        self._dx = 0.0  # last filtered speed, unit/s
        self._t_value: int | None = None  # t_ms of the last value
        self._t_call: int | None = None  # t_ms of the last call, value or None

    @property
    def value(self) -> float | None:
        """The last filtered value (None before the first value)."""
        return self._x

    def update(self, value: float | None, t_ms: int) -> float | None:
        if self._t_call is not None and t_ms <= self._t_call:
            raise ValueError(
                f"t_ms must increase from call to call: got {t_ms} after {self._t_call}; "
                "feed one stream per filter, in time order"
            )
        self._t_call = t_ms
        if value is None:
            return None
        x = float(value)
        if not math.isfinite(x):
            raise ValueError(f"value must be a finite number or None (missing), got {value!r}")
        if self._x is None or self._t_value is None or t_ms - self._t_value > self.reset_after_ms:
            self._x, self._dx, self._t_value = x, 0.0, t_ms
            return x
        dt_s = (t_ms - self._t_value) / 1000.0
        self._t_value = t_ms
        # The paper estimates speed from the previous *filtered* value.
        raw_dx = (x - self._x) / dt_s
        self._dx += _alpha(self.d_cutoff_hz, dt_s) * (raw_dx - self._dx)
        cutoff_hz = self.min_cutoff_hz + self.beta * abs(self._dx)
        self._x += _alpha(cutoff_hz, dt_s) * (x - self._x)
        return self._x


__all__ = ["OneEuroFilter"]
