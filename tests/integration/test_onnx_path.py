"""The torch-free query path: ONNX vectors equal torch's, exports are checked, and a cold
`assistant ask` imports neither torch nor sentence-transformers (nor gradio, langchain,
chromadb or scipy: the seed's generation answers from its own vectors)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import onnxruntime
import pytest

from assistant import Assistant
from bench.corpus import distinct_corpus, squad_files
from index import SentenceEmbeddings, onnx_export
from index.builder import split_document
from index.sources import read_document
from tests.support.env import child_env
from tests.support.paths import ARTICLE
from tests.support.threads import run_together

ROOT = Path(__file__).resolve().parents[2]
ENV = child_env(PYTHONPATH=str(ROOT))
FORBIDDEN = ("torch", "sentence_transformers", "transformers", "gradio", "langchain_chroma",
             "langchain_core", "chromadb", "scipy")


@pytest.fixture(scope="module")
def onnx_embeddings(tmp_path_factory: pytest.TempPathFactory) -> SentenceEmbeddings:
    emb = SentenceEmbeddings(export_dir=tmp_path_factory.mktemp("models"))
    assert emb.backend == "onnx"
    return emb


def _sentences(path: Path) -> list[str]:
    doc = read_document(path, path.parent)
    assert doc is not None
    return [u.text for u in split_document(doc)[0]]


def test_onnx_vectors_match_torch_on_seed_and_squad(onnx_embeddings: SentenceEmbeddings,
                                                   embeddings: SentenceEmbeddings) -> None:
    seed = _sentences(ARTICLE)
    squad = [s for f in squad_files() for s in _sentences(f)][:1000]
    assert len(squad) == 1000
    texts = seed + squad + ["a question", "x" * 5000]  # and one cut at 256 tokens
    torch_vectors = embeddings.model.encode(texts, normalize_embeddings=True,
                                            convert_to_numpy=True, batch_size=64)
    batch = onnx_embeddings.encode(texts)  # chunks on the batch threads
    single = np.stack([onnx_embeddings.encode([t])[0] for t in seed])  # the query path
    cos = np.sum(batch * torch_vectors, axis=1)
    assert cos.min() >= 0.999, (cos.argmin(), texts[int(cos.argmin())][:80], cos.min())
    assert np.sum(single * torch_vectors[:len(seed)], axis=1).min() >= 0.999
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    assert onnx_embeddings.dimension == 384 == batch.shape[1]


def test_token_vectors_match_torch_and_are_kept(onnx_embeddings: SentenceEmbeddings) -> None:
    """Late interaction's token vectors: the same on both paths, special tokens left out."""
    texts = [*_sentences(ARTICLE)[:8], "When did he visit?"]
    on_torch = SentenceEmbeddings()  # no export folder: sentence-transformers
    onnx, torch = onnx_embeddings.token_vectors(texts), on_torch.token_vectors(texts)
    assert on_torch.backend == "torch"
    for a, b, text in zip(onnx, torch, texts, strict=True):
        assert a.shape == b.shape and a.shape[0] >= len(text.split()) // 2, (a.shape, b.shape)
        assert np.sum(a * b, axis=1).min() >= 0.999
        assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert len(onnx[-1]) == 5  # when did he visit ?: no [CLS], no [SEP]
    again = onnx_embeddings.token_vectors(texts[:2])  # kept: the same arrays come back
    assert again[0] is onnx[0] and again[1] is onnx[1]


def test_vectors_and_token_states_come_from_one_run(onnx_embeddings: SentenceEmbeddings,
                                                    embeddings: SentenceEmbeddings) -> None:
    """What the index encodes (a batch, chunked over threads) and what a question encodes
    (`keep`): the vectors `encode` gives and the token states `token_vectors` gives, row for
    row, on the ONNX path and on torch."""
    texts = _sentences(ARTICLE) * 3  # more than a chunk: the batch path
    vectors, states = onnx_embeddings.encode_tokens(texts)
    assert np.allclose(vectors, onnx_embeddings.encode(texts), atol=1e-6)
    for got, want in zip(states, onnx_embeddings.token_vectors(texts), strict=True):
        assert got.shape == want.shape and np.allclose(got, want, atol=1e-5)
    torch_vectors, torch_states = SentenceEmbeddings(embeddings.model_name).encode_tokens(
        texts[:3])
    assert np.sum(torch_vectors * vectors[:3], axis=1).min() >= 0.999
    assert all(a.shape == b.shape for a, b in zip(torch_states, states, strict=False))
    fresh = SentenceEmbeddings(export_dir=onnx_embeddings.export_dir)
    _, (asked,) = fresh.encode_tokens(["When did he visit?"], keep=True)
    assert fresh.token_vectors(["When did he visit?"])[0] is asked  # kept, not encoded again


def test_concurrent_token_vectors_agree(tmp_path: Path) -> None:
    """Sixteen threads asking for the same and different texts' token vectors at once: the
    kept ones are shared safely and every result equals one thread's."""
    emb = SentenceEmbeddings(export_dir=tmp_path)
    texts = _sentences(ARTICLE)
    expected = [v.copy() for v in SentenceEmbeddings(export_dir=tmp_path).token_vectors(texts)]
    results: dict[int, list[np.ndarray]] = {}

    def work(n: int) -> None:
        order = texts[n % 5:] + texts[:n % 5]
        got = dict(zip(order, emb.token_vectors(order), strict=True))
        results[n] = [got[t] for t in texts]

    assert run_together(16, work) == [] and len(results) == 16
    for vectors in results.values():
        for a, b in zip(vectors, expected, strict=True):
            assert a.shape == b.shape and np.allclose(a, b, atol=1e-5)


def test_concurrent_encodes_agree_with_one_thread(onnx_embeddings: SentenceEmbeddings) -> None:
    texts = _sentences(ARTICLE)
    expected = onnx_embeddings.encode(texts)
    results: dict[int, np.ndarray] = {}

    def work(n: int) -> None:
        results[n] = np.stack([onnx_embeddings.encode([t])[0] for t in texts])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8
    for vectors in results.values():
        assert np.sum(vectors * expected, axis=1).min() >= 0.99999


def test_a_stale_export_is_made_again(tmp_path: Path) -> None:
    spec = onnx_export.ModelSpec.read(SentenceEmbeddings().model_name)
    folder, first = onnx_export.ensure(tmp_path, spec)
    assert onnx_export.current(folder, spec) == first
    assert first.weights_sha256 == onnx_export.sha256_of(spec.weights_path)
    # Weights that no longer match what was exported: the manifest says other weights.
    raw = json.loads((folder / "manifest.json").read_text())
    raw.update(weights_sha256="0" * 64, weights_size=raw["weights_size"] + 1)
    (folder / "manifest.json").write_text(json.dumps(raw))
    assert onnx_export.current(folder, spec) is None
    before = (folder / "model.onnx").stat().st_mtime_ns
    _, again = onnx_export.ensure(tmp_path, spec)
    assert again.weights_sha256 == first.weights_sha256
    assert (folder / "model.onnx").stat().st_mtime_ns != before
    # The graph is saved optimized by one onnxruntime: another one makes it stale.
    raw = json.loads((folder / "manifest.json").read_text())
    assert raw["onnxruntime"] == onnxruntime.__version__
    (folder / "manifest.json").write_text(json.dumps(dict(raw, onnxruntime="0.0.1")))
    assert onnx_export.current(folder, spec) is None
    (folder / "manifest.json").write_text(json.dumps(raw))
    assert onnx_export.current(folder, spec) == again
    # An export without its model file is not used either.
    (folder / "model.onnx").unlink()
    assert onnx_export.current(folder, spec) is None


def test_an_unsupported_model_is_said_so(tmp_path: Path) -> None:
    with pytest.raises(onnx_export.UnsupportedModel):
        onnx_export.ModelSpec.read(tmp_path)
    emb = SentenceEmbeddings(str(tmp_path / "nowhere"), export_dir=tmp_path)
    assert emb.onnx is None  # encodes with sentence-transformers instead


_AUDIT = ("import sys\n"
          "from ui.cli import main\n"
          "code = main(sys.argv[1:])\n"
          "loaded = sorted({m.split('.')[0] for m in sys.modules} & set(%r))\n"
          "print('LOADED', ' '.join(loaded))\n"
          "sys.exit(code)\n")


def test_cold_ask_imports_only_what_it_needs(tmp_path: Path) -> None:
    common = ["--sources", str(ARTICLE.parent), "--data-dir", str(tmp_path)]
    built = subprocess.run([sys.executable, "-m", "ui", "index", *common],
                           capture_output=True, text=True, env=ENV, timeout=300)
    assert built.returncode == 0, built.stderr
    asked = subprocess.run([sys.executable, "-c", _AUDIT % (FORBIDDEN,), "ask",
                            "When did Lloyd Austin visit Cambodia?", *common],
                           capture_output=True, text=True, env=ENV, timeout=120)
    assert asked.returncode == 0, asked.stderr
    assert "June 4, 2024" in asked.stdout
    assert asked.stdout.strip().splitlines()[-1] == "LOADED", asked.stdout


def test_warm_loads_the_onnx_model(bot: Assistant) -> None:
    bot.warm()
    assert bot.embeddings.backend == "onnx"
    assert bot.embeddings.onnx is not None


def test_the_scale_corpus_is_distinct(tmp_path: Path) -> None:
    written = distinct_corpus(tmp_path / "src", 3000)
    texts = [u.text for f in sorted((tmp_path / "src").glob("*.txt"))
             for u in split_document(read_document(f, tmp_path / "src"))[0]]  # type: ignore[arg-type]
    assert written == 3000
    assert len(texts) >= 0.97 * written
    assert len(set(texts)) == len(texts)  # every unit is encoded: none repeats
