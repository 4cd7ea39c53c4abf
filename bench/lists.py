"""Lists and other shapes of documents: the two held-out list sets (tests/data/lists,
tests/data/lists2), six newcomers' documents (tests/data/newcomer: a transcript, an e-mail
thread, a review, a how-to; tests/data/newcomer2: a changelog, a terms page, a recipe page, a
forum thread; tests/data/newcomer3: an e-mail thread, meeting notes, a news page, an FAQ, a
report; tests/data/newcomer4: a long feature, a wiki-style page, an interview, a printed PDF
notice, a markdown how-to, a complaint and its reply; tests/data/newcomer5 to newcomer10: six
folders of ten or eleven documents of many kinds, asked of the whole folder; newcomer11 and
newcomer12 to newcomer20: ten article-style pieces each, news to an encyclopedia page to a
printed PDF), and four
articles of the seed article's kind (tests/data/articles), each scored by whether an answer
string is in a cited passage. Run: python bench/lists.py [-v] [SET ...]. Written by helpers
who had not read the code; never tuned on (the newcomer sets' reports led to the changes they
were measured for). The reference scorer needs evidence offsets into the extracted text, which a
PDF's or web page's extraction would shift, so these sets keep strings and their own count. A
row with "follows" is asked after the row it names, with that conversation as its history; a
row whose "answers" is null is such an earlier turn, asked and not scored."""

from __future__ import annotations

import json
import sys
import tempfile
import unicodedata
from pathlib import Path

from assistant import Assistant

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = ("lists", "lists2", "newcomer", "newcomer2", "newcomer3", "newcomer4", "newcomer5",
        "newcomer6", "newcomer7", "newcomer8", "newcomer9", "newcomer10", "newcomer11",
        "newcomer12", "newcomer13", "newcomer14", "newcomer15", "newcomer16", "newcomer17",
        "newcomer18", "newcomer19", "newcomer20", "articles")


def _nfc(text: str) -> str:
    """The text as compared: NFC, and any run of white space one space (a PDF's line break
    where the page it was printed from had a space)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def score(folder: Path, verbose: bool = False) -> dict[str, float]:
    rows = [json.loads(line) for line in (folder / "questions.jsonl").read_text("utf-8")
            .splitlines() if line.strip()]
    answerable = [0, 0, 0, 0]  # recall, first citation, confident hit, confident wrong
    unanswerable = [0, 0]  # honest (hedged or refused), confident wrong
    chars = 0
    with tempfile.TemporaryDirectory(prefix="assistant-lists-") as data:
        bot = Assistant(sources=folder / "docs", data_dir=data)
        asked: dict[str, list[dict[str, str]]] = {}  # id: that turn and the turns it follows
        for row in rows:
            history = asked[row["follows"]] if "follows" in row else []
            answer = bot.ask(row["question"], history)
            asked[row["id"]] = [*history, {"role": "user", "content": row["question"]},
                                {"role": "assistant", "content": answer.text}]
            if row["answers"] is None:  # a conversation's earlier turn, asked but not scored
                continue
            quotes = [_nfc(c.quote) for c in answer.citations]
            wants = [_nfc(w) for w in row["answers"]]
            chars += sum(len(q) for q in quotes)
            hit = any(w in q for w in wants for q in quotes)
            confident = answer.outcome == "answer"
            if wants:
                first = bool(quotes) and any(w in quotes[0] for w in wants)
                for i, value in enumerate((hit, first, hit and confident, confident and not hit)):
                    answerable[i] += value
            else:
                unanswerable[0] += not confident
                unanswerable[1] += confident
            if verbose:
                print(row["id"], answer.outcome, f"{answer.confidence:.2f}",
                      "hit" if hit else "miss" if wants else "-", row["question"], sep=" | ")
    n = sum(1 for r in rows if r["answers"])
    m = sum(1 for r in rows if r["answers"] == [])
    return {"answerable": n, "recall": answerable[0] / n, "first": answerable[1] / n,
            "confident_hit": answerable[2] / n, "confident_wrong": answerable[3] / n,
            "unanswerable": m, "honest_unanswerable": unanswerable[0] / m,
            "confident_wrong_unanswerable": unanswerable[1] / m,
            "cited_chars_mean": chars / (n + m)}


if __name__ == "__main__":
    named = [a for a in sys.argv[1:] if a != "-v"]
    for name in named or SETS:
        print(name)
        for key, value in score(DATA / name, "-v" in sys.argv).items():
            print(f"  {key:30} {value:.2f}" if isinstance(value, float) else f"  {key:30} {value}")
