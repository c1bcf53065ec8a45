"""English country names in a question, with their French names (from pycountry's ISO 3166 data)."""

from __future__ import annotations

import re
from functools import lru_cache

from .keyword import fold


@lru_cache(maxsize=1)
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern matching English country names, and each one's French name."""
    try:
        import gettext

        import pycountry
    except ImportError:  # optional: without it, questions are not expanded
        return re.compile(r"(?!)"), {}
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
    names: dict[str, str] = {}
    for country in pycountry.countries:
        fr = french.gettext(country.name)
        fr_short = re.split(r" \(|, ", fr)[0]
        for attr in ("name", "common_name", "official_name"):
            english = getattr(country, attr, None)
            if not english:
                continue
            for variant in {english, re.split(r" \(|, ", english)[0]}:
                key = fold(variant)
                if len(key) > 3 and key != fold(fr_short):
                    names.setdefault(key, fr_short)
    alternatives = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b"), names


def with_french_names(question: str) -> str:
    """The question, followed by the French names of the countries it names in English.

    "Was Japan represented?" -> "Was Japan represented? Japon". A question naming no
    country (or naming it in French) comes back unchanged.
    """
    pattern, names = _names()
    found = [names[m.group(0)] for m in pattern.finditer(fold(question))]
    extra = [f for f in dict.fromkeys(found) if fold(f) not in fold(question)]
    return f"{question} {' '.join(extra)}" if extra else question
