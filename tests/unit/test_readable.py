"""How an answer shows what it quotes (`Catalog.readable`), and finding it again by that text."""

from __future__ import annotations

from tests.support.catalogs import catalog_of

MEETING = ("Garden committee meeting\n\n"
           "Priya: Thanks for coming. We have two items.\n\n"
           "Akosua: I'd rather not have the metal shed. The old one was freezing.\n\n"
           "Priya: Noted. Last item, the waiting list.\n\n"
           "Akosua: Thirty-one households are on it.\n\n"
           "One catch: the hall closes at six. We meet in the library instead.\n")


def test_a_later_sentence_of_a_turn_is_shown_with_its_speaker() -> None:
    catalog = catalog_of(("meeting.txt", MEETING))
    shown = {u.text: catalog.readable(row) for row, u in enumerate(catalog.units)}
    assert shown["The old one was freezing."] == "Akosua: The old one was freezing."
    assert shown["We have two items."] == "Priya: We have two items."
    # The turn's first sentence names its speaker already...
    assert shown["Akosua: I'd rather not have the metal shed."] == \
        "Akosua: I'd rather not have the metal shed."
    # ...and a label that opens one paragraph only is no speaker ("One catch:").
    assert shown["We meet in the library instead."] == "We meet in the library instead."


def test_markup_and_hard_wraps_are_not_shown() -> None:
    catalog = catalog_of(("notes.md", "# Notes\n\nThe port moved to **4173**, run\n  "
                                      "`quillmark serve` to start it.\n"))
    row = next(r for r, u in enumerate(catalog.units) if "4173" in u.text)
    assert catalog.readable(row) == "The port moved to 4173, run quillmark serve to start it."
    # Marks come in pairs; a lone one is text (a hostile page's "window.__pwned", "2 ** 8").
    catalog = catalog_of(("code.md", "# Code\n\nIt set window.__pwned to 2 ** 8 in __init__.\n"))
    row = next(r for r, u in enumerate(catalog.units) if "pwned" in u.text)
    assert catalog.readable(row) == "It set window.__pwned to 2 ** 8 in init."


def test_bullets_and_heading_marks_are_not_shown_but_numbers_are() -> None:
    catalog = catalog_of(("changes.md", (
        "# Changes\n\nWhat moved this year is below.\n\n## 2.4.0 — 2025-03-12\n\n"
        "Steps to upgrade:\n\n- Back up the site folder.\n• Run the migration.\n"
        "2. Restart the server.\n\n-5 degrees stops the pump.\n")))
    shown = {u.text: catalog.readable(row) for row, u in enumerate(catalog.units)}
    assert shown["## 2.4.0 — 2025-03-12"] == "2.4.0 — 2025-03-12"
    assert shown["- Back up the site folder."] == "Back up the site folder."
    assert shown["• Run the migration."] == "Run the migration."
    assert shown["2. Restart the server."] == "2. Restart the server."
    assert shown["-5 degrees stops the pump."] == "-5 degrees stops the pump."
    assert catalog.rows_with_text("Back up the site folder.") == \
        catalog.rows_with_text("- Back up the site folder.")


def test_a_unit_is_found_by_its_text_and_by_its_text_as_shown() -> None:
    catalog = catalog_of(("meeting.txt", MEETING), ("fares.md", (
        "# Fares\n\n| Destination | Single |\n|---|---|\n| Exeter | £45.00 |\n")))
    row = next(r for r, u in enumerate(catalog.units) if u.text == "The old one was freezing.")
    assert catalog.rows_with_text("The old one was freezing.") == [row]
    assert catalog.rows_with_text("Akosua: The old one was freezing.") == [row]
    exeter = next(r for r, u in enumerate(catalog.units) if u.text.startswith("Exeter"))
    assert catalog.rows_with_text(catalog.readable(exeter)) == [exeter]
    assert catalog.readable(exeter) == "Destination: Exeter; Single: £45.00"


def test_a_hard_wrapped_quote_is_one_sentence_shown_without_its_marks() -> None:
    catalog = catalog_of(("reply.txt", "Hi Ben,\n\n> The hall is free on the 12th\n> and the "
                                       "13th. It seats 80.\n>\n> Regards\n\nGreat, I'll book it.\n"))
    shown = [catalog.readable(row) for row, u in enumerate(catalog.units) if u.kind == "body"]
    assert "The hall is free on the 12th and the 13th." in shown
    assert "It seats 80." in shown
