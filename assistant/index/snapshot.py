"""A read copy of a complete index for answering: vectors memory-mapped, no Chroma at query time.

Chroma stays the index of record (built, checked and cleaned in ``index/store.py``). Once an
index is complete, its vectors are exported here, one ``(n, dim)`` float32 ``.npy`` per slot
with the items' ids, into ``snapshot-{key}`` beside it (in the data folder, or in the cache
folder for a Chroma server). ``key`` hashes the index fingerprint and manifest, so a changed
report, model or parser names another snapshot; nothing else ever changes one.

Answering then needs neither ``chromadb`` (0.5 s to import) nor a Chroma query: the cosine
of a question with every chunk is one matrix-vector product over a memory-mapped array
(~2 ms for 53,000 chunks), exact, where a Chroma query for every chunk costs 100+ ms at that
size. Processes answering from one index share the arrays through the page cache.

The snapshot is written in the order of the chunk list it was exported for (vectors by chunk,
sentences grouped by chunk) with that list's tables as arrays (``ChunkTable``: each chunk's
unit and report), so that opening it costs the same for 53 chunks as for 53,000: nothing is
read per chunk in Python, and a question needs no scatter from Chroma's order to the chunks'.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import marshal
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..ingest.chunking import Chunk, chunk_of_sentence

log = logging.getLogger(__name__)

#: Bump when what a snapshot holds changes (2: rows in chunk order, the chunk tables as arrays).
SNAPSHOT_FORMAT = "2"
PREFIX = "snapshot-"
_DONE = "complete.json"
_CHUNKS = "chunks.marshal"
#: How many evenly spaced chunk ids (besides each report's first and last) opening checks.
_PROBES = 64


def snapshot_key(fingerprint: str, manifest: Mapping[str, str]) -> str:
    """Names the snapshot of an index: its fingerprint, manifest and this format."""
    text = json.dumps([SNAPSHOT_FORMAT, fingerprint, dict(sorted(manifest.items()))])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ChunkTable:
    """What ranking needs of a chunk list, as arrays: each chunk's unit and report.

    Attributes:
        unit_of: Per chunk, its unit's number (units numbered in the order of their first chunk).
        doc_of: Per chunk, its report's number (an index into ``doc_ids``).
        doc_ids: The reports, in the order of their first chunk.
    """

    unit_of: np.ndarray
    doc_of: np.ndarray
    doc_ids: tuple[str, ...]

    @classmethod
    def of(cls, chunks: Sequence[Chunk]) -> ChunkTable:
        """The table of ``chunks``, computed (one pass over them in Python)."""
        units: dict[tuple[str, str], int] = {}
        docs: dict[str, int] = {}
        unit_of = [units.setdefault(c.unit.key, len(units)) for c in chunks]
        doc_of = [docs.setdefault(c.unit.doc_id, len(docs)) for c in chunks]
        return cls(np.asarray(unit_of, dtype=np.int64), np.asarray(doc_of, dtype=np.int64), tuple(docs))


class Snapshot:
    """A complete index's vectors by slot, read from ``folder`` (arrays memory-mapped)."""

    def __init__(self, folder: Path, slots: Iterable[str]) -> None:
        self.folder = folder
        self.slots = frozenset(slots)
        self._matrices: dict[str, np.ndarray] = {}
        self._ids: dict[str, list[str]] = {}

    @classmethod
    def open(cls, folder: Path) -> Snapshot | None:
        """The snapshot in ``folder``, or None when there is none (or an unfinished one)."""
        try:
            done = json.loads((folder / _DONE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cls(folder, done["slots"])

    @property
    def keyword_folder(self) -> Path:
        """Where the keyword index of this index is saved (``KeywordIndex.cached``)."""
        return self.folder / "keyword"

    def matrix(self, slot: str) -> np.ndarray:
        """The slot's vectors, one row per item (memory-mapped)."""
        if slot not in self._matrices:
            self._matrices[slot] = np.load(self.folder / f"{slot}.npy", mmap_mode="r")
        return self._matrices[slot]

    def ids(self, slot: str) -> list[str]:
        """The slot's item ids, in the order of ``matrix``'s rows (read at the first call)."""
        if slot not in self._ids:
            self._ids[slot] = marshal.loads((self.folder / f"{slot}.ids").read_bytes())
        return self._ids[slot]

    def rows(self, slot: str) -> np.ndarray:
        """Per row of the slot, the position of its chunk in the chunk list the snapshot was
        written for (-1: none), ascending; meaningful when ``table`` accepted the chunks."""
        return np.load(self.folder / f"{slot}.rows.npy", mmap_mode="r")

    def table(self, chunks: Sequence[Chunk]) -> ChunkTable | None:
        """The chunk tables saved for ``chunks``, or None when the snapshot was written for
        another chunk list (then the caller computes them: ``ChunkTable.of``).

        The snapshot's key already fixes the reports, parser and chunk size, hence the chunks;
        this checks, without reading every chunk, that they come in the same order: their
        number, the report of each report's first chunk (the reports' order and sizes; a
        report's chunks are consecutive), and the ids of evenly spaced chunks.
        """
        try:
            saved = marshal.loads((self.folder / _CHUNKS).read_bytes())
            if saved["count"] != len(chunks):
                return None
            if [chunks[i].unit.doc_id for i in saved["doc_starts"]] != saved["doc_ids"]:
                return None
            if any(chunks[i].id != cid for i, cid in saved["probes"]):
                return None
            return ChunkTable(
                np.load(self.folder / "chunk-units.npy", mmap_mode="r"),
                np.load(self.folder / "chunk-docs.npy", mmap_mode="r"),
                tuple(saved["doc_ids"]),
            )
        except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
            return None


def _order(slot: str, ids: Sequence[str], position: Mapping[str, int]) -> np.ndarray:
    """Each item's chunk position (-1: not one of the chunks), sentences by their chunk's."""
    of = chunk_of_sentence if slot == "sentences" else str
    return np.asarray([position.get(of(i), -1) for i in ids], dtype=np.int64)


def write_snapshot(
    folder: Path, slots: Mapping[str, tuple[list[str], np.ndarray]], chunks: Sequence[Chunk]
) -> Snapshot:
    """Write ``{slot: (ids, vectors)}`` as the snapshot ``folder`` for the chunk list ``chunks``
    (atomically: a reader sees all of it or none; when another process wrote it first, theirs
    is kept). Rows are written in chunk order (items of no chunk first), sentences grouped by
    chunk in their index order."""
    tmp = folder.with_name(f".{folder.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.mkdir(parents=True)
    try:
        chunk_ids = [c.id for c in chunks]
        position = {cid: i for i, cid in enumerate(chunk_ids)}
        for slot, (ids, vectors) in slots.items():
            rows = _order(slot, ids, position)
            order = np.argsort(rows, kind="stable")  # Chroma's order within a chunk: the sentences'
            np.save(tmp / f"{slot}.npy", np.ascontiguousarray(np.asarray(vectors, dtype=np.float32)[order]))
            np.save(tmp / f"{slot}.rows.npy", rows[order])
            (tmp / f"{slot}.ids").write_bytes(marshal.dumps([ids[i] for i in order]))
        table = ChunkTable.of(chunks)
        np.save(tmp / "chunk-units.npy", table.unit_of)
        np.save(tmp / "chunk-docs.npy", table.doc_of)
        probes = sorted({int(i) for i in np.linspace(0, len(chunks) - 1, _PROBES).round()}) if chunks else []
        # a report's chunks are consecutive: where each starts fixes the reports' order and sizes
        saved = {
            "count": len(chunks),
            "doc_ids": list(table.doc_ids),
            "doc_starts": np.unique(table.doc_of, return_index=True)[1].tolist(),
            "probes": [(i, chunk_ids[i]) for i in probes],
        }
        (tmp / _CHUNKS).write_bytes(marshal.dumps(saved))
        (tmp / _DONE).write_text(json.dumps({"slots": sorted(slots)}), encoding="utf-8")
        try:
            os.replace(tmp, folder)
        except OSError:
            if Snapshot.open(folder) is None:
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    snapshot = Snapshot.open(folder)
    assert snapshot is not None
    return snapshot


def export(store: Any, folder: Path, slots: Iterable[str], chunks: Sequence[Chunk]) -> Snapshot:
    """Write the snapshot of a complete index from its Chroma collections, for ``chunks``.

    Raises:
        IndexNotReadyError: the index is not complete (from ``store``).
    """
    data: dict[str, tuple[list[str], np.ndarray]] = {}
    for slot in slots:
        if not store.has_slot(slot):
            continue
        got = store.collection(slot).get(include=["embeddings"])
        data[slot] = (list(got["ids"]), np.asarray(got["embeddings"], dtype=np.float32))
    snapshot = write_snapshot(folder, data, chunks)
    log.info("index snapshot written to %s", folder)
    return snapshot


def remove_others(root: Path, keep: str) -> None:
    """Delete the snapshots in ``root`` other than ``keep`` (a rebuilt index's old ones)."""
    with contextlib.suppress(OSError):
        for child in root.iterdir():
            if child.name.startswith(PREFIX) and child.name != keep and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)


class LazyClient:
    """A Chroma client opened at its first use: a process answering from a snapshot never
    imports ``chromadb`` nor opens the database."""

    def __init__(self, opener: Callable[[], Any]) -> None:
        self._opener = opener
        self._client: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._client is None:
            self._client = self._opener()
        return getattr(self._client, name)
