"""Reading a question: the kind of answer it wants, what it names, and whether the sources
know the words it uses. Nothing here looks at candidate sentences but the answer patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from index import STOPWORDS, LexicalIndex, plain, tokens


class _Rare:
    """A large pattern only some questions can match, compiled when one first does: the
    writer's and the date's take tens of milliseconds each to compile, a good part of a cold
    `assistant ask`. `needs` is what every match holds. Two threads may both compile it: equal
    patterns, no harm."""

    def __init__(self, pattern: str, needs: str) -> None:
        self._pattern = pattern
        self._needs = re.compile(needs, re.I)

    @cached_property
    def _compiled(self) -> re.Pattern[str]:
        return re.compile(self._pattern, re.I)

    def search(self, text: str) -> re.Match[str] | None:
        return self._compiled.search(text) if self._needs.search(text) else None


# Words about the asking, not the subject: absent from an article without making the
# question unanswerable.
_META = frozenset(tokens("author article writer text passage say says said mention mentioned "
                         "according think believe happen kind type describe explain reason "
                         "mean called name main"))

_YEAR_DIGITS = r"(1[0-9]{3}|20[0-9]{2})"
_MONTHS = ("january|february|march|april|june|july|august|september|october|november|"
           "december")
DATE = re.compile(
    rf"\b{_YEAR_DIGITS}s?\b|\b({_MONTHS})\b|\bmay\s+\d|"
    r"\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+\d|\bcentur(y|ies)\b|"
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(spring|summer|autumn|winter|noon|midnight|daily|every day|morning|evening|tonight|"
    r"today|tomorrow|yesterday|weekly|annually|decades?|years? (ago|later|before|after))\b|"
    r"\b\d{1,2}(:\d{2})?\s*[ap]\.?m\b\.?|\b\d{1,2}:\d{2}\b|"
    r"\b(during|while|until|after|before|since|as soon as)\b", re.I)  # "during the war"
NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                    r"twenty|thirty|forty|fifty|hundred|thousand|million|billion|percent|"
                    r"dozen|half|several|few)\b", re.I)
# An amount of money: what "how much does it cost?" asks for, where NUMBER would take a part
# number ("DW-F20") for a price.
_CURRENCY = (r"pounds?|pence|dollars?|cents?|euros?|yen|yuan|rupees?|francs?|kron[aeor]r?|"
             r"kronor|zloty|forint|lira|rand|pesos?|r[ou]?ubles?|dirhams?|riyals?|baht|shekels?|"
             r"naira|ringgit|dinars?|usd|gbp|eur|chf|sek|nok|dkk")
MONEY = re.compile(rf"[£$€¥₹]|\b\d[\d,.]*\s*p\b(?!\.)|\b\d[\d,.]*(?:bn|m|k)\b|"
                   rf"\b(?:{_CURRENCY}|million|billion|thousand)\b|\bfree\b|"
                   r"\bno\s+(?:charge|cost)\b|"
                   # "412 a year", "18.50 per head": a price without its currency
                   r"\b\d[\d,.]*\s+(?:a|an|per)\s+(?:person|head|night|day|week|month|year|"
                   r"hour|visit|ticket)\b", re.I)
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
PLACE = re.compile(r"\b(in|at|from|near|outside|inside|within|beneath|below|above|along|across|"
                   r"throughout|off|into|between)\s+(the\s+|a\s+|an\s+)?[A-Z]|"
                   r"\b(in|at|within|beneath|along|across|near|on)\s+the\s+\w+")  # "at the edge"
# Endings that make a noun of a word the sources may use in another form: "relationship"
# is asked where the article says "relations".
_DERIVED = ("ship", "hood", "ness", "ment", "ity", "ation", "ition", "ion", "al")
# A multi-word proper name in a question ("Secretary of State"), not at its start.
_PROPER_NAME = re.compile(r"(?<!^)(?<!\w)[A-Z][\w'’-]*(?:\s+(?:of|the|and|de|for)?\s*[A-Z][\w'’-]*)+")

# A title before a name is not part of it: "Acme President Jane Doe", "Ms Smith".
_TITLE = re.compile(r"^.*\b(?:President|Minister|Secretary|Senator|Governor|King|Queen|Emperor|"
                    r"Pope|Saint|St|Sir|Lord|Lady|General|Admiral|Captain|Chancellor|Mayor|"
                    r"Dr|Mr|Mrs|Ms|Professor|Prof)\.?\s+(?=[A-Z])")

# "Which town did the army not reach?" is answered only by a sentence that denies, excludes
# or contrasts something; the sentence about the towns it reached does not answer it.
_NEGATED = re.compile(r"\b(not|never|no longer|none|nothing|neither|nor)\b|n't\b", re.I)
# ...but "Why didn't the volunteers want a metal shed?" asks for a reason, which need deny
# nothing ("the old metal shed was freezing in winter").
_ASKS_REASON = re.compile(r"^\s*(?:why|how come)\b|\bwhat\s+(?:is|was|were)\s+the\s+reasons?\b",
                          re.I)
# Asks for a reason or a cause, anywhere in the question ("so why stop now?", "what set off the
# strike?", "what made her pack in her job?"): the sentence that says what happened may leave
# the why to the one beside it.
ASKS_WHY = re.compile(r"\b(?:why|how\s+come)\b|\breasons?\s+(?:for|why|behind)\b|"
                      r"\bwhat\s+(?:is|was|were)\s+the\s+reasons?\b|"
                      r"\bwhat\s+(?:caused|led\s+to|set\s+off|prompted|triggered|sparked|made|"
                      r"delayed|held\s+up|drove|inspired|persuaded|convinced|motivated|pushed|"
                      r"brought)\b(?!\s+(?:up|of|from|out|in)\b)", re.I)
DENIES = re.compile(r"\b(not|never|no|no one|nobody|nowhere|none|nothing|neither|nor|without|"
                    r"cannot|unable|except|"
                    r"instead|rather|unlike|refus\w*|den(y|ied|ies)|lack\w*|fail\w*|"
                    r"other than|outside|prevent\w*|avoid\w*|only|apart from|besides|"
                    r"exclud\w*)\b|n't\b", re.I)

# A year the question names ("Who won the race in 1987?") must be in the passage cited:
# a sentence about the 1989 race does not answer it, and a reader could not check it.
_YEAR = re.compile(rf"\b{_YEAR_DIGITS}\b")
# "the 1960s" (a decade), "the 1300s" (a century): any year within it, or the same words.
_DECADE = re.compile(r"\b(1[0-9]{2}|20[0-9])0s\b")

# So is any other number it names ("the 22nd most liveable city", "an area of 74 ha"): the
# sentence about the 32nd or 76 ha does not answer it. A number is its digits ("38,000",
# "7.30" and "7:30" alike), an ordinal's ("22nd"), or a number word the passage spells out.
_NUMERAL = re.compile(r"(?<![\w.,:])\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?(?![\d.,:]\d)")
_ORDINAL_END = re.compile(r"(?:st|nd|rd|th)$")
_AFTER_YEAR = re.compile(rf"{_YEAR_DIGITS}[-–/]$")  # "2008-09": the season, not 9
# "Super Bowl 50", "Apollo 13", "Python 3.9": a name, which the sentence that answers may
# call "the game" or "the mission".
_IN_NAME = re.compile(r"\b[A-Z][\w-]*[\s-]$")
# "the 14th century" is often answered with a year in it ("in 1349"): not held back.
_CENTURY = re.compile(r"[\s-]+centur", re.I)
# "my 40 m² living room", "I'm travelling on 10 February": after the reader speaks of
# themselves, a number is theirs, which the passage answers with its limit or range ("rooms
# of up to 45 square metres", "between 5 January and 27 February"), not by naming it.
_OWN = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|we|we're|we've|us|our)\b[^.?!]*$", re.I)
_CARDINALS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
              "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
              "seventeen", "eighteen", "nineteen", "twenty")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth")
_TENS = ("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SPELLED = {**{w: str(n) for n, w in enumerate(_CARDINALS)},
            **{w: str(n) for n, w in enumerate(_ORDINALS, 1)},
            **{w: str(10 * n) for n, w in enumerate(_TENS, 3)},
            "hundred": "100", "thousand": "1000", "dozen": "12"}
_NUMBER_WORD = re.compile(rf"\b({'|'.join(_SPELLED)})\b", re.I)
# Days and times a passage names in words or on the other clock ("Christmas Eve", "half past
# seven", "noon", "7.30 pm" and "19:30"): the numbers a question may write them with ("24
# December", "7:30", "12:00", "19:30" and "7.30pm").
_DAYS = {"new year's day": "1", "valentine's day": "14", "st patrick's day": "17",
         "st. patrick's day": "17", "halloween": "31", "bonfire night": "5",
         "christmas eve": "24", "christmas day": "25", "boxing day": "26",
         "new year's eve": "31", "hogmanay": "31"}
_DAY_NAME = re.compile("|".join(rf"\b{re.escape(d)}(?!\w)".replace("'", "['’]") for d in _DAYS),
                       re.I)
_NOON = {"noon": ("12",), "midday": ("12",), "midnight": ("12", "0", "24")}
_NOON_WORD = re.compile(r"\b(noon|midday|midnight)\b", re.I)
_MINUTES = {"five": 5, "ten": 10, "quarter": 15, "twenty": 20, "twenty-five": 25, "half": 30}
_CLOCK = re.compile(rf"\b(twenty-five|five|ten|quarter|twenty|half)\s+(past|to)\s+"
                    rf"({'|'.join(_CARDINALS[1:13])}|1[0-2]|[1-9])\b", re.I)
_PM = re.compile(r"(?<![\w.,:])(1[0-1]|[1-9])(?:[.:]([0-5]\d))?\s*p\.?m\b", re.I)
_AFTERNOON = re.compile(r"(?<![\w.,:])(1[3-9]|2[0-3])[.:]([0-5]\d)\b")

# "Who wrote this article?", "What is the author's job?": asked of the byline or the note on
# the writer, not of what the article says ("What does the author think of ...?").
_PIECE = r"(?:article|piece|essay|op-?ed|column|commentary|editorial|page)"
_WRITER = r"(?:author|writer|columnist)"
# What a reader may call the document or its writer when asking who wrote it or what it
# covers: "Whose report is this?", "Who's the journalist behind this profile?".
_DOCUMENT = rf"(?:{_PIECE}|story|text|document|post|guide|report|review|profile|faq|recipe|" \
    rf"blog|feature|explainer|leaflet|op-?ed)"
_BYLINED = rf"(?:{_WRITER}|journalist|reporter|correspondent|blogger|critic|reviewer|essayist)"
_THIS_DOCUMENT = rf"(?:this|the)\s+(?:[\w'’-]+\s+){{0,2}}{_DOCUMENT}"
# Up to three words may describe it ("this opinion piece", "the zone D parking letter"), but
# neither place it ("the letter in the article" is not the piece) nor name another thing
# ("the reporter behind this story").
_DESCRIBED = (r"(?:(?!(?:in|of|on|about|from|by|for|to|at|with|behind|the|this|that|a|an)\b)"
              r"[\w'’-]+\s+){0,3}")
# "the letter", "the report", "the story" may be the document, or one it speaks of ("Who
# wrote the report?" of a news story about a report, "the story" of a novel's review):
# `the_kind` names the kind, and the document must not speak of another
# (`Pipeline.piece_rows`). "this guide", "this" and "the article" are the one asked of.
_KIND_NAMED = (r"letter|report|review|study|guide|notice|memo|e-?mail|message|statement|"
               r"announcement|update|document|note|briefing|leaflet|flyer|faq|recipe|profile|"
               r"feature|explainer|interview|transcript|summary|story|newsletter|bulletin|"
               r"recall|obituary|menu|syllabus|programme|agenda|itinerary|invoice|manual|"
               r"handbook|brochure|paper")
# The document a writer question names; "the blog post" too, though "post" is no kind
# `the_kind` names (a document speaking of "the post box" would speak of another post).
_THE_DOCUMENT = (rf"(?:this\s+{_DESCRIBED}(?:{_DOCUMENT}|{_KIND_NAMED})|the\s+{_DESCRIBED}{_PIECE}|"
                 rf"the\s+{_DESCRIBED}(?:{_KIND_NAMED}|post))")
# Who wrote "that Courier piece": the piece (when "that earlier letter" was sent, one it
# speaks of).
_THAT_DOCUMENT = rf"that\s+{_DESCRIBED}(?:{_DOCUMENT}|{_KIND_NAMED})"
# "the piece about the night buses", "this profile of Ines Kavaler", "the column complaining
# about the bus cuts", "the bus column, the one saying ...": what it is about, to the end of
# the question.
_ON = (r"(?:\s+(?:about|on|of|against|for|[a-z]+ing)\s+[^?]+|"
       r",\s+(?:the\s+one|which|that)\s+[^?]+)?")
# The writer as the subject of a question: "the author", "the writer of this op-ed", "the
# article's author", "the person who wrote this guide".
_THE_WRITER = (rf"(?:(?:the|this|its)\s+{_BYLINED}(?:\s+of\s+{_THE_DOCUMENT})?|"
               rf"the\s+{_PIECE}['’]s\s+{_BYLINED}|the\s+person\s+who\s+wrote\s+(?:this|it|"
               rf"{_THE_DOCUMENT}))")
_WROTE = (r"(?:wrote|writes|has\s+written|authored|penned|prepared|compiled|produced|reported|"
          r"filed|signed|sent(?:\s+out)?|issued|posted|put\s+(?:together|out)|"
          r"(?:is|was|['’]s)\s+behind)")
# Where the question starts, or after a lead-in ("Could you tell me who penned this?"): in
# "How old is the volunteer who wrote this?" the writer is the subject, not what is asked.
_ASKING = (r"^\s*(?:(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?tell\s+me\s+|"
           r"do\s+you\s+know\s+|i\s+(?:want|need|would\s+like)\s+to\s+know\s+|"
           r"(?:and|so|but|also|ok(?:ay)?)[,\s]+)?")
# "who reviewed the tin orchard": the writer of a review (`Pipeline.piece_rows` asks that the
# document be one), not who reviewed a planning application.
WHO_REVIEWED = re.compile(r"\bwho\s+reviewed\b", re.I)
# "who sent the spring term letter and when": the date line is cited with the byline.
AND_WHEN = re.compile(r",?\s+and\s+when\b", re.I)
_AND_WHEN = (rf"(?:{AND_WHEN.pattern}(?:\s+(?:was\s+it\s+\w+|did\s+\w+\s+\w+\s+it|"
             rf"did\s+it\s+(?:come\s+out|appear|go\s+(?:up|out|online))))?)?")
# Who wrote it: the byline or the note on the writer answers ("Who wrote this?", "Who's the
# blogger?", "Could you tell me who penned this opinion article?").
_WHO_WROTE = (
    rf"{_ASKING}who(?:['’]s|\s+is|\s+was)\s+(?:the|this|its)\s+{_BYLINED}"
    rf"(?:\s+(?:of|behind)\s+(?:{_THE_DOCUMENT}{_ON}|this|it))?(?:\s+here)?\s*\??$|"
    rf"{_ASKING}whose\s+(?:[\w-]+\s+)?{_DOCUMENT}\s+is\s+(?:this|it)\s*\??$|"
    rf"{_ASKING}(?:who|which\s+{_BYLINED})\s+{_WROTE}\s+(?:(?:{_THE_DOCUMENT}|{_THAT_DOCUMENT}){_ON}|"
    rf"this|it){_AND_WHEN}\s*\??$|"
    rf"{_ASKING}who(?:['’]s|\s+is|\s+was)\s+behind\s+(?:{_THE_DOCUMENT}{_ON}|this|it)\s*\??$|"
    # "who's the letter about the windows from", "who is this email from?"
    rf"{_ASKING}who(?:['’]s|\s+is|\s+was)\s+(?:(?:{_THE_DOCUMENT}|{_THAT_DOCUMENT}){_ON}|this|it)"
    rf"\s+from\s*\??$|"
    rf"{_ASKING}who\s+put\s+(?:{_THE_DOCUMENT}|this|it)\s+together\b|"
    rf"{_ASKING}who\s+wrote\s+up\s+(?:the|this|that)\s+[^?]+\??$|"  # the match, the meeting
    rf"{_ASKING}who\s+reviewed\s+(?:the\s+|that\s+)?[^?]+?{_AND_WHEN}\s*\??$|"  # the film, the stove
    rf"{_ASKING}who(?:['’]s|\s+is)\s+(?:this|the)\s+(?:{_DOCUMENT}\s+)?(?:written|authored|reported|"
    rf"prepared|compiled)\s+by\b|"
    rf"{_ASKING}who(?:['’]s|\s+is)\s+{_THE_DOCUMENT}\s+by\s*\??$|"
    rf"{_ASKING}who\s+is\s+responsible\s+for\s+(?:writing|preparing|compiling)\s+(?:this|it|"
    rf"{_THE_DOCUMENT})\b|"
    rf"\bbyline\b|"
    rf"\b{_PIECE}\b.*\b(?:written|authored)\s+by\s*(?:whom)?\s*\??$|"
    rf"\bby\s+whom\b.*\b{_PIECE}\b|"
    r"\bwhose\s+(?:views|opinions)\b")
# What a byline or a note on the writer says besides the name: their job and who they work
# or write for ("What is the author's job?", "Which paper does the reporter write for?",
# "Which organisation employs the writer of this op-ed?"). Not where they live or since
# when: a byline seldom says, and the article may say it elsewhere.
_THEIR_JOB = (
    rf"\b{_BYLINED}(?:'s|’s)\s+(?:name|job|position|title|affiliation|role|profession|"
    rf"occupation|employer|background|institution|organi[sz]ation|workplace|publication|"
    rf"newspaper|paper|magazine|company)\b|"
    rf"\b(?:name|job(?:\s+title)?|position|role|occupation|profession|employer)\s+of\s+"
    rf"{_THE_WRITER}\s*\??$|"
    rf"\bwhere\s+(?:does|did)\s+{_THE_WRITER}\s+work\b|"
    rf"\bwhat\s+(?:does|did)\s+{_THE_WRITER}\s+do(?:\s+for\s+(?:a\s+living|work))?\s*\??$|"
    rf"\b(?:who|whom|(?:what|which)\s+[\w-]+)\s+(?:does|did|do)\s+{_THE_WRITER}\s+"
    rf"(?:work|write|report)\s+for\s*\??$|"
    rf"\b(?:what|which)\s+[\w-]+\s+employs\s+{_THE_WRITER}\s*\??$|"
    rf"\bwhat\s+(?:job|position|role|title)\s+does\s+{_THE_WRITER}\s+(?:hold|have|do)\b")
ABOUT_WRITER = _Rare(rf"{_WHO_WROTE}|{_THEIR_JOB}",
                     rf"\b(?:who|whom|whose|byline|wrote|written|authored|{_BYLINED})")

# "What is the article about?" is answered by its title and lead, "Summarize the article" by
# its lead and conclusion, "What does the author conclude?" by its conclusion. Only when the
# question speaks of the piece or its writer: "What was the conclusion of the study?" asks
# about the study.
_OF_PIECE = rf"(?:the|this|its)\s+{_DESCRIBED}(?:{_PIECE}|{_WRITER})(?:['’]s)?"
# What a topic or summary question may call the piece: "What is the story about?" asks of the
# whole text, where "Who wrote the story?" may ask of a novel a review is about.
_WHOLE = rf"(?:{_PIECE}|story|text|document|post)"
# "What is the recall notice about?", "the glacier interview", "the bike chain guide": among
# several documents, a reader names one by its kind and a word or two of its subject.
_KIND_OF_DOCUMENT = (r"(?:article|piece|essay|column|post|story|document|guide|report|notice|"
                     r"letter|interview|transcript|newsletter|e-?mail|message|review|recipe|faq|"
                     r"profile|announcement|memo|minutes|thread)")
# "What's this article basically about?"
_MAINLY = r"(?:(?:mainly|mostly|basically|actually|really|generally)\s+)?"
ASKS_TOPIC = re.compile(
    rf"\bwhat(?:['’]s|\s+is|\s+was)\s+(?:the|this)\s+(?:(?!(?:in|of|on|about|from|by|for|to|"
    rf"at|with)\b)[\w-]+\s+){{0,2}}{_KIND_OF_DOCUMENT}\s+{_MAINLY}about\s*\??$|"
    # "what's that long read about the stargazing village actually about?"
    rf"\bwhat(?:['’]s|\s+is|\s+was)\s+(?:the|this|that)\s+(?:[\w-]+\s+){{0,2}}"
    rf"(?:{_KIND_OF_DOCUMENT}|read)\s+(?:about|on)\s+[^?]+?\s+{_MAINLY}about\s*\??$|"
    rf"\bwhat\s+is\s+(?:this|the)\s+{_DOCUMENT}\s+(?:for|reporting(?:\s+on)?)\s*\??$|"
    # Not "what's the story about the keeper's wife?": what is known of her.
    rf"\bwhat(?:['’]s|\s+is|\s+was)\s+(?:the|this)\s+{_WHOLE}\s+{_MAINLY}about\b"
    rf"(?!\s+(?:the|a|an|his|her|their|its|that|those|these|my|our|your)\b)|"
    rf"\b(?:topic|subject)\s+of\s+(?:{_OF_PIECE}|(?:the|this)\s+{_WHOLE}\b)", re.I)
ASKS_SUMMARY = re.compile(
    rf"\b(?:summary|gist|overview)\s+of\s+(?:{_OF_PIECE}|(?:the|this)\s+{_WHOLE}\b)|"
    rf"^\s*(?:please\s+)?(?:summari[sz]e|sum\s+up)\b|"
    # "What's the gist?", "Sum up what this article covers", "What does this guide cover?"
    rf"\bgist\b(?!\s+of\b)|\bsum\s+up\s+(?:what\s+)?{_THIS_DOCUMENT}\b|"
    rf"\bwhat\s+(?:does|did)\s+{_THIS_DOCUMENT}\s+cover\b", re.I)
ASKS_CLOSE = re.compile(
    rf"\b(?:main|central|key|overall)\s+(?:argument|point|idea|message|claim|thesis)\s+of\s+"
    rf"{_OF_PIECE}|{_OF_PIECE}\s+(?:main|central|key|overall)\s+(?:argument|point|idea|message|"
    rf"claim|thesis)|\b(?:conclusion|takeaway|thesis)\s+of\s+{_OF_PIECE}|"
    rf"{_OF_PIECE}\s+(?:conclusion|takeaway|thesis)\b|"
    rf"\bwhat\s+does\s+(?:the|this)\s+(?:{_PIECE}|{_WRITER})\s+conclude\b|"
    rf"\bhow\s+does\s+(?:the|this)\s+{_PIECE}\s+(?:end|close|conclude)\b|"
    rf"\bin\s+(?:the|its)\s+(?:{_WRITER}['’]s\s+)?conclusion\b", re.I)


# When the piece was written: "When was this article published?", "What's the date on the
# newsletter?", "How old is this review?", "When did the council put this out?"; asked of the
# line that dates it, not of a date it mentions ("When was the bridge opened?").
# "the letter", "the report", "the review" may be the document, or one it speaks of: `the_kind`.
_DATED = (rf"(?:{_THE_DOCUMENT}|this\s+{_DESCRIBED}(?:{_KIND_NAMED}|newsletter|minutes|bulletin|"
          r"(?:press\s+)?release|entry|edition|issue)|"
          rf"the\s+{_DESCRIBED}(?:post|blog|newsletter|minutes|press\s+release|bulletin)|"
          r"(?:issue|edition|no\.?)\s+\d+|these\s+minutes|this)")
_THE_KIND = re.compile(rf"\bthe\s+{_DESCRIBED}({_KIND_NAMED})\b", re.I)
# The piece named as itself: "this", "the article" ("the article about the report").
_ITSELF = re.compile(rf"\bthis\b|\bthe\s+{_DESCRIBED}{_PIECE}\b", re.I)
_PUBLISHED = (r"(?:(?:first\s+|originally\s+|last\s+)?(?:published|written|posted|released|issued|"
              r"dated|sent(?:\s+out)?|updated|printed|uploaded|put\s+(?:out|up|online)|run)|out)")
_PUBLISH = r"(?:publish|write|post|release|issue|send(?:\s+out)?|put\s+out|put\s+up|print|run)"
# What may follow the document's name: "the article about the bridge", "the letter from the
# agent".
_OF = r"(?:\s+(?:about|on|of|from|by|in)\s+[^?]+?)?"
ASKS_DATE = _Rare(
    rf"\bwhen\s+(?:was|were|is)\s+{_DATED}(?:\s+[\w'’&-]+){{0,6}}?\s+{_PUBLISHED}\b|"
    rf"\bwhen\s+did\s+{_DATED}{_OF}\s+(?:come\s+out|appear|go\s+(?:up|out|online)|get\s+"
    rf"(?:published|posted|sent|written))\b|"
    rf"\b(?:when|(?:what|which)\s+(?:date|day))\s+did\s+(?:[\w'’-]+\s+){{1,4}}?"
    rf"(?:{_PUBLISH}\s+{_DATED}|put\s+{_DATED}\s+(?:out|up|online)){_OF}\s*\??$|"
    rf"\bwhen\s+is\s+{_DATED}{_OF}\s+from\b|"
    # Asked indirectly: "could you tell me what date the summary on school start times was
    # written?", "on what day this news piece was published?".
    rf"\b(?:when|(?:what|which)\s+(?:date|day))\s+{_DATED}{_OF}\s+(?:was|were|is)\s+"
    rf"{_PUBLISHED}\b|"
    rf"\b(?:what|which)\s+(?:date|day|week|year|month)\s+(?:was|is)\s+{_DATED}"
    rf"(?:\s+[\w'’&-]+){{0,6}}?\s+(?:{_PUBLISHED}|from)\b|"
    rf"\b(?:(?:publication|publishing|release|issue|posting)\s+)?date\s+(?:is\s+)?(?:of|on|for)\s+"
    rf"{_DATED}{_OF}\s*\??$|"
    rf"\b(?:publication|publishing|release|issue|posting)\s+date\b|"
    rf"(?:{_DATED})['’]s\s+(?:publication\s+|release\s+)?date\b|"
    rf"\bhow\s+(?:old|recent)\s+is\s+{_DATED}\b|"
    rf"\bwhen\s+was\s+{_DATED}\s*\??$",
    r"\b(?:when|date|day|week|year|month|old|recent)")


# "Which version added a dark theme?": a changelog says so in the heading over the item.
ASKS_VERSION = re.compile(r"\b(?:which|what)\s+(?:version|release)\b", re.I)


def the_kind(question: str) -> str | None:
    """The kind a question names its piece by ("the report", "the letter"), which may be a
    document the piece speaks of; None where it names none, or names the piece as itself
    first ("Who wrote the article about the report?")."""
    named = _THE_KIND.search(question)
    if named is None or _ITSELF.search(question, 0, named.start()):
        return None
    return named[1].lower()


# How a review rated what it reviews: "How many stars did the critic give it?", "What
# rating did the Ember 3 get?", "What score did that film get?", "How did they rate it?";
# answered by a rating alone on its line, where the review has one. Not "what was the final
# score" of a match, nor "What is the power rating of the kettle?".
ASKS_RATING = re.compile(
    r"\bhow\s+many\s+stars\b(?=[^?]*\b(?:get|got|give|gave|given|award(?:ed)?|earn(?:ed)?|"
    r"receive[ds]?|rate[ds]?)\b)|\bstar\s+rating\b|"
    r"\b(?:what|which)\s+(?:rating|score|mark)\s+(?:did|does|do|was|is|has|had)\b|"
    r"\bhow\s+(?:did|does|do)\s+(?:[\w'’-]+\s+){1,4}?rate\b|"
    r"\b(?:rating|score|mark)\s+(?:did|does)\s+(?:[\w'’-]+\s+){1,4}?give\b|"
    r"\bout\s+of\s+(?:five|5|ten|10)\b(?=[^?]*\?*\s*$)", re.I)


def about_the_piece(question: str) -> str | None:
    """What a question asks of the piece itself: "date", "writer", "conclusion", "topic",
    "summary" or "rating"; None when it asks about what the piece says."""
    for kind, pattern in (("date", ASKS_DATE), ("writer", ABOUT_WRITER), ("conclusion", ASKS_CLOSE),
                          ("summary", ASKS_SUMMARY), ("topic", ASKS_TOPIC),
                          ("rating", ASKS_RATING)):
        if pattern.search(question):
            return kind
    return None


# "in the article", "does the author think": every sentence is in the article, so matching
# these words finds only the sentences that happen to say "article".
_THE_PIECE = re.compile(rf"\b(?:(?:in|from|by|according to)\s+)?(?:the|this|that)\s+"
                        rf"(?:{_PIECE}|{_WRITER})(?:['’]s)?\b", re.I)


def without_the_piece(question: str) -> str:
    """The question without the words that refer to the article or its writer."""
    return " ".join(_THE_PIECE.sub(" ", question).split()) or question


# (question pattern, the evidence pattern an answer to it usually contains)
_CUES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    # "When did ...?" asks for a time; "When ice melts, what ...?" does not.
    (re.compile(r"^\s*(when(['’]s|\s+(did|was|were|is|are|does|do|will|would|could|can|has|have|had|"
                r"should|must|might|shall))\b|what (year|date|day|month|time|century|decade))|"
                r"\b(in|on) what (year|date|day)\b", re.I), DATE),
    # "How much would the council save?": an amount of money, not "0.3 per cent" of one (not
    # "how much time does it save?").
    (re.compile(r"\bhow\s+much\b(?!\s+(?:time|weight|energy|space|water|fuel)\b)"
                r"(?:\s+[\w'’-]+){0,8}?\s+(?:costs?|charged?|pay|paid|spend|spent|"
                r"owe|worth|price[ds]?|save[ds]?|saving|raised?|earn(?:s|ed|t)?)\b|"
                r"\bhow\s+much\s+(?:money|is\s+the\s+\w+\s+fee)\b|"
                r"\b(?:what|how\s+much)(?:['’]s|\s+is|\s+was|\s+are|\s+were|\s+will\s+be)\s+"
                r"(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:price|cost|fee|fare|rent|premium|charge)s?\b",
                re.I), MONEY),
    (re.compile(r"\bhow (many|much|long|old|far|large|big|tall|high|heavy|wide|deep|fast|often|"
                r"hot|warm|cold|thick|loud|strong|powerful)\b|"
                # "What oven temperature …?", "Which total number …?"
                r"\b(what|which)\s+(?:[\w-]+\s+)?(percentage|percent|number|amount|version|size|"
                r"weight|length|height|width|depth|capacity|speed|temperature)\b", re.I), NUMBER),
    (re.compile(r"^\s*(who|whom|whose)\b", re.I), NAME),  # a weak cue: names are everywhere
    (re.compile(r"^\s*where\b", re.I), PLACE),
)


@dataclass(frozen=True)
class Reading:
    """What the evidence scorer needs to know about a question."""

    wanted: re.Pattern[str] | None  # what an answer contains: a date for "when", ...
    negated: bool  # asks what did not happen (not why): the answer must deny something
    years: tuple[str, ...]  # the years it names: the passage must hold them
    decades: tuple[str, ...] = ()  # "1960s", "1300s": the passage must hold one of its years
    numbers: tuple[str, ...] = ()  # other numbers it names, as `numbers` reads them


def read(question: str) -> Reading:
    years = tuple(_YEAR.findall(question))
    decades = tuple(m.group() for m in _DECADE.finditer(question))
    return Reading(expected_answer(question),
                   bool(_NEGATED.search(question)) and not _ASKS_REASON.search(question),
                   years, decades,
                   tuple(sorted(_asked_numbers(question) - set(years)
                                - {d[:-1] for d in decades})))


def _number(numeral: str) -> str:
    """One spelling of a number: "38,000" → "38000", "07:30" → "7.3", "22nd" → "22";
    "3.2.0" as it is."""
    digits = _ORDINAL_END.sub("", numeral)
    digits = re.sub(r",(?=\d{3}\b)", "", digits).replace(":", ".").replace(",", ".")
    if digits.count(".") > 1:  # a version or an address: "3.2.0" is not 3.2
        return digits
    whole, _, part = digits.partition(".")
    whole = whole.lstrip("0") or "0"  # "07:40" is 7:40
    part = part.rstrip("0")
    return f"{whole}.{part}" if part else whole


def _asked_numbers(question: str) -> set[str]:
    """The numbers a question writes in digits, but not a season's end ("2008-09"), the
    reader's own, a name's or a century's."""
    found = set()
    for m in _NUMERAL.finditer(question):
        before = question[:m.start()]
        if not (_AFTER_YEAR.search(before) or _OWN.search(before) or _IN_NAME.search(before)
                or _CENTURY.match(question, m.end())):
            found.add(_number(m.group()))
    return found


def numbers(text: str) -> frozenset[str]:
    """The numbers a passage holds, in `_number`'s spelling: its numerals, each part of one
    ("7.30" holds 7 and 30 as well), and the numbers it spells out ("fifth", "three")."""
    found = set()
    for m in _NUMERAL.finditer(text):
        found.add(_number(m.group()))
        found.update(_number(part) for part in re.split(r"[.,:]", _ORDINAL_END.sub("", m.group())))
    found.update(_SPELLED[w.lower()] for w in _NUMBER_WORD.findall(text))
    found.update(_DAYS[m.group().lower().replace("’", "'")] for m in _DAY_NAME.finditer(text))
    found.update(n for w in _NOON_WORD.findall(text) for n in _NOON[w.lower()])
    for minutes, way, hour in _CLOCK.findall(text):
        h = int(_SPELLED.get(hour.lower(), hour))
        past = _MINUTES[minutes.lower()]
        if way.lower() == "to":
            h, past = (h - 2) % 12 + 1, 60 - past
        found.update((_number(f"{h}.{past:02d}"), str(h), str(past)))
    for hour, minutes in _PM.findall(text):  # "7.30 pm" is 19:30
        found.add(_number(f"{int(hour) + 12}.{minutes or '0'}"))
    for hour, minutes in _AFTERNOON.findall(text):  # "19:30" is 7.30 pm
        found.add(_number(f"{int(hour) - 12}.{minutes}"))
    return frozenset(found)


def within(decade: str, words: frozenset[str]) -> bool:
    """Whether `words` (a passage's) name `decade` ("1960s") or a year in it ("1965"); a
    round hundred ("1300s") is the century."""
    start = int(decade[:-1])
    span = 100 if start % 100 == 0 else 10
    return decade in words or any(w.isdigit() and start <= int(w) < start + span
                                  for w in words if len(w) == 4)


def expected_answer(question: str) -> re.Pattern[str] | None:
    """The pattern an answer to this kind of question contains (a date for 'when', ...)."""
    for asks, answer in _CUES:
        if asks.search(question):
            return answer
    return None


def names_in(question: str) -> list[str]:
    """The proper names a question uses, without titles or a closing possessive:
    "President Lincoln's" → "Lincoln", "Marx and Engels" → "Marx", "Engels"."""
    names = []
    for found in _PROPER_NAME.findall(question.strip()):
        found = re.sub(r"['’]s$", "", found)  # "Hun Sen's" → "Hun Sen"
        found = re.sub(r"-[a-z][\w-]*", "", found)  # "World Cup-related" → "World Cup"
        for part in re.split(r"\s+and\s+", found):
            part = _TITLE.sub("", part).strip()
            if part:
                names.append(part)
    return names


def _named(name: str, corpus: str) -> bool:
    """Whether the sources name this: as written ("Claridge's Hotel"), or as its owner and
    the thing owned ("Paris's Latin Quarter": "Paris", "Latin Quarter")."""
    if plain(name) in corpus:
        return True
    pieces = re.split(r"['’]s\s+", name)
    return len(pieces) > 1 and all(plain(p) in corpus for p in pieces)


def _known_root(term: str, lexical: LexicalIndex) -> bool:
    """Whether the sources use this stemmed word or the word it is derived from."""
    if term in lexical.vocabulary:
        return True
    roots = [term[: -len(end)] for end in _DERIVED
             if term.endswith(end) and len(term) - len(end) >= 4]
    return any(t in lexical.vocabulary for root in roots for t in tokens(root))


def names_missing(question: str, corpus: str) -> bool:
    """Whether the question names something (a multi-word proper name) the sources never do."""
    return any(not _named(name, corpus) for name in names_in(question))


def unknown_word_share(question: str, lexical: LexicalIndex) -> float:
    """The IDF-weighted share of the question's words that occur nowhere in the sources."""
    words = {t for t in tokens(question) if t not in _META and not t.isdigit()}
    if len(words) < 2:  # one unknown word alone is as likely a paraphrase
        return 0.0
    weights = {t: lexical.term_idf(t) for t in words}
    total = sum(weights.values()) or 1.0
    return sum(w for t, w in weights.items() if not _known_root(t, lexical)) / total


_WORD = re.compile(r"[^\W\d_]+")


def not_english(question: str) -> bool:
    """Whether a question reads as written in another language: four words or more, and not
    one of English's function words ("Combien de jours par semaine puis-je travailler ?").
    The model and the word index read English, so such a question finds little."""
    words = _WORD.findall(question.lower())
    return len(words) >= 4 and not any(w in STOPWORDS for w in words)
