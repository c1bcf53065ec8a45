"""Chat page benchmark: Enter-to-answer in a real browser, and throughput under concurrent clients.

Usage: .venv/bin/python eval/ui_bench.py [--concurrency 1 2 4] [--clients 20] [--questions 200]
       [--browser-questions 10] [--json PATH]
Starts the real page (real model, real index) on a free loopback port once per concurrency
limit, sends gold questions through gradio_client from many threads, and prints numbers; it
asserts nothing (README, "Chat page").
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from assistant import Settings, create_assistant
from assistant.config import prepare_runtime
from assistant.evaluation.harness import default_gold_path, load_gold


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def load(url: str, questions: list[str], clients: int) -> dict[str, Any]:
    from gradio_client import Client

    local = threading.local()

    def one(question: str) -> tuple[float, list[str]]:
        if not hasattr(local, "client"):
            local.client = Client(url, verbose=False)
        started = time.perf_counter()
        result = local.client.predict(question, 5, api_name="/ask")
        return time.perf_counter() - started, [p["ref"] for p in result["passages"]]

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, questions))
    wall = time.perf_counter() - started
    latencies = [t for t, _ in results]
    return {
        "answered": len(results),
        "wall_s": round(wall, 2),
        "per_s": round(len(results) / wall, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * pct(latencies, 0.95), 1),
        "refs": [r for _, r in results],
    }


def browser_latency(url: str, questions: list[str]) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless", "--disable-gpu"]
        )
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("#question textarea", timeout=30_000)
        for i, question in enumerate(questions):
            page.fill("#question textarea", question)
            started = time.perf_counter()
            page.press("#question textarea", "Enter")
            page.locator(".turn").nth(i).wait_for(timeout=30_000)
            times.append(time.perf_counter() - started)
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--browser-questions", type=int, default=10)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    prepare_runtime()
    from assistant.ui import build_app, launch

    assistant = create_assistant(Settings.from_env())
    assistant.build_index()
    gold = [g.question for g in load_gold(default_gold_path()) if g.expected]
    questions = [gold[i % len(gold)] for i in range(args.questions)]
    expected = {q: [p.ref for p in assistant.ask(q).passages] for q in set(questions)}
    out: dict[str, Any] = {"runs": []}
    for limit in args.concurrency:
        app = build_app(assistant)
        url = launch(app, port=free_port(), block=False, quiet=True, concurrency=limit)
        before = rss_mb()
        run = load(url, questions, args.clients)
        wrong = sum(refs != expected[q] for q, refs in zip(questions, run.pop("refs"), strict=True))
        run.update(
            concurrency=limit, wrong_refs=wrong, rss_before_mb=round(before), rss_after_mb=round(rss_mb())
        )
        print(json.dumps(run))
        out["runs"].append(run)
        if limit == args.concurrency[-1] and args.browser_questions:
            times = browser_latency(url, gold[: args.browser_questions])
            out["browser"] = {
                "questions": len(times),
                "median_s": round(statistics.median(times), 3),
                "max_s": round(max(times), 3),
            }
            print(json.dumps(out["browser"]))
        app.close()
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
