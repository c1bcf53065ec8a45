"""The keyword side's report words for a question's terms in another language: glossary
heads and cognates on hand-made texts, the encoder's closest word and the ranking on the
real report."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from assistant import Assistant
from assistant.answer.crosslingual import ReportWords
from assistant.answer.topic import Term, TopicMatcher, informative_terms
from assistant.index.glossary import other_script_french
from assistant.index.keyword import KeywordIndex, fold, stem

TEXTS = {
    "8": "La pandémie a poussé les passeurs à pratiquer des tarifs plus élevés.",
    "12": "Le trafic illicite de migrants reste une activité lucrative.",
    "R1": "Les États veillent à l’incrimination du trafic illicite de migrants.",
    "16": "M. Lemos a présenté l’opération Turquesa, menée par la police fédérale.",
}


@pytest.fixture(scope="module")
def report_words() -> ReportWords:
    keywords = KeywordIndex(list(TEXTS.values()))
    return ReportWords(keywords, TopicMatcher(TEXTS, keywords))


def test_glossary_heads_and_cognates_give_the_reports_words(report_words: ReportWords) -> None:
    bridge = report_words.bridge([Term("smuggling", 3.0), Term("criminalised", 3.0)])
    assert bridge.terms == {stem("trafic"): 1.0, stem("incrimination"): 1.0}
    assert bridge.coverage == 1.0


def test_words_the_report_spells_add_nothing_and_count_as_read(report_words: ReportWords) -> None:
    bridge = report_words.bridge([Term("passeurs", 2.0), Term("Turquesa", 4.0)])
    assert bridge.terms == {}
    assert bridge.coverage == 1.0


def test_coverage_is_the_rarity_weighted_share_read(report_words: ReportWords) -> None:
    # without an encoder, "football" has no report word: its weight is the share unread
    bridge = report_words.bridge([Term("criminalised", 3.0), Term("football", 1.0)])
    assert bridge.coverage == pytest.approx(0.75)
    assert report_words.bridge([]).coverage is None


def test_weighted_bm25_scales_each_terms_contribution() -> None:
    index = KeywordIndex(list(TEXTS.values()))
    terms = [stem("passeurs"), stem("trafic")]
    assert np.allclose(index.score_weighted(dict.fromkeys(terms, 1.0)), index.score_terms(terms))
    half = index.score_weighted({terms[0]: 0.5})
    assert np.allclose(half, 0.5 * index.score_terms(terms[:1]))


def test_the_encoders_closest_report_word_stands_for_an_unspelled_term(assistant: Assistant) -> None:
    retriever = assistant.retriever
    terms = informative_terms("Who paid the smugglers?")
    assert retriever.gate is not None
    vectors = retriever.gate.embed([t.text for t in terms], "query")
    bridge = retriever.report_words.bridge(terms, vectors)
    assert 0.0 < bridge.terms[stem("passeur")] <= 1.0


@pytest.mark.parametrize(
    "question",
    [
        "ما هي عملية توركيسا التي نفذتها الشرطة الاتحادية البرازيلية؟",
        "Что такое операция Туркеза?",
        "图尔克萨行动是什么？",
        "Which operation did the Brazilian federal police run against smugglers?",
    ],
)
def test_questions_in_other_languages_about_turquesa_cite_paragraph_16(
    assistant: Assistant, question: str
) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained
    assert answer.citations[0] == "16"


@pytest.mark.parametrize(
    "question", ["How should countries regulate cryptocurrencies?", "كيف تنظم الدول العملات المشفرة؟"]
)
def test_the_topic_check_reads_the_ranking_without_the_bridge(assistant: Assistant, question: str) -> None:
    # the bridge's words are chosen by the encoder the topic check also reads: they must not
    # choose the passages that check judges, which it reads as ranked before the bridge
    weights = assistant.settings.weights
    before = dataclasses.replace(weights, crosslingual=False, keyword_other_scripts=weights.keyword)
    plain = assistant.rank(question, weights=before)
    bridged = assistant.rank(question, weights=weights)
    assert bridged.signals.topic == plain.signals.topic
    assert bridged.signals.focus == plain.signals.focus


def test_the_bridge_reads_a_russian_question_the_keyword_side_could_not(assistant: Assistant) -> None:
    # the keyword side reads no Cyrillic word of the report; with the bridge it reads the
    # report's words for the question's terms, and the recommendation on corruption comes first
    question = "Какие меры рекомендовала рабочая группа против коррупции?"
    weights = assistant.settings.weights
    plain = assistant.rank(question, weights=dataclasses.replace(weights, crosslingual=False))
    bridged = assistant.rank(question, weights=weights)
    assert plain.hits[0].unit_ref != "R8"
    assert bridged.hits[0].unit_ref == "R8"


def test_latin_script_bridged_words_rerank_only_the_best_units(assistant: Assistant) -> None:
    # the encoder's word for "paid" brings up a unit the other signals rank far down when
    # the bridged words may re-rank every unit; limited to the ten best units, it cannot
    question = "Who paid the smugglers?"
    weights = assistant.settings.weights
    plain = [
        h.unit_ref
        for h in assistant.rank(question, weights=dataclasses.replace(weights, crosslingual_latin=False)).hits
    ]
    everywhere = assistant.rank(question, weights=dataclasses.replace(weights, bridge_top_latin=0))
    limited = assistant.rank(question, weights=weights)
    far = [h.unit_ref for h in everywhere.hits[:5] if plain.index(h.unit_ref) >= weights.bridge_top_latin]
    assert far
    assert not [h.unit_ref for h in limited.hits[:5] if plain.index(h.unit_ref) >= weights.bridge_top_latin]


def test_the_quoted_sentence_reads_the_reports_words_for_unspelled_terms(assistant: Assistant) -> None:
    # "difficulties" / "elimination": the sentence naming them, not the one naming the officer
    answer = assistant.ask("What made smuggling hard to eliminate, according to the Brazilian officer?")
    assert answer.citations[0] == "16"
    assert "élimination" in answer.quote


@pytest.mark.parametrize(
    ("question", "ref"), [("What is the role of UNODC?", "18"), ("Was UNHCR represented?", "38")]
)
def test_un_bodies_named_in_english_find_their_french_names(
    assistant: Assistant, question: str, ref: str
) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained
    assert answer.citations[0] == ref


def test_un_meeting_words_give_the_glossarys_french() -> None:
    # "held" and "item" are no cognates of "tenue" and "point": the glossary's French, not
    # the encoder's closest word ("encouragé", "objet")
    texts = {"4": "La réunion tenue à Vienne.", "6": "Le point 2 de l’ordre du jour a été examiné."}
    keywords = KeywordIndex(list(texts.values()))
    words = ReportWords(keywords, TopicMatcher(texts, keywords))
    assert words.bridge([Term("held", 1.0), Term("item", 1.0)]).terms == {
        stem("tenue"): 1.0,
        stem("point"): 1.0,
    }


def test_a_cognate_needs_the_encoders_agreement(assistant: Assistant) -> None:
    # spelling alone finds "criminal" inside "discrimination" and "organ" in "organisé"
    retriever = assistant.retriever
    assert retriever.gate is not None
    terms = [Term("criminal", 1.0), Term("organ", 1.0), Term("criminalised", 1.0)]
    spelled = retriever.report_words.bridge(terms).terms
    assert {stem("discrimination"), stem("organisés")} <= set(spelled)
    confirmed = retriever.report_words.bridge(
        terms, retriever.gate.embed([t.text for t in terms], "query")
    ).terms
    assert stem("discrimination") not in confirmed
    assert stem("organisés") not in confirmed
    assert stem("incrimination") in confirmed  # criminalised / incrimination: a real cognate


@pytest.mark.parametrize(
    ("word", "french"),
    [
        ("председательствовал", ("président",)),
        ("повестке", ("ordre du jour",)),
        ("ترأس", ("président",)),
        ("الرئيس", ("président",)),
        ("主持", ("président",)),
        ("议程", ("ordre du jour",)),
        ("رئيسية", ()),  # "main": no chair
        ("会议", ()),  # the encoder finds "réunion" itself
    ],
)
def test_un_meeting_words_in_other_scripts_give_the_glossarys_french(
    word: str, french: tuple[str, ...]
) -> None:
    assert other_script_french(word) == french


def test_a_chinese_question_on_who_chaired_cites_the_opening(assistant: Assistant) -> None:
    # "主持" (chaired) had no report word: "président" now, and paragraph 24 first
    question = "工作组会议由谁主持？"
    terms = informative_terms(question)
    vectors = assistant.gate.embed([t.text for t in terms], "query")  # type: ignore[union-attr]
    assert stem(fold("président")) in assistant.retriever.report_words.bridge(terms, vectors).terms
    assert assistant.rank(question).hits[0].unit_ref == "24"
