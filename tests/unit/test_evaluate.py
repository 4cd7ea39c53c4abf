"""Evaluation arithmetic that needs no answers: sampling and percentiles."""

from __future__ import annotations

from assistant import evaluate


def test_sample_is_seeded_and_in_file_order() -> None:
    rows = [{"id": str(i)} for i in range(50)]
    a = evaluate.choose(rows, sample=10, seed=3)
    assert a == evaluate.choose(rows, sample=10, seed=3)
    assert [int(r["id"]) for r in a] == sorted(int(r["id"]) for r in a)
    assert evaluate.choose(rows, limit=5) == rows[:5]


def test_percentile() -> None:
    assert evaluate.percentile([1, 2, 3, 4], 50) == 2.5
    assert evaluate.percentile([5.0], 95) == 5.0
