"""Fitting the ranking (`assistant/evidence.py`): how much each feature of a candidate counts.

`assistant train` fits it first, on the same articles and settings as the decision
(`assistant/train.py`), then collects the decision's examples on the ranking it fitted.

Listwise: for each answerable question, a softmax over its candidates' scores (with what a
follow-up's conversation adds to their closeness in meaning, at `TEMPERATURE`, which fixes the
scores' scale); the fit maximises the probability of the candidates that hold evidence.
Every setting counts the same however many questions it has, so that questions in a reader's
own words weigh as much as SQuAD's, which borrow the article's words. The L2 penalty is chosen
on the validation articles: the one that puts the evidence first, or in the first three,
most often, averaged over the settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import minimize

from assistant.evaluate import found
from assistant.evidence import FEATURES, Ranking, features
from assistant.questions import read

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.state import State

TEMPERATURE = 0.1
PENALTIES = (0.01, 0.1, 1.0, 10.0)  # the L2 penalties tried
TOP = (1, 3)  # where the evidence must be, for choosing


@dataclass(frozen=True)
class Query:
    """One answerable question's candidates, as the ranking sees them."""

    setting: str
    features: np.ndarray[Any, Any]  # (candidates, FEATURES), with the conversation's boost
    holds: np.ndarray[Any, Any]  # (evidence groups, candidates): the sentence holds it


def last_turn(bot: Assistant, row: dict[str, Any]) -> State | None:
    """Ask a row's earlier turns (each answer kept as history), then prepare, retrieve and
    rank its last turn: the state, or None when nothing was found or the question is about
    the piece itself (answered from the outline, not the ranking)."""
    pipe = bot.pipeline
    history: list[dict[str, str]] = []
    for turn in row["turns"][:-1]:
        history += [{"role": "user", "content": turn},
                    {"role": "assistant", "content": bot.ask(turn, history).text}]
    state = pipe.rank(pipe.retrieve(pipe.prepare({"question": row["turns"][-1],
                                                  "history": history})))
    return state if state["ranked"] and state["piece_rows"] is None else None


def observe(bot: Assistant, rows: Sequence[dict[str, Any]], sources: dict[str | None, str],
            setting: str) -> list[Query]:
    """Each answerable row's last turn's candidates (`last_turn`)."""
    out = []
    for row in rows:
        state = last_turn(bot, row) if row["answerable"] else None
        if state is None:
            continue
        ranked = state["ranked"]
        resolved = state["resolved"]
        reading = read(resolved.question)
        boost = bot.pipeline.boosts(resolved, ranked)
        holds = [[found(sources, {"evidence": [group]},
                        [(c.unit.source, c.unit.start, c.unit.end)]) for c in ranked]
                 for group in row["evidence"]]
        out.append(Query(setting, np.array([features(c, reading, boost.get(c.row, 0.0))
                                            for c in ranked]), np.array(holds, dtype=bool)))
    return out


def fit(queries: Sequence[Query], l2: float) -> tuple[float, ...]:
    """The weights that maximise the evidence's softmax probability, each setting weighing
    the same, with an L2 penalty `l2`."""
    use = [q for q in queries if q.holds.any()]
    if not use:
        raise ValueError("no question has its evidence among its candidates")
    settings = sorted({q.setting for q in use})
    count = {s: sum(q.setting == s for q in use) for s in settings}
    x = np.vstack([q.features for q in use])
    holds = np.concatenate([q.holds.any(axis=0) for q in use])
    sizes = [len(q.features) for q in use]
    starts = np.cumsum([0, *sizes[:-1]])
    owner = np.repeat(np.arange(len(use)), sizes)
    weight = np.array([1.0 / (count[q.setting] * len(settings)) for q in use])

    def loss(w: np.ndarray[Any, Any]) -> tuple[float, np.ndarray[Any, Any]]:
        z = x @ w / TEMPERATURE
        z -= np.maximum.reduceat(z, starts)[owner]
        e = np.exp(z)
        total = np.add.reduceat(e, starts)
        held = np.add.reduceat(e * holds, starts)
        value = -float(weight @ np.log(held / total)) + l2 * float(w @ w) / 2
        gradient = -(weight / held) @ np.add.reduceat((e * holds)[:, None] * x, starts) \
            + (weight / total) @ np.add.reduceat(e[:, None] * x, starts)
        return value, gradient / TEMPERATURE + l2 * w

    result = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B")
    return tuple(round(float(v), 4) for v in result.x)


def found_within(queries: Sequence[Query], weights: Sequence[float], k: int
                 ) -> dict[str, float]:
    """Per setting, the share of questions whose first `k` candidates hold every piece of
    evidence (questions whose evidence no candidate holds count as misses)."""
    w = np.asarray(weights)
    hits: dict[str, list[bool]] = {}
    for q in queries:
        first = np.argsort(-(q.features @ w), kind="stable")[:k]
        hits.setdefault(q.setting, []).append(bool(q.holds[:, first].any(axis=1).all()))
    return {s: round(sum(h) / len(h), 4) for s, h in sorted(hits.items())}


def quality(queries: Sequence[Query], weights: Sequence[float]) -> float:
    """What choosing maximises: the share of questions with the evidence first, and in the
    first three, averaged over both and over the settings."""
    shares = [v for k in TOP for v in found_within(queries, weights, k).values()]
    return sum(shares) / len(shares)


def choose(training: Sequence[Query], validation: Sequence[Query]) -> Ranking:
    """The ranking fitted on `training` with the penalty that does best on `validation`;
    its manifest holds what each penalty scored."""
    tried = []
    for l2 in PENALTIES:
        weights = fit(training, l2)
        tried.append((quality(validation, weights), l2, weights))
    _, l2, weights = max(tried)
    return Ranking(weights, {
        "temperature": TEMPERATURE, "l2": l2,
        "questions": {"train": len(training), "validation": len(validation)},
        "validation": {f"top{k}": found_within(validation, weights, k) for k in TOP},
        "penalties": {str(p): round(q, 4) for q, p, _ in tried}})
