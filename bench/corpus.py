"""Benchmark corpora: SQuAD sentences and distinct variants of them, the tutorial chunker."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from index import sentences

SQUAD = Path(__file__).resolve().parent / "data" / "squad"
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def squad_files(limit: int | None = None) -> list[Path]:
    files = sorted(SQUAD.glob("*.txt"))
    return files[:limit] if limit else files


_CLAUSE = re.compile(r"([,;:])")
_END = re.compile(r"[.!?]+$")


def variant(sentence: str, rng: random.Random) -> str:
    """The sentence with its words shuffled within each clause (commas, semicolons and
    colons stay where they are), so it is new text of the same length and vocabulary."""
    body = _END.sub("", sentence.strip())
    parts = _CLAUSE.split(body)
    out = []
    for part in parts:
        words = part.split()
        if len(words) > 1:
            rng.shuffle(words)
        out.append(" ".join(words))
    text = " ".join(p for p in out if p).replace(" ,", ",").replace(" ;", ";").replace(" :", ":")
    # No '.' inside, so the splitter sees one sentence (abbreviations lose their dots).
    text = text.replace(".", "").replace("?", "").replace("!", "")
    return (text[:1].upper() + text[1:] + ".") if text else ""


def distinct_corpus(folder: Path, units: int, seed: int = 13) -> int:
    """Write about `units` distinct sentences into `folder`: the SQuAD articles' own
    sentences first, then shuffled variants of them (round after round), each text kept
    only if it was not written before, so that every unit must be encoded. Each source
    file holds one article's sentences of one round, five to a paragraph."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    articles = [(f.stem, [f.read_text(encoding="utf-8")[s.start:s.end]
                          for s in sentences.split(f.read_text(encoding="utf-8"))
                          if s.kind == "body"]) for f in squad_files()]
    seen: set[str] = set()
    written, round_ = 0, 0
    while written < units:
        for name, originals in articles:
            chosen = []
            for text in originals:
                candidate = text if round_ == 0 else variant(text, rng)
                key = candidate.lower()
                if candidate and key not in seen and len(candidate.split()) >= 3:
                    seen.add(key)
                    chosen.append(candidate)
                if written + len(chosen) >= units:
                    break
            if chosen:
                paragraphs = [" ".join(chosen[i:i + 5]) for i in range(0, len(chosen), 5)]
                (folder / f"r{round_:03d}-{name}.txt").write_text(
                    "\n\n".join(paragraphs) + "\n", encoding="utf-8")
                written += len(chosen)
            if written >= units:
                break
        round_ += 1
        if round_ > 1000:
            raise RuntimeError("cannot make that many distinct sentences")
    return written


def subset_corpus(folder: Path, files: list[Path]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for f in files:
        shutil.copy(f, folder / f.name)


def chunk_text(text: str, size: int = 1000, overlap: int = 200) -> list[tuple[int, str]]:
    """(start, chunk) pieces of at most `size` characters overlapping by about `overlap`,
    cut at a paragraph, line, sentence or word break when one is in the second half of the
    window: what LangChain's tutorial gets from RecursiveCharacterTextSplitter(1000, 200)."""
    chunks: list[tuple[int, str]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + size // 2, end)
                if cut != -1:
                    end = cut + len(sep)
                    break
        piece = text[start:end].strip()
        if piece:
            chunks.append((start, piece))
        if end >= n:
            break
        nxt = max(end - overlap, start + 1)
        space = text.find(" ", nxt, end)
        start = space + 1 if space != -1 else nxt
    return chunks
