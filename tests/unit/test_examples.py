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
    # Each kind of example comes from another document, where it can.
    assert two[:3] == ["What is “Grandmother's lentil soup” about?",
                       "What happened on March 3, 2026?", "Who is Maria Lopez?"]
    quoted = [q for q in two if q.startswith('Do your documents say "')]
    assert quoted and all(q.split('"')[1] in RECIPE + harbour for q in quoted)


def test_a_quoted_example_is_words_as_a_reader_types_them() -> None:
    notes = ("# Garden meeting\n\nHeld at the Beech Lane allotments\n**Present:** Ana, Tom\n\n"
             "The pond at plot 12 is leaking again. Everyone agreed to mend the fence first.\n")
    # Not across a line break or with markdown's marks ("Beech Lane allotments **Present"),
    # nor with a number in it.
    assert suggest(catalog_of(("notes.md", notes)))[-1] == \
        'Does the article say "Everyone agreed to mend the fence first"?'


def test_examples_are_deterministic_and_empty_for_no_documents() -> None:
    catalog = catalog_of(("recipe.txt", RECIPE))
    assert suggest(catalog) == suggest(catalog_of(("recipe.txt", RECIPE)))
    assert suggest(catalog_of()) == []


def test_wording_follows_the_number_of_documents() -> None:
    assert corpus_name(1) == "the article" and not_said(1) == "The article does not say."
    assert corpus_name(3) == "your documents" and not_said(3) == "Your documents do not say."
    assert corpus_name(0) == "your documents"
