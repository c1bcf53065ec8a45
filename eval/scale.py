"""Scale benchmark: the report's units copied N times under other document ids, timed.

Usage: .venv/bin/python eval/scale.py [--sizes 10 100 1000] [--questions 40] [--json PATH]
       [--chroma-url http://127.0.0.1:8000]  (write and query the largest size on a server)
       [--keep DIR]  (build each size in DIR/x{N} and keep it; a later run reuses a complete one)
       [--passes 1]  (timed passes over the questions; p50/p95 over every timed ask)
       [--interleave]  (open every size first, then ask each question of every size in turn,
                        so that a shared machine's load weighs on each size alike)

How the corpus is made: every copy k of the report is the same units (same text, refs and
sections) under doc id ``{doc}~k``; its vectors are the real index's vectors (dense, gate,
sentences) plus Gaussian noise (sigma 0.01 per dimension, about 0.2 in norm, then
re-normalised), so that nothing is re-embedded and copies are near, not equal, neighbours.
Index build time therefore excludes the model; "snapshot" is what `assistant index` adds
after it (the arrays answers read, the keyword index); "start-up" opens the built index as a
new process does (the median of five opens after the first one). Prints numbers, asserts
nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant import Settings, create_assistant
from assistant.answer.service import Assistant, fingerprint
from assistant.evaluation.harness import default_gold_path, load_gold
from assistant.index.snapshot import LazyClient
from assistant.index.store import SLOTS, Record, Store, open_client
from assistant.ingest.report import Report

NOISE = 0.01


def _copies(report: Report, n: int) -> list[Report]:
    out = []
    for k in range(n):
        doc = report.doc_id if k == 0 else f"{report.doc_id}~{k}"
        units = tuple(dataclasses.replace(u, doc_id=doc) for u in report.units)
        out.append(
            dataclasses.replace(report, doc_id=doc, sha256=f"{report.sha256[:48]}{k:016d}", units=units)
        )
    return out


def _records(base: Assistant, n: int, rng: np.random.Generator) -> dict[str, list[Record]]:
    """The real index's records, repeated n times under the copies' ids, with noisy vectors."""
    doc = base.reports[0].doc_id
    records: dict[str, list[Record]] = {}
    for slot in SLOTS:
        if not base.store.has_slot(slot):
            continue
        got = base.store.collection(slot).get(include=["embeddings", "documents", "metadatas"])
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        items = []
        for k in range(n):
            noisy = vectors if k == 0 else vectors + rng.normal(0, NOISE, vectors.shape).astype(np.float32)
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            new_doc = doc if k == 0 else f"{doc}~{k}"
            for i, v, text, meta in zip(got["ids"], noisy, got["documents"], got["metadatas"], strict=True):
                meta = dict(meta)
                if "doc_id" in meta:
                    meta["doc_id"] = new_doc
                if "chunk" in meta:
                    meta["chunk"] = str(meta["chunk"]).replace(doc, new_doc, 1)
                items.append(Record(i.replace(doc, new_doc, 1), v, text, meta))
        records[slot] = items
    return records


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def run_size(
    base: Assistant,
    n: int,
    questions: list[str],
    tmp: Path,
    chroma_url: str | None,
    reuse: bool = False,
) -> tuple[dict[str, Any], Assistant]:
    """Build (or reuse) the size-``n`` index, export its snapshot, open it twice as a new process
    would, and ask every question once: the row without its timed asks, and the assistant."""
    rng = np.random.default_rng(n)
    settings = dataclasses.replace(base.settings, data_dir=tmp / f"x{n}", chroma_url=chroma_url)
    reports = _copies(base.reports[0], n)
    started = time.perf_counter()
    chunks = [
        dataclasses.replace(c, unit=dataclasses.replace(c.unit, doc_id=r.doc_id))
        for r in reports
        for c in base.chunks
    ]
    manifest = fingerprint(
        reports, [base.embedder.model_id] + ([base.gate.model_id] if base.gate else []), 512
    )
    digest = manifest.pop("fingerprint")
    prepare = time.perf_counter() - started
    folder = None if chroma_url else settings.data_dir
    store = Store(open_client(settings.data_dir, chroma_url), f"scale{n}", digest, manifest, folder)
    # the records (noise drawn with a fixed seed) are made only when the index is written
    report = store.ensure(lambda: _records(base, n, rng), rebuild=not reuse)
    build = report.seconds
    # what `assistant index` adds after a build: the snapshot answers read, the keyword index
    started = time.perf_counter()
    Assistant(settings, reports, chunks, store, base.embedder, base.gate).build_index()
    snapshot = time.perf_counter() - started
    # start-up as a new process sees it: Chroma opened only if needed, index read, keyword
    # side; the first open after a build also writes the topic check's vocabulary cache; then
    # the median of five more
    opens = []
    for _ in range(6):
        started = time.perf_counter()
        client = LazyClient(lambda: open_client(settings.data_dir, chroma_url))
        store = Store(client, f"scale{n}", digest, manifest, folder)
        assistant = Assistant(settings, reports, chunks, store, base.embedder, base.gate)
        created = time.perf_counter() - started
        assistant.retriever  # noqa: B018 - opening the index and the keyword side
        opens.append(time.perf_counter() - started)
    first_open, startup = opens[0], statistics.median(opens[1:])
    # warm: every question once first (a unit's word set is computed when a question first
    # reads it), then timed
    for q in questions:
        assistant.ask(q)
    row = {
        "copies": n,
        "units": len(chunks),
        "vectors": sum(report.counts.values()),
        "prepare_s": prepare,
        "build_s": build,
        "reused": not report.built,
        "snapshot_s": snapshot,
        "assistant_init_s": created,
        "chroma_opened": client._client is not None,
        "index_mb": None if chroma_url else _dir_mb(settings.data_dir),
        "first_open_s": first_open,
        "startup_s": startup,
        "chroma_server": bool(chroma_url),
    }
    return row, assistant


def time_ask(assistant: Assistant, question: str, times: list[float], cpu: list[float]) -> None:
    """Ask a question, adding its wall and CPU milliseconds to the lists."""
    t, c = time.perf_counter(), time.process_time()
    assistant.ask(question)
    times.append((time.perf_counter() - t) * 1000)
    cpu.append((time.process_time() - c) * 1000)


def ask_stats(times: list[float], cpu: list[float]) -> dict[str, Any]:
    """p50 and p95 of the timed asks, and what the machine was doing meanwhile."""

    def p95(values: list[float]) -> float:
        return sorted(values)[max(0, round(0.95 * len(values)) - 1)]

    return {
        "asks_timed": len(times),
        "ask_p50_ms": statistics.median(times),
        "ask_p95_ms": p95(times),
        # CPU time of the process (every thread): what a shared machine's load adds to wall time
        # (waiting for a core) is left out, memory contention is not
        "ask_cpu_p50_ms": statistics.median(cpu),
        "ask_cpu_p95_ms": p95(cpu),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average": [round(x, 2) for x in os.getloadavg()],  # the machine's, when done
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--chroma-url", default=None, help="run the largest size against this server")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="DIR",
        help="build in DIR/x{N} and keep it; an index complete there is reused, not rebuilt",
    )
    parser.add_argument("--passes", type=int, default=1, help="timed passes over the questions")
    parser.add_argument("--interleave", action="store_true", help="time the sizes' passes in turns")
    args = parser.parse_args()
    questions = [q.question for q in load_gold(default_gold_path())][: args.questions]
    base = create_assistant(Settings.from_env())
    base.build_index()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        opened: list[tuple[dict[str, Any], Assistant, list[float], list[float]]] = []

        def done(row: dict[str, Any], assistant: Assistant, times: list[float], cpu: list[float]) -> None:
            row.update(ask_stats(times, cpu))
            if row["chroma_server"]:  # the server's snapshot went to the cache folder: not ours to keep
                shutil.rmtree(assistant._snapshot_folder(), ignore_errors=True)
            rows.append(row)
            print(json.dumps(row), flush=True)

        for n in args.sizes:
            url = args.chroma_url if n == max(args.sizes) else None
            row, assistant = run_size(base, n, questions, root, url, reuse=args.keep is not None)
            if args.interleave:  # every size stays open until the timed passes
                opened.append((row, assistant, [], []))
                continue
            times: list[float] = []
            cpu: list[float] = []
            for _ in range(args.passes):
                for q in questions:
                    time_ask(assistant, q, times, cpu)
            done(row, assistant, times, cpu)
        for _ in range(args.passes):
            for q in questions:
                for _row, assistant, times, cpu in opened:
                    time_ask(assistant, q, times, cpu)
        for item in opened:
            done(*item)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
