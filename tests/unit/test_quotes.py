"""Quote questions: recognised by the assistant, answered by where the words are said."""

from __future__ import annotations

from assistant.answers import QuoteMatch
from assistant.decide import Decision
from assistant.quotes import SIMILAR_SHOWN, decision, quoted_phrase, shown, verdict


def test_quote_questions_are_recognised() -> None:
    assert quoted_phrase('Does the article say "Cambodia is a small country"?') == \
        "Cambodia is a small country"
    assert quoted_phrase("Does it mention “the Shangri-La Dialogue”?") == \
        "the Shangri-La Dialogue"
    assert quoted_phrase("What did Hun Sen say?") is None
    assert quoted_phrase('Is "a good ally" in the article?') == "a good ally"
    assert quoted_phrase('Where does the text mention «Shangri-La»?') == "Shangri-La"
    assert quoted_phrase('Who wrote "the article"?') is None
    assert quoted_phrase('What is "ASEAN"?') is None


def _match(kind: str, quote: str = "a small country", score: float = 1.0) -> QuoteMatch:
    return QuoteMatch("a.txt", 10, 10 + len(quote), quote, score, kind)  # type: ignore[arg-type]


def test_found_verbatim_is_an_answer_that_counts_the_places() -> None:
    once, twice = [_match("exact")], [_match("exact"), _match("exact")]
    assert verdict("a small country", once, 1) == \
        "Yes. The article says “a small country” once: [1]."
    assert verdict("a small country", twice, 3) == \
        "Yes. Your documents say “a small country” 2 times: [1] [2]."
    assert decision(once) == Decision("answer", 1.0, None)


def test_found_apart_from_case_quotes_what_the_text_says() -> None:
    found = [_match("normalized", "A Small  country", 0.99)]
    assert verdict("a small country", found, 1) == \
        "Yes, apart from case, spacing or quote marks: “A Small  country” [1]."
    assert decision(found).outcome == "answer"


def test_only_similar_passages_are_a_hedge_showing_the_closest() -> None:
    similar = [_match("similar", f"passage {n}", 0.9 - n / 100) for n in range(5)]
    cited = shown(similar)
    assert len(cited) == SIMILAR_SHOWN and cited[0].quote == "passage 0"
    assert verdict("x y", cited, 1) == ("Not in those words. The closest passages in the "
                                        "article: “passage 0” [1] “passage 1” [2] "
                                        "“passage 2” [3]")
    assert decision(cited) == Decision("hedged", 0.9, "quote_not_verbatim")


def test_nothing_found_is_a_refusal() -> None:
    assert verdict("purple elephants", [], 1) == \
        "No. I could not find “purple elephants” or anything close to it in the article."
    assert decision([]) == Decision("refused", 0.0, "quote_not_found")
    assert shown([]) == []
