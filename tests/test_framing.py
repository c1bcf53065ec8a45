"""Questions asking what the meeting said about something are ranked on that something."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.answer.framing import subject_of


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What did the working group say about gender?", "gender"),
        ("What was said about pressure on asylum systems?", "pressure on asylum systems"),
        ("What did delegates say about corruption?", "corruption"),
        ("Qu'a dit le groupe de travail sur la corruption ?", "la corruption"),
        ("¿Qué se dijo sobre la corrupción?", "la corrupción"),
        ("Did the working group discuss corruption?", "corruption"),
        ("Has the group discussed drug trafficking?", "drug trafficking"),
        ("Was corruption discussed by the working group?", "corruption"),
        ("Les participants ont-ils parlé des enquêtes financières ?", "enquêtes financières"),
        ("Le Groupe de travail a-t-il aborde la corruption ?", "la corruption"),
        # a named speaker, or a recommendation asked for, stays in what is ranked
        ("What did Ms Hickman say about prosecutors?", "What did Ms Hickman say about prosecutors?"),
        (
            "What did the working group recommend about internet providers?",
            "What did the working group recommend about internet providers?",
        ),
    ],
)
def test_said_about_keeps_the_subject(question: str, subject: str) -> None:
    assert subject_of(question) == subject


@pytest.mark.parametrize(
    ("question", "refs"),
    [
        ("What did the working group say about gender?", {"8", "R2", "12"}),
        ("What did the meeting say about corruption?", {"R8", "19"}),
    ],
)
def test_the_group_or_meeting_named_no_longer_brings_up_procedural_paragraphs(
    assistant: Assistant, question: str, refs: set[str]
) -> None:
    # "working group" and "meeting" matched "Le Groupe de travail a examiné le point 4" (20)
    # and "La réunion a été ouverte par..." (24) in every signal
    assert assistant.rank(question).hits[0].unit_ref in refs
