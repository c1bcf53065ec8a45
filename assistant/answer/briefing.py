"""Briefing notes: everything the report says on a topic, in its words, organised and cited."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..ingest.report import Report, ReportMeta, Unit
from .retrieval import Ranking

#: Relative cut-off: a unit is in the briefing when its fused score is at least this share
#: of the best unit's. Chosen on eval/briefs_dev.jsonl only (recall 0.92, precision 0.82 there;
#: a fixed score cut-off did worse: a topic's scores scale with how much the report says on it);
#: eval/briefs.jsonl only measures it.
BRIEF_CUTOFF = 0.35
#: A sentence is quoted when its dense cosine is within this of the unit's best sentence.
EXCERPT_MARGIN = 0.015
ELLIPSIS = "[…]"

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "briefing": "Note d’information",
        "topic": "Sujet",
        "meeting": "Réunion",
        "place": "Lieu",
        "dates": "Dates",
        "symbol": "Cote",
        "glance": "En bref",
        "matched": "passages",
        "recommendations": "Recommandations",
        "deliberations": "Délibérations",
        "excerpt": "extrait",
        "not_discussed": "Le rapport ne traite pas de ce sujet : aucun passage ne s’y rapporte.",
    },
    "en": {
        "briefing": "Briefing note",
        "topic": "Topic",
        "meeting": "Meeting",
        "place": "Place",
        "dates": "Dates",
        "symbol": "Symbol",
        "glance": "At a glance",
        "matched": "units",
        "recommendations": "Recommendations",
        "deliberations": "Deliberations",
        "excerpt": "excerpt",
        "not_discussed": "The report does not discuss this topic: no passage relates to it.",
    },
}

_FRENCH_HINTS = re.compile(
    r"[àâçéèêëîïôûùœ]|\b(?:le|la|les|des|du|de|et|aux?|sur|pour|dans|en|d’|l’|d'|l')\b", re.IGNORECASE
)
_ENGLISH_HINTS = re.compile(
    r"\b(?:the|of|and|on|for|in|to|with|by)\b|\w+(?:ing|tion of|ness|ship)\b", re.IGNORECASE
)


_WORDS = re.compile(r"[^\W\d_]{3,}")


def words_of(texts: Sequence[str]) -> set[str]:
    """The words (three letters or more, lower case) of some texts, as ``topic_language`` reads them."""
    return {w.lower() for text in texts for w in _WORDS.findall(text)}


def topic_language(topic: str, default: str = "fr", report_words: Collection[str] = ()) -> str:
    """ "fr" or "en": the topic's language by its accents and function words.

    When those do not tell, words of the report (``report_words``, lower case) count for the
    report's language (``default``) and other words for the other one; a tie gives ``default``.
    """
    french, english = len(_FRENCH_HINTS.findall(topic)), len(_ENGLISH_HINTS.findall(topic))
    if french == english and report_words:
        words = [w.lower() for w in _WORDS.findall(topic)]
        own = sum(w in report_words for w in words)
        french, english = (own, len(words) - own) if default == "fr" else (len(words) - own, own)
    if french == english:
        return default
    return "fr" if french > english else "en"


@dataclass(frozen=True)
class BriefEntry:
    """One unit in a briefing.

    Attributes:
        unit: The unit quoted; ``unit.ref`` is the citation.
        sentences: The sentences quoted, in the unit's order (all of them unless ``excerpt``).
        excerpt: True when only the relevant sentences are quoted.
        score: Relevance to the topic (fused score; comparable within one briefing).
        qualified: The library holds several reports: the citation names the report ("DOCID/18").
    """

    unit: Unit
    sentences: tuple[str, ...]
    excerpt: bool
    score: float
    qualified: bool = False

    @property
    def ref(self) -> str:
        """The citation: "18" or "R7", or "DOCID/18" when the library holds several reports."""
        return self.unit.citation(self.qualified)

    @property
    def quote(self) -> str:
        """The quoted words; omitted sentences are marked with "[…]"."""
        return " ".join(self.sentences) if not self.excerpt else _with_gaps(self.unit.text, self.sentences)

    @property
    def citation(self) -> str:
        """The citation to paste: "[18]" or "[R7]"."""
        return f"[{self.ref}]"


@dataclass(frozen=True)
class BriefSection:
    """Entries under one of the report's own section headings, in report order."""

    heading: str
    entries: tuple[BriefEntry, ...]


@dataclass(frozen=True)
class Briefing:
    """A briefing note on a topic.

    Attributes:
        topic: The topic as asked.
        lang: Language of the labels ("fr" or "en"); quotes stay in the report's language.
        meta: The report's title, meeting, place and dates.
        recommendations: Recommendation entries, R-numbers in order.
        deliberations: Paragraph entries grouped under the report's section headings.
        discussed: False when the report does not discuss the topic (then no entries).
    """

    topic: str
    lang: str
    meta: ReportMeta
    recommendations: tuple[BriefEntry, ...] = ()
    deliberations: tuple[BriefSection, ...] = field(default_factory=tuple)

    @property
    def discussed(self) -> bool:
        """True when the report says something on the topic."""
        return bool(self.recommendations or self.deliberations)

    @property
    def entries(self) -> list[BriefEntry]:
        """Every entry: recommendations first, then deliberations, as printed."""
        return [*self.recommendations, *(e for s in self.deliberations for e in s.entries)]

    @property
    def refs(self) -> list[str]:
        """The citations of the briefing, as printed."""
        return [e.ref for e in self.entries]

    @property
    def labels(self) -> dict[str, str]:
        """The labels in the briefing's language."""
        return LABELS[self.lang]

    @property
    def at_a_glance(self) -> str:
        """One line: the topic, how many units matched, and their refs."""
        labels = self.labels
        colon = " :" if self.lang == "fr" else ":"
        if not self.discussed:
            return f"{labels['topic']}{colon} {self.topic} — 0 {labels['matched']}."
        refs = ", ".join(self.refs)
        return f"{labels['topic']}{colon} {self.topic} — {len(self.refs)} {labels['matched']}{colon} {refs}."

    def to_dict(self) -> dict[str, Any]:
        """The briefing as JSON-ready data."""
        meta = self.meta
        return {
            "topic": self.topic,
            "lang": self.lang,
            "discussed": self.discussed,
            "at_a_glance": self.at_a_glance,
            "report": {
                "title": meta.title,
                "meeting": meta.meeting,
                "body": meta.body,
                "place": meta.place,
                "dates": meta.dates,
                "language": meta.language,
                "symbol": meta.symbol,
            },
            "refs": self.refs,
            "recommendations": [_entry_dict(e) for e in self.recommendations],
            "deliberations": [
                {"heading": s.heading, "entries": [_entry_dict(e) for e in s.entries]}
                for s in self.deliberations
            ],
            **({"doc_id": self.entries[0].unit.doc_id} if self.entries and self.entries[0].qualified else {}),
        }


def _entry_dict(entry: BriefEntry) -> dict[str, Any]:
    return {
        "ref": entry.ref,
        "section": entry.unit.section,
        "quote": entry.quote,
        "excerpt": entry.excerpt,
        "score": round(entry.score, 4),
    }


def _with_gaps(text: str, sentences: Sequence[str]) -> str:
    """The chosen sentences with "[…]" wherever the unit's text is left out."""
    parts: list[str] = []
    position = 0
    for sentence in sentences:
        start = text.find(sentence, position)
        if start > position and text[position:start].strip():
            parts.append(ELLIPSIS)
        parts.append(sentence)
        position = start + len(sentence) if start >= 0 else position
    if text[position:].strip():
        parts.append(ELLIPSIS)
    return " ".join(parts)


def build_briefing(
    topic: str,
    lang: str,
    report: Report,
    ranking: Ranking,
    off_topic: bool,
    sentences: Callable[[Unit], Sequence[tuple[str, str]]],
    cutoff: float = BRIEF_CUTOFF,
    qualified: bool = False,
) -> Briefing:
    """Organise the units ranked for a topic into a briefing.

    Args:
        topic: The topic as asked.
        lang: Language of the labels.
        report: The report the units come from (its order and metadata).
        ranking: Every unit ranked for the topic.
        off_topic: The assistant's decline decision for the topic (``AbstainPolicy.off_topic``).
        sentences: A unit's (sentence id, sentence) pairs, in order.
        cutoff: Minimum share of the best unit's fused score for a unit to be in.
        qualified: Cite as "DOCID/18" (the library holds several reports).
    """
    meta = report.metadata
    if off_topic or not ranking.hits:
        return Briefing(topic, lang, meta)
    floor = cutoff * max(h.score for h in ranking.hits)
    scores: dict[str, float] = {}  # by ref: only this report's units
    for hit in ranking.hits:
        if hit.chunk.unit.doc_id == report.doc_id and hit.unit_ref not in scores and hit.score >= floor:
            scores[hit.unit_ref] = hit.score
    entries = {
        u.ref: _entry(u, scores[u.ref], sentences(u), ranking.sentence_scores, qualified)
        for u in report.units
        if u.ref in scores
    }
    recommendations = tuple(
        entries[u.ref] for u in report.units if u.kind == "recommendation" and u.ref in entries
    )
    sections: dict[str, list[BriefEntry]] = {}
    for unit in report.units:
        if unit.kind == "paragraph" and unit.ref in entries:
            sections.setdefault(unit.section, []).append(entries[unit.ref])
    deliberations = tuple(BriefSection(h, tuple(e)) for h, e in sections.items())
    return Briefing(topic, lang, meta, recommendations, deliberations)


def _entry(
    unit: Unit,
    score: float,
    sentences: Sequence[tuple[str, str]],
    scores: Mapping[str, float],
    qualified: bool = False,
) -> BriefEntry:
    """The whole unit, or only its relevant sentences when it is a long paragraph."""
    texts = tuple(s for _, s in sentences)
    if unit.kind == "recommendation" or len(sentences) <= 2:
        return BriefEntry(unit, (unit.text,), False, score, qualified)
    best = max(scores.get(sid, 0.0) for sid, _ in sentences)
    kept = tuple(s for sid, s in sentences if scores.get(sid, 0.0) >= best - EXCERPT_MARGIN)
    if len(kept) == len(texts):
        return BriefEntry(unit, (unit.text,), False, score, qualified)
    return BriefEntry(unit, kept, True, score, qualified)
