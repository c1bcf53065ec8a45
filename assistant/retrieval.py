"""Rank the report's units for a question: direct lookups, dense, keyword and gate signals fused."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .chunking import Chunk
from .embeddings import Embedder
from .keyword import KeywordIndex, fold
from .store import Store

Mode = Literal["hybrid", "dense", "keyword", "gate"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "keyword", "gate")

_LOOKUP = re.compile(
    r"(?:\b(?P<pkind>paragraphe|paragraph|para|par)\.?\s*|§\s*)(?P<para>\d{1,3})\b"
    r"|\b(?:recommandation|recommendation|recomendation|recommandations|rec)\.?\s*(?P<rec>\d{1,2})\b"
    r"|\br\s?(?P<r>\d{1,2})\b"
)


@dataclass(frozen=True)
class Hit:
    """A unit ranked for a question, with the chunk that matched best and its score."""

    chunk: Chunk
    score: float

    @property
    def unit_ref(self) -> str:
        """The citation of the unit."""
        return self.chunk.unit.ref


@dataclass(frozen=True)
class Signals:
    """How strongly the report supports a question, from independent sources.

    Attributes:
        lookup: The question names a unit directly ("paragraphe 18", "R7").
        dense_top: Best cosine of the dense model.
        gate_top: Best cosine of the gate encoder (None without one); spread out far more
            than the dense model's, so it tells off-topic questions apart.
        coverage: Share of the question's content words found in the report.
    """

    lookup: bool
    dense_top: float
    gate_top: float | None
    coverage: float


@dataclass(frozen=True)
class Ranking:
    """Units ranked for a question, best first, and the evidence of support."""

    hits: tuple[Hit, ...]
    signals: Signals
    query_vector: np.ndarray | None


def lookup_refs(question: str, refs: Sequence[str]) -> list[str]:
    """Refs the question names directly, in the order named ("para 18" -> ["18"])."""
    found: list[str] = []
    for m in _LOOKUP.finditer(fold(question)):
        ref = m["para"] or (f"R{m['rec']}" if m["rec"] else f"R{m['r']}")
        if ref in refs and ref not in found:
            found.append(ref)
    return found


class Retriever:
    """Ranks chunks with the index's dense and gate vectors and a keyword index."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        store: Store,
        embedder: Embedder,
        gate: Embedder | None,
        weights: tuple[float, float, float] = (1.0, 1.0, 1.0),
    ) -> None:
        self.chunks = list(chunks)
        self._by_id = {c.id: i for i, c in enumerate(self.chunks)}
        self._refs = [c.unit.ref for c in self.chunks]
        self.store = store
        self.embedder = embedder
        self.gate = gate if store.has_slot("gate") else None
        self.keywords = KeywordIndex([c.embed_text for c in self.chunks])
        self.weights = weights

    def rank(self, question: str, mode: Mode = "hybrid") -> Ranking:
        """Rank every unit for the question.

        Args:
            question: The user's words, in French or English.
            mode: ``hybrid`` (production), or one signal alone for comparison.
        """
        n = len(self.chunks)
        qvec = self.embedder.embed([question], "query")[0]
        dense = self._similarities("dense", qvec)
        gate = None
        if self.gate is not None:
            gate = self._similarities("gate", self.gate.embed([question], "query")[0])
        keyword = np.asarray(self.keywords.scores(question), dtype=np.float64)
        coverage = self.keywords.coverage(question)

        if mode == "dense":
            fused = dense
        elif mode == "keyword":
            fused = keyword
        elif mode == "gate":
            fused = gate if gate is not None else dense
        else:
            w_dense, w_gate, w_kw = self.weights
            fused = w_dense * _z(dense)
            if gate is not None:
                fused = fused + w_gate * _z(gate)
            if keyword.max() > 0:
                # weigh the keyword side by how much of the question the report's words cover
                fused = fused + w_kw * coverage * _z(keyword)

        order = np.argsort(-fused, kind="stable")
        named = lookup_refs(question, self._refs)
        best: dict[str, Hit] = {}
        for i in order[:n]:
            chunk = self.chunks[i]
            if chunk.unit.ref not in best:
                best[chunk.unit.ref] = Hit(chunk, float(fused[i]))
        hits = sorted(best.values(), key=lambda h: -h.score)
        if named:
            first = [best[r] for r in named if r in best]
            hits = first + [h for h in hits if h.unit_ref not in named]
        signals = Signals(
            lookup=bool(named),
            dense_top=float(dense.max()),
            gate_top=float(gate.max()) if gate is not None else None,
            coverage=coverage,
        )
        return Ranking(tuple(hits), signals, qvec)

    def _similarities(self, slot: str, vector: np.ndarray) -> np.ndarray:
        sims = np.full(len(self.chunks), -1.0)
        for chunk_id, sim in self.store.query(slot, vector, len(self.chunks)):
            i = self._by_id.get(chunk_id)
            if i is not None:
                sims[i] = sim
        return sims


def _z(values: np.ndarray) -> np.ndarray:
    std = float(values.std())
    if std < 1e-9:
        return np.zeros_like(values)
    return (values - values.mean()) / std
