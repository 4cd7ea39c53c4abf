"""Reading questions: answer-type cues, the names asked about, unknown words, the piece itself."""

from __future__ import annotations

import re

import pytest

from assistant.questions import (
    ABOUT_WRITER,
    ASKS_DATE,
    ASKS_WHY,
    DATE,
    DENIES,
    MONEY,
    NUMBER,
    PLACE,
    _Rare,
    about_the_piece,
    expected_answer,
    names_in,
    not_english,
    numbers,
    read,
    the_kind,
    unknown_word_share,
    within,
    without_the_piece,
)
from index import LexicalIndex


@pytest.mark.parametrize("question, wanted", [
    ("When did the treaty come into force?", DATE),
    ("What year was the bridge finished?", DATE), ("when's Margaret Hollis's funeral?", DATE),
    ("When the ice melts, what happens to the river?", None),  # "when" joins a clause
    ("When rivers flood, who pays?", None),
    ("How many people live there?", NUMBER),
    ("how much does a replacement filter cost?", MONEY),
    ("How much did they pay for the land?", MONEY),
    ("what's the annual membership fee", MONEY),
    ("How much rain fell in March?", NUMBER),  # an amount, not of money
    ("how heavy is the home battery", NUMBER), ("what version of python do I need", NUMBER),
    # What a council saves or an appeal raises is money; the time a thing saves is not.
    ("How much would the council save by opening the library less?", MONEY),
    ("how much did the appeal raise", MONEY), ("how much time does the new road save?", NUMBER),
    ("What oven temperature does the cake need?", NUMBER),  # a word between
    ("Where was the treaty signed?", PLACE),
    ("Why did the talks fail?", None),
])
def test_expected_answer_reads_the_question_type(question: str, wanted: object) -> None:
    assert expected_answer(question) is wanted


@pytest.mark.parametrize("text, pattern", [
    ("The bridge was finished in 1932.", DATE),
    ("The mill burned down during the great flood.", DATE),
    ("Trains stop there every morning.", DATE),
    ("The boat was moored at the edge of the lake.", PLACE),
    ("They settled within the walls of the old town.", PLACE),
    ("The treaty was signed in Paris.", PLACE),
])
def test_answer_patterns_find_their_kind(text: str, pattern: object) -> None:
    assert pattern.search(text)  # type: ignore[attr-defined]


def test_an_amount_of_money_is_what_a_cost_question_asks_for() -> None:
    # A part number is a number but not a price.
    assert read("How much does a replacement DW-F20 filter cost?").wanted is MONEY
    assert not MONEY.search("Replacement filters (part number DW-F20) are sold by stockists.")
    for text in ("A pack of two costs £12.50.", "Filters are free while the warranty lasts.",
                 "The set menu is 540 kroner per person.", "The premium is 412 a year."):
        assert MONEY.search(text), text
    for text in ("We sent 3 people.", "See p. 12.", "The wall is 40 m long.", "Unit 7"):
        assert not MONEY.search(text), text


def test_answer_patterns_miss_what_is_not_their_kind() -> None:
    assert not DATE.search("The bridge is long and narrow.")
    assert not PLACE.search("The bridge is long and narrow.")


@pytest.mark.parametrize("question, names", [
    ("Who is the French Minister of Culture?", ["French Minister of Culture"]),
    ("How many rooms does Claridge's Hotel have?", ["Claridge's Hotel"]),
    ("When did Acme President Jane Doe retire?", ["Jane Doe"]),
    ("What did Marx and Engels write?", ["Marx", "Engels"]),
    ("How many of Hun Sen's speeches are cited?", ["Hun Sen"]),
    ("How much is spent on World Cup-related events?", ["World Cup"]),
    ("What did the minister say?", []),
])
def test_names_in_drops_titles_possessives_and_splits_pairs(question: str,
                                                            names: list[str]) -> None:
    assert names_in(question) == names


TOWN_SENTENCES = ["Relations between Riverton and Lakeside have been poor for years.",
                  "Riverton's mayor opened the largest park in the valley.",
                  "The council pays for the park."]


@pytest.mark.parametrize("question, low, high", [
    ("What did the mayor open?", 0.0, 0.0),
    # "relationship" is derived from "relations": known; "rivalry" is not, but one unknown
    # word among known names stays under the `unknown_words` rule's threshold.
    ("What is the relationship between Riverton and Lakeside?", 0.0, 0.0),
    ("What is the rivalry between Riverton and Lakeside?", 0.2, 0.6),
    ("What is the altitude and climate of Geneva?", 1.0, 1.0),
    ("Why Geneva?", 0.0, 0.0),  # one unknown word alone is as likely a paraphrase
])
def test_unknown_word_share_weighs_the_words_the_sources_never_use(
        question: str, low: float, high: float) -> None:
    assert low <= unknown_word_share(question, LexicalIndex.build(TOWN_SENTENCES)) <= high


@pytest.mark.parametrize("question, kind", [
    ("Who wrote this article?", "writer"),
    ("Who wrote this opinion piece?", "writer"),
    ("Who is the author of the short news article?", "writer"),
    ("What is the columnist's job?", "writer"),
    ("Who wrote this page?", "writer"),  # a saved web page
    ("What is the article about?", "topic"),
    ("What's this essay mostly about?", "topic"),
    ("What is the story mainly about?", "topic"),
    ("What is the subject of this document?", "topic"),
    ("Give me a summary of the text.", "summary"),
    ("Summarize the article.", "summary"),
    ("Give me the gist of the piece.", "summary"),
    ("What is the main point of the piece?", "conclusion"),
    ("What does the author conclude?", "conclusion"),
    ("How does the article end?", "conclusion"),
    ("What should the city do, in the writer's conclusion?", "conclusion"),
    # In a reader's own words (bench/data/written/piece.jsonl).
    ("Who's the author?", "writer"), ("Whose op-ed is this?", "writer"),
    ("Which reporter filed this?", "writer"), ("Who reported this?", "writer"),
    ("Who is this written by?", "writer"), ("Who wrote this FAQ?", "writer"),
    ("Who's the journalist behind this profile?", "writer"),
    ("Who is the author of this guide?", "writer"), ("What's the byline?", "writer"),
    ("What's the gist?", "summary"), ("Can you sum up what this article covers?", "summary"),
    ("What does this guide cover?", "summary"), ("What is this page for?", "topic"),
    ("Briefly, what is this article reporting?", "topic"),
    # Who wrote it in other words, and what the byline says of the writer besides the name.
    ("Could you tell me who penned this editorial?", "writer"),
    ("Who is the author of the article about the harbour?", "writer"),
    ("Who's behind this blog post?", "writer"), ("Who put this guide together?", "writer"),
    ("Who prepared this report?", "writer"), ("Who is the reviewer here?", "writer"),
    ("Which newspaper does the reporter write for?", "writer"),
    ("What company does the author of this review work for?", "writer"),
    ("Which university employs the columnist?", "writer"),
    ("What position does the person who wrote this leaflet hold?", "writer"),
    ("What is the job of the person who wrote this guide?", "writer"),
    # The piece named by its kind, which may instead be one it speaks of: a novel's story in
    # a review, a report in a news story (`the_kind`, `Pipeline.asked_of`).
    ("Who wrote the report on the flood?", "writer"), ("Who prepared the report?", "writer"),
    ("Who wrote the story?", "writer"), ("Who signed the letter?", "writer"),
    # One document among several, named by its kind and its subject (a newcomer's words).
    ("What is the recall notice about?", "topic"), ("What is the bike chain guide about?", "topic"),
    ("What is the glacier interview about?", "topic"), ("What's the letter about?", "topic"),
    ("who sent out the school newsletter?", "writer"), ("Who issued this notice?", "writer"),
    ("who's the author of the bus column, the one saying fares should be free?", "writer"),
    ("when was the zone D parking letter sent out?", "date"),
    ("Who wrote that Courier piece about the library's new hours?", "writer"),
    ("who wrote the blog post about ditching the standing desk, and when?", "writer"),
    ("who sent the spring term letter and when", "writer"),
    # More kinds of document a folder holds, and "wrote up": the report of the match.
    ("who issued the kettle recall", "writer"), ("when was the kettle recall put out", "date"),
    ("Who wrote the obituary?", "writer"), ("who wrote up the Ashbury match?", "writer"),
    ("who wrote the community fridge paper and when did it come out?", "writer"),
    ("who wrote that opinion piece against the library closures, and when?", "writer"),
    ("who wrote the letter and when did the council reply", None),  # asks of the reply
    # "that earlier letter" is one the piece speaks of.
    ("The rent letter says 'further to our letter': when was that earlier letter sent?", None),
    # About what the piece says, or about something else entirely.
    ("Whose fault is this?", None), ("Who reported the crime?", None),
    ("What is the gist of the minister's speech?", None),
    ("What does the law cover?", None),
    ("What does the author think of the new bridge?", None),
    ("What was the conclusion of the inquiry?", None),
    ("Who wrote the national anthem?", None),
    ("Who wrote the letter in the article?", None),
    # Where the writer lives, the article may say anywhere; what the writer argues is in the
    # article.
    ("Where is the author based?", None), ("Where does the columnist live?", None),
    ("What does the writer argue about fares?", None),
    ("Which countries does the author work for peace with?", None),
    ("How old is the volunteer who wrote this?", None),  # the writer is the subject
    ("What is the story of the bridge about?", None),
    ("what's the story about the keeper's wife?", None),  # what is known of her
    ("What is the article about, in short?", "topic"),
    ("What was the Plos Pathogens paper about?", None),  # a paper the article speaks of
    ("What is the Domesday Book about?", None), ("What was the protest in Antigone about?", None),
    ("What is the report about the flood saying?", None),
    ("What is on the next page?", None),
    ("What is the main argument against the tax?", None),
    # What the piece is named by may be what it does ("complaining about"), a "long read"
    # about a subject; "basically", "actually" change nothing.
    ("who wrote the column complaining about the bus cuts", "writer"),
    ("what's that long read about the stargazing village actually about?", "topic"),
    ("what's this article basically about?", "topic"),
    # Who reviewed a film, a stove: the review's writer.
    ("who reviewed the tin orchard", "writer"), ("who reviewed the stove and when", "writer"),
    # Who a letter is from, who posted or put out a piece: its writer; not who put out a fire.
    ("who's the letter about the windows from", "writer"), ("who is this email from?", "writer"),
    ("who posted the rhubarb crumble cake recipe", "writer"),
    ("who put out the council's garden waste announcement", "writer"),
    ("who put out the fire", None), ("who posted the photo of the flood", None),
    ("where is the letter from", None),
    # The main point of a piece a word or two describe.
    ("what's the main point of the library opinion piece", "conclusion"),
    # How a review rated what it reviews; not stars in the sky, a match's score, a power rating.
    ("how many stars did the critic give the restaurant?", "rating"),
    ("What score did that orchard film get?", "rating"), ("how did the critic rate it?", "rating"),
    ("what rating did the ember 3 get", "rating"),
    ("what did the reviewer give it out of five?", "rating"),
    ("how many stars are visible from the village?", None),
    ("who won the cup final and what was the final score", None),
    ("What is the power rating of the Aria kettle in watts?", None),
])
def test_about_the_piece(question: str, kind: str | None) -> None:
    assert about_the_piece(question) == kind


def test_words_about_the_piece_are_not_searched_for() -> None:
    assert without_the_piece("What does the author think of the bridge, according to the "
                             "article?") == "What does think of the bridge, ?"
    assert without_the_piece("What does Article 5 say?") == "What does Article 5 say?"


@pytest.mark.parametrize(("question", "negated"), [
    ("Which town did the army not reach?", True), ("Who never paid the fee?", True),
    # A reason is asked for, which need deny nothing.
    ("Why didn't the volunteers want another metal shed?", False),
    ("How come the hall wasn't booked?", False),
    ("What was the reason the council did not vote?", False),
    ("When did the council vote?", False)])
def test_a_negated_question_asks_for_a_denial_unless_it_asks_why(question: str,
                                                                  negated: bool) -> None:
    assert read(question).negated is negated


def test_a_passage_denies_with_nobody_and_no_one() -> None:
    assert DENIES.search("Nobody wanted to sort seeds in there.")
    assert DENIES.search("No one came to the meeting.")
    assert not DENIES.search("Everybody came to the meeting.")


@pytest.mark.parametrize(("words", "held"), [
    ({"1965"}, True), ({"1960s"}, True), ({"1950", "1971"}, False), ({"sixties"}, False)])
def test_a_decade_the_question_names_is_held_by_any_year_in_it(words: set[str],
                                                               held: bool) -> None:
    assert read("How were city officials elected in the 1960s?").decades == ("1960s",)
    assert within("1960s", frozenset(words)) is held


def test_a_round_hundred_names_a_century() -> None:
    assert within("1300s", frozenset({"1348"}))
    assert not within("1300s", frozenset({"1402"}))


@pytest.mark.parametrize(("question", "named"), [
    ("What park covers an area of 74 ha.?", ("74",)),
    ("Who ranked Warsaw as the 22nd most liveable city?", ("22",)),
    ("What did families with incomes below $38,000 pay in 2009?", ("38000",)),  # 2009: a year
    ("What constitutes 28.0% of the atmosphere?", ("28",)),
    ("What leaves at 7:30?", ("7.3",)),
    ("When was version 3.2.0 released?", ("3.2.0",)),  # a version: not 3.2
    ("Which platform does the 7:40am train go from?", ("7.4",)),
    ("How were city officials elected in the 1960s?", ()),  # a decade: read as one
    ("How great were the endowment's losses in 2008-09?", ()),  # a season, not the number 9
    # The reader's own number is answered by the passage's limit, not by naming it.
    ("Will this be big enough for my 40 m² living room?", ()),
    ("We're a walking club of 15 people. Do we get money off?", ()),
    ("I'm catching a train from Harwick on 10 February, which platform is it?", ()),
    ("How many ferries leave before noon?", ())])
def test_a_question_names_the_numbers_it_asks_about(question: str,
                                                     named: tuple[str, ...]) -> None:
    assert read(question).numbers == named


@pytest.mark.parametrize(("question", "passage", "held"), [
    ("Who was the university's 5th president?", "In 1929, its fifth president took office.",
     True),
    ("What park covers an area of 74 ha.?", "The Łazienki Park covers the area of 76 ha.",
     False),
    ("Who ranked Warsaw the 22nd most liveable city?", "It ranked Warsaw the 32nd.", False),
    ("Which families pay nothing below $60,000?", "Families below $60,000 pay nothing.", True),
    ("What leaves at 7:30?", "The ferry leaves at 7.30 pm.", True),
    ("Which platform does the 7:40am train go from?", "It now departs at 07:40.", True),
    ("How many of the 12 trees were felled?", "Seven of the twelve trees were felled.", True),
    ("What was 0.9% of the mass?", "Oxygen is 49.2% of the crust.", False),
    # A version is read whole: 3.2.0 is not 3.2, nor in "Version 2.0" or "3.2.1".
    ("When was version 3.2.0 released?", "## 3.2.0 — 2025-04-02", True),
    ("When was version 3.2.0 released?", "Version 2.0, effective 1 July 2024.", False),
    ("When was version 3.2.0 released?", "3.2.1 fixed the export.", False),
    # Days and times in words or on the other clock.
    ("Is the pool open on 24 December?", "It closes at noon on Christmas Eve.", True),
    ("Is the pool open on 25 December?", "It closes at noon on Christmas Eve.", False),
    ("Is the pool open on 1 January?", "Closed on New Year’s Day.", True),
    ("Does the ferry leave at 11:15?", "It leaves at quarter past eleven.", True),
    ("Does the ferry leave at 6:45?", "It leaves at a quarter to seven.", True),
    ("Does the ferry leave at 7:15?", "It leaves at a quarter to seven.", False),
    ("Does the ferry leave at 12:00?", "The last one leaves at midday.", True),
    ("Does the ferry leave at 19:30?", "The last one leaves at 7.30 pm.", True),
    ("Does the ferry leave at 7.30pm?", "The last one leaves at 19:30.", True),
    ("Does the ferry leave at 8.30pm?", "The last one leaves at 19:30.", False)])
def test_a_passage_holds_a_number_in_digits_or_in_words(question: str, passage: str,
                                                        held: bool) -> None:
    assert all(n in numbers(passage) for n in read(question).numbers) is held


@pytest.mark.parametrize("question", [
    "When was this article published?", "When was the railway article published?",
    "When was this briefing written?", "What is the date of the railway story?",
    "What date is on the heat pump briefing?", "what's the date on the newsletter?",
    "How old is this review?", "When did the council put this out?", "Date of the minutes?",
    "when was the press release issued", "When was the article about the bridge published?",
    "What date was this letter sent?", "When was this written?", "When is this post from?",
    "What is the publication date?", "What is the article's date?", "when did this come out?",
    "could you tell me what date the plain-language summary on school start times was written?",
    "on what day this news piece about the branch libraries was published?"])
def test_when_the_piece_was_written_is_asked_of_the_line_that_dates_it(question: str) -> None:
    assert about_the_piece(question) == "date"


@pytest.mark.parametrize("question", [
    "When was the bridge opened?", "When is the deadline for comments?",
    # "it" may be one the reader has in mind.
    "When was it published?", "When was the book, Sur, published?",
    "What date is the meeting?", "What is the date of the next meeting?", "How old is the bridge?"])
def test_a_date_the_piece_speaks_of_is_asked_of_what_it_says(question: str) -> None:
    assert about_the_piece(question) != "date"


def test_the_piece_named_by_its_kind_may_be_one_it_speaks_of() -> None:
    # "the report" is the document only where it speaks of no other (`Pipeline.asked_of`).
    assert about_the_piece("When was the report published?") == "date"
    assert about_the_piece("Who wrote the report?") == "writer"
    assert [the_kind(q) for q in (
        "When was the report published?", "what date is on the letter from the agent?",
        "Who wrote the Story?", "When was this article published?",
        # The piece named as itself first: what it speaks of next is not the piece.
        "Who is the author of the article about the report?",
        "When was this report sent to the council?",
        # Three words may describe it, but a determiner starts another thing.
        "when was the zone D parking letter sent out?", "Who is the reporter behind this story?",
        "When did the management put this notice out?")] == \
        ["report", "letter", "story", None, None, None, "letter", None, None]


@pytest.mark.parametrize(("question", "foreign"), [
    ("Combien de jours par semaine puis-je travailler à domicile ?", True),
    ("¿Cuánto cuesta una parcela completa al año?", True),
    ("Wie viele Tage pro Woche kann ich von zu Hause arbeiten?", True),
    ("How many days a week can I work from home?", False),
    ("Rent increase amount?", False),  # too short to tell
    # No function word either: the pipeline says so only of a hedge or a refusal.
    ("Lloyd Austin Cambodia visit date?", True)])
def test_a_question_in_another_language_has_none_of_englishs_function_words(
        question: str, foreign: bool) -> None:
    assert not_english(question) is foreign


def test_the_writers_and_the_dates_patterns_compile_only_when_a_question_may_match() -> None:
    # Each takes tens of milliseconds to compile: a cold `assistant ask` of an ordinary
    # question need not pay for them.
    rare = _Rare(r"\bwho\s+wrote\s+this\b", r"\bwho\b")
    assert rare.search("Why did Lloyd Austin travel to Singapore?") is None
    assert "_compiled" not in vars(rare)
    assert rare.search("So who wrote this?") is not None
    # What every match holds is all the pattern can match: the same answers either way.
    for pattern in (ABOUT_WRITER, ASKS_DATE):
        whole = re.compile(pattern._pattern, re.I)
        for question in ("Who wrote this?", "What is the columnist's job?", "When was it?",
                         "How old is this review?", "What's the date on the newsletter?",
                         "When was this article published?", "Whose op-ed is this?",
                         "Why did Lloyd Austin travel to Singapore?"):
            assert (pattern.search(question) is None) == (whole.search(question) is None)


@pytest.mark.parametrize(("question", "why"), [
    ("why did the mill close?", True), ("so how come it shut?", True),
    ("what set off the 1911 strike?", True),
    ("what made Ruth pack in her theatre job and come home?", True),
    ("What delayed the building work?", True), ("what brought her back to the island?", True),
    ("What is the cake made of?", False), ("what made up the crowd?", False),
    ("What was made in the factory?", False), ("what brought in the most money?", False)])
def test_a_question_asks_why_in_other_words_than_why(question: str, why: bool) -> None:
    assert bool(ASKS_WHY.search(question)) is why
