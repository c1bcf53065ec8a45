"""What a question asks for (a date, a place) and whether a unit states one, to
order the best few units of a ranking: "When did the meeting take place?" is answered by the
unit giving the meeting's dates, not by the one saying who opened it, though every meeting
paragraph says "réunion".

Each check reads a question form in the six languages (where the form is fixed) and the
report's French; none reads topic words. "Who" is not among them: the tuning questions asking
who are as often answered by an office or a body ("le Président", "le Bureau élargi") as by a
named person, and preferring units that name a person lost as many as it won.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from ..index.keyword import fold

# "Where was the meeting held?", "Où s'est tenue la réunion ?": a place.
_ASKS_PLACE = re.compile(
    r"\bwhere\b|\b(?:which|what) city\b|^\W*ou\b|\bou (?:se|s')|\bquelle ville\b|\bdonde\b"
    r"|\bque ciudad\b|\bгде\b|\bв каком городе\b|أين|哪里|在哪|哪个城市"
)

# A place: "à Vienne", "à New York" (a capitalised name after "à").
_PLACE = re.compile(r"\bà [A-Z][a-zà-ÿ]")


def asks_place(question: str) -> bool:
    """True when the question asks where ("Where was the meeting held?")."""
    return bool(_ASKS_PLACE.search(fold(question).replace("’", "'")))


def names_place(text: str) -> bool:
    """True when a report's (French) text names a place ("à Vienne")."""
    return bool(_PLACE.search(text))


def asked_checks(question: str) -> dict[str, Callable[[str], bool]]:
    """What a unit's text must state to answer the question, by kind: ``date`` ("when"),
    ``place`` ("where"); {} when the question asks none of these."""
    from .abstention import asks_date, has_date  # abstention reads rankings: imported when asked

    checks: dict[str, Callable[[str], bool]] = {}
    if asks_date(question):
        checks["date"] = has_date
    if asks_place(question):
        checks["place"] = names_place
    return checks


def stated(texts: Sequence[str], checks: Iterable[Callable[[str], bool]]) -> list[int]:
    """How many of ``checks`` each text satisfies."""
    checks = list(checks)
    return [sum(check(t) for check in checks) for t in texts]
