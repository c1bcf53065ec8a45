"""Answers: cited passages, the quoted sentence(s) that answer, or a plain "the report does not say"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..ingest.report import ReportMeta, Unit

NOT_ANSWERED = "The report does not answer this question. / Le rapport ne répond pas à cette question."


@dataclass(frozen=True)
class Passage:
    """A passage of the report returned for a question.

    Attributes:
        unit: The unit the passage comes from.
        text: The report's own words (the whole unit, or the part of a long unit that matched).
        score: Relevance, comparable only within one answer (higher is better).
        qualified: The library holds several reports: the citation names the report ("DOCID/18").
    """

    unit: Unit
    text: str
    score: float
    qualified: bool = False

    @property
    def ref(self) -> str:
        """The citation: "18" or "R7", or "DOCID/18" when the library holds several reports."""
        return self.unit.citation(self.qualified)

    def to_dict(self) -> dict[str, Any]:
        """The passage as JSON: ref, section, text, score (and doc_id with several reports)."""
        data: dict[str, Any] = {
            "ref": self.ref,
            "section": self.unit.section,
            "text": self.text,
            "score": round(self.score, 4),
        }
        if self.qualified:
            data["doc_id"] = self.unit.doc_id
        return data


@dataclass(frozen=True)
class Answer:
    """What the assistant says to a question, always with the evidence it cites.

    Attributes:
        question: The question as asked.
        text: The quoted sentence(s) with their citation, or a plain statement that the
            report does not answer.
        quote: The quoted sentence(s) alone (the report's words), empty when abstaining.
        abstained: True when nothing in the report answers the question.
        passages: Ranked passages, best first (still given when abstaining, for context).
        report: With several reports, the metadata of the one the answer quotes (None otherwise).
    """

    question: str
    text: str
    quote: str
    abstained: bool
    passages: tuple[Passage, ...]
    report: ReportMeta | None = None

    @property
    def citations(self) -> tuple[str, ...]:
        """Refs of the passages, best first."""
        return tuple(p.ref for p in self.passages)

    @property
    def cited(self) -> str | None:
        """The ref the answer text quotes from, or None when abstaining."""
        return None if self.abstained or not self.passages else self.passages[0].ref

    def to_dict(self) -> dict[str, Any]:
        """The answer as JSON, in the CLI's ``--json`` shape (with several reports, also ``report``)."""
        data: dict[str, Any] = {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "passages": [p.to_dict() for p in self.passages],
        }
        if self.report is not None and self.passages:
            meta = self.report
            data["report"] = {
                "doc_id": self.passages[0].unit.doc_id,
                "title": meta.title,
                "symbol": meta.symbol,
                "dates": meta.dates,
            }
        return data

    @property
    def source(self) -> str:
        """One line naming the report quoted (title, symbol), or "" with a single report."""
        if self.report is None or not self.passages:
            return ""
        extra = ", ".join(x for x in (self.report.symbol, self.passages[0].unit.doc_id) if x)
        return f"{self.report.title} ({extra})"


def format_quote(quote: str, ref: str) -> str:
    """The answer text for a quote: the report's words in French quotes, then the citation."""
    return f"« {quote} » [{ref}]"


def no_such_unit(ref: str, refs: list[str]) -> str:
    """The answer text for a paragraph or recommendation the report does not have."""
    paras = sorted(int(r) for r in refs if r.isdigit())
    recs = sorted(int(r[1:]) for r in refs if r.startswith("R"))
    has = [f"paragraphs {paras[0]}-{paras[-1]}"] if paras else []
    a = [f"les paragraphes {paras[0]} à {paras[-1]}"] if paras else []
    if recs:
        has.append(f"recommendations R{recs[0]}-R{recs[-1]}")
        a.append(f"les recommandations R{recs[0]} à R{recs[-1]}")
    if ref.startswith("R"):
        en, fr = f"recommendation {ref}", f"de recommandation {ref}"
    else:
        en, fr = f"paragraph {ref}", f"de paragraphe {ref}"
    return (
        f"There is no {en}: the report has {' and '.join(has)}. / "
        f"Le rapport n’a pas {fr} : il compte {' et '.join(a)}."
    )
