"""Question normalisation, argument checks and "no such paragraph" texts: pure functions, with
property-based tests that feed them arbitrary text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import Assistant, UserInputError
from assistant.answer.answers import no_such_unit
from assistant.answer.question import MAX_QUESTION_CHARS, check_k, check_question, normalize_question
from assistant.answer.retrieval import named_refs
from assistant.shells.cli import _dashed_question

TURQUESA = "Qu'est-ce que l'opération Turquesa ?"


@pytest.mark.parametrize(
    "raw",
    [
        "<b>Qu'est-ce que l'op&eacute;ration <i>Turquesa</i> ?</b>",
        "<p>Qu'est-ce que l'opération <a href='x'>Turquesa</a> ?</p><script>alert(1)</script>",
        "**Qu'est-ce que** l'opération `Turquesa` ?",
        "# Qu'est-ce que l'opération [Turquesa](http://example.org) ?",
        "\x1b[1;31mQu'est-ce que l'opération Turquesa ?\x1b[0m\x07",
        "\x1b]8;;http://x\x1b\\Qu'est-ce que l'opération Turquesa ?\x1b]8;;\x1b\\",
        "Qu'est-ce que l'op\u200bération\u00ad Turquesa\x00 ?",
        "Qu'est-ce que l'ope\u0301ration Turquesa ?",  # decomposed accent
        "Qu'est-ce que l'op\udce9ration Turquesa ?",  # Latin-1 byte from a terminal (surrogate escape)
    ],
)
def test_markup_and_control_codes_are_removed_keeping_the_words(raw: str) -> None:
    assert normalize_question(raw) == TURQUESA


def test_lone_surrogates_are_dropped() -> None:
    assert normalize_question("op\ud800ération \udfffTurquesa") == "opération Turquesa"


@pytest.mark.parametrize("value", [None, 42, 3.5, b"R7", ["R7"], {"q": "R7"}])
def test_a_question_that_is_not_text_is_a_user_error(value: object) -> None:
    with pytest.raises(UserInputError, match="must be text"):
        check_question(value)


@pytest.mark.parametrize("raw", ["", "   ", "\x1b[0m\x01", "<br/>", "**", "\u200b"])
def test_nothing_left_after_cleaning_is_an_empty_question(raw: str) -> None:
    with pytest.raises(UserInputError, match="empty"):
        check_question(raw)


def test_too_long_is_a_user_error() -> None:
    with pytest.raises(UserInputError, match="characters long"):
        check_question("a " * MAX_QUESTION_CHARS)


@pytest.mark.parametrize("k", ["3", 2.5, True, None, [3], 0, -1])
def test_k_must_be_a_positive_whole_number(k: object) -> None:
    with pytest.raises(UserInputError, match="k must"):
        check_k(k)


def test_k_accepts_integers() -> None:
    import numpy as np

    assert check_k(3) == 3 and check_k(np.int64(2)) == 2


@pytest.mark.parametrize(
    ("question", "refs"),
    [
        ("para 99", ["99"]),
        ("R13", ["R13"]),
        ("paragraphe 0", ["0"]),
        ("Que dit le paragraphe 99 ?", ["99"]),
        ("-R7", ["R7"]),
        ("recommandation 12", ["R12"]),
        ("arrêtés par 200 policiers", []),  # "par" is a preposition here
        ("What did the working group say in paragraph 99 about smuggling routes in Africa?", []),
        ("Combien de migrants ?", []),
    ],
)
def test_named_refs(question: str, refs: list[str]) -> None:
    assert named_refs(question) == refs


def test_no_such_unit_names_the_valid_range() -> None:
    refs = [str(i) for i in range(1, 42)] + [f"R{i}" for i in range(1, 13)]
    text = no_such_unit("99", refs)
    assert text.startswith(
        "There is no paragraph 99: the report has paragraphs 1-41 and recommendations R1-R12."
    )
    assert "pas de paragraphe 99" in text
    assert no_such_unit("R13", refs).startswith("There is no recommendation R13:")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["ask", "-R7"], ["ask", "--", "-R7"]),
        (["ask", "--k", "1", "-R7", "--json"], ["ask", "--k", "1", "--json", "--", "-R7"]),
        (["-v", "ask", "R7", "--k=2"], ["-v", "ask", "--k=2", "--", "R7"]),
        (["ask", "--", "--json"], ["ask", "--", "--json"]),
        (["index", "--rebuild"], ["index", "--rebuild"]),
    ],
)
def test_a_question_starting_with_a_dash_is_a_question(argv: list[str], expected: list[str]) -> None:
    assert _dashed_question(argv) == expected


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_normaliser_on_any_text_returns_clean_text_or_a_user_error(raw: str) -> None:
    try:
        question = check_question(raw)
    except UserInputError:
        return
    assert question and question == question.strip() and len(question) <= MAX_QUESTION_CHARS
    assert question.encode("utf-8")  # no surrogates left: printable, JSON-safe
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in question)
    assert normalize_question(question) == question or "&" in question  # idempotent bar entities


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_normaliser_on_any_command_line_bytes(raw: bytes) -> None:
    as_argv = raw.decode("utf-8", errors="surrogateescape")  # what Python makes of sys.argv
    try:
        question = check_question(as_argv)
    except UserInputError:
        return
    question.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_named_refs_never_fails(raw: str) -> None:
    for ref in named_refs(raw):
        assert ref.isdigit() or (ref.startswith("R") and ref[1:].isdigit())


@pytest.mark.parametrize(
    ("question", "refs"),
    [
        # "para" is the Spanish and Portuguese "for": a number after it counts something
        ("¿Qué recomendaciones se hicieron para 3 países?", []),
        ("Quais recomendações foram feitas para 3 países?", []),
        ("¿Qué se propuso para 12 meses?", []),
        ("¿Qué se recomienda para 2030?", []),
        # the English abbreviation, a dotted one, and the Spanish word for paragraph still look up
        ("para 18", ["18"]),
        ("What does para 18 say?", ["18"]),
        ("Que dit le para 18 ?", ["18"]),
        ("para. 3 países", ["3"]),
        ("¿Qué dice el párrafo 18?", ["18"]),
        ("¿Qué dice la recomendación 7 para los países?", ["R7"]),
    ],
)
def test_a_lookup_needs_a_reference_word(question: str, refs: list[str]) -> None:
    from assistant.answer.retrieval import lookup_refs

    known = [str(i) for i in range(1, 42)] + [f"R{i}" for i in range(1, 13)]
    assert lookup_refs(question, known) == refs
    if not refs:
        assert named_refs(question) == []  # nor "there is no paragraph 2030"


def test_a_spanish_for_is_asked_not_looked_up(assistant: Assistant) -> None:
    # the question is ranked like any other, not answered with paragraph 3
    question = "¿Qué recomendaciones se hicieron para 3 países?"
    assert not assistant.rank(question).signals.lookup
    answer = assistant.ask(question)
    assert "There is no" not in answer.text and answer.passages[0].ref != "3"
