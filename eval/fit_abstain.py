"""Would a learned model decline better than the policy's thresholds? Cross-validated answer.

Usage: python eval/abstain_features.py FEATURES.jsonl && python eval/fit_abstain.py FEATURES.jsonl

Fits a logistic model (numpy, L2-regularised, features standardised) over the candidate
features of ``abstention.evidence`` on the tuning data (eval/dev.jsonl answerable and
unanswerable questions, eval/calibration_tune.jsonl), 5-fold cross-validated (stratified
by kind, 5 shuffles). In each fold the model's decline threshold is the lowest that keeps
the policy's other checks plus the model within 3% of the training fold's answerable
questions declined. Prints, per kind, the share declined by the policy as it is and by
the policy's other checks plus the model, on the held-out folds.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict

import numpy as np

FEATURES = (
    "unit1",
    "unit3",
    "sent",
    "unit1_framed",
    "sent_framed",
    "frame_share",
    "rarest",
    "focus",
    "gate_top",
    "sentence_top",
    "dense_top",
    "coverage",
    "fused_top",
    "fused_gap",
    "n_terms",
)
KINDS = ("answerable", "far", "near", "framed", "unanswerable")
MAX_FALSE = 0.03


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 2000) -> np.ndarray:
    """Logistic regression weights (last one the bias), classes weighted to balance."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    weight = np.where(y == 1, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (weight * (p - y)) / len(y) + l2 * np.r_[w[:-1], 0] / len(y)
        w -= 0.5 * grad
    return w


def folds(kinds: list[str], k: int, seed: int) -> list[np.ndarray]:
    """Indices of k folds, each kind spread evenly."""
    rng = np.random.default_rng(seed)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, kind in enumerate(kinds):
        by_kind[kind].append(i)
    out: list[list[int]] = [[] for _ in range(k)]
    for members in by_kind.values():
        for j, i in enumerate(rng.permutation(members)):
            out[j % k].append(int(i))
    return [np.asarray(f) for f in out]


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    kinds = [r["kind"] for r in rows]
    x = np.asarray([[float(r[f]) for f in FEATURES] for r in rows])
    y = np.asarray([0 if r["answerable"] else 1 for r in rows])
    others = np.asarray([bool(r["other_checks"]) for r in rows])
    policy = np.asarray([bool(r["abstained"]) for r in rows])
    declined = np.zeros(len(rows))
    shuffles = 5
    for seed in range(shuffles):
        parts = folds(kinds, 5, seed)
        for i, test in enumerate(parts):
            train = np.concatenate([p for j, p in enumerate(parts) if j != i])
            mu, sd = x[train].mean(0), x[train].std(0) + 1e-9
            w = fit((x[train] - mu) / sd, y[train])
            s_train = ((x[train] - mu) / sd) @ w[:-1] + w[-1]
            s_test = ((x[test] - mu) / sd) @ w[:-1] + w[-1]
            answerable = y[train] == 0
            threshold = np.inf
            for t in np.sort(s_train)[::-1]:
                if (others[train][answerable] | (s_train[answerable] >= t)).mean() > MAX_FALSE:
                    break
                threshold = t
            declined[test] += others[test] | (s_test >= threshold)
    declined /= shuffles
    print(f"{'kind':<14}{'n':>4}{'policy':>9}{'model':>9}")
    for kind in KINDS:
        mask = np.asarray([k == kind for k in kinds])
        if mask.any():
            print(f"{kind:<14}{mask.sum():>4}{policy[mask].mean():>9.3f}{declined[mask].mean():>9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
