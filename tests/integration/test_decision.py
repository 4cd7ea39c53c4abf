"""Answer, hedge or refuse, end to end with the real model and the shipped decision."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant, decide, evidence, ranker, train
from index import SentenceEmbeddings
from tests.support.builders import assistant_over, assistant_over_folder, make_assistant
from tests.support.fake_llm import FakeLLM
from tests.support.paths import ROOT

SQUAD = ROOT / "bench" / "data" / "squad"
WRITTEN = ROOT / "bench" / "data" / "written"


def _exact(bot: Assistant, answer_citations: tuple) -> None:
    for c in answer_citations:
        assert c.quote == bot.document(c.source)[c.start:c.end]


def test_the_shipped_model_reproduces_its_validation_slice(tmp_path: Path,
                                                           embeddings: SentenceEmbeddings) -> None:
    """The figures `assistant train` recorded for one validation article indexed alone come
    out again from the shipped model, today's code and the data in the checkout."""
    model = decide.load()
    recorded = model.manifest["slice"]
    figures = train.slice_figures(model, SQUAD, tmp_path, embeddings)
    assert figures["examples"] == recorded["examples"]
    for key in ("answers_auroc", "confident_hit", "confident_wrong", "refused_answerable"):
        assert figures[key] == pytest.approx(recorded[key], abs=0.01), key


def test_the_shipped_ranking_reproduces_its_written_validation_figures(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    """Where the shipped ranking put the evidence of the written validation documents'
    questions, each document alone, comes out again from today's code and data."""
    trainer = train.Trainer(SQUAD, tmp_path, embeddings, written=WRITTEN)
    queries = trainer.written_queries("validation")
    recorded = evidence.ranking().manifest["validation"]
    for k in ranker.TOP:
        found = ranker.found_within(queries, evidence.ranking().weights, k)["written"]
        assert found == pytest.approx(recorded[f"top{k}"]["written"], abs=0.01), k


def test_a_confident_answer_a_hedge_and_a_refusal(bot: Assistant) -> None:
    answer = bot.ask("When did Lloyd Austin visit Cambodia?")
    assert answer.outcome == "answer" and not answer.abstained
    assert answer.confidence >= decide.load().answer_at and answer.abstain_reason is None
    assert "June 4, 2024" in answer.citations[0].quote

    off_topic = bot.ask("What is the boiling point of mercury?")
    assert off_topic.outcome == "refused" and off_topic.abstained
    assert off_topic.citations == () and off_topic.text == "The article does not say."
    assert off_topic.abstain_reason

    # Same subject, a fact the article does not give: the closest passages, said to be so.
    hedged = bot.ask("How many troops does the US have in Cambodia?")
    assert hedged.outcome == "hedged" and not hedged.abstained and len(hedged.citations) == 2
    assert hedged.text.startswith("The article may not answer this; the closest passages:")
    assert hedged.confidence < decide.load().answer_at
    _exact(bot, hedged.citations)
    assert hedged.to_dict()["outcome"] == "hedged"


def test_a_hedged_answer_is_a_context_for_the_next_question(bot: Assistant) -> None:
    first = bot.ask("How many troops does the US have in Cambodia?")
    assert first.outcome == "hedged"
    follow = bot.ask("Why is that?", history=[
        {"role": "user", "content": first.question},
        {"role": "assistant", "content": first.text}])
    assert "(following:" in follow.resolved_question


FAQ = ("Thermostat questions\n\n"
       "How do I reset the thermostat?\n\n"
       "Hold the round button for ten seconds until the screen goes blank, then release it.\n\n"
       "Can I install it myself?\n\n"
       "Yes, the thermostat fits any standard wall box and needs no electrician.\n")


def test_a_sentence_that_asks_is_never_cited(tmp_path_factory: pytest.TempPathFactory,
                                             embeddings: SentenceEmbeddings) -> None:
    faq = assistant_over(FAQ, "faq", tmp_path_factory, embeddings)
    for question in ("How do I reset the thermostat?", "Can I install the thermostat myself?"):
        answer = faq.ask(question)
        assert answer.citations and not any(c.quote.endswith("?") for c in answer.citations)
    assert "ten seconds" in faq.ask("How do I reset the thermostat?").citations[0].quote


def test_a_conversation_keeps_to_the_document_it_is_about(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    bot = assistant_over_folder({
        "library.txt": (
            "Millford library reopens\n\nThe Millford library reopened on Monday after a flood. "
            "The flood destroyed four thousand books.\n\nThe new reading room seats forty "
            "people.\n"),
        "school.txt": (
            "Millford school expands\n\nThe Millford school opened a new wing in May. "
            "The wing holds six classrooms.\n\nThe old gym seats two hundred people.\n"),
    }, tmp_path, embeddings)
    first = bot.ask("When did the library reopen?")
    assert first.citations[0].source == "library.txt"
    history = [{"role": "user", "content": first.question},
               {"role": "assistant", "content": first.text}]
    follow = bot.ask("How many people can sit in the new room?", history)
    assert follow.citations and follow.citations[0].source == "library.txt"
    assert "forty" in follow.citations[0].quote


def test_the_llm_answerer_refuses_before_calling_the_model(
        seed_dir: Path, tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    with FakeLLM() as fake:
        fake.script("Mercury boils at 357 degrees [1].")
        bot = make_assistant(seed_dir, tmp_path, embeddings, llm="openai", llm_model="fake",
                             llm_base_url=fake.url + "/v1", llm_timeout_s=1.0)
        answer = bot.ask("What is the boiling point of mercury?")
        assert answer.outcome == "refused" and answer.citations == ()
        assert fake.requests == []  # no call was spent on it


def test_among_several_documents_a_byline_answers_only_for_its_own_piece(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    bot = assistant_over_folder({
        "bridge.txt": (
            "Council approves footbridge\n\nBy Margaret Okafor, Local Affairs Reporter\n\n"
            "The town council voted on Tuesday to build a footbridge over the river. "
            "Construction starts in May.\n\nThe bridge will cost four million pounds.\n"),
        "garden.txt": (
            "Community garden opens\n\nBy Tomas Reyes, Features Writer\n\n"
            "The Elm Road community garden opened on Saturday with thirty raised beds. "
            "Volunteers built a tool shed over the winter.\n\nMembership costs ten pounds.\n"),
    }, tmp_path, embeddings)
    # Which article? Either byline may be the one meant: a hedge, not an answer, that shows
    # both for the reader to check.
    hedged = bot.ask("Who wrote the article?")
    assert hedged.outcome == "hedged"
    assert sorted(c.quote.split(",")[0] for c in hedged.citations) == \
        ["By Margaret Okafor", "By Tomas Reyes"]
    # Once the conversation is about one story, its byline answers.
    for question, source, writer in (
            ("When does construction of the footbridge start?", "bridge.txt", "Okafor"),
            ("How many raised beds does the community garden have?", "garden.txt", "Reyes")):
        first = bot.ask(question)
        assert first.citations[0].source == source
        answer = bot.ask("Who wrote the article?", history=[
            {"role": "user", "content": first.question},
            {"role": "assistant", "content": first.text}])
        assert answer.outcome == "answer" and writer in answer.citations[0].quote
    # A question that names the other piece leaves the one the conversation is about.
    first = bot.ask("When does construction of the footbridge start?")
    answer = bot.ask("Who wrote the community garden article?", history=[
        {"role": "user", "content": first.question},
        {"role": "assistant", "content": first.text}])
    assert answer.outcome == "answer" and "Reyes" in answer.citations[0].quote


FOOTBRIDGE = ("Council approves footbridge\n\nBy Margaret Okafor, Local Affairs Reporter\n\n"
              "Published 14 March 2025\n\nThe town council voted on Tuesday to build a "
              "footbridge over the river. Construction starts in May 2026.\n\nThe bridge will "
              "cost four million pounds.\n")
GARDEN = ("Community garden opens\n\nHALFORD, June 2 — The Elm Road community garden opened on "
          "Saturday with thirty raised beds. Volunteers built a tool shed over the winter.\n\n"
          "Membership costs ten pounds.\n")


def test_the_line_that_dates_a_piece_says_when_it_was_written(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    bot = assistant_over_folder({
        "bridge.txt": FOOTBRIDGE, "garden.txt": GARDEN,
        "minutes.txt": (
            "Rowing club notes\n\n**Two boats and a leak**\n\nBy Jo Bell, Club Secretary\n"
            "Fri 14 Mar 2025 06.00 GMT\n\nThe "
            "club bought two boats. The boathouse roof leaks.\n\nRepairs start in April.\n"),
    }, tmp_path, embeddings)
    outlines, units = bot.catalog.outlines, bot.catalog.units
    assert units[outlines["bridge.txt"].date].text == "Published 14 March 2025"
    # The date line is not the lead: "What is it about?" is answered by what the text says.
    assert units[outlines["bridge.txt"].lead].text.startswith("The town council voted")
    assert units[outlines["garden.txt"].date].text.startswith("HALFORD, June 2 — ")
    # A byline's paragraph may hold the date on its second line.
    assert bot.catalog.outlines["minutes.txt"].date == bot.catalog.rows_with_text(
        "By Jo Bell, Club Secretary\nFri 14 Mar 2025 06.00 GMT")[0]
    # The question names the document by a word of its headline or lead: its date line
    # answers, however close the other's words are to the question's.
    for question, quote in (
            ("When was the footbridge story published?", "Published 14 March 2025"),
            ("What is the date of the article about the community garden?", "HALFORD, June 2")):
        answer = bot.ask(question)
        assert answer.citations[0].quote.startswith(quote)
        assert answer.confidence == pytest.approx(decide.load().piece["date"])
    # After who wrote it, "it" is the piece: its date line says when she wrote it.
    first = bot.ask("Who wrote the footbridge story?")
    assert "Okafor" in first.citations[0].quote
    answer = bot.ask("When did she write it?", history=[
        {"role": "user", "content": first.question},
        {"role": "assistant", "content": first.text}])
    assert answer.outcome == "answer" and answer.citations[0].quote == "Published 14 March 2025"
    # Both at once: the byline and the date line.
    both = bot.ask("who wrote the footbridge story and when")
    assert both.outcome == "answer" and [c.quote.split(",")[0] for c in both.citations] == \
        ["By Margaret Okafor", "Published 14 March 2025"]
    # Which one? Either date may be the one meant: a hedge, citing the two closest.
    hedged = bot.ask("When was this written?")
    assert hedged.outcome == "hedged" and len({c.source for c in hedged.citations}) == 2


def test_a_piece_may_be_named_by_its_files_name(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    # A saved page's text seldom says which paper it is from; the reader named the file.
    bot = assistant_over_folder({"courier_bridge.txt": FOOTBRIDGE, "gazette_garden.txt": GARDEN},
                                tmp_path, embeddings)
    for question, quote in (("When was the Courier story published?", "Published 14 March"),
                            ("When did the Gazette piece come out?", "HALFORD, June 2")):
        answer = bot.ask(question)
        assert answer.outcome == "answer" and answer.citations[0].quote.startswith(quote)


def test_how_a_review_rates_what_it_reviews_is_its_rating_line(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    # "What score did that orchard film get?": the review's rating alone on its line, however
    # little its words are the question's; decided as any passage is (no such answers were
    # kept in training), so at least a hedge that cites it.
    review = ("The Tin Orchard review\n\nLeontyne Abara\nFri 3 Nov 2023 09.00 GMT\n\n"
              "Rating: 4 out of 5\n\nThe film follows one family through the last apple "
              "harvest before their orchard is sold. The score swells in the last half hour, "
              "and the dialogue becomes speechy.\n\nIt runs slightly long.\n\nSee it anyway.\n")
    bot = assistant_over_folder({"tin-orchard-review.txt": review, "bridge.txt": FOOTBRIDGE},
                                tmp_path, embeddings)
    for question in ("What score did that orchard film get?",
                     "how many stars did the critic give the orchard film?"):
        answer = bot.ask(question)
        assert answer.outcome != "refused"
        assert [c.quote for c in answer.citations] == ["Rating: 4 out of 5"]
    # Its writer: a name alone over the date line.
    who = bot.ask("who reviewed the tin orchard")
    assert who.outcome == "answer" and who.citations[0].quote.startswith("Leontyne Abara")
    # A document with no rating line is asked as any question is.
    assert bot.ask("What score did the footbridge story give the council?").citations
    # Who reviewed an application is not who wrote the letter about it: only a review's
    # writer "reviewed" it.
    (tmp_path / "docs" / "planning-letter.txt").write_text(
        "Planning decision\n\n12 May 2025\n\nDear Mr Hale,\n\nThe planning application for "
        "your extension was reviewed by our senior planning officers in April. It was "
        "approved.\n\nYou may start work in June.\n\nYours sincerely,\n\nJane Moss\nHead of "
        "Planning\n", encoding="utf-8")
    bot.refresh()
    planning = bot.ask("who reviewed the planning application for the extension?")
    assert any("reviewed by our senior planning officers" in c.quote for c in planning.citations)
    assert bot.ask("who reviewed the tin orchard").citations[0].quote.startswith("Leontyne")
    # "it" after a question about what the piece says is that thing, not the piece: the
    # story's byline is no answer to who is behind the petition (at most a hedge's guess).
    petition = ("Petition for a crossing\n\nBy Ann Holt\n\nPublished 3 June 2025\n\nA "
                "petition for a new crossing on Mill Lane has 1,312 signatures. It was started "
                "by retired teacher Marguerite Oyenuga after a near miss in March.\n\nThe "
                "council will debate it in July.\n")
    (tmp_path / "docs" / "petition.txt").write_text(petition, encoding="utf-8")
    bot.refresh()
    signed = bot.ask("how many people have signed the petition for the Mill Lane crossing?")
    behind = bot.ask("who's behind it?", history=[
        {"role": "user", "content": signed.question},
        {"role": "assistant", "content": signed.text}])
    assert behind.outcome != "answer" or not any(c.quote.startswith("By Ann Holt")
                                                  for c in behind.citations)
    # What is left of "what's" names no document, though one's title is "Hobb's Reach …".
    minutes = ("HOBB'S REACH PARISH COUNCIL\n\nMinutes of the meeting of 12 March 2024\n\n"
               "The council agreed to resurface the playground.\n\nThe clerk will write to "
               "the contractor.\n\nThe next meeting is in April.\n")
    (tmp_path / "docs" / "hobbs-reach-minutes.txt").write_text(minutes, encoding="utf-8")
    bot.refresh()
    assert bot.pipeline.asked_of("what's this article basically about?") is not None
    assert bot.pipeline.asked_of("what's this article basically about?") != [
        "hobbs-reach-minutes.txt"]


def test_without_a_line_that_dates_it_a_piece_does_not_say_when_it_was_written(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    # However sure of its passage the decision is (here it answers anything), what the text
    # says is not when the piece was written: a hedge that says why.
    bot = assistant_over_folder({"review.txt": (
        "The Salt Orchard by Mara Fenn\n\nReviewed by Tom Ashworth\n\nThe Salt Orchard, which "
        "Fenwick & Rowe published on 6 June 2024, is a quiet novel about apple growers. Its "
        "best chapters are set in the storm of 1987.\n\nI would still recommend it.\n")},
        tmp_path, embeddings, answer_at=0.0)
    answer = bot.ask("When was this review written?")
    assert (answer.outcome, answer.abstain_reason) == ("hedged", "undated")
    assert answer.citations and answer.confidence == 0.0  # still cites what is closest
    # Of another document it speaks of, the text's own date answers as any question's does.
    assert bot.ask("When was the book published?").outcome == "answer"


def test_the_report_a_piece_speaks_of_is_not_the_piece(
        tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> None:
    story = ("Library visits rise\n\nBy Ann Holt\n\nPublished 3 June 2025\n\nVisits to the "
             "town library rose by a fifth last year. The council's annual report, published "
             "on 2 May 2025, credits the longer opening hours.\n\nThe library now opens on "
             "Sundays.\n")
    bot = assistant_over(story, "library", tmp_path_factory, embeddings)
    assert "2 May 2025" in bot.ask("When was the report published?").citations[0].quote
    assert bot.ask("When was this story published?").citations[0].quote == \
        "Published 3 June 2025"
    # A letter that speaks of no other letter is the one asked of.
    letter = ("Harbour Lettings\n14 Quay Street\n\n18th April 2024\n\nDear Ms Whitfield,\n\n"
              "Your rent will rise to £920 from 1 July 2024. The boiler will be replaced in "
              "May.\n\nYours sincerely,\n\nDaniel Trevithick\n")
    bot = assistant_over(letter, "letter", tmp_path_factory, embeddings)
    answer = bot.ask("When was the letter written?")
    assert answer.citations[0].quote == "18th April 2024" and answer.outcome == "answer"
    # One that calls itself "this letter" is the letter, whatever other letter it speaks of.
    windows = letter.replace("The boiler will be replaced in May.", (
        "This letter explains the window works at Alder Court. Our contractor will deliver a "
        "letter to you a week before your flat's turn."))
    bot = assistant_over(windows, "windows", tmp_path_factory, embeddings)
    answer = bot.ask("who's the letter about the windows from")
    assert answer.citations[0].quote == "Daniel Trevithick" and answer.outcome == "answer"
    # A feature's prose uses "feature" of a thing ("a feature called dish"), not another piece.
    feature = ("The wheel turns\n\nWords by Felix Ardagh.\n\nBryony Calloway builds cart "
               "wheels in a workshop on Tanyard Lane. She learned the trade from her uncle.\n\n"
               "The spokes lean outwards, a feature called dish.\n\nShe has a waiting list.\n")
    bot = assistant_over(feature, "wheelwright", tmp_path_factory, embeddings)
    answer = bot.ask("who wrote the feature on the wheelwright")
    assert answer.citations[0].quote == "Words by Felix Ardagh." and answer.outcome == "answer"


def test_among_many_documents_a_question_about_the_piece_must_name_it(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    markets = {
        f"{town.lower()}.txt": (
            f"{town} market reopens\n\nBy Writer {n + 1}, Community Reporter\n\n"
            f"Published {n + 1} May 2025\n\nThe {town} market reopened on Saturday with "
            f"{20 + n} stalls.\n\nParking is free.\n")
        for n, town in enumerate(("Arden", "Bexley", "Carlow", "Dunmore", "Elstow", "Fenwick"))}
    bot = assistant_over_folder({
        **markets,
        "letter.txt": (
            "Harbour Lettings\n14 Quay Street\n\n18th April 2024\n\nDear Ms Whitfield,\n\n"
            "Your rent will rise to £920 from 1 July 2024. Please reply to this letter by "
            "May.\n\nYours sincerely,\n\nDaniel Trevithick\n"),
        "survey.txt": (
            "Harbour survey report\n\nPrepared by Ines Roe, Harbour Master\n\nThe survey found "
            "two wrecks.\n\nDredging starts in June.\n"),
        "review.md": (
            "# Saffron & Salt, 27 Bridge Street\n\n**Reviewed by Owen Trelawney | Saturday 9 "
            "March 2024**\n\nThe room is small, just 34 covers.\n\nThe chicken was the best "
            "dish.\n"),
        "interview.txt": (
            "The ice doesn't negotiate: an interview with Ingrid Solberg\n\nTranscript of an "
            "interview recorded on 22 April 2025 for the Polar Hour podcast.\n\nQ: Why ice? A: "
            "It keeps time.\n\nQ: What next? A: Svalbard.\n"),
        "policy.md": (
            "# Library lending policy\n\nVersion 2.3 | Effective from 1 September 2023 | Next "
            "review: July 2025\n\nMembers may borrow twelve items at a time.\n\nLoans last "
            "three weeks.\n"),
        "news.txt": (
            "From: Harebell Walkers <news@walkers.example>\nTo: Members <all@walkers.example>\n"
            "Date: Thu, 6 Feb 2025 19:42:10 +0000\nSubject: Walking club news, February\n\n"
            "Welcome to our February newsletter and to our new members.\n\nThe AGM is on 5 "
            "March at the Plough.\n\nYou get this email as a member of the club. To stop "
            "receiving the newsletter, reply with \"unsubscribe\".\n"),
        "fridges.txt": (
            "Community fridges and household food waste\n\nAdaeze N. Okonkwo(1) and Elin "
            "Sorby(2)\n\n(1) University of Harrowfield\n(2) Tallis Institute\n\nABSTRACT\n\n"
            "This paper reports on a study of 26 community fridges. Food waste fell by 14%.\n\n"
            "It was funded by the Marlow Trust.\n"),
    }, tmp_path, embeddings)
    pipe = bot.pipeline

    def rows(question: str) -> list[str] | None:
        state = pipe.retrieve(pipe.prepare({"question": question, "history": []}))
        fixed = state["piece_rows"]
        return None if fixed is None else sorted(bot.catalog.units[r].text for r in fixed)

    # Thirteen documents, none named: no one piece is asked of, so no byline or date line is
    # given as its.
    assert rows("When was this written?") is None and rows("Who wrote this?") is None
    assert rows("When was the Carlow market story published?") == ["Published 3 May 2025"]
    # Named by a word of its headline; not by the "Reporter" of every byline.
    assert rows("Who wrote the piece about the Dunmore market?") == \
        ["By Writer 4, Community Reporter"]
    # "the report" is the one whose headline says so, not every byline's "Reporter".
    assert rows("Who wrote the report?") == ["Prepared by Ines Roe, Harbour Master"]
    # What the interview is about, its opening tells, though it speaks of "an interview".
    assert rows("What is the Solberg interview about?") == [
        "The ice doesn't negotiate: an interview with Ingrid Solberg",
        "Transcript of an interview recorded on 22 April 2025 for the Polar Hour podcast."]
    # "the review" is the one reviewed by someone, not a policy's "Next review: July 2025".
    assert rows("When was the restaurant review published?") == \
        ["**Reviewed by Owen Trelawney | Saturday 9 March 2024**"]
    # "our February newsletter" is this one, and so is its footer's "the newsletter".
    assert rows("Who sent the walking club newsletter?") == [
        "From: Harebell Walkers <news@walkers.example>"]
    # A paper's line of authors is its byline.
    assert rows("Who wrote the community fridge paper?") == [
        "Adaeze N. Okonkwo(1) and Elin Sorby(2)"]
    # The letter calls itself one, and speaks of no other: its signature answers.
    answer = bot.ask("Who wrote the letter?")
    assert answer.outcome == "answer" and "Daniel Trevithick" in answer.citations[0].quote
    assert bot.ask("When was the letter sent?").citations[0].quote == "18th April 2024"


def test_a_piece_named_by_its_headline_and_its_files_name_is_the_one_asked_of(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    # "bridge" stands in the news story's headline and its file's name, and in a line above
    # the obituary's text ("Born: …, Calder Bridge"): the two witnesses name the story. Its
    # "a different story" and "Got a story?" tell no other story.
    bot = assistant_over_folder({
        "courier-bridge-closure.txt": (
            "Marsh Lane swing bridge to shut for nine weeks\n\nBy Priya Holroyd, Transport "
            "Reporter\n\nThe bridge will close in April while its gearing is repaired. Traders "
            "are worried.\n\n\"Two weeks I could survive. Nine weeks is a different story,\" "
            "said a baker.\n\nGot a story? Call the newsroom.\n"),
        "obituary-ashdown.txt": (
            "Peggy Ashdown\n\nMobile librarian\n\nBorn: 4 May 1931, Calder Bridge\n\nBy "
            "Colin Marsh\n\nFor thirty-one years Peggy drove the library van. She carried two "
            "thousand books.\n\nShe retired in 1989.\n")}, tmp_path, embeddings)
    answer = bot.ask("who wrote the bridge story?")
    assert [c.quote for c in answer.citations] == ["By Priya Holroyd, Transport Reporter"]


def test_a_question_in_another_language_is_told_so(tmp_path: Path,
                                                  embeddings: SentenceEmbeddings) -> None:
    bot = assistant_over_folder({"soup.md": (
        "# Red lentil soup\n\nServes 4.\n\n- juice of half a lemon\n- 1 teaspoon ground cumin\n"
        "- 1.5 litres vegetable stock\n\nSimmer for 25 minutes, then blend.\n")},
        tmp_path, embeddings)
    # "The article does not say" alone would mislead: it may say so in English.
    foreign = bot.ask("Combien de minutes faut-il pour la soupe ?")
    assert foreign.outcome != "answer" and foreign.notice is not None
    assert "English" in foreign.notice
    assert bot.ask("How long does the soup simmer?").notice is None


def test_which_version_made_a_change_cites_the_heading_over_it(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    bot = assistant_over_folder({"CHANGELOG.md": (
        "# Changelog for Tallyho\n\n## 3.2.0 — 2025-04-02\n\n- Added recurring transactions.\n"
        "- Exports to CSV now include the category colour.\n\n## 3.1.0 — 2025-01-08\n\n"
        "- New dark theme, switched on from Settings > Appearance.\n"
        "- Budgets can now be shared with up to 5 people.\n")}, tmp_path, embeddings)
    quotes = [c.quote for c in bot.ask("Which version added a dark theme?").citations]
    assert quotes[:2] == ["## 3.1.0 — 2025-01-08",
                          "- New dark theme, switched on from Settings > Appearance."]
    # Asked otherwise, the item alone answers.
    asked = bot.ask("How do I switch on the dark theme?")
    assert asked.citations[0].quote.startswith("- New dark theme")


def test_the_main_point_of_a_piece_cites_its_standfirst_with_its_conclusion(
        tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> None:
    # An editorial says its point in the line above its lead; its last paragraph is a notice.
    editorial = (
        "THE HOLLINSFORD GAZETTE\n\nCutting library hours is a false economy the town will "
        "regret\n\nBy Conrad Ilesworth, Editor\n\nThere are few buildings in Hollinsford that "
        "everyone is allowed into, free of charge, for as long as they like. The council wants "
        "to close the Central Library on Mondays and two evenings a week.\n\nThe saving, "
        "£86,000 a year, is small against a budget of £29 million.\n\nThe Gazette will report "
        "on the outcome of the vote in our edition of 1 May.\n")
    bot = assistant_over(editorial, "editorial", tmp_path_factory, embeddings)
    quotes = [c.quote for c in bot.ask(
        "What is the main point of the editorial?").citations]
    assert "Cutting library hours is a false economy the town will regret" in quotes, quotes
