"""Evaluation of briefing notes against the topic gold: recall and precision of the units gathered."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import project_root
from ..errors import UserInputError

#: CI fails when, on eval/briefs.jsonl, recall or (judged) precision falls below these overall,
#: or an off-report topic gets a briefing. Raise them as the numbers allow, never lower them to pass.
BRIEF_FLOORS = {"recall": 0.90, "precision": 0.75, "off_report_declined": 1.0}


@dataclass(frozen=True)
class GoldTopic:
    """One gold topic: the units a briefing must hold and a few it must not ([] and [] = off-report)."""

    id: str
    topic: str
    lang: str
    must: tuple[str, ...]
    must_not: tuple[str, ...] = ()

    @property
    def off_report(self) -> bool:
        """The report does not discuss the topic."""
        return not self.must


def default_briefs_path() -> Path:
    """The gated topic gold."""
    return project_root() / "eval" / "briefs.jsonl"


def load_topics(path: Path) -> list[GoldTopic]:
    """Read a topic gold file (JSONL: id, lang, topic, must, must_not).

    Raises:
        UserInputError: the file is missing or a line is malformed (the message names it).
    """
    if not path.is_file():
        raise UserInputError(f"No topic gold at {path}: pass --briefs with a .jsonl file.")
    topics: list[GoldTopic] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            topics.append(
                GoldTopic(
                    str(row["id"]),
                    str(row["topic"]),
                    str(row["lang"]),
                    tuple(row["must"]),
                    tuple(row.get("must_not", ())),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise UserInputError(f"{path}:{number}: not a topic line ({exc}).") from None
    return topics


def score_topic(gold: GoldTopic, refs: Sequence[str]) -> dict[str, float | None]:
    """Recall, judged precision and strict precision of one briefing's units.

    Judged precision counts only units the gold judges (in ``must`` or ``must_not``); strict
    precision counts every unit not in ``must`` as wrong. None when there is nothing to divide by.
    """
    got, must, must_not = set(refs), set(gold.must), set(gold.must_not)
    judged = got & (must | must_not)
    return {
        "recall": len(got & must) / len(must) if must else None,
        "precision": len(got & must) / len(judged) if judged else None,
        "strict_precision": len(got & must) / len(got) if got else None,
    }


def evaluate_briefs(
    topics: Sequence[GoldTopic], brief: Callable[[str, str], Sequence[str]]
) -> dict[str, Any]:
    """Brief every topic (``brief(topic, lang) -> refs``); metrics overall and per language, with failures."""
    rows = [(t, tuple(brief(t.topic, t.lang))) for t in topics]
    summary = _aggregate(rows)
    summary["by_lang"] = {lang: _aggregate([r for r in rows if r[0].lang == lang]) for lang in ("fr", "en")}
    summary["failures"] = [
        {
            "id": t.id,
            "topic": t.topic,
            "missing": [r for r in t.must if r not in refs],
            "unwanted": [r for r in refs if r in t.must_not],
            **({"off_report_briefed": list(refs)} if t.off_report and refs else {}),
        }
        for t, refs in rows
        if (t.off_report and refs) or set(t.must) - set(refs) or set(refs) & set(t.must_not)
    ]
    return summary


def _aggregate(rows: Sequence[tuple[GoldTopic, tuple[str, ...]]]) -> dict[str, Any]:
    on = [score_topic(t, refs) for t, refs in rows if not t.off_report]
    off = [not refs for t, refs in rows if t.off_report]

    def mean(key: str) -> float | None:
        values = [s[key] for s in on if s[key] is not None]
        return round(sum(values) / len(values), 4) if values else None  # type: ignore[arg-type]

    return {
        "n": len(rows),
        "n_off_report": len(off),
        "recall": mean("recall"),
        "precision": mean("precision"),
        "strict_precision": mean("strict_precision"),
        "off_report_declined": round(sum(off) / len(off), 4) if off else None,
        "mean_units": round(sum(len(r) for t, r in rows if not t.off_report) / max(len(on), 1), 2),
    }


def brief_gate_failures(summary: dict[str, Any]) -> list[str]:
    """What falls below the briefing floors (overall)."""
    return [
        f"briefs: {metric} {summary[metric]:.3f} < floor {floor:.2f}"
        for metric, floor in BRIEF_FLOORS.items()
        if summary.get(metric) is not None and summary[metric] < floor
    ]


def format_briefs(summary: dict[str, Any]) -> str:
    """The briefing metrics as a small table, then the failures."""
    lines = [
        "| briefs | n | recall | precision (judged) | precision (strict) | off-report declined | units |"
    ]
    lines.append("|---|---|---|---|---|---|---|")
    for name, s in (("overall", summary), *summary["by_lang"].items()):
        cells = [s["recall"], s["precision"], s["strict_precision"], s["off_report_declined"]]
        shown = " | ".join("-" if c is None else f"{c:.3f}" for c in cells)
        lines.append(f"| {name} | {s['n']} | {shown} | {s['mean_units']} |")
    for f in summary["failures"]:
        lines.append(
            f"  {f['id']} {f['topic']!r}: missing {f['missing']}, unwanted {f['unwanted']}"
            + (f", off-report but briefed {f['off_report_briefed']}" if "off_report_briefed" in f else "")
        )
    return "\n".join(lines)
