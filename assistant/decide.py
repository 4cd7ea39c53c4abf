"""Deciding what to do with the best evidence: answer, hedge, or refuse.

Two calibrated logistic models over named features of the ranking and the rules
(`assistant/rules.py`), trained by `assistant train` (`assistant/train.py`) and shipped with
their manifest in `assistant/models/decision.json`:
- `answers`: the probability that the cited passage answers the question; it is
  `Answer.confidence`, and below `answer_at` the answer is hedged ("may not answer this",
  the closest passages still cited: a reader can check a hedge, a refusal hides what was there);
- `on_topic`: the probability that the sources speak of the question's subject at all;
  only below `refuse_below`, and only when no sentence comes close in meaning either (the
  closest is less similar than `refuse_dense_below`, which 99% of answerable training
  questions' closest sentences reach, and half the off-topic ones'), is the answer a refusal.

The model is immutable once loaded: one instance is shared by every thread.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.answers import Outcome
from assistant.questions import unknown_word_share
from assistant.retrieval import Candidate
from assistant.rules import RULES, Facts, fired

MODEL_PATH = Path(__file__).resolve().parent / "models" / "decision.json"
# Candidates scoring within this of the best are "close": many of them means the ranking
# could not tell them apart.
CLOSE = 0.05

# What a question about the piece asks, as its answers' confidence is kept: "What is it
# about?" and "Sum it up" are both answered from the opening.
PIECE_GROUPS = ("date", "writer", "about", "conclusion")


def piece_group(kind: str) -> str:
    """The group of `questions.about_the_piece`'s kind."""
    return "about" if kind in ("topic", "summary") else kind


SIGNALS = ("score", "margin", "dense", "context", "coverage", "context_coverage", "lexical",
           "agree", "dense_rank", "lexical_rank", "best_dense", "crowd", "unknown_share",
           "follow_up", "late", "late_min")
FEATURES = SIGNALS + tuple(r.name for r in RULES)


def features(ranked: Sequence[Candidate], facts: Facts,
             off: frozenset[str] = frozenset()) -> dict[str, float]:
    """The named features of a ranking (best first) for the decision."""
    top = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else 0.0
    values = {
        "score": top.score, "margin": top.score - second, "dense": top.dense,
        "context": top.context, "coverage": top.coverage,
        "context_coverage": top.context_coverage, "lexical": top.lexical,
        "agree": float(0 < top.dense_rank <= 3 and 0 < top.lexical_rank <= 3),
        "dense_rank": 1.0 / top.dense_rank if top.dense_rank else 0.0,
        "lexical_rank": 1.0 / top.lexical_rank if top.lexical_rank else 0.0,
        "best_dense": max(c.dense for c in ranked),
        "crowd": float(sum(c.score >= top.score - CLOSE for c in ranked) - 1),
        "unknown_share": 0.0 if facts.follow_up else
        unknown_word_share(facts.question, facts.catalog.lexical),
        "follow_up": float(facts.follow_up),
        "late": top.late,
        "late_min": top.late_min,
    }
    values.update(fired(facts, off))
    return {name: (0.0 if name in off else values[name]) for name in FEATURES}


@dataclass(frozen=True)
class Logistic:
    """p = sigmoid(bias + sum(weight * (x - mean) / scale)) over `FEATURES` order."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(w * (v - m) / s for w, v, m, s in
                            zip(self.weights, x, self.mean, self.scale, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def contributions(self, x: Sequence[float]) -> list[float]:
        return [w * (v - m) / s for w, v, m, s in
                zip(self.weights, x, self.mean, self.scale, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        return {"weights": list(self.weights), "bias": self.bias, "mean": list(self.mean),
                "scale": list(self.scale)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Logistic:
        return cls(tuple(d["weights"]), float(d["bias"]), tuple(d["mean"]), tuple(d["scale"]))


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    confidence: float  # calibrated P(the cited passage answers the question)
    reason: str | None  # the rule (or "low_confidence", "off_topic") behind a hedge/refusal


@dataclass(frozen=True)
class DecisionModel:
    features: tuple[str, ...]
    answers: Logistic
    on_topic: Logistic
    answer_at: float
    refuse_below: float
    refuse_dense_below: float
    # P(right) of an answer to a question about the piece itself, by what it asks ("writer",
    # "about", "conclusion"): the byline, title, lead or conclusion answers it whatever the
    # ranking's features say; the share right on the training documents' such questions.
    piece: dict[str, float]
    manifest: dict[str, Any]

    def decide(self, values: dict[str, float], answer_at: float | None = None,
               refuse_below: float | None = None) -> Decision:
        x = [values[name] for name in self.features]
        confidence = self.answers.probability(x)
        answer_at = self.answer_at if answer_at is None else answer_at
        refuse_below = self.refuse_below if refuse_below is None else refuse_below
        if self.on_topic.probability(x) < refuse_below \
                and values["best_dense"] < self.refuse_dense_below:
            return Decision("refused", confidence, self._blame(self.on_topic, x, "off_topic"))
        if confidence >= answer_at:
            return Decision("answer", confidence, None)
        return Decision("hedged", confidence, self._blame(self.answers, x, "low_confidence"))

    def decide_piece(self, kind: str, answer_at: float | None = None) -> Decision:
        """Answer a question about the piece (`questions.about_the_piece`'s kind) with its
        byline, title, lead or conclusion: outright when such answers were right often
        enough in training, else hedged."""
        answer_at = self.answer_at if answer_at is None else answer_at
        confidence = self.piece[piece_group(kind)]
        if confidence >= answer_at:
            return Decision("answer", confidence, None)
        return Decision("hedged", confidence, "low_confidence")

    def hedge(self, confidence: float, reason: str, answer_at: float | None = None) -> Decision:
        """A hedge of what would have been an answer: its confidence kept just below the
        threshold an answer needs."""
        answer_at = self.answer_at if answer_at is None else answer_at
        return Decision("hedged", max(0.0, min(confidence, answer_at - 0.01)), reason)

    def _blame(self, model: Logistic, x: list[float], default: str) -> str:
        """The fired rule that pushed the probability down most, else `default`."""
        rules = {r.name for r in RULES}
        pushes = [(c, name) for c, name, v in zip(model.contributions(x), self.features, x,
                                                  strict=True) if name in rules and v > 0]
        worst = min(pushes, default=(0.0, default))
        return worst[1] if worst[0] < 0 else default

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(self.features), "answers": self.answers.to_dict(),
                "on_topic": self.on_topic.to_dict(), "answer_at": self.answer_at,
                "refuse_below": self.refuse_below,
                "refuse_dense_below": self.refuse_dense_below, "piece": self.piece,
                "manifest": self.manifest}

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DecisionModel:
        return cls(tuple(d["features"]), Logistic.from_dict(d["answers"]),
                   Logistic.from_dict(d["on_topic"]), float(d["answer_at"]),
                   float(d["refuse_below"]), float(d["refuse_dense_below"]),
                   {k: float(d["piece"][k]) for k in PIECE_GROUPS}, dict(d.get("manifest", {})))


def neutral() -> DecisionModel:
    """A decision that answers everything with confidence 0.5: what `assistant train` asks
    the earlier turns of a conversation with, so that what it collects does not depend on the
    decision it replaces."""
    flat = Logistic((0.0,) * len(FEATURES), 0.0, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES))
    return DecisionModel(FEATURES, flat, flat, 0.5, 0.0, 0.0,
                         dict.fromkeys(PIECE_GROUPS, 0.5), {"neutral": True})


@lru_cache(maxsize=4)
def load(path: Path = MODEL_PATH) -> DecisionModel:
    """The trained decision (cached: it is immutable)."""
    try:
        model = DecisionModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except KeyError as missing:
        raise ValueError(f"{path.name} has no {missing}: it was trained by an older version; "
                         "run `assistant train`") from None
    if model.features != FEATURES:
        raise ValueError(f"{path.name} was trained on other features; run `assistant train`")
    return model
