"""The abstention policy's checks, on hand-made signals and texts (no model)."""

from __future__ import annotations

import pytest

from assistant.answer.abstention import (
    _COUNTED,
    AbstainPolicy,
    AnswerEvidence,
    asks_date,
    asks_future,
    asks_hour,
    asks_nothing,
    asks_penalty,
    asks_present,
    asks_quantity,
    counted_phrases,
    has_date,
    has_enumeration,
    has_hour,
    has_quantity,
    years,
)
from assistant.answer.retrieval import Signals
from assistant.answer.service import Assistant
from assistant.index.keyword import fold

REPORT_YEARS = {"2012", "2021"}


def _signals(
    gate: float = 0.4,
    sentence: float = 0.85,
    coverage: float = 0.5,
    lookup: bool = False,
    topic: float = 1.0,
) -> Signals:
    return Signals(
        lookup=lookup, dense_top=0.85, gate_top=gate, coverage=coverage, sentence_top=sentence, topic=topic
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("seuls 32 points de contact avaient été désignés", True),
        ("a tenu quatre séances au total", True),
        ("les 14 et 15 octobre 2021", False),  # a date range, not a count
        ("au titre des points 2 et 3 de l’ordre du jour", False),
        ("la résolution 5/3 et la pandémie de COVID-19", False),
        ("À sa 1re séance, le 14 octobre 2021", False),
    ],
)
def test_counts_are_told_from_dates_and_numbers_that_name_things(text: str, expected: bool) -> None:
    assert has_quantity(text) is expected


def test_questions_asking_for_counts_penalties_or_the_future() -> None:
    assert asks_quantity("How many contact points were designated?")
    assert asks_quantity("Combien de séances la réunion a-t-elle tenues ?")
    assert not asks_quantity("Who chaired the working group?")
    assert asks_quantity("¿Cuántos migrantes murieron en el mar en 2021?")
    assert not asks_quantity("¿Cuándo se reunió el Grupo de Trabajo?")
    assert asks_penalty("Quelle peine prévoit la loi ?") and asks_penalty("What sentences were handed down?")
    assert not asks_penalty("What did the report say about prosecutions?")
    assert asks_future("When is the next meeting?") and asks_future("Qui sera le prochain président ?")
    assert not asks_future("What was recommended for future working methods?")
    # what was proposed at the meeting for later ones is the meeting's own record
    assert not asks_future("Qu'ont proposé les participants pour les prochaines réunions ?")
    assert not asks_future("What did delegates suggest for the next meetings?")
    assert asks_future("Quand aura lieu la prochaine réunion ?")
    assert asks_future("What will the group recommend at its next meeting?")
    # a verb in the future is always the future; "a proposal" is no past proposal
    assert asks_future("Who will chair the next meeting, as was proposed?")
    assert asks_future("Will there be a proposal to hold the next meeting online?")
    assert asks_future("Is there a request to host the next meeting?")


def test_questions_that_ask_nothing_of_the_report() -> None:
    for said in ("merci", "ok", "1234", "?!?", "Bonjour, pouvez-vous m'aider ?", "Thanks!", "谢谢"):
        assert asks_nothing(said), said
    assert not asks_nothing("Who chaired the meeting?")
    assert not asks_nothing("Comment aider les victimes ?")


def test_enumerations_answer_how_many() -> None:
    assert has_enumeration("Bolivie (État plurinational de), Pakistan, Sri Lanka et Thaïlande.")
    assert not has_enumeration("Mme Benito a présenté les efforts de l’Argentine.")
    assert years("en 2012 et le 15 octobre 2021, COVID-19") == {"2012", "2021"}


def test_policy_declines_when_the_passages_do_not_speak_of_the_question() -> None:
    policy = AbstainPolicy()
    quote = "La réunion a été ouverte par Francesco Testa (Italie)."
    # the passages speak of nothing the question is about, however high the encoders score
    assert policy.abstains(
        "How do I bake bread?", _signals(gate=0.4, topic=0.0), AnswerEvidence(quote, REPORT_YEARS)
    )
    # the report's ordinary words ("quels", "pays") are no evidence of topic
    assert policy.abstains(
        "Quels pays ont gagné ?",
        _signals(gate=0.08, sentence=0.79, coverage=1.0, topic=0.5),
        AnswerEvidence(quote, REPORT_YEARS),
    )
    assert not policy.abstains(
        "Who chaired?", _signals(gate=0.30, topic=0.5), AnswerEvidence(quote, REPORT_YEARS)
    )
    # low support, but the passages speak of everything the question is about
    assert not policy.abstains(
        "turquesa", _signals(gate=0.08, sentence=0.79, topic=1.0), AnswerEvidence(quote, REPORT_YEARS)
    )
    # a direct lookup is always answered
    assert not policy.abstains(
        "R7", _signals(gate=0.0, sentence=0.7, lookup=True, topic=0.0), AnswerEvidence(quote, REPORT_YEARS)
    )


def test_policy_declines_what_the_quote_cannot_answer() -> None:
    policy = AbstainPolicy()
    on_topic = _signals()
    no_count = "Il a noté le succès de l’opération Turquesa."
    assert policy.abstains(
        "How many arrests did Turquesa lead to?", on_topic, AnswerEvidence(no_count, REPORT_YEARS)
    )
    assert not policy.abstains(
        "How many contact points?",
        on_topic,
        AnswerEvidence("seuls 32 points de contact avaient été désignés", REPORT_YEARS),
    )
    assert policy.abstains("Migrants smuggled in 2020?", on_topic, AnswerEvidence(no_count, REPORT_YEARS))
    assert not policy.abstains("What happened in 2012?", on_topic, AnswerEvidence(no_count, REPORT_YEARS))
    assert policy.abstains(
        "When will the next meeting take place?", on_topic, AnswerEvidence(no_count, REPORT_YEARS)
    )
    assert policy.abstains(
        "Quelles peines ont été prononcées ?", on_topic, AnswerEvidence(no_count, REPORT_YEARS)
    )


def test_questions_asking_when_and_texts_stating_dates() -> None:
    for question in (
        "When did the Protocol enter into force?",
        "En quelle année la résolution a-t-elle été adoptée ?",
        "¿Cuándo se reunió el grupo?",
        "Когда прошла встреча?",
        "متى عقد الاجتماع؟",
        "会议是什么时候举行的？",
    ):
        assert asks_date(question), question
    # "when" inside a sentence, as a conjunction, does not ask for a date
    assert not asks_date("Does the group call for child-sensitive approaches when designing policies?")
    assert has_date("À sa 1re séance, le 14 octobre 2021") and has_date("ouverte à 10 heures")
    assert not has_date("Dans sa résolution 7/1, la Conférence a décidé")


def test_policy_judges_a_question_on_what_it_says_it_is_about() -> None:
    policy = AbstainPolicy()
    quote = "Les États parties sont encouragés à renforcer la coopération."
    # the frame (group, recommend) is spoken of, the subject after "about" is not
    framed = Signals(lookup=False, dense_top=0.85, gate_top=0.4, coverage=0.8, sentence_top=0.86, focus=0.2)
    assert policy.abstains(
        "What did the group recommend about drones?", framed, AnswerEvidence(quote, REPORT_YEARS)
    )
    spoken = Signals(lookup=False, dense_top=0.85, gate_top=0.4, coverage=0.8, sentence_top=0.86, focus=0.9)
    assert not policy.abstains(
        "What did the group recommend about cooperation?", spoken, AnswerEvidence(quote, REPORT_YEARS)
    )
    unknown = Signals(
        lookup=False, dense_top=0.85, gate_top=0.4, coverage=0.8, sentence_top=0.86, unknown=("Sénégal",)
    )
    assert policy.abstains("What did Senegal say?", unknown, AnswerEvidence(quote, REPORT_YEARS))


def test_policy_declines_when_no_best_unit_states_the_date_asked_for() -> None:
    policy = AbstainPolicy()
    quote = "Le Protocole relatif au trafic illicite de migrants."
    undated = ["Le Protocole relatif au trafic illicite de migrants.", "La Conférence des Parties a décidé."]
    dated = [*undated, "Le Groupe s’est réuni du 30 mai au 1er juin 2012."]
    question = "When did the Protocol enter into force?"
    assert policy.abstains(question, _signals(), AnswerEvidence(quote, REPORT_YEARS, undated))
    assert not policy.abstains(question, _signals(), AnswerEvidence(quote, REPORT_YEARS, dated))


def test_policy_can_decline_when_the_quoted_unit_lacks_the_rare_terms() -> None:
    quote = "La pandémie a poussé les passeurs à pratiquer des tarifs plus élevés."
    two = Signals(
        lookup=False,
        dense_top=0.85,
        gate_top=0.4,
        coverage=0.8,
        sentence_top=0.86,
        absent=("rhino", "poaching"),
    )
    one = Signals(
        lookup=False, dense_top=0.85, gate_top=0.4, coverage=0.8, sentence_top=0.86, absent=("rhino",)
    )
    question = "How did the pandemic change rhino poaching?"
    assert not AbstainPolicy().abstains(question, two, AnswerEvidence(quote, REPORT_YEARS))  # off by default
    assert AbstainPolicy(absent_count=2).abstains(question, two, AnswerEvidence(quote, REPORT_YEARS))
    assert not AbstainPolicy(absent_count=2).abstains(question, one, AnswerEvidence(quote, REPORT_YEARS))


def test_questions_in_another_script_are_held_to_a_lower_support() -> None:
    policy = AbstainPolicy()
    quote = "L’Organisation mondiale de la Santé était représentée."
    # support 0.15 (gate 0.15 + sentence 0.80 - 0.80): under 0.17, over 0.13; topic under 0.90
    middling = _signals(gate=0.15, sentence=0.80, topic=0.7)
    assert policy.abstains("L'OMS était-elle présente ?", middling, AnswerEvidence(quote, REPORT_YEARS))
    assert not policy.abstains("هل حضرت منظمة الصحة العالمية؟", middling, AnswerEvidence(quote, REPORT_YEARS))
    assert not policy.abstains("Присутствовала ли ВОЗ?", middling, AnswerEvidence(quote, REPORT_YEARS))
    low = _signals(gate=0.10, sentence=0.80, topic=0.7)
    assert policy.abstains("هل حضرت منظمة الصحة العالمية؟", low, AnswerEvidence(quote, REPORT_YEARS))
    # without the question (briefings), the report's own threshold
    assert policy.off_topic(middling)


def test_questions_about_the_present_or_the_hour() -> None:
    assert asks_present("Who is the current UN Secretary-General?")
    assert asks_present("How many countries have ratified the Protocol so far?")
    assert asks_present("Combien d’États ont ratifié le Protocole à ce jour ?")
    assert not asks_present("Who chaired the meeting?")
    assert not asks_present("What currency did smugglers use?")
    assert asks_hour("À quelle heure la première séance a-t-elle commencé ?") and asks_hour("At what time?")
    assert not asks_hour("When did the meeting open?")
    assert has_hour("ouverte à 10 heures") and has_hour("à 15 h 30")
    assert not has_hour("les 14 et 15 octobre 2021")
    # a time frame or limit is no time of day; a decimal or a section number is no hour
    assert not asks_hour("What time frame was set for the reviews?")
    assert not asks_hour("What time limits apply?")
    assert asks_hour("What time did the meeting open?")
    assert not any(has_hour(t) for t in ("un taux de 12.50", "la section 2.10", "paragraphe 1.25"))
    assert has_hour("at 10:30") and has_hour("at 9.30 am")
    # "up to date" is no "to date"
    assert not asks_present("Did the group recommend keeping databases up to date?")


def test_the_counted_word_is_no_auxiliary() -> None:
    assert _COUNTED.search(fold("How much has migrant smuggling grown since 2012?")) is None
    found = _COUNTED.search(fold("How many migrants were smuggled?"))
    assert found is not None and found.group(1) == "migrants"


def test_the_reports_own_present_is_answered(assistant: Assistant) -> None:
    # paragraph 21 says "à ce jour" itself: the report speaks for its own present
    for question in (
        "Combien de points de contact avaient été désignés à ce jour ?",
        "How many focal points had been designated to date?",
    ):
        answer = assistant.ask(question)
        assert not answer.abstained and answer.cited == "21", question
    assert assistant.ask("Who is the current Executive Director of UNODC?").abstained


def test_what_the_counts_of_a_text_count() -> None:
    assert counted_phrases("Il a tenu quatre séances au total.") == ["séances au total"]
    assert counted_phrases("seuls 32 points de contact avaient été désignés et 19 pays") == [
        "points de contact avaient été",
        "pays",
    ]
    assert counted_phrases("les 14 et 15 octobre 2021") == []


def test_policy_declines_a_count_of_something_else_and_a_subject_a_verb_names() -> None:
    policy = AbstainPolicy()
    quote = "Le Groupe de travail a tenu quatre séances au total."
    question = "How many migrants were smuggled into Europe?"
    assert policy.abstains(question, _signals(), AnswerEvidence(quote, REPORT_YEARS, counted=0.0))
    assert not policy.abstains(
        "How many sessions were held?", _signals(), AnswerEvidence(quote, REPORT_YEARS, counted=1.0)
    )
    assert policy.abstains(
        "Who is the current Secretary-General?", _signals(), AnswerEvidence(quote, REPORT_YEARS)
    )
    hours = ["La réunion s’est tenue les 14 et 15 octobre 2021."]
    assert policy.abstains(
        "À quelle heure a-t-elle commencé ?", _signals(), AnswerEvidence(quote, REPORT_YEARS, hours)
    )
    discussed = Signals(
        lookup=False, dense_top=0.85, gate_top=0.4, coverage=0.8, sentence_top=0.86, subject=0.3
    )
    assert policy.abstains("Did the group discuss drones?", discussed, AnswerEvidence(quote, REPORT_YEARS))
    spoken = Signals(lookup=False, dense_top=0.85, gate_top=0.4, coverage=0.8, sentence_top=0.86, subject=0.9)
    assert not policy.abstains(
        "Did the group discuss cooperation?", spoken, AnswerEvidence(quote, REPORT_YEARS)
    )


def test_the_policy_names_the_checks_that_decline() -> None:
    policy = AbstainPolicy()
    quote = "La réunion a été ouverte par Francesco Testa (Italie)."
    assert policy.reasons(
        "How do I bake bread?", _signals(gate=0.4, topic=0.0), AnswerEvidence(quote, REPORT_YEARS)
    ) == ("topic",)
    low = _signals(gate=0.05, sentence=0.79, topic=0.5)
    assert policy.reasons("When is the next meeting?", low, AnswerEvidence(quote, REPORT_YEARS)) == (
        "support",
        "future",
    )
    assert (
        policy.reasons("Who chaired?", _signals(gate=0.30, topic=0.5), AnswerEvidence(quote, REPORT_YEARS))
        == ()
    )
