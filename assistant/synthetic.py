"""Synthetic follow-up questions from SQuAD, for training and choosing on follow-ups.

SQuAD has no conversations, so follow-ups are made from its questions: a question that names
its article's subject ("When was Harvard founded?") becomes a follow-up with a pronoun in its
place ("When was it founded?"), asked after another question of the same article that names
the subject. Only where the name stands alone in the sentence (after a verb or preposition,
before a verb, a preposition or the end) is it replaced, so the result still reads as a
question ("the Harvard campus" is left alone). The evidence is the original question's, and an
unanswerable question (SQuAD 2.0's) makes an unanswerable follow-up.

The training articles' follow-ups are fitted on, the validation articles' chosen on; the
conversations written by a reader are never tuned on.
"""

from __future__ import annotations

import random
import re
from typing import Any

from assistant.evaluate import row_source


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Articles about a person take "he"/"she"; the rest "it".
_PERSON = {"Genghis_Khan.txt": "he"}
_BEFORE = _words("did does do is was were are has had of in at by for to from with about "
                 "on and when where how what which why can could would will that through "
                 "into near across under over between within around outside")
# After these, the subject is followed by a verb whatever it is ("did Genghis Khan die").
_AUXILIARY = _words("did does do can could will would")
_AFTER = _words("is was were are has had have did does do can could will would become "
                "became begin began start started use used get got take took make made "
                "receive received win won reach reached hold held play played first in "
                "on at for to during after before with from by and own owned need want "
                "wanted say said consider call called")
# First words of a title too generic to stand for the whole ("University of Chicago").
_GENERIC_FIRST = _words("university european black civil french super prime immune packet "
                        "apollo")


def aliases(article: str) -> list[str]:
    """The names a question may use for an article's subject: "Harvard_University.txt" →
    ["Harvard University", "Harvard"]."""
    title = re.sub(r"\s*\(.*\)|,.*", "", article.removesuffix(".txt").replace("_", " "))
    words = title.split()
    out = [title]
    if len(words) > 1 and words[0][0].isupper() and words[0].lower() not in _GENERIC_FIRST:
        out.append(words[0])
    return out


def with_pronoun(question: str, article: str) -> str | None:
    """The question with the article's subject replaced by a pronoun, or None when it does
    not name the subject where a pronoun would read naturally."""
    pronoun = _PERSON.get(article, "it")
    possessive = {"he": "his", "she": "her", "it": "its"}[pronoun]
    for name in aliases(article):
        for m in re.finditer(rf"\b(?:the\s+)?{re.escape(name)}(['’]s)?\b", question, re.I):
            before = question[: m.start()].split()
            after = question[m.end():].strip()
            next_word = re.match(r"[a-z]+", after.lower())
            fits_before = not before or before[-1].lower() in _BEFORE
            fits_after = not after or after[0] in "?,.;" or bool(m.group(1)) \
                or bool(before and before[-1].lower() in _AUXILIARY) \
                or (next_word is not None and (next_word.group(0) in _AFTER
                                               or next_word.group(0).endswith("ed")))
            if fits_before and fits_after:
                return question[: m.start()] + (possessive if m.group(1) else pronoun) \
                    + question[m.end():]
    return None


def follow_ups(rows: list[dict[str, Any]], articles: list[str],
               seed: int = 0) -> list[dict[str, Any]]:
    """Two-turn rows (the evaluation format) over `articles`: each single-turn question,
    answerable or not, that names its article's subject, as a follow-up to an answerable one
    that does."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for article in articles:
        naming = [r for r in rows if len(r["turns"]) == 1 and row_source(r) == article
                  and with_pronoun(r["turns"][0], article)]
        firsts = [r for r in naming if r.get("answerable", True)]
        for row in naming:
            others = [r for r in firsts if r is not row]
            if not others:
                continue
            first = rng.choice(others)["turns"][0]
            second = with_pronoun(row["turns"][0], article)
            out.append({"id": f"follow-up-{row['id']}", "turns": [first, second],
                        "answerable": row.get("answerable", True),
                        "evidence": row["evidence"], "answer": row.get("answer"),
                        "source": article})
    return out
