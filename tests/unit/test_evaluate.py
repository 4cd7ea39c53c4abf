"""Evaluation arithmetic that needs no answers: sampling, percentiles, the suite's sets."""

from __future__ import annotations

from pathlib import Path

from assistant import evaluate, suite


def test_sample_is_seeded_and_in_file_order() -> None:
    rows = [{"id": str(i)} for i in range(50)]
    a = evaluate.choose(rows, sample=10, seed=3)
    assert a == evaluate.choose(rows, sample=10, seed=3)
    assert [int(r["id"]) for r in a] == sorted(int(r["id"]) for r in a)
    assert evaluate.choose(rows, limit=5) == rows[:5]


def test_percentile() -> None:
    assert evaluate.percentile([1, 2, 3, 4], 50) == 2.5
    assert evaluate.percentile([5.0], 95) == 5.0


def test_a_set_asked_document_by_document_groups_its_rows_by_source(tmp_path: Path) -> None:
    rows = [{"id": "a", "source": "b.txt"}, {"id": "b", "source": "a.txt"},
            {"id": "c", "source": "b.txt"}]
    assert suite._by_document(tmp_path, rows, alone=False) == [(tmp_path, rows)]
    assert suite._by_document(tmp_path, rows, alone=True) == [
        (tmp_path / "a.txt", [rows[1]]), (tmp_path / "b.txt", [rows[0], rows[2]])]


def test_every_question_set_of_the_suite_is_in_the_checkout() -> None:
    for qs in suite.question_sets():
        assert qs.sources.exists() and qs.qa.is_file(), qs.name
        if qs.alone:  # each row names a document of the folder
            rows = evaluate.load_jsonl(qs.qa)
            assert {evaluate.row_source(r) for r in rows} == \
                {p.name for p in qs.sources.iterdir()}, qs.name
