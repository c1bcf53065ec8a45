"""The question as the user typed it, made safe to ask: text only, no markup, no control codes."""

from __future__ import annotations

import html
import operator
import re
import unicodedata
from typing import Any

from ..errors import UserInputError

MAX_QUESTION_CHARS = 2000

#: Words that name a paragraph in one language and are a common word in others, with those
#: languages (wordfreq codes): "para 18" is the English abbreviation, "para 3 países" the
#: Spanish and Portuguese "for". Such a word is a reference with its dot ("para. 3"), or in a
#: question that does not read as one of those languages.
AMBIGUOUS_REFERENCE_WORDS: dict[str, tuple[str, ...]] = {"para": ("es", "pt")}
#: The languages a question with a reference is otherwise read in (the report's and the page's).
_REFERENCE_LANGS = ("en", "fr")
_WORD = re.compile(r"[^\W\d_]+")

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*\)")
_MD_MARKS = re.compile(r"(?:\*{1,3}|_{2,3}|~~|`+)")
_MD_LINE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)", re.MULTILINE)
_ESCAPED = re.compile(r"[\udc80-\udcff]+")
_MAX_PASSES = 4


def normalize_question(question: Any) -> str:
    """The words of a question, without markup, terminal codes or invalid characters.

    Bytes that were not UTF-8 (a Latin-1 terminal: ``op\\xe9ration``, which Python hands
    over as surrogate escapes) are read as Windows-1252; other lone surrogates, control
    and format characters are dropped; HTML tags and entities, Markdown emphasis, links
    and ANSI colour codes are removed, keeping the words; white space is collapsed.

    Raises:
        UserInputError: the question is not text.
    """
    if not isinstance(question, str):
        raise UserInputError(
            f"The question must be text, not {type(question).__name__}: type a question about the report."
        )
    text = _ESCAPED.sub(_from_escaped_bytes, question)
    for _ in range(_MAX_PASSES):  # removing one code can reveal another ("<b\x1b[0m>")
        cleaner = _clean(text)
        if cleaner == text:
            break
        text = cleaner
    return text


def _clean(text: str) -> str:
    text = _ANSI.sub(" ", text)
    text = _SCRIPT.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_LINE.sub(" ", text)
    text = _MD_MARKS.sub("", text)
    text = unicodedata.normalize("NFC", "".join(_keep(c) for c in text))
    return " ".join(text.split())


def check_question(question: Any, what: str = "question") -> str:
    """The question normalised (see ``normalize_question``) and checked.

    Args:
        question: The user's text.
        what: What the text is, for the messages: "question", or "topic" for a briefing.

    Raises:
        UserInputError: the question is not text, is empty once cleaned, or is too long.
    """
    typed, question = question, normalize_question(question)
    fault = question_fault(question)
    if fault == "empty":
        hint = "a question about the report" if what == "question" else 'a topic, e.g. "corruption"'
        if has_markup(typed):  # "<script>alert(1)</script>": not empty as typed
            raise UserInputError(
                f"The {what} is empty once its HTML markup is removed: nothing is left to ask; type {hint}."
            )
        raise UserInputError(f"The {what} is empty: type {hint}.")
    if fault == "too_long":
        raise UserInputError(
            f"The {what} is {len(question)} characters long; keep it under {MAX_QUESTION_CHARS}."
        )
    return question


def has_markup(text: str) -> bool:
    """Whether ``normalize_question`` removes HTML tags (or a script) from ``text``: a shell then
    says so, since the question asked is not the one typed."""
    return bool(_SCRIPT.search(text) or _TAG.search(text))


def question_fault(question: str) -> str:
    """Why a normalised text (``normalize_question``) cannot be asked: "empty", "too_long", or
    "" (it can). For a shell that words the refusal itself (the chat page, in its language)."""
    if not question:
        return "empty"
    return "too_long" if len(question) > MAX_QUESTION_CHARS else ""


def check_k(k: Any) -> int:
    """``k`` as a positive whole number.

    Raises:
        UserInputError: ``k`` is not a whole number of at least 1.
    """
    if isinstance(k, bool):
        raise UserInputError(f"k must be a whole number of passages, not {k!r}.")
    try:
        number = operator.index(k)
    except TypeError:
        raise UserInputError(f"k must be a whole number of passages, not {k!r}.") from None
    if number < 1:
        raise UserInputError(f"k must be at least 1 (got {number}).")
    return number


def names_a_unit(word: str, dotted: bool, question: str) -> bool:
    """Whether ``word`` before a number in ``question`` is a reference word ("paragraph 18").

    Most reference words are ("paragraphe", "párrafo", "R"). One that is also a common word
    in other languages (``AMBIGUOUS_REFERENCE_WORDS``: "para") is one with its dot, or when
    the question's other words do not lean towards those languages: "para 18" and "What does
    para 18 say?" name paragraph 18; "¿Qué recomendaciones se hicieron para 3 países?" (for
    three countries) names none.

    Args:
        word: The word as matched (case and accents folded).
        dotted: The word is followed by a dot ("para. 18").
        question: The question (folded or not).
    """
    langs = AMBIGUOUS_REFERENCE_WORDS.get(word.lower())
    if dotted or not langs:
        return True
    from wordfreq import zipf_frequency

    lean = 0.0
    for other in _WORD.findall(question.lower()):
        if other == word.lower():
            continue
        lean += max(zipf_frequency(other, code) for code in langs)
        lean -= max(zipf_frequency(other, code) for code in _REFERENCE_LANGS)
    return lean <= 0.0


def _from_escaped_bytes(match: re.Match[str]) -> str:
    raw = bytes(ord(c) - 0xDC00 for c in match.group())
    return raw.decode("cp1252", errors="replace").replace("\ufffd", "")


def _keep(char: str) -> str:
    if char in "\t\n\r":
        return " "
    category = unicodedata.category(char)
    if category == "Cc":
        return " "
    if category in ("Cf", "Cs", "Co", "Cn"):  # zero-width, bidi, surrogates, private, unassigned
        return ""
    return char
