"""The naive baseline most tutorials build: fixed-size chunks of the raw text, dense only."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..index.embeddings import Embedder

# Any line starting with a number and a dot, or "Recommandation N": what a naive
# parser takes for a paragraph start (agenda items included, on purpose).
_MARKER = re.compile(r"^\s*(?:(\d{1,3})\.\s|Recommandation\s+(\d{1,2})\s*$)", re.MULTILINE)


@dataclass
class NaiveBaseline:
    """1000-character RecursiveCharacterTextSplitter chunks over the raw text, cited by the
    paragraph number the chunk starts in."""

    chunks: list[str]
    refs: list[str]
    vectors: np.ndarray
    embedder: Embedder

    @classmethod
    def from_text(cls, raw: str, embedder: Embedder) -> NaiveBaseline:
        """Split, cite and embed the raw report text."""
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
        documents = splitter.create_documents([raw])
        starts: list[int] = []
        labels: list[str] = []
        for m in _MARKER.finditer(raw):
            starts.append(m.start())
            labels.append(m[1] if m[1] else f"R{m[2]}")
        chunks, refs = [], []
        for doc in documents:
            at = bisect_right(starts, int(doc.metadata["start_index"])) - 1
            chunks.append(doc.page_content)
            refs.append(labels[at] if at >= 0 else "title")
        vectors = embedder.embed(chunks, "passage")
        return cls(chunks, refs, vectors, embedder)

    @classmethod
    def from_assistant(cls, assistant: Any) -> NaiveBaseline:
        """The baseline over the assistant's first report, with the assistant's dense model."""
        path = sorted(assistant.settings.sources_dir.glob("*.txt"))[0]
        return cls.from_text(path.read_text(encoding="utf-8"), assistant.embedder)

    def rank(self, question: str) -> list[str]:
        """Refs ranked by the best chunk that cites them."""
        q = self.embedder.embed([question], "query")[0]
        order = np.argsort(-(self.vectors @ q))
        ranked: list[str] = []
        for i in order:
            if self.refs[i] not in ranked:
                ranked.append(self.refs[i])
        return ranked

    def answer(self, question: str) -> Any:
        """The evaluation's view of an answer (no abstention, no quote)."""
        from .harness import Outcome

        return Outcome(tuple(self.rank(question)))
