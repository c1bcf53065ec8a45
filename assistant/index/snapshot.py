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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

#: Bump when what a snapshot holds changes.
SNAPSHOT_FORMAT = "1"
PREFIX = "snapshot-"
_DONE = "complete.json"


def snapshot_key(fingerprint: str, manifest: Mapping[str, str]) -> str:
    """Names the snapshot of an index: its fingerprint, manifest and this format."""
    text = json.dumps([SNAPSHOT_FORMAT, fingerprint, dict(sorted(manifest.items()))])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SlotVectors:
    """One slot's vectors: row ``i`` of ``matrix`` is the item ``ids[i]``."""

    ids: list[str]
    matrix: np.ndarray


class Snapshot:
    """A complete index's vectors by slot, read from ``folder`` (arrays memory-mapped)."""

    def __init__(self, folder: Path, slots: Iterable[str]) -> None:
        self.folder = folder
        self.slots = frozenset(slots)
        self._loaded: dict[str, SlotVectors] = {}

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

    def vectors(self, slot: str) -> SlotVectors:
        """The slot's ids and vectors (read once, the vectors memory-mapped)."""
        if slot not in self._loaded:
            ids = marshal.loads((self.folder / f"{slot}.ids").read_bytes())
            self._loaded[slot] = SlotVectors(ids, np.load(self.folder / f"{slot}.npy", mmap_mode="r"))
        return self._loaded[slot]


def write_snapshot(folder: Path, slots: Mapping[str, tuple[list[str], np.ndarray]]) -> Snapshot:
    """Write ``{slot: (ids, vectors)}`` as the snapshot ``folder`` (atomically: a reader sees
    all of it or none; when another process wrote it first, theirs is kept)."""
    tmp = folder.with_name(f".{folder.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.mkdir(parents=True)
    try:
        for slot, (ids, vectors) in slots.items():
            np.save(tmp / f"{slot}.npy", np.ascontiguousarray(vectors, dtype=np.float32))
            (tmp / f"{slot}.ids").write_bytes(marshal.dumps(list(ids)))
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


def export(store: Any, folder: Path, slots: Iterable[str]) -> Snapshot:
    """Write the snapshot of a complete index from its Chroma collections.

    Raises:
        IndexNotReadyError: the index is not complete (from ``store``).
    """
    data: dict[str, tuple[list[str], np.ndarray]] = {}
    for slot in slots:
        if not store.has_slot(slot):
            continue
        got = store.collection(slot).get(include=["embeddings"])
        data[slot] = (list(got["ids"]), np.asarray(got["embeddings"], dtype=np.float32))
    snapshot = write_snapshot(folder, data)
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
