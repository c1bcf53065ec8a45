"""The assistant: builds the model, index and retriever once, then answers questions."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings, Weights
from ..errors import AssistantError, UserInputError
from ..index.e5_numpy import NumpyE5Embedder
from ..index.embeddings import Embedder, SentenceTransformerEmbedder, create_embedder, create_gate_embedder
from ..index.folder import prepare_folder
from ..index.keyword import KeywordIndex, tokens
from ..index.snapshot import PREFIX as SNAPSHOT_PREFIX
from ..index.snapshot import LazyClient, Snapshot, snapshot_key
from ..index.snapshot import export as export_snapshot
from ..index.snapshot import remove_others as remove_other_snapshots
from ..index.store import SLOTS, BuildReport, Record, Store, open_client
from ..ingest.chunking import Chunk, chunk_units, sentence_id, split_sentences
from ..ingest.library import list_reports
from ..ingest.report import PARSER_VERSION, Report, Unit
from .abstention import AbstainPolicy, years
from .answers import NOT_ANSWERED, Answer, Passage, format_quote, no_such_unit
from .briefing import Briefing, build_briefing, topic_language, words_of
from .question import MAX_QUESTION_CHARS as MAX_QUESTION_CHARS
from .question import check_k, check_question
from .retrieval import MODES, Mode, Ranking, Retriever, named_refs
from .topic import LazyMap, informative_terms

log = logging.getLogger(__name__)

#: Bump when what is embedded for a chunk or a sentence changes.
EMBED_FORMAT = "1"


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
        #: How much the share of the question's informative terms a sentence spells counts
        #: when choosing the quoted sentence (beside its dense similarity).
        #: Chosen on the development questions (English quote right in unit 0.78 -> 0.81).
        self.sentence_topic_weight = 0.04
        # what reads every unit is computed at its first use, not at start: a library of
        # 1,000 reports opens in a fraction of the ~5-10 s these take over 53,000 units
        self._sentences: Mapping[str, list[str]] = LazyMap({c.id: c.text for c in chunks}, split_sentences)

    @cached_property
    def _years(self) -> set[str]:
        return set().union(*(years(u.text) for u in self.units))

    @cached_property
    def _words(self) -> set[str]:
        return words_of([u.text for u in self.units])

    @cached_property
    def _unit_sentences(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """Each unit's sentences with their index ids, for briefings (built once, not per topic)."""
        by_unit: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for chunk in self.chunks:
            by_unit.setdefault((chunk.unit.doc_id, chunk.unit.ref), []).extend(
                (sentence_id(chunk.id, i), s) for i, s in enumerate(self._sentences[chunk.id])
            )
        return by_unit

    @property
    def units(self) -> list[Unit]:
        """Every unit of every report, in reading order."""
        return [u for r in self.reports for u in r.units]

    def build_index(self, rebuild: bool = False) -> BuildReport:
        """Build the index if it is missing or stale (or always, with ``rebuild``)."""
        report = self.store.ensure(self._records, rebuild=rebuild)
        self._retriever = None
        if report.built or Snapshot.open(self._snapshot_folder()) is None:
            self._export_snapshot()
        return report

    def _snapshot_folder(self) -> Path:
        """Where the read copy of this index lives: beside a local index, else in the cache."""
        root = self.store.folder or self.settings.cache_dir / "snapshots"
        return root / f"{SNAPSHOT_PREFIX}{snapshot_key(self.store.fingerprint, self.store.manifest)}"

    def _export_snapshot(self) -> Snapshot | None:
        """Write the snapshot of the complete index (once per index), removing older ones."""
        folder = self._snapshot_folder()
        try:
            snapshot = export_snapshot(self.store, folder, SLOTS)
        except OSError as exc:  # a read-only cache: answer through Chroma
            log.info("no index snapshot (%s): answering through Chroma", exc)
            return None
        remove_other_snapshots(folder.parent, keep=folder.name)
        KeywordIndex.cached(
            [c.embed_text for c in self.chunks], snapshot.keyword_folder
        )  # saved now, read at start
        return snapshot

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
            snapshot = Snapshot.open(self._snapshot_folder())  # answers without opening Chroma
            if snapshot is None:
                if not self.store.is_complete():
                    log.info("index missing or stale: building it")
                    self.build_index()
                snapshot = self._export_snapshot()
            self._retriever = Retriever(
                self.chunks,
                self.store,
                self.embedder,
                self.gate,
                self.settings.weights,
                topic_cache=self.settings.cache_dir / "topic",
                snapshot=snapshot,
            )
            if self.gate is not None:  # once per report and model, then read from the cache
                self._retriever.topic.word_vectors()
        return self._retriever

    def rank(self, question: str, mode: Mode = "hybrid", weights: Weights | None = None) -> Ranking:
        """Rank the units for a question (no abstention, no answer text)."""
        return self.retriever.rank(check_question(question), check_mode(mode), weights)

    def ask(self, question: str, k: int | None = None, mode: Mode = "hybrid") -> Answer:
        """Answer a question with the report's own words and their citations.

        Args:
            question: In French or English; "paragraphe 18" or "R7" look a unit up.
            k: How many passages to return (default ``settings.k``).
            mode: Retrieval variant; only evaluation uses anything but ``hybrid``.

        A question that only names a paragraph or recommendation the report does not
        have ("para 99", "R13") gets an abstained answer saying which ones exist.

        Raises:
            UserInputError: the question is not text, empty or too long; k is not a
                positive whole number; mode is unknown.
        """
        question = check_question(question)
        k = self.settings.k if k is None else check_k(k)
        mode = check_mode(mode)
        missing = self._missing_ref(question)
        if missing:
            return Answer(question, no_such_unit(missing, [u.ref for u in self.units]), "", True, ())
        ranking = self.retriever.rank(question, mode)
        passages = tuple(Passage(h.chunk.unit, h.chunk.text, h.score) for h in ranking.hits[:k])
        if not passages:
            return Answer(question, NOT_ANSWERED, "", True, passages)
        top = ranking.hits[0].chunk
        quote = top.unit.text if ranking.signals.lookup else self._best_sentences(question, top, ranking)
        if self.policy.abstains(question, ranking.signals, quote, self._years):
            return Answer(question, NOT_ANSWERED, "", True, passages)
        return Answer(question, format_quote(quote, top.unit.ref), quote, False, passages)

    def _missing_ref(self, question: str) -> str | None:
        """The ref a question asks for by number when the report has no such unit."""
        named = named_refs(question)
        known = {u.ref for u in self.units}
        if named and not any(ref in known for ref in named):
            return named[0]
        return None

    def brief(self, topic: str, lang: str | None = None, cutoff: float | None = None) -> Briefing:
        """Everything the report says on a topic, organised as a briefing note.

        Args:
            topic: A topic in French or English ("corruption", "coopération internationale").
            lang: Language of the labels, "fr" or "en" (default: the topic's language).
            cutoff: Relevance cut-off (default ``briefing.BRIEF_CUTOFF``, calibrated on the dev topics).

        Raises:
            UserInputError: the topic is empty or too long, or the language is not fr/en.
        """
        topic = check_question(topic)
        if lang not in (None, "fr", "en"):
            raise UserInputError(f"Unknown language {lang!r}: use 'fr' or 'en'.")
        ranking = self.retriever.rank(topic)
        report = self.reports[0]
        if ranking.hits and len(self.reports) > 1:
            doc_id = ranking.hits[0].chunk.unit.doc_id
            report = next(r for r in self.reports if r.doc_id == doc_id)
        by_unit = self._unit_sentences
        return build_briefing(
            topic,
            lang or topic_language(topic, report.metadata.language, self._words),
            report,
            ranking,
            self.policy.off_topic(ranking.signals),
            lambda unit: by_unit.get((unit.doc_id, unit.ref), []),
            **({} if cutoff is None else {"cutoff": cutoff}),
        )

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
        if self.sentence_topic_weight:
            about = informative_terms(question)
            shares = [self.retriever.topic.spelled_share(about, s) for s in sentences]
            scores = [x + self.sentence_topic_weight * share for x, share in zip(scores, shares, strict=True)]
        best = int(np.argmax(scores))
        quote = sentences[best]
        if len(quote) < 60 and best + 1 < len(sentences):
            quote = f"{quote} {sentences[best + 1]}"
        return quote


def check_mode(mode: object) -> Mode:
    """``mode`` if it names a retrieval variant.

    Raises:
        UserInputError: it does not.
    """
    if not isinstance(mode, str) or mode not in MODES:
        raise UserInputError(f"Unknown mode {mode!r}: use one of {', '.join(MODES)}.")
    return mode  # type: ignore[return-value]


def load_reports(settings: Settings) -> list[Report]:
    """Parse every ``*.txt`` report of the sources folder.

    Raises:
        AssistantError: the folder holds no report.
    """
    reports = list_reports(settings.sources_dir)
    if not reports:
        raise AssistantError(
            f"No report found in {settings.sources_dir}: `assistant add REPORT.pdf` adds one "
            "(or set ASSISTANT_SOURCES_DIR)."
        )
    return reports


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
    folder = None
    if client is None:
        if settings.chroma_url:
            client = open_client(settings.data_dir, settings.chroma_url)
        else:
            folder = prepare_folder(settings.data_dir)  # checked, repaired, or a copy if read-only
            local = folder
            client = LazyClient(lambda: open_client(local, None))  # opened only if a snapshot is missing
    store = Store(client, settings.collection, digest, manifest, folder)
    log.info("assistant ready in %.1f s", time.perf_counter() - started)
    return Assistant(settings, reports, chunks, store, embedder, gate)
