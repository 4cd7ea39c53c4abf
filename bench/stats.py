"""Small measuring helpers: percentiles, a stopwatch, and the process's peak memory."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# How a worker marks its result line on stdout.
MARK = "BENCH-RESULT "


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation, like numpy's default."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000.0 for s in seconds]
    return {"p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "min_ms": round(min(ms), 2) if ms else float("nan"), "n": len(ms)}


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


@dataclass
class Clock:
    wall: float = 0.0  # seconds
    cpu: float = 0.0  # process CPU seconds, all threads


@contextmanager
def clock() -> Iterator[Clock]:
    """Wall and process-CPU seconds of the `with` block."""
    c = Clock()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield c
    finally:
        c.wall, c.cpu = time.perf_counter() - wall, time.process_time() - cpu


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this process: VmHWM from /proc and getrusage's ru_maxrss."""
    out = {"ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    key = "vmhwm_mb" if line.startswith("VmHWM") else "vmrss_mb"
                    out[key] = round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return out
