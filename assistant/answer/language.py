"""The language a text is written in: a briefing topic (French or English) or a question (the
six official languages), by its script, marks and function words."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from .topic import script_language

_FRENCH_HINTS = re.compile(
    r"[àâçéèêëîïôûùœ]|\b(?:le|la|les|des|du|de|et|aux?|sur|pour|dans|en|d’|l’|d'|l')\b", re.IGNORECASE
)
_ENGLISH_HINTS = re.compile(
    r"\b(?:the|of|and|on|for|in|to|with|by)\b|\w+(?:ing|tion of|ness|ship)\b", re.IGNORECASE
)


_WORDS = re.compile(r"[^\W\d_]{3,}")
#: A word is clearly French or English when its Zipf frequency is this much higher in one.
_CLEAR_LEAN = 1.0


def words_of(texts: Sequence[str]) -> set[str]:
    """The words (three letters or more, lower case) of some texts, as ``topic_language`` reads them."""
    return {w.lower() for text in texts for w in _WORDS.findall(text)}


def topic_language(topic: str, default: str = "fr", report_words: Collection[str] = ()) -> str:
    """ "fr" or "en": the topic's language by its accents and function words.

    When those do not tell, each word votes: a word of the report (``report_words``, lower
    case) for the report's language (``default``); another word for the language where it is
    clearly more common (wordfreq: "magistrates", "terrorisme"); then the words' summed
    lean decides; a tie gives ``default``.
    """
    french, english = len(_FRENCH_HINTS.findall(topic)), len(_ENGLISH_HINTS.findall(topic))
    if french == english:
        from wordfreq import zipf_frequency

        words = [w.lower() for w in _WORDS.findall(topic)]
        leans = {w: zipf_frequency(w, "en") - zipf_frequency(w, "fr") for w in words}
        for w in words:
            if w in report_words:
                french, english = (french + 1, english) if default == "fr" else (french, english + 1)
            elif abs(leans[w]) > _CLEAR_LEAN:
                french, english = (french + 1, english) if leans[w] < 0 else (french, english + 1)
        if french == english:
            lean = sum(leans.values())
            french, english = (int(lean < -_CLEAR_LEAN / 2), int(lean > _CLEAR_LEAN / 2))
    if french == english:
        return default
    return "fr" if french > english else "en"


_SPANISH = re.compile(
    r"[¿¡ñ]|\b(?:qué|cómo|cuál|cuáles|cuándo|dónde|quién|quiénes|cuánt[oa]s?|el|los|las|del|una|"
    r"sobre|fue|fueron|hay|por|está|están|informe|dijo|recomendó|recomienda)\b",
    re.IGNORECASE,
)
_FRENCH_ONLY = re.compile(
    r"\b(?:le|les|du|des|et|est|une|qui|sur|dans|aux?|ce|cette|il|elle|qu|ont?)\b", re.IGNORECASE
)
_ENGLISH_ONLY = re.compile(
    r"\b(?:the|of|and|what|did|does|do|which|who|how|when|where|was|were|about|say|said)\b", re.IGNORECASE
)


def question_language(question: str, page_lang: str) -> str:
    """The language a question is written in: "zh", "ar", "ru" by its script; "es", "fr" or
    "en" for Latin script, by its marks and function words (``page_lang`` when they do not tell).
    """
    script = script_language(question)
    if script != "fr":
        return script
    spanish = len(_SPANISH.findall(question))
    if spanish > max(len(_FRENCH_ONLY.findall(question)), len(_ENGLISH_ONLY.findall(question))):
        return "es"
    return topic_language(question, default=page_lang)
