"""The numpy query path gives the sentence-transformers vectors and token counts, without torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant import Report
from assistant.config import project_root
from assistant.index.e5_numpy import NumpyE5Embedder
from assistant.index.embeddings import SentenceTransformerEmbedder
from assistant.ingest.chunking import split_sentences


def _questions() -> list[str]:
    lines = (project_root() / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()][:40]


@pytest.fixture(scope="module")
def sentences(report: Report) -> list[str]:
    return [s for u in report.units for s in split_sentences(u.text)]


def test_query_vectors_match_sentence_transformers(
    embedder: NumpyE5Embedder, torch_embedder: SentenceTransformerEmbedder, sentences: list[str]
) -> None:
    texts = _questions() + sentences[:60] + ["", "é" * 700]  # empty, and one past 512 tokens
    ours = embedder.embed(texts, "query")
    theirs = torch_embedder.embed(texts, "query")
    cosines = (ours * theirs).sum(axis=1)
    assert ours.dtype == np.float32 and ours.shape == theirs.shape
    assert cosines.min() >= 0.9999, [t for t, c in zip(texts, cosines, strict=True) if c < 0.9999]


def test_passage_encoding_matches_on_every_unit(
    embedder: NumpyE5Embedder, torch_embedder: SentenceTransformerEmbedder, report: Report
) -> None:
    texts = [u.text for u in report.units]
    ours = np.stack([embedder.model.encode("passage: " + t) for t in texts])
    cosines = (ours * torch_embedder.embed(texts, "passage")).sum(axis=1)
    assert cosines.min() >= 0.9999


def test_token_counts_match(
    embedder: NumpyE5Embedder,
    torch_embedder: SentenceTransformerEmbedder,
    report: Report,
    sentences: list[str],
) -> None:
    texts = [u.text for u in report.units] + sentences + _questions()
    assert [embedder.count_tokens(t) for t in texts] == [torch_embedder.count_tokens(t) for t in texts]
    assert embedder.max_tokens == torch_embedder.max_tokens


def test_python_tokenizer_gives_the_tokenizers_ids(
    embedder: NumpyE5Embedder, report: Report, sentences: list[str]
) -> None:
    """The plain-Python Unigram search gives the ids of the folder's ``tokenizer.json``."""
    from assistant.index.e5_numpy import fast_tokenizer

    model = embedder.model
    assert model._unigram is not None
    tokenizer, char_map = fast_tokenizer(model._tokenizer_path)
    edge = [
        "",
        " ",
        "  a  b  ",
        " lead",
        "trail ",
        "\t\n x  y \r",
        "ＡＢＣ　ｄｅｆ ½ ﬁ",
        "Туркеза",
        "توركيسا",
    ]
    edge += [
        "图尔克萨是什么？",
        "😀 ☃ 𝔘𝔫𝔦",
        "a\u0301e\u0300",
        "\u200b zero",
        "▁▁ meta▁space",
        "\x00\x01",
        "é" * 700,
    ]
    texts = [u.text for u in report.units] + sentences + _questions() + edge
    texts += ["query: " + t for t in texts]
    assert [model._unigram.ids(t) for t in texts] == [
        list(tokenizer.encode(t.translate(char_map)).ids) for t in texts
    ]
    assert model._unigram.ids("a <s> b") is None  # special tokens spelt out: tokenizers decides
    assert model.all_token_ids("a <s> b") == list(tokenizer.encode("a <s> b".translate(char_map)).ids)


def test_asking_imports_no_torch(model_cache: Path) -> None:
    """A question embedded through the default embedder leaves torch and transformers unimported."""
    code = (
        "import sys; from assistant import Settings; from assistant.index.embeddings import create_embedder\n"
        f"e = create_embedder(Settings.from_env(env={{'ASSISTANT_CACHE_DIR': {str(model_cache)!r}}}))\n"
        "v = e.embed(['Qu’est-ce que l’opération Turquesa ?'], 'query'); assert v.shape == (1, 384)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'torch', 'transformers', 'sentence_transformers', 'gradio', 'langchain_text_splitters'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=project_root()
    )
    assert out.stdout.strip() == "[]"
