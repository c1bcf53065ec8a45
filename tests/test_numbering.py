"""A meeting or an article the report never numbers is not this report's."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.answer.numbering import Numbering, articles, meeting_mentions, meeting_ordinals, ordinals


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


def test_article_numbers() -> None:
    assert articles("conformément à l’article 18 de la Convention") == {18}
    assert articles("What does article 6 of the Protocol require?") == {6}
    assert articles("¿Qué dice el artículo 5 del Protocolo?") == {5}
    numbering = Numbering.of(["l’article 18 de la Convention", "À sa huitième réunion"])
    assert numbering.unknown("What does article 6 of the Protocol require?")
    assert not numbering.unknown("What does article 18 of the Convention say?")
    assert numbering.unknown("la neuvième réunion")
    assert not numbering.unknown("la huitième réunion")
    # "the 7th or 8th meeting" is one meeting, either: declined when the report writes neither
    assert meeting_mentions("Is this the 7th or 8th meeting of the working group?") == [frozenset({7, 8})]
    assert not numbering.unknown("Is this the 7th or 8th meeting of the working group?")
    assert numbering.unknown("Was it the 6th or 7th meeting?")
    # two meetings, or two articles, named: each must be the report's
    assert numbering.unknown("What was decided at the eighth meeting, and when is the ninth meeting?")
    assert numbering.unknown("What do articles 6 and 18 say?")


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("Quelle est la date de la neuvième réunion du Groupe de travail ?", True),
        ("What topics did the working group discuss at its seventh meeting?", True),
        ("Where was the eighth meeting of the working group held?", False),
        ("Qu'a fait le Groupe de travail à sa 4e séance ?", False),
        ("What does article 6 of the Protocol require regarding aggravating circumstances?", True),
    ],
)
def test_the_real_assistant_reads_meeting_ordinals(
    assistant: Assistant, question: str, declined: bool
) -> None:
    answer = assistant.ask(question)
    assert answer.abstained is declined
    if declined:
        assert "numbering" in assistant.judge(question, assistant.rank(question)).declined_by


def test_lists_and_ranges_of_articles_and_later_ordinals() -> None:
    assert articles("les articles 5, 6 et 23 du Protocole") == {5, 6, 23}
    assert articles("articles 5 à 7") == {5, 6, 7}
    assert meeting_ordinals("la treizième session") == {13}
