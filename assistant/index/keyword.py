"""A small BM25 keyword index: accent-folded, French-stemmed, with typo-tolerant lookup."""

from __future__ import annotations

import logging
import marshal
import math
import os
import re
import shutil
import threading
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

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


_local = threading.local()


def _stemmer() -> object:
    """This thread's French stemmer: a snowball stemmer keeps its state while it works, so
    two threads sharing one (the chat page answers two questions at once) get wrong stems."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _local.stemmer = snowballstemmer.stemmer("french")
    return stemmer


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


#: Bump when what a saved keyword index holds, or how it is computed, changes
#: (2: one ``.npy`` per array, memory-mapped, with the postings' BM25 weights; 3: ``B`` 0.5).
KEYWORD_FORMAT = "3"
#: BM25's length normalisation. 0.5 rather than the usual 0.75: the report's lists (the States
#: and bodies represented, the agenda) are its longest units, and 0.75 kept their heads ("Les États
#: énumérés ci-après, parties au Protocole...") under shorter paragraphs that merely name the same
#: words. Chosen on the tuning files (MRR fr/en/es 0.913/0.907/0.876 at 0.75, 0.915/0.911/0.889 at
#: 0.5, 0.911/0.912/0.889 at 0.3 with one more French question declined).
B = 0.5
_ARRAYS = ("lengths", "indptr", "docs", "counts", "weights")


class KeywordIndex:
    """BM25 over a list of documents (chunk texts), addressed by position.

    Postings are held by term in flat arrays (documents and their precomputed BM25 weight),
    so a query adds one array slice per term instead of looping over every document in
    Python; the scores are bit-for-bit those of the per-document formula (the same float
    operations in the same order). ``save`` and ``load`` keep the index beside the search
    index so that opening it does not re-read every document.
    """

    def __init__(self, docs: Sequence[str], k1: float = 1.2, b: float = B) -> None:
        self.k1 = k1
        self.b = b
        counts = [Counter(tokens(d)) for d in docs]
        df: Counter[str] = Counter()
        for tf in counts:
            df.update(tf.keys())
        n = len(docs)
        terms = sorted(df)
        row = {t: i for i, t in enumerate(terms)}
        lengths = np.asarray([sum(tf.values()) for tf in counts], dtype=np.float64)
        postings: list[list[tuple[int, int]]] = [[] for _ in terms]
        for d, tf in enumerate(counts):
            for t, f in tf.items():
                postings[row[t]].append((d, f))
        indptr = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in postings], out=indptr[1:])
        flat = [x for p in postings for x in p]
        self._set(
            terms,
            [math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in terms],
            lengths,
            indptr,
            np.asarray([d for d, _ in flat], dtype=np.int32).reshape(-1),
            np.asarray([f for _, f in flat], dtype=np.int32).reshape(-1),
            sorted({w for d in docs for w in words(d) if len(w) >= 5}),
        )

    def _set(
        self,
        terms: list[str],
        idf: list[float],
        lengths: np.ndarray,
        indptr: np.ndarray,
        docs: np.ndarray,
        counts: np.ndarray,
        surface: list[str],
        weights: np.ndarray | None = None,
    ) -> None:
        self._terms = terms
        self._row = {t: i for i, t in enumerate(terms)}
        self._idf = dict(zip(terms, idf, strict=True))
        self._lengths = lengths
        self._avg = float(lengths.sum()) / max(len(lengths), 1) if len(lengths) else 0.0
        self._indptr = indptr
        self._docs = docs
        self._counts = counts
        self._surface = surface
        self._near_index: dict[str, set[str]] | None = None
        self._by_doc: tuple[np.ndarray, np.ndarray] | None = None
        # each posting's BM25 weight, as the per-document formula computes it (saved with the index)
        if weights is not None:
            self._weights = weights
        elif len(docs):
            norm = self.k1 * (1 - self.b + self.b * lengths / self._avg)
            f = counts.astype(np.float64)
            idf_of = np.repeat(np.asarray(idf, dtype=np.float64), np.diff(indptr))
            self._weights = idf_of * f * (self.k1 + 1) / (f + norm[docs])
        else:
            self._weights = np.zeros(0)

    def save(self, folder: Path) -> None:
        """Write the index into ``folder`` (atomically), for ``load``."""
        tmp = folder.with_name(f".{folder.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        arrays = (self._lengths, self._indptr, self._docs, self._counts, self._weights)
        for name, values in zip(_ARRAYS, arrays, strict=True):
            np.save(tmp / f"{name}.npy", values)
        meta = [
            KEYWORD_FORMAT,
            self.k1,
            self.b,
            self._terms,
            [self._idf[t] for t in self._terms],
            self._surface,
        ]
        (tmp / "terms.marshal").write_bytes(marshal.dumps(meta))
        try:
            os.replace(tmp, folder)
        except OSError:  # written by another process meanwhile
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, n_docs: int) -> KeywordIndex | None:
        """The index ``save`` wrote in ``folder``, or None (missing, another format, or not
        ``n_docs`` documents). The arrays are memory-mapped: opening costs the same for 53,000
        documents as for 53."""
        try:
            version, k1, b, terms, idf, surface = marshal.loads((folder / "terms.marshal").read_bytes())
            if version != KEYWORD_FORMAT:
                return None
            arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
        except (OSError, ValueError, EOFError, TypeError, KeyError):
            return None
        if len(arrays["lengths"]) != n_docs:
            return None
        index = cls.__new__(cls)
        index.k1, index.b = k1, b
        lengths, indptr, docs, counts, weights = (arrays[name] for name in _ARRAYS)
        index._set(terms, idf, lengths, indptr, docs, counts, surface, weights)
        return index

    @classmethod
    def cached(cls, docs: Sequence[str], folder: Path | None) -> KeywordIndex:
        """The index of ``docs`` from ``folder`` when saved there, else built (and saved)."""
        if folder is not None:
            found = cls.load(folder, len(docs))
            if found is not None:
                return found
        index = cls(docs)
        if folder is not None:
            try:
                if folder.exists():  # saved in another format: ``save`` cannot replace a full folder
                    shutil.rmtree(folder)
                index.save(folder)
            except OSError as exc:  # a read-only folder: build it at each start
                log.info("keyword index not saved to %s: %s", folder, exc)
        return index

    @property
    def _near(self) -> dict[str, set[str]]:
        # symmetric-deletion index over the surface words: two words sharing a one-deletion
        # variant are about a typo apart (a missing, extra, wrong or swapped letter)
        if self._near_index is None:
            self._near_index = {}
            for word in self._surface:
                for variant in _deletions(word):
                    self._near_index.setdefault(variant, set()).add(word)
        return self._near_index

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
        if self._by_doc is None:
            order = np.argsort(self._docs, kind="stable")
            term_of = np.repeat(np.arange(len(self._terms)), np.diff(self._indptr))
            self._by_doc = (order, term_of)
        order, term_of = self._by_doc
        lo, hi = np.searchsorted(self._docs[order], [i, i + 1])
        return Counter({self._terms[term_of[j]]: int(self._counts[j]) for j in order[lo:hi]})

    def coverage(self, query: str) -> float:
        """Share of the query's content words found in the index (after typo repair)."""
        return self.search(query)[1]

    def scores(self, query: str) -> list[float]:
        """BM25 score of every document for the query."""
        return [float(x) for x in self.search(query)[0]]

    def search(self, query: str) -> tuple[np.ndarray, float]:
        """BM25 score of every document, and the query's coverage, resolving its words once."""
        terms = self.resolve(query)
        coverage = sum(t in self._idf for t in terms) / len(terms) if terms else 0.0
        return self.score_terms(terms), coverage

    def score_terms(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for stemmed terms (a repeated term counts again)."""
        out = np.zeros(len(self._lengths))
        for t in terms:
            r = self._row.get(t)
            if r is not None:
                lo, hi = self._indptr[r], self._indptr[r + 1]
                out[self._docs[lo:hi]] += self._weights[lo:hi]
        return out

    def score_weighted(self, terms: Mapping[str, float]) -> np.ndarray:
        """BM25 score of every document for stemmed terms, each counted with its weight."""
        out = np.zeros(len(self._lengths))
        for t, weight in terms.items():
            r = self._row.get(t)
            if r is not None and weight:
                lo, hi = self._indptr[r], self._indptr[r + 1]
                out[self._docs[lo:hi]] += weight * self._weights[lo:hi]
        return out


def _deletions(term: str) -> set[str]:
    """The term and every string one deletion away from it."""
    return {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}
