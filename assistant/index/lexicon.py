"""An English-French word list for the keyword side and the topic check: FreeDict's
eng-fra dictionary when the system has it (Debian: `dict-freedict-eng-fra`), else nothing."""

from __future__ import annotations

import gzip
import logging
import re
from functools import lru_cache
from pathlib import Path

from .keyword import fold

log = logging.getLogger(__name__)

#: Where Debian's package puts the dictionary (dictd format: plain text, gzip-compatible).
FREEDICT_PATHS = (
    Path("/usr/share/dictd/freedict-eng-fra.dict.dz"),
    Path("/usr/share/dictd/freedict-eng-fra.dict"),
)
_HEADWORD = re.compile(r"^(?P<word>[^/\n]+?) /[^/\n]*/\s*$")
_NUMBERED = re.compile(r"^\d+\.\s*")


def parse_freedict(text: str) -> dict[str, tuple[str, ...]]:
    """English headword (folded) -> its French translations, from a dictd text file.

    An entry is a headword line ``word /phonetics/`` followed by one line of
    translations, or numbered lines ``1. a, b``.
    """
    entries: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        head = _HEADWORD.match(line)
        if head:
            current = entries.setdefault(fold(head["word"].strip()), [])
            continue
        if current is None or not line.strip():
            continue
        for part in _NUMBERED.sub("", line.strip()).split(","):
            part = part.strip()
            if part and part not in current:
                current.append(part)
    return {k: tuple(v) for k, v in entries.items() if v}


@lru_cache(maxsize=1)
def english_french() -> dict[str, tuple[str, ...]]:
    """The English-French dictionary, or an empty one when it is not installed."""
    for path in FREEDICT_PATHS:
        if path.is_file():
            raw = path.read_bytes()
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            return parse_freedict(raw.decode("utf-8", errors="replace"))
    log.info("no English-French dictionary (apt-get install dict-freedict-eng-fra): none used")
    return {}


#: English plurals and past forms that no suffix rule reaches (the dictionary lists the singular
#: or the infinitive only): "children" -> "child".
IRREGULAR = {
    "children": "child",
    "women": "woman",
    "people": "person",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "thieves": "thief",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "crises": "crisis",
    "analyses": "analysis",
    "bases": "basis",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "taken": "take",
    "took": "take",
    "given": "give",
    "gave": "give",
    "held": "hold",
    "met": "meet",
    "said": "say",
    "made": "make",
    "brought": "bring",
    "sought": "seek",
    "fled": "flee",
    "paid": "pay",
    "sold": "sell",
    "bought": "buy",
    "caught": "catch",
    "taught": "teach",
    "thought": "think",
    "chose": "choose",
    "chosen": "choose",
    "drove": "drive",
    "driven": "drive",
    "arisen": "arise",
    "arose": "arise",
}


def english_lemmas(word: str) -> list[str]:
    """A folded English word and its likely dictionary forms ("prices" -> "price",
    "children" -> "child")."""
    forms = [word]
    if word in IRREGULAR:
        forms.append(IRREGULAR[word])
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)] + repl)
    return forms


def translations(word: str) -> list[str]:
    """The French the dictionary gives for a folded English word (any of its forms)."""
    table = english_french()
    return list(dict.fromkeys(t for lemma in english_lemmas(word) for t in table.get(lemma, ())))
