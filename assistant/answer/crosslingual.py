"""The report's own words for a question's terms in another language, for the keyword side.

BM25 reads the report's (French) words: an English, Spanish, Arabic, Russian or Chinese
question shares few of them, so its keyword scores were mostly noise and the keyword
weight was scaled down by the share of its words found in the report. Here each of the
question's informative terms the report does not spell is given French words of the
report the way the topic check reads them: the head of a glossary term (``smuggling`` ->
``trafic``), the glossary's French for a UN meeting word that is no cognate (``held`` ->
``tenue``), a cognate the gate encoder agrees with (``politicised`` / ``politisation``, not
``criminal`` / ``discrimination``), or else the report's word the
gate encoder puts closest to it, counted by how far it stands out from the report's
vocabulary (``مهاجرين`` -> ``migrants``). Those words join the keyword query, weighted by
that confidence, and the keyword weight is scaled by the rarity-weighted share of the
question's terms the report spells or has a word for. The retriever does this for questions
in Arabic, Cyrillic or Chinese script (``Weights.crosslingual``) and, with
``Weights.crosslingual_latin``, in Latin script, where the words re-rank only the best units
(``Weights.bridge_top_latin``: eval/README.md, "Why this retrieval"); the quoted sentence reads them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..index.glossary import entity_french, french_terms, head_french, other_script_french
from ..index.keyword import STOPWORDS, KeywordIndex, fold, stem, words
from .topic import COGNATE_LEAD, COGNATE_PREFIX, Term, TopicMatcher, _cognates, script_language

#: A term's closest report word counts from this margin over the term's median similarity
#: to the report's words (0 below it) and fully from ``NEIGHBOUR_FLOOR + NEIGHBOUR_SPAN``:
#: the topic check's soft-match scale. Chosen on eval/dev.jsonl and the answerable
#: questions of eval/calibration_tune.jsonl and eval/calibration_tune3.jsonl (floor 0.20,
#: 0.25, 0.30 and span 0.20, 0.30 within +-0.01 MRR in French and English; the one closest
#: word beat the two or three closest by 0.02-0.05 MRR in Arabic, Russian and Chinese).
NEIGHBOUR_FLOOR = 0.25
NEIGHBOUR_SPAN = 0.2
_CACHE_SIZE = 20_000
#: The weight of the glossary's French for a UN meeting word that is no cognate of it
#: (``glossary.entity_french``: ``held`` -> ``tenue``, ``moderated`` -> ``animé``).
MEETING_WEIGHT = 1.0


@dataclass(frozen=True)
class KeywordBridge:
    """What the keyword side adds for a question's terms the report does not spell.

    Attributes:
        terms: The report's stemmed words standing for those terms, each with its weight
            (1 for a cognate or glossary French, the encoder's confidence otherwise).
        coverage: Rarity-weighted share of the question's informative terms the report
            spells or has a word for (None when the question has no informative term).
    """

    terms: Mapping[str, float] = field(default_factory=dict)
    coverage: float | None = None


class ReportWords:
    """Finds the report's words for a question's terms, from the keyword index and the
    topic check's vocabulary and word vectors (the gate encoder's; none without it)."""

    def __init__(self, keywords: KeywordIndex, matcher: TopicMatcher) -> None:
        self.keywords = keywords
        self.matcher = matcher
        self._prefixes: dict[str, list[str]] | None = None
        self._joined = ""
        self._starts: list[int] = []
        self._folded: list[str] = []
        self._row_stems: list[str] | None = None
        self._usable: np.ndarray | None = None
        self._cache: dict[str, dict[str, float]] = {}
        self._row_of: dict[str, int] = {}
        #: The report's (folded) words found as cognates of a folded term (``_cognate_stems``).
        self._cognates: dict[str, list[str]] = {}

    def bridge(self, terms: Sequence[Term], vectors: np.ndarray | None = None) -> KeywordBridge:
        """The report's words for ``terms`` (the question's informative terms) and the share
        of them the keyword side can read.

        Args:
            terms: The question's informative terms (``topic.informative_terms``).
            vectors: The gate encoder's vectors of ``terms`` (same order), or None: then
                only glossary heads and cognates are found.
        """
        if not terms:
            return KeywordBridge()
        extra: dict[str, float] = {}
        read = 0.0
        with_vectors = vectors is not None and len(vectors) == len(terms)
        for i, term in enumerate(terms):
            known, found = self._spelled(term.text)
            if with_vectors and found and term.text.isascii():
                assert vectors is not None
                found = self._confirmed(term.text, found, vectors[i])
            if not known and not found and with_vectors:
                assert vectors is not None
                found = self._neighbour(term.text, vectors[i])
            for word, weight in found.items():
                extra[word] = max(extra.get(word, 0.0), weight)
            read += term.weight * (1.0 if known else max(found.values(), default=0.0))
        total = sum(t.weight for t in terms)
        return KeywordBridge(extra, read / total if total else None)

    def _spelled(self, text: str) -> tuple[bool, dict[str, float]]:
        """Whether the keyword side reads the term already (its stem, a typo repair, the
        glossary's French in the query), else its glossary head and cognates."""
        if not text.isascii() and script_language(text) != "fr":
            # a UN meeting word the encoder finds no report word for ("主持" / "président")
            meeting = [stem(w) for alt in other_script_french(text) for w in words(alt)]
            if meeting:
                return False, {s: MEETING_WEIGHT for s in meeting if self.keywords.knows(s)}
            # a name the report spells in Latin letters is in the query already ("Туркеза")
            return bool(self.matcher.transcribed([Term(text, 1.0)])), {}
        found = words(text)
        if not found:
            return True, {}
        folded = found[0]
        if self.keywords.knows(self.keywords.resolve(folded)[0]) or french_terms(folded):
            return True, {}
        head = head_french(folded)
        if head:
            return False, {stem(w): 1.0 for w in words(head) if self.keywords.knows(stem(w))}
        # a UN meeting word that is no cognate of its French ("held" / "tenue", "item" / "point")
        meeting = [stem(w) for alt in entity_french(folded) for w in words(alt)]
        if any(self.keywords.knows(s) for s in meeting):
            return False, {s: MEETING_WEIGHT for s in meeting if self.keywords.knows(s)}
        return False, dict.fromkeys(self._cognate_stems(folded), 1.0)

    def _confirmed(self, text: str, found: dict[str, float], vector: np.ndarray) -> dict[str, float]:
        """``found`` without the cognates the encoder does not put near the term: spelling alone
        takes ``criminal`` for ``discrimination`` (its root inside) and ``organ`` for ``organisé``."""
        cognates = self._cognates.get(fold(text), ())
        if not cognates:
            return found
        matrix = self.matcher.word_vectors()
        sims = matrix @ np.asarray(vector, dtype=matrix.dtype)
        median = float(np.median(sims))
        near = {stem(w) for w in cognates if float(sims[self._row_of[w]]) - median >= NEIGHBOUR_FLOOR}
        far = {stem(w) for w in cognates} - near
        return {s: weight for s, weight in found.items() if s not in far}

    def _cognate_stems(self, folded: str) -> list[str]:
        """Stems of the report's words that look like the same root as ``folded``."""
        if len(folded) < COGNATE_PREFIX:
            return []
        if self._prefixes is None:
            self._index_vocabulary()
        assert self._prefixes is not None
        candidates = set(self._prefixes.get(folded[:COGNATE_PREFIX], ()))
        root = COGNATE_PREFIX + 2
        if len(folded) > root:  # its root inside a report word ("criminalised" / "incrimination")
            for m in re.finditer(re.escape(folded[:root]), self._joined):
                candidates.add(self._folded[np.searchsorted(self._starts, m.start(), side="right") - 1])
        found = [w for w in sorted(candidates) if _cognates(folded, w, whole=COGNATE_LEAD)]
        if len(self._cognates) >= _CACHE_SIZE:  # a long-running server: forget, do not grow
            self._cognates.clear()
        self._cognates[folded] = found  # for the encoder to confirm (``_confirmed``)
        return [s for s in dict.fromkeys(stem(w) for w in found) if self.keywords.knows(s)]

    def _index_vocabulary(self) -> None:
        # built aside, published together (``_prefixes`` last): the page answers two
        # questions at once, and a half-built index would find no cognate
        folded = sorted({fold(w) for w in self.matcher.vocabulary})
        prefixes: dict[str, list[str]] = {}
        for w in folded:
            prefixes.setdefault(w[:COGNATE_PREFIX], []).append(w)
        # one string of every word, to find those holding a root without a loop in Python
        starts = []
        at = 0
        for w in folded:
            starts.append(at)
            at += len(w) + 1
        self._row_of = {fold(w): i for i, w in enumerate(self.matcher.vocabulary)}
        self._folded, self._starts, self._joined = folded, starts, "\n".join(folded)
        self._prefixes = prefixes

    def _neighbour(self, text: str, vector: np.ndarray) -> dict[str, float]:
        """The report's word closest to the term in the encoder's space, with its confidence
        (the margin of its similarity over the term's median one; {} below the floor)."""
        if text in self._cache:
            return self._cache[text]
        matrix = self.matcher.word_vectors()
        if self._usable is None:
            # the rows the keyword side can use: a report word that is not a function word
            # (built aside and published together, ``_usable`` last: two questions at once)
            row_stems = [stem(fold(w)) for w in self.matcher.vocabulary]
            pairs = zip(self.matcher.vocabulary, row_stems, strict=True)
            usable = np.asarray(
                [fold(w) not in STOPWORDS and self.keywords.knows(s) for w, s in pairs], dtype=bool
            )
            self._row_stems = row_stems
            self._usable = usable
        assert self._row_stems is not None
        sims = matrix @ np.asarray(vector, dtype=matrix.dtype)
        margin = np.where(self._usable, sims, -np.inf) - np.median(sims)
        best = int(np.argmax(margin))
        confidence = float(np.clip((margin[best] - NEIGHBOUR_FLOOR) / NEIGHBOUR_SPAN, 0.0, 1.0))
        found = {self._row_stems[best]: confidence} if confidence > 0 else {}
        if len(self._cache) >= _CACHE_SIZE:  # a long-running server: forget, do not grow
            self._cache.clear()
        self._cache[text] = found
        return found
