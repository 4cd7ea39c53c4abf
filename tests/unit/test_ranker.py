"""Fitting the ranking: the listwise fit finds the weights that put the evidence first."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant import ranker, train
from assistant.evidence import FEATURES

DENSE, COVERAGE = FEATURES.index("dense"), FEATURES.index("coverage")


def _queries(n: int, seed: int, setting: str = "s") -> list[ranker.Query]:
    """Questions whose evidence is the candidate with the most dense minus coverage."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        x = rng.uniform(0, 1, (8, len(FEATURES)))
        best = int(np.argmax(x[:, DENSE] - x[:, COVERAGE]))
        holds = np.zeros((1, 8), dtype=bool)
        holds[0, best] = True
        out.append(ranker.Query(setting, x, holds))
    return out


def test_the_fit_learns_which_features_point_to_the_evidence() -> None:
    weights = ranker.fit(_queries(300, 0), l2=0.01)
    assert weights[DENSE] > 0 > weights[COVERAGE]
    assert abs(weights[DENSE] + weights[COVERAGE]) < 0.2 * weights[DENSE]
    others = [abs(w) for i, w in enumerate(weights) if i not in (DENSE, COVERAGE)]
    assert max(others) < 0.1 * weights[DENSE]
    assert ranker.found_within(_queries(200, 1), weights, 1)["s"] > 0.95
    # Untrained (all zeros) the stable order is the candidates' own: about one in eight.
    assert ranker.found_within(_queries(200, 1), [0.0] * len(FEATURES), 1)["s"] < 0.3


def test_each_setting_weighs_the_same_however_many_questions_it_has() -> None:
    """A small setting whose evidence follows another feature still pulls the weights."""
    big = _queries(400, 2, "big")
    small = []
    for q in _queries(40, 3, "small"):
        holds = np.zeros_like(q.holds)
        holds[0, int(np.argmax(q.features[:, FEATURES.index("late")]))] = True
        small.append(ranker.Query("small", q.features, holds))
    weights = ranker.fit(big + small, l2=0.01)
    assert weights[FEATURES.index("late")] > 0.3 * weights[DENSE]


def test_every_evidence_group_must_be_in_the_first_k() -> None:
    x = np.eye(3, len(FEATURES))
    holds = np.array([[True, False, False], [False, False, True]])
    q = ranker.Query("s", x, holds)
    by_dense = [1.0 if i == DENSE else 0.0 for i in range(len(FEATURES))]  # candidate 0 first
    assert ranker.found_within([q], by_dense, 1) == {"s": 0.0}
    assert ranker.found_within([q], by_dense, 3) == {"s": 1.0}
    with pytest.raises(ValueError, match="no question"):
        ranker.fit([ranker.Query("s", x, np.zeros((1, 3), dtype=bool))], 1.0)


def test_a_ranking_fitted_on_fewer_features_starts_the_fit_with_none_for_the_new_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `assistant train` asks its questions with the shipped ranking while it fits a new one;
    # where that was fitted before a feature was added, the new feature counts for nothing.
    old = tmp_path / "ranking.json"
    old.write_text(json.dumps({"weights": {"dense": 1.5, "late": 0.9}}), encoding="utf-8")

    def refitted() -> None:
        raise ValueError("ranking.json was fitted on other features")

    monkeypatch.setattr(train, "RANKING_PATH", old)
    monkeypatch.setattr(train.evidence, "ranking", refitted)
    start = train._starting_ranking()
    assert start is not None
    assert dict(zip(FEATURES, start.weights, strict=True)) == {
        f: {"dense": 1.5, "late": 0.9}.get(f, 0.0) for f in FEATURES}
