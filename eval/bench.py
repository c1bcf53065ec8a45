"""Benchmark: cold start, index build and warm query times split by stage, and peak memory.

Usage: .venv/bin/python eval/bench.py [--questions N] [--runs N] [--json PATH]
Timings are for this machine and its load at the time; they are printed, never asserted.
Cold start runs `assistant ask` in new processes against the index in ASSISTANT_DATA_DIR
(or index/data), building it first if needed; the rest runs in this process on a temp index.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

QUESTION = "Qu'est-ce que l'opération Turquesa ?"
# A child process that times the stages of one cold `ask` and prints them as JSON.
_COLD_CHILD = """
import json, sys, time
t0 = time.perf_counter()
from assistant.config import Settings, prepare_runtime
prepare_runtime()
from assistant.answer.service import create_assistant
t1 = time.perf_counter()
a = create_assistant(Settings.from_env())
t2 = time.perf_counter()
a.retriever
t3 = time.perf_counter()
a.ask(sys.argv[1])
t4 = time.perf_counter()
heavy = sorted({m.split('.')[0] for m in sys.modules}
               & {'torch', 'transformers', 'sentence_transformers', 'gradio', 'chromadb', 'tokenizers'})
print(json.dumps({"imports": t1 - t0, "model_load": t2 - t1, "index_open": t3 - t2, "first_query": t4 - t3,
                  "heavy_imports": heavy}))
"""


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[max(0, round(0.95 * len(ordered)) - 1)],
        "n": len(ordered),
    }


def _wall(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def cold_start(runs: int) -> dict[str, Any]:
    """Wall time of `assistant --help` and `assistant ask` in new processes, and ask's stages."""
    cli = [sys.executable, "-m", "assistant.shells.cli"]
    subprocess.run([*cli, "index"], check=True, capture_output=True)
    stages: dict[str, list[float]] = {}
    heavy: list[str] = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _COLD_CHILD, QUESTION], check=True, capture_output=True)
        found = json.loads(out.stdout.decode().strip().splitlines()[-1])
        heavy = found.pop("heavy_imports")
        for name, seconds in found.items():
            stages.setdefault(name, []).append(seconds)
    return {
        "help_s": _stats(_wall([*cli, "--help"], runs)),
        "ask_s": _stats(_wall([*cli, "ask", QUESTION], runs)),
        "stages_s": {name: _stats(values) for name, values in stages.items()},
        "heavy_imports_in_ask": heavy,
    }


def warm(assistant: Any, questions: list[str]) -> dict[str, Any]:
    """Warm `ask` times, then each stage of the ranking timed on its own, in milliseconds."""
    from assistant.evaluation.baseline import NaiveBaseline
    from assistant.index.glossary import with_french_terms

    r = assistant.retriever
    for q in questions[:5]:  # warm-up
        assistant.ask(q)
    stage: dict[str, list[float]] = {
        k: []
        for k in ("ask", "query_embedding", "dense_search", "keyword_search", "fusion", "answer_selection")
    }
    for q in questions:
        t0 = time.perf_counter()
        assistant.ask(q)
        t1 = time.perf_counter()
        qvec = r.embedder.embed([q], "query")[0]
        gvec = r.gate.embed([q], "query")[0] if r.gate is not None else None
        t2 = time.perf_counter()
        r._similarities("dense", qvec)  # as `signals` does: the snapshot's arrays, else Chroma
        if r._in_snapshot("sentences"):
            r._snapshot_sentences(qvec)
        else:
            r.store.query("sentences", qvec, 10_000)
        if gvec is not None:
            r._similarities("gate", gvec)
        t3 = time.perf_counter()
        r.keywords.search(with_french_terms(q))
        t4 = time.perf_counter()
        arrays, _, coverage, _ = r.signals(q)
        t5 = time.perf_counter()
        r.fuse(arrays, coverage)
        t6 = time.perf_counter()
        r.rank(q)
        t7 = time.perf_counter()
        stage["ask"].append(t1 - t0)
        stage["query_embedding"].append(t2 - t1)
        stage["dense_search"].append(t3 - t2)
        stage["keyword_search"].append(t4 - t3)
        stage["fusion"].append(t6 - t5)
        # what ask adds to rank: the answer sentence and the decision to decline
        stage["answer_selection"].append(max(0.0, (t1 - t0) - (t7 - t6)))
    baseline = NaiveBaseline.from_assistant(assistant)
    base = []
    for q in questions[:5]:
        baseline.answer(q)
    for q in questions:
        started = time.perf_counter()
        baseline.answer(q)
        base.append(time.perf_counter() - started)
    result = {name: _stats([v * 1000 for v in values]) for name, values in stage.items()}
    result["naive_baseline_ask"] = _stats([v * 1000 for v in base])
    result["ratio_to_baseline"] = result["ask"]["median"] / result["naive_baseline_ask"]["median"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=132, help="how many gold questions to time")
    parser.add_argument("--runs", type=int, default=5, help="cold-start runs (median reported)")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the numbers here")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start runs")
    args = parser.parse_args()

    from assistant import Settings, create_assistant
    from assistant.answer.service import load_reports
    from assistant.evaluation.harness import default_gold_path, load_gold

    results: dict[str, Any] = {"load_average": os.getloadavg()[0], "cpus": os.cpu_count()}
    if not args.no_cold:
        results["cold_start"] = cold_start(args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        settings = dataclasses.replace(Settings.from_env(), data_dir=Path(tmp) / "index")
        started = time.perf_counter()
        reports = load_reports(settings)
        parse = time.perf_counter() - started
        assistant = create_assistant(settings)
        records = assistant._records  # the embedding half of build_index, timed apart
        started = time.perf_counter()
        built = records()
        embed = time.perf_counter() - started
        report = assistant.store.ensure(lambda: built, rebuild=True)
        units = sum(len(r.units) for r in reports)
        results["index_build"] = {
            "units": units,
            "vectors": sum(report.counts.values()),
            "parse_s": parse,
            "embed_s": embed,
            "write_s": report.seconds,
            "units_per_s": units / (parse + embed + report.seconds),
        }
        questions = [q.question for q in load_gold(default_gold_path())][: args.questions]
        results["warm_ms"] = warm(assistant, questions)
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _print(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def _print(results: dict[str, Any]) -> None:
    print(f"load average {results['load_average']:.1f} on {results['cpus']} cores")
    cold = results.get("cold_start")
    if cold:
        print(f"cold `assistant --help`: median {cold['help_s']['median']:.2f} s")
        print(
            f"cold `assistant ask`: median {cold['ask_s']['median']:.2f} s, p95 {cold['ask_s']['p95']:.2f} s"
        )
        for name, s in cold["stages_s"].items():
            print(f"  {name}: median {s['median']:.2f} s, p95 {s['p95']:.2f} s")
        print(f"  heavy libraries imported by ask: {cold['heavy_imports_in_ask'] or 'none'}")
    b = results["index_build"]
    print(
        f"index build ({b['units']} units, {b['vectors']} vectors): parse {b['parse_s']:.1f} s, "
        f"embed {b['embed_s']:.1f} s, write {b['write_s']:.1f} s ({b['units_per_s']:.1f} units/s)"
    )
    w = results["warm_ms"]
    for name in ("ask", "query_embedding", "dense_search", "keyword_search", "fusion", "answer_selection"):
        print(f"warm {name}: median {w[name]['median']:.1f} ms, p95 {w[name]['p95']:.1f} ms")
    print(
        f"naive baseline warm ask: median {w['naive_baseline_ask']['median']:.1f} ms "
        f"(ours is {w['ratio_to_baseline']:.1f}x)"
    )
    print(f"peak memory (RSS): {results['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
