"""Building and refreshing the index: content hashes decide what is re-embedded."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from assistant import Assistant, SourceError
from index import SentenceEmbeddings, extract
from index.catalog import Outline
from index.sentences import VERSION as SPLIT_VERSION
from tests.support.builders import make_assistant
from tests.support.paths import ARTICLE


def test_unchanged_sources_rebuild_nothing(corpus: Path, tmp_path: Path,
                                           embeddings: SentenceEmbeddings) -> None:
    first = make_assistant(corpus, tmp_path / "data", embeddings)
    assert first.last_refresh is not None and first.last_refresh.embedded == 29
    again = make_assistant(corpus, tmp_path / "data", embeddings)
    assert again.last_refresh is not None
    assert not again.last_refresh.touched and again.last_refresh.unchanged == 2


def test_edited_file_is_re_embedded_and_deleted_file_is_gone(
        corpus: Path, tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    bot = make_assistant(corpus, tmp_path / "data", embeddings)
    assert bot.ask("How many cats does the lighthouse keeper feed?").citations[0].source \
        == "notes.md"
    (corpus / "notes.md").write_text("# Notes\n\nThe lighthouse keeper feeds nine dogs.\n",
                                     encoding="utf-8")
    report = bot.refresh()
    assert report.changed == ["notes.md"] and report.embedded == 2
    answer = bot.ask("How many dogs does the lighthouse keeper feed?")
    assert answer.citations[0].quote == "The lighthouse keeper feeds nine dogs."
    assert bot.store.count() == len(bot.catalog.units) == 29

    (corpus / "notes.md").unlink()
    report = bot.refresh()
    assert report.deleted == ["notes.md"] and report.embedded == 0
    assert bot.sources == ["article.txt"]
    assert bot.store.count() == 27
    assert all(c.source == "article.txt"
               for c in bot.ask("What does the lighthouse keeper feed?").citations)


def test_added_file_is_indexed(corpus: Path, tmp_path: Path,
                               embeddings: SentenceEmbeddings) -> None:
    bot = make_assistant(corpus, tmp_path / "data", embeddings)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "bridge.txt").write_text("The red bridge opened in 1932.",
                                               encoding="utf-8")
    report = bot.refresh()
    assert report.added == ["sub/bridge.txt"] and report.embedded == 1
    answer = bot.ask("When did the red bridge open?")
    assert [c.source for c in answer.citations] == ["sub/bridge.txt"]


def test_binary_non_utf8_and_empty_files_are_skipped_with_a_warning(
        corpus: Path, tmp_path: Path, embeddings: SentenceEmbeddings,
        caplog: pytest.LogCaptureFixture) -> None:
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (corpus / "garbled.txt").write_bytes(b"caf\x81 au lait\x1b")
    (corpus / "blank.md").write_text(" \n\n\t\n", encoding="utf-8")
    # Windows-1252, as a text editor on Windows long saved: read, not skipped.
    (corpus / "menu.txt").write_bytes("Menu\n\nCafé au lait costs 3 € at the kiosk.\n"
                                      .encode("cp1252"))
    with caplog.at_level(logging.WARNING):
        bot = make_assistant(corpus, tmp_path / "data", embeddings)
    assert sorted(bot.sources) == ["article.txt", "menu.txt", "notes.md"]
    assert "Café au lait costs 3 € at the kiosk." in bot.document("menu.txt")
    warned = caplog.text
    assert "image.txt" in warned and "garbled.txt" in warned and "menu.txt" not in warned
    assert {s.source: s.reason for s in bot.skipped}["blank.md"] == "it has no text"


def test_missing_sources_path_is_named(tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(SourceError, match="nowhere"):
        make_assistant(missing, tmp_path / "data", embeddings)


def test_single_file_source_cites_its_file_name(tmp_path: Path,
                                                embeddings: SentenceEmbeddings) -> None:
    bot = make_assistant(ARTICLE, tmp_path / "data", embeddings)
    answer = bot.ask("When did Lloyd Austin visit Cambodia?")
    assert answer.citations[0].source == ARTICLE.name


def test_default_data_dir_is_per_sources_path(tmp_path: Path, corpus: Path,
                                              embeddings: SentenceEmbeddings) -> None:
    from assistant import Settings

    home = tmp_path / "home"
    a = Assistant(corpus, settings=Settings(data_home=home), embeddings=embeddings)
    b = Assistant(ARTICLE, settings=Settings(data_home=home), embeddings=embeddings)
    assert a.data_dir != b.data_dir and a.data_dir.parent == home == b.data_dir.parent








def test_outline_finds_lead_conclusion_and_the_note_on_the_writer(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    text = ("Ferry talks\n\nThe ferry stopped in May. Riders were angry.\n\nThe council met "
            "twice.\n\nIn the end a new ferry is needed. It will cost a lot.\n\nAnn Holt is a "
            "reporter at the Gazette. The views here are her own.\n")
    short = "Two lines\n\nThe pier opened.\n\nIt closed again.\n"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ferry.txt").write_text(text, encoding="utf-8")
    (docs / "pier.txt").write_text(short, encoding="utf-8")
    # A letter signs off with a closing phrase in a paragraph of its own, then the name.
    (docs / "letter.txt").write_text(
        "Exam notice\n\nDear parents,\n\nExams begin on 12 May.\n\nPhones must be handed in."
        "\n\nYours sincerely,\n\nHelen Carter\nHead of Year 11\n", encoding="utf-8")
    # A report's byline may stand under a subtitle; a review's last line names its publisher,
    # not its writer.
    (docs / "report.txt").write_text(
        "Allotments\n\nAnnual Summary 2025\n\nPrepared by: Jo Bell, Parks Officer\n\nThe list "
        "grew.\n\nTwo sites will open.\n\nThe Salt Road is published by Fenn Press.\n",
        encoding="utf-8")
    # The name and the role on a line under the headline, and a note in italics at the end;
    # a signature without a closing phrase; who prepared it above a line for whom.
    (docs / "column.txt").write_text(
        "Keep the pool open\n\nAnn Holt, Opinion Editor\n\nThe pool shuts at six. Students "
        "want it open.\n\nThe cost is small.\n\n*Ann Holt is a student at Vale University.*"
        "\n", encoding="utf-8")
    (docs / "news.txt").write_text(
        "Spring news\n\nThe hall roof is fixed. It cost £4,000.\n\nThe fair is in May.\n\n"
        "Thank you all.\n\nMabel Ferreira-Lund\nVolunteer Coordinator, Hall Trust\n",
        encoding="utf-8")
    (docs / "forum.txt").write_text(
        "Flood forum\n\nThe forum met twice. Three themes stood out.\n\nDefences cost more."
        "\n\nPrepared by: Niamh Hart, Flood Officer, Vale Council\n\nFor: Environment "
        "Committee, 21 May\n", encoding="utf-8")
    # No byline: the writer introduces herself, and goes on about herself.
    (docs / "blog.txt").write_text(
        "Balcony beans\n\nHello again. For anyone new here, I'm Priya Shah. By day I teach "
        "chemistry.\n\nThe beans grew well.\n\nNext month: chillies.\n", encoding="utf-8")
    bot = make_assistant(docs, tmp_path / "data", embeddings)
    units = bot.catalog.units
    first = {u.text: row for row, u in enumerate(units)}
    outlines = bot.catalog.outlines
    assert outlines["blog.txt"].author == (first["For anyone new here, I'm Priya Shah."],
                                           first["By day I teach chemistry."])
    assert outlines["report.txt"].author == (first["Prepared by: Jo Bell, Parks Officer"],)
    assert outlines["column.txt"].author == (
        first["Ann Holt, Opinion Editor"], first["*Ann Holt is a student at Vale University.*"])
    assert outlines["news.txt"].author == (
        first["Mabel Ferreira-Lund\nVolunteer Coordinator, Hall Trust"],)
    assert outlines["news.txt"].close == first["Thank you all."]
    assert outlines["forum.txt"].author == (
        first["Prepared by: Niamh Hart, Flood Officer, Vale Council"],)
    assert bot.catalog.outlines["ferry.txt"] == Outline(
        author=(first["Ann Holt is a reporter at the Gazette."],), title=first["Ferry talks"],
        lead=first["The ferry stopped in May."], close=first["In the end a new ferry is needed."])
    assert bot.catalog.outlines["pier.txt"] == Outline(
        author=(), title=first["Two lines"], lead=first["The pier opened."], close=first["It closed again."])
    # The signature names the writer; the closing phrase is not the letter's conclusion, nor
    # the greeting its lead.
    assert bot.catalog.outlines["letter.txt"] == Outline(
        author=(first["Helen Carter\nHead of Year 11"],), title=first["Exam notice"],
        lead=first["Exams begin on 12 May."], close=first["Phones must be handed in."])


def test_an_index_split_by_an_older_splitter_is_split_again_without_re_embedding(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "guide.txt").write_text(
        "Museum guide\n\nThe museum opens at ten every day.\n\nAdmission prices\n\n"
        "Adult tickets cost twelve pounds. Children go free.\n", encoding="utf-8")
    bot = make_assistant(tmp_path / "src", tmp_path / "data", embeddings)
    assert {u.text: u.kind for u in bot.catalog.units}["Admission prices"] == "heading"
    # Make the generation look as an index split before plain-text headings were known.
    generation = bot.catalog.folder
    assert generation is not None
    meta = json.loads((generation / "catalog.json").read_text(encoding="utf-8"))
    columns = json.loads((generation / "units.json").read_text(encoding="utf-8"))
    (generation / "catalog.json").write_text(json.dumps({**meta, "split": 1}), encoding="utf-8")
    columns["kind"] = ["body" if t == "Admission prices" else k
                       for t, k in zip(columns["text"], columns["kind"], strict=True)]
    (generation / "units.json").write_text(json.dumps(columns), encoding="utf-8")

    again = make_assistant(tmp_path / "src", tmp_path / "data", embeddings)
    assert again.last_refresh is not None and again.last_refresh.embedded == 0
    assert {u.text: u.kind for u in again.catalog.units}["Admission prices"] == "heading"
    assert again.catalog.split_version == SPLIT_VERSION
    cited = [c.quote for c in again.ask("What are the admission prices?").citations]
    assert cited and "Admission prices" not in cited


def test_an_index_split_before_replies_were_read_after_their_quotes_re_embeds_the_reply(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "thread.txt").write_text(
        "Posted by: ana\n\nIs the hall free on the 12th of May? We need it all day.\n\n"
        "Reply from: ben\n\n> Is the hall free on the 12th of May?\n\nYes, it is booked "
        "for you. The key is at the desk.\n", encoding="utf-8")
    bot = make_assistant(tmp_path / "src", tmp_path / "data", embeddings)
    quote = "Is the hall free on the 12th of May?"
    assert [u.kind for u in bot.catalog.units if u.text == quote] == ["body", "quote"]
    generation = bot.catalog.folder
    assert generation is not None
    meta = json.loads((generation / "catalog.json").read_text(encoding="utf-8"))
    columns = json.loads((generation / "units.json").read_text(encoding="utf-8"))
    (generation / "catalog.json").write_text(json.dumps({**meta, "split": 7}), encoding="utf-8")
    columns["kind"] = ["body" if k == "quote" else k for k in columns["kind"]]
    (generation / "units.json").write_text(json.dumps(columns), encoding="utf-8")

    again = make_assistant(tmp_path / "src", tmp_path / "data", embeddings)
    # Only the reply's first sentence is read differently now: after the quote over it.
    assert again.last_refresh is not None and again.last_refresh.embedded == 1
    assert [u.kind for u in again.catalog.units if u.text == quote] == ["body", "quote"]


def test_a_data_folder_inside_the_sources_is_not_read_as_sources(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    sources = tmp_path / "articles"
    sources.mkdir()
    (sources / "bridge.txt").write_text("The red bridge opened in 1932.", encoding="utf-8")
    bot = make_assistant(sources, sources / "index-data", embeddings)
    report = bot.refresh()  # the kept texts (index-data/texts/*.txt) are there by now
    assert bot.sources == ["bridge.txt"] and not report.added
    assert (sources / "index-data" / "CACHEDIR.TAG").read_text(
        encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert [c.source for c in bot.ask("When did the red bridge open?").citations] == \
        ["bridge.txt"]


def test_a_file_read_by_an_older_extractor_is_read_again(
        tmp_path: Path, embeddings: SentenceEmbeddings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "garden.html").write_text(
        '<html><head><meta charset="utf-8"><title>Garden opens</title></head><body><article>'
        '<h1>Garden opens</h1><p class="byline">By Tomás Reyes</p>'
        "<p>The Elm Road community garden opened on Saturday with thirty raised beds.</p>"
        "<p>Volunteers built a tool shed and a rainwater tank over the winter.</p>"
        "</article></body></html>", encoding="utf-8")
    # Index it as an extractor that dropped the byline did...
    monkeypatch.setattr(extract, "_furniture", lambda tree: ("", "", ""))
    bot = make_assistant(tmp_path / "src", tmp_path / "data", embeddings)
    assert "Tomás" not in bot.document("garden.html")
    generation = bot.catalog.folder
    assert generation is not None
    meta = json.loads((generation / "catalog.json").read_text(encoding="utf-8"))
    (generation / "catalog.json").write_text(json.dumps({**meta, "extract": 1}),
                                             encoding="utf-8")
    monkeypatch.undo()
    # ...and the next refresh reads it again, leaving no vector of the old units behind.
    again = make_assistant(tmp_path / "src", tmp_path / "data", embeddings)
    assert again.document("garden.html").startswith("Garden opens\n\nBy Tomás Reyes\n\n")
    assert again.store.count() == len(again.catalog.units)
    answer = again.ask("Who wrote this page?")
    assert answer.outcome == "answer" and "Tomás Reyes" in answer.citations[0].quote
