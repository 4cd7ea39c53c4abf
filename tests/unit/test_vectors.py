"""A generation's own vectors: exact nearest units, by id, saved and memory-mapped back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index import UnitVectors


def _unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_query_gives_the_nearest_units_best_first_with_their_cosines() -> None:
    vectors = UnitVectors(np.stack([_unit(1, 0, 0), _unit(0, 1, 0), _unit(1, 1, 0),
                                    _unit(0, 0, 1)]), ["a", "b", "c", "d"])
    found = vectors.query(_unit(1, 0.2, 0), 3)
    assert [i for i, _ in found] == ["a", "c", "b"]
    assert found[0][1] == pytest.approx(float(_unit(1, 0.2, 0) @ _unit(1, 0, 0)))
    everything = vectors.query(_unit(0, 0, 1), 10)  # k above n: all of them
    assert len(everything) == 4 and everything[0][0] == "d"
    assert vectors.query(_unit(0, 0, 1), 0) == []


def test_vectors_by_id_leave_out_units_of_other_generations() -> None:
    matrix = np.stack([_unit(1, 0), _unit(0, 1)])
    found = UnitVectors(matrix, ["a", "b"]).vectors(["b", "gone", "a"])
    assert set(found) == {"a", "b"}
    assert found["b"].tolist() == matrix[1].tolist()


def test_saved_vectors_load_memory_mapped_and_a_mismatch_is_refused(tmp_path: Path) -> None:
    matrix = np.stack([_unit(1, 2, 3), _unit(3, 2, 1)])
    UnitVectors(matrix, ["a", "b"]).save(tmp_path)
    loaded = UnitVectors.load(tmp_path, ["a", "b"])
    assert loaded is not None and isinstance(loaded.matrix, np.memmap)
    assert loaded.query(_unit(3, 2, 1), 1)[0][0] == "b"
    with pytest.raises(ValueError):
        UnitVectors.load(tmp_path, ["a", "b", "c"])  # a catalog of another size
    assert UnitVectors.load(tmp_path / "none", ["a"]) is None
