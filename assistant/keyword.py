"""A small BM25 keyword index: accent-folded, French-stemmed, with typo-tolerant lookup."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")

# Function words of French and English (accent-folded): they carry no topic.
STOPWORDS = frozenset(
    """
    a au aux avec ce ces cet cette dans de des du elle elles en est et etait eux il ils je la le
    les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que
    qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous y d l s n c j m t ete
    etre avait ont comme plus si tout tous toute toutes ainsi afin dont quel quelle quels
    quelles est-ce ceux celles entre sans sous vers chez an and are as at be by for from has
    have how in into is it its of or that the their them they this to was were what when where
    which who whom why with did does do about any there these those than then been being can
    could would should will shall may might also such our your his her he she we you i my not no
    yes
    """.split()
)


def fold(text: str) -> str:
    """Lowercase and strip accents: "Opération" -> "operation"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import snowballstemmer

    return snowballstemmer.stemmer("french")


def tokens(text: str) -> list[str]:
    """Folded, stemmed content words of a text (French stemmer; English words mostly pass)."""
    words = [w for w in _TOKEN.findall(fold(text.replace("’", " ").replace("'", " ")))]
    words = [w for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    stem = _stemmer().stemWords  # type: ignore[attr-defined]
    return list(stem(words))


@dataclass
class KeywordIndex:
    """BM25 over a list of documents (chunk texts), addressed by position."""

    docs: Sequence[str]
    k1: float = 1.2
    b: float = 0.75
    _tf: list[Counter[str]] = field(init=False, repr=False)
    _idf: dict[str, float] = field(init=False, repr=False)
    _lengths: list[int] = field(init=False, repr=False)
    _avg: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._tf = [Counter(tokens(d)) for d in self.docs]
        self._lengths = [sum(tf.values()) for tf in self._tf]
        self._avg = sum(self._lengths) / max(len(self._lengths), 1)
        df: Counter[str] = Counter()
        for tf in self._tf:
            df.update(tf.keys())
        n = len(self.docs)
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}

    @property
    def vocabulary(self) -> set[str]:
        """Every indexed term."""
        return set(self._idf)

    def resolve(self, query: str) -> list[str]:
        """The query's terms, each unknown term replaced by a close indexed term if there is one."""
        out = []
        for term in tokens(query):
            if term in self._idf or len(term) < 5:
                out.append(term)
                continue
            near = _closest(term, self._idf)
            out.append(near or term)
        return out

    def coverage(self, query: str) -> float:
        """Share of the query's content words found in the index (after typo repair)."""
        terms = self.resolve(query)
        if not terms:
            return 0.0
        return sum(t in self._idf for t in terms) / len(terms)

    def scores(self, query: str) -> list[float]:
        """BM25 score of every document for the query."""
        terms = self.resolve(query)
        out = []
        for tf, length in zip(self._tf, self._lengths, strict=True):
            score = 0.0
            norm = self.k1 * (1 - self.b + self.b * length / self._avg)
            for t in terms:
                f = tf.get(t)
                if f:
                    score += self._idf[t] * f * (self.k1 + 1) / (f + norm)
            out.append(score)
        return out


def _closest(term: str, vocabulary: dict[str, float]) -> str | None:
    """An indexed term at edit distance 1 (2 for long words), preferring the rarest."""
    budget = 1 if len(term) < 8 else 2
    best: tuple[int, float, str] | None = None
    for cand in vocabulary:
        if abs(len(cand) - len(term)) > budget:
            continue
        d = _edit_distance(term, cand, budget)
        if d <= budget and (best is None or (d, -vocabulary[cand]) < best[:2]):
            best = (d, -vocabulary[cand], cand)
    return best[2] if best else None


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds limit."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]
