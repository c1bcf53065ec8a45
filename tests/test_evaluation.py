"""The evaluation harness: metrics on known outcomes, gold formats, the gate, our gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Report, UserInputError
from assistant.config import project_root
from assistant.evaluation.harness import (
    ABSTAIN_FLOOR,
    CALIBRATION_ABSTAIN_FLOORS,
    HELD_OUT_SETS,
    RANKING_FLOORS,
    GoldQuestion,
    HeldOutSet,
    Outcome,
    calibration_gate_failures,
    default_gold_path,
    evaluate,
    export_beir,
    format_summary,
    gate_failures,
    load_gold,
    score_question,
)


def test_metrics_on_a_known_ranking() -> None:
    gold = GoldQuestion("q", "?", ("18", "R10"))
    scores = score_question(gold, Outcome(("5", "R10", "7", "18", "9")))
    assert scores["hit@1"] == 0 and scores["hit@3"] == 1 and scores["hit@5"] == 1
    assert scores["mrr"] == pytest.approx(0.5)
    assert scores["recall@5"] == 1.0
    # DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3)
    assert scores["ndcg@10"] == pytest.approx((0.6309 + 0.4307) / 1.6309, abs=1e-3)
    miss = score_question(gold, Outcome(("1", "2")))
    assert miss["mrr"] == 0 and miss["hit@5"] == 0 and miss["recall@5"] == 0


def test_evaluate_counts_abstentions_and_reports_failures_by_language() -> None:
    questions = [
        GoldQuestion("a", "turquesa", ("16",), "fr", ("Turquesa",)),
        GoldQuestion("b", "bread", (), "en"),
        GoldQuestion("c", "alpha", ("15",), "en"),
    ]
    outcomes = {
        "turquesa": Outcome(("16",), quote="l’opération Turquesa"),
        "bread": Outcome(("22",), abstained=False),
        "alpha": Outcome(("15",), abstained=True),
    }
    summary, _ = evaluate(questions, lambda q: outcomes[q])
    assert summary["n"] == 3 and summary["hit@1"] == 1.0
    assert summary["abstain_correct"] == 0.0 and summary["abstain_false"] == 0.5
    assert summary["answer_correct"] == 1.0 and summary["answer_correct_in_unit"] == 1.0
    assert summary["by_lang"]["en"]["abstain_false"] == 1.0
    assert summary["by_lang"]["fr"]["abstain_false"] == 0.0
    assert {f["id"] for f in summary["failures"]} == {"b", "c"}
    problems = gate_failures(summary)
    assert f"overall: abstain_correct 0.000 < floor {ABSTAIN_FLOOR:.2f}" in problems
    assert any(p.startswith("overall: abstain_false 0.500 > ceiling") for p in problems)
    assert not any(p.startswith("lang fr") for p in problems)  # fr: one question, right


def test_gate_checks_ranking_floors_in_each_language() -> None:
    questions = [GoldQuestion(f"fr{i}", f"fr{i}", ("1",), "fr") for i in range(9)]
    questions.append(GoldQuestion("en0", "en0", ("1",), "en"))  # overall 0.9 hit@1, but en 0
    summary, _ = evaluate(questions, lambda q: Outcome(("1",) if q.startswith("fr") else ("2", "1")))
    problems = gate_failures(summary)
    assert problems == [
        f"lang en: hit@1 0.000 < floor {RANKING_FLOORS['hit@1']:.2f}",
        f"lang en: mrr 0.500 < floor {RANKING_FLOORS['mrr']:.2f}",
    ]


def test_calibration_sets_report_each_kind_and_gate_on_it() -> None:
    questions = [
        GoldQuestion("f1", "bread", (), "en", kind="far"),
        GoldQuestion("f2", "pain", (), "fr", kind="far"),
        GoldQuestion("n1", "vice-chair", (), "en", kind="near"),
        GoldQuestion("g1", "framed", (), "en", kind="framed"),
        GoldQuestion("a1", "turquesa", ("16",), "fr", kind="answerable"),
    ]
    declined = {"bread", "pain", "framed"}
    summary, _ = evaluate(questions, lambda q: Outcome(("16",), abstained=q in declined))
    assert summary["by_kind"]["far"]["abstain_correct"] == 1.0
    assert summary["by_kind"]["near"]["abstain_correct"] == 0.0
    assert summary["by_kind"]["answerable"]["abstain_false"] == 0.0
    problems = calibration_gate_failures(summary)
    assert problems == [
        f"calibration near: abstain_correct 0.000 < floor {CALIBRATION_ABSTAIN_FLOORS['near']:.2f}"
    ]
    assert "far" in format_summary(summary)
    # the fresh held-out set is gated on its own floors, ranking included
    held = HELD_OUT_SETS[0]
    fresh = calibration_gate_failures(
        summary, held.declined, held.false_ceiling, held.name, {"hit@1": 1.0, "mrr": 1.0}
    )
    assert f"fresh near: abstain_correct 0.000 < floor {held.declined['near']:.2f}" in fresh
    assert not any("hit@1" in p or "mrr" in p for p in fresh)  # the answerable question ranks 16 first
    wrong, _ = evaluate(questions, lambda q: Outcome(("18",), abstained=q in declined))
    assert "fresh: hit@1 0.000 < floor 1.00" in calibration_gate_failures(
        wrong, held.declined, held.false_ceiling, held.name, {"hit@1": 1.0}
    )


def test_fresh_held_out_set_is_well_formed() -> None:
    questions = load_gold(project_root() / "eval" / "fresh_heldout.jsonl")
    kinds = {k: sum(q.kind == k for q in questions) for k in ("far", "near", "framed")}
    assert kinds == {"far": 40, "near": 40, "framed": 40}
    assert sum(bool(q.expected) for q in questions) == 80


@pytest.mark.parametrize("held", HELD_OUT_SETS, ids=lambda h: h.name)
def test_every_gated_held_out_set_holds_each_kind_it_is_gated_on(held: HeldOutSet) -> None:
    questions = load_gold(project_root() / "eval" / held.file)
    assert len({q.id for q in questions}) == len(questions)
    for kind in held.declined:
        assert sum(q.kind == kind and not q.expected for q in questions) >= 20, kind
    assert sum(bool(q.expected) for q in questions) >= 80


def test_beir_export_round_trips(tmp_path: Path) -> None:
    questions = [
        GoldQuestion("q1", "Qui ?", ("24",), "fr", ("Testa",)),
        GoldQuestion("q2", "Bread?", (), "en"),
    ]
    export_beir(questions, tmp_path, [{"_id": "24", "title": "IV", "text": "..."}])
    assert load_gold(tmp_path) == questions
    assert (tmp_path / "qrels" / "test.tsv").read_text().splitlines()[1] == "q1\t24\t1"


def test_bad_gold_files_get_a_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "x", "question": "ok", "expected": []}\n{not json}\n')
    with pytest.raises(UserInputError, match=r"gold.jsonl:2"):
        load_gold(bad)
    with pytest.raises(UserInputError, match="No gold file"):
        load_gold(tmp_path / "missing.jsonl")


def test_project_gold_set_is_complete_and_valid(report: Report) -> None:
    questions = load_gold(default_gold_path())
    refs = set(report.refs)
    assert len(questions) >= 100
    assert len({q.id for q in questions}) == len(questions)
    covered = {r for q in questions for r in q.expected}
    assert covered == refs  # every paragraph and recommendation answers something
    assert sum(not q.expected for q in questions) >= 12
    langs = [q.lang for q in questions]
    assert abs(langs.count("fr") - langs.count("en")) <= len(questions) * 0.1
    assert sum(bool(q.answer_contains) for q in questions) >= 20
    for q in questions:
        assert set(q.expected) <= refs, q.id
        if q.answer_contains:
            first = report.unit(q.expected[0]).text
            for phrase in q.answer_contains:
                assert phrase.casefold() in first.casefold(), (q.id, phrase)
    json.dumps([q.__dict__ for q in questions])  # plain data
