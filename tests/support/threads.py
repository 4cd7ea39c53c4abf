"""Work released on many threads at once, for races."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_together(threads: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run `work(n)` for n in 0..threads-1, each on its own thread, all started together
    (a barrier); returns what they raised."""
    start = threading.Barrier(threads)
    failures: list[BaseException] = []

    def run(n: int) -> None:
        try:
            start.wait()
            work(n)
        except BaseException as exc:  # the caller asserts there are none
            failures.append(exc)

    pool = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return failures
