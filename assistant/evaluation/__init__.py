"""Evaluation: the gold-set harness, its metrics and gate, and the naive baseline."""
