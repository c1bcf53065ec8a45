"""Split the fresh calibration questions into a tuning half and a held-out half, once.

Usage: python eval/split_calibration.py UNANSWERABLE.jsonl ANSWERABLE.jsonl

Fixed seed, stratified by language (and, for the questions the report does not address,
by kind: far, near, framed). Of the answerable questions in languages other than French
and English, 12 Spanish and 6 each in Arabic, Russian and Chinese are appended to
eval/gold.jsonl (new ids, the rest of the gold file unchanged); the others go to the
tuning half. Writes eval/calibration_tune.jsonl and eval/calibration_heldout.jsonl.
Run once, when the files arrive: the split is committed, and never redrawn.
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


def main() -> None:
    unanswerable, answerable = (_read(Path(p)) for p in sys.argv[1:3])
    rng = random.Random(SEED)
    tune: list[dict] = []
    held_out: list[dict] = []
    gold_extra: list[dict] = []
    for (lang, kind), rows in _strata(unanswerable, ("lang", "kind")).items():
        rows = sorted(rows, key=lambda r: str(r["id"]))
        rng.shuffle(rows)
        half = len(rows) // 2
        tune += [{**r, "expected": []} for r in rows[:half]]
        held_out += [{**r, "expected": []} for r in rows[half:]]
    for (lang,), rows in _strata(answerable, ("lang",)).items():
        rows = sorted(rows, key=lambda r: str(r["id"]))
        rng.shuffle(rows)
        rows = [{**r, "kind": "answerable"} for r in rows]
        if lang in TO_GOLD:
            gold_extra += rows[: TO_GOLD[lang]]
            tune += rows[TO_GOLD[lang] :]
        else:
            half = len(rows) // 2
            tune += rows[:half]
            held_out += rows[half:]
    _write(EVAL / "calibration_tune.jsonl", tune)
    _write(EVAL / "calibration_heldout.jsonl", held_out)
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
    gold_path.write_text(
        gold + "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in added), encoding="utf-8"
    )
    print(f"tune {len(tune)}, held-out {len(held_out)}, appended to gold {len(added)}")


if __name__ == "__main__":
    main()
