"""Citations, lookup and quote search read the text that was indexed, whatever happens to
the files afterwards; a changed or deleted file is reported, and a served assistant
re-indexes on its own (issue 15, item 2)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.watch import Watcher
from index import SentenceEmbeddings
from index.texts import TextStore, text_key
from tests.support.builders import make_assistant
from tests.support.paths import ARTICLE, DATA
from ui.handlers import Handlers

HARBOUR = DATA / "harbour" / "harbour.txt"
QUESTION = "When were diplomatic ties between Cambodia and the US established?"
HARBOUR_QUOTE = "The vote passed by seven votes to two."
CHANGED = "changed on disk since it was indexed; re-index to update"
DELETED = "deleted from disk since it was indexed; re-index to update"


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / ARTICLE.name)
    shutil.copy(HARBOUR, folder / "harbour.txt")
    return folder


@pytest.fixture()
def bot(sources: Path, tmp_path: Path, embeddings: SentenceEmbeddings) -> Assistant:
    return make_assistant(sources, tmp_path / "data", embeddings)


def assert_agrees(bot: Assistant, answer_citations: tuple) -> None:
    for c in answer_citations:
        assert c.quote == bot.document(c.source)[c.start:c.end]
        assert bot.lookup(c.ref).quote == c.quote


def test_an_edited_source_keeps_its_citations_and_says_so(bot: Assistant,
                                                         sources: Path) -> None:
    before = bot.ask(QUESTION)
    assert before.notice is None and before.citations[0].stale is None
    path = sources / ARTICLE.name
    path.write_text("A new first line pushes every offset.\n\n" + path.read_text("utf-8"),
                    encoding="utf-8")
    after = bot.ask(QUESTION)
    assert [c.ref for c in after.citations] == [c.ref for c in before.citations]
    assert_agrees(bot, after.citations)
    notice = f"{ARTICLE.name}: {CHANGED}"
    assert after.notice == notice and all(c.stale == notice for c in after.citations)
    passage = bot.lookup(after.citations[0].ref)
    assert passage.stale == notice and bot.stale(ARTICLE.name) == notice
    assert bot.stale("harbour.txt") is None
    # The page's source view says it too, above the kept text with the span marked.
    handlers = Handlers(bot)
    assert CHANGED in handlers.document_view(ARTICLE.name)
    assert CHANGED in handlers.passage_view(after.citations[0].ref)[0]
    assert CHANGED not in handlers.document_view("harbour.txt")
    bot.refresh()  # re-indexing clears the notice and moves the offsets
    fresh = bot.ask(QUESTION)
    assert fresh.notice is None and fresh.citations[0].start > before.citations[0].start
    assert_agrees(bot, fresh.citations)


def test_a_deleted_source_breaks_nothing(bot: Assistant, sources: Path) -> None:
    cited = bot.ask(QUESTION).citations[0]
    (sources / ARTICLE.name).unlink()
    harbour = bot.find_quote(HARBOUR_QUOTE)
    assert [(m.source, m.match) for m in harbour] == [("harbour.txt", "exact")]
    assert bot.lookup(harbour[0].ref).quote == HARBOUR_QUOTE
    kept = bot.find_quote(cited.quote)  # still found in the text that was indexed
    assert kept[0].source == ARTICLE.name and kept[0].start == cited.start
    passage = bot.lookup(cited)
    assert passage.quote == cited.quote and passage.stale == f"{ARTICLE.name}: {DELETED}"
    answer = bot.ask(QUESTION)
    assert answer.citations[0].ref == cited.ref and DELETED in (answer.notice or "")
    assert_agrees(bot, answer.citations)
    bot.refresh()
    assert bot.sources == ["harbour.txt"]
    assert bot.find_quote(HARBOUR_QUOTE)[0].source == "harbour.txt"


def test_kept_texts_are_shared_and_go_with_their_last_generation(
        bot: Assistant, sources: Path) -> None:
    store = TextStore(bot.data_dir)
    article, harbour = (sources / ARTICLE.name), (sources / "harbour.txt")
    old_key = text_key(article.read_text(encoding="utf-8"))
    harbour_key = text_key(harbour.read_text(encoding="utf-8"))
    assert store.keys() == {old_key, harbour_key}
    harbour_file = store.path(harbour_key).stat()
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")
    bot.refresh()
    new_key = text_key(article.read_text(encoding="utf-8"))
    assert store.keys() == {new_key, harbour_key}  # the old text went with its generation
    assert store.path(harbour_key).stat().st_ino == harbour_file.st_ino  # shared, not rewritten
    assert len(list(bot.data_dir.glob("gen-*"))) == 1
    copy = sources / "copy.txt"
    shutil.copy(harbour, copy)  # two documents, one text
    bot.refresh()
    assert store.keys() == {new_key, harbour_key}
    harbour.unlink()
    bot.refresh()
    assert store.keys() == {new_key, harbour_key}  # copy.txt still uses it
    copy.unlink()
    bot.refresh()
    assert store.keys() == {new_key}


def test_the_watcher_reindexes_a_changed_file_within_seconds(bot: Assistant,
                                                             sources: Path) -> None:
    reports = []
    with Watcher(bot, on_refresh=reports.append):
        time.sleep(0.5)
        (sources / "harbour.txt").write_text(
            "Riverton buys a ferry\n\nThe town of Riverton bought an electric ferry named "
            "Heron for 900,000 euros.\n", encoding="utf-8")
        changed = time.monotonic()
        while time.monotonic() - changed < 20 and not any(r.changed for r in reports):
            time.sleep(0.1)
        took = time.monotonic() - changed
    assert [r.changed for r in reports if r.touched] == [["harbour.txt"]], reports
    assert took < 10, f"re-indexed {took:.1f} s after the change"
    answer = bot.ask("What was the ferry bought by Riverton named?")
    assert answer.citations and "Heron" in answer.citations[0].quote
    assert answer.notice is None and bot.stale("harbour.txt") is None
    assert_agrees(bot, answer.citations)
