"""Briefing notes: everything the report says on a topic, in its words, organised and cited."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..index.glossary import countries
from ..ingest.report import Report, ReportMeta, Unit
from .retrieval import Hit, Ranking
from .roll_call import LIST_COLON, roll_call
from .topic_support import TopicSupport

#: Relative cut-off: a unit is in the briefing when its lead over the median unit's score is
#: at least this share of the best unit's lead (scale- and shift-free: an English topic's
#: scores are flat and low, a French one's steep). Chosen on eval/briefs_dev.jsonl only;
#: eval/briefs.jsonl only measures it (README, "Briefing notes").
BRIEF_CUTOFF = 0.35
#: A unit that speaks of at least this share of the topic's words (``TopicSupport.unit_share``)
#: is in when its lead is at least ``SPOKEN_CUTOFF`` of the best one's.
SPOKEN_SHARE = 0.5
SPOKEN_CUTOFF = 0.1
#: What the briefing score adds to the fused score: the z-scored keyword score of the report's
#: words for the topic words it does not spell ("magistrates" -> "magistrats"), and the share of
#: the topic's words the unit speaks of.
RENDERED_WEIGHT = 3.0
SPOKEN_WEIGHT = 4.0
#: A sentence is quoted when its dense cosine is within this of the unit's best sentence.
EXCERPT_MARGIN = 0.015
ELLIPSIS = "[…]"
#: A list after a colon this long (items) is left out of a quote unless it speaks of the topic.
LIST_MIN_ITEMS = 8

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
        "matched_one": "passage",
        "recommendation": "Recommandation",
        "recommendations": "Recommandations",
        "deliberations": "Délibérations",
        "excerpt": "extrait",
        "not_discussed": "Le rapport ne traite pas de ce sujet : aucun passage ne s’y rapporte.",
        "library": "Rapports",
        "library_not_discussed": "Aucun rapport de la bibliothèque ne traite de ce sujet : aucun passage "
        "ne s’y rapporte.",
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
        "matched_one": "unit",
        "recommendation": "Recommendation",
        "recommendations": "Recommendations",
        "deliberations": "Deliberations",
        "excerpt": "excerpt",
        "not_discussed": "The report does not discuss this topic: no passage relates to it.",
        "library": "Reports",
        "library_not_discussed": "No report of the library discusses this topic: no passage relates to it.",
    },
    "es": {
        "briefing": "Nota informativa",
        "topic": "Tema",
        "meeting": "Reunión",
        "place": "Lugar",
        "dates": "Fechas",
        "symbol": "Signatura",
        "glance": "En resumen",
        "matched": "pasajes",
        "matched_one": "pasaje",
        "recommendation": "Recomendación",
        "recommendations": "Recomendaciones",
        "deliberations": "Deliberaciones",
        "excerpt": "extracto",
        "not_discussed": "El informe no trata este tema: ningún pasaje se refiere a él.",
        "library": "Informes",
        "library_not_discussed": "Ningún informe de la biblioteca trata este tema: ningún pasaje se "
        "refiere a él.",
    },
    "ar": {
        "briefing": "مذكرة إحاطة",
        "topic": "الموضوع",
        "meeting": "الاجتماع",
        "place": "المكان",
        "dates": "التواريخ",
        "symbol": "الرمز",
        "glance": "باختصار",
        "matched": "{n} مقاطع",  # 3 to 10; see ``count_units``
        "matched_one": "مقطع واحد",
        "recommendation": "التوصية",
        "recommendations": "التوصيات",
        "deliberations": "المداولات",
        "excerpt": "مقتطف",
        "not_discussed": "لا يتناول التقرير هذا الموضوع: لا يتعلق به أي مقطع.",
        "library": "التقارير",
        "library_not_discussed": "لا يتناول أي تقرير في المكتبة هذا الموضوع: لا يتعلق به أي مقطع.",
    },
    "ru": {
        "briefing": "Справочная записка",
        "topic": "Тема",
        "meeting": "Совещание",
        "place": "Место",
        "dates": "Даты",
        "symbol": "Условное обозначение",
        "glance": "Кратко",
        "matched": "фрагментов",  # 5 to 20; see ``count_units``
        "matched_one": "фрагмент",
        "recommendation": "Рекомендация",
        "recommendations": "Рекомендации",
        "deliberations": "Обсуждения",
        "excerpt": "выдержка",
        "not_discussed": "В докладе эта тема не рассматривается: ни один фрагмент к ней не относится.",
        "library": "Доклады",
        "library_not_discussed": "Ни в одном докладе библиотеки эта тема не рассматривается: ни один "
        "фрагмент к ней не относится.",
    },
    "zh": {
        "briefing": "简报",
        "topic": "主题",
        "meeting": "会议",
        "place": "地点",
        "dates": "日期",
        "symbol": "文号",
        "glance": "概要",
        "matched": "段",
        "matched_one": "段",
        "recommendation": "建议",
        "recommendations": "建议",
        "deliberations": "讨论情况",
        "excerpt": "节选",
        "not_discussed": "报告未讨论这一主题：没有相关段落。",
        "library": "报告",
        "library_not_discussed": "文库中没有任何报告讨论这一主题：没有相关段落。",
    },
}

#: The languages a note's labels can be in (the chat page's six); quotes stay in the report's.
NOTE_LANGS = tuple(LABELS)


def separator(lang: str) -> str:
    """What joins a label to its value: "Sujet : …" in French, "主题：…" in Chinese, else "Topic: …"."""
    return {"fr": " : ", "zh": "："}.get(lang, ": ")


def count_units(lang: str, n: int) -> str:
    """ "3 units", "1 passage", "0 passage" (French counts zero in the singular), "5 фрагментов",
    "مقطعان", "共3段": the number of units a note quotes, as the language counts them."""
    labels = LABELS[lang]
    if lang == "zh":
        return f"共{n}{labels['matched']}"
    if lang == "ru":
        tens, units = n % 100, n % 10
        if units == 1 and tens != 11:
            return f"{n} {labels['matched_one']}"
        few = 2 <= units <= 4 and not 12 <= tens <= 14
        return f"{n} {'фрагмента' if few else labels['matched']}"
    if lang == "ar":
        if n == 0:
            return "لا مقاطع"
        if n == 1:
            return labels["matched_one"]
        if n == 2:
            return "مقطعان"
        return labels["matched"].format(n=n) if 3 <= n <= 10 else f"{n} مقطعاً"
    one = n == 1 or (n == 0 and lang == "fr")
    return f"{n} {labels['matched_one' if one else 'matched']}"


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


class _Printed:
    """What a note and a library note share: their citations and labels, as printed."""

    lang: str

    @property
    def entries(self) -> list[BriefEntry]:
        raise NotImplementedError

    @property
    def refs(self) -> list[str]:
        """The citations of the note (qualified with several reports), as printed."""
        return [e.ref for e in self.entries]

    @property
    def labels(self) -> dict[str, str]:
        """The labels in the note's language."""
        return LABELS[self.lang]


@dataclass(frozen=True)
class Briefing(_Printed):
    """A briefing note on a topic.

    Attributes:
        topic: The topic as asked.
        lang: Language of the labels (one of ``NOTE_LANGS``); quotes stay in the report's language.
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
    def at_a_glance(self) -> str:
        """One line: the topic, how many units matched, and their refs."""
        labels, sep = self.labels, separator(self.lang)
        matched = count_units(self.lang, len(self.refs))
        topic, refs = self.topic, ", ".join(self.refs)
        if self.lang == "ar":  # isolated, so that "R8, 19" keeps its order in a right-to-left line
            topic, refs = f"\u2068{topic}\u2069", f"\u2066{refs}\u2069"
        if not self.discussed:
            return f"{labels['topic']}{sep}{topic} — {matched}."
        return f"{labels['topic']}{sep}{topic} — {matched}{sep}{refs}."

    @property
    def doc_id(self) -> str | None:
        """The report's id when citations are qualified (several reports), else None."""
        return self.entries[0].unit.doc_id if self.entries and self.entries[0].qualified else None

    def entry_label(self, entry: BriefEntry) -> str:
        """The heading of a recommendation entry in the briefing's language ("Recommendation 8")."""
        space = "" if self.lang == "zh" else " "  # "建议8"
        return f"{self.labels['recommendation']}{space}{entry.unit.label.split()[-1]}"

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
            **({"doc_id": self.doc_id} if self.doc_id is not None else {}),
        }


@dataclass(frozen=True)
class LibraryBriefing(_Printed):
    """A briefing note on a topic across a library of several reports.

    Attributes:
        topic: The topic as asked.
        lang: Language of the labels (one of ``NOTE_LANGS``).
        parts: One briefing per report that discusses the topic (qualified citations), the
            report whose unit ranks best first.
        reports: Every report of the library (id, metadata), in library order: what was searched.
    """

    topic: str
    lang: str
    parts: tuple[Briefing, ...] = ()
    reports: tuple[tuple[str, ReportMeta], ...] = ()

    @property
    def discussed(self) -> bool:
        """True when some report says something on the topic."""
        return any(p.discussed for p in self.parts)

    @property
    def entries(self) -> list[BriefEntry]:
        """Every entry, report by report, as printed."""
        return [e for p in self.parts for e in p.entries]

    @property
    def at_a_glance(self) -> str:
        """One line: the topic, how many units matched across the library, and their refs."""
        return Briefing(self.topic, self.lang, ReportMeta(""), tuple(self.entries)).at_a_glance

    def to_dict(self) -> dict[str, Any]:
        """The note as JSON-ready data: the library's reports, then one briefing per report."""
        return {
            "topic": self.topic,
            "lang": self.lang,
            "discussed": self.discussed,
            "at_a_glance": self.at_a_glance,
            "library": [{"doc_id": doc_id, "title": meta.title} for doc_id, meta in self.reports],
            "refs": self.refs,
            "reports": [p.to_dict() for p in self.parts],
        }


#: What ``Assistant.brief`` returns: one report's note, or a note across the library.
Note = Briefing | LibraryBriefing


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


def relevant_hits(
    hits: Sequence[Hit],
    support: TopicSupport | None = None,
    rendered: Mapping[str, float] | None = None,
    cutoff: float = BRIEF_CUTOFF,
) -> list[Hit]:
    """The hits a briefing holds, rescored for the topic, best first.

    The score is the fused score, plus ``RENDERED_WEIGHT`` times the chunk's z-scored keyword
    score for the report's words rendering the topic (``rendered``, by chunk id), plus
    ``SPOKEN_WEIGHT`` times the share of the topic's words the unit speaks of. A hit is kept
    when its lead over the median score is at least ``cutoff`` of the best lead, or
    ``SPOKEN_CUTOFF`` of it when the unit speaks of ``SPOKEN_SHARE`` of the topic. When the
    report speaks of every word of the topic somewhere (any topic, in either language), a unit
    that speaks of none of them is left out: a one-word English topic ("children") ranks flat,
    and its cut-off would otherwise let in the meeting's procedural paragraphs (chosen on
    eval/briefs_dev.jsonl: recall and judged precision unchanged, 6.92 -> 6.75 units a note).
    """
    if not hits:
        return []
    rendered = rendered or {}

    def share(hit: Hit) -> float:
        return support.unit_share(hit.chunk.unit.citation(qualified=True)) if support is not None else 0.0

    scored = [
        (
            Hit(
                h.chunk, h.score + RENDERED_WEIGHT * rendered.get(h.chunk.id, 0.0) + SPOKEN_WEIGHT * share(h)
            ),
            share(h),
        )
        for h in hits
    ]
    scored.sort(key=lambda pair: -pair[0].score)
    median = statistics.median(h.score for h, _ in scored)
    lead = scored[0][0].score - median
    whole = support is not None and support.share >= 1.0 - 1e-9  # every word spoken somewhere
    return [
        hit
        for hit, spoken in scored
        if hit.score - median >= (SPOKEN_CUTOFF if spoken >= SPOKEN_SHARE else cutoff) * lead
        and (spoken > 0.0 or not whole)
    ]


def build_briefing(
    topic: str,
    lang: str,
    report: Report,
    ranking: Ranking,
    off_topic: bool,
    sentences: Callable[[Unit], Sequence[tuple[str, str]]],
    cutoff: float = BRIEF_CUTOFF,
    support: TopicSupport | None = None,
    rendered: Mapping[str, float] | None = None,
    speaks: Callable[[str], bool] | None = None,
    qualified: bool = False,
) -> Briefing:
    """Organise the units ranked for a topic into a briefing.

    Args:
        topic: The topic as asked.
        lang: Language of the labels.
        report: The report the units come from (its order and metadata).
        ranking: Every unit ranked for the topic.
        off_topic: The decline decision for the topic: the report speaks of too little of it
            (``not TopicSupport.discussed``).
        sentences: A unit's (sentence id, sentence) pairs, in order.
        cutoff: Minimum share of the best unit's lead over the median for a unit to be in.
        support: How much each unit speaks of the topic's words (None: not used).
        rendered: Z-scored keyword scores of the report's words for the topic, by chunk id.
        speaks: Whether a piece of text speaks of the topic (for excerpts; None: dense scores only).
        qualified: Cite as "DOCID/18" (the library holds several reports).
    """
    meta = report.metadata
    if off_topic or not ranking.hits:
        return Briefing(topic, lang, meta)
    scores: dict[str, float] = {}
    named = countries(topic)
    for hit in relevant_hits(ranking.hits, support, rendered, cutoff):
        unit = hit.chunk.unit
        if hit.unit_ref in scores or unit.doc_id != report.doc_id:
            continue
        if speaks is not None and _incidental_roll_call(unit, speaks, named):
            continue
        scores[hit.unit_ref] = hit.score
    entries = {
        u.ref: _entry(u, scores[u.ref], sentences(u), ranking.sentence_scores, speaks, qualified)
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
    speaks: Callable[[str], bool] | None = None,
    qualified: bool = False,
) -> BriefEntry:
    """The whole unit, or only its relevant sentences.

    A recommendation is quoted whole. Of a paragraph, the sentences kept are those that speak of
    the topic (``speaks``) and the best one by dense score; when none speaks, those within
    ``EXCERPT_MARGIN`` of the best one (three sentences or more). A long list after a colon
    that does not speak of the topic is left out ("… liées à la pandémie de COVID-19 : […]"
    rather than eighty States).
    """
    texts = tuple(s for _, s in sentences)
    if unit.kind == "recommendation" or not texts:
        return BriefEntry(unit, (unit.text,), False, score, qualified)
    kept = texts
    spoken = {s for s in texts if speaks(s)} if speaks is not None and len(texts) > 1 else set()
    if len(texts) > 2 or spoken:
        best = max(scores.get(sid, 0.0) for sid, _ in sentences)
        # the sentences that speak of the topic, else those that score nearly as well as the best
        margin = 0.0 if spoken else EXCERPT_MARGIN
        kept = tuple(s for sid, s in sentences if s in spoken or scores.get(sid, 0.0) >= best - margin)
    if speaks is not None:
        kept = tuple(_without_list(s, speaks) for s in kept)
    if kept == texts:
        return BriefEntry(unit, (unit.text,), False, score, qualified)
    return BriefEntry(unit, kept, True, score, qualified)


def _incidental_roll_call(unit: Unit, speaks: Callable[[str], bool], named: Sequence[str] = ()) -> bool:
    """A paragraph that lists who attended, where neither the list nor the paragraph's section
    heading speaks of the topic: the topic is only named in the lead-in, as a circumstance
    ("certains y participant à distance en raison … de la pandémie de COVID-19 : Afrique du
    Sud, Albanie, …"), and the paragraph is procedure, not what the report says on the topic.
    Kept when the topic is among the names listed (INTERPOL; a country the topic names,
    ``named``, in French) or is what the section is about (its heading: "Participation")."""
    if unit.kind != "paragraph":
        return False
    parts = roll_call(unit.text)
    if parts is None:
        return False
    _, names = parts
    if set(named) & set(countries(names)):
        return False
    return not speaks(names) and not speaks(unit.section)


def _without_list(sentence: str, speaks: Callable[[str], bool]) -> str:
    """The sentence up to its colon when a long list follows that does not speak of the topic."""
    match = LIST_COLON.search(sentence)
    if match is None:
        return sentence
    items = sentence[match.end() :]
    if items.count(",") + 1 < LIST_MIN_ITEMS or speaks(items):
        return sentence
    return sentence[: match.end()].rstrip()
