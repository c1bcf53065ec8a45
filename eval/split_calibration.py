"""Split the fresh calibration questions into a tuning half and a held-out half, once.

Usage: python eval/split_calibration.py unanswerable UNANSWERABLE.jsonl
       python eval/split_calibration.py answerable ANSWERABLE.jsonl

Fixed seed, stratified by language (and, for the questions the report does not address,
by kind: far, near, framed). Of the answerable questions in languages other than French
and English, 12 Spanish and 6 each in Arabic, Russian and Chinese are appended to
eval/gold.jsonl (new ids, the rest of the gold file unchanged); the others go to the
tuning half. Appends to eval/calibration_tune.jsonl and eval/calibration_heldout.jsonl.
Run once per file, when it arrives: the split is committed, and never redrawn.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261129
TO_GOLD = {"es": 12, "ar": 6, "ru": 6, "zh": 6}
EVAL = Path(__file__).resolve().parent


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _strata(rows: list[dict], key: tuple[str, ...]) -> dict[tuple[str, ...], list[dict]]:
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for row in rows:
        groups[tuple(str(row.get(k, "")) for k in key)].append(row)
    return dict(sorted(groups.items()))


def split_unanswerable(rows: list[dict], rng: random.Random) -> tuple[list[dict], list[dict]]:
    """Halves stratified by language and kind (far, near, framed)."""
    tune: list[dict] = []
    held_out: list[dict] = []
    for _, group in _strata(rows, ("lang", "kind")).items():
        group = sorted(group, key=lambda r: str(r["id"]))
        rng.shuffle(group)
        half = len(group) // 2
        tune += [{**r, "expected": []} for r in group[:half]]
        held_out += [{**r, "expected": []} for r in group[half:]]
    return tune, held_out


def split_answerable(rows: list[dict], rng: random.Random) -> tuple[list[dict], list[dict], list[dict]]:
    """Halves stratified by language; some of the other languages' questions go to gold."""
    tune: list[dict] = []
    held_out: list[dict] = []
    gold: list[dict] = []
    for (lang,), group in _strata(rows, ("lang",)).items():
        group = sorted(group, key=lambda r: str(r["id"]))
        rng.shuffle(group)
        group = [{**r, "kind": "answerable"} for r in group]
        if lang in TO_GOLD:
            gold += group[: TO_GOLD[lang]]
            tune += group[TO_GOLD[lang] :]
        else:
            half = len(group) // 2
            tune += group[:half]
            held_out += group[half:]
    return tune, held_out, gold


def _append(path: Path, rows: list[dict]) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(old + "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main() -> None:
    kind, source = sys.argv[1], Path(sys.argv[2])
    rows = _read(source)
    if kind == "unanswerable":
        tune, held_out = split_unanswerable(rows, random.Random(SEED))
        gold_extra: list[dict] = []
    else:
        tune, held_out, gold_extra = split_answerable(rows, random.Random(SEED + 1))
    _append(EVAL / "calibration_tune.jsonl", tune)
    _append(EVAL / "calibration_heldout.jsonl", held_out)
    gold_path = EVAL / "gold.jsonl"
    gold = gold_path.read_text(encoding="utf-8")
    last = max(int(json.loads(line)["id"][1:]) for line in gold.splitlines() if line.strip())
    added = [
        {
            "id": f"q{last + i:03d}",
            "lang": r["lang"],
            "question": r["question"],
            "expected": r["expected"],
            "answer_contains": r.get("answer_contains", []),
            "source": f"fresh:{r['id']}",
        }
        for i, r in enumerate(gold_extra, 1)
    ]
    _append(gold_path, added)
    print(f"{kind}: tune {len(tune)}, held-out {len(held_out)}, appended to gold {len(added)}")


if __name__ == "__main__":
    main()
