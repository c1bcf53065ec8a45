"""What a report numbers: its meetings by ordinals, the legal articles it cites.

A report names the meetings and sessions it speaks of ("À sa huitième réunion", "à sa
cinquième session", "À sa 1re séance") and the articles it cites ("l'article 18 de la
Convention"). A question about a meeting the report never names by number ("Quelle est la
date de la neuvième réunion ?") or an article it never cites ("What does article 6 of the
Protocol require?") is not about this report, however well its other words match: like a
year the report never mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..index.keyword import fold

_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "premiere": 1, "premier": 1, "deuxieme": 2, "seconde": 2, "troisieme": 3, "quatrieme": 4,
    "cinquieme": 5, "sixieme": 6, "septieme": 7, "huitieme": 8, "neuvieme": 9, "dixieme": 10,
    "onzieme": 11, "douzieme": 12, "treizieme": 13, "quatorzieme": 14, "quinzieme": 15,
    "seizieme": 16, "dix-septieme": 17, "dix-huitieme": 18, "dix-neuvieme": 19, "vingtieme": 20,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "primera": 1, "primer": 1, "primero": 1, "segunda": 2, "segundo": 2, "tercera": 3,
    "tercer": 3, "cuarta": 4, "cuarto": 4, "quinta": 5, "quinto": 5, "sexta": 6, "sexto": 6,
    "septima": 7, "septimo": 7, "octava": 8, "octavo": 8, "novena": 9, "noveno": 9,
    "decima": 10, "decimo": 10,
}  # fmt: skip
_ORDINAL = r"(?P<n>\d{1,2})(?:st|nd|rd|th|e|eme|re|er|ere|o|a|º|ª)\b|(?P<w>" + "|".join(_WORDS) + r")\b"
_MEETING = r"(?:meetings?|sessions?|sittings?|reunions?|seances?|sesion(?:es)?)\b"
# An ordinal naming a meeting or a session: "ninth meeting", "9e réunion", "novena reunión";
# "第九次会议" / "第9届" in Chinese.
_NAMED_MEETING = re.compile(r"\b(?:" + _ORDINAL + r")\s+(?:\w+\s+){0,2}?" + _MEETING)
_ANY_ORDINAL = re.compile(r"\b(?:" + _ORDINAL + r")")
# Ordinals offered as alternatives: "the 7th or 8th meeting".
_EITHER = re.compile(r"\b(?:or|ou|o|u|или)\b")
# "article 6", "art. 5", "artículo 6", "статья 6", "第6条"
_ARTICLE = re.compile(
    r"\b(?:articles?|art\.|articulos?|стать[яиюей])\s?(?P<n>\d{1,3}(?:\s*(?:,|et|and|y|и|to|a|à)\s*\d{1,3})*)\b"
)
_CHINESE_ARTICLE = re.compile(r"第(\d{1,3})条")
_CHINESE = re.compile(r"第([一二三四五六七八九十\d]+)[次届]")
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _value(match: re.Match[str]) -> int:
    return int(match["n"]) if match["n"] else _WORDS[match["w"]]


def _chinese(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    if len(numeral) == 1:
        return _CHINESE_DIGITS.get(numeral)
    if numeral.startswith("十"):  # 十一 = 11
        return 10 + _CHINESE_DIGITS.get(numeral[1:], 0)
    return None


def meeting_mentions(question: str) -> list[frozenset[int]]:
    """The meetings or sessions a question names by ordinals, one set per meeting meant: "the
    ninth meeting" -> [{9}], "the 7th or 8th meeting" -> [{7, 8}] (either), "the 2nd and 9th
    meetings" -> [{2}, {9}] (both)."""
    mentions: list[frozenset[int]] = []
    for match in _NAMED_MEETING.finditer(fold(question)):
        named = frozenset(_value(o) for o in _ANY_ORDINAL.finditer(match.group(0)))
        if _EITHER.search(match.group(0)):
            mentions.append(named)
        else:
            mentions += [frozenset({n}) for n in named]
    chinese = (_chinese(m.group(1)) for m in _CHINESE.finditer(question))
    mentions += [frozenset({n}) for n in chinese if n is not None]
    return mentions


def meeting_ordinals(question: str) -> set[int]:
    """The ordinals of the meetings or sessions a question names ("the ninth meeting" -> {9})."""
    return set().union(*meeting_mentions(question))


def ordinals(text: str) -> set[int]:
    """Every ordinal a text (a report) writes ("huitième", "1re", "3e")."""
    return {_value(m) for m in _ANY_ORDINAL.finditer(fold(text))}


def articles(text: str) -> set[int]:
    """The article numbers a text cites ("article 18" -> {18})."""
    found: set[int] = set()
    for m in _ARTICLE.finditer(fold(text)):
        numbers = [int(n) for n in re.findall(r"\d+", m["n"])]
        found.update(numbers)
        for low, high in re.findall(r"(\d+)\s*(?:to|a|à)\s*(\d+)", m["n"]):  # "articles 5 à 7"
            found.update(range(int(low), min(int(high), int(low) + 50) + 1))
    return found | {int(n) for n in _CHINESE_ARTICLE.findall(text)}


@dataclass(frozen=True)
class Numbering:
    """The meeting ordinals and article numbers a report (or a library) writes."""

    ordinals: frozenset[int]
    articles: frozenset[int]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Numbering:
        """What the texts (a report's units) number."""
        texts = list(texts)
        return cls(
            frozenset().union(*(ordinals(t) for t in texts)),
            frozenset().union(*(articles(t) for t in texts)),
        )

    def unknown(self, question: str) -> bool:
        """True when the question names a meeting by an ordinal, or an article by a number,
        that these texts never write ("Is this the 7th or 8th meeting?" names the eighth,
        which the report writes)."""
        meetings = any(not mention & self.ordinals for mention in meeting_mentions(question))
        return meetings or bool(articles(question) - self.articles)
