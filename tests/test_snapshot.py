"""Answers read a snapshot of the index: the same signals and rankings as querying Chroma,
without importing chromadb."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from assistant import Assistant, Settings
from assistant.answer.retrieval import Retriever
from assistant.config import project_root
from assistant.index.keyword import KeywordIndex
from assistant.index.snapshot import PREFIX, Snapshot


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
