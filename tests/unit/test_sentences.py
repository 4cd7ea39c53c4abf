"""Sentence splitting keeps exact offsets and finds titles, headings and abbreviations."""

import pytest

from index.sentences import (
    author_note,
    introduces_writer,
    is_date_line,
    is_list_item,
    opens_with_dateline,
    split,
    with_column_names,
)
from tests.support.paths import ARTICLE


def test_every_span_is_the_text_at_its_offsets() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    spans = split(text)
    assert len(spans) == 27
    for span in spans:
        piece = text[span.start:span.end]
        assert piece and piece == piece.strip()
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_title_is_marked_and_body_starts_after_it() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    first, second = split(text)[:2]
    assert first.kind == "title" and text[first.start:first.end].startswith("What is next")
    assert second.kind == "body" and text[second.start:second.end].startswith("The U.S. Defense")


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = ("Dr. Seun Sam met J. Smith in the U.S. on Monday. He left. Then Mr. Lee spoke. "
            "It is in Vol. 11, No. 2, pp. 145-163 of the journal.")
    pieces = [text[s.start:s.end] for s in split(text)]
    assert pieces == ["Dr. Seun Sam met J. Smith in the U.S. on Monday.", "He left.",
                      "Then Mr. Lee spoke.", "It is in Vol. 11, No. 2, pp. 145-163 of the journal."]


def test_quoted_question_then_new_sentence() -> None:
    text = "He said “Why is it so hard?” It means yes. Done!"
    assert [text[s.start:s.end] for s in split(text)] == [
        "He said “Why is it so hard?”", "It means yes.", "Done!"]


def test_markdown_headings_and_list_items_stand_alone() -> None:
    # A markdown document's first "# Heading" is its title, as a text file's first line is;
    # a heading anywhere else, or of a lower level, is a heading.
    text = "# Title\n\n## Heading\n\nIntro text here.\n- first item\n- second item\n\n# End\n"
    spans = split(text)
    assert [(text[s.start:s.end], s.kind) for s in spans] == [
        ("# Title", "title"), ("## Heading", "heading"), ("Intro text here.", "body"),
        ("- first item", "body"), ("- second item", "body"), ("# End", "heading")]
    text = "## Heading\n\nIntro text here.\n"
    assert [s.kind for s in split(text)] == ["heading", "body"]
    # A list as a word processor or PDF writes it: a bullet glyph, not markdown's "-".
    text = "Bring these:\n• a padlock\n• your own towel\n"
    assert [text[s.start:s.end] for s in split(text)] == [
        "Bring these:", "• a padlock", "• your own towel"]


def test_a_plain_text_section_heading_is_a_heading_and_a_run_of_short_lines_is_not() -> None:
    text = ("Museum guide\n\nWe open at ten.\n\nAdmission prices\n\n- Adults: £14.50\n\n"
            "By Ann Holt\n\nTickets are sold at the door.\n\nFlour\n\nSalt\n\nYeast\n\n"
            "Mix them well.\n\nMakes 12 rolls\n\nBake for an hour.\n\n"
            "Ask us (see the desk\n\nfor details).\n\nThank you for visiting")
    kinds = {text[s.start:s.end]: s.kind for s in split(text)}
    assert kinds["Museum guide"] == "title"
    assert kinds["Admission prices"] == "heading"
    # A byline, the lines of a list, a line with numbers, a broken parenthesis and the last
    # line stay text.
    assert {kinds[t] for t in ("- Adults: £14.50", "By Ann Holt", "Flour", "Salt", "Yeast",
                               "Makes 12 rolls", "Ask us (see the desk",
                               "Thank you for visiting")} == {"body"}


def test_a_numbered_section_heading_is_a_heading_even_right_after_the_title() -> None:
    text = ("Library report 2024\n\n1. Summary\n\nWe served 41,000 visitors.\n\n"
            "5. Recommendations\n\nExtend the opening hours.\n\n2.1 Staff\n\nWe hired two.\n\n"
            "1. Flour\n\n2. Water\n\nMix them.")
    kinds = {text[s.start:s.end]: s.kind for s in split(text)}
    assert [kinds[t] for t in ("1. Summary", "5. Recommendations", "2.1 Staff")] == ["heading"] * 3
    assert kinds["1. Flour"] == kinds["2. Water"] == "body"  # a list, as unnumbered
    # A numbered section may name its year; a date's day is no section number.
    text = "Report\n\nWe met.\n\n11. Recommendations for 2025\n\nAct.\n\n17 January 2025\n\nGo."
    kinds = {text[s.start:s.end]: s.kind for s in split(text)}
    assert (kinds["11. Recommendations for 2025"], kinds["17 January 2025"]) == ("heading", "body")


def test_a_numbered_section_heading_over_its_text_is_a_heading() -> None:
    # Minutes and plain-text reports put a section's number and name on a line of their own
    # and its text on the next: the text was a continuation of a "list item".
    text = ("Minutes\n\nPresent: Ana, Tom\n\n1. Minutes of the last meeting\nThey were "
            "approved.\n\n2. Treasurer's report\nTom reported a balance of £4,212.\n\n"
            "3. Action items\n1. Ana to book the hall for the meeting in\nJune.\n"
            "2. Tom to get three quotes for the trough, all of\nthem local.\n")
    assert [(text[s.start:s.end], s.kind) for s in split(text)][2:] == [
        ("1. Minutes of the last meeting", "heading"), ("They were approved.", "body"),
        ("2. Treasurer's report", "heading"), ("Tom reported a balance of £4,212.", "body"),
        ("3. Action items", "heading"),
        # A list item's wrapped first line is no heading, whatever case the next line opens in.
        ("1. Ana to book the hall for the meeting in\nJune.", "body"),
        ("2. Tom to get three quotes for the trough, all of\nthem local.", "body")]


def test_a_table_row_is_a_unit_of_its_own_and_its_header_is_no_answer() -> None:
    text = ("Ferries\n\nThe timetable is new.\n\n"
            "| Route | First | Fare |\n|---|:---:|---|\n| Northport | 06:40 | £6.50 |\n"
            "|  |  |  |\n| Eastbay | 08:10 | £8.00 |\n\nBook ahead. | not a table |")
    found = [(text[s.start:s.end], s.kind, s.paragraph) for s in split(text)]
    assert found[2:] == [
        ("Route | First | Fare", "heading", 2), ("Northport | 06:40 | £6.50", "body", 2),
        ("Eastbay | 08:10 | £8.00", "body", 2), ("Book ahead. | not a table |", "body", 3)]


def test_a_plain_text_tables_rows_are_units_under_its_header() -> None:
    # Columns set apart by spaces and lined up; a number may be aligned right, a row may go on
    # onto a line of its own, and the header may stand over a rule of its own.
    text = ("Syllabus\n\nThe course has three parts.\n\nComponent                    Weight   Deadline\n"
            "Online quiz                    10%    Fri 18 Oct, 5pm\n"
            "Essay (2,000 words)            60%    Fri 10 Jan, noon\n\n"
            "Item                  Qty     Total\n----------------------------------\n"
            "MOT test (Class 4)      1     54.85\n"
            "Full service labour   2.0    136.00\n"
            "                      Includes a road test.\n")
    found = [(text[s.start:s.end], s.kind, s.paragraph) for s in split(text)]
    assert found[2:] == [
        ("Component                    Weight   Deadline", "heading", 2),
        ("Online quiz                    10%    Fri 18 Oct, 5pm", "body", 2),
        ("Essay (2,000 words)            60%    Fri 10 Jan, noon", "body", 2),
        ("Item                  Qty     Total", "heading", 4),
        ("MOT test (Class 4)      1     54.85", "body", 4),
        ("Full service labour   2.0    136.00\n                      Includes a road test.",
         "body", 4)]


def test_a_plain_text_tables_row_reads_with_its_column_names() -> None:
    header = "Priority   Item                    Est. cost"
    assert with_column_names("AMBER      Front tyres x2            £196.00\n"
                             "           Replace within 1,000 miles.", header) == (
        "Priority: AMBER; Item: Front tyres x2; Est. cost: £196.00; Replace within 1,000 miles.")
    assert with_column_names("AMBER  Tyres  £196.00  extra", header) == \
        f"{header}\nAMBER  Tyres  £196.00  extra"  # cells that do not pair up


@pytest.mark.parametrize(("text", "unit"), [
    # Prose with two spaces after its sentences; columns that do not line up.
    ("It rained.  We stayed in.\nThe match was off.  Nobody minded.\nWe ate.  Then slept.",
     "We stayed in."),
    ("Customer:   Mr D. Lawrence          Registration: KP19 XHT\n"
     "            41 Heron Close          Make:   Corsa\n            EF5 2JR",
     "Customer:   Mr D. Lawrence          Registration: KP19 XHT\n"
     "            41 Heron Close          Make:   Corsa\n            EF5 2JR"),
])
def test_lines_that_do_not_line_up_in_columns_are_no_table(text: str, unit: str) -> None:
    text = f"Notes\n\nWhat we wrote down.\n\n{text}\n\nEnd of notes."
    assert unit in [text[s.start:s.end] for s in split(text)]


def test_a_one_word_sentence_starts_the_next_one() -> None:
    text = ("1. Chop the onion. Fry it.\n2. Add the lentils.\n\nThe answer is 4. Then stop.\n\n"
            "Can I renew a book?\n\nYes. You can renew it twice online. Thanks.")
    assert [text[s.start:s.end] for s in split(text)] == [
        "1. Chop the onion.", "Fry it.", "2. Add the lentils.", "The answer is 4.", "Then stop.",
        "Can I renew a book?", "Yes. You can renew it twice online.", "Thanks."]


def test_a_documents_opening_lines_are_read_line_by_line() -> None:
    # A letterhead or a notice's header: each line is a unit, the first the title, so that
    # "When was the meeting held?" cites the line with the date, not the whole header.
    text = ("OAKFIELD ALLOTMENT SOCIETY\nCommittee Meeting - Minutes\n"
            "Held on Thursday 14 March 2024 at 7.30 pm in the Pavilion\n\nThe meeting opened.")
    assert [(text[s.start:s.end], s.kind) for s in split(text)] == [
        ("OAKFIELD ALLOTMENT SOCIETY", "title"), ("Committee Meeting - Minutes", "heading"),
        ("Held on Thursday 14 March 2024 at 7.30 pm in the Pavilion", "body"),
        ("The meeting opened.", "body")]
    # A title wrapped mid-phrase, a sentence wrapped over lines, and lines with nothing after
    # them stay one unit.
    for text in ("Annual Report of the\nRiverside Library\n\nText.",
                 "Harlow &\nPike Ltd\n\nText.",
                 "The council met on Monday and\nvoted to close the pier.\n\nText.",
                 "Two lines\nAnd nothing after"):
        first = split(text)[0]
        assert "\n" in text[first.start:first.end], text
    # Under a one-line title, the block that names who prepared it and when is read so too:
    # "Prepared by …" is its byline, and "When was it presented?" cites the date's line.
    text = ("ANNUAL REPORT 2024\n\nPrepared by Dr. Ingrid Solberg, Head of Library Services\n"
            "Presented to the Culture Committee on 11 February 2025\n\n1. Summary\n\nText.")
    assert [text[s.start:s.end] for s in split(text)][1:3] == [
        "Prepared by Dr. Ingrid Solberg, Head of Library Services",
        "Presented to the Culture Committee on 11 February 2025"]


def test_a_headers_key_value_lines_are_read_line_by_line() -> None:
    # An e-mail's header and a transcript's turns: each field a unit, so "When did Lucia
    # write?" cites the Date line, not the whole header; lines of prose stay one sentence.
    text = ("Thanks for the notes.\n\nFrom: Lucia Ambrosetti <lucia@unibo.it>\nTo: Ingrid\n"
            "Date: Fri, 10 Jan 2025 08:17\n\nPriya: Good.\nTomasz: Sure. We have 4,860 pounds."
            "\n\nNote: the hall\ncloses at six.")
    assert [text[s.start:s.end] for s in split(text)] == [
        "Thanks for the notes.", "From: Lucia Ambrosetti <lucia@unibo.it>", "To: Ingrid",
        "Date: Fri, 10 Jan 2025 08:17", "Priya: Good.", "Tomasz: Sure. We have 4,860 pounds.",
        "Note: the hall\ncloses at six."]


def test_a_speakers_label_is_not_a_word_of_a_one_word_sentence() -> None:
    text = "Priya: Good. So what can we afford for the shed? Tomasz: Not much."
    assert [text[s.start:s.end] for s in split(text)] == [
        "Priya: Good. So what can we afford for the shed?", "Tomasz: Not much."]


def test_no_sentence_ends_inside_a_line_wholly_in_bold() -> None:
    # An FAQ's question over its answer stays whole, with the answer under it, as every other
    # question of the FAQ does: not "What does that mean?** Three short beeps mean…" alone.
    text = ("## FAQ\n\n**The machine beeps three times. What does that mean?**\n"
            "Three short beeps mean the tank is empty. Refill it.\n\n"
            "It is **not** a fault. Nothing is broken.")
    assert [text[s.start:s.end] for s in split(text)] == [
        "## FAQ", "**The machine beeps three times. What does that mean?**\n"
        "Three short beeps mean the tank is empty.", "Refill it.", "It is **not** a fault.",
        "Nothing is broken."]


def test_an_emails_quoting_marks_are_no_part_of_a_sentence() -> None:
    text = ("Agreed.\n\n> On Tue, Marcus wrote:\n>\n> Kartenhaus will pay up to 6,000 euros.\n"
            ">> 1. Polaria Hall: 180 seats.\n>>\n\n>")
    spans = split(text)
    assert [text[s.start:s.end] for s in spans] == [
        "Agreed.", "On Tue, Marcus wrote:", "Kartenhaus will pay up to 6,000 euros.",
        "1. Polaria Hall: 180 seats."]
    assert is_list_item(text[spans[-1].start:spans[-1].end])


def test_a_rule_drawn_across_the_text_ends_a_paragraph() -> None:
    # A forum's posts between rules: the post's header is not glued to its first sentence.
    text = ("Thread\n\n------\nReply from: Marisol  |  4 April 2025\n------\nDrop the -z flag. "
            "It slows a LAN.\n= = = =\nSolved.")
    assert [text[s.start:s.end] for s in split(text)] == [
        "Thread", "Reply from: Marisol  |  4 April 2025", "Drop the -z flag.", "It slows a LAN.",
        "Solved."]


def test_lettered_clauses_are_list_items() -> None:
    text = "2.1 We offer three plans:\n(a) Pay As You Go: 15p a minute;\n(b) Monthly: £14.50;\nc) Annual."
    assert [text[s.start:s.end] for s in split(text)] == [
        "2.1 We offer three plans:", "(a) Pay As You Go: 15p a minute;", "(b) Monthly: £14.50;",
        "c) Annual."]
    assert all(is_list_item(t) for t in ("(a) Pay", "(iv) Keep", "b) Then", "ii) Report"))
    assert not is_list_item("(see above) the plan")


def test_a_section_heading_with_a_full_date_is_text() -> None:
    # A changelog's version heading says when it was released: "When did 2.4.0 come out?"
    text = ("# Release notes\n\n## 2.4.0 — 2025-03-12\n\n### Added\n\n- Watch mode.\n\n"
            "## March 3, 2024 entry\n\n## Upgrade notes\n\nRead them.")
    assert [(text[s.start:s.end], s.kind) for s in split(text)] == [
        ("# Release notes", "title"), ("## 2.4.0 — 2025-03-12", "body"), ("### Added", "heading"),
        ("- Watch mode.", "body"), ("## March 3, 2024 entry", "body"),
        ("## Upgrade notes", "heading"), ("Read them.", "body")]


def test_a_heading_over_its_entrys_dates_is_text() -> None:
    # A CV's job, a programme's session: the heading names the entry, the line under it says
    # when; together a fact ("what's her current job?", "when did she start there?").
    text = ("# Ana Ruiz\n\n## Experience\n\n### Senior Officer — Fenwold Council\n"
            "*April 2021 – present*\n\n- Lead a team of four.\n\n### Keynote\n10:30–11:15\n\n"
            "### Awards\n*Best team, 2019*")
    assert [(text[s.start:s.end], s.kind) for s in split(text)] == [
        ("# Ana Ruiz", "title"), ("## Experience", "heading"),
        ("### Senior Officer — Fenwold Council\n*April 2021 – present*", "body"),
        ("- Lead a team of four.", "body"), ("### Keynote\n10:30–11:15", "body"),
        # Under a heading, a line that says more than when is its text, not its date.
        ("### Awards", "heading"), ("*Best team, 2019*", "body")]


def test_a_subject_line_is_a_heading() -> None:
    # What a message is about, not what it says: never cited as an answer.
    text = ("HomeLab forum\n\nSubject: Nightly backup takes 6 hours\n\nPosted by: orchid\n\n"
            "My backup got slow.\n\nFrom: Ingrid\nSubject: Re: Venue\n\nHi Marcus.")
    assert [(text[s.start:s.end], s.kind) for s in split(text)] == [
        ("HomeLab forum", "title"), ("Subject: Nightly backup takes 6 hours", "heading"),
        ("Posted by: orchid", "body"), ("My backup got slow.", "body"),
        ("From: Ingrid", "body"), ("Subject: Re: Venue", "heading"), ("Hi Marcus.", "body")]


def test_an_e_mails_title_is_its_subject_line() -> None:
    from index.builder import split_document
    from index.sources import Document

    text = ("From: Sophie Marsh <sophie@example.org>\nTo: events@example.org\n"
            "Date: Mon, 6 May 2024 16:05\nSubject: Private hire enquiry\n\nHello,\n\n"
            "I'm organising a retirement party.")
    assert [(text[s.start:s.end], s.kind) for s in split(text)][:4] == [
        ("From: Sophie Marsh <sophie@example.org>", "body"), ("To: events@example.org", "body"),
        ("Date: Mon, 6 May 2024 16:05", "body"), ("Subject: Private hire enquiry", "title")]
    doc = Document("party.txt", text, "sha", "text")
    assert split_document(doc)[1] == "Private hire enquiry"


def test_paragraph_numbers_follow_blank_lines() -> None:
    text = "It is one. It is two.\n\nIt is three.\r\n\r\nIt is four."
    assert [s.paragraph for s in split(text)] == [0, 0, 1, 2]


@pytest.mark.parametrize(("sentences", "closing", "naming"), [
    (["Dr. Jane Roe is a fellow at the Lake Institute.", "The views here are her own."],
     True, [0]),
    (["By Tom Vale"], False, [0]),  # an opening byline
    (["Written by Tom Vale and Ann Holt."], True, [0]),
    # A report's or a notice's: who prepared or issued it.
    (["Prepared by the Office IT Team, Leeds Office"], False, [0]),
    (["Issued by Calloway Home Appliances Ltd – 3 March 2025"], False, [0]),
    (["Prepared by: Jo Bell, Parks Officer, Vale District Council"], False, [0]),
    (["Author: Jo Bell, Policy Adviser"], False, [0]),
    (["By the time the vote came, the hall was empty."], False, []),
    (["Ann Holt writes about rivers for the Gazette."], True, [0]),
    # An article's opening about a person, or a closing that says nothing of the writer.
    (["Mayor John Smith is a keen cyclist."], False, []),
    (["The council will vote in May.", "Until then the bridge stays shut."], True, []),
    (["The views of Jane Roe are shared by many.", "She spoke for an hour.",
      "Then the vote came.", "It failed."], True, []),  # four sentences: not a note
    # A newsletter's sign-off: the closing phrase on its own line, then the writer.
    (["Happy walking,\nJane Morrow, Club Secretary"], True, [0]),
    (["Still, Hun Sen kept his post."], True, []),  # a sentence's opening word, not a sign-off
    # A profile's or a review's last word about its subject: a pronoun or a title is not the
    # writer's name.
    (["She is married to the painter Tom Reid."], True, []),
    (["The Salt Road is published by Fenn Press at £9.99."], True, []),
    (["Still,\nthe council voted against the ferry and the pier in May."], True, []),
    # A paper's authors with the marks of their affiliations: a byline without its "By";
    # title-case words joined by "and" are no names.
    (["Adaeze N. Okonkwo(1), Martin Lysaght(1) and Elin Sorby(2)"], False, [0]),
    (["J. Doe* and R. Roe²"], False, [0]),
    (["Sales Strategy and Market Growth"], False, []),
    (["The Fox and The Hound"], False, []),
])
def test_author_note_finds_the_sentence_naming_the_writer(sentences: list[str], closing: bool,
                                                          naming: list[int]) -> None:
    assert author_note(sentences, closing) == naming


@pytest.mark.parametrize(("sentence", "introduces"), [
    ("For anyone new here, I'm Priya Shah.", True), ("Hi, I'm Dana and I keep bees.", True),
    ("My name is Tom and I run the corner shop.", True),
    ("I'm Jane Doe, a nurse at St Mary's.", True),
    ("I'm British and proud of it.", False),  # one capitalised word names no one
    ('"I\'m Maureen Hale and I\'ve lived here forty years," she said.', False),  # quoted
])
def test_a_writer_with_no_byline_may_introduce_themselves(sentence: str,
                                                          introduces: bool) -> None:
    assert introduces_writer(sentence) is introduces


def test_a_table_row_is_embedded_with_its_column_names() -> None:
    from index.builder import embedding_text, table_headers
    from index.catalog import Unit

    def unit(text: str, kind: str, paragraph: int) -> Unit:
        return Unit("id", "a.md", 0, len(text), paragraph, 0, kind, text)
    units = [unit("Route | Fare", "heading", 2), unit("Northport | £6.50", "body", 2),
             unit("Odd | one | out", "body", 2), unit("Book ahead.", "body", 3)]
    headers = table_headers(units)
    assert headers == ["", "Route | Fare", "Route | Fare", ""]
    assert [embedding_text(u, h) for u, h in zip(units, headers, strict=True)] == [
        "Route | Fare", "Route: Northport; Fare: £6.50", "Route | Fare\nOdd | one | out",
        "Book ahead."]


def test_a_list_item_is_read_after_its_lead_in() -> None:
    from index.builder import embedding_text, lead_ins, lexical_contexts, split_document
    from index.sources import Document

    text = ("# Report\n\nThe librarian recommends the following:\n\n1. Restore the book budget.\n"
            "2. Open late on Thursdays.\n\nThe board votes in April.\n\nNotes\n\n- no lead-in\n")
    units, _ = split_document(Document("r.md", text, "sha"))
    leads = lead_ins(units)
    lead = "The librarian recommends the following:"
    assert [(u.text, lead_) for u, lead_ in zip(units, leads, strict=True)
            if u.kind == "body"] == [(lead, ""), ("1. Restore the book budget.", lead),
                                     ("2. Open late on Thursdays.", lead),
                                     ("The board votes in April.", ""), ("- no lead-in", "")]
    # The vector is made from the item after its lead-in; the item alone is what is cited.
    assert embedding_text(units[2], "", leads[2]) == f"{lead} 1. Restore the book budget."
    assert lexical_contexts(units, {"r.md": "Annual report"}, [""] * len(units), leads)[2] == \
        f"Annual report {lead}"
    assert is_list_item("• a padlock") and not is_list_item("2024. A year")


def test_a_reply_s_quote_of_what_the_document_says_is_a_quote() -> None:
    text = ("Posted by: ana\n\nIs the link at 100 Mbit/s instead of 1 Gbit/s? A loose cable "
            "does that.\n\nReply from: ben\n\n> Is the link at 100 Mbit/s\n> instead of 1 "
            "Gbit/s?\n\nChecked, it is 1 Gbit/s.\n\n> Thanks for the help so far\n\nRegards,"
            "\n\n> Ana\n")
    spans = split(text)
    kinds = {text[s.start:s.end]: s.kind for s in spans}
    # Said unquoted above: not evidence again (and the reply under it is read after it).
    assert kinds["Is the link at 100 Mbit/s\n> instead of 1 Gbit/s?"] == "quote"
    assert kinds["Checked, it is 1 Gbit/s."] == "body"
    # Quoting what the document does not say otherwise, or one word: the quote is the text.
    assert kinds["Thanks for the help so far"] == "body"
    assert kinds["Ana"] == "body"


def test_a_reply_s_first_sentence_is_read_after_its_quote() -> None:
    from index.builder import lead_ins, split_document
    from index.sources import Document

    text = ("Posted by: ana\n\nIs the link at 100 Mbit/s? A loose cable does that.\n\n"
            "> Is the link at 100 Mbit/s?\n\nChecked, it is 1 Gbit/s. The cable is new.\n")
    units, _ = split_document(Document("t.txt", text, "sha"))
    leads = dict(zip((u.text for u in units), lead_ins(units), strict=True))
    assert leads["Checked, it is 1 Gbit/s."] == "Is the link at 100 Mbit/s?"
    assert leads["The cable is new."] == leads["A loose cable does that."] == ""


@pytest.mark.parametrize("line", [
    "Published 14 September 2025", "Date: 14 February", "Posted on March 3, 2025 by Sam Lee",
    "Friday 7 February 2025", "Last updated: 2025-03-03", "3rd March 2025", "Posted 03/03/2025",
    "By Ana Ruiz | 12 June 2024", "**Published:** 12 June 2024",
    "Date: Tuesday, 11 March 2025, 7:00 pm", "Held on Thursday 14 March 2024 at 7.30 pm in the Pavilion",
    "Issued by Calloway Home Appliances Ltd – 3 March 2025",
    "# Allotment Garden Committee — Meeting Notes, 18 March 2025",
    "Prepared by Odette Vance, Library Manager, February 2026",
    "Date: Thu, 12 Sep 2024 09:17:44 -0400", "Posted by Maren · 4/23/2019 9:41 PM · 6 comments",
    "Date of issue: 4 November 2024", "Publication date: 3 March 2025",
    "Published online 2 October 2023", "First aired 3 May 2024", "Broadcast: Saturday 5 October 2024",
    "*Transcript of \"Rooftops\", Brennock Community Radio, first broadcast on Monday 3 June 2024."])
def test_a_line_that_dates_the_document_is_a_date_line(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize("line", [
    "The museum opened on 3 March 2025.", "Deadline: 3 March 2025", "Next meeting: 14 April 2025",
    "Monday 3 June to Wednesday 5 June", "Annual Impact Report, April 2023 to March 2024",
    "**14 June – 2 November 2025**", "Saturday 3 May - Sunday 4 May",
    "March 2025 was wet and the river rose.", "By 2025, the council hopes to finish.",
    "Date of birth: 4 May 1990", "The meeting was held on Monday, 3 June 2024.",
    "The bridge, first opened on 3 June 1904."])
def test_a_date_in_what_the_document_says_is_no_date_line(line: str) -> None:
    assert not is_date_line(line)


def test_a_wire_reports_dateline_opens_its_first_sentence() -> None:
    assert opens_with_dateline("PORTHAVEN, May 10 — A header from Okonjo won it.")
    assert opens_with_dateline("AARHUS, Denmark, Nov. 6 — Norlund Pumps reported a rise.")
    assert opens_with_dateline("LEEDS, March 3 (Reuters) - The council voted.")
    assert opens_with_dateline("BRISTOL, 27.06.2024 — The food bank launched its appeal.")
    assert not opens_with_dateline("In March 3 — no, 4 — people came.")
