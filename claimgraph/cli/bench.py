"""``claimgraph bench``: tools for benchmarks, starting with the synthetic graph generator."""

from __future__ import annotations

import sys
import time

import click

from claimgraph.graph.synthetic import SyntheticGraph


def register(group: click.Group) -> None:
    group.add_command(bench)


@click.group()
def bench() -> None:
    """Benchmark tools (the benchmarks themselves: `make bench`)."""


@bench.command()
@click.option("--triples", type=click.IntRange(min=1000), default=100_000, show_default=True,
              help="About how many quads to write (whole articles, so slightly more).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Random seed: the same seed and size give byte-identical output.")
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-",
              help="N-Quads output file (default: stdout).")
@click.option("--restate/--no-restate", default=True, show_default=True,
              help="Each article restates the entities it mentions (types, names, a city's "
                   "region), as loaded annotations do; --no-restate leaves them to the "
                   "gazetteer graph alone (the graphs of benchmarks before 2026-11-28).")
def generate(triples: int, seed: int, out, restate: bool) -> None:
    """Write a deterministic synthetic news graph as N-Quads."""
    started = time.monotonic()
    last = [0.0]
    # the redrawn progress line only on a terminal: in a log it is a heap of carriage returns
    terminal = sys.stderr.isatty()

    def progress(written: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 1.0:
            last[0] = now
            rate = written / max(now - started, 1e-9)
            click.echo(f"\r{written:,} quads ({rate:,.0f}/s)", err=True, nl=False)

    written = SyntheticGraph(triples, seed, restate).write(out, progress if terminal else None)
    over_the_progress_line = "\r" if terminal else ""
    click.echo(f"{over_the_progress_line}wrote {written:,} quads in "
               f"{time.monotonic() - started:.1f} s", err=True)
