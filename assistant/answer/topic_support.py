"""Whether the report discusses a briefing topic, and the report's own words for the topic.

A question is answered from its best passages (``answer/topic.py``); a briefing topic is
a few words that must be the report's subject somewhere. Each informative word of the
topic is *spoken of* in a unit when the unit holds the word (its stem or a cognate), the
French a dictionary or the glossary gives for it, or a word the gate encoder places next
to it across languages (``magistrates`` / ``magistrats``, well above the word's usual
similarity to the report's vocabulary). Looser readings that serve questions well mislead
on a topic and are left out: a typo repair of a real word (``armes`` is not ``après``),
and a cognate of a dictionary translation (``organes`` -> ``organe`` is not
``organisations``). Words that most of the report speaks of ("trafic", "migrants") frame
every topic and count for little, so "trafic d'armes à feu" is judged on arms and fire.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..index.glossary import PROCEDURAL_TERMS, entity_french, french_terms
from ..index.keyword import KeywordIndex, fold, stem, words
from ..index.lexicon import translations
from .topic import COGNATE_LEAD, COGNATE_PREFIX, Term, _cognates, zipf

#: A topic is discussed when the report speaks of at least this (framed, rarity-weighted)
#: share of its words. Chosen on eval/briefs_dev.jsonl: its topics the report discusses
#: score 0.37 and more, its off-report topics 0.25 and less ("wildlife trafficking").
TOPIC_SHARE_FLOOR = 0.33
#: A word this common in general language (Zipf) is a real word, not a typo to repair.
REAL_WORD_ZIPF = 3.0
#: How far above its median similarity to the report's words a report word must lie to
#: render a topic word (the gate encoder; translations land at 0.45-0.75, neighbours below).
RENDER_MARGIN = 0.45
#: Renderings kept per topic word, and how far below the best one they may lie.
RENDER_MAX = 3
RENDER_SPAN = 0.1

_WORD = re.compile(r"[^\W\d_]{3,}")


def glossary_words(word: str) -> list[frozenset[str]]:
    """The French (stems, all needed) the glossary gives for one word of its English phrases:
    "smuggling" in "smuggling of migrants" -> "trafic illicite", the words of "trafic illicite
    de migrants" that render none of the phrase's other words."""
    found: list[frozenset[str]] = []
    for english, french in PROCEDURAL_TERMS.items():
        others = [w for w in words(english) if w != word]
        if len(others) == len(words(english)):
            continue
        rest = frozenset(
            stem(f) for f in words(french) if not any(stem(f) == stem(o) or _cognates(f, o) for o in others)
        )
        if rest:
            found.append(rest)
    return found


@dataclass(frozen=True)
class TopicSupport:
    """How much the report speaks of a topic.

    Attributes:
        share: Framed, rarity-weighted share of the topic's words the report speaks of (1.0
            when the topic has no informative word).
        spoken: For each topic word, the units that speak of it.
        renderings: For each topic word the report does not spell, the report's words for it.
    """

    share: float
    spoken: Mapping[str, frozenset[str]]
    renderings: Mapping[str, tuple[str, ...]]
    weights: Mapping[str, float] = field(default_factory=dict)

    @property
    def discussed(self) -> bool:
        """The report speaks of enough of the topic to brief on it."""
        return self.share >= TOPIC_SHARE_FLOOR

    def unit_share(self, ref: str) -> float:
        """Framed, rarity-weighted share of the topic's words one unit speaks of (1.0 when
        every word of the topic frames the report)."""
        total = sum(self.weights.values())
        if not total:
            return 1.0
        return sum(w for t, w in self.weights.items() if ref in self.spoken[t]) / total

    @property
    def rendering(self) -> str:
        """The report's words for the topic words it does not spell, as one keyword query."""
        return " ".join(w for words in self.renderings.values() for w in words)


class ReportVocabulary:
    """The report's words, unit by unit, for reading a topic strictly.

    Args:
        texts: The units' texts, by a key unique across reports ("DOCID/18").
        keywords: The keyword index (for repairing typos).
        vocabulary: The report's words in the order of ``vectors``' rows.
        vectors: The gate encoder's vectors of ``vocabulary`` (None: spelling only).
    """

    def __init__(
        self,
        texts: Mapping[str, str],
        keywords: KeywordIndex,
        vocabulary: Sequence[str] = (),
        vectors: np.ndarray | None = None,
    ) -> None:
        self.keywords = keywords
        self._form_cache: dict[str, tuple[frozenset[str], tuple[frozenset[str], ...]]] = {}
        self._words = {ref: tuple(dict.fromkeys(words(t))) for ref, t in texts.items()}
        self._stems = {ref: frozenset(stem(w) for w in ws) for ref, ws in self._words.items()}
        self.vocabulary = tuple(vocabulary)
        self.vectors = vectors
        row = {w: i for i, w in enumerate(self.vocabulary)}
        self._rows = {
            ref: np.asarray(sorted({row[w] for w in _WORD.findall(t) if w in row}), dtype=np.int64)
            for ref, t in texts.items()
        }

    @property
    def refs(self) -> list[str]:
        """The units read."""
        return list(self._words)

    def spelled_in(self, term: str) -> frozenset[str]:
        """The units that spell a topic word: itself (stem or cognate), its dictionary or
        glossary French (stem), or its typo repair when it is not a real word."""
        return frozenset(
            ref for ref, unit_words in self._words.items() if self._spells(term, self._stems[ref], unit_words)
        )

    def speaks(self, text: str, support: TopicSupport) -> bool:
        """True when a text (a sentence, part of one) spells or renders a word of the topic
        that does not frame the report (one that fewer than half of the units speak of)."""
        text_words = tuple(dict.fromkeys(words(text)))
        stems = frozenset(stem(w) for w in text_words)
        half = len(self._words) / 2
        for term, units in support.spoken.items():
            if len(units) >= half:
                continue
            if self._spells(term, stems, text_words):
                return True
            if any(stem(w) in stems for r in support.renderings.get(term, ()) for w in words(r)):
                return True
        return False

    def _spells(self, term: str, stems: frozenset[str], text_words: Sequence[str]) -> bool:
        own, phrases = self._forms(term)
        folded = fold(term)
        return bool(
            own & stems
            or any(p <= stems for p in phrases)
            # a brief collects everything on its topic: a shared prefix counts (``COGNATE_LEAD``)
            or (
                len(folded) >= COGNATE_PREFIX
                and any(_cognates(folded, w, whole=COGNATE_LEAD) for w in text_words)
            )
        )

    def _forms(self, term: str) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
        """A topic word's own stems (and typo repair, for a non-word), and the French
        phrases (stems, all needed) that render it."""
        if term in self._form_cache:
            return self._form_cache[term]
        folded = fold(term)
        own = {stem(folded)}
        if zipf(folded, "fr") < REAL_WORD_ZIPF:
            own |= set(self.keywords.resolve(folded))
        # a translation of several words ("États-Unis") is spoken of when all of them are
        renderings = [*translations(folded), *french_terms(folded, bodies=False), *entity_french(folded)]
        french = [frozenset(stem(w) for w in words(t)) for t in renderings]
        forms = frozenset(own), tuple(p for p in [*french, *glossary_words(folded)] if p)
        self._form_cache[term] = forms
        return forms

    def rendered(self, vector: np.ndarray) -> tuple[tuple[str, ...], frozenset[str]]:
        """The report's words the gate encoder reads as a topic word (best first), and the
        units holding one of them."""
        if self.vectors is None or not len(self.vocabulary):
            return (), frozenset()
        sims = self.vectors @ vector
        margin = sims - float(np.median(sims))
        best = float(margin.max())
        if best < RENDER_MARGIN:
            return (), frozenset()
        order = [int(i) for i in np.argsort(-margin)[:RENDER_MAX] if margin[i] >= best - RENDER_SPAN]
        order = [i for i in order if margin[i] >= RENDER_MARGIN]
        chosen = set(order)
        units = frozenset(ref for ref, rows in self._rows.items() if chosen & set(rows.tolist()))
        return tuple(self.vocabulary[i] for i in order), units

    def support(self, terms: Sequence[Term], vectors: np.ndarray | None = None) -> TopicSupport:
        """How much the report speaks of a topic's informative words.

        Args:
            terms: The topic's informative words (``topic.informative_terms``).
            vectors: The gate encoder's vectors of the terms, in order (None: spelling only).
        """
        spoken: dict[str, frozenset[str]] = {}
        renderings: dict[str, tuple[str, ...]] = {}
        for i, term in enumerate(terms):
            units = self.spelled_in(term.text)
            if vectors is not None and len(vectors) == len(terms):
                rendering, rendered_units = self.rendered(vectors[i])
                if not units and rendering:
                    renderings[term.text] = rendering
                units = units | rendered_units
            spoken[term.text] = units
        n = max(len(self._words), 1)
        # a word most units speak of frames the report and says little about the topic
        weights = {t.text: t.weight * (1.0 - len(spoken[t.text]) / n) for t in terms}
        total = sum(weights.values())
        share = sum(w for t, w in weights.items() if spoken[t]) / total if total else 1.0
        return TopicSupport(share, spoken, renderings, weights)
