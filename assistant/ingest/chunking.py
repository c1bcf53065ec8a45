"""Split units into chunks that fit the model, each keeping its unit's citation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..lazy import BuiltOnRead
from .report import Unit

#: Sentence boundaries first, then clause boundaries, then words.
_SEPARATORS = [". ", " ; ", "; ", " : ", ", ", " "]


@dataclass(frozen=True)
class Chunk:
    """A piece of a unit: the report's words plus the text that is embedded.

    Attributes:
        unit: The unit the chunk comes from (its ref is the citation).
        piece: Position of the chunk within its unit, from 0.
        text: The report's exact words (a substring of ``unit.text``).
    """

    unit: Unit
    piece: int
    text: str

    @property
    def id(self) -> str:
        """Storage id, internal only: citations use ``unit.ref``."""
        return f"{self.unit.doc_id}:{self.unit.ref}:{self.piece}"

    @property
    def embed_text(self) -> str:
        """What the encoders see: the unit's label and section, then its words."""
        section = self.unit.section.split(" > ")[-1]
        return f"{self.unit.label}. {section}. {self.text}"


def texts_by_id(chunks: Sequence[Chunk]) -> Mapping[str, str]:
    """The chunks' texts by chunk id, indexed at the first reading: opening a library of
    53,000 chunks reads none of them."""
    return BuiltOnRead(lambda: {c.id: c.text for c in chunks}, size=lambda: len(chunks))


def chunk_units(units: Iterable[Unit], length: Callable[[str], int], max_length: int) -> list[Chunk]:
    """One chunk per unit when it fits; otherwise split on sentence boundaries.

    Args:
        units: Units of one or more reports.
        length: Measures a text in the model's tokens (label and section included).
        max_length: The most tokens a chunk may have.
    """
    chunks: list[Chunk] = []
    for unit in units:
        whole = Chunk(unit, 0, unit.text)
        if length(whole.embed_text) <= max_length:
            chunks.append(whole)
            continue
        from langchain_text_splitters import RecursiveCharacterTextSplitter  # 0.4 s: only when needed

        overhead = length(Chunk(unit, 0, "").embed_text)
        splitter = RecursiveCharacterTextSplitter(
            separators=_SEPARATORS,
            keep_separator="end",
            chunk_size=max_length - overhead,
            chunk_overlap=0,
            length_function=length,
            strip_whitespace=True,
        )
        for piece, text in enumerate(splitter.split_text(unit.text)):
            chunks.append(Chunk(unit, piece, text))
    return chunks


# A sentence ends with . ! or ? followed by a capital, a digit or an opening quote; not after
# an abbreviation or initial such as "M." (the report writes "M. Brito De Barros"), nor after
# an agenda item number such as "2.".
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\b\d\.)\s+(?=[«\"A-ZÀ-Ý0-9])")


def sentence_id(chunk_id: str, index: int) -> str:
    """Storage id of a chunk's sentence (internal only, like chunk ids)."""
    return f"{chunk_id}:s{index}"


def chunk_of_sentence(sentence: str) -> str:
    """The chunk id within a sentence id."""
    return sentence.rsplit(":s", 1)[0]


def split_sentences(text: str) -> list[str]:
    """Split a text into its sentences, each one a substring of the text."""
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if s]
