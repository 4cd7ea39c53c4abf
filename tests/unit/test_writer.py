"""The builder's store writer: batches reach the store in order, one at a time, beside the
encode, and a failed write is raised, not lost."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pytest

from index.builder import _Writer
from index.errors import StoreError


class SlowStore:
    """Records each upsert and how many ran at once."""

    def __init__(self, fail_on: int | None = None) -> None:
        self.batches: list[list[str]] = []
        self.threads: set[str] = set()
        self.running = 0
        self.most = 0
        self.fail_on = fail_on
        self.lock = threading.Lock()

    def upsert(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]],
               vectors: Any) -> None:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.01)
        with self.lock:
            self.running -= 1
            self.threads.add(threading.current_thread().name)
            if self.fail_on is not None and len(self.batches) == self.fail_on:
                raise StoreError("disk full")
            self.batches.append(ids)


def _batch(n: int) -> tuple[list[str], list[str], list[dict[str, Any]], Any]:
    return [f"u{n}"], [f"text {n}"], [{}], np.zeros((1, 4), dtype=np.float32)


def test_batches_reach_the_store_in_order_one_at_a_time_off_the_calling_thread() -> None:
    store = SlowStore()
    with _Writer(store) as writer:  # type: ignore[arg-type]
        for n in range(5):
            writer.upsert(*_batch(n))
    assert store.batches == [[f"u{n}"] for n in range(5)]
    assert store.most == 1
    assert store.threads and threading.current_thread().name not in store.threads


def test_a_failed_write_is_raised_by_the_next_batch() -> None:
    store = SlowStore(fail_on=1)
    with pytest.raises(StoreError, match="disk full"), _Writer(store) as writer:  # type: ignore[arg-type]
        for n in range(5):
            writer.upsert(*_batch(n))
    assert store.batches == [["u0"]]  # nothing written after the failure


def test_a_failed_last_write_is_raised_on_leaving() -> None:
    store = SlowStore(fail_on=0)
    with pytest.raises(StoreError, match="disk full"), _Writer(store) as writer:  # type: ignore[arg-type]
        writer.upsert(*_batch(0))
