"""Which check declines each question of the tuning files, with its numbers.

Usage: python eval/decline_checks.py OUT.jsonl [GOLD.jsonl ...]
(default: eval/dev.jsonl and eval/calibration_tune*.jsonl, the tuning data; never the
held-out sets or the gold set). Prints, per file, the declined answerable questions by
check and the declined unanswerable ones per kind; writes one JSON object per question
(its checks, topic, focus, subject, support and threshold, each term's match in the three
best units, the best unit and whether it is right).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from assistant import create_assistant
from assistant.answer.topic import script_language
from assistant.evaluation.harness import load_gold

EVAL = Path(__file__).resolve().parent
TUNING = ("dev.jsonl",) + tuple(sorted(p.name for p in EVAL.glob("calibration_tune*.jsonl")))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-"):  # "--help" is no output file
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out = Path(argv[0])
    paths = [Path(p) for p in argv[1:]] or [EVAL / name for name in TUNING]
    assistant = create_assistant()
    policy, topic = assistant.policy, assistant.retriever.topic
    rows = []
    for path in paths:
        for gold in load_gold(path):
            ranking = assistant.rank(gold.question)
            s = ranking.signals
            judgement = assistant.judge(gold.question, ranking)
            reasons, quote = judgement.declined_by, judgement.quote
            counted, asked = judgement.counted, judgement.asked
            refs = [h.chunk.unit.citation(qualified=True) for h in ranking.hits[:3]]
            matched = topic.matches(ranking.terms, refs, ranking.term_vectors) if ranking.terms else {}
            other = script_language(gold.question) != "fr"
            rows.append(
                {
                    "set": path.stem,
                    "id": gold.id,
                    "lang": gold.lang,
                    "kind": gold.kind or ("answerable" if gold.expected else "unanswerable"),
                    "question": gold.question,
                    "top": ranking.hits[0].unit_ref,
                    "right": ranking.hits[0].unit_ref in gold.expected,
                    "reasons": list(reasons),
                    "topic": round(s.topic, 3),
                    "focus": round(s.focus, 3),
                    "subject": round(s.subject, 3),
                    "support": round(policy.support(s), 3),
                    "threshold": policy.support_threshold_other_script if other else policy.support_threshold,
                    "unknown": list(s.unknown),
                    "counted": round(counted, 3),
                    "asked": round(asked, 3),
                    "terms": {
                        t.text: [round(t.weight, 2), round(matched.get(t.text, 0.0), 2)]
                        for t in ranking.terms
                    },
                    "quote": quote[:200],
                }
            )
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    for name in dict.fromkeys(r["set"] for r in rows):
        these = [r for r in rows if r["set"] == name]
        kinds = Counter(r["kind"] for r in these)
        declined = Counter(r["kind"] for r in these if r["reasons"])
        fired = Counter(r["reasons"][0] for r in these if r["reasons"] and r["kind"] == "answerable")
        langs = Counter(r["lang"] for r in these if r["reasons"] and r["kind"] == "answerable")
        print(name, " ".join(f"{k} {declined[k]}/{n}" for k, n in sorted(kinds.items())))
        print("  answerable declined by:", dict(fired), "by language:", dict(langs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
