"""What a document's outline takes as its lead: what the text says first."""

from __future__ import annotations

import pytest

from tests.support.catalogs import catalog_of


@pytest.mark.parametrize(("text", "lead"), [
    # Not the lines that address a letter or an e-mail, or label minutes.
    ("Greenfield Lettings\n22 Harbour Street\nWhitby YO21 3PD\n\n14 January 2025\n\nDear Mr "
     "Achterberg,\n\nRe: Flat 3, 9 Bagdale\n\nI am writing about your rent. It will rise in "
     "March.\n\nYours sincerely,\n\nFiona Marsh\n", "I am writing about your rent."),
    ("From: Lena Fischer <lena@example.de>\nTo: Omar Haddad <omar@example.co.uk>\nSubject: "
     "Quote\n\nHi Omar,\n\nThanks for the quick reply. We accept the price.\n",
     "Thanks for the quick reply."),
    ("Minutes of the committee\n\nPlace: Community room\n\nPresent: Hannah, Ravi\n\nThe "
     "minutes were approved.\n\nRavi reported a balance of £4,312.\n",
     "The minutes were approved."),
    # A standfirst in italics is prose; a document without prose keeps its first line.
    ("# Kiln talk\n\n*The potter talks about wood kilns.*\n\nHer studio sits on a farm.\n",
     "*The potter talks about wood kilns.*"),
    ("Fares\n\nAdult single £4\n\nChild single £2\n", "Adult single £4"),
    # Nor the line that dates it, where it says more ("Updated … to correct …").
    ("The Kiln Room\n\nFirst published 18 June 2024. Updated 21 June 2024 to correct the "
     "opening hours.\n\nThe shed behind Potters Yard is a café now. It opened in 2023.\n",
     "The shed behind Potters Yard is a café now."),
])
def test_the_lead_is_the_first_paragraph_of_prose(text: str, lead: str) -> None:
    catalog = catalog_of(("doc.txt", text))
    row = catalog.outlines["doc.txt"].lead
    assert row is not None and catalog.units[row].text == lead


@pytest.mark.parametrize("signature", [
    "Fiona Marsh\nProperty Manager, Greenfield Lettings",
    # A name, a job title and an organisation, a line each.
    "Daniel Okafor\nParking Services Manager\nKestleford Borough Council"])
def test_a_letters_signature_names_its_writer(signature: str) -> None:
    catalog = catalog_of(("letter.txt", (
        f"Kestleford Borough Council\n\n12 February 2024\n\nDear Ms Anand,\n\nYour permit will "
        f"cost £60 from April.\n\nPlease renew it by March.\n\nYours sincerely,\n\n{signature}\n")))
    assert [catalog.units[r].text for r in catalog.outlines["letter.txt"].author] == [signature]


def test_a_notice_signed_at_its_end_names_who_signed_it() -> None:
    catalog = catalog_of(("recall.txt", (
        "Product recall notice\n\nIssued by Brightwell Ltd on 12 May 2025\n\nWe are recalling "
        "the Aria kettle.\n\nStop using it at once.\n\nSigned, Danielle Moreau, Head of Product "
        "Safety\n")))
    assert [catalog.units[r].text for r in catalog.outlines["recall.txt"].author] == [
        "Issued by Brightwell Ltd on 12 May 2025",
        "Signed, Danielle Moreau, Head of Product Safety"]


def test_signed_alone_on_its_line_closes_a_notice_as_a_closing_phrase_does() -> None:
    # "Signed" over the name, its role and the firm: the signature, besides the "Issued by:"
    # line at the top (a heading, read as one, had hidden it).
    catalog = catalog_of(("recall.txt", (
        "PRODUCT SAFETY RECALL NOTICE\n\nIssued by: Brightlo Ltd\nDate of issue: 4 November "
        "2024\n\nWe are recalling the BK-170G kettle.\n\nStop using it at once.\n\nWe "
        "apologise for any inconvenience.\n\nSigned\n\nKaren Ashdown, Head of Quality\n"
        "Brightlo Ltd\nUnit 12, Hartmoor Trading Estate\n")))
    units = catalog.units
    assert [units[r].text for r in catalog.outlines["recall.txt"].author] == [
        "Issued by: Brightlo Ltd",
        "Karen Ashdown, Head of Quality\nBrightlo Ltd\nUnit 12, Hartmoor Trading Estate"]
    assert all(u.kind != "heading" for u in units)


def test_what_stands_below_a_letters_signature_is_neither_its_writer_nor_its_end() -> None:
    catalog = catalog_of(("letter.txt", (
        "Oakfield Home Insurance\n\n12 March 2024\n\nDear Mr Hale,\n\nYour premium will "
        "rise to £468.\n\nThank you for insuring your home with us.\n\nYours sincerely,\n\n"
        "Claire Donovan\nCustomer Relationship Manager\n\nEnclosures: Renewal schedule\n\n"
        "Oakfield Home Insurance is a trading name of Oakfield Mutual Ltd. Registered office: "
        "9 Crane Court, Northampton.\n")))
    outline, units = catalog.outlines["letter.txt"], catalog.units
    assert [units[r].text for r in outline.author] == \
        ["Claire Donovan\nCustomer Relationship Manager"]
    assert outline.close is not None
    assert units[outline.close].text == "Thank you for insuring your home with us."


def test_an_e_mails_sender_is_its_first_from_line_not_a_replys_signature() -> None:
    catalog = catalog_of(("roof.txt", (
        "From: Marta Kowalski <marta@example.org>\nTo: Daniel Osei <daniel@example.co.uk>\n"
        "Date: Tue, 14 Jan 2025 09:42\nSubject: Roof repair\n\nHi Daniel,\n\nCould you "
        "send the revised quote?\n\nThanks, Marta\n\n-----\n\nHi Marta,\n\nThe revised quote "
        "is £21,250.\n\nKind regards,\n\nDaniel Osei\nOsei Roofing Ltd\n")))
    outline, units = catalog.outlines["roof.txt"], catalog.units
    assert [units[r].text for r in outline.author] == ["From: Marta Kowalski <marta@example.org>"]
    assert outline.date is not None and units[outline.date].text == "Date: Tue, 14 Jan 2025 09:42"


def test_a_documents_file_name_gives_words_that_name_it() -> None:
    catalog = catalog_of(("courier_route42_cutback.html", "Bus cut\n\nThe 42 stops short.\n"),
                         ("notes/CouncilLetter.txt", "Permits\n\nPermits cost £60.\n"))
    words = catalog.file_words
    assert words["courier"] == words["rout"] == words["42"] == {"courier_route42_cutback.html"}
    assert words["council"] == words["letter"] == {"notes/CouncilLetter.txt"}
    assert "note" not in words and "html" not in words  # the file's name, not its folder


def test_an_obituarys_byline_under_its_name_and_dates_names_its_writer() -> None:
    # Five one-line paragraphs stand above it: the page's name, the person's, a standfirst,
    # when they were born and when they died.
    catalog = catalog_of(("obituary.txt", (
        "FENMARSH GAZETTE - OBITUARIES\n\nPeggy Ashdown\n\nMobile librarian who carried books "
        "to the villages for three decades\n\nBorn: 4 May 1931, Calder Bridge\n\nDied: 19 "
        "January 2024, Brennock\n\nBy Colin Marsh\nPublished 2 February 2024\n\nFor thirty-one "
        "years a green van meant that Peggy had arrived. She carried two thousand books.\n\n"
        "She retired in 1989.\n\nThe funeral is on Friday.\n")))
    outline, units = catalog.outlines["obituary.txt"], catalog.units
    assert [units[r].text for r in outline.author] == [
        "By Colin Marsh\nPublished 2 February 2024"]


def test_a_transcripts_date_is_in_the_line_that_presents_it() -> None:
    catalog = catalog_of(("rooftops.md", (
        "# Rooftop honey\n\n*Transcript of \"Rooftops\", Brennock Community Radio, first "
        "broadcast on Monday 3 June 2024.\nPresenter: Daniel Okafor.*\n\n**DANIEL OKAFOR:** "
        "Good evening.\n\n**RUTH PENHALE:** Hello.\n\n**DANIEL OKAFOR:** Thank you.\n")))
    outline, units = catalog.outlines["rooftops.md"], catalog.units
    assert outline.date is not None and units[outline.date].text.endswith(
        "first broadcast on Monday 3 June 2024.")


def test_a_blogs_posted_line_and_its_closing_note_on_the_writer_name_them() -> None:
    catalog = catalog_of(("starter.txt", (
        "Keeping a starter alive\n\nPosted on 3 August 2024 by Ellen Marsh\n\nEvery summer a "
        "reader asks what happens to a starter on holiday. It is tougher than you think.\n\n"
        "Feed it before you leave.\n\nTo revive it, feed it daily.\n\nEllen Marsh bakes in a "
        "tiny kitchen in Leeds and has kept the same starter since 2016.\n")))
    outline, units = catalog.outlines["starter.txt"], catalog.units
    assert [units[r].text for r in outline.author] == [
        "Posted on 3 August 2024 by Ellen Marsh",
        "Ellen Marsh bakes in a tiny kitchen in Leeds and has kept the same starter since 2016."]
    assert outline.close is not None and units[outline.close].text == \
        "To revive it, feed it daily."
    # The writer's reply to a comment is no note on them, nor a note naming someone else.
    for last in ("Ellen Marsh — 9 August 2024\nYou can, Dan.", "Dan Price bakes in Leeds too."):
        catalog = catalog_of(("starter.txt", (
            "Keeping a starter alive\n\nPosted on 3 August 2024 by Ellen Marsh\n\nEvery summer a "
            f"reader asks about it. It is tough.\n\nFeed it before you leave.\n\n{last}\n")))
        assert len(catalog.outlines["starter.txt"].author) == 1


@pytest.mark.parametrize(("text", "author", "rating"), [
    # A column's byline without its "By": a name alone over the date line. A masthead over
    # it names no writer.
    ("OPINION\n\nThe 47 is a lifeline\n\nRosalind Achterberg\nFriday 19 April 2024\n\n"
     "Cutting the bus would save little and cost the valley more, argues our columnist.\n\n"
     "Every morning the 47 leaves at 7.52.\n\nPlease respond to the consultation.\n",
     ["Rosalind Achterberg\nFriday 19 April 2024"], None),
    ("Leddon Valley Courier\nFriday 19 April 2024\n\nThe bus will run three times a day.\n\n"
     "The council decides in June.\n\nFares stay the same.\n", [], None),
    # A review's rating alone on its line, a list item's too: how the review rates it.
    ("The Tin Orchard review\n\n- Rating: ★★★★☆ (4 out of 5)\n- Running time: 118 minutes\n"
     "\nThe film is about an ending.\n\nIt runs long.\n\nSee it anyway.\n", [],
     "- Rating: ★★★★☆ (4 out of 5)"),
])
def test_a_name_over_the_date_line_is_a_byline_and_a_rating_line_is_the_reviews(
        text: str, author: list[str], rating: str | None) -> None:
    catalog = catalog_of(("doc.txt", text))
    outline = catalog.outlines["doc.txt"]
    assert [catalog.units[r].text for r in outline.author] == author
    assert (catalog.units[outline.rating].text if outline.rating is not None else None) == rating


@pytest.mark.parametrize(("text", "standfirst"), [
    # A feature's standfirst says what it is about where its lead sets a scene.
    ("The keepers of the dark\n\nHow a village of 600 people fought to get its night sky "
     "back, and what it cost them\n\nWords by Callum Fairweather\n\nOn a clear night in "
     "January, the lane is so dark that you cannot see your boots.\n\nThen your eyes adjust."
     "\n\nPeople cry, she says.\n",
     "How a village of 600 people fought to get its night sky back, and what it cost them"),
    # Not who was present, nor whom a letter is to, nor a line of details.
    ("Minutes\n\nPresent: Priya Raman (chair), Tomasz Wielgosz (treasurer), Akosua Mensah, "
     "Daniel Okafor\n\nThe minutes of the last meeting were approved.\n\nThe hall roof "
     "leaks.\n\nNext meeting in May.\n", None),
    ("Year 8 trip\n\nTo the parents and carers of all of our Year 8 students\n\nI am "
     "delighted to confirm the trip.\n\nIt costs £300.\n\nPlease pay by May.\n", None),
    ("Slow Bread\n\nEpisode 147 · Aug 9, 2021 · 52 min · with the miller of the valley\n\n"
     "This week Jo sits down with a miller.\n\nThey talk about flour.\n\nThanks for "
     "listening.\n", None),
])
def test_a_line_above_the_lead_saying_what_the_piece_is_about_is_its_standfirst(
        text: str, standfirst: str | None) -> None:
    catalog = catalog_of(("doc.txt", text))
    row = catalog.outlines["doc.txt"].standfirst
    assert (catalog.units[row].text if row is not None else None) == standfirst
