"""Rank the report's units for a question: direct lookups, then dense, sentence, gate and
keyword signals fused."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

import numpy as np

from ..config import Weights
from ..index.embeddings import Embedder
from ..index.glossary import other_script_french, with_french_terms
from ..index.keyword import KeywordIndex, fold, stem, words
from ..index.lexicon import translations
from ..index.snapshot import ChunkTable, Snapshot
from ..index.store import Store
from ..ingest.chunking import Chunk, chunk_of_sentence
from ..lazy import BuiltOnRead
from .asked_for import asked_checks, stated
from .citations import Key, named_doc, qualified_citations, without_qualified
from .crosslingual import ReportWords
from .framing import recommended_about, subject_of
from .question import names_a_unit
from .topic import (
    Term,
    TopicMatcher,
    focus_terms,
    informative_terms,
    readable,
    script_language,
    subject_terms,
)
from .topic import subject_share as judged_share

Mode = Literal["hybrid", "dense", "sentence", "keyword", "gate"]
MODES: tuple[str, ...] = ("hybrid", "dense", "sentence", "keyword", "gate")
_NEEDS: dict[str, set[str]] = {
    "hybrid": {"dense", "sentence", "gate", "keyword"},
    "dense": {"dense"},
    "sentence": {"sentence"},
    "keyword": {"keyword"},
    "gate": {"gate"},
}

#: "Paragraph" and "recommendation" in the six official languages (accent-folded), for lookups:
#: "párrafo 16", "пункт 16" (not "пункт 3 повестки дня", an agenda item, nor "пункт 2 статьи
#: 16", an article's), "الفقرة 16", "第16段", "recomendación 7", "рекомендация 7", "التوصية 7",
#: "建议7" (not "建议3个国家": 建议 is also the verb "to recommend").
_PARA_WORDS = r"paragraphes?|paragraphs?|para|parrafos?|пункт[а-я]*|параграф[а-я]*|(?:ال)?فقر[ةه]"
#: The abbreviations, with their dot only: "arrêtés par 20 policiers" names no paragraph
#: ("par. 18", "párr. 18", "п. 18", "пп. 3 и 4").
_PAR = r"par(?=\.)|parr(?=\.)|пп?(?=\.)"
_REC_WORDS = (
    r"recommandations?|recommendations?|recomendation|recomendacion(?:es)?|rec"
    r"|рекомендаци[а-я]*|(?:ال)?توصي[ةه]"
)
#: After a paragraph number: an agenda item's or an article's number, not the report's paragraph.
_NOT_PARA = r"(?!\s*(?:повестк|стать))"


def _lookup_pattern(para_words: str, para_digits: int, rec_digits: int) -> re.Pattern[str]:
    return re.compile(
        rf"(?:\b(?P<pw>{para_words})\.?\s*|§\s*)(?P<para>\d{{1,{para_digits}}})\b{_NOT_PARA}"
        rf"|第\s*(?P<zpara>\d{{1,{para_digits}}})\s*段"
        rf"|\b(?P<rw>{_REC_WORDS})\.?\s*(?P<rec>\d{{1,{rec_digits}}})\b"
        rf"|第\s*(?P<zrec>\d{{1,{rec_digits}}})\s*(?:项|條|条)?\s*建议"
        rf"|建议\s*(?P<zrec2>\d{{1,{rec_digits}}})(?![\d个名项年%％])"
        rf"|\br\s?(?P<r>\d{{1,{rec_digits}}})\b"
    )


_LOOKUP = _lookup_pattern(f"{_PARA_WORDS}|{_PAR}", 3, 2)
#: A plural lookup word, which a list of numbers may follow: "paragraphes 15 et 16".
_PLURAL = re.compile(r"(?:s|es|ах|ы|и)$|^пп$")
#: The next number of such a list ("paragraphs 15, 16 and 17", "пунктах 3 и 4").
_MORE = re.compile(r"\s*(?:,|;|et|and|y|и|و|和|、)\s*(\d{1,3})\b")
#: What makes a list of numbers agenda items rather than paragraphs.
_AGENDA_AFTER = re.compile(r"\s*(?:повестк|стать|de l ordre du jour|of the agenda|del programa)")


def _matched_ref(m: re.Match[str]) -> str:
    """The ref a lookup match names: "16" or "R7" (digits of any script read as numbers)."""
    para = m["para"] or m["zpara"]
    if para:
        return str(int(para))
    return f"R{int(m['rec'] or m['zrec'] or m['zrec2'] or m['r'])}"


def _named_list(m: re.Match[str], text: str) -> list[str]:
    """The refs one lookup names: its number, and those of a list after a plural word
    ("paragraphes 15 et 16"); none when the list turns out to number agenda items."""
    if m["pw"] and not names_a_unit(m["pw"], text[m.end("pw") : m.end("pw") + 1] == ".", text):
        return []  # "para 3 países": the Spanish "for", not a paragraph
    named = [_matched_ref(m)]
    word = m["pw"] or m["rw"]
    if not word or not _PLURAL.search(word):
        return named
    at = m.end()
    while (more := _MORE.match(text, at)) is not None:
        named.append(str(int(more[1])) if m["pw"] else f"R{int(more[1])}")
        at = more.end()
    return [] if _AGENDA_AFTER.match(text, at) else named


#: The most units a ranking holds, best first: every unit of a library of up to ~19 reports
#: like this one; beyond that, building a hit for every unit of every report costs more per
#: question (~1.7 us each, ~90 ms at 53,000 units) than anything reads (answers read 3-10,
#: briefings the ones above their cut-off).
MAX_HITS = 1000


@dataclass(frozen=True)
class Hit:
    """A unit ranked for a question, with the chunk that matched best and its score."""

    chunk: Chunk
    score: float

    @property
    def unit_ref(self) -> str:
        """The unit's ref within its report ("18"); ``key`` tells reports apart."""
        return self.chunk.unit.ref

    @property
    def key(self) -> Key:
        """The unit's ``(doc_id, ref)``."""
        return self.chunk.unit.key


@dataclass(frozen=True)
class Signals:
    """How strongly the report supports a question, from independent sources.

    Attributes:
        lookup: The question names a unit directly ("paragraphe 18", "R7").
        dense_top: Best cosine of the dense model over chunks.
        gate_top: Best cosine of the gate encoder (None without one); spread out far more
            than the dense model's, so it tells off-topic questions apart.
        coverage: Share of the question's content words the keyword side reads in the
            report (in ``hybrid`` mode: rarity-weighted, counting the report's words found
            for terms in another language, ``crosslingual.py``).
        sentence_top: Best cosine of the dense model over single sentences.
        topic: Rarity-weighted share of the question's informative terms that the best
            passages speak of (``answer/topic.py``); 1.0 when not measured.
        focus: The same share for the terms of what the question says it is about
            ("What did the group say *about* X?", ``topic.focus_terms``); 1.0 when it
            does not say.
        subject: The same for the terms a verb names as the subject ("Did the group
            *discuss* X?", ``topic.subject_terms``); 1.0 when none does.
        unknown: The names the question gives (countries, other capitalised words) that
            the report never mentions (``TopicMatcher.unknown_names``).
        absent: The question's rare terms that the best unit (the one quoted) does not
            speak of (``TopicMatcher.absent``).
        on_subject: The question was ranked on its subject alone ("Did the group discuss
            X?", ``framing.subject_of``), whose encoder similarities run lower than a whole
            question's.
    """

    lookup: bool
    dense_top: float
    gate_top: float | None
    coverage: float
    sentence_top: float
    topic: float = 1.0
    focus: float = 1.0
    subject: float = 1.0
    unknown: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    on_subject: bool = False


@dataclass(frozen=True)
class Ranking:
    """Units ranked for a question, best first, and the evidence of support."""

    hits: tuple[Hit, ...]
    signals: Signals
    sentence_scores: Mapping[str, float] = field(default_factory=dict)
    #: The question's informative terms and the gate encoder's vectors of them (None
    #: without it), for the answerability checks.
    terms: tuple[Term, ...] = ()
    term_vectors: np.ndarray | None = None
    #: The report's words found for the question's terms it does not spell, with their
    #: weights (``crosslingual.py``; empty when the keyword side did not look for them).
    bridged: Mapping[str, float] = field(default_factory=dict)


def asked_first(question: str, hits: Sequence[Hit], n: int) -> list[Hit]:
    """The hits with their ``n`` best reordered: those stating what the question asks for (a
    date, a place: ``asked_for``) first, in their order, then the others. The units
    below stay where they are, so a question the report does not answer is not brought to a
    unit from far down; and a "when" question whose three best units state no date (which the
    date check declines) is not reordered for its date."""
    checks = asked_checks(question)
    if not checks or len(hits) < 2:
        return list(hits)
    best = list(hits[:n])
    date = checks.get("date")
    if date is not None and not any(date(h.chunk.unit.text) for h in hits[:3]):
        del checks["date"]
    counts = stated([h.chunk.unit.text for h in best], checks.values())
    order = sorted(range(len(best)), key=lambda i: (-counts[i], i))
    return [best[i] for i in order] + list(hits[n:])


def lookup_refs(question: str, refs: Collection[str]) -> list[str]:
    """Refs the question names directly, in the order named ("para 18" -> ["18"])."""
    found: list[str] = []
    folded = fold(question)
    for m in _LOOKUP.finditer(folded):
        for ref in _named_list(m, folded):
            if ref in refs and ref not in found:
                found.append(ref)
    return found


def _may_name_units(question: str) -> bool:
    """A cheap test before ``lookup_keys``: the question holds a paragraph or recommendation
    number, or a qualified citation."""
    return "/" in question or _LOOKUP.search(fold(question)) is not None


def lookup_keys(question: str, keys: Sequence[Key]) -> list[Key]:
    """Units the question names directly, in the order named: "wg-som-2022/18" names one report's
    paragraph 18; "paragraph 18 of wg-som-2022" too; a bare "para 18" names paragraph 18 of every
    report that has it (in ``keys`` order)."""
    return UnitKeys(keys).lookup(question)


class UnitKeys:
    """The units of a ranking by key, indexed once for ``lookup`` (a library of 53,000 units
    cost ~40 ms a question to index)."""

    def __init__(self, keys: Sequence[Key]) -> None:
        #: The units' keys, in library order; a unit's number is its position here.
        self.keys = list(keys)
        self.number = {k: i for i, k in enumerate(self.keys)}
        self.docs = list(dict.fromkeys(doc for doc, _ in self.keys))
        self.by_ref: dict[str, list[Key]] = {}
        for key in self.keys:
            self.by_ref.setdefault(key[1], []).append(key)

    def lookup(self, question: str) -> list[Key]:
        """Units the question names directly, in the order named (see ``lookup_keys``)."""
        found = [k for k in qualified_citations(question, self.docs) if k in self.number]
        rest = without_qualified(question)
        doc = named_doc(rest, self.docs)
        for ref in lookup_refs(rest, self.by_ref):
            for key in [(doc, ref)] if doc else self.by_ref[ref]:
                if key in self.number:
                    found.append(key)
        return list(dict.fromkeys(found))  # "para 18" names 1,000 units in 1,000 reports


#: A unit asked for by number and (almost) nothing else: "para 99", "R13", "Que dit le paragraphe 0 ?".
_NAMED = _lookup_pattern(_PARA_WORDS, 4, 3)
_MAX_OTHER_WORDS = 5
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def named_refs(question: str) -> list[str]:
    """Refs a short question asks for by number, whether or not the report has them.

    Empty when the question says more than a few other words: then the number is
    probably not a reference (Chinese, written without spaces, counts a word per two
    characters).
    """
    folded = fold(question)
    found = [ref for m in _NAMED.finditer(folded) for ref in _named_list(m, folded)]
    rest = _NAMED.sub(" ", folded)
    others = len(re.findall(r"\w+", _CJK.sub(" ", rest))) + len(_CJK.findall(rest)) // 2
    if not found or others > _MAX_OTHER_WORDS:
        return []
    return found


class Retriever:
    """Ranks chunks with the index's dense, sentence and gate vectors and a keyword index."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        store: Store,
        embedder: Embedder,
        gate: Embedder | None,
        weights: Weights | None = None,
        topic_cache: Path | None = None,
        snapshot: Snapshot | None = None,
    ) -> None:
        # Nothing here reads every chunk in Python: with a snapshot written for these chunks,
        # opening 53,000 chunks costs what opening 53 does; tables by id are built when read.
        self.chunks = chunks if isinstance(chunks, list | tuple) else list(chunks)
        self.store = store
        self.embedder = embedder
        #: The index's vectors as arrays (None: every query goes to Chroma).
        self.snapshot = snapshot
        table = snapshot.table(self.chunks) if snapshot is not None else None
        #: Whether the snapshot's rows are in the order of ``chunks`` (else mapped by id).
        self._aligned = table is not None
        table = table or ChunkTable.of(self.chunks)
        # each chunk's unit as a number, so that the best chunk of every unit is found in numpy
        self._unit_of = table.unit_of
        self._doc_of = table.doc_of
        #: The reports of the chunks, in order.
        self.doc_ids = list(table.doc_ids)
        self._snapshot_rows: dict[str, np.ndarray | None] = {}
        self._sentence_groups: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        has_gate = "gate" in snapshot.slots if snapshot is not None else store.has_slot("gate")
        self.gate = gate if has_gate else None
        # the saved keyword index addresses documents by position: only for the chunks it was saved for
        self.keywords = KeywordIndex.cached(
            _EmbedTexts(self.chunks),
            snapshot.keyword_folder if snapshot is not None and self._aligned else None,
        )
        self.weights = weights or Weights()
        #: Each unit's embedded text, by its qualified citation (the topic check and briefings
        #: read it; a string key, unique across reports), joined at the first reading.
        self.unit_texts: Mapping[str, str] = BuiltOnRead(lambda: _unit_texts(self.chunks))
        # the snapshot's name fixes the reports, hence the units' texts (when it was written for
        # these chunks): the topic check's vocabulary cache is found by it, no text hashed
        texts_key = snapshot.folder.name if snapshot is not None and self._aligned else None
        self.topic = TopicMatcher(self.unit_texts, self.keywords, self.gate, topic_cache, texts_key=texts_key)
        #: The report's words for a question's terms in another language (the keyword side).
        self.report_words = ReportWords(self.keywords, self.topic)
        #: How many of the best units the topic check reads.
        self.topic_units = 3

    @cached_property
    def _by_id(self) -> dict[str, int]:
        """Each chunk's position by its id (read when Chroma answers, or the snapshot was not
        written for these chunks)."""
        return {c.id: i for i, c in enumerate(self.chunks)}

    @cached_property
    def _units(self) -> UnitKeys:
        """The units of every chunk, indexed for lookups by key (built at the first question
        that names a unit)."""
        if self._nondecreasing:  # each unit's first chunk is where its run starts
            return UnitKeys([self.chunks[i].unit.key for i in self._unit_starts])
        return UnitKeys(list(dict.fromkeys(c.unit.key for c in self.chunks)))

    @cached_property
    def _nondecreasing(self) -> bool:
        """True when each unit's chunks are consecutive, units in order (as ``chunk_units`` makes them)."""
        return bool(len(self._unit_of) == 0 or np.all(np.diff(self._unit_of) >= 0))

    @cached_property
    def _unit_starts(self) -> np.ndarray:
        """Where each unit's chunks start (for consecutive chunks, see ``_nondecreasing``)."""
        return _starts(np.asarray(self._unit_of))

    def signals(
        self,
        question: str,
        needed: set[str] | None = None,
        terms: Sequence[Term] = (),
        docs: Collection[str] | None = None,
    ) -> tuple[dict[str, np.ndarray], Mapping[str, float], float, np.ndarray | None]:
        """Per-chunk similarity arrays of the signals (all, or those ``needed``), the
        sentence scores by sentence id, the share of the question's words in the report, and
        the gate encoder's vectors of ``terms`` (None without the gate signal). With ``docs``,
        the index is searched in those reports only (other chunks keep -1)."""
        needed = _NEEDS["hybrid"] if needed is None else needed
        term_vectors: np.ndarray | None = None
        keyword_scores, coverage = self.keywords.search(self.keyword_query(question))
        arrays: dict[str, np.ndarray] = {}
        sentence_scores: Mapping[str, float] = {}
        if needed & {"dense", "sentence"}:
            qvec = self.embedder.embed([question], "query")[0]
            if "dense" in needed:
                arrays["dense"] = self._similarities("dense", qvec, docs)
            if "sentence" in needed and self._in_snapshot("sentences"):
                # every report's sentences; ``rank`` keeps the rows of ``docs``
                sentence_scores, arrays["sentence"] = self._snapshot_sentences(qvec)
            elif "sentence" in needed:
                sentence_scores = dict(self._query("sentences", qvec, 10_000, docs))
                per_chunk = np.full(len(self.chunks), -1.0)
                for sid, sim in sentence_scores.items():
                    i = self._by_id.get(chunk_of_sentence(sid))
                    if i is not None:
                        per_chunk[i] = max(per_chunk[i], sim)
                arrays["sentence"] = per_chunk
        if "gate" in needed and self.gate is not None:
            # the topic check's terms ride along: one call of the gate encoder per question
            texts = [question, *(t.text for t in terms)]
            vectors = self.gate.embed(texts, "query")
            arrays["gate"] = self._similarities("gate", vectors[0], docs)
            term_vectors = vectors[1:]
        if "keyword" in needed:
            arrays["keyword"] = np.asarray(keyword_scores, dtype=np.float64)
        return arrays, sentence_scores, coverage, term_vectors

    def keyword_query(self, question: str) -> str:
        """What the keyword side reads: the question, the French of the countries and
        procedural terms it names in English, the report's spelling of the names it writes
        in another script ("Туркеза" -> "Turquesa"), and (with ``weights.lexicon``) the
        dictionary's French for its words the report does not use."""
        query = with_french_terms(question)
        # a UN meeting word is no name, whatever it looks like ("ترأس", chaired, is no "Autriche")
        terms = [t for t in informative_terms(question) if not other_script_french(t.text)]
        names = self.topic.transcribed(terms)
        if names:
            query = f"{query} {' '.join(names)}"
        if not self.weights.lexicon:
            return query
        extra = [
            t
            for w in words(question)
            if not self.keywords.knows(stem(w))
            for t in translations(w)
            if all(self.keywords.knows(stem(x)) for x in words(t))
        ]
        return f"{query} {' '.join(dict.fromkeys(extra))}" if extra else query

    def feedback(
        self, fused: np.ndarray, question_terms: set[str], weights: Weights, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """Pseudo-relevance feedback: BM25 scores for the report's own (French) terms that
        weigh most in the best-ranked chunks, which the question did not use (over ``rows``
        of the chunks, when the ranking is restricted to some reports)."""
        pool: dict[str, float] = {}
        for i in _top(fused, weights.feedback_docs):
            tf = self.keywords.terms_of(int(i if rows is None else rows[i]))
            for term, count in tf.items():
                if term not in question_terms:
                    pool[term] = pool.get(term, 0.0) + count * self.keywords.idf(term)
        chosen = sorted(pool, key=lambda t: (-pool[t], t))[: weights.feedback_terms]
        scores = np.asarray(self.keywords.score_terms(chosen), dtype=np.float64)
        return scores if rows is None else scores[rows]

    def fuse(
        self, arrays: Mapping[str, np.ndarray], coverage: float, weights: Weights | None = None
    ) -> np.ndarray:
        """One score per chunk: a weighted sum of the z-scored signals present."""
        w = weights or self.weights
        parts = {"dense": w.dense, "sentence": w.sentence, "gate": w.gate, "keyword": w.keyword * coverage}
        fused = np.zeros(len(next(iter(arrays.values()))) if arrays else len(self.chunks))
        for name, weight in parts.items():
            if name in arrays and weight:
                fused = fused + weight * _z(arrays[name])
        return fused

    def rank(
        self,
        question: str,
        mode: Mode = "hybrid",
        weights: Weights | None = None,
        docs: Collection[str] | None = None,
    ) -> Ranking:
        """Rank the units for the question (every unit, up to ``MAX_HITS``).

        Args:
            question: The user's words, in French or English.
            mode: ``hybrid`` (production), or one signal alone for comparison.
            weights: Fusion weights for ``hybrid`` (default: the retriever's).
            docs: Rank the units of these reports only (default: every report). The signals
                are then normalised over those reports' chunks, as if they were the library.
        """
        # "What did the group recommend about X?" is ranked on X, the recommendations first
        recommended = recommended_about(question)
        framed = subject_of(question)
        subject = recommended or framed
        terms = informative_terms(subject) if mode == "hybrid" else ()
        rows = self._rows(docs)
        # "Does the report mention X?" is ranked and judged on X (``framing``): the words naming
        # the report match its paragraphs about itself, and are no subject the passages must speak of
        arrays, sentence_scores, coverage, term_vectors = self.signals(
            subject, _NEEDS[mode], terms, None if rows is None else docs
        )
        w = spelled_weights = weights or self.weights
        other_script = script_language(question) != "fr"  # Arabic, Cyrillic, Chinese script
        if mode == "hybrid" and other_script:
            w = dataclasses.replace(w, keyword=w.keyword_other_scripts)
        if rows is not None:
            arrays = {name: values[rows] for name, values in arrays.items()}
        spelled: np.ndarray | None = None  # the ranking as before the bridge, for the topic check
        report_words: Mapping[str, float] = {}  # the bridge's words, for the quote
        bridged = w.crosslingual and (other_script or w.crosslingual_latin)
        if mode == "hybrid" and bridged and "keyword" in arrays:
            # the report's words for the question's terms it does not spell (crosslingual.py)
            bridge = self.report_words.bridge(terms, term_vectors)
            report_words = bridge.terms
            if bridge.terms or bridge.coverage is not None:
                spelled = self.fuse(arrays, coverage, spelled_weights)
                extra = self.keywords.score_weighted(bridge.terms)
                extra = extra if rows is None else extra[rows]
                if not other_script and w.bridge_top_latin:
                    # only among the units the ranking without the bridge puts first
                    extra = extra * self._among_best(spelled, rows, w.bridge_top_latin)
                arrays = {**arrays, "keyword": arrays["keyword"] + extra}
                coverage = coverage if bridge.coverage is None else bridge.coverage
        fused = self.fuse(arrays, coverage, w) if mode == "hybrid" else arrays[mode]
        if mode == "hybrid" and recommended and w.recommended:
            boost = w.recommended * self._recommendations(rows)
            fused = fused + boost
            spelled = None if spelled is None else spelled + boost
        if mode == "hybrid" and w.feedback:
            query_terms = set(self.keywords.resolve(self.keyword_query(question)))
            # the feedback stands in for the question's own words where they miss the report
            fused = fused + w.feedback * (1.0 - coverage) * _z(self.feedback(fused, query_terms, w, rows))
        # the best chunk of each unit (the highest score, the first chunk of a tie), best unit
        # first (ties: the earlier best chunk), as a full stable sort of the chunks would rank
        # them; in numpy, sorting only the units that can be among the MAX_HITS best
        unit_ids, best_chunk = self._best_chunks(fused, rows)
        top = best_chunk[_top(fused[best_chunk], MAX_HITS, best_chunk)]
        place = top if rows is None else rows[top]  # positions in ``self.chunks``
        hits = [Hit(self.chunks[i], s) for i, s in zip(place.tolist(), fused[top].tolist(), strict=True)]
        named: list[Key] = []
        if _may_name_units(question):
            units = self._units if rows is None else UnitKeys([self._units.keys[u] for u in unit_ids])
            named = units.lookup(question)  # library order
        if named:
            best = {h.key: h for h in hits}
            for key in named:
                if key not in best:  # ranked below MAX_HITS: its best chunk, found now
                    at = int(best_chunk[np.searchsorted(unit_ids, self._units.number[key])])
                    best[key] = Hit(self.chunks[at if rows is None else int(rows[at])], float(fused[at]))
            if len({d for d, _ in named}) > 1:  # "para 18" with several reports: best-ranked report first
                rank_of = {k: i for i, k in enumerate(best)}
                named.sort(key=lambda k: rank_of[k])
            first = set(named)
            hits = [best[k] for k in named] + [h for h in hits if h.key not in first]
        tops = {name: float(values.max()) for name, values in arrays.items()}
        topic = focus = subject_share = 1.0
        unknown: tuple[str, ...] = ()
        absent: tuple[str, ...] = ()
        if mode == "hybrid":
            unknown = self.topic.unknown_names(question, terms, term_vectors)
            # the bridge's encoder-chosen words would bring up the very units whose words the
            # topic check's encoder then finds close to the question: it reads the best units
            # of the ranking as the question spells it (the weights its thresholds were set on)
            top = hits if spelled is None else self._best_units(spelled, rows, self.topic_units)
            top_refs = [h.chunk.unit.citation(qualified=True) for h in top[: self.topic_units]]
            matched = self.topic.matches(terms, top_refs, term_vectors)
            # the unit the answer quotes, read by spelling only (no encoder)
            quoted = [h.chunk.unit.citation(qualified=True) for h in hits[:1]]
            if spelled is not None:
                matched = self.topic.spelled_matches(terms, quoted, matched)
            matched = self.topic.phrase_matches(question, terms, [*top_refs, *quoted], matched)
            topic = self.topic.score(terms, top_refs, term_vectors, matched)
            # what was recommended about X: X is the whole subject (its terms are all the ranking read)
            about = (
                tuple(t for t in terms if readable(t.text)) if recommended else focus_terms(question, terms)
            )
            # judged on X less the words that frame the whole report ("trafic", "migrants")
            focus = judged_share(question, self.topic.framed(about), matched)
            subject_share = judged_share(question, self.topic.framed(subject_terms(question, terms)), matched)
            absent = self.topic.absent(terms, top_refs[0], term_vectors, matched) if top_refs else ()
        if mode == "hybrid" and not named and w.asked_top > 1:
            hits = asked_first(question, hits, w.asked_top)
        signals = Signals(
            lookup=bool(named),
            dense_top=tops.get("dense", 0.0),
            gate_top=tops.get("gate"),
            coverage=coverage,
            sentence_top=tops.get("sentence", 0.0),
            topic=topic,
            focus=focus,
            subject=subject_share,
            unknown=unknown,
            absent=absent,
            on_subject=framed != question,
        )
        return Ranking(tuple(hits), signals, sentence_scores, tuple(terms), term_vectors, report_words)

    @cached_property
    def _recommendation_chunks(self) -> np.ndarray:
        """1.0 for the chunks of recommendations, else 0.0 (built at the first question asking
        what was recommended)."""
        return np.array([c.unit.kind == "recommendation" for c in self.chunks], dtype=np.float64)

    def _recommendations(self, rows: np.ndarray | None) -> np.ndarray:
        """``_recommendation_chunks`` for the chunks scored (every chunk, or ``rows``)."""
        return self._recommendation_chunks if rows is None else self._recommendation_chunks[rows]

    def _among_best(self, fused: np.ndarray, rows: np.ndarray | None, n: int) -> np.ndarray:
        """1.0 for the chunks (of ``rows``) of the ``n`` best units of ``fused``, else 0.0."""
        unit_ids, best = self._best_chunks(fused, rows)
        units = unit_ids[_top(fused[best], n, best)]
        return np.isin(self._unit_of if rows is None else self._unit_of[rows], units).astype(np.float64)

    def _best_units(self, fused: np.ndarray, rows: np.ndarray | None, n: int) -> list[Hit]:
        """The ``n`` best units of a fused score (the best chunk of each)."""
        _, best = self._best_chunks(fused, rows)
        top = best[_top(fused[best], n, best)]
        place = top if rows is None else rows[top]
        return [Hit(self.chunks[i], s) for i, s in zip(place.tolist(), fused[top].tolist(), strict=True)]

    def _best_chunks(self, fused: np.ndarray, rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """``best_chunks`` of the chunks scored (every chunk, or ``rows``)."""
        if rows is None:
            return best_chunks(fused, self._unit_of, self._unit_starts if self._nondecreasing else None)
        return best_chunks(fused, self._unit_of[rows])

    def _rows(self, docs: Collection[str] | None) -> np.ndarray | None:
        """Indices of the chunks of ``docs`` (None: every chunk)."""
        if docs is None or set(self.doc_ids) <= set(docs):
            return None
        wanted = [i for i, d in enumerate(self.doc_ids) if d in docs]
        return np.flatnonzero(np.isin(self._doc_of, wanted))

    def _query(
        self, slot: str, vector: np.ndarray, n: int, docs: Collection[str] | None
    ) -> list[tuple[str, float]]:
        """The store's nearest items, searched in ``docs`` only when given."""
        if docs is None:
            return self.store.query(slot, vector, n)
        return self.store.query(slot, vector, n, docs=sorted(docs))

    def _similarities(self, slot: str, vector: np.ndarray, docs: Collection[str] | None = None) -> np.ndarray:
        if self._in_snapshot(slot):
            return self._snapshot_similarities(slot, vector)  # every chunk; ``rank`` keeps ``docs``' rows
        sims = np.full(len(self.chunks), -1.0)
        found = self._query(slot, vector, len(self.chunks), docs)
        if docs is None and any(chunk_id not in self._by_id for chunk_id, _ in found):
            # another process added a report to the index after this one loaded its reports
            found = self._query(slot, vector, len(self.chunks), self.doc_ids)
        for chunk_id, sim in found:
            i = self._by_id.get(chunk_id)
            if i is not None:
                sims[i] = sim
        return sims

    # -- dense queries over the snapshot: every item's exact cosine, one product per slot --

    def _in_snapshot(self, slot: str) -> bool:
        return self.snapshot is not None and slot in self.snapshot.slots

    def _snapshot_positions(self, slot: str) -> np.ndarray | None:
        """The chunk position of each row of a snapshot slot (-1: not one of our chunks);
        None when row ``i`` is chunk ``i``."""
        if slot not in self._snapshot_rows:
            assert self.snapshot is not None
            if self._aligned:  # written for these chunks: their positions are saved
                rows = self.snapshot.rows(slot)
                n = len(self.chunks)
                identity = (
                    slot != "sentences"
                    and len(rows) == n
                    and (n == 0 or (rows[0] == 0 and rows[-1] == n - 1))
                )
                self._snapshot_rows[slot] = None if identity else np.asarray(rows, dtype=np.int64)
            else:
                ids = self.snapshot.ids(slot)
                if slot == "sentences":
                    ids = [chunk_of_sentence(i) for i in ids]
                self._snapshot_rows[slot] = np.asarray([self._by_id.get(i, -1) for i in ids], dtype=np.int64)
        return self._snapshot_rows[slot]

    def _cosines(self, slot: str, vector: np.ndarray) -> np.ndarray:
        assert self.snapshot is not None
        matrix = self.snapshot.matrix(slot)
        return (matrix @ np.asarray(vector, dtype=np.float32)).astype(np.float64)

    def _snapshot_similarities(self, slot: str, vector: np.ndarray) -> np.ndarray:
        rows = self._snapshot_positions(slot)
        cosines = self._cosines(slot, vector)
        if rows is None:  # row i is chunk i (rows are strictly ascending, one per chunk)
            return cosines
        sims = np.full(len(self.chunks), -1.0)
        known = rows >= 0
        sims[rows[known]] = cosines[known]
        return sims

    def _snapshot_sentences(self, vector: np.ndarray) -> tuple[Mapping[str, float], np.ndarray]:
        """Every sentence's cosine by sentence id, and each chunk's best (-1 without one)."""
        assert self.snapshot is not None
        cosines = self._cosines("sentences", vector)
        rows = self._snapshot_positions("sentences")
        assert rows is not None
        if self._sentence_groups is None:
            known = np.flatnonzero(rows >= 0)
            order = known[np.argsort(rows[known], kind="stable")]
            chunks, starts = np.unique(rows[order], return_index=True)
            self._sentence_groups = (order, chunks, starts)
        order, chunks, starts = self._sentence_groups
        per_chunk = np.full(len(self.chunks), -1.0)
        if len(order):
            # rows written grouped by chunk (``order`` is then a range): no gather of every row
            first, last = int(order[0]), int(order[-1])
            grouped = cosines[first : last + 1] if last - first == len(order) - 1 else cosines[order]
            per_chunk[chunks] = np.maximum(np.maximum.reduceat(grouped, starts), -1.0)
        return _Cosines(self._sentence_rows, cosines), per_chunk

    @cached_property
    def _sentence_rows(self) -> Mapping[str, int]:
        """The snapshot's sentence rows by sentence id, indexed at the first reading."""
        snapshot = self.snapshot
        assert snapshot is not None
        return BuiltOnRead(lambda: {sid: i for i, sid in enumerate(snapshot.ids("sentences"))})


class _EmbedTexts(Sequence[str]):
    """The chunks' embedded texts, each computed when read: a saved keyword index only needs
    their number."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self._chunks = chunks

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return self._chunks[i].embed_text

    def __len__(self) -> int:
        return len(self._chunks)


def _unit_texts(chunks: Sequence[Chunk]) -> dict[str, str]:
    """Each unit's embedded text (its chunks' joined) by qualified citation."""
    texts: dict[str, str] = {}
    for c in chunks:
        key = c.unit.citation(qualified=True)
        texts[key] = f"{texts.get(key, '')} {c.embed_text}".strip()
    return texts


def best_chunks(
    scores: np.ndarray, unit_of: np.ndarray, starts: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's best chunk: the units present (ascending numbers) and, for each, the
    position of its highest-scored chunk (the first one of a tie), as the first occurrence of
    the unit in a stable sort of the chunks by score would find it, without that sort.

    Args:
        scores: One score per chunk.
        unit_of: Each chunk's unit number.
        starts: Where each unit's run starts, when ``unit_of`` is known to be non-decreasing.
    """
    unit_of = np.asarray(unit_of)
    if not len(unit_of):
        return unit_of, unit_of
    order = None
    if starts is None:
        if np.any(unit_of[1:] < unit_of[:-1]):  # a unit's chunks apart: group them (stable)
            order = np.argsort(unit_of, kind="stable")
            unit_of, scores = unit_of[order], scores[order]
        starts = _starts(unit_of)
    position = np.arange(len(scores)) if order is None else order
    if len(starts) == len(scores):  # one chunk per unit
        return unit_of, position
    best = np.maximum.reduceat(scores, starts)
    # a chunk that is not its unit's best gets past the end, so the minimum is the first best
    ties = np.where(scores == np.repeat(best, np.diff(starts, append=len(scores))), position, len(scores))
    return unit_of[starts], np.minimum.reduceat(ties, starts)


def _starts(sorted_ids: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in a sorted array."""
    return (
        np.flatnonzero(np.diff(sorted_ids, prepend=sorted_ids[:1] - 1) != 0)
        if len(sorted_ids)
        else sorted_ids
    )


def _top(values: np.ndarray, k: int, tiebreak: np.ndarray | None = None) -> np.ndarray:
    """Positions of the ``k`` highest values, highest first, ties by ``tiebreak`` (default:
    position): what ``np.argsort(-values, kind="stable")[:k]`` returns, sorting only the values
    that can be among the ``k`` best."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    negated = -values
    if k < len(values):
        candidates = np.flatnonzero(negated <= np.partition(negated, k - 1)[k - 1])
    else:
        candidates = np.arange(len(values))
    second = candidates if tiebreak is None else tiebreak[candidates]
    return candidates[np.lexsort((second, negated[candidates]))][:k]


class _Cosines(Mapping[str, float]):
    """Cosines by item id, read from the array only for the ids asked for."""

    def __init__(self, rows: Mapping[str, int], values: np.ndarray) -> None:
        self._rows = rows
        self._values = values

    def __getitem__(self, key: str) -> float:
        return float(self._values[self._rows[key]])

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _z(values: np.ndarray) -> np.ndarray:
    std = float(values.std())
    if std < 1e-9:
        return np.zeros_like(values)
    return (values - values.mean()) / std
