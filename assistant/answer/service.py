"""The assistant: builds the model, index and retriever once, then answers questions."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..config import Settings, Weights
from ..errors import AssistantError, UserInputError
from ..index.e5_numpy import NumpyE5Embedder
from ..index.embeddings import Embedder, SentenceTransformerEmbedder, create_embedder, create_gate_embedder
from ..index.keyword import tokens
from ..index.store import BuildReport, Record, Store, open_client
from ..ingest.chunking import Chunk, chunk_units, sentence_id, split_sentences
from ..ingest.report import PARSER_VERSION, Report, Unit, load_report
from .abstention import AbstainPolicy, years
from .answers import NOT_ANSWERED, Answer, Passage, format_quote
from .retrieval import Mode, Ranking, Retriever

log = logging.getLogger(__name__)

#: Bump when what is embedded for a chunk or a sentence changes.
EMBED_FORMAT = "1"
MAX_QUESTION_CHARS = 2000


class Assistant:
    """Question answering over the reports of ``settings.sources_dir``."""

    def __init__(
        self,
        settings: Settings,
        reports: Sequence[Report],
        chunks: Sequence[Chunk],
        store: Store,
        embedder: Embedder,
        gate: Embedder | None,
        policy: AbstainPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.reports = tuple(reports)
        self.chunks = tuple(chunks)
        self.store = store
        self.embedder = embedder
        self.gate = gate
        self.policy = policy or AbstainPolicy()
        self._retriever: Retriever | None = None
        self._sentences: dict[str, list[str]] = {c.id: split_sentences(c.text) for c in chunks}
        self._years = set().union(*(years(u.text) for u in self.units))

    @property
    def units(self) -> list[Unit]:
        """Every unit of every report, in reading order."""
        return [u for r in self.reports for u in r.units]

    def build_index(self, rebuild: bool = False) -> BuildReport:
        """Build the index if it is missing or stale (or always, with ``rebuild``)."""
        report = self.store.ensure(self._records, rebuild=rebuild)
        self._retriever = None
        return report

    def _records(self) -> dict[str, list[Record]]:
        texts = [c.embed_text for c in self.chunks]
        records = {"dense": self._chunk_records(self.embedder.embed(texts, "passage"))}
        if self.gate is not None:
            records["gate"] = self._chunk_records(self.gate.embed(texts, "passage"))
        sentences = [(c, i, s) for c in self.chunks for i, s in enumerate(self._sentences[c.id])]
        vectors = self.embedder.embed([s for _, _, s in sentences], "passage")
        records["sentences"] = [
            Record(sentence_id(c.id, i), v, s, {"chunk": c.id, "ref": c.unit.ref, "i": i})
            for (c, i, s), v in zip(sentences, vectors, strict=True)
        ]
        return records

    def _chunk_records(self, vectors: np.ndarray) -> list[Record]:
        return [
            Record(
                c.id,
                v,
                c.text,
                {"doc_id": c.unit.doc_id, "ref": c.unit.ref, "section": c.unit.section, "piece": c.piece},
            )
            for c, v in zip(self.chunks, vectors, strict=True)
        ]

    @property
    def retriever(self) -> Retriever:
        """The retriever over a complete index (building the index first if needed)."""
        if self._retriever is None:
            if not self.store.is_complete():
                log.info("index missing or stale: building it")
                self.build_index()
            self._retriever = Retriever(
                self.chunks, self.store, self.embedder, self.gate, self.settings.weights
            )
        return self._retriever

    def rank(self, question: str, mode: Mode = "hybrid", weights: Weights | None = None) -> Ranking:
        """Rank the units for a question (no abstention, no answer text)."""
        return self.retriever.rank(check_question(question), mode, weights)

    def ask(self, question: str, k: int | None = None, mode: Mode = "hybrid") -> Answer:
        """Answer a question with the report's own words and their citations.

        Args:
            question: In French or English; "paragraphe 18" or "R7" look a unit up.
            k: How many passages to return (default ``settings.k``).
            mode: Retrieval variant; only evaluation uses anything but ``hybrid``.

        Raises:
            UserInputError: the question is empty or too long, or k is not positive.
        """
        question = check_question(question)
        k = self.settings.k if k is None else k
        if k < 1:
            raise UserInputError(f"k must be at least 1 (got {k}).")
        ranking = self.retriever.rank(question, mode)
        passages = tuple(Passage(h.chunk.unit, h.chunk.text, h.score) for h in ranking.hits[:k])
        if not passages:
            return Answer(question, NOT_ANSWERED, "", True, passages)
        top = ranking.hits[0].chunk
        quote = top.unit.text if ranking.signals.lookup else self._best_sentences(question, top, ranking)
        if self.policy.abstains(question, ranking.signals, quote, self._years):
            return Answer(question, NOT_ANSWERED, "", True, passages)
        return Answer(question, format_quote(quote, top.unit.ref), quote, False, passages)

    def _best_sentences(self, question: str, chunk: Chunk, ranking: Ranking) -> str:
        """The sentence of the chunk that answers best (two when the best one is very short)."""
        sentences = self._sentences[chunk.id]
        if len(sentences) <= 1:
            return chunk.text
        terms = set(self.retriever.keywords.resolve(question))
        scores = [
            ranking.sentence_scores.get(sentence_id(chunk.id, i), 0.0) + 0.03 * len(terms & set(tokens(s)))
            for i, s in enumerate(sentences)
        ]
        best = int(np.argmax(scores))
        quote = sentences[best]
        if len(quote) < 60 and best + 1 < len(sentences):
            quote = f"{quote} {sentences[best + 1]}"
        return quote


def check_question(question: str) -> str:
    """The question with its white space normalised.

    Raises:
        UserInputError: the question is empty or too long.
    """
    question = " ".join((question or "").split())
    if not question:
        raise UserInputError("The question is empty: type a question about the report.")
    if len(question) > MAX_QUESTION_CHARS:
        raise UserInputError(
            f"The question is {len(question)} characters long; keep it under {MAX_QUESTION_CHARS}."
        )
    return question


def load_reports(settings: Settings) -> list[Report]:
    """Parse every ``*.txt`` report of the sources folder.

    Raises:
        AssistantError: the folder holds no report.
    """
    paths = sorted(settings.sources_dir.glob("*.txt"))
    if not paths:
        raise AssistantError(
            f"No report found in {settings.sources_dir}: put the report's text (*.txt) there "
            "or set ASSISTANT_SOURCES_DIR."
        )
    return [load_report(p) for p in paths]


def fingerprint(reports: Sequence[Report], model_ids: Sequence[str], max_tokens: int) -> dict[str, str]:
    """What the index is built from; any change in it means a rebuild."""
    manifest = {
        "reports": ",".join(f"{r.doc_id}={r.sha256[:16]}" for r in reports),
        "models": ",".join(model_ids),
        "parser": PARSER_VERSION,
        "embed_format": EMBED_FORMAT,
        "max_chunk_tokens": str(max_tokens),
    }
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()
    return {**manifest, "fingerprint": digest}


def create_assistant(
    settings: Settings | None = None,
    embedder: SentenceTransformerEmbedder | NumpyE5Embedder | None = None,
    gate: Embedder | None = None,
    client: Any = None,
) -> Assistant:
    """Build the assistant: parse the reports, load the models, open the index.

    The index is built (or rebuilt, when the reports, models or parser changed) at
    the first question, or explicitly with ``Assistant.build_index``.

    Args:
        settings: Defaults to ``Settings.from_env()``.
        embedder: A loaded dense model to reuse (else the one ``settings.model`` names).
        gate: A loaded gate encoder to reuse (else the one ``settings.gate_model`` names).
        client: A Chroma client to use (else one from ``settings``).
    """
    settings = settings or Settings.from_env()
    started = time.perf_counter()
    reports = load_reports(settings)
    embedder = embedder or create_embedder(settings)
    if gate is None:
        gate = create_gate_embedder(settings)
    max_tokens = min(settings.max_chunk_tokens, embedder.max_tokens)
    chunks = chunk_units([u for r in reports for u in r.units], embedder.count_tokens, max_tokens)
    model_ids = [embedder.model_id] + ([gate.model_id] if gate else [])
    manifest = fingerprint(reports, model_ids, max_tokens)
    digest = manifest.pop("fingerprint")
    client = client or open_client(settings.data_dir, settings.chroma_url)
    store = Store(client, settings.collection, digest, manifest)
    log.info("assistant ready in %.1f s", time.perf_counter() - started)
    return Assistant(settings, reports, chunks, store, embedder, gate)
