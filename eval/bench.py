"""Benchmark: model load, index build and warm query times, and peak memory. Prints numbers.

Usage: .venv/bin/python eval/bench.py [--questions N]
Timings are for this machine; they are printed, never asserted (see README).
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import statistics
import tempfile
import time
from pathlib import Path

from assistant import Settings, create_assistant
from assistant.evaluation.harness import default_gold_path, load_gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=132, help="how many gold questions to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = dataclasses.replace(Settings.from_env(), data_dir=Path(tmp) / "index")
        started = time.perf_counter()
        assistant = create_assistant(settings)  # parses, converts the model once, loads models
        load = time.perf_counter() - started
        report = assistant.build_index()
        started = time.perf_counter()
        first = assistant.ask("Qu'est-ce que l'opération Turquesa ?")
        first_query = time.perf_counter() - started
        questions = [q.question for q in load_gold(default_gold_path())][: args.questions]
        times = []
        for question in questions:
            started = time.perf_counter()
            assistant.ask(question)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"model load (parse, chunk, load e5 + USE): {load:.1f} s")
        print(f"index build ({sum(report.counts.values())} vectors): {report.seconds:.1f} s")
        print(f"first query after build: {first_query * 1000:.0f} ms (cited {first.cited})")
        print(
            f"warm ask over {len(times)} questions: median {statistics.median(times):.1f} ms, "
            f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms"
        )
        print(f"peak memory (RSS): {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
