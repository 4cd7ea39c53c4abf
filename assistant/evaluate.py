"""`assistant eval`: run a QA file through the public API and score it.

The metrics are those of the shared reference scorer (`score.py`), computed the same way so
the figures agree exactly: evidence_recall, cite_precision, answer_hit, cited_chars_mean,
abstain_ok, false_abstain; plus ask latency percentiles.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import string
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from assistant.api import Assistant

Span = tuple[Any, int, int]
_PUNCTUATION = set(string.punctuation + "“”’‘")


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def row_source(row: dict[str, Any]) -> str | None:
    """The document a row asks about: its `source`, else its first evidence span's."""
    if row.get("source"):
        return str(row["source"])
    first = row["evidence"][0][0] if row["evidence"] else None
    return first["source"] if isinstance(first, dict) else None


def choose(rows: list[dict[str, Any]], limit: int | None = None, sample: int | None = None,
           seed: int = 0) -> list[dict[str, Any]]:
    """The first `limit` rows, or a seeded random `sample` of them in file order."""
    if sample is not None and sample < len(rows):
        keep = sorted(random.Random(seed).sample(range(len(rows)), sample))
        rows = [rows[i] for i in keep]
    return rows[:limit] if limit is not None else rows


def run(bot: Assistant, rows: Iterable[dict[str, Any]],
        on_row: Callable[[], None] | None = None) -> tuple[list[dict[str, Any]], list[float]]:
    """Ask every row (earlier turns first, as history); results rows and ask latencies (ms)."""
    results, latencies = [], []
    for row in rows:
        history: list[dict[str, str]] = []
        answer = None
        for turn in row["turns"]:
            started = time.perf_counter()
            answer = bot.ask(turn, history)
            latencies.append((time.perf_counter() - started) * 1000)
            history += [{"role": "user", "content": turn},
                        {"role": "assistant", "content": answer.text}]
        assert answer is not None
        results.append({"id": row["id"], "text": answer.text, "abstained": answer.abstained,
                        "outcome": answer.outcome, "confidence": round(answer.confidence, 4),
                        "reason": answer.abstain_reason,
                        "citations": [{"source": c.source, "start": c.start, "end": c.end}
                                      for c in answer.citations]})
        if on_row:
            on_row()
    return results, latencies


def load_sources(path: Path) -> dict[str | None, str]:
    """Sources as the reference scorer reads them (one file: a single unnamed document)."""
    if path.is_file():
        return {None: path.read_text(encoding="utf-8")}
    return {f: (path / f).read_text(encoding="utf-8") for f in os.listdir(path)}


def _norm(s: str) -> str:
    s = "".join(ch for ch in s.lower() if ch not in _PUNCTUATION)
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def _evidence_spans(sources: dict[str | None, str], item: Any) -> list[Span]:
    if isinstance(item, dict):
        return [(item["source"], item["start"], item["end"])]
    ((name, text),) = sources.items()
    out, i = [], text.find(item)
    while i >= 0:
        out.append((name, i, i + len(item)))
        i = text.find(item, i + 1)
    return out


def _overlaps(c: Span, e: Span, single: bool) -> bool:
    same = single or os.path.basename(str(c[0])) == os.path.basename(str(e[0]))
    return same and min(c[2], e[2]) > max(c[1], e[1])


def found(sources: dict[str | None, str], row: dict[str, Any], cites: list[Span]) -> bool:
    """Whether `cites` overlap every evidence group of an answerable row."""
    single = len(sources) == 1
    groups = [[s for it in g for s in _evidence_spans(sources, it)] for g in row["evidence"]]
    return all(any(_overlaps(c, e, single) for c in cites for e in g) for g in groups)


def score(sources: dict[str | None, str], qa: list[dict[str, Any]],
          results: list[dict[str, Any]]) -> dict[str, Any]:
    """The reference metrics (same definitions and rounding as score.py)."""
    single = len(sources) == 1
    by_id = {r["id"]: r for r in results}
    recall, hit, chars = [], [], []
    precise = cited = wrong_abstain = right_abstain = unanswerable = missing = 0
    confident_hit = honest = confident_wrong = 0
    for q in qa:
        r = by_id.get(q["id"])
        if r is None:
            missing += 1
            r = {}
        cites = [(c.get("source"), c["start"], c["end"]) for c in r.get("citations", [])]
        outcome = r.get("outcome") or ("refused" if r.get("abstained") else "answer")
        if not q["answerable"]:
            unanswerable += 1
            right_abstain += bool(r.get("abstained"))
            honest += outcome in ("refused", "hedged")
            confident_wrong += outcome == "answer"
            continue
        wrong_abstain += bool(r.get("abstained"))
        every = [s for g in q["evidence"] for it in g for s in _evidence_spans(sources, it)]
        recall.append(found(sources, q, cites))
        confident_hit += outcome == "answer" and recall[-1]
        confident_wrong += outcome == "answer" and not recall[-1]
        for c in cites:
            cited += 1
            precise += any(_overlaps(c, e, single) for e in every)
        text = _norm(r.get("text", ""))
        hit.append(all(any(_norm(k) in text for k in g) for g in q["answer"]))
        chars.append(sum(e - s for _, s, e in cites))
    n = len(recall)
    total = n + unanswerable
    return {
        "answerable": n, "unanswerable": unanswerable, "missing": missing,
        "evidence_recall": round(sum(recall) / n, 3) if n else None,
        "cite_precision": round(precise / cited, 3) if cited else 0.0,
        "answer_hit": round(sum(hit) / n, 3) if n else None,
        "cited_chars_mean": round(statistics.mean(chars), 1) if chars else None,
        "abstain_ok": round(right_abstain / unanswerable, 3) if unanswerable else None,
        "false_abstain": round(wrong_abstain / n, 3) if n else None,
        "confident_hit": round(confident_hit / n, 3) if n else None,
        "honest_unanswerable": round(honest / unanswerable, 3) if unanswerable else None,
        "confident_wrong": round(confident_wrong / total, 3) if total else None,
    }


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def latency(latencies: list[float]) -> dict[str, float]:
    return {"ask_ms_p50": round(percentile(latencies, 50), 1),
            "ask_ms_p95": round(percentile(latencies, 95), 1)}


def write_results(results: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
