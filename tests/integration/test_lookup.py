"""Citation lookup and the quote finder: exact places, context, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant, CitationError
from assistant.answers import parse_reference
from index import SentenceEmbeddings
from tests.support.builders import make_assistant
from tests.support.paths import ARTICLE

TEXT = ARTICLE.read_text(encoding="utf-8")
NAME = ARTICLE.name
TIES = "Cambodia and the US had established diplomatic ties on July 11, 1950"


def test_lookup_of_a_citation_gives_place_and_context(bot: Assistant) -> None:
    citation = bot.ask("When were diplomatic ties between Cambodia and the US "
                       "established?").citations[0]
    passage = bot.lookup(citation)
    assert passage.quote == TEXT[passage.start:passage.end] == citation.quote
    assert passage.paragraph == 5 and passage.sentences == (6, 6)
    assert passage.before == ""  # first sentence of its paragraph
    assert passage.after.startswith(" There are different interpretations")
    assert passage.permalink == f"{NAME}:{citation.start}-{citation.end}"
    assert bot.lookup(passage.permalink) == passage


def test_lookup_of_a_span_inside_and_across_sentences(bot: Assistant) -> None:
    start = TEXT.index("July 11, 1950")
    inside = bot.lookup(f"{NAME}:{start}-{start + 13}")
    assert inside.quote == "July 11, 1950" and inside.sentences == (6, 6)
    assert inside.before.endswith("diplomatic ties on ")
    across = bot.lookup(f"{NAME}:{start}-{TEXT.index('in the US.', start) + 10}")
    assert across.sentences == (6, 7)


def test_permalink_from_a_ui_link(bot: Assistant) -> None:
    start = TEXT.index(TIES)
    ref = f"http://127.0.0.1:7860/?cite={NAME}:{start}-{start + len(TIES)}"
    assert bot.lookup(ref).quote == TIES
    assert parse_reference(ref) == (NAME, start, start + len(TIES))


def test_a_citation_line_pasted_whole_is_looked_up(bot: Assistant) -> None:
    # As `assistant ask` prints it: "[1] source:start-end "quote"".
    start = TEXT.index(TIES)
    ref = f"{NAME}:{start}-{start + len(TIES)}"
    for line in (f"[1] {ref}", f'[2] {ref} "{TIES}"', f"  [3] {ref}  "):
        assert bot.lookup(line).quote == TIES
    with pytest.raises(CitationError, match="unknown source"):
        bot.lookup("[1] other.txt:0-10")


@pytest.mark.parametrize(("ref", "message"), [
    (f"{NAME}:10-999999", "out of range"),
    (f"{NAME}:50-40", "bad offsets"),
    (f"{NAME}:-5-10", "bad offsets"),
    (f"{NAME}:a-b", "malformed"),
    ("no-colon-here", "malformed"),
    ("other.txt:0-10", "unknown source"),
    (f"../{NAME}:0-10", "unknown source"),
    ("../../etc/passwd:0-10", "unknown source"),
])
def test_bad_references_raise_citation_error(bot: Assistant, ref: str, message: str) -> None:
    with pytest.raises(CitationError, match=message):
        bot.lookup(ref)


def test_find_quote_exact(bot: Assistant) -> None:
    (match,) = bot.find_quote(TIES)
    assert match.match == "exact" and match.score == 1.0
    assert TEXT[match.start:match.end] == TIES


@pytest.mark.parametrize("variant", [
    "cambodia and the us had established   diplomatic ties on JULY 11, 1950",
    "Cambodia and the US\nhad established diplomatic ties on July 11, 1950",
])
def test_find_quote_normalized(bot: Assistant, variant: str) -> None:
    match = bot.find_quote(variant)[0]
    assert match.match == "normalized"
    assert TEXT[match.start:match.end] == TIES == match.quote


def test_find_quote_ignores_quote_mark_style(bot: Assistant) -> None:
    match = bot.find_quote("Lloyd Austin's visit to Cambodia")[0]
    assert match.match == "normalized" and match.quote == "Lloyd Austin’s visit to Cambodia"


def test_find_quote_paraphrase_is_similar(bot: Assistant) -> None:
    matches = bot.find_quote("The two countries set up diplomatic relations in July 1950.")
    assert matches and all(m.match == "similar" for m in matches)
    assert TIES in matches[0].quote
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_find_quote_with_a_word_left_out_of_a_long_sentence_is_similar(bot: Assistant) -> None:
    # "each meeting always lasts a few hours" ends a long sentence about something else: its
    # meaning is not the quote's, its words are.
    matches = bot.find_quote("each meeting lasts a few hours")
    assert matches and matches[0].match == "similar"
    assert "each meeting always lasts a few hours" in matches[0].quote


def test_find_quote_in_a_file_saved_with_decomposed_accents(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    (tmp_path / "src").mkdir()
    text = "The glass artist Se\u0301verine Dupont opened a studio in 2019.\n"  # as macOS saves
    (tmp_path / "src" / "studio.txt").write_text(text, encoding="utf-8")
    bot = make_assistant(tmp_path / "src", tmp_path / "data", embeddings)
    (match,) = bot.find_quote("Séverine Dupont")  # typed, or cleaned at the boundary: NFC
    assert match.match == "normalized" and match.quote == text[17:33] == "Se\u0301verine Dupont"
    answer = bot.ask('Does the article say "artist Séverine Dupont opened a studio"?')
    assert answer.outcome == "answer" and answer.quote_check is not None
    assert answer.quote_check.match == "normalized"


def test_find_quote_absent(bot: Assistant) -> None:
    assert bot.find_quote("The penguins of Antarctica prefer jazz to opera.") == []
    assert bot.find_quote("   ") == []


# --- quote questions: recognised by the assistant, answered by the quote finder ---------------

def test_quote_question_is_answered_with_where_the_words_are(bot: Assistant) -> None:
    phrase = "Cambodia is a developing country"
    answer = bot.ask(f'Does the article say "{phrase}"?')
    assert answer.text == f"Yes. The article says “{phrase}” once: [1]."
    assert answer.outcome == "answer" and answer.confidence == 1.0 and not answer.abstained
    assert answer.quote_check is not None and answer.quote_check.to_dict() == \
        {"phrase": phrase, "match": "exact"}
    (cited,) = answer.citations
    assert cited.quote == phrase == TEXT[cited.start:cited.end]
    assert bot.lookup(cited).paragraph == cited.paragraph
    assert answer.answerer == "quote" and answer.resolved_question == answer.question
    # Streamed, it comes whole: a search result is not written word by word.
    assert list(bot.stream(f'Does the article say "{phrase}"?')) == [answer]


def test_quote_question_finds_near_and_similar_words_or_says_no(bot: Assistant) -> None:
    near = bot.ask("Does the article mention “cambodia  is a SMALL country”?")
    assert near.outcome == "answer" and near.quote_check and \
        near.quote_check.match == "normalized"
    assert near.text.startswith("Yes, apart from case, spacing or quote marks:")
    similar = bot.ask('Does the article say "The two countries set up diplomatic '
                      'relations in July 1950"?')
    assert similar.outcome == "hedged" and similar.abstain_reason == "quote_not_verbatim"
    assert similar.text.startswith("Not in those words. The closest passages in the article:")
    assert 1 <= len(similar.citations) <= 3
    for c in similar.citations:
        assert c.quote == TEXT[c.start:c.end]
    absent = bot.ask('Does the article mention "purple elephants on the moon"?')
    assert absent.outcome == "refused" and absent.abstained and absent.citations == ()
    assert absent.abstain_reason == "quote_not_found" and absent.to_dict()["quote_check"] == \
        {"phrase": "purple elephants on the moon", "match": None}


def test_other_questions_carry_no_quote_check(bot: Assistant) -> None:
    answer = bot.ask('What does "ASEAN" stand for?')
    assert answer.quote_check is None and answer.answerer == "extractive"
    assert answer.to_dict()["quote_check"] is None


def test_an_unknown_source_names_some_known_ones_and_counts_the_rest(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    (tmp_path / "docs").mkdir()
    for n in range(7):
        (tmp_path / "docs" / f"note{n}.txt").write_text(f"Note {n} says the hall opens at {n}.\n",
                                                        encoding="utf-8")
    bot = make_assistant(tmp_path / "docs", tmp_path / "data", embeddings)
    with pytest.raises(CitationError, match=r"known: note0\.txt, .*note4\.txt and 2 more$"):
        bot.lookup("nosuch.txt:0-5")
