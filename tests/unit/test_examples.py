"""Example questions and wording made from the indexed documents (no model needed)."""

from __future__ import annotations

from assistant.examples import corpus_name, not_said, suggest
from tests.support.catalogs import catalog_of
from tests.support.paths import ARTICLE, DATA

RECIPE = ("Grandmother's lentil soup\n\n"
          "This soup was first cooked by Maria Lopez in 1962 for her family in Valencia. "
          "Rinse the lentils, then simmer them for forty minutes with two carrots. "
          "Serve it hot with bread.\n")


def test_examples_come_from_the_seed_article() -> None:
    catalog = catalog_of((ARTICLE.name, ARTICLE.read_text(encoding="utf-8")))
    assert suggest(catalog) == [
        "What is the article about?",
        "What happened on June 4, 2024?",
        "Who is Lloyd Austin?",
        'Does the article say "The former prime minister of Cambodia"?',
    ]


def test_examples_change_with_the_corpus() -> None:
    harbour = (DATA / "harbour" / "harbour.txt").read_text(encoding="utf-8")
    one = suggest(catalog_of(("harbour.txt", harbour)))
    assert one[1:3] == ["What happened on March 3, 2026?", "Who is Ana Ruiz?"]
    two = suggest(catalog_of(("recipe.txt", RECIPE), ("harbour.txt", harbour)))
    # Each kind of example comes from another document, where it can; "Who is" asks only
    # about someone the text speaks of as a person ("Mayor Ana Ruiz said"; the recipe's
    # "cooked by Maria Lopez" does not tell a cook from a firm).
    assert two[:3] == ["What is “Grandmother's lentil soup” about?",
                       "What happened on March 3, 2026?",
                       "What do your documents say about Maria Lopez?"]
    quoted = [q for q in two if q.startswith('Do your documents say "')]
    assert quoted and all(q.split('"')[1] in RECIPE + harbour for q in quoted)


def test_a_quoted_example_is_words_as_a_reader_types_them() -> None:
    notes = ("# Garden meeting\n\nHeld at the Beech Lane allotments\n**Present:** Ana, Tom\n\n"
             "The pond at plot 12 is leaking again. Everyone agreed to mend the fence first.\n")
    # Not across a line break or with markdown's marks ("Beech Lane allotments **Present"),
    # nor with a number in it.
    assert suggest(catalog_of(("notes.md", notes)))[-1] == \
        'Does the article say "Everyone agreed to mend the fence first"?'


def test_examples_ask_who_only_of_people_and_leave_out_headers_and_headings() -> None:
    ferry = ("Ferry news\n\nThe company brought the larger Torsay Lass into service in 2019. "
             "The Torsay Lass carries forty cars and sails twice a day from the harbour.\n")
    assert suggest(catalog_of(("ferry.txt", ferry)))[2] == \
        "What does the article say about Torsay Lass?"  # a boat, for all the text says
    letter = ("From: Rosalind Achebe\nDate: 3 February 2025\n\nWhat is the problem?\n\n"
              "I am writing about the bill that arrived on 28 January 2025 from Northern "
              "Lights Energy. Rosalind Achebe, who is a pensioner, was charged £612.40.\n")
    notice = ('"Ice doesn\'t negotiate": an interview\n\nWe spoke to Dr Ingrid Solberg on '
              "22 April 2025 about the glacier she has measured for years.\n")
    found = suggest(catalog_of(("letter.txt", letter), ("notice.txt", notice)))
    # Not the letter's header as its title, a quoted title, the date of a header field, a
    # question heading as a quote.
    assert all("From:" not in q and "“" not in q and "3 February" not in q and "What is the problem" not in q
               for q in found), found
    assert "Who is Rosalind Achebe?" in found or "Who is Ingrid Solberg?" in found


def test_examples_are_deterministic_and_empty_for_no_documents() -> None:
    catalog = catalog_of(("recipe.txt", RECIPE))
    assert suggest(catalog) == suggest(catalog_of(("recipe.txt", RECIPE)))
    assert suggest(catalog_of()) == []


def test_wording_follows_the_number_of_documents() -> None:
    assert corpus_name(1) == "the article" and not_said(1) == "The article does not say."
    assert corpus_name(3) == "your documents" and not_said(3) == "Your documents do not say."
    assert corpus_name(0) == "your documents"
