"""Late interaction: each candidate's token-level similarity to the question, read from the
token states the index keeps, counts in its score with the weight the ranking was fitted
with (`Settings.late_interaction` overrides it; at 0 it does not count)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant import Answer, Assistant
from assistant.evidence import FEATURES, ranking
from assistant.retrieval import Candidate
from assistant.settings import Settings
from index import Catalog, SentenceEmbeddings
from index.token_states import CODES, SCALES, SPANS, STAGING
from tests.support.builders import make_assistant

QUESTION = "Why did Lloyd Austin travel to Singapore?"


def _ranked(bot: Assistant, question: str = QUESTION) -> list[Candidate]:
    pipe = bot.pipeline
    return list(pipe.rank(pipe.retrieve(pipe.prepare(question)))["ranked"])


def _refs(answer: Answer) -> list[str]:
    return [c.ref for c in answer.citations]


def _late(question_states: np.ndarray, sentence_states: np.ndarray) -> float:
    return float((question_states @ sentence_states.T).max(axis=1).mean())


def test_by_default_late_interaction_counts_with_its_fitted_weight(bot: Assistant) -> None:
    assert bot.settings.late_interaction is None
    weight = ranking().weights[FEATURES.index("late")]
    assert weight > 0
    ranked = _ranked(bot)
    assert len(ranked) > 3 and all(0 < c.late <= 1 for c in ranked)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    without = [c.score - weight * c.late for c in ranked]
    assert without != sorted(without, reverse=True)  # it changed the order


def test_at_zero_it_does_not_count(seed_dir: Path, embeddings: SentenceEmbeddings,
                                   tmp_path_factory: pytest.TempPathFactory,
                                   bot: Assistant) -> None:
    """The decision still reads it: every candidate's late interaction is filled in."""
    off = make_assistant(seed_dir, tmp_path_factory.mktemp("late-off"), embeddings,
                         late_interaction=0.0)
    weight = ranking().weights[FEATURES.index("late")]
    on = {c.row: c.score for c in _ranked(bot)}
    ranked = _ranked(off)
    assert all(0 < c.late <= 1 for c in ranked)
    assert all(c.score == pytest.approx(on[c.row] - weight * c.late) for c in ranked)


def test_kept_token_states_give_the_model_s_late_interaction(
        bot: Assistant, embeddings: SentenceEmbeddings) -> None:
    """Stored as int8 with a scale per token, every sentence's states are the model's to
    within 0.01 per component, and late interaction with them within 0.002."""
    catalog = bot.pipeline.catalog
    assert catalog.tokens is not None and len(catalog.tokens) == len(catalog.units)
    # A second encoder (none of the first's kept states) over the same model and export.
    fresh = SentenceEmbeddings(export_dir=embeddings.export_dir,
                               cache_dir=Path(embeddings.model_name).parent)
    exact = fresh.token_vectors([u.text for u in catalog.units])
    asked = embeddings.token_vectors([QUESTION])[0]
    for row, states in enumerate(exact):
        kept = catalog.tokens.of(row)
        assert kept.shape == states.shape and np.abs(kept - states).max() < 0.01
        assert abs(_late(asked, kept) - _late(asked, states)) < 0.002


def test_a_loaded_index_reads_the_states_it_kept_without_mapping_them(bot: Assistant) -> None:
    """Read back row by row (`os.pread`), equal to what the build kept; nothing of the file
    is mapped into the process, so a served index's memory does not grow with its questions."""
    built = bot.pipeline.catalog
    loaded = Catalog.load(bot.data_dir)
    assert built.tokens is not None and loaded is not None and loaded.tokens is not None
    for row in range(len(built.units)):
        assert np.array_equal(loaded.tokens.of(row), built.tokens.of(row))
        assert all(np.array_equal(a, b) for a, b in zip(
            loaded.tokens.quantized(row), built.tokens.quantized(row), strict=True))
    assert CODES not in Path("/proc/self/maps").read_text()


def test_a_question_encodes_no_sentence(seed_dir: Path, tmp_path: Path) -> None:
    """The sentences' states come from the index and the question's from its own search:
    one run of the model per question, over the question alone."""
    emb = SentenceEmbeddings()
    make_assistant(seed_dir, tmp_path / "data", emb).ask("warm up the index")
    seen: list[list[str]] = []
    for name in ("encode", "encode_tokens", "token_vectors", "_token_vectors"):
        original = getattr(emb, name)

        def spy(texts: list[str], *args: object, _original: object = original,
                **kwargs: object) -> object:
            seen.append(list(texts))
            return _original(texts, *args, **kwargs)  # type: ignore[operator]

        setattr(emb, name, spy)
    bot = make_assistant(seed_dir, tmp_path / "data", emb)
    answer = bot.ask(QUESTION)
    assert answer.citations
    assert all(texts == [QUESTION] for texts in seen), seen


def test_the_question_s_own_words_score_higher(bot: Assistant) -> None:
    """A sentence that says what is asked matches token for token; others do not."""
    ranked = _ranked(bot)
    units = bot.pipeline.catalog.units
    said = next(r for r, u in enumerate(units) if "Singapore" in u.text)
    other = next(r for r, u in enumerate(units) if "Singapore" not in u.text
                 and "Austin" not in u.text and u.kind == "body")
    same, elsewhere = (Candidate(row=r, unit=units[r]) for r in (said, other))
    bot.searcher.late(QUESTION, [same, elsewhere])
    assert same.late > elsewhere.late + 0.1, (same.late, elsewhere.late)
    assert ranked[0].unit.text == units[said].text  # and it leads the ranking


def test_an_index_without_token_states_is_embedded_again(
        seed_dir: Path, embeddings: SentenceEmbeddings, tmp_path: Path) -> None:
    """An index built before token states were kept still answers (its sentences' states
    encoded as asked) and the next refresh embeds it again, keeping them."""
    data = tmp_path / "data"
    first = make_assistant(seed_dir, data, embeddings)
    expected = first.ask(QUESTION)
    folder = first.pipeline.catalog.folder
    assert folder is not None
    for name in (CODES, SCALES, SPANS):
        (folder / name).unlink()
    older = Assistant(seed_dir, data, settings=Settings(), refresh=False, embeddings=embeddings)
    assert older.pipeline.catalog.tokens is None
    # The same passages; their scores differ a little, late interaction being exact here.
    assert _refs(older.ask(QUESTION)) == _refs(expected)
    report = older.refresh()
    assert report.embedded == len(older.pipeline.catalog.units)
    assert older.pipeline.catalog.tokens is not None
    assert older.ask(QUESTION).citations == expected.citations
    shutil.rmtree(data)


def test_a_rebuild_copies_the_unchanged_units_states_and_leaves_no_staging(
        embeddings: SentenceEmbeddings, tmp_path: Path) -> None:
    """A changed file's units are embedded again; the others' token states are copied as
    they were. The build writes them to a staging folder that the generation takes over, and
    a staging folder left by a build that died is removed by the next one."""
    sources, data = tmp_path / "sources", tmp_path / "data"
    sources.mkdir()
    (sources / "kept.txt").write_text("The ferry leaves at nine. It returns at five.\n",
                                      encoding="utf-8")
    (sources / "edited.txt").write_text("The market opens on Sundays.\n", encoding="utf-8")
    bot = make_assistant(sources, data, embeddings)
    before = bot.pipeline.catalog.tokens
    assert before is not None
    kept = {u.text: before.quantized(r) for r, u in enumerate(bot.pipeline.catalog.units)
            if u.source == "kept.txt"}
    (data / f"{STAGING}dead").mkdir()
    (sources / "edited.txt").write_text("The market opens on Saturdays now.\n",
                                        encoding="utf-8")
    report = bot.refresh()
    after = bot.pipeline.catalog
    assert report.changed == ["edited.txt"] and after.tokens is not None
    for row, unit in enumerate(after.units):
        if unit.source == "kept.txt":
            assert all(np.array_equal(a, b) for a, b in zip(
                after.tokens.quantized(row), kept[unit.text], strict=True))
    edited = next(r for r, u in enumerate(after.units) if "Saturdays" in u.text)
    exact = embeddings.token_vectors([after.units[edited].text])[0]
    assert np.abs(after.tokens.of(edited) - exact).max() < 0.01
    assert not list(data.glob(f"{STAGING}*"))


def test_the_word_a_sentence_lacks_is_its_worst_matched_token(bot: Assistant) -> None:
    """`late_min` is the best cosine of the question token the sentence matches worst: a
    question about something the sentence does not speak of (how many hours) matches it
    worse than one it answers, though both share its other words."""
    units = bot.pipeline.catalog.units
    row = next(r for r, u in enumerate(units) if "Singapore" in u.text)
    asked = {q: Candidate(row=row, unit=units[row]) for q in (
        "When did Lloyd Austin visit Cambodia?",
        "How many hours did Lloyd Austin spend at the pagoda?")}
    for question, candidate in asked.items():
        bot.searcher.late(question, [candidate])
        assert 0 < candidate.late_min <= candidate.late
    answered, lacking = asked.values()
    assert answered.late_min > lacking.late_min + 0.05, (answered.late_min, lacking.late_min)
