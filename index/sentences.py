"""Splitting text into paragraphs and sentences that keep their character offsets.

Every span is a pair of offsets into the original text, so `text[start:end]` is always the
sentence exactly as written; nothing here rewrites text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# "quote": a reply's quoted line that the document has unquoted too (it is said there).
Kind = Literal["title", "heading", "body", "quote"]
# Bump when split() changes what it returns: indexes split by another version are split again
# (a unit whose id and text are unchanged keeps its vector). 3: a numbered heading; a
# table's rows. 4: a bulleted line ("• item") is an item, a line opening with a year is not;
# a numbered section's heading over its text ("2. Treasurer's report") is a heading. 5: a
# document's opening lines are lines ("NOTICE" over "Issued by … – 3 March 2025"). 6: a
# header's "key: value" lines are lines, no sentence ends inside a line wholly in bold, an
# e-mail's quoting marks are no part of a sentence, and a speaker's label no word of it; a
# rule drawn across the text ends a paragraph; "(a)" and "b)" mark list items; a section
# heading with a full date is text; a subject line is a heading. 7: "ii)" marks an item. 8: a
# quoted line said unquoted elsewhere in the document is a quote. 9: the lines of a block under
# a one-line title are read as a document's opening lines; a numbered section's heading may
# name a year. 10: a markdown document's first "# Title" is its title. 11: more bylines are no
# headings ("Reviewed by …", "Words by …", "Prepared by: …"). 12: "Exhibition text by …",
# "Story by …" are bylines; an e-mail's subject line is its title, not its "From:" line. 13:
# a plain-text table's rows, its columns lined up by spaces, are units under their header;
# "Signed" alone on its line is no heading. 14: a markdown heading over a line that is only
# a date or a span of dates is one unit of text (a CV's job over "*April 2021 – present*"),
# "pp." ends no sentence. 15: "Words and pictures by …" is a byline.
VERSION = 15

# Words that end with a period without ending the sentence.
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "etc", "e.g", "i.e", "cf", "al", "no", "nos", "vol", "pp", "fig", "approx", "dept", "est", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov", "sen", "rep", "pres", "rev", "hon", "inc", "ltd", "co", "corp", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s", "u.k", "u.n"]
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")
# (A quoted paragraph's next sentence may open its next line, after the quoting marks.)
_NEXT_START = re.compile(r"\s+(?:>[ \t>]*)?[\"'“‘(\[]*[A-Z0-9\u00C0-\u024F\u0370-\uFFFF]")
# A blank line, or a rule drawn across the text ("-----", "=====", "* * *": a forum's posts,
# a plain-text report's sections), ends a paragraph; the rule is no text of either.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*|^[ \t]*(?:[-=_*~][ \t]*){3,}$\s*", re.M)
# The bullet glyphs a word processor or PDF writes before a list item.
BULLETS = "•◦▪‣●○■"
# A list item's marker: markdown's, or a bullet glyph.
# "(a)", "(iv)", "b)", "ii)": a clause's items in terms and policies.
LETTERED = r"\((?:[a-z]|[ivx]{1,4})\)|(?:[a-z]|[ivx]{2,4})\)"
_LIST_MARK = rf"(?:[-*+{BULLETS}]|\d{{1,3}}[.)]|{LETTERED})\s"  # not "2024. The…"
_LIST_ITEM = re.compile(rf"^\s*{_LIST_MARK}")
_ITEM_MARK = re.compile(rf"^\s*{_LIST_MARK}\s*")  # the mark, to read the item without it
_BLOCK_LINE = re.compile(rf"^\s*(#{{1,6}}\s|{_LIST_MARK}|>\s?)")
# A note on who wrote a piece: "By Jane Doe", "Dr. Jane Doe is a fellow at ...", "The views
# in this article are her own."
# (A pronoun or an article opens no name: "She is married to …" closes a profile, "The Salt
# Lantern is published by …" a review; neither is a note on the writer.)
_NAME_IS = (r"(?!(?:He|She|It|They|We|I|You|This|That|There|The|A|An)\s)"
            r"(?:(?:Dr|Prof|Professor|Mr|Mrs|Ms|Mx)\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3},?"
            r"\s+(?:is|was|has been|serves as|works as|teaches|writes)\b")
# Either may be set in italics or bold ("*Jane Doe is a professor of ...*").
_EMPHASIS = r"[*_]{0,2}"
# "By Jane Doe", "Written by …", a notice's or a report's "Prepared by the IT Team",
# "Issued by Calloway Ltd", "Prepared by: …", "Author: …", "Words: …".
# "Exhibition text by Dr Eleanor Quayle": a page's writer may be named for the text they wrote.
# "Words and pictures by Priya Castellane": the writer took the photographs too.
_BYLINE = re.compile(rf"^\s*{_EMPHASIS}(?:(?:(?:Written|Prepared|Compiled|Issued|Published|"
                     r"Reviewed|Reported|(?:Words|(?:[A-Z][a-z]+\s+)?[Tt]ext|Story)"
                     r"(?:\s+(?:and|&)\s+(?:pictures|photos|photographs|images))?|Article|Essay|"
                     r"Interview)\s+)?[Bb]y:?|Signed,?(?:\s+by)?|Author:|Words:)"
                     r"\s+(?:the\s+)?[A-Z]")
# A name's first word, with a title before it; a full name has one to three more words.
_NAME = r"(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?\s+)?[A-Z][\w'’-]+"
_FULL_NAME = rf"{_NAME}(?:[ \t]+[A-Z][\w'’-]+){{1,3}}"
_PLACE = (r"(?:Road|Street|Lane|Avenue|Way|Close|Drive|Place|Square|Terrace|Crescent|Row|Hill|"
          r"Park|House|Hall|Centre|Center|Building|Campus|Office)")
# The name and the role alone on a line: "Jane Doe, Opinion Editor" (not an address's
# "Harcourt Road, Elmsford"). Under a headline it is a byline; elsewhere it may be a heading.
_NAME_LINE = re.compile(rf"^\s*{_EMPHASIS}(?![^,\n]*\b{_PLACE}\s*,){_FULL_NAME},[ \t]+"
                        r"[A-Z][^\n.!?]{2,80}$")
# A paper's authors alone on a line, each perhaps with the marks that point to their
# affiliations: "Adaeze N. Okonkwo(1), Martin Lysaght(1) and Elin Sorby(2)", "J. Doe* and
# R. Roe²". Two full names or more, joined by "and", one of them with a mark or an initial
# (a byline without its "By"; "Sales Strategy and Market Growth" is a subtitle).
_AFFILIATION = r"(?:[ \t]*(?:\(\d{1,2}(?:,[ \t]*\d{1,2})*\)|[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰,]+))?"
_AUTHOR = (rf"(?!(?:The|A|An)\s)(?:(?:[A-Z]\.[ \t]*){{1,3}}[A-Z][\w'’-]+|{_NAME}(?:[ \t]+[A-Z]\.)*"
           rf"(?:[ \t]+[A-Z][\w'’-]+){{1,2}}){_AFFILIATION}")
_AUTHORS_LINE = re.compile(rf"^(?=.*(?:\(\d|[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]|\b[A-Z]\.))\s*{_EMPHASIS}{_AUTHOR}"
                           rf"(?:,[ \t]+{_AUTHOR})*,?[ \t]+(?:and|&)[ \t]+{_AUTHOR}{_EMPHASIS}\s*$")
# A writer with no byline may introduce themselves: "For anyone new here, I'm Priya Shah.",
# "My name is Dana and I ...", "Hi, I'm Dana". A first and last name, or one name after a
# greeting or "my name is" ("I'm British" names no one); not someone quoted doing so.
_INTRODUCTION = re.compile(
    rf"(?:\b(?:I['’]m|I\s+am)\s+{_NAME}\s+[A-Z][\w'’-]+\b(?!\s+[a-z]+(?:ist|er|or)\b)|"
    rf"\b(?:[Hh]i|[Hh]ello|[Hh]ey)\b[,!]?\s+(?:I['’]m|I\s+am)\s+{_NAME}\b|"
    rf"\b[Mm]y\s+name\s+is\s+{_NAME}\b)")
_SAID = re.compile(r"[\"“”]|\b(?:said|says|told|explained|added)\b")
# The sentence after an introduction goes on about the writer ("By day I teach chemistry").
_FIRST_PERSON = re.compile(r"\b(?:I|my|I['’]m|I['’]ve)\b")
_AUTHOR_NOTE = re.compile(
    rf"^\s*{_EMPHASIS}{_NAME_IS}|\b(?:views|opinions)\b[^.]*\b(?:own|author|writer)s?\b|"
    r"\bthe (?:author|writer)\b")
_PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+)+")
# A letter's or newsletter's sign-off: a closing phrase alone on its line ("Yours sincerely,",
# "Happy walking,"), then the writer's name on the next ("Jane Morrow, Club Secretary").
# ("Signed" alone on its line closes a notice as "Yours faithfully," does a letter.)
_VALEDICTION = r"(?:[A-Z][\w'’]*(?:[ \t]+[\w'’]+){0,3},|Signed:?)"
_SIGN_OFF = re.compile(rf"^\s*{_VALEDICTION}[ \t]*\n\s*"
                       r"(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?\s+)?[A-Z][a-z'’-]+\s+[A-Z][^\n]{0,60}"
                       r"(?:\n[^\n]{1,60}){0,2}$")  # lines for the writer's role, organisation
_LONE_VALEDICTION = re.compile(rf"^\s*{_VALEDICTION}\s*$")
# A signature without the closing phrase: the name alone on its line, the role on the next
# ("Mabel Ferreira-Lund\nVolunteer Coordinator, Hollin Street Food Share").
_SIGNATURE = re.compile(rf"^\s*{_FULL_NAME}[ \t]*\n\s*[A-Z][^\n]{{2,80}}$")
# A plain-text heading: at most this many words, ending in a word (no sentence punctuation).
_HEADING_WORDS = 8
_OPEN_END = re.compile(r"\w$")
# A table as markdown writes it: rows between pipes, the header row over a rule (also
# what `index.extract` reads a web page's tables by).
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
# A section's number before its heading: "5. Recommendations", "2.1 Methods", "IV. Results".
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+(?=\S)")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_WORD = re.compile(r"\w+")
# A numbered line this short over a sentence is a section's heading ("1. Minutes of the last
# meeting"); a list item's first line wrapped at a text's width is longer.
_SECTION_HEAD_CHARS = 40
# A document's opening lines read line by line: how many, how long, and the words a wrapped
# title's line ends with ("Annual Report of the" over "Riverside Library").
_HEADER_LINES = 5
_HEADER_CHARS = 90
_MID_PHRASE = re.compile(r"(?:\b(?:of|the|and|or|for|to|in|on|at|a|an|with|by|from)|[&–-])$",
                         re.I)
# A header's "key: value" lines (an e-mail's From, To and Subject; minutes' Date, Place and
# Present; a transcript's turns, "Priya: Good."), read a field a line when every line of a
# block is one: as one sentence the whole header was cited for any question its words met.
_FIELD = re.compile(r"^\s*[A-Z][\w'’-]*(?:[ \t][\w'’-]+){0,2}:[ \t]+\S")
# A speaker's label before a turn ("Priya: "), not counted as a word of the turn's first
# sentence: "Priya: Good. So what can we afford?" is one sentence, as "Good. So…" would be.
SPEAKER = re.compile(r"[A-Z][\w'’-]*(?:[ \t][A-Z][\w'’-]*){0,2}:[ \t]+")
# A line wholly in bold (an FAQ's question over its answer, "**It beeps. What does that
# mean?**"): no sentence ends inside it, so the question stays whole, with its answer.
_EMPHASISED_LINE = re.compile(r"^[ \t]*(?:\*\*(?:(?!\*\*).)+\*\*|__(?:(?!__).)+__)[ \t]*$", re.M)
# A date in full ("2025-03-12", "12 March 2025", "March 12, 2025"): a markdown section heading
# that holds one states a fact (a changelog's "## 2.4.0 — 2025-03-12", a diary's entry), so
# it is text, not a heading that answers nothing.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_FULL_DATE = re.compile(rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}\b|"
                        rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b")
# A line that is only when something ran, under the markdown heading that names it: a CV's
# "### Senior Officer — Fenwold Council" over "*April 2021 – present*", a programme's
# session over "10:30–11:15". The two are one entry, a fact ("what's her current job?",
# "when did she start there?"), read as one unit of text, not as a heading that answers
# nothing over a date that says nothing alone.
_WHEN = (rf"(?:(?:{_MONTH}\s+)?\d{{4}}|\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?)")
_ENTRY_DATE = re.compile(rf"^[ \t]*[*_]{{0,2}}{_WHEN}(?:\s*(?:[–—-]|to|until)\s*"
                         rf"(?:{_WHEN}|present|now|date|today))?[*_]{{0,2}}[ \t]*$", re.I)
# When a document was written, on a line of its own: "Published 14 September 2025", "Date:
# 14 February", "Posted on March 3, 2025 by Sam Lee", "Friday 7 February 2025", "Last
# updated: 2025-03-03", a letter's "3rd March 2025" over "Dear ...", or after a byline, "By Ana
# Ruiz | 12 June 2024"; or a wire report's dateline, "PORTHAVEN, May 10 — A header ...". What
# a reader asks for as "When was this published?".
_MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|"
               r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?")
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b\.?,?\s+)"
_DAY_NUMBER = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_AND_MONTH = (rf"(?:{_DAY_NUMBER}\s+(?:of\s+)?{_MONTH_NAME}(?:,?\s+\d{{4}})?|"
                  rf"{_MONTH_NAME}\s+{_DAY_NUMBER}(?:,?\s+\d{{4}})?)")
_DATE = (rf"(?:{_WEEKDAY}?(?:{_DAY_AND_MONTH}|{_MONTH_NAME}\s+\d{{4}})|"
         r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2}))")
_DATE_LABEL = (r"(?:(?:(?:first\s+|originally\s+)?(?:published|broadcast|aired)|posted)(?:\s+online)?|"
               r"(?:last\s+)?(?:updated|modified|"
               r"revised|reviewed)|date[d]?|issued|written|released|sent|filed|held|effective|"
               r"date\s+of\s+(?:issue|publication|release)|(?:issue|publication|release)\s+date|"
               r"for\s+immediate\s+release)")
_AT_TIME = (r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
            r"(?:\s+(?:\(?[A-Z]{2,5}\)?|[+-]\d{4}))*)?")
_IN_PLACE = r"(?:,?\s+(?:in|at)\s+(?:the\s+)?[A-Z][^\n.]{0,50})?"
# Not a span of dates ("14 June – 2 November 2025": an exhibition's, a trip's).
_UNTIL = rf"(?!\s*(?:{_WEEKDAY}?{_DAY_NUMBER}\b|{_WEEKDAY}?{_MONTH_NAME}))"
_DATE_LINE = re.compile(
    rf"^[\s*_]*(?:{_DATE_LABEL}[*_]*(?:\s+on)?\s*:?[*_]*\s*)?{_DATE}{_AT_TIME}{_IN_PLACE}"
    rf"(?:\s*(?:\bby\b|[|·•—–-]){_UNTIL}[^\n]{{0,80}})?[\s*_.]*$", re.I)
_BYLINE_DATE = re.compile(rf"^[\s*_]*(?:(?:Written|Prepared|Compiled|Issued|Published|Posted)\s+)?"
                          rf"By:?\s+[^\n|·•—–]{{2,80}}?\s*[|·•—–,]\s*"
                          rf"(?:{_DATE_LABEL}(?:\s+on)?\s*:?\s*)?{_DATE}{_AT_TIME}"
                          r"(?:\s*[|·•]\s*[^\n|·•]{1,40}){0,3}[\s*_.]*$", re.I)
# The dates an event runs, alone on a line: "12 April – 29 September 2024", "Dates: 6 to 28
# September 2024", "Saturday 3 May - Sunday 4 May". When it is on, not when the page was
# written.
_DATE_SPAN = re.compile(rf"^[\s*_]*(?:(?:Dates?|Runs?|Open|On)\s*:?\s*)?(?:{_WEEKDAY}?"
                        rf"(?:{_DAY_AND_MONTH}|{_DAY_NUMBER})|{_MONTH_NAME}(?:\s+\d{{4}})?)\s*"
                        rf"(?:[–—-]|to|until)\s*{_WEEKDAY}?(?:{_DAY_AND_MONTH}|{_MONTH_NAME}\s+\d{{4}})"
                        r"[\s*_.]*$", re.I)
# A date line that names the writer: "Posted on 3 September 2024 by Priya Ellwood".
_POSTED_BY = re.compile(rf"^[\s*_]*(?i:{_DATE_LABEL}(?:\s+on)?\s*:?\s*{_DATE}{_AT_TIME})\s+by\s+"
                        rf"{_FULL_NAME}\b")
# A headline or a header line that ends with its date: "Allotment Garden Committee — Meeting
# Notes, 18 March 2025", "**Press release — Manchester, 2 February 2026**".
_HEAD_DAY = (rf"{_WEEKDAY}?(?:{_DAY_NUMBER}\s+(?:of\s+)?{_MONTH_NAME},?\s+\d{{4}}|"
             rf"{_MONTH_NAME}\s+(?:{_DAY_NUMBER},?\s+)?\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})")
# ... or with what the date is, ending a sentence that presents the piece: "Transcript of
# "Rooftops", Brennock Community Radio, first broadcast on Monday 3 June 2024."
_HEAD_DATE = re.compile(rf"^[\s*_#]*[A-Z][^\n.!?]{{2,90}}?(?:[,|·•—–]|\s-)\s*"
                        rf"(?:(?:on\s+)?{_HEAD_DAY}[\s*_]*|"
                        rf"(?i:{_DATE_LABEL})\s+(?:on\s+)?{_HEAD_DAY}[\s*_.]*)$")
_DATELINE = re.compile(rf"^[\s*_]*[A-Z][A-Z.'’ -]{{2,}}(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)*,\s+"
                       rf"{_WEEKDAY}?(?:{_DAY_AND_MONTH}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
                       r"\s*(?:\([^)]{1,30}\)\s*)?[—–-]{1,2}\s")


def is_date_line(text: str) -> bool:
    """Whether a unit is the document's date on a line of its own (`_DATE_LINE`), with its
    byline or without."""
    return len(text) <= 120 and "\n" not in text.strip() and bool(
        _DATE_LINE.match(text) or _BYLINE_DATE.match(text) or _HEAD_DATE.match(text))


# A review's rating alone on a line: "★★★★☆ 4 out of 5", "Rating: 4/5", "4.5 out of 5 stars",
# "★★★", "★★★★☆ (4 out of 5)", a score out of ten ("8/10"); not a gallery's "1/5".
_RATING = re.compile(r"(?=.*(?:[★☆⭐]|out\s+of|rating|stars?\b|/\s*10\b))"
                     r"(?:(?:our\s+|star\s+)?rating:?\s*)?(?=.*[★☆⭐\d])[★☆⭐]*\s*"
                     r"(?:\(?\d(?:\.\d)?\s*(?:out\s+of|/)\s*(?:5|10)(?:\s+stars?)?\)?)?", re.I)


def is_rating(text: str) -> bool:
    """Whether a line is a review's rating alone (`_RATING`)."""
    return _RATING.fullmatch(text.strip()) is not None


def holds_rating(text: str) -> bool:
    """Whether a unit has a line that is a rating alone, a list item's too ("- Rating: ★★★★☆
    (4 out of 5)", "Rating: 4 out of 5" under a byline and a date line)."""
    low = text.lower()
    return any(word in low for word in _RATING_WORDS) and any(
        is_rating(_ITEM_MARK.sub("", line, count=1)) for line in text.split("\n"))


# What every rating holds (`_RATING`'s first test), looked for first in a whole unit: an
# outline asks it of every unit of every document (substrings: eight times quicker than the
# pattern over 100,000 units).
_RATING_WORDS = ("★", "☆", "⭐", "out", "rating", "star", "/")


def is_date_span(text: str) -> bool:
    """Whether a line is only the dates an event runs (`_DATE_SPAN`)."""
    return len(text) <= 80 and _DATE_SPAN.match(text) is not None


def holds_date_line(text: str) -> bool:
    """Whether a unit is a date line or holds one among its lines ("By Hannah Okafor,
    Reporter" over "Fri 14 Mar 2025 06.00 GMT", read as one paragraph)."""
    return any(is_date_line(line) for line in text.split("\n"))


def opens_with_dateline(text: str) -> bool:
    """Whether a sentence opens with a wire report's dateline ("AARHUS, Denmark, Nov. 6 — ")."""
    return _DATELINE.match(text) is not None


# A message's subject line, on a line of its own: what the message is about, as a heading is,
# not what it says ("What caused the slow backups?" was answered with the thread's subject).
_SUBJECT = re.compile(r"^Subject:[ \t]+[^\n]+$")
# An e-mail's quoting marks ("> ", ">> "): no part of what the quoted line says.
_QUOTE_MARKS = re.compile(r"(?:>\s*)+")
_QUOTED_LINE = re.compile(r"^[ \t]*>", re.M)
_QUOTE_WORDS = 4


# Markdown's bold, italic and code marks, in pairs as markdown reads them ("**4173**",
# "*by Owen Pryce*", "`serve`"); a lone one is text ("window.__pwned", "2 ** 8", "2*3*4",
# "a_b_c").
_MARKUP = re.compile(r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1|`([^`\n]+)`|"
                     r"(?<![\w*])([*_])(?=[^\s*_])((?:(?!\4).)+?)(?<=[^\s*_])\4(?![\w*])")
# A hard-wrapped line's break and indent, with a quoted line's marks.
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*(?:>[ \t]*)*")


def one_line(text: str) -> str:
    """`text` as a reader reads it: on one line, without a quoted e-mail's marks or markdown's
    bold, italic and code marks (a citation's offsets still find the text exactly)."""
    return _MARKUP.sub(lambda m: m.group(2) or m.group(3) or m.group(5),
                       _LINE_BREAK.sub(" ", text))


@dataclass(frozen=True)
class Span:
    """A sentence: `text[start:end]`, in paragraph `paragraph` (0-based), of a kind."""

    start: int
    end: int
    paragraph: int
    kind: Kind = "body"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blocks separated by blank lines; markdown headings and list items stand alone, and so
    does each line of a document's opening lines (`_header_lines`: its first block, or the
    block under a one-line title, "Prepared by …" over "Presented to … on 11 February 2025")
    and of a block of "key: value" lines (`_field_lines`)."""
    blocks: list[tuple[int, int]] = []
    pos = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        start, stop = _trimmed(text, pos, end)
        if start < stop:
            opening = not blocks or (len(blocks) == 1 and "\n" not in text[slice(*blocks[0])])
            lines = (_header_lines(text, start, stop) if opening and brk else None) \
                or _field_lines(text, start, stop)
            blocks.extend(lines or _split_block_lines(text, start, stop))
        if brk:
            pos = brk.end()
    return blocks


def _header_lines(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The lines of a document's first block when they are a letterhead or a notice's header,
    not a wrapped sentence: two to five short lines, none ending a sentence, each after the
    first opening with a capital or a digit and the one before it not ending mid-phrase
    ("PRODUCT SAFETY RECALL NOTICE" over "Issued by Calloway Home Appliances Ltd – 3 March
    2025"). Read as one sentence, the whole header was cited for any question its words met."""
    lines = [_trimmed(text, a, b) for a, b in _line_spans(text, start, end)]
    if not 2 <= len(lines) <= _HEADER_LINES:
        return None
    previous = ""
    for a, b in lines:
        line = text[a:b]
        if not line or len(line) > _HEADER_CHARS \
                or line.rstrip("\"'”’)]").endswith((".", "!", "?", "…", ":", ",", ";")):
            return None
        if previous and (not (line[0].isupper() or line[0].isdigit())
                         or _MID_PHRASE.search(previous)):
            return None
        previous = line
    return lines


def _field_lines(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The lines of a block of two or more "key: value" lines (`_FIELD`), else None."""
    lines = _line_spans(text, start, end)
    if len(lines) < 2 or not all(_FIELD.match(text[a:b]) for a, b in lines):
        return None
    return [_trimmed(text, a, b) for a, b in lines]


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Each line of `text[start:end]` as (start, end) offsets."""
    lines, pos = [], start
    for line in text[start:end].split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    return lines


def _split_block_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    lines = _line_spans(text, start, end)
    if len(lines) == 1 or not any(_BLOCK_LINE.match(text[a:b]) for a, b in lines):
        return [(start, end)]
    out: list[tuple[int, int]] = []
    quoting = False  # the last line was quoted text: a quoted line under it goes on with it
    for a, b in lines:
        a, b = _trimmed(text, a, b)
        if a >= b:
            quoting = False
            continue
        if marks := _QUOTE_MARKS.match(text, a, b):
            # A quoted e-mail's paragraph, hard-wrapped, is one block; a quoted blank line
            # (">") ends it, and a quoted item or heading stands alone.
            if marks.end() >= b:
                quoting = False
            elif quoting and not _BLOCK_LINE.match(text, marks.end(), b):
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
                quoting = True
            continue
        quoting = False
        if out and _dated_entry(text, out[-1], (a, b)):
            out[-1] = (out[-1][0], b)
            continue
        if out and not _BLOCK_LINE.match(text[a:b]) and not text[out[-1][0]].startswith("#") \
                and not (_section_head(text[out[-1][0]:out[-1][1]]) and text[a].isupper()):
            out[-1] = (out[-1][0], b)  # a wrapped continuation of the previous item
        else:
            out.append((a, b))
    return out


def _dated_entry(text: str, heading: tuple[int, int], line: tuple[int, int]) -> bool:
    """Whether `line` is only a date or a span of dates under the one-line markdown
    `heading` (`_ENTRY_DATE`)."""
    return text.startswith("#", heading[0]) and "\n" not in text[slice(*heading)] \
        and _ENTRY_DATE.match(text[slice(*line)]) is not None


def _section_head(line: str) -> bool:
    """A numbered section's heading on a line of its own, its text on the next ("2. Treasurer's
    report" over "Tom reported a balance of…"), as minutes and plain-text reports write them:
    short, heading-shaped, not a list item's wrapped first line."""
    return ("\n" not in line and len(line) <= _SECTION_HEAD_CHARS
            and _SECTION_NUMBER.match(line) is not None and _heading_like(line))


def with_column_names(row: str, header: str) -> str:
    """A table row read with its header's column names ("Destination: Oxford; Off-peak
    single: £102.00"), an empty cell left out; the header over the row when their cells do
    not pair up."""
    rest = ""
    if "|" in header:
        names, cells = header.split("|"), row.split("|")
    else:  # a plain-text table's, its columns set apart by spaces; a row may go on below
        first, _, rest = row.partition("\n")
        names, cells = CELL_GAP.split(header.strip()), CELL_GAP.split(first.strip())
        rest = " ".join(rest.split())
    names, cells = [c.strip() for c in names], [c.strip() for c in cells]
    if len(names) != len(cells):
        return f"{header}\n{row}"
    read = "; ".join(f"{n}: {c}" if n else c for n, c in zip(names, cells, strict=True) if c)
    return f"{read}; {rest}" if rest else read


# A sentence ends as one does (after any closing quote, bracket or emphasis), where a line
# that names, labels or addresses ("Whitby YO21 3PD", "Dear Mr Achterberg,") does not.
_PROSE_END = re.compile(r"[.!?…][\"'”’)*_]*\s*$")


def is_prose(text: str) -> bool:
    """Whether a unit ends as a sentence does."""
    return _PROSE_END.search(text) is not None


def is_question(text: str) -> bool:
    """A sentence that asks (an FAQ's question line) does not answer a question; one that
    reports a question in quotation marks ("He asked “Why ...”?") may."""
    return text.rstrip(" \"'”’)*_").endswith("?") and not any(q in text for q in "“\"«")


def is_field(text: str) -> bool:
    """Whether `text` is a "key: value" line ("Date: 3 February 2025", "From: Ana Ruiz")."""
    return _FIELD.match(text) is not None


def is_list_item(text: str) -> bool:
    """Whether `text` starts as a list item does ("- item", "• item", "2. item")."""
    return _LIST_ITEM.match(text) is not None


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial."""
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'“":
        word_start -= 1
    word = text[word_start:dot].lower()
    if word in _ABBREVIATIONS:
        return True
    # A single letter ("J." in "J. Smith", the "S" of "U.S.") is an initial, not an ending.
    last = word.rsplit(".", 1)[-1]
    return len(last) == 1 and last.isalpha()


def sentences_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence offsets inside `text[start:end]`."""
    out, pos = [], start
    speaker = SPEAKER.match(text, start, end)
    bold = [line.span() for line in _EMPHASISED_LINE.finditer(text, start, end)]
    for m in _BOUNDARY.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in bold):
            continue
        stop = m.end()
        nxt = _NEXT_START.match(text, stop, end)
        if stop < end and not nxt:
            continue
        if m.group().startswith(".") and len(m.group().rstrip("\"'”’)]")) == 1 \
                and _is_abbreviation(text, m.start()):
            continue
        words_from = speaker.end() if speaker and pos == start else pos
        if len(_WORD.findall(text, words_from, m.start())) <= 1:
            continue  # "Yes. You can renew it twice.", "4. Simmer it.": one word starts the next
        out.append((pos, stop))
        pos = stop
    out.append((pos, end))
    return [span for a, b in out if (span := _unquoted(text, *_trimmed(text, a, b)))]


def _unquoted(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A sentence without the quoting marks before it; None when nothing but marks and
    punctuation is left (a quoted e-mail's blank line, ">")."""
    if marks := _QUOTE_MARKS.match(text, start, end):
        start = marks.end()
    return (start, end) if _WORD.search(text, start, end) else None


def _heading_like(block: str) -> bool:
    """A plain-text section heading's shape ("Admission prices", "Two systems, one slump"):
    one short line that starts with a capital and ends in a word, neither a byline nor a
    "key: value" line nor a list item, and without digits but a section number before it."""
    numbered = _SECTION_NUMBER.match(block)
    block = block[numbered.end():] if numbered else block
    if numbered and "." in numbered.group():  # "11. Recommendations for 2025" (not a date)
        block = _YEAR.sub("", block).rstrip()
    return ("\n" not in block and len(block.split()) <= _HEADING_WORDS and block[:1].isupper()
            and bool(_OPEN_END.search(block)) and ":" not in block
            and not any(c.isdigit() for c in block)  # "Serves 4", "Open 9 to 5": data
            and block.count("(") == block.count(")") and not _BYLINE.search(block)
            and not _LONE_VALEDICTION.match(block))


def _table_rows(text: str, start: int, end: int, number: int) -> list[Span] | None:
    """A table's rows, each a unit of its own (its cells, without the outer pipes): a question
    about one cell cites its row, not the whole table. The rows over the rule are its header,
    which is no answer; the rules are no text. None when the block is not a table."""
    lines = _line_spans(text, start, end)
    if len(lines) < 2 or not all(TABLE_ROW.match(text[a:b]) for a, b in lines) \
            or not any(TABLE_RULE.match(text[a:b]) for a, b in lines):
        return None
    rule = next(i for i, (a, b) in enumerate(lines) if TABLE_RULE.match(text[a:b]))
    out = []
    for i, (a, b) in enumerate(lines):
        if TABLE_RULE.match(text[a:b]):
            continue
        inner = text[a:b].strip().strip("|")
        if not inner.strip().strip("|").strip():
            continue  # a row of empty cells
        a = text.index(inner, a)
        a, b = _trimmed(text, a, a + len(inner))
        out.append(Span(a, b, number, "heading" if i < rule else "body"))
    return out


# A plain-text table (a report's, an invoice's, a syllabus's) sets its columns apart by two or
# more spaces, or tabs, and lines them up under its header's: "Component   Weight   Deadline"
# over "Essay (2,000 words)   60%   Fri 10 Jan 2025, 12 noon". Read as sentences, its rows ran
# together, broken where a cell ends with "?".
CELL_GAP = re.compile(r"\t+| {2,}")
_HEADER_CELL_WORDS = 4
_SENTENCE_END = re.compile(r"\w\w[.!?][\"'”’)]*$")
_TABLE_ROWS = 2  # rows under a header before the lines read as a table; one more without


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of the line `text[start:end]`: its runs of text between wide gaps."""
    out, pos = [], start
    for gap in CELL_GAP.finditer(text, start, end):
        if gap.start() > pos:
            out.append((pos, gap.start()))
        pos = gap.end()
    if pos < end:
        out.append((pos, end))
    return out


def _column(text: str, offset: int) -> int:
    return offset - text.rfind("\n", 0, offset) - 1


def _lined_up(text: str, cells: list[tuple[int, int]], under: list[tuple[int, int]]) -> bool:
    """Whether a row's cells stand under another line's, one each (a number may be aligned
    right, under the end of its column's name): each overlaps no neighbour's column."""
    if len(cells) != len(under):
        return False
    cols = [(_column(text, a), _column(text, a) + b - a) for a, b in under]
    for j, (a, b) in enumerate(cells):
        left = cols[j - 1][1] if j else -1
        right = cols[j + 1][0] if j + 1 < len(cols) else 1 << 30
        column = _column(text, a)
        if not (column + b - a > left and column < right):
            return False
    return True


def _header_row(text: str, cells: list[tuple[int, int]]) -> bool:
    """Whether a line's cells name columns: two or more short names, no figures, no sentence."""
    return len(cells) >= 2 and all(
        len(text[a:b].split()) <= _HEADER_CELL_WORDS and any(c.isalpha() for c in text[a:b])
        and not any(c.isdigit() for c in text[a:b])
        and not text[a:b].endswith((".", "!", "?", ":", ",", ";")) for a, b in cells)


def _aligned_table(text: str, start: int, end: int, header: tuple[int, int] | None = None
                   ) -> tuple[tuple[int, int] | None, list[tuple[int, int]]] | None:
    """A block's plain-text table as (its header line, its rows), else None. The header is
    the block's first line, or `header` (a line of its own over a rule, as such tables draw
    them) when the block's lines stand under it. A row may go on onto a line indented under
    its first cell's column. Without a header, three or more lines lined up are rows."""
    lines = [_trimmed(text, a, b) for a, b in _line_spans(text, start, end)]
    lines = [(a, b) for a, b in lines if a < b]
    if header is None and lines and _header_row(text, _cells(text, *lines[0])):
        header, lines = lines[0], lines[1:]
    under = _cells(text, *header) if header is not None else \
        _cells(text, *lines[0]) if lines else []
    if len(under) < 2:
        return None
    rows: list[tuple[int, int]] = []
    for a, b in lines:
        cells = _cells(text, a, b)
        if any(_SENTENCE_END.search(text[c:d]) for c, d in cells[:-1]):
            return None  # prose, with two spaces after its sentences
        if _lined_up(text, cells, under):
            rows.append((a, b))
        elif rows and len(cells) == 1 and _column(text, a) > _column(text, rows[-1][0]):
            rows[-1] = (rows[-1][0], b)  # the row goes on
        else:
            return None
    return (header, rows) if len(rows) >= _TABLE_ROWS + (header is None) else None


def _is_title(first: str, blocks: int) -> bool:
    return (blocks > 1 and "\n" not in first and len(first) <= 200
            and not first.rstrip("\"'”’)").endswith("."))


# An e-mail's header lines: the first line is "From: …", not its title.
_HEADER_FIELD = re.compile(r"^(?:From|To|Cc|Date|Sent|Subject):[ \t]", re.I)


def opens_message(lines: list[str]) -> bool:
    """Whether a document's first lines are an e-mail's header: "From: …", then another
    field ("To: …", "Date: …")."""
    return len(lines) > 1 and lines[0][:5].lower() == "from:" \
        and _HEADER_FIELD.match(lines[0]) is not None \
        and any(_HEADER_FIELD.match(line) for line in lines[1:])


def _message_subject(text: str, blocks: list[tuple[int, int]]) -> int | None:
    """The block that is an e-mail's title: the subject line of the header it opens with
    ("From: …", "To: …", "Subject: Private hire enquiry"); None for any other document."""
    for number, (start, end) in enumerate(blocks[:6]):
        block = text[start:end]
        if not _HEADER_FIELD.match(block):
            return None
        if _SUBJECT.match(block):
            return number if number > 0 and len(blocks) > number + 1 else None
    return None


def split(text: str) -> list[Span]:
    """All sentences of a document, in order, with paragraph numbers and kinds.

    The first block is the title when it is one short line without a closing period and
    more text follows; markdown headings are headings, and so is a heading-like line between
    two blocks that are not (a run of short lines is a list, not headings). Neither is
    evidence for an answer, nor is a reply's quote of what the document says unquoted.
    """
    spans: list[Span] = []
    # What the document says unquoted, single-spaced: made only when it quotes at all.
    said = _collapsed("\n".join(line for line in text.split("\n")
                                if not _QUOTED_LINE.match(line))) \
        if _QUOTED_LINE.search(text) else ""
    blocks = paragraphs(text)
    shaped = [_heading_like(text[a:b]) for a, b in blocks]
    if blocks and _is_title(text[blocks[0][0]:blocks[0][1]], len(blocks)):
        shaped[0] = False  # a heading may follow the title
    titled = _message_subject(text, blocks)
    tables = _aligned_tables(text, blocks)
    for number, (start, end) in enumerate(blocks):
        if number in tables:
            header, lines = tables[number]
            if header is not None:  # no answer, as a markdown table's header is not
                spans.append(Span(*header, number, "heading"))
            spans.extend(Span(a, b, number) for a, b in lines)
            continue
        if number + 1 in tables and tables[number + 1][0] == (start, end):
            continue  # the header line over a rule: given with its rows
        block = text[start:end]
        kind: Kind = "body"
        _, _, under = block.partition("\n")  # a heading over its entry's date is text
        marked = block.startswith("#") and not (block.startswith("##")
                                                 and _FULL_DATE.search(block)) \
            and not (under and _ENTRY_DATE.match(under))
        between = shaped[number] and 0 < number < len(blocks) - 1 and not shaped[number - 1] \
            and not shaped[number + 1]
        if number == titled or (titled is None and number == 0 and _is_title(block, len(blocks))
                                and not block.startswith("##")):
            kind = "title"  # a markdown document's "# Title" too
        elif marked or between or _SUBJECT.match(block):
            kind = "heading"
        if kind != "body":
            spans.append(Span(start, end, number, kind))
            continue
        if (rows := _table_rows(text, start, end, number)) is not None:
            spans.extend(rows)
            continue
        for a, b in sentences_in(text, start, end):
            quote = _quoted(text, a, b) and _said_unquoted(text[a:b], said)
            spans.append(Span(a, b, number, "quote" if quote else "body"))
    return spans


def _aligned_tables(text: str, blocks: list[tuple[int, int]]
                    ) -> dict[int, tuple[tuple[int, int] | None, list[tuple[int, int]]]]:
    """The blocks that are plain-text tables (`_aligned_table`), by number: a one-line block
    of column names over a rule is the header of the table in the next block."""
    out = {}
    for number, (start, end) in enumerate(blocks):
        if CELL_GAP.search(text, start, end) is None:
            continue
        previous = blocks[number - 1] if number else None
        above = previous if previous is not None and "\n" not in text[slice(*previous)] \
            and _header_row(text, _cells(text, *previous)) else None
        found = (_aligned_table(text, start, end, above) if above is not None else None) \
            or _aligned_table(text, start, end)
        if found is not None:
            out[number] = found
    return out


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether every line a sentence is on is quoted ("> …")."""
    first = text.rfind("\n", 0, start) + 1
    return all(_QUOTED_LINE.match(line) for line in text[first:end].split("\n"))


def _collapsed(text: str) -> str:
    """Text without quoting marks, single-spaced (a quote re-wraps what it quotes)."""
    return " ".join(_QUOTE_MARKS.sub(" ", text).split())


def _said_unquoted(sentence: str, said: str) -> bool:
    """Whether a quoted sentence of a few words or more ("Marcus" is any Marcus) is in what
    the document says unquoted (`said`): a reply quotes what an earlier message says."""
    quote = _collapsed(sentence)
    return quote.count(" ") >= _QUOTE_WORDS - 1 and quote in said


def is_byline(text: str) -> bool:
    """Whether a line names who wrote a piece with "By", "Reviewed by", "Written by" … ."""
    return _BYLINE.search(text) is not None


# Words that name a publication, an organisation, a place or a thing, not a person: "Leddon
# Valley Courier" over a date line is a masthead, not a byline.
_NOT_PERSON = re.compile(
    r"\b(?:The|A|An|This|Our|My|Your|Its|Their|By|News|Times|Post|Courier|Gazette|Herald|Journal|"
    r"Chronicle|Mail|Press|Echo|Mercury|Observer|Telegraph|Express|Review|Weekly|Daily|Monthly|"
    r"Magazine|Edition|Issue|Bulletin|Newsletter|Report|Update|Council|Society|Trust|Club|"
    r"Association|Group|Team|Office|Ltd|Limited|Inc|plc|Company|Services?|Centre|Center|"
    r"Project|Programme|Program|Fund|Foundation|Network|Initiative|Campaign|Partnership|"
    r"Scheme|Committee|Board|Department|Agency|Authority|"
    r"School|College|University|Church|Valley|Town|City|County|Borough|Parish|Village|"
    r"Street|Road|Park|Hall|House|Online|Digital|Media|Radio|TV|Podcast|Blog|Staff|Desk)\b")


def is_name(text: str) -> bool:
    """Whether a line is a person's full name alone ("Leontyne Abara", "Dr Ana Ruiz"): a
    byline without its "By", where a page marks it as one or a date line is under it."""
    return re.fullmatch(rf"\s*{_EMPHASIS}{_FULL_NAME}{_EMPHASIS}\s*", text) is not None \
        and _NOT_PERSON.search(text) is None


def names_over_date(text: str) -> bool:
    """Whether a paragraph is a full name alone on its line over the date line: "Rosalind
    Achterberg" then "Friday 19 April 2024", a column's byline without its "By"."""
    name, _, date = text.strip().partition("\n")
    return bool(date) and is_name(name) and is_date_line(date)


def is_author_note(sentences: list[str], closing: bool) -> bool:
    """Whether a paragraph is a byline ("By Jane Doe", opening or closing) or a closing note
    on who wrote the piece."""
    if not sentences or len(sentences) > 3 or sum(map(len, sentences)) > 500:
        return False
    text = " ".join(sentences)
    return bool(_BYLINE.search(text) or _NAME_LINE.search(text) or _AUTHORS_LINE.match(text)
                or _POSTED_BY.match(text) or (not closing and names_over_date(text)) or (
        closing and (_AUTHOR_NOTE.search(text) or _SIGN_OFF.search(text)
                     or _SIGNATURE.search(text))))


def introduces_writer(sentence: str) -> bool:
    """Whether a sentence is the writer introducing themselves ("I'm Priya Shah, and I teach
    chemistry"), not someone quoted doing so."""
    return bool(_INTRODUCTION.search(sentence)) and not _SAID.search(sentence)


def introduction(sentences: list[str]) -> list[int]:
    """Which of a paragraph's sentences introduce its writer: the first that does, and the
    next when it goes on about them ("By day I teach chemistry at ..."); empty when none."""
    for i, text in enumerate(sentences):
        if introduces_writer(text):
            after = [i + 1] if i + 1 < len(sentences) and \
                _FIRST_PERSON.search(sentences[i + 1]) else []
            return [i, *after]
    return []


def is_valediction(sentences: list[str]) -> bool:
    """Whether a paragraph is only a letter's closing phrase ("Yours sincerely,")."""
    return len(sentences) == 1 and _LONE_VALEDICTION.match(sentences[0]) is not None


def names_in_full(byline: str) -> bool:
    """Whether a byline names its writer in full ("Words by Miriam Oakes", "By Dr Ana Ruiz"),
    not only with a word that may be none ("By Tuesday, the …")."""
    return re.match(rf"\s*{_EMPHASIS}(?:[A-Z][a-z]+\s+)?[Bb]y:?\s+{_FULL_NAME}", byline) \
        is not None


def opens_with_writer(sentence: str, bylines: list[str]) -> bool:
    """Whether a sentence opens with the full name of the writer its document's byline names,
    and says what they do ("Ellen Marsh bakes in a tiny kitchen in Leeds …" under "Posted …
    by Ellen Marsh"; not their reply to a comment, "Ellen Marsh — 9 March"): at the end of
    the text, a note on them."""
    named = re.match(rf"\s*{_EMPHASIS}({_FULL_NAME})[ \t]+[a-z]", sentence)  # then a verb
    return named is not None and any(named[1] in byline for byline in bylines)


def author_note(sentences: list[str], closing: bool) -> list[int]:
    """Which of a paragraph's sentences name the writer, when the paragraph is a byline or a
    note on the writer; empty when it is neither."""
    if not is_author_note(sentences, closing):
        return []
    return [i for i, text in enumerate(sentences)
            if _PERSON.search(text) or _AUTHORS_LINE.match(text)]
