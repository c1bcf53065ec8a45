"""Evaluation: gold questions, retrieval and abstention metrics, variant comparison, CI floors."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import math
import re
import statistics
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
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
RANKING_FLOORS = {"hit@1": 0.75, "hit@5": 0.96, "mrr": 0.84}
ABSTAIN_FLOOR = 0.82
ABSTAIN_FALSE_CEILING = 0.04
#: On the held-out half of the calibration sets (questions written by people who saw
#: neither the code nor the gold set): the share of the questions the report does not
#: address that are declined, per kind, and of its answerable questions declined. Each
#: floor sits one question under the measured share (0.889, 0.460, 0.419 at issue 8; near
#: and framed raised at issue 8's fourth round, which measured 0.540 and 0.645; near at the
#: sixth, 0.622); far, near and framed at the seventh (0.917, 0.730, 0.742); near and framed
#: at the ninth (0.784, 0.774).
CALIBRATION_ABSTAIN_FLOORS = {"far": 0.88, "near": 0.75, "framed": 0.74}
CALIBRATION_ABSTAIN_FALSE_CEILING = 0.02
#: The other official languages: Spanish (12 gold questions) and Arabic, Russian, Chinese
#: (6 each); each gated on its own, not in "overall". Raised with the cross-lingual keyword
#: words to one question under what they measured (ar 0.500/0.833/0.640, ru 0.667/0.833/
#: 0.767, zh 0.833/1.000/0.917 hit@1/hit@5/MRR).
LANG_RANKING_FLOORS = {
    "es": {"hit@1": 0.90, "hit@5": 0.95, "mrr": 0.95},
    "ar": {"hit@1": 0.33, "hit@5": 0.83, "mrr": 0.55},
    "ru": {"hit@1": 0.50, "hit@5": 0.66, "mrr": 0.66},
    "zh": {"hit@1": 0.66, "hit@5": 0.83, "mrr": 0.80},
}


@dataclass(frozen=True)
class HeldOutSet:
    """A held-out question file in ``eval/`` and the floors the gate holds it to.

    Attributes:
        name: How the gate's messages name it.
        file: The file's name in ``eval/``.
        declined: Per kind of question the report does not address ("far", "near",
            "framed"), the least share declined.
        false_ceiling: The most share of its answerable questions declined.
        ranking: Floors of ranking metrics over its answerable questions.
    """

    name: str
    file: str
    declined: Mapping[str, float]
    false_ceiling: float
    ranking: Mapping[str, float]


#: The held-out sets the gate reads besides the calibration half, each written by a helper who
#: read only the report (never the code, the gold or the other sets) and never used to tune.
#: Each floor sits one question under a measured figure; raise them, never lower them.
HELD_OUT_SETS = (
    # 80 answerable, 40 far, 40 near, 40 framed, written on 2026-11-29. Joined at far 0.900,
    # near 0.650, framed 0.475, 4 of 80 answerable declined (0.050, over the 0.03
    # target); near and framed raised at issue 8's fourth round (0.700, 0.550), sixth (0.750,
    # 0.575), seventh (0.800, 0.650), eighth (framed 0.675; 1 of 80 answerable declined) and
    # ninth (framed 0.750).
    HeldOutSet(
        name="fresh",
        file="fresh_heldout.jsonl",
        declined={"far": 0.875, "near": 0.77, "framed": 0.72},
        false_ceiling=0.025,
        ranking={"hit@5": 0.95, "mrr": 0.82},
    ),
    # 85 answerable (30 French, 30 English, 10 Spanish, 5 each Arabic, Russian, Chinese), 35
    # far, 50 near, 50 framed; kept from the developers of issue 8's third round and measured
    # once, at its end (far 0.886, near 0.520, framed 0.560; 1 of 85 answerable declined;
    # hit@5 0.918, MRR 0.844); near and framed raised at the fourth round (0.540, 0.680), near
    # at the sixth (0.580) and the seventh (0.720, framed 0.740), both at the ninth (0.760, 0.780).
    HeldOutSet(
        name="fresh3",
        file="fresh3_heldout.jsonl",
        declined={"far": 0.85, "near": 0.74, "framed": 0.76},
        false_ceiling=0.024,
        ranking={"hit@5": 0.90, "mrr": 0.83},
    ),
    # The same make-up, kept from the developers of issue 8's fourth to sixth rounds and run
    # before them (far 0.914, near 0.400, framed 0.460; 5 of 85 answerable declined; hit@5
    # 0.918, MRR 0.795) and at their end (0.914, 0.480, 0.560; 5 of 85; 0.941, 0.833); near and
    # framed raised at the seventh round (0.660, 0.600; 6 of 85 answerable declined) and the
    # eighth (0.700, 0.620); framed at the ninth (0.700; 5 of 85 answerable declined).
    HeldOutSet(
        name="fresh4",
        file="fresh4_heldout.jsonl",
        declined={"far": 0.88, "near": 0.68, "framed": 0.68},
        false_ceiling=0.071,
        ranking={"hit@5": 0.92, "mrr": 0.82},
    ),
    # The same make-up, kept from the developers of issue 8's seventh round and run before it
    # (far 0.886, near 0.520, framed 0.700; 5 of 85 answerable declined; hit@5 0.953, MRR
    # 0.872) and at its end (0.914, 0.600, 0.800; 4 of 85; 0.965, 0.890); framed 0.780 at the
    # end of the eighth round (one question fewer, at the floor); at the ninth near 0.620, framed
    # 0.840, 3 of 85 answerable declined.
    HeldOutSet(
        name="fresh5",
        file="fresh5_heldout.jsonl",
        declined={"far": 0.88, "near": 0.60, "framed": 0.82},
        false_ceiling=0.048,
        ranking={"hit@5": 0.95, "mrr": 0.87},
    ),
    # The same make-up, written at the start of issue 8's eighth round, kept from its developers
    # and run before it, at its end and at its final gate, with the same figures (far 0.943, near 0.560,
    # framed 0.760; 5 of 85 answerable declined; hit@5 0.965, MRR 0.912): the round's fixes,
    # found on eval/calibration_tune6.jsonl, touched none of its questions; framed 0.900 and 4 of
    # 85 answerable declined at the end of the ninth round.
    HeldOutSet(
        name="fresh6",
        file="fresh6_heldout.jsonl",
        declined={"far": 0.91, "near": 0.54, "framed": 0.88},
        false_ceiling=0.059,
        ranking={"hit@5": 0.95, "mrr": 0.90},
    ),
    # The same make-up, written at the start of issue 8's ninth round, kept from its developers
    # and run before it (far 1.000, near 0.660, framed 0.740; 6 of 85 answerable declined;
    # hit@5 0.988, MRR 0.933), after its first changes (1.000, 0.660, 0.800; 7 of 85; 0.988,
    # 0.933) and at its end (1.000, 0.680, 0.800; 7 of 85; 0.988, 0.933).
    HeldOutSet(
        name="fresh7",
        file="fresh7_heldout.jsonl",
        declined={"far": 0.97, "near": 0.66, "framed": 0.78},
        false_ceiling=0.095,
        ranking={"hit@5": 0.97, "mrr": 0.92},
    ),
)


METRICS = ("hit@1", "hit@3", "hit@5", "mrr", "ndcg@10", "recall@5")


@dataclass(frozen=True)
class GoldQuestion:
    """One gold question: what is asked and which units answer it ([] = the report does not)."""

    id: str
    question: str
    expected: tuple[str, ...]
    lang: str = "und"
    answer_contains: tuple[str, ...] = ()
    kind: str = ""


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


def default_calibration_path() -> Path:
    """The held-out half of the calibration sets (the gate reads it besides the gold set)."""
    return project_root() / "eval" / "calibration_heldout.jsonl"


def load_gold(path: Path) -> list[GoldQuestion]:
    """Read a gold set: our JSONL file, or a BEIR folder (queries.jsonl + qrels/*.tsv).

    Each JSONL line needs ``question`` (text) and ``expected`` (a list of refs such as
    ``["24", "R7"]``, or qualified ``["wg-som-2022/4"]`` for a library of several reports;
    ``[]`` when the report does not answer); ``id``, ``lang`` and ``answer_contains`` (a list
    of strings) are optional. Bring the refs to the library's citation form with
    ``cited_as``, then check them with ``check_refs``.

    Raises:
        UserInputError: the file is missing or malformed (the message names the line).
    """
    if path.is_dir():
        return _load_beir(path)
    if not path.is_file():
        raise UserInputError(f"No gold file at {path}: pass --gold with a .jsonl file or a BEIR folder.")
    questions: list[GoldQuestion] = []
    for number, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        row = _json_object(line, where)
        for key in ("question", "expected"):
            if key not in row:
                raise UserInputError(f'{where}: missing "{key}" ({_GOLD_SHAPE}).')
        questions.append(
            GoldQuestion(
                id=_text(row.get("id", f"line{number}"), "id", where),
                question=_question(row["question"], where),
                expected=_refs(row["expected"], where),
                lang=_text(row.get("lang", "und"), "lang", where),
                answer_contains=_strings(row.get("answer_contains", []), "answer_contains", where),
                kind=_text(row.get("kind", ""), "kind", where),
            )
        )
    return _checked(questions, path)


_GOLD_SHAPE = (
    '{"question": "...", "expected": ["24", "R7"]}, with "expected": [] when the report does not answer'
)
_REF = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9._~-]*/)?(?:[1-9]\d{0,3}|R[1-9]\d{0,2})$")


def cited_as(questions: Sequence[GoldQuestion], doc_ids: Sequence[str]) -> list[GoldQuestion]:
    """The questions with their expected refs in the library's citation form: "18" with one
    report (a qualified "DOCID/18" of that report included), "DOCID/18" with several.

    Raises:
        UserInputError: a ref names an unknown report, or is bare while the library has several.
    """
    from ..answer.citations import parse_citation

    out = []
    for q in questions:
        keys = [parse_citation(ref, doc_ids) for ref in q.expected]
        expected = tuple(f"{d}/{r}" if len(doc_ids) > 1 else r for d, r in keys)
        out.append(dataclasses.replace(q, expected=expected))
    return out


def check_refs(questions: Sequence[GoldQuestion], refs: Collection[str]) -> None:
    """Every expected ref exists in the report.

    Raises:
        UserInputError: a question expects a unit the report does not have.
    """
    for q in questions:
        unknown = [r for r in q.expected if r not in refs]
        if unknown:
            raise UserInputError(
                f"Gold question {q.id} expects {', '.join(unknown)}, which the report does not have "
                f"(it has {', '.join(refs_range(refs))})."
            )


def refs_range(refs: Collection[str]) -> list[str]:
    """The report's refs as ranges: ["1-41", "R1-R12"]."""
    paras = sorted(int(r) for r in refs if r.isdigit())
    recs = sorted(int(r[1:]) for r in refs if r.startswith("R") and r[1:].isdigit())
    spans = [f"{paras[0]}-{paras[-1]}"] if paras else []
    return spans + ([f"R{recs[0]}-R{recs[-1]}"] if recs else [])


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserInputError(f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8.") from None
    except OSError as exc:
        raise UserInputError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def _json_object(line: str, where: str) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise UserInputError(f"{where}: not JSON ({exc}).") from None
    if not isinstance(row, dict):
        raise UserInputError(f"{where}: expected a JSON object ({_GOLD_SHAPE}).")
    return row


def _text(value: Any, key: str, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise UserInputError(f'{where}: "{key}" must be text, got {json.dumps(value)[:40]}.')
    return str(value)


def _question(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UserInputError(f'{where}: "question" must be non-empty text.')
    return value


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UserInputError(f'{where}: "{key}" must be a list of strings, got {json.dumps(value)[:40]}.')
    return tuple(value)


def _refs(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise UserInputError(
            f'{where}: "expected" must be a list of refs, got {json.dumps(value)[:40]} ({_GOLD_SHAPE}).'
        )
    refs = [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    for ref in refs:
        if not isinstance(ref, str) or not _REF.match(ref):
            raise UserInputError(
                f'{where}: {json.dumps(ref)[:40]} is not a ref: paragraphs are "18", recommendations "R7" '
                '(with several reports "DOCID/18").'
            )
    return tuple(refs)


def _checked(questions: list[GoldQuestion], source: Path) -> list[GoldQuestion]:
    if not questions:
        raise UserInputError(f"{source} holds no questions.")
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise UserInputError(f"{source}: question id {q.id} appears twice.")
        seen.add(q.id)
    return questions


def _load_beir(folder: Path) -> list[GoldQuestion]:
    queries_path = folder / "queries.jsonl"
    qrels = sorted((folder / "qrels").glob("*.tsv"))
    if not queries_path.is_file() or not qrels:
        raise UserInputError(f"{folder} is not a BEIR folder: it needs queries.jsonl and qrels/*.tsv.")
    expected: dict[str, list[str]] = {}
    for qrel in qrels:
        reader = csv.DictReader(io.StringIO(_read_text(qrel)), delimiter="\t")
        if not {"query-id", "corpus-id"} <= set(reader.fieldnames or ()):
            raise UserInputError(
                f"{qrel}: the header must name query-id, corpus-id and score (tab-separated), "
                f"got {reader.fieldnames}."
            )
        for row in reader:
            where = f"{qrel}:{reader.line_num}"
            try:
                score = float(row.get("score") or 1)
            except ValueError:
                raise UserInputError(f"{where}: score {row.get('score')!r} is not a number.") from None
            if score > 0:
                ref = _refs([row["corpus-id"]], where)[0]
                expected.setdefault(str(row["query-id"]), []).append(ref)
    questions = []
    for number, line in enumerate(_read_text(queries_path).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{queries_path}:{number}"
        row = _json_object(line, where)
        if "_id" not in row or "text" not in row:
            raise UserInputError(f'{where}: a BEIR query needs "_id" and "text".')
        meta = row.get("metadata") or {}
        if not isinstance(meta, dict):
            raise UserInputError(f'{where}: "metadata" must be an object.')
        qid = _text(row["_id"], "_id", where)
        questions.append(
            GoldQuestion(
                id=qid,
                question=_question(row["text"], where),
                expected=tuple(expected.get(qid, [])),
                lang=_text(meta.get("lang", "und"), "lang", where),
                answer_contains=_strings(meta.get("answer_contains", []), "answer_contains", where),
            )
        )
    return _checked(questions, queries_path)


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
    core = [r for r in results if r.gold.lang not in LANG_RANKING_FLOORS]
    if len(core) < len(results):
        summary["fr_en"] = _aggregate(core)
    kinds = sorted({r.gold.kind for r in results if r.gold.kind})
    if kinds:
        summary["by_kind"] = {kind: _aggregate([r for r in results if r.gold.kind == kind]) for kind in kinds}
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
    """Which CI floors or ceilings the summary breaks, as readable lines.

    "overall" is the French and English questions (and those with no language): the other
    official languages, fewer and newer, have floors of their own (``LANG_RANKING_FLOORS``).
    """
    problems = []
    by_lang = summary.get("by_lang", {})
    summary = summary.get("fr_en", summary)
    scopes = [("overall", summary, RANKING_FLOORS)] + [
        (f"lang {k}", v, LANG_RANKING_FLOORS.get(k, RANKING_FLOORS)) for k, v in by_lang.items()
    ]
    for scope, numbers, floors in scopes:
        for metric, floor in floors.items():
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


def calibration_gate_failures(
    summary: dict[str, Any],
    floors: Mapping[str, float] = CALIBRATION_ABSTAIN_FLOORS,
    ceiling: float = CALIBRATION_ABSTAIN_FALSE_CEILING,
    name: str = "calibration",
    ranking_floors: Mapping[str, float] | None = None,
) -> list[str]:
    """Which floors of a held-out set (declined per kind, answerable declined, and
    optionally ranking) the summary breaks."""
    problems = []
    by_kind = summary.get("by_kind", {})
    for kind, floor in floors.items():
        numbers = by_kind.get(kind)
        if numbers is None or not numbers["n_unanswerable"]:
            problems.append(f"{name}: no {kind!r} questions to check")
        elif numbers["abstain_correct"] < floor:
            share = numbers["abstain_correct"]
            problems.append(f"{name} {kind}: abstain_correct {share:.3f} < floor {floor:.2f}")
    if summary["abstain_false"] > ceiling:
        problems.append(f"{name}: abstain_false {summary['abstain_false']:.3f} > ceiling {ceiling:.2f}")
    for metric, floor in (ranking_floors or {}).items():
        if summary["n_answerable"] and summary[metric] < floor:
            problems.append(f"{name}: {metric} {summary[metric]:.3f} < floor {floor:.2f}")
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
    rows = [("overall", summary), *summary.get("by_lang", {}).items(), *summary.get("by_kind", {}).items()]
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
    questions = cited_as(questions, assistant.doc_ids)
    check_refs(questions, {assistant.cite(u) for u in assistant.units})
    if args.export_beir:
        corpus = [{"_id": assistant.cite(u), "title": u.section, "text": u.text} for u in assistant.units]
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
                dataclasses.replace(assistant.settings.weights, keyword=0.0, keyword_other_scripts=0.0),
            ),
            (
                "hybrid, keyword side without cross-lingual words",
                "hybrid",
                dataclasses.replace(assistant.settings.weights, crosslingual=False),
            ),
            (
                "hybrid, cross-lingual words for other scripts only",
                "hybrid",
                dataclasses.replace(assistant.settings.weights, crosslingual_latin=False),
            ),
            (
                "hybrid, Latin-script cross-lingual words on every unit",
                "hybrid",
                dataclasses.replace(assistant.settings.weights, bridge_top_latin=0),
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
        # the briefing floors too: recall 0.90, precision 0.75, every off-report topic declined
        problems = gate_failures(summary) + briefs.brief_gate_failures(summary["briefs"])
        calibration = getattr(args, "calibration", None) or default_calibration_path()
        if calibration.exists():
            held_out, _ = evaluate(cited_as(load_gold(calibration), assistant.doc_ids), production)
            print(f"\nCalibration set {calibration.name}:")
            print(format_summary(held_out))
            problems += calibration_gate_failures(held_out)
        if getattr(args, "calibration", None) is None:  # the project's own held-out sets
            for held in HELD_OUT_SETS:
                path = project_root() / "eval" / held.file
                if not path.exists():
                    problems.append(f"{held.name}: held-out set {path} is missing")
                    continue
                held_out, _ = evaluate(cited_as(load_gold(path), assistant.doc_ids), production)
                print(f"\nFresh held-out set {path.name}:")
                print(format_summary(held_out))
                problems += calibration_gate_failures(
                    held_out, held.declined, held.false_ceiling, held.name, held.ranking
                )
            fresh_topics = project_root() / "eval" / "briefs_fresh.jsonl"
            if fresh_topics.exists():  # reported, not gated: 15 topics, 3 off the report
                print(f"\nFresh briefing topics {fresh_topics.name} (reported, not gated):")
                fresh_briefs = briefs.evaluate_briefs(
                    briefs.load_topics(fresh_topics), lambda t, lang: assistant.brief(t, lang=lang).refs
                )
                print(briefs.format_briefs(fresh_briefs))
        if problems:
            print("\nQuality gate FAILED:\n  " + "\n  ".join(problems))
            return 1
        print("\nQuality gate passed.")
    return 0


def _ranker(assistant: Any, mode: str, k: int, weights: Any = None) -> Callable[[str], Outcome]:
    def answer(question: str) -> Outcome:
        ranking = assistant.rank(question, mode, weights)
        return Outcome(tuple(assistant.cite(h.chunk.unit) for h in ranking.hits[:k]))

    return answer
