"""The decision (answer, hedge, refuse) and its training, without the embedding model."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from assistant import decide, evidence, ranker, train
from assistant.errors import SourceError
from assistant.rules import BY_NAME, RULES, check_names
from assistant.settings import Settings

SQUAD = Path(__file__).resolve().parents[2] / "bench" / "data" / "squad"
WRITTEN = SQUAD.parent / "written"


def test_fit_recovers_a_known_logistic_relation() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(4000, 2))
    p = 1 / (1 + np.exp(-(0.5 + 2.0 * x[:, 0] - 1.0 * x[:, 1])))
    y = (rng.random(4000) < p).astype(float)
    model = train.fit(x, y, l2=0.0)
    weights = [w / s for w, s in zip(model.weights, model.scale, strict=True)]
    assert weights == pytest.approx([2.0, -1.0], abs=0.2)
    assert model.probability([0.0, 0.0]) == pytest.approx(
        1 / (1 + np.exp(-0.5)), abs=0.05)


def test_a_weight_counts_an_example_that_many_times() -> None:
    rng = np.random.default_rng(11)
    x = rng.normal(size=(600, 2))
    y = (rng.random(600) < 1 / (1 + np.exp(-x[:, 0]))).astype(float)
    twice = np.r_[np.ones(300) * 2, np.ones(300)]
    weighted = train.fit(x, y, weight=twice)
    repeated = train.fit(np.vstack([x, x[:300]]), np.r_[y, y[:300]])
    # Same data counted the same: only the standardisation (over the rows given) differs.
    point = [0.3, -0.4]
    assert weighted.probability(point) == pytest.approx(repeated.probability(point), abs=0.01)
    assert weighted.probability(point) != pytest.approx(train.fit(x, y).probability(point),
                                                        abs=0.001)


def test_balanced_weights_give_each_setting_a_say_by_the_root_of_its_size() -> None:
    examples = [train.Example((0.0,), True, True, True, "folder")] * 400 + \
        [train.Example((0.0,), True, True, True, "written")] * 25
    weight = train.balanced(examples)
    # 400 examples against 25: a say of 20 to 5, not 400 to 25.
    assert weight[:400].sum() / weight[400:].sum() == pytest.approx(20 / 5)
    assert weight.mean() == pytest.approx(1.0)


def test_auroc_and_calibration_error() -> None:
    assert train.auroc([0.1, 0.2, 0.8, 0.9], [False, False, True, True]) == 1.0
    assert train.auroc([0.9, 0.8, 0.2, 0.1], [False, False, True, True]) == 0.0
    assert train.auroc([0.5, 0.5, 0.5, 0.5], [False, True, False, True]) == 0.5
    rng = random.Random(3)
    probs = [rng.random() for _ in range(20000)]
    calibrated = [rng.random() < p for p in probs]
    assert train.calibration_error(probs, calibrated) < 0.02
    assert train.calibration_error(probs, [not y for y in calibrated]) > 0.3


def _model(answer_at: float = 0.5, refuse_below: float = 0.2, writer: float = 0.8
           ) -> decide.DecisionModel:
    n = len(decide.FEATURES)
    ones = tuple([0.0] * n)
    scale = tuple([1.0] * n)
    # confidence rises with "score"; on-topic rises with "best_dense"; "denial" pushes down.
    answers = [0.0] * n
    answers[decide.FEATURES.index("score")] = 4.0
    answers[decide.FEATURES.index("denial")] = -5.0
    topic = [0.0] * n
    topic[decide.FEATURES.index("best_dense")] = 10.0
    topic[decide.FEATURES.index("unnamed")] = -5.0
    return decide.DecisionModel(decide.FEATURES, decide.Logistic(tuple(answers), -2.0, ones,
                                                                 scale),
                                decide.Logistic(tuple(topic), -3.0, ones, scale),
                                answer_at, refuse_below, 0.3,
                                {"date": 0.75, "writer": writer, "about": 0.7, "conclusion": 0.3},
                                {})


def _values(**given: float) -> dict[str, float]:
    return {name: given.get(name, 0.0) for name in decide.FEATURES}


def test_three_outcomes_and_the_reason_behind_each() -> None:
    model = _model()
    answer = model.decide(_values(score=1.5, best_dense=0.6))
    assert answer.outcome == "answer" and answer.reason is None and answer.confidence > 0.9
    hedged = model.decide(_values(score=1.5, best_dense=0.6, denial=1.0))
    assert hedged.outcome == "hedged" and hedged.reason == "denial"
    assert hedged.confidence < answer.confidence
    weak = model.decide(_values(score=0.4, best_dense=0.6))
    assert weak.outcome == "hedged" and weak.reason == "low_confidence"
    refused = model.decide(_values(score=1.5, best_dense=0.1))
    assert refused.outcome == "refused" and refused.reason == "off_topic"
    # off-topic by the model, but a sentence close in meaning: hedged, never refused
    values = _values(score=0.2, best_dense=0.35, unnamed=1.0)
    assert model.on_topic.probability(list(values.values())) < 0.2
    assert model.decide(values).outcome == "hedged"
    # thresholds given by settings win over the model's own
    assert model.decide(_values(score=1.5, best_dense=0.6), answer_at=0.999).outcome == "hedged"


def test_training_asks_earlier_turns_with_a_decision_that_answers_everything() -> None:
    """What `assistant train` collects does not depend on the decision it replaces."""
    neutral = decide.neutral()
    for values in (_values(), _values(score=3.0, best_dense=0.9), _values(denial=1.0)):
        assert neutral.decide(values) == decide.Decision("answer", 0.5, None)


def test_a_model_round_trips_and_one_trained_on_other_features_is_refused(
        tmp_path: Path) -> None:
    model = _model()
    path = tmp_path / "decision.json"
    model.save(path)
    assert decide.load(path) == model
    raw = json.loads(path.read_text())
    raw["features"] = raw["features"][:-1]
    path.write_text(json.dumps(raw))
    decide.load.cache_clear()
    with pytest.raises(ValueError, match="assistant train"):
        decide.load(path)


def _example(values: tuple[float, ...]) -> train.Example:
    return train.Example(values, True, True, True, "article")


def test_a_refit_reads_the_kept_columns_by_name_and_drops_removed_ones(tmp_path: Path) -> None:
    """Examples kept by a run with more features (a rule since removed) refit the current
    features; examples lacking one of them must be collected again."""
    path = tmp_path / "examples.json"
    kept = ["gone", *reversed(decide.FEATURES)]
    row = [99.0, *(float(i) for i in reversed(range(len(decide.FEATURES))))]
    path.write_text(json.dumps({"seconds": 7, "features": kept, "parts": {
        "train": [[row, True, True, True, "folder"]], "validation": []}}))
    parts, seconds = train.load_examples(path)
    assert seconds == 7 and parts["validation"] == []
    assert parts["train"][0].values == tuple(float(i) for i in range(len(decide.FEATURES)))
    assert parts["train"][0].setting == "folder"

    train.save_examples(path, {"train": [_example(tuple(range(len(decide.FEATURES))))]}, 3.4)
    assert train.load_examples(path)[0]["train"][0].values == tuple(range(len(decide.FEATURES)))
    assert train.load_examples(path, ["number", "score"])[0]["train"][0].values == (
        decide.FEATURES.index("number"), decide.FEATURES.index("score"))
    with pytest.raises(SourceError, match="no column for new_rule; collect the examples again"):
        train.load_examples(path, [*decide.FEATURES, "new_rule"])
    raw = json.loads(path.read_text())
    del raw["features"]
    path.write_text(json.dumps(raw))
    with pytest.raises(SourceError, match="does not name its features"):
        train.load_examples(path)


def test_the_shipped_model_was_trained_on_the_data_in_the_checkout() -> None:
    model = decide.load()
    assert model.features == decide.FEATURES
    manifest = model.manifest
    assert manifest["data_sha256"] == train.data_hash(SQUAD)
    assert manifest["written_sha256"] == train.data_hash(WRITTEN)
    split = json.loads((SQUAD / "split.json").read_text())
    assert manifest["validation_articles"] == split["validation"]
    assert not set(split["train"]) & set(split["validation"])
    assert 0.0 < model.refuse_below <= train.REFUSE_AT_MOST
    assert 0.0 < model.answer_at < 1.0


def test_the_reader_worded_questions_follow_the_split_and_cite_their_article() -> None:
    split = json.loads((SQUAD / "split.json").read_text())
    rows = [json.loads(line) for line in (SQUAD / train.READER).read_text().splitlines()]
    articles = {r["source"] for r in rows}
    assert articles == set(split["train"]) | set(split["validation"])
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["answerable"] == bool(r["evidence"]), r["id"]
        text = (SQUAD / r["source"]).read_text()
        for span in (s for group in r["evidence"] for s in group):
            assert span["source"] == r["source"]
            assert 0 <= span["start"] < span["end"] <= len(text)
            assert text[span["start"]:span["end"]].strip(), r["id"]
    # The model was fitted and chosen with them: its validation figures name the setting.
    assert "reader_confident_hit" in decide.load().manifest["validation"]


def test_the_written_documents_follow_their_split_and_quote_their_document() -> None:
    split = json.loads((WRITTEN / "split.json").read_text())
    rows = [json.loads(line) for line in (WRITTEN / "qa.jsonl").read_text().splitlines()]
    documents = {p.name for p in WRITTEN.glob("*.txt")}
    assert set(split["train"]) | set(split["validation"]) == documents
    assert not set(split["train"]) & set(split["validation"])
    assert {r["source"] for r in rows} == documents
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["answerable"] == bool(r["evidence"]), r["id"]
        text = (WRITTEN / r["source"]).read_text()
        assert all(alt in text for group in r["evidence"] for alt in group), r["id"]
    assert "written_confident_hit" in decide.load().manifest["validation"]


def test_the_shipped_ranking_was_fitted_on_the_data_in_the_checkout() -> None:
    shipped = evidence.ranking()
    assert len(shipped.weights) == len(evidence.FEATURES)
    hashes = shipped.manifest["data_sha256"]
    assert hashes == {"squad": train.data_hash(SQUAD), "written": train.data_hash(WRITTEN)}
    assert shipped.manifest["l2"] in ranker.PENALTIES
    assert set(shipped.manifest["validation"]["top1"]) == {"folder", "follow-up", "reader",
                                                           "written"}


def test_rules_are_named_once_and_switched_off_by_setting() -> None:
    assert len(BY_NAME) == len(RULES)
    assert all(r.reason for r in RULES)
    assert check_names(frozenset({"number"})) == {"number"}
    with pytest.raises(ValueError, match="the rules are"):
        check_names(frozenset({"nonsense"}))
    settings = Settings.from_env({"ASSISTANT_RULES_OFF": "number, denial"})
    assert settings.rules_off == {"number", "denial"}


def test_a_piece_answer_has_the_confidence_such_answers_earned_and_its_outcome_agrees() -> None:
    assert _model().decide_piece("writer") == decide.Decision("answer", 0.8, None)
    assert _model().decide_piece("date") == decide.Decision("answer", 0.75, None)
    assert _model().decide_piece("summary") == decide.Decision("answer", 0.7, None)
    assert _model().decide_piece("conclusion") == \
        decide.Decision("hedged", 0.3, "low_confidence")
    assert _model().decide_piece("topic", answer_at=0.9).outcome == "hedged"
    assert decide.DecisionModel.from_dict(_model(writer=0.6).to_dict()).piece["writer"] == 0.6
