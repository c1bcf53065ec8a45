"""The assistant: builds the model, index and retriever once, then answers questions."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import logging
import re
import time
from collections.abc import Collection, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings, Weights
from ..errors import AssistantError, IndexNotReadyError, UserInputError
from ..index.e5_numpy import NumpyE5Embedder
from ..index.embeddings import Embedder, SentenceTransformerEmbedder, create_embedder, create_gate_embedder
from ..index.folder import prepare_folder
from ..index.keyword import KeywordIndex, tokens
from ..index.snapshot import PREFIX as SNAPSHOT_PREFIX
from ..index.snapshot import LazyClient, Snapshot, snapshot_key
from ..index.snapshot import export as export_snapshot
from ..index.snapshot import remove_others as remove_other_snapshots
from ..index.store import SLOTS, BuildReport, Record, Store, open_client
from ..ingest.chunking import Chunk, chunk_units, sentence_id, split_sentences, texts_by_id
from ..ingest.library import list_reports
from ..ingest.report import PARSER_VERSION, Report, Unit
from .abstention import AbstainPolicy, AnswerEvidence, asks_quantity, count_match, years
from .answer_type import asked_match, reports_recommendation
from .answers import NOT_ANSWERED, Answer, Passage, format_quote, no_such_unit
from .asked_for import answering_first
from .briefing import (
    NOTE_LANGS,
    Briefing,
    LibraryBriefing,
    Note,
    build_briefing,
)
from .citations import Key, named_doc, parse_citation, qualified_citations, without_qualified
from .language import topic_language, words_of
from .numbering import Numbering
from .question import MAX_QUESTION_CHARS as MAX_QUESTION_CHARS
from .question import check_k, check_question
from .retrieval import MODES, Mode, Ranking, Retriever, named_refs
from .roll_call import lead_in_match
from .topic import LazyMap, informative_terms
from .topic_support import ReportVocabulary, TopicSupport

log = logging.getLogger(__name__)

#: Bump when what is embedded or stored for a chunk or a sentence changes
#: (2: sentences carry their doc_id, reports listed per index for incremental updates).
EMBED_FORMAT = "2"


@dataclasses.dataclass(frozen=True)
class Judgement:
    """Whether the report answers a question, as ``Assistant.judge`` decides it.

    Attributes:
        quote: The sentence(s) the answer quotes (the whole unit for a lookup).
        declined_by: The checks that decline it, by name (``AbstainPolicy.reasons``); ()
            when it is answered.
        counted: How much the quote's counts count what the question asks about
            (``count_match``; 1.0 when not measured).
        asked: How much the quote names the office or speaker asked about
            (``asked_match``; 1.0 when not measured).
        listed: When the quoted unit is a roll-call, how much its lead-in speaks of what the
            question asks besides the names listed (``lead_in_match``; 1.0 when not measured).
    """

    quote: str
    declined_by: tuple[str, ...]
    counted: float = 1.0
    asked: float = 1.0
    listed: float = 1.0


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
        #: How much each of the report's words found for a question's term it does not spell
        #: counts (by its confidence) when choosing the quoted sentence. Chosen on the
        #: development and calibration tuning questions (English quote right in the unit 18
        #: -> 20 of 22 multi-sentence units at 0.05-0.06, 19 at 0.08-0.1; French unchanged).
        self.sentence_bridge_weight = 0.06
        # what reads every unit is computed at its first use, not at start: a library of
        # 1,000 reports opens in a fraction of the ~5-10 s these take over 53,000 units
        self._sentences: Mapping[str, list[str]] = LazyMap(texts_by_id(self.chunks), split_sentences)
        self._vocabulary: ReportVocabulary | None = None  # for briefings, built at the first one

    @cached_property
    def _years(self) -> set[str]:
        return set().union(*(years(u.text) for u in self.units))

    def _answering_first(self, question: str, ranking: Ranking) -> Ranking:
        """The ranking with the unit that answers what the question asks for first, among the
        best few (``asked_for.answering_first``)."""
        return answering_first(question, ranking, self._meeting_dates, self.retriever.topic)

    @cached_property
    def _meeting_dates(self) -> dict[str, str]:
        """Each report's own meeting dates, as its title gives them ("14 et 15 octobre 2021")."""
        return {r.doc_id: r.meta.dates for r in self.reports if r.meta and r.meta.dates}

    @cached_property
    def _numbering(self) -> Numbering:
        return Numbering.of(u.text for u in self.units)

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

    @property
    def qualified(self) -> bool:
        """True when the library holds several reports: citations then name their report."""
        return len(self.reports) > 1

    @property
    def doc_ids(self) -> list[str]:
        """The document ids of the library, in order."""
        return list(self._doc_ids)

    @cached_property
    def _doc_ids(self) -> tuple[str, ...]:
        return tuple(r.doc_id for r in self.reports)

    def report(self, doc_id: str) -> Report:
        """The report with this document id.

        Raises:
            UserInputError: no such report (the message lists the known ids).
        """
        found = next((r for r in self.reports if r.doc_id == doc_id), None)
        if found is None:
            raise UserInputError(f"Unknown report {doc_id!r}: the library holds {', '.join(self.doc_ids)}.")
        return found

    def cite(self, unit: Unit) -> str:
        """The unit's citation in this library: "18", or "DOCID/18" with several reports."""
        return unit.citation(self.qualified)

    def unit(self, citation: str) -> Unit:
        """The unit a citation names ("18", "R7", "DOCID/18").

        Raises:
            UserInputError: not a citation, an unknown report or unit, or a bare ref with several reports.
        """
        doc, ref = parse_citation(citation, self.doc_ids)
        try:
            return self.report(doc).unit(ref)
        except KeyError:
            raise UserInputError(f"The report {doc!r} has no unit {ref!r}.") from None

    def build_index(self, rebuild: bool = False) -> BuildReport:
        """Build the index if it is missing or stale (or always, with ``rebuild``); a report
        added or removed since the last build only has its own records written or deleted."""
        if not rebuild:
            # a process started before `assistant add` must not take the new report out again
            on_disk = {p.stem for p in self.settings.sources_dir.glob("*.txt")}
            newer = sorted(
                d for d in self.store.held_documents() if d not in self.store.documents and d in on_disk
            )
            if newer:
                raise IndexNotReadyError(
                    f"{', '.join(newer)} joined {self.settings.sources_dir} after this process started: "
                    "restart it to answer from every report."
                )
        report = self.store.ensure(self._records, rebuild=rebuild, build_docs=self._records)
        self._retriever = None
        if report.built or Snapshot.open(self._snapshot_folder()) is None:
            self._export_snapshot()
        self._vocabulary = None
        return report

    def _snapshot_folder(self) -> Path:
        """Where the read copy of this index lives: beside a local index, else in the cache."""
        root = self.store.folder or self.settings.cache_dir / "snapshots"
        return root / f"{SNAPSHOT_PREFIX}{snapshot_key(self.store.fingerprint, self.store.manifest)}"

    def _export_snapshot(self) -> Snapshot | None:
        """Write the snapshot of the complete index (once per index), removing older ones."""
        folder = self._snapshot_folder()
        try:
            snapshot = export_snapshot(self.store, folder, SLOTS, self.chunks)
        except OSError as exc:  # a read-only cache: answer through Chroma
            log.info("no index snapshot (%s): answering through Chroma", exc)
            return None
        remove_other_snapshots(folder.parent, keep=folder.name)
        KeywordIndex.cached(
            [c.embed_text for c in self.chunks], snapshot.keyword_folder
        )  # saved now, read at start (memory-mapped)
        return snapshot

    def _records(self, docs: Collection[str] | None = None) -> dict[str, list[Record]]:
        """The index records of every chunk, or of the chunks of the reports ``docs``."""
        chunks = [c for c in self.chunks if docs is None or c.unit.doc_id in docs]
        texts = [c.embed_text for c in chunks]
        records = {"dense": self._chunk_records(chunks, self.embedder.embed(texts, "passage"))}
        if self.gate is not None:
            records["gate"] = self._chunk_records(chunks, self.gate.embed(texts, "passage"))
        sentences = [(c, i, s) for c in chunks for i, s in enumerate(self._sentences[c.id])]
        vectors = self.embedder.embed([s for _, _, s in sentences], "passage")
        records["sentences"] = [
            Record(
                sentence_id(c.id, i),
                v,
                s,
                {"chunk": c.id, "doc_id": c.unit.doc_id, "ref": c.unit.ref, "i": i},
            )
            for (c, i, s), v in zip(sentences, vectors, strict=True)
        ]
        return records

    @staticmethod
    def _chunk_records(chunks: Sequence[Chunk], vectors: np.ndarray) -> list[Record]:
        return [
            Record(
                c.id,
                v,
                c.text,
                {"doc_id": c.unit.doc_id, "ref": c.unit.ref, "section": c.unit.section, "piece": c.piece},
            )
            for c, v in zip(chunks, vectors, strict=True)
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

    def rank(
        self, question: str, mode: Mode = "hybrid", weights: Weights | None = None, doc: str | None = None
    ) -> Ranking:
        """Rank the units for a question (no abstention, no answer text), in one report with ``doc``."""
        question = check_question(question)
        ranking = self.retriever.rank(question, check_mode(mode), weights, self._scope(doc))
        return self._answering_first(question, ranking)

    def _scope(self, doc: str | None) -> list[str] | None:
        """The reports a question is asked of: ``[doc]``, or None for the whole library."""
        return None if doc is None else [self.report(doc).doc_id]

    def ask(
        self, question: str, k: int | None = None, mode: Mode = "hybrid", doc: str | None = None
    ) -> Answer:
        """Answer a question with the report's own words and their citations.

        Args:
            question: In French or English; "paragraphe 18", "R7" or "DOCID/18" look a unit up.
            k: How many passages to return (default ``settings.k``).
            mode: Retrieval variant; only evaluation uses anything but ``hybrid``.
            doc: Answer from this report only (a document id); default: any report of the library.

        A question that only names a paragraph or recommendation the report does not
        have ("para 99", "R13") gets an abstained answer saying which ones exist. With
        several reports, citations name their report ("DOCID/18") and ``Answer.report`` says
        which report the answer quotes.

        Raises:
            UserInputError: the question is not text, empty or too long; k is not a
                positive whole number; mode is unknown; ``doc`` is not in the library.
        """
        question = check_question(question)
        k = self.settings.k if k is None else check_k(k)
        mode = check_mode(mode)
        scope = self._scope(doc)
        missing = self._missing_ref(question, scope)
        if missing:
            doc_id, ref = missing
            refs = [u.ref for u in self.units if u.doc_id == doc_id or (not doc_id and self._in(u, scope))]
            return Answer(question, no_such_unit(ref, refs), "", True, ())
        ranking = self._answering_first(question, self.retriever.rank(question, mode, docs=scope))
        qualified = self.qualified
        passages = tuple(Passage(h.chunk.unit, h.chunk.text, h.score, qualified) for h in ranking.hits[:k])
        if not passages:
            return Answer(question, NOT_ANSWERED, "", True, passages)
        top = ranking.hits[0].chunk
        judgement = self.judge(question, ranking)
        if judgement.declined_by:
            return Answer(question, NOT_ANSWERED, "", True, passages)
        quote = judgement.quote
        source = self.report(top.unit.doc_id).metadata if qualified else None
        return Answer(question, format_quote(quote, passages[0].ref), quote, False, passages, source)

    def judge(self, question: str, ranking: Ranking, policy: AbstainPolicy | None = None) -> Judgement:
        """What an answer to the question would quote from the ranking's best unit, and the
        checks that decline it (``AbstainPolicy.reasons``); ``ask`` answers when none does.
        ``policy``: judge by these thresholds instead of the assistant's (evaluation scripts)."""
        top = ranking.hits[0].chunk
        lookup = ranking.signals.lookup
        quote = top.unit.text if lookup else self._best_sentences(question, top, ranking)
        context = [h.chunk.unit.text for h in ranking.hits[:3]]
        topic = self.retriever.topic
        counted = (
            count_match(question, quote, ranking.terms, ranking.term_vectors, topic)
            if asks_quantity(question) and not lookup
            else 1.0
        )
        asked = (
            1.0
            if lookup
            else asked_match(question, quote, top.unit.text, ranking.terms, ranking.term_vectors, topic)
        )
        listed = (
            1.0
            if lookup
            else lead_in_match(
                question, top.unit.text, top.unit.section, ranking.terms, ranking.term_vectors, topic
            )
        )
        policy = policy or self.policy
        evidence = AnswerEvidence(
            quote,
            self._years,
            context,
            counted,
            asked,
            listed,
            self._numbering,
            recommendation=lookup or top.unit.kind == "recommendation" or reports_recommendation(quote),
        )
        reasons = policy.reasons(question, ranking.signals, evidence)
        return Judgement(quote, reasons, counted, asked, listed)

    @staticmethod
    def _in(unit: Unit, scope: Sequence[str] | None) -> bool:
        return scope is None or unit.doc_id in scope

    def _missing_ref(self, question: str, scope: Sequence[str] | None = None) -> Key | None:
        """``(doc_id, ref)`` a question asks for by number when no report in scope has such a unit
        (doc_id "" when the question names no report)."""
        docs = self.doc_ids if scope is None else list(scope)
        qualified = qualified_citations(question, self.doc_ids)
        rest = without_qualified(question)
        refs = named_refs(rest)
        doc = (named_doc(rest, docs) or "") if refs else ""
        named: list[Key] = qualified + [(doc, ref) for ref in refs]
        if qualified and len(rest.split()) > 6:  # a citation inside a longer question: ask it
            return None
        if not named:
            return None
        in_scope = set(self.doc_ids if scope is None else scope)
        held = self._reports_by_ref

        def known(key: Key) -> bool:
            docs = held.get(key[1], ())
            return key[0] in docs and key[0] in in_scope if key[0] else any(d in in_scope for d in docs)

        return None if any(known(k) for k in named) else named[0]

    @cached_property
    def _reports_by_ref(self) -> dict[str, set[str]]:
        """The reports that hold each ref ("18" -> the ids of the reports with a paragraph 18)."""
        held: dict[str, set[str]] = {}
        for unit in self.units:
            held.setdefault(unit.ref, set()).add(unit.doc_id)
        return held

    def brief(
        self, topic: str, lang: str | None = None, cutoff: float | None = None, doc: str | None = None
    ) -> Note:
        """Everything a report, or the library, says on a topic, organised as a briefing note.

        Args:
            topic: A topic in French or English ("corruption", "coopération internationale").
            lang: Language of the labels: "fr", "en", "es", "ar", "ru" or "zh" (default: the
                topic's language, French or English).
            cutoff: Relevance cut-off (default ``briefing.BRIEF_CUTOFF``, calibrated on the dev topics).
            doc: Brief from this report only (a document id). Default: with one report, its
                ``Briefing``; with several, a ``LibraryBriefing`` gathering the relevant units of
                every report (one cut-off over the library's ranking), one part per report.

        Raises:
            UserInputError: the topic is empty or too long, the language is not one of the six, or
                ``doc`` is not in the library.
        """
        topic = check_question(topic, what="topic")
        if lang not in (None, *NOTE_LANGS):
            raise UserInputError(f"Unknown language {lang!r}: use one of {', '.join(NOTE_LANGS)}.")
        scope = self._scope(doc)
        # a briefing gathers every unit that speaks of the topic: the report's words for its
        # unspelled terms reach every unit, not only the best ten as for an answer
        # (eval/briefs_dev.jsonl: same recall and precision, strict precision 0.594 -> 0.622)
        weights = dataclasses.replace(self.retriever.weights, bridge_top_latin=0)
        ranking = self.retriever.rank(topic, weights=weights, docs=scope)
        report = self.reports[0] if scope is None else self.report(scope[0])
        if ranking.hits and scope is None and self.qualified:
            report = self.report(ranking.hits[0].chunk.unit.doc_id)
        support, rendered = self._topic_support(ranking)
        vocabulary = self._vocabulary
        assert vocabulary is not None  # built by _topic_support
        by_unit = self._unit_sentences
        lang = lang or topic_language(topic, report.metadata.language, self._words)
        # a topic is judged on what the whole report says of its words, not, as a question
        # is, on its three best passages: "children" ranks poorly in English, yet the report
        # speaks of enfants (eval/briefs_dev.jsonl: off-report topics declined 11 of 11 either way)
        off_topic = not support.discussed

        def brief_of(report: Report) -> Briefing:
            return build_briefing(
                topic,
                lang,
                report,
                ranking,
                off_topic,
                lambda unit: by_unit.get((unit.doc_id, unit.ref), []),
                **({} if cutoff is None else {"cutoff": cutoff}),
                support=support,
                rendered=rendered,
                speaks=lambda text: vocabulary.speaks(text, support),
                qualified=self.qualified,
            )

        if scope is not None or not self.qualified:
            return brief_of(report)
        parts = [p for p in map(brief_of, self.reports) if p.discussed]
        parts.sort(key=lambda p: -max(e.score for e in p.entries))
        library = tuple((r.doc_id, r.metadata) for r in self.reports)
        return LibraryBriefing(topic, lang, tuple(parts), library)

    def _topic_support(self, ranking: Ranking) -> tuple[TopicSupport, dict[str, float]]:
        """How much each unit speaks of the topic's words (the ranking's terms and their gate
        vectors), and the z-scored keyword scores (by chunk id) of the report's words for the
        topic words it does not spell."""
        retriever = self.retriever
        if self._vocabulary is None:
            matcher = retriever.topic
            vectors = matcher.word_vectors() if retriever.gate is not None else None
            self._vocabulary = ReportVocabulary(
                retriever.unit_texts, retriever.keywords, matcher.vocabulary, vectors
            )
        terms, term_vectors = ranking.terms, ranking.term_vectors
        support = self._vocabulary.support(terms, term_vectors)
        if not support.rendering:
            return support, {}
        scores = np.asarray(retriever.keywords.search(support.rendering)[0], dtype=np.float64)
        spread = float(scores.std())
        z = (scores - scores.mean()) / spread if spread > 1e-9 else np.zeros_like(scores)
        return support, {c.id: float(v) for c, v in zip(retriever.chunks, z, strict=True)}

    def _best_sentences(self, question: str, chunk: Chunk, ranking: Ranking) -> str:
        """The sentence of the chunk that answers best (two when the best one is very short)."""
        sentences = self._sentences[chunk.id]
        if len(sentences) <= 1:
            return chunk.text
        terms = set(self.retriever.keywords.resolve(question))
        # the report's words for the question's terms it does not spell ("negotiated" ->
        # négociations, crosslingual.py), each counted by its confidence
        bridged = {t: w for t, w in ranking.bridged.items() if t not in terms}
        scores = []
        for i, s in enumerate(sentences):
            words = set(tokens(s))
            scores.append(
                ranking.sentence_scores.get(sentence_id(chunk.id, i), 0.0)
                + 0.03 * len(terms & words)
                + self.sentence_bridge_weight * sum(w for t, w in bridged.items() if t in words)
            )
        if self.sentence_topic_weight:
            about = informative_terms(question)
            shares = [self.retriever.topic.spelled_share(about, s) for s in sentences]
            scores = [x + self.sentence_topic_weight * share for x, share in zip(scores, shares, strict=True)]
        best = int(np.argmax(scores))
        quote = sentences[best]
        if len(quote) < 60 and best + 1 < len(sentences):
            quote = f"{quote} {sentences[best + 1]}"
        if _OPENS_LIST.search(quote):  # "l'ordre du jour ci-après : 1. …": the whole list
            rest = list(itertools.takewhile(_LIST_ITEM.match, sentences[best + 1 :]))
            quote = " ".join([quote, *rest])
        return quote


# A sentence that opens a numbered list ("… l'ordre du jour ci-après : 1. Questions
# d'organisation"), and a sentence that is one of its items ("2. Analyse de …").
_OPENS_LIST = re.compile(r":\s*(?:1\.|a\))\s")
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}\.|[a-z]\))\s")


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
    """What the index is built from. The fingerprint covers how it is built (models, parser,
    format): a change there means a rebuild. ``reports`` lists each report's content hash: a
    report added, changed or removed only has its own records written or deleted."""
    manifest = {
        "models": ",".join(model_ids),
        "parser": PARSER_VERSION,
        "embed_format": EMBED_FORMAT,
        "max_chunk_tokens": str(max_tokens),
    }
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()
    reports_json = json.dumps({r.doc_id: r.sha256[:16] for r in sorted(reports, key=lambda r: r.doc_id)})
    return {**manifest, "reports": reports_json, "fingerprint": digest}


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
