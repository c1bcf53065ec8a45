"""Roll-calls answer who attended or spoke, not what the question asks of a State they list."""

from __future__ import annotations

import pytest

from assistant import Assistant


@pytest.mark.parametrize(
    "question",
    [
        "Quelle est la population du Canada ?",
        "How much cocaine was seized in Colombia last year?",
        "Which paragraph discusses unaccompanied minors in Greece?",
    ],
)
def test_a_state_named_only_in_a_roll_call_does_not_make_it_an_answer(
    assistant: Assistant, question: str
) -> None:
    ranking = assistant.rank(question)
    judgement = assistant.judge(question, ranking)
    assert "roll_call" in judgement.declined_by
    assert judgement.listed < 0.3
    assert assistant.ask(question).abstained


@pytest.mark.parametrize(
    ("question", "ref"),
    [
        ("Was Thailand represented?", "34"),
        ("La Russie était-elle représentée ?", "33"),
        ("Le HCR était-il présent ?", "38"),
        ("Which countries made statements under items 2 and 3?", "27"),
    ],
)
def test_attendance_questions_are_answered_from_the_roll_call(
    assistant: Assistant, question: str, ref: str
) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained
    assert answer.citations[0].split("/")[-1] == ref


def test_a_unit_that_is_no_roll_call_is_not_measured(assistant: Assistant) -> None:
    from assistant.answer.roll_call import lead_in_match

    question = "Quelle est la population du Canada ?"
    ranking = assistant.rank(question)
    unit = next(u for u in assistant.units if u.ref == "18")
    topic = assistant.retriever.topic
    assert lead_in_match(question, unit.text, unit.section, ranking.terms, ranking.term_vectors, topic) == 1.0
    listed = next(u for u in assistant.units if u.ref == "33")
    assert (
        lead_in_match(question, listed.text, listed.section, ranking.terms, ranking.term_vectors, topic) < 0.3
    )
