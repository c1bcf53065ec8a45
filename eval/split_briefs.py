"""Split the topic gold into a tuning half and a gated half: fixed seed, stratified by language and by
on/off-report topics. Usage: python eval/split_briefs.py SOURCE.jsonl (writes eval/briefs_dev.jsonl, eval/briefs.jsonl)."""

import json
import random
import sys
from pathlib import Path

rows = [json.loads(line) for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines() if line.strip()]
rng = random.Random(20211014)
dev: list[dict] = []
gold: list[dict] = []
for lang in ("fr", "en"):
    group = [r for r in rows if r["lang"] == lang]
    for part in ([r for r in group if r["must"]], [r for r in group if not r["must"]]):
        part = sorted(part, key=lambda r: r["id"])
        rng.shuffle(part)
        dev += part[: len(part) // 2]
        gold += part[len(part) // 2 :]
out = Path(__file__).parent
for name, chosen in (("briefs_dev", dev), ("briefs", gold)):
    lines = [json.dumps(r, ensure_ascii=False) for r in sorted(chosen, key=lambda r: r["id"])]
    (out / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
