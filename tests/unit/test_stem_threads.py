"""Stemming from many threads gives exactly the stems of a sequential run (issue 15)."""

from __future__ import annotations

import re

from index.lexical import stem, tokens
from tests.support.paths import ROOT
from tests.support.threads import run_together

SQUAD = ROOT / "bench" / "data" / "squad"
THREADS = 16


def _words_and_lines() -> tuple[list[str], list[str]]:
    texts = [f.read_text(encoding="utf-8") for f in sorted(SQUAD.glob("*.txt"))]
    words = sorted({w for t in texts for w in re.findall(r"\w+", t.lower())})
    lines = [line for t in texts for line in t.splitlines() if line.strip()]
    return words, lines


def test_stems_and_tokens_agree_across_sixteen_threads() -> None:
    words, lines = _words_and_lines()
    assert len(words) > 10_000 and len(lines) > 500
    stem.cache_clear()
    expected_stems = [stem(w) for w in words]
    expected_tokens = [tokens(line) for line in lines]
    # A clean cache again, so the threads race on computing stems, not only on reading them.
    stem.cache_clear()
    results: dict[int, tuple[list[str], list[list[str]]]] = {}

    def work(n: int) -> None:
        # Each thread walks the words in its own order, so threads stem different words at
        # the same moment.
        cut = n * len(words) // THREADS
        order = words[cut:] + words[:cut]
        got = {w: stem(w) for w in order}
        results[n] = ([got[w] for w in words], [tokens(line) for line in lines])

    failures = run_together(THREADS, work)
    assert not failures, failures[:3]
    assert len(results) == THREADS
    for stems, toks in results.values():
        assert stems == expected_stems
        assert toks == expected_tokens
    # Nothing wrong was cached: the cache now agrees with a fresh stemmer.
    assert [stem(w) for w in words] == expected_stems
