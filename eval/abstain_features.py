"""Dump the answerability evidence of tuning questions, one JSON object per line.

Usage: python eval/abstain_features.py OUT.jsonl [GOLD.jsonl ...]
(default: eval/dev.jsonl, eval/calibration_tune.jsonl and eval/calibration_tune3.jsonl, the
tuning data; never the held-out sets or the gold set).

Each line holds the question's id, kind, language, whether it is answerable, the current
policy's decision and the candidate features of ``AbstainPolicy`` (see
``answer/abstention.py``): what the decline model was fitted on (eval/fit_abstain.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant import create_assistant
from assistant.answer.abstention import AbstainPolicy, evidence
from assistant.evaluation.harness import load_gold

EVAL = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    paths = [Path(p) for p in argv[1:]] or [
        EVAL / name for name in ("dev.jsonl", "calibration_tune.jsonl", "calibration_tune3.jsonl")
    ]
    assistant = create_assistant()
    # every check but the topic share: what the topic thresholds add to
    others = AbstainPolicy(topic_threshold=-1.0, topic_override=-1.0)
    rows = []
    for path in paths:
        for gold in load_gold(path):
            ranking = assistant.rank(gold.question)
            judgement = assistant.judge(gold.question, ranking)
            quote = judgement.quote
            features = evidence(gold.question, ranking, quote, assistant.retriever.topic)
            rows.append(
                {
                    "id": gold.id,
                    "set": path.stem,
                    "lang": gold.lang,
                    "kind": gold.kind or ("answerable" if gold.expected else "unanswerable"),
                    "answerable": bool(gold.expected),
                    "question": gold.question,
                    "top": ranking.hits[0].unit_ref,
                    "right": ranking.hits[0].unit_ref in gold.expected,
                    "abstained": bool(judgement.declined_by),
                    "other_checks": bool(assistant.judge(gold.question, ranking, others).declined_by),
                    **features,
                }
            )
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} questions -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
