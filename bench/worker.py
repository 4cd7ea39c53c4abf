"""One measurement in a fresh process, so memory peaks and cold costs are its own.

    python -m bench.worker MODE JSON-ARGS      # prints one line: BENCH-RESULT {...}

Modes: `throughput` (full build vs raw encode of the same sentences, torch and ONNX),
`build` (index a corpus), `serve` (load a built index, answer questions: latency quiet and
under a CPU hog next to the query-embedding floors, peak memory, LangChain's tutorial
retrieval for comparison).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import chunk_text
from bench.hog import cpu_hog
from bench.stats import MARK, clock, peak_rss_mb, percentile, summary_ms
from index import Builder, SentenceEmbeddings, VectorStore
from index.builder import split_document
from index.sources import iter_source_files, read_document, sources_root


def _models(data: Path) -> Path:
    """Where an Assistant on `data` keeps the model folder and its export (the data home's,
    shared by every data folder): a later `assistant ask` then finds both current (the export
    is keyed by the model folder's path)."""
    from assistant import Settings

    return Settings(data_dir=data).models_dir()


class TimedEmbeddings(SentenceEmbeddings):
    """SentenceEmbeddings that add up how long encoding took and how many texts it saw."""

    def __init__(self, data: Path) -> None:
        super().__init__(export_dir=_models(data), cache_dir=_models(data))
        self.seconds = 0.0
        self.texts = 0

    def encode(self, texts: list[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        started = time.perf_counter()
        try:
            return super().encode(texts)
        finally:
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)


def floor(emb: SentenceEmbeddings, question: str) -> None:
    """The query-embedding floor: sentence-transformers' encode of the question, normalized
    (torch with its default threads, as a user of sentence-transformers gets it)."""
    emb.model.encode([question], normalize_embeddings=True, convert_to_numpy=True,
                     show_progress_bar=False)


def onnx_floor(emb: SentenceEmbeddings, question: str) -> None:
    """The same on the ONNX query path (one intra-op thread): what an ask itself pays."""
    assert emb.onnx is not None
    emb.onnx.encode([question])


def corpus_texts(sources: Path) -> list[str]:
    root = sources_root(sources)
    docs = [d for f in iter_source_files(sources) if (d := read_document(f, root)) is not None]
    return [u.text for d in docs for u in split_document(d)[0]]


def build(args: dict[str, Any]) -> dict[str, Any]:
    """Index a corpus; with `raw_sample` N, also encode N of its sentences (spread over the
    corpus) with the bare ONNX encoder just before and just after, so the build rate is
    compared with the raw rate of the same minutes."""
    sources, data = Path(args["sources"]), Path(args["data"])
    emb = TimedEmbeddings(data)
    with clock() as export:
        emb.warm()  # the ONNX export, once per data folder: not part of the build figures
    raw: list[float] = []
    sample: list[str] = []
    if args.get("raw_sample"):
        texts = corpus_texts(sources)
        sample = texts[:: max(1, len(texts) // int(args["raw_sample"]))][: args["raw_sample"]]
        raw.append(_raw_onnx_seconds(emb, sample))
    emb.seconds = emb.texts = 0  # type: ignore[assignment]
    started = time.perf_counter()
    store = VectorStore(emb, "article-units", path=data / "chroma")
    upsert = store.upsert
    spent = {"upsert_s": 0.0}

    def timed_upsert(*a: Any, **k: Any) -> None:
        t0 = time.perf_counter()
        upsert(*a, **k)
        spent["upsert_s"] += time.perf_counter() - t0

    store.upsert = timed_upsert  # type: ignore[method-assign]
    _, report = Builder(sources, data, emb, store).refresh()
    seconds = time.perf_counter() - started
    out = {"units": report.units, "embedded": report.embedded, "encoded_texts": emb.texts,
           "seconds": round(seconds, 2), "encode_s": round(emb.seconds, 2),
           "upsert_s": round(spent["upsert_s"], 2),
           # The upserts run on the builder's writer thread beside the encode: the rest is
           # what is neither encoding nor overlapped (BM25, saving, waiting for the store).
           "other_s": round(seconds - emb.seconds, 2),
           "backend": emb.backend, "export_or_load_s": round(export.wall, 2),
           "memory": peak_rss_mb()}
    if sample:
        raw.append(_raw_onnx_seconds(emb, sample))
        out["raw_onnx"] = {"texts": len(sample), "runs_s": [round(r, 2) for r in raw],
                           "per_s": round(len(sample) / (sum(raw) / len(raw)), 1)}
    return out


def _raw_onnx_seconds(emb: SentenceEmbeddings, texts: list[str]) -> float:
    assert emb.onnx is not None
    with clock() as c:
        emb.onnx.encode_batch(texts)
    return c.wall


def throughput(args: dict[str, Any]) -> dict[str, Any]:
    """A full build of a corpus, between two raw encodes of the same sentence texts (the
    floor; their mean, so a change in machine load mid-run does not favour either side).
    Wall time is the figure; process CPU time (all threads) is shown as a load-proof check."""
    sources, data = Path(args["sources"]), Path(args["data"])
    texts = corpus_texts(sources)
    emb = _embeddings(data)
    emb.warm()  # exports the model (the build below finds it current)
    emb.model.encode(["warm up"])

    def raw_torch() -> tuple[float, float]:
        with clock() as c:
            emb.model.encode(texts, batch_size=emb.batch_size, normalize_embeddings=True,
                             convert_to_numpy=True, show_progress_bar=False)
        return c.wall, c.cpu

    def raw_onnx() -> tuple[float, float]:
        assert emb.onnx is not None
        with clock() as c:
            emb.onnx.encode_batch(texts)
        return c.wall, c.cpu

    # Each raw encode before and after the build (their mean), so that a change in machine
    # load mid-run does not favour either side.
    before = raw_torch(), raw_onnx()
    with clock() as c:
        built = build(args)
    after = raw_torch(), raw_onnx()

    def rates(i: int) -> dict[str, Any]:
        wall, cpu = (before[i][0] + after[i][0]) / 2, (before[i][1] + after[i][1]) / 2
        return {"runs_s": [round(before[i][0], 2), round(after[i][0], 2)],
                "per_s": round(len(texts) / wall, 1), "per_cpu_s": round(len(texts) / cpu, 1)}

    torch_rate, onnx_rate = rates(0), rates(1)
    return {"sentences": len(texts), "unique_sentences": len(set(texts)),
            "batch_size": emb.batch_size, "raw_torch": torch_rate, "raw_onnx": onnx_rate,
            "faster": "onnx" if onnx_rate["per_s"] >= torch_rate["per_s"] else "torch",
            "build": built, "build_sentences_per_s": round(built["units"] / c.wall, 1),
            "build_sentences_per_cpu_s": round(built["units"] / c.cpu, 1)}


def _embeddings(data: Path) -> SentenceEmbeddings:
    return SentenceEmbeddings(export_dir=_models(data), cache_dir=_models(data))


def _assistant(args: dict[str, Any], emb: SentenceEmbeddings) -> Any:
    from assistant import Assistant, Settings

    return Assistant(args["sources"], args["data"], settings=Settings(), embeddings=emb)


def serve(args: dict[str, Any]) -> dict[str, Any]:
    """Load (or build) the index like a serving process, then answer questions."""
    questions: list[str] = args["questions"]
    rounds: int = args.get("rounds", 3)
    started = time.perf_counter()
    emb = _embeddings(Path(args["data"]))
    bot = _assistant(args, emb)
    load_s = time.perf_counter() - started
    bot.warm()  # what a server does before it listens
    for q in questions[:3]:
        bot.ask(q)
    # Serving memory before torch is loaded for the floor: the server never loads it.
    timed_rounds(bot, emb, questions, 1, floor=onnx_floor)
    memory = peak_rss_mb()
    floors, asks, onnx_floors, abstained = timed_rounds(bot, emb, questions, rounds,
                                                        also=lambda q: onnx_floor(emb, q))
    out: dict[str, Any] = {
        "units": len(bot.catalog.units), "load_s": round(load_s, 2),
        "built": bool(bot.last_refresh and bot.last_refresh.embedded),
        "backend": emb.backend,
        "ask": summary_ms(asks), "floor": summary_ms(floors),
        "onnx_floor": summary_ms(onnx_floors),
        "paired_ratio_p50": round(percentile([a / f for a, f in zip(asks, floors,
                                                                     strict=True)], 50), 3),
        "best_of_rounds": best_of_rounds(asks, floors, len(questions)),
        "abstained": abstained / max(len(asks), 1),
        "breakdown": breakdown(bot, questions), "memory": memory}
    if args.get("hog"):
        with cpu_hog() as hogs:
            floors, asks, onnx_floors, _ = timed_rounds(bot, emb, questions, rounds,
                                                        also=lambda q: onnx_floor(emb, q))
        out["hog"] = {"processes": hogs, "ask": summary_ms(asks), "floor": summary_ms(floors),
                      "onnx_floor": summary_ms(onnx_floors)}
    if args.get("langchain"):
        out["langchain"] = langchain_compare(bot, emb, questions, rounds)
    return out


def timed_rounds(bot: Any, emb: SentenceEmbeddings, questions: list[str], rounds: int,
                 also: Callable[[str], object] | None = None,
                 floor: Callable[[SentenceEmbeddings, str], None] = floor
                 ) -> tuple[list[float], list[float], list[float], int]:
    """Per question and round, interleaved: the floor, the ask, and `also` if given.
    Returns (floors, asks, also's times, answers that abstained)."""
    floors: list[float] = []
    asks: list[float] = []
    others: list[float] = []
    abstained = 0
    for _ in range(rounds):
        for q in questions:
            with clock() as c:
                floor(emb, q)
            floors.append(c.wall)
            with clock() as c:
                answer = bot.ask(q)
            asks.append(c.wall)
            abstained += answer.abstained
            if also is not None:
                with clock() as c:
                    also(q)
                others.append(c.wall)
    return floors, asks, others, abstained


def best_of_rounds(asks: list[float], floors: list[float], per_round: int) -> dict[str, float]:
    """Each question's fastest ask and fastest floor over the rounds, then the median over
    questions: what the machine does when other work leaves it alone."""
    def best(values: list[float]) -> float:
        fastest = [min(values[q::per_round]) for q in range(per_round)]
        return percentile(fastest, 50) * 1000

    ask, floor_ms = best(asks), best(floors)
    return {"ask_ms": round(ask, 2), "floor_ms": round(floor_ms, 2),
            "ratio": round(ask / floor_ms, 3)}


def breakdown(bot: Any, questions: list[str]) -> dict[str, float]:
    """Median ms of the retrieval steps one ask makes, to see where the time goes."""
    parts: dict[str, list[float]] = {"encode": [], "dense_query": [], "lexical_top": [],
                                     "neighbour_vectors": [], "search": []}
    searcher, k = bot.searcher, bot.searcher.k
    nearest = searcher.store  # the generation's own vectors, or Chroma for a large index
    for q in questions:
        with clock() as c:
            vector = bot.embeddings.encode([q])[0]
        parts["encode"].append(c.wall)
        with clock() as c:
            hits = nearest.query(vector, k + 8)
        parts["dense_query"].append(c.wall)
        with clock() as c:
            bot.catalog.lexical.top(q, k + 8)
        parts["lexical_top"].append(c.wall)
        ids = [i for i, _ in hits][: 3 * k]
        with clock() as c:
            nearest.vectors(ids)
        parts["neighbour_vectors"].append(c.wall)
        with clock() as c:
            searcher.search(q)
        parts["search"].append(c.wall)
    return {name: summary_ms(values)["p50_ms"] for name, values in parts.items()}


def langchain_compare(bot: Any, emb: SentenceEmbeddings, questions: list[str],
                      rounds: int) -> dict[str, Any]:
    """LangChain's tutorial retrieval (1000/200 chunks, Chroma, similarity_search k=4) on the
    same documents with the same model, timed interleaved with ask and the floor."""
    import chromadb
    from chromadb.config import Settings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document

    from index.langchain_embeddings import LangChainEmbeddings

    docs = []
    for source in bot.sources:
        for start, piece in chunk_text(bot.document(source)):
            docs.append(Document(page_content=piece, metadata={"source": source,
                                                                "start_index": start}))
    client = chromadb.EphemeralClient(settings=Settings(anonymized_telemetry=False))
    vs = Chroma(client=client, collection_name="bench-langchain-tutorial",
                embedding_function=LangChainEmbeddings(emb), collection_configuration={"hnsw": {"space": "cosine"}})
    vs.add_documents(docs)
    vs.similarity_search(questions[0], k=4)
    floors, asks, lc, _ = timed_rounds(bot, emb, questions, rounds,
                                       also=lambda q: vs.similarity_search(q, k=4))
    return {"chunks": len(docs), "similarity_search": summary_ms(lc), "ask": summary_ms(asks),
            "floor": summary_ms(floors)}


MODES = {"build": build, "throughput": throughput, "serve": serve}


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    mode, args = argv[0], json.loads(argv[1])
    result = MODES[mode](args)
    print(MARK + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
