"""A CPU hog on every core: busy-loop processes that the benchmark starts and stops itself."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

_LOOP = "while True:\n    pass\n"


@contextmanager
def cpu_hog(processes: int | None = None) -> Iterator[int]:
    """Run one busy-looping Python process per core (or `processes`) inside the block."""
    count = processes or os.cpu_count() or 1
    hogs = [subprocess.Popen([sys.executable, "-c", _LOOP]) for _ in range(count)]
    try:
        time.sleep(0.5)  # let them reach the loop and the scheduler see them
        yield count
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait()
