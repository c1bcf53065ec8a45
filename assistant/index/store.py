"""The Chroma index: one collection per encoder, built atomically, rebuilt when its sources change."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..config import prepare_runtime
from ..errors import IndexNotReadyError
from .folder import build_lock, sweep_orphans

log = logging.getLogger(__name__)

#: Collections of one index: chunk vectors of the dense model and of the gate
#: encoder, and sentence vectors of the dense model (to pick the answer sentence).
SLOTS = ("dense", "gate", "sentences")
_BUILD_ID = re.compile(r"^[0-9a-f]{8}$")


def open_client(data_dir: Path, chroma_url: str | None = None) -> Any:
    """A Chroma client: HttpClient when a server URL is given, else a PersistentClient.

    Telemetry is off either way. A local folder is opened under the build lock, since
    Chroma's first open creates the database; pass it through ``prepare_folder`` first.

    Raises:
        IndexNotReadyError: the server is unreachable, or the folder cannot be opened.
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
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with build_lock(data_dir):  # two first processes must not create the database together
            client = chromadb.PersistentClient(path=str(data_dir), settings=chroma_settings)
            client.list_collections()
    except Exception as exc:  # Rust bindings raise InternalError, RuntimeError or OSError by cause
        raise IndexNotReadyError(
            f"Cannot open the index in {data_dir} ({str(exc).rstrip('.')}): delete that folder and run "
            "`assistant index`, or set ASSISTANT_DATA_DIR to another folder."
        ) from None
    return client


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
    added_docs: tuple[str, ...] = ()
    dropped_docs: tuple[str, ...] = ()

    @property
    def updated(self) -> bool:
        """True when reports were added to or taken out of an existing index (nothing else re-embedded)."""
        return bool(self.added_docs or self.dropped_docs)


def documents_of(manifest: Mapping[str, Any]) -> dict[str, str]:
    """The reports an index holds, ``{doc_id: content hash}``, from its manifest's ``reports``."""
    try:
        docs = json.loads(str(manifest.get("reports") or "{}"))
    except ValueError:  # an older manifest: its index is rebuilt
        return {}
    return {str(k): str(v) for k, v in docs.items()} if isinstance(docs, dict) else {}


class Store:
    """An index in Chroma, named by the fingerprint of how it was built (models, parser, format).

    Each build writes its own collections, ``{prefix}-{fingerprint[:16]}-{build}-{slot}``,
    under an inter-process lock (when the folder is local), checks them (counts and a
    probe query) and only then marks them current (a ``complete`` flag on the dense
    one). A failed build removes only what it wrote, so the previous index stays in
    use; a successful one removes every other collection and orphaned folders.

    The reports an index holds are listed, with their content hashes, in the dense
    collection's ``reports`` metadata (``manifest["reports"]`` says which are wanted). A
    report added, changed or removed updates the complete index in place: only its records
    are written or deleted, under the lock, and the list changes only once they are checked.
    """

    def __init__(
        self,
        client: Any,
        prefix: str,
        fingerprint: str,
        manifest: dict[str, str],
        folder: Path | None = None,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self.fingerprint = fingerprint
        self.manifest = dict(manifest)
        self.documents = documents_of(manifest)
        self.folder = folder
        self._build: str | None = None
        self._collections: dict[str, Any] = {}
        self._sizes: dict[str, int] = {}  # a complete index never changes

    def _name(self, slot: str, build: str | None = None) -> str:
        return f"{self._prefix}-{self.fingerprint[:16]}-{build or self._build}-{slot}"

    def _fingerprint_prefix(self) -> str:
        return f"{self._prefix}-{self.fingerprint[:16]}-"

    def is_complete(self) -> bool:
        """True when an index with this fingerprint is fully built and holds the wanted reports."""
        current = self._current()
        self._build = current[0] if current is not None and current[1] == self.documents else None
        return self._build is not None

    def held_documents(self) -> dict[str, str]:
        """The reports the current complete index holds, ``{doc_id: content hash}`` ({} if none)."""
        current = self._current()
        return dict(current[1]) if current else {}

    def _current_build(self) -> str | None:
        """The newest complete build of this fingerprint, or None."""
        current = self._current()
        return current[0] if current else None

    def _current(self) -> tuple[str, dict[str, str]] | None:
        """The newest complete build of this fingerprint and the reports it holds, or None."""
        best: tuple[float, str, dict[str, str]] | None = None
        for name in self._all_names():
            if not (name.startswith(self._fingerprint_prefix()) and name.endswith("-dense")):
                continue
            try:
                metadata = self._client.get_collection(name).metadata or {}
            except Exception:  # removed meanwhile by another process's build
                continue
            build = name[len(self._fingerprint_prefix()) : -len("-dense")]
            if metadata.get("complete") and _BUILD_ID.match(build):  # older names had no build id
                stamp = float(metadata.get("built_at", 0.0))
                if best is None or stamp > best[0]:
                    best = (stamp, build, documents_of(metadata))
        return (best[1], best[2]) if best else None

    def ensure(
        self,
        build: Callable[[], Mapping[str, Sequence[Record]]],
        rebuild: bool = False,
        build_docs: Callable[[Collection[str]], Mapping[str, Sequence[Record]]] | None = None,
    ) -> BuildReport:
        """Make sure the index exists; call ``build()`` for the records only when it does not.

        A second process calling this while a build runs waits for it, then uses its index.

        Args:
            build: Callable returning ``{slot: [Record, ...]}``; called only when needed.
            rebuild: Build again even if a complete index exists.
            build_docs: Callable returning the records of some reports only: when given and a
                complete index differs from the wanted reports, only the new or changed reports
                are embedded and written, and the removed ones deleted (``updated``).

        Raises:
            IndexNotReadyError: the new index failed its check (the previous one is kept).
        """
        started = time.perf_counter()
        if not rebuild and self.is_complete():
            removed = self._tidy()
            return BuildReport(False, self.fingerprint, self.counts(), time.perf_counter() - started, removed)
        with self._locked():
            if not rebuild and self.is_complete():  # built by another process while we waited
                return BuildReport(False, self.fingerprint, self.counts(), time.perf_counter() - started)
            current = None if rebuild or build_docs is None else self._current()
            if current is not None and set(current[1]) - self._changed(current[1]):
                return self._update(current[0], current[1], build_docs, started)  # type: ignore[arg-type]
            records = build()
            new = uuid.uuid4().hex[:8]
            written: list[str] = []
            try:
                for slot, items in records.items():
                    written.append(self._name(slot, new))
                    self._write(self._name(slot, new), items)
                self._check(new, records)
                self._mark_complete(new, self.documents)
            except BaseException:
                self._drop(written)  # only what this build wrote: the previous index stays
                self._sweep()
                raise
            self._build = new
            self._collections.clear()
            self._sizes.clear()
            stale = [n for n in self._all_names() if not n.startswith(self._name(""))]
            self._drop(stale)
            self._sweep()
        return BuildReport(True, self.fingerprint, self.counts(), time.perf_counter() - started, tuple(stale))

    def _changed(self, held: Mapping[str, str]) -> set[str]:
        """Reports of the index that are no longer wanted as they are (removed or changed)."""
        return {doc for doc, digest in held.items() if self.documents.get(doc) != digest}

    def _mark_complete(self, build: str, documents: Mapping[str, str]) -> None:
        dense = self._client.get_collection(self._name("dense", build))
        dense.modify(
            metadata={
                **self._metadata(),
                "reports": json.dumps(dict(sorted(documents.items()))),
                "complete": True,
                "built_at": time.time(),
            }
        )

    def _update(
        self,
        build: str,
        held: Mapping[str, str],
        build_docs: Callable[[Collection[str]], Mapping[str, Sequence[Record]]],
        started: float,
    ) -> BuildReport:
        """Bring a complete index to the wanted reports: delete the records of the reports removed
        or changed, then embed, write and check those of the new ones (under the lock)."""
        self._build = build
        self._collections.clear()
        self._sizes.clear()
        dropped = self._changed(held)
        kept = {doc: digest for doc, digest in held.items() if doc not in dropped}
        added = sorted(doc for doc in self.documents if doc not in kept)
        slots = [slot for slot in SLOTS if self._has(slot)]
        # The index stops vouching for the dropped reports first, then their records (and any left
        # by an interrupted update) go: a reader never takes a half-written report for a whole one.
        self._mark_complete(build, kept)
        for slot in slots:
            self.collection(slot).delete(where={"doc_id": {"$nin": sorted(kept)}})
        if added:
            records = build_docs(added)
            try:
                before = {slot: self.collection(slot).count() for slot in slots}
                for slot in slots:
                    self._add(self.collection(slot), records.get(slot, ()))
                for slot in slots:
                    count, want = self.collection(slot).count(), before[slot] + len(records.get(slot, ()))
                    if count != want:
                        raise IndexNotReadyError(
                            f"The index holds {count} {slot} vectors instead of {want} after adding "
                            f"{', '.join(added)}: run `assistant index --rebuild`."
                        )
                self._probe(build, records)
            except BaseException:
                for slot in slots:
                    self.collection(slot).delete(where={"doc_id": {"$in": added}})
                raise
            self._mark_complete(build, {**kept, **{doc: self.documents[doc] for doc in added}})
        return BuildReport(
            True,
            self.fingerprint,
            self.counts(),
            time.perf_counter() - started,
            added_docs=tuple(added),
            dropped_docs=tuple(sorted(dropped)),
        )

    def _tidy(self) -> tuple[str, ...]:
        """Remove what older or killed builds left, unless another process is building now."""
        try:
            lock = build_lock(self.folder, timeout=0) if self.folder else contextlib.nullcontext()
            with lock:
                current = self._current_build()
                if current is None:
                    return ()
                stale = tuple(n for n in self._all_names() if not n.startswith(self._name("", current)))
                self._drop(stale)
                self._sweep()
                return stale
        except IndexNotReadyError:  # a build is running: it cleans up when it ends
            return ()

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        return build_lock(self.folder) if self.folder is not None else contextlib.nullcontext()

    def _sweep(self) -> None:
        if self.folder is not None:
            sweep_orphans(self.folder)

    def _check(self, build: str, records: Mapping[str, Sequence[Record]]) -> None:
        """Counts match and a probe query finds its own vector, or IndexNotReadyError."""
        for slot, items in records.items():
            count = self._client.get_collection(self._name(slot, build)).count()
            if count != len(items):
                raise IndexNotReadyError(
                    f"The new index holds {count} {slot} vectors instead of {len(items)}: "
                    "the previous index was kept; run `assistant index --rebuild`."
                )
        self._probe(build, records)

    def _probe(self, build: str, records: Mapping[str, Sequence[Record]]) -> None:
        """A query with a new dense vector finds that vector, or IndexNotReadyError."""
        probe = records["dense"][0]
        found = self._client.get_collection(self._name("dense", build)).query(
            query_embeddings=[np.asarray(probe.vector, dtype=np.float32)], n_results=1, include=[]
        )["ids"][0]
        if found != [probe.id]:
            raise IndexNotReadyError(
                f"The new index does not find its own vectors (probe {probe.id} found {found}): "
                "the previous index was kept; run `assistant index --rebuild`."
            )

    def _metadata(self) -> dict[str, Any]:
        return {**self.manifest, "fingerprint": self.fingerprint}

    def _write(self, name: str, items: Sequence[Record]) -> None:
        collection = self._client.create_collection(
            name,
            configuration={"hnsw": {"space": "cosine"}},
            metadata=self._metadata(),
            embedding_function=None,
        )
        self._add(collection, items)

    @staticmethod
    def _add(collection: Any, items: Sequence[Record]) -> None:
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

    def _drop(self, names: Sequence[str]) -> None:
        for name in names:
            try:
                self._client.delete_collection(name)
            except Exception:  # already gone
                log.debug("collection %s already removed", name)

    def collection(self, slot: str) -> Any:
        """The Chroma collection of a slot of the complete index."""
        if slot not in self._collections:
            if self._build is None and not self.is_complete():
                raise IndexNotReadyError("No complete index found: run `assistant index`.")
            self._collections[slot] = self._client.get_collection(self._name(slot), embedding_function=None)
        return self._collections[slot]

    def counts(self) -> dict[str, int]:
        """Items per slot."""
        return {slot: self.collection(slot).count() for slot in SLOTS if self._has(slot)}

    def _has(self, slot: str) -> bool:
        return self._name(slot) in self._all_names()

    def query(
        self, slot: str, vector: np.ndarray, n: int, docs: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """The ``n`` nearest items of a slot as ``(id, cosine similarity)``, best first
        (among the items of the reports ``docs`` only, when given)."""
        try:
            return self._query(slot, vector, n, docs)
        except Exception:
            if self._build is None or self._current_build() == self._build:
                raise
            # another process rebuilt the index (and removed this one) meanwhile: use the new one
            self._build = None
            self._collections.clear()
            self._sizes.clear()
            return self._query(slot, vector, n, docs)

    def _query(
        self, slot: str, vector: np.ndarray, n: int, docs: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
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
            **({"where": {"doc_id": {"$in": list(docs)}}} if docs else {}),
        )
        ids = result["ids"][0]
        distances = result["distances"][0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def has_slot(self, slot: str) -> bool:
        """True when the complete index has this slot (the gate slot is optional)."""
        return self.is_complete() and self._has(slot)
