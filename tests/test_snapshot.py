"""Answers read a snapshot of the index: the same signals and rankings as querying Chroma,
without importing chromadb."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.answer.retrieval import Retriever
from assistant.config import project_root
from assistant.index.keyword import KeywordIndex
from assistant.index.snapshot import PREFIX, ChunkTable, Snapshot, write_snapshot
from assistant.ingest.chunking import Chunk
from assistant.ingest.report import Unit


def _questions(n: int) -> list[str]:
    lines = (project_root() / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()][:n]


def test_snapshot_signals_and_rankings_equal_chromas(assistant: Assistant) -> None:
    fast = assistant.retriever
    assert fast.snapshot is not None and fast.snapshot.slots == {"dense", "gate", "sentences"}
    slow = Retriever(assistant.chunks, assistant.store, assistant.embedder, assistant.gate, fast.weights)
    assert slow.snapshot is None
    for question in _questions(30):
        ours, _, coverage, _ = fast.signals(question)
        theirs, sentences, their_coverage, _ = slow.signals(question)
        assert coverage == their_coverage
        for name in theirs:
            np.testing.assert_allclose(ours[name], theirs[name], atol=1e-5)
        fast_ranking, slow_ranking = fast.rank(question), slow.rank(question)
        assert [h.unit_ref for h in fast_ranking.hits[:10]] == [h.unit_ref for h in slow_ranking.hits[:10]]
        assert set(fast_ranking.sentence_scores) == set(sentences)
        for sid, sim in sentences.items():
            assert abs(fast_ranking.sentence_scores[sid] - sim) < 1e-5


def test_snapshot_is_written_beside_the_index_with_the_keyword_index(assistant: Assistant) -> None:
    folders = list(assistant.settings.data_dir.glob(f"{PREFIX}*"))
    assert len(folders) == 1
    snapshot = Snapshot.open(folders[0])
    assert snapshot is not None and (snapshot.keyword_folder / "weights.npy").is_file()
    docs = [c.embed_text for c in assistant.chunks]
    saved = KeywordIndex.load(snapshot.keyword_folder, len(docs))
    assert saved is not None and KeywordIndex.load(snapshot.keyword_folder, len(docs) + 1) is None
    fresh = KeywordIndex(docs)
    for question in _questions(20):
        assert np.array_equal(saved.search(question)[0], fresh.search(question)[0])


def test_a_new_process_answers_without_importing_chromadb(assistant: Assistant, settings: Settings) -> None:
    code = (
        "import sys; from assistant import Settings, create_assistant\n"
        "a = create_assistant(Settings.from_env())\n"
        "print(a.ask('Qu’est-ce que l’opération Turquesa ?').cited)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'chromadb', 'torch', 'tokenizers'}))"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(project_root()),
        "ASSISTANT_DATA_DIR": str(settings.data_dir),
        "ASSISTANT_CACHE_DIR": str(settings.cache_dir),
    }
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split("\n")[:2] == ["16", "[]"], out.stderr


def test_a_damaged_index_loses_its_snapshot_too(tmp_path: Path) -> None:
    from assistant.index.folder import remove_index

    (tmp_path / f"{PREFIX}0123456789abcdef").mkdir()
    (tmp_path / "chroma.sqlite3").write_text("", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    remove_index(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]


def test_best_chunks_and_top_equal_a_full_stable_sort() -> None:
    from assistant.answer.retrieval import _top, best_chunks

    rng = np.random.default_rng(7)
    for trial in range(200):
        n = int(rng.integers(1, 400))
        scores = rng.integers(-5, 6, n).astype(np.float64) / 4  # many ties
        runs = np.sort(rng.integers(0, max(1, n // 3), n))  # several chunks per unit, in runs
        unit_of = runs if trial % 2 else rng.permutation(runs)  # or a unit's chunks apart
        order = np.argsort(-scores, kind="stable")
        units, first = np.unique(unit_of[order], return_index=True)
        expected = order[np.sort(first)]  # each unit's best chunk, best unit first
        ids, best = best_chunks(scores, unit_of)
        assert np.array_equal(ids, units)
        for k in (1, 3, 50, n, n + 5):
            assert np.array_equal(best[_top(scores[best], k, best)], expected[:k])
            assert np.array_equal(_top(scores, k), order[:k])


def _copies(chunks: list[Chunk], n: int) -> list[Chunk]:
    return [
        dataclasses.replace(c, unit=dataclasses.replace(c.unit, doc_id=f"copy-{k:03d}"))
        for k in range(n)
        for c in chunks
    ]


def test_opening_a_snapshot_reads_only_a_few_chunks(
    assistant: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunks = _copies(list(assistant.chunks), 40)  # 2,120 chunks in 40 reports
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(chunks), 8)).astype(np.float32)
    ids = [c.id for c in chunks]
    shuffled = rng.permutation(len(chunks))  # Chroma's order need not be the chunks'
    snapshot = write_snapshot(
        tmp_path / "snapshot-test", {"dense": ([ids[i] for i in shuffled], vectors[shuffled])}, chunks
    )
    assert np.array_equal(snapshot.matrix("dense"), vectors)  # written in chunk order
    KeywordIndex([c.embed_text for c in chunks]).save(snapshot.keyword_folder)

    reads: Counter[str] = Counter()
    for cls, name in [(Chunk, "id"), (Chunk, "embed_text"), (Unit, "key")]:
        getter = getattr(cls, name).fget
        monkeypatch.setattr(
            cls, name, property(lambda self, g=getter, n=name: (reads.update([n]), g(self))[1])
        )
    retriever = Retriever(chunks, assistant.store, assistant.embedder, None, snapshot=snapshot)
    assert retriever._aligned and reads["id"] <= 64 and not reads["embed_text"] and not reads["key"]
    monkeypatch.undo()
    table = ChunkTable.of(chunks)
    assert np.array_equal(retriever._unit_of, table.unit_of) and retriever.doc_ids == list(table.doc_ids)
    assert retriever._snapshot_positions("dense") is None  # row i is chunk i: no scatter

    # another chunk list (reports swapped, one chunk fewer, reversed) is not read as this one
    size = len(assistant.chunks)
    swapped = chunks[size : 2 * size] + chunks[:size] + chunks[2 * size :]
    for other in (swapped, chunks[:-1], chunks[::-1]):
        assert snapshot.table(other) is None
    moved = Retriever(chunks[::-1], assistant.store, assistant.embedder, None, snapshot=snapshot)
    assert not moved._aligned
    np.testing.assert_allclose(
        moved._snapshot_similarities("dense", vectors[0])[::-1], vectors @ vectors[0], rtol=1e-6
    )


def test_a_snapshot_for_chunks_in_another_order_ranks_the_same(assistant: Assistant) -> None:
    fast = assistant.retriever
    assert fast._aligned
    chunks = list(assistant.chunks)
    reordered = Retriever(
        chunks[::-1],
        assistant.store,
        assistant.embedder,
        assistant.gate,
        fast.weights,
        snapshot=fast.snapshot,
    )
    assert not reordered._aligned
    for question in _questions(10):
        ours, theirs = fast.signals(question)[0], reordered.signals(question)[0]
        for name in ours:
            np.testing.assert_array_equal(ours[name], theirs[name][::-1])
        assert [h.key for h in fast.rank(question).hits[:10]] == [
            h.key for h in reordered.rank(question).hits[:10]
        ]
