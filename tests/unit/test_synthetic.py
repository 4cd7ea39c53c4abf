"""Synthetic follow-ups: a pronoun where the article's subject stands alone, nothing else."""

from __future__ import annotations

import pytest

from assistant.synthetic import aliases, follow_ups, with_pronoun


def test_aliases_name_the_subject_by_its_title_and_its_first_word() -> None:
    assert aliases("Harvard_University.txt") == ["Harvard University", "Harvard"]
    assert aliases("Victoria_(Australia).txt") == ["Victoria"]
    assert aliases("Jacksonville,_Florida.txt") == ["Jacksonville"]
    assert aliases("University_of_Chicago.txt") == ["University of Chicago"]


@pytest.mark.parametrize("question, article, expected", [
    ("When was Harvard founded?", "Harvard_University.txt", "When was it founded?"),
    ("What is Harvard's endowment?", "Harvard_University.txt", "What is its endowment?"),
    ("How many people lived in Warsaw in 1939?", "Warsaw.txt",
     "How many people lived in it in 1939?"),
    ("Where did Genghis Khan die?", "Genghis_Khan.txt", "Where did he die?"),
    # The name describes something else: a pronoun would not read.
    ("How large is the Harvard campus?", "Harvard_University.txt", None),
    ("What is the first manned Apollo program flight?", "Apollo_program.txt", None),
    ("Who founded Yale?", "Harvard_University.txt", None),
])
def test_with_pronoun(question: str, article: str, expected: str | None) -> None:
    assert with_pronoun(question, article) == expected


def _row(i: int, question: str, article: str = "Warsaw.txt") -> dict[str, object]:
    return {"id": str(i), "turns": [question], "answerable": True,
            "evidence": [[{"source": article, "start": i, "end": i + 5}]]}


def test_follow_ups_ask_after_another_question_that_names_the_subject() -> None:
    rows = [_row(1, "When was Warsaw founded?"), _row(2, "What river flows through Warsaw?"),
            _row(3, "Who built the bridge?"),  # names nothing: neither turn
            _row(4, "When was Harvard founded?", "Harvard_University.txt"),  # alone: no pair
            {"id": "5", "turns": ["Who was the first king born in Warsaw?"],
             "answerable": False, "evidence": [], "source": "Warsaw.txt"}]
    made = follow_ups(rows, ["Warsaw.txt", "Harvard_University.txt"], seed=1)
    assert {r["id"] for r in made} == {"follow-up-1", "follow-up-2", "follow-up-5"}
    # An unanswerable question makes an unanswerable follow-up, after an answerable one.
    unanswerable = next(r for r in made if r["id"] == "follow-up-5")
    assert unanswerable["answerable"] is False
    assert unanswerable["turns"][1] == "Who was the first king born in it?"
    assert unanswerable["turns"][0] in {"When was Warsaw founded?",
                                        "What river flows through Warsaw?"}
    by_id = {r["id"]: r for r in made}
    assert by_id["follow-up-1"]["turns"] == ["What river flows through Warsaw?",
                                             "When was it founded?"]
    assert by_id["follow-up-2"]["turns"] == ["When was Warsaw founded?",
                                             "What river flows through it?"]
    assert by_id["follow-up-1"]["evidence"] == rows[0]["evidence"]
    assert follow_ups(rows, ["Warsaw.txt"], seed=1) == follow_ups(rows, ["Warsaw.txt"], seed=1)
