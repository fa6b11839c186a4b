#!/usr/bin/env python3
"""Throughput of the rule-based extractor on ~1,000-word articles (articles per second, one core).

The evaluation articles are concatenated into ~1,000-word articles (a headline line, then the
bodies); each run extracts all of them once; the median of the runs is reported. The baseline
measured in the same run is segmentation alone (sentence splitting of the same texts), to show how
much of the time the later steps take.

    PYTHONPATH=. python bench/bench_extract.py [--runs 7] [--articles 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimgraph.graph.extract import extract_annotation  # noqa: E402
from claimgraph.graph.extract.gazetteer import load_gazetteer  # noqa: E402
from claimgraph.graph.extract.segment import sentences  # noqa: E402

ARTICLES = ROOT / "tests" / "extraction" / "articles"


def thousand_word_articles(n: int) -> list[str]:
    """``n`` articles of about 1,000 words built by rotating through the evaluation bodies."""
    bodies = [p.read_text(encoding="utf-8").split("\n", 1)[1] for p in sorted(ARTICLES.glob("*.txt"))]
    out = []
    for k in range(n):
        parts, words, i = [], 0, k
        while words < 1000:
            body = bodies[i % len(bodies)]
            parts.append(body)
            words += len(body.split())
            i += 1
        out.append(f"Bench article {k}: officials say talks continue\n" + "\n".join(parts))
    return out


def timed(fn, texts: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        times.append(time.perf_counter() - t0)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--articles", type=int, default=20)
    a = ap.parse_args(argv)
    texts = thousand_word_articles(a.articles)
    words = statistics.mean(len(t.split()) for t in texts)
    gaz = load_gazetteer()
    extract_annotation(texts[0], gazetteer=gaz)  # warm-up
    base = statistics.median(timed(sentences, texts, a.runs))
    full = statistics.median(timed(lambda t: extract_annotation(t, gazetteer=gaz), texts, a.runs))
    t0 = time.perf_counter()
    load_gazetteer()
    load = time.perf_counter() - t0
    print(f"{len(texts)} articles, mean {words:.0f} words, median of {a.runs} runs, one process")
    print(f"baseline (sentence splitting only): {len(texts) / base:8.1f} articles/s")
    print(f"full extraction (gazetteer loaded once): {len(texts) / full:8.1f} articles/s")
    print(f"gazetteer load (once per process): {load * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
