"""A meeting named by an ordinal the report never writes is not this report's meeting."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.answer.ordinals import meeting_ordinals, ordinals


def test_meeting_ordinals_in_several_languages() -> None:
    assert meeting_ordinals("Quelle est la date de la neuvième réunion du Groupe de travail ?") == {9}
    assert meeting_ordinals("What did the group discuss at its seventh meeting?") == {7}
    assert meeting_ordinals("¿Qué se decidió en la novena reunión?") == {9}
    assert meeting_ordinals("At its 4th meeting, what was adopted?") == {4}
    assert meeting_ordinals("第九次工作组会议将于何时举行？") == {9}
    # an ordinal that names no meeting is not read
    assert meeting_ordinals("What does the second recommendation say?") == set()
    assert meeting_ordinals("When did the group meet for the first time?") == set()


def test_the_reports_ordinals() -> None:
    text = "À sa huitième réunion tenue à Vienne … À ses 2e et 3e séances … À sa 1re séance"
    assert ordinals(text) == {8, 2, 3, 1}


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("Quelle est la date de la neuvième réunion du Groupe de travail ?", True),
        ("What topics did the working group discuss at its seventh meeting?", True),
        ("Where was the eighth meeting of the working group held?", False),
        ("Qu'a fait le Groupe de travail à sa 4e séance ?", False),
    ],
)
def test_the_real_assistant_reads_meeting_ordinals(
    assistant: Assistant, question: str, declined: bool
) -> None:
    answer = assistant.ask(question)
    assert answer.abstained is declined
    if declined:
        assert "ordinal" in assistant.judge(question, assistant.rank(question)).declined_by
