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
