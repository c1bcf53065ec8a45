"""The Chroma index: one collection per encoder, built atomically, rebuilt when its sources change."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..config import prepare_runtime
from ..errors import IndexNotReadyError

log = logging.getLogger(__name__)

#: Collections of one index: chunk vectors of the dense model and of the gate
#: encoder, and sentence vectors of the dense model (to pick the answer sentence).
SLOTS = ("dense", "gate", "sentences")


def open_client(data_dir: Path, chroma_url: str | None = None) -> Any:
    """A Chroma client: HttpClient when a server URL is given, else a PersistentClient.

    Telemetry is off either way. A PersistentClient folder must not be written by
    several processes at once: for shared use run ``chroma run`` and set the URL.
    """
    prepare_runtime()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        from urllib.parse import urlparse

        url = urlparse(chroma_url)
        try:
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError here
            raise IndexNotReadyError(
                f"Cannot reach the Chroma server at {chroma_url}: {str(exc).rstrip('.?')}. Start it with "
                "`chroma run --path <dir>` or unset ASSISTANT_CHROMA_URL."
            ) from exc
    data_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(data_dir), settings=chroma_settings)


@dataclass(frozen=True)
class Record:
    """What one slot stores for one item: id, vector, text and flat metadata."""

    id: str
    vector: np.ndarray
    text: str
    metadata: dict[str, str | int | float | bool]


@dataclass(frozen=True)
class BuildReport:
    """What ``Store.ensure`` did."""

    built: bool
    fingerprint: str
    counts: dict[str, int]
    seconds: float
    removed: tuple[str, ...] = ()


class Store:
    """An index in Chroma, named by the fingerprint of what it was built from.

    Collections are named ``{prefix}-{fingerprint[:16]}-{slot}``; the dense one
    carries the manifest (what the index was built from) and a ``complete`` flag
    that is set only once every slot is written, so a half-built index is never
    used: it is removed and built again.
    """

    def __init__(self, client: Any, prefix: str, fingerprint: str, manifest: dict[str, str]) -> None:
        self._client = client
        self._prefix = prefix
        self.fingerprint = fingerprint
        self.manifest = dict(manifest)
        self._collections: dict[str, Any] = {}
        self._sizes: dict[str, int] = {}  # a complete index never changes

    def _name(self, slot: str) -> str:
        return f"{self._prefix}-{self.fingerprint[:16]}-{slot}"

    def is_complete(self) -> bool:
        """True when an index with this fingerprint is fully built."""
        try:
            dense = self._client.get_collection(self._name("dense"))
        except Exception:  # chromadb raises NotFoundError / ValueError by version
            return False
        return bool((dense.metadata or {}).get("complete"))

    def ensure(
        self, build: Callable[[], Mapping[str, Sequence[Record]]], rebuild: bool = False
    ) -> BuildReport:
        """Make sure the index exists; call ``build()`` for the records only when it does not.

        Args:
            build: Callable returning ``{slot: [Record, ...]}``; called only when needed.
            rebuild: Build again even if a complete index exists.
        """
        started = time.perf_counter()
        if not rebuild and self.is_complete():
            return BuildReport(False, self.fingerprint, self.counts(), time.perf_counter() - started)
        self._drop(self._names_with_fingerprint())
        records = build()
        try:
            for slot, items in records.items():
                self._write(slot, items)
            dense = self._client.get_collection(self._name("dense"))
            dense.modify(metadata={**self._metadata(), "complete": True})
        except BaseException:
            self._drop(self._names_with_fingerprint())  # never leave a half-written index
            raise
        stale = [n for n in self._all_names() if not n.startswith(self._name(""))]
        self._drop(stale)
        self._collections.clear()
        self._sizes.clear()
        return BuildReport(True, self.fingerprint, self.counts(), time.perf_counter() - started, tuple(stale))

    def _metadata(self) -> dict[str, Any]:
        return {**self.manifest, "fingerprint": self.fingerprint}

    def _write(self, slot: str, items: Sequence[Record]) -> None:
        collection = self._client.create_collection(
            self._name(slot),
            configuration={"hnsw": {"space": "cosine"}},
            metadata=self._metadata(),
            embedding_function=None,
        )
        batch = 256
        for start in range(0, len(items), batch):
            part = items[start : start + batch]
            collection.add(
                ids=[r.id for r in part],
                embeddings=np.stack([r.vector for r in part]).astype(np.float32),
                documents=[r.text for r in part],
                metadatas=[r.metadata for r in part],
            )

    def _all_names(self) -> list[str]:
        names = [getattr(c, "name", c) for c in self._client.list_collections()]
        return [n for n in names if n.startswith(self._prefix + "-")]

    def _names_with_fingerprint(self) -> list[str]:
        return [n for n in self._all_names() if n.startswith(self._name(""))]

    def _drop(self, names: Sequence[str]) -> None:
        for name in names:
            try:
                self._client.delete_collection(name)
            except Exception:  # already gone
                log.debug("collection %s already removed", name)

    def collection(self, slot: str) -> Any:
        """The Chroma collection of a slot of the complete index."""
        if slot not in self._collections:
            if not self.is_complete():
                raise IndexNotReadyError("No complete index found: run `assistant index`.")
            self._collections[slot] = self._client.get_collection(self._name(slot), embedding_function=None)
        return self._collections[slot]

    def counts(self) -> dict[str, int]:
        """Items per slot."""
        return {slot: self.collection(slot).count() for slot in SLOTS if self._has(slot)}

    def _has(self, slot: str) -> bool:
        return self._name(slot) in self._all_names()

    def query(self, slot: str, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """The ``n`` nearest items of a slot as ``(id, cosine similarity)``, best first."""
        collection = self.collection(slot)
        if slot not in self._sizes:
            self._sizes[slot] = collection.count()
        n = min(n, self._sizes[slot])
        if n <= 0:
            return []
        result = collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = result["distances"][0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def has_slot(self, slot: str) -> bool:
        """True when the complete index has this slot (the gate slot is optional)."""
        return self.is_complete() and self._has(slot)
