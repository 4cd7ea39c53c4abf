"""`assistant eval` computes exactly what the reference scorer computes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant, evaluate
from index import SentenceEmbeddings
from tests.support.builders import assistant_over
from tests.support.paths import ARTICLE, DATA, load_qa

SCORER = DATA / "reference_score.py"


def _reference(sources: Path, qa: Path, results: Path) -> dict:
    done = subprocess.run([sys.executable, str(SCORER), str(sources), str(qa), str(results)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_metrics_equal_the_reference_scorer_on_real_results(bot: Assistant,
                                                            tmp_path: Path) -> None:
    rows = load_qa()
    results, latencies = evaluate.run(bot, rows)
    out = tmp_path / "results.jsonl"
    evaluate.write_results(results, out)
    ours = evaluate.score(evaluate.load_sources(ARTICLE.parent), rows, results)
    assert ours == _reference(ARTICLE.parent, DATA / "dev_qa.jsonl", out)
    assert len(latencies) == sum(len(r["turns"]) for r in rows)


def test_questions_in_other_wordings_are_answered_about_as_well(bot: Assistant) -> None:
    # The rules were tuned on the dev questions; these were written apart from them.
    rows = load_qa("probe_qa.jsonl")
    results, _ = evaluate.run(bot, rows)
    m = evaluate.score(evaluate.load_sources(ARTICLE.parent), rows, results)
    # A hedge cites its two closest passages, one of them usually not the answer: precision
    # 0.764 (0.859 when a hedge cited one), 0.648 since a hedge's two may take 600 characters
    # (this article's sentences are long: a second one now fits more often; recall unmoved);
    # 0.611 with the fitted ranking, whose follow-ups may cite the previous answer's sentence
    # again (recall 0.95 to 0.967).
    assert m["evidence_recall"] >= 0.85 and m["cite_precision"] >= 0.6
    # Unanswerable questions are hedged or refused, never answered with confidence.
    assert m["honest_unanswerable"] >= 0.85 and m["confident_wrong"] <= 0.1
    assert m["false_abstain"] <= 0.05


def test_an_article_nobody_tuned_on_is_answered_too(tmp_path_factory: pytest.TempPathFactory,
                                                    embeddings: SentenceEmbeddings) -> None:
    article = DATA / "harbour" / "harbour.txt"
    bot = assistant_over(article.read_text(encoding="utf-8"), "harbour", tmp_path_factory,
                         embeddings)
    rows = load_qa("harbour_qa.jsonl")
    results, _ = evaluate.run(bot, rows)
    m = evaluate.score(evaluate.load_sources(article), rows, results)
    assert m["evidence_recall"] >= 0.85 and m["cite_precision"] >= 0.62  # 0.655; see above
    assert m["honest_unanswerable"] >= 0.85 and m["confident_wrong"] <= 0.1
    assert m["false_abstain"] <= 0.1


def test_metric_arithmetic_on_constructed_results(tmp_path: Path) -> None:
    """Hand-made results hitting every branch: partial recall, imprecise citations,
    abstentions right and wrong, a missing row, multi-document evidence."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Alpha beta gamma. Delta epsilon.", encoding="utf-8")
    (docs / "b.txt").write_text("Zeta eta theta.", encoding="utf-8")
    qa = [
        {"id": "1", "turns": ["q"], "answerable": True,
         "evidence": [[{"source": "a.txt", "start": 0, "end": 17}]], "answer": [["gamma"]]},
        {"id": "2", "turns": ["q"], "answerable": True,
         "evidence": [[{"source": "b.txt", "start": 0, "end": 4}],
                      [{"source": "a.txt", "start": 18, "end": 23}]], "answer": [["zeta"]]},
        {"id": "3", "turns": ["q"], "answerable": False, "evidence": [], "answer": []},
        {"id": "4", "turns": ["q"], "answerable": False, "evidence": [], "answer": []},
        {"id": "5", "turns": ["q"], "answerable": True,
         "evidence": [[{"source": "b.txt", "start": 5, "end": 8}]], "answer": [["eta"]]},
    ]
    results = [
        {"id": "1", "text": "The Gamma!", "abstained": False,
         "citations": [{"source": "a.txt", "start": 0, "end": 17},
                       {"source": "b.txt", "start": 0, "end": 4}]},
        {"id": "2", "text": "zeta", "abstained": False,
         "citations": [{"source": "b.txt", "start": 0, "end": 15}]},
        {"id": "3", "text": "The sources do not say.", "abstained": True, "citations": []},
        {"id": "4", "text": "x", "abstained": False,
         "citations": [{"source": "a.txt", "start": 0, "end": 5}]},
    ]
    qa_file, res_file = tmp_path / "qa.jsonl", tmp_path / "res.jsonl"
    qa_file.write_text("".join(json.dumps(r) + "\n" for r in qa))
    evaluate.write_results(results, res_file)
    ours = evaluate.score(evaluate.load_sources(docs), qa, results)
    assert ours == _reference(docs, qa_file, res_file)
    assert ours["evidence_recall"] == pytest.approx(1 / 3, abs=1e-3)
    assert ours["missing"] == 1 and ours["abstain_ok"] == 0.5




