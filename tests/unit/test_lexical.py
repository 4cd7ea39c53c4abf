"""The lexical index: BM25 ranking, co-occurrence and word stems."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index import LexicalIndex, tokens


def test_bm25_ranks_the_sentence_with_the_rare_word() -> None:
    lexical = LexicalIndex.build(["The prime minister spoke.", "The defense secretary visited.",
                                  "Ministers met the secretary of defense."])
    assert lexical.top("prime minister", 3)[0][0] == 0
    assert {row for row, _ in lexical.top("defense secretary", 3)} == {1, 2}
    assert lexical.top("finance", 3) == []  # an unseen word finds nothing


def test_a_title_word_finds_its_article_but_stays_rare_within_it() -> None:
    # One article titled after Austin, and one other: every sentence of the first carries
    # the title, yet the one sentence that names Austin must still rank first for him.
    texts = ["Austin arrived on Monday.", "The talks covered trade.", "Rain fell all week.",
             "Markets rose."]
    titles = ["Austin's visit", "Austin's visit", "Austin's visit", "Weather report"]
    lexical = LexicalIndex.build(texts, titles)
    assert lexical.term_idf("austin") == pytest.approx(lexical.term_idf("monday"))
    ranked = [row for row, _ in lexical.top("Austin", 4)]
    assert ranked[0] == 0 and set(ranked) == {0, 1, 2}  # the weather report is not his


def test_word_forms_meet_in_one_stem() -> None:
    # A question says "nominates", the article "nomination": the same word for BM25.
    assert tokens("nominates meetings incited") == tokens("nomination meeting incites")
    # Porter 2 parts these from their plurals ("buse", "len"): they meet too.
    assert tokens("buses lenses gases") == tokens("bus lens gas")
    lexical = LexicalIndex.build(["The party changed its nomination rules.", "Rain fell."])
    assert lexical.top("How does the party nominate people?", 2)[0][0] == 0


def test_saved_index_scores_alike_when_loaded_back_without_scipy(tmp_path: Path) -> None:
    from scipy import sparse

    texts = ["The prime minister spoke twice.", "The defense secretary visited.",
             "Ministers met the secretary of defense.", "Rain fell."]
    built = LexicalIndex.build(texts)
    built.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    for query in ("prime minister", "defense secretary ministers", "rain", "nothing here"):
        assert loaded.scores(query).tolist() == built.scores(query).tolist()
        assert loaded.top(query, 2) == built.top(query, 2)
    # The file is scipy's own CSC layout: scipy sums the same columns to the same scores.
    matrix = sparse.load_npz(tmp_path / "bm25.npz")
    cols = [built.vocabulary[t] for t in tokens("defense secretary ministers")]
    expected = np.asarray(matrix[:, cols].sum(axis=1)).ravel()
    assert np.allclose(loaded.scores("defense secretary ministers"), expected)
