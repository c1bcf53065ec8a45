"""Evaluation: gold questions, retrieval and abstention metrics, variant comparison, CI floors."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import math
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import project_root
from ..errors import UserInputError

#: CI fails when a ranking metric falls below its floor overall or in either language,
#: or when the share of unanswerable questions declined falls below its floor, or the
#: share of answerable questions declined rises above its ceiling (both overall: a
#: language holds only 8-9 unanswerable questions). Raise them as the numbers allow,
#: never lower them to pass.
RANKING_FLOORS = {"hit@1": 0.72, "hit@5": 0.95, "mrr": 0.82}
ABSTAIN_FLOOR = 0.80
ABSTAIN_FALSE_CEILING = 0.04

METRICS = ("hit@1", "hit@3", "hit@5", "mrr", "ndcg@10", "recall@5")


@dataclass(frozen=True)
class GoldQuestion:
    """One gold question: what is asked and which units answer it ([] = the report does not)."""

    id: str
    question: str
    expected: tuple[str, ...]
    lang: str = "und"
    answer_contains: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What the system returned for one question."""

    refs: tuple[str, ...]
    abstained: bool = False
    quote: str = ""
    seconds: float = 0.0


@dataclass
class Result:
    """One question's outcome and its per-question metrics."""

    gold: GoldQuestion
    outcome: Outcome
    scores: dict[str, float] = field(default_factory=dict)


def default_gold_path() -> Path:
    """The project's own gold set."""
    return project_root() / "eval" / "gold.jsonl"


def load_gold(path: Path) -> list[GoldQuestion]:
    """Read a gold set: our JSONL file, or a BEIR folder (queries.jsonl + qrels/*.tsv).

    Raises:
        UserInputError: the file is missing or malformed (the message names the line).
    """
    if path.is_dir():
        return _load_beir(path)
    if not path.is_file():
        raise UserInputError(f"No gold file at {path}: pass --gold with a .jsonl file or a BEIR folder.")
    questions: list[GoldQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(
                GoldQuestion(
                    id=str(row.get("id", f"line{number}")),
                    question=str(row["question"]),
                    expected=tuple(str(r) for r in row.get("expected", [])),
                    lang=str(row.get("lang", "und")),
                    answer_contains=tuple(row.get("answer_contains", [])),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise UserInputError(f"{path}:{number}: not a gold question ({exc}).") from None
    if not questions:
        raise UserInputError(f"{path} holds no questions.")
    return questions


def _load_beir(folder: Path) -> list[GoldQuestion]:
    queries_path = folder / "queries.jsonl"
    qrels = sorted((folder / "qrels").glob("*.tsv"))
    if not queries_path.is_file() or not qrels:
        raise UserInputError(f"{folder} is not a BEIR folder: it needs queries.jsonl and qrels/*.tsv.")
    expected: dict[str, list[str]] = {}
    for qrel in qrels:
        with qrel.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if float(row.get("score", 1) or 0) > 0:
                    expected.setdefault(row["query-id"], []).append(row["corpus-id"])
    questions = []
    for line in queries_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            meta = row.get("metadata") or {}
            questions.append(
                GoldQuestion(
                    id=str(row["_id"]),
                    question=str(row["text"]),
                    expected=tuple(expected.get(str(row["_id"]), [])),
                    lang=str(meta.get("lang", "und")),
                    answer_contains=tuple(meta.get("answer_contains", [])),
                )
            )
    return questions


def export_beir(questions: Sequence[GoldQuestion], folder: Path, corpus: Iterable[dict[str, str]]) -> None:
    """Write the gold set as BEIR files: corpus.jsonl, queries.jsonl, qrels/test.tsv."""
    (folder / "qrels").mkdir(parents=True, exist_ok=True)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for doc in corpus:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as out:
        for q in questions:
            meta: dict[str, Any] = {"lang": q.lang}
            if q.answer_contains:
                meta["answer_contains"] = list(q.answer_contains)
            out.write(
                json.dumps({"_id": q.id, "text": q.question, "metadata": meta}, ensure_ascii=False) + "\n"
            )
    with (folder / "qrels" / "test.tsv").open("w", encoding="utf-8") as out:
        out.write("query-id\tcorpus-id\tscore\n")
        for q in questions:
            for ref in q.expected:
                out.write(f"{q.id}\t{ref}\t1\n")


def score_question(gold: GoldQuestion, outcome: Outcome) -> dict[str, float]:
    """Per-question retrieval metrics (answerable questions only)."""
    expected = set(gold.expected)
    refs = list(outcome.refs)
    rank = next((i + 1 for i, r in enumerate(refs[:10]) if r in expected), None)
    dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(refs[:10]) if r in expected)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(expected), 10)))
    return {
        "hit@1": float(rank is not None and rank <= 1),
        "hit@3": float(rank is not None and rank <= 3),
        "hit@5": float(rank is not None and rank <= 5),
        "mrr": 1 / rank if rank else 0.0,
        "ndcg@10": dcg / ideal if ideal else 0.0,
        "recall@5": len(expected & set(refs[:5])) / len(expected),
    }


def answer_correct(gold: GoldQuestion, outcome: Outcome) -> bool:
    """The quoted answer contains every phrase the gold question requires."""
    quote = outcome.quote.casefold()
    return not outcome.abstained and all(p.casefold() in quote for p in gold.answer_contains)


def evaluate(
    questions: Sequence[GoldQuestion], answer: Callable[[str], Outcome]
) -> tuple[dict[str, Any], list[Result]]:
    """Run every question and aggregate the metrics, overall and per language."""
    results = []
    for gold in questions:
        started = time.perf_counter()
        outcome = answer(gold.question)
        outcome = Outcome(outcome.refs, outcome.abstained, outcome.quote, time.perf_counter() - started)
        result = Result(gold, outcome)
        if gold.expected:
            result.scores = score_question(gold, outcome)
        results.append(result)
    summary = _aggregate(results)
    langs = sorted({r.gold.lang for r in results})
    summary["by_lang"] = {lang: _aggregate([r for r in results if r.gold.lang == lang]) for lang in langs}
    summary["failures"] = [_failure(r) for r in results if _failed(r)]
    return summary, results


def _aggregate(results: Sequence[Result]) -> dict[str, Any]:
    answerable = [r for r in results if r.gold.expected]
    unanswerable = [r for r in results if not r.gold.expected]
    with_phrases = [r for r in answerable if r.gold.answer_contains]
    summary: dict[str, Any] = {"n": len(results), "n_answerable": len(answerable)}
    for metric in METRICS:
        summary[metric] = _mean(r.scores[metric] for r in answerable)
    summary["abstain_correct"] = _mean(float(r.outcome.abstained) for r in unanswerable)
    summary["abstain_false"] = _mean(float(r.outcome.abstained) for r in answerable)
    summary["n_unanswerable"] = len(unanswerable)
    summary["answer_correct"] = _mean(float(answer_correct(r.gold, r.outcome)) for r in with_phrases)
    summary["n_answer_checked"] = len(with_phrases)
    # the sentence choice alone: among questions whose first citation is the unit the
    # gold words come from, the share whose quote holds them
    same_unit = [r for r in with_phrases if r.outcome.refs[:1] == r.gold.expected[:1]]
    summary["answer_correct_in_unit"] = _mean(float(answer_correct(r.gold, r.outcome)) for r in same_unit)
    times = [r.outcome.seconds * 1000 for r in results]
    summary["median_ms"] = round(statistics.median(times), 1) if times else 0.0
    return summary


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return round(sum(items) / len(items), 4) if items else 0.0


def _failed(result: Result) -> bool:
    if not result.gold.expected:
        return not result.outcome.abstained
    return (
        result.outcome.abstained
        or result.scores["hit@1"] < 1
        or (bool(result.gold.answer_contains) and not answer_correct(result.gold, result.outcome))
    )


def _failure(result: Result) -> dict[str, Any]:
    gold, outcome = result.gold, result.outcome
    if not gold.expected:
        why = "answered a question the report does not answer"
    elif outcome.abstained:
        why = "declined an answerable question"
    elif result.scores["hit@1"] < 1:
        why = f"first citation wrong (expected unit at rank {_rank(gold, outcome) or '>10'})"
    else:
        why = "quoted sentence lacks " + ", ".join(repr(p) for p in gold.answer_contains)
    return {
        "id": gold.id,
        "lang": gold.lang,
        "question": gold.question,
        "expected": list(gold.expected),
        "got": list(outcome.refs[:5]),
        "abstained": outcome.abstained,
        "why": why,
    }


def _rank(gold: GoldQuestion, outcome: Outcome) -> int | None:
    return next((i + 1 for i, r in enumerate(outcome.refs[:10]) if r in gold.expected), None)


def gate_failures(summary: dict[str, Any]) -> list[str]:
    """Which CI floors or ceilings the summary breaks, as readable lines."""
    problems = []
    scopes = [("overall", summary)] + [(f"lang {k}", v) for k, v in summary.get("by_lang", {}).items()]
    for scope, numbers in scopes:
        for metric, floor in RANKING_FLOORS.items():
            if numbers["n_answerable"] and numbers[metric] < floor:
                problems.append(f"{scope}: {metric} {numbers[metric]:.3f} < floor {floor:.2f}")
    if summary["n_unanswerable"] and summary["abstain_correct"] < ABSTAIN_FLOOR:
        problems.append(
            f"overall: abstain_correct {summary['abstain_correct']:.3f} < floor {ABSTAIN_FLOOR:.2f}"
        )
    if summary["abstain_false"] > ABSTAIN_FALSE_CEILING:
        problems.append(
            f"overall: abstain_false {summary['abstain_false']:.3f} > ceiling {ABSTAIN_FALSE_CEILING:.2f}"
        )
    return problems


def format_summary(summary: dict[str, Any]) -> str:
    """The metrics as a small table: overall and per language."""
    columns = [
        *METRICS,
        "abstain_correct",
        "abstain_false",
        "answer_correct",
        "answer_correct_in_unit",
        "median_ms",
    ]
    rows = [("overall", summary), *summary.get("by_lang", {}).items()]
    header = f"{'':8} {'n':>4} " + " ".join(f"{c:>15}" for c in columns)
    header = header.replace(" answer_correct_in_unit", "  answer_in_unit")
    lines = [header]
    for name, numbers in rows:
        cells = " ".join(
            f"{numbers[c]:>15.3f}" if c != "median_ms" else f"{numbers[c]:>15.1f}" for c in columns
        )
        lines.append(f"{name:8} {numbers['n']:>4} {cells}")
    return "\n".join(lines)


def format_failures(failures: Sequence[dict[str, Any]], limit: int = 20) -> str:
    """The failures, one block each."""
    lines = [f"{len(failures)} failure(s):"]
    for f in failures[:limit]:
        declined = " (declined)" if f["abstained"] else ""
        lines.append(
            f"  {f['id']} [{f['lang']}] {f['question']!r}\n"
            f"      expected {f['expected']}, got {f['got']}{declined}: {f['why']}"
        )
    if len(failures) > limit:
        lines.append(f"  ... and {len(failures) - limit} more (see --json)")
    return "\n".join(lines)


def format_comparison(rows: Sequence[tuple[str, dict[str, Any]]]) -> str:
    """A Markdown table comparing retrieval variants on the same questions."""
    columns = ["hit@1", "hit@5", "mrr", "ndcg@10", "recall@5"]
    head = "| variant | " + " | ".join(columns) + " | hit@5 fr | hit@5 en | mrr fr | mrr en | median ms |"
    sep = "|" + "---|" * (len(columns) + 6)
    lines = [head, sep]
    for name, s in rows:
        by = s.get("by_lang", {})
        fr, en = by.get("fr", {}), by.get("en", {})
        cells = " | ".join(f"{s[c]:.3f}" for c in columns)
        lang_cells = " | ".join(
            f"{d.get(m, 0.0):.3f}" for d, m in ((fr, "hit@5"), (en, "hit@5"), (fr, "mrr"), (en, "mrr"))
        )
        lines.append(f"| {name} | {cells} | {lang_cells} | {s['median_ms']:.1f} |")
    return "\n".join(lines)


def run_cli(args: argparse.Namespace, make_assistant: Callable[[], Any]) -> int:
    """`assistant eval`: evaluate, print, optionally write JSON, compare and gate."""
    from .baseline import NaiveBaseline

    questions = load_gold(args.gold or default_gold_path())
    assistant = make_assistant()
    if args.export_beir:
        corpus = [{"_id": u.ref, "title": u.section, "text": u.text} for u in assistant.units]
        export_beir(questions, args.export_beir, corpus)
        print(f"Wrote {len(questions)} questions as BEIR files to {args.export_beir}.")

    def production(question: str) -> Outcome:
        answer = assistant.ask(question, k=args.k)
        return Outcome(answer.citations, answer.abstained, answer.quote)

    production(questions[0].question)  # warm up: index, models, caches
    summary, _ = evaluate(questions, production)
    print(format_summary(summary))
    print()
    print(format_failures(summary["failures"]))
    from . import briefs

    topics = briefs.load_topics(getattr(args, "briefs", None) or briefs.default_briefs_path())
    summary["briefs"] = briefs.evaluate_briefs(topics, lambda t, lang: assistant.brief(t, lang=lang).refs)
    print()
    print(briefs.format_briefs(summary["briefs"]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.compare:
        from ..config import Weights

        variants: list[tuple[str, str, Weights | None]] = [
            ("keyword only (BM25, French stemming)", "keyword", None),
            ("dense only (e5, whole units)", "dense", None),
            ("dense sentences only (e5)", "sentence", None),
            ("gate encoder only (USE)", "gate", None),
            ("hybrid, equal weights", "hybrid", Weights(1.0, 1.0, 1.0, 1.0)),
            (
                "hybrid, no keyword side",
                "hybrid",
                dataclasses.replace(assistant.settings.weights, keyword=0.0),
            ),
        ]
        rows: list[tuple[str, dict[str, Any]]] = []
        for name, mode, weights in variants:
            rows.append((name, evaluate(questions, _ranker(assistant, mode, args.k, weights))[0]))
        rows.append(("hybrid (production)", summary))
        naive = NaiveBaseline.from_assistant(assistant)
        rows.append(("naive 1000-char chunks, dense", evaluate(questions, naive.answer)[0]))
        print()
        print(format_comparison(rows))
    if args.gate:
        problems = gate_failures(summary) + briefs.brief_gate_failures(summary["briefs"])
        if problems:
            print("\nQuality gate FAILED:\n  " + "\n  ".join(problems))
            return 1
        print("\nQuality gate passed.")
    return 0


def _ranker(assistant: Any, mode: str, k: int, weights: Any = None) -> Callable[[str], Outcome]:
    def answer(question: str) -> Outcome:
        ranking = assistant.rank(question, mode, weights)
        return Outcome(tuple(h.unit_ref for h in ranking.hits[:k]))

    return answer
