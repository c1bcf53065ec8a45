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


def words(text: str) -> list[str]:
    """Folded content words of a text, function words dropped."""
    found = _TOKEN.findall(fold(text.replace("’", " ").replace("'", " ")))
    return [w for w in found if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """French stem of a folded word (English words mostly pass through)."""
    return str(_stemmer().stemWord(word))  # type: ignore[attr-defined]


def tokens(text: str) -> list[str]:
    """Folded, stemmed content words of a text."""
    return [stem(w) for w in words(text)]


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
    _near: dict[str, set[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._tf = [Counter(tokens(d)) for d in self.docs]
        self._lengths = [sum(tf.values()) for tf in self._tf]
        self._avg = sum(self._lengths) / max(len(self._lengths), 1)
        df: Counter[str] = Counter()
        for tf in self._tf:
            df.update(tf.keys())
        n = len(self.docs)
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        # symmetric-deletion index over the surface words: two words sharing a one-deletion
        # variant are about a typo apart (a missing, extra, wrong or swapped letter)
        self._near = {}
        for word in {w for d in self.docs for w in words(d)}:
            if len(word) >= 5:
                for variant in _deletions(word):
                    self._near.setdefault(variant, set()).add(word)

    def resolve(self, query: str) -> list[str]:
        """The query's terms, each unknown term replaced by a close indexed term if there is one."""
        out = []
        for word in words(query):
            term = stem(word)
            if term in self._idf or len(word) < 5:
                out.append(term)
                continue
            near = {stem(c) for v in _deletions(word) for c in self._near.get(v, ())}
            # the rarest candidate: the most specific reading of the typo
            out.append(max(sorted(near), key=self._idf.__getitem__) if near else term)
        return out

    def knows(self, term: str) -> bool:
        """True when a stemmed term occurs in the index."""
        return term in self._idf

    def idf(self, term: str) -> float:
        """The term's inverse document frequency (0 for a term not in the index)."""
        return self._idf.get(term, 0.0)

    def terms_of(self, i: int) -> Counter[str]:
        """The stemmed terms of document ``i`` with their counts."""
        return self._tf[i]

    def coverage(self, query: str) -> float:
        """Share of the query's content words found in the index (after typo repair)."""
        return self.search(query)[1]

    def scores(self, query: str) -> list[float]:
        """BM25 score of every document for the query."""
        return self.search(query)[0]

    def search(self, query: str) -> tuple[list[float], float]:
        """BM25 score of every document, and the query's coverage, resolving its words once."""
        terms = self.resolve(query)
        coverage = sum(t in self._idf for t in terms) / len(terms) if terms else 0.0
        return self.score_terms(terms), coverage

    def score_terms(self, terms: Sequence[str]) -> list[float]:
        """BM25 score of every document for stemmed terms."""
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


def _deletions(term: str) -> set[str]:
    """The term and every string one deletion away from it."""
    return {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}
