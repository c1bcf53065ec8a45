"""Roll-calls: paragraphs that list who attended or spoke, and what such a list can answer.

A roll-call ("Les États énumérés ci-après … étaient représentés : Afrique du Sud, Albanie,
…") answers who was there or who spoke. It names many States and bodies, so a question that
names one of them finds its name in the list whatever it asks ("Quelle est la population du
Canada ?"): the list is evidence that the State attended, nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .topic import Term, TopicMatcher, script_language, weighted_share

#: A roll-call: a paragraph ending, after a colon, in at least this many items, most of them
#: (this share) names starting with a capital ("… liées à la pandémie de COVID-19 : Bolivie,
#: Pakistan, Sri Lanka et Thaïlande."). The States or bodies present, not a deliberation.
ROLL_CALL_MIN_ITEMS = 3
ROLL_CALL_NAMES = 0.66
#: A question answered from a roll-call must be about what its lead-in says (attendance,
#: statements): the question's terms other than the names the list holds must be spoken of by
#: the lead-in and the section heading by at least this rarity-weighted share (0 to 1). Chosen
#: on eval/dev.jsonl + eval/calibration_tune*.jsonl: the Latin-script answerable questions so
#: answered ("Was Thailand represented?", "Did China speak at the meeting?") score 0.50 or
#: more, the unanswerable ones ("Quelle est la population du Canada ?", "How much cocaine was
#: seized in Colombia?") 0.11 or less (one, 0.50, is let through).
LEAD_IN_MATCH = 0.3
#: A term the list speaks of at least this much (0 to 1) is one of its names.
LISTED = 0.9
#: ... unless the lead-in speaks of it at least this much ("États" is in both).
LEAD_IN_SPEAKS = 0.5

LIST_COLON = re.compile(r"\s?:\s")
_ITEM_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?:et|and)\s+")


def roll_call(text: str) -> tuple[str, str] | None:
    """``(lead-in, list)`` when a text ends in a list of names after a colon (a roll-call of
    States or bodies: ``ROLL_CALL_MIN_ITEMS`` items or more, ``ROLL_CALL_NAMES`` of them
    capitalised), else None."""
    colons = list(LIST_COLON.finditer(text))
    if not colons:
        return None
    colon = colons[-1]
    items = [i for i in _ITEM_SPLIT.split(text[colon.end() :].strip().rstrip(".;")) if i]
    names = sum(1 for i in items if i[:1].isupper())
    if len(items) < ROLL_CALL_MIN_ITEMS or names < ROLL_CALL_NAMES * len(items):
        return None
    return text[: colon.start()], text[colon.end() :]


def lead_in_match(
    question: str,
    text: str,
    section: str,
    terms: Sequence[Term],
    vectors: np.ndarray | None,
    topic: TopicMatcher,
) -> float:
    """How much a roll-call's lead-in (and its section heading) speaks of what the question
    asks besides the names its list holds, rarity-weighted (0 to 1): "Was Thailand
    *represented*?" 1.0, "What is the *population* of Canada?" 0.0. 1.0 when the text is no
    roll-call, when every term is a listed name, or for a question in another script than the
    report's (the matcher reads a lead-in's few words too weakly across scripts: an answerable
    Chinese question about statements scored 0.17 on the tuning files)."""
    parts = roll_call(text)
    if parts is None or not terms or script_language(question) != "fr":
        return 1.0
    lead, names = parts
    by_lead = topic.text_matches(terms, f"{lead} {section}", vectors)
    by_list = topic.text_matches(terms, names, vectors)
    rest = [t for t in terms if not (by_list[t.text] >= LISTED and by_lead[t.text] < LEAD_IN_SPEAKS)]
    # the words that frame the whole report ("migrants") are no sign the lead-in speaks of the question
    return weighted_share(topic.framed(rest), by_lead) if rest else 1.0
