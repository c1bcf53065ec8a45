"""Citations across reports: "18" and "R7" with one report, "DOCID/18" and "DOCID/R7" with several."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from ..errors import UserInputError
from ..ingest.report import CITATION_SEPARATOR

#: ``(doc_id, ref)``: a unit's identity in a library of reports.
Key = tuple[str, str]

# "wg-som-2022/18", "CTOC-COP-WG.7-2021-3/R7": a document id, a slash, a ref.
_QUALIFIED = re.compile(r"(?<![\w./~-])(?P<doc>[A-Za-z0-9][A-Za-z0-9._~-]*)/(?P<ref>[Rr]?\d{1,4})\b")
_REF = re.compile(r"^(?:[1-9]\d{0,3}|R[1-9]\d{0,2})$")


def _ref(raw: str) -> str:
    return f"R{int(raw[1:])}" if raw[:1] in "Rr" else str(int(raw))


def _doc(name: str, doc_ids: Collection[str]) -> str | None:
    """The document id ``name`` spells, compared without case."""
    folded = name.casefold()
    return next((d for d in doc_ids if d.casefold() == folded), None)


def qualified_citations(text: str, doc_ids: Collection[str]) -> list[Key]:
    """The ``DOCID/REF`` citations a text writes, for the known document ids, in order."""
    found: list[Key] = []
    for m in _QUALIFIED.finditer(text):
        doc = _doc(m["doc"], doc_ids)
        if doc is not None and (key := (doc, _ref(m["ref"]))) not in found:
            found.append(key)
    return found


def without_qualified(text: str) -> str:
    """The text with its ``DOCID/REF`` citations blanked out (for the bare-ref lookups)."""
    return _QUALIFIED.sub(" ", text)


def named_doc(text: str, doc_ids: Collection[str]) -> str | None:
    """The one known document id the text names as a word ("paragraph 18 of wg-som-2022"), if any."""
    folded = text.casefold()
    named = {
        d
        for d in doc_ids
        # a substring test first: a library of 1,000 reports would compile 1,000 patterns a question
        if d.casefold() in folded
        and re.search(rf"(?<![\w.~-]){re.escape(d)}(?![\w~-]|\.\w)", text, re.IGNORECASE)
    }
    return named.pop() if len(named) == 1 else None


def parse_citation(text: str, doc_ids: Sequence[str]) -> Key:
    """The unit a citation names: "DOCID/18" anywhere, "18" only when the library has one report.

    Raises:
        UserInputError: not a citation, an unknown document id, or a bare ref with several reports.
    """
    doc, sep, raw = text.strip().rpartition(CITATION_SEPARATOR)
    if not _REF.match(raw if raw[:1] != "r" else raw.upper()):
        raise UserInputError(f'{text!r} is not a citation: paragraphs are "18", recommendations "R7".')
    ref = _ref(raw)
    if sep:
        known = _doc(doc, doc_ids)
        if known is None:
            raise UserInputError(f"Unknown report {doc!r} in {text!r} (reports: {', '.join(doc_ids)}).")
        return (known, ref)
    if len(doc_ids) != 1:
        raise UserInputError(
            f"{text!r} is ambiguous with several reports: write DOCID/{ref} (reports: {', '.join(doc_ids)})."
        )
    return (doc_ids[0], ref)
