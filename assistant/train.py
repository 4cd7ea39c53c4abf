"""`assistant train`: fit the decision (`assistant/decide.py`) and choose its thresholds.

The protocol, followed every time:
- Data: the SQuAD articles and questions in `bench/data/squad` (CC BY-SA 4.0), split once by
  article in `split.json` (18 training, 6 validation articles; never by question, since
  questions about one paragraph share its words).
- Fit on the training articles, in the two settings the assistant meets: each article alone
  (as a user's single article) and all of them in one folder; plus off-topic questions, each
  article asked questions about other articles (what "the sources clearly lack the subject"
  looks like); plus follow-ups in the folder, made from its questions by putting a pronoun for
  the article's subject (`assistant/synthetic.py`), asked after another question; plus
  questions about each article alone in a reader's own words (`reader.jsonl`, written for
  this project by someone who had not read the code: paraphrases, follow-ups, a quarter
  unanswerable), so that confidence is calibrated on wording unlike SQuAD's; plus the
  documents of `bench/data/written` (opinion, news, magazine and practical writing, with
  questions in a reader's own words), each alone, split by document in their own
  `split.json`. `answers` learns whether the cited passage holds the evidence, each setting
  weighing as the square root of its number of examples (`balanced`); `on_topic` whether the
  question is about the sources at all.
- First the ranking's weights are fitted on the same settings (`assistant/ranker.py`), and
  the decision's examples are collected on the ranking fitted.
- Choose the thresholds (and the ranking's penalty) on the validation articles, in the
  same settings.
- Never tune on the dev, probe, reader, harbour or conversation sets: they are reported only.
Seeded, deterministic; collecting takes about ten minutes on two cores, a refit of the
decision from kept examples (`--examples FILE`) seconds (it keeps the shipped ranking, which
those examples were collected on).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant import decide, evidence, ranker, synthetic
from assistant.api import Assistant
from assistant.chain import Pipeline
from assistant.errors import SourceError
from assistant.evaluate import found, load_jsonl, row_source
from assistant.evaluate import run as ask_rows
from assistant.evidence import RANKING_PATH, Ranking, select
from assistant.questions import about_the_piece
from assistant.rules import Facts
from assistant.settings import Settings
from index import SentenceEmbeddings

log = logging.getLogger(__name__)

# Off-topic questions asked of each article alone (drawn from the other articles).
OFF_TOPIC_PER_ARTICLE = 40
L2 = 1.0
# The share of answerable validation questions a refusal may hit: refusals must be rare...
MAX_REFUSED_ANSWERABLE = 0.01
# ...and only when the sources clearly lack the subject: off-topic at odds of 3 to 1 or more,
REFUSE_AT_MOST = 0.25
# and no sentence as close in meaning as those of 99% of answerable training questions, nor
# as close as those of half the off-topic ones: SQuAD's questions borrow the article's words,
# a reader's paraphrase does not, and its closest sentence can sit below SQuAD's 1%.
DENSE_FLOOR_PERCENTILE = 1.0
OFF_TOPIC_DENSE_PERCENTILE = 50.0
# A setting's examples each weigh its number of examples to the power of minus this (`balanced`).
SETTING_WEIGHT_POWER = 0.5
# How much worse a confident wrong answer is than a missed confident hit.
WRONG_COST = 2.0
# Reader-worded questions about the SQuAD articles, split by the same articles.
READER = "reader.jsonl"
SETTINGS = ("folder", "article", "follow-up", "reader", "written")
# An assistant over one document, the questions asked of it and the document's text.
Asked = tuple[Assistant, list[dict[str, Any]], dict[str | None, str]]


@dataclass(frozen=True)
class Example:
    values: tuple[float, ...]  # in decide.FEATURES order
    answers: bool  # answerable, and the cited passages hold the evidence
    answerable: bool
    on_topic: bool
    setting: str


def data_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.suffix in (".txt", ".jsonl", ".json"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def observe(bot: Assistant, rows: Sequence[dict[str, Any]], sources: dict[str | None, str],
            setting: str, on_topic: bool = True) -> list[Example]:
    """Ask each row (a follow-up after its earlier turns, answered as history) and record
    the decision's features for its last turn (`ranker.last_turn`), and the truth."""
    out = []
    for row in rows:
        state = ranker.last_turn(bot, row)
        if state is None:
            continue
        ranked = state["ranked"]
        resolved = state["resolved"]
        facts = Facts(resolved.question, ranked[0], bot.catalog, resolved.is_follow_up)
        values = decide.features(ranked, facts)
        cites = [(c.unit.source, c.unit.start, c.unit.end) for c in select(ranked)]
        answers = on_topic and row["answerable"] and found(sources, row, cites)
        out.append(Example(tuple(values[f] for f in decide.FEATURES), answers,
                           on_topic and row["answerable"], on_topic, setting))
    return out


def fit(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any], l2: float = L2,
        weight: np.ndarray[Any, Any] | None = None) -> decide.Logistic:
    """L2-regularised logistic regression by Newton's method on standardised features, each
    example counted `weight` times (once when none)."""
    weight = np.ones(len(x)) if weight is None else weight
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) * l2
    penalty[0, 0] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (weight * (p - y)) + penalty @ w
        hessian = (z * (weight * p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return decide.Logistic(tuple(float(v) for v in w[1:]), float(w[0]),
                           tuple(float(v) for v in mean), tuple(float(v) for v in scale))


def balanced(examples: Sequence[Example]) -> np.ndarray[Any, Any]:
    """Weights (mean 1) that give each setting a say in a fit in proportion to the square root
    of its number of examples, not to the number: SQuAD's settings have thousands, the
    reader-worded and written ones hundreds, and a fit that counts examples calibrates to
    SQuAD (overconfident on a reader's paraphrases, underconfident on short written pieces).
    Not the same say for every setting: that won on validation but answered the seed
    article's unanswerable questions with confidence (its probe set's honest_unanswerable
    0.89 to 0.78), fitting the few reader-worded and written examples too closely."""
    counts = Counter(e.setting for e in examples)
    weight = np.array([counts[e.setting] ** -SETTING_WEIGHT_POWER for e in examples])
    normalised: np.ndarray[Any, Any] = weight * (len(examples) / weight.sum())
    return normalised


def auroc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """The probability that a positive scores above a negative (ties count half)."""
    pairs = sorted(zip(scores, labels, strict=True))
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        rank_sum += (i + j + 1) / 2 * sum(label for _, label in pairs[i:j])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def calibration_error(probs: Sequence[float], labels: Sequence[bool], bins: int = 10) -> float:
    """Expected calibration error: |mean confidence - accuracy| over ten equal-width bins."""
    total, error = len(probs), 0.0
    for b in range(bins):
        members = [(p, y) for p, y in zip(probs, labels, strict=True)
                   if b / bins <= p < (b + 1) / bins or (b == bins - 1 and p == 1.0)]
        if members:
            gap = sum(p for p, _ in members) / len(members) - \
                sum(y for _, y in members) / len(members)
            error += abs(gap) * len(members) / total
    return error


def refused(e: Example, topic: float, refuse_below: float, dense_below: float) -> bool:
    return topic < refuse_below and e.values[BEST_DENSE] < dense_below


BEST_DENSE = decide.FEATURES.index("best_dense")


def selective(examples: Sequence[Example], conf: Sequence[float], topic: Sequence[float],
              answer_at: float, refuse_below: float,
              dense_below: float = 1.0) -> dict[str, float]:
    """confident_hit, confident_wrong and refusals of answerable questions at thresholds."""
    answerable = [e.answerable for e in examples]
    n_answerable = max(1, sum(answerable))
    hit = wrong = refusals = 0
    for e, c, t in zip(examples, conf, topic, strict=True):
        if refused(e, t, refuse_below, dense_below):
            refusals += e.answerable
        elif c >= answer_at:
            hit += e.answers
            wrong += not e.answers
    return {"confident_hit": hit / n_answerable, "confident_wrong": wrong / len(examples),
            "refused_answerable": refusals / n_answerable}


def dense_floor(training: Sequence[Example]) -> float:
    """The closeness below which no sentence comes near the question: under what 99% of
    answerable training questions reach, and under what half the off-topic ones reach."""
    answerable = [e.values[BEST_DENSE] for e in training if e.answerable]
    off_topic = [e.values[BEST_DENSE] for e in training if not e.on_topic]
    floor = float(np.percentile(answerable, DENSE_FLOOR_PERCENTILE)) if answerable else 0.0
    if off_topic:
        floor = min(floor, float(np.percentile(off_topic, OFF_TOPIC_DENSE_PERCENTILE)))
    return floor


def choose(examples: Sequence[Example], answers: decide.Logistic, on_topic: decide.Logistic,
           dense_below: float) -> tuple[float, float, list[dict[str, float]]]:
    """Thresholds on validation: refuse below the highest on-topic probability that refuses
    at most 1% of answerable questions (and at most `REFUSE_AT_MOST`); answer at the
    confidence that maximises confident hits minus twice the confident wrong answers,
    averaged over the settings (so neither SQuAD's folder nor the single articles alone
    decides). Also the risk-coverage curve."""
    conf = [answers.probability(e.values) for e in examples]
    topic = [on_topic.probability(e.values) for e in examples]
    on_answerable = sorted(t for t, e in zip(topic, examples, strict=True) if e.answerable)
    cut = int(MAX_REFUSED_ANSWERABLE * len(on_answerable))
    refuse_below = min(on_answerable[cut] if on_answerable else 0.0, REFUSE_AT_MOST)
    settings = sorted({e.setting for e in examples})
    curve, best, best_utility = [], 0.5, -math.inf
    for step in range(5, 96):
        at = step / 100
        per = []
        for s in settings:
            idx = [i for i, e in enumerate(examples) if e.setting == s]
            per.append(selective([examples[i] for i in idx], [conf[i] for i in idx],
                                 [topic[i] for i in idx], at, refuse_below, dense_below))
        point = {k: sum(p[k] for p in per) / len(per) for k in per[0]}
        utility = point["confident_hit"] - WRONG_COST * point["confident_wrong"]
        curve.append({"answer_at": at, **{k: round(v, 4) for k, v in point.items()}})
        if utility > best_utility:
            best, best_utility = at, utility
    return best, refuse_below, curve


class Trainer:
    """Builds the indexes of each setting and collects the examples: the ranking's queries,
    then the decision's on the ranking fitted (`self.ranking`)."""

    def __init__(self, squad: Path, work: Path, embeddings: SentenceEmbeddings,
                 seed: int = 0, limit: int | None = None,
                 on_progress: Callable[[str], None] | None = None,
                 written: Path | None = None, ranking: Ranking | None = None) -> None:
        self.squad = squad
        self.work = work
        self.embeddings = embeddings
        self.seed = seed
        self.rng = random.Random(seed)
        self.limit = limit
        self.say = on_progress or log.info
        self.rows = load_jsonl(squad / "qa.jsonl")
        self.reader = load_jsonl(squad / READER) if (squad / READER).is_file() else []
        self.split = json.loads((squad / "split.json").read_text(encoding="utf-8"))
        self.written = written
        self.written_rows = load_jsonl(written / "qa.jsonl") if written else []
        self.written_split = json.loads((written / "split.json").read_text(
            encoding="utf-8")) if written else {"train": [], "validation": []}
        self.ranking = ranking  # None: the shipped one

    def _article_rows(self, article: str, reader: bool = False) -> list[dict[str, Any]]:
        """SQuAD's questions about `article` (`reader`: the reader-worded ones)."""
        rows = [r for r in (self.reader if reader else self.rows) if row_source(r) == article]
        return rows[: self.limit] if self.limit else rows

    def _bot(self, articles: Sequence[str], name: str, folder: Path | None = None
             ) -> Assistant:
        """An assistant over `articles` (of `folder`, SQuAD's by default), ranking with
        `self.ranking` and answering the earlier turns of a conversation with the neutral
        decision; built once per name, loaded again after."""
        sources = self.work / name / "sources"
        sources.mkdir(parents=True, exist_ok=True)
        for a in articles:
            shutil.copy((folder or self.squad) / a, sources / a)
        bot = Assistant(sources, self.work / name / "data", settings=Settings(),
                        embeddings=self.embeddings)
        bot.pipeline = Pipeline(bot.catalog, bot.searcher, bot.settings,
                                decision=decide.neutral(), ranking=self.ranking)
        return bot

    def _written(self, part: str) -> list[Asked]:
        """Each written document of `part` alone, its questions and its text."""
        if self.written is None:
            return []
        out = []
        for doc in self.written_split[part]:
            rows = [r for r in self.written_rows if r["source"] == doc]
            text = (self.written / doc).read_text(encoding="utf-8")
            out.append((self._bot([doc], f"written-{doc}", self.written),
                        rows[: self.limit] if self.limit else rows, {doc: text}))
        return out

    def _asked(self, part: str, decision: bool
               ) -> Iterator[tuple[Assistant, list[dict[str, Any]], dict[str | None, str], str,
                                   bool]]:
        """Every setting's questions of `part`, each batch with the assistant that is asked
        them, the text they are about, the setting and whether they are on topic: SQuAD's in
        the folder and as follow-ups, each article alone with its reader-worded questions
        (for the `decision`, also its own and off-topic ones), and the written documents each
        alone."""
        articles = list(self.split[part])
        texts: dict[str | None, str] = {a: (self.squad / a).read_text(encoding="utf-8")
                                        for a in articles}
        together = self._bot(articles, f"{part}-all")
        for a in articles:
            yield together, self._article_rows(a), texts, "folder", True
        yield together, synthetic.follow_ups(
            [r for a in articles for r in self._article_rows(a)], articles, seed=self.seed
        ), texts, "follow-up", True
        for a in articles:
            alone, text = self._bot([a], f"{part}-{a}"), {a: texts[a]}
            if decision:
                yield alone, self._article_rows(a), text, "article", True
            yield alone, self._article_rows(a, reader=True), text, "reader", True
            if decision:
                others = [r for b in articles if b != a for r in self._article_rows(b)]
                yield alone, self.rng.sample(others, min(OFF_TOPIC_PER_ARTICLE, len(others))), \
                    text, "article", False
        for bot, rows, text in self._written(part):
            yield bot, rows, text, "written", True

    def queries(self, part: str) -> list[ranker.Query]:
        """The ranking's questions (the answerable ones of `_asked`)."""
        started = time.perf_counter()
        out = [q for bot, rows, text, setting, _ in self._asked(part, decision=False)
               for q in ranker.observe(bot, rows, text, setting)]
        self.say(f"{part}: {len(out)} ranking questions in "
                 f"{time.perf_counter() - started:.0f} s")
        return out

    def written_queries(self, part: str) -> list[ranker.Query]:
        """The ranking's questions about the written documents of `part`, each alone."""
        return [q for bot, rows, text in self._written(part)
                for q in ranker.observe(bot, rows, text, "written")]

    def collect(self, part: str) -> list[Example]:
        """The decision's examples (every batch of `_asked`)."""
        started = time.perf_counter()
        examples = [e for bot, rows, text, setting, on_topic in self._asked(part, decision=True)
                    for e in observe(bot, rows, text, setting, on_topic)]
        self.say(f"{part}: {len(examples)} examples from {len(self.split[part])} articles in "
                 f"{time.perf_counter() - started:.0f} s")
        return examples


def save_examples(path: Path, parts: dict[str, list[Example]], seconds: float) -> None:
    """Keep what was collected, each column named, so that a refit reads it by name."""
    path.write_text(json.dumps({"seconds": round(seconds), "features": list(decide.FEATURES),
                                "parts": {k: [[list(e.values), e.answers, e.answerable,
                                               e.on_topic, e.setting] for e in v]
                                          for k, v in parts.items()}}), encoding="utf-8")


def load_examples(path: Path, features: Sequence[str] = decide.FEATURES
                  ) -> tuple[dict[str, list[Example]], float]:
    """The examples a run kept, with the columns of `features` in that order (a column for a
    feature since removed is left out), and how long collecting them took. A file that lacks
    one of `features` cannot be refitted from: its examples must be collected again."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    named = raw.get("features")
    if not isinstance(named, list):
        raise SourceError(f"{path} does not name its features; collect the examples again "
                          "(assistant train --examples NEW_FILE)")
    missing = [f for f in features if f not in named]
    if missing:
        raise SourceError(f"{path} has no column for {', '.join(missing)}; collect the "
                          "examples again (assistant train --examples NEW_FILE)")
    columns = [named.index(f) for f in features]
    return {k: [Example(tuple(v[i] for i in columns), a, b, c, s) for v, a, b, c, s in rows]
            for k, rows in raw["parts"].items()}, raw["seconds"]


# Questions about the written documents themselves ("Who wrote this?", "What's the gist?"),
# written for this project like `qa.jsonl`: what a piece answer's confidence is measured on.
PIECE = "piece.jsonl"


def piece_figures(trainer: Trainer, part: str) -> dict[str, dict[str, float]]:
    """How often an answer to a question about the piece itself, from the byline, title, lead
    or conclusion, cites the evidence on the written documents of `part`, by what it asks,
    and the confidence such answers get: that share, with one right and one wrong answer
    added (Laplace), as there are few."""
    extra = load_jsonl(trainer.written / PIECE) if trainer.written is not None \
        and (trainer.written / PIECE).is_file() else []
    right = dict.fromkeys(decide.PIECE_GROUPS, 0)
    asked = dict.fromkeys(decide.PIECE_GROUPS, 0)
    for bot, rows, text in trainer._written(part):
        source = next(iter(text))
        piece = [(r, kind) for r in [*rows, *(r for r in extra if r["source"] == source)]
                 if (kind := about_the_piece(r["turns"][-1])) is not None]
        results, _ = ask_rows(bot, [r for r, _ in piece])
        for (row, kind), result in zip(piece, results, strict=True):
            if not bot.pipeline.piece_rows(kind, question=row["turns"][-1]):
                continue  # no byline to give: asked as any question, not a piece answer
            group = decide.piece_group(kind)
            asked[group] += 1
            right[group] += row["answerable"] and found(
                text, row, [(c["source"], c["start"], c["end"]) for c in result["citations"]])
    return {g: {"questions": asked[g], "right": right[g],
                "confidence": round((right[g] + 1) / (asked[g] + 2), 4)}
            for g in decide.PIECE_GROUPS}


SLICE_ARTICLE = "Harvard_University.txt"  # a validation article, indexed alone


def slice_figures(model: decide.DecisionModel, squad: Path, work: Path,
                  embeddings: SentenceEmbeddings, ranking: Ranking | None = None
                  ) -> dict[str, float]:
    """The model's figures on one validation article alone (ranked by `ranking`, the shipped
    one by default): what a test reproduces to show that the shipped models, the code and the
    data still agree."""
    trainer = Trainer(squad, work, embeddings, ranking=ranking)
    bot = trainer._bot([SLICE_ARTICLE], "slice")
    text = (squad / SLICE_ARTICLE).read_text(encoding="utf-8")
    examples = observe(bot, trainer._article_rows(SLICE_ARTICLE), {SLICE_ARTICLE: text},
                       "article")
    conf = [model.answers.probability(e.values) for e in examples]
    topic = [model.on_topic.probability(e.values) for e in examples]
    return {"examples": len(examples),
            "answers_auroc": round(auroc(conf, [e.answers for e in examples]), 4),
            **{k: round(v, 4) for k, v in selective(
                examples, conf, topic, model.answer_at, model.refuse_below,
                model.refuse_dense_below).items()}}


def _starting_ranking() -> Ranking | None:
    """What the ranking's questions are asked with while it is fitted (the earlier turns of a
    follow-up are answered with it): the shipped one, or, where that was fitted on other
    features, the shipped weights of the features it has and none for a new one."""
    try:
        evidence.ranking()
        return None
    except ValueError:
        raw = json.loads(RANKING_PATH.read_text(encoding="utf-8"))["weights"]
        return Ranking(tuple(float(raw.get(f, 0.0)) for f in evidence.FEATURES))


def train(squad: Path, out: Path = decide.MODEL_PATH, seed: int = 0, limit: int | None = None,
          embeddings: SentenceEmbeddings | None = None,
          on_progress: Callable[[str], None] | None = None,
          examples: Path | None = None, written: Path | None = None) -> decide.DecisionModel:
    """Fit the ranking and save it beside `out` (as `ranking.json`), then collect the
    decision's examples on it (or read them from `examples`, when it exists, keeping the
    ranking they were collected on), fit, choose and save; returns the decision with its
    manifest. `examples` keeps what was collected, for refitting. `written`: the folder of
    written documents (`bench/data/written`), or none."""
    started = time.perf_counter()
    split = json.loads((squad / "split.json").read_text(encoding="utf-8"))
    kept = examples if examples is not None and examples.is_file() else None
    embeddings = embeddings or SentenceEmbeddings()
    ranking_out = out.with_name(RANKING_PATH.name)
    command = f"assistant train --seed {seed}" + (f" --limit {limit}" if limit else "")
    ranking: Ranking | None = None
    if kept is not None:
        parts, collected = load_examples(kept)
    else:
        with tempfile.TemporaryDirectory(prefix="assistant-train-") as work:
            trainer = Trainer(squad, Path(work), embeddings, seed, limit, on_progress,
                              written, _starting_ranking())
            ranking = ranker.choose(trainer.queries("train"), trainer.queries("validation"))
            ranking = replace(ranking, manifest={
                **ranking.manifest,
                "command": command,
                "data_sha256": {"squad": data_hash(squad),
                                **({"written": data_hash(written)} if written else {})},
                "seconds": round(time.perf_counter() - started)})
            ranking.save(ranking_out)
            evidence.ranking.cache_clear()
            trainer.ranking = ranking
            parts = {"train": trainer.collect("train"),
                     "validation": trainer.collect("validation")}
        collected = time.perf_counter() - started
        if examples is not None:
            save_examples(examples, parts, collected)
    training, validation = parts["train"], parts["validation"]
    x = np.array([e.values for e in training], dtype=np.float64)
    answers = fit(x, np.array([e.answers for e in training], dtype=np.float64),
                  weight=balanced(training))
    on_topic = fit(x, np.array([e.on_topic for e in training], dtype=np.float64))
    dense_below = dense_floor(training)
    answer_at, refuse_below, curve = choose(validation, answers, on_topic, dense_below)
    conf = [answers.probability(e.values) for e in validation]
    topic = [on_topic.probability(e.values) for e in validation]
    figures = {
        "answers_auroc": round(auroc(conf, [e.answers for e in validation]), 4),
        "answers_calibration_error": round(calibration_error(
            conf, [e.answers for e in validation]), 4),
        "on_topic_auroc": round(auroc(topic, [e.on_topic for e in validation]), 4),
        **{f"{s}_{k}": round(v, 4) for s in SETTINGS
           for k, v in selective([e for e in validation if e.setting == s],
                                 [c for c, e in zip(conf, validation, strict=True)
                                  if e.setting == s],
                                 [t for t, e in zip(topic, validation, strict=True)
                                  if e.setting == s], answer_at, refuse_below,
                                 dense_below).items()},
    }
    manifest = {
        "command": command + (" --examples FILE" if examples is not None else ""),
        # A refit reads examples collected earlier (by the same command without a file).
        "refitted_from_kept_examples": kept is not None,
        "data": "bench/data/squad (SQuAD v1.1/2.0 dev articles, CC BY-SA 4.0)"
        + (" and bench/data/written (CC0)" if written else ""),
        "data_sha256": data_hash(squad),
        **({"written_sha256": data_hash(written)} if written else {}),
        "validation_articles": split["validation"],
        "seed": seed, "limit": limit, "l2": L2, "wrong_cost": WRONG_COST,
        "examples": {"train": len(training), "validation": len(validation)},
        "validation": figures, "risk_coverage": curve[::5],
        "seconds": round(time.perf_counter() - started),
        "collecting_seconds": round(collected),
    }
    with tempfile.TemporaryDirectory(prefix="assistant-piece-") as work:
        trainer = Trainer(squad, Path(work), embeddings, seed, limit, on_progress, written,
                          ranking)
        pieces = manifest["piece_answers"] = {part: piece_figures(trainer, part)
                                              for part in ("train", "validation")}
    model = decide.DecisionModel(decide.FEATURES, answers, on_topic, answer_at,
                                 refuse_below, round(dense_below, 4),
                                 {g: f["confidence"] for g, f in pieces["train"].items()},
                                 manifest)
    with tempfile.TemporaryDirectory(prefix="assistant-slice-") as work:
        manifest["slice"] = {"article": SLICE_ARTICLE, **slice_figures(
            model, squad, Path(work), embeddings, ranking)}
    model.save(out)
    decide.load.cache_clear()
    return model
