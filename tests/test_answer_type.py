"""What kind of fact a question asks for, and whether the quoted passage supplies it."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.answer.abstention import AbstainPolicy, AnswerEvidence, asks_future, asks_quantity
from assistant.answer.answer_type import (
    anonymous,
    asks_article,
    asks_definition,
    asks_price,
    asks_speaker,
    asks_statement,
    has_article,
    has_definition,
    has_money,
    names_country,
    office_terms,
    speaker_terms,
)
from assistant.answer.retrieval import Signals
from assistant.answer.topic import informative_terms

SIGNALS = Signals(lookup=False, dense_top=0.85, gate_top=0.4, coverage=0.8, sentence_top=0.86)
YEARS = {"2012", "2021"}


def test_question_forms_in_several_languages() -> None:
    assert asks_article("Which article of the Protocol deals with smuggling by sea?")
    assert asks_article("Quel article de la Convention est cité ?")
    assert asks_article("¿Qué artículo del Protocolo define el tráfico?")
    assert not asks_article("What does the report say about article 6?")
    assert asks_definition("Quelle est la définition de la traite des personnes ?")
    assert asks_definition("What is the legal definition of a refugee?")
    assert not asks_definition("Que dit la recommandation 7 sur la définition du trafic ?")
    # Russian and Chinese: a definition named, except as what laws should conform to
    assert asks_definition("偷运移民的定义是什么？") and asks_definition("请给出偷运移民的定义。")
    assert asks_definition("Дайте определение незаконного ввоза мигрантов.")
    assert asks_definition("Как определяется незаконный ввоз мигрантов?")
    assert not asks_definition("Как определяли приоритеты на совещании?")
    assert not asks_definition("工作组是否建议各国审查立法，使之符合议定书中关于偷运移民的定义？")
    assert not asks_definition("各国立法与议定书的定义是否一致？")
    assert not asks_definition("Соответствует ли законодательство определению Протокола?")
    assert asks_price("how much do smugglers typically charge per person")
    assert asks_price("Combien coûte en moyenne un passage en bateau ?")
    assert not asks_price("How many meetings were held?")
    assert asks_statement("Qu'a dit la délégation française dans sa déclaration ?")
    assert asks_statement("¿Qué dijo la delegación de México en su intervención?")
    assert asks_quantity("Quelle est la proportion d'enfants parmi les migrants ?")
    assert asks_future("When is the ninth meeting of the working group scheduled?")
    assert not asks_future("When was the meeting held?")


def test_answers_of_the_kind_asked_for() -> None:
    assert has_article("conformément à l'article 27 de la Convention")
    assert not has_article("Les États parties sont encouragés à revoir leur législation.")
    assert has_definition("Aux fins du présent Protocole, l'expression « trafic illicite » désigne le fait")
    assert not has_definition("pour se conformer pleinement à la définition du trafic illicite")
    assert has_money("un passage coûte 3 000 euros") and has_money("about $500 each")
    assert not has_money("quatre séances au total")


def test_the_office_and_the_speaker_a_question_names() -> None:
    def office(q: str) -> list[str]:
        return [t.text for t in office_terms(q, informative_terms(q))]

    assert office("Qui était le rapporteur de la réunion ?") == ["rapporteur"]
    assert office("Qui est le directeur exécutif de l'ONUDC ?") == ["directeur", "exécutif"]
    assert "onudc" not in office("What's the name of UNODC's Executive Director?")
    assert office("Who were the panellists for the agenda item on prosecutions?") == []  # a list
    assert office("Who chaired the meeting?") == []

    def speaker(q: str) -> list[str]:
        return [t.text for t in speaker_terms(q, informative_terms(q))]

    assert speaker("¿Qué dijo la delegación de México en su intervención?") == ["méxico"]
    assert speaker("What did Ms Hickman say about a specialised unit?") == []  # says about what


def test_the_policy_declines_a_passage_without_the_kind_of_answer() -> None:
    policy = AbstainPolicy()
    unit = "Les États parties sont encouragés à revoir leur législation pour se conformer à la définition."
    assert policy.reasons(
        "Which article of the Protocol defines smuggling?", SIGNALS, AnswerEvidence(unit, YEARS, [unit])
    ) == ("article",)
    assert "definition" in policy.reasons(
        "Quelle est la définition du trafic ?", SIGNALS, AnswerEvidence(unit, YEARS, [unit])
    )
    assert policy.reasons("Combien coûte un passage ?", SIGNALS, AnswerEvidence(unit, YEARS, [unit])) == (
        "price",
        "count",
    )
    assert policy.reasons(
        "Qui était le rapporteur ?", SIGNALS, AnswerEvidence(unit, YEARS, [unit], asked=0.0)
    ) == ("asked",)
    roll_call = "Des déclarations ont été faites par les États suivants : Algérie, Brésil, Chine et Mexique."
    assert policy.reasons(
        "What position did Mexico take in its statement?", SIGNALS, AnswerEvidence(roll_call, YEARS)
    ) == ("statement",)
    assert (
        policy.reasons(
            "Que dit la recommandation sur la définition ?", SIGNALS, AnswerEvidence(unit, YEARS, [unit])
        )
        == ()
    )


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("Qui était le rapporteur de la réunion ?", True),
        ("Which article of the Protocol deals with smuggling by sea?", True),
        ("Qui présidait la réunion ?", False),
        ("Qui est Guillermina Benito ?", False),
        ("Which article of the Convention is cited as the basis for cooperation agreements?", False),
    ],
)
def test_the_real_assistant_declines_facts_the_report_does_not_state(
    assistant: Assistant, question: str, declined: bool
) -> None:
    assert assistant.ask(question).abstained is declined


def test_who_said_it_is_answered_only_by_a_named_speaker() -> None:
    assert asks_speaker("Which country's delegate described the resettlement programme?")
    assert asks_speaker("Quel pays a expliqué que la régularisation aide ?")
    assert asks_speaker("¿Qué país propuso eso?")
    assert not asks_speaker("Who chaired the meeting?")
    assert anonymous("Un intervenant a indiqué, par exemple, qu’un programme humanitaire spécial existait.")
    assert anonymous(
        "Plusieurs intervenantes et intervenants ont convenu que la répression ne suffisait pas."
    )
    assert not anonymous("Mme Hickman a présenté les activités de la Joint Task Force Alpha.")
    assert not anonymous("Un intervenant du Brésil a indiqué que la coopération était utile.")
    policy = AbstainPolicy()
    quote = "Un autre intervenant a souligné que le fait de faciliter la régularisation évitait une pression."
    assert policy.reasons(
        "Quel pays a expliqué que la régularisation évite une pression ?",
        SIGNALS,
        AnswerEvidence(quote, YEARS),
    ) == ("speaker",)


def test_a_country_is_named_by_its_name_or_its_adjective() -> None:
    assert names_country("exposant les efforts déployés par la Police brésilienne", ["Brésil"])
    assert names_country("Des déclarations ont été faites par le Mexique.", ["Mexique"])
    assert not names_country(
        "Plusieurs intervenants ont convenu que la répression ne suffisait pas.", ["Mexique"]
    )


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("What position did Mexico take on regular migration pathways during the debate?", True),
        (
            "Which country's delegate described the special humanitarian programme for resettling migrants?",
            True,
        ),
        (
            "¿Qué dijo el representante de Brasil sobre el uso de nuevas tecnologías por los traficantes?",
            False,
        ),
    ],
)
def test_the_real_assistant_reads_who_spoke(assistant: Assistant, question: str, declined: bool) -> None:
    assert assistant.ask(question).abstained is declined


def test_a_penalty_is_a_term_or_a_sum_and_a_fee_question_asks_a_price() -> None:
    from assistant.answer.abstention import has_penalty

    assert has_penalty("condamné à cinq ans d'emprisonnement")
    assert has_penalty("sentenced to 18 months")
    assert has_penalty("une amende de 3 000 euros")
    assert not has_penalty("Elle a ensuite présenté trois exemples de poursuites judiciaires réussies.")
    assert asks_price("what fee per person do smugglers charge on the dangerous routes")
    assert asks_price("Quels montants les passeurs facturent-ils aux migrants ?")
    assert not asks_price("What did the group recommend on the cost-effectiveness of prosecutions?")


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("Which countries took part in Operation Turquesa?", True),
        ("Quels pays ont désigné un point de contact pour le Mécanisme d'examen ?", True),
        ("Which countries made statements under items 2 and 3?", False),
        ("Quels États signataires du Protocole étaient représentés par des observateurs ?", False),
    ],
)
def test_which_countries_is_answered_by_a_passage_naming_countries(
    assistant: Assistant, question: str, declined: bool
) -> None:
    from assistant.answer.answer_type import asks_countries

    assert asks_countries(question)
    assert assistant.ask(question).abstained is declined


def test_the_position_of_a_country_is_a_statement_question() -> None:
    assert asks_statement("What was the position of Germany?")
    assert asks_statement("Quelle était la position de la Libye ?")
    assert asks_statement("¿Cuál fue la posición de México?")


def test_the_position_of_a_country_the_quote_does_not_name_is_declined(assistant: Assistant) -> None:
    question = "What was the position of Germany?"
    assert "asked" in assistant.judge(question, assistant.rank(question)).declined_by
    assert not assistant.ask("What was the position of Pakistan?").abstained
    # a tryout: "during the debate" beside the country had let the unnamed speakers of 25 answer
    question = "What did Germany say during the debate?"
    assert "asked" in assistant.judge(question, assistant.rank(question)).declined_by


def test_review_mends_of_the_country_and_penalty_readings() -> None:
    from assistant.answer.abstention import has_penalty
    from assistant.index.glossary import countries

    # "réunion" (the meeting) is not the territory La Réunion
    assert countries("la réunion du Groupe de travail") == []
    assert countries("¿Dónde fue la reunión?") == []
    # a word sharing a country's first letters is no adjective of it
    assert not names_country("D’autres ont souligné les causes profondes.", ["Autriche"])
    assert not names_country("l’argent des passeurs", ["Argentine"])
    assert not names_country("portant sur la coopération", ["Portugal"])
    assert names_country("une intervenante argentine", ["Argentine"])
    # an age or a length of meeting is no penalty; a life term is
    assert not has_penalty("les enfants de moins de 18 ans")
    assert not has_penalty("une réunion de deux jours")
    assert has_penalty("condamné à la réclusion à perpétuité")
    assert has_penalty("cinq ans de prison")


def test_what_was_recommended_is_answered_by_a_recommendation(assistant: Assistant) -> None:
    from assistant.answer.answer_type import asks_recommended, reports_recommendation

    assert asks_recommended("What did the working group recommend about corruption?")
    assert asks_recommended("工作组对气候变化提出了什么建议？")
    assert asks_recommended("Что рабочая группа рекомендовала в отношении коррупции?")
    assert reports_recommendation(
        "Plusieurs intervenants ont recommandé que les modalités de travail soient revues."
    )
    assert not reports_recommendation(
        "le Groupe de travail a adopté les recommandations présentées ci-après."
    )
    # a question about climate change, which no recommendation speaks of, got paragraph 4
    question = "工作组对气候变化提出了什么建议？"
    assert "recommended" in assistant.judge(question, assistant.rank(question)).declined_by
    for question in (
        "工作组对腐败问题提出了什么建议？",
        "What did the working group recommend about data collection?",
    ):
        answer = assistant.ask(question)
        assert not answer.abstained and answer.citations[0].split("/")[-1] in {"R8", "R1"}


def test_did_the_group_recommend_x_is_judged_on_x(assistant: Assistant) -> None:
    from assistant.answer.framing import recommended_about

    assert (
        recommended_about("Did the group recommend regulating cryptocurrencies?")
        == "regulating cryptocurrencies"
    )
    assert (
        recommended_about("Le Groupe a-t-il recommandé de légaliser le travail du sexe ?")
        == "légaliser le travail du sexe"
    )
    assert (
        recommended_about("¿Recomendó el grupo legalizar el trabajo sexual?") == "legalizar el trabajo sexual"
    )
    # a new user's tryout: answered from 22, whose speakers "ont recommandé" another thing
    for question in (
        "Le Groupe a-t-il recommandé d'interdire les cryptomonnaies ?",
        "Did the working group recommend action on climate change?",
        "¿Recomendó el grupo legalizar el trabajo sexual?",
    ):
        assert assistant.ask(question).abstained, question
    for question, ref in (
        ("Did the working group recommend protecting witnesses?", "R6"),
        ("¿Recomendó el grupo no penalizar a los migrantes objeto de tráfico?", "R7"),
        # the recommendation speaking of the subject, though paragraphs 9 and 10 rank above it
        ("What did the group recommend about regular migration pathways?", "R3"),
    ):
        answer = assistant.ask(question)
        assert not answer.abstained and answer.cited == ref, question


def test_a_question_that_asks_nothing_is_declined(assistant: Assistant) -> None:
    for said in ("merci", "1234", "Bonjour, pouvez-vous m'aider ?"):
        assert "nothing_asked" in assistant.judge(said, assistant.rank(said)).declined_by
        assert assistant.ask(said).abstained
